/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-clock.h"
#include "kesu-preferences-dialog-private.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

#define HOUR 3600
#define DAY  86400

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (kesu_test_local_unix (2026, 9, 20, 10, 0));
  /* Time limits are changed by a manager, signed in. */
  f->store = kesu_test_store_new ("kesu-preferences", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir,
                                  &f->path, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_tear_down (NULL, &f->store, &f->dir, &f->path);
}

static KesuPreferencesDialog *
open_dialog (KesuStore *store)
{
  KesuPreferencesDialog *dialog = kesu_preferences_dialog_new (NULL, store);

  gtk_window_present (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  return dialog;
}

static guint
count_exceptions (KesuPreferencesDialog *dialog)
{
  GtkListBox *list = _kesu_preferences_dialog_get_exception_list (dialog);
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

static void
add_day (KesuPreferencesDialog *dialog,
         const char            *day,
         gboolean               working)
{
  gtk_editable_set_text (_kesu_preferences_dialog_get_exception_entry (dialog), day);
  gtk_drop_down_set_selected (_kesu_preferences_dialog_get_exception_kind (dialog),
                              working ? 1 : 0);
  g_signal_emit_by_name (_kesu_preferences_dialog_get_add_exception (dialog), "clicked");
  kesu_test_flush_events ();
}

static void
set_spin (GtkSpinButton *spin,
          double         value)
{
  gtk_spin_button_set_value (spin, value);
  kesu_test_flush_events ();
}

static int
spin_value (GtkSpinButton *spin)
{
  return gtk_spin_button_get_value_as_int (spin);
}

/* What a fresh store holds: DOMAIN.md's limits, counted in calendar time. */
static void
assert_shows_defaults (KesuPreferencesDialog *dialog)
{
  g_autoptr(KesuDeadlinePolicy) defaults = kesu_deadline_policy_new_default ();

  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_first_response (
                     dialog, KESU_SEVERITY_NORMAL)), ==, 24);
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_first_response (
                     dialog, KESU_SEVERITY_IMPORTANT)), ==, 24);
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_first_response (
                     dialog, KESU_SEVERITY_URGENT)), ==, 2);

  /* 7 days, 3 days, 24 hours. */
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_resolution (
                     dialog, KESU_SEVERITY_NORMAL)), ==, 7);
  g_assert_cmpuint (gtk_drop_down_get_selected (_kesu_preferences_dialog_get_resolution_unit (
                      dialog, KESU_SEVERITY_NORMAL)), ==, 1);
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_resolution (
                     dialog, KESU_SEVERITY_IMPORTANT)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (_kesu_preferences_dialog_get_resolution_unit (
                      dialog, KESU_SEVERITY_IMPORTANT)), ==, 1);
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_resolution (
                     dialog, KESU_SEVERITY_URGENT)), ==, 24);
  g_assert_cmpuint (gtk_drop_down_get_selected (_kesu_preferences_dialog_get_resolution_unit (
                      dialog, KESU_SEVERITY_URGENT)), ==, 0);

  g_assert_true (gtk_check_button_get_active (_kesu_preferences_dialog_get_calendar_time (
                   dialog)));
  g_assert_false (gtk_check_button_get_active (_kesu_preferences_dialog_get_working_days (
                    dialog)));
  for (int weekday = 1; weekday <= 7; weekday++)
    g_assert_cmpint (gtk_check_button_get_active (_kesu_preferences_dialog_get_weekday (
                       dialog, weekday)), ==,
                     kesu_work_calendar_get_weekday (defaults->calendar, weekday));
  g_assert_cmpuint (count_exceptions (dialog), ==, 0);
}

static void
saved_cb (KesuPreferencesDialog *dialog,
          guint                 *n_saved)
{
  (*n_saved)++;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) reopened = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = NULL;
  g_autoptr(GList) exceptions = NULL;
  g_autofree char *week = NULL;
  KesuPreferencesDialog *dialog = open_dialog (f->store);
  GtkLabel *problem = _kesu_preferences_dialog_get_exception_problem (dialog);
  GtkSpinButton *normal_resolution;
  GtkDropDown *normal_unit;
  guint n_saved = 0;

  assert_shows_defaults (dialog);

  set_spin (_kesu_preferences_dialog_get_first_response (dialog, KESU_SEVERITY_URGENT), 4);

  /* Changing the unit keeps the time: 7 days are 168 hours, and back. */
  normal_resolution = _kesu_preferences_dialog_get_resolution (dialog, KESU_SEVERITY_NORMAL);
  normal_unit = _kesu_preferences_dialog_get_resolution_unit (dialog, KESU_SEVERITY_NORMAL);
  gtk_drop_down_set_selected (normal_unit, 0);
  g_assert_cmpint (spin_value (normal_resolution), ==, 168);
  set_spin (normal_resolution, 120);
  gtk_drop_down_set_selected (normal_unit, 1);
  g_assert_cmpint (spin_value (normal_resolution), ==, 5);

  /* The important cases get 36 hours. */
  gtk_drop_down_set_selected (_kesu_preferences_dialog_get_resolution_unit (
                                dialog, KESU_SEVERITY_IMPORTANT), 0);
  set_spin (_kesu_preferences_dialog_get_resolution (dialog, KESU_SEVERITY_IMPORTANT), 36);

  /* Working days: Monday to Friday and Sunday (the showroom's busy day), not Saturday. */
  gtk_check_button_set_active (_kesu_preferences_dialog_get_working_days (dialog), TRUE);
  kesu_test_flush_events ();
  g_assert_false (gtk_check_button_get_active (_kesu_preferences_dialog_get_calendar_time (
                    dialog)));
  gtk_check_button_set_active (_kesu_preferences_dialog_get_weekday (dialog, 6), FALSE);
  gtk_check_button_set_active (_kesu_preferences_dialog_get_weekday (dialog, 7), TRUE);

  /* A day that does not exist is refused beside the entry and not added. */
  add_day (dialog, "2026-02-30", FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_cmpstr (gtk_label_get_text (problem), !=, "");
  g_assert_cmpuint (count_exceptions (dialog), ==, 0);
  /* Typing again clears it. */
  gtk_editable_set_text (_kesu_preferences_dialog_get_exception_entry (dialog), "2026-10");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));

  add_day (dialog, "2026-10-01", FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_cmpstr (gtk_editable_get_text (_kesu_preferences_dialog_get_exception_entry (dialog)),
                   ==, "");
  add_day (dialog, "2026/10/10", TRUE);  /* another accepted spelling */
  add_day (dialog, "2026-10-02", FALSE);
  g_assert_cmpuint (count_exceptions (dialog), ==, 3);

  /* Rows are in day order; the second one's trash button removes 2026-10-02. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (
      _kesu_preferences_dialog_get_exception_list (dialog), 1);
    GtkWidget *box = gtk_list_box_row_get_child (row);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))), ==,
                     "2026-10-02");
    g_signal_emit_by_name (gtk_widget_get_last_child (box), "clicked");
    kesu_test_flush_events ();
  }
  g_assert_cmpuint (count_exceptions (dialog), ==, 2);

  kesu_test_screenshot (GTK_WIDGET (dialog), "preferences");

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &n_saved);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (_kesu_preferences_dialog_save (dialog));
  kesu_test_flush_events ();
  g_assert_cmpuint (n_saved, ==, 1);
  g_assert_null (dialog);  /* closed */

  /* The file holds exactly that, read by another connection. */
  reopened = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  policy = kesu_store_get_deadline_policy (reopened);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_NORMAL], ==, 24 * HOUR);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_IMPORTANT], ==, 24 * HOUR);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_URGENT], ==, 4 * HOUR);
  g_assert_cmpint (policy->resolution_seconds[KESU_SEVERITY_NORMAL], ==, 5 * DAY);
  g_assert_cmpint (policy->resolution_seconds[KESU_SEVERITY_IMPORTANT], ==, 36 * HOUR);
  g_assert_cmpint (policy->resolution_seconds[KESU_SEVERITY_URGENT], ==, 24 * HOUR);
  g_assert_true (policy->working_days);
  week = kesu_work_calendar_week_to_string (policy->calendar);
  g_assert_cmpstr (week, ==, "1111101");
  exceptions = kesu_work_calendar_get_exceptions (policy->calendar);
  g_assert_cmpuint (g_list_length (exceptions), ==, 4);
  g_assert_cmpstr (g_list_nth_data (exceptions, 0), ==, "2026-10-01");
  g_assert_false (GPOINTER_TO_INT (g_list_nth_data (exceptions, 1)));
  g_assert_cmpstr (g_list_nth_data (exceptions, 2), ==, "2026-10-10");
  g_assert_true (GPOINTER_TO_INT (g_list_nth_data (exceptions, 3)));

  /* Opened again, the dialog shows what was saved. */
  dialog = open_dialog (reopened);
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_first_response (
                     dialog, KESU_SEVERITY_URGENT)), ==, 4);
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_resolution (
                     dialog, KESU_SEVERITY_IMPORTANT)), ==, 36);
  g_assert_cmpuint (gtk_drop_down_get_selected (_kesu_preferences_dialog_get_resolution_unit (
                      dialog, KESU_SEVERITY_IMPORTANT)), ==, 0);
  /* Whole days from two on show as days. */
  g_assert_cmpint (spin_value (_kesu_preferences_dialog_get_resolution (
                     dialog, KESU_SEVERITY_NORMAL)), ==, 5);
  g_assert_cmpuint (gtk_drop_down_get_selected (_kesu_preferences_dialog_get_resolution_unit (
                      dialog, KESU_SEVERITY_NORMAL)), ==, 1);
  g_assert_true (gtk_check_button_get_active (_kesu_preferences_dialog_get_working_days (
                   dialog)));
  g_assert_false (gtk_check_button_get_active (_kesu_preferences_dialog_get_weekday (dialog,
                                                                                     6)));
  g_assert_cmpuint (count_exceptions (dialog), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_cancel_keeps_store (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KesuDeadlinePolicy) policy = NULL;
  KesuPreferencesDialog *dialog = open_dialog (f->store);

  set_spin (_kesu_preferences_dialog_get_first_response (dialog, KESU_SEVERITY_NORMAL), 8);
  add_day (dialog, "2026-10-01", FALSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  kesu_test_flush_events ();
  g_assert_null (dialog);

  policy = kesu_store_get_deadline_policy (f->store);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_NORMAL], ==, 24 * HOUR);
  g_assert_null (kesu_work_calendar_get_exceptions (policy->calendar));
}

/* A day typed but not added is kept by Save; a bad one stops it, nothing written. */
static void
test_save_takes_typed_day (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KesuDeadlinePolicy) policy = NULL;
  g_autoptr(GList) exceptions = NULL;
  KesuPreferencesDialog *dialog = open_dialog (f->store);
  GtkEditable *entry = _kesu_preferences_dialog_get_exception_entry (dialog);

  set_spin (_kesu_preferences_dialog_get_first_response (dialog, KESU_SEVERITY_NORMAL), 12);
  gtk_editable_set_text (entry, "2026-13-01");
  g_assert_false (_kesu_preferences_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
    _kesu_preferences_dialog_get_exception_problem (dialog))));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "2026-13-01");
  policy = kesu_store_get_deadline_policy (f->store);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_NORMAL], ==, 24 * HOUR);
  g_clear_pointer (&policy, kesu_deadline_policy_free);

  gtk_editable_set_text (entry, "2026-05-01");
  g_assert_true (_kesu_preferences_dialog_save (dialog));
  kesu_test_flush_events ();
  policy = kesu_store_get_deadline_policy (f->store);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_NORMAL], ==, 12 * HOUR);
  exceptions = kesu_work_calendar_get_exceptions (policy->calendar);
  g_assert_cmpuint (g_list_length (exceptions), ==, 2);
  g_assert_cmpstr (exceptions->data, ==, "2026-05-01");
}

/* The main menu's Preferences (Ctrl+comma) opens the dialog over the window. */
static void
test_from_window (Fixture       *f,
                  gconstpointer  data)
{
  KesuWindow *window = kesu_window_new (NULL, f->store);
  g_autoptr(GList) toplevels = NULL;
  KesuPreferencesDialog *dialog = NULL;

  gtk_window_present (GTK_WINDOW (window));
  kesu_test_flush_events ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  kesu_test_flush_events ();

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KESU_IS_PREFERENCES_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/preferences/round-trip", test_round_trip);
  ADD ("/preferences/cancel-keeps-store", test_cancel_keeps_store);
  ADD ("/preferences/save-takes-typed-day", test_save_takes_typed_day);
  ADD ("/preferences/from-window", test_from_window);

  return g_test_run ();
}
