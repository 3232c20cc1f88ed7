/* truth.c: writes the ground truth as a JSON document. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/xmalloc.h"
#include "gen/catalog.h"
#include "gen/truth.h"

/* Counts one written line of LENGTH bytes, newline included. */
void
truth_add_line(struct truth *truth, size_t length)
{
	truth->lines++;
	truth->bytes += length;
}

static void
set_count(json_t *object, const char *key, uint64_t value)
{
	json_object_set_new(object, key, json_integer((json_int_t)value));
}

/* Builds {"NAME": count, ...} from COUNTS named by NAME_OF. */
static json_t *
counts_object(const uint64_t *counts, size_t count,
    const char *(*name_of)(size_t))
{
	json_t *object = json_object();
	size_t i;

	for (i = 0; i < count; i++)
		set_count(object, name_of(i), counts[i]);
	return object;
}

static const char *
level_name_at(size_t index)
{
	return level_name((enum level)index);
}

static const char *
malform_name_at(size_t index)
{
	return malform_name((enum malform_kind)index);
}

/* Returns the truth as a pretty-printed JSON text for free(), or NULL when
 * memory ran out. */
char *
truth_to_json(const struct truth *truth)
{
	json_t *root = json_object();
	char *text;

	set_count(root, "lines", truth->lines);
	set_count(root, "bytes", truth->bytes);
	set_count(root, "records", truth->records);
	json_object_set_new(root, "levels",
	    counts_object(truth->levels, LEVEL_COUNT, level_name_at));
	json_object_set_new(root, "services", counts_object(truth->services,
	    catalog_service_count(), catalog_service));
	set_count(root, "duration_ms_sum", truth->duration_ms_sum);
	set_count(root, "malformed", truth->malformed);
	json_object_set_new(root, "malformed_kinds", counts_object(
	    truth->malformed_kinds, MALFORM_COUNT, malform_name_at));
	set_count(root, "segments", truth->segments);
	set_count(root, "deleted_segments", truth->deleted_segments);
	set_count(root, "deleted_lines", truth->deleted_lines);
	set_count(root, "deleted_bytes", truth->deleted_bytes);
	json_object_set_new(root, "interrupted",
	    json_boolean(truth->interrupted));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return text;
}

/* Writes the truth to PATH atomically. Returns 0, or -1 with *CAUSE. */
int
truth_write(const struct truth *truth, const char *path, char **cause)
{
	char *text = truth_to_json(truth);
	char *line;
	int result;

	if (text == NULL)
		return (*cause = xstrdup(_("out of memory")), -1);
	xasprintf(&line, "%s\n", text);
	result = fsutil_replace_file(path, line, strlen(line), cause);
	free(line);
	free(text);
	return result;
}
