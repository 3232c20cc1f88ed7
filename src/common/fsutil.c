/* fsutil.c: directory creation, full writes and atomic file replacement,
 * whole or streamed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/xmalloc.h"

#define REPLACE_BUFFER_SIZE 65536	/* a large checkpoint in a few writes */

/* Creates directory PATH unless it exists, and then syncs the directory
 * that holds it. Returns 0, or -1 with errno set. */
static int
make_directory(const char *path, mode_t mode)
{
	if (mkdir(path, mode) != 0)
		return errno == EEXIST ? 0 : -1;
	return fsutil_sync_parent(path);
}

/* Creates PATH and any missing parents, like mkdir -p, each durably:
 * the directory that holds a new one is synced, so that a power loss
 * cannot take it (and what is then written in it) away. Returns 0, or -1
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
		if (make_directory(copy, mode) != 0) {
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

/* Returns what a file of MODE is, for a message that says it is not a
 * regular file: "a FIFO", "a directory", and so on (translated). */
const char *
fsutil_type_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return _("a directory");
	if (S_ISFIFO(mode))
		return _("a FIFO");
	if (S_ISLNK(mode))
		return _("a symbolic link");
	if (S_ISCHR(mode))
		return _("a character device");
	if (S_ISBLK(mode))
		return _("a block device");
	if (S_ISSOCK(mode))
		return _("a socket");
	return _("not a file");
}

/* Sets *CAUSE to "PATH: not a regular file but a FIFO" and the like.
 * Returns -1 with errno EINVAL. */
static int
not_regular(const char *path, mode_t mode, char **cause)
{
	xasprintf(cause, _("%s: not a regular file but %s"), path,
	    fsutil_type_name(mode));
	errno = EINVAL;
	return -1;
}

/* Sets *CAUSE for PATH, which open with FLAGS refused with ERROR: if
 * what is there is not a regular file (a symbolic link that O_NOFOLLOW
 * met, a directory, a FIFO without a reader), says what it is; else
 * names the error. Returns -1 with errno ERROR. */
static int
open_refused(const char *path, int flags, int error, char **cause)
{
	struct stat st;
	int found = (flags & O_NOFOLLOW) ? lstat(path, &st) : stat(path, &st);

	if (error != ENOENT && found == 0 && !S_ISREG(st.st_mode))
		not_regular(path, st.st_mode, cause);
	else
		xasprintf(cause, "%s: %s", path, strerror(error));
	errno = error;
	return -1;
}

/* Opens PATH with FLAGS (and MODE, for O_CREAT) if it is a regular file,
 * never blocking: a FIFO, a directory or a device there is refused at
 * once, and so is a symbolic link if FLAGS has O_NOFOLLOW. Returns the
 * descriptor (close-on-exec, blocking again), or -1 with *CAUSE naming
 * PATH and what is wrong, and errno set (ENOENT: nothing is there). */
int
fsutil_open_regular(const char *path, int flags, mode_t mode, char **cause)
{
	int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC, mode);
	int status, error;
	struct stat st;

	if (fd < 0)
		return open_refused(path, flags, errno, cause);
	if (fstat(fd, &st) != 0 || (status = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, status & ~O_NONBLOCK) != 0) {
		error = errno;
		close(fd);
		xasprintf(cause, "%s: %s", path, strerror(error));
		errno = error;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return not_regular(path, st.st_mode, cause);
	}
	return fd;
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

/* Syncs the directory that holds PATH, so that a name made or changed
 * in it (a new file, a rename) is durable. Returns 0, or -1 with errno
 * set. */
int
fsutil_sync_parent(const char *path)
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

/* Starts replacing PATH: creates PATH.tmp afresh. Returns 0, or -1 with
 * *CAUSE naming the temporary file. */
int
fsutil_replace_open(struct fsutil_replace *file, const char *path,
    char **cause)
{
	memset(file, 0, sizeof *file);
	file->temp = temp_path(path);
	if ((file->fd = create_temp(file->temp)) < 0) {
		xasprintf(cause, "%s: %s", file->temp, strerror(errno));
		free(file->temp);
		return -1;
	}
	file->path = xstrdup(path);
	file->buffer = xmalloc(REPLACE_BUFFER_SIZE);
	return 0;
}

/* Writes DATA to the temporary file; keeps the error if that fails. */
static int
write_out(struct fsutil_replace *file, const void *data, size_t length)
{
	if (fsutil_write_all(file->fd, data, length) != 0) {
		file->error = errno != 0 ? errno : EIO;
		return -1;
	}
	return 0;
}

/* Appends LENGTH bytes of DATA to the new file, through the buffer.
 * Returns 0, or -1 once a write has failed (ENOSPC, EIO): the first
 * error is kept for fsutil_replace_commit to report, and later writes
 * are refused, so the new file never replaces PATH with a hole in it. */
int
fsutil_replace_write(struct fsutil_replace *file, const void *data,
    size_t length)
{
	if (file->error != 0)
		return -1;
	if (length > REPLACE_BUFFER_SIZE - file->used) {
		if (write_out(file, file->buffer, file->used) != 0)
			return -1;
		file->used = 0;
	}
	if (length >= REPLACE_BUFFER_SIZE)
		return write_out(file, data, length);
	memcpy(file->buffer + file->used, data, length);
	file->used += length;
	return 0;
}

/* Frees what FILE holds; its descriptor is closed already. */
static void
release(struct fsutil_replace *file)
{
	free(file->buffer);
	free(file->temp);
	free(file->path);
	memset(file, 0, sizeof *file);
	file->fd = -1;
}

/* Gives up replacing: closes and removes PATH.tmp, so PATH stays as it
 * was. If CAUSE is not NULL, sets *CAUSE naming PATH.tmp and the error
 * of the first failed write, or ERROR if none failed. Returns -1. */
int
fsutil_replace_abort(struct fsutil_replace *file, int error, char **cause)
{
	if (file->error != 0)
		error = file->error;
	if (cause != NULL)
		xasprintf(cause, "%s: %s", file->temp, strerror(error));
	close(file->fd);
	unlink(file->temp);
	release(file);
	return -1;
}

/* Finishes replacing PATH atomically and durably: writes what is
 * buffered, syncs PATH.tmp, renames it over PATH and syncs the
 * directory, so that after a crash readers see the old or the new file,
 * never a mix. If a write failed, or anything here fails, removes
 * PATH.tmp. Returns 0, or -1 with *CAUSE naming the file that failed.
 * FILE is finished either way. */
int
fsutil_replace_commit(struct fsutil_replace *file, char **cause)
{
	if (file->error == 0 && file->used > 0)
		(void)write_out(file, file->buffer, file->used);
	if (file->error == 0 && fsync(file->fd) != 0)
		file->error = errno;
	if (file->error != 0)
		return fsutil_replace_abort(file, file->error, cause);
	if (close(file->fd) != 0 || rename(file->temp, file->path) != 0 ||
	    fsutil_sync_parent(file->path) != 0) {
		xasprintf(cause, "%s: %s", file->path, strerror(errno));
		unlink(file->temp);
		release(file);
		return -1;
	}
	release(file);
	return 0;
}

/* Replaces PATH with DATA atomically and durably (see
 * fsutil_replace_commit). Returns 0, or -1 with *CAUSE. */
int
fsutil_replace_file(const char *path, const char *data, size_t length,
    char **cause)
{
	struct fsutil_replace file;

	if (fsutil_replace_open(&file, path, cause) != 0)
		return -1;
	/* A failed write is kept and reported by the commit. */
	(void)fsutil_replace_write(&file, data, length);
	return fsutil_replace_commit(&file, cause);
}
