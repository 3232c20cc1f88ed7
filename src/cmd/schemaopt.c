/* schemaopt.c: --schema NAME|FILE|auto, --field NAME=PATH, --level-map
 * SPELLING=LEVEL and --timezone ZONE. A --schema value with a '/' or
 * ending in ".json" is a file; anything else must be a built-in name.
 * A bad value exits with status 2, naming the option, or the schema
 * file and its key. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/schemaopt.h"
#include "common/i18n.h"
#include "common/xmalloc.h"

/* Returns the built-in names, comma-separated, allocated. */
static char *
builtin_list(void)
{
	const char *const *names = schema_builtin_names();
	char *list = xstrdup("auto"), *next;
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		xasprintf(&next, "%s, %s", list, names[i]);
		free(list);
		list = next;
	}
	return list;
}

/* Returns 1 if VALUE names a schema file rather than a built-in one. */
static int
is_file(const char *value)
{
	size_t length = strlen(value);

	return strchr(value, '/') != NULL || (length > 5 &&
	    strcmp(value + length - 5, ".json") == 0);
}

void
schemaopt_schema(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value)
{
	char *cause = NULL, *list;

	schema_free(opt->chosen);
	opt->chosen = NULL;
	opt->schema = value;
	if (strcmp(value, "auto") == 0)
		return;
	if (is_file(value)) {
		if ((opt->chosen = schema_load(value, &cause)) == NULL)
			cmd_file_error(entry, "schema", cause);
		return;
	}
	if ((opt->chosen = schema_builtin(value)) == NULL) {
		list = builtin_list();
		cmd_bad_value(entry, "schema", value, _("not a schema"), list);
	}
}

/* Splits VALUE at its first '=' into a NAME and what follows; exits
 * naming OPTION if there is none or either side is empty. */
static const char *
split(const struct cmd_entry *entry, const char *option, const char *value,
    char *name, size_t size, const char *form)
{
	const char *equals = strchr(value, '=');

	if (equals == NULL || equals == value || equals[1] == '\0' ||
	    (size_t)(equals - value) >= size)
		cmd_bad_value(entry, option, value, _("not NAME=VALUE"), form);
	memcpy(name, value, (size_t)(equals - value));
	name[equals - value] = '\0';
	return equals + 1;
}

void
schemaopt_field(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value)
{
	char name[32], *cause = NULL;
	const char *paths = split(entry, "field", value, name, sizeof name,
	    _("FIELD=PATH"));
	struct schema probe;
	enum schema_field field;

	if (schema_field_parse(name, &field) != 0)
		cmd_bad_value(entry, "field", value, _("not a field"),
		    _("time, level, service, message, duration, request_id or "
		    "user_id"));
	memset(&probe, 0, sizeof probe);
	if (schema_set_paths(&probe, field, paths, &cause) != 0)
		cmd_bad_value(entry, "field", value, cause, _("PATH[,PATH...]"));
	for (size_t i = 0; i < SCHEMA_MAX_PATHS; i++)
		free(probe.paths[field][i]);
	free(opt->overrides.paths[field]);
	opt->overrides.paths[field] = xstrdup(paths);
}

void
schemaopt_level_map(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value)
{
	char spelling[64];
	const char *text = split(entry, "level-map", value, spelling,
	    sizeof spelling, _("SPELLING=LEVEL"));
	enum level level;

	if (level_parse_option(text, &level) != 0)
		cmd_bad_value(entry, "level-map", value, _("not a level"),
		    _("DEBUG, INFO, WARNING, ERROR or FATAL"));
	if (opt->overrides.level_map == NULL)
		opt->overrides.level_map = schema_map_new();
	if (level_map_add(opt->overrides.level_map, spelling, strlen(spelling),
	    level) != 0)
		cmd_usage_error(entry, _("too many --level-map options"));
}

void
schemaopt_timezone(const struct cmd_entry *entry, struct schemaopt *opt,
    const char *value)
{
	if (timestamp_zone_parse(value, &opt->overrides.zone_offset) != 0)
		cmd_bad_value(entry, "timezone", value, _("not a zone offset"),
		    _("UTC, Z or an offset such as +02:00"));
	opt->overrides.has_zone = 1;
}

void
schemaopt_free(struct schemaopt *opt)
{
	schema_free(opt->chosen);
	schema_overrides_free(&opt->overrides);
}
