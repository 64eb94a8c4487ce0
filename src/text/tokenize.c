/*
 * Tokens for the index and for queries: words, and Han bigrams with the
 * last character of each run alone (see text_tokenize in text.h).
 */
#include <string.h>

#include "core/utf8.h"
#include "text/text_int.h"

/* A Han character's folded form, UTF-8, with where it stood. */
struct han_unit {
	char text[TEXT_FOLD_MAX * 4];
	size_t len, start, end;
};

struct tokenizer {
	const struct text_ctx *t;
	int query;
	text_token_fn fn;
	void *arg;
	/* the word being read */
	char word[TEXT_TOKEN_MAX];
	size_t word_len, word_start, word_end;
	int in_word;
	/* the Han run being read */
	struct han_unit prev;
	size_t run_len;
	/* a query's run-end character, held until we know more text follows */
	struct han_unit pending;
	size_t pending_run_len;
	int has_pending;
};

static int emit(struct tokenizer *k, const char *text, size_t len, size_t start,
		size_t end, int single)
{
	struct text_token tok = { text, len, start, end, single };

	if (k->has_pending) {
		struct text_token held = { k->pending.text, k->pending.len, k->pending.start,
					   k->pending.end, 1 };
		int rc;

		k->has_pending = 0;
		rc = k->fn(k->arg, &held);
		if (rc)
			return rc;
	}
	return k->fn(k->arg, &tok);
}

static int end_word(struct tokenizer *k)
{
	if (!k->in_word)
		return DOSSIER_OK;
	k->in_word = 0;
	return emit(k, k->word, k->word_len, k->word_start, k->word_end, 0);
}

static int end_han_run(struct tokenizer *k)
{
	int rc = DOSSIER_OK;

	/* Documents index every run's last character alone.  A query needs it
	 * only where more tokens follow (to keep positions in step with the
	 * document's), or when it is a one-character run, matched as a prefix;
	 * so it is held until the next token or the end shows which. */
	if (k->run_len && !k->query)
		rc = emit(k, k->prev.text, k->prev.len, k->prev.start, k->prev.end, 1);
	else if (k->run_len) {
		k->pending = k->prev;
		k->pending_run_len = k->run_len;
		k->has_pending = 1;
	}
	k->run_len = 0;
	return rc;
}

/* At the end of a query: a held character is kept only if it was a whole run. */
static int end_query(struct tokenizer *k)
{
	if (!k->has_pending || k->pending_run_len != 1)
		return DOSSIER_OK;
	k->has_pending = 0;
	return k->fn(k->arg, &(struct text_token){ k->pending.text, k->pending.len,
						   k->pending.start, k->pending.end, 1 });
}

/* Appends folded code points to the word, cutting it at TEXT_TOKEN_MAX. */
static void add_to_word(struct tokenizer *k, const uint32_t *cps, size_t n,
			size_t start, size_t end)
{
	if (!k->in_word) {
		k->in_word = 1;
		k->word_len = 0;
		k->word_start = start;
	}
	k->word_end = end;
	for (size_t i = 0; i < n; i++) {
		char tmp[4];
		size_t len = utf8_encode(cps[i], tmp);

		if (k->word_len + len <= sizeof k->word) {
			memcpy(k->word + k->word_len, tmp, len);
			k->word_len += len;
		}
	}
}

static int add_han(struct tokenizer *k, const uint32_t *cps, size_t n,
		   size_t start, size_t end)
{
	struct han_unit cur;
	int rc = DOSSIER_OK;

	cur.len = 0;
	for (size_t i = 0; i < n; i++)
		cur.len += utf8_encode(cps[i], cur.text + cur.len);
	cur.start = start;
	cur.end = end;
	if (k->run_len) {
		char bigram[sizeof cur.text * 2];

		memcpy(bigram, k->prev.text, k->prev.len);
		memcpy(bigram + k->prev.len, cur.text, cur.len);
		rc = emit(k, bigram, k->prev.len + cur.len, k->prev.start, end, 0);
	}
	k->prev = cur;
	k->run_len++;
	return rc;
}

int text_tokenize(const struct text_ctx *t, const char *s, size_t len,
		  int flags, text_token_fn fn, void *arg)
{
	struct tokenizer k;
	size_t pos = 0;
	int rc = DOSSIER_OK;

	memset(&k, 0, sizeof k);
	k.t = t;
	k.query = (flags & TEXT_TOKENIZE_QUERY) != 0;
	k.fn = fn;
	k.arg = arg;
	while (pos < len && !rc) {
		size_t start = pos;
		int32_t cp = utf8_next(s, len, &pos);
		uint32_t folded[TEXT_FOLD_MAX];
		enum text_class cls = TEXT_SEP;
		size_t n = cp < 0 ? 0 : text_fold(t, (uint32_t)cp, folded, &cls);

		switch (cls) {
		case TEXT_IGNORE:
			break;
		case TEXT_WORD:
			rc = end_han_run(&k);
			add_to_word(&k, folded, n, start, pos);
			break;
		case TEXT_HAN:
			rc = end_word(&k);
			if (!rc)
				rc = add_han(&k, folded, n, start, pos);
			break;
		default:
			rc = end_word(&k);
			if (!rc)
				rc = end_han_run(&k);
			break;
		}
	}
	if (!rc)
		rc = end_word(&k);
	if (!rc)
		rc = end_han_run(&k);
	if (!rc && k.query)
		rc = end_query(&k);
	return rc;
}
