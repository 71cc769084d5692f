/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-export-dialog"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-demo.h"
#include "kesu-export-dialog-private.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

/* "Export to Excel" from the window: the menu's action opens the dialog, the form refuses
 * a wrong period, and an export runs in its thread to the "done" page.  The file chooser
 * is left out (_kesu_export_dialog_export_to does what its "Export" does). */

typedef struct
{
  char      *dir;
  KesuStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-export-ui", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir,
                                  NULL, NULL, NULL);
  g_assert_true (kesu_demo_generate (f->store, 60, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_tear_down (NULL, &f->store, &f->dir, NULL);
}

static KesuExportDialog *
find_dialog (void)
{
  return kesu_test_find_window (KESU_TYPE_EXPORT_DIALOG);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  KesuWindow *window = kesu_window_new (NULL, f->store);
  g_autofree char *path = g_build_filename (f->dir, "report", NULL);
  g_autofree char *written = g_strconcat (path, ".xlsx", NULL);
  KesuExportDialog *dialog;
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (window));
  kesu_test_flush_events ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-xlsx", NULL));
  kesu_test_flush_events ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (_kesu_export_dialog_get_page (dialog), ==, "form");
  kesu_test_screenshot (GTK_WIDGET (dialog), "export-dialog");

  /* A period that ends before it starts is refused on the form. */
  _kesu_export_dialog_set_range (dialog, "2026-10-31", "2026-10-01");
  g_assert_false (_kesu_export_dialog_export_to (dialog, path));
  g_assert_cmpstr (_kesu_export_dialog_get_message (dialog), !=, "");
  g_assert_cmpstr (_kesu_export_dialog_get_page (dialog), ==, "form");

  _kesu_export_dialog_set_range (dialog, "2026-01-01", "2026-11-24");
  g_assert_true (_kesu_export_dialog_export_to (dialog, path));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_str_equal (_kesu_export_dialog_get_page (dialog), "progress") &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  kesu_test_flush_events ();
  g_test_message ("%s", _kesu_export_dialog_get_message (dialog));
  g_assert_cmpstr (_kesu_export_dialog_get_page (dialog), ==, "done");
  g_assert_nonnull (strstr (_kesu_export_dialog_get_message (dialog), "report.xlsx"));
  g_assert_true (g_file_test (written, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  kesu_test_flush_events ();
}

int
main (int    argc,
      char **argv)
{
  kesu_test_init_gui (&argc, &argv);

  g_test_add ("/export-dialog/export", Fixture, NULL, fixture_set_up, test_export,
              fixture_tear_down);
  return g_test_run ();
}
