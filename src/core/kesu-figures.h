/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-store.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* Learning from complaints (DOMAIN.md, 分析与改进): the figures of a period, computed in
 * the core from the store, for the analysis page, the printed monthly summary and the
 * Excel workbook alike.  No GTK. */

typedef struct
{
  GDate first;  /* local days, both included */
  GDate last;
} KesuPeriod;

void     kesu_period_init_month       (KesuPeriod *period, int year, int month);
void     kesu_period_init_quarter     (KesuPeriod *period, int year, int quarter);  /* 1–4 */
void     kesu_period_init_year        (KesuPeriod *period, int year);
gboolean kesu_period_init_range       (KesuPeriod *period, const char *from, const char *to,
                                       GError **error);
/* The period of the same length just before, and the same period a year before. */
void     kesu_period_previous         (const KesuPeriod *period, KesuPeriod *out);
void     kesu_period_year_before      (const KesuPeriod *period, KesuPeriod *out);
/* unix seconds of the first instant and of the instant after the last day (local). */
gint64   kesu_period_start_unix       (const KesuPeriod *period);
gint64   kesu_period_end_unix         (const KesuPeriod *period);
/* Translated: a whole month "2026年10月" / "2026-10", a calendar quarter "2026年第4季度" /
 * "2026 Q4", a calendar year "2026年" / "2026", one day "2026-10-05", else the first and
 * last day "2025-12-15 至 2026-01-15" / "2025-12-15 – 2026-01-15".
 * kesu_period_previous: whole months step back by as many months (the quarter before a
 * quarter, February before March), other ranges by as many days.
 * kesu_period_year_before: whole months stay whole months (February 2028 → all of
 * February 2027); other ranges move their days a year back (29 February → 28). */
char    *kesu_period_to_label         (const KesuPeriod *period);

/* Which complaints count.  Unset: -1 / 0 / NULL.  A vehicle_model of "" keeps the
 * complaints with no model recorded (the key of the "Not given" bar of by_model). */
typedef struct
{
  int         category;
  int         channel;
  gint64      handler_id;
  const char *vehicle_model;
} KesuFigureFilter;

void     kesu_figure_filter_init      (KesuFigureFilter *filter);

/* One bar or slice.  @key is what the board filters by when the bar is clicked: the
 * enum key (category, channel, severity, responsibility), the model text, or the
 * handler's id as text. */
typedef struct
{
  char   *key;
  char   *label;   /* translated for enums */
  guint   count;
} KesuBreakdownRow;

typedef struct
{
  int    year;
  int    month;
  guint  received;
  guint  closed;
} KesuMonthCount;

typedef struct
{
  KesuCategory  category;
  char         *vehicle_model;
  guint         count;
} KesuRecurringIssue;

typedef struct
{
  KesuPeriod  period;

  /* Complaints received in the period (and matching the filter)… */
  guint       received;
  /* …of which closed, withdrawn and still open now, and open past a deadline now. */
  guint       closed;
  guint       withdrawn;
  guint       open;
  guint       overdue;

  /* Sorted by count, largest first (KesuBreakdownRow); ties in enum order, else by label
   * then key.  Only rows with a count; each sums to received.  by_model has a row keyed ""
   * ("Not given") for complaints with no model; by_responsibility keys "" ("Not decided")
   * for cases without a finding yet. */
  GPtrArray  *by_category;
  GPtrArray  *by_channel;
  GPtrArray  *by_severity;
  GPtrArray  *by_model;
  GPtrArray  *by_responsibility;
  GPtrArray  *by_handler;

  /* Hours; NAN when nothing to measure. */
  double      first_response_median_h;
  double      first_response_p90_h;
  double      close_median_h;
  double      close_p90_h;
  /* Hours from received to closed of every closed complaint (for a histogram), sorted. */
  GArray     *close_hours;  /* double */

  /* Shares 0..1; NAN when nothing to measure.  Medians and p90 by nearest rank.
   * first_response_on_time: the first contact recorded by the time the receipt promised
   * (the first-response limit from the received time, as kesu_store_first_contact_due),
   * of the cases contacted, plus the open cases not contacted whose limit has passed
   * (late); a case that ended with no contact recorded is not measured.
   * resolution_on_time: of the closed cases, closed within the resolution limit as the
   * board counts it (from the last reopening, waiting time not counted). */
  double      first_response_on_time;  /* first contact within the first-response limit */
  double      resolution_on_time;      /* closed within the resolution limit */
  double      satisfied_share;         /* rated 4–5 of rated */
  double      average_rating;          /* 1–5 */
  guint       rated;
  double      reopen_rate;             /* reopened at least once, of received */

  /* The 12 months that end with the period's last month, oldest first: received by the
   * received time, closed by the closing time (cases closed now), both with the filter. */
  GArray     *trend;  /* KesuMonthCount */

  /* The same category and vehicle model more than the threshold times (model recorded),
   * largest count first, then category order, then model. */
  GPtrArray  *recurring;  /* KesuRecurringIssue */

  /* The counts behind the shares above ("4 of 5"). */
  guint       first_response_measured;
  guint       first_response_in_time;
  guint       resolution_measured;
  guint       resolution_in_time;
  guint       satisfied;               /* rated 4–5 */
  guint       reopened;                /* reopened at least once */
} KesuFigures;

KesuFigures *kesu_figures_compute (KesuStore              *store,
                                   const KesuPeriod       *period,
                                   const KesuFigureFilter *filter,   /* nullable */
                                   guint                   recurring_threshold,
                                   GError                **error);
/* The complaints behind a recurring issue: those received in @period that match @filter
 * (nullable) and are of @category about @vehicle_model, as the issue counted them.
 * Ascending id; transfer full, element gint64. */
GArray      *kesu_figures_list_issue_complaints (KesuStore              *store,
                                                 const KesuPeriod       *period,
                                                 const KesuFigureFilter *filter,
                                                 KesuCategory            category,
                                                 const char             *vehicle_model,
                                                 GError                **error);
void         kesu_figures_free    (KesuFigures *figures);

/* (this - before) / before, or NAN when before is 0. */
double       kesu_figures_change  (guint this_period,
                                   guint before);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuFigures, kesu_figures_free)

#define KESU_RECURRING_THRESHOLD_DEFAULT 3

G_END_DECLS
