/* spellings.h: the most frequent level spellings no table knew, so that
 * a summary can say what to give --level-map. Bounded: SPELLINGS_MAX of
 * them by text, the rest counted together. */
#ifndef LOGPROC_SPELLINGS_H
#define LOGPROC_SPELLINGS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define SPELLINGS_MAX 8
#define SPELLING_TEXT 32	/* bytes kept of one, NUL included */

struct spelling {
	char text[SPELLING_TEXT];	/* UTF-8, cut at a character */
	uint64_t count;
};

struct spellings {
	struct spelling items[SPELLINGS_MAX];
	size_t count;
	uint64_t other;			/* spellings beyond the kept ones */
};

void spellings_add(struct spellings *spellings, const char *text,
    size_t length, uint64_t count);
void spellings_merge(struct spellings *into, const struct spellings *from);
size_t spellings_top(const struct spellings *spellings,
    const struct spelling **top, size_t size);
json_t *spellings_to_json(const struct spellings *spellings);
int spellings_from_json(struct spellings *spellings, json_t *json,
    char **cause);

#endif /* LOGPROC_SPELLINGS_H */
