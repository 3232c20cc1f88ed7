/* rotate.c: rotation without overwriting, in three schemes (see
 * rotate-name.c for the names). At each rotation, in this order:
 *   1. with --keep N, the oldest segments are removed until N - 1 remain
 *      (logrotate's "rotate N"), whoever made them;
 *   2. with --delay-compress, the newest segment is compressed if it is
 *      still plain (logrotate's delaycompress);
 *   3. numbered: every PATTERN.N[.gz] becomes PATTERN.N+1[.gz], the
 *      highest first, so that no name is taken when it is needed;
 *   4. the active file takes the new segment's name: PATTERN.1, or for the
 *      other schemes the UTC second given, with the next free suffix, never
 *      sorting before the newest segment already there (in this run or,
 *      found by rotate_init, an earlier one), so that name order is always
 *      rotation order;
 *   5. with --compress alone, the new segment is compressed at once.
 * A name is free only if neither NAME nor NAME.gz exists, and the rename
 * never replaces a file (rotate_file_rename). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "gen/rotate-file.h"
#include "gen/rotate.h"

/* Formats NAME of ROTATOR's pattern and scheme into BUF, compressed or not
 * as COMPRESSED says. BUF has ROTATE_NAME_SIZE bytes, which any pattern
 * that is a file name fits in. */
static void
format_name(const struct rotator *rotator, const struct rotate_name *name,
    int compressed, char *buf)
{
	struct rotate_name copy = *name;

	copy.compressed = compressed;
	(void)rotate_name_format(buf, ROTATE_NAME_SIZE, rotator->options.scheme,
	    rotator->pattern, &copy);
}

/* Tells whether ROTATOR lists the segments present. */
static int
tracks_present(const struct rotator *rotator)
{
	return rotator->options.scheme == ROTATE_NUMBERED ||
	    rotator->options.keep > 0;
}

/* Appends NAME to the segments present, as the newest. */
static void
add_present(struct rotator *rotator, const struct rotate_name *name)
{
	if (rotator->present_count == rotator->present_capacity) {
		rotator->present_capacity = rotator->present_capacity == 0 ? 16 :
		    rotator->present_capacity * 2;
		rotator->present = xreallocarray(rotator->present,
		    rotator->present_capacity, sizeof *rotator->present);
	}
	rotator->present[rotator->present_count++] = *name;
}

/* Makes NAME the newest segment if it sorts after the newest so far. */
static void
note_newest(struct rotator *rotator, const struct rotate_name *name)
{
	if (!rotator->has_newest || rotate_name_compare(rotator->options.scheme,
	    name, &rotator->newest) > 0) {
		rotator->newest = *name;
		rotator->newest.compressed = 0;
		rotator->has_newest = 1;
	}
}

/* Returns the newest segment, or NULL if there is none. */
static const struct rotate_name *
newest_segment(const struct rotator *rotator)
{
	if (rotator->options.scheme != ROTATE_NUMBERED)
		return rotator->has_newest ? &rotator->newest : NULL;
	if (rotator->present_count == 0)
		return NULL;
	return &rotator->present[rotator->present_count - 1];
}

static int
compare_numbered(const void *a, const void *b)
{
	return rotate_name_compare(ROTATE_NUMBERED, a, b);
}

static int
compare_stamped(const void *a, const void *b)
{
	return rotate_name_compare(ROTATE_TIMESTAMP, a, b);
}

/* Sorts the segments present oldest first, and counts NAME and NAME.gz
 * (both there after a crash while compressing) as one segment. */
static void
sort_present(struct rotator *rotator)
{
	enum rotate_scheme scheme = rotator->options.scheme;
	size_t i, kept = 0;

	if (rotator->present_count == 0)
		return;		/* qsort wants a valid array even when empty */
	qsort(rotator->present, rotator->present_count,
	    sizeof *rotator->present, scheme == ROTATE_NUMBERED ?
	    compare_numbered : compare_stamped);
	for (i = 0; i < rotator->present_count; i++) {
		if (kept > 0 && rotate_name_compare(scheme,
		    &rotator->present[kept - 1], &rotator->present[i]) == 0)
			continue;
		rotator->present[kept++] = rotator->present[i];
	}
	rotator->present_count = kept;
}

/* Starts ROTATOR for PATTERN in DIRFD with OPTIONS, after the segments of
 * its scheme already there, which count as the oldest. Returns 0, or -1
 * with *CAUSE if the directory cannot be read. */
int
rotate_init(struct rotator *rotator, int dirfd, const char *pattern,
    const struct rotate_options *options, char **cause)
{
	struct rotate_name name;
	struct dirent *entry;
	DIR *dir;
	int fd;

	memset(rotator, 0, sizeof *rotator);
	rotator->dirfd = dirfd;
	rotator->pattern = pattern;
	rotator->options = *options;
	if ((fd = dup(dirfd)) < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return (xasprintf(cause, "%s", strerror(errno)), -1);
	}
	rewinddir(dir);
	while ((entry = readdir(dir)) != NULL) {
		if (rotate_name_parse(options->scheme, pattern, entry->d_name,
		    &name) != 0)
			continue;
		if (options->scheme != ROTATE_NUMBERED)
			note_newest(rotator, &name);
		if (tracks_present(rotator))
			add_present(rotator, &name);
	}
	closedir(dir);
	sort_present(rotator);
	rotator->foreign = rotator->present_count;
	return 0;
}

/* Releases what rotate_init() took. */
void
rotate_free(struct rotator *rotator)
{
	free(rotator->present);
	rotator->present = NULL;
	rotator->present_count = rotator->present_capacity = 0;
}

/* Removes the oldest segment present, plain and compressed. Returns 0, or
 * -1 with *CAUSE. */
static int
remove_oldest(struct rotator *rotator, char **cause)
{
	char buf[ROTATE_NAME_SIZE];
	int compressed;

	for (compressed = 0; compressed <= 1; compressed++) {
		format_name(rotator, &rotator->present[0], compressed, buf);
		if (rotate_file_remove(rotator->dirfd, buf) != 0)
			return (xasprintf(cause, "%s: %s", buf, strerror(errno)),
			    -1);
	}
	memmove(rotator->present, rotator->present + 1,
	    (rotator->present_count - 1) * sizeof *rotator->present);
	rotator->present_count--;
	if (rotator->foreign > 0)
		rotator->foreign--;
	else
		rotator->own_deleted++;
	return 0;
}

/* --keep N: removes the oldest segments until there is room for one more
 * within N. Returns 0, or -1 with *CAUSE. */
static int
make_room(struct rotator *rotator, char **cause)
{
	if (rotator->options.keep == 0)
		return 0;
	while (rotator->present_count >= rotator->options.keep) {
		if (remove_oldest(rotator, cause) != 0)
			return -1;
	}
	return 0;
}

/* --delay-compress: compresses the newest segment, which the previous
 * rotation (or an earlier run) left plain, unless it is gone or already
 * compressed. Returns 0, or -1 with *CAUSE. */
static int
compress_newest(struct rotator *rotator, char **cause)
{
	const struct rotate_name *newest = newest_segment(rotator);
	char plain[ROTATE_NAME_SIZE], compressed[ROTATE_NAME_SIZE];

	if (newest == NULL)
		return 0;
	format_name(rotator, newest, 0, plain);
	format_name(rotator, newest, 1, compressed);
	if (!rotate_file_exists(rotator->dirfd, plain) ||
	    rotate_file_exists(rotator->dirfd, compressed))
		return 0;
	return rotate_file_compress(rotator->dirfd, plain, cause);
}

/* Numbered: renames every segment N, plain or compressed, to N + 1, the
 * oldest (highest N) first. Returns 0, or -1 with *CAUSE. */
static int
shift_numbered(struct rotator *rotator, char **cause)
{
	char from[ROTATE_NAME_SIZE], to[ROTATE_NAME_SIZE];
	struct rotate_name *segment, next;
	size_t i;
	int compressed;

	for (i = 0; i < rotator->present_count; i++) {
		segment = &rotator->present[i];
		next = *segment;
		next.number++;
		for (compressed = 0; compressed <= 1; compressed++) {
			format_name(rotator, segment, compressed, from);
			format_name(rotator, &next, compressed, to);
			if (rotate_file_rename(rotator->dirfd, from, to) != 0 &&
			    errno != ENOENT)
				return (xasprintf(cause, "%s -> %s: %s", from, to,
				    strerror(errno)), -1);
		}
		segment->number++;
	}
	return 0;
}

/* Renames the active file to NAME, written into PLAIN, unless NAME or
 * NAME.gz exists. Returns 0, or -1 with errno (EEXIST when taken). */
static int
rename_active(struct rotator *rotator, const struct rotate_name *name,
    char *plain)
{
	char compressed[ROTATE_NAME_SIZE];

	format_name(rotator, name, 0, plain);
	format_name(rotator, name, 1, compressed);
	if (rotate_file_exists(rotator->dirfd, compressed)) {
		errno = EEXIST;
		return -1;
	}
	return rotate_file_rename(rotator->dirfd, rotator->pattern, plain);
}

/* Timestamp, dateext: renames the active file to the first free name for
 * SEC that does not sort before the newest segment. Returns 0 with NAME
 * and PLAIN set, or -1 with *CAUSE. */
static int
rename_stamped(struct rotator *rotator, int64_t sec, struct rotate_name *name,
    char *plain, char **cause)
{
	memset(name, 0, sizeof *name);
	rotate_name_stamp(name->stamp, sec);
	if (rotator->has_newest && rotate_name_compare(rotator->options.scheme,
	    name, &rotator->newest) <= 0) {
		*name = rotator->newest;
		name->sequence++;
	}
	for (; name->sequence <= ROTATE_MAX_SEQUENCE; name->sequence++) {
		if (rename_active(rotator, name, plain) == 0)
			return 0;
		if (errno != EEXIST)
			return (xasprintf(cause, "%s -> %s: %s", rotator->pattern,
			    plain, strerror(errno)), -1);
	}
	xasprintf(cause, _("%s: more than %u rotations in one second"),
	    rotator->pattern, ROTATE_MAX_SEQUENCE);
	return -1;
}

/* Numbered: shifts the segments up and renames the active file to
 * PATTERN.1. Returns 0 with NAME and PLAIN set, or -1 with *CAUSE. */
static int
rename_numbered(struct rotator *rotator, struct rotate_name *name,
    char *plain, char **cause)
{
	if (shift_numbered(rotator, cause) != 0)
		return -1;
	memset(name, 0, sizeof *name);
	name->number = 1;
	if (rename_active(rotator, name, plain) != 0)
		return (xasprintf(cause, "%s -> %s: %s", rotator->pattern, plain,
		    strerror(errno)), -1);
	return 0;
}

/* Rotates the active file of ROTATOR's pattern to a new segment named, in
 * the timestamp and dateext schemes, after the UTC second SEC; removes,
 * compresses and shifts the others as the options say (see above). Sets
 * *NAME to the allocated name the new segment has on return (ending with
 * .gz under --compress alone). Returns 0, or -1 with *CAUSE. */
int
rotate_segment(struct rotator *rotator, int64_t sec, char **name,
    char **cause)
{
	const struct rotate_options *options = &rotator->options;
	char plain[ROTATE_NAME_SIZE];
	struct rotate_name segment;
	int compress_now = options->compress && !options->delay_compress;

	if (make_room(rotator, cause) != 0)
		return -1;
	if (options->compress && options->delay_compress &&
	    compress_newest(rotator, cause) != 0)
		return -1;
	if ((options->scheme == ROTATE_NUMBERED ?
	    rename_numbered(rotator, &segment, plain, cause) :
	    rename_stamped(rotator, sec, &segment, plain, cause)) != 0)
		return -1;
	if (options->scheme != ROTATE_NUMBERED)
		note_newest(rotator, &segment);
	if (tracks_present(rotator))
		add_present(rotator, &segment);
	if (compress_now && rotate_file_compress(rotator->dirfd, plain,
	    cause) != 0)
		return -1;
	xasprintf(name, "%s%s", plain, compress_now ? ROTATE_GZ_SUFFIX : "");
	return 0;
}
