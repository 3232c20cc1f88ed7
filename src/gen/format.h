/* format.h: the formats logproc generate writes (--schema NAME): a
 * logger's format, alone or wrapped in Docker's json-file lines; and the
 * lines they make of records (OTLP packs several records in a line). */
#ifndef LOGPROC_FORMAT_H
#define LOGPROC_FORMAT_H

#include <stddef.h>

#include "gen/logger.h"
#include "gen/record.h"

/* The most records an OTLP line holds. */
#define FORMAT_LINE_RECORDS_MAX 8

struct format {
	enum logger logger;
	int docker;		/* wrapped in {"log":...,"stream":...,"time":...} */
};

/* Encodes lines of one format; owns a scratch buffer for docker. */
struct format_encoder {
	struct format format;
	struct record_encoder records;	/* the cached date */
	int level_true;			/* write levels as true (wrong_type) */
	char *inner;			/* docker: the line it wraps */
	size_t inner_capacity;
};

int format_parse(const char *name, struct format *format);
const char *format_names(void);
void format_encoder_init(struct format_encoder *encoder,
    const struct format *format);
void format_encoder_free(struct format_encoder *encoder);
size_t format_line_records(const struct format *format,
    const struct record *first, int paced);
size_t format_encode(struct format_encoder *encoder,
    const struct record *records, size_t count, char **buf,
    size_t *capacity);
size_t format_encode_inner(struct format_encoder *encoder,
    const struct record *records, size_t count, char **buf,
    size_t *capacity);
size_t format_wrap(struct format_encoder *encoder, const struct record *record,
    size_t length, char **buf, size_t *capacity);
void format_reserve(char **buf, size_t *capacity, size_t needed);

#endif /* LOGPROC_FORMAT_H */
