/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-figures"

#include "config.h"

#include <math.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-error.h"
#include "kesu-figures.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-workflow.h"

/* The figures of a period (DOMAIN.md, 分析与改进) from hand-built complaints whose every
 * figure is worked out below by hand.  Times are Asia/Shanghai; the default deadline
 * policy: first response 24 h (urgent 2 h), resolution 7 d / 3 d (important) / 1 d
 * (urgent), in calendar time. */

#define MINUTE ((gint64) 60)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

#define VQ      KESU_CATEGORY_VEHICLE_QUALITY
#define TIGUAN  "大众 途观L"
#define CAMRY   "丰田 凯美瑞"

static gint64
local_unix (int y,
            int mo,
            int d,
            int h,
            int mi,
            int s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt);
}

/* ---- fixture ---- */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     clerk_id;  /* 王芳, front desk: the operator */
  gint64     li_id;     /* 李强, service advisor */
  gint64     zhao_id;   /* 赵敏, service advisor */
  /* the November complaints (see add_november) */
  gint64     a, b, c, d, e, f_, g, h, i0;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kesu_test_set_clock (local_unix (2025, 1, 2, 9, 0, 0));
  f->store = kesu_test_store_new ("kesu-figures", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  &f->clerk_id, &f->li_id);
  f->zhao_id = kesu_test_add_staff (f->store, "赵敏", KESU_ROLE_SERVICE_ADVISOR, NULL,
                                    &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

/* ---- helpers ---- */

static gint64
add (Fixture      *f,
     gint64        received,
     KesuSeverity  severity,
     KesuCategory  category,
     KesuChannel   channel,
     const char   *model,
     gint64        handler_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = kesu_intake_new ();
  gint64 id;

  kesu_test_set_clock (received);
  in->channel = channel;
  in->received_at = g_date_time_new_from_unix_local (received);
  in->received_by = f->clerk_id;
  in->customer_name = g_strdup ("张伟");
  in->customer_phone = g_strdup ("13812345678");
  in->vehicle_model = g_strdup (model);
  in->description = g_strdup ("保养后发动机舱漏油，地面有油迹。");
  in->demand = g_strdup ("要求免费维修");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = category;
  in->severity = severity;
  in->handler_id = handler_id;
  id = kesu_store_add_complaint (f->store, in, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The first contact with the customer, at @at. */
static void
contact (Fixture *f,
         gint64   id,
         gint64   at)
{
  g_autoptr(GError) error = NULL;

  kesu_test_set_clock (at);
  g_assert_true (kesu_store_record_contact (f->store, id, KESU_CHANNEL_PHONE,
                                            "已致电客户，说明处理安排", at + DAY, &error));
  g_assert_no_error (error);
}

static void
set_waiting (Fixture  *f,
             gint64    id,
             gint64    at,
             gboolean  waiting)
{
  g_autoptr(GError) error = NULL;

  kesu_test_set_clock (at);
  g_assert_true (kesu_store_set_waiting (f->store, id, waiting, waiting ? "等待配件到货" : NULL,
                                         &error));
  g_assert_no_error (error);
}

static KesuCaseData *
complete_input (gint64             handler_id,
                KesuResponsibility responsibility,
                int                rating,
                gint64             at)
{
  KesuCaseData *d = kesu_case_data_new ();

  d->handler_id = handler_id;
  d->cause = g_strdup ("机油滤芯未拧紧");
  d->responsibility = responsibility;
  d->solution = KESU_SOLUTION_REPAIR;
  d->measures = g_strdup ("免费重新紧固机油滤芯");
  d->amount_fen = 0;
  d->solution_deadline = at + 3 * DAY;
  d->agreed_at = at;
  d->agreement_note = g_strdup ("客户现场签字确认");
  d->measures_result = g_strdup ("已紧固并试车，无渗漏");
  d->satisfaction = rating;
  d->satisfaction_comment = g_strdup ("客户的评价");
  d->reason = g_strdup ("客户要求");
  return d;
}

static void
move_ok (Fixture            *f,
         gint64              id,
         KesuState           to,
         const KesuCaseData *input,
         KesuState           expected)
{
  g_autoptr(GError) error = NULL;
  KesuState out = KESU_N_STATES;

  g_assert_true (kesu_store_move (f->store, id, to, input, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out, ==, expected);
}

/* Walks the case from where it is through the follow-up to closing, all at @at, with the
 * customer's @rating: a dissatisfied one reopens the case instead. */
static void
close_at (Fixture            *f,
          gint64              id,
          gint64              at,
          KesuResponsibility  responsibility,
          int                 rating)
{
  static const KesuState forward[] = {
    KESU_STATE_INVESTIGATING, KESU_STATE_PROPOSING, KESU_STATE_EXECUTING,
    KESU_STATE_FOLLOW_UP, KESU_STATE_CLOSED,
  };
  KesuState state = kesu_test_state_of (f->store, id);
  g_autoptr(KesuCaseData) input = NULL;
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = kesu_store_get_case_data (f->store, id, &error);
  g_assert_no_error (error);
  input = complete_input (stored->handler_id, responsibility, rating, at);
  kesu_test_set_clock (at);
  for (guint i = 0; i < G_N_ELEMENTS (forward); i++)
    {
      gboolean last = forward[i] == KESU_STATE_CLOSED;

      if (state != KESU_STATE_RECEIVED && forward[i] <= state)
        continue;
      move_ok (f, id, forward[i], input,
               last && rating <= KESU_SATISFACTION_DISSATISFIED ? KESU_STATE_INVESTIGATING
                                                                 : forward[i]);
    }
}

/* November 2026, and a complaint just before and just after it:
 *
 *     received          sev.  category        channel   model   handler  first contact
 *  i0 10-31 23:59:59    norm  other           phone     途观L   李强     —
 *  A  11-02 09:00       norm  vehicle quality phone     途观L   李强     +2 h
 *  B  11-03 10:00       imp.  repair quality  WeChat    途观L   李强     +26 h (late)
 *  C  11-05 08:00       urg.  vehicle quality phone     途观L   赵敏     +1 h
 *  D  11-10 14:00       norm  price           walk-in   凯美瑞  李强     +19 h
 *  E  11-20 09:00       norm  vehicle quality phone     途观L   赵敏     +1 h
 *  F  11-28 16:00       imp.  attitude        platform  —       李强     none (late)
 *  G  11-30 23:30       norm  vehicle quality e-mail    途观L   李强     +9 h
 *  H  12-01 00:00:00    norm  vehicle quality phone     途观L   李强     —
 *
 *  i0 closed 11-01 00:00:01 (2 s), rated 5.
 *  A  closed 11-05 09:00 (72 h, due 11-09 09:00: in time), manufacturer, rated 5.
 *  B  waits on parts 11-05 10:00 to 11-07 10:00 (48 h); closed 11-08 10:00 (120 h; due
 *     72 h + 48 h later: exactly then, in time), dealer after-sales, rated 4.
 *  C  dissatisfied twice (rated 1 on 11-10 08:00, 2 on 11-19 08:00: reopened twice);
 *     closed 11-20 08:00 (360 h; due 24 h after the last reopening: exactly then, in
 *     time), dealer after-sales, rated 3.
 *  D  withdrawn 11-12 09:00 (responsibility not decided).
 *  E  investigating; its promised next contact (11-21 10:00) has passed: overdue.
 *  F  received, nobody called: overdue.
 *  G  closed 12-08 23:30 (192 h, due 12-07 23:30: late), dealer after-sales, rated 4.
 *  H  open, overdue; December's only complaint.
 *
 * The clock then stands at 2026-12-10 10:00. */
static void
add_november (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->i0 = add (f, local_unix (2026, 10, 31, 23, 59, 59), KESU_SEVERITY_NORMAL,
               KESU_CATEGORY_OTHER, KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  close_at (f, f->i0, local_unix (2026, 11, 1, 0, 0, 1), KESU_RESPONSIBILITY_DEALER_STAFF, 5);

  f->a = add (f, local_unix (2026, 11, 2, 9, 0, 0), KESU_SEVERITY_NORMAL, VQ,
              KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  contact (f, f->a, local_unix (2026, 11, 2, 11, 0, 0));
  close_at (f, f->a, local_unix (2026, 11, 5, 9, 0, 0), KESU_RESPONSIBILITY_MANUFACTURER, 5);

  f->b = add (f, local_unix (2026, 11, 3, 10, 0, 0), KESU_SEVERITY_IMPORTANT,
              KESU_CATEGORY_REPAIR_QUALITY, KESU_CHANNEL_WECHAT, TIGUAN, f->li_id);
  contact (f, f->b, local_unix (2026, 11, 4, 12, 0, 0));
  set_waiting (f, f->b, local_unix (2026, 11, 5, 10, 0, 0), TRUE);
  set_waiting (f, f->b, local_unix (2026, 11, 7, 10, 0, 0), FALSE);
  close_at (f, f->b, local_unix (2026, 11, 8, 10, 0, 0),
            KESU_RESPONSIBILITY_DEALER_AFTER_SALES, 4);

  f->c = add (f, local_unix (2026, 11, 5, 8, 0, 0), KESU_SEVERITY_URGENT, VQ,
              KESU_CHANNEL_PHONE, TIGUAN, f->zhao_id);
  contact (f, f->c, local_unix (2026, 11, 5, 9, 0, 0));
  close_at (f, f->c, local_unix (2026, 11, 10, 8, 0, 0),
            KESU_RESPONSIBILITY_DEALER_AFTER_SALES, 1);
  g_assert_cmpint (kesu_test_state_of (f->store, f->c), ==, KESU_STATE_INVESTIGATING);
  close_at (f, f->c, local_unix (2026, 11, 19, 8, 0, 0),
            KESU_RESPONSIBILITY_DEALER_AFTER_SALES, 2);
  g_assert_cmpint (kesu_test_state_of (f->store, f->c), ==, KESU_STATE_INVESTIGATING);
  close_at (f, f->c, local_unix (2026, 11, 20, 8, 0, 0),
            KESU_RESPONSIBILITY_DEALER_AFTER_SALES, 3);

  f->d = add (f, local_unix (2026, 11, 10, 14, 0, 0), KESU_SEVERITY_NORMAL,
              KESU_CATEGORY_PRICE, KESU_CHANNEL_WALK_IN, CAMRY, f->li_id);
  contact (f, f->d, local_unix (2026, 11, 11, 9, 0, 0));
  {
    g_autoptr(KesuCaseData) input = kesu_case_data_new ();

    input->reason = g_strdup ("客户已与销售顾问协商解决，主动撤回");
    kesu_test_set_clock (local_unix (2026, 11, 12, 9, 0, 0));
    move_ok (f, f->d, KESU_STATE_WITHDRAWN, input, KESU_STATE_WITHDRAWN);
  }

  f->e = add (f, local_unix (2026, 11, 20, 9, 0, 0), KESU_SEVERITY_NORMAL, VQ,
              KESU_CHANNEL_PHONE, TIGUAN, f->zhao_id);
  contact (f, f->e, local_unix (2026, 11, 20, 10, 0, 0));
  {
    g_autoptr(KesuCaseData) input = kesu_case_data_new ();

    input->handler_id = f->zhao_id;
    move_ok (f, f->e, KESU_STATE_INVESTIGATING, input, KESU_STATE_INVESTIGATING);
  }

  f->f_ = add (f, local_unix (2026, 11, 28, 16, 0, 0), KESU_SEVERITY_IMPORTANT,
               KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_PLATFORM, NULL, f->li_id);

  f->g = add (f, local_unix (2026, 11, 30, 23, 30, 0), KESU_SEVERITY_NORMAL, VQ,
              KESU_CHANNEL_EMAIL, TIGUAN, f->li_id);
  contact (f, f->g, local_unix (2026, 12, 1, 8, 30, 0));
  close_at (f, f->g, local_unix (2026, 12, 8, 23, 30, 0),
            KESU_RESPONSIBILITY_DEALER_AFTER_SALES, 4);

  f->h = add (f, local_unix (2026, 12, 1, 0, 0, 0), KESU_SEVERITY_NORMAL, VQ,
              KESU_CHANNEL_PHONE, TIGUAN, f->li_id);

  kesu_test_set_clock (local_unix (2026, 12, 10, 10, 0, 0));
  g_assert_no_error (error);
}

static KesuFigures *
compute (Fixture                *f,
         const KesuPeriod       *period,
         const KesuFigureFilter *filter,
         guint                   threshold)
{
  g_autoptr(GError) error = NULL;
  KesuFigures *figures = kesu_figures_compute (f->store, period, filter, threshold, &error);

  g_assert_no_error (error);
  g_assert_nonnull (figures);
  return figures;
}

static KesuFigures *
compute_month (Fixture                *f,
               int                     year,
               int                     month,
               const KesuFigureFilter *filter)
{
  KesuPeriod period;

  kesu_period_init_month (&period, year, month);
  return compute (f, &period, filter, KESU_RECURRING_THRESHOLD_DEFAULT);
}

/* "key|label|count" rows joined by ";". */
static char *
rows_text (GPtrArray *rows)
{
  GString *s = g_string_new (NULL);

  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    {
      KesuBreakdownRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (s, "%s%s|%s|%u", i ? ";" : "", row->key, row->label, row->count);
    }
  return g_string_free (s, FALSE);
}

#define assert_rows(rows, expected)                                                      \
  G_STMT_START                                                                           \
  {                                                                                      \
    g_autofree char *text_ = rows_text (rows);                                           \
    g_assert_cmpstr (text_, ==, expected);                                               \
  }                                                                                      \
  G_STMT_END

/* "YYYY-MM:received/closed" months joined by " ". */
static char *
trend_text (GArray *trend)
{
  GString *s = g_string_new (NULL);

  g_assert_nonnull (trend);
  for (guint i = 0; i < trend->len; i++)
    {
      KesuMonthCount *m = &g_array_index (trend, KesuMonthCount, i);

      g_string_append_printf (s, "%s%04d-%02d:%u/%u", i ? " " : "", m->year, m->month,
                              m->received, m->closed);
    }
  return g_string_free (s, FALSE);
}

#define assert_trend(trend, expected)                                                    \
  G_STMT_START                                                                           \
  {                                                                                      \
    g_autofree char *text_ = trend_text (trend);                                         \
    g_assert_cmpstr (text_, ==, expected);                                               \
  }                                                                                      \
  G_STMT_END

static char *
recurring_text (GPtrArray *recurring)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < recurring->len; i++)
    {
      KesuRecurringIssue *issue = g_ptr_array_index (recurring, i);

      g_string_append_printf (s, "%s%s|%s|%u", i ? ";" : "",
                              kesu_category_to_key (issue->category), issue->vehicle_model,
                              issue->count);
    }
  return g_string_free (s, FALSE);
}

#define assert_recurring(recurring, expected)                                            \
  G_STMT_START                                                                           \
  {                                                                                      \
    g_autofree char *text_ = recurring_text (recurring);                                 \
    g_assert_cmpstr (text_, ==, expected);                                               \
  }                                                                                      \
  G_STMT_END

static char *
period_text (const KesuPeriod *period)
{
  return g_strdup_printf ("%04u-%02u-%02u..%04u-%02u-%02u",
                          (guint) g_date_get_year (&period->first),
                          (guint) g_date_get_month (&period->first),
                          (guint) g_date_get_day (&period->first),
                          (guint) g_date_get_year (&period->last),
                          (guint) g_date_get_month (&period->last),
                          (guint) g_date_get_day (&period->last));
}

#define assert_period(period, expected)                                                  \
  G_STMT_START                                                                           \
  {                                                                                      \
    g_autofree char *text_ = period_text (period);                                       \
    g_assert_cmpstr (text_, ==, expected);                                               \
  }                                                                                      \
  G_STMT_END

static void
assert_label (const KesuPeriod *period,
              const char       *expected)
{
  g_autofree char *label = kesu_period_to_label (period);

  g_assert_cmpstr (label, ==, expected);
}

static void
assert_counts (const KesuFigures *fig,
               guint              received,
               guint              closed,
               guint              withdrawn,
               guint              open,
               guint              overdue)
{
  g_assert_cmpuint (fig->received, ==, received);
  g_assert_cmpuint (fig->closed, ==, closed);
  g_assert_cmpuint (fig->withdrawn, ==, withdrawn);
  g_assert_cmpuint (fig->open, ==, open);
  g_assert_cmpuint (fig->overdue, ==, overdue);
}

/* ---- periods ---- */

static void
test_period_kinds (void)
{
  KesuPeriod p;

  kesu_period_init_month (&p, 2026, 11);
  assert_period (&p, "2026-11-01..2026-11-30");
  assert_label (&p, "2026-11");
  kesu_period_init_month (&p, 2028, 2);
  assert_period (&p, "2028-02-01..2028-02-29");
  assert_label (&p, "2028-02");

  kesu_period_init_quarter (&p, 2025, 4);
  assert_period (&p, "2025-10-01..2025-12-31");
  assert_label (&p, "2025 Q4");
  kesu_period_init_quarter (&p, 2026, 1);
  assert_period (&p, "2026-01-01..2026-03-31");
  assert_label (&p, "2026 Q1");

  kesu_period_init_year (&p, 2026);
  assert_period (&p, "2026-01-01..2026-12-31");
  assert_label (&p, "2026");

  /* Whole months that are not a month, a quarter or a year are a range. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (kesu_period_init_range (&p, "2025-12-15", "2026-01-15", &error));
    g_assert_no_error (error);
    assert_period (&p, "2025-12-15..2026-01-15");
    assert_label (&p, "2025-12-15 – 2026-01-15");

    g_assert_true (kesu_period_init_range (&p, "2026-02-01", "2026-04-30", &error));
    g_assert_no_error (error);
    assert_label (&p, "2026-02-01 – 2026-04-30");

    /* …and a range of exactly a month or a quarter is named as one. */
    g_assert_true (kesu_period_init_range (&p, "2026-10-01", "2026-10-31", &error));
    assert_label (&p, "2026-10");
    g_assert_true (kesu_period_init_range (&p, "2026-10-01", "2026-12-31", &error));
    assert_label (&p, "2026 Q4");

    g_assert_true (kesu_period_init_range (&p, "2026-10-05", "2026-10-05", &error));
    g_assert_no_error (error);
    assert_period (&p, "2026-10-05..2026-10-05");
    assert_label (&p, "2026-10-05");
  }
}

static void
test_period_range_refused (void)
{
  KesuPeriod p;

  kesu_period_init_month (&p, 2026, 11);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_period_init_range (&p, "2026-02-30", "2026-03-01", &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "The first day “2026-02-30” is not valid: This date does not exist.");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_period_init_range (&p, "2026-02-01", "March", &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "The last day “March” is not valid: Use the form YYYY-MM-DD.");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_period_init_range (&p, "2026-01-16", "2026-01-15", &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "The first day of the period comes after the last day.");
  }
  /* Refused: left as it was. */
  assert_period (&p, "2026-11-01..2026-11-30");
}

static void
test_period_before (void)
{
  g_autoptr(GError) error = NULL;
  KesuPeriod p, out;

  /* Months: the month before, across the year end; the same month a year before. */
  kesu_period_init_month (&p, 2026, 1);
  kesu_period_previous (&p, &out);
  assert_period (&out, "2025-12-01..2025-12-31");
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2025-01-01..2025-01-31");

  kesu_period_init_month (&p, 2028, 3);
  kesu_period_previous (&p, &out);
  assert_period (&out, "2028-02-01..2028-02-29");
  kesu_period_init_month (&p, 2028, 2);
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2027-02-01..2027-02-28");
  kesu_period_init_month (&p, 2027, 2);
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2026-02-01..2026-02-28");

  /* Quarters and years. */
  kesu_period_init_quarter (&p, 2026, 1);
  kesu_period_previous (&p, &out);
  assert_period (&out, "2025-10-01..2025-12-31");
  assert_label (&out, "2025 Q4");
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2025-01-01..2025-03-31");
  kesu_period_init_year (&p, 2026);
  kesu_period_previous (&p, &out);
  assert_period (&out, "2025-01-01..2025-12-31");
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2025-01-01..2025-12-31");

  /* A range: as many days just before (32 here), and its days a year before. */
  g_assert_true (kesu_period_init_range (&p, "2025-12-15", "2026-01-15", &error));
  g_assert_no_error (error);
  kesu_period_previous (&p, &out);
  assert_period (&out, "2025-11-13..2025-12-14");
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2024-12-15..2025-01-15");

  g_assert_true (kesu_period_init_range (&p, "2028-02-10", "2028-02-29", &error));
  kesu_period_year_before (&p, &out);
  assert_period (&out, "2027-02-10..2027-02-28");
  kesu_period_previous (&p, &out);
  assert_period (&out, "2028-01-21..2028-02-09");

  g_assert_true (kesu_period_init_range (&p, "2026-03-01", "2026-03-01", &error));
  kesu_period_previous (&p, &out);
  assert_period (&out, "2026-02-28..2026-02-28");
}

static void
test_period_unix (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 10, 31, 16, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 11, 30, 16, 0, 0);
  g_autoptr(GDateTime) year_start = g_date_time_new_utc (2025, 12, 14, 16, 0, 0);
  g_autoptr(GDateTime) year_end = g_date_time_new_utc (2026, 1, 15, 16, 0, 0);
  g_autoptr(GError) error = NULL;
  KesuPeriod p;

  /* Local days: Shanghai is 8 h ahead of UTC. */
  kesu_period_init_month (&p, 2026, 11);
  g_assert_cmpint (kesu_period_start_unix (&p), ==, g_date_time_to_unix (start));
  g_assert_cmpint (kesu_period_end_unix (&p), ==, g_date_time_to_unix (end));

  g_assert_true (kesu_period_init_range (&p, "2025-12-15", "2026-01-15", &error));
  g_assert_cmpint (kesu_period_start_unix (&p), ==, g_date_time_to_unix (year_start));
  g_assert_cmpint (kesu_period_end_unix (&p), ==, g_date_time_to_unix (year_end));
}

static void
test_change (void)
{
  g_assert_cmpfloat (kesu_figures_change (10, 8), ==, 0.25);
  g_assert_cmpfloat (kesu_figures_change (6, 8), ==, -0.25);
  g_assert_cmpfloat (kesu_figures_change (0, 4), ==, -1.0);
  g_assert_cmpfloat (kesu_figures_change (4, 4), ==, 0.0);
  g_assert_cmpfloat (kesu_figures_change (7, 1), ==, 6.0);
  g_assert_true (isnan (kesu_figures_change (5, 0)));
  g_assert_true (isnan (kesu_figures_change (0, 0)));
}

/* ---- figures ---- */

static void
test_month (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KesuFigures) fig = NULL;
  g_autofree char *li = NULL;
  g_autofree char *zhao = NULL;
  g_autofree char *handlers = NULL;
  static const double close_hours[] = { 72, 120, 192, 360 };

  add_november (f);
  fig = compute_month (f, 2026, 11, NULL);

  assert_period (&fig->period, "2026-11-01..2026-11-30");
  /* i0 (October) and H (December) are outside. */
  assert_counts (fig, 7, 4, 1, 2, 2);

  assert_rows (fig->by_category,
               "vehicle-quality|Vehicle quality|4;"
               "repair-quality|Repair / maintenance quality|1;"
               "price|Price and fees|1;"
               "attitude|Service attitude|1");
  assert_rows (fig->by_channel,
               "phone|Phone|3;walk-in|Walk-in|1;email|E-mail|1;wechat|WeChat|1;"
               "platform|Third-party platform|1");
  assert_rows (fig->by_severity,
               "normal|Normal|4;important|Important|2;urgent|Urgent / major|1");
  assert_rows (fig->by_model, TIGUAN "|" TIGUAN "|5;" CAMRY "|" CAMRY "|1;|Not given|1");
  assert_rows (fig->by_responsibility,
               "|Not decided|3;dealer-after-sales|Dealer: after-sales|3;"
               "manufacturer|Manufacturer|1");
  li = g_strdup_printf ("%" G_GINT64_FORMAT, f->li_id);
  zhao = g_strdup_printf ("%" G_GINT64_FORMAT, f->zhao_id);
  handlers = g_strdup_printf ("%s|李强|5;%s|赵敏|2", li, zhao);
  assert_rows (fig->by_handler, handlers);

  /* First contact after 1, 1, 2, 9, 19 and 26 h (F: none yet): nearest rank 3 of 6 and
   * 6 of 6. */
  g_assert_cmpfloat (fig->first_response_median_h, ==, 2.0);
  g_assert_cmpfloat (fig->first_response_p90_h, ==, 26.0);
  /* Closed after 72, 120, 192 and 360 h: ranks 2 and 4 of 4. */
  g_assert_cmpfloat (fig->close_median_h, ==, 120.0);
  g_assert_cmpfloat (fig->close_p90_h, ==, 360.0);
  g_assert_cmpuint (fig->close_hours->len, ==, G_N_ELEMENTS (close_hours));
  for (guint i = 0; i < G_N_ELEMENTS (close_hours); i++)
    g_assert_cmpfloat (g_array_index (fig->close_hours, double, i), ==, close_hours[i]);

  /* First response: A, C, D, E, G in time; B late; F late (nobody called, due passed). */
  g_assert_cmpuint (fig->first_response_measured, ==, 7);
  g_assert_cmpuint (fig->first_response_in_time, ==, 5);
  g_assert_cmpfloat (fig->first_response_on_time, ==, 5.0 / 7.0);
  /* Resolution: A; B thanks to its 48 h waiting; C counted from its last reopening; G
   * a day late. */
  g_assert_cmpuint (fig->resolution_measured, ==, 4);
  g_assert_cmpuint (fig->resolution_in_time, ==, 3);
  g_assert_cmpfloat (fig->resolution_on_time, ==, 0.75);

  /* Rated 5, 4, 3 and 4. */
  g_assert_cmpuint (fig->rated, ==, 4);
  g_assert_cmpuint (fig->satisfied, ==, 3);
  g_assert_cmpfloat (fig->satisfied_share, ==, 0.75);
  g_assert_cmpfloat (fig->average_rating, ==, 4.0);

  /* C, reopened twice, counts once. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) events = kesu_store_list_events (f->store, f->c, &error);
    guint reopenings = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < events->len; i++)
      reopenings += ((KesuEvent *) g_ptr_array_index (events, i))->kind == KESU_EVENT_REOPENED;
    g_assert_cmpuint (reopenings, ==, 2);
  }
  g_assert_cmpuint (fig->reopened, ==, 1);
  g_assert_cmpfloat (fig->reopen_rate, ==, 1.0 / 7.0);

  /* i0 closed on 1 November counts in November's closings. */
  assert_trend (fig->trend,
                "2025-12:0/0 2026-01:0/0 2026-02:0/0 2026-03:0/0 2026-04:0/0 2026-05:0/0 "
                "2026-06:0/0 2026-07:0/0 2026-08:0/0 2026-09:0/0 2026-10:1/0 2026-11:7/4");

  assert_recurring (fig->recurring, "vehicle-quality|" TIGUAN "|4");
}

static void
test_neighbours (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KesuFigures) nov = NULL;
  g_autoptr(KesuFigures) before = NULL;
  g_autoptr(KesuFigures) year_before = NULL;
  g_autoptr(KesuFigures) oct = NULL;
  g_autoptr(KesuFigures) dec = NULL;
  KesuPeriod p;

  add_november (f);
  nov = compute_month (f, 2026, 11, NULL);

  kesu_period_previous (&nov->period, &p);
  before = compute (f, &p, NULL, KESU_RECURRING_THRESHOLD_DEFAULT);
  kesu_period_year_before (&nov->period, &p);
  year_before = compute (f, &p, NULL, KESU_RECURRING_THRESHOLD_DEFAULT);
  assert_period (&before->period, "2026-10-01..2026-10-31");
  assert_period (&year_before->period, "2025-11-01..2025-11-30");
  g_assert_cmpuint (before->received, ==, 1);
  g_assert_cmpuint (year_before->received, ==, 0);
  g_assert_cmpfloat (kesu_figures_change (nov->received, before->received), ==, 6.0);
  g_assert_true (isnan (kesu_figures_change (nov->received, year_before->received)));

  /* October: i0 alone, received a second before midnight and closed two seconds later
   * with no contact recorded: its first response is not measured. */
  oct = compute_month (f, 2026, 10, NULL);
  assert_counts (oct, 1, 1, 0, 0, 0);
  g_assert_cmpfloat (oct->close_median_h, ==, 2.0 / 3600.0);
  g_assert_cmpfloat (oct->close_p90_h, ==, 2.0 / 3600.0);
  g_assert_cmpfloat (oct->resolution_on_time, ==, 1.0);
  g_assert_true (isnan (oct->first_response_median_h));
  g_assert_true (isnan (oct->first_response_p90_h));
  g_assert_true (isnan (oct->first_response_on_time));
  g_assert_cmpuint (oct->first_response_measured, ==, 0);
  g_assert_cmpfloat (oct->average_rating, ==, 5.0);
  g_assert_cmpfloat (oct->reopen_rate, ==, 0.0);
  assert_rows (oct->by_category, "other|Other|1");
  assert_rows (oct->by_responsibility, "dealer-staff|Dealer: a staff member|1");

  /* December: H, received at midnight on the 1st, open and overdue; G closed in
   * December counts in the trend, not in December's figures. */
  dec = compute_month (f, 2026, 12, NULL);
  assert_counts (dec, 1, 0, 0, 1, 1);
  g_assert_cmpfloat (dec->first_response_on_time, ==, 0.0);
  g_assert_true (isnan (dec->resolution_on_time));
  g_assert_true (isnan (dec->close_median_h));
  g_assert_cmpuint (dec->close_hours->len, ==, 0);
  g_assert_true (isnan (dec->satisfied_share));
  g_assert_true (isnan (dec->average_rating));
  g_assert_cmpuint (dec->rated, ==, 0);
  assert_trend (dec->trend,
                "2026-01:0/0 2026-02:0/0 2026-03:0/0 2026-04:0/0 2026-05:0/0 2026-06:0/0 "
                "2026-07:0/0 2026-08:0/0 2026-09:0/0 2026-10:1/0 2026-11:7/4 2026-12:1/1");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KesuFigures) fig = NULL;
  g_autoptr(KesuFigures) fresh = NULL;

  /* A store with no complaints at all, then a month with none. */
  kesu_test_set_clock (local_unix (2026, 12, 10, 10, 0, 0));
  fresh = compute_month (f, 2026, 11, NULL);
  g_assert_cmpuint (fresh->received, ==, 0);

  add_november (f);
  fig = compute_month (f, 2026, 6, NULL);

  assert_counts (fig, 0, 0, 0, 0, 0);
  g_assert_cmpuint (fig->by_category->len, ==, 0);
  g_assert_cmpuint (fig->by_channel->len, ==, 0);
  g_assert_cmpuint (fig->by_severity->len, ==, 0);
  g_assert_cmpuint (fig->by_model->len, ==, 0);
  g_assert_cmpuint (fig->by_responsibility->len, ==, 0);
  g_assert_cmpuint (fig->by_handler->len, ==, 0);
  g_assert_true (isnan (fig->first_response_median_h));
  g_assert_true (isnan (fig->first_response_p90_h));
  g_assert_true (isnan (fig->close_median_h));
  g_assert_true (isnan (fig->close_p90_h));
  g_assert_cmpuint (fig->close_hours->len, ==, 0);
  g_assert_true (isnan (fig->first_response_on_time));
  g_assert_true (isnan (fig->resolution_on_time));
  g_assert_true (isnan (fig->satisfied_share));
  g_assert_true (isnan (fig->average_rating));
  g_assert_cmpuint (fig->rated, ==, 0);
  g_assert_true (isnan (fig->reopen_rate));
  assert_trend (fig->trend,
                "2025-07:0/0 2025-08:0/0 2025-09:0/0 2025-10:0/0 2025-11:0/0 2025-12:0/0 "
                "2026-01:0/0 2026-02:0/0 2026-03:0/0 2026-04:0/0 2026-05:0/0 2026-06:0/0");
  g_assert_cmpuint (fig->recurring->len, ==, 0);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  KesuFigureFilter filter;

  add_november (f);

  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_figure_filter_init (&filter);
    g_assert_cmpint (filter.category, ==, -1);
    g_assert_cmpint (filter.channel, ==, -1);
    g_assert_cmpint (filter.handler_id, ==, 0);
    g_assert_null (filter.vehicle_model);
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 7, 4, 1, 2, 2);
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_figure_filter_init (&filter);
    filter.category = VQ;
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 4, 3, 0, 1, 1);  /* A, C, E, G */
    assert_rows (fig->by_category, "vehicle-quality|Vehicle quality|4");
    assert_rows (fig->by_channel, "phone|Phone|3;email|E-mail|1");
    g_assert_cmpfloat (fig->close_median_h, ==, 192.0);  /* 72, 192, 360 */
    g_assert_cmpfloat (fig->reopen_rate, ==, 0.25);
    assert_recurring (fig->recurring, "vehicle-quality|" TIGUAN "|4");
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_figure_filter_init (&filter);
    filter.channel = KESU_CHANNEL_PHONE;
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 3, 2, 0, 1, 1);  /* A, C, E */
    assert_rows (fig->by_severity, "normal|Normal|2;urgent|Urgent / major|1");
  }
  {
    g_autoptr(KesuFigures) fig = NULL;
    g_autofree char *expected = NULL;

    kesu_figure_filter_init (&filter);
    filter.handler_id = f->zhao_id;
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 2, 1, 0, 1, 1);  /* C, E */
    expected = g_strdup_printf ("%" G_GINT64_FORMAT "|赵敏|2", f->zhao_id);
    assert_rows (fig->by_handler, expected);
    g_assert_cmpfloat (fig->first_response_median_h, ==, 1.0);
    assert_trend (fig->trend,
                  "2025-12:0/0 2026-01:0/0 2026-02:0/0 2026-03:0/0 2026-04:0/0 2026-05:0/0 "
                  "2026-06:0/0 2026-07:0/0 2026-08:0/0 2026-09:0/0 2026-10:0/0 2026-11:2/1");
    g_assert_cmpuint (fig->recurring->len, ==, 0);
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_figure_filter_init (&filter);
    filter.handler_id = f->li_id;
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 5, 3, 1, 1, 1);  /* A, B, D, F, G */
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_figure_filter_init (&filter);
    filter.vehicle_model = TIGUAN;
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 5, 4, 0, 1, 1);  /* A, B, C, E, G */
    assert_rows (fig->by_model, TIGUAN "|" TIGUAN "|5");
    /* i0 in October is a 途观L too. */
    assert_trend (fig->trend,
                  "2025-12:0/0 2026-01:0/0 2026-02:0/0 2026-03:0/0 2026-04:0/0 2026-05:0/0 "
                  "2026-06:0/0 2026-07:0/0 2026-08:0/0 2026-09:0/0 2026-10:1/0 2026-11:5/4");
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    /* "": the complaints with no model recorded (the "Not given" bar's key). */
    kesu_figure_filter_init (&filter);
    filter.vehicle_model = "";
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 1, 0, 0, 1, 1);  /* F */
    assert_rows (fig->by_model, "|Not given|1");
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_figure_filter_init (&filter);
    filter.category = KESU_CATEGORY_REPAIR_QUALITY;
    filter.channel = KESU_CHANNEL_WECHAT;
    filter.handler_id = f->li_id;
    filter.vehicle_model = TIGUAN;
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 1, 1, 0, 0, 0);  /* B */
    filter.channel = KESU_CHANNEL_PHONE;
    g_clear_pointer (&fig, kesu_figures_free);
    fig = compute_month (f, 2026, 11, &filter);
    assert_counts (fig, 0, 0, 0, 0, 0);
  }
}

/* The overdue count is the board's: the store's overdue flags, for the period. */
static void
test_overdue_as_board (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KesuFigures) fig = NULL;
  g_autoptr(KesuFilter) query = kesu_filter_new ();
  g_autoptr(GListModel) overdue = NULL;
  g_autoptr(GError) error = NULL;
  KesuPeriod p;
  guint n = 0;

  add_november (f);
  kesu_period_init_year (&p, 2026);
  fig = compute (f, &p, NULL, KESU_RECURRING_THRESHOLD_DEFAULT);

  query->overdue_only = TRUE;
  overdue = kesu_store_query_complaints (f->store, query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (overdue); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (overdue, i);
      gint64 id = kesu_complaint_get_id (c);

      g_assert_true (id == f->e || id == f->f_ || id == f->h);
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
  assert_counts (fig, 9, 5, 1, 3, 3);

  /* E waits on parts: its clock stands still and it is not overdue any more. */
  set_waiting (f, f->e, local_unix (2026, 12, 10, 10, 0, 0), TRUE);
  g_clear_pointer (&fig, kesu_figures_free);
  fig = compute (f, &p, NULL, KESU_RECURRING_THRESHOLD_DEFAULT);
  assert_counts (fig, 9, 5, 1, 3, 2);
}

static void
test_recurring_threshold (Fixture       *f,
                          gconstpointer  data)
{
  KesuPeriod p;

  add_november (f);
  kesu_period_init_month (&p, 2026, 11);

  {
    g_autoptr(KesuFigures) fig = compute (f, &p, NULL, 4);

    /* More than the threshold: four is not more than four. */
    g_assert_cmpuint (fig->recurring->len, ==, 0);
  }
  {
    g_autoptr(KesuFigures) fig = compute (f, &p, NULL, 3);

    assert_recurring (fig->recurring, "vehicle-quality|" TIGUAN "|4");
  }
  {
    g_autoptr(KesuFigures) fig = compute (f, &p, NULL, 0);

    /* Every pair with a model (F has none), by count, then category order. */
    assert_recurring (fig->recurring,
                      "vehicle-quality|" TIGUAN "|4;repair-quality|" TIGUAN "|1;"
                      "price|" CAMRY "|1");
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    /* The year: i0 is "other", H joins the vehicle-quality 途观L. */
    kesu_period_init_year (&p, 2026);
    fig = compute (f, &p, NULL, 1);
    assert_recurring (fig->recurring, "vehicle-quality|" TIGUAN "|5");
  }
}

/* Complaints around the end of 2025, a second either side of each boundary. */
static void
test_year_end (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 x3;
  KesuPeriod range, p;

  add (f, local_unix (2025, 12, 14, 23, 59, 59), KESU_SEVERITY_NORMAL, VQ,
       KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  add (f, local_unix (2025, 12, 15, 0, 0, 0), KESU_SEVERITY_NORMAL, VQ,
       KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  x3 = add (f, local_unix (2025, 12, 31, 23, 59, 59), KESU_SEVERITY_URGENT,
            KESU_CATEGORY_PARTS, KESU_CHANNEL_WECHAT, CAMRY, f->zhao_id);
  close_at (f, x3, local_unix (2026, 1, 1, 0, 30, 0), KESU_RESPONSIBILITY_MANUFACTURER, 4);
  add (f, local_unix (2026, 1, 1, 0, 0, 0), KESU_SEVERITY_NORMAL, VQ,
       KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  add (f, local_unix (2026, 1, 15, 23, 59, 59), KESU_SEVERITY_NORMAL, VQ,
       KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  add (f, local_unix (2026, 1, 16, 0, 0, 0), KESU_SEVERITY_NORMAL, VQ,
       KESU_CHANNEL_PHONE, TIGUAN, f->li_id);
  kesu_test_set_clock (local_unix (2026, 2, 1, 9, 0, 0));

  g_assert_true (kesu_period_init_range (&range, "2025-12-15", "2026-01-15", &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuFigures) fig = compute (f, &range, NULL, 2);

    /* 12-15 00:00, 12-31 23:59:59, 01-01 00:00, 01-15 23:59:59; the three open ones
     * were never contacted and are overdue. */
    assert_counts (fig, 4, 1, 0, 3, 3);
    assert_rows (fig->by_category,
                 "vehicle-quality|Vehicle quality|3;parts|Parts availability|1");
    assert_rows (fig->by_model, TIGUAN "|" TIGUAN "|3;" CAMRY "|" CAMRY "|1");
    /* Closed 30 min and 1 s after it came in, across the year end, within 24 h. */
    g_assert_cmpfloat (fig->close_median_h, ==, 1801.0 / 3600.0);
    g_assert_cmpfloat (fig->resolution_on_time, ==, 1.0);
    g_assert_cmpfloat (fig->first_response_on_time, ==, 0.0);
    g_assert_cmpuint (fig->first_response_measured, ==, 3);
    assert_recurring (fig->recurring, "vehicle-quality|" TIGUAN "|3");
    /* The trend counts whole months: all of December and January. */
    assert_trend (fig->trend,
                  "2025-02:0/0 2025-03:0/0 2025-04:0/0 2025-05:0/0 2025-06:0/0 2025-07:0/0 "
                  "2025-08:0/0 2025-09:0/0 2025-10:0/0 2025-11:0/0 2025-12:3/0 2026-01:3/1");
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_period_previous (&range, &p);
    fig = compute (f, &p, NULL, 2);
    assert_period (&fig->period, "2025-11-13..2025-12-14");
    assert_counts (fig, 1, 0, 0, 1, 1);
  }
  {
    g_autoptr(KesuFigures) fig = NULL;

    kesu_period_year_before (&range, &p);
    fig = compute (f, &p, NULL, 2);
    assert_counts (fig, 0, 0, 0, 0, 0);
  }
  {
    g_autoptr(KesuFigures) q4 = NULL;
    g_autoptr(KesuFigures) q1 = NULL;
    g_autoptr(KesuFigures) y2025 = NULL;

    kesu_period_init_quarter (&p, 2025, 4);
    q4 = compute (f, &p, NULL, 2);
    assert_counts (q4, 3, 1, 0, 2, 2);
    kesu_period_init_quarter (&p, 2026, 1);
    q1 = compute (f, &p, NULL, 2);
    assert_counts (q1, 3, 0, 0, 3, 3);
    assert_trend (q1->trend,
                  "2025-04:0/0 2025-05:0/0 2025-06:0/0 2025-07:0/0 2025-08:0/0 2025-09:0/0 "
                  "2025-10:0/0 2025-11:0/0 2025-12:3/0 2026-01:3/1 2026-02:0/0 2026-03:0/0");
    g_assert_cmpfloat (kesu_figures_change (q1->received, q4->received), ==, 0.0);
    kesu_period_init_year (&p, 2025);
    y2025 = compute (f, &p, NULL, 2);
    assert_counts (y2025, 3, 1, 0, 2, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/figures/period/kinds", test_period_kinds);
  g_test_add_func ("/figures/period/range-refused", test_period_range_refused);
  g_test_add_func ("/figures/period/before", test_period_before);
  g_test_add_func ("/figures/period/unix", test_period_unix);
  g_test_add_func ("/figures/change", test_change);
  ADD ("/figures/month", test_month);
  ADD ("/figures/neighbours", test_neighbours);
  ADD ("/figures/empty", test_empty);
  ADD ("/figures/filters", test_filters);
  ADD ("/figures/overdue-as-board", test_overdue_as_board);
  ADD ("/figures/recurring-threshold", test_recurring_threshold);
  ADD ("/figures/year-end", test_year_end);

#undef ADD

  return g_test_run ();
}
