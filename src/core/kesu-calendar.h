/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"

G_BEGIN_DECLS

/* Deadlines (时限): how long after a start a limit falls, in calendar time or in the
 * branch's working days, with the time a case spent waiting (on the customer, on parts)
 * not counted.  Pure functions: no store, no clock. */

typedef struct _KesuWorkCalendar KesuWorkCalendar;

KesuWorkCalendar *kesu_work_calendar_new          (void);  /* Monday–Friday, no holidays */
KesuWorkCalendar *kesu_work_calendar_copy         (const KesuWorkCalendar *calendar);
void              kesu_work_calendar_free         (KesuWorkCalendar *calendar);

/* @weekday: 1 = Monday … 7 = Sunday, as GDateTime. */
void              kesu_work_calendar_set_weekday  (KesuWorkCalendar *calendar,
                                                   int               weekday,
                                                   gboolean          working);
gboolean          kesu_work_calendar_get_weekday  (const KesuWorkCalendar *calendar,
                                                   int               weekday);
/* A day off that would be a working day (a public holiday, 法定节假日), or a working day
 * that would be a day off (a make-up working day, 调休上班).  @day is YYYY-MM-DD. */
void              kesu_work_calendar_add_exception (KesuWorkCalendar *calendar,
                                                    const char       *day,
                                                    gboolean          working);
/* The exceptions as "YYYY-MM-DD" → working (GINT_TO_POINTER (TRUE/FALSE)), in day order.
 * transfer container: the strings belong to the calendar. */
GList            *kesu_work_calendar_get_exceptions (const KesuWorkCalendar *calendar);
gboolean          kesu_work_calendar_is_working_day (const KesuWorkCalendar *calendar,
                                                     GDateTime              *local_day);

/* "1111100": Monday to Sunday; parse returns FALSE on a malformed string. */
char             *kesu_work_calendar_week_to_string (const KesuWorkCalendar *calendar);
gboolean          kesu_work_calendar_week_from_string (KesuWorkCalendar *calendar,
                                                       const char       *week);

/* The moment @limit_seconds of counted time after @start (unix seconds, local days).
 * With @working_days, only the hours of working days count: a 24-hour limit that starts
 * on Friday at 17:00 ends on Monday at 17:00.  @paused_seconds of waiting are added
 * after the counting (the clock stood still for them). */
gint64            kesu_deadline_compute           (const KesuWorkCalendar *calendar,
                                                   gint64                  start,
                                                   gint64                  limit_seconds,
                                                   gboolean                working_days,
                                                   gint64                  paused_seconds);

/* "3 h", "2 d 4 h", "25 min": a short, translated duration for cards and lists. */
char             *kesu_format_duration            (gint64 seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuWorkCalendar, kesu_work_calendar_free)

G_END_DECLS
