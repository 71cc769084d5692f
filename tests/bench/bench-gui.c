/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gui"

#include "config.h"

#include <gtk/gtk.h>

#include "bench-common.h"
#include "kesu-application.h"
#include "kesu-backup.h"
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

/* When the lines Kesu prints at a start came, in ms from the spawn (-1: not printed):
 * its first painted frame (the sign-in page, or the board when the PIN check was done by
 * then), the PIN found right, and the board painted with its cards. */
typedef struct
{
  double first_frame;
  double signed_in;
  double board;
  gint64 rss_kb;
} Start;

/* Milliseconds from the spawn to the line KESU_BENCH_FIRST_PAINT (see Start). */
static double
time_first_paint (const char *const *argv,
                  Start              *out)
{
  g_autoptr(GSubprocessLauncher) launcher = bench_launcher ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();
  const char *rss;

  out->first_frame = out->signed_in = out->board = -1;
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (child == NULL)
    g_error ("%s: %s", argv[0], error->message);
  out_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line_utf8 (out_stream, NULL, NULL, &error)) != NULL &&
         !g_str_has_prefix (line, "KESU_BENCH_FIRST_PAINT"))
    {
      if (g_str_has_prefix (line, "KESU_BENCH_FIRST_FRAME"))
        out->first_frame = bench_ms_since (start);
      else if (g_str_has_prefix (line, "KESU_BENCH_SIGNED_IN"))
        out->signed_in = bench_ms_since (start);
      g_clear_pointer (&line, g_free);
    }
  out->board = bench_ms_since (start);
  if (line == NULL)
    g_error ("%s ended without painting%s%s", argv[0], error ? ": " : "",
             error ? error->message : "");
  /* The one-label window's first frame is its only one. */
  if (out->first_frame < 0)
    out->first_frame = out->board;
  rss = strstr (line, "rss-kb=");
  out->rss_kb = rss != NULL ? g_ascii_strtoll (rss + strlen ("rss-kb="), NULL, 10) : -1;
  /* It quits by itself (Kesu writes its backup on the way out). */
  g_subprocess_wait (child, NULL, NULL);
  return out->board;
}

#define APPEND(array, value) G_STMT_START { double v_ = (value); g_array_append_val ((array), v_); } G_STMT_END

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
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_pin_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) check_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kesu_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) minimal_mb = g_array_new (FALSE, FALSE, sizeof (double));
  double extra, kesu_rss, minimal_rss;
  Start kesu_start, minimal_start;

  /* One start of each first, not counted: it fills the disk cache, and Kesu's first
   * start of the day writes the day's backup. */
  time_first_paint (kesu_argv, &kesu_start);
  time_first_paint (minimal_argv, &minimal_start);
  for (guint i = 0; i < runs; i++)
    {
      gint64 check_start;

      time_first_paint (kesu_argv, &kesu_start);
      APPEND (kesu_ms, kesu_start.board);
      APPEND (frame_ms, kesu_start.first_frame);
      if (kesu_start.signed_in >= 0)
        APPEND (after_pin_ms, kesu_start.board - kesu_start.signed_in);
      APPEND (kesu_mb, kesu_start.rss_kb / 1024.0);
      time_first_paint (minimal_argv, &minimal_start);
      APPEND (minimal_ms, minimal_start.board);
      APPEND (minimal_mb, minimal_start.rss_kb / 1024.0);

      /* What Kesu does before it opens the file, alone (src/gui/kesu-application.c). */
      check_start = g_get_monotonic_time ();
      kesu_db_file_check (db, NULL);
      APPEND (check_ms, bench_ms_since (check_start));
    }
  bench_row ("start-to-first-board-paint", bench_median (kesu_ms), "ms",
             bench_median (minimal_ms), 1.5, 0);
  /* Since the sign-in screen (issue 7) the first frame is the sign-in page: the start to
   * it against the same window, and from the PIN found right to the board. */
  bench_row ("start-to-first-frame", bench_median (frame_ms), "ms",
             bench_median (minimal_ms), 1.5, 0);
  if (after_pin_ms->len > 0)
    bench_row ("pin-accepted-to-board-paint", bench_median (after_pin_ms), "ms", 0, 0, 0);
  bench_row ("database-check-at-start", bench_median (check_ms), "ms", 0, 0, 0);

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

/* When the phases of the frame after a change ended (g_get_monotonic_time ()): the
 * frame's layout (the cards bound and measured) and its painting. */
static gboolean painted;
static gint64 layout_end;
static gint64 paint_end;

static void
layout_cb (GdkFrameClock *clock,
           gpointer       user_data)
{
  layout_end = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  paint_end = g_get_monotonic_time ();
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

/* A filter change timed: the whole of it in @total, and its phases in @phases (the
 * board's own work, the frame's layout, its painting), all in ms. */
typedef struct
{
  GArray *total;
  GArray *phases[3];
} Timing;

static void
timing_init (Timing *timing)
{
  timing->total = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < G_N_ELEMENTS (timing->phases); i++)
    timing->phases[i] = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
timing_clear (Timing *timing)
{
  g_array_unref (timing->total);
  for (guint i = 0; i < G_N_ELEMENTS (timing->phases); i++)
    g_array_unref (timing->phases[i]);
}

static void
timing_add (Timing *timing,
            gint64  start,
            gint64  changed)
{
  double ms[4] = {
    (paint_end - start) / 1000.0,
    (changed - start) / 1000.0,
    (layout_end - MAX (changed, start)) / 1000.0,
    (paint_end - layout_end) / 1000.0,
  };

  g_array_append_val (timing->total, ms[0]);
  for (guint i = 0; i < G_N_ELEMENTS (timing->phases); i++)
    g_array_append_val (timing->phases[i], ms[i + 1]);
}

static void
timing_row (const char *name,
            Timing     *timing)
{
  bench_row (name, bench_median (timing->total), "ms", 0, 0, 50);
  g_print ("#   %s phases (median ms): board %.1f, layout %.1f, paint %.1f\n", name,
           bench_median (timing->phases[0]), bench_median (timing->phases[1]),
           bench_median (timing->phases[2]));
}

/* Sets the filter with @change and waits for the painted frame. */
#define TIMED(timing, change)                                                  \
  G_STMT_START {                                                               \
    gint64 start_ = g_get_monotonic_time ();                                   \
    change;                                                                    \
    gint64 changed_ = g_get_monotonic_time ();                                 \
    wait_for_paint (window);                                                   \
    timing_add (&(timing), start_, changed_);                                  \
  } G_STMT_END

static int
bench_filter (const char *db,
              guint       runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = NULL;
  Timing handler_t, category_t, overdue_t, all_t;
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
  g_signal_connect_after (clock, "layout", G_CALLBACK (layout_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  wait_for_paint (window);
  wait_for_paint (window);

  handler = GTK_DROP_DOWN (_kesu_board_page_get_handler_dropdown (page));
  category = GTK_DROP_DOWN (_kesu_board_page_get_category_dropdown (page));
  overdue = GTK_TOGGLE_BUTTON (_kesu_board_page_get_overdue_button (page));

  timing_init (&handler_t);
  timing_init (&category_t);
  timing_init (&overdue_t);
  timing_init (&all_t);
  for (guint i = 0; i < runs; i++)
    {
      /* The third in the list is the first member of staff (after "Everyone", "Mine"). */
      TIMED (handler_t, gtk_drop_down_set_selected (handler, 2 + i % 3));
      TIMED (all_t, gtk_drop_down_set_selected (handler, 0));
      TIMED (category_t, gtk_drop_down_set_selected (category, 1 + i % KESU_N_CATEGORIES));
      TIMED (all_t, gtk_drop_down_set_selected (category, 0));
      TIMED (overdue_t, gtk_toggle_button_set_active (overdue, TRUE));
      TIMED (all_t, gtk_toggle_button_set_active (overdue, FALSE));
    }
  timing_row ("board-filter-handler", &handler_t);
  timing_row ("board-filter-category", &category_t);
  timing_row ("board-filter-overdue", &overdue_t);
  timing_row ("board-filter-cleared", &all_t);
  timing_clear (&handler_t);
  timing_clear (&category_t);
  timing_clear (&overdue_t);
  timing_clear (&all_t);

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
