/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-xlsx"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-calendar.h"
#include "kesu-db.h"
#include "kesu-xlsx-query.h"

gboolean
kesu_xlsx_query_count (KesuStore  *store,
                       gint64      start,
                       gint64      end,
                       guint      *out_count,
                       GError    **error)
{
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT count(*) FROM complaint"
                          " WHERE received_at >= ?1 AND received_at < ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, start);
  kesu_statement_bind_int64 (stmt, 2, end);
  if (!kesu_statement_step (stmt, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *out_count = (guint) kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return TRUE;
}

gboolean
kesu_xlsx_query_figures (KesuStore          *store,
                         gint64              start,
                         gint64              end,
                         KesuPeriodFigures  *out,
                         GError            **error)
{
  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (store);
  g_autoptr(GError) local = NULL;
  KesuDb *db = kesu_store_get_db (store);
  KesuStatement *stmt;

  memset (out, 0, sizeof *out);

  stmt = kesu_db_prepare (db,
                          "SELECT count(*),"
                          "  coalesce (sum (state = 'closed'), 0),"
                          "  coalesce (sum (state = 'withdrawn'), 0),"
                          "  coalesce (sum (severity = 'normal'), 0),"
                          "  coalesce (sum (severity = 'important'), 0),"
                          "  coalesce (sum (severity = 'urgent'), 0),"
                          "  count (satisfaction), coalesce (sum (satisfaction), 0)"
                          " FROM complaint WHERE received_at >= ?1 AND received_at < ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, start);
  kesu_statement_bind_int64 (stmt, 2, end);
  if (!kesu_statement_step (stmt, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  out->received = (guint) kesu_statement_get_int64 (stmt, 0);
  out->closed = (guint) kesu_statement_get_int64 (stmt, 1);
  out->withdrawn = (guint) kesu_statement_get_int64 (stmt, 2);
  out->open = out->received - out->closed - out->withdrawn;
  out->by_severity[KESU_SEVERITY_NORMAL] = (guint) kesu_statement_get_int64 (stmt, 3);
  out->by_severity[KESU_SEVERITY_IMPORTANT] = (guint) kesu_statement_get_int64 (stmt, 4);
  out->by_severity[KESU_SEVERITY_URGENT] = (guint) kesu_statement_get_int64 (stmt, 5);
  out->n_rated = (guint) kesu_statement_get_int64 (stmt, 6);
  out->satisfaction_sum = (double) kesu_statement_get_int64 (stmt, 7);
  kesu_statement_reset (stmt);

  /* On time: closed before the resolution limit ran out, counted as the board counts it
   * (from the last reopening, waiting time not counted). */
  stmt = kesu_db_prepare (db,
                          "SELECT severity, coalesce (clock_start, received_at), paused_seconds,"
                          "  closed_at, received_at"
                          " FROM complaint"
                          " WHERE received_at >= ?1 AND received_at < ?2"
                          "   AND state = 'closed' AND closed_at IS NOT NULL",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, start);
  kesu_statement_bind_int64 (stmt, 2, end);
  while (kesu_statement_step (stmt, &local))
    {
      KesuSeverity severity = KESU_SEVERITY_NORMAL;
      gint64 closed_at = kesu_statement_get_int64 (stmt, 3);
      gint64 due;

      kesu_severity_from_key (kesu_statement_get_text (stmt, 0), &severity);
      due = kesu_deadline_compute (policy->calendar, kesu_statement_get_int64 (stmt, 1),
                                   policy->resolution_seconds[severity], policy->working_days,
                                   kesu_statement_get_int64 (stmt, 2));
      if (closed_at <= due)
        out->closed_on_time++;
      out->n_closed_timed++;
      out->days_to_close_sum += (closed_at - kesu_statement_get_int64 (stmt, 4)) / 86400.0;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

KesuStatement *
kesu_xlsx_query_rows (KesuStore  *store,
                      gint64      start,
                      gint64      end,
                      GError    **error)
{
  KesuStatement *stmt;

  /* The column order is KesuRowColumn's. */
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.id, c.number, c.received_at, c.channel, r.name, c.state,"
                          "  h.name, c.severity, c.category, cu.name, cu.phone,"
                          "  cu.other_contact, cu.address, c.vehicle_model, c.vin, c.plate,"
                          "  c.purchase_date, c.mileage_km, c.order_number, c.staff_involved,"
                          "  c.occurred_on, c.occurred_place, c.description, c.demand,"
                          "  c.emotion, c.customer_type,"
                          "  (SELECT count(*) FROM attachment a WHERE a.complaint_id = c.id),"
                          "  c.first_response_at, c.waiting_reason, c.waiting_since,"
                          "  c.escalated_at, c.cause, c.responsibility, c.recurring,"
                          "  c.solution, c.measures, c.amount_fen, c.solution_deadline,"
                          "  c.agreed_at, c.agreement_note, c.measures_result, c.satisfaction,"
                          "  c.satisfaction_comment, c.closed_at, c.reopen_count"
                          " FROM complaint c JOIN customer cu ON cu.id = c.customer_id"
                          " LEFT JOIN staff h ON h.id = c.handler_id"
                          " LEFT JOIN staff r ON r.id = c.received_by"
                          " WHERE c.received_at >= ?1 AND c.received_at < ?2"
                          " ORDER BY c.received_at, c.id",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, start);
  kesu_statement_bind_int64 (stmt, 2, end);
  return stmt;
}
