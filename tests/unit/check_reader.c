/* check_reader.c: the line reader: lines split across reads, line endings,
 * binary data, the length limit and skipping, exact offsets for resuming,
 * the final line without newline, and read errors. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "common/fsutil.h"
#include "common/xmalloc.h"
#include "engine/reader.h"
#include "suites.h"

#define MIB ((size_t)1 << 20)

static int file_fd = -1;

/* Creates an empty temporary file and removes its name at once, so that
 * nothing is left behind even when an assertion ends the test early. */
static void
open_file(void)
{
	char path[] = "/tmp/logproc-reader.XXXXXX";

	file_fd = mkstemp(path);
	ck_assert_int_ge(file_fd, 0);
	ck_assert_int_eq(unlink(path), 0);
}

static void
close_file(void)
{
	close(file_fd);
	file_fd = -1;
}

/* Appends LENGTH bytes of DATA to the file, like a writer. It writes
 * through the same descriptor, whose position the reader must ignore. */
static void
append(const void *data, size_t length)
{
	ck_assert_int_eq(fsutil_write_all(file_fd, data, length), 0);
}

static void
append_text(const char *text)
{
	append(text, strlen(text));
}

/* Appends COUNT copies of BYTE. */
static void
append_repeated(char byte, size_t count)
{
	char *bytes = xmalloc(count);

	memset(bytes, byte, count);
	append(bytes, count);
	free(bytes);
}

/* Asserts that reader_next returns a line of TEXT (LENGTH bytes), taking
 * RAW_LENGTH bytes of the file from OFFSET. */
static void
expect_line(struct reader *reader, const char *text, size_t length,
    size_t raw_length, uint64_t offset)
{
	struct reader_line line;

	ck_assert_int_eq(reader_next(reader, &line), READER_LINE);
	ck_assert_uint_eq(line.length, length);
	ck_assert_mem_eq(line.data, text, length);
	ck_assert_uint_eq(line.raw_length, raw_length);
	ck_assert_uint_eq(line.offset, offset);
	ck_assert_uint_eq(reader_consumed(reader), offset + raw_length);
}

/* Asserts that STATUS and LINE report a too-long line of LENGTH bytes,
 * taking RAW_LENGTH bytes of the file from OFFSET. */
static void
assert_too_long(int status, const struct reader_line *line, size_t length,
    size_t raw_length, uint64_t offset)
{
	ck_assert_int_eq(status, READER_TOO_LONG);
	ck_assert_ptr_null(line->data);
	ck_assert_uint_eq(line->length, length);
	ck_assert_uint_eq(line->raw_length, raw_length);
	ck_assert_uint_eq(line->offset, offset);
}

static void
expect_too_long(struct reader *reader, size_t length, size_t raw_length,
    uint64_t offset)
{
	struct reader_line line;

	assert_too_long(reader_next(reader, &line), &line, length, raw_length,
	    offset);
	ck_assert_uint_eq(reader_consumed(reader), offset + raw_length);
}

/* Asserts that no complete line is buffered and that the reader has
 * consumed exactly CONSUMED bytes of the file. */
static void
expect_need_data(struct reader *reader, uint64_t consumed)
{
	struct reader_line line;

	ck_assert_int_eq(reader_next(reader, &line), READER_NEED_DATA);
	ck_assert_uint_eq(reader_consumed(reader), consumed);
}

/* Fills the reader and asserts that it read exactly COUNT bytes. */
static void
expect_fill(struct reader *reader, int count)
{
	ck_assert_int_eq(reader_fill(reader), count);
	ck_assert_int_eq(reader->eof, count == 0);
}

START_TEST(test_lines)
{
	struct reader reader;

	append_text("one\ntwo\nthree\n");
	reader_init(&reader, file_fd, 0, 100);
	expect_need_data(&reader, 0);
	expect_fill(&reader, 14);
	expect_line(&reader, "one", 3, 4, 0);
	expect_line(&reader, "two", 3, 4, 4);
	expect_line(&reader, "three", 5, 6, 8);
	expect_need_data(&reader, 14);
	expect_fill(&reader, 0);
	expect_need_data(&reader, 14);
	reader_free(&reader);
}
END_TEST

/* A writer's partial last line waits for its newline, then comes whole. */
START_TEST(test_partial_line)
{
	struct reader reader;

	append_text("alpha\nbra");
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, 9);
	expect_line(&reader, "alpha", 5, 6, 0);
	expect_need_data(&reader, 6);
	expect_fill(&reader, 0);
	append_text("vo");
	expect_fill(&reader, 2);
	expect_need_data(&reader, 6);
	append_text("\ncharlie\ndel");
	expect_fill(&reader, 12);
	expect_line(&reader, "bravo", 5, 6, 6);
	expect_line(&reader, "charlie", 7, 8, 12);
	expect_need_data(&reader, 20);
	append_text("ta\n");
	expect_fill(&reader, 3);
	expect_line(&reader, "delta", 5, 6, 20);
	reader_free(&reader);
}
END_TEST

/* A buffer kept from one reader and lent to the next starts empty: the
 * bytes the first left in it are not read again. One of another size
 * (another max_line) is not used. */
START_TEST(test_lent_buffer)
{
	struct reader reader;
	size_t capacity;
	char *buf;

	append_text("first\nleft");
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, 10);
	expect_line(&reader, "first", 5, 6, 0);
	buf = reader_keep(&reader, &capacity);
	ck_assert_ptr_nonnull(buf);
	ck_assert_ptr_null(reader.buf);
	reader_free(&reader);
	append_text("over\n");
	reader_init(&reader, file_fd, 6, 100);
	reader_lend(&reader, buf, capacity);
	ck_assert_ptr_eq(reader.buf, buf);
	expect_fill(&reader, 9);
	expect_line(&reader, "leftover", 8, 9, 6);
	buf = reader_keep(&reader, &capacity);
	reader_free(&reader);
	reader_init(&reader, file_fd, 0, 50);
	reader_lend(&reader, buf, capacity);
	ck_assert_ptr_null(reader.buf);
	expect_fill(&reader, 15);
	expect_line(&reader, "first", 5, 6, 0);
	reader_free(&reader);
}
END_TEST

/* Only "\r\n" and "\n" end a line; other carriage returns are data. */
START_TEST(test_crlf)
{
	struct reader reader;

	append_text("a\r\nb\n\r\nc\r\r\nd\re\n\rf\nx\r");
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, 20);
	expect_line(&reader, "a", 1, 3, 0);
	expect_line(&reader, "b", 1, 2, 3);
	expect_line(&reader, "", 0, 2, 5);
	expect_line(&reader, "c\r", 2, 4, 7);
	expect_line(&reader, "d\re", 3, 4, 11);
	expect_line(&reader, "\rf", 2, 3, 15);
	expect_need_data(&reader, 18);
	append_text("\n");
	expect_fill(&reader, 1);
	expect_line(&reader, "x", 1, 3, 18);
	reader_free(&reader);
}
END_TEST

START_TEST(test_empty_lines)
{
	struct reader reader;

	append_text("\n\n\r\nz\n\n");
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, 7);
	expect_line(&reader, "", 0, 1, 0);
	expect_line(&reader, "", 0, 1, 1);
	expect_line(&reader, "", 0, 2, 2);
	expect_line(&reader, "z", 1, 2, 4);
	expect_line(&reader, "", 0, 1, 6);
	expect_need_data(&reader, 7);
	reader_free(&reader);
}
END_TEST

/* Lines are bytes: NULs and any other values are data. */
START_TEST(test_binary)
{
	static const char text[] = "a\0b\n\0\n\377\001\r\0\r\n";
	struct reader reader;

	append(text, sizeof text - 1);
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, (int)sizeof text - 1);
	expect_line(&reader, "a\0b", 3, 4, 0);
	expect_line(&reader, "\0", 1, 2, 4);
	expect_line(&reader, "\377\001\r\0", 4, 6, 6);
	expect_need_data(&reader, 12);
	reader_free(&reader);
}
END_TEST

/* A line of max_line bytes is accepted, with either ending; one byte more
 * is too long. Here each line is read whole, without skipping. */
START_TEST(test_max_line)
{
	struct reader reader;

	append_text("12345678\n123456789\n12345678\r\n123456789\r\nok\n");
	reader_init(&reader, file_fd, 0, 8);
	expect_fill(&reader, 43);
	expect_line(&reader, "12345678", 8, 9, 0);
	expect_too_long(&reader, 9, 10, 9);
	expect_line(&reader, "12345678", 8, 10, 19);
	expect_too_long(&reader, 9, 11, 29);
	expect_line(&reader, "ok", 2, 3, 40);
	reader_free(&reader);
}
END_TEST

/* The same limits while a writer appends the lines piece by piece: a
 * line of max_line bytes and its '\r' are kept waiting for the '\n'; one
 * byte more starts skipping, and a '\r' before the skipped bytes' end
 * still counts as part of a "\r\n" ending. */
START_TEST(test_max_line_live)
{
	struct reader reader;

	reader_init(&reader, file_fd, 0, 8);
	append_text("12345678\r");
	expect_fill(&reader, 9);
	expect_need_data(&reader, 0);
	ck_assert_int_eq(reader.skipping, 0);
	append_text("\n123456789");
	expect_fill(&reader, 10);
	expect_line(&reader, "12345678", 8, 10, 0);
	expect_need_data(&reader, 10);
	ck_assert_int_eq(reader.skipping, 0);
	append_text("\r");
	expect_fill(&reader, 1);
	expect_need_data(&reader, 10);
	ck_assert_int_eq(reader.skipping, 1);
	append_text("\n");
	expect_fill(&reader, 1);
	expect_too_long(&reader, 9, 11, 10);
	ck_assert_int_eq(reader.skipping, 0);
	append_text("abcdefghij");
	expect_fill(&reader, 10);
	expect_need_data(&reader, 21);
	append_text("\n\r\n");
	expect_fill(&reader, 3);
	expect_too_long(&reader, 10, 11, 21);
	expect_line(&reader, "", 0, 2, 32);
	reader_free(&reader);
}
END_TEST

/* Reads the lines of a file with a line bigger than the buffer: it is
 * skipped across several reads, the reader's memory stays bounded, the
 * commit point stays at its start, and the lines after it come right. */
START_TEST(test_huge_line)
{
	struct reader reader;
	struct reader_line line;
	size_t huge = 5 * MIB + 123;
	int status, fills = 0;

	append_text("first\n");
	append_repeated('x', huge);
	append_text("\r\nafter\ntail");
	reader_init(&reader, file_fd, 0, 1000);
	expect_fill(&reader, (int)READER_READ_SIZE);
	expect_line(&reader, "first", 5, 6, 0);
	while ((status = reader_next(&reader, &line)) == READER_NEED_DATA) {
		ck_assert_uint_eq(reader_consumed(&reader), 6);
		ck_assert_int_eq(reader.skipping, 1);
		ck_assert_int_gt(reader_fill(&reader), 0);
		fills++;
	}
	assert_too_long(status, &line, huge, huge + 2, 6);
	ck_assert_int_ge(fills, 5);
	ck_assert_uint_le(reader.capacity, 1000 + 2 + READER_READ_SIZE);
	ck_assert_uint_eq(reader_consumed(&reader), 6 + huge + 2);
	expect_line(&reader, "after", 5, 6, 6 + huge + 2);
	expect_need_data(&reader, 6 + huge + 8);
	expect_fill(&reader, 0);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_LINE);
	ck_assert_uint_eq(line.length, 4);
	ck_assert_mem_eq(line.data, "tail", 4);
	ck_assert_uint_eq(line.raw_length, 4);
	ck_assert_uint_eq(line.offset, 6 + huge + 8);
	ck_assert_uint_eq(reader_consumed(&reader), 6 + huge + 12);
	reader_free(&reader);
}
END_TEST

/* A writer appends a too-long line slowly: while it grows, the commit
 * point stays at its first byte. */
START_TEST(test_huge_line_live)
{
	struct reader reader;
	size_t chunk = 333333, written;

	reader_init(&reader, file_fd, 0, 100);
	append_text("head\n");
	for (written = 0; written < 3 * MIB; written += chunk) {
		append_repeated('y', chunk);
		ck_assert_int_gt(reader_fill(&reader), 0);
		if (written == 0)
			expect_line(&reader, "head", 4, 5, 0);
		expect_need_data(&reader, 5);
		ck_assert_int_eq(reader.skipping, 1);
	}
	append_text("\nnext\n");
	expect_fill(&reader, 6);
	expect_too_long(&reader, written, written + 1, 5);
	expect_line(&reader, "next", 4, 5, written + 6);
	reader_free(&reader);
}
END_TEST

/* Many short lines over several reads: lines cut by the end of a read
 * are moved to the front of the buffer and completed by the next one.
 * The loop asserts only on failure: each passing assertion costs Check a
 * write. */
START_TEST(test_many_fills)
{
	enum { LINE_COUNT = 300000, LINE_SIZE = 13 };
	struct reader reader;
	struct reader_line line;
	char *text = xmalloc((size_t)LINE_COUNT * LINE_SIZE + 1), expected[16];
	unsigned int i;
	int status, fills = 0;

	for (i = 0; i < LINE_COUNT; i++)
		snprintf(text + (size_t)i * LINE_SIZE, 14, "line %07u\n", i);
	append(text, (size_t)LINE_COUNT * LINE_SIZE);
	free(text);
	reader_init(&reader, file_fd, 0, 64);
	for (i = 0; i < LINE_COUNT; i++) {
		while ((status = reader_next(&reader, &line)) == READER_NEED_DATA) {
			ck_assert_uint_eq(reader_consumed(&reader),
			    (uint64_t)i * LINE_SIZE);
			ck_assert_int_gt(reader_fill(&reader), 0);
			fills++;
		}
		snprintf(expected, sizeof expected, "line %07u", i);
		if (status != READER_LINE || line.length != LINE_SIZE - 1 ||
		    memcmp(line.data, expected, LINE_SIZE - 1) != 0 ||
		    line.raw_length != LINE_SIZE ||
		    line.offset != (uint64_t)i * LINE_SIZE)
			ck_abort_msg("line %u is wrong", i);
	}
	ck_assert_int_ge(fills, 4);
	expect_need_data(&reader, (uint64_t)LINE_COUNT * LINE_SIZE);
	expect_fill(&reader, 0);
	reader_free(&reader);
}
END_TEST

START_TEST(test_remainder)
{
	struct reader reader;
	struct reader_line line;

	append_text("a\nb\nlast");
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, 8);
	expect_line(&reader, "a", 1, 2, 0);
	/* Complete lines come first, as from reader_next. */
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_LINE);
	ck_assert_uint_eq(line.offset, 2);
	expect_need_data(&reader, 4);
	expect_fill(&reader, 0);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_LINE);
	ck_assert_uint_eq(line.length, 4);
	ck_assert_mem_eq(line.data, "last", 4);
	ck_assert_uint_eq(line.raw_length, 4);
	ck_assert_uint_eq(line.offset, 4);
	ck_assert_uint_eq(reader_consumed(&reader), 8);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_NEED_DATA);
	expect_need_data(&reader, 8);
	reader_free(&reader);
}
END_TEST

START_TEST(test_remainder_empty)
{
	struct reader reader;
	struct reader_line line;

	reader_init(&reader, file_fd, 0, 100);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_NEED_DATA);
	expect_fill(&reader, 0);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_NEED_DATA);
	append_text("done\n");
	expect_fill(&reader, 5);
	expect_line(&reader, "done", 4, 5, 0);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_NEED_DATA);
	ck_assert_uint_eq(reader_consumed(&reader), 5);
	reader_free(&reader);
}
END_TEST

/* A final '\r' alone is data, not a line ending. */
START_TEST(test_remainder_cr)
{
	struct reader reader;
	struct reader_line line;

	append_text("x\r");
	reader_init(&reader, file_fd, 0, 100);
	expect_fill(&reader, 2);
	expect_need_data(&reader, 0);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_LINE);
	ck_assert_uint_eq(line.length, 2);
	ck_assert_mem_eq(line.data, "x\r", 2);
	ck_assert_uint_eq(line.raw_length, 2);
	ck_assert_uint_eq(reader_consumed(&reader), 2);
	reader_free(&reader);
}
END_TEST

/* A final line of max_line bytes is accepted; one of max_line + 1 is too
 * long though the reader was not skipping it yet. */
START_TEST(test_remainder_limit)
{
	struct reader reader;
	struct reader_line line;

	append_text("abc\nabcd");
	reader_init(&reader, file_fd, 0, 3);
	expect_fill(&reader, 8);
	expect_line(&reader, "abc", 3, 4, 0);
	expect_need_data(&reader, 4);
	ck_assert_int_eq(reader.skipping, 0);
	assert_too_long(reader_remainder(&reader, &line), &line, 4, 4, 4);
	ck_assert_uint_eq(reader_consumed(&reader), 8);
	reader_free(&reader);
}
END_TEST

/* The end of a file in the middle of a skipped line is a too-long final
 * line. */
START_TEST(test_remainder_skipping)
{
	struct reader reader;
	struct reader_line line;

	append_text("ok\n");
	append_repeated('z', 2 * MIB);
	reader_init(&reader, file_fd, 0, 10);
	expect_fill(&reader, (int)READER_READ_SIZE);
	expect_line(&reader, "ok", 2, 3, 0);
	do
		expect_need_data(&reader, 3);
	while (reader_fill(&reader) > 0);
	ck_assert_int_eq(reader.eof, 1);
	ck_assert_int_eq(reader.skipping, 1);
	assert_too_long(reader_remainder(&reader, &line), &line, 2 * MIB,
	    2 * MIB, 3);
	ck_assert_uint_eq(reader_consumed(&reader), 3 + 2 * MIB);
	ck_assert_int_eq(reader_remainder(&reader, &line), READER_NEED_DATA);
	reader_free(&reader);
}
END_TEST

/* Reading starts at the given offset, wherever the descriptor's own
 * position is (here at the end of the file, after the writes). */
START_TEST(test_start_offset)
{
	struct reader reader;

	append_text("skip\nme\nread\nthis\n");
	reader_init(&reader, file_fd, 8, 100);
	ck_assert_uint_eq(reader_consumed(&reader), 8);
	expect_need_data(&reader, 8);
	expect_fill(&reader, 10);
	expect_line(&reader, "read", 4, 5, 8);
	expect_line(&reader, "this", 4, 5, 13);
	expect_need_data(&reader, 18);
	reader_free(&reader);
	reader_init(&reader, file_fd, 2, 100);
	expect_fill(&reader, 16);
	expect_line(&reader, "ip", 2, 3, 2);
	reader_free(&reader);
	reader_init(&reader, file_fd, 18, 100);
	expect_fill(&reader, 0);
	expect_need_data(&reader, 18);
	reader_free(&reader);
}
END_TEST

/* The events a reader returned, each as "status offset raw length:data\n",
 * so that two runs compare with memcmp. */
struct trace {
	char *bytes;
	size_t length, capacity;
};

static void
trace_add(struct trace *trace, const void *data, size_t length)
{
	if (trace->length + length > trace->capacity) {
		trace->capacity = (trace->length + length) * 2;
		trace->bytes = xreallocarray(trace->bytes, trace->capacity, 1);
	}
	memcpy(trace->bytes + trace->length, data, length);
	trace->length += length;
}

/* Returns whether traces A and B hold the same events; two empty traces
 * may have no buffer, which memcmp may not take. */
static int
trace_equal(const struct trace *a, const struct trace *b)
{
	return a->length == b->length &&
	    (a->length == 0 || memcmp(a->bytes, b->bytes, a->length) == 0);
}

/* Appends what LINE, returned with STATUS, says to TRACE; its header is
 * never empty, so a trace with an event has a buffer. */
static void
trace_event(struct trace *trace, int status, const struct reader_line *line)
{
	char header[96];
	int length;

	length = snprintf(header, sizeof header, "%d %llu %zu %zu:", status,
	    (unsigned long long)line->offset, line->raw_length, line->length);
	ck_assert(length > 0 && (size_t)length < sizeof header);
	trace_add(trace, header, (size_t)length);
	if (status == READER_LINE)
		trace_add(trace, line->data, line->length);
	trace_add(trace, "\n", 1);
}

/* Reads all the file has now into TRACE; with FINAL, the bytes after the
 * last newline too. */
static void
drain(struct reader *reader, struct trace *trace, int final)
{
	struct reader_line line;
	int status, got;

	do {
		while ((status = reader_next(reader, &line)) != READER_NEED_DATA)
			trace_event(trace, status, &line);
		got = reader_fill(reader);
		ck_assert_int_ge(got, 0);
	} while (got > 0);
	while (final &&
	    (status = reader_remainder(reader, &line)) != READER_NEED_DATA)
		trace_event(trace, status, &line);
}

static const char resume_text[] =
    "short\n"
    "\n"
    "crlf line\r\n"
    "\r\n"
    "nul\0inside\n"
    "exactly sixteen!\n"
    "sixteen+crlf!!!!\r\n"
    "this line is far too long for sixteen\n"
    "seventeen chars!!\r\n"
    "a\rb\n"
    "too long again, with a cr at the end\r\n"
    "\n"
    "last without newline";

/* Feeds the first SPLIT bytes of resume_text to a reader in small appends,
 * as a writer would, then "crashes" it; a second reader resumes from its
 * commit point once the rest is written. Their traces together must be
 * one reader's trace of the whole file. */
static void
resume_at(size_t split, const struct trace *whole)
{
	struct reader first, second;
	struct trace trace = { NULL, 0, 0 };
	size_t size = sizeof resume_text - 1, step = 5, done;
	uint64_t consumed;

	ck_assert_int_eq(ftruncate(file_fd, 0), 0);
	ck_assert_int_eq(lseek(file_fd, 0, SEEK_SET), 0);
	reader_init(&first, file_fd, 0, 16);
	for (done = 0; done < split; done += step) {
		append(resume_text + done, split - done < step ? split - done : step);
		drain(&first, &trace, 0);
	}
	consumed = reader_consumed(&first);
	ck_assert_uint_le(consumed, split);
	reader_free(&first);
	append(resume_text + split, size - split);
	reader_init(&second, file_fd, consumed, 16);
	drain(&second, &trace, 1);
	reader_free(&second);
	ck_assert_msg(trace_equal(&trace, whole),
	    "resuming after %zu bytes gives other lines", split);
	free(trace.bytes);
}

START_TEST(test_resume)
{
	struct reader reader;
	struct trace whole = { NULL, 0, 0 };
	size_t split, events = 0, i;

	append(resume_text, sizeof resume_text - 1);
	reader_init(&reader, file_fd, 0, 16);
	drain(&reader, &whole, 1);
	reader_free(&reader);
	for (i = 0; i < whole.length; i++)
		events += whole.bytes[i] == '\n';
	ck_assert_uint_ge(events, 13);
	for (split = 0; split <= sizeof resume_text - 1; split++)
		resume_at(split, &whole);
	free(whole.bytes);
}
END_TEST

/* Filling without taking lines cannot grow the buffer past its bound. */
START_TEST(test_buffer_full)
{
	struct reader reader;

	append_repeated('w', 2 * MIB);
	reader_init(&reader, file_fd, 0, 10);
	expect_fill(&reader, (int)READER_READ_SIZE);
	expect_fill(&reader, 12);
	errno = 0;
	ck_assert_int_eq(reader_fill(&reader), -1);
	ck_assert_int_eq(errno, ENOBUFS);
	ck_assert_uint_le(reader.capacity, 10 + 2 + READER_READ_SIZE);
	expect_need_data(&reader, 0);
	ck_assert_int_eq(reader.skipping, 1);
	ck_assert_int_gt(reader_fill(&reader), 0);
	reader_free(&reader);
}
END_TEST

START_TEST(test_read_error)
{
	struct reader reader;
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	reader_init(&reader, fd, 0, 100);
	errno = 0;
	ck_assert_int_eq(reader_fill(&reader), -1);
	ck_assert_int_eq(errno, EISDIR);
	reader_free(&reader);
	close(fd);

	append_text("line\n");
	fd = dup(file_fd);
	ck_assert_int_ge(fd, 0);
	close(fd);
	reader_init(&reader, fd, 0, 100);
	errno = 0;
	ck_assert_int_eq(reader_fill(&reader), -1);
	ck_assert_int_eq(errno, EBADF);
	expect_need_data(&reader, 0);
	reader_free(&reader);
}
END_TEST

/* The text gzip tests compress: lines of many lengths, the last one
 * without a newline; *LENGTH gets its size. */
static char *
gzip_text(size_t *length)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char *text = xmalloc(200000), *at = text;
	int i;

	for (i = 0; i < 3000; i++)
		at += sprintf(at, "line %d %.*s\n", i, i % 37, letters);
	at += sprintf(at, "final without newline");
	*length = (size_t)(at - text);
	return text;
}

/* Writes TEXT (LENGTH bytes) to the file, gzip-compressed. */
static void
append_gzip(const char *text, size_t length)
{
	gzFile gz = gzdopen(dup(file_fd), "wb");

	ck_assert_ptr_nonnull(gz);
	ck_assert_int_eq(gzwrite(gz, text, (unsigned)length), (int)length);
	ck_assert_int_eq(gzclose(gz), Z_OK);
}

/* Reads every line of a gzip reader at OFFSET of TEXT and asserts each
 * is TEXT's line at its offset; returns the uncompressed bytes taken
 * (the final line too, if TAKE_REMAINDER). */
static uint64_t
read_gzip_lines(struct reader *reader, const char *text, int take_remainder)
{
	struct reader_line line;
	int status, got;

	for (;;) {
		while ((status = reader_next(reader, &line)) == READER_LINE)
			ck_assert_mem_eq(line.data, text + line.offset,
			    line.raw_length);
		ck_assert_int_eq(status, READER_NEED_DATA);
		if ((got = reader_fill(reader)) <= 0)
			break;
	}
	ck_assert_int_eq(got, 0);
	if (take_remainder && reader_remainder(reader, &line) == READER_LINE)
		ck_assert_mem_eq(line.data, text + line.offset, line.length);
	return reader_consumed(reader);
}

/* Reads READER to its end, asserting that each line is TEXT's at its
 * offset, and that the end is damage zlib calls MESSAGE, met after every
 * line before offset DAMAGE was taken: the fill fails with EIO, and so
 * does every later one. */
static void
read_to_damage(struct reader *reader, const char *text, uint64_t damage,
    const char *message)
{
	struct reader_line line;
	int got;

	do {
		while (reader_next(reader, &line) == READER_LINE)
			ck_assert_mem_eq(line.data, text + line.offset,
			    line.raw_length);
	} while ((got = reader_fill(reader)) > 0);
	ck_assert_int_eq(got, -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_str_eq(reader->failure, message);
	ck_assert_uint_eq(reader_consumed(reader), damage);
	errno = 0;
	ck_assert_int_eq(reader_fill(reader), -1);
	ck_assert_int_eq(errno, EIO);
}

/* Returns the offset of line NUMBER (from 0) of TEXT. */
static size_t
line_start(const char *text, int number)
{
	const char *at = text;

	while (number-- > 0)
		at = strchr(at, '\n') + 1;
	return (size_t)(at - text);
}

/* Appends TEXT (LENGTH bytes) to the file as one gzip member whose
 * deflate data is flushed to a byte boundary (Z_FULL_FLUSH) after the
 * first FLUSH_AT bytes; returns the file offset of the byte after the
 * flush: the header of the next block, whose damage zlib must find before
 * it gives any later byte, and after it has given all earlier ones. */
static off_t
append_flushed_member(const char *text, size_t length, size_t flush_at)
{
	off_t start = lseek(file_fd, 0, SEEK_END);
	z_stream stream;
	unsigned char *out;
	size_t size, boundary;

	memset(&stream, 0, sizeof stream);
	ck_assert_int_eq(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	size = deflateBound(&stream, (uLong)length) + 64;
	out = xmalloc(size);
	stream.next_out = out;
	stream.avail_out = (uInt)size;
	stream.next_in = (unsigned char *)(uintptr_t)text;
	stream.avail_in = (uInt)flush_at;
	ck_assert_int_eq(deflate(&stream, Z_FULL_FLUSH), Z_OK);
	boundary = stream.total_out;
	stream.avail_in = (uInt)(length - flush_at);
	ck_assert_int_eq(deflate(&stream, Z_FINISH), Z_STREAM_END);
	append(out, stream.total_out);
	ck_assert_int_eq(deflateEnd(&stream), Z_OK);
	free(out);
	return start + (off_t)boundary;
}

/* Makes the block at file offset AT invalid: its header says final,
 * of type 3, which deflate does not have. */
static void
damage_block(off_t at)
{
	ck_assert_int_eq(pwrite(file_fd, "\x07", 1, at), 1);
}

/* A gzip file reads as its content, lines and offsets in uncompressed
 * bytes, from the start or from any line's offset (what a resumed run
 * does); and its head and size are those of the content. */
START_TEST(test_gzip)
{
	size_t length, i;
	char *text = gzip_text(&length), head[256];
	struct reader reader;
	uint64_t size, offsets[] = { 0, 7, 1000, 50000 };

	append_gzip(text, length);
	for (i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		while (offsets[i] > 0 && text[offsets[i] - 1] != '\n')
			offsets[i]++;
		reader_init(&reader, file_fd, offsets[i], 1000);
		ck_assert_int_eq(reader_open_gzip(&reader), 0);
		ck_assert_uint_eq(read_gzip_lines(&reader, text, 1), length);
		ck_assert_int_eq(reader.truncated, 0);
		reader_free(&reader);
	}
	ck_assert_int_eq(reader_gzip_head(file_fd, head, sizeof head), 256);
	ck_assert_mem_eq(head, text, 256);
	ck_assert_int_eq(reader_gzip_size(file_fd,
	    (uint64_t)lseek(file_fd, 0, SEEK_END), &size), 0);
	ck_assert_uint_eq(size, length);
	free(text);
}
END_TEST

/* Cut short, a gzip file gives its complete lines up to the damage, then
 * an end marked truncated, with zlib's word for it; a resumed read from
 * past the damage ends at once, truncated. */
START_TEST(test_gzip_truncated)
{
	size_t length;
	char *text = gzip_text(&length);
	struct reader reader;
	uint64_t taken;
	off_t size;

	append_gzip(text, length);
	size = lseek(file_fd, 0, SEEK_END);
	ck_assert_int_eq(ftruncate(file_fd, size / 2), 0);
	reader_init(&reader, file_fd, 0, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	taken = read_gzip_lines(&reader, text, 0);
	ck_assert_uint_gt(taken, 0);
	ck_assert_uint_lt(taken, length / 2 + 1000);
	ck_assert_int_eq(reader.truncated, 1);
	ck_assert_str_eq(reader.failure, "unexpected end of file");
	reader_free(&reader);
	reader_init(&reader, file_fd, length - 21, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	ck_assert_int_eq(reader_fill(&reader), 0);
	ck_assert_int_eq(reader.truncated, 1);
	reader_free(&reader);
	free(text);
}
END_TEST

/* Damaged gzip data is a read error (EIO) that zlib describes, here the
 * check sum in the trailer: every complete line comes first, for all the
 * data is there. A file that is not gzip data is refused when opened, its
 * head too. */
START_TEST(test_gzip_damaged)
{
	size_t length;
	char *text = gzip_text(&length), head[16];
	struct reader reader;
	off_t size;

	append_gzip(text, length);
	size = lseek(file_fd, 0, SEEK_END);
	ck_assert_int_eq(pwrite(file_fd, "\xff\xff\xff\xff", 4, size - 6), 4);
	reader_init(&reader, file_fd, 0, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	read_to_damage(&reader, text, length - 21, "incorrect data check");
	reader_free(&reader);
	ck_assert_int_eq(ftruncate(file_fd, 0), 0);
	append_text("plain text\n");
	reader_init(&reader, file_fd, 0, 1000);
	errno = 0;
	ck_assert_int_eq(reader_open_gzip(&reader), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_str_eq(reader.failure, "not in gzip format");
	reader_free(&reader);
	ck_assert_int_eq(reader_gzip_head(file_fd, head, sizeof head),
	    READER_NOT_GZIP);
	free(text);
}
END_TEST

/* Damage in the middle of the data: every line before it comes, then
 * zlib's word for it, "read up to" the end of the last of those lines;
 * from a resume offset before it too. Resumed past it, the first fill
 * fails, at that offset. */
START_TEST(test_gzip_damage_midway)
{
	size_t length, damage;
	char *text = gzip_text(&length);
	struct reader reader;
	uint64_t offsets[] = { 0, 0, 0 };
	size_t i;

	damage = line_start(text, 1000);
	damage_block(append_flushed_member(text, length, damage));
	offsets[1] = line_start(text, 10);
	offsets[2] = damage - 3;	/* inside the last line before it */
	for (i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		reader_init(&reader, file_fd, offsets[i], 1000);
		ck_assert_int_eq(reader_open_gzip(&reader), 0);
		read_to_damage(&reader, text, damage, "invalid block type");
		reader_free(&reader);
	}
	reader_init(&reader, file_fd, damage + 100, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	errno = 0;
	ck_assert_int_eq(reader_fill(&reader), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_str_eq(reader.failure, "invalid block type");
	ck_assert_uint_eq(reader_consumed(&reader), damage + 100);
	reader_free(&reader);
	free(text);
}
END_TEST

/* Damage in the second of two members: the first member's lines, exactly,
 * then the error. */
START_TEST(test_gzip_damaged_member)
{
	size_t length, first;
	char *text = gzip_text(&length);
	struct reader reader;
	off_t second;

	first = line_start(text, 2000);
	append_gzip(text, first);
	second = lseek(file_fd, 0, SEEK_END);
	append_gzip(text + first, length - first);
	damage_block(second + 10);	/* after its 10-byte header */
	reader_init(&reader, file_fd, 0, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	read_to_damage(&reader, text, first, "invalid block type");
	reader_free(&reader);
	free(text);
}
END_TEST

/* Returns whether READER, opened at OFFSET, gives TEXT's lines at their
 * offsets up to LENGTH bytes, the last one without its newline, then the
 * end, not truncated. Asserts nothing: the caller calls it many times. */
static int
reads_as_text(struct reader *reader, const char *text, size_t length)
{
	struct reader_line line;
	int status, got;

	do {
		while ((status = reader_next(reader, &line)) == READER_LINE)
			if (memcmp(line.data, text + line.offset,
			    line.raw_length) != 0)
				return 0;
	} while ((got = reader_fill(reader)) > 0);
	if (got != 0 || status != READER_NEED_DATA || reader->truncated)
		return 0;
	if (reader_remainder(reader, &line) == READER_LINE &&
	    memcmp(line.data, text + line.offset, line.length) != 0)
		return 0;
	return reader_consumed(reader) == length;
}

/* A file of several members, as `cat a.gz b.gz c.gz` makes, reads as
 * their contents one after another (lines go across members), resumed
 * at any offset too. Bytes after the last member that do not start
 * another are trailing garbage, ignored as gzip -d does. */
START_TEST(test_gzip_members)
{
	size_t length, ends[] = { 1234, 1900, 5001, 0 }, start = 0, offset, i;
	char *text = gzip_text(&length);
	struct reader reader;

	length = ends[3] = line_start(text, 300) + 5;	/* the last line cut */
	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		append_gzip(text + start, ends[i] - start);
		start = ends[i];
	}
	for (offset = 0; offset <= length; offset++) {
		reader_init(&reader, file_fd, offset, 1000);
		ck_assert_msg(reader_open_gzip(&reader) == 0 &&
		    reads_as_text(&reader, text, length),
		    "resumed at %zu, the members read otherwise", offset);
		reader_free(&reader);
	}
	append_text("garbage\n\x1f\x8b");
	reader_init(&reader, file_fd, 0, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	ck_assert(reads_as_text(&reader, text, length));
	ck_assert_str_eq(reader.failure, "");
	reader_free(&reader);
	free(text);
}
END_TEST

/* A member cut short after the first: even a lone first byte of its
 * header is the start of a member still being written (gzip -d says
 * "unexpected end of file" too), not trailing garbage. */
START_TEST(test_gzip_member_cut)
{
	static const char *const cuts[] = { "\x1f", "\x1f\x8b", "\x1f\x8b\x08" };
	size_t length, i;
	char *text = gzip_text(&length);
	struct reader reader;
	off_t end;

	length = line_start(text, 500);
	append_gzip(text, length);
	end = lseek(file_fd, 0, SEEK_END);
	for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		ck_assert_int_eq(ftruncate(file_fd, end), 0);
		ck_assert_int_eq(pwrite(file_fd, cuts[i], strlen(cuts[i]), end),
		    (ssize_t)strlen(cuts[i]));
		reader_init(&reader, file_fd, 0, 1000);
		ck_assert_int_eq(reader_open_gzip(&reader), 0);
		ck_assert_uint_eq(read_gzip_lines(&reader, text, 0), length);
		ck_assert_int_eq(reader.truncated, 1);
		ck_assert_str_eq(reader.failure, "unexpected end of file");
		reader_free(&reader);
	}
	free(text);
}
END_TEST

/* A gzip file being written: its end is truncated data, but a fill
 * after more was written goes on from there, no longer truncated. */
START_TEST(test_gzip_growing)
{
	size_t length;
	char *text = gzip_text(&length), *whole;
	struct reader reader;
	off_t size, half;

	append_gzip(text, length);
	size = lseek(file_fd, 0, SEEK_END);
	whole = xmalloc((size_t)size);
	ck_assert_int_eq(pread(file_fd, whole, (size_t)size, 0), size);
	half = size / 2;
	ck_assert_int_eq(ftruncate(file_fd, half), 0);
	reader_init(&reader, file_fd, 0, 1000);
	ck_assert_int_eq(reader_open_gzip(&reader), 0);
	ck_assert_uint_gt(read_gzip_lines(&reader, text, 0), 0);
	ck_assert_int_eq(reader.truncated, 1);
	ck_assert_int_eq(pwrite(file_fd, whole + half, (size_t)(size - half),
	    half), size - half);
	ck_assert_uint_eq(read_gzip_lines(&reader, text, 1), length);
	ck_assert_int_eq(reader.truncated, 0);
	ck_assert_str_eq(reader.failure, "");
	reader_free(&reader);
	free(whole);
	free(text);
}
END_TEST

/* The head of a small gzip file whose check sum is damaged is its bytes:
 * reading it will count their lines and fail it with zlib's word. One
 * damaged before its first byte is not taken for gzip data. */
START_TEST(test_gzip_head_damaged)
{
	char head[256];
	off_t size;

	append_gzip("one\ntwo\n", 8);
	size = lseek(file_fd, 0, SEEK_END);
	ck_assert_int_eq(pwrite(file_fd, "\xff", 1, size - 8), 1);
	ck_assert_int_eq(reader_gzip_head(file_fd, head, sizeof head), 8);
	ck_assert_mem_eq(head, "one\ntwo\n", 8);
	damage_block(10);
	ck_assert_int_eq(reader_gzip_head(file_fd, head, sizeof head),
	    READER_NOT_GZIP);
}
END_TEST

/* A gzip file that cannot be read is its read's error, not damage. */
START_TEST(test_gzip_read_error)
{
	struct reader reader;
	char head[16];
	int fd = dup(file_fd);

	ck_assert_int_ge(fd, 0);
	close(fd);
	reader_init(&reader, fd, 0, 1000);
	errno = 0;
	ck_assert_int_eq(reader_open_gzip(&reader), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_str_eq(reader.failure, "");
	reader_free(&reader);
	errno = 0;
	ck_assert_int_eq(reader_gzip_head(fd, head, sizeof head), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

Suite *
reader_suite(void)
{
	Suite *suite = suite_create("reader");
	TCase *tcase = tcase_create("reader");
	TCase *large = tcase_create("large");

	tcase_add_checked_fixture(tcase, open_file, close_file);
	tcase_add_test(tcase, test_lines);
	tcase_add_test(tcase, test_partial_line);
	tcase_add_test(tcase, test_lent_buffer);
	tcase_add_test(tcase, test_crlf);
	tcase_add_test(tcase, test_empty_lines);
	tcase_add_test(tcase, test_binary);
	tcase_add_test(tcase, test_max_line);
	tcase_add_test(tcase, test_max_line_live);
	tcase_add_test(tcase, test_remainder);
	tcase_add_test(tcase, test_remainder_empty);
	tcase_add_test(tcase, test_remainder_cr);
	tcase_add_test(tcase, test_remainder_limit);
	tcase_add_test(tcase, test_start_offset);
	tcase_add_test(tcase, test_read_error);
	tcase_add_test(tcase, test_gzip);
	tcase_add_test(tcase, test_gzip_truncated);
	tcase_add_test(tcase, test_gzip_damaged);
	tcase_add_test(tcase, test_gzip_damage_midway);
	tcase_add_test(tcase, test_gzip_damaged_member);
	tcase_add_test(tcase, test_gzip_member_cut);
	tcase_add_test(tcase, test_gzip_growing);
	tcase_add_test(tcase, test_gzip_head_damaged);
	tcase_add_test(tcase, test_gzip_read_error);
	suite_add_tcase(suite, tcase);

	/* Megabytes of data: more time under the sanitizers. */
	tcase_add_checked_fixture(large, open_file, close_file);
	tcase_set_timeout(large, 60);
	tcase_add_test(large, test_huge_line);
	tcase_add_test(large, test_huge_line_live);
	tcase_add_test(large, test_many_fills);
	tcase_add_test(large, test_remainder_skipping);
	tcase_add_test(large, test_resume);
	tcase_add_test(large, test_buffer_full);
	tcase_add_test(large, test_gzip_members);
	suite_add_tcase(suite, large);
	return suite;
}
