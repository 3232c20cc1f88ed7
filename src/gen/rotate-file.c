/* rotate-file.c: the file operations of rotation, all relative to the log
 * directory's descriptor. A rename never replaces an existing file. A
 * segment is compressed as logrotate's compress leaves it, NAME.gz in
 * place of NAME, but durably: the gzip data goes to a hidden temporary
 * file (.NAME.gz.tmp, which no segment pattern matches), is synced, takes
 * the name NAME.gz, the directory is synced, and only then is NAME
 * removed. A crash leaves NAME, or both NAME and a complete NAME.gz. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "common/fsutil.h"
#include "common/xmalloc.h"
#include "gen/rotate-file.h"
#include "gen/rotate-name.h"

#define GZIP_BUFFER_SIZE (64 * 1024)
#define GZIP_WINDOW_BITS (15 + 16)	/* 32K window, gzip wrapper */
#define GZIP_MEMORY_LEVEL 8
#define GZIP_OS_UNIX 3

/* Gives FROM the name TO unless TO exists: 0 on success, -1 with errno
 * (EEXIST when the name is taken). Uses link()+unlink(), and on file
 * systems without hard links a check followed by rename(). */
int
rotate_file_rename(int dirfd, const char *from, const char *to)
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

/* Tells whether NAME exists in DIRFD (a dangling symbolic link counts). */
int
rotate_file_exists(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Removes NAME from DIRFD; a name that is already gone is no error.
 * Returns 0, or -1 with errno. */
int
rotate_file_remove(int dirfd, const char *name)
{
	if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* Starts a gzip stream whose header holds no file name, a modification
 * time of 0 and Unix as the system, so that the same input always gives
 * the same bytes: runs with the same seed compare equal. HEADER must live
 * until the stream ends. Returns deflateInit2's status. */
static int
gzip_begin(z_stream *stream, gz_header *header)
{
	int status;

	memset(stream, 0, sizeof *stream);
	memset(header, 0, sizeof *header);
	header->os = GZIP_OS_UNIX;
	status = deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
	    GZIP_WINDOW_BITS, GZIP_MEMORY_LEVEL, Z_DEFAULT_STRATEGY);
	if (status == Z_OK)
		status = deflateSetHeader(stream, header);
	return status;
}

/* Feeds what STREAM holds to zlib with FLUSH and writes all it gives to
 * OUT through BUFFER. Returns 0, or -1 with errno. */
static int
gzip_drain(z_stream *stream, int flush, int out, unsigned char *buffer)
{
	size_t length;

	do {
		stream->next_out = buffer;
		stream->avail_out = GZIP_BUFFER_SIZE;
		deflate(stream, flush);	/* cannot fail on a valid stream */
		length = GZIP_BUFFER_SIZE - stream->avail_out;
		if (fsutil_write_all(out, buffer, length) != 0)
			return -1;
	} while (stream->avail_out == 0);
	return 0;
}

/* Compresses everything IN holds, from where it stands, into OUT as one
 * gzip member. Returns 0, or -1 with errno. */
static int
gzip_copy(int in, int out)
{
	unsigned char *input, *output;
	z_stream stream;
	gz_header header;
	ssize_t got;
	int result = -1;

	if (gzip_begin(&stream, &header) != Z_OK)
		return (errno = ENOMEM, -1);
	input = xmalloc(GZIP_BUFFER_SIZE);
	output = xmalloc(GZIP_BUFFER_SIZE);
	for (;;) {
		got = read(in, input, GZIP_BUFFER_SIZE);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		stream.next_in = input;
		stream.avail_in = (uInt)got;
		if (gzip_drain(&stream, got == 0 ? Z_FINISH : Z_NO_FLUSH, out,
		    output) != 0)
			break;
		if (got == 0) {
			result = 0;
			break;
		}
	}
	deflateEnd(&stream);
	free(input);
	free(output);
	return result;
}

/* Gives OUT the access and modification times of IN, as gzip and
 * logrotate's compress do: a segment's time is its age, and readers that
 * take segments oldest first must still see a compressed one as old as
 * it was. Returns 0, or -1 with errno. */
static int
keep_times(int in, int out)
{
	struct timespec times[2];
	struct stat st;

	if (fstat(in, &st) != 0)
		return -1;
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	return futimens(out, times);
}

/* Writes NAME compressed into the new file TEMP, with NAME's times, and
 * syncs it. Returns 0, or -1 with an allocated *CAUSE; TEMP may be left
 * behind. */
static int
write_compressed(int dirfd, const char *name, const char *temp,
    char **cause)
{
	int in, out;

	if ((in = openat(dirfd, name, O_RDONLY | O_CLOEXEC)) < 0)
		return (xasprintf(cause, "%s: %s", name, strerror(errno)), -1);
	if (rotate_file_remove(dirfd, temp) != 0 ||
	    (out = openat(dirfd, temp, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) < 0) {
		xasprintf(cause, "%s: %s", temp, strerror(errno));
		close(in);
		return -1;
	}
	if (gzip_copy(in, out) != 0 || keep_times(in, out) != 0 ||
	    fsync(out) != 0) {
		xasprintf(cause, "%s: %s", temp, strerror(errno));
		close(out);
		close(in);
		return -1;
	}
	close(in);
	if (close(out) != 0)
		return (xasprintf(cause, "%s: %s", temp, strerror(errno)), -1);
	return 0;
}

/* Replaces NAME in DIRFD by NAME.gz, its gzip compression, durably (see
 * above). Fails if NAME.gz exists. Returns 0, or -1 with an allocated
 * *CAUSE naming the file. */
int
rotate_file_compress(int dirfd, const char *name, char **cause)
{
	char *temp, *target;
	int result = -1;

	xasprintf(&temp, ".%s%s.tmp", name, ROTATE_GZ_SUFFIX);
	xasprintf(&target, "%s%s", name, ROTATE_GZ_SUFFIX);
	if (write_compressed(dirfd, name, temp, cause) != 0)
		goto out;
	if (rotate_file_rename(dirfd, temp, target) != 0 || fsync(dirfd) != 0) {
		xasprintf(cause, "%s: %s", target, strerror(errno));
		goto out;
	}
	if (unlinkat(dirfd, name, 0) != 0) {
		xasprintf(cause, "%s: %s", name, strerror(errno));
		goto out;
	}
	result = 0;
out:
	unlinkat(dirfd, temp, 0);
	free(temp);
	free(target);
	return result;
}
