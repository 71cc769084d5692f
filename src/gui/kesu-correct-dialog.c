/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-correct-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-correct-dialog.h"
#include "kesu-gui-util.h"
#include "kesu-signature.h"
#include "kesu-workflow.h"

typedef struct
{
  KesuField    field;
  const char  *label;   /* N_() */
  gboolean     tall;    /* a multi-line text */
  gsize        offset;  /* of the char * in KesuIntake */
} FieldSpec;

#define TEXT_AT(member) G_STRUCT_OFFSET (KesuIntake, member)

static const FieldSpec field_specs[] = {
  { KESU_FIELD_CUSTOMER_NAME, N_("Customer name *"), FALSE, TEXT_AT (customer_name) },
  { KESU_FIELD_CUSTOMER_PHONE, N_("Phone *"), FALSE, TEXT_AT (customer_phone) },
  { KESU_FIELD_CUSTOMER_OTHER_CONTACT, N_("Other contact"), FALSE,
    TEXT_AT (customer_other_contact) },
  { KESU_FIELD_CUSTOMER_ADDRESS, N_("Address"), FALSE, TEXT_AT (customer_address) },
  { KESU_FIELD_VEHICLE_MODEL, N_("Model"), FALSE, TEXT_AT (vehicle_model) },
  { KESU_FIELD_VIN, N_("VIN"), FALSE, TEXT_AT (vin) },
  { KESU_FIELD_PLATE, N_("Plate"), FALSE, TEXT_AT (plate) },
  { KESU_FIELD_PURCHASE_DATE, N_("Purchase date"), FALSE, TEXT_AT (purchase_date) },
  { KESU_FIELD_MILEAGE, N_("Mileage (km)"), FALSE, TEXT_AT (mileage) },
  { KESU_FIELD_ORDER_NUMBER, N_("Contract / repair order"), FALSE, TEXT_AT (order_number) },
  { KESU_FIELD_STAFF_INVOLVED, N_("Staff involved"), FALSE, TEXT_AT (staff_involved) },
  { KESU_FIELD_OCCURRED_ON, N_("When it happened"), FALSE, TEXT_AT (occurred_on) },
  { KESU_FIELD_OCCURRED_PLACE, N_("Where it happened"), FALSE, TEXT_AT (occurred_place) },
  { KESU_FIELD_DESCRIPTION, N_("What happened *"), TRUE, TEXT_AT (description) },
  { KESU_FIELD_DEMAND, N_("What the customer wants *"), TRUE, TEXT_AT (demand) },
};

struct _KesuCorrectDialog
{
  GtkWindow      parent_instance;

  KesuStore     *store;
  gint64         complaint_id;
  KesuComplaint *complaint;
  gboolean       show_all_problems;
  GtkWidget     *inputs[G_N_ELEMENTS (field_specs)];
  GtkWidget     *errors[G_N_ELEMENTS (field_specs)];
  gboolean       touched[G_N_ELEMENTS (field_specs)];
  GtkWidget     *error_label;
  GtkWidget     *signed_note;
  GtkWidget     *reason;        /* a finished case only: why its record changes */
};

G_DEFINE_FINAL_TYPE (KesuCorrectDialog, kesu_correct_dialog, GTK_TYPE_WINDOW)

static char **
text_slot (KesuIntake *intake,
           gsize       offset)
{
  return G_STRUCT_MEMBER_P (intake, offset);
}

/* The stored record with what the dialog holds now over it. */
static KesuIntake *
build_intake (KesuCorrectDialog *self)
{
  const KesuIntake *stored = kesu_complaint_get_intake (self->complaint);
  KesuIntake *intake = kesu_intake_new ();

  intake->channel = stored->channel;
  intake->received_at = g_date_time_ref (stored->received_at);
  intake->received_by = stored->received_by;
  intake->emotion = stored->emotion;
  intake->customer_type = stored->customer_type;
  intake->category = stored->category;
  intake->severity = stored->severity;
  intake->handler_id = stored->handler_id;
  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    *text_slot (intake, field_specs[i].offset) = kesu_input_dup_text (self->inputs[i]);
  return intake;
}

static guint
revalidate (KesuCorrectDialog *self)
{
  g_autoptr(KesuIntake) intake = build_intake (self);
  g_autoptr(GDateTime) now = kesu_clock_now ();
  guint n_problems = 0;

  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    {
      g_autofree char *problem = kesu_intake_check_field (intake, field_specs[i].field, now);
      GtkWidget *styled = field_specs[i].tall ? gtk_widget_get_parent (self->inputs[i])
                                              : self->inputs[i];

      n_problems += problem != NULL;
      kesu_show_field_problem (self->errors[i], styled,
                               self->touched[i] || self->show_all_problems ? problem : NULL);
    }
  return n_problems;
}

static void
input_changed (KesuCorrectDialog *self,
               GObject           *source)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (source, "kesu-index"));

  self->touched[index] = TRUE;
  gtk_widget_set_visible (self->error_label, FALSE);
  revalidate (self);
}

static void
entry_changed_cb (GtkEditable       *editable,
                  KesuCorrectDialog *self)
{
  input_changed (self, G_OBJECT (editable));
}

static void
buffer_changed_cb (GtkTextBuffer     *buffer,
                   KesuCorrectDialog *self)
{
  input_changed (self, G_OBJECT (buffer));
}

gboolean
_kesu_correct_dialog_save (KesuCorrectDialog *self)
{
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KESU_IS_CORRECT_DIALOG (self), FALSE);

  self->show_all_problems = TRUE;
  if (revalidate (self) > 0)
    return FALSE;
  intake = build_intake (self);
  if (!kesu_store_update_intake (self->store, self->complaint_id, intake,
                                 self->reason != NULL
                                   ? gtk_editable_get_text (GTK_EDITABLE (self->reason)) : NULL,
                                 &error))
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return FALSE;
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_clicked_cb (GtkButton         *button,
                 KesuCorrectDialog *self)
{
  _kesu_correct_dialog_save (self);
}

static void
reason_activate_cb (KesuCorrectDialog *self)
{
  _kesu_correct_dialog_save (self);
}

static void
kesu_correct_dialog_dispose (GObject *object)
{
  KesuCorrectDialog *self = KESU_CORRECT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->complaint);

  G_OBJECT_CLASS (kesu_correct_dialog_parent_class)->dispose (object);
}

static void
kesu_correct_dialog_class_init (KesuCorrectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_correct_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_correct_dialog_init (KesuCorrectDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);
}

static void
build (KesuCorrectDialog *self)
{
  const KesuIntake *stored = kesu_complaint_get_intake (self->complaint);
  g_autoptr(KesuSignature) signature = NULL;
  g_autofree char *title = NULL;
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Corrections"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro;
  GtkWidget *grid = gtk_grid_new ();
  int next = 0;

  /* Translators: a dialog's title, with the complaint number */
  title = g_strdup_printf (_("Correct Details — %s"), kesu_complaint_get_number (self->complaint));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_object (save, "clicked", G_CALLBACK (save_clicked_cb), self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), save);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  intro = gtk_label_new (_("Every change is kept on the timeline with the old and the new "
                           "value."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0.0);
  gtk_box_append (GTK_BOX (box), intro);

  signature = kesu_store_get_signature (self->store, self->complaint_id, KESU_SIGNATURE_INTAKE,
                                        NULL);
  if (signature != NULL && signature->declined_reason == NULL)
    {
      self->signed_note = gtk_label_new (_("The customer signed this record. A correction "
                                           "will show as changed after the customer signed."));
      gtk_label_set_wrap (GTK_LABEL (self->signed_note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (self->signed_note), 0.0);
      gtk_widget_add_css_class (self->signed_note, "kesu-severity-important");
      gtk_box_append (GTK_BOX (box), self->signed_note);
    }

  if (!kesu_state_is_open (kesu_complaint_get_state (self->complaint)))
    {
      GtkWidget *reason_label;

      /* A finished case may be shown to a regulator: the correction says why. */
      reason_label = gtk_label_new_with_mnemonic (_("This case is finished. _Why is its record "
                                                    "being corrected? *"));
      gtk_label_set_wrap (GTK_LABEL (reason_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (reason_label), 0.0);
      gtk_widget_add_css_class (reason_label, "heading");
      self->reason = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (self->reason),
                                      _("For example: the customer brought the registration "
                                        "certificate"));
      gtk_label_set_mnemonic_widget (GTK_LABEL (reason_label), self->reason);
      g_signal_connect_object (self->reason, "activate", G_CALLBACK (reason_activate_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), reason_label);
      gtk_box_append (GTK_BOX (box), self->reason);
    }

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "kesu-field-error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    {
      const char *value = *text_slot ((KesuIntake *) stored, field_specs[i].offset);
      GtkWidget *shown;

      if (field_specs[i].tall)
        {
          shown = kesu_text_input_new (96, &self->inputs[i]);
          kesu_input_set_text (self->inputs[i], value);
          g_object_set_data (G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->inputs[i]))),
                             "kesu-index", GUINT_TO_POINTER (i));
          g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->inputs[i])),
                                   "changed", G_CALLBACK (buffer_changed_cb), self, 0);
        }
      else
        {
          shown = self->inputs[i] = gtk_entry_new ();
          gtk_widget_set_hexpand (shown, TRUE);
          kesu_input_set_text (self->inputs[i], value);
          g_object_set_data (G_OBJECT (self->inputs[i]), "kesu-index", GUINT_TO_POINTER (i));
          g_signal_connect_object (self->inputs[i], "changed", G_CALLBACK (entry_changed_cb),
                                   self, 0);
        }
      self->errors[i] = kesu_form_grid_add_row (GTK_GRID (grid), &next, _(field_specs[i].label),
                                                shown, self->inputs[i], field_specs[i].tall);
    }
  gtk_box_append (GTK_BOX (box), grid);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_window_set_child (GTK_WINDOW (self), scroller);
}

KesuCorrectDialog *
kesu_correct_dialog_present (GtkWindow *parent,
                             KesuStore *store,
                             gint64     complaint_id)
{
  g_autoptr(GError) error = NULL;
  KesuComplaint *complaint;
  KesuCorrectDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  complaint = kesu_store_get_complaint (store, complaint_id, &error);
  if (complaint == NULL)
    {
      kesu_show_error (parent, _("The details cannot be corrected"), error->message);
      return NULL;
    }
  self = g_object_new (KESU_TYPE_CORRECT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = complaint_id;
  self->complaint = complaint;
  build (self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (self->reason != NULL ? self->reason : self->inputs[0]);
  return self;
}

GtkWidget *
_kesu_correct_dialog_get_input (KesuCorrectDialog *self,
                                KesuField          field)
{
  g_return_val_if_fail (KESU_IS_CORRECT_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    if (field_specs[i].field == field)
      return self->inputs[i];
  return NULL;
}

GtkWidget *
_kesu_correct_dialog_get_reason (KesuCorrectDialog *self)
{
  g_return_val_if_fail (KESU_IS_CORRECT_DIALOG (self), NULL);

  return self->reason;
}
