/*
 * pdf.c — the text layer of a PDF, read with poppler-glib.
 *
 * A PDF knows glyphs and where they stand, not paragraphs.  poppler gives
 * the text of each page in reading order, one line per text line, and a
 * box for every character; from these the parser works in passes:
 *
 *  1. lines: each page's text split at its line breaks, with the left and
 *     right edge, the bottom and the font size of each line, and the width
 *     of its first word (the piece a typesetter would not break).
 *  2. furniture: page numbers among the top and bottom lines of a page,
 *     and running headers and footers (a line that comes back at the same
 *     height on most pages, its digits aside) are dropped.
 *  3. paragraphs: lines are joined unless something says a paragraph ends
 *     (a change of font size, an indent, a wider gap than the line pitch,
 *     or a line that stopped short although the next word would have
 *     fitted).  A paragraph cut by a page break goes on on the next page.
 *  4. roles: the paragraphs, one per line, go through plaintext_parse(),
 *     which finds series name, title, author and affiliation, keeps
 *     headings and captions and drops the publisher's furniture.  The
 *     metadata title and author replace what it found when they are
 *     sensible (not "Untitled", not "Microsoft Word - x.docx", not a
 *     login name).
 *
 * Passes 1 to 3 are pdf_text_read(), which the dossier command runs in a
 * child process with limits (pdf_reader.c: poppler cannot be stopped
 * inside a page); pass 4 runs in the caller on the text it hands back.
 * Past PDF_MAX_PAGES pages or PDF_MAX_TEXT bytes of text, the pages after
 * are left out, whole, and pdf_parse_noting() says so.
 *
 * Only a PDF that needs a password to be opened is refused as encrypted;
 * one encrypted against editing alone (an owner password) opens without
 * one, and its text is read like any other.  A PDF with no character on
 * any page is a scan and needs OCR first.
 *
 * poppler reports damage through GLib's log (domain "Poppler").  While a
 * thread parses, its messages are kept, not printed: the first one names
 * the damage in the error.  Elsewhere they reach GLib's default handler.
 */
#include "ingest/ingest_int.h"

#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

/* ---- poppler's messages ----------------------------------------------------- */

struct pdf_log {
	char first[200]; /* the first message, or "" */
	unsigned count;
};

static _Thread_local struct pdf_log *pdf_current_log;

static void pdf_log_handler(const gchar *domain, GLogLevelFlags level,
			    const gchar *message, gpointer unused)
{
	struct pdf_log *log = pdf_current_log;

	if (!log) {
		g_log_default_handler(domain, level, message, unused);
		return;
	}
	if (!log->count++ && message)
		g_strlcpy(log->first, message, sizeof log->first);
}

/* Installed once for the process; it only swallows while a parse runs. */
static void pdf_log_install(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
				  G_LOG_FLAG_RECURSION, pdf_log_handler, NULL);
		g_once_init_leave(&done, 1);
	}
}

/* ---- characters --------------------------------------------------------- */

static int pdf_is_cjk(int32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
	       (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int pdf_cp_in(int32_t cp, const char *set)
{
	size_t pos = 0, len = strlen(set);

	while (pos < len)
		if (utf8_next(set, len, &pos) == cp)
			return 1;
	return 0;
}

/* Punctuation a typesetter keeps with the character before it. */
static int pdf_is_closing(int32_t cp)
{
	return pdf_cp_in(cp, ",.;:!?)]%，。、；：！？」』）》〉】〕…");
}

static int pdf_is_opening(int32_t cp)
{
	return pdf_cp_in(cp, "([「『（《〈【〔");
}

static int32_t pdf_last_cp(const char *s, size_t len)
{
	size_t at, pos;

	if (!len)
		return -1;
	at = utf8_boundary_before(s, len, len - 1);
	pos = at;
	return utf8_next(s, len, &pos);
}

static int32_t pdf_first_cp(const char *s, size_t len)
{
	size_t pos = 0;

	return len ? utf8_next(s, len, &pos) : -1;
}

static int pdf_digit(int32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return 1;
	return cp >= 0xFF10 && cp <= 0xFF19;
}

/* ---- page numbers ----------------------------------------------------------- */

/*
 * Reads the line as a shape: N a number (digits, Chinese numerals after
 * 第, a Roman numeral), P "page"/"p.", D 第, Y 頁/页, G 共, '-' a dash,
 * '/' a slash or "of", ',' a separator; spaces are skipped.
 */
/* A line whose ASCII digits read 1900-2099. */
static int looks_like_year(const char *s, size_t len)
{
	long value = 0;

	for (size_t i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			value = value * 10 + (s[i] - '0');
	return value >= 1900 && value <= 2099;
}

int pdf_is_page_number(const char *s, size_t len)
{
	static const char *const shapes[] = {
		"N", "-N-", "N/N", "-N/N-", "PN", "PN/N", "DNY", "DNY,GNY",
		"DNYGNY", "DNY/GNY", "GNY,DNY", "GNYDNY", "N/GNY", "DNY/N", NULL
	};
	char shape[16];
	size_t pos = 0, n = 0, roman = 0, digits = 0;

	if (!len || len > 64)
		return 0;
	while (pos < len) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);
		char c;

		if (utf8_is_space(cp))
			continue;
		if (pdf_digit(cp)) {
			c = 'N';
			digits++;
		} else if (pdf_cp_in(cp, "〇零一二三四五六七八九十百") && n && shape[n - 1] == 'D') {
			c = 'N';
		} else if (pdf_cp_in(cp, "ivxlcIVXLC") && (!n || shape[n - 1] != 'N')) {
			c = 'R';
			roman++;
		} else if (ascii_starts_ci(s + at, len - at, "page")) {
			pos = at + 4;
			c = 'P';
		} else if (ascii_starts_ci(s + at, len - at, "p.") ||
			   ascii_starts_ci(s + at, len - at, "pg")) {
			pos = at + 2;
			c = 'P';
		} else if (ascii_starts_ci(s + at, len - at, "of")) {
			pos = at + 2;
			c = '/';
		} else if (pdf_cp_in(cp, "-–—―‒~～－")) {
			c = '-';
		} else if (cp == '/' || cp == 0xFF0F) {
			c = '/';
		} else if (pdf_cp_in(cp, ",，|·・")) {
			c = ',';
		} else if (cp == 0x7B2C) { /* 第 */
			c = 'D';
		} else if (cp == 0x9801 || cp == 0x9875) { /* 頁 页 */
			c = 'Y';
		} else if (cp == 0x5171) { /* 共 */
			c = 'G';
		} else {
			return 0;
		}
		if (c == 'R') {
			/* a run of Roman letters alone is one number */
			if (n && shape[n - 1] == 'R')
				continue;
		} else if (n && shape[n - 1] == c && (c == 'N' || c == '-')) {
			continue;
		}
		if (n + 1 >= sizeof shape)
			return 0;
		shape[n++] = c;
	}
	shape[n] = '\0';
	if (!strcmp(shape, "R"))
		return roman <= 6;
	if (strchr(shape, 'R') || digits > 8)
		return 0;
	if (!strcmp(shape, "N") && digits >= 4 && (digits > 4 || looks_like_year(s, len)))
		return 0; /* a lone year (or a long number) is no page number */
	for (const char *const *sh = shapes; *sh; sh++)
		if (!strcmp(shape, *sh))
			return 1;
	return 0;
}

/* ---- running headers and footers ------------------------------------------- */

struct pdf_cand {
	size_t line;
	char *key; /* the text without spaces, digit runs as '#' */
};

static int pdf_cand_cmp(const void *a, const void *b)
{
	const struct pdf_cand *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	return r ? r : (x->line > y->line) - (x->line < y->line);
}

static char *pdf_key(const char *s, size_t len)
{
	char *key = malloc(len + 1), *o = key;
	size_t pos = 0;
	int in_number = 0;

	if (!key)
		return NULL;
	while (pos < len) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (utf8_is_space(cp))
			continue;
		if (pdf_digit(cp)) {
			if (!in_number)
				*o++ = '#';
			in_number = 1;
			continue;
		}
		in_number = 0;
		memcpy(o, s + at, pos - at);
		o += pos - at;
	}
	*o = '\0';
	return key;
}

/* Adds the two top and two bottom lines of lines[from, to) as candidates. */
static void pdf_page_candidates(const struct pdf_line *lines, size_t from, size_t to,
				size_t *out, size_t *n_out)
{
	size_t picked[4];
	size_t n = 0;

	for (int side = 0; side < 2; side++) {
		for (int k = 0; k < 2; k++) {
			size_t best = to;

			for (size_t i = from; i < to; i++) {
				int taken = 0;

				for (size_t j = 0; j < n; j++)
					taken |= picked[j] == i;
				if (taken)
					continue;
				if (best == to || (side == 0 ? lines[i].y < lines[best].y
							     : lines[i].y > lines[best].y))
					best = i;
			}
			if (best == to)
				break;
			picked[n++] = best;
		}
	}
	for (size_t j = 0; j < n; j++)
		out[(*n_out)++] = picked[j];
}

void pdf_mark_furniture(struct pdf_line *lines, size_t n, int n_pages)
{
	struct pdf_cand *cands;
	size_t *idx, n_idx = 0, n_cands = 0, need;

	if (!n)
		return;
	idx = malloc(n * sizeof *idx);
	cands = malloc(n * sizeof *cands);
	if (!idx || !cands)
		goto done;
	for (size_t from = 0; from < n;) {
		size_t to = from + 1;

		while (to < n && lines[to].page == lines[from].page)
			to++;
		pdf_page_candidates(lines, from, to, idx, &n_idx);
		from = to;
	}
	for (size_t i = 0; i < n_idx; i++) {
		struct pdf_line *l = &lines[idx[i]];

		if (pdf_is_page_number(l->text, l->len)) {
			l->drop = 1;
			continue;
		}
		cands[n_cands].line = idx[i];
		cands[n_cands].key = pdf_key(l->text, l->len);
		if (!cands[n_cands].key)
			goto done;
		n_cands++;
	}
	need = n_pages > 4 ? (size_t)(n_pages + 1) / 2 : 2;
	if (n_pages < 2)
		goto done;
	qsort(cands, n_cands, sizeof *cands, pdf_cand_cmp);
	for (size_t i = 0; i < n_cands;) {
		size_t j = i + 1;

		while (j < n_cands && !strcmp(cands[j].key, cands[i].key))
			j++;
		/* per member: on how many pages does it stand at this height? */
		for (size_t a = i; a < j && j - i >= need; a++) {
			const struct pdf_line *la = &lines[cands[a].line];
			size_t pages = 0;
			int last_page = -1;

			for (size_t b = i; b < j; b++) {
				const struct pdf_line *lb = &lines[cands[b].line];

				if (fabs(lb->y - la->y) <= 2 + la->size / 2 && lb->page != last_page) {
					pages++;
					last_page = lb->page;
				}
			}
			if (pages >= need)
				lines[cands[a].line].drop = 1;
		}
		i = j;
	}
done:
	for (size_t i = 0; i < n_cands; i++)
		free(cands[i].key);
	free(cands);
	free(idx);
}

/* ---- paragraphs --------------------------------------------------------------- */

/* Lines of one font size whose extents overlap: a column. */
struct pdf_col {
	double left, right;
};

struct pdf_sorted {
	size_t line;
	long size_key;
};

static long pdf_size_key(double size)
{
	return lround(size * 2);
}

/* qsort() has no context argument: the lines being sorted, per thread */
static _Thread_local const struct pdf_line *pdf_sort_lines;

static int pdf_sorted_cmp(const void *a, const void *b)
{
	const struct pdf_sorted *x = a, *y = b;
	double dx;

	if (x->size_key != y->size_key)
		return x->size_key < y->size_key ? -1 : 1;
	dx = pdf_sort_lines[x->line].x0 - pdf_sort_lines[y->line].x0;
	return dx < 0 ? -1 : dx > 0;
}

/*
 * Assigns each line a column: per font size, lines sorted by left edge
 * are one column as long as each overlaps the extent seen so far.
 */
static int pdf_columns(const struct pdf_line *lines, size_t n, size_t *col_of,
		       struct pdf_col **cols_out, size_t *n_cols)
{
	struct pdf_sorted *s = malloc(n * sizeof *s);
	struct pdf_col *cols = malloc(n * sizeof *cols);
	size_t nc = 0;

	if (!s || !cols) {
		free(s);
		free(cols);
		return DOSSIER_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		s[i].line = i;
		s[i].size_key = pdf_size_key(lines[i].size);
	}
	pdf_sort_lines = lines;
	qsort(s, n, sizeof *s, pdf_sorted_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct pdf_line *l = &lines[s[i].line];

		if (!i || s[i].size_key != s[i - 1].size_key || l->x0 > cols[nc - 1].right) {
			cols[nc].left = l->x0;
			cols[nc].right = l->x1;
			nc++;
		} else if (l->x1 > cols[nc - 1].right) {
			cols[nc - 1].right = l->x1;
		}
		col_of[s[i].line] = nc - 1;
	}
	free(s);
	*cols_out = cols;
	*n_cols = nc;
	return DOSSIER_OK;
}

struct pdf_gap {
	size_t col;
	double dy;
};

static int pdf_gap_cmp(const void *a, const void *b)
{
	const struct pdf_gap *x = a, *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return (x->dy > y->dy) - (x->dy < y->dy);
}

/*
 * The usual distance between the bottoms of two lines of a column: the
 * lower quartile of the distances seen, so that paragraph gaps do not
 * count.  0 when a column has no two lines in a row.
 */
static int pdf_pitches(const struct pdf_line *lines, size_t n, const size_t *col_of,
		       size_t n_cols, double *pitch)
{
	struct pdf_gap *gaps = malloc((n ? n : 1) * sizeof *gaps);
	size_t k = 0;

	if (!gaps)
		return DOSSIER_ENOMEM;
	for (size_t c = 0; c < n_cols; c++)
		pitch[c] = 0;
	for (size_t i = 1; i < n; i++) {
		double dy = lines[i].y - lines[i - 1].y;

		if (col_of[i] == col_of[i - 1] && lines[i].page == lines[i - 1].page &&
		    dy > lines[i].size * 0.5 && dy < lines[i].size * 4) {
			gaps[k].col = col_of[i];
			gaps[k].dy = dy;
			k++;
		}
	}
	qsort(gaps, k, sizeof *gaps, pdf_gap_cmp);
	for (size_t i = 0; i < k;) {
		size_t j = i + 1;

		while (j < k && gaps[j].col == gaps[i].col)
			j++;
		pitch[gaps[i].col] = gaps[i + (j - i) / 4].dy;
		i = j;
	}
	free(gaps);
	return DOSSIER_OK;
}

/*
 * Each column's frame: the extent of every column (of any size) that
 * overlaps it, so that a title or a byline set centred has the width of
 * the page's text to be measured against.  Past a few thousand columns (a
 * page of scattered labels) a column is its own frame.
 */
static void pdf_frames(const struct pdf_col *cols, size_t n, struct pdf_col *frames)
{
	for (size_t c = 0; c < n; c++) {
		frames[c] = cols[c];
		for (size_t k = 0; k < n && n <= 4000; k++) {
			if (cols[k].left > cols[c].right || cols[k].right < cols[c].left)
				continue;
			if (cols[k].left < frames[c].left)
				frames[c].left = cols[k].left;
			if (cols[k].right > frames[c].right)
				frames[c].right = cols[k].right;
		}
	}
}

/* A line set centred in its frame (and narrower than it). */
static int pdf_centred(const struct pdf_line *l, const struct pdf_col *frame)
{
	double left = l->x0 - frame->left, right = frame->right - l->x1;

	return left > l->size && right > l->size && fabs(left - right) < l->size;
}

/* Whether line `b` goes on the paragraph that line `a` is in. */
static int pdf_continues(const struct pdf_line *a, const struct pdf_line *b,
			 const struct pdf_col *ca, const struct pdf_col *cb,
			 const struct pdf_col *fa, const struct pdf_col *fb,
			 double pitch)
{
	int32_t last = pdf_last_cp(a->text, a->len), first = pdf_first_cp(b->text, b->len);
	double need = b->lead, room = ca->right - a->x1;

	if (pdf_size_key(a->size) != pdf_size_key(b->size))
		return 0;
	if (b->x0 > cb->left + b->size * 0.8 && !pdf_centred(b, fb))
		return 0;
	/* a centred line could have grown on both sides */
	if (pdf_centred(a, fa))
		room = (fa->right - fa->left) - (a->x1 - a->x0);
	if (a->page == b->page && ca == cb && b->y > a->y && pitch > 0 &&
	    b->y - a->y > pitch * 1.3)
		return 0;
	if (!pdf_is_cjk(last) && !pdf_is_cjk(first))
		need += a->size * 0.25;
	return need > room - a->size * 0.1;
}

static int pdf_join_space(const char *p, size_t len, int32_t next)
{
	int32_t prev = pdf_last_cp(p, len);

	if (pdf_is_cjk(prev) || pdf_is_cjk(next) || prev == ' ' || prev < 0)
		return 0;
	/* "well-" + "known": a hyphen at a line end joins */
	return !(prev == '-' && len >= 2 && ((p[len - 2] | 0x20) >= 'a' && (p[len - 2] | 0x20) <= 'z'));
}

int pdf_lines_to_text(const struct pdf_line *lines, size_t n, struct buf *out)
{
	struct pdf_line *copy = malloc((n ? n : 1) * sizeof *copy);
	size_t *col_of = malloc((n ? n : 1) * sizeof *col_of), nb = 0, n_cols = 0;
	struct pdf_col *cols = NULL, *frames = NULL;
	double *pitch = NULL;
	size_t para_start = out->len;
	int rc = DOSSIER_ENOMEM;

	if (!copy || !col_of)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (!lines[i].drop && lines[i].len)
			copy[nb++] = lines[i];
	rc = pdf_columns(copy, nb, col_of, &cols, &n_cols);
	if (rc)
		goto done;
	pitch = malloc((n_cols ? n_cols : 1) * sizeof *pitch);
	frames = malloc((n_cols ? n_cols : 1) * sizeof *frames);
	if (!pitch || !frames) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	pdf_frames(cols, n_cols, frames);
	rc = pdf_pitches(copy, nb, col_of, n_cols, pitch);
	for (size_t i = 0; i < nb && !rc; i++) {
		const struct pdf_line *l = &copy[i];

		if (i && !pdf_continues(&copy[i - 1], l, &cols[col_of[i - 1]],
					&cols[col_of[i]], &frames[col_of[i - 1]],
					&frames[col_of[i]], pitch[col_of[i]])) {
			rc = buf_adds(out, "\n\n");
			para_start = out->len;
		} else if (i && out->len > para_start &&
			   pdf_join_space(out->data + para_start, out->len - para_start,
					  pdf_first_cp(l->text, l->len))) {
			rc = buf_addc(out, ' ');
		}
		if (!rc)
			rc = buf_add(out, l->text, l->len);
	}
	if (!rc && nb)
		rc = buf_addc(out, '\n');
done:
	free(copy);
	free(col_of);
	free(cols);
	free(frames);
	free(pitch);
	return rc;
}

/* ---- reading pages ---------------------------------------------------------- */

struct pdf_ctx {
	struct buf text;       /* every line's text, back to back */
	struct pdf_line *lines;
	size_t *offs;          /* each line's offset in `text` */
	size_t n_lines, cap_lines;
	size_t visible;        /* characters other than white space */
};

static int pdf_push_line(struct pdf_ctx *c, const struct pdf_line *l, size_t off)
{
	if (c->n_lines == c->cap_lines) {
		size_t want = c->cap_lines ? c->cap_lines * 2 : 256;
		struct pdf_line *nl = realloc(c->lines, want * sizeof *nl);
		size_t *no;

		if (!nl)
			return DOSSIER_ENOMEM;
		c->lines = nl;
		no = realloc(c->offs, want * sizeof *no);
		if (!no)
			return DOSSIER_ENOMEM;
		c->offs = no;
		c->cap_lines = want;
	}
	c->lines[c->n_lines] = *l;
	c->offs[c->n_lines] = off;
	c->n_lines++;
	return DOSSIER_OK;
}

/*
 * Measures one line, characters [first, end) of the page (indices into
 * the boxes), bytes s[0..len).  The font size is the one most characters
 * have.
 */
static void pdf_measure(struct pdf_line *l, const char *s, size_t len,
			const PopplerRectangle *r, const float *sizes, guint first,
			guint n_rects)
{
	size_t pos = 0;
	guint k = first, lead_first = 0, lead_last = 0;
	int lead_state = 0; /* 0 not begun, 1 opening, 2 in word, 3 closing, 4 done */
	int32_t lead_kind = 0;
	float cand[4] = { 0 };
	unsigned votes[4] = { 0 };

	l->x0 = 1e9;
	l->x1 = l->y = l->size = l->lead = 0;
	while (pos < len) {
		int32_t cp = utf8_next(s, len, &pos);
		const PopplerRectangle *b = k < n_rects ? &r[k] : NULL;

		k++;
		if (!b || utf8_is_space(cp)) {
			if (lead_state == 2 || lead_state == 3)
				lead_state = 4;
			continue;
		}
		if (b->x1 < l->x0)
			l->x0 = b->x1;
		if (b->x2 > l->x1)
			l->x1 = b->x2;
		if (b->y2 > l->y)
			l->y = b->y2;
		for (int v = 0; v < 4; v++) {
			if (!votes[v] || cand[v] == sizes[k - 1]) {
				cand[v] = sizes[k - 1];
				votes[v]++;
				break;
			}
		}
		/* the first word: opening marks, one CJK character or a Latin
		 * run, closing marks */
		switch (lead_state) {
		case 0:
		case 1:
			if (lead_state == 0)
				lead_first = k - 1;
			lead_last = k - 1;
			if (pdf_is_opening(cp)) {
				lead_state = 1;
			} else {
				lead_state = 2;
				lead_kind = pdf_is_cjk(cp);
			}
			break;
		case 2:
			if (pdf_is_closing(cp)) {
				lead_last = k - 1;
				lead_state = 3;
			} else if (!lead_kind && !pdf_is_cjk(cp)) {
				lead_last = k - 1;
			} else {
				lead_state = 4;
			}
			break;
		case 3:
			if (pdf_is_closing(cp)) {
				lead_last = k - 1;
			} else if (!lead_kind && !pdf_is_cjk(cp)) {
				/* "U.S.", "3,000": the Latin word goes on */
				lead_last = k - 1;
				lead_state = 2;
			} else {
				lead_state = 4;
			}
			break;
		default:
			break;
		}
	}
	if (l->x0 > l->x1)
		l->x0 = l->x1;
	for (int v = 0, best = 0; v < 4; v++) {
		if (votes[v] > (unsigned)best) {
			best = (int)votes[v];
			l->size = cand[v];
		}
	}
	if (lead_state && lead_last < n_rects && lead_first < n_rects)
		l->lead = r[lead_last].x2 - r[lead_first].x1;
	if (l->size <= 0)
		l->size = 10; /* no font size known: a usual body size */
}

/* Reads one page's lines into the context. */
static int pdf_read_page(struct pdf_ctx *c, PopplerPage *page, int index)
{
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint n_rects = 0, n_chars = 0;
	GList *attrs = NULL;
	float *sizes = NULL;
	size_t len, start = 0, pos = 0;
	int rc = DOSSIER_OK;

	if (!text)
		return DOSSIER_OK;
	len = strlen(text);
	if (!poppler_page_get_text_layout(page, &rects, &n_rects))
		n_rects = 0;
	attrs = poppler_page_get_text_attributes(page);
	sizes = calloc(n_rects ? n_rects : 1, sizeof *sizes);
	if (!sizes) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	for (GList *a = attrs; a; a = a->next) {
		const PopplerTextAttributes *at = a->data;

		for (gint i = at->start_index; i <= at->end_index && i >= 0; i++)
			if ((guint)i < n_rects)
				sizes[i] = (float)at->font_size;
	}
	while (pos <= len && !rc) {
		size_t at = pos;
		int32_t cp = pos < len ? utf8_next(text, len, &pos) : '\n';

		if (pos == at)
			pos++; /* the end */
		if (cp != '\n') {
			n_chars++;
			if (!utf8_is_space(cp))
				c->visible++;
			continue;
		}
		{
			size_t s = start, n = at - start;
			guint first = n_chars - (guint)utf8_length(text + start, at - start);
			struct pdf_line l = { 0 };
			size_t off = c->text.len;

			n_chars++; /* the line break has a box too */
			s = utf8_skip_space(text, at, s);
			n = utf8_trim_space_end(text, at);
			if (n > s) {
				l.len = n - s;
				l.page = index;
				pdf_measure(&l, text + start, at - start, rects, sizes, first, n_rects);
				rc = buf_add(&c->text, text + s, l.len);
				if (!rc)
					rc = pdf_push_line(c, &l, off);
			}
		}
		start = pos;
	}
done:
	free(sizes);
	poppler_page_free_text_attributes(attrs);
	g_free(rects);
	g_free(text);
	return rc;
}

/* ---- metadata ----------------------------------------------------------------- */

static int pdf_has_cjk(const char *s)
{
	size_t pos = 0, len = strlen(s);

	while (pos < len)
		if (pdf_is_cjk(utf8_next(s, len, &pos)))
			return 1;
	return 0;
}

static int pdf_ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* A file name as a title: "report.docx", "C:\drafts\x", "~$draft". */
static int pdf_file_name_like(const char *s)
{
	static const char *const exts[] = {
		".doc", ".docx", ".pdf", ".rtf", ".odt", ".txt", ".indd", ".wpd",
		".pages", ".ppt", ".pptx", ".xls", ".xlsx", ".hwp", ".tex", ".dvi",
		".ps", ".eps", ".qxd", ".pub", ".html", ".htm", NULL
	};

	for (const char *const *e = exts; *e; e++)
		if (pdf_ends_with_ci(s, *e))
			return 1;
	return strchr(s, '\\') || s[0] == '/' || !strncmp(s, "~$", 2);
}

static int pdf_in_list_ci(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(s, *list))
			return 1;
	return 0;
}

/* Letters or ideographs in it, and not only a number or a date. */
static int pdf_has_word(const char *s)
{
	size_t pos = 0, len = strlen(s);

	while (pos < len) {
		int32_t cp = utf8_next(s, len, &pos);

		if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 0xC0 && !pdf_digit(cp) && !utf8_is_space(cp) &&
		     !pdf_cp_in(cp, "，。、；：！？「」『』（）《》〈〉【】－—–…・·")))
			return 1;
	}
	return 0;
}

/* The title in the document information, when it can be one. */
static int pdf_title_sensible(const char *t)
{
	static const char *const placeholders[] = {
		"untitled", "untitled document", "title", "document", "new document",
		"no title", "slide 1", "powerpoint presentation", "presentation",
		"無標題", "无标题", "未命名", "文件", "文档", "新文件", "標題", "标题",
		NULL
	};

	if (!t || !*t || utf8_length(t, strlen(t)) > 200)
		return 0;
	if (!strncmp(t, "Microsoft ", 10) && strstr(t, " - "))
		return 0;
	return !pdf_in_list_ci(t, placeholders) && !pdf_file_name_like(t) &&
	       !ascii_starts_ci(t, strlen(t), "untitled") && pdf_has_word(t);
}

/* The author in the document information, unless it is an account name. */
static int pdf_author_sensible(const char *a)
{
	static const char *const placeholders[] = {
		"user", "admin", "administrator", "owner", "windows user", "unknown",
		"author", "microsoft", "microsoft office user", "pc", "guest", "test",
		"使用者", "用户", "用戶", "微软用户", "微軟用戶", "Windows 使用者",
		"作者", "管理员", "管理員", NULL
	};
	size_t len = a ? strlen(a) : 0;
	int lower = 1, space = 0;

	if (!len || utf8_length(a, len) > 80 || strchr(a, '@') || pdf_file_name_like(a))
		return 0;
	if (pdf_in_list_ci(a, placeholders) || !pdf_has_word(a))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)a[i];

		if (ch >= '0' && ch <= '9')
			return 0;
		if (ch == ' ')
			space = 1;
		if ((ch >= 'A' && ch <= 'Z') || ch >= 0x80)
			lower = 0;
	}
	/* "jchen", "ylin": a login, not a byline */
	return !(lower && !space);
}

/* s with white space removed, for comparing a title with a paragraph. */
static char *pdf_squeeze(const char *s)
{
	size_t len = strlen(s), pos = 0;
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	while (pos < len) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (!utf8_is_space(cp)) {
			memcpy(o, s + at, pos - at);
			o += pos - at;
		}
	}
	*o = '\0';
	return out;
}

static int pdf_same_text(const char *a, const char *b)
{
	char *x = pdf_squeeze(a), *y = pdf_squeeze(b);
	int same = x && y && !strcmp(x, y);

	free(x);
	free(y);
	return same;
}

static void pdf_remove_para(struct doc *d, size_t i)
{
	free(d->paras[i].text);
	memmove(&d->paras[i], &d->paras[i + 1], (d->n_paras - i - 1) * sizeof *d->paras);
	d->n_paras--;
}

/* True when squeezed `part` (two characters at least) is inside squeezed `whole`. */
static int pdf_part_of(const char *part, const char *whole)
{
	char *x = pdf_squeeze(part), *y = pdf_squeeze(whole);
	int in = x && y && utf8_length(x, strlen(x)) >= 2 && strstr(y, x) != NULL;

	free(x);
	free(y);
	return in;
}

/*
 * A title set in two lines reaches plaintext_parse() as two short
 * paragraphs: one became the title, the other a heading.  Both are parts
 * of the metadata title, which replaces them.
 */
static void pdf_drop_title_parts(struct doc *d, const char *title)
{
	for (size_t i = 0; i < d->n_paras && i < 3;) {
		if (d->paras[i].kind == DOC_PARA_HEADING && pdf_part_of(d->paras[i].text, title))
			pdf_remove_para(d, i);
		else
			i++;
	}
}

/* Drops a paragraph among the first few that only repeats `s`. */
static void pdf_drop_leading_copy(struct doc *d, const char *s)
{
	for (size_t i = 0; i < d->n_paras && i < 4; i++) {
		if (pdf_same_text(d->paras[i].text, s)) {
			pdf_remove_para(d, i);
			return;
		}
	}
}

/* Puts a line the metadata displaced back in front of the text. */
static int pdf_keep_as_heading(struct doc *d, const char *s)
{
	int rc = doc_add_para(d, DOC_PARA_HEADING, s);
	struct doc_para p;

	if (rc || !d->n_paras)
		return rc;
	p = d->paras[d->n_paras - 1];
	memmove(&d->paras[1], &d->paras[0], (d->n_paras - 1) * sizeof *d->paras);
	d->paras[0] = p;
	return DOSSIER_OK;
}

/*
 * Title and author from the metadata when sensible.  A page title in
 * Chinese beats a metadata title with no Chinese at all (a file stem or
 * a template's name); the same holds for the author.
 */
static int pdf_apply_metadata(const struct pdf_text *t, struct doc *d)
{
	char *title = t->title ? g_strstrip(g_strdup(t->title)) : NULL;
	char *author = t->author ? g_strstrip(g_strdup(t->author)) : NULL;
	int rc = DOSSIER_OK;

	if (pdf_title_sensible(title) &&
	    !(d->title && pdf_has_cjk(d->title) && !pdf_has_cjk(title))) {
		char *found = d->title;

		d->title = NULL;
		rc = doc_set(&d->title, title, (size_t)-1);
		if (!rc && found && !pdf_part_of(found, title))
			rc = pdf_keep_as_heading(d, found);
		if (!rc) {
			pdf_drop_title_parts(d, title);
			pdf_drop_leading_copy(d, title);
		}
		free(found);
	}
	if (!rc && pdf_author_sensible(author) &&
	    !(d->author && pdf_has_cjk(d->author) && !pdf_has_cjk(author))) {
		if (!d->author)
			pdf_drop_leading_copy(d, author);
		rc = doc_set(&d->author, author, (size_t)-1);
	}
	if (!rc && d->published == DOC_TIME_NONE && t->created > 0)
		d->published = t->created * 1000;
	g_free(title);
	g_free(author);
	return rc;
}

/* ---- entry points ---------------------------------------------------------------- */

/* True when "endobj" occurs in the first `max` bytes. */
static int pdf_has_objects(const char *data, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	for (size_t i = 0; i + 6 <= n; i++)
		if (data[i] == 'e' && !memcmp(data + i, "endobj", 6))
			return 1;
	return 0;
}

/*
 * "%PDF-" at the start, or at the start of a line in the first KiB (junk
 * before the header, as some mail gateways leave it, is tolerated by
 * readers) when PDF objects follow: a text that merely quotes the header
 * stays text.
 */
int pdf_sniff(const char *data, size_t len)
{
	size_t n = len < 1024 ? len : 1024;

	if (len >= 5 && !memcmp(data, "%PDF-", 5))
		return 1;
	for (size_t i = 1; i + 5 <= n; i++)
		if ((data[i - 1] == '\n' || data[i - 1] == '\r') && !memcmp(data + i, "%PDF-", 5))
			return pdf_has_objects(data, len, (size_t)64 << 10);
	return 0;
}

static int pdf_open(const char *data, size_t len, PopplerDocument **out,
		    struct pdf_log *log, struct err *e)
{
	/* no copy: the bytes outlive the document, which is freed before
	 * pdf_text_read() returns */
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	int rc = DOSSIER_OK;

	*out = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (*out)
		return DOSSIER_OK;
	if (gerr && g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
		rc = err_set(e, DOSSIER_EFORMAT,
			     "encrypted PDF: it needs a password to be read");
	else if (log->first[0])
		rc = err_set(e, DOSSIER_EPARSE, "broken PDF: %s (%s)",
			     gerr ? gerr->message : "cannot be opened", log->first);
	else
		rc = err_set(e, DOSSIER_EPARSE, "broken PDF: %s",
			     gerr ? gerr->message : "cannot be opened");
	g_clear_error(&gerr);
	return rc;
}

/* A string of poppler's as a malloc'd copy (NULL stays NULL). */
static int pdf_take_string(char **field, char *s)
{
	int rc = s ? doc_set(field, s, (size_t)-1) : DOSSIER_OK;

	g_free(s);
	return rc;
}

/*
 * Reads pages until PDF_MAX_PAGES or until their text would pass
 * PDF_MAX_TEXT: the page that would is left out whole, so that what is
 * read ends at a page break.
 */
static int pdf_read_pages(struct pdf_ctx *c, PopplerDocument *pd, struct pdf_text *t)
{
	int rc = DOSSIER_OK;

	t->pages_read = 0;
	for (int i = 0; i < t->pages && !rc; i++) {
		size_t lines_before = c->n_lines, text_before = c->text.len;
		size_t visible_before = c->visible;
		PopplerPage *page;

		if (i == PDF_MAX_PAGES) {
			t->cut = PDF_CUT_PAGES;
			break;
		}
		page = poppler_document_get_page(pd, i);
		if (page) {
			rc = pdf_read_page(c, page, i);
			g_object_unref(page);
		}
		if (rc == DOSSIER_ETOOBIG || c->text.len > PDF_MAX_TEXT) {
			c->n_lines = lines_before;
			buf_truncate(&c->text, text_before);
			c->visible = visible_before;
			t->cut = PDF_CUT_TEXT;
			rc = DOSSIER_OK;
			break;
		}
		if (!rc)
			t->pages_read = i + 1;
	}
	return rc;
}

void pdf_text_release(struct pdf_text *t)
{
	buf_release(&t->text);
	free(t->title);
	free(t->author);
	t->title = t->author = NULL;
	t->created = 0;
	t->pages = t->pages_read = 0;
	t->cut = 0;
}

int pdf_text_read(const char *data, size_t len, struct pdf_text *t, struct err *e)
{
	struct pdf_log log = { "", 0 };
	struct pdf_ctx c = { 0 };
	PopplerDocument *pd = NULL;
	int rc;

	pdf_text_release(t);
	buf_init(&t->text, 0);
	pdf_log_install();
	pdf_current_log = &log;
	/* a page past the cap fails to be added and is left out */
	buf_init(&c.text, PDF_MAX_TEXT + 1);
	rc = pdf_open(data, len, &pd, &log, e);
	if (rc)
		goto done;
	t->pages = poppler_document_get_n_pages(pd);
	if (t->pages <= 0) {
		t->pages = 0;
		rc = err_set(e, DOSSIER_EEMPTY, "PDF without pages%s%s",
			     log.first[0] ? ": " : "", log.first);
		goto done;
	}
	rc = pdf_read_pages(&c, pd, t);
	if (rc) {
		rc = err_set(e, rc, "cannot read PDF text: %s", err_rc_str(rc));
		goto done;
	}
	if (!c.visible) {
		rc = err_set(e, DOSSIER_EEMPTY,
			     "PDF without a text layer (%d page%s of images only, "
			     "a scan?): it needs OCR first", t->pages_read,
			     t->pages_read == 1 ? "" : "s");
		goto done;
	}
	for (size_t i = 0; i < c.n_lines; i++)
		c.lines[i].text = c.text.data + c.offs[i];
	pdf_mark_furniture(c.lines, c.n_lines, t->pages_read);
	rc = pdf_lines_to_text(c.lines, c.n_lines, &t->text);
	if (!rc)
		rc = pdf_take_string(&t->title, poppler_document_get_title(pd));
	if (!rc)
		rc = pdf_take_string(&t->author, poppler_document_get_author(pd));
	if (!rc) {
		time_t created = poppler_document_get_creation_date(pd);

		t->created = created > 0 ? (int64_t)created : 0;
	}
	if (rc)
		rc = err_set(e, rc, "cannot read PDF text: %s", err_rc_str(rc));
done:
	pdf_current_log = NULL;
	if (pd)
		g_object_unref(pd);
	buf_release(&c.text);
	free(c.lines);
	free(c.offs);
	return rc;
}

/* The warning for a PDF of which only the first pages were read. */
static int pdf_note_cut(const struct pdf_text *t, struct buf *problems)
{
	if (!problems || !t->cut)
		return DOSSIER_OK;
	if (t->cut == PDF_CUT_PAGES)
		return buf_printf(problems, "PDF of %d pages: only the first %d read\n",
				  t->pages, t->pages_read);
	return buf_printf(problems, "PDF text over %zu MiB: only the first %d of %d pages read\n",
			  PDF_MAX_TEXT >> 20, t->pages_read, t->pages);
}

int pdf_parse_noting(const char *data, size_t len, struct doc *d, struct buf *problems,
		     struct err *e)
{
	struct pdf_text t = PDF_TEXT_INIT;
	int rc;

	if (!pdf_sniff(data, len))
		return err_set(e, DOSSIER_EFORMAT, "not a PDF: no %%PDF- header");
	if (len > INT32_MAX)
		return err_set(e, DOSSIER_ETOOBIG, "PDF too large");
	rc = pdf_text_get(data, len, &t, e);
	if (rc)
		goto done;
	rc = plaintext_parse(t.text.data, t.text.len, d, e);
	if (rc == DOSSIER_EEMPTY)
		rc = err_set(e, rc, "PDF without text: only page numbers, headers and footers");
	if (!rc) {
		rc = pdf_apply_metadata(&t, d);
		if (!rc)
			rc = doc_set(&d->format, "pdf", (size_t)-1);
		if (!rc)
			rc = pdf_note_cut(&t, problems);
		if (rc)
			rc = err_set(e, rc, "cannot read PDF: %s", err_rc_str(rc));
	}
done:
	pdf_text_release(&t);
	return rc;
}

int pdf_parse(const char *data, size_t len, struct doc *d, struct err *e)
{
	return pdf_parse_noting(data, len, d, NULL, e);
}
