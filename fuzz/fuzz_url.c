/*
 * libFuzzer target for url_key(): any bytes, alone and behind "https://",
 * must give a key without a crash, a leak or a read past the input, and a
 * key that is a C string of its own length (SQLite binds it by length).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *url)
{
	struct buf key = BUF_INIT;

	if (url_key(url, &key) == 0 && key.len && strlen(key.data) != key.len)
		abort();
	buf_release(&key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 9);

	if (!url)
		return 0;
	memcpy(url, "https://", 8);
	memcpy(url + 8, data, size);
	url[size + 8] = '\0';
	check(url + 8);
	check(url);
	free(url);
	return 0;
}
