/* i18n.h: gettext shorthands used by every user-facing string. */
#ifndef LOGPROC_I18N_H
#define LOGPROC_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(text) gettext(text)
#else
#define _(text) (text)
#endif

/* Marks a string for extraction without translating it where it stands. */
#define N_(text) (text)

#endif /* LOGPROC_I18N_H */
