/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-duplicates-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-duplicates-dialog.h"
#include "kesu-duplicates.h"
#include "kesu-gui-util.h"

/* The rules live in core (kesu-duplicates.c): this window shows
 * kesu_store_find_duplicates_of and calls kesu_store_link_complaints and
 * kesu_store_merge_complaint. */

struct _KesuDuplicatesDialog
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  gint64      complaint_id;
  char       *number;
  GPtrArray  *matches;         /* KesuDuplicate */
  GtkWindow  *question;        /* the merge confirmation open now */

  GtkLabel   *intro_label;
  GtkLabel   *error_label;
  GtkWidget  *list;
};

G_DEFINE_FINAL_TYPE (KesuDuplicatesDialog, kesu_duplicates_dialog, GTK_TYPE_WINDOW)

static void refresh (KesuDuplicatesDialog *self);

static const KesuDuplicate *
match_at (KesuDuplicatesDialog *self,
          guint                 position)
{
  if (self->matches == NULL || position >= self->matches->len)
    return NULL;
  return g_ptr_array_index (self->matches, position);
}

static void
show_error (KesuDuplicatesDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
link_at (KesuDuplicatesDialog *self,
         guint                 position)
{
  const KesuDuplicate *d = match_at (self, position);
  g_autoptr(GError) error = NULL;

  if (d == NULL)
    return FALSE;
  if (!kesu_store_link_complaints (self->store, self->complaint_id, d->complaint_id, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  refresh (self);
  return TRUE;
}

static gboolean
destroy_idle_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
merge_response_cb (GtkDialog            *dialog,
                   int                   response,
                   KesuDuplicatesDialog *self)
{
  gint64 into = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "kesu-into");
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT)
    return;
  if (!kesu_store_merge_complaint (self->store, self->complaint_id, into, &error))
    {
      show_error (self, error->message);
      return;
    }
  /* The case lives on in the one it went into: show that one. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  kesu_complaint_view_present (parent, self->store, into);
  /* Not at once: the question over this window is still being answered. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add (destroy_idle_cb, g_object_ref (self));
}

static void
question_destroy_cb (GtkWindow            *question,
                     KesuDuplicatesDialog *self)
{
  if (self->question == question)
    self->question = NULL;
}

static GtkWindow *
merge_at (KesuDuplicatesDialog *self,
          guint                 position)
{
  const KesuDuplicate *d = match_at (self, position);
  GtkWidget *dialog;

  if (d == NULL)
    return NULL;
  if (self->question != NULL)
    gtk_window_destroy (self->question);

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   /* Translators: merging one case into another */
                                   _("Merge %s into %s?"), self->number, d->number);
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog),
    _("Nothing is deleted. %s is withdrawn with the reason “Merged into %s”, the two are "
      "linked, and the timeline of %s shows the events of both cases."),
    self->number, d->number, d->number);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Merge"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  g_object_set_data_full (G_OBJECT (dialog), "kesu-into",
                          g_memdup2 (&d->complaint_id, sizeof d->complaint_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (question_destroy_cb), self, 0);
  self->question = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return self->question;
}

static guint
button_position (GtkButton *button)
{
  return kesu_index_button_get_index (button);
}

static void
open_clicked_cb (GtkButton            *button,
                 KesuDuplicatesDialog *self)
{
  const KesuDuplicate *d = match_at (self, button_position (button));

  if (d != NULL)
    kesu_complaint_view_present (GTK_WINDOW (self), self->store, d->complaint_id);
}

static void
link_clicked_cb (GtkButton            *button,
                 KesuDuplicatesDialog *self)
{
  link_at (self, button_position (button));
}

static void
merge_clicked_cb (GtkButton            *button,
                  KesuDuplicatesDialog *self)
{
  merge_at (self, button_position (button));
}

static GtkWidget *
match_row (KesuDuplicatesDialog *self,
           const KesuDuplicate  *d,
           guint                 position)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label, *why, *link;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->received_at);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *title = g_strdup_printf ("%s · %s · %s", d->number,
                                            kesu_state_to_label (d->state), day);
  g_autoptr(GString) who = g_string_new (d->customer_name != NULL ? d->customer_name : "");

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (head), label);
  why = gtk_label_new (d->why);
  gtk_widget_add_css_class (why, "kesu-duplicate-why");
  gtk_widget_set_valign (why, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (head), why);
  gtk_box_append (GTK_BOX (row), head);

  if (d->plate != NULL && d->plate[0] != '\0')
    g_string_append_printf (who, " · %s", d->plate);
  if (d->vin != NULL && d->vin[0] != '\0')
    g_string_append_printf (who, " · %s", d->vin);
  label = gtk_label_new (who->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (row), label);
  if (d->description != NULL && d->description[0] != '\0')
    {
      label = gtk_label_new (d->description);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (row), label);
    }

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), kesu_index_button_new (_("_Open"), position,
                                                            G_CALLBACK (open_clicked_cb), self));
  link = kesu_index_button_new (d->linked ? _("Linked") : _("_Link"), position,
                                G_CALLBACK (link_clicked_cb), self);
  gtk_widget_set_sensitive (link, !d->linked);
  gtk_widget_set_tooltip_text (link, _("The same problem, handled in each case on its own"));
  gtk_box_append (GTK_BOX (buttons), link);
  gtk_box_append (GTK_BOX (buttons),
                  kesu_index_button_new (_("_Merge Into It…"), position,
                                         G_CALLBACK (merge_clicked_cb), self));
  gtk_box_append (GTK_BOX (row), buttons);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 10);
  gtk_widget_set_margin_bottom (row, 10);
  return row;
}

static void
refresh (KesuDuplicatesDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  self->matches = kesu_store_find_duplicates_of (self->store, self->complaint_id, &error);
  if (self->matches == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < self->matches->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list),
                         match_row (self, g_ptr_array_index (self->matches, i), i));
}

static void
kesu_duplicates_dialog_dispose (GObject *object)
{
  KesuDuplicatesDialog *self = KESU_DUPLICATES_DIALOG (object);

  if (self->question != NULL)
    gtk_window_destroy (self->question);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_DUPLICATES_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_duplicates_dialog_parent_class)->dispose (object);
}

static void
kesu_duplicates_dialog_finalize (GObject *object)
{
  KesuDuplicatesDialog *self = KESU_DUPLICATES_DIALOG (object);

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_free (self->number);

  G_OBJECT_CLASS (kesu_duplicates_dialog_parent_class)->finalize (object);
}

static void
kesu_duplicates_dialog_class_init (KesuDuplicatesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_duplicates_dialog_dispose;
  object_class->finalize = kesu_duplicates_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-duplicates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuDuplicatesDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KesuDuplicatesDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuDuplicatesDialog, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_duplicates_dialog_init (KesuDuplicatesDialog *self)
{
  GtkWidget *none;

  gtk_widget_init_template (GTK_WIDGET (self));
  none = gtk_label_new (_("No open or recent case of the same customer or vehicle."));
  gtk_label_set_wrap (GTK_LABEL (none), TRUE);
  gtk_widget_add_css_class (none, "dim-label");
  gtk_widget_set_margin_top (none, 18);
  gtk_widget_set_margin_bottom (none, 18);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), none);
}

KesuDuplicatesDialog *
kesu_duplicates_dialog_new (GtkWindow *parent,
                            KesuStore *store,
                            gint64     complaint_id)
{
  KesuDuplicatesDialog *self;
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_DUPLICATES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = complaint_id;
  complaint = kesu_store_get_complaint (store, complaint_id, NULL);
  self->number = g_strdup (complaint != NULL ? kesu_complaint_get_number (complaint) : "—");
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Open cases, and cases of the last %u day, of the same "
                                        "customer (phone) or the same vehicle (VIN or plate) "
                                        "as %s.",
                                        "Open cases, and cases of the last %u days, of the "
                                        "same customer (phone) or the same vehicle (VIN or "
                                        "plate) as %s.",
                                        kesu_store_get_duplicate_window (store)),
                           kesu_store_get_duplicate_window (store), self->number);
  gtk_label_set_text (self->intro_label, intro);
  refresh (self);
  return self;
}

guint
_kesu_duplicates_dialog_get_n_matches (KesuDuplicatesDialog *self)
{
  g_return_val_if_fail (KESU_IS_DUPLICATES_DIALOG (self), 0);
  return self->matches != NULL ? self->matches->len : 0;
}

char *
_kesu_duplicates_dialog_dup_match (KesuDuplicatesDialog *self,
                                   guint                 position)
{
  const KesuDuplicate *d;

  g_return_val_if_fail (KESU_IS_DUPLICATES_DIALOG (self), NULL);
  d = match_at (self, position);
  return d != NULL ? g_strdup_printf ("%s %s", d->number, d->why) : NULL;
}

gboolean
_kesu_duplicates_dialog_link (KesuDuplicatesDialog *self,
                              guint                 position)
{
  g_return_val_if_fail (KESU_IS_DUPLICATES_DIALOG (self), FALSE);
  return link_at (self, position);
}

GtkWindow *
_kesu_duplicates_dialog_merge (KesuDuplicatesDialog *self,
                               guint                 position)
{
  g_return_val_if_fail (KESU_IS_DUPLICATES_DIALOG (self), NULL);
  return merge_at (self, position);
}
