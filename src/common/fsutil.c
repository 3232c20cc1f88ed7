/* fsutil.c: directory creation, full writes and atomic file replacement. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/xmalloc.h"

/* Creates PATH and any missing parents, like mkdir -p. Returns 0, or -1
 * with an allocated *CAUSE naming the directory that failed. */
int
fsutil_mkdirs(const char *path, mode_t mode, char **cause)
{
	char *copy = xstrdup(path);
	char *slash = copy;
	struct stat st;

	for (;;) {
		while (*slash == '/')
			slash++;
		slash = strchr(slash, '/');
		if (slash != NULL)
			*slash = '\0';
		if (mkdir(copy, mode) != 0 && errno != EEXIST) {
			xasprintf(cause, "%s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(copy);
	if (stat(path, &st) != 0)
		return (xasprintf(cause, "%s: %s", path, strerror(errno)), -1);
	if (!S_ISDIR(st.st_mode))
		return (xasprintf(cause, "%s: %s", path, strerror(ENOTDIR)), -1);
	return 0;
}

/* Writes all LENGTH bytes of DATA to FD, resuming after interruptions and
 * short writes. Returns 0, or -1 with errno set. */
int
fsutil_write_all(int fd, const void *data, size_t length)
{
	const char *p = data;
	ssize_t written;

	while (length > 0) {
		written = write(fd, p, length);
		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return -1;
		p += written;
		length -= (size_t)written;
	}
	return 0;
}

/* Returns the allocated name of the temporary file that replaces PATH. */
static char *
temp_path(const char *path)
{
	char *temp;

	xasprintf(&temp, "%s.tmp", path);
	return temp;
}

/* Creates TEMP afresh for writing: a stale one, left by a crash, is
 * removed first, and a symbolic link in its place is not followed. */
static int
create_temp(const char *temp)
{
	if (unlink(temp) != 0 && errno != ENOENT)
		return -1;
	return open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
}

/* Syncs the directory that holds PATH, so that a rename in it is durable. */
static int
sync_parent(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/');
	int fd, result;

	if (slash == copy)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	fd = open(slash != NULL ? copy : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	result = fsync(fd);
	close(fd);
	return result;
}

/* Checks early that fsutil_replace_file(PATH) could create its temporary
 * file, by creating and removing it. Returns 0, or -1 with *CAUSE. */
int
fsutil_probe_replace(const char *path, char **cause)
{
	char *temp = temp_path(path);
	int fd = create_temp(temp);

	if (fd < 0) {
		xasprintf(cause, "%s: %s", temp, strerror(errno));
		free(temp);
		return -1;
	}
	close(fd);
	unlink(temp);
	free(temp);
	return 0;
}

/* Replaces PATH with DATA atomically and durably: writes PATH.tmp, syncs
 * it, renames it over PATH and syncs the directory, so that after a crash
 * readers see the old or the new file, never a mix. */
int
fsutil_replace_file(const char *path, const char *data, size_t length,
    char **cause)
{
	char *temp = temp_path(path);
	int fd = create_temp(temp);

	if (fd < 0 || fsutil_write_all(fd, data, length) != 0 ||
	    fsync(fd) != 0) {
		xasprintf(cause, "%s: %s", temp, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(temp);
		free(temp);
		return -1;
	}
	if (close(fd) != 0 || rename(temp, path) != 0 || sync_parent(path) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		unlink(temp);
		free(temp);
		return -1;
	}
	free(temp);
	return 0;
}
