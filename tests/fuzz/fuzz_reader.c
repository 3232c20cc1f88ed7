/* fuzz_reader.c: a fuzz target for the line splitter (engine/reader.c).
 * An input is a small header, then the file's bytes:
 *   byte 0   mode: bit 0 gzip, bit 1 one gzip member per piece, bit 2 cut
 *            the gzip file short, bits 3-4 the compression level;
 *   byte 1   max_line: below 0xf0, byte 1 % 80; else (byte 1 - 0xf0) *
 *            4096 + byte 2 * 16;
 *   byte 2   (see byte 1); with bit 2, where the gzip file is cut;
 *   byte 3   N, the number of pieces before the last (N & 7);
 *   N bytes  the length of each of those pieces; the last takes the rest.
 * The expected lines are worked out from the bytes alone (split at each
 * '\n', "\r\n" an ending too, longer than max_line: too long; the bytes
 * after the last '\n' a final line). Plain, the file is written piece by
 * piece, and after each one the reader fills and hands out its lines as
 * the engine's worker does (reader_fill, reader_next to READER_NEED_DATA),
 * so lines cross appends; at the end reader_remainder takes the last
 * piece. With gzip, the whole file is compressed (each piece a member of
 * its own with bit 1) and read through reader_open_gzip. Either way:
 *  - the lines and too-long reports are exactly the expected ones, in
 *    order, with their offsets, lengths and bytes: each byte once;
 *  - after each fill, every complete line written so far was handed out;
 *  - a fresh reader started at reader_consumed() after any report, or
 *    between fills, hands out exactly the reports still to come;
 *  - a gzip file cut inside a member gives a prefix of the reports, and
 *    says so (reader->truncated, or EIO with reader->failure), even one
 *    byte past a member's end (a member begun, as gzip -d sees it); cut
 *    at a member's end, it is read whole as the bytes of its members.
 * The head and size of a whole gzip file of one member (reader_gzip_head,
 * reader_gzip_size) are checked against the bytes too. A difference
 * prints what differed and abort()s. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common/xmalloc.h"
#include "engine/reader.h"
#include "fuzz.h"

#define MODE_GZIP 0x01
#define MODE_MEMBERS 0x02
#define MODE_CUT 0x04
#define LEVEL_SHIFT 3
#define HEADER_SIZE 4		/* before the piece lengths */
#define MAX_PIECES 8
#define SMALL_MAX_LINE 80	/* short lines: many are too long */
#define LARGE_MAX_LINE_BYTE 0xf0
#define MAX_RESTARTS 6		/* fresh readers started per input */
#define HEAD_SIZE 256		/* as much as a scan reads of a head */
#define GZIP_WINDOW_BITS (15 + 16)	/* zlib: 32K window, gzip wrapper */

/* One line or too-long report as the reader gives it. */
struct report {
	enum reader_status status;	/* READER_LINE or READER_TOO_LONG */
	uint64_t offset;
	size_t length;			/* without the ending */
	size_t raw_length;		/* with it */
};

/* What an input asks for. */
struct input {
	const unsigned char *bytes;	/* the file's content */
	size_t size;
	int mode;
	size_t max_line;
	unsigned cut;			/* byte 2: where a gzip file is cut */
	size_t pieces[MAX_PIECES];	/* the length of each piece */
	size_t piece_count;
};

/* The reports a reading must give, in order. */
struct reports {
	struct report *items;
	size_t count;
};

/* Where a fresh reader is started: after DONE reports, at CONSUMED;
 * BETWEEN_FILLS: where the reading waited for more of the file. */
struct restart {
	size_t done;
	uint64_t consumed;
	int between_fills;
};

struct restarts {
	struct restart *items;
	size_t count;
};

static int file_fd = -1;	/* the file read, kept open between inputs */

#define fail(...) fuzz_fail("fuzz_reader", NULL, __VA_ARGS__)

/* Opens the scratch file once, in $TMPDIR, unlinked at once. */
static void
open_scratch(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;

	if (file_fd >= 0)
		return;
	xasprintf(&path, "%s/fuzz_reader.XXXXXX", dir != NULL && *dir != '\0' ?
	    dir : "/tmp");
	if ((file_fd = mkstemp(path)) < 0)
		fail("mkstemp %s: %s", path, strerror(errno));
	unlink(path);
	free(path);
}

/* Replaces the scratch file's content with nothing. */
static void
empty_scratch(void)
{
	if (ftruncate(file_fd, 0) != 0)
		fail("ftruncate: %s", strerror(errno));
}

/* Writes LENGTH bytes of DATA at OFFSET of the scratch file. */
static void
write_scratch(const void *data, size_t length, uint64_t offset)
{
	if (length > 0 && pwrite(file_fd, data, length, (off_t)offset) !=
	    (ssize_t)length)
		fail("pwrite: %s", strerror(errno));
}

/* Reads the header of DATA (SIZE bytes) into INPUT. Returns 0, or -1 if
 * it is too short to have one. */
static int
read_header(struct input *input, const uint8_t *data, size_t size)
{
	size_t i, left, extra;

	if (size < HEADER_SIZE)
		return -1;
	input->mode = data[0];
	input->max_line = data[1] < LARGE_MAX_LINE_BYTE ?
	    data[1] % SMALL_MAX_LINE :
	    (size_t)(data[1] - LARGE_MAX_LINE_BYTE) * 4096 + data[2] * 16u;
	input->cut = data[2];
	extra = data[3] & (MAX_PIECES - 1);
	if (size < HEADER_SIZE + extra)
		return -1;
	input->bytes = data + HEADER_SIZE + extra;
	input->size = left = size - HEADER_SIZE - extra;
	for (i = 0; i < extra; i++) {
		input->pieces[i] = data[HEADER_SIZE + i] < left ?
		    data[HEADER_SIZE + i] : left;
		left -= input->pieces[i];
	}
	input->pieces[extra] = left;
	input->piece_count = extra + 1;
	return 0;
}

/* Appends a report to REPORTS. */
static void
add_report(struct reports *reports, enum reader_status status,
    uint64_t offset, size_t length, size_t raw_length)
{
	struct report *report;

	reports->items = xreallocarray(reports->items, reports->count + 1,
	    sizeof *reports->items);
	report = &reports->items[reports->count++];
	report->status = status;
	report->offset = offset;
	report->length = length;
	report->raw_length = raw_length;
}

/* Works out the reports a reader of INPUT must give, from its bytes
 * alone: the last one is the final line, if the bytes do not end in
 * '\n'. */
static void
expect_reports(const struct input *input, struct reports *expected)
{
	const unsigned char *bytes = input->bytes, *newline;
	size_t start = 0, through, length;

	while (start < input->size) {
		newline = memchr(bytes + start, '\n', input->size - start);
		through = newline != NULL ?
		    (size_t)(newline - bytes) + 1 - start : input->size - start;
		length = through;
		if (newline != NULL) {
			length--;
			if (length > 0 && bytes[start + length - 1] == '\r')
				length--;
		}
		add_report(expected, length > input->max_line ? READER_TOO_LONG :
		    READER_LINE, start, length, through);
		start += through;
	}
}

/* Notes that after DONE reports, READER says it consumed what comes
 * before reader_consumed(); BETWEEN_FILLS as in struct restart. */
static void
add_restart(struct restarts *restarts, const struct reader *reader,
    size_t done, int between_fills)
{
	struct restart *restart;

	restarts->items = xreallocarray(restarts->items, restarts->count + 1,
	    sizeof *restarts->items);
	restart = &restarts->items[restarts->count++];
	restart->done = done;
	restart->consumed = reader_consumed(reader);
	restart->between_fills = between_fills;
}

/* Returns the number of reports in EXPECTED that end within the first
 * WRITTEN bytes with a '\n'. */
static size_t
complete_within(const struct input *input, const struct reports *expected,
    uint64_t written)
{
	size_t i;

	for (i = 0; i < expected->count; i++) {
		const struct report *report = &expected->items[i];
		uint64_t end = report->offset + report->raw_length;

		if (end > written || input->bytes[end - 1] != '\n')
			break;
	}
	return i;
}

/* Checks that LINE, the report number INDEX (STATUS), is the expected
 * one, bytes included; WHO says which reading gave it. */
static void
check_report(const struct input *input, const struct reports *expected,
    size_t index, enum reader_status status, const struct reader_line *line,
    const char *who)
{
	const struct report *want;

	if (index >= expected->count)
		fail("%s: report %zu at offset %llu, but %zu are expected "
		    "(max_line %zu)", who, index,
		    (unsigned long long)line->offset, expected->count,
		    input->max_line);
	want = &expected->items[index];
	if (status != want->status || line->offset != want->offset ||
	    line->length != want->length ||
	    line->raw_length != want->raw_length)
		fail("%s: report %zu is %s at %llu, %zu bytes (%zu raw); "
		    "expected %s at %llu, %zu bytes (%zu raw); max_line %zu",
		    who, index, status == READER_LINE ? "a line" : "too long",
		    (unsigned long long)line->offset, line->length,
		    line->raw_length, want->status == READER_LINE ? "a line" :
		    "too long", (unsigned long long)want->offset, want->length,
		    want->raw_length, input->max_line);
	if (status == READER_LINE && (line->length > input->max_line ||
	    (line->length > 0 && memcmp(line->data, input->bytes + line->offset,
	    line->length) != 0)))
		fail("%s: line %zu at %llu: not the file's bytes", who, index,
		    (unsigned long long)line->offset);
	if (status == READER_TOO_LONG && line->data != NULL)
		fail("%s: too-long report %zu has data", who, index);
}

/* Hands out READER's buffered lines, checking each against EXPECTED from
 * *DONE on; keeps the restart points in RESTARTS (NULL: none). */
static void
drain(struct reader *reader, const struct input *input,
    const struct reports *expected, size_t *done, struct restarts *restarts,
    const char *who)
{
	struct reader_line line;
	enum reader_status status;

	while ((status = reader_next(reader, &line)) != READER_NEED_DATA) {
		check_report(input, expected, *done, status, &line, who);
		(*done)++;
		if (restarts != NULL)
			add_restart(restarts, reader, *done, 0);
	}
}

/* Takes the final line of READER, if any, as report *DONE. */
static void
finish(struct reader *reader, const struct input *input,
    const struct reports *expected, size_t *done, const char *who)
{
	struct reader_line line;
	enum reader_status status = reader_remainder(reader, &line);

	if (status != READER_NEED_DATA) {
		check_report(input, expected, *done, status, &line, who);
		(*done)++;
	}
	if (reader_remainder(reader, &line) != READER_NEED_DATA)
		fail("%s: a second remainder", who);
	if (*done != expected->count)
		fail("%s: %zu reports, %zu expected", who, *done, expected->count);
	if (reader_consumed(reader) != input->size)
		fail("%s: consumed %llu of %zu bytes", who,
		    (unsigned long long)reader_consumed(reader), input->size);
}

/* Fills READER once; fails on an error. Returns the count read. */
static int
fill(struct reader *reader, const char *who)
{
	int got = reader_fill(reader);

	if (got < 0)
		fail("%s: reader_fill: %s (%s)", who, strerror(errno),
		    reader->failure);
	return got;
}

/* Reads the scratch file with a fresh reader from CONSUMED, where a
 * reading said it was after DONE reports, to the end: the reports must be
 * the expected ones from number DONE on. */
static void
check_restart(const struct input *input, const struct reports *expected,
    uint64_t consumed, size_t done)
{
	struct reader reader;
	uint64_t want = done < expected->count ?
	    expected->items[done].offset : input->size;

	if (consumed != want)
		fail("restart after %zu reports: consumed says %llu, the next "
		    "report starts at %llu", done, (unsigned long long)consumed,
		    (unsigned long long)want);
	reader_init(&reader, file_fd, consumed, input->max_line);
	if ((input->mode & MODE_GZIP) && reader_open_gzip(&reader) != 0)
		fail("restart at %llu: reader_open_gzip: %s (%s)",
		    (unsigned long long)consumed, strerror(errno), reader.failure);
	do
		drain(&reader, input, expected, &done, NULL, "restart");
	while (fill(&reader, "restart") > 0);
	drain(&reader, input, expected, &done, NULL, "restart");
	finish(&reader, input, expected, &done, "restart");
	reader_free(&reader);
}

/* Restarts at every point of RESTARTS between fills, and at about
 * MAX_RESTARTS of the others, spread over them, the last one always;
 * frees them. */
static void
check_restarts(const struct input *input, const struct reports *expected,
    struct restarts *restarts)
{
	size_t i, step = restarts->count / MAX_RESTARTS + 1;

	for (i = 0; i < restarts->count; i++) {
		if (restarts->items[i].between_fills || i % step == 0 ||
		    i == restarts->count - 1)
			check_restart(input, expected,
			    restarts->items[i].consumed, restarts->items[i].done);
	}
	free(restarts->items);
}

/* Writes INPUT piece by piece, reading after each as the worker does,
 * and checks every report; then the restarts. */
static void
read_plain(const struct input *input, const struct reports *expected)
{
	struct restarts restarts = { NULL, 0 };
	struct reader reader;
	uint64_t written = 0;
	size_t i, done = 0;

	empty_scratch();
	reader_init(&reader, file_fd, 0, input->max_line);
	for (i = 0; i < input->piece_count; i++) {
		write_scratch(input->bytes + written, input->pieces[i], written);
		written += input->pieces[i];
		while (fill(&reader, "plain") > 0)
			drain(&reader, input, expected, &done, &restarts, "plain");
		drain(&reader, input, expected, &done, &restarts, "plain");
		if (done != complete_within(input, expected, written))
			fail("plain: %zu reports after %llu bytes, %zu expected",
			    done, (unsigned long long)written,
			    complete_within(input, expected, written));
		add_restart(&restarts, &reader, done, 1);
	}
	finish(&reader, input, expected, &done, "plain");
	reader_free(&reader);
	check_restarts(input, expected, &restarts);
}

/* Appends LENGTH bytes of DATA, compressed at LEVEL as one gzip member,
 * to *OUT (*OUT_LENGTH bytes). */
static void
add_member(unsigned char **out, size_t *out_length, const unsigned char *data,
    size_t length, int level)
{
	z_stream stream;
	uLong bound;

	memset(&stream, 0, sizeof stream);
	if (deflateInit2(&stream, level, Z_DEFLATED, GZIP_WINDOW_BITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fail("deflateInit2 failed");
	bound = deflateBound(&stream, (uLong)length);
	*out = xreallocarray(*out, *out_length + bound, 1);
	stream.next_in = (unsigned char *)(uintptr_t)data;
	stream.avail_in = (uInt)length;
	stream.next_out = *out + *out_length;
	stream.avail_out = (uInt)bound;
	if (deflate(&stream, Z_FINISH) != Z_STREAM_END)
		fail("deflate did not finish");
	*out_length += stream.total_out;
	deflateEnd(&stream);
}

/* Writes INPUT's bytes gzip-compressed to the scratch file, one member
 * or one a piece, cut short with MODE_CUT. Returns the number of bytes
 * of INPUT the file holds whole members of, if it reads as a whole gzip
 * file (cut at a member's end), or -1 if the cut must be noticed: it is
 * inside a member, its header's first byte included. Sets *SINGLE if the
 * file is exactly one member. */
static ssize_t
write_gzip(const struct input *input, int *single)
{
	static const int levels[] = { 1, 6, 9, 0 };
	int level = levels[(input->mode >> LEVEL_SHIFT) & 3];
	size_t ends[MAX_PIECES], plain_ends[MAX_PIECES];
	unsigned char *gzip = NULL;
	size_t length = 0, count = 0, i, start = 0, end = 0, kept;

	for (i = 0; i < input->piece_count; i++) {
		end += input->pieces[i];
		if (!(input->mode & MODE_MEMBERS) && i + 1 < input->piece_count)
			continue;	/* one member of it all */
		add_member(&gzip, &length, input->bytes + start, end - start,
		    level);
		start = plain_ends[count] = end;
		ends[count++] = length;
	}
	if (count == 0)	/* read_header gives one piece at least */
		fail("gzip: no member written");
	kept = input->mode & MODE_CUT ? 1 + (length - 1) * input->cut / 256 :
	    length;
	empty_scratch();
	write_scratch(gzip, kept, 0);
	free(gzip);
	for (i = 0; i < count && ends[i] <= kept; i++)
		continue;
	*single = kept == ends[0];
	if (i > 0 && kept == ends[i - 1])
		return (ssize_t)plain_ends[i - 1];
	return -1;
}

/* Checks reader_gzip_head and reader_gzip_size on the whole gzip file of
 * INPUT, of one member. */
static void
check_gzip_head(const struct input *input)
{
	unsigned char head[HEAD_SIZE];
	size_t want = input->size < HEAD_SIZE ? input->size : HEAD_SIZE;
	ssize_t got = reader_gzip_head(file_fd, head, sizeof head);
	struct stat st;
	uint64_t size = 0;

	if (got < 0 || (size_t)got != want ||
	    (want > 0 && memcmp(head, input->bytes, want) != 0))
		fail("reader_gzip_head: %zd bytes, not the first %zu", got, want);
	if (fstat(file_fd, &st) != 0 ||
	    reader_gzip_size(file_fd, (uint64_t)st.st_size, &size) != 0 ||
	    size != (uint64_t)input->size)
		fail("reader_gzip_size: %llu, not %zu", (unsigned long long)size,
		    input->size);
}

/* Reads a gzip file cut inside a member: its reports must be a prefix of
 * the expected ones, and the reader must say that the data ended early
 * (or that it is no gzip file at all: a lone first byte). */
static void
read_cut(const struct input *input, const struct reports *expected)
{
	struct reader reader;
	size_t done = 0;
	int got = 0, opened;

	reader_init(&reader, file_fd, 0, input->max_line);
	opened = reader_open_gzip(&reader) == 0;
	while (opened && (got = reader_fill(&reader)) > 0)
		drain(&reader, input, expected, &done, NULL, "cut gzip");
	if (opened && got == 0)
		drain(&reader, input, expected, &done, NULL, "cut gzip");
	if (opened && got == 0 && !reader.truncated)
		fail("cut gzip: the end of the data after %zu reports, but not "
		    "truncated", done);
	if ((!opened || got < 0) && (errno != EIO || reader.failure[0] == '\0'))
		fail("cut gzip: failed with %s, not EIO and a cause",
		    strerror(errno));
	reader_free(&reader);
}

/* Reads a whole gzip file holding INPUT (one member if SINGLE) as
 * read_plain reads the plain one, at once. */
static void
read_gzip(const struct input *input, const struct reports *expected,
    int single)
{
	struct restarts restarts = { NULL, 0 };
	struct reader reader;
	size_t done = 0;

	if (single)
		check_gzip_head(input);
	reader_init(&reader, file_fd, 0, input->max_line);
	if (reader_open_gzip(&reader) != 0)
		fail("gzip: reader_open_gzip: %s (%s)", strerror(errno),
		    reader.failure);
	while (fill(&reader, "gzip") > 0)
		drain(&reader, input, expected, &done, &restarts, "gzip");
	drain(&reader, input, expected, &done, &restarts, "gzip");
	if (reader.truncated)
		fail("gzip: truncated, but whole");
	finish(&reader, input, expected, &done, "gzip");
	reader_free(&reader);
	check_restarts(input, expected, &restarts);
}

/* Compresses INPUT and reads it: the expected reports are those of the
 * bytes in whole members, or a prefix of EXPECTED if cut. */
static void
check_gzip(struct input *input, const struct reports *expected)
{
	struct reports whole = { NULL, 0 };
	int single;
	ssize_t held = write_gzip(input, &single);

	if (held < 0) {
		read_cut(input, expected);
		return;
	}
	input->size = (size_t)held;
	expect_reports(input, &whole);
	read_gzip(input, &whole, single);
	free(whole.items);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reports expected = { NULL, 0 };
	struct input input;

	if (read_header(&input, data, size) != 0)
		return 0;
	open_scratch();
	expect_reports(&input, &expected);
	if (input.mode & MODE_GZIP)
		check_gzip(&input, &expected);
	else
		read_plain(&input, &expected);
	free(expected.items);
	return 0;
}
