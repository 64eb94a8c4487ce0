/*
 * Runs LLVMFuzzerTestOneInput over every file in the directories or files
 * named on the command line.  Exits non-zero if a corpus is missing or
 * empty, so a replay test cannot pass by finding nothing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc(size > 0 ? (size_t)size : 1);
	if (!data || (size > 0 && fread(data, 1, (size_t)size, f) != (size_t)size)) {
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

static int replay_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char path[4096];

	if (!d)
		return -1;
	while ((ent = readdir(d))) {
		struct stat st;

		if (ent->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (replay_file(path)) {
			fprintf(stderr, "replay: cannot read %s\n", path);
			closedir(d);
			return -1;
		}
		(*count)++;
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	size_t count = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: no such corpus\n", argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count)
					: replay_file(argv[i])) {
			fprintf(stderr, "replay: %s: unreadable\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode))
			count++;
	}
	if (!count) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	printf("replayed %zu inputs\n", count);
	return 0;
}
