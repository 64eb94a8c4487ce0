/*
 * pdfbomb — hostile PDFs for the tests and the benchmark, written by hand
 * so that no test depends on a file found elsewhere.
 *
 *	pdfbomb --bomb MIB OUT.pdf     one page whose content stream is
 *	                               FlateDecode-compressed and inflates to
 *	                               MIB MiB of text-showing operators
 *	pdfbomb --pages N OUT.pdf      N small pages of six lines each:
 *	                               "Page K of N", then words that differ
 *	                               from page to page; the fourth line
 *	                               starts with "markKKKKK" (K the page)
 *	pdfbomb --dense N CHARS OUT.pdf
 *	                               N pages of CHARS characters each (lines
 *	                               of 8-point Helvetica, compressed)
 *
 * The bomb's text is one line of text shown over and over at the same
 * place on the page, which poppler's text layer keeps (an overlapping
 * character becomes a word of its own), so it costs poppler memory and
 * time in proportion to the inflated size.  The stream is compressed with
 * a small deflate encoder of our own (fixed Huffman codes, one literal copy
 * of the line and then matches of 258 bytes at its distance): zlib is not
 * on the tools' link line, and this needs only a few lines.  About 120 to
 * 1 at the line length used, so 1 GiB makes a PDF of 9 MB.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deflate, fixed Huffman codes only (RFC 1950, 1951) ------------------- */

struct bits {
	FILE *out;
	uint32_t acc;
	int n;
	uint64_t bytes;
};

static void bits_put(struct bits *b, uint32_t value, int count)
{
	b->acc |= value << b->n;
	b->n += count;
	while (b->n >= 8) {
		fputc((int)(b->acc & 0xFF), b->out);
		b->acc >>= 8;
		b->n -= 8;
		b->bytes++;
	}
}

/* Huffman codes go most significant bit first. */
static void bits_code(struct bits *b, uint32_t code, int len)
{
	uint32_t rev = 0;

	for (int i = 0; i < len; i++)
		rev |= ((code >> i) & 1u) << (len - 1 - i);
	bits_put(b, rev, len);
}

static void bits_flush(struct bits *b)
{
	if (b->n)
		bits_put(b, 0, 8 - b->n);
}

/* A literal/length symbol with the fixed code of RFC 1951 3.2.6. */
static void put_symbol(struct bits *b, unsigned sym)
{
	if (sym < 144)
		bits_code(b, 0x30 + sym, 8);
	else if (sym < 256)
		bits_code(b, 0x190 + sym - 144, 9);
	else if (sym < 280)
		bits_code(b, sym - 256, 7);
	else
		bits_code(b, 0xC0 + sym - 280, 8);
}

/* The first distance of distance code c. */
static unsigned dist_base(unsigned c)
{
	unsigned e = c < 4 ? 0 : (c - 2) / 2;

	return c < 4 ? c + 1 : ((2u + (c & 1)) << e) + 1;
}

/* A match of `len` (3..258) bytes `dist` (1..32768) back. */
static void put_match(struct bits *b, unsigned len, unsigned dist)
{
	unsigned code = 0, extra = 0, base = 3;

	if (len == 258) {
		code = 285;
	} else {
		for (unsigned i = 0; i < 28; i++) {
			unsigned e = i < 8 ? 0 : (i - 4) / 4;
			unsigned bs = i < 8 ? 3 + i : ((4 + (i & 3)) << e) + 3;

			if (bs > len)
				break;
			code = 257 + i;
			extra = e;
			base = bs;
		}
	}
	put_symbol(b, code);
	if (extra)
		bits_put(b, len - base, (int)extra);
	for (unsigned c = 29;; c--) {
		if (dist >= dist_base(c)) {
			unsigned e = c < 4 ? 0 : (c - 2) / 2;

			bits_code(b, c, 5);
			if (e)
				bits_put(b, dist - dist_base(c), (int)e);
			return;
		}
	}
}

struct adler {
	uint32_t a, b;
};

static void adler_add(struct adler *s, const char *p, size_t n)
{
	/* 5552 bytes at most between reductions keep the sums in 32 bits */
	while (n) {
		size_t k = n < 5552 ? n : 5552;

		n -= k;
		while (k--) {
			s->a += (unsigned char)*p++;
			s->b += s->a;
		}
		s->a %= 65521;
		s->b %= 65521;
	}
}

/*
 * Writes a zlib stream of `head`, then `unit` repeated until `total` bytes
 * of it, then `tail`.  Returns the compressed size.
 */
static uint64_t deflate_periodic(FILE *out, const char *head, const char *unit,
				 uint64_t total, const char *tail)
{
	struct bits b = { out, 0, 0, 0 };
	struct adler ad = { 1, 0 };
	size_t ulen = strlen(unit);
	uint64_t left;

	fputc(0x78, out); /* deflate, 32 KiB window */
	fputc(0x01, out); /* no dictionary, fastest; header checksum */
	b.bytes = 2;
	bits_put(&b, 1, 1); /* the last block */
	bits_put(&b, 1, 2); /* fixed Huffman codes */
	for (const char *p = head; *p; p++)
		put_symbol(&b, (unsigned char)*p);
	adler_add(&ad, head, strlen(head));
	for (size_t i = 0; i < ulen && i < total; i++)
		put_symbol(&b, (unsigned char)unit[i]);
	left = total > ulen ? total - ulen : 0;
	while (left >= 3) {
		unsigned len = left >= 258 + 3 || left == 258 ? 258 : left > 258 ? 128 : (unsigned)left;

		put_match(&b, len, (unsigned)ulen);
		left -= len;
	}
	for (uint64_t i = total - left; i < total; i++)
		put_symbol(&b, (unsigned char)unit[i % ulen]);
	for (uint64_t done = 0; done < total;) {
		size_t n = total - done < ulen ? (size_t)(total - done) : ulen;

		adler_add(&ad, unit, n);
		done += n;
	}
	for (const char *p = tail; *p; p++)
		put_symbol(&b, (unsigned char)*p);
	adler_add(&ad, tail, strlen(tail));
	put_symbol(&b, 256);
	bits_flush(&b);
	for (int shift = 24; shift >= 0; shift -= 8)
		fputc((int)(((ad.b << 16 | ad.a) >> shift) & 0xFF), out);
	return b.bytes + 4;
}

/* ---- PDF objects ------------------------------------------------------------- */

struct pdf {
	FILE *out;
	long *offsets; /* of object k at [k] */
	int n_objects;
};

static int pdf_begin(struct pdf *p, const char *path, int n_objects)
{
	p->out = fopen(path, "wb");
	p->offsets = calloc((size_t)n_objects + 1, sizeof *p->offsets);
	p->n_objects = n_objects;
	if (!p->out || !p->offsets) {
		fprintf(stderr, "pdfbomb: cannot write %s\n", path);
		return -1;
	}
	fputs("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", p->out);
	return 0;
}

static void pdf_object(struct pdf *p, int k)
{
	p->offsets[k] = ftell(p->out);
	fprintf(p->out, "%d 0 obj\n", k);
}

static int pdf_end(struct pdf *p)
{
	long xref = ftell(p->out);
	int rc;

	fprintf(p->out, "xref\n0 %d\n0000000000 65535 f \n", p->n_objects + 1);
	for (int k = 1; k <= p->n_objects; k++)
		fprintf(p->out, "%010ld 00000 n \n", p->offsets[k]);
	fprintf(p->out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n",
		p->n_objects + 1, xref);
	rc = ferror(p->out) | fclose(p->out);
	free(p->offsets);
	return rc ? -1 : 0;
}

/* Objects 1-3: the catalog, the page tree of pages 4, 6, 8, ... and a font. */
static void pdf_head(struct pdf *p, int n_pages)
{
	pdf_object(p, 1);
	fputs("<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", p->out);
	pdf_object(p, 2);
	fputs("<< /Type /Pages /Kids [", p->out);
	for (int i = 0; i < n_pages; i++)
		fprintf(p->out, "%s%d 0 R", i ? " " : "", 4 + 2 * i);
	fprintf(p->out, "] /Count %d >>\nendobj\n", n_pages);
	pdf_object(p, 3);
	fputs("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
	      " /Encoding /WinAnsiEncoding >>\nendobj\n", p->out);
}

static void pdf_page(struct pdf *p, int index)
{
	pdf_object(p, 4 + 2 * index);
	fprintf(p->out, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
		" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>\nendobj\n",
		5 + 2 * index);
}

/* A content stream written as it is. */
static void pdf_plain_stream(struct pdf *p, int k, const char *content)
{
	pdf_object(p, k);
	fprintf(p->out, "<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
		strlen(content), content);
}

/* A content stream compressed: `head`, `unit` up to `total` bytes, `tail`. */
static void pdf_deflated_stream(struct pdf *p, int k, const char *head, const char *unit,
				uint64_t total, const char *tail)
{
	long length_at, end;
	uint64_t n;

	pdf_object(p, k);
	fputs("<< /Filter /FlateDecode /Length ", p->out);
	length_at = ftell(p->out);
	fputs("0000000000 >>\nstream\n", p->out);
	n = deflate_periodic(p->out, head, unit, total, tail);
	end = ftell(p->out);
	fseek(p->out, length_at, SEEK_SET);
	fprintf(p->out, "%010llu", (unsigned long long)n);
	fseek(p->out, end, SEEK_SET);
	fputs("\nendstream\nendobj\n", p->out);
}

/* ---- the PDFs ------------------------------------------------------------------- */

static int write_bomb(uint64_t mib, const char *path)
{
	static const char unit[] = "1 0 0 1 72 720 Tm (Hostile text shown again.) Tj\n";
	struct pdf p;

	if (pdf_begin(&p, path, 5))
		return -1;
	pdf_head(&p, 1);
	pdf_page(&p, 0);
	/* whole operators only: the inflated size rounded down to lines */
	pdf_deflated_stream(&p, 5, "BT /F1 10 Tf\n", unit,
			    (mib << 20) / (sizeof unit - 1) * (sizeof unit - 1), "ET\n");
	return pdf_end(&p);
}

/* Five lines of words picked by page and line, so no line repeats. */
static void page_lines(char *out, size_t size, int index, int n)
{
	static const char *const words[] = {
		"talks", "defence", "minister", "channel", "summit", "hotline", "trade",
		"report", "visit", "statement", "delegation", "agreement", "meeting",
		"policy", "dialogue", "region", "security", "economy", "council", "envoy",
	};
	uint32_t seed = 2166136261u ^ (uint32_t)index;
	size_t len = (size_t)snprintf(out, size, "BT /F1 12 Tf 72 760 Td 16 TL (Page %d of %d) Tj",
				      index + 1, n);

	for (int line = 0; line < 5 && len < size; line++) {
		len += (size_t)snprintf(out + len, size - len, " T* (");
		/* a word naming the page, on a line no header or footer test
		 * looks at: which pages were read can be told from the text */
		if (line == 2 && len < size)
			len += (size_t)snprintf(out + len, size - len, "mark%05d ", index + 1);
		for (int w = 0; w < 8 && len < size; w++) {
			seed = seed * 1664525u + 1013904223u;
			len += (size_t)snprintf(out + len, size - len, "%s%s", w ? " " : "",
						words[(seed >> 16) % (sizeof words / sizeof *words)]);
		}
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, ".) Tj");
	}
	if (len < size)
		snprintf(out + len, size - len, " ET");
}

static int write_pages(int n, const char *path)
{
	struct pdf p;
	char content[1024];

	if (pdf_begin(&p, path, 3 + 2 * n))
		return -1;
	pdf_head(&p, n);
	for (int i = 0; i < n; i++) {
		pdf_page(&p, i);
		page_lines(content, sizeof content, i, n);
		pdf_plain_stream(&p, 5 + 2 * i, content);
	}
	return pdf_end(&p);
}

/* Pages of 8-point lines of 100 characters, 80 lines a page at most. */
static int write_dense(int n, long chars, const char *path)
{
	static const char line[] = "Dense text for the character cap, line after line, "
				   "page after page, until the cap is reached. 0123";
	struct pdf p;

	if (pdf_begin(&p, path, 3 + 2 * n))
		return -1;
	pdf_head(&p, n);
	for (int i = 0; i < n; i++) {
		char unit[16384] = "";
		size_t len = 0;
		long lines = chars / 100 < 80 ? chars / 100 : 80;

		pdf_page(&p, i);
		/* one page's lines are the unit, repeated while chars last */
		for (long k = 0; k < lines; k++)
			len += (size_t)snprintf(unit + len, sizeof unit - len,
						"1 0 0 1 30 %ld Tm (%s) Tj\n", 800 - k * 9, line);
		pdf_deflated_stream(&p, 5 + 2 * i, "BT /F1 8 Tf\n", unit,
				    (uint64_t)len * (uint64_t)((chars + lines * 100 - 1) / (lines * 100)),
				    "ET\n");
	}
	return pdf_end(&p);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--bomb"))
		return write_bomb(strtoull(argv[2], NULL, 10), argv[3]) ? 1 : 0;
	if (argc == 4 && !strcmp(argv[1], "--pages"))
		return write_pages(atoi(argv[2]), argv[3]) ? 1 : 0;
	if (argc == 5 && !strcmp(argv[1], "--dense"))
		return write_dense(atoi(argv[2]), atol(argv[3]), argv[4]) ? 1 : 0;
	fprintf(stderr, "usage: pdfbomb --bomb MIB OUT.pdf\n"
			"       pdfbomb --pages N OUT.pdf\n"
			"       pdfbomb --dense N CHARS OUT.pdf\n");
	return 2;
}
