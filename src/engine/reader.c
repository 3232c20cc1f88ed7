/* reader.c: splits a file into lines with large pread() calls. The reader
 * keeps no file position of its own: reader->offset is the file offset of
 * the first unconsumed byte, and every read starts just after the buffered
 * bytes, so a reader started at reader_consumed() of another one goes on
 * exactly where that one stopped. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#include "common/xmalloc.h"
#include "engine/reader.h"

/* The longest max_line for which the buffer size does not overflow. */
#define READER_MAX_LINE (SIZE_MAX - 2 - READER_READ_SIZE)

/* Starts a reader of FD at file OFFSET that accepts lines of up to
 * MAX_LINE bytes, ending excluded (capped at READER_MAX_LINE). The buffer
 * is allocated by the first reader_fill; the caller keeps FD. */
void
reader_init(struct reader *reader, int fd, uint64_t offset, size_t max_line)
{
	reader->fd = fd;
	reader->max_line = max_line < READER_MAX_LINE ? max_line :
	    READER_MAX_LINE;
	reader->buf = NULL;
	reader->capacity = reader->start = reader->end = 0;
	reader->offset = offset;
	reader->skipping = 0;
	reader->skip_start = 0;
	reader->eof = 0;
	reader->gz = NULL;
	reader->truncated = 0;
	reader->failure[0] = '\0';
}

/* Keeps zlib's description of the last error on GZ, without the file
 * name zlib puts in front ("<fd:5>: "), in FAILURE. Returns the errno
 * value for it: ENOMEM if zlib ran out of memory, else EIO (damaged
 * data). */
static int
note_failure(char *failure, gzFile gz)
{
	int code;
	const char *message = gzerror(gz, &code), *colon;

	if ((colon = strstr(message, ": ")) != NULL)
		message = colon + 2;
	snprintf(failure, READER_FAILURE_SIZE, "%s", message);
	return code == Z_MEM_ERROR ? ENOMEM : EIO;
}

/* Opens a gzip reader on a copy of FD, from the file's start (zlib
 * reads from the file position, which the copy shares), or returns NULL
 * with errno. */
static gzFile
open_gzip(int fd)
{
	int copy = dup(fd);
	gzFile gz;

	if (copy < 0)
		return NULL;
	if (lseek(copy, 0, SEEK_SET) < 0) {
		close(copy);
		return NULL;
	}
	if ((gz = gzdopen(copy, "rb")) == NULL) {
		close(copy);
		errno = ENOMEM;
	}
	return gz;
}

/* Sets errno after zlib failed on READER's file before its first line:
 * the error of the read that failed, ENOMEM if zlib ran out of memory (it
 * could not look: no verdict on the data), or EIO for data that is not
 * gzip (DIRECT) or is damaged, as reader->failure says. Returns -1. */
static int
open_failed(struct reader *reader, int direct)
{
	int error = errno, code;

	(void)gzerror(reader->gz, &code);
	if (code == Z_ERRNO) {
		errno = error;
		return -1;
	}
	if (code == Z_MEM_ERROR) {
		errno = ENOMEM;
		return -1;
	}
	if (direct) {
		snprintf(reader->failure, READER_FAILURE_SIZE,
		    "not in gzip format");
		errno = EIO;
	} else
		errno = note_failure(reader->failure, reader->gz);
	return -1;
}

/* Makes READER inflate its file, a gzip file, from the start, skipping
 * the uncompressed bytes before its offset (zlib has to inflate them:
 * a resumed run pays that). Returns 0, or -1 with errno: a read's error,
 * ENOMEM if zlib ran out of memory, or EIO with reader->failure if it is
 * not gzip data or is damaged before the offset. */
int
reader_open_gzip(struct reader *reader)
{

	if ((reader->gz = open_gzip(reader->fd)) == NULL)
		return -1;
	gzbuffer(reader->gz, READER_READ_SIZE / 8);
	if (gzdirect(reader->gz))	/* also when its first read failed */
		return open_failed(reader, 1);
	if (reader->offset > 0 &&
	    gzseek(reader->gz, (z_off_t)reader->offset, SEEK_SET) < 0)
		return open_failed(reader, 0);
	return 0;
}

/* Returns the size of READER's buffer: room for a longest line, its
 * ending and one more read. */
static size_t
buffer_size(const struct reader *reader)
{
	return reader->max_line + 2 + READER_READ_SIZE;
}

/* Gives READER (just reader_init'ed) the buffer BUF of CAPACITY bytes,
 * from an earlier reader_keep, so that a worker reading segment after
 * segment does not allocate, and fault in, a new one for each. A buffer
 * of another size is freed (max_line changed). */
void
reader_lend(struct reader *reader, char *buf, size_t capacity)
{
	if (buf != NULL && capacity != buffer_size(reader)) {
		free(buf);
		return;
	}
	reader->buf = buf;
	reader->capacity = buf != NULL ? capacity : 0;
}

/* Takes READER's buffer back for the next reader_lend, storing its
 * capacity in *CAPACITY; reader_free then leaves it alone. */
char *
reader_keep(struct reader *reader, size_t *capacity)
{
	char *buf = reader->buf;

	*capacity = reader->capacity;
	reader->buf = NULL;
	reader->capacity = 0;
	return buf;
}

/* Releases the buffer; the file descriptor stays open. */
void
reader_free(struct reader *reader)
{
	if (reader->gz != NULL)
		gzclose(reader->gz);
	reader->gz = NULL;
	free(reader->buf);
	reader->buf = NULL;
	reader->capacity = reader->start = reader->end = 0;
}

/* Moves the unconsumed bytes to the front of the buffer. */
static void
compact(struct reader *reader)
{
	size_t buffered = reader->end - reader->start;

	if (reader->start == 0)
		return;
	memmove(reader->buf, reader->buf + reader->start, buffered);
	reader->start = 0;
	reader->end = buffered;
}

/* Inflates up to ROOM bytes of READER's gzip file into BUF: they follow
 * the buffered ones, as reads are in order. Returns the count, 0 at the
 * end of the data (setting truncated if it ended early), or -1 with
 * errno (EIO for damaged data, described in reader->failure; ENOMEM when
 * zlib ran out of memory). */
static ssize_t
read_gzip(struct reader *reader, char *buf, size_t room)
{
	int got = gzread(reader->gz, buf, (unsigned)room), code;

	if (got > 0)
		return got;
	(void)gzerror(reader->gz, &code);
	if (got == 0 && code == Z_BUF_ERROR) {
		reader->truncated = 1;
		(void)note_failure(reader->failure, reader->gz);
		return 0;
	}
	if (got == 0)
		return 0;
	if (code != Z_ERRNO)
		errno = note_failure(reader->failure, reader->gz);
	return -1;
}

/* Reads up to READER_READ_SIZE bytes from the file offset just after the
 * buffered ones. Returns the count read, 0 at end of file (setting eof),
 * or -1 with errno set; ENOBUFS means the buffer is full because
 * reader_next was not called since the last fills. */
int
reader_fill(struct reader *reader)
{
	size_t room;
	ssize_t got;

	if (reader->buf == NULL) {
		reader->capacity = buffer_size(reader);
		reader->buf = xmalloc(reader->capacity);
	}
	compact(reader);
	room = reader->capacity - reader->end;
	if (room > READER_READ_SIZE)
		room = READER_READ_SIZE;
	if (room == 0) {
		errno = ENOBUFS;
		return -1;
	}
	if (reader->gz != NULL)
		got = read_gzip(reader, reader->buf + reader->end, room);
	else do {
		got = pread(reader->fd, reader->buf + reader->end, room,
		    (off_t)(reader->offset + reader->end));
	} while (got < 0 && errno == EINTR);
	if (got < 0)
		return -1;
	reader->eof = got == 0;
	reader->end += (size_t)got;
	return (int)got;
}

/* Fills LINE with the line that ends THROUGH bytes into the buffered
 * ones, ENDING of them its line ending, and consumes it. A line that began
 * in skipped bytes or is longer than max_line is reported too long, with
 * no data. */
static enum reader_status
take_line(struct reader *reader, size_t through, size_t ending,
    struct reader_line *line)
{
	uint64_t first = reader->skipping ? reader->skip_start : reader->offset;
	enum reader_status status = READER_LINE;

	line->offset = first;
	line->raw_length = (size_t)(reader->offset + through - first);
	line->length = line->raw_length - ending;
	line->data = reader->buf + reader->start;
	if (reader->skipping || line->length > reader->max_line) {
		status = READER_TOO_LONG;
		line->data = NULL;
	}
	reader->start += through;
	reader->offset += through;
	reader->skipping = 0;
	return status;
}

/* Drops the buffered bytes of a line too long to keep, all but the last
 * one: if it is a '\r', the "\r\n" ending is still seen when the '\n'
 * comes in the next read. The line stays unconsumed from skip_start. */
static void
discard_buffered(struct reader *reader)
{
	size_t dropped = reader->end - reader->start - 1;

	if (!reader->skipping) {
		reader->skipping = 1;
		reader->skip_start = reader->offset;
	}
	reader->start += dropped;
	reader->offset += dropped;
}

/* Returns the next complete line in *LINE (READER_LINE or
 * READER_TOO_LONG), or READER_NEED_DATA when none is buffered. LINE's data
 * points into the buffer and is valid until the next reader_fill. */
enum reader_status
reader_next(struct reader *reader, struct reader_line *line)
{
	size_t buffered = reader->end - reader->start;
	const char *first, *newline;
	size_t through, ending = 1;

	if (buffered == 0)
		return READER_NEED_DATA;
	first = reader->buf + reader->start;
	newline = memchr(first, '\n', buffered);
	if (newline != NULL) {
		through = (size_t)(newline - first) + 1;
		if (newline != first && newline[-1] == '\r')
			ending = 2;
		return take_line(reader, through, ending, line);
	}
	if (reader->skipping || buffered - 1 > reader->max_line)
		discard_buffered(reader);
	return READER_NEED_DATA;
}

/* Like reader_next, but when no complete line is left, the bytes after
 * the last newline are returned as a final line without ending, for a
 * file that will not grow any more. Returns READER_NEED_DATA when nothing
 * is left. */
int
reader_remainder(struct reader *reader, struct reader_line *line)
{
	enum reader_status status = reader_next(reader, line);
	size_t buffered = reader->end - reader->start;

	if (status != READER_NEED_DATA || buffered == 0)
		return status;
	return take_line(reader, buffered, 0, line);
}

/* Inflates the first bytes of the gzip file FD into BUF (SIZE bytes at
 * most), as much as there is yet: its head, to know its content by.
 * Returns the count, -1 with errno if the file cannot be read (ENOMEM:
 * zlib ran out of memory), or READER_NOT_GZIP if it is not gzip data or
 * is damaged before SIZE bytes. */
ssize_t
reader_gzip_head(int fd, void *buf, size_t size)
{
	gzFile gz = open_gzip(fd);
	int got, code, error;

	if (gz == NULL)
		return -1;
	got = gzdirect(gz) ? -1 : gzread(gz, buf, (unsigned)size);
	error = errno;
	(void)gzerror(gz, &code);
	gzclose(gz);
	if (got < 0 && code == Z_ERRNO) {
		errno = error;
		return -1;
	}
	if (got < 0 && code == Z_MEM_ERROR) {
		errno = ENOMEM;
		return -1;
	}
	if (got < 0)
		return READER_NOT_GZIP;
	return got;
}

/* Sets *SIZE to the uncompressed size a whole gzip file FD of FILE_SIZE
 * bytes says it has: its last four bytes, the size modulo 4 GiB, which
 * is exact below that. Returns 0, or -1 with errno. */
int
reader_gzip_size(int fd, uint64_t file_size, uint64_t *size)
{
	unsigned char trailer[4];

	*size = 0;
	if (file_size < 18)	/* a header and a trailer at least */
		return 0;
	if (pread(fd, trailer, sizeof trailer, (off_t)(file_size - 4)) !=
	    (ssize_t)sizeof trailer)
		return -1;
	*size = (uint64_t)trailer[0] | (uint64_t)trailer[1] << 8 |
	    (uint64_t)trailer[2] << 16 | (uint64_t)trailer[3] << 24;
	return 0;
}

/* Returns the file offset just after the last line returned: a restart
 * from it reads again exactly the lines not returned yet. */
uint64_t
reader_consumed(const struct reader *reader)
{
	return reader->skipping ? reader->skip_start : reader->offset;
}
