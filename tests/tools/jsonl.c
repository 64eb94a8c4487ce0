/*
 * jsonl — checks and reads JSON Lines for the command-line tests, which
 * cannot count on python or jq being installed.
 *
 *	jsonl [--require K1,K2,...] [--require-each ARRAY K1,K2,...] [--get PATH]... < LINES
 *
 * Every line must be one JSON object (exit 1 naming the line otherwise).
 * --require: each object has these keys (null values count as present).
 * --require-each: each element of the object's array ARRAY is an object
 * with these keys.  --get: prints, per line, the values at each PATH
 * (keys and array indices joined by dots: "sources.0.doc"), tab-separated:
 * strings as they are, null and missing as "null", anything else as
 * compact JSON.  Exit 0 when all is well, 1 on a failed check, 2 on bad use.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GETS 16

static int has_keys(json_t *o, const char *keys, size_t line, const char *where)
{
	char *copy = strdup(keys), *save = NULL;
	int ok = 1;

	for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		if (!json_is_object(o) || !json_object_get(o, k)) {
			fprintf(stderr, "jsonl: line %zu: %s has no \"%s\"\n", line, where, k);
			ok = 0;
		}
	}
	free(copy);
	return ok;
}

static json_t *at_path(json_t *v, const char *path)
{
	char *copy = strdup(path), *save = NULL;

	for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, strtoul(k, NULL, 10));
		else
			v = json_object_get(v, k);
	}
	free(copy);
	return v;
}

static void print_value(json_t *v)
{
	char *s;

	if (!v || json_is_null(v)) {
		fputs("null", stdout);
	} else if (json_is_string(v)) {
		fputs(json_string_value(v), stdout);
	} else {
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		fputs(s ? s : "?", stdout);
		free(s);
	}
}

int main(int argc, char **argv)
{
	const char *require = NULL, *each_array = NULL, *each_keys = NULL;
	const char *gets[MAX_GETS];
	size_t n_gets = 0, line_no = 0;
	char *line = NULL;
	size_t cap = 0;
	int ok = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--require") && i + 1 < argc) {
			require = argv[++i];
		} else if (!strcmp(argv[i], "--require-each") && i + 2 < argc) {
			each_array = argv[++i];
			each_keys = argv[++i];
		} else if (!strcmp(argv[i], "--get") && i + 1 < argc && n_gets < MAX_GETS) {
			gets[n_gets++] = argv[++i];
		} else {
			fprintf(stderr, "usage: jsonl [--require KEYS] [--require-each ARRAY KEYS] "
					"[--get PATH]... < LINES\n");
			return 2;
		}
	}
	while (getline(&line, &cap, stdin) > 0) {
		json_error_t error;
		json_t *o;

		line_no++;
		o = json_loads(line, JSON_REJECT_DUPLICATES, &error);
		if (!json_is_object(o)) {
			fprintf(stderr, "jsonl: line %zu: not a JSON object: %s\n", line_no,
				o ? "another value" : error.text);
			json_decref(o);
			ok = 0;
			continue;
		}
		if (require)
			ok &= has_keys(o, require, line_no, "the object");
		if (each_array) {
			json_t *a = json_object_get(o, each_array), *el;
			size_t i;

			if (!json_is_array(a)) {
				fprintf(stderr, "jsonl: line %zu: \"%s\" is no array\n", line_no, each_array);
				ok = 0;
			}
			json_array_foreach(a, i, el)
				ok &= has_keys(el, each_keys, line_no, each_array);
		}
		for (size_t g = 0; g < n_gets; g++) {
			if (g)
				putchar('\t');
			print_value(at_path(o, gets[g]));
		}
		if (n_gets)
			putchar('\n');
		json_decref(o);
	}
	free(line);
	return ok ? 0 : 1;
}
