/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-repair-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-repair-dialog.h"
#include "kesu-validate.h"

/* The rules live in core (kesu_repair_check, kesu_store_add_repair / _update_repair):
 * this window reads what was typed, says what is wrong beside each field and hands the
 * repair to the store. */

typedef enum
{
  FIELD_STARTED,
  FIELD_FINISHED,
  FIELD_MILEAGE,
  FIELD_SYSTEM,
  FIELD_FAULT,
  FIELD_PART,
  N_FIELDS
} Field;

struct _KesuRepairDialog
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  KesuRepair *repair;        /* what is being edited: the stored one, or a new one */

  GtkWidget  *inputs[N_FIELDS];
  GtkWidget  *errors[N_FIELDS];
  gboolean    touched[N_FIELDS];
  gboolean    show_all_problems;

  GtkLabel   *intro_label;
  GtkWidget  *error_box;
  GtkLabel   *error_label;
  GtkWidget  *grid;
  GtkWidget  *save_button;
};

G_DEFINE_FINAL_TYPE (KesuRepairDialog, kesu_repair_dialog, GTK_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_datetime (gint64 unix_time)
{
  return unix_time > 0 ? kesu_format_time (unix_time) : g_strdup ("");
}

static char *
field_text (KesuRepairDialog *self,
            Field             field)
{
  g_autofree char *text = kesu_input_dup_text (self->inputs[field]);

  return g_strdup (g_strstrip (text));
}

/* The repair as the form holds it; *problems[field] says why a field cannot be read.
 * Returns the number of problems. */
static guint
read_form (KesuRepairDialog  *self,
           KesuRepair        *out,
           const char       **problems,
           char             **owned)
{
  g_autofree char *started = field_text (self, FIELD_STARTED);
  g_autofree char *finished = field_text (self, FIELD_FINISHED);
  g_autofree char *mileage = field_text (self, FIELD_MILEAGE);
  g_autofree char *fault = field_text (self, FIELD_FAULT);
  g_autofree char *part = field_text (self, FIELD_PART);
  gint64 now = kesu_clock_now_unix ();
  guint n = 0;

  for (guint f = 0; f < N_FIELDS; f++)
    problems[f] = NULL;

  if (started[0] == '\0')
    problems[FIELD_STARTED] = _("Enter when the car came in.");
  else
    {
      g_autoptr(GDateTime) when = NULL;
      g_autoptr(GError) error = NULL;

      if (!kesu_validate_datetime (started, &when, &error))
        problems[FIELD_STARTED] = owned[FIELD_STARTED] = g_strdup (error->message);
      else
        {
          out->started_at = g_date_time_to_unix (when);
          if (out->started_at > now)
            problems[FIELD_STARTED] = _("The car cannot have come in after now.");
        }
    }

  out->finished_at = 0;
  if (finished[0] != '\0')
    {
      g_autoptr(GDateTime) when = NULL;
      g_autoptr(GError) error = NULL;

      if (!kesu_validate_datetime (finished, &when, &error))
        problems[FIELD_FINISHED] = owned[FIELD_FINISHED] = g_strdup (error->message);
      else
        {
          out->finished_at = g_date_time_to_unix (when);
          if (out->finished_at > now)
            problems[FIELD_FINISHED] = _("Leave this empty while the car is still in the "
                                         "shop.");
          else if (out->started_at > 0 && out->finished_at < out->started_at)
            problems[FIELD_FINISHED] = _("The car cannot leave before it came in.");
        }
    }

  out->mileage_km = -1;
  if (mileage[0] != '\0')
    {
      g_autoptr(GError) error = NULL;

      if (!kesu_validate_mileage (mileage, &out->mileage_km, &error))
        problems[FIELD_MILEAGE] = owned[FIELD_MILEAGE] = g_strdup (error->message);
    }

  out->system = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->inputs[FIELD_SYSTEM]));

  g_free (out->fault);
  out->fault = g_strdup (fault);
  {
    g_autoptr(GError) error = NULL;

    if (fault[0] == '\0')
      problems[FIELD_FAULT] = _("Describe what was wrong.");
    else if (!kesu_validate_text (fault, KESU_TEXT_MAX_CHARS, TRUE, &error))
      problems[FIELD_FAULT] = owned[FIELD_FAULT] = g_strdup (error->message);
  }

  g_free (out->part_replaced);
  out->part_replaced = part[0] != '\0' ? g_strdup (part) : NULL;
  {
    g_autoptr(GError) error = NULL;

    if (part[0] != '\0' && !kesu_validate_text (part, 200, FALSE, &error))
      problems[FIELD_PART] = owned[FIELD_PART] = g_strdup (error->message);
  }

  for (guint f = 0; f < N_FIELDS; f++)
    n += problems[f] != NULL;
  return n;
}

static guint
revalidate (KesuRepairDialog *self,
            KesuRepair       *out)
{
  const char *problems[N_FIELDS];
  char *owned[N_FIELDS] = { NULL };
  g_autoptr(KesuRepair) scratch = NULL;
  guint n;

  if (out == NULL)
    out = scratch = kesu_repair_copy (self->repair);
  n = read_form (self, out, problems, owned);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      GtkWidget *styled = GTK_IS_TEXT_VIEW (self->inputs[f])
                          ? gtk_widget_get_parent (self->inputs[f]) : self->inputs[f];

      kesu_show_field_problem (self->errors[f], styled,
                               self->touched[f] || self->show_all_problems ? problems[f]
                                                                            : NULL);
      g_free (owned[f]);
    }
  return n;
}

static void
input_changed (KesuRepairDialog *self,
               GObject          *input)
{
  Field field = GPOINTER_TO_INT (g_object_get_data (input, "kesu-field"));

  self->touched[field] = TRUE;
  gtk_widget_set_visible (self->error_box, FALSE);
  revalidate (self, NULL);
}

static void
entry_changed_cb (GtkEditable      *editable,
                  KesuRepairDialog *self)
{
  input_changed (self, G_OBJECT (editable));
}

static void
buffer_changed_cb (GtkTextBuffer    *buffer,
                   KesuRepairDialog *self)
{
  input_changed (self, G_OBJECT (buffer));
}

static gboolean
save (KesuRepairDialog *self)
{
  g_autoptr(KesuRepair) repair = kesu_repair_copy (self->repair);
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  gboolean ok;

  self->show_all_problems = TRUE;
  if (revalidate (self, repair) > 0)
    return FALSE;

  problem = kesu_repair_check (repair, kesu_clock_now_unix ());
  if (problem != NULL)
    {
      gtk_label_set_text (self->error_label, problem);
      gtk_widget_set_visible (self->error_box, TRUE);
      return FALSE;
    }

  if (repair->id > 0)
    ok = kesu_store_update_repair (self->store, repair, &error);
  else
    ok = kesu_store_add_repair (self->store, repair, &error) > 0;
  if (!ok)
    {
      /* What was typed stays, with the store's reason above it. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (self->error_box, TRUE);
      return FALSE;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_clicked_cb (KesuRepairDialog *self)
{
  save (self);
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  save (KESU_REPAIR_DIALOG (widget));
  return TRUE;
}

static GtkWidget *
add_entry (KesuRepairDialog *self,
           int              *next,
           Field             field,
           const char       *title,
           GtkWidget        *shown,
           GtkWidget        *entry,
           const char       *placeholder)
{
  self->inputs[field] = entry;
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_object_set_data (G_OBJECT (entry), "kesu-field", GINT_TO_POINTER (field));
  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, 0);
  self->errors[field] = kesu_form_grid_add_row (GTK_GRID (self->grid), next, title, shown,
                                                entry, FALSE);
  return entry;
}

static void
build_form (KesuRepairDialog *self)
{
  g_autoptr(GtkStringList) systems = gtk_string_list_new (NULL);
  GtkWidget *shown, *entry, *scroller, *view;
  GtkTextBuffer *buffer;
  int next = 0;

  shown = kesu_datetime_input_new (9, &entry);
  add_entry (self, &next, FIELD_STARTED, _("Came in *"), shown, entry, _("YYYY-MM-DD HH:MM"));
  shown = kesu_datetime_input_new (17, &entry);
  add_entry (self, &next, FIELD_FINISHED, _("In the shop until"), shown, entry,
             _("Empty while the car is still in the shop"));
  entry = gtk_entry_new ();
  gtk_widget_set_hexpand (entry, TRUE);
  add_entry (self, &next, FIELD_MILEAGE, _("Mileage (km)"), entry, entry, NULL);

  for (guint i = 0; i < KESU_N_FAULT_SYSTEMS; i++)
    gtk_string_list_append (systems, kesu_fault_system_to_label (i));
  self->inputs[FIELD_SYSTEM] = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&systems)),
                                                  NULL);
  gtk_widget_set_hexpand (self->inputs[FIELD_SYSTEM], TRUE);
  self->errors[FIELD_SYSTEM] = kesu_form_grid_add_row (GTK_GRID (self->grid), &next,
                                                       _("Fault system *"),
                                                       self->inputs[FIELD_SYSTEM],
                                                       self->inputs[FIELD_SYSTEM], FALSE);

  scroller = kesu_text_input_new (72, &view);
  self->inputs[FIELD_FAULT] = view;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_object_set_data (G_OBJECT (buffer), "kesu-field", GINT_TO_POINTER (FIELD_FAULT));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, 0);
  self->errors[FIELD_FAULT] = kesu_form_grid_add_row (GTK_GRID (self->grid), &next,
                                                      _("What was wrong *"), scroller, view,
                                                      TRUE);

  entry = gtk_entry_new ();
  gtk_widget_set_hexpand (entry, TRUE);
  add_entry (self, &next, FIELD_PART, _("Main part replaced"), entry, entry,
             _("e.g. valve body; empty when none was replaced"));
}

static void
fill_from_repair (KesuRepairDialog *self)
{
  g_autofree char *started = format_datetime (self->repair->started_at);
  g_autofree char *finished = format_datetime (self->repair->finished_at);
  g_autofree char *mileage = self->repair->mileage_km >= 0
                             ? g_strdup_printf ("%" G_GINT64_FORMAT, self->repair->mileage_km)
                             : g_strdup ("");

  kesu_input_set_text (self->inputs[FIELD_STARTED], started);
  kesu_input_set_text (self->inputs[FIELD_FINISHED], finished);
  kesu_input_set_text (self->inputs[FIELD_MILEAGE], mileage);
  if ((guint) self->repair->system < KESU_N_FAULT_SYSTEMS)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->inputs[FIELD_SYSTEM]),
                                self->repair->system);
  kesu_input_set_text (self->inputs[FIELD_FAULT], self->repair->fault);
  kesu_input_set_text (self->inputs[FIELD_PART], self->repair->part_replaced);
  /* Filled in by the program, not typed: no problem is shown yet. */
  for (guint f = 0; f < N_FIELDS; f++)
    self->touched[f] = FALSE;
  revalidate (self, NULL);
}

static void
kesu_repair_dialog_dispose (GObject *object)
{
  KesuRepairDialog *self = KESU_REPAIR_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_REPAIR_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_repair_dialog_parent_class)->dispose (object);
}

static void
kesu_repair_dialog_finalize (GObject *object)
{
  KesuRepairDialog *self = KESU_REPAIR_DIALOG (object);

  g_clear_pointer (&self->repair, kesu_repair_free);

  G_OBJECT_CLASS (kesu_repair_dialog_parent_class)->finalize (object);
}

static void
kesu_repair_dialog_class_init (KesuRepairDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_repair_dialog_dispose;
  object_class->finalize = kesu_repair_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-repair-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuRepairDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KesuRepairDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, KesuRepairDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuRepairDialog, grid);
  gtk_widget_class_bind_template_child (widget_class, KesuRepairDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* Return in the fault text starts a new line; Ctrl+Return saves from anywhere. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                save_shortcut_cb, NULL);
}

static void
kesu_repair_dialog_init (KesuRepairDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_form (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

KesuRepairDialog *
kesu_repair_dialog_new (GtkWindow  *parent,
                        KesuStore  *store,
                        const char *vin,
                        gint64      complaint_id,
                        gint64      repair_id)
{
  KesuRepairDialog *self;
  g_autofree char *intro = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail (repair_id > 0 || vin != NULL, NULL);

  self = g_object_new (KESU_TYPE_REPAIR_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (repair_id > 0)
    self->repair = kesu_store_get_repair (store, repair_id, &error);
  if (self->repair == NULL)
    {
      if (error != NULL)
        g_warning ("The repair %" G_GINT64_FORMAT " cannot be read: %s", repair_id,
                   error->message);
      self->repair = kesu_repair_new ();
      self->repair->vin = g_strdup (vin);
      self->repair->complaint_id = complaint_id;
      /* The usual case: the car is in the workshop now. */
      self->repair->started_at = kesu_clock_now_unix ();
      gtk_window_set_title (GTK_WINDOW (self), _("Add Repair"));
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("Edit Repair"));

  /* Translators: %s is a VIN */
  intro = g_strdup_printf (_("A visit of %s to this branch's workshop. Each repair counts "
                             "for the 三包 rules: the same fault repaired again, the days "
                             "in the shop and a main part replaced."), self->repair->vin);
  gtk_label_set_text (self->intro_label, intro);
  fill_from_repair (self);
  return self;
}

/* ---- for tests ---- */

void
_kesu_repair_dialog_fill (KesuRepairDialog *self,
                          const char       *started,
                          const char       *finished,
                          const char       *mileage,
                          int               system,
                          const char       *fault,
                          const char       *part)
{
  const char *texts[N_FIELDS] = { started, finished, mileage, NULL, fault, part };

  g_return_if_fail (KESU_IS_REPAIR_DIALOG (self));

  for (guint f = 0; f < N_FIELDS; f++)
    if (texts[f] != NULL)
      kesu_input_set_text (self->inputs[f], texts[f]);
  if (system >= 0)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->inputs[FIELD_SYSTEM]), system);
}

gboolean
_kesu_repair_dialog_save (KesuRepairDialog *self)
{
  g_return_val_if_fail (KESU_IS_REPAIR_DIALOG (self), FALSE);
  return save (self);
}

char *
_kesu_repair_dialog_dup_problems (KesuRepairDialog *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (KESU_IS_REPAIR_DIALOG (self), NULL);

  if (gtk_widget_get_visible (self->error_box))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (self->error_label));
  for (guint f = 0; f < N_FIELDS; f++)
    if (gtk_widget_get_visible (self->errors[f]))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (self->errors[f])));
  return g_string_free (text, FALSE);
}
