/* cmd-status.c: logproc status shows what the checkpoint holds, without
 * processing anything. It takes no lock: the checkpoint is replaced
 * atomically, so it can be read while logproc run is writing it. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/runopt.h"
#include "cmd/summary.h"
#include "common/escape.h"
#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/ckpt.h"

/* Prints the help of logproc status. */
static void
status_help(FILE *out)
{
	fputs(_("Usage: logproc status [OPTIONS]\n"
	    "Show what the checkpoint holds: each segment's state, offset, size,\n"
	    "lines and last update, and the totals. Works while logproc run runs.\n"),
	    out);
	fputs(_("\nOptions:\n"), out);
	runopt_help_location(out);
	fputs(_("  --json               print the checkpoint as JSON\n"
	    "  --help               show this help and exit\n"), out);
	cmd_print_footer(out, "-json");
}

/* Checks the checkpoint belongs to the log directory and pattern asked
 * for; returns 0 or -1 with *CAUSE. */
static int
check_location(const struct ckpt *ckpt, const struct engine_config *config,
    const char *path, char **cause)
{
	char real[PATH_MAX];

	if (realpath(config->logs_dir, real) != NULL &&
	    strcmp(real, ckpt->logs_dir) != 0)
		return (xasprintf(cause, _("%s: made for log directory %s, not %s"),
		    path, ckpt->logs_dir, real), -1);
	if (strcmp(ckpt->pattern, config->pattern) != 0)
		return (xasprintf(cause, _("%s: made for pattern %s, not %s"), path,
		    ckpt->pattern, config->pattern), -1);
	return 0;
}

/* Prints one row per segment. */
static void
print_segments(const struct ckpt *ckpt)
{
	size_t counts[SEGMENT_STATE_COUNT] = { 0 }, i;
	const struct segment *segment;
	char updated[CKPT_TIME_SIZE], *name, *reason;

	for (i = 0; i < ckpt->segment_count; i++)
		counts[ckpt->segments[i]->state]++;
	printf(_("Segments: %zu (%zu complete, %zu pending, %zu failed)\n"),
	    ckpt->segment_count, counts[SEGMENT_COMPLETE],
	    counts[SEGMENT_PENDING] + counts[SEGMENT_PROCESSING],
	    counts[SEGMENT_FAILED]);
	printf("  %-10s %23s %10s  %-20s  %s\n", _("STATE"), _("OFFSET/SIZE"),
	    _("LINES"), _("LAST UPDATE"), _("SEGMENT"));
	for (i = 0; i < ckpt->segment_count; i++) {
		segment = ckpt->segments[i];
		ckpt_format_time(segment->last_updated, updated, sizeof updated);
		name = escape_string(segment->name);
		printf("  %-10s %11llu/%-11llu %10llu  %-20s  %s",
		    segment_state_name(segment->state),
		    (unsigned long long)segment->offset,
		    (unsigned long long)segment->size,
		    (unsigned long long)segment->lines, updated, name);
		free(name);
		if (segment->reason != NULL) {
			reason = escape_string(segment->reason);
			printf(" (%s)", reason);
			free(reason);
		}
		putchar('\n');
	}
}

/* Prints the line of SINK, if there is one: LABEL names it. */
static void
print_sink(const char *label, const struct ckpt_sink *sink)
{
	char *path;

	if (sink->path == NULL)
		return;
	path = escape_string(sink->path);
	printf(_("%s %s, %llu bytes committed\n"), label, path,
	    (unsigned long long)sink->committed);
	free(path);
}

/* Prints the schema CKPT records: an older checkpoint's is logproc. */
static void
print_schema(const struct ckpt *ckpt)
{
	const char *name = json_string_value(json_object_get(ckpt->schema,
	    "name"));
	char *safe;

	if (ckpt->schema != NULL && json_is_null(ckpt->schema)) {
		fputs(_("Schema not detected yet (no complete line read)\n"), stdout);
		return;
	}
	safe = escape_string(ckpt->schema == NULL ? "logproc" : name != NULL ?
	    name : "?");
	printf(_("Schema %s\n"), safe);
	free(safe);
}

/* Prints CKPT, loaded from PATH, as text. */
static void
print_text(const struct ckpt *ckpt, const char *path)
{
	char updated[CKPT_TIME_SIZE], *dir;

	ckpt_format_time(ckpt->updated, updated, sizeof updated);
	dir = escape_string(ckpt->logs_dir);
	printf(_("Checkpoint %s, updated %s\n"), path, updated);
	printf(_("Log directory %s, pattern %s\n"), dir, ckpt->pattern);
	free(dir);
	print_schema(ckpt);
	print_sink(_("Output"), &ckpt->output);
	print_sink(_("Rejects"), &ckpt->rejects);
	print_segments(ckpt);
	summary_totals(stdout, &ckpt->totals);
}

/* logproc status */
static int
status_exec(const struct cmd_entry *entry, int argc, char **argv)
{
	struct runopt options;
	struct ckpt ckpt;
	char *cause = NULL, *path;
	json_t *root;
	int loaded;

	runopt_parse(entry, argc, argv, RUNOPT_LOCATION | RUNOPT_JSON, &options);
	path = ckpt_path(options.engine.offsets_dir);
	ckpt_init(&ckpt);
	loaded = ckpt_load(&ckpt, options.engine.offsets_dir, &cause);
	if (loaded == 0)
		xasprintf(&cause, _("%s: no checkpoint: nothing processed yet"), path);
	if (loaded <= 0 || check_location(&ckpt, &options.engine, path,
	    &cause) != 0) {
		free(path);
		ckpt_free(&ckpt);
		runopt_free(&options);
		return cmd_runtime_error("", cause);
	}
	if (options.json) {
		root = ckpt_to_json(&ckpt);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else
		print_text(&ckpt, path);
	free(path);
	ckpt_free(&ckpt);
	runopt_free(&options);
	return 0;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.summary = N_("show what the checkpoint holds"),
	.exec = status_exec,
	.help = status_help,
};
