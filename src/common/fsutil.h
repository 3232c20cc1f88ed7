/* fsutil.h: small file-system helpers shared by the commands. */
#ifndef LOGPROC_FSUTIL_H
#define LOGPROC_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

int fsutil_mkdirs(const char *path, mode_t mode, char **cause);
int fsutil_write_all(int fd, const void *data, size_t length);
int fsutil_probe_replace(const char *path, char **cause);
int fsutil_replace_file(const char *path, const char *data, size_t length,
    char **cause);

#endif /* LOGPROC_FSUTIL_H */
