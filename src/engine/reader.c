/* reader.c: splits a file into lines with large pread() calls. The reader
 * keeps no file position of its own: reader->offset is the file offset of
 * the first unconsumed byte, and every read starts just after the buffered
 * bytes, so a reader started at reader_consumed() of another one goes on
 * exactly where that one stopped. A gzip file is inflated by zlib from
 * reads at compressed offsets the reader keeps, into the same buffer. */
#include "config.h"

#include <errno.h>
#include <limits.h>
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

#define GZIP_INPUT_SIZE ((size_t)64 << 10)	/* compressed bytes per read() */
#define GZIP_WINDOW_BITS (15 + 16)	/* 32K window, gzip members */
#define GZIP_MAGIC_1 0x1f		/* the first two bytes of a member */
#define GZIP_MAGIC_2 0x8b

/* Where inflating a gzip file is. */
enum gzip_place {
	GZIP_IN_MEMBER,		/* in a member, its header included */
	GZIP_AFTER_MEMBER,	/* a member ended: another may follow */
	GZIP_AT_END		/* trailing garbage: the data ended */
};

/* A gzip file being inflated: zlib's stream and its input, read from
 * the file at offsets of its own, so that the descriptor's position does
 * not matter (but moves). */
struct reader_gzip {
	z_stream stream;
	uint64_t input_offset;	/* file offset after the bytes read in */
	uint64_t skip;		/* uncompressed bytes still to drop */
	enum gzip_place place;
	int error;		/* errno of a failure still to report */
	unsigned char input[GZIP_INPUT_SIZE];
};

/* What a step of inflating gave. */
enum step {
	STEP_MORE,		/* go on */
	STEP_WAIT,		/* the data ends here, for now or for good */
	STEP_FAILED		/* an error, in errno */
};

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
	reader->cr_dropped = 0;
	reader->eof = 0;
	reader->gzip = NULL;
	reader->truncated = 0;
	reader->failure[0] = '\0';
}

/* Creates READER's inflate state, or returns -1 with errno: ENOMEM if
 * zlib could not allocate its own, EINVAL if it refuses to start (a zlib
 * that does not match its header). */
static int
start_inflate(struct reader *reader)
{
	struct reader_gzip *gzip = xmalloc(sizeof *gzip);
	int code;

	memset(&gzip->stream, 0, sizeof gzip->stream);
	gzip->input_offset = 0;
	gzip->skip = reader->offset;
	gzip->place = GZIP_IN_MEMBER;
	gzip->error = 0;
	code = inflateInit2(&gzip->stream, GZIP_WINDOW_BITS);
	if (code != Z_OK) {
		free(gzip);
		errno = code == Z_MEM_ERROR ? ENOMEM : EINVAL;
		return -1;
	}
	reader->gzip = gzip;
	return 0;
}

/* Reads up to ROOM compressed bytes of READER's file, those after the
 * ones read already, into AT. It seeks first, wherever the descriptor's
 * position was left, then read()s: not pread(), so that a test
 * (tests/cli/run-faults.sh) can fail these reads, as zlib's gzread() did
 * them, and not the scanner's pread() of the trailer. Returns the count,
 * 0 at the end of the file, or -1 with errno. */
static ssize_t
read_compressed(struct reader *reader, unsigned char *at, size_t room)
{
	ssize_t got;

	do {
		if (lseek(reader->fd, (off_t)reader->gzip->input_offset,
		    SEEK_SET) < 0)
			return -1;
		got = read(reader->fd, at, room);
	} while (got < 0 && errno == EINTR);
	return got;
}

/* Reads more of READER's compressed file into the input buffer, after
 * the bytes zlib has not taken yet (moved to its front), until it holds
 * WANT bytes or the file ends. Returns 0, or -1 with errno. New bytes
 * mean that data which had ended early goes on: not truncated (yet). */
static int
read_input(struct reader *reader, size_t want)
{
	struct reader_gzip *gzip = reader->gzip;
	z_stream *stream = &gzip->stream;
	ssize_t got;

	if (stream->avail_in > 0)
		memmove(gzip->input, stream->next_in, stream->avail_in);
	stream->next_in = gzip->input;
	while (stream->avail_in < want) {
		got = read_compressed(reader, gzip->input + stream->avail_in,
		    sizeof gzip->input - stream->avail_in);
		if (got < 0)
			return -1;
		if (got == 0)
			return 0;
		gzip->input_offset += (uint64_t)got;
		stream->avail_in += (uInt)got;
		reader->truncated = 0;
		reader->failure[0] = '\0';
	}
	return 0;
}

/* Returns whether READER's input starts with gzip's magic bytes. */
static int
at_magic(const struct reader *reader)
{
	const z_stream *stream = &reader->gzip->stream;

	return stream->avail_in >= 2 && stream->next_in[0] == GZIP_MAGIC_1 &&
	    stream->next_in[1] == GZIP_MAGIC_2;
}

/* Makes READER inflate its file, a gzip file, from the start, dropping
 * the uncompressed bytes before its offset on the first reader_fill
 * (zlib has to inflate them: a resumed run pays that). Returns 0, or -1
 * with errno: a read's error, ENOMEM if zlib ran out of memory, or EIO
 * with reader->failure if it is not gzip data (damage before the offset
 * is the first fill's error). */
int
reader_open_gzip(struct reader *reader)
{
	if (start_inflate(reader) != 0 || read_input(reader, 2) != 0)
		return -1;
	if (!at_magic(reader)) {
		snprintf(reader->failure, READER_FAILURE_SIZE,
		    "not in gzip format");
		errno = EIO;
		return -1;
	}
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

/* Releases the buffer and the inflate state; the file descriptor stays
 * open. */
void
reader_free(struct reader *reader)
{
	if (reader->gzip != NULL) {
		(void)inflateEnd(&reader->gzip->stream);
		free(reader->gzip);
	}
	reader->gzip = NULL;
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

/* Marks READER's gzip data as ended early, in gzip's words: its file
 * ends inside a member (a writer may still be adding to it). */
static void
note_truncated(struct reader *reader)
{
	reader->truncated = 1;
	snprintf(reader->failure, READER_FAILURE_SIZE,
	    "unexpected end of file");
}

/* Notes zlib's error CODE from inflate() on READER and sets errno for it:
 * ENOMEM if it ran out of memory (no verdict on the data), else EIO, with
 * zlib's description of the damage in reader->failure. */
static void
note_inflate_error(struct reader *reader, int code)
{
	const char *message = reader->gzip->stream.msg;

	if (code == Z_MEM_ERROR) {
		errno = ENOMEM;
		return;
	}
	snprintf(reader->failure, READER_FAILURE_SIZE, "%s",
	    message != NULL ? message : "compressed data error");
	errno = EIO;
}

/* Inflates some of the current member into the stream's output, reading
 * input first if it has none. */
static enum step
inflate_member(struct reader *reader)
{
	z_stream *stream = &reader->gzip->stream;
	int code;

	if (stream->avail_in == 0 && read_input(reader, 1) != 0)
		return STEP_FAILED;
	if (stream->avail_in == 0) {
		note_truncated(reader);
		return STEP_WAIT;
	}
	code = inflate(stream, Z_NO_FLUSH);
	if (code == Z_STREAM_END)
		reader->gzip->place = GZIP_AFTER_MEMBER;
	else if (code != Z_OK && code != Z_BUF_ERROR) {
		note_inflate_error(reader, code);
		return STEP_FAILED;
	}
	return STEP_MORE;
}

/* Looks at what follows a member that ended. Gzip's magic starts another
 * (`cat a.gz b.gz` makes such a file; gzip -d reads them all), and so
 * does a lone first byte of it at the end of the file: a member still
 * being written, which ends early. The end of the file ends the data.
 * Any other bytes are trailing garbage, ignored as zlib's gzread() and
 * gzip -d ignore them (gzip with a warning): the members before were
 * checked whole, and logproc has no warning to give for a segment. */
static enum step
next_member(struct reader *reader)
{
	struct reader_gzip *gzip = reader->gzip;
	z_stream *stream = &gzip->stream;

	if (stream->avail_in < 2 && read_input(reader, 2) != 0)
		return STEP_FAILED;
	if (stream->avail_in == 0)
		return STEP_WAIT;
	if (stream->avail_in == 1 && stream->next_in[0] == GZIP_MAGIC_1) {
		note_truncated(reader);
		return STEP_WAIT;
	}
	if (!at_magic(reader)) {
		gzip->place = GZIP_AT_END;
		return STEP_WAIT;
	}
	(void)inflateReset(stream);
	gzip->place = GZIP_IN_MEMBER;
	return STEP_MORE;
}

/* Inflates READER's gzip file into BUF, up to ROOM bytes, as far as the
 * file goes now. The bytes inflated before an error are returned first,
 * so that their lines count: the error waits in gzip->error for the next
 * call, and stays for every later one. Returns the count, 0 at the end
 * of the data (reader->truncated if it ended early), or -1 with errno
 * (EIO for damaged data, described in reader->failure; ENOMEM when zlib
 * ran out of memory; a read's error). */
static ssize_t
inflate_some(struct reader *reader, char *buf, size_t room)
{
	struct reader_gzip *gzip = reader->gzip;
	z_stream *stream = &gzip->stream;
	enum step step = STEP_MORE;
	size_t got;

	if (gzip->error != 0) {
		errno = gzip->error;
		return -1;
	}
	stream->next_out = (unsigned char *)buf;
	stream->avail_out = (uInt)(room < UINT_MAX ? room : UINT_MAX);
	while (stream->avail_out > 0 && step == STEP_MORE) {
		if (gzip->place == GZIP_IN_MEMBER)
			step = inflate_member(reader);
		else if (gzip->place == GZIP_AFTER_MEMBER)
			step = next_member(reader);
		else
			step = STEP_WAIT;
	}
	got = (size_t)(stream->next_out - (unsigned char *)buf);
	if (step == STEP_FAILED) {
		gzip->error = errno;
		if (got == 0)
			return -1;
	}
	return (ssize_t)got;
}

/* Inflates up to ROOM bytes of READER's gzip file into BUF: they follow
 * the buffered ones, as reads are in order. The bytes before the reader's
 * start offset are inflated first, through BUF, and dropped. Returns as
 * inflate_some. */
static ssize_t
read_gzip(struct reader *reader, char *buf, size_t room)
{
	struct reader_gzip *gzip = reader->gzip;
	ssize_t got;

	while (gzip->skip > 0) {
		got = inflate_some(reader, buf,
		    gzip->skip < room ? (size_t)gzip->skip : room);
		if (got <= 0)
			return got;
		gzip->skip -= (uint64_t)got;
	}
	return inflate_some(reader, buf, room);
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
	if (reader->gzip != NULL)
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
	if (!reader->cr_dropped)
		reader->cr_dropped = memchr(reader->buf + reader->start, '\r',
		    dropped) != NULL;
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
 * most), as much as there is yet: its head, to know its content by. Bytes
 * inflated before damage are its head too: reading it then counts the
 * lines in them and fails it with zlib's word, as for damage further on.
 * Returns the count, -1 with errno if the file cannot be read (ENOMEM:
 * zlib ran out of memory), or READER_NOT_GZIP if it is not gzip data or
 * is damaged before its first byte. */
ssize_t
reader_gzip_head(int fd, void *buf, size_t size)
{
	struct reader reader;
	ssize_t got = -1;
	int error;

	reader_init(&reader, fd, 0, 0);
	if (reader_open_gzip(&reader) == 0)
		got = read_gzip(&reader, buf, size);
	error = errno;
	if (got < 0 && error == EIO && reader.failure[0] != '\0')
		got = READER_NOT_GZIP;
	reader_free(&reader);
	errno = error;
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

/* Returns 1 if the bytes after the last line end look like lines ended
 * by CR alone (old Mac): they hold no '\n' (reader_next took every
 * line), but a '\r' before the last byte, buffered or among the bytes of
 * a line too long that were dropped. It looks through the buffered
 * bytes: call it when the data ends, not for every line. */
int
reader_cr_line_ends(const struct reader *reader)
{
	size_t buffered = reader->end - reader->start;

	return reader->cr_dropped || (buffered > 1 &&
	    memchr(reader->buf + reader->start, '\r', buffered - 1) != NULL);
}

/* Returns how many bytes came after the last line end: those of the
 * line not ended yet, dropped ones included. */
uint64_t
reader_unended(const struct reader *reader)
{
	return reader->offset + (reader->end - reader->start) -
	    reader_consumed(reader);
}

/* Returns the file offset just after the last line returned: a restart
 * from it reads again exactly the lines not returned yet. */
uint64_t
reader_consumed(const struct reader *reader)
{
	return reader->skipping ? reader->skip_start : reader->offset;
}
