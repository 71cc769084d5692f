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
 * that would be a day off (a make-up working day, 调休上班).  @day is YYYY-MM-DD, a real
 * date (anything else is a programming error); a day given again keeps the last flag. */
void              kesu_work_calendar_add_exception (KesuWorkCalendar *calendar,
                                                    const char       *day,
                                                    gboolean          working);
/* The exceptions as "YYYY-MM-DD" → working (GINT_TO_POINTER (TRUE/FALSE)), in day order.
 * The list holds pairs: a day, then its flag, then the next day …, so walk it with
 * `for (l = list; l != NULL; l = l->next->next)`, reading l->data and l->next->data.
 * transfer container: the strings belong to the calendar (valid until it changes). */
GList            *kesu_work_calendar_get_exceptions (const KesuWorkCalendar *calendar);
/* The exception for the date that @local_day shows, else its weekday; the time of day
 * and the zone are not looked at (pass a local time). */
gboolean          kesu_work_calendar_is_working_day (const KesuWorkCalendar *calendar,
                                                     GDateTime              *local_day);

/* "1111100": Monday to Sunday; parse returns FALSE on a malformed string (not exactly
 * seven '0'/'1', or NULL) and then leaves the calendar as it was. */
char             *kesu_work_calendar_week_to_string (const KesuWorkCalendar *calendar);
gboolean          kesu_work_calendar_week_from_string (KesuWorkCalendar *calendar,
                                                       const char       *week);

/* The moment @limit_seconds of counted time after @start (unix seconds, local days).
 * With @working_days, only the hours of working days count: a 24-hour limit that starts
 * on Friday at 17:00 ends on Monday at 17:00.  @paused_seconds of waiting are added
 * after the counting (the clock stood still for them).
 *
 * Details of the working-day mode: a working day counts whole, midnight to midnight (its
 * real length, 23 or 25 h on a DST change); a start on a day off counts from 00:00 of the
 * next working day; a limit that runs out exactly at midnight ends at that midnight.
 * The pause is plain seconds added to the result, so it may carry a deadline onto a day
 * off.  A calendar with no working day (none in the week and no working exception), or
 * one that runs out of working days, or a limit over ten years, falls back to calendar
 * time: @start + @limit_seconds + @paused_seconds.  A @limit_seconds of 0 or less is not
 * counted either (the same sum).  @calendar may be NULL when @working_days is FALSE. */
gint64            kesu_deadline_compute           (const KesuWorkCalendar *calendar,
                                                   gint64                  start,
                                                   gint64                  limit_seconds,
                                                   gboolean                working_days,
                                                   gint64                  paused_seconds);

/* "3 h", "2 d 4 h", "25 min": a short, translated duration for cards and lists.  Under
 * an hour in minutes, under 48 h in hours, then days and hours ("3 d" when the hours are
 * 0); always rounded down.  A negative @seconds is shown as its absolute value: the caller
 * says "overdue". */
char             *kesu_format_duration            (gint64 seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuWorkCalendar, kesu_work_calendar_free)

G_END_DECLS
