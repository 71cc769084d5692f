/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-export-dialog-private.h"
#include "kesu-gui-util.h"
#include "kesu-xlsx.h"

/* How many months the drop-down offers, this one included. */
#define N_MONTHS 24

/* The export runs in a GTask thread on a connection of its own (kesu_store_open on the
 * same file): an SQLite connection is not shared between threads, WAL lets the thread read
 * while the window goes on writing, and libxlsxwriter's writing cannot be cut into main-loop
 * chunks without turning the export inside out.  The thread touches no widget: progress
 * reaches the dialog through the main context. */

struct _KesuExportDialog
{
  GtkWindow      parent_instance;

  KesuStore     *store;
  GCancellable  *cancellable;   /* while an export runs */
  char          *written_path;  /* after one succeeded */
  gboolean       close_when_done;

  GtkButton     *cancel_button;
  GtkButton     *export_button;
  GtkButton     *open_button;
  GtkStack      *stack;
  GtkCheckButton *month_check;
  GtkDropDown   *month_drop;
  GtkCheckButton *range_check;
  GtkWidget     *range_box;
  GtkWidget     *from_box;
  GtkWidget     *to_box;
  GtkWidget     *from_entry;
  GtkWidget     *to_entry;
  GtkCheckButton *unmasked_check;
  GtkLabel      *error_label;
  GtkLabel      *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel      *done_label;

  int            months[N_MONTHS][2];  /* year, month by drop-down position */
};

G_DEFINE_FINAL_TYPE (KesuExportDialog, kesu_export_dialog, GTK_TYPE_WINDOW)

typedef struct
{
  KesuExportDialog  *dialog;      /* kept alive by the task */
  GMainContext      *context;
  char              *db_path;
  KesuExportOptions  options;
  guint              written;     /* the worker's; read after it has finished */
} Job;

static void
job_free (Job *job)
{
  g_main_context_unref (job->context);
  g_free (job->db_path);
  kesu_export_options_clear (&job->options);
  g_free (job);
}

typedef struct
{
  KesuExportDialog *dialog;
  guint             done;
  guint             total;
} Progress;

static void
progress_free (Progress *p)
{
  g_object_unref (p->dialog);
  g_free (p);
}

static gboolean
apply_progress_cb (gpointer user_data)
{
  Progress *p = user_data;
  g_autofree char *text = NULL;

  if (p->dialog->cancellable == NULL || g_cancellable_is_cancelled (p->dialog->cancellable))
    return G_SOURCE_REMOVE;
  /* Translators: progress of the Excel export: complaints written, of how many */
  text = g_strdup_printf (_("%u of %u"), p->done, p->total);
  gtk_progress_bar_set_fraction (p->dialog->progress_bar,
                                 p->total > 0 ? (double) p->done / p->total : 0.0);
  gtk_progress_bar_set_text (p->dialog->progress_bar, text);
  return G_SOURCE_REMOVE;
}

/* In the worker thread. */
static void
job_progress_cb (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Job *job = user_data;
  Progress *p = g_new0 (Progress, 1);

  job->written = done;
  p->dialog = g_object_ref (job->dialog);
  p->done = done;
  p->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, apply_progress_cb, p,
                              (GDestroyNotify) progress_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(KesuStore) store = NULL;
  GError *error = NULL;

  store = kesu_store_open (job->db_path, &error);
  if (store == NULL ||
      !kesu_xlsx_export (store, &job->options, job_progress_cb, job, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
show_page (KesuExportDialog *self,
           const char       *page)
{
  gboolean form = g_str_equal (page, "form");
  gboolean done = g_str_equal (page, "done");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), form);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), done);
  gtk_button_set_label (self->cancel_button, done ? _("_Close") : _("_Cancel"));
  if (done)
    gtk_widget_grab_focus (GTK_WIDGET (self->open_button));
}

static void
show_error (KesuExportDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KesuExportDialog *self = KESU_EXPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;

  g_clear_object (&self->cancellable);
  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_page (self, "form");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The export was cancelled: no file was written."));
      else
        show_error (self, error->message);
      return;
    }

  g_free (self->written_path);
  self->written_path = g_strdup (job->options.path);
  display = g_filename_display_name (job->options.path);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u complaint to %s.",
                                       "Wrote %u complaints to %s.", job->written),
                          job->written, display);
  gtk_label_set_text (self->done_label, text);
  show_page (self, "done");
}

static void
start_export (KesuExportDialog  *self,
              KesuExportOptions *options)  /* stolen */
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *display = g_filename_display_name (options->path);
  g_autofree char *text = NULL;
  Job *job = g_new0 (Job, 1);

  job->dialog = self;
  job->context = g_main_context_ref_thread_default ();
  job->db_path = g_strdup (kesu_store_get_path (self->store));
  job->options = *options;
  kesu_export_options_init (options);

  self->cancellable = g_cancellable_new ();
  text = g_strdup_printf (_("Writing %s…"), display);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  show_error (self, NULL);
  show_page (self, "progress");

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

/* The period and the phone choice as the form shows them; FALSE with the problem shown. */
static gboolean
read_form (KesuExportDialog  *self,
           KesuExportOptions *options)
{
  g_autoptr(GError) error = NULL;

  if (gtk_check_button_get_active (self->month_check))
    {
      guint pos = gtk_drop_down_get_selected (self->month_drop);

      if (pos >= N_MONTHS)
        pos = 0;
      kesu_export_options_set_month_of (options, self->months[pos][0], self->months[pos][1]);
    }
  else
    {
      g_autofree char *from = kesu_input_dup_text (self->from_entry);
      g_autofree char *to = kesu_input_dup_text (self->to_entry);

      if (!kesu_export_options_set_range (options, from, to, &error))
        {
          show_error (self, error->message);
          return FALSE;
        }
    }
  options->unmasked = gtk_check_button_get_active (self->unmasked_check);
  show_error (self, NULL);
  return TRUE;
}

static gboolean
has_xlsx_suffix (const char *path)
{
  gsize len = strlen (path);

  return len >= 5 && g_ascii_strcasecmp (path + len - 5, ".xlsx") == 0;
}

gboolean
_kesu_export_dialog_export_to (KesuExportDialog *self,
                               const char       *path)
{
  g_auto(KesuExportOptions) options = { 0, };

  g_return_val_if_fail (KESU_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  kesu_export_options_init (&options);
  if (self->cancellable != NULL || !read_form (self, &options))
    return FALSE;
  /* Without the extension, spreadsheet programs do not know the file. */
  options.path = has_xlsx_suffix (path) ? g_strdup (path) : g_strconcat (path, ".xlsx", NULL);
  start_export (self, &options);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog  *native,
                     int               response,
                     KesuExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        show_error (self, _("Choose a file on this computer: the workbook cannot be written "
                            "to that place."));
      else
        _kesu_export_dialog_export_to (self, path);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_clicked_cb (KesuExportDialog *self)
{
  g_auto(KesuExportOptions) options = { 0, };
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  kesu_export_options_init (&options);
  if (!read_form (self, &options))
    return;
  name = kesu_xlsx_suggest_filename (&options);

  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_filter_add_mime_type (filter,
                                 "application/vnd.openxmlformats-officedocument"
                                 ".spreadsheetml.sheet");
  native = kesu_export_chooser_new (GTK_WINDOW (self), _("Export to Excel"), name, filter);
  g_signal_connect_object (native, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
cancel_clicked_cb (KesuExportDialog *self)
{
  if (self->cancellable != NULL)
    {
      gtk_label_set_text (self->progress_label, _("Cancelling…"));
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    kesu_show_error (parent, _("The workbook could not be opened"), error->message);
}

static void
open_clicked_cb (KesuExportDialog *self)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autofree char *uri = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->written_path == NULL)
    return;
  uri = g_filename_to_uri (self->written_path, NULL, NULL);
  if (uri == NULL)
    return;
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launch_done_cb,
                                           parent != NULL ? g_object_ref (parent) : NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
kesu_export_dialog_close_request (GtkWindow *window)
{
  KesuExportDialog *self = KESU_EXPORT_DIALOG (window);

  /* The worker still writes: stop it, and go once it has cleaned up. */
  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (kesu_export_dialog_parent_class)->close_request (window);
}

static void
fill_months (KesuExportDialog *self)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);
  g_autofree char *first_day = NULL;
  g_autofree char *today = NULL;

  for (guint i = 0; i < N_MONTHS; i++)
    {
      g_autofree char *label = g_strdup_printf ("%04d-%02d", year, month);

      self->months[i][0] = year;
      self->months[i][1] = month;
      gtk_string_list_append (list, label);
      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
  gtk_drop_down_set_model (self->month_drop, G_LIST_MODEL (list));
  /* Last month: the one a monthly report is about. */
  gtk_drop_down_set_selected (self->month_drop, 1);

  first_day = g_date_time_format (now, "%Y-%m-01");
  today = g_date_time_format (now, "%Y-%m-%d");
  kesu_input_set_text (self->from_entry, first_day);
  kesu_input_set_text (self->to_entry, today);
}

static void
kesu_export_dialog_dispose (GObject *object)
{
  KesuExportDialog *self = KESU_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_export_dialog_parent_class)->dispose (object);
}

static void
kesu_export_dialog_finalize (GObject *object)
{
  KesuExportDialog *self = KESU_EXPORT_DIALOG (object);

  g_clear_pointer (&self->written_path, g_free);

  G_OBJECT_CLASS (kesu_export_dialog_parent_class)->finalize (object);
}

static void
kesu_export_dialog_class_init (KesuExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kesu_export_dialog_dispose;
  object_class->finalize = kesu_export_dialog_finalize;
  window_class->close_request = kesu_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, month_check);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, month_drop);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, range_check);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, range_box);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, from_box);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, to_box);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, unmasked_check);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KesuExportDialog, done_label);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_export_dialog_init (KesuExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_box_append (GTK_BOX (self->from_box), kesu_date_input_new (&self->from_entry));
  gtk_box_append (GTK_BOX (self->to_box), kesu_date_input_new (&self->to_entry));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->from_entry), 11);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->to_entry), 11);
  g_object_bind_property (self->month_check, "active", self->month_drop, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->range_check, "active", self->range_box, "sensitive",
                          G_BINDING_SYNC_CREATE);
  fill_months (self);
  show_page (self, "form");
}

const char *
_kesu_export_dialog_get_page (KesuExportDialog *self)
{
  g_return_val_if_fail (KESU_IS_EXPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
_kesu_export_dialog_set_range (KesuExportDialog *self,
                               const char       *from,
                               const char       *to)
{
  g_return_if_fail (KESU_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (self->range_check, TRUE);
  kesu_input_set_text (self->from_entry, from);
  kesu_input_set_text (self->to_entry, to);
}

/* The error shown on the form, or the success message; "" for none. */
const char *
_kesu_export_dialog_get_message (KesuExportDialog *self)
{
  g_return_val_if_fail (KESU_IS_EXPORT_DIALOG (self), NULL);

  if (g_str_equal (_kesu_export_dialog_get_page (self), "done"))
    return gtk_label_get_text (self->done_label);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : "";
}

KesuExportDialog *
kesu_export_dialog_new (GtkWindow *parent,
                        KesuStore *store)
{
  KesuExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  return self;
}
