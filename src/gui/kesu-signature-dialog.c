/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-signature-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-signature-dialog.h"

struct _KesuSignatureDialog
{
  GtkWindow  parent_instance;

  GtkWidget *pad;
  GtkWidget *error_label;
};

G_DEFINE_FINAL_TYPE (KesuSignatureDialog, kesu_signature_dialog, GTK_TYPE_WINDOW)

enum {
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
kesu_signature_dialog_accept (KesuSignatureDialog *self)
{
  KesuSignaturePad *pad;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strokes = NULL;
  g_autoptr(GBytes) png = NULL;

  g_return_val_if_fail (KESU_IS_SIGNATURE_DIALOG (self), FALSE);

  pad = KESU_SIGNATURE_PAD (self->pad);
  strokes = kesu_signature_pad_dup_strokes (pad);
  if (!kesu_strokes_check (strokes, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return FALSE;
    }
  png = kesu_signature_pad_to_png (pad);
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNED], 0, png, strokes);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
  return TRUE;
}

static void
done_clicked_cb (GtkButton           *button,
                 KesuSignatureDialog *self)
{
  kesu_signature_dialog_accept (self);
}

static void
pad_changed_cb (KesuSignaturePad    *pad,
                KesuSignatureDialog *self)
{
  gtk_widget_set_visible (self->error_label, FALSE);
}

static void
kesu_signature_dialog_class_init (KesuSignatureDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_BYTES, G_TYPE_PTR_ARRAY);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_signature_dialog_init (KesuSignatureDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 720, -1);
}

KesuSignatureDialog *
kesu_signature_dialog_new (GtkWindow  *parent,
                           const char *title,
                           const char *intro)
{
  KesuSignatureDialog *self = g_object_new (KESU_TYPE_SIGNATURE_DIALOG,
                                            "transient-for", parent,
                                            "title", title, NULL);
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (intro);

  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  gtk_widget_add_css_class (done, "suggested-action");
  g_signal_connect_object (done, "clicked", G_CALLBACK (done_clicked_cb), self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), done);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "kesu-review-intro");
  gtk_box_append (GTK_BOX (box), label);

  self->pad = kesu_signature_pad_new ();
  gtk_widget_set_size_request (self->pad, 560, 220);
  gtk_widget_set_vexpand (self->pad, TRUE);
  g_signal_connect_object (self->pad, "changed", G_CALLBACK (pad_changed_cb), self, 0);
  gtk_box_append (GTK_BOX (box), self->pad);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0.0);
  gtk_widget_add_css_class (self->error_label, "kesu-field-error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);

  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), done);
  return self;
}

KesuSignaturePad *
kesu_signature_dialog_get_pad (KesuSignatureDialog *self)
{
  g_return_val_if_fail (KESU_IS_SIGNATURE_DIALOG (self), NULL);
  return KESU_SIGNATURE_PAD (self->pad);
}
