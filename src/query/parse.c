/*
 * The query language: words and "phrases" (implicitly AND), AND, OR,
 * NOT (a NOT b), parentheses.  A small lexer, a recursive-descent parser,
 * and messages that say what to type instead.
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "query/query_int.h"
#include "text/text.h"

#define QUERY_MAX_DEPTH 32
#define QUERY_MAX_TOKENS 256
#define NAME_MAX_WORDS 4

enum qtok_kind { QT_WORD, QT_PHRASE, QT_LPAREN, QT_RPAREN, QT_AND, QT_OR, QT_NOT, QT_END };

struct qtok {
	enum qtok_kind kind;
	char *text; /* QT_WORD, QT_PHRASE */
};

struct parser {
	struct qtok *toks;
	size_t n, pos;
	int depth;
	struct err *e;
};

void qnode_free(struct qnode *n)
{
	if (!n)
		return;
	qnode_free(n->left);
	qnode_free(n->right);
	free(n->text);
	free(n);
}

static void toks_free(struct qtok *toks, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(toks[i].text);
	free(toks);
}

/* ---- lexing ----------------------------------------------------------------- */

/* The closing quote for an opening one, or 0. */
static int32_t closing_quote(int32_t cp)
{
	switch (cp) {
	case '"': return '"';
	case 0x201C: return 0x201D; /* “ ” */
	case 0x300C: return 0x300D; /* 「 」 */
	case 0x300E: return 0x300F; /* 『 』 */
	default: return 0;
	}
}

static int check_text(const char *s, size_t len, struct err *e)
{
	size_t bad;

	if (len > QUERY_MAX_BYTES)
		return err_set(e, DOSSIER_EUSAGE, "query too long: %zu bytes (at most %d)", len,
			       QUERY_MAX_BYTES);
	if (utf8_count_invalid(s, len, &bad))
		return err_set(e, DOSSIER_EUSAGE, "query is not valid UTF-8 (at byte %zu)", bad);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
			return err_set(e, DOSSIER_EUSAGE,
				       "control character 0x%02X in query (at byte %zu)", c, i);
	}
	return DOSSIER_OK;
}

static int push(struct qtok *toks, size_t *n, enum qtok_kind kind, const char *s,
		size_t len, struct err *e)
{
	if (*n >= QUERY_MAX_TOKENS)
		return err_set(e, DOSSIER_EUSAGE, "query has too many parts (at most %d)",
			       QUERY_MAX_TOKENS);
	toks[*n].kind = kind;
	toks[*n].text = NULL;
	if (s) {
		toks[*n].text = strndup(s, len);
		if (!toks[*n].text)
			return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	(*n)++;
	return DOSSIER_OK;
}

static enum qtok_kind word_kind(const char *s, size_t len)
{
	if (len == 3 && !memcmp(s, "AND", 3))
		return QT_AND;
	if (len == 2 && !memcmp(s, "OR", 2))
		return QT_OR;
	if (len == 3 && !memcmp(s, "NOT", 3))
		return QT_NOT;
	return QT_WORD;
}

static int lex(const char *s, size_t len, struct qtok *toks, size_t *n, struct err *e)
{
	size_t pos = 0;
	int rc = DOSSIER_OK;

	while (!rc && pos < len) {
		size_t start = pos;
		int32_t cp = utf8_next(s, len, &pos), close;

		if (utf8_is_space(cp))
			continue;
		if (cp == '(' || cp == ')') {
			rc = push(toks, n, cp == '(' ? QT_LPAREN : QT_RPAREN, NULL, 0, e);
			continue;
		}
		close = closing_quote(cp);
		if (close) {
			size_t body = pos, end;

			for (;;) {
				end = pos;
				if (pos >= len)
					return err_set(e, DOSSIER_EUSAGE,
						       "unbalanced quote: the phrase opened at byte %zu is not closed",
						       start);
				if (utf8_next(s, len, &pos) == close)
					break;
			}
			rc = push(toks, n, QT_PHRASE, s + body, end - body, e);
			continue;
		}
		/* A word runs to white space, a quote or a parenthesis. */
		for (;;) {
			size_t next = pos;
			int32_t c;

			if (pos >= len)
				break;
			c = utf8_next(s, len, &next);
			if (utf8_is_space(c) || c == '(' || c == ')' || closing_quote(c))
				break;
			pos = next;
		}
		rc = push(toks, n, word_kind(s + start, pos - start), s + start, pos - start, e);
	}
	if (!rc)
		rc = push(toks, n, QT_END, NULL, 0, e);
	return rc;
}

/*
 * Joins runs of plain words that together are a known name (Lloyd Austin,
 * Jake Sullivan) into one term, so they mean the name in any script
 * rather than two words that must both appear.
 */
static int merge_names(struct query_ctx *q, struct qtok *toks, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		for (size_t len = NAME_MAX_WORDS; len >= 2; len--) {
			struct buf joined = BUF_INIT, key = BUF_INIT;
			size_t j;
			int known;

			for (j = 0; j < len && i + j < *n && toks[i + j].kind == QT_WORD; j++) {
				if (j)
					buf_addc(&joined, ' ');
				buf_adds(&joined, toks[i + j].text);
			}
			if (j < len) {
				buf_release(&joined);
				continue;
			}
			text_normalise(q->text, joined.data, joined.len, &key);
			known = key.len && query_known_name(q, key.data);
			buf_release(&key);
			if (!known) {
				buf_release(&joined);
				continue;
			}
			for (j = 0; j < len; j++)
				free(toks[i + j].text);
			toks[i].text = buf_detach(&joined);
			toks[i].kind = QT_PHRASE;
			memmove(toks + i + 1, toks + i + len, (*n - i - len) * sizeof *toks);
			*n -= len - 1;
			break;
		}
	}
	return DOSSIER_OK;
}

/* ---- parsing ------------------------------------------------------------------- */

static struct qnode *node(enum qnode_kind kind, struct qnode *l, struct qnode *r)
{
	struct qnode *n = calloc(1, sizeof *n);

	if (!n) {
		qnode_free(l);
		qnode_free(r);
		return NULL;
	}
	n->kind = kind;
	n->left = l;
	n->right = r;
	return n;
}

static enum qtok_kind peek(const struct parser *p)
{
	return p->toks[p->pos].kind;
}

static struct qnode *parse_or(struct parser *p);

static struct qnode *fail(struct parser *p, const char *msg)
{
	if (!p->e->rc)
		err_set(p->e, DOSSIER_EUSAGE, "%s", msg);
	return NULL;
}

static struct qnode *parse_primary(struct parser *p)
{
	struct qtok *t = &p->toks[p->pos];
	struct qnode *n;

	switch (t->kind) {
	case QT_WORD:
	case QT_PHRASE:
		n = node(QNODE_TERM, NULL, NULL);
		if (!n)
			return fail(p, "out of memory");
		n->text = t->text;
		n->quoted = t->kind == QT_PHRASE;
		t->text = NULL;
		p->pos++;
		return n;
	case QT_LPAREN:
		if (++p->depth > QUERY_MAX_DEPTH)
			return fail(p, "parentheses nested too deep");
		p->pos++;
		n = parse_or(p);
		if (!n)
			return NULL;
		if (peek(p) != QT_RPAREN) {
			qnode_free(n);
			return fail(p, "unbalanced parentheses: a '(' is not closed");
		}
		p->pos++;
		p->depth--;
		return n;
	case QT_RPAREN:
		return fail(p, "unbalanced parentheses: ')' without '('");
	case QT_NOT:
		return fail(p, "NOT needs a term on each side: write 'a NOT b'");
	case QT_AND:
	case QT_OR:
		return fail(p, t->kind == QT_OR ? "OR needs a term on each side: write 'a OR b'"
						: "AND needs a term on each side: write 'a AND b'");
	default:
		return fail(p, p->pos ? "the query ends where a term was expected"
				      : "empty query");
	}
}

static struct qnode *parse_not(struct parser *p)
{
	struct qnode *left = parse_primary(p);

	while (left && peek(p) == QT_NOT) {
		struct qnode *right;

		p->pos++;
		right = parse_primary(p);
		if (!right) {
			qnode_free(left);
			return NULL;
		}
		left = node(QNODE_NOT, left, right);
	}
	return left;
}

static int starts_primary(enum qtok_kind k)
{
	return k == QT_WORD || k == QT_PHRASE || k == QT_LPAREN;
}

static struct qnode *parse_and(struct parser *p)
{
	struct qnode *left = parse_not(p);

	while (left && (peek(p) == QT_AND || starts_primary(peek(p)))) {
		struct qnode *right;

		if (peek(p) == QT_AND)
			p->pos++;
		right = parse_not(p);
		if (!right) {
			qnode_free(left);
			return NULL;
		}
		left = node(QNODE_AND, left, right);
	}
	return left;
}

static struct qnode *parse_or(struct parser *p)
{
	struct qnode *left = parse_and(p);

	while (left && peek(p) == QT_OR) {
		struct qnode *right;

		p->pos++;
		right = parse_and(p);
		if (!right) {
			qnode_free(left);
			return NULL;
		}
		left = node(QNODE_OR, left, right);
	}
	return left;
}

int query_parse(struct query_ctx *q, const char *text, struct qnode **out, struct err *e)
{
	size_t len = strlen(text), n = 0;
	struct qtok *toks;
	struct parser p;
	struct qnode *tree = NULL;
	int rc;

	*out = NULL;
	err_clear(e);
	rc = check_text(text, len, e);
	if (rc)
		return rc;
	toks = calloc(QUERY_MAX_TOKENS + 1, sizeof *toks);
	if (!toks)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = lex(text, len, toks, &n, e);
	if (!rc)
		rc = merge_names(q, toks, &n);
	if (!rc) {
		p = (struct parser){ toks, n, 0, 0, e };
		tree = parse_or(&p);
		if (tree && peek(&p) != QT_END) {
			qnode_free(tree);
			tree = fail(&p, peek(&p) == QT_RPAREN
					? "unbalanced parentheses: ')' without '('"
					: "unexpected text after the query");
		}
		rc = tree ? DOSSIER_OK : (e->rc ? e->rc : DOSSIER_EUSAGE);
	}
	toks_free(toks, n);
	*out = tree;
	return rc;
}
