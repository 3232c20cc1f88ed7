/* corpus_main.c: runs a fuzz target without libFuzzer, so that its corpus
 * is a test in make check. Each argument is a file, or a directory whose
 * files are read in name order (subdirectories and names starting with
 * '.' are skipped). Each file is one input, handed to
 * LLVMFuzzerTestOneInput() in a buffer of exactly its size, so that
 * AddressSanitizer sees reads past the end. Prints each input's name and
 * the count; exits 0, or 1 when a file cannot be read or nothing ran. An
 * input the target finds wrong ends the program in the target (abort). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/xmalloc.h"
#include "fuzz.h"

#define READ_CHUNK 65536

/* Reads all of PATH into a new buffer of exactly its size; sets *SIZE.
 * Returns the buffer (the caller frees it), or NULL with errno set. */
static uint8_t *
read_file(const char *path, size_t *size)
{
	FILE *file = fopen(path, "rb");
	uint8_t *data = NULL, *exact;
	size_t used = 0, got;

	if (file == NULL)
		return NULL;
	do {
		data = xreallocarray(data, used + READ_CHUNK, 1);
		got = fread(data + used, 1, READ_CHUNK, file);
		used += got;
	} while (got == READ_CHUNK);
	if (ferror(file)) {
		fclose(file);
		free(data);
		errno = EIO;
		return NULL;
	}
	fclose(file);
	exact = xmalloc(used);
	if (used > 0)
		memcpy(exact, data, used);
	free(data);
	*size = used;
	return exact;
}

/* Runs the target on the file PATH. Returns 0, or -1 if unreadable. */
static int
run_file(const char *path)
{
	uint8_t *data;
	size_t size;

	if ((data = read_file(path, &size)) == NULL) {
		fprintf(stderr, "corpus: %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("corpus: %s (%zu bytes)\n", path, size);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the entries of DIRECTORY not starting with '.', sorted; sets
 * *COUNT. Returns the names (the caller frees them), or NULL on error. */
static char **
list_directory(const char *directory, size_t *count)
{
	DIR *dir = opendir(directory);
	struct dirent *entry;
	char **names = NULL;

	*count = 0;
	if (dir == NULL)
		return NULL;
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		names = xreallocarray(names, *count + 1, sizeof *names);
		names[(*count)++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	if (*count > 0)
		qsort(names, *count, sizeof *names, compare_names);
	return names != NULL ? names : xmalloc(sizeof *names);
}

/* Runs the target on each regular file of DIRECTORY; adds to *RAN.
 * Returns 0, or -1 if one could not be read. */
static int
run_directory(const char *directory, size_t *ran)
{
	char **names, *path;
	size_t count, i;
	struct stat st;
	int status = 0;

	if ((names = list_directory(directory, &count)) == NULL) {
		fprintf(stderr, "corpus: %s: %s\n", directory, strerror(errno));
		return -1;
	}
	for (i = 0; i < count; i++) {
		xasprintf(&path, "%s/%s", directory, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) != 0)
				status = -1;
			else
				(*ran)++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return status;
}

int
main(int argc, char **argv)
{
	struct stat st;
	size_t ran = 0;
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (run_directory(argv[i], &ran) != 0)
				status = 1;
		} else if (run_file(argv[i]) != 0)
			status = 1;
		else
			ran++;
	}
	printf("corpus: %zu inputs ran\n", ran);
	if (ran == 0) {
		fprintf(stderr, "corpus: no input ran\n");
		status = 1;
	}
	return status;
}
