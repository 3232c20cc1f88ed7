/* reader.h: splits a file into lines with large buffered reads. Only
 * complete lines (ending in '\n') are returned, so a writer's partial last
 * line waits for its newline; the caller may take the remainder as a
 * final line when it knows no more will come (a rotated segment). A line
 * longer than the maximum is not buffered: it is skipped to its newline
 * and reported as too long, with its length, and reading goes on. A gzip
 * file is read inflated: offsets then count uncompressed bytes, and the
 * bytes inflated before damage are returned before the error is. */
#ifndef LOGPROC_READER_H
#define LOGPROC_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define READER_READ_SIZE ((size_t)1 << 20)	/* one read() asks this much */
#define READER_FAILURE_SIZE 96
#define READER_NOT_GZIP (-2)	/* reader_gzip_head: not gzip data */

struct reader_gzip;

enum reader_status {
	READER_LINE,		/* *line holds a complete line */
	READER_TOO_LONG,	/* a line over the maximum was skipped */
	READER_NEED_DATA,	/* no complete line buffered: call reader_fill */
};

struct reader_line {
	const char *data;	/* the line without '\n' or "\r\n"; valid until
				   the next reader_fill */
	size_t length;		/* bytes of data */
	size_t raw_length;	/* bytes in the file, line ending included */
	uint64_t offset;	/* file offset of the line's first byte */
};

struct reader {
	int fd;
	size_t max_line;	/* longest line accepted, ending excluded */
	char *buf;
	size_t capacity, start, end;	/* unconsumed bytes: buf[start..end) */
	uint64_t offset;	/* file offset of buf[start] */
	int skipping;		/* inside a too-long line */
	uint64_t skip_start;	/* its first byte's offset */
	int cr_dropped;		/* a '\r' in the bytes it dropped */
	int eof;		/* the last fill read nothing */
	struct reader_gzip *gzip;	/* inflating a gzip file; NULL: plain */
	int truncated;		/* the gzip data ended early */
	char failure[READER_FAILURE_SIZE];	/* what was wrong with it */
};

void reader_init(struct reader *reader, int fd, uint64_t offset,
    size_t max_line);
int reader_open_gzip(struct reader *reader);
void reader_lend(struct reader *reader, char *buf, size_t capacity);
char *reader_keep(struct reader *reader, size_t *capacity);
void reader_free(struct reader *reader);
int reader_fill(struct reader *reader);
enum reader_status reader_next(struct reader *reader,
    struct reader_line *line);
int reader_remainder(struct reader *reader, struct reader_line *line);
uint64_t reader_consumed(const struct reader *reader);
int reader_cr_line_ends(const struct reader *reader);
uint64_t reader_unended(const struct reader *reader);
ssize_t reader_gzip_head(int fd, void *buf, size_t size);
int reader_gzip_size(int fd, uint64_t file_size, uint64_t *size);

#endif /* LOGPROC_READER_H */
