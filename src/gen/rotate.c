/* rotate.c: rotation without overwriting. The segment is named after the
 * UTC second of its last record, PATTERN.YYYYMMDD-HHMMSS; a second rotation
 * within the same second appends -000001, -000002 and so on. Those names
 * sort after the plain one and in order, so name order stays time order.
 * The rename never replaces an existing file: it is a link() to the new
 * name, which fails if the name is taken, then an unlink() of the old. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "gen/rotate.h"

/* Writes the segment name for SEC and SEQUENCE (0: no suffix) into BUF. */
void
rotate_name(char *buf, size_t size, const char *pattern, int64_t sec,
    unsigned sequence)
{
	time_t when = (time_t)sec;
	struct tm tm;
	char stamp[32];

	gmtime_r(&when, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	if (sequence == 0)
		snprintf(buf, size, "%s.%s", pattern, stamp);
	else
		snprintf(buf, size, "%s.%s-%06u", pattern, stamp, sequence);
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

/* Renames PATTERN in DIRFD to the first free segment name for SEC. Sets
 * *NAME to the allocated new name. Returns 0, or -1 with *CAUSE. */
int
rotate_file(struct rotator *rotator, int dirfd, const char *pattern,
    int64_t sec, char **name, char **cause)
{
	unsigned sequence = 0;
	char buf[4096];

	if (rotator->used && rotator->last_sec == sec)
		sequence = rotator->last_sequence + 1;
	for (; sequence <= ROTATE_MAX_SEQUENCE; sequence++) {
		rotate_name(buf, sizeof buf, pattern, sec, sequence);
		if (rename_noreplace(dirfd, pattern, buf) == 0) {
			rotator->last_sec = sec;
			rotator->last_sequence = sequence;
			rotator->used = 1;
			*name = xstrdup(buf);
			return 0;
		}
		if (errno != EEXIST) {
			xasprintf(cause, "%s -> %s: %s", pattern, buf,
			    strerror(errno));
			return -1;
		}
	}
	xasprintf(cause, "%s: more than %u rotations in one second", pattern,
	    ROTATE_MAX_SEQUENCE);
	return -1;
}
