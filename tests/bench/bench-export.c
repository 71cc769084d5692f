/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-export"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

#include "bench-common.h"
#include "kesu-clock.h"
#include "kesu-store.h"
#include "kesu-xlsx.h"

/* bench-export DATABASE [RUNS [KESU]]: the Excel export of the last twelve months of
 * DATABASE (build-aux/bench makes 100,000 complaints over a year) against a bare
 * libxlsxwriter program writing the same rows and columns in constant-memory mode, the
 * peak memory of the export, and — with KESU, the program — the time of
 * `kesu --summary-pdf` for this month.  Each the median of RUNS.  Prints figures, never
 * fails on them. */

/* Starts the peak over (Linux 4.0 and later), so that the export's own peak shows. */
static gboolean
reset_peak_rss (void)
{
#if defined(G_OS_UNIX) && defined(__linux__)
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
#else
  return FALSE;
#endif
}

/* What Kesu's complaint sheet holds, one column each (46), straight from SQLite. */
#define BARE_SQL                                                                       \
  "SELECT c.number, c.received_at, c.channel, r.name, c.state, h.name, c.severity,"     \
  " c.category, cu.name, cu.phone, cu.other_contact, cu.address, c.vehicle_model, c.vin," \
  " c.plate, c.purchase_date, c.mileage_km, c.order_number, c.staff_involved,"          \
  " c.occurred_on, c.occurred_place, c.description, c.demand, c.emotion,"               \
  " c.customer_type, (SELECT count(*) FROM attachment a WHERE a.complaint_id = c.id),"  \
  " c.first_response_at, c.next_contact_at, c.escalated_at IS NOT NULL,"                \
  " c.waiting_reason, c.escalated_at, c.cause, c.responsibility, c.recurring,"          \
  " c.solution, c.measures, c.amount_fen, c.solution_deadline, c.agreed_at,"            \
  " c.agreement_note, c.measures_result, c.satisfaction, c.satisfaction_comment,"       \
  " c.closed_at, (coalesce (c.closed_at, ?2) - c.received_at) / 86400, c.reopen_count"  \
  " FROM complaint c JOIN customer cu ON cu.id = c.customer_id"                         \
  " LEFT JOIN staff h ON h.id = c.handler_id LEFT JOIN staff r ON r.id = c.received_by" \
  " WHERE c.received_at >= ?1 AND c.received_at < ?2 ORDER BY c.received_at, c.id"

/* Columns holding times (unix seconds), written as dates as Kesu does. */
static const guint time_columns[] = { 1, 26, 27, 30, 37, 38, 43 };

static guint
bare_export (const char *db_path,
             gint64      start,
             gint64      end,
             const char *out)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *workbook = workbook_new_opt (out, &options);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "Complaints");
  lxw_format *datetime = workbook_add_format (workbook);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean is_time[64] = { FALSE };
  lxw_row_t row = 0;
  int n_cols;

  format_set_num_format (datetime, "yyyy-mm-dd hh:mm");
  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++)
    is_time[time_columns[i]] = TRUE;
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, BARE_SQL, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bare export: %s", sqlite3_errmsg (db));
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  n_cols = sqlite3_column_count (stmt);
  for (int col = 0; col < n_cols; col++)
    worksheet_write_string (sheet, row, (lxw_col_t) col, sqlite3_column_name (stmt, col), NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      row++;
      for (int col = 0; col < n_cols; col++)
        switch (sqlite3_column_type (stmt, col))
          {
          case SQLITE_NULL:
            break;
          case SQLITE_INTEGER:
            if (is_time[col])
              worksheet_write_unixtime (sheet, row, (lxw_col_t) col,
                                        sqlite3_column_int64 (stmt, col), datetime);
            else
              worksheet_write_number (sheet, row, (lxw_col_t) col,
                                      (double) sqlite3_column_int64 (stmt, col), NULL);
            break;
          default:
            worksheet_write_string (sheet, row, (lxw_col_t) col,
                                    (const char *) sqlite3_column_text (stmt, col), NULL);
          }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (workbook_close (workbook) != LXW_NO_ERROR)
    g_error ("bare export: the workbook could not be written");
  return row;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  *(guint *) user_data = done;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) year_ago = NULL;
  g_autoptr(GArray) kesu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peak_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *kesu_out = NULL;
  g_autofree char *bare_out = NULL;
  g_auto(KesuExportOptions) options = { 0, };
  guint64 runs = 3;
  gboolean peak_known;
  gint64 start, end;

  if (argc < 2 || (argc > 2 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 1000, &runs, NULL)))
    {
      g_printerr ("usage: %s DATABASE [RUNS [KESU]]\n", argv[0]);
      return 2;
    }
  store = kesu_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s: %s", argv[1], error->message);
  dir = g_dir_make_tmp ("kesu-bench-XXXXXX", &error);
  g_assert_no_error (error);
  kesu_out = g_build_filename (dir, "kesu.xlsx", NULL);
  bare_out = g_build_filename (dir, "bare.xlsx", NULL);

  /* The last twelve months, today included. */
  now = kesu_clock_now ();
  year_ago = g_date_time_add_years (now, -1);
  kesu_export_options_init (&options);
  g_date_set_dmy (&options.first_day, (GDateDay) g_date_time_get_day_of_month (year_ago),
                  (GDateMonth) g_date_time_get_month (year_ago),
                  (GDateYear) g_date_time_get_year (year_ago));
  g_date_add_days (&options.first_day, 1);
  g_date_set_dmy (&options.last_day, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  options.path = g_strdup (kesu_out);
  {
    g_autoptr(GDateTime) first = g_date_time_new_local (g_date_get_year (&options.first_day),
                                                        g_date_get_month (&options.first_day),
                                                        g_date_get_day (&options.first_day),
                                                        0, 0, 0);
    g_autoptr(GDateTime) last = g_date_time_new_local (g_date_get_year (&options.last_day),
                                                       g_date_get_month (&options.last_day),
                                                       g_date_get_day (&options.last_day),
                                                       0, 0, 0);
    g_autoptr(GDateTime) after = g_date_time_add_days (last, 1);

    start = g_date_time_to_unix (first);
    end = g_date_time_to_unix (after);
  }

  peak_known = reset_peak_rss ();
  for (guint i = 0; i < runs; i++)
    {
      guint written = 0, bare_rows;
      gint64 t0;
      double ms;

      reset_peak_rss ();
      t0 = g_get_monotonic_time ();
      if (!kesu_xlsx_export (store, &options, progress_cb, &written, NULL, &error))
        g_error ("export: %s", error->message);
      ms = bench_ms_since (t0);
      g_array_append_val (kesu_ms, ms);
      ms = bench_proc_status_kb ("VmHWM:") / 1024.0;
      g_array_append_val (peak_mb, ms);

      t0 = g_get_monotonic_time ();
      bare_rows = bare_export (argv[1], start, end, bare_out);
      ms = bench_ms_since (t0);
      g_array_append_val (bare_ms, ms);
      if (i == 0)
        g_print ("# export: %u complaints (bare: %u rows)\n", written, bare_rows);
      g_remove (kesu_out);
      g_remove (bare_out);
    }
  bench_row ("xlsx-export-one-year", bench_median (kesu_ms) / 1000, "s",
             bench_median (bare_ms) / 1000, 1.5, 0);
  if (peak_known)
    bench_row ("xlsx-export-peak-memory", bench_median (peak_mb), "MB", 0, 0, 100);
  else
    bench_row_na ("xlsx-export-peak-memory", "n/a: no VmHWM reset here");
  g_clear_object (&store);

  if (argc > 3)
    {
      g_autoptr(GArray) pdf_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *month = g_date_time_format (now, "%Y-%m");
      g_autofree char *pdf = g_build_filename (dir, "summary.pdf", NULL);
      const char *pdf_argv[] = { argv[3], "--database", argv[1], "--summary-pdf", pdf,
                                 "--month", month, NULL };

      for (guint i = 0; i < runs; i++)
        {
          gint64 t0 = g_get_monotonic_time ();
          int status = 0;
          double ms;

          if (!g_spawn_sync (NULL, (char **) pdf_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                             NULL, NULL, NULL, NULL, &status, &error) ||
              !g_spawn_check_wait_status (status, &error))
            g_error ("summary PDF: %s", error->message);
          ms = bench_ms_since (t0);
          g_array_append_val (pdf_ms, ms);
          g_remove (pdf);
        }
      bench_row ("summary-pdf-month", bench_median (pdf_ms), "ms", 0, 0, 0);
    }

  g_rmdir (dir);
  return 0;
}
