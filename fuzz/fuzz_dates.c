/*
 * libFuzzer target for extract_dates(): any bytes, read against a
 * reference day taken from the first bytes (or none), must give dates
 * inside the text with calendar fields that format cleanly — never a
 * crash, a leak or a read past `size`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *text, size_t len, int y, int m, int d)
{
	struct extract_date *v = NULL;
	size_t n = 0;
	char out[EXTRACT_DATE_STR_MAX];

	if (extract_dates(text, len, y, m, d, &v, &n, NULL) != DOSSIER_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (v[i].start + v[i].len > len || !v[i].len ||
		    (i && v[i].start < v[i - 1].start + v[i - 1].len))
			abort(); /* outside the text, or overlapping */
		if (extract_date_format(&v[i], out, sizeof out) >= sizeof out)
			abort();
	}
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so ASan sees any read past `size`. */
	char *copy = malloc(size ? size : 1);
	int day = size ? data[0] % 28 + 1 : 1;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	check(copy, size, 0, 0, 0);
	check(copy, size, 2023, 11, 7);
	check(copy, size, 2024, 1 + (day % 12), day); /* a reference that varies with input */
	free(copy);
	return 0;
}
