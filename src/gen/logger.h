/* logger.h: a record as one JSON object in the format of a common logger:
 * its field names, level spellings, time and duration encodings and
 * usual extra fields (deterministic: they depend only on the record). */
#ifndef LOGPROC_LOGGER_H
#define LOGPROC_LOGGER_H

#include <stddef.h>

#include "gen/record.h"

enum logger {
	LOGGER_LOGPROC, LOGGER_SLOG, LOGGER_ZAP, LOGGER_LOGRUS, LOGGER_ZEROLOG,
	LOGGER_PINO, LOGGER_BUNYAN, LOGGER_WINSTON, LOGGER_STRUCTLOG,
	LOGGER_PYTHON_JSON, LOGGER_LOGSTASH, LOGGER_ECS, LOGGER_JOURNALD,
	LOGGER_CADDY, LOGGER_MONGODB, LOGGER_TRACING, LOGGER_OTLP,
	LOGGER_COUNT
};

const char *logger_name(enum logger logger);
size_t logger_max_length(const struct record *record);
char *logger_encode(enum logger logger, struct record_encoder *encoder,
    const struct record *record, int level_true, char *out);

#endif /* LOGPROC_LOGGER_H */
