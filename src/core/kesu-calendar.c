/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-calendar"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kesu-calendar.h"

#define SECONDS_PER_MINUTE 60
#define SECONDS_PER_HOUR   3600
#define SECONDS_PER_DAY    86400

/* The longest limit counted in working days; anything longer is counted in calendar time
 * (limits are days or weeks, so this is only ever reached by a broken setting). */
#define MAX_LIMIT_DAYS 3660

/* Exception values in by_ymd: 0 (NULL) would be indistinguishable from "absent". */
#define EXCEPTION_OFF     GINT_TO_POINTER (1)
#define EXCEPTION_WORKING GINT_TO_POINTER (2)

struct _KesuWorkCalendar
{
  /* Bit (weekday - 1) set: that weekday is a working day.  Bit 0 is Monday. */
  guint8 week;

  /* "YYYY-MM-DD" (owned) → GINT_TO_POINTER (working): what get_exceptions shows. */
  GHashTable *exceptions;

  /* The same days keyed by y * 10000 + m * 100 + d → EXCEPTION_OFF / EXCEPTION_WORKING,
   * so that walking days never formats a string. */
  GHashTable *by_ymd;

  guint n_working_exceptions;
};

static inline guint
ymd_key (int year,
         int month,
         int day)
{
  return (guint) (year * 10000 + month * 100 + day);
}

/* Strict "YYYY-MM-DD" with a real calendar date; nothing before or after. */
static gboolean
parse_day (const char *text,
           int        *year,
           int        *month,
           int        *day)
{
  int i;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  *year = atoi (text);
  *month = atoi (text + 5);
  *day = atoi (text + 8);

  if (*year < 1 || *month < 1 || *month > 12 || *day < 1)
    return FALSE;

  return g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year);
}

KesuWorkCalendar *
kesu_work_calendar_new (void)
{
  KesuWorkCalendar *calendar = g_new0 (KesuWorkCalendar, 1);

  calendar->week = 0x1f; /* Monday to Friday */
  calendar->exceptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  calendar->by_ymd = g_hash_table_new (g_direct_hash, g_direct_equal);

  return calendar;
}

KesuWorkCalendar *
kesu_work_calendar_copy (const KesuWorkCalendar *calendar)
{
  KesuWorkCalendar *copy;
  GHashTableIter    iter;
  gpointer          key;
  gpointer          value;

  g_return_val_if_fail (calendar != NULL, NULL);

  copy = kesu_work_calendar_new ();
  copy->week = calendar->week;

  g_hash_table_iter_init (&iter, calendar->exceptions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    kesu_work_calendar_add_exception (copy, key, GPOINTER_TO_INT (value));

  return copy;
}

void
kesu_work_calendar_free (KesuWorkCalendar *calendar)
{
  if (calendar == NULL)
    return;

  g_clear_pointer (&calendar->exceptions, g_hash_table_unref);
  g_clear_pointer (&calendar->by_ymd, g_hash_table_unref);
  g_free (calendar);
}

void
kesu_work_calendar_set_weekday (KesuWorkCalendar *calendar,
                                int               weekday,
                                gboolean          working)
{
  g_return_if_fail (calendar != NULL);
  g_return_if_fail (weekday >= 1 && weekday <= 7);

  if (working)
    calendar->week |= (guint8) (1u << (weekday - 1));
  else
    calendar->week &= (guint8) ~(1u << (weekday - 1));
}

gboolean
kesu_work_calendar_get_weekday (const KesuWorkCalendar *calendar,
                                int                     weekday)
{
  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, FALSE);

  return (calendar->week & (1u << (weekday - 1))) != 0;
}

void
kesu_work_calendar_add_exception (KesuWorkCalendar *calendar,
                                  const char       *day,
                                  gboolean          working)
{
  gpointer old;
  int      year;
  int      month;
  int      mday;
  guint    key;

  g_return_if_fail (calendar != NULL);

  /* Not inside g_return_if_fail: the parse must run even with G_DISABLE_CHECKS. */
  if (!parse_day (day, &year, &month, &mday))
    {
      g_critical ("%s: \"%s\" is not a YYYY-MM-DD date", G_STRFUNC, day ? day : "(null)");
      return;
    }

  working = !!working;
  key = ymd_key (year, month, mday);

  /* A day given twice keeps the last flag. */
  old = g_hash_table_lookup (calendar->by_ymd, GUINT_TO_POINTER (key));
  if (old == EXCEPTION_WORKING)
    calendar->n_working_exceptions--;
  if (working)
    calendar->n_working_exceptions++;

  g_hash_table_insert (calendar->by_ymd, GUINT_TO_POINTER (key),
                       working ? EXCEPTION_WORKING : EXCEPTION_OFF);
  g_hash_table_insert (calendar->exceptions, g_strdup (day), GINT_TO_POINTER (working));
}

GList *
kesu_work_calendar_get_exceptions (const KesuWorkCalendar *calendar)
{
  g_autoptr (GList) days = NULL;
  GList *result = NULL;
  GList *l;

  g_return_val_if_fail (calendar != NULL, NULL);

  /* YYYY-MM-DD sorts by date as text. */
  days = g_list_sort (g_hash_table_get_keys (calendar->exceptions), (GCompareFunc) strcmp);

  for (l = g_list_last (days); l != NULL; l = l->prev)
    {
      gpointer working = g_hash_table_lookup (calendar->exceptions, l->data);

      result = g_list_prepend (result, working);
      result = g_list_prepend (result, l->data);
    }

  return result;
}

static inline gboolean
day_is_working (const KesuWorkCalendar *calendar,
                int                     year,
                int                     month,
                int                     day,
                int                     weekday)
{
  if (g_hash_table_size (calendar->by_ymd) > 0)
    {
      gpointer exception = g_hash_table_lookup (calendar->by_ymd,
                                                GUINT_TO_POINTER (ymd_key (year, month, day)));

      if (exception != NULL)
        return exception == EXCEPTION_WORKING;
    }

  return (calendar->week & (1u << (weekday - 1))) != 0;
}

gboolean
kesu_work_calendar_is_working_day (const KesuWorkCalendar *calendar,
                                   GDateTime              *local_day)
{
  int year;
  int month;
  int day;

  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (local_day != NULL, FALSE);

  g_date_time_get_ymd (local_day, &year, &month, &day);

  return day_is_working (calendar, year, month, day, g_date_time_get_day_of_week (local_day));
}

char *
kesu_work_calendar_week_to_string (const KesuWorkCalendar *calendar)
{
  char *week;
  int   i;

  g_return_val_if_fail (calendar != NULL, NULL);

  week = g_malloc (8);
  for (i = 0; i < 7; i++)
    week[i] = (calendar->week & (1u << i)) ? '1' : '0';
  week[7] = '\0';

  return week;
}

gboolean
kesu_work_calendar_week_from_string (KesuWorkCalendar *calendar,
                                     const char       *week)
{
  guint8 mask = 0;
  int    i;

  g_return_val_if_fail (calendar != NULL, FALSE);

  /* A stored setting may be damaged: refuse it quietly and keep the calendar as it was. */
  if (week == NULL || strlen (week) != 7)
    return FALSE;

  for (i = 0; i < 7; i++)
    {
      if (week[i] == '1')
        mask |= (guint8) (1u << i);
      else if (week[i] != '0')
        return FALSE;
    }

  calendar->week = mask;

  return TRUE;
}

/* The unix time of local midnight at the start of @date, FALSE past the years GDateTime
 * knows.  Where midnight does not exist (a DST jump at 00:00) GLib moves it to a valid time,
 * which is still the day's start. */
static gboolean
local_midnight (const GDate *date,
                gint64      *out_unix)
{
  g_autoptr (GDateTime) midnight = NULL;

  if (g_date_get_year (date) > 9999)
    return FALSE;

  midnight = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                    g_date_get_day (date), 0, 0, 0);
  if (midnight == NULL)
    return FALSE;

  *out_unix = g_date_time_to_unix (midnight);

  return TRUE;
}

/* Counts @limit_seconds of working-day time from @start; FALSE when the calendar never
 * reaches enough working days (no working day at all, or only a few exceptional ones).
 * One step per local day: each working day contributes its real length (24 h, or 23 h and
 * 25 h on DST changes) from midnight to midnight. */
static gboolean
count_working_time (const KesuWorkCalendar *calendar,
                    gint64                  start,
                    gint64                  limit_seconds,
                    gint64                 *out_end)
{
  g_autoptr (GDateTime) start_dt = NULL;
  GDate  date;
  gint64 cursor = start;
  gint64 remaining = limit_seconds;
  gint64 max_days;
  gint64 i;
  int    year;
  int    month;
  int    day;

  if (calendar->week == 0 && calendar->n_working_exceptions == 0)
    return FALSE;

  if (limit_seconds / SECONDS_PER_DAY > MAX_LIMIT_DAYS)
    return FALSE;

  start_dt = g_date_time_new_from_unix_local (start);
  if (start_dt == NULL)
    return FALSE;

  g_date_time_get_ymd (start_dt, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  /* Enough for a week with a single working day, plus two years of holidays; a week with
   * no working day and a few working exceptions runs out here instead of looping on. */
  max_days = 7 * (limit_seconds / SECONDS_PER_DAY + 2) + 2 * 366;

  for (i = 0; i < max_days; i++)
    {
      gboolean working;
      gint64   day_end;

      working = day_is_working (calendar,
                                g_date_get_year (&date),
                                g_date_get_month (&date),
                                g_date_get_day (&date),
                                g_date_get_weekday (&date));

      g_date_add_days (&date, 1);
      if (!local_midnight (&date, &day_end))
        return FALSE;

      if (working)
        {
          gint64 available = MAX (day_end - cursor, 0);

          if (remaining <= available)
            {
              *out_end = cursor + remaining;
              return TRUE;
            }
          remaining -= available;
        }

      cursor = MAX (cursor, day_end);
    }

  return FALSE;
}

gint64
kesu_deadline_compute (const KesuWorkCalendar *calendar,
                       gint64                  start,
                       gint64                  limit_seconds,
                       gboolean                working_days,
                       gint64                  paused_seconds)
{
  gint64 end;

  g_return_val_if_fail (calendar != NULL || !working_days, start + limit_seconds);

  if (!working_days || limit_seconds <= 0
      || !count_working_time (calendar, start, limit_seconds, &end))
    end = start + limit_seconds;

  /* The pause is added as plain seconds, after the counting: the clock stood still for
   * them, whatever the days they fell on. */
  return end + paused_seconds;
}

char *
kesu_format_duration (gint64 seconds)
{
  guint64 magnitude;
  guint64 days;
  int     hours;

  /* The sign is the caller's to show ("overdue"); G_MININT64 has no positive twin. */
  magnitude = seconds < 0 ? (guint64) 0 - (guint64) seconds : (guint64) seconds;

  if (magnitude < SECONDS_PER_HOUR)
    {
      /* Translators: a short duration on a card, under an hour; %d is the minutes. */
      return g_strdup_printf (_("%d min"), (int) (magnitude / SECONDS_PER_MINUTE));
    }

  if (magnitude < 48 * SECONDS_PER_HOUR)
    {
      /* Translators: a short duration on a card, under two days; %d is the hours. */
      return g_strdup_printf (_("%d h"), (int) (magnitude / SECONDS_PER_HOUR));
    }

  days = MIN (magnitude / SECONDS_PER_DAY, (guint64) G_MAXINT);
  hours = (int) ((magnitude % SECONDS_PER_DAY) / SECONDS_PER_HOUR);

  if (hours == 0)
    {
      /* Translators: a short duration on a card, in whole days; %d is the days. */
      return g_strdup_printf (_("%d d"), (int) days);
    }

  /* Translators: a short duration on a card: days, then hours ("2 d 4 h"). */
  return g_strdup_printf (_("%d d %d h"), (int) days, hours);
}
