/* reader.c: splits a file into lines with large pread() calls. The reader
 * keeps no file position of its own: reader->offset is the file offset of
 * the first unconsumed byte, and every read starts just after the buffered
 * bytes, so a reader started at reader_consumed() of another one goes on
 * exactly where that one stopped. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

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
}

/* Releases the buffer; the file descriptor stays open. */
void
reader_free(struct reader *reader)
{
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
		reader->capacity = reader->max_line + 2 + READER_READ_SIZE;
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
	do {
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

/* Returns the file offset just after the last line returned: a restart
 * from it reads again exactly the lines not returned yet. */
uint64_t
reader_consumed(const struct reader *reader)
{
	return reader->skipping ? reader->skip_start : reader->offset;
}
