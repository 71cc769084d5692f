/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One clock and one random generator for the whole program, so tests can fix time
 * and randomness. */

GDateTime *kesu_clock_now         (void);  /* local time; transfer full */
gint64     kesu_clock_now_unix    (void);
void       kesu_clock_set_fixed   (GDateTime *fixed);  /* NULL: the real clock again */
/* The fixed time, or NULL when the real clock runs; transfer full. */
GDateTime *kesu_clock_dup_fixed   (void);

/* "YYYY-MM-DD HH:MM", in local time. */
char      *kesu_format_time       (gint64     unix_time);

G_END_DECLS
