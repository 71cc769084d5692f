/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-summary"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "kesu-actions.h"
#include "kesu-chart.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-figures.h"
#include "kesu-report-util.h"
#include "kesu-sanbao.h"
#include "kesu-summary.h"
#include "kesu-validate.h"

#define MARGIN (15 * KESU_REPORT_MM)
#define MAX_CELLS 10
/* A cell of long text shows at most this many lines, then an ellipsis: a row is never
 * taller than a page. */
#define MAX_CELL_LINES 12

#define BODY_SIZE   9.0
#define TABLE_SIZE  7.5
#define SMALL_SIZE  7.5
#define HEAD_SIZE   11.0
#define TITLE_SIZE  20.0
#define BRANCH_SIZE 12.0
#define CELL_PAD    3.0
#define CHART_H     200.0
#define CHART_GAP   12.0

typedef enum
{
  ITEM_HEADER,   /* branch, title, period, rule */
  ITEM_HEADING,  /* a numbered section heading */
  ITEM_TEXT,
  ITEM_NOTE,     /* small grey text, e.g. "No overdue cases." */
  ITEM_ROW,      /* a table row (or its header row) */
  ITEM_CHARTS,   /* two charts side by side */
  ITEM_SPACE,
} ItemKind;

typedef enum
{
  INK_NORMAL,
  INK_GREY,
  INK_BAD,    /* red: overdue, or a change for the worse */
  INK_GOOD,   /* green: a change for the better */
} Ink;

typedef struct
{
  int            n_cols;
  double         x[MAX_CELLS + 1];   /* laid out: the cells' left edges, then the right */
  double         weights[MAX_CELLS];
  PangoAlignment align[MAX_CELLS];
  gboolean       nowrap[MAX_CELLS];  /* numbers that must stay on one line */
  guint          header_item;
} Table;

typedef struct
{
  ItemKind      kind;
  char         *text[MAX_CELLS];
  Ink           ink[MAX_CELLS];
  gboolean      bold[MAX_CELLS];
  int           table;       /* ITEM_ROW: index into tables */
  gboolean      header;      /* ITEM_ROW: the table's header row */
  gboolean      shaded;      /* ITEM_ROW: every other row */
  KesuChart    *charts[2];   /* ITEM_CHARTS */
  double        space;       /* ITEM_SPACE */

  /* Laid out by kesu_summary_paginate (). */
  PangoLayout  *layouts[MAX_CELLS];
  double        height;
} Item;

typedef struct
{
  guint   item;
  int     page;
  double  y;
  gboolean repeated;  /* a header row repeated at the top of a page */
} Piece;

struct _KesuSummary
{
  char          *branch;
  char          *title;
  char          *period_label;
  char          *printed;
  guint          n_complaints;
  GPtrArray     *items;      /* of Item */
  GArray        *tables;     /* of Table */

  PangoContext  *context;
  double         width;
  double         height;
  GArray        *pieces;     /* of Piece */
  int            n_pages;
  PangoLayout   *running[2];
  double         running_h;
};

/* ---- building ---- */

static void
item_clear_layout (Item *item)
{
  for (guint i = 0; i < MAX_CELLS; i++)
    g_clear_object (&item->layouts[i]);
}

static void
item_free (gpointer data)
{
  Item *item = data;

  for (guint i = 0; i < MAX_CELLS; i++)
    g_free (item->text[i]);
  g_clear_pointer (&item->charts[0], kesu_chart_free);
  g_clear_pointer (&item->charts[1], kesu_chart_free);
  item_clear_layout (item);
  g_free (item);
}

static Item *
add_item (KesuSummary *summary,
          ItemKind     kind)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->table = -1;
  g_ptr_array_add (summary->items, item);
  return item;
}

static void
add_text (KesuSummary *summary,
          ItemKind     kind,
          const char  *text)
{
  add_item (summary, kind)->text[0] = g_strdup (text);
}

static void
add_space (KesuSummary *summary,
           double       points)
{
  add_item (summary, ITEM_SPACE)->space = points;
}

static void
add_heading (KesuSummary *summary,
             int          number,
             const char  *text)
{
  Item *item = add_item (summary, ITEM_HEADING);

  item->text[0] = g_strdup_printf ("%d", number);
  item->text[1] = g_strdup (text);
}

/* A table of @n columns: @spec holds, per column, "weight:align" with align l, r or c and
 * a trailing '!' for a cell that must not wrap, such as "1.6:l!". */
static int
add_table (KesuSummary        *summary,
           const char * const *headers,
           const char * const *spec,
           int                 n)
{
  Table table = { 0 };
  Item *item;

  g_assert (n <= MAX_CELLS);
  table.n_cols = n;
  for (int i = 0; i < n; i++)
    {
      const char *colon = strchr (spec[i], ':');

      table.weights[i] = g_ascii_strtod (spec[i], NULL);
      table.align[i] = colon[1] == 'r' ? PANGO_ALIGN_RIGHT
                       : colon[1] == 'c' ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
      table.nowrap[i] = strchr (colon, '!') != NULL;
    }
  table.header_item = summary->items->len;
  g_array_append_val (summary->tables, table);

  item = add_item (summary, ITEM_ROW);
  item->table = summary->tables->len - 1;
  item->header = TRUE;
  for (int i = 0; i < n; i++)
    item->text[i] = g_strdup (headers[i]);
  return item->table;
}

/* A row of table @table; takes the cell texts. */
static Item *
add_row (KesuSummary *summary,
         int          table,
         char       **cells)
{
  Table *t = &g_array_index (summary->tables, Table, table);
  Item *item = add_item (summary, ITEM_ROW);
  guint n_rows = summary->items->len - 1 - t->header_item;

  item->table = table;
  item->shaded = n_rows % 2 == 0;
  for (int i = 0; i < t->n_cols; i++)
    item->text[i] = cells[i] != NULL ? cells[i] : g_strdup ("—");
  return item;
}

/* ---- the key figures ---- */

typedef enum
{
  AS_COUNT,
  AS_HOURS,
  AS_SHARE,
  AS_RATING,
} FigureFormat;

static char *
format_value (double       value,
              FigureFormat format)
{
  if (isnan (value))
    return g_strdup ("—");
  switch (format)
    {
    case AS_COUNT:
      return g_strdup_printf ("%.0f", value);
    case AS_HOURS:
      /* TRANSLATORS: hours, as in "12.5 h" */
      return g_strdup_printf (_("%.1f h"), value);
    case AS_SHARE:
      return g_strdup_printf ("%.0f%%", value * 100);
    case AS_RATING:
    default:
      return g_strdup_printf ("%.1f", value);
    }
}

/* The change from @before to @now as text, and whether it is better (1), worse (-1) or
 * neither (0), given whether more is better (@direction 1), worse (-1) or neither (0). */
static char *
format_change (double        now,
               double        before,
               FigureFormat  format,
               int           direction,
               Ink          *out_ink)
{
  double change;
  const char *sign;

  *out_ink = INK_GREY;
  if (isnan (now) || isnan (before))
    return g_strdup ("—");
  if (format == AS_COUNT || format == AS_HOURS)
    {
      if (before <= 0)
        return g_strdup ("—");
      change = format == AS_COUNT ? kesu_figures_change ((guint) now, (guint) before)
                                  : (now - before) / before;
      if (isnan (change))
        return g_strdup ("—");
      change *= 100;
    }
  else if (format == AS_SHARE)
    change = (now - before) * 100;
  else
    change = now - before;

  if (fabs (change) < (format == AS_RATING ? 0.05 : 0.5))
    return g_strdup ("±0");
  if (direction != 0)
    *out_ink = (change > 0) == (direction > 0) ? INK_GOOD : INK_BAD;
  sign = change > 0 ? "+" : "−";
  switch (format)
    {
    case AS_SHARE:
      /* TRANSLATORS: a change in percentage points, as in "+3.5 pt" */
      return g_strdup_printf (_("%s%.1f pt"), sign, fabs (change));
    case AS_RATING:
      return g_strdup_printf ("%s%.1f", sign, fabs (change));
    case AS_COUNT:
    case AS_HOURS:
    default:
      return g_strdup_printf ("%s%.0f%%", sign, fabs (change));
    }
}

static void
add_figure_row (KesuSummary  *summary,
                int           table,
                const char   *label,
                double        now,
                double        last_month,
                double        year_before,
                FigureFormat  format,
                int           direction)
{
  char *cells[6];
  Item *item;
  Ink ink1, ink2;

  cells[0] = g_strdup (label);
  cells[1] = format_value (now, format);
  cells[2] = format_value (last_month, format);
  cells[3] = format_change (now, last_month, format, direction, &ink1);
  cells[4] = format_value (year_before, format);
  cells[5] = format_change (now, year_before, format, direction, &ink2);
  item = add_row (summary, table, cells);
  item->bold[1] = TRUE;
  item->ink[2] = INK_GREY;
  item->ink[3] = ink1;
  item->ink[4] = INK_GREY;
  item->ink[5] = ink2;
}

static void
add_key_figures (KesuSummary       *summary,
                 const KesuFigures *now,
                 const KesuFigures *last,
                 const KesuFigures *year)
{
  const char *headers[] = { _("Figure"), _("This month"), _("Last month"), _("Change"),
                            _("A year before"), _("Change") };
  const char *spec[] = { "2.8:l", "1.1:r", "1.1:r", "1.0:r", "1.1:r", "1.0:r" };
  int t = add_table (summary, headers, spec, G_N_ELEMENTS (headers));

#define ROW(label, field, format, direction) \
  add_figure_row (summary, t, label, now->field, last->field, year->field, format, direction)

  ROW (_("Complaints received"), received, AS_COUNT, -1);
  ROW (_("Closed"), closed, AS_COUNT, 0);
  ROW (_("Withdrawn"), withdrawn, AS_COUNT, 0);
  ROW (_("Still open"), open, AS_COUNT, -1);
  ROW (_("Open past a deadline now"), overdue, AS_COUNT, -1);
  ROW (_("First response, median"), first_response_median_h, AS_HOURS, -1);
  ROW (_("Time to close, median"), close_median_h, AS_HOURS, -1);
  ROW (_("First response on time"), first_response_on_time, AS_SHARE, 1);
  ROW (_("Resolved on time"), resolution_on_time, AS_SHARE, 1);
  ROW (_("Satisfied customers (4–5 of 5)"), satisfied_share, AS_SHARE, 1);
  ROW (_("Average satisfaction (1–5)"), average_rating, AS_RATING, 1);
  ROW (_("Reopened"), reopen_rate, AS_SHARE, -1);
#undef ROW
}

/* ---- the month's complaints ---- */

static gboolean
add_complaints (KesuSummary       *summary,
                KesuStore         *store,
                const KesuPeriod  *period,
                GHashTable        *overdue_numbers,
                GError           **error)
{
  const char *headers[] = { _("No."), _("Received at"), _("Customer"), _("Vehicle model"),
                            _("Category"), _("Severity"), _("State"), _("Handler"),
                            _("Days open") };
  const char *spec[] = { "1.55:l!", "0.95:l", "1.45:l", "1.3:l", "1.45:l", "0.85:l",
                         "0.95:l", "0.85:l", "0.7:r" };
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  gint64 now = kesu_clock_now_unix ();
  int t = -1;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.number, c.received_at, cu.name, cu.phone,"
                          "  coalesce (c.vehicle_model, ''), c.category, c.severity, c.state,"
                          "  coalesce (s.name, ''), c.closed_at, c.updated_at"
                          " FROM complaint c"
                          " JOIN customer cu ON cu.id = c.customer_id"
                          " LEFT JOIN staff s ON s.id = c.handler_id"
                          " WHERE c.received_at >= ?1 AND c.received_at < ?2"
                          " ORDER BY c.received_at, c.id",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, kesu_period_start_unix (period));
  kesu_statement_bind_int64 (stmt, 2, kesu_period_end_unix (period));

  while (kesu_statement_step (stmt, &local))
    {
      g_autofree char *phone = kesu_mask_phone (kesu_statement_get_text (stmt, 3));
      gint64 received = kesu_statement_get_int64 (stmt, 1);
      gint64 end = now;
      char *cells[9];
      KesuCategory category;
      KesuSeverity severity;
      KesuState state = KESU_STATE_RECEIVED;
      const char *number = kesu_statement_get_text (stmt, 0);
      Item *item;

      if (t < 0)
        t = add_table (summary, headers, spec, G_N_ELEMENTS (headers));
      kesu_state_from_key (kesu_statement_get_text (stmt, 7), &state);
      if (state == KESU_STATE_CLOSED && !kesu_statement_is_null (stmt, 9))
        end = kesu_statement_get_int64 (stmt, 9);
      else if (state == KESU_STATE_WITHDRAWN)
        end = kesu_statement_get_int64 (stmt, 10);

      cells[0] = g_strdup (number);
      cells[1] = kesu_report_format_local (received, "%m-%d %H:%M");
      cells[2] = g_strdup_printf ("%s\n%s", kesu_report_or_dash (kesu_statement_get_text (stmt, 2)),
                                  phone[0] != '\0' ? phone : "—");
      cells[3] = g_strdup (kesu_report_or_dash (kesu_statement_get_text (stmt, 4)));
      cells[4] = g_strdup (kesu_category_from_key (kesu_statement_get_text (stmt, 5), &category)
                           ? kesu_category_to_label (category) : "—");
      cells[5] = g_strdup (kesu_severity_from_key (kesu_statement_get_text (stmt, 6), &severity)
                           ? kesu_severity_to_label (severity) : "—");
      cells[6] = g_strdup (kesu_state_to_label (state));
      cells[7] = g_strdup (kesu_report_or_dash (kesu_statement_get_text (stmt, 8)));
      cells[8] = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (end - received, 0) / 86400);
      item = add_row (summary, t, cells);
      item->bold[0] = TRUE;
      if (g_hash_table_contains (overdue_numbers, number))
        {
          item->ink[6] = INK_BAD;
          item->ink[8] = INK_BAD;
        }
      if (severity == KESU_SEVERITY_URGENT)
        item->ink[5] = INK_BAD;
      summary->n_complaints++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (t < 0)
    add_text (summary, ITEM_NOTE, _("No complaints were received in this month."));
  return TRUE;
}

/* The open cases past a deadline now (@model: KesuComplaint), most urgent first. */
static void
add_overdue (KesuSummary *summary,
             GListModel  *model)
{
  const char *headers[] = { _("No."), _("Received at"), _("Customer"), _("Category"), _("State"),
                            _("Handler"), _("Deadline") };
  const char *spec[] = { "1.55:l!", "1.2:l", "1.45:l", "1.5:l", "1.0:l", "0.9:l", "1.5:l" };
  gint64 now = kesu_clock_now_unix ();
  guint n = g_list_model_get_n_items (model);
  int t;

  if (n == 0)
    {
      add_text (summary, ITEM_NOTE, _("No case is past a deadline."));
      return;
    }

  t = add_table (summary, headers, spec, G_N_ELEMENTS (headers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) complaint = g_list_model_get_item (model, i);
      const KesuIntake *in = kesu_complaint_get_intake (complaint);
      g_autofree char *phone = kesu_mask_phone (in->customer_phone);
      g_autofree char *due = kesu_report_format_local (kesu_complaint_get_next_due (complaint),
                                                       "%m-%d %H:%M");
      g_autofree char *late = kesu_complaint_dup_due_text (complaint, now);
      char *cells[7];
      Item *item;

      cells[0] = g_strdup (kesu_complaint_get_number (complaint));
      cells[1] = kesu_report_format_local (kesu_complaint_get_received_unix (complaint),
                                           "%Y-%m-%d");
      cells[2] = g_strdup_printf ("%s\n%s", kesu_report_or_dash (in->customer_name),
                                  phone[0] != '\0' ? phone : "—");
      cells[3] = g_strdup (kesu_category_to_label (in->category));
      cells[4] = g_strdup (kesu_state_to_label (kesu_complaint_get_state (complaint)));
      cells[5] = g_strdup (kesu_report_or_dash (kesu_complaint_get_handler_name (complaint)));
      cells[6] = late != NULL && late[0] != '\0' ? g_strdup_printf ("%s\n%s", due, late)
                                                 : g_strdup (due);
      item = add_row (summary, t, cells);
      item->bold[0] = TRUE;
      item->ink[6] = INK_BAD;
    }
}

/* "Art. 20, Art. 24(4)": the articles a stored 三包 reason cites (one "article: text"
 * line each). */
static char *
reason_articles (const char *reason)
{
  g_auto(GStrv) lines = g_strsplit (reason != NULL ? reason : "", "\n", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strstr (lines[i], ": ");

      if (colon == NULL || colon == lines[i])
        continue;
      if (s->len > 0)
        g_string_append (s, _(", "));
      g_string_append_len (s, lines[i], colon - lines[i]);
    }
  if (s->len == 0)
    g_string_append (s, "—");
  return g_string_free (s, FALSE);
}

/* The complaints flagged under the 三包 rules in the month, and those whose Art. 28 clock
 * still runs: the decision and the legal deadlines, late ones in red. */
static gboolean
add_sanbao (KesuSummary       *summary,
            KesuStore         *store,
            const KesuPeriod  *period,
            GError           **error)
{
  const char *headers[] = { _("No."), _("Customer"), _("Vehicle"), _("三包 articles"),
                            _("Decision"), _("Answer by"), _("Complete by") };
  const char *spec[] = { "1.55:l!", "1.3:l", "1.5:l", "1.4:l", "1.1:l", "1.0:l", "1.0:l" };
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  gint64 now = kesu_clock_now_unix ();
  int t = -1;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.number, cu.name, cu.phone, coalesce (c.vehicle_model, ''),"
                          "  coalesce (c.plate, ''), c.sanbao_flag, c.sanbao_reason,"
                          "  coalesce (c.sanbao_answer_due, 0),"
                          "  coalesce (c.sanbao_complete_due, 0), c.state"
                          " FROM complaint c JOIN customer cu ON cu.id = c.customer_id"
                          " WHERE c.sanbao_flag != ''"
                          "   AND ((c.sanbao_flagged_at >= ?1 AND c.sanbao_flagged_at < ?2)"
                          "     OR (c.sanbao_flag IN ('raised', 'confirmed')"
                          "         AND c.state NOT IN ('closed', 'withdrawn')))"
                          " ORDER BY c.sanbao_flagged_at, c.id",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, kesu_period_start_unix (period));
  kesu_statement_bind_int64 (stmt, 2, kesu_period_end_unix (period));
  while (kesu_statement_step (stmt, &local))
    {
      g_autofree char *phone = kesu_mask_phone (kesu_statement_get_text (stmt, 2));
      KesuSanbaoFlag flag = KESU_SANBAO_FLAG_NONE;
      KesuState state = KESU_STATE_RECEIVED;
      gint64 answer = kesu_statement_get_int64 (stmt, 7);
      gint64 complete = kesu_statement_get_int64 (stmt, 8);
      gint64 running;
      char *cells[7];
      Item *item;

      if (t < 0)
        t = add_table (summary, headers, spec, G_N_ELEMENTS (headers));
      kesu_sanbao_flag_from_key (kesu_statement_get_text (stmt, 5), &flag);
      kesu_state_from_key (kesu_statement_get_text (stmt, 9), &state);
      running = kesu_sanbao_running_due (flag, answer, complete, kesu_state_is_open (state));

      cells[0] = g_strdup (kesu_statement_get_text (stmt, 0));
      cells[1] = g_strdup_printf ("%s\n%s", kesu_report_or_dash (kesu_statement_get_text (stmt, 1)),
                                  phone[0] != '\0' ? phone : "—");
      cells[2] = g_strdup_printf ("%s\n%s", kesu_report_or_dash (kesu_statement_get_text (stmt, 3)),
                                  kesu_report_or_dash (kesu_statement_get_text (stmt, 4)));
      cells[3] = reason_articles (kesu_statement_get_text (stmt, 6));
      cells[4] = g_strdup (kesu_sanbao_flag_to_label (flag));
      /* The last day, as the customer is told: the due is the midnight after it. */
      cells[5] = answer > 0 ? kesu_report_format_local (answer - 1, "%Y-%m-%d") : g_strdup ("—");
      cells[6] = complete > 0 ? kesu_report_format_local (complete - 1, "%Y-%m-%d")
                              : g_strdup ("—");
      item = add_row (summary, t, cells);
      item->bold[0] = TRUE;
      if (running > 0 && running < now)
        item->ink[running == answer ? 5 : 6] = INK_BAD;
      if (flag == KESU_SANBAO_FLAG_DISMISSED)
        item->ink[4] = INK_GREY;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (t < 0)
    add_text (summary, ITEM_NOTE, _("No complaint was flagged under the 三包 rules."));
  else
    add_text (summary, ITEM_NOTE,
              _("Kesu flags what may qualify; the decision is a person's. Art. 28: answer "
                "within 10 and complete within 20 working days."));
  return TRUE;
}

static const KesuImprovementAction *
action_for_issue (GPtrArray                *actions,
                  const KesuRecurringIssue *issue)
{
  const KesuImprovementAction *found = NULL;

  for (guint i = 0; i < actions->len; i++)
    {
      const KesuImprovementAction *action = g_ptr_array_index (actions, i);

      if (action->issue_category == (int) issue->category &&
          g_strcmp0 (action->issue_model != NULL ? action->issue_model : "",
                     issue->vehicle_model != NULL ? issue->vehicle_model : "") == 0 &&
          (found == NULL || action->created_at > found->created_at))
        found = action;
    }
  return found;
}

static void
add_recurring (KesuSummary       *summary,
               const KesuFigures *figures,
               GPtrArray         *actions)
{
  const char *headers[] = { _("Category"), _("Vehicle model"), _("Number of complaints"),
                            _("Improvement action") };
  const char *spec[] = { "2.0:l", "2.0:l", "0.9:r", "3.0:l" };
  int t;

  if (figures->recurring == NULL || figures->recurring->len == 0)
    {
      add_text (summary, ITEM_NOTE, _("No issue came back often enough to count as recurring."));
      return;
    }
  t = add_table (summary, headers, spec, G_N_ELEMENTS (headers));
  for (guint i = 0; i < figures->recurring->len; i++)
    {
      const KesuRecurringIssue *issue = g_ptr_array_index (figures->recurring, i);
      const KesuImprovementAction *action = action_for_issue (actions, issue);
      char *cells[4];
      Item *item;

      cells[0] = g_strdup (kesu_category_to_label (issue->category));
      cells[1] = g_strdup (kesu_report_or_dash (issue->vehicle_model));
      cells[2] = g_strdup_printf ("%u", issue->count);
      if (action != NULL)
        cells[3] = g_strdup_printf ("%s (%s, %s)", kesu_action_state_to_label (action->state),
                                    kesu_report_or_dash (action->owner_name), action->due_on);
      else
        cells[3] = g_strdup (_("None yet"));
      item = add_row (summary, t, cells);
      item->bold[2] = TRUE;
      if (action == NULL || action->overdue)
        item->ink[3] = INK_BAD;
    }
}

static void
add_actions (KesuSummary *summary,
             GPtrArray   *actions)
{
  const char *headers[] = { _("Root cause"), _("Measures"), _("Owner"), _("Due"), _("State"),
                            _("Linked complaints") };
  const char *spec[] = { "2.4:l", "2.6:l", "0.85:l", "1.05:l", "1.15:l", "1.6:l" };
  int t;

  if (actions->len == 0)
    {
      add_text (summary, ITEM_NOTE, _("No improvement actions have been recorded."));
      return;
    }
  t = add_table (summary, headers, spec, G_N_ELEMENTS (headers));
  for (guint i = 0; i < actions->len; i++)
    {
      const KesuImprovementAction *action = g_ptr_array_index (actions, i);
      char *cells[6];
      Item *item;

      cells[0] = g_strdup (action->root_cause);
      cells[1] = g_strdup (action->measures);
      cells[2] = g_strdup (kesu_report_or_dash (action->owner_name));
      cells[3] = action->overdue ? g_strdup_printf ("%s\n%s", action->due_on, _("Overdue"))
                                 : g_strdup (action->due_on);
      if (action->verified_note != NULL && action->state != KESU_ACTION_OPEN)
        cells[4] = g_strdup_printf ("%s\n%s", kesu_action_state_to_label (action->state),
                                    action->verified_note);
      else
        cells[4] = g_strdup (kesu_action_state_to_label (action->state));
      cells[5] = kesu_improvement_action_dup_numbers (action);
      item = add_row (summary, t, cells);
      if (action->overdue)
        item->ink[3] = INK_BAD;
      if (action->state == KESU_ACTION_NOT_EFFECTIVE)
        item->ink[4] = INK_BAD;
      else if (action->state == KESU_ACTION_EFFECTIVE)
        item->ink[4] = INK_GOOD;
    }
}

static void
add_charts (KesuSummary       *summary,
            const KesuFigures *figures)
{
  Item *item;

  item = add_item (summary, ITEM_CHARTS);
  item->space = CHART_H;
  item->charts[0] = kesu_chart_new_breakdown (KESU_CHART_BAR, _("Complaints by category"),
                                              _("complaints"), figures->by_category);
  item->charts[1] = kesu_chart_new_breakdown (KESU_CHART_DONUT, _("Complaints by channel"),
                                              _("complaints"), figures->by_channel);
  add_space (summary, CHART_GAP);
  /* The wide ones across the page. */
  item = add_item (summary, ITEM_CHARTS);
  item->space = CHART_H * 0.85;
  item->charts[0] = kesu_chart_new_trend (_("Received and closed, last 12 months"),
                                          figures->trend);
  add_space (summary, CHART_GAP);
  item = add_item (summary, ITEM_CHARTS);
  item->space = CHART_H;
  item->charts[0] = kesu_chart_new_breakdown (KESU_CHART_PARETO,
                                              _("Pareto of vehicle models"),
                                              _("complaints"), figures->by_model);
}

gboolean
kesu_summary_parse_month (const char *text,
                          int        *out_year,
                          int        *out_month)
{
  int year, month;

  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = atoi (text);
  month = atoi (text + 5);
  if (year < 1900 || year > 9999 || month < 1 || month > 12)
    return FALSE;
  if (out_year != NULL)
    *out_year = year;
  if (out_month != NULL)
    *out_month = month;
  return TRUE;
}

KesuSummary *
kesu_summary_new (KesuStore  *store,
                  int         year,
                  int         month,
                  GError    **error)
{
  g_autoptr(KesuSummary) summary = NULL;
  g_autoptr(KesuBranch) branch = NULL;
  g_autoptr(KesuFigures) now = NULL;
  g_autoptr(KesuFigures) last = NULL;
  g_autoptr(KesuFigures) year_before = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GHashTable) overdue = NULL;
  g_autoptr(GDateTime) clock = kesu_clock_now ();
  g_autofree char *first = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *intro = NULL;
  g_autoptr(KesuFilter) filter = NULL;
  g_autoptr(GListModel) overdue_model = NULL;
  KesuPeriod period, previous, before;
  int section = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  kesu_period_init_month (&period, year, month);
  kesu_period_previous (&period, &previous);
  kesu_period_year_before (&period, &before);
  now = kesu_figures_compute (store, &period, NULL, KESU_RECURRING_THRESHOLD_DEFAULT, error);
  if (now == NULL)
    return NULL;
  last = kesu_figures_compute (store, &previous, NULL, KESU_RECURRING_THRESHOLD_DEFAULT, error);
  if (last == NULL)
    return NULL;
  year_before = kesu_figures_compute (store, &before, NULL, KESU_RECURRING_THRESHOLD_DEFAULT,
                                      error);
  if (year_before == NULL)
    return NULL;
  actions = kesu_store_list_actions (store, KESU_ACTIONS_ALL, 0, error);
  if (actions == NULL)
    return NULL;

  summary = g_new0 (KesuSummary, 1);
  summary->items = g_ptr_array_new_with_free_func (item_free);
  summary->tables = g_array_new (FALSE, TRUE, sizeof (Table));
  summary->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  branch = kesu_store_get_branch (store);
  summary->branch = g_strdup (branch != NULL ? branch->name : "");
  summary->title = g_strdup (_("Monthly Complaint Summary"));
  summary->period_label = kesu_period_to_label (&period);
  summary->printed = g_date_time_format (clock, "%Y-%m-%d %H:%M");

  add_item (summary, ITEM_HEADER);
  first = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&period.first),
                           g_date_get_month (&period.first), g_date_get_day (&period.first));
  last_day = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&period.last),
                              g_date_get_month (&period.last), g_date_get_day (&period.last));
  intro = g_strdup_printf (_("Complaints received from %s to %s: %u received, %u closed, "
                             "%u withdrawn, %u still open; %u open cases are past a deadline "
                             "now."),
                           first, last_day, now->received, now->closed, now->withdrawn,
                           now->open, now->overdue);
  add_text (summary, ITEM_TEXT, intro);
  add_space (summary, 6);

  add_heading (summary, ++section, _("Key figures"));
  add_key_figures (summary, now, last, year_before);
  add_text (summary, ITEM_NOTE,
            _("Changes in green are for the better, in red for the worse; shares change in "
              "percentage points (pt)."));
  add_space (summary, 10);

  add_heading (summary, ++section, _("Charts"));
  add_charts (summary, now);
  add_space (summary, 10);

  /* The cases overdue now are read first: the month's list marks them too. */
  filter = kesu_filter_new ();
  filter->overdue_only = TRUE;
  filter->open_only = TRUE;
  overdue_model = kesu_store_query_complaints (store, filter, error);
  if (overdue_model == NULL)
    return NULL;
  overdue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (overdue_model); i++)
    {
      g_autoptr(KesuComplaint) complaint = g_list_model_get_item (overdue_model, i);

      g_hash_table_add (overdue, g_strdup (kesu_complaint_get_number (complaint)));
    }

  add_heading (summary, ++section, _("Complaints received in the month"));
  if (!add_complaints (summary, store, &period, overdue, error))
    return NULL;
  add_space (summary, 10);

  add_heading (summary, ++section, _("Cases past a deadline now"));
  add_overdue (summary, overdue_model);
  add_space (summary, 10);

  add_heading (summary, ++section, _("三包 cases and legal deadlines (SAMR Order No. 43)"));
  if (!add_sanbao (summary, store, &period, error))
    return NULL;
  add_space (summary, 10);

  add_heading (summary, ++section, _("Recurring issues"));
  add_recurring (summary, now, actions);
  add_space (summary, 10);

  add_heading (summary, ++section, _("Improvement actions"));
  add_actions (summary, actions);

  return g_steal_pointer (&summary);
}

char *
kesu_summary_dup_text (KesuSummary *summary)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (summary != NULL, NULL);

  for (guint i = 0; i < summary->items->len; i++)
    {
      const Item *item = g_ptr_array_index (summary->items, i);
      gboolean any = FALSE;

      for (guint c = 0; c < MAX_CELLS; c++)
        if (item->text[c] != NULL)
          {
            if (any)
              g_string_append_c (s, '\t');
            g_string_append (s, item->text[c]);
            any = TRUE;
          }
      if (any)
        g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
summary_clear_layout (KesuSummary *summary)
{
  for (guint i = 0; i < summary->items->len; i++)
    item_clear_layout (g_ptr_array_index (summary->items, i));
  g_clear_object (&summary->running[0]);
  g_clear_object (&summary->running[1]);
  g_clear_object (&summary->context);
  g_array_set_size (summary->pieces, 0);
  summary->n_pages = 0;
}

void
kesu_summary_free (KesuSummary *summary)
{
  if (summary == NULL)
    return;
  if (summary->items != NULL)
    summary_clear_layout (summary);
  g_clear_pointer (&summary->items, g_ptr_array_unref);
  g_clear_pointer (&summary->tables, g_array_unref);
  g_clear_pointer (&summary->pieces, g_array_unref);
  g_free (summary->branch);
  g_free (summary->title);
  g_free (summary->period_label);
  g_free (summary->printed);
  g_free (summary);
}

const char *
kesu_summary_get_title (KesuSummary *summary)
{
  g_return_val_if_fail (summary != NULL, NULL);
  return summary->title;
}

const char *
kesu_summary_get_period_label (KesuSummary *summary)
{
  g_return_val_if_fail (summary != NULL, NULL);
  return summary->period_label;
}

guint
kesu_summary_get_n_complaints (KesuSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);
  return summary->n_complaints;
}

int
kesu_summary_get_n_pages (KesuSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);
  return MAX (summary->n_pages, 1);
}

/* ---- text ---- */

/* ---- layout ---- */

static void
lay_out_table (Table  *table,
               double  x,
               double  width)
{
  double total = 0;

  for (int i = 0; i < table->n_cols; i++)
    total += table->weights[i];
  table->x[0] = x;
  for (int i = 0; i < table->n_cols; i++)
    table->x[i + 1] = table->x[i] + width * table->weights[i] / total;
}

static void
measure_item (KesuSummary *summary,
              Item        *item,
              double       content_w)
{
  switch (item->kind)
    {
    case ITEM_HEADER:
      {
        PangoAttrList *attrs = pango_attr_list_new ();

        item->layouts[0] = kesu_report_layout_new (summary->context, summary->branch,
                                                   KESU_REPORT_FACE_SANS_BOLD, BRANCH_SIZE,
                                                   content_w, PANGO_ALIGN_CENTER);
        item->layouts[1] = kesu_report_layout_new (summary->context, summary->title,
                                                   KESU_REPORT_FACE_SERIF_BOLD, TITLE_SIZE,
                                                   content_w, PANGO_ALIGN_CENTER);
        /* Chinese titles are set with a little air between the characters. */
        if (g_unichar_iswide (g_utf8_get_char (summary->title)))
          pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (TITLE_SIZE * 0.2
                                                                               * PANGO_SCALE)));
        pango_layout_set_attributes (item->layouts[1], attrs);
        pango_attr_list_unref (attrs);
        item->layouts[2] = kesu_report_layout_new (summary->context, summary->period_label,
                                                   KESU_REPORT_FACE_SANS_BOLD, BRANCH_SIZE,
                                                   content_w, PANGO_ALIGN_CENTER);
        item->height = kesu_report_layout_height (item->layouts[0]) + 8
                       + kesu_report_layout_height (item->layouts[1]) + 6
                       + kesu_report_layout_height (item->layouts[2]) + 10 + 4 + 10;
      }
      break;

    case ITEM_HEADING:
      item->layouts[0] = kesu_report_layout_new (summary->context, item->text[0],
                                                 KESU_REPORT_FACE_SANS_BOLD, HEAD_SIZE, 0,
                                                 PANGO_ALIGN_LEFT);
      item->layouts[1] = kesu_report_layout_new (summary->context, item->text[1],
                                                 KESU_REPORT_FACE_SANS_BOLD, HEAD_SIZE,
                                                 content_w - 24, PANGO_ALIGN_LEFT);
      item->height = kesu_report_layout_height (item->layouts[1]) + 4 + 6;
      break;

    case ITEM_TEXT:
    case ITEM_NOTE:
      item->layouts[0] = kesu_report_layout_new (summary->context, item->text[0],
                                                 KESU_REPORT_FACE_SANS,
                                                 item->kind == ITEM_TEXT ? BODY_SIZE : SMALL_SIZE,
                                                 content_w, PANGO_ALIGN_LEFT);
      if (item->kind == ITEM_TEXT)
        pango_layout_set_line_spacing (item->layouts[0], 1.25);
      item->height = kesu_report_layout_height (item->layouts[0])
                     + (item->kind == ITEM_NOTE ? 3 : 0);
      break;

    case ITEM_ROW:
      {
        Table *table = &g_array_index (summary->tables, Table, item->table);
        double h = 0;

        for (int i = 0; i < table->n_cols; i++)
          {
            double w = table->x[i + 1] - table->x[i] - 2 * CELL_PAD;
            KesuReportFace face = item->header || item->bold[i] ? KESU_REPORT_FACE_SANS_BOLD
                                                                : KESU_REPORT_FACE_SANS;
            PangoLayout *layout;

            layout = kesu_report_layout_new (summary->context, item->text[i], face,
                                             TABLE_SIZE, table->nowrap[i] && !item->header ? -1 : w,
                                             table->align[i]);
            if (table->nowrap[i] && !item->header)
              {
                /* Numbers stay whole: shrink a little rather than break one. */
                int lw;

                pango_layout_get_size (layout, &lw, NULL);
                if ((double) lw / PANGO_SCALE > w)
                  {
                    PangoFontDescription *font =
                      pango_font_description_copy (pango_layout_get_font_description (layout));

                    pango_font_description_set_size (font, (int) (TABLE_SIZE * w * PANGO_SCALE
                                                                  * PANGO_SCALE / lw));
                    pango_layout_set_font_description (layout, font);
                    pango_font_description_free (font);
                  }
              }
            else
              {
                pango_layout_set_height (layout, -MAX_CELL_LINES);
                pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
              }
            item->layouts[i] = layout;
            h = MAX (h, kesu_report_layout_height (layout));
          }
        item->height = h + 2 * CELL_PAD + (item->header ? 1 : 0);
      }
      break;

    case ITEM_CHARTS:
      item->height = item->space;
      break;

    case ITEM_SPACE:
      item->height = item->space;
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
add_piece (KesuSummary *summary,
           guint        item,
           int          page,
           double       y,
           gboolean     repeated)
{
  Piece piece = { item, page, y, repeated };

  g_array_append_val (summary->pieces, piece);
}

static double
footer_height (void)
{
  return SMALL_SIZE * 1.6 + 10;
}

/* How much must fit below a heading for it not to stand alone at a page's foot: the next
 * item, and for a table its header with the first row. */
static double
keep_with_next (KesuSummary *summary,
                guint        index)
{
  double h = 0;

  for (guint i = index + 1; i < summary->items->len && i <= index + 2; i++)
    {
      Item *next = g_ptr_array_index (summary->items, i);

      h += next->height;
      if (!(next->kind == ITEM_ROW && next->header))
        break;
    }
  return h;
}

int
kesu_summary_paginate (KesuSummary *summary,
                       cairo_t     *cr,
                       double       width,
                       double       height)
{
  double content_w, top, bottom, y, page_top;
  g_autofree char *running = NULL;
  int page = 0;

  g_return_val_if_fail (summary != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (width > 0 && height > 0, 0);

  summary_clear_layout (summary);
  summary->width = width;
  summary->height = height;

  summary->context = kesu_report_context_new (cr);

  content_w = width - 2 * MARGIN;
  running = g_strdup_printf ("%s · %s", summary->branch, summary->title);
  summary->running[0] = kesu_report_layout_new (summary->context, running, KESU_REPORT_FACE_SANS,
                                                SMALL_SIZE, content_w * 0.7, PANGO_ALIGN_LEFT);
  summary->running[1] = kesu_report_layout_new (summary->context, summary->period_label,
                                                KESU_REPORT_FACE_SANS_BOLD, SMALL_SIZE,
                                                content_w * 0.3, PANGO_ALIGN_RIGHT);
  summary->running_h = MAX (kesu_report_layout_height (summary->running[0]),
                            kesu_report_layout_height (summary->running[1])) + 12;

  for (guint i = 0; i < summary->tables->len; i++)
    lay_out_table (&g_array_index (summary->tables, Table, i), MARGIN, content_w);
  for (guint i = 0; i < summary->items->len; i++)
    measure_item (summary, g_ptr_array_index (summary->items, i), content_w);

  top = MARGIN;
  bottom = height - MARGIN - footer_height ();
  y = page_top = top;

  for (guint i = 0; i < summary->items->len; i++)
    {
      Item *item = g_ptr_array_index (summary->items, i);
      double need = item->height;

      if (item->kind == ITEM_SPACE)
        {
          /* No space at the top of a page. */
          if (y > page_top)
            y += item->height;
          continue;
        }
      if (item->kind == ITEM_HEADING || (item->kind == ITEM_ROW && item->header))
        need += keep_with_next (summary, i);

      if (y + need > bottom && y > page_top)
        {
          page++;
          y = page_top = top + summary->running_h;
          /* A table that goes on repeats its header row. */
          if (item->kind == ITEM_ROW && !item->header)
            {
              Table *table = &g_array_index (summary->tables, Table, item->table);
              Item *header = g_ptr_array_index (summary->items, table->header_item);

              add_piece (summary, table->header_item, page, y, TRUE);
              y += header->height;
            }
        }
      add_piece (summary, i, page, y, FALSE);
      y += item->height;
    }

  summary->n_pages = page + 1;
  return summary->n_pages;
}

/* ---- drawing ---- */

static void
set_ink (cairo_t *cr,
         Ink      ink)
{
  switch (ink)
    {
    case INK_GREY:
      cairo_set_source_rgb (cr, 0.38, 0.4, 0.44);
      break;
    case INK_BAD:
      cairo_set_source_rgb (cr, 0.75, 0.11, 0.13);
      break;
    case INK_GOOD:
      cairo_set_source_rgb (cr, 0.1, 0.5, 0.25);
      break;
    case INK_NORMAL:
    default:
      cairo_set_source_rgb (cr, 0.08, 0.09, 0.11);
      break;
    }
}

static void
set_accent (cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0.13, 0.3, 0.55);
}

static void
draw_row (KesuSummary *summary,
          cairo_t     *cr,
          Item        *item,
          double       y)
{
  Table *table = &g_array_index (summary->tables, Table, item->table);
  double x0 = table->x[0], x1 = table->x[table->n_cols];

  if (item->header)
    {
      cairo_rectangle (cr, x0, y, x1 - x0, item->height);
      cairo_set_source_rgb (cr, 0.9, 0.93, 0.97);
      cairo_fill (cr);
      set_accent (cr);
      kesu_report_hline (cr, x0, x1, y + 0.4, 0.8);
      kesu_report_hline (cr, x0, x1, y + item->height - 0.4, 0.8);
    }
  else
    {
      if (item->shaded)
        {
          cairo_rectangle (cr, x0, y, x1 - x0, item->height);
          cairo_set_source_rgb (cr, 0.965, 0.97, 0.975);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.82, 0.84, 0.87);
      kesu_report_hline (cr, x0, x1, y + item->height - 0.25, 0.5);
    }

  for (int i = 0; i < table->n_cols; i++)
    {
      set_ink (cr, item->header ? INK_NORMAL : item->ink[i]);
      if (item->header)
        set_accent (cr);
      kesu_report_show_layout (cr, item->layouts[i], table->x[i] + CELL_PAD, y + CELL_PAD);
    }
}

/* The charts are drawn as on screen and scaled down: their type, sized for a window,
 * then sits well on paper.  Still vector. */
#define CHART_SCALE 0.55

static void
draw_charts (cairo_t *cr,
             Item    *item,
             double   x,
             double   y,
             double   content_w)
{
  int n = item->charts[1] != NULL ? 2 : 1;
  double w = (content_w - (n - 1) * CHART_GAP) / n;
  double h = item->height;

  for (int i = 0; i < n; i++)
    {
      double cx = x + i * (w + CHART_GAP);

      cairo_save (cr);
      /* A hairline frame, as the cards on the analysis page. */
      cairo_rectangle (cr, cx + 0.25, y + 0.25, w - 0.5, h - 0.5);
      cairo_set_source_rgb (cr, 0.82, 0.84, 0.87);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
      cairo_rectangle (cr, cx, y, w, h);
      cairo_clip (cr);
      cairo_translate (cr, cx + 6, y + 6);
      cairo_scale (cr, CHART_SCALE, CHART_SCALE);
      kesu_chart_draw (item->charts[i], cr, (w - 12) / CHART_SCALE, (h - 12) / CHART_SCALE);
      cairo_restore (cr);
    }
}

static void
draw_piece (KesuSummary *summary,
            cairo_t     *cr,
            const Piece *piece)
{
  Item *item = g_ptr_array_index (summary->items, piece->item);
  double x = MARGIN;
  double y = piece->y;
  double content_w = summary->width - 2 * MARGIN;

  switch (item->kind)
    {
    case ITEM_HEADER:
      set_ink (cr, INK_GREY);
      kesu_report_show_layout (cr, item->layouts[0], x, y);
      y += kesu_report_layout_height (item->layouts[0]) + 8;
      set_ink (cr, INK_NORMAL);
      kesu_report_show_layout (cr, item->layouts[1], x, y);
      y += kesu_report_layout_height (item->layouts[1]) + 6;
      set_accent (cr);
      kesu_report_show_layout (cr, item->layouts[2], x, y);
      y += kesu_report_layout_height (item->layouts[2]) + 10;
      set_ink (cr, INK_NORMAL);
      kesu_report_hline (cr, x, x + content_w, y, 1.6);
      kesu_report_hline (cr, x, x + content_w, y + 2.8, 0.5);
      break;

    case ITEM_HEADING:
      {
        double h = kesu_report_layout_height (item->layouts[1]);
        double bw = 16, bh = h - 2;

        set_accent (cr);
        cairo_rectangle (cr, x, y + 1, bw, bh);
        cairo_fill (cr);
        {
          int lw, lh;

          pango_layout_get_size (item->layouts[0], &lw, &lh);
          cairo_set_source_rgb (cr, 1, 1, 1);
          kesu_report_show_layout (cr, item->layouts[0], x + (bw - (double) lw / PANGO_SCALE) / 2,
                                   y + 1 + (bh - (double) lh / PANGO_SCALE) / 2);
        }
        set_accent (cr);
        kesu_report_show_layout (cr, item->layouts[1], x + 24, y);
        cairo_set_source_rgb (cr, 0.75, 0.8, 0.88);
        kesu_report_hline (cr, x, x + content_w, y + h + 3, 0.6);
      }
      break;

    case ITEM_TEXT:
      set_ink (cr, INK_NORMAL);
      kesu_report_show_layout (cr, item->layouts[0], x, y);
      break;

    case ITEM_NOTE:
      set_ink (cr, INK_GREY);
      kesu_report_show_layout (cr, item->layouts[0], x, y + 3);
      break;

    case ITEM_ROW:
      draw_row (summary, cr, item, y);
      break;

    case ITEM_CHARTS:
      draw_charts (cr, item, x, y, content_w);
      break;

    case ITEM_SPACE:
      break;

    default:
      g_assert_not_reached ();
    }
}

void
kesu_summary_draw_page (KesuSummary *summary,
                        cairo_t     *cr,
                        int          page,
                        double       width,
                        double       height)
{
  double content_w, footer_y;

  g_return_if_fail (summary != NULL);
  g_return_if_fail (cr != NULL);

  if (summary->context == NULL || summary->width != width || summary->height != height)
    kesu_summary_paginate (summary, cr, width, height);
  g_return_if_fail (page >= 0 && page < summary->n_pages);

  content_w = width - 2 * MARGIN;
  cairo_save (cr);

  if (page > 0)
    {
      set_ink (cr, INK_GREY);
      kesu_report_show_layout (cr, summary->running[0], MARGIN, MARGIN);
      set_accent (cr);
      kesu_report_show_layout (cr, summary->running[1], MARGIN + content_w * 0.7, MARGIN);
      cairo_set_source_rgb (cr, 0.6, 0.63, 0.68);
      kesu_report_hline (cr, MARGIN, MARGIN + content_w, MARGIN + summary->running_h - 6, 0.5);
    }

  for (guint i = 0; i < summary->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (summary->pieces, Piece, i);

      if (piece->page == page)
        {
          cairo_save (cr);
          draw_piece (summary, cr, piece);
          cairo_restore (cr);
        }
    }

  footer_y = height - MARGIN - SMALL_SIZE * 1.6;
  cairo_set_source_rgb (cr, 0.6, 0.63, 0.68);
  kesu_report_hline (cr, MARGIN, MARGIN + content_w, footer_y - 5, 0.5);
  set_ink (cr, INK_GREY);
  kesu_report_draw_footer (cr, summary->context, MARGIN, footer_y, content_w, SMALL_SIZE,
                           summary->printed, NULL, page, summary->n_pages);

  cairo_restore (cr);
}
