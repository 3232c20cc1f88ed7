/* advice-files.h: the files of a log directory that look like a pattern
 * none of them is of, for the advice after a run that found nothing. */
#ifndef LOGPROC_ADVICE_FILES_H
#define LOGPROC_ADVICE_FILES_H

#include <stddef.h>

/* One regular file of the directory. */
struct advice_file {
	char *name;
	char *stem;		/* the name without rotation suffixes */
	int likeness;		/* how much its stem looks like the pattern */
	size_t stem_files;	/* files of the directory with its stem */
};

struct advice_files {
	struct advice_file *files;	/* most like the pattern first */
	size_t count;
	int alike;		/* the first file looks like the pattern */
	size_t matching;	/* files of the pattern after all */
};

int advice_files_read(struct advice_files *near, const char *dir,
    const char *pattern);
const char *advice_files_suggestion(const struct advice_files *near);
void advice_files_free(struct advice_files *near);

#endif /* LOGPROC_ADVICE_FILES_H */
