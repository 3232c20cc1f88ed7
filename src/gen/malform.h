/* malform.h: deliberately broken lines, for testing a processor's error
 * handling. Each kind is one reason a processor must reject a line for. */
#ifndef LOGPROC_MALFORM_H
#define LOGPROC_MALFORM_H

#include <stddef.h>

#include "gen/format.h"
#include "gen/record.h"
#include "gen/rng.h"

enum malform_kind {
	MALFORM_INVALID_JSON,	/* truncated object, plain text, trailing bytes */
	MALFORM_INVALID_UTF8,	/* valid JSON apart from a bad byte sequence */
	MALFORM_NOT_OBJECT,	/* valid JSON that is not an object */
	MALFORM_WRONG_TYPE,	/* an object with a field of the wrong type */
	MALFORM_EMPTY,		/* an empty line */
	MALFORM_TOO_LONG,	/* a valid record longer than MALFORM_LONG_LINE */
	MALFORM_COUNT
};

/* Longer than the processor's default --max-line of 1 MiB. */
#define MALFORM_LONG_LINE ((size_t)1024 * 1024)

const char *malform_name(enum malform_kind kind);
enum malform_kind malform_pick(struct rng *rng);
size_t malform_write(enum malform_kind kind, struct rng *rng,
    struct format_encoder *encoder, const struct record *record,
    char **buf, size_t *capacity);

#endif /* LOGPROC_MALFORM_H */
