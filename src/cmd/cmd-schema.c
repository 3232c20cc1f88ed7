/* cmd-schema.c: logproc schema list | show NAME prints the built-in
 * schemas, each in the form of a schema file to copy and edit. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "common/i18n.h"
#include "schema/schema.h"

/* Prints the help of logproc schema. */
static void
schema_help(FILE *out)
{
	fputs(_("Usage: logproc schema list\n"
	    "       logproc schema show NAME|FILE\n"
	    "List the built-in schemas, or print one (or a schema file, checked)\n"
	    "as a schema file: where the fields are and how they are read. Copy\n"
	    "one, edit it and give it to logproc run --schema FILE.\n"), out);
	fputs(_("\nOptions:\n"
	    "  --help               show this help and exit\n"), out);
	cmd_print_footer(out, "schema show pino");
}

/* Prints the names of the built-in schemas, one a line. */
static int
list_schemas(void)
{
	const char *const *names = schema_builtin_names();
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		printf("%s\n", names[i]);
	return 0;
}

/* Prints the schema NAME (a built-in one or a file) as JSON. */
static int
show_schema(const struct cmd_entry *entry, const char *name)
{
	struct schema *schema = schema_builtin(name);
	char *cause = NULL;
	json_t *json;

	if (schema == NULL && strchr(name, '/') == NULL &&
	    strstr(name, ".json") == NULL)
		cmd_usage_error(entry, _("no built-in schema '%s' (logproc schema "
		    "list names them)"), name);
	if (schema == NULL && (schema = schema_load(name, &cause)) == NULL)
		cmd_usage_error(entry, "%s", cause);
	json = schema_to_json(schema);
	json_dumpf(json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(json);
	schema_free(schema);
	return 0;
}

/* logproc schema */
static int
schema_exec(const struct cmd_entry *entry, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		schema_help(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return list_schemas();
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return show_schema(entry, argv[2]);
	cmd_usage_error(entry, argc < 2 ? _("a command is needed: list or show "
	    "NAME") : _("expected 'list' or 'show NAME'"));
}

const struct cmd_entry cmd_schema_entry = {
	.name = "schema",
	.summary = N_("list the built-in schemas, or show one"),
	.exec = schema_exec,
	.help = schema_help,
};
