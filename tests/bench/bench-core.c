/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "bench-common.h"
#include "kesu-auth.h"
#include "kesu-demo.h"
#include "kesu-search.h"
#include "kesu-store.h"

/* bench-core DATABASE [RUNS]: search as you type and saving one intake, over the
 * complaints in DATABASE (build-aux/bench makes one of 100,000).  DATABASE is only read;
 * the intakes go to a copy of it, removed afterwards. */

/* What a user types, one keystroke at a time: a two-character Chinese word, a phone
 * fragment, a plate fragment.  Each prefix from the second character on is searched, as
 * the search box does while typing. */
static const char *const typed[] = {
  "异响",
  "10067493",
  "浙F3118",
};

/* The complaint list reads its matches a page at a time (kesu-list-page.c): the newest
 * this many, and the count of all of them from the search index. */
#define FIRST_PAGE 200

static void
bench_search (KesuStore *store,
              guint      runs)
{
  g_autoptr(GArray) api = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  KesuDb *db = kesu_store_get_db (store);

  filter->limit = FIRST_PAGE;

  for (guint run = 0; run < runs; run++)
    for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
      {
        glong n_chars = g_utf8_strlen (typed[t], -1);

        for (glong len = 2; len <= n_chars; len++)
          {
            g_autofree char *prefix = g_utf8_substring (typed[t], 0, len);
            g_autoptr(GError) error = NULL;
            g_autoptr(GListModel) found = NULL;
            g_autoptr(GListModel) first = NULL;
            g_autoptr(GArray) ids = NULL;
            gint64 start;
            double ms;

            /* The baseline: the index alone, as bare SQLite statements, ids only. */
            start = g_get_monotonic_time ();
            ids = _kesu_search_ids (db, prefix, &error);
            ms = bench_ms_since (start);
            g_assert_no_error (error);
            g_array_append_val (bare, ms);

            /* The newest matches, with their deadlines: the first screenful. */
            g_free (filter->search);
            filter->search = g_strdup (prefix);
            start = g_get_monotonic_time ();
            first = kesu_store_query_complaints (store, filter, &error);
            ms = bench_ms_since (start);
            g_assert_no_error (error);
            g_array_append_val (page, ms);

            /* What the list page does at each keystroke: the count, and the first page. */
            {
              g_autoptr(GListModel) shown = NULL;
              guint total;

              start = g_get_monotonic_time ();
              total = kesu_store_count_matches (store, prefix, &error);
              g_assert_no_error (error);
              shown = kesu_store_query_complaints (store, filter, &error);
              ms = bench_ms_since (start);
              g_assert_no_error (error);
              g_array_append_val (list, ms);
              g_assert_cmpuint (total, ==, ids != NULL ? ids->len : 0);
              g_assert_cmpuint (g_list_model_get_n_items (shown), ==, MIN (total, FIRST_PAGE));
            }

            /* Every match at once, as the list read them before it read pages: for
             * information. */
            start = g_get_monotonic_time ();
            found = kesu_store_search_complaints (store, prefix, &error);
            ms = bench_ms_since (start);
            g_assert_no_error (error);
            g_array_append_val (api, ms);
            if (run == 0)
              g_print ("# search “%s”: %u complaints (index: %u)\n", prefix,
                       g_list_model_get_n_items (found), ids != NULL ? ids->len : 0);
            g_assert_cmpuint (g_list_model_get_n_items (found), ==, ids != NULL ? ids->len : 0);
          }
      }

  {
    g_autoptr(GArray) bare2 = g_array_copy (bare);
    g_autoptr(GArray) page2 = g_array_copy (page);
    g_autoptr(GArray) api2 = g_array_copy (api);
    g_autoptr(GArray) list2 = g_array_copy (list);
    double bare_median = bench_median (bare);
    double bare_p95 = bench_quantile ((double *) (void *) bare2->data, bare2->len, 0.95);

    bench_row ("search-typing-newest200-med", bench_median (page), "ms", bare_median, 0, 20);
    bench_row ("search-typing-newest200-p95",
               bench_quantile ((double *) (void *) page2->data, page2->len, 0.95), "ms",
               bare_p95, 0, 50);
    bench_row ("search-typing-list-page-med", bench_median (list), "ms", bare_median, 0, 20);
    bench_row ("search-typing-list-page-p95",
               bench_quantile ((double *) (void *) list2->data, list2->len, 0.95), "ms",
               bare_p95, 0, 50);
    /* No target: the list no longer reads every match at once. */
    bench_row ("search-all-matches-read-med", bench_median (api), "ms", bare_median, 0, 0);
    bench_row ("search-all-matches-read-p95",
               bench_quantile ((double *) (void *) api2->data, api2->len, 0.95), "ms",
               bare_p95, 0, 0);
  }
}

/* ---- saving one intake ---- */

static KesuIntake *
make_intake (gint64 staff_id,
             guint  i)
{
  KesuIntake *in = kesu_intake_new ();

  in->channel = KESU_CHANNEL_PHONE;
  in->received_at = g_date_time_new_now_local ();
  in->received_by = staff_id;
  in->customer_name = g_strdup ("陈静");
  in->customer_phone = g_strdup_printf ("139%08u", 40000000 + i);
  in->vehicle_model = g_strdup ("丰田 凯美瑞");
  in->vin = g_strdup ("L6T7944Z3TN459133");
  in->plate = g_strdup ("粤B12345");
  in->description = g_strdup ("保养后发动机舱有异响，怠速时明显，加速后消失。");
  in->demand = g_strdup ("要求尽快检查并给出说法");
  in->emotion = KESU_EMOTION_CALM;
  in->category = KESU_CATEGORY_REPAIR_QUALITY;
  in->severity = KESU_SEVERITY_NORMAL;
  in->handler_id = staff_id;
  return in;
}

static sqlite3 *
open_bare (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  /* The settings Kesu uses (kesu_store_open). */
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                "CREATE TABLE complaint (id INTEGER PRIMARY KEY, number TEXT NOT NULL,"
                " state TEXT NOT NULL, channel TEXT NOT NULL, received_at INTEGER NOT NULL,"
                " received_by INTEGER NOT NULL, customer_name TEXT, customer_phone TEXT,"
                " vehicle_model TEXT, vin TEXT, plate TEXT, description TEXT NOT NULL,"
                " demand TEXT NOT NULL, emotion TEXT NOT NULL, category TEXT NOT NULL,"
                " severity TEXT NOT NULL, handler_id INTEGER NOT NULL,"
                " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
                NULL, NULL, NULL);
  return db;
}

/* The statement is prepared once, as Kesu's are (kesu-db.c caches them). */
static void
bare_insert (sqlite3          *db,
             sqlite3_stmt    **cached,
             const KesuIntake *in,
             guint             i)
{
  sqlite3_stmt *stmt;
  g_autofree char *number = g_strdup_printf ("KS-BENCH-%05u", i);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (*cached == NULL)
    sqlite3_prepare_v2 (db,
                      "INSERT INTO complaint (number, state, channel, received_at, received_by,"
                      " customer_name, customer_phone, vehicle_model, vin, plate, description,"
                      " demand, emotion, category, severity, handler_id, created_at,"
                      " updated_at) VALUES (?1, 'received', 'phone', ?2, ?3, ?4, ?5, ?6, ?7,"
                      " ?8, ?9, ?10, 'calm', 'repair-quality', 'normal', ?3, ?2, ?2)",
                        -1, cached, NULL);
  stmt = *cached;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, in->received_by);
  sqlite3_bind_text (stmt, 4, in->customer_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, in->customer_phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, in->vehicle_model, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, in->vin, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, in->plate, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, in->description, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, in->demand, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("bare insert: %s", sqlite3_errmsg (db));
  sqlite3_reset (stmt);
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare commit: %s", sqlite3_errmsg (db));
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_remove (name);
    }
}

static void
bench_intake (const char *db_path,
              guint       runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (db_path);
  g_autofree char *copy_path = g_strconcat (db_path, ".bench-intake", NULL);
  g_autofree char *bare_path = g_strconcat (db_path, ".bench-bare", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GArray) kesu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) staff = NULL;
  KesuStore *store;
  sqlite3 *bare_db;
  sqlite3_stmt *bare_stmt = NULL;
  gint64 staff_id;
  guint n = MAX (runs * 10, 40);

  remove_db (copy_path);
  remove_db (bare_path);
  if (!g_file_copy (source, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("copy: %s", error->message);
  store = kesu_store_open (copy_path, &error);
  g_assert_no_error (error);
  staff = kesu_store_list_staff (store);
  g_assert_cmpuint (staff->len, >, 0);
  staff_id = ((KesuStaff *) g_ptr_array_index (staff, 0))->id;
  /* Every change is made by someone signed in (the demo staff's PIN). */
  if (!kesu_store_sign_in (store, staff_id, KESU_DEMO_PIN, &error))
    g_error ("sign in: %s", error->message);
  bare_db = open_bare (bare_path);

  /* Taken in turns, so that both see the same disk and the same load. */
  for (guint i = 0; i < n; i++)
    {
      KesuIntake *in = make_intake (staff_id, i);
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (kesu_store_add_complaint (store, in, NULL, &error) <= 0)
        g_error ("intake: %s", error->message);
      ms = bench_ms_since (start);
      g_array_append_val (kesu, ms);

      start = g_get_monotonic_time ();
      bare_insert (bare_db, &bare_stmt, in, i);
      ms = bench_ms_since (start);
      g_array_append_val (bare, ms);
      kesu_intake_free (in);
    }
  bench_row ("save-one-intake", bench_median (kesu), "ms", bench_median (bare), 2.0, 0);

  sqlite3_finalize (bare_stmt);
  sqlite3_close (bare_db);
  g_object_unref (store);
  remove_db (copy_path);
  remove_db (bare_path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = NULL;
  guint64 runs = 5;

  /* The search terms are printed as they are (g_print converts to the locale's set). */
  if (setlocale (LC_ALL, "") == NULL || g_str_equal (setlocale (LC_ALL, NULL), "C"))
    setlocale (LC_ALL, "C.UTF-8");
  if (argc < 2 || (argc > 2 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 1000, &runs, NULL)))
    {
      g_printerr ("usage: %s DATABASE [RUNS]\n", argv[0]);
      return 2;
    }
  store = kesu_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s: %s", argv[1], error->message);
  g_print ("# %u complaints in %s\n", kesu_store_count_complaints (store), argv[1]);

  bench_search (store, (guint) runs);
  g_clear_object (&store);
  bench_intake (argv[1], (guint) runs);
  return 0;
}
