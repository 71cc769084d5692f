/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-figures"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kesu-calendar.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-figures.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

#define TREND_MONTHS 12

/* ---- periods ---- */

static void
set_month_days (KesuPeriod *period,
                int         first_year,
                int         first_month,
                int         last_year,
                int         last_month)
{
  g_date_clear (&period->first, 1);
  g_date_clear (&period->last, 1);
  g_date_set_dmy (&period->first, 1, (GDateMonth) first_month, (GDateYear) first_year);
  g_date_set_dmy (&period->last,
                  g_date_get_days_in_month ((GDateMonth) last_month, (GDateYear) last_year),
                  (GDateMonth) last_month, (GDateYear) last_year);
}

/* Months counted from year 0, so that stepping across a year end is plain arithmetic. */
static int
month_index (const GDate *date)
{
  return (int) g_date_get_year (date) * 12 + (int) g_date_get_month (date) - 1;
}

static void
set_month_indices (KesuPeriod *period,
                   int         first,
                   int         last)
{
  set_month_days (period, first / 12, first % 12 + 1, last / 12, last % 12 + 1);
}

/* How many whole months the period spans, or 0 when it does not start on the first of a
 * month and end on the last day of one. */
static int
whole_months (const KesuPeriod *period)
{
  const GDate *first = &period->first;
  const GDate *last = &period->last;

  if (g_date_get_day (first) != 1 ||
      g_date_get_day (last) != g_date_get_days_in_month (g_date_get_month (last),
                                                         g_date_get_year (last)))
    return 0;
  return month_index (last) - month_index (first) + 1;
}

void
kesu_period_init_month (KesuPeriod *period,
                        int         year,
                        int         month)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (g_date_valid_year ((GDateYear) year));

  set_month_days (period, year, month, year, month);
}

void
kesu_period_init_quarter (KesuPeriod *period,
                          int         year,
                          int         quarter)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (quarter >= 1 && quarter <= 4);
  g_return_if_fail (g_date_valid_year ((GDateYear) year));

  set_month_days (period, year, quarter * 3 - 2, year, quarter * 3);
}

void
kesu_period_init_year (KesuPeriod *period,
                       int         year)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (g_date_valid_year ((GDateYear) year));

  set_month_days (period, year, 1, year, 12);
}

gboolean
kesu_period_init_range (KesuPeriod  *period,
                        const char  *from,
                        const char  *to,
                        GError     **error)
{
  g_autoptr(GError) local = NULL;
  GDate first, last;

  g_return_val_if_fail (period != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  if (!kesu_validate_date (from, &first, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The first day “%s” is not valid: %s"), from != NULL ? from : "",
                   local->message);
      return FALSE;
    }
  if (!kesu_validate_date (to, &last, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The last day “%s” is not valid: %s"), to != NULL ? to : "",
                   local->message);
      return FALSE;
    }
  if (g_date_compare (&first, &last) > 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The first day of the period comes after the last day."));
      return FALSE;
    }
  period->first = first;
  period->last = last;
  return TRUE;
}

void
kesu_period_previous (const KesuPeriod *period,
                      KesuPeriod       *out)
{
  int months;

  g_return_if_fail (period != NULL && out != NULL);
  g_return_if_fail (g_date_valid (&period->first) && g_date_valid (&period->last));

  /* A month before a month, a quarter before a quarter: whole months stay whole months
   * (February before March), anything else steps back by its number of days. */
  months = whole_months (period);
  if (months > 0)
    {
      int first = month_index (&period->first);

      set_month_indices (out, first - months, first - 1);
    }
  else
    {
      guint days = g_date_days_between (&period->first, &period->last) + 1;
      GDate first = period->first;

      out->last = first;
      g_date_subtract_days (&out->last, 1);
      out->first = out->last;
      g_date_subtract_days (&out->first, days - 1);
    }
}

void
kesu_period_year_before (const KesuPeriod *period,
                         KesuPeriod       *out)
{
  int months;

  g_return_if_fail (period != NULL && out != NULL);
  g_return_if_fail (g_date_valid (&period->first) && g_date_valid (&period->last));

  /* February 2028 a year before is all of February 2027; a range ending on 29 February
   * ends on the 28th. */
  months = whole_months (period);
  if (months > 0)
    {
      set_month_indices (out, month_index (&period->first) - 12,
                         month_index (&period->last) - 12);
    }
  else
    {
      *out = *period;
      g_date_subtract_years (&out->first, 1);
      g_date_subtract_years (&out->last, 1);
    }
}

static gint64
local_midnight_unix (const GDate *day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local ((int) g_date_get_year (day),
                                                   (int) g_date_get_month (day),
                                                   (int) g_date_get_day (day), 0, 0, 0);

  g_return_val_if_fail (dt != NULL, 0);
  return g_date_time_to_unix (dt);
}

gint64
kesu_period_start_unix (const KesuPeriod *period)
{
  g_return_val_if_fail (period != NULL && g_date_valid (&period->first), 0);

  return local_midnight_unix (&period->first);
}

gint64
kesu_period_end_unix (const KesuPeriod *period)
{
  GDate after;

  g_return_val_if_fail (period != NULL && g_date_valid (&period->last), 0);

  after = period->last;
  g_date_add_days (&after, 1);
  return local_midnight_unix (&after);
}

static char *
iso_day (const GDate *day)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (day),
                          (guint) g_date_get_month (day), (guint) g_date_get_day (day));
}

char *
kesu_period_to_label (const KesuPeriod *period)
{
  int months, year, month;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&period->first) && g_date_valid (&period->last), NULL);

  months = whole_months (period);
  year = (int) g_date_get_year (&period->first);
  month = (int) g_date_get_month (&period->first);

  /* Translators: a month as the title of the figures and of the monthly summary: the
   * year, then the month's number ("2026-10").  Chinese: %d年%d月 */
  if (months == 1)
    return g_strdup_printf (_("%d-%02d"), year, month);
  /* Translators: a quarter of a year: the year, then the quarter from 1 to 4
   * ("2026 Q4").  Chinese: %d年第%d季度 */
  if (months == 3 && month % 3 == 1)
    return g_strdup_printf (_("%d Q%d"), year, (month + 2) / 3);
  /* Translators: a whole calendar year as the title of the figures ("2026").
   * Chinese: %d年 */
  if (months == 12 && month == 1)
    return g_strdup_printf (C_("period", "%d"), year);

  first = iso_day (&period->first);
  if (g_date_compare (&period->first, &period->last) == 0)
    return g_steal_pointer (&first);
  last = iso_day (&period->last);
  /* Translators: a period from its first to its last day, both ISO dates
   * ("2025-12-15 – 2026-01-15").  Chinese: %s 至 %s */
  return g_strdup_printf (_("%s – %s"), first, last);
}

/* ---- filter ---- */

void
kesu_figure_filter_init (KesuFigureFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->category = -1;
  filter->channel = -1;
  filter->handler_id = 0;
  filter->vehicle_model = NULL;
}

/* The filter's conditions as SQL over complaint c, with the parameters ?3 to ?6 (NULL:
 * unset); ?1 and ?2 are left for the time range. */
#define FILTER_SQL                                                                      \
  "   AND (?3 IS NULL OR c.category = ?3)"                                              \
  "   AND (?4 IS NULL OR c.channel = ?4)"                                               \
  "   AND (?5 IS NULL OR c.handler_id = ?5)"                                            \
  "   AND (?6 IS NULL OR coalesce (c.vehicle_model, '') = ?6)"

static void
bind_filter (KesuStatement          *stmt,
             const KesuFigureFilter *filter)
{
  if (filter == NULL)
    return;
  if (filter->category >= 0 && filter->category < KESU_N_CATEGORIES)
    kesu_statement_bind_text (stmt, 3, kesu_category_to_key (filter->category));
  if (filter->channel >= 0 && filter->channel < KESU_N_CHANNELS)
    kesu_statement_bind_text (stmt, 4, kesu_channel_to_key (filter->channel));
  if (filter->handler_id > 0)
    kesu_statement_bind_int64 (stmt, 5, filter->handler_id);
  /* "" is a filter too: the complaints with no model recorded (the "Not given" bar). */
  if (filter->vehicle_model != NULL)
    kesu_statement_bind_text (stmt, 6, filter->vehicle_model);
}

/* ---- breakdowns ---- */

typedef struct
{
  KesuBreakdownRow row;
  guint            order;  /* ties: enum order, or 0 and then by label and key */
} Row;

static void
breakdown_row_free (gpointer data)
{
  KesuBreakdownRow *row = data;

  g_free (row->key);
  g_free (row->label);
  g_free (row);
}

static KesuBreakdownRow *
breakdown_row_new (char       *key,     /* transfer full */
                   const char *label,
                   guint       count,
                   guint       order)
{
  Row *row = g_new0 (Row, 1);

  row->row.key = key;
  row->row.label = g_strdup (label);
  row->row.count = count;
  row->order = order;
  return &row->row;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = *(Row *const *) a;
  const Row *rb = *(Row *const *) b;
  int cmp;

  if (ra->row.count != rb->row.count)
    return ra->row.count > rb->row.count ? -1 : 1;
  if (ra->order != rb->order)
    return ra->order < rb->order ? -1 : 1;
  cmp = strcmp (ra->row.label, rb->row.label);
  if (cmp != 0)
    return cmp;
  return strcmp (ra->row.key, rb->row.key);
}

static GPtrArray *
breakdown_new (void)
{
  return g_ptr_array_new_with_free_func (breakdown_row_free);
}

/* The rows of an enum's counts, in enum order before sorting (ties keep it). */
#define ENUM_BREAKDOWN(rows, counts, Type, lower)                                     \
  G_STMT_START                                                                        \
  {                                                                                   \
    for (guint i_ = 0; i_ < G_N_ELEMENTS (counts); i_++)                             \
      if ((counts)[i_] > 0)                                                           \
        g_ptr_array_add ((rows),                                                      \
                         breakdown_row_new (g_strdup (kesu_##lower##_to_key ((Type) i_)), \
                                            kesu_##lower##_to_label ((Type) i_),      \
                                            (counts)[i_], i_));                       \
    g_ptr_array_sort ((rows), compare_rows);                                          \
  }                                                                                   \
  G_STMT_END

typedef struct
{
  gint64  id;
  char   *name;
  guint   count;
} HandlerCount;

static void
handler_count_free (gpointer data)
{
  HandlerCount *h = data;

  g_free (h->name);
  g_free (h);
}

/* ---- the figures ---- */

static void
recurring_issue_free (gpointer data)
{
  KesuRecurringIssue *issue = data;

  g_free (issue->vehicle_model);
  g_free (issue);
}

static int
compare_recurring (gconstpointer a,
                   gconstpointer b)
{
  const KesuRecurringIssue *ia = *(KesuRecurringIssue *const *) a;
  const KesuRecurringIssue *ib = *(KesuRecurringIssue *const *) b;

  if (ia->count != ib->count)
    return ia->count > ib->count ? -1 : 1;
  if (ia->category != ib->category)
    return ia->category < ib->category ? -1 : 1;
  return strcmp (ia->vehicle_model, ib->vehicle_model);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least @percent of all values at or below it.
 * @seconds is sorted. */
static double
percentile_hours (GArray *seconds,
                  guint   percent)
{
  guint rank;

  if (seconds->len == 0)
    return NAN;
  /* ceil (percent / 100 × n) in integers. */
  rank = (percent * seconds->len + 99) / 100;
  rank = CLAMP (rank, 1, seconds->len);
  return g_array_index (seconds, gint64, rank - 1) / 3600.0;
}

static double
share (guint part,
       guint whole)
{
  return whole > 0 ? (double) part / whole : NAN;
}

static KesuFigures *
figures_new (void)
{
  KesuFigures *figures = g_new0 (KesuFigures, 1);

  figures->by_category = breakdown_new ();
  figures->by_channel = breakdown_new ();
  figures->by_severity = breakdown_new ();
  figures->by_model = breakdown_new ();
  figures->by_responsibility = breakdown_new ();
  figures->by_handler = breakdown_new ();
  figures->close_hours = g_array_new (FALSE, FALSE, sizeof (double));
  figures->trend = g_array_new (FALSE, TRUE, sizeof (KesuMonthCount));
  figures->recurring = g_ptr_array_new_with_free_func (recurring_issue_free);
  figures->first_response_median_h = NAN;
  figures->first_response_p90_h = NAN;
  figures->close_median_h = NAN;
  figures->close_p90_h = NAN;
  figures->first_response_on_time = NAN;
  figures->resolution_on_time = NAN;
  figures->satisfied_share = NAN;
  figures->average_rating = NAN;
  figures->reopen_rate = NAN;
  return figures;
}

void
kesu_figures_free (KesuFigures *figures)
{
  if (figures == NULL)
    return;
  g_clear_pointer (&figures->by_category, g_ptr_array_unref);
  g_clear_pointer (&figures->by_channel, g_ptr_array_unref);
  g_clear_pointer (&figures->by_severity, g_ptr_array_unref);
  g_clear_pointer (&figures->by_model, g_ptr_array_unref);
  g_clear_pointer (&figures->by_responsibility, g_ptr_array_unref);
  g_clear_pointer (&figures->by_handler, g_ptr_array_unref);
  g_clear_pointer (&figures->close_hours, g_array_unref);
  g_clear_pointer (&figures->trend, g_array_unref);
  g_clear_pointer (&figures->recurring, g_ptr_array_unref);
  g_free (figures);
}

double
kesu_figures_change (guint this_period,
                     guint before)
{
  if (before == 0)
    return NAN;
  return ((double) this_period - (double) before) / (double) before;
}

/* One pass over the complaints received in the period: counts, breakdowns, times,
 * deadlines, satisfaction, reopenings. */
static gboolean
compute_period (KesuStore              *store,
                KesuFigures            *figures,
                const KesuFigureFilter *filter,
                gint64                  start,
                gint64                  end,
                GError                **error)
{
  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (store);
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) response_seconds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) close_seconds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) handlers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          handler_count_free);
  guint by_category[KESU_N_CATEGORIES] = { 0 };
  guint by_channel[KESU_N_CHANNELS] = { 0 };
  guint by_severity[KESU_N_SEVERITIES] = { 0 };
  guint by_responsibility[KESU_N_RESPONSIBILITIES] = { 0 };
  guint rating_sum = 0;
  gint64 now = kesu_clock_now_unix ();
  KesuStatement *stmt;
  GHashTableIter iter;
  gpointer key, value;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.state, c.channel, c.category, c.severity,"
                          "  coalesce (c.vehicle_model, ''), c.handler_id, h.name,"
                          "  c.responsibility, c.received_at, c.first_response_at,"
                          "  c.closed_at, c.satisfaction, c.reopen_count,"
                          "  coalesce (c.clock_start, c.received_at), c.paused_seconds,"
                          "  c.waiting_since"
                          " FROM complaint c LEFT JOIN staff h ON h.id = c.handler_id"
                          " WHERE c.received_at >= ?1 AND c.received_at < ?2"
                          FILTER_SQL,
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, start);
  kesu_statement_bind_int64 (stmt, 2, end);
  bind_filter (stmt, filter);

  while (kesu_statement_step (stmt, &local))
    {
      KesuState state = KESU_STATE_RECEIVED;
      KesuChannel channel = KESU_CHANNEL_OTHER;
      KesuCategory category = KESU_CATEGORY_OTHER;
      KesuSeverity severity = KESU_SEVERITY_NORMAL;
      KesuResponsibility responsibility = KESU_RESPONSIBILITY_NONE;
      const char *model = kesu_statement_get_text (stmt, 4);
      gint64 handler_id = kesu_statement_get_int64 (stmt, 5);
      gint64 received = kesu_statement_get_int64 (stmt, 8);
      gint64 clock_start = kesu_statement_get_int64 (stmt, 13);
      gint64 paused = kesu_statement_get_int64 (stmt, 14);
      gint64 first_response_due;
      HandlerCount *handler;
      gpointer model_count;

      kesu_state_from_key (kesu_statement_get_text (stmt, 0), &state);
      kesu_channel_from_key (kesu_statement_get_text (stmt, 1), &channel);
      kesu_category_from_key (kesu_statement_get_text (stmt, 2), &category);
      kesu_severity_from_key (kesu_statement_get_text (stmt, 3), &severity);
      if (kesu_statement_is_null (stmt, 7) ||
          !kesu_responsibility_from_key (kesu_statement_get_text (stmt, 7), &responsibility))
        responsibility = KESU_RESPONSIBILITY_NONE;

      figures->received++;
      if (state == KESU_STATE_CLOSED)
        figures->closed++;
      else if (state == KESU_STATE_WITHDRAWN)
        figures->withdrawn++;
      else
        figures->open++;

      by_category[category]++;
      by_channel[channel]++;
      by_severity[severity]++;
      by_responsibility[responsibility]++;

      if (g_hash_table_lookup_extended (models, model, NULL, &model_count))
        g_hash_table_insert (models, g_strdup (model),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (model_count) + 1));
      else
        g_hash_table_insert (models, g_strdup (model), GUINT_TO_POINTER (1));

      handler = g_hash_table_lookup (handlers, &handler_id);
      if (handler == NULL)
        {
          handler = g_new0 (HandlerCount, 1);
          handler->id = handler_id;
          handler->name = kesu_statement_dup_text (stmt, 6);
          g_hash_table_insert (handlers, &handler->id, handler);
        }
      handler->count++;

      /* The first contact is due when the receipt promised it: the first-response limit
       * from the received time (kesu_store_first_contact_due).  An open case nobody has
       * contacted yet is late once that time has passed; a case that ended with no
       * contact recorded is not measured. */
      first_response_due = kesu_deadline_compute (policy->calendar, received,
                                                  policy->first_response_seconds[severity],
                                                  policy->working_days, 0);
      if (!kesu_statement_is_null (stmt, 9))
        {
          gint64 first_response = kesu_statement_get_int64 (stmt, 9);
          gint64 seconds = MAX (0, first_response - received);

          g_array_append_val (response_seconds, seconds);
          figures->first_response_measured++;
          if (first_response <= first_response_due)
            figures->first_response_in_time++;
        }
      else if (kesu_state_is_open (state) && first_response_due < now)
        {
          figures->first_response_measured++;
        }

      /* Resolved in time as the board counts it (and the workbook): the resolution limit
       * from the last reopening, the time spent waiting not counted. */
      if (state == KESU_STATE_CLOSED && !kesu_statement_is_null (stmt, 10))
        {
          gint64 closed_at = kesu_statement_get_int64 (stmt, 10);
          gint64 due = kesu_deadline_compute (policy->calendar, clock_start,
                                              policy->resolution_seconds[severity],
                                              policy->working_days, paused);

          gint64 seconds = MAX (0, closed_at - received);

          g_array_append_val (close_seconds, seconds);
          figures->resolution_measured++;
          if (closed_at <= due)
            figures->resolution_in_time++;
        }

      if (!kesu_statement_is_null (stmt, 11))
        {
          gint64 rating = kesu_statement_get_int64 (stmt, 11);

          if (rating >= 1 && rating <= KESU_SATISFACTION_MAX)
            {
              figures->rated++;
              rating_sum += (guint) rating;
              if (rating >= KESU_SATISFACTION_MAX - 1)
                figures->satisfied++;
            }
        }

      if (kesu_statement_get_int64 (stmt, 12) > 0)
        figures->reopened++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  ENUM_BREAKDOWN (figures->by_category, by_category, KesuCategory, category);
  ENUM_BREAKDOWN (figures->by_channel, by_channel, KesuChannel, channel);
  ENUM_BREAKDOWN (figures->by_severity, by_severity, KesuSeverity, severity);
  ENUM_BREAKDOWN (figures->by_responsibility, by_responsibility, KesuResponsibility,
                  responsibility);

  g_hash_table_iter_init (&iter, models);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *model = key;

      /* No model recorded: its own bar, last among equals. */
      g_ptr_array_add (figures->by_model,
                       breakdown_row_new (g_strdup (model),
                                          model[0] != '\0' ? model : _("Not given"),
                                          GPOINTER_TO_UINT (value), model[0] == '\0'));
    }
  g_ptr_array_sort (figures->by_model, compare_rows);

  g_hash_table_iter_init (&iter, handlers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      HandlerCount *handler = value;

      g_ptr_array_add (figures->by_handler,
                       breakdown_row_new (g_strdup_printf ("%" G_GINT64_FORMAT, handler->id),
                                          handler->name[0] != '\0' ? handler->name
                                                                   : _("Not given"),
                                          handler->count, 0));
    }
  g_ptr_array_sort (figures->by_handler, compare_rows);

  g_array_sort (response_seconds, compare_int64);
  g_array_sort (close_seconds, compare_int64);
  figures->first_response_median_h = percentile_hours (response_seconds, 50);
  figures->first_response_p90_h = percentile_hours (response_seconds, 90);
  figures->close_median_h = percentile_hours (close_seconds, 50);
  figures->close_p90_h = percentile_hours (close_seconds, 90);
  for (guint i = 0; i < close_seconds->len; i++)
    {
      double hours = g_array_index (close_seconds, gint64, i) / 3600.0;

      g_array_append_val (figures->close_hours, hours);
    }

  figures->first_response_on_time = share (figures->first_response_in_time,
                                           figures->first_response_measured);
  figures->resolution_on_time = share (figures->resolution_in_time,
                                       figures->resolution_measured);
  figures->satisfied_share = share (figures->satisfied, figures->rated);
  figures->average_rating = figures->rated > 0 ? (double) rating_sum / figures->rated : NAN;
  figures->reopen_rate = share (figures->reopened, figures->received);
  return TRUE;
}

/* Open past a deadline now, exactly as the board shows it: the store works the deadlines
 * out (kesu_store_query_complaints), and only the period and the filter are applied here.
 * Open cases are few, so this stays cheap however long the history. */
static gboolean
compute_overdue (KesuStore              *store,
                 KesuFigures            *figures,
                 const KesuFigureFilter *filter,
                 gint64                  start,
                 gint64                  end,
                 GError                **error)
{
  g_autoptr(KesuFilter) query = kesu_filter_new ();
  g_autoptr(GListModel) open = NULL;
  guint n;

  query->open_only = TRUE;
  query->overdue_only = TRUE;
  if (filter != NULL)
    {
      if (filter->handler_id > 0)
        query->handler_id = filter->handler_id;
      if (filter->category >= 0 && filter->category < KESU_N_CATEGORIES)
        query->category = filter->category;
    }
  open = kesu_store_query_complaints (store, query, error);
  if (open == NULL)
    return FALSE;

  n = g_list_model_get_n_items (open);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) complaint = g_list_model_get_item (open, i);
      const KesuIntake *intake = kesu_complaint_get_intake (complaint);
      gint64 received = kesu_complaint_get_received_unix (complaint);

      if (received < start || received >= end || !kesu_complaint_is_overdue (complaint))
        continue;
      if (filter != NULL && filter->channel >= 0 && filter->channel < KESU_N_CHANNELS &&
          intake->channel != (KesuChannel) filter->channel)
        continue;
      if (filter != NULL && filter->vehicle_model != NULL &&
          g_strcmp0 (intake->vehicle_model != NULL ? intake->vehicle_model : "",
                     filter->vehicle_model) != 0)
        continue;
      figures->overdue++;
    }
  return TRUE;
}

/* Which of the @n months starting at @bounds[0] holds @t; -1 outside. */
static int
month_of (const gint64 *bounds,
          guint         n,
          gint64        t)
{
  guint lo = 0, hi = n;

  if (t < bounds[0] || t >= bounds[n])
    return -1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (t >= bounds[mid])
        lo = mid;
      else
        hi = mid;
    }
  return (int) lo;
}

static gboolean
compute_trend (KesuStore              *store,
               KesuFigures            *figures,
               const KesuFigureFilter *filter,
               GError                **error)
{
  g_autoptr(GError) local = NULL;
  KesuDb *db = kesu_store_get_db (store);
  gint64 bounds[TREND_MONTHS + 1];
  int last = month_index (&figures->period.last);
  KesuStatement *stmt;

  g_array_set_size (figures->trend, TREND_MONTHS);
  for (guint i = 0; i <= TREND_MONTHS; i++)
    {
      int index = last - (TREND_MONTHS - 1) + (int) i;
      GDate first_day;

      g_date_clear (&first_day, 1);
      g_date_set_dmy (&first_day, 1, (GDateMonth) (index % 12 + 1), (GDateYear) (index / 12));
      bounds[i] = local_midnight_unix (&first_day);
      if (i < TREND_MONTHS)
        {
          KesuMonthCount *month = &g_array_index (figures->trend, KesuMonthCount, i);

          month->year = index / 12;
          month->month = index % 12 + 1;
        }
    }

  stmt = kesu_db_prepare (db,
                          "SELECT c.received_at FROM complaint c"
                          " WHERE c.received_at >= ?1 AND c.received_at < ?2"
                          FILTER_SQL,
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, bounds[0]);
  kesu_statement_bind_int64 (stmt, 2, bounds[TREND_MONTHS]);
  bind_filter (stmt, filter);
  while (kesu_statement_step (stmt, &local))
    {
      int i = month_of (bounds, TREND_MONTHS, kesu_statement_get_int64 (stmt, 0));

      if (i >= 0)
        g_array_index (figures->trend, KesuMonthCount, i).received++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  /* Closed in the month, whenever received; a reopened case is counted again only when
   * it closes again (a reopening clears closed_at). */
  stmt = kesu_db_prepare (db,
                          "SELECT c.closed_at FROM complaint c"
                          " WHERE c.state = 'closed'"
                          "   AND c.closed_at >= ?1 AND c.closed_at < ?2"
                          FILTER_SQL,
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, bounds[0]);
  kesu_statement_bind_int64 (stmt, 2, bounds[TREND_MONTHS]);
  bind_filter (stmt, filter);
  while (kesu_statement_step (stmt, &local))
    {
      int i = month_of (bounds, TREND_MONTHS, kesu_statement_get_int64 (stmt, 0));

      if (i >= 0)
        g_array_index (figures->trend, KesuMonthCount, i).closed++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
compute_recurring (KesuStore              *store,
                   KesuFigures            *figures,
                   const KesuFigureFilter *filter,
                   gint64                  start,
                   gint64                  end,
                   guint                   threshold,
                   GError                **error)
{
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.category, c.vehicle_model, count(*) FROM complaint c"
                          " WHERE c.received_at >= ?1 AND c.received_at < ?2"
                          "   AND c.vehicle_model IS NOT NULL AND c.vehicle_model != ''"
                          FILTER_SQL
                          " GROUP BY c.category, c.vehicle_model"
                          " HAVING count(*) > ?7",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, start);
  kesu_statement_bind_int64 (stmt, 2, end);
  bind_filter (stmt, filter);
  kesu_statement_bind_int64 (stmt, 7, threshold);
  while (kesu_statement_step (stmt, &local))
    {
      KesuRecurringIssue *issue = g_new0 (KesuRecurringIssue, 1);

      issue->category = KESU_CATEGORY_OTHER;
      kesu_category_from_key (kesu_statement_get_text (stmt, 0), &issue->category);
      issue->vehicle_model = kesu_statement_dup_text (stmt, 1);
      issue->count = (guint) kesu_statement_get_int64 (stmt, 2);
      g_ptr_array_add (figures->recurring, issue);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_ptr_array_sort (figures->recurring, compare_recurring);
  return TRUE;
}

GArray *
kesu_figures_list_issue_complaints (KesuStore              *store,
                                    const KesuPeriod       *period,
                                    const KesuFigureFilter *filter,
                                    KesuCategory            category,
                                    const char             *vehicle_model,
                                    GError                **error)
{
  KesuFigureFilter issue;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&period->first) && g_date_valid (&period->last), NULL);
  g_return_val_if_fail ((guint) category < KESU_N_CATEGORIES, NULL);
  g_return_val_if_fail (vehicle_model != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter != NULL)
    issue = *filter;
  else
    kesu_figure_filter_init (&issue);
  issue.category = (int) category;
  issue.vehicle_model = vehicle_model;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.id FROM complaint c"
                          " WHERE c.received_at >= ?1 AND c.received_at < ?2"
                          FILTER_SQL
                          " ORDER BY c.id",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, kesu_period_start_unix (period));
  kesu_statement_bind_int64 (stmt, 2, kesu_period_end_unix (period));
  bind_filter (stmt, &issue);
  return kesu_statement_collect_int64 (stmt, error);
}

KesuFigures *
kesu_figures_compute (KesuStore              *store,
                      const KesuPeriod       *period,
                      const KesuFigureFilter *filter,
                      guint                   recurring_threshold,
                      GError                **error)
{
  g_autoptr(KesuFigures) figures = NULL;
  gint64 start, end;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&period->first) && g_date_valid (&period->last), NULL);
  g_return_val_if_fail (g_date_compare (&period->first, &period->last) <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  figures = figures_new ();
  figures->period = *period;
  start = kesu_period_start_unix (period);
  end = kesu_period_end_unix (period);

  /* No transaction: kesu_db_begin takes the write lock, and reading needs none. */
  if (!compute_period (store, figures, filter, start, end, error) ||
      !compute_overdue (store, figures, filter, start, end, error) ||
      !compute_trend (store, figures, filter, error) ||
      !compute_recurring (store, figures, filter, start, end, recurring_threshold, error))
    return NULL;
  return g_steal_pointer (&figures);
}
