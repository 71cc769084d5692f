/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kesu-analysis-page.h"
#include "kesu-approval-dialog.h"
#include "kesu-audit-dialog.h"
#include "kesu-auth.h"
#include "kesu-backup.h"
#include "kesu-board-page.h"
#include "kesu-clock.h"
#include "kesu-complaint-view.h"
#include "kesu-actions-dialog.h"
#include "kesu-export-dialog.h"
#include "kesu-gui-util.h"
#include "kesu-import-dialog.h"
#include "kesu-intake-page-private.h"
#include "kesu-list-page.h"
#include "kesu-preferences-dialog.h"
#include "kesu-print-summary.h"
#include "kesu-sign-in-page.h"
#include "kesu-staff-dialog.h"
#include "kesu-window-private.h"

struct _KesuWindow
{
  GtkApplicationWindow  parent_instance;

  KesuStore            *store;
  GSettings            *settings;
  gint64                last_saved_id;
  guint                 toast_timeout;

  /* Locked: only the sign-in page shows, nobody is signed in, and the windows opened
   * from this one are hidden in hidden_windows until someone signs in. */
  gboolean              locked;
  gint64                locked_operator;  /* who was signed in before the lock; 0: nobody */
  GPtrArray            *hidden_windows;
  guint                 idle_timeout;
  int                   idle_seconds_override;  /* tests; -1: the store's setting */

  GtkStack             *lock_stack;
  KesuSignInPage       *sign_in_page;
  GtkWidget            *page_switcher;
  GtkWidget            *user_button;
  GtkLabel             *user_label;
  GtkStack             *stack;
  GtkLabel             *context_label;
  KesuBoardPage        *board_page;
  KesuIntakePage       *intake_page;
  KesuListPage         *list_page;
  KesuAnalysisPage     *analysis_page;
  GtkRevealer          *toast_revealer;
  GtkLabel             *toast_label;
};

G_DEFINE_FINAL_TYPE (KesuWindow, kesu_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void arm_idle_lock (KesuWindow *self);

/* The schema is installed with Kesu; a build run from its tree may lack it, and the
 * window's size is not worth failing for. */
static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APP_ID);
}

/* The branch on the left; who is signed in on the user button, which only shows while
 * someone is. */
static void
update_context_label (KesuWindow *self)
{
  g_autoptr(KesuBranch) branch = kesu_store_get_branch (self->store);
  g_autoptr(KesuStaff) operator = NULL;

  gtk_label_set_text (self->context_label, branch ? branch->name : "");
  if (!self->locked)
    operator = kesu_store_get_staff (self->store, kesu_store_get_operator (self->store));
  gtk_label_set_text (self->user_label, operator != NULL ? operator->name : "");
  gtk_widget_set_visible (self->user_button, operator != NULL);
  if (operator != NULL)
    {
      /* Translators: the tooltip of the button with the signed-in person's name: their
       * name, then their role */
      g_autofree char *tooltip = g_strdup_printf (_("Signed in as %s (%s): lock or switch user"),
                                                  operator->name,
                                                  kesu_role_to_label (operator->role));

      gtk_widget_set_tooltip_text (self->user_button, tooltip);
    }
}

static gboolean
toast_timeout_cb (gpointer user_data)
{
  KesuWindow *self = user_data;

  self->toast_timeout = 0;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
show_toast (KesuWindow *self,
            const char *text)
{
  gtk_label_set_text (self->toast_label, text);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  self->toast_timeout = g_timeout_add_seconds (8, toast_timeout_cb, self);
}

static void
intake_page_saved_cb (KesuWindow     *self,
                      gint64          complaint_id,
                      const char     *number,
                      KesuIntakePage *page)
{
  g_autofree char *text = NULL;

  self->last_saved_id = complaint_id;
  /* Translators: %s is a complaint number such as KS-202611-0042 */
  text = g_strdup_printf (_("Complaint %s saved"), number);
  show_toast (self, text);
}

static void
open_last_saved_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  if (self->last_saved_id > 0)
    kesu_complaint_view_present (GTK_WINDOW (self), self->store, self->last_saved_id);
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
}

static void
analysis_page_show_board_cb (KesuWindow       *self,
                             const char       *dimension,
                             const char       *key,
                             KesuAnalysisPage *page)
{
  kesu_window_show_board_filtered (self, dimension, key);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);
  const char *page = "intake";

  if (g_str_equal (action_name, "win.show-list"))
    page = "list";
  else if (g_str_equal (action_name, "win.show-board"))
    page = "board";
  else if (g_str_equal (action_name, "win.show-analysis"))
    page = "analysis";
  kesu_window_show_page (self, page);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);
  KesuPreferencesDialog *dialog = kesu_preferences_dialog_new (GTK_WINDOW (self), self->store);

  /* The idle time may have changed. */
  g_signal_connect_object (dialog, "saved", G_CALLBACK (arm_idle_lock), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_xlsx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kesu_export_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kesu_import_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
print_summary_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  kesu_print_summary_ask (GTK_WINDOW (self), self->store);
}

/* ---- Back Up Now… / Restore from Backup… ---- */

static void
backup_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            KesuWindow      *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      kesu_show_error (GTK_WINDOW (self), _("No backup was written"),
                       _("Choose a folder on this computer or on a drive plugged into it."));
      return;
    }
  if (!kesu_backup_to_file (self->store, NULL, path, &error))
    {
      kesu_show_error (GTK_WINDOW (self), _("No backup was written"), error->message);
      return;
    }
  {
    g_autofree char *secondary =
      g_strdup_printf (_("“%s” is a complete copy of the database and was checked after "
                         "writing. Keep it somewhere safe, away from this computer."), path);

    kesu_show_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("Backup written"), secondary);
  }
}

static void
backup_now_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autofree char *name = g_date_time_format (now, "kesu-backup-%Y-%m-%d.db");

  chooser = gtk_file_chooser_native_new (_("Back Up Now"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Back Up"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (backup_chooser_response_cb), self,
                           0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
restore_idle_cb (gpointer user_data)
{
  GApplication *app = G_APPLICATION (g_object_get_data (user_data, "app"));
  const char *path = g_object_get_data (user_data, "path");

  g_action_group_activate_action (G_ACTION_GROUP (app), "restore-from",
                                  g_variant_new_bytestring (path));
  return G_SOURCE_REMOVE;
}

static void
restore_confirm_response_cb (GtkDialog  *dialog,
                             int         response,
                             KesuWindow *self)
{
  g_autofree char *path = g_strdup (g_object_get_data (G_OBJECT (dialog), "path"));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT || app == NULL)
    return;
  /* The application closes this window: let this handler return first. */
  {
    GObject *job = g_object_new (G_TYPE_OBJECT, NULL);

    g_object_set_data_full (job, "app", g_object_ref (app), g_object_unref);
    g_object_set_data_full (job, "path", g_steal_pointer (&path), g_free);
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_idle_cb, job, g_object_unref);
  }
}

static void
restore_chooser_response_cb (GtkNativeDialog *chooser,
                             int              response,
                             KesuWindow      *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL || !kesu_db_file_check (path, &error))
    {
      kesu_show_error (GTK_WINDOW (self), _("This file cannot be restored"),
                       error != NULL ? error->message : NULL);
      return;
    }

  dir = kesu_backup_dir_for (kesu_store_get_path (self->store));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Restore the database from this backup?"));
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog),
    _("Kesu will first back up the current database to “%s”, then put “%s” in its place "
      "and open it again; its windows close meanwhile. Whatever was entered after that "
      "backup was made will then only be in the copy of the current database."),
    dir, path);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Restore"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_steal_pointer (&path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_confirm_response_cb), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *dir = kesu_backup_dir_for (kesu_store_get_path (self->store));
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  chooser = gtk_file_chooser_native_new (_("Restore from Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Kesu backups (*.db)"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (restore_chooser_response_cb), self,
                           0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
improvement_actions_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kesu_actions_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
staff_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kesu_staff_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
audit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kesu_audit_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
approvals_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KesuWindow *self = KESU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kesu_approval_list_dialog_new (GTK_WINDOW (self),
                                                                 self->store)));
}

/* ---- lock and sign-in ---- */

/* Every window action that shows or changes something: none works while locked. */
static const char *const unlocked_actions[] = {
  "win.open-last-saved", "win.show-board", "win.show-intake", "win.show-list",
  "win.show-analysis", "win.preferences", "win.export-xlsx", "win.import-csv",
  "win.print-summary", "win.improvement-actions", "win.backup-now", "win.restore-backup",
  "win.staff", "win.audit", "win.approvals", "win.lock", "win.switch-user",
};

/* The last key press, click, scroll or pointer move on any of Kesu's windows
 * (g_get_monotonic_time ()): a case window in use keeps the main window unlocked too. */
static gint64 last_input_time;

static void
note_input (void)
{
  last_input_time = g_get_monotonic_time ();
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                gpointer                  user_data)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      note_input ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
watch_window_input (GtkWindow *window)
{
  GtkEventController *controller;

  if (g_object_get_data (G_OBJECT (window), "kesu-input-watch") != NULL)
    return;
  /* In the capture phase, before any widget of the window may take the event. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (input_event_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  g_object_set_data (G_OBJECT (window), "kesu-input-watch", GINT_TO_POINTER (TRUE));
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_WINDOW (window))
        watch_window_input (GTK_WINDOW (window));
    }
}

/* Every window of the process, now and later, tells of input: the dialogs and case
 * windows opened from the main window count as using Kesu. */
static void
watch_all_input (void)
{
  static gboolean watching;
  GListModel *toplevels;

  if (watching)
    return;
  watching = TRUE;
  toplevels = gtk_window_get_toplevels ();
  toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
}

static guint
idle_lock_seconds (KesuWindow *self)
{
  if (self->idle_seconds_override >= 0)
    return (guint) self->idle_seconds_override;
  return kesu_store_get_idle_lock_minutes (self->store) * 60;
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  KesuWindow *self = user_data;

  self->idle_timeout = 0;
  arm_idle_lock (self);
  return G_SOURCE_REMOVE;
}

/* One timeout for the rest of the idle time, not one per event: input only moves
 * last_input_time, and the timeout, when it fires, looks whether there was any since. */
static void
arm_idle_lock (KesuWindow *self)
{
  guint seconds;
  gint64 idle_ms, left_ms;

  g_clear_handle_id (&self->idle_timeout, g_source_remove);
  if (self->locked)
    return;
  seconds = idle_lock_seconds (self);
  if (seconds == 0)
    return;
  idle_ms = (g_get_monotonic_time () - last_input_time) / 1000;
  left_ms = (gint64) seconds * 1000 - idle_ms;
  if (left_ms <= 0)
    {
      kesu_window_lock (self, FALSE);
      return;
    }
  self->idle_timeout = g_timeout_add ((guint) MIN (left_ms + 20, G_MAXUINT),
                                      idle_timeout_cb, self);
}

/* Whether @window was opened from this one (a case window, a dialog, a message). */
static gboolean
window_belongs (KesuWindow *self,
                GtkWindow  *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL && gtk_window_get_application (window) == app)
    return TRUE;
  for (GtkWindow *w = window; w != NULL; w = gtk_window_get_transient_for (w))
    if (w == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

static void
hide_other_windows (KesuWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Copied first: hiding may change the list. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    g_ptr_array_add (windows, g_list_model_get_item (toplevels, i));
  for (guint i = 0; i < windows->len; i++)
    {
      GtkWindow *window = windows->pdata[i];

      if (window == GTK_WINDOW (self) || !gtk_widget_get_visible (GTK_WIDGET (window)) ||
          !window_belongs (self, window))
        continue;
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      g_ptr_array_add (self->hidden_windows, g_object_ref (window));
    }
}

/* The same person back: their windows come back as they were.  Someone else: the
 * windows close (each saves what it keeps), so nothing of the last person's work is
 * shown or done in the new person's name. */
static void
restore_other_windows (KesuWindow *self,
                       gboolean    same_person)
{
  g_autoptr(GPtrArray) windows = g_steal_pointer (&self->hidden_windows);

  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < windows->len; i++)
    {
      GtkWindow *window = windows->pdata[i];

      if (same_person)
        gtk_window_present (window);
      else
        gtk_window_close (window);
    }
  if (same_person)
    return;
  /* What refused to close is not left hidden behind the new person's back. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < windows->len; i++)
      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, j);

          if (window == windows->pdata[i])
            {
              gtk_window_destroy (GTK_WINDOW (window));
              break;
            }
        }
  }
}

static void
update_permitted_actions (KesuWindow *self)
{
  gint64 operator = kesu_store_get_operator (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.staff",
                                 !self->locked &&
                                 kesu_store_can (self->store, operator,
                                                 KESU_PERMISSION_MANAGE_STAFF));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit",
                                 !self->locked &&
                                 kesu_store_can (self->store, operator,
                                                 KESU_PERMISSION_VIEW_AUDIT));
}

static void
set_locked (KesuWindow *self,
            gboolean    locked)
{
  self->locked = locked;
  gtk_stack_set_visible_child_name (self->lock_stack, locked ? "locked" : "unlocked");
  for (guint i = 0; i < G_N_ELEMENTS (unlocked_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), unlocked_actions[i], !locked);
  update_permitted_actions (self);
  gtk_widget_set_sensitive (self->page_switcher, !locked);
  if (locked)
    {
      gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
      g_clear_handle_id (&self->toast_timeout, g_source_remove);
    }
  update_context_label (self);
  arm_idle_lock (self);
}

void
kesu_window_lock (KesuWindow *self,
                  gboolean    switch_user)
{
  g_return_if_fail (KESU_IS_WINDOW (self));

  if (self->locked)
    return;
  /* The form as typed goes to its author's draft before they are signed out. */
  _kesu_intake_page_flush_draft (self->intake_page);
  self->locked_operator = kesu_store_get_operator (self->store);
  if (kesu_store_is_signed_in (self->store))
    kesu_store_sign_out (self->store);
  hide_other_windows (self);
  set_locked (self, TRUE);
  kesu_sign_in_page_reset (self->sign_in_page, switch_user ? 0 : self->locked_operator);
}

gboolean
kesu_window_is_locked (KesuWindow *self)
{
  g_return_val_if_fail (KESU_IS_WINDOW (self), FALSE);
  return self->locked;
}

static void
sign_in_page_signed_in_cb (KesuWindow     *self,
                           gint64          staff_id,
                           KesuSignInPage *page)
{
  gboolean same_person = staff_id == self->locked_operator;

  restore_other_windows (self, same_person);
  if (!same_person)
    {
      /* The form on the intake page was the last person's (it is in their draft): the
       * new person gets an empty form, or their own draft offered back. */
      kesu_intake_page_set_store (self->intake_page, NULL);
      kesu_intake_page_set_store (self->intake_page, self->store);
      kesu_board_page_operator_changed (self->board_page);
    }
  self->locked_operator = 0;
  note_input ();
  set_locked (self, FALSE);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kesu_window_lock (KESU_WINDOW (widget), g_str_equal (action_name, "win.switch-user"));
}

/* KESU_AUTO_SIGN_IN="<staff id>:<PIN>" signs in at start through the same checks as the
 * sign-in page (a wrong PIN counts): for kiosks and benchmarks that drive the window.
 * FALSE when it is not set or not of that form (@warn: say so). */
static gboolean
parse_auto_sign_in (gint64   *out_staff_id,
                    char    **out_pin,
                    gboolean  warn)
{
  const char *value = g_getenv ("KESU_AUTO_SIGN_IN");
  g_auto(GStrv) parts = NULL;

  if (value == NULL || value[0] == '\0')
    return FALSE;
  parts = g_strsplit (value, ":", 2);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_signed (parts[0], 10, 1, G_MAXINT64, out_staff_id, NULL))
    {
      if (warn)
        g_warning ("KESU_AUTO_SIGN_IN is not “<staff id>:<PIN>”; nobody was signed in");
      return FALSE;
    }
  *out_pin = g_strdup (parts[1]);
  return TRUE;
}

static void
auto_sign_in (KesuWindow *self)
{
  g_autofree char *pin = NULL;
  gint64 staff_id = 0;

  if (parse_auto_sign_in (&staff_id, &pin, TRUE))
    kesu_sign_in_page_sign_in (self->sign_in_page, staff_id, pin);
}

/* The start's KESU_AUTO_SIGN_IN with the PIN's Argon2 verify (a tenth of a second by
 * design) in a thread while the window is built: kesu_window_start_auto_sign_in () starts
 * it and leaves this on the store, for the window built next to take the result. */
#define AUTO_SIGN_IN_KEY "kesu-window-auto-sign-in"

typedef struct
{
  GWeakRef      window;
  gint64        staff_id;
  GAsyncResult *result;    /* arrived before the window took it */
} AutoSignIn;

static void
auto_sign_in_free (AutoSignIn *pending)
{
  g_weak_ref_clear (&pending->window);
  g_clear_object (&pending->result);
  g_free (pending);
}

static void
auto_sign_in_finish (KesuWindow   *self,
                     AutoSignIn   *pending,
                     GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  gint64 staff_id = pending->staff_id;

  g_object_set_data (G_OBJECT (self->store), AUTO_SIGN_IN_KEY, NULL);
  /* Someone signed in by hand meanwhile: theirs stands, and this one is dropped. */
  if (!self->locked)
    return;
  if (!kesu_store_sign_in_finish (self->store, result, &error))
    {
      kesu_sign_in_page_show_refusal (self->sign_in_page, staff_id, error);
      return;
    }
  if (g_getenv ("KESU_BENCH_FIRST_PAINT") != NULL)
    {
      g_print ("KESU_BENCH_SIGNED_IN\n");
      fflush (stdout);
    }
  sign_in_page_signed_in_cb (self, staff_id, self->sign_in_page);
}

static void
auto_sign_in_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AutoSignIn *pending = g_object_get_data (source, AUTO_SIGN_IN_KEY);
  g_autoptr(KesuWindow) window = NULL;

  if (pending == NULL)
    return;
  window = g_weak_ref_get (&pending->window);
  if (window != NULL)
    auto_sign_in_finish (window, pending, result);
  else
    g_set_object (&pending->result, result);
}

gboolean
kesu_window_start_auto_sign_in (KesuStore *store)
{
  g_autofree char *pin = NULL;
  AutoSignIn *pending;
  gint64 staff_id = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  /* What the sign-in page answers without a PIN check (the first PIN to choose) it
   * answers itself, as does a window that opens signed in. */
  if (kesu_store_is_signed_in (store) || kesu_store_needs_first_pin (store) ||
      !parse_auto_sign_in (&staff_id, &pin, FALSE))
    return FALSE;
  pending = g_new0 (AutoSignIn, 1);
  g_weak_ref_init (&pending->window, NULL);
  pending->staff_id = staff_id;
  g_object_set_data_full (G_OBJECT (store), AUTO_SIGN_IN_KEY, pending,
                          (GDestroyNotify) auto_sign_in_free);
  kesu_store_sign_in_async (store, staff_id, pin, NULL, auto_sign_in_done_cb, NULL);
  return TRUE;
}

static void
kesu_window_close_request_save (KesuWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
kesu_window_close_request (GtkWindow *window)
{
  kesu_window_close_request_save (KESU_WINDOW (window));
  return GTK_WINDOW_CLASS (kesu_window_parent_class)->close_request (window);
}

/* ---- the start-up benchmark (tests/bench): KESU_BENCH_FIRST_PAINT ---- */

/* Resident memory in kB (VmRSS), or -1 where it cannot be read. */
static gint64
bench_rss_kb (void)
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

/* The board is on screen with its cards: say so on standard output and quit. */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      KesuWindow    *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
  g_print ("KESU_BENCH_FIRST_PAINT rss-kb=%" G_GINT64_FORMAT "\n", bench_rss_kb ());
  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
}

/* The first frame of the window, whatever it shows (the sign-in page, at a start that
 * signs in by KESU_AUTO_SIGN_IN): said on standard output too. */
static void
bench_first_frame_cb (GdkFrameClock *clock,
                      KesuWindow    *self)
{
  g_signal_handlers_disconnect_by_func (clock, bench_first_frame_cb, self);
  g_print ("KESU_BENCH_FIRST_FRAME\n");
  fflush (stdout);
}

static gboolean
bench_window_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return G_SOURCE_CONTINUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (bench_first_frame_cb), widget, 0);
  return G_SOURCE_REMOVE;
}

/* Runs before the frame is painted: once the board is mapped with its columns filled,
 * the end of this frame's painting is the moment measured. */
static gboolean
bench_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  KesuWindow *self = KESU_WINDOW (user_data);
  guint shown = 0;

  if (!gtk_widget_get_mapped (widget))
    return G_SOURCE_CONTINUE;
  for (guint s = 0; s < KESU_N_STATES; s++)
    shown += kesu_board_page_get_column_count (self->board_page, s);
  if (shown == 0 && kesu_store_count_complaints (self->store) > 0)
    return G_SOURCE_CONTINUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), self, 0);
  return G_SOURCE_REMOVE;
}

/* Everything of the window that needs the store. */
static void
attach_store (KesuWindow *self)
{
  kesu_board_page_set_store (self->board_page, self->store);
  kesu_intake_page_set_store (self->intake_page, self->store);
  kesu_list_page_set_store (self->list_page, self->store);
  kesu_analysis_page_set_store (self->analysis_page, self->store);
  kesu_sign_in_page_set_store (self->sign_in_page, self->store);
  if (g_getenv ("KESU_BENCH_FIRST_PAINT") != NULL)
    {
      gtk_widget_add_tick_callback (GTK_WIDGET (self), bench_window_tick_cb, NULL, NULL);
      gtk_widget_add_tick_callback (GTK_WIDGET (self->board_page), bench_tick_cb, self, NULL);
    }

  self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  /* A store with somebody signed in already (the first start's set-up, tests) opens
   * unlocked; otherwise the window opens on the sign-in page. */
  watch_all_input ();
  note_input ();
  set_locked (self, !kesu_store_is_signed_in (self->store));
  if (self->locked)
    {
      AutoSignIn *pending = g_object_get_data (G_OBJECT (self->store), AUTO_SIGN_IN_KEY);

      if (pending != NULL)
        {
          /* Its PIN check is running: the page shows who is being signed in. */
          kesu_sign_in_page_reset (self->sign_in_page, pending->staff_id);
          g_weak_ref_set (&pending->window, self);
          if (pending->result != NULL)
            {
              g_autoptr(GAsyncResult) result = g_steal_pointer (&pending->result);

              auto_sign_in_finish (self, pending, result);
            }
        }
      else
        {
          kesu_sign_in_page_reset (self->sign_in_page, 0);
          auto_sign_in (self);
        }
    }
}

static void
kesu_window_constructed (GObject *object)
{
  KesuWindow *self = KESU_WINDOW (object);

  G_OBJECT_CLASS (kesu_window_parent_class)->constructed (object);

  if (self->store != NULL)
    attach_store (self);
}

static void
kesu_window_dispose (GObject *object)
{
  KesuWindow *self = KESU_WINDOW (object);

  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  g_clear_handle_id (&self->idle_timeout, g_source_remove);
  if (self->hidden_windows != NULL)
    {
      /* Windows hidden by the lock go with the window they were opened from. */
      g_autoptr(GPtrArray) hidden = g_steal_pointer (&self->hidden_windows);

      for (guint i = 0; i < hidden->len; i++)
        gtk_window_destroy (hidden->pdata[i]);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_window_parent_class)->dispose (object);
}

static void
kesu_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KesuWindow *self = KESU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kesu_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KesuWindow *self = KESU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kesu_window_class_init (KesuWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kesu_window_constructed;
  object_class->dispose = kesu_window_dispose;
  object_class->set_property = kesu_window_set_property;
  object_class->get_property = kesu_window_get_property;
  window_class->close_request = kesu_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KESU_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KESU_TYPE_BOARD_PAGE);
  g_type_ensure (KESU_TYPE_INTAKE_PAGE);
  g_type_ensure (KESU_TYPE_LIST_PAGE);
  g_type_ensure (KESU_TYPE_ANALYSIS_PAGE);
  g_type_ensure (KESU_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, page_switcher);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, context_label);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, board_page);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, intake_page);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, analysis_page);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, KesuWindow, toast_label);
  gtk_widget_class_bind_template_callback (widget_class, intake_page_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, analysis_page_show_board_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_page_signed_in_cb);

  gtk_widget_class_install_action (widget_class, "win.open-last-saved", NULL,
                                   open_last_saved_action);
  gtk_widget_class_install_action (widget_class, "win.show-board", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-intake", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-analysis", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.export-xlsx", NULL, export_xlsx_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.print-summary", NULL,
                                   print_summary_action);
  gtk_widget_class_install_action (widget_class, "win.improvement-actions", NULL,
                                   improvement_actions_action);
  gtk_widget_class_install_action (widget_class, "win.backup-now", NULL, backup_now_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL,
                                   restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.staff", NULL, staff_action);
  gtk_widget_class_install_action (widget_class, "win.audit", NULL, audit_action);
  gtk_widget_class_install_action (widget_class, "win.approvals", NULL, approvals_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "win.show-board", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.show-intake", NULL);
  /* Ctrl+L locks, as on most desktops; the list stays on Ctrl+F. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.show-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK,
                                       "win.show-analysis", NULL);
}

static void
kesu_window_init (KesuWindow *self)
{
  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  self->idle_seconds_override = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: disposing the template would take the window's own child
   * from under it. */
  self->lock_stack = GTK_STACK (gtk_window_get_child (GTK_WINDOW (self)));
  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
}

KesuWindow *
kesu_window_new (KesuApplication *application,
                 KesuStore       *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  return g_object_new (KESU_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

KesuWindow *
kesu_window_new_unattached (void)
{
  KesuWindow *self = g_object_new (KESU_TYPE_WINDOW, NULL);

  /* The time waited for anyway goes to the board's first cards too. */
  kesu_board_page_prepare_cards (self->board_page);
  return self;
}

void
kesu_window_attach (KesuWindow      *self,
                    KesuApplication *application,
                    KesuStore       *store)
{
  g_return_if_fail (KESU_IS_WINDOW (self));
  g_return_if_fail (self->store == NULL);
  g_return_if_fail (KESU_IS_STORE (store));

  self->store = g_object_ref (store);
  if (application != NULL)
    gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (application));
  attach_store (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KesuStore *
kesu_window_get_store (KesuWindow *self)
{
  g_return_val_if_fail (KESU_IS_WINDOW (self), NULL);
  return self->store;
}

void
kesu_window_show_page (KesuWindow *self,
                       const char *name)
{
  g_return_if_fail (KESU_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "list"))
    kesu_list_page_focus_search (self->list_page);
  else if (g_str_equal (name, "board"))
    kesu_board_page_focus_search (self->board_page);
}

void
kesu_window_show_board_filtered (KesuWindow *self,
                                 const char *dimension,
                                 const char *key)
{
  g_return_if_fail (KESU_IS_WINDOW (self));
  g_return_if_fail (dimension != NULL);

  kesu_board_page_set_filter (self->board_page, dimension, key);
  gtk_stack_set_visible_child_name (self->stack, "board");
}

KesuSignInPage *
_kesu_window_get_sign_in_page (KesuWindow *self)
{
  g_return_val_if_fail (KESU_IS_WINDOW (self), NULL);
  return self->sign_in_page;
}

void
_kesu_window_set_idle_lock_seconds (KesuWindow *self,
                                    int         seconds)
{
  g_return_if_fail (KESU_IS_WINDOW (self));

  self->idle_seconds_override = seconds;
  arm_idle_lock (self);
}
