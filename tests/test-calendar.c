/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-calendar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-calendar.h"

#define HOUR (G_GINT64_CONSTANT (3600))
#define DAY  (24 * HOUR)

/* Unix seconds of a wall-clock time in the local zone (Asia/Shanghai, set in main). */
static gint64
local_time (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);

  return g_date_time_to_unix (dt);
}

/* The local wall-clock time of @seconds as "YYYY-MM-DD HH:MM", so that a failure shows dates. */
static char *
show (gint64 seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (seconds);

  g_assert_nonnull (dt);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

#define assert_deadline(calendar, start, limit, working, paused, expected)                 \
  G_STMT_START                                                                             \
  {                                                                                        \
    gint64           got_ = kesu_deadline_compute ((calendar), (start), (limit), (working), \
                                                   (paused));                              \
    g_autofree char *got_text_ = show (got_);                                              \
    g_autofree char *expected_text_ = show (expected);                                     \
                                                                                           \
    g_assert_cmpstr (got_text_, ==, expected_text_);                                       \
    g_assert_cmpint (got_, ==, (expected));                                                \
  }                                                                                        \
  G_STMT_END

static gboolean
is_working (const KesuWorkCalendar *calendar,
            int                     year,
            int                     month,
            int                     day)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (year, month, day, 12, 0, 0);

  return kesu_work_calendar_is_working_day (calendar, dt);
}

/* The 2026 National Day golden week: 1–7 October off, Sunday 27 September and Saturday
 * 10 October worked instead (调休). */
static KesuWorkCalendar *
national_day_calendar (void)
{
  KesuWorkCalendar *calendar = kesu_work_calendar_new ();
  int               day;

  for (day = 1; day <= 7; day++)
    {
      g_autofree char *text = g_strdup_printf ("2026-10-%02d", day);

      kesu_work_calendar_add_exception (calendar, text, FALSE);
    }
  kesu_work_calendar_add_exception (calendar, "2026-09-27", TRUE);
  kesu_work_calendar_add_exception (calendar, "2026-10-10", TRUE);

  return calendar;
}

/* Week ---------------------------------------------------------------------------------- */

static void
test_week_default (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();
  g_autofree char *week = kesu_work_calendar_week_to_string (calendar);
  int              weekday;

  g_assert_cmpstr (week, ==, "1111100");
  for (weekday = 1; weekday <= 7; weekday++)
    g_assert_cmpint (kesu_work_calendar_get_weekday (calendar, weekday), ==, weekday <= 5);

  /* 2026-03-02 is a Monday. */
  g_assert_true (is_working (calendar, 2026, 3, 2));
  g_assert_true (is_working (calendar, 2026, 3, 6));
  g_assert_false (is_working (calendar, 2026, 3, 7));
  g_assert_false (is_working (calendar, 2026, 3, 8));
}

static void
test_week_round_trip (void)
{
  static const char *weeks[] = { "1111100", "1111110", "0000000", "1111111", "1010101",
                                 "0111110" };
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (weeks); i++)
    {
      g_autofree char *back = NULL;

      g_assert_true (kesu_work_calendar_week_from_string (calendar, weeks[i]));
      back = kesu_work_calendar_week_to_string (calendar);
      g_assert_cmpstr (back, ==, weeks[i]);
    }

  /* Weekday by weekday, Monday first. */
  g_assert_true (kesu_work_calendar_week_from_string (calendar, "0000001"));
  g_assert_true (kesu_work_calendar_get_weekday (calendar, 7));
  g_assert_false (kesu_work_calendar_get_weekday (calendar, 1));

  kesu_work_calendar_set_weekday (calendar, 6, TRUE);
  kesu_work_calendar_set_weekday (calendar, 7, FALSE);
  kesu_work_calendar_set_weekday (calendar, 2, TRUE);
  {
    g_autofree char *week = kesu_work_calendar_week_to_string (calendar);

    g_assert_cmpstr (week, ==, "0100010");
  }
}

static void
test_week_malformed (void)
{
  static const char *bad[] = { "", "111110", "11111000", "1111102", "11111 0", "１111100",
                               "111110\n", "abcdefg", " 1111100", "1111100 " };
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();
  gsize i;

  g_assert_true (kesu_work_calendar_week_from_string (calendar, "1111110"));

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *week = NULL;

      g_test_message ("week \"%s\"", bad[i]);
      g_assert_false (kesu_work_calendar_week_from_string (calendar, bad[i]));
      /* A refused string leaves the week as it was. */
      week = kesu_work_calendar_week_to_string (calendar);
      g_assert_cmpstr (week, ==, "1111110");
    }

  g_assert_false (kesu_work_calendar_week_from_string (calendar, NULL));
}

/* Exceptions ---------------------------------------------------------------------------- */

static void
test_exceptions (void)
{
  g_autoptr (KesuWorkCalendar) calendar = national_day_calendar ();
  g_autoptr (KesuWorkCalendar) copy = NULL;
  g_autoptr (GList) list = NULL;
  static const struct
  {
    const char *day;
    gboolean    working;
  } expected[] = {
    { "2026-09-27", TRUE },  { "2026-10-01", FALSE }, { "2026-10-02", FALSE },
    { "2026-10-03", FALSE }, { "2026-10-04", FALSE }, { "2026-10-05", FALSE },
    { "2026-10-06", FALSE }, { "2026-10-07", FALSE }, { "2026-10-10", TRUE },
  };
  GList *l;
  gsize  i;

  /* Exception first, then the weekday. */
  g_assert_true (is_working (calendar, 2026, 9, 25));   /* Friday */
  g_assert_false (is_working (calendar, 2026, 9, 26));  /* Saturday */
  g_assert_true (is_working (calendar, 2026, 9, 27));   /* Sunday, made up */
  g_assert_true (is_working (calendar, 2026, 9, 30));   /* Wednesday */
  g_assert_false (is_working (calendar, 2026, 10, 1));  /* Thursday, holiday */
  g_assert_false (is_working (calendar, 2026, 10, 5));  /* Monday, holiday */
  g_assert_false (is_working (calendar, 2026, 10, 7));  /* Wednesday, holiday */
  g_assert_true (is_working (calendar, 2026, 10, 8));   /* Thursday */
  g_assert_true (is_working (calendar, 2026, 10, 10));  /* Saturday, made up */
  g_assert_false (is_working (calendar, 2026, 10, 11)); /* Sunday */

  /* The list: day, flag, day, flag … in day order. */
  list = kesu_work_calendar_get_exceptions (calendar);
  g_assert_cmpuint (g_list_length (list), ==, 2 * G_N_ELEMENTS (expected));
  for (l = list, i = 0; l != NULL; l = l->next->next, i++)
    {
      g_assert_cmpstr (l->data, ==, expected[i].day);
      g_assert_cmpint (GPOINTER_TO_INT (l->next->data), ==, expected[i].working);
    }

  /* A day given again keeps the last flag; a copy is independent. */
  copy = kesu_work_calendar_copy (calendar);
  kesu_work_calendar_add_exception (calendar, "2026-10-10", FALSE);
  g_assert_false (is_working (calendar, 2026, 10, 10));
  g_assert_true (is_working (copy, 2026, 10, 10));
  g_assert_false (is_working (copy, 2026, 10, 1));
  g_assert_true (is_working (copy, 2026, 9, 27));
  g_clear_pointer (&list, g_list_free);
  list = kesu_work_calendar_get_exceptions (calendar);
  g_assert_cmpuint (g_list_length (list), ==, 2 * G_N_ELEMENTS (expected));
}

static void
test_exceptions_malformed (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();

      kesu_work_calendar_add_exception (calendar, "2026-02-30", FALSE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*2026-02-30*not a YYYY-MM-DD date*");
}

/* Deadlines ----------------------------------------------------------------------------- */

static void
test_deadline_calendar (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();
  gint64 friday = local_time (2026, 3, 6, 17, 0);

  /* Calendar time ignores the week and the holidays. */
  assert_deadline (calendar, friday, 24 * HOUR, FALSE, 0, local_time (2026, 3, 7, 17, 0));
  assert_deadline (calendar, friday, 2 * HOUR, FALSE, 0, local_time (2026, 3, 6, 19, 0));
  assert_deadline (calendar, friday, 7 * DAY, FALSE, 0, local_time (2026, 3, 13, 17, 0));
  assert_deadline (calendar, friday, 0, FALSE, 0, friday);
  /* No calendar is needed for calendar time. */
  assert_deadline (NULL, friday, 3 * DAY, FALSE, 0, local_time (2026, 3, 9, 17, 0));

  {
    g_autoptr (KesuWorkCalendar) holidays = national_day_calendar ();
    gint64 start = local_time (2026, 9, 30, 14, 0);

    assert_deadline (holidays, start, 24 * HOUR, FALSE, 0, local_time (2026, 10, 1, 14, 0));
  }
}

static void
test_deadline_working_days (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();

  /* Within one working day. */
  assert_deadline (calendar, local_time (2026, 3, 3, 9, 30), 2 * HOUR, TRUE, 0,
                   local_time (2026, 3, 3, 11, 30));
  /* Up to midnight exactly: the deadline is that midnight, not the next working day's. */
  assert_deadline (calendar, local_time (2026, 3, 6, 0, 0), 24 * HOUR, TRUE, 0,
                   local_time (2026, 3, 7, 0, 0));
  /* Across a weekday night. */
  assert_deadline (calendar, local_time (2026, 3, 3, 9, 0), 24 * HOUR, TRUE, 0,
                   local_time (2026, 3, 4, 9, 0));
  /* Thursday 09:00 + 72 h: Thursday, Friday, Monday; Tuesday 09:00. */
  assert_deadline (calendar, local_time (2026, 3, 5, 9, 0), 72 * HOUR, TRUE, 0,
                   local_time (2026, 3, 10, 9, 0));
  /* Seven days from Monday 09:00: two weekends skipped. */
  assert_deadline (calendar, local_time (2026, 3, 2, 9, 0), 7 * DAY, TRUE, 0,
                   local_time (2026, 3, 11, 9, 0));
  /* Zero: due at the start, even on a weekend. */
  assert_deadline (calendar, local_time (2026, 3, 7, 10, 0), 0, TRUE, 0,
                   local_time (2026, 3, 7, 10, 0));
}

static void
test_deadline_weekend (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();

  /* Friday 17:00 + 24 h: 7 h on Friday, 17 h on Monday. */
  assert_deadline (calendar, local_time (2026, 3, 6, 17, 0), 24 * HOUR, TRUE, 0,
                   local_time (2026, 3, 9, 17, 0));
  /* Friday 23:00 + 2 h. */
  assert_deadline (calendar, local_time (2026, 3, 6, 23, 0), 2 * HOUR, TRUE, 0,
                   local_time (2026, 3, 9, 1, 0));
  /* A six-day week: Saturday counts, Sunday does not. */
  g_assert_true (kesu_work_calendar_week_from_string (calendar, "1111110"));
  assert_deadline (calendar, local_time (2026, 3, 6, 17, 0), 24 * HOUR, TRUE, 0,
                   local_time (2026, 3, 7, 17, 0));
  assert_deadline (calendar, local_time (2026, 3, 7, 17, 0), 24 * HOUR, TRUE, 0,
                   local_time (2026, 3, 9, 17, 0));
}

static void
test_deadline_start_on_weekend (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();

  /* Counting begins at 00:00 of the next working day. */
  assert_deadline (calendar, local_time (2026, 3, 7, 10, 0), 2 * HOUR, TRUE, 0,
                   local_time (2026, 3, 9, 2, 0));
  assert_deadline (calendar, local_time (2026, 3, 8, 23, 59), 24 * HOUR, TRUE, 0,
                   local_time (2026, 3, 10, 0, 0));
  assert_deadline (calendar, local_time (2026, 3, 8, 0, 0), 3 * DAY, TRUE, 0,
                   local_time (2026, 3, 12, 0, 0));
}

static void
test_deadline_national_day (void)
{
  g_autoptr (KesuWorkCalendar) calendar = national_day_calendar ();

  /* Wednesday 30 September 14:00 + 24 h: 10 h, the golden week, 14 h on Thursday 8th. */
  assert_deadline (calendar, local_time (2026, 9, 30, 14, 0), 24 * HOUR, TRUE, 0,
                   local_time (2026, 10, 8, 14, 0));
  /* Friday 25 September 09:00 + 72 h: the made-up Sunday 27th counts. */
  assert_deadline (calendar, local_time (2026, 9, 25, 9, 0), 72 * HOUR, TRUE, 0,
                   local_time (2026, 9, 29, 9, 0));
  /* Thursday 8 October 12:00 + 72 h: the made-up Saturday 10th counts, Sunday does not. */
  assert_deadline (calendar, local_time (2026, 10, 8, 12, 0), 72 * HOUR, TRUE, 0,
                   local_time (2026, 10, 12, 12, 0));
  /* Starting inside the holiday. */
  assert_deadline (calendar, local_time (2026, 10, 3, 10, 0), 2 * HOUR, TRUE, 0,
                   local_time (2026, 10, 8, 2, 0));
  /* A seven-day resolution target from Monday 28 September 09:00. */
  assert_deadline (calendar, local_time (2026, 9, 28, 9, 0), 7 * DAY, TRUE, 0,
                   local_time (2026, 10, 13, 9, 0));
}

static void
test_deadline_paused (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();
  gint64 friday = local_time (2026, 3, 6, 17, 0);

  assert_deadline (calendar, friday, 24 * HOUR, FALSE, 5 * HOUR, local_time (2026, 3, 7, 22, 0));
  assert_deadline (calendar, friday, 24 * HOUR, TRUE, HOUR, local_time (2026, 3, 9, 18, 0));
  /* Plain seconds after the counting: a pause may carry the deadline onto a day off. */
  assert_deadline (calendar, local_time (2026, 3, 5, 17, 0), 24 * HOUR, TRUE, 10 * HOUR,
                   local_time (2026, 3, 7, 3, 0));
  assert_deadline (calendar, friday, 24 * HOUR, TRUE, 3 * DAY + 30 * 60,
                   local_time (2026, 3, 12, 17, 30));
}

static void
test_deadline_no_working_day (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();
  gint64 start = local_time (2026, 3, 6, 17, 0);

  /* All seven days off and no working exception: calendar time, at once. */
  g_assert_true (kesu_work_calendar_week_from_string (calendar, "0000000"));
  assert_deadline (calendar, start, 24 * HOUR, TRUE, 0, local_time (2026, 3, 7, 17, 0));
  assert_deadline (calendar, start, 24 * HOUR, TRUE, HOUR, local_time (2026, 3, 7, 18, 0));
  kesu_work_calendar_add_exception (calendar, "2026-03-09", FALSE);
  assert_deadline (calendar, start, 24 * HOUR, TRUE, 0, local_time (2026, 3, 7, 17, 0));

  /* One working exception: it is counted … */
  kesu_work_calendar_add_exception (calendar, "2026-03-10", TRUE);
  assert_deadline (calendar, start, 2 * HOUR, TRUE, 0, local_time (2026, 3, 10, 2, 0));
  /* … and a limit longer than it ends in calendar time, after a bounded walk. */
  assert_deadline (calendar, start, 48 * HOUR, TRUE, 0, local_time (2026, 3, 8, 17, 0));
}

static void
test_deadline_long (void)
{
  g_autoptr (KesuWorkCalendar) calendar = national_day_calendar ();
  gint64 start = local_time (2026, 1, 5, 9, 0);
  gint64 deadline = 0;
  int    i;

  /* 200 working days from Monday 5 January 2026 09:00: 40 weeks (280 days) bring Monday
   * 12 October 09:00, and the five weekday holidays of the golden week minus the two
   * made-up days push it three working days on. */
  assert_deadline (calendar, start, 200 * DAY, TRUE, 0, local_time (2026, 10, 15, 9, 0));

  /* A board of thousands of cards: each is a walk of a few days. */
  for (i = 0; i < 5000; i++)
    deadline = kesu_deadline_compute (calendar, start + i, 7 * DAY, TRUE, 0);
  g_assert_cmpint (deadline, ==, local_time (2026, 1, 14, 9, 0) + 4999);
}

/* Counted time is real seconds: on a day of 23 hours (Europe/Berlin springs forward on
 * Sunday 29 March 2026) the walk still lands on the same wall-clock hour. */
static void
test_deadline_dst (void)
{
  g_autoptr (KesuWorkCalendar) calendar = kesu_work_calendar_new ();

  if (g_test_subprocess ())
    {
      g_setenv ("TZ", "Europe/Berlin", TRUE);

      /* Friday 17:00 CET + 24 h: Monday 17:00 CEST, 71 real hours later. */
      assert_deadline (calendar, local_time (2026, 3, 27, 17, 0), 24 * HOUR, TRUE, 0,
                       local_time (2026, 3, 30, 17, 0));
      g_assert_cmpint (local_time (2026, 3, 30, 17, 0) - local_time (2026, 3, 27, 17, 0), ==,
                       71 * HOUR);

      /* Every day working: Sunday has 23 hours, so 12 counted hours on it end at 13:00. */
      g_assert_true (kesu_work_calendar_week_from_string (calendar, "1111111"));
      assert_deadline (calendar, local_time (2026, 3, 28, 12, 0), 24 * HOUR, TRUE, 0,
                       local_time (2026, 3, 29, 13, 0));
      assert_deadline (calendar, local_time (2026, 3, 28, 12, 0), 36 * HOUR, TRUE, 0,
                       local_time (2026, 3, 30, 1, 0));

      /* And the 25-hour Sunday of 25 October. */
      assert_deadline (calendar, local_time (2026, 10, 24, 12, 0), 37 * HOUR, TRUE, 0,
                       local_time (2026, 10, 26, 0, 0));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT
                          | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Durations ----------------------------------------------------------------------------- */

static void
test_format_duration (void)
{
  static const struct
  {
    gint64      seconds;
    const char *text;
  } cases[] = {
    { 0, "0 min" },
    { 59, "0 min" },
    { 60, "1 min" },
    { 25 * 60, "25 min" },
    { 25 * 60 + 59, "25 min" },
    { HOUR - 1, "59 min" },
    { HOUR, "1 h" },
    { 3 * HOUR, "3 h" },
    { 3 * HOUR + 59 * 60, "3 h" },
    { 47 * HOUR, "47 h" },
    { 48 * HOUR - 1, "47 h" },
    { 48 * HOUR, "2 d" },
    { 2 * DAY + 4 * HOUR, "2 d 4 h" },
    { 2 * DAY + 4 * HOUR + 3599, "2 d 4 h" },
    { 3 * DAY, "3 d" },
    { 3 * DAY + 59 * 60, "3 d" },
    { 30 * DAY + 23 * HOUR, "30 d 23 h" },
    { -25 * 60, "25 min" },
    { -3 * HOUR, "3 h" },
    { -(2 * DAY + 4 * HOUR), "2 d 4 h" },
    { -59, "0 min" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kesu_format_duration (cases[i].seconds);

      g_test_message ("%" G_GINT64_FORMAT " s", cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* The most negative value has no positive twin; it must still format. */
  {
    g_autofree char *text = kesu_format_duration (G_MININT64);

    g_assert_nonnull (text);
    g_assert_true (g_str_has_suffix (text, " d") || strstr (text, " d ") != NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the local time zone. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/calendar/week/default", test_week_default);
  g_test_add_func ("/calendar/week/round-trip", test_week_round_trip);
  g_test_add_func ("/calendar/week/malformed", test_week_malformed);
  g_test_add_func ("/calendar/exceptions/holidays", test_exceptions);
  g_test_add_func ("/calendar/exceptions/malformed", test_exceptions_malformed);
  g_test_add_func ("/calendar/deadline/calendar", test_deadline_calendar);
  g_test_add_func ("/calendar/deadline/working-days", test_deadline_working_days);
  g_test_add_func ("/calendar/deadline/weekend", test_deadline_weekend);
  g_test_add_func ("/calendar/deadline/start-on-weekend", test_deadline_start_on_weekend);
  g_test_add_func ("/calendar/deadline/national-day", test_deadline_national_day);
  g_test_add_func ("/calendar/deadline/paused", test_deadline_paused);
  g_test_add_func ("/calendar/deadline/no-working-day", test_deadline_no_working_day);
  g_test_add_func ("/calendar/deadline/long", test_deadline_long);
  g_test_add_func ("/calendar/deadline/dst", test_deadline_dst);
  g_test_add_func ("/calendar/format-duration", test_format_duration);

  return g_test_run ();
}
