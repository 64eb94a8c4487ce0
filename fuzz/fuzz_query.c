/*
 * libFuzzer target: the query compiler and the tokenizer, on any bytes.
 * Queries come from users and HTTP clients; neither path may crash, leak
 * or read out of bounds, and a compiled query must be valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "query/query.h"
#include "text/text.h"

static struct text_ctx *text;
static struct query_ctx *q;

static int count_token(void *arg, const struct text_token *t)
{
	size_t *n = arg;

	(*n)++;
	if (t->end < t->start || t->len == 0 || t->len > TEXT_TOKEN_MAX)
		abort(); /* a broken token contract is the bug we look for */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	char *s, *match = NULL;
	size_t n = 0;

	if (!text) {
		if (text_ctx_new(&text, &e) || query_ctx_new(&q, "/nonexistent", text, NULL, &e))
			abort();
	}
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	text_tokenize(text, s, size, 0, count_token, &n);
	text_tokenize(text, s, size, TEXT_TOKENIZE_QUERY, count_token, &n);
	if (query_compile(q, s, 0, &match, NULL, &e) == DOSSIER_OK &&
	    utf8_count_invalid(match, strlen(match), NULL))
		abort();
	free(match);
	free(s);
	return 0;
}
