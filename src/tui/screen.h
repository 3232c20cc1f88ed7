/* screen.h: taking over the terminal and always giving it back. */
#ifndef LOGPROC_SCREEN_H
#define LOGPROC_SCREEN_H

int screen_usable(char **cause);
int screen_start(char **cause);
void screen_end(void);
void screen_emergency_restore(void);

#endif /* LOGPROC_SCREEN_H */
