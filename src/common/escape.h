/* escape.h: making untrusted text safe to print on a terminal. */
#ifndef LOGPROC_ESCAPE_H
#define LOGPROC_ESCAPE_H

#include <stddef.h>

char *escape_text(const char *text, size_t length);
char *escape_string(const char *text);
int escape_is_utf8(const char *text, size_t length);

#endif /* LOGPROC_ESCAPE_H */
