/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "kesu-clock.h"
#include "kesu-import-dialog-private.h"
#include "kesu-import.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

typedef struct
{
  char      *dir;
  KesuStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-import-dialog", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_tear_down (NULL, &f->store, &f->dir, NULL);
}

static KesuImportDialog *
open_dialog (Fixture    *f,
             const char *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KesuImportDialog *dialog = kesu_import_dialog_new (NULL, f->store);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (kesu_import_dialog_load_file (dialog, file));
  kesu_test_flush_events ();
  return dialog;
}

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  KesuImportDialog *dialog = open_dialog (f, "log-bad.csv");
  GtkWidget *check = _kesu_import_dialog_get_check_button (dialog);
  GtkWidget *import = _kesu_import_dialog_get_import_button (dialog);

  g_assert_true (gtk_widget_get_sensitive (check));
  g_assert_false (gtk_widget_get_sensitive (import));
  g_assert_cmpstr (_kesu_import_dialog_get_info (dialog), ==,
                   "Encoding: UTF-8 · Separator: Comma · 9 rows");

  g_signal_emit_by_name (check, "clicked");
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_import_dialog_count_problems (dialog), ==, 7);
  g_assert_false (gtk_widget_get_sensitive (import));
  g_assert_true (g_str_has_prefix (_kesu_import_dialog_get_status (dialog),
                                   "6 rows have problems."));
  kesu_test_screenshot (GTK_WIDGET (dialog), "import-dialog-problems");
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_good_file (Fixture       *f,
                gconstpointer  data)
{
  KesuImportDialog *dialog = open_dialog (f, "log-gbk.csv");
  GtkWidget *check = _kesu_import_dialog_get_check_button (dialog);
  GtkWidget *import = _kesu_import_dialog_get_import_button (dialog);
  GtkDropDown *demand = _kesu_import_dialog_get_mapping (dialog, 11);

  g_assert_cmpstr (_kesu_import_dialog_get_info (dialog), ==,
                   "Encoding: GB18030 (GBK) · Separator: Comma · 3 rows");
  g_assert_cmpuint (gtk_drop_down_get_selected (demand), !=, 0);
  kesu_test_screenshot (GTK_WIDGET (dialog), "import-dialog");

  /* Without a column for the demand, the file cannot be imported. */
  gtk_drop_down_set_selected (demand, 0);
  g_signal_emit_by_name (check, "clicked");
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_import_dialog_count_problems (dialog), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (import));

  {
    guint n;
    const KesuField *fields = kesu_import_list_fields (&n);

    for (guint i = 0; i < n; i++)
      if (fields[i] == KESU_FIELD_DEMAND)
        gtk_drop_down_set_selected (demand, i + 1);
  }
  g_signal_emit_by_name (check, "clicked");
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_import_dialog_count_problems (dialog), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (import));

  g_signal_emit_by_name (import, "clicked");
  kesu_test_flush_events ();
  g_assert_cmpstr (_kesu_import_dialog_get_status (dialog), ==, "Imported 3 complaints.");
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 3);
  g_assert_false (gtk_widget_get_sensitive (import));
  g_assert_false (gtk_widget_get_sensitive (check));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The window's menu opens the dialog. */
static void
test_from_window (Fixture       *f,
                  gconstpointer  data)
{
  KesuWindow *window = kesu_window_new (NULL, f->store);
  GList *toplevels;
  gboolean found = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  kesu_test_flush_events ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-csv", NULL));
  kesu_test_flush_events ();

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KESU_IS_IMPORT_DIALOG (l->data))
      {
        found = TRUE;
        g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (window));
        gtk_window_destroy (l->data);
      }
  g_list_free (toplevels);
  g_assert_true (found);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import-dialog/bad-file", test_bad_file);
  ADD ("/import-dialog/good-file", test_good_file);
  ADD ("/import-dialog/from-window", test_from_window);

  return g_test_run ();
}
