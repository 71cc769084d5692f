/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-setup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-setup-dialog.h"
#include "kesu-sign-in-page.h"

struct _KesuSetupDialog
{
  GtkWindow    parent_instance;

  KesuStore   *store;

  GtkEditable *branch_name_entry;
  GtkEditable *branch_address_entry;
  GtkEditable *branch_hotline_entry;
  GtkEditable *staff_name_entry;
  GtkEditable *staff_phone_entry;
  GtkDropDown *role_dropdown;
  GtkEditable *pin_entry;
  GtkEditable *repeat_pin_entry;
  GtkLabel    *error_label;
  GtkWidget   *start_button;
};

G_DEFINE_FINAL_TYPE (KesuSetupDialog, kesu_setup_dialog, GTK_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
kesu_setup_dialog_submit (KesuSetupDialog *self)
{
  g_autoptr(GError) error = NULL;
  KesuBranch branch = { 0 };

  g_return_val_if_fail (KESU_IS_SETUP_DIALOG (self), FALSE);

  branch.name = (char *) gtk_editable_get_text (self->branch_name_entry);
  branch.address = (char *) gtk_editable_get_text (self->branch_address_entry);
  branch.hotline = (char *) gtk_editable_get_text (self->branch_hotline_entry);

  /* The branch, the administrator and their PIN in one transaction, and they are signed
   * in: the window opens for them, and nobody else can sign in yet. */
  if (!kesu_new_pin_check (gtk_editable_get_text (self->pin_entry),
                           gtk_editable_get_text (self->repeat_pin_entry), &error) ||
      !kesu_store_setup_with_pin (self->store, &branch,
                                  gtk_editable_get_text (self->staff_name_entry),
                                  gtk_drop_down_get_selected (self->role_dropdown),
                                  gtk_editable_get_text (self->staff_phone_entry),
                                  gtk_editable_get_text (self->pin_entry),
                                  NULL, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  g_signal_emit (self, signals[DONE], 0);
  return TRUE;
}

static void
start_clicked_cb (KesuSetupDialog *self,
                  GtkButton       *button)
{
  kesu_setup_dialog_submit (self);
}

static void
kesu_setup_dialog_dispose (GObject *object)
{
  KesuSetupDialog *self = KESU_SETUP_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_SETUP_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_setup_dialog_parent_class)->dispose (object);
}

static void
kesu_setup_dialog_class_init (KesuSetupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_setup_dialog_dispose;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-setup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, branch_name_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, branch_address_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, branch_hotline_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, staff_name_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, staff_phone_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, repeat_pin_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuSetupDialog, start_button);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
}

static void
kesu_setup_dialog_init (KesuSetupDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < KESU_N_ROLES; i++)
    gtk_string_list_append (roles, kesu_role_to_label (i));
  gtk_drop_down_set_model (self->role_dropdown, G_LIST_MODEL (roles));
  /* Whoever installs Kesu usually looks after it. */
  gtk_drop_down_set_selected (self->role_dropdown, KESU_ROLE_ADMINISTRATOR);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);
  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
}

KesuSetupDialog *
kesu_setup_dialog_new (KesuStore *store)
{
  KesuSetupDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_SETUP_DIALOG, NULL);
  self->store = g_object_ref (store);
  return self;
}
