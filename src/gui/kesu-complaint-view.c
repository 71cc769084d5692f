/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-complaint-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-validate.h"

struct _KesuComplaintView
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  GPtrArray  *attachments;

  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkWidget  *content;
};

G_DEFINE_FINAL_TYPE (KesuComplaintView, kesu_complaint_view, GTK_TYPE_WINDOW)

static GtkGrid *
add_section (KesuComplaintView *self,
             const char        *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (box, "kesu-form-section");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "kesu-section-title");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 16);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (self->content), box);
  return GTK_GRID (grid);
}

static void
add_value (GtkGrid    *grid,
           const char *title,
           const char *value)
{
  int row = 0;
  GtkWidget *child;
  GtkWidget *label, *value_label;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    row++;
  row /= 2;

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "kesu-field-label");

  value_label = gtk_label_new (value != NULL && value[0] != '\0' ? value : "—");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "kesu-view-value");

  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KesuAttachment  *attachment)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      gsize size = 0;
      gconstpointer data = g_bytes_get_data (attachment->data, &size);

      if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, NULL, &error))
        {
          GtkWindow *parent = gtk_native_dialog_get_transient_for (dialog);
          GtkWidget *message;

          message = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                            GTK_BUTTONS_CLOSE, _("The file was not saved"));
          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s",
                                                    error->message);
          g_signal_connect (message, "response", G_CALLBACK (gtk_window_destroy), NULL);
          gtk_window_present (GTK_WINDOW (message));
        }
    }
  g_object_unref (dialog);
}

static void
save_attachment_cb (GtkButton         *button,
                    KesuComplaintView *self)
{
  KesuAttachment *attachment = g_object_get_data (G_OBJECT (button), "kesu-attachment");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Evidence As"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), attachment->filename);
  /* The attachments array lives as long as this window, which owns the modal chooser. */
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), attachment);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_attachments (KesuComplaintView *self,
                 gint64             complaint_id)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Evidence"));

  gtk_widget_add_css_class (box, "kesu-form-section");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "kesu-section-title");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (self->content), box);

  self->attachments = kesu_store_list_attachments (self->store, complaint_id, &error);
  if (self->attachments == NULL || self->attachments->len == 0)
    {
      GtkWidget *none = gtk_label_new (error ? error->message : _("No files attached."));

      gtk_label_set_xalign (GTK_LABEL (none), 0.0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
      return;
    }

  for (guint i = 0; i < self->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (self->attachments, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *size = g_format_size (g_bytes_get_size (a->data));
      GtkWidget *name = gtk_label_new (a->filename);
      GtkWidget *size_label = gtk_label_new (size);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Save _As…"));

      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (size_label, "dim-label");
      g_object_set_data (G_OBJECT (button), "kesu-attachment", a);
      g_signal_connect_object (button, "clicked", G_CALLBACK (save_attachment_cb), self, 0);
      gtk_box_append (GTK_BOX (row), name);
      gtk_box_append (GTK_BOX (row), size_label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (GTK_BOX (box), row);
    }
}

static void
fill (KesuComplaintView *self,
      KesuComplaint     *complaint)
{
  const KesuIntake *in = kesu_complaint_get_intake (complaint);
  g_autofree char *received = g_date_time_format (in->received_at, "%Y-%m-%d %H:%M");
  g_autofree char *subtitle = NULL;
  g_autofree char *mileage = NULL;
  GtkGrid *grid;

  gtk_label_set_text (self->title_label, kesu_complaint_get_number (complaint));
  subtitle = g_strdup_printf ("%s · %s", in->customer_name,
                              kesu_state_to_label (kesu_complaint_get_state (complaint)));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), kesu_complaint_get_number (complaint));

  grid = add_section (self, _("Intake"));
  add_value (grid, _("Number"), kesu_complaint_get_number (complaint));
  add_value (grid, _("State"), kesu_state_to_label (kesu_complaint_get_state (complaint)));
  add_value (grid, _("Channel"), kesu_channel_to_label (in->channel));
  add_value (grid, _("Received at"), received);
  add_value (grid, _("Received by"), kesu_complaint_get_received_by_name (complaint));
  add_value (grid, _("Category"), kesu_category_to_label (in->category));
  add_value (grid, _("Severity"), kesu_severity_to_label (in->severity));
  add_value (grid, _("Handler"), kesu_complaint_get_handler_name (complaint));

  /* Staff see the full number on screen: they must be able to call the customer. */
  grid = add_section (self, _("Customer"));
  add_value (grid, _("Name"), in->customer_name);
  add_value (grid, _("Phone"), in->customer_phone);
  add_value (grid, _("Other contact"), in->customer_other_contact);
  add_value (grid, _("Address"), in->customer_address);

  if (in->mileage != NULL && in->mileage[0] != '\0')
    /* Translators: a distance in kilometres */
    mileage = g_strdup_printf (_("%s km"), in->mileage);
  grid = add_section (self, _("Vehicle"));
  add_value (grid, _("Model"), in->vehicle_model);
  add_value (grid, _("VIN"), in->vin);
  add_value (grid, _("Plate"), in->plate);
  add_value (grid, _("Purchase date"), in->purchase_date);
  add_value (grid, _("Mileage"), mileage);

  grid = add_section (self, _("The Complaint"));
  add_value (grid, _("What happened"), in->description);
  add_value (grid, _("When it happened"), in->occurred_on);
  add_value (grid, _("Where it happened"), in->occurred_place);
  add_value (grid, _("What the customer wants"), in->demand);
  add_value (grid, _("Contract / repair order"), in->order_number);
  add_value (grid, _("Staff involved"), in->staff_involved);
  add_value (grid, _("Emotional state"), kesu_emotion_to_label (in->emotion));
  add_value (grid, _("Customer type"), kesu_customer_type_to_label (in->customer_type));

  add_attachments (self, kesu_complaint_get_id (complaint));
}

static void
kesu_complaint_view_dispose (GObject *object)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_COMPLAINT_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_complaint_view_parent_class)->dispose (object);
}

static void
kesu_complaint_view_finalize (GObject *object)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (object);

  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_complaint_view_parent_class)->finalize (object);
}

static void
kesu_complaint_view_class_init (KesuComplaintViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_complaint_view_dispose;
  object_class->finalize = kesu_complaint_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-complaint-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, content);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_complaint_view_init (KesuComplaintView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KesuComplaintView *
kesu_complaint_view_present (GtkWindow *parent,
                             KesuStore *store,
                             gint64     complaint_id)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;
  KesuComplaintView *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  complaint = kesu_store_get_complaint (store, complaint_id, &error);
  if (complaint == NULL)
    {
      GtkWidget *message = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                                   GTK_BUTTONS_CLOSE,
                                                   _("The complaint cannot be shown"));

      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s",
                                                error->message);
      g_signal_connect (message, "response", G_CALLBACK (gtk_window_destroy), NULL);
      gtk_window_present (GTK_WINDOW (message));
      return NULL;
    }

  self = g_object_new (KESU_TYPE_COMPLAINT_VIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  fill (self, complaint);
  gtk_window_present (GTK_WINDOW (self));
  /* Nothing selected on opening: the first selectable value would otherwise be. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  return self;
}
