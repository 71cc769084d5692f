/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-export"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-demo.h"
#include "kesu-store.h"
#include "kesu-xlsx.h"

/* bench-export [N [DATABASE]]: makes N demo complaints (100,000 unless given) in a new
 * database (or uses DATABASE as it is when it exists), exports all of them to one
 * workbook in constant-memory mode, and prints the export's time and the peak memory.
 * It only prints figures: speed is not a pass/fail test. */

/* Peak resident memory in kB (VmHWM), or -1 where that cannot be read. */
static gint64
peak_rss_kb (void)
{
#if defined(G_OS_UNIX) && defined(__linux__)
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
#else
  return -1;
#endif
}

/* Starts the peak over (Linux 4.0 and later), so that the export's own peak shows and not
 * that of generating the data. */
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
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_auto(KesuExportOptions) options = { 0, };
  guint64 n = 100000;
  guint written = 0;
  gboolean own_db;
  gint64 t0, t1;
  gint64 before_kb, peak_kb;
  GStatBuf st;

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 1000000, &n, NULL))
    {
      g_printerr ("usage: %s [N [DATABASE]]\n", argv[0]);
      return 2;
    }

  dir = g_dir_make_tmp ("kesu-bench-XXXXXX", &error);
  g_assert_no_error (error);
  own_db = argc <= 2 || !g_file_test (argv[2], G_FILE_TEST_EXISTS);
  db_path = argc > 2 ? g_strdup (argv[2]) : g_build_filename (dir, "kesu.db", NULL);
  store = kesu_store_open (db_path, &error);
  g_assert_no_error (error);

  if (own_db)
    {
      t0 = g_get_monotonic_time ();
      if (!kesu_demo_generate (store, (guint) n, KESU_DEMO_DEFAULT_SEED, &error))
        g_error ("demo data: %s", error->message);
      t1 = g_get_monotonic_time ();
      g_print ("# generated %u demo complaints in %.1f s\n",
               kesu_store_count_complaints (store), (t1 - t0) / 1e6);
    }

  /* Every complaint: the demo data covers the 12 months before now. */
  now = kesu_clock_now ();
  kesu_export_options_init (&options);
  g_date_set_dmy (&options.first_day, 1, 1, 2000);
  g_date_set_dmy (&options.last_day, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  options.path = g_build_filename (dir, "bench.xlsx", NULL);

  before_kb = peak_rss_kb ();
  if (!reset_peak_rss ())
    g_print ("# could not reset the peak memory: it includes generating the data\n");
  t0 = g_get_monotonic_time ();
  if (!kesu_xlsx_export (store, &options, progress_cb, &written, NULL, &error))
    g_error ("export: %s", error->message);
  t1 = g_get_monotonic_time ();
  peak_kb = peak_rss_kb ();

  g_assert_cmpint (g_stat (options.path, &st), ==, 0);
  g_print ("complaints exported: %u\n", written);
  g_print ("export time: %.2f s\n", (t1 - t0) / 1e6);
  g_print ("workbook size: %.1f MB\n", st.st_size / 1e6);
  if (peak_kb >= 0)
    g_print ("peak RSS during export: %.1f MB (before: %.1f MB)\n", peak_kb / 1024.0,
             before_kb / 1024.0);
  else
    g_print ("peak RSS: not available on this system\n");

  g_remove (options.path);
  g_clear_object (&store);
  if (own_db && argc <= 2)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_remove (db_path);
      g_remove (wal);
      g_remove (shm);
    }
  g_rmdir (dir);
  return 0;
}
