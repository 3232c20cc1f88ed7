/* catalog.c: the vocabulary of generated records. */
#include "config.h"

#include "gen/catalog.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

const unsigned catalog_level_percent[LEVEL_COUNT] = { 15, 50, 20, 10, 5 };

static const char *const services[] = {
	"api-gateway", "auth-service", "user-service", "payment-service",
	"order-service", "inventory-service", "notification-service",
	"search-service"
};

static const char *const debug_messages[] = {
	"Cache lookup", "Entering request handler", "Query plan selected",
	"Connection pool stats", "Feature flag evaluated",
	"Retrying idempotent call"
};
static const char *const info_messages[] = {
	"Request completed", "User logged in", "Order created",
	"Payment authorized", "Session refreshed", "Item added to cart",
	"Search results returned", "Email queued for delivery"
};
static const char *const warning_messages[] = {
	"Slow response from upstream", "Retrying request",
	"Cache miss rate above threshold", "Deprecated API version used",
	"Connection pool nearly exhausted", "Rate limit approaching"
};
static const char *const error_messages[] = {
	"Database query failed", "Upstream returned 502",
	"Payment declined by processor", "Timeout waiting for lock",
	"Failed to publish event", "Invalid token signature"
};
static const char *const fatal_messages[] = {
	"Out of memory", "Database connection lost",
	"Configuration file unreadable", "Disk full on data volume",
	"Unrecoverable state in consumer"
};

struct message_list {
	const char *const *messages;
	unsigned count;
};

static const struct message_list messages_by_level[LEVEL_COUNT] = {
	{ debug_messages, COUNT_OF(debug_messages) },
	{ info_messages, COUNT_OF(info_messages) },
	{ warning_messages, COUNT_OF(warning_messages) },
	{ error_messages, COUNT_OF(error_messages) },
	{ fatal_messages, COUNT_OF(fatal_messages) },
};

size_t
catalog_service_count(void)
{
	return COUNT_OF(services);
}

const char *
catalog_service(size_t index)
{
	return services[index];
}

/* Draws a level with the weights of catalog_level_percent. */
enum level
catalog_pick_level(struct rng *rng)
{
	unsigned roll = rng_below(rng, 100);
	int level;

	for (level = 0; level < LEVEL_COUNT - 1; level++) {
		if (roll < catalog_level_percent[level])
			break;
		roll -= catalog_level_percent[level];
	}
	return (enum level)level;
}

/* Fills every field of RECORD except the timestamp: level by weight, a
 * service, a message fitting the level, a request id, a user id in 70% of
 * records and a duration of 1..5000 ms. Returns the service's index. */
size_t
catalog_fill(struct rng *rng, struct record *record)
{
	const struct message_list *list;
	size_t service;

	record->level = catalog_pick_level(rng);
	service = rng_below(rng, COUNT_OF(services));
	record->service = services[service];
	list = &messages_by_level[record->level];
	record->message = list->messages[rng_below(rng, list->count)];
	record->request_id = (uint32_t)rng_next(rng);
	if (rng_below(rng, 10) < 3)
		record->user_id = RECORD_NO_USER;
	else
		record->user_id = (int32_t)(1 + rng_below(rng, CATALOG_USER_MAX));
	record->duration_ms = 1 + rng_below(rng, CATALOG_DURATION_MAX);
	return service;
}
