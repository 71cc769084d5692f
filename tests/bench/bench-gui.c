/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gui"

#include "config.h"

#include <gtk/gtk.h>

#include "bench-common.h"
#include "kesu-application.h"
#include "kesu-board-page-private.h"
#include "kesu-board-page.h"
#include "kesu-store.h"

/* bench-gui start KESU MINIMAL DATABASE [RUNS]
 *   Start to the first painted board, and the resident memory then: Kesu on DATABASE
 *   against MINIMAL (tests/bench/bench-minimal.c, one window, one label), both started
 *   from here in turns and timed from the spawn to the line they print after their first
 *   painted frame (KESU_BENCH_FIRST_PAINT, src/gui/kesu-window.c).
 * bench-gui filter DATABASE [RUNS]
 *   The real board page on DATABASE: a filter changed (handler, category, overdue) until
 *   the board is painted again.
 * Run under a display (build-aux/bench starts Xvfb); GSK_RENDERER=cairo for both. */

/* ---- start-up ---- */

/* The environment the programs are started in, in one place: whatever a start needs to
 * reach the board (a sign-in, say) goes here. */
static GSubprocessLauncher *
bench_launcher (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  g_subprocess_launcher_setenv (launcher, "KESU_BENCH_FIRST_PAINT", "1", TRUE);
  /* The board shows only to someone signed in: the demo's first member of staff, with
   * the demo PIN, through the same PIN check as the sign-in screen. */
  g_subprocess_launcher_setenv (launcher, "KESU_AUTO_SIGN_IN", "1:1234", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  return launcher;
}

/* Milliseconds from the spawn to the line; its rss-kb goes to *out_rss_kb. */
static double
time_first_paint (const char *const *argv,
                  gint64            *out_rss_kb)
{
  g_autoptr(GSubprocessLauncher) launcher = bench_launcher ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;
  const char *rss;

  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (child == NULL)
    g_error ("%s: %s", argv[0], error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL &&
         !g_str_has_prefix (line, "KESU_BENCH_FIRST_PAINT"))
    g_clear_pointer (&line, g_free);
  ms = bench_ms_since (start);
  if (line == NULL)
    g_error ("%s ended without painting%s%s", argv[0], error ? ": " : "",
             error ? error->message : "");
  rss = strstr (line, "rss-kb=");
  *out_rss_kb = rss != NULL ? g_ascii_strtoll (rss + strlen ("rss-kb="), NULL, 10) : -1;
  /* It quits by itself (Kesu writes its backup on the way out). */
  g_subprocess_wait (child, NULL, NULL);
  return ms;
}

static int
bench_start (const char *kesu,
             const char *minimal,
             const char *db,
             guint       runs)
{
  const char *kesu_argv[] = { kesu, "--database", db, NULL };
  const char *minimal_argv[] = { minimal, NULL };
  g_autoptr(GArray) kesu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) minimal_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kesu_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) minimal_mb = g_array_new (FALSE, FALSE, sizeof (double));
  double extra, kesu_rss, minimal_rss;
  gint64 rss;

  /* One start of each first, not counted: it fills the disk cache, and Kesu's first
   * start of the day writes the day's backup. */
  time_first_paint (kesu_argv, &rss);
  time_first_paint (minimal_argv, &rss);
  for (guint i = 0; i < runs; i++)
    {
      double ms;

      ms = time_first_paint (kesu_argv, &rss);
      g_array_append_val (kesu_ms, ms);
      ms = rss / 1024.0;
      g_array_append_val (kesu_mb, ms);
      ms = time_first_paint (minimal_argv, &rss);
      g_array_append_val (minimal_ms, ms);
      ms = rss / 1024.0;
      g_array_append_val (minimal_mb, ms);
    }
  bench_row ("start-to-first-board-paint", bench_median (kesu_ms), "ms",
             bench_median (minimal_ms), 1.5, 0);

  kesu_rss = bench_median (kesu_mb);
  minimal_rss = bench_median (minimal_mb);
  if (kesu_rss <= 0 || minimal_rss <= 0)
    {
      bench_row_na ("memory-rss-board-shown", "n/a: no VmRSS here");
      return 0;
    }
  extra = kesu_rss - minimal_rss;
  g_print ("%-30s %10.1fMB %10.1fMB %+6.1fMB %10s %s\n", "memory-rss-board-shown", kesu_rss,
           minimal_rss, extra, "<=+60MB", extra <= 60 ? "PASS" : "FAIL");
  return 0;
}

/* ---- filter changes on the real board ---- */

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

/* Runs the main loop until the next frame has been painted. */
static void
wait_for_paint (GtkWidget *window)
{
  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

static int
bench_filter (const char *db,
              guint       runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = NULL;
  g_autoptr(GArray) handler_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) category_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) overdue_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  KesuBoardPage *page;
  GtkWidget *window;
  GdkFrameClock *clock;
  GtkDropDown *handler, *category;
  GtkToggleButton *overdue;

  kesu_application_init_i18n ();
  gtk_init ();
  kesu_application_load_ui ();
  store = kesu_store_open (db, &error);
  if (store == NULL)
    g_error ("%s: %s", db, error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 820);
  page = g_object_new (KESU_TYPE_BOARD_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  kesu_board_page_set_store (page, store);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  wait_for_paint (window);
  wait_for_paint (window);

  handler = GTK_DROP_DOWN (_kesu_board_page_get_handler_dropdown (page));
  category = GTK_DROP_DOWN (_kesu_board_page_get_category_dropdown (page));
  overdue = GTK_TOGGLE_BUTTON (_kesu_board_page_get_overdue_button (page));

  for (guint i = 0; i < runs; i++)
    {
      gint64 start;
      double ms;

      /* The third in the list is the first member of staff (after "Everyone", "Mine"). */
      start = g_get_monotonic_time ();
      gtk_drop_down_set_selected (handler, 2 + i % 3);
      wait_for_paint (window);
      ms = bench_ms_since (start);
      g_array_append_val (handler_ms, ms);

      start = g_get_monotonic_time ();
      gtk_drop_down_set_selected (handler, 0);
      wait_for_paint (window);
      ms = bench_ms_since (start);
      g_array_append_val (all_ms, ms);

      start = g_get_monotonic_time ();
      gtk_drop_down_set_selected (category, 1 + i % KESU_N_CATEGORIES);
      wait_for_paint (window);
      ms = bench_ms_since (start);
      g_array_append_val (category_ms, ms);

      start = g_get_monotonic_time ();
      gtk_drop_down_set_selected (category, 0);
      wait_for_paint (window);
      ms = bench_ms_since (start);
      g_array_append_val (all_ms, ms);

      start = g_get_monotonic_time ();
      gtk_toggle_button_set_active (overdue, TRUE);
      wait_for_paint (window);
      ms = bench_ms_since (start);
      g_array_append_val (overdue_ms, ms);

      start = g_get_monotonic_time ();
      gtk_toggle_button_set_active (overdue, FALSE);
      wait_for_paint (window);
      ms = bench_ms_since (start);
      g_array_append_val (all_ms, ms);
    }
  bench_row ("board-filter-handler", bench_median (handler_ms), "ms", 0, 0, 50);
  bench_row ("board-filter-category", bench_median (category_ms), "ms", 0, 0, 50);
  bench_row ("board-filter-overdue", bench_median (overdue_ms), "ms", 0, 0, 50);
  bench_row ("board-filter-cleared", bench_median (all_ms), "ms", 0, 0, 50);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  guint64 runs = 5;

  if (argc >= 5 && g_str_equal (argv[1], "start"))
    {
      if (argc > 5 && !g_ascii_string_to_unsigned (argv[5], 10, 1, 1000, &runs, NULL))
        return 2;
      return bench_start (argv[2], argv[3], argv[4], (guint) runs);
    }
  if (argc >= 3 && g_str_equal (argv[1], "filter"))
    {
      if (argc > 3 && !g_ascii_string_to_unsigned (argv[3], 10, 1, 1000, &runs, NULL))
        return 2;
      return bench_filter (argv[2], (guint) runs);
    }
  g_printerr ("usage: %s start KESU MINIMAL DATABASE [RUNS]\n"
              "       %s filter DATABASE [RUNS]\n", argv[0], argv[0]);
  return 2;
}
