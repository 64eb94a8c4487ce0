/*
 * dossier_snippet(): search results show where the query matched, in the
 * document's own script.  FTS5's built-in snippet() assumes tokens do not
 * overlap; ours do (bigrams), so matches are turned into byte ranges,
 * merged, and marked here.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "store/store_int.h"

/* Columns of the fts table, in order (see the schema in store.c). */
enum { COL_TITLE = 0, COL_BODY = 1, COL_CAPTIONS = 2, COL_AUTHOR = 3 };

struct range {
	size_t start, end;
	int first_char; /* highlight only the first character (a prefix match) */
};

/* Matched token positions of one column, as [first, last] intervals. */
struct hits {
	struct range *tok;  /* token index intervals, sorted */
	size_t n_tok;
	struct range *byte; /* their byte ranges, filled while tokenizing */
	size_t n_byte, cap_byte;
	const char *text;   /* the column's text */
	size_t next_token;  /* index of the token being read */
	size_t cur;         /* first interval that may still match */
};

static int by_start(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* True when text[from..to) is only spaces: «Lloyd Austin», not «Lloyd» «Austin». */
static int only_spaces(const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (text[i] != ' ')
			return 0;
	}
	return 1;
}

static int add_byte_range(struct hits *h, size_t start, size_t end)
{
	if (h->n_byte && (start <= h->byte[h->n_byte - 1].end ||
			  only_spaces(h->text, h->byte[h->n_byte - 1].end, start))) {
		if (end > h->byte[h->n_byte - 1].end)
			h->byte[h->n_byte - 1].end = end;
		return SQLITE_OK;
	}
	if (h->n_byte == h->cap_byte) {
		size_t cap = h->cap_byte ? h->cap_byte * 2 : 16;
		struct range *grown = realloc(h->byte, cap * sizeof *grown);

		if (!grown)
			return SQLITE_NOMEM;
		h->byte = grown;
		h->cap_byte = cap;
	}
	h->byte[h->n_byte++] = (struct range){ start, end, 0 };
	return SQLITE_OK;
}

static int on_token(void *arg, int flags, const char *tok, int n, int start, int end)
{
	struct hits *h = arg;
	size_t index = h->next_token++;

	(void)tok;
	(void)n;
	(void)flags;
	/* Tokens come in order: intervals that ended are never looked at again. */
	while (h->cur < h->n_tok && h->tok[h->cur].end < index)
		h->cur++;
	for (size_t i = h->cur; i < h->n_tok && h->tok[i].start <= index; i++) {
		if (index > h->tok[i].end)
			continue;
		if (h->tok[i].first_char) {
			size_t next = (size_t)start;

			utf8_next(h->text, (size_t)end, &next);
			end = (int)next;
		}
		return add_byte_range(h, (size_t)start, (size_t)end);
	}
	return SQLITE_OK;
}

static int shown(const char *mask, int phrase)
{
	return !mask || (int)strlen(mask) <= phrase || mask[phrase] != '0';
}

/* The column with matches, preferring the body, then the title. */
static int pick_column(const Fts5ExtensionApi *api, Fts5Context *fts, int n_inst,
		       const char *mask)
{
	int best = -1;

	for (int i = 0; i < n_inst; i++) {
		int phrase, col, off;

		if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || !shown(mask, phrase))
			continue;
		if (col == COL_BODY)
			return COL_BODY;
		if (best < 0 || col == COL_TITLE)
			best = col;
	}
	return best < 0 ? COL_BODY : best;
}

static int collect_hits(const Fts5ExtensionApi *api, Fts5Context *fts, int col,
			int n_inst, const char *mask, struct hits *h)
{
	h->tok = calloc((size_t)n_inst + 1, sizeof *h->tok);
	if (!h->tok)
		return SQLITE_NOMEM;
	for (int i = 0; i < n_inst; i++) {
		int phrase, c, off, size;

		if (api->xInst(fts, i, &phrase, &c, &off) != SQLITE_OK || c != col ||
		    !shown(mask, phrase))
			continue;
		size = api->xPhraseSize(fts, phrase);
		h->tok[h->n_tok++] = (struct range){
			(size_t)off, (size_t)off + (size_t)(size > 0 ? size - 1 : 0),
			mask && (int)strlen(mask) > phrase && mask[phrase] == 'p' };
	}
	qsort(h->tok, h->n_tok, sizeof *h->tok, by_start);
	return SQLITE_OK;
}

/* Moves `pos` back by up to `chars` code points, not past a paragraph break. */
static size_t back_chars(const char *s, size_t pos, size_t chars)
{
	while (pos > 0 && chars > 0) {
		size_t prev = utf8_boundary_before(s, pos, pos - 1);

		if (s[prev] == '\n')
			break;
		pos = prev;
		chars--;
	}
	return pos;
}

/* Appends s[from..to) with line breaks shown as spaces. */
static int add_flat(struct buf *out, const char *s, size_t from, size_t to)
{
	int rc = DOSSIER_OK;

	for (size_t i = from; i < to && !rc; i++)
		rc = buf_addc(out, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
	return rc;
}

static int render(const char *s, size_t len, const struct hits *h, size_t max_chars,
		  struct buf *out)
{
	size_t start = h->n_byte ? back_chars(s, h->byte[0].start, max_chars / 4) : 0;
	size_t pos = start, shown = 0, r = 0;
	int rc = DOSSIER_OK;

	if (start > 0)
		rc = buf_adds(out, "…");
	while (!rc && pos < len && shown < max_chars) {
		size_t next = pos;

		if (r < h->n_byte && pos == h->byte[r].start) {
			rc = buf_adds(out, "«");
			if (!rc)
				rc = add_flat(out, s, pos, h->byte[r].end);
			if (!rc)
				rc = buf_adds(out, "»");
			shown += utf8_length(s + pos, h->byte[r].end - pos);
			pos = h->byte[r++].end;
			continue;
		}
		utf8_next(s, len, &next);
		rc = add_flat(out, s, pos, next);
		pos = next;
		shown++;
	}
	if (!rc && pos < len)
		rc = buf_adds(out, "…");
	return rc;
}

static void snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		       sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hits h = { 0 };
	struct buf out = BUF_INIT;
	const char *text = NULL;
	int n_inst = 0, col, n_text = 0, rc;
	int max_chars = argc > 0 ? sqlite3_value_int(argv[0]) : 80;
	const char *mask = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : NULL;

	if (max_chars < 10 || max_chars > 2000)
		max_chars = 80;
	rc = api->xInstCount(fts, &n_inst);
	col = pick_column(api, fts, n_inst, mask);
	if (rc == SQLITE_OK)
		rc = api->xColumnText(fts, col, &text, &n_text);
	if (rc == SQLITE_OK && text)
		rc = collect_hits(api, fts, col, n_inst, mask, &h);
	h.text = text;
	if (rc == SQLITE_OK && text && h.n_tok)
		rc = api->xTokenize(fts, text, n_text, &h, on_token);
	if (rc == SQLITE_OK && text &&
	    render(text, (size_t)n_text, &h, (size_t)max_chars, &out))
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK)
		sqlite3_result_text(ctx, out.data, (int)out.len, SQLITE_TRANSIENT);
	else
		sqlite3_result_error_code(ctx, rc);
	buf_release(&out);
	free(h.tok);
	free(h.byte);
}

int store_snippet_register(fts5_api *api, const struct text_ctx *text, struct err *e)
{
	if (api->xCreateFunction(api, "dossier_snippet", (void *)text, snippet_fn, NULL) !=
	    SQLITE_OK)
		return err_set(e, DOSSIER_EDB, "cannot register the snippet function");
	return DOSSIER_OK;
}
