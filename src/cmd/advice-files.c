/* advice-files.c: what a log directory holds when none of its files is
 * of the pattern, read by a readdir of its own after the run (the scanner
 * is not asked): the regular files whose name looks like the pattern, or
 * else the most common names, and the pattern they suggest. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/advice-files.h"
#include "common/xmalloc.h"
#include "engine/listing.h"

/* Tells whether the LENGTH bytes of TEXT are digits, and there is one. */
static int
all_digits(const char *text, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++) {
		if (text[i] < '0' || text[i] > '9')
			return 0;
	}
	return length > 0;
}

/* Returns a copy of NAME without what rotation adds: a final ".gz", then
 * ".N", "-N" (dates and times are digits too) as often as they end it. */
static char *
name_stem(const char *name)
{
	char *stem = xstrdup(name), *cut;
	size_t length = strlen(stem);

	for (;;) {
		if (length > 3 && strcmp(stem + length - 3, ".gz") == 0) {
			stem[length -= 3] = '\0';
			continue;
		}
		cut = stem + length;
		while (cut > stem && cut[-1] != '.' && cut[-1] != '-')
			cut--;
		if (cut - 1 <= stem || !all_digits(cut, length -
		    (size_t)(cut - stem)))
			return stem;
		length = (size_t)(cut - 1 - stem);
		stem[length] = '\0';
	}
}

/* Returns the length of NAME up to its first '.' or '-'. */
static size_t
base_length(const char *name)
{
	return strcspn(name, ".-");
}

/* Returns how much STEM looks like PATTERN: the same name but for case,
 * the same base (before the first '.' or '-'), the same extension (after
 * the last '.'); 0 if none of these. */
static int
likeness(const char *stem, const char *pattern)
{
	const char *stem_dot = strrchr(stem, '.');
	const char *pattern_dot = strrchr(pattern, '.');
	size_t base = base_length(stem);
	int score = 0;

	if (strcasecmp(stem, pattern) == 0)
		score += 4;
	if (base > 0 && base == base_length(pattern) &&
	    strncasecmp(stem, pattern, base) == 0)
		score += 2;
	if (stem_dot != NULL && pattern_dot != NULL && stem_dot[1] != '\0' &&
	    strcasecmp(stem_dot, pattern_dot) == 0)
		score += 1;
	return score;
}

/* Orders files: most like the pattern first, then those whose stem more
 * files share, then by name. */
static int
compare_files(const void *a, const void *b)
{
	const struct advice_file *x = a, *y = b;

	if (x->likeness != y->likeness)
		return y->likeness - x->likeness;
	if (x->stem_files != y->stem_files)
		return x->stem_files < y->stem_files ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Appends the regular file NAME of the directory DIRFD to NEAR. */
static void
add_file(struct advice_files *near, int dirfd, const char *name,
    size_t *capacity)
{
	struct stat st;

	if (name[0] == '.' || fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return;
	if (near->count == *capacity) {
		*capacity = *capacity == 0 ? 16 : *capacity * 2;
		near->files = xreallocarray(near->files, *capacity,
		    sizeof *near->files);
	}
	near->files[near->count].name = xstrdup(name);
	near->files[near->count].stem = name_stem(name);
	near->count++;
}

/* Reads the regular files of DIR (hidden ones and symbolic links left
 * out, as the scanner leaves them) into NEAR.
 * Returns 0, or -1 if DIR cannot be read. */
static int
read_dir(struct advice_files *near, const char *dir)
{
	struct dirent *entry;
	size_t capacity = 0;
	DIR *stream;

	if ((stream = opendir(dir)) == NULL)
		return -1;
	while ((entry = readdir(stream)) != NULL)
		add_file(near, dirfd(stream), entry->d_name, &capacity);
	closedir(stream);
	return 0;
}

static int
compare_stems(const void *a, const void *b)
{
	const struct advice_file *x = a, *y = b;

	return strcmp(x->stem, y->stem);
}

/* Scores each file of NEAR against PATTERN, counts the files of each
 * stem (sorted by stem first, so in one pass) and sorts them. */
static void
rank_files(struct advice_files *near, const char *pattern)
{
	size_t first = 0, i, j;

	if (near->count == 0)
		return;		/* qsort may not be given a NULL array */
	qsort(near->files, near->count, sizeof *near->files, compare_stems);
	for (i = 0; i <= near->count; i++) {
		if (i < near->count && strcmp(near->files[i].stem,
		    near->files[first].stem) == 0)
			continue;
		for (j = first; j < i; j++)
			near->files[j].stem_files = i - first;
		first = i;
	}
	for (i = 0; i < near->count; i++) {
		near->files[i].likeness = likeness(near->files[i].stem, pattern);
		near->matching += listing_of_pattern(near->files[i].name, pattern);
	}
	qsort(near->files, near->count, sizeof *near->files, compare_files);
}

/* Fills NEAR with the regular files of DIR, those most like PATTERN
 * first, else those whose stem most files share. Returns 0, or -1 if DIR
 * cannot be read. Free NEAR with advice_files_free. */
int
advice_files_read(struct advice_files *near, const char *dir,
    const char *pattern)
{
	memset(near, 0, sizeof *near);
	if (read_dir(near, dir) != 0)
		return -1;
	rank_files(near, pattern);
	near->alike = near->count > 0 && near->files[0].likeness > 0;
	return 0;
}

/* Returns the pattern the first file of NEAR suggests: its stem, or NULL
 * if there is no file. */
const char *
advice_files_suggestion(const struct advice_files *near)
{
	return near->count == 0 ? NULL : near->files[0].stem;
}

void
advice_files_free(struct advice_files *near)
{
	size_t i;

	for (i = 0; i < near->count; i++) {
		free(near->files[i].name);
		free(near->files[i].stem);
	}
	free(near->files);
	memset(near, 0, sizeof *near);
}
