/* schemaopt.h: the options that say how records are read: --schema,
 * --field, --level-map and --timezone. */
#ifndef LOGPROC_SCHEMAOPT_H
#define LOGPROC_SCHEMAOPT_H

#include "cmd/cmd.h"
#include "schema/schema.h"

struct schemaopt {
	const char *schema;		/* --schema: NULL or "auto": detect */
	struct schema *chosen;		/* what --schema names, or NULL */
	struct schema_overrides overrides;
};

void schemaopt_schema(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value);
void schemaopt_field(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value);
void schemaopt_level_map(const struct cmd_entry *entry,
    struct schemaopt *opt, const char *value);
void schemaopt_timezone(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value);
void schemaopt_free(struct schemaopt *opt);

#endif /* LOGPROC_SCHEMAOPT_H */
