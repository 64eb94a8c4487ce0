/*
 * mkpdf — makes test PDFs from a small text spec, with cairo's PDF surface
 * and a CJK font (WenQuanYi Micro Hei), so that tests never depend on a
 * PDF found elsewhere.
 *
 *	mkpdf [options] SPEC OUT.pdf
 *	mkpdf --encrypted OUT.pdf      a hand-written PDF that needs a password
 *	mkpdf --minimal OUT.pdf        a hand-written one-page PDF, Helvetica text
 *
 * The spec: `key: value` lines up to the first blank line, then the body.
 *
 *	title: 美中防長對話重啟之後       printed on page 1, and the metadata title
 *	author: 林文彥                   printed under the title, metadata author
 *	affiliation: 觀瀾政策研究院研究員 printed under the author
 *	series: 觀瀾評論                 printed above the title
 *	header: 觀瀾評論 第 12 期         running header on every page
 *	footer: 第 {page} 頁，共 {pages} 頁 running footer; {page} {pages} replaced
 *	date: 2024-06-07T09:00:00+08:00  metadata creation date
 *
 *	One paragraph per line; "# " starts a heading; blank lines are ignored.
 *
 * Lines are wrapped by measured width: between CJK characters, at spaces
 * between Latin words, never before closing or after opening punctuation.
 * A space next to a CJK character ("2024 年") is never a break, so that a
 * reader joining the lines back can know where spaces were.
 *
 * Options:
 *	--no-metadata       no title or author in the document information
 *	--meta-title TEXT   this metadata title instead of the spec's
 *	--meta-author TEXT  this metadata author instead of the spec's
 *	--columns 2         body in two columns
 *	--indent            paragraphs marked by a first-line indent, not space
 *	--image-only        pages of grey rectangles only: no text layer
 *	--font-size PT      body size (default 11)
 *	--stats             print "pages N" and "split K" (paragraphs that go
 *	                    on over a page or column break) on stdout
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 72.0
#define BODY_TOP 96.0
#define BODY_BOTTOM 770.0
#define HEADER_Y 52.0
#define FOOTER_Y 806.0
#define FONT "WenQuanYi Micro Hei"
#define GUTTER 36.0

struct spec {
	char *title, *author, *affiliation, *series, *header, *footer, *date;
	GPtrArray *paras; /* "# heading" or text */
};

struct opts {
	int metadata, columns, indent, image_only, stats;
	double size;
	const char *meta_title, *meta_author;
};

/* ---- the spec ------------------------------------------------------------ */

static char *trimmed(const char *s)
{
	return g_strstrip(g_strdup(s));
}

static int read_spec(const char *path, struct spec *sp)
{
	char *text = NULL, **lines;
	int head = 1;

	memset(sp, 0, sizeof *sp);
	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		fprintf(stderr, "mkpdf: cannot read %s\n", path);
		return -1;
	}
	sp->paras = g_ptr_array_new_with_free_func(g_free);
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		char *line = trimmed(*l), *colon;

		if (!*line) {
			head = 0;
			g_free(line);
			continue;
		}
		colon = strchr(line, ':');
		if (head && colon) {
			char **field = NULL;

			*colon = '\0';
			if (!strcmp(line, "title")) field = &sp->title;
			else if (!strcmp(line, "author")) field = &sp->author;
			else if (!strcmp(line, "affiliation")) field = &sp->affiliation;
			else if (!strcmp(line, "series")) field = &sp->series;
			else if (!strcmp(line, "header")) field = &sp->header;
			else if (!strcmp(line, "footer")) field = &sp->footer;
			else if (!strcmp(line, "date")) field = &sp->date;
			if (field) {
				g_free(*field);
				*field = trimmed(colon + 1);
				g_free(line);
				continue;
			}
			*colon = ':';
		}
		head = 0;
		g_ptr_array_add(sp->paras, line);
	}
	g_strfreev(lines);
	g_free(text);
	return 0;
}

static void spec_release(struct spec *sp)
{
	g_free(sp->title);
	g_free(sp->author);
	g_free(sp->affiliation);
	g_free(sp->series);
	g_free(sp->header);
	g_free(sp->footer);
	g_free(sp->date);
	if (sp->paras)
		g_ptr_array_unref(sp->paras);
}

/* ---- wrapping ------------------------------------------------------------- */

static int closing_punct(gunichar c)
{
	return (c && c < 0x80 && strchr(",.;:!?)]%", (int)c)) ||
	       (c >= 0x80 && g_utf8_strchr("，。、；：！？」』）》〉】〕", -1, c));
}

static int opening_punct(gunichar c)
{
	return (c && c < 0x80 && strchr("([", (int)c)) ||
	       (c >= 0x80 && g_utf8_strchr("「『（《〈【〔", -1, c));
}

/* An unbreakable piece of a line and whether a space was before it. */
struct atom {
	const char *s;
	size_t len;
	int space_before;
};

static gunichar atom_last(GArray *a)
{
	const struct atom *t = &g_array_index(a, struct atom, a->len - 1);

	return g_utf8_get_char(g_utf8_prev_char(t->s + t->len));
}

/*
 * Splits a paragraph into atoms: each CJK character, each Latin word, with
 * punctuation kept on the side it belongs to.  A space next to a CJK
 * character is glued into the atom rather than made a break.
 */
static GArray *atoms_of(const char *text)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct atom));
	const char *p = text;
	int space = 0, glue = 0;

	while (*p) {
		gunichar c = g_utf8_get_char(p);
		const char *next = g_utf8_next_char(p);
		struct atom at = { p, (size_t)(next - p), space };

		if (c == ' ') {
			if (a->len && (g_unichar_iswide(atom_last(a)) ||
				       g_unichar_iswide(g_utf8_get_char(next)))) {
				g_array_index(a, struct atom, a->len - 1).len += 1;
				glue = 1;
			} else {
				space = 1;
			}
			p = next;
			continue;
		}
		if (a->len && !space &&
		    (glue || closing_punct(c) || opening_punct(atom_last(a)) ||
		     (!g_unichar_iswide(c) && !g_unichar_iswide(atom_last(a)))))
			g_array_index(a, struct atom, a->len - 1).len += at.len;
		else
			g_array_append_val(a, at);
		space = glue = 0;
		p = next;
	}
	return a;
}

static double text_width(cairo_t *cr, const char *s, size_t len)
{
	char *copy = g_strndup(s, len);
	cairo_text_extents_t ext;

	cairo_text_extents(cr, copy, &ext);
	g_free(copy);
	return ext.x_advance;
}

/* Wraps `text` into lines no wider than `width`; the first is `indent` narrower. */
static GPtrArray *wrap(cairo_t *cr, const char *text, double width, double indent)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	GArray *a = atoms_of(text);
	GString *line = g_string_new(NULL);
	double space_w = text_width(cr, " ", 1), w = 0, limit = width - indent;

	for (guint i = 0; i < a->len; i++) {
		struct atom *at = &g_array_index(a, struct atom, i);
		double aw = text_width(cr, at->s, at->len);
		double sw = line->len && at->space_before ? space_w : 0;

		if (line->len && w + sw + aw > limit) {
			g_ptr_array_add(lines, g_string_free(line, FALSE));
			line = g_string_new(NULL);
			w = sw = 0;
			limit = width;
		}
		if (sw)
			g_string_append_c(line, ' ');
		g_string_append_len(line, at->s, (gssize)at->len);
		w += sw + aw;
	}
	if (line->len)
		g_ptr_array_add(lines, g_string_free(line, FALSE));
	else
		g_string_free(line, TRUE);
	g_array_free(a, TRUE);
	return lines;
}

/* ---- pages ------------------------------------------------------------------ */

struct layout {
	cairo_t *cr;
	const struct spec *sp;
	const struct opts *o;
	int page, pages, column;
	double y, col_w, column_top;
	int counting; /* first pass: count pages, draw nothing */
	int split;    /* paragraphs that crossed a page or column break */
};

static char *expand(const char *tmpl, int page, int pages)
{
	GString *s = g_string_new(NULL);
	char num[16];

	for (const char *p = tmpl; *p; p++) {
		if (!strncmp(p, "{page}", 6)) {
			snprintf(num, sizeof num, "%d", page);
			g_string_append(s, num);
			p += 5;
		} else if (!strncmp(p, "{pages}", 7)) {
			snprintf(num, sizeof num, "%d", pages);
			g_string_append(s, num);
			p += 6;
		} else {
			g_string_append_c(s, *p);
		}
	}
	return g_string_free(s, FALSE);
}

/* The two faces, made once: regular and bold. */
static cairo_font_face_t *faces[2];

static void set_font(cairo_t *cr, double size, int bold)
{
	if (!faces[bold])
		faces[bold] = cairo_toy_font_face_create(FONT, CAIRO_FONT_SLANT_NORMAL,
			bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_face(cr, faces[bold]);
	cairo_set_font_size(cr, size);
}

static void show_at(struct layout *L, double x, double y, const char *s)
{
	if (L->counting)
		return;
	cairo_move_to(L->cr, x, y);
	cairo_show_text(L->cr, s);
}

static void show_centered(struct layout *L, double y, const char *s)
{
	show_at(L, (PAGE_W - text_width(L->cr, s, strlen(s))) / 2, y, s);
}

static void furniture(struct layout *L)
{
	const struct spec *sp = L->sp;

	if (L->counting)
		return;
	cairo_save(L->cr);
	set_font(L->cr, 9, 0);
	cairo_set_source_rgb(L->cr, 0.35, 0.35, 0.35);
	if (sp->header) {
		char *h = expand(sp->header, L->page, L->pages);

		show_at(L, MARGIN_X, HEADER_Y, h);
		g_free(h);
		cairo_move_to(L->cr, MARGIN_X, HEADER_Y + 6);
		cairo_line_to(L->cr, PAGE_W - MARGIN_X, HEADER_Y + 6);
		cairo_set_line_width(L->cr, 0.5);
		cairo_stroke(L->cr);
	}
	if (sp->footer) {
		char *f = expand(sp->footer, L->page, L->pages);

		show_centered(L, FOOTER_Y, f);
		g_free(f);
	}
	cairo_restore(L->cr);
}

static void new_page(struct layout *L)
{
	if (L->page) {
		if (!L->counting)
			cairo_show_page(L->cr);
	}
	L->page++;
	L->column = 0;
	L->y = BODY_TOP;
	furniture(L);
}

/* Makes room for a line of height `pitch`: next column or next page. */
static void need(struct layout *L, double pitch)
{
	if (L->y + pitch <= BODY_BOTTOM)
		return;
	if (L->o->columns == 2 && L->column == 0) {
		L->column = 1;
		L->y = L->column_top;
		return;
	}
	new_page(L);
	L->column_top = BODY_TOP;
}

static double column_x(const struct layout *L)
{
	return MARGIN_X + L->column * (L->col_w + GUTTER);
}

/* Sets a paragraph (or heading) in the current column. */
static void set_para(struct layout *L, const char *text, double size, int bold,
		     double indent, double after)
{
	double pitch = size * 1.7;
	GPtrArray *lines;

	set_font(L->cr, size, bold);
	lines = wrap(L->cr, text, L->col_w, indent);
	if (bold)
		need(L, pitch * 3); /* a heading keeps with its next lines */
	for (guint i = 0; i < lines->len; i++) {
		int page = L->page, column = L->column;

		need(L, pitch);
		if (i && (page != L->page || column != L->column))
			L->split++;
		L->y += pitch;
		show_at(L, column_x(L) + (i ? 0 : indent), L->y, lines->pdata[i]);
	}
	L->y += after;
	g_ptr_array_unref(lines);
}

static void set_front(struct layout *L)
{
	const struct spec *sp = L->sp;
	double w = PAGE_W - 2 * MARGIN_X;

	if (sp->series) {
		set_font(L->cr, 10, 0);
		L->y += 14;
		show_at(L, MARGIN_X, L->y, sp->series);
		L->y += 16;
	}
	if (sp->title) {
		GPtrArray *lines;

		set_font(L->cr, 18, 1);
		lines = wrap(L->cr, sp->title, w, 0);
		for (guint i = 0; i < lines->len; i++) {
			L->y += 28;
			show_centered(L, L->y, lines->pdata[i]);
		}
		g_ptr_array_unref(lines);
		L->y += 12;
	}
	if (sp->author) {
		set_font(L->cr, 12, 0);
		L->y += 20;
		show_centered(L, L->y, sp->author);
	}
	if (sp->affiliation) {
		set_font(L->cr, 10, 0);
		L->y += 17;
		show_centered(L, L->y, sp->affiliation);
	}
	L->y += 18;
}

static void set_body(struct layout *L)
{
	const struct opts *o = L->o;

	L->col_w = o->columns == 2 ? (PAGE_W - 2 * MARGIN_X - GUTTER) / 2 : PAGE_W - 2 * MARGIN_X;
	new_page(L);
	L->column_top = BODY_TOP;
	set_front(L);
	L->column_top = L->y;
	for (guint i = 0; i < L->sp->paras->len; i++) {
		const char *p = L->sp->paras->pdata[i];

		if (!strncmp(p, "# ", 2)) {
			L->y += o->size * 0.8;
			set_para(L, p + 2, o->size + 2, 1, 0, o->size * 0.3);
		} else {
			set_para(L, p, o->size, 0, o->indent ? 2 * o->size : 0,
				 o->indent ? 0 : o->size * 0.8);
		}
	}
	if (!L->counting)
		cairo_show_page(L->cr);
}

static void set_image_only(struct layout *L)
{
	for (int page = 0; page < 2; page++) {
		cairo_set_source_rgb(L->cr, 0.6, 0.6, 0.6);
		for (int i = 0; i < 12; i++)
			cairo_rectangle(L->cr, MARGIN_X, BODY_TOP + i * 50, PAGE_W - 2 * MARGIN_X, 30);
		cairo_fill(L->cr);
		cairo_show_page(L->cr);
	}
}

static int make_pdf(const struct spec *sp, const struct opts *o, const char *out)
{
	cairo_surface_t *counter = cairo_pdf_surface_create(NULL, PAGE_W, PAGE_H);
	cairo_surface_t *surface;
	struct layout L = { 0 };
	int rc = 0;

	/* pass 1 counts the pages, so footers can say "of N" */
	L.cr = cairo_create(counter);
	L.sp = sp;
	L.o = o;
	L.counting = 1;
	set_body(&L);
	cairo_destroy(L.cr);
	cairo_surface_destroy(counter);

	surface = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	if (o->metadata) {
		const char *title = o->meta_title ? o->meta_title : sp->title;
		const char *author = o->meta_author ? o->meta_author : sp->author;

		if (title)
			cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
		if (author)
			cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author);
	}
	if (sp->date)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, sp->date);
	L.pages = L.page;
	L.page = 0;
	L.counting = 0;
	L.split = 0;
	L.cr = cairo_create(surface);
	if (o->image_only)
		set_image_only(&L);
	else
		set_body(&L);
	cairo_destroy(L.cr);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "mkpdf: %s: %s\n", out,
			cairo_status_to_string(cairo_surface_status(surface)));
		rc = -1;
	}
	cairo_surface_destroy(surface);
	if (o->stats)
		printf("pages %d\nsplit %d\n", L.pages, L.split);
	return rc;
}

/* ---- hand-written PDFs ------------------------------------------------------- */

/* Writes objects 1..n (bodies given) with a correct xref and `trailer_extra`. */
static int write_raw(const char *out, const char *const *objs, int n,
		     const char *trailer_extra)
{
	GString *pdf = g_string_new("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
	size_t *offs = g_new(size_t, (gsize)n);
	size_t xref;
	int rc = 0;

	for (int i = 0; i < n; i++) {
		offs[i] = pdf->len;
		g_string_append_printf(pdf, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	xref = pdf->len;
	g_string_append_printf(pdf, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
	for (int i = 0; i < n; i++)
		g_string_append_printf(pdf, "%010zu 00000 n \n", offs[i]);
	g_string_append_printf(pdf, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n",
			       n + 1, trailer_extra, xref);
	if (!g_file_set_contents(out, pdf->str, (gssize)pdf->len, NULL)) {
		fprintf(stderr, "mkpdf: cannot write %s\n", out);
		rc = -1;
	}
	g_free(offs);
	g_string_free(pdf, TRUE);
	return rc;
}

static int write_minimal(const char *out)
{
	static const char content[] =
		"BT /F1 14 Tf 72 760 Td (A minimal PDF written by hand.) Tj ET";
	char stream[256];
	const char *objs[5];

	snprintf(stream, sizeof stream, "<< /Length %zu >>\nstream\n%s\nendstream",
		 strlen(content), content);
	objs[0] = "<< /Type /Catalog /Pages 2 0 R >>";
	objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
	objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		  "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>";
	objs[3] = stream;
	objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
	return write_raw(out, objs, 5, "");
}

/*
 * Standard security handler, revision 2, with /O and /U that no empty
 * password opens: a reader must ask for a password.
 */
static int write_encrypted(const char *out)
{
	const char *objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
		"<< /Filter /Standard /V 1 /R 2 /P -44 "
		"/O <6b1f0f9c3e0a5d4c2b7a8e9f1d3c5b7a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b> "
		"/U <0a1b2c3d4e5f60718293a4b5c6d7e8f90f1e2d3c4b5a69788796a5b4c3d2e1f0> >>",
	};

	return write_raw(out, objs, 4,
			 "/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> "
			 "<0123456789abcdef0123456789abcdef>]");
}

/* ---- main ---------------------------------------------------------------------- */

static int usage(void)
{
	fprintf(stderr, "usage: mkpdf [--no-metadata] [--meta-title T] [--meta-author A] "
			"[--columns 2] [--indent] [--image-only] [--font-size PT] SPEC OUT.pdf\n"
			"       mkpdf --encrypted OUT.pdf | --minimal OUT.pdf\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct opts o = { .metadata = 1, .columns = 1, .size = 11 };
	struct spec sp;
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--encrypted") && i + 2 == argc)
			return write_encrypted(argv[i + 1]) ? 1 : 0;
		if (!strcmp(a, "--minimal") && i + 2 == argc)
			return write_minimal(argv[i + 1]) ? 1 : 0;
		if (!strcmp(a, "--no-metadata"))
			o.metadata = 0;
		else if (!strcmp(a, "--indent"))
			o.indent = 1;
		else if (!strcmp(a, "--stats"))
			o.stats = 1;
		else if (!strcmp(a, "--image-only"))
			o.image_only = 1;
		else if (!strcmp(a, "--meta-title") && i + 1 < argc)
			o.meta_title = argv[++i];
		else if (!strcmp(a, "--meta-author") && i + 1 < argc)
			o.meta_author = argv[++i];
		else if (!strcmp(a, "--columns") && i + 1 < argc)
			o.columns = atoi(argv[++i]) == 2 ? 2 : 1;
		else if (!strcmp(a, "--font-size") && i + 1 < argc)
			o.size = atof(argv[++i]);
		else
			return usage();
	}
	if (argc - i != 2 || o.size < 6 || o.size > 24)
		return usage();
	if (read_spec(argv[i], &sp))
		return 1;
	rc = make_pdf(&sp, &o, argv[i + 1]);
	spec_release(&sp);
	/* cairo keeps font faces (and their fontconfig patterns) cached;
	 * released here so that LeakSanitizer sees only real leaks */
	for (int f = 0; f < 2; f++)
		if (faces[f])
			cairo_font_face_destroy(faces[f]);
	cairo_debug_reset_static_data();
	fflush(stdout);
	return rc ? 1 : 0;
}
