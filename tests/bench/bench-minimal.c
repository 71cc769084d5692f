/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-minimal"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

/* The baseline of the start-up and memory benchmarks: the least a GTK 4 application can
 * show, one window with one label.  After its first painted frame it prints the same
 * line as Kesu under KESU_BENCH_FIRST_PAINT (src/gui/kesu-window.c) and quits. */

static gint64
rss_kb (void)
{
#if defined(G_OS_UNIX) && defined(__linux__)
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10) : -1;
#else
  return -1;
#endif
}

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  g_print ("KESU_BENCH_FIRST_PAINT rss-kb=%" G_GINT64_FORMAT "\n", rss_kb ());
  fflush (stdout);
  g_application_quit (app);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return G_SOURCE_CONTINUE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), user_data);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *label = gtk_label_new ("客诉台 Kesu");

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 820);
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_widget_add_tick_callback (label, tick_cb, app, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("app.kesu.BenchMinimal",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
