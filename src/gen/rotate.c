/* rotate.c: rotation without overwriting. The segment is named after the
 * UTC second of its last record, PATTERN.YYYYMMDD-HHMMSS; a second rotation
 * within the same second appends -000001, -000002 and so on. Those names
 * sort after the plain one and in order. A name is never chosen below the
 * last one taken, in this run or (found by rotate_init) an earlier one, so
 * name order is always rotation order. The rename never replaces an
 * existing file: it is a link() to the new name, which fails if the name
 * is taken, then an unlink() of the old. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "gen/rotate.h"

/* Writes "YYYYMMDD-HHMMSS" for the UTC second SEC into STAMP. */
void
rotate_stamp(char *stamp, int64_t sec)
{
	time_t when = (time_t)sec;
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(stamp, ROTATE_STAMP_SIZE, "%Y%m%d-%H%M%S", &tm);
}

/* Writes the segment name for STAMP and SEQUENCE (0: no suffix) into BUF. */
void
rotate_name(char *buf, size_t size, const char *pattern, const char *stamp,
    unsigned sequence)
{
	if (sequence == 0)
		snprintf(buf, size, "%s.%s", pattern, stamp);
	else
		snprintf(buf, size, "%s.%s-%06u", pattern, stamp, sequence);
}

/* Parses "YYYYMMDD-HHMMSS" or "YYYYMMDD-HHMMSS-NNNNNN" (what follows
 * "PATTERN.") into STAMP and *SEQUENCE. Returns 0, or -1 for other names. */
static int
parse_suffix(const char *suffix, char *stamp, unsigned *sequence)
{
	static const char shape[] = "dddddddd-dddddd";
	size_t i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? (suffix[i] < '0' || suffix[i] > '9') :
		    suffix[i] != shape[i])
			return -1;
	}
	memcpy(stamp, suffix, ROTATE_STAMP_SIZE - 1);
	stamp[ROTATE_STAMP_SIZE - 1] = '\0';
	*sequence = 0;
	if (suffix[i] == '\0')
		return 0;
	if (suffix[i] != '-' || strlen(suffix + i + 1) != 6 ||
	    strspn(suffix + i + 1, "0123456789") != 6)
		return -1;
	*sequence = (unsigned)strtoul(suffix + i + 1, NULL, 10);
	return 0;
}

/* Raises the rotator's last name to STAMP-SEQUENCE if that sorts later. */
static void
remember(struct rotator *rotator, const char *stamp, unsigned sequence)
{
	int order = strcmp(stamp, rotator->last_stamp);

	if (order > 0 || (order == 0 && sequence > rotator->last_sequence)) {
		strcpy(rotator->last_stamp, stamp);
		rotator->last_sequence = sequence;
	}
}

/* Starts ROTATOR after the latest segment of PATTERN already in DIRFD.
 * Returns 0, or -1 with *CAUSE if the directory cannot be read. */
int
rotate_init(struct rotator *rotator, int dirfd, const char *pattern,
    char **cause)
{
	char stamp[ROTATE_STAMP_SIZE];
	size_t length = strlen(pattern);
	struct dirent *entry;
	unsigned sequence;
	DIR *dir;
	int fd;

	memset(rotator, 0, sizeof *rotator);
	if ((fd = dup(dirfd)) < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return (xasprintf(cause, "%s", strerror(errno)), -1);
	}
	rewinddir(dir);
	while ((entry = readdir(dir)) != NULL) {
		if (strncmp(entry->d_name, pattern, length) == 0 &&
		    entry->d_name[length] == '.' &&
		    parse_suffix(entry->d_name + length + 1, stamp, &sequence) == 0)
			remember(rotator, stamp, sequence);
	}
	closedir(dir);
	return 0;
}

/* Gives FROM the name TO unless TO exists: 0 on success, -1 with errno
 * (EEXIST when the name is taken). Uses link()+unlink(), and on file
 * systems without hard links a check followed by rename(). */
static int
rename_noreplace(int dirfd, const char *from, const char *to)
{
	struct stat st;

	if (linkat(dirfd, from, dirfd, to, 0) == 0)
		return unlinkat(dirfd, from, 0);
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != ENOSYS)
		return -1;
	if (fstatat(dirfd, to, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		errno = EEXIST;
		return -1;
	}
	return renameat(dirfd, from, dirfd, to);
}

/* Renames PATTERN in DIRFD to the first free segment name for SEC that
 * does not sort before the last one taken. Sets *NAME to the allocated new
 * name. Returns 0, or -1 with *CAUSE. */
int
rotate_file(struct rotator *rotator, int dirfd, const char *pattern,
    int64_t sec, char **name, char **cause)
{
	char stamp[ROTATE_STAMP_SIZE], buf[4096];
	unsigned sequence = 0;

	rotate_stamp(stamp, sec);
	if (strcmp(stamp, rotator->last_stamp) <= 0) {
		strcpy(stamp, rotator->last_stamp);
		sequence = rotator->last_sequence + 1;
	}
	for (; sequence <= ROTATE_MAX_SEQUENCE; sequence++) {
		rotate_name(buf, sizeof buf, pattern, stamp, sequence);
		if (rename_noreplace(dirfd, pattern, buf) == 0) {
			remember(rotator, stamp, sequence);
			*name = xstrdup(buf);
			return 0;
		}
		if (errno != EEXIST)
			return (xasprintf(cause, "%s -> %s: %s", pattern, buf,
			    strerror(errno)), -1);
	}
	xasprintf(cause, _("%s: more than %u rotations in one second"), pattern,
	    ROTATE_MAX_SEQUENCE);
	return -1;
}
