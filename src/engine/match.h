/* match.h: matches a scan's listing with the engine's table of segments,
 * under the engine's lock. */
#ifndef LOGPROC_MATCH_H
#define LOGPROC_MATCH_H

struct engine;
struct listing;

int match_listing(struct engine *engine, struct listing *listing);

#endif /* LOGPROC_MATCH_H */
