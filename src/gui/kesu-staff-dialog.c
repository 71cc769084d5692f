/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-staff-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-auth.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-gui-util.h"
#include "kesu-staff-dialog-private.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

/* The rules (who may change whom, the last administrator, nobody deactivating
 * themselves) live in core (kesu-auth.c, kesu_store_update_staff): this window shows
 * kesu_store_list_all_staff () and shows the store's message when it refuses. */

struct _KesuStaffDialog
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  GtkWidget  *staff_grid;
  GtkWidget  *message;
  GtkWidget  *limit_entries[KESU_N_ROLES];
  GtkWidget  *limit_errors[KESU_N_ROLES];
  GtkWidget  *limits_status;
  GtkWidget  *save_limits;
};

G_DEFINE_FINAL_TYPE (KesuStaffDialog, kesu_staff_dialog, GTK_TYPE_WINDOW)

static void refresh (KesuStaffDialog *self);

static void
show_message (KesuStaffDialog *self,
              const char      *text,
              gboolean         problem)
{
  gtk_label_set_text (GTK_LABEL (self->message), text != NULL ? text : "");
  gtk_widget_set_visible (self->message, text != NULL);
  if (problem)
    {
      gtk_widget_add_css_class (self->message, "error");
      gtk_widget_remove_css_class (self->message, "success");
    }
  else
    {
      gtk_widget_add_css_class (self->message, "success");
      gtk_widget_remove_css_class (self->message, "error");
    }
}

/* ---- the form: a new person, or a person's details ---- */

typedef struct
{
  KesuStaffDialog *self;
  gint64           staff_id;   /* 0: a new person */
  GArray          *manager_ids;
  GtkWidget       *name;
  GtkWidget       *role;
  GtkWidget       *phone;
  GtkWidget       *manager;
  GtkWidget       *pin;        /* new person only */
  GtkWidget       *pin_again;
  GtkWidget       *error;
} Form;

static void
form_free (gpointer data)
{
  Form *form = data;

  g_clear_pointer (&form->manager_ids, g_array_unref);
  g_object_unref (form->self);
  g_free (form);
}

static void
form_show_problem (Form       *form,
                   const char *problem)
{
  kesu_show_field_problem (form->error, NULL, problem);
}

/* Both PIN entries: empty (no PIN yet) or the same 4 to 8 digits.  *out_pin: NULL when
 * no PIN is given. */
static gboolean
read_pins (GtkWidget  *pin_entry,
           GtkWidget  *again_entry,
           gboolean    required,
           char      **out_pin,
           GError    **error)
{
  g_autofree char *pin = kesu_input_dup_text (pin_entry);
  g_autofree char *again = kesu_input_dup_text (again_entry);

  *out_pin = NULL;
  if (pin[0] == '\0' && again[0] == '\0' && !required)
    return TRUE;
  if (!kesu_pin_check (pin, error))
    return FALSE;
  if (g_strcmp0 (pin, again) != 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The two PINs are not the same: enter the new PIN twice."));
      return FALSE;
    }
  *out_pin = g_steal_pointer (&pin);
  return TRUE;
}

/* Adds the person with their manager and PIN in one transaction: nobody half-added. */
static gint64
add_person (KesuStore   *store,
            const char  *name,
            KesuRole     role,
            const char  *phone,
            gint64       manager_id,
            const char  *pin,
            GError     **error)
{
  KesuDb *db = kesu_store_get_db (store);
  g_autoptr(KesuStaff) staff = NULL;
  gint64 id;

  if (!kesu_db_begin (db, error))
    return 0;
  id = kesu_store_add_staff (store, name, role, phone, error);
  if (id <= 0)
    goto fail;
  if (manager_id > 0)
    {
      staff = kesu_store_get_staff (store, id);
      if (staff == NULL)
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_IO,
                               _("The new person could not be read back."));
          goto fail;
        }
      staff->manager_id = manager_id;
      if (!kesu_store_update_staff (store, staff, error))
        goto fail;
    }
  if (pin != NULL && !kesu_store_set_pin (store, id, pin, error))
    goto fail;
  if (!kesu_db_commit (db, error))
    goto fail;
  return id;

fail:
  kesu_db_rollback (db);
  return 0;
}

static gboolean
form_save (GtkWidget *dialog)
{
  Form *form = g_object_get_data (G_OBJECT (dialog), "kesu-form");
  KesuStaffDialog *self = form->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kesu_input_dup_text (form->name);
  g_autofree char *phone = kesu_input_dup_text (form->phone);
  g_autofree char *normalized = NULL;
  g_autofree char *pin = NULL;
  KesuRole role = gtk_drop_down_get_selected (GTK_DROP_DOWN (form->role));
  gint64 manager_id = kesu_staff_ids_get (form->manager_ids,
                                          gtk_drop_down_get_selected (GTK_DROP_DOWN (form->manager)));

  g_strstrip (name);
  if (name[0] == '\0')
    {
      form_show_problem (form, _("Enter the person's name."));
      return FALSE;
    }
  if (!kesu_validate_text (name, KESU_SHORT_TEXT_MAX_CHARS, TRUE, &error))
    {
      form_show_problem (form, error->message);
      return FALSE;
    }
  if (!kesu_text_is_blank (phone) && !kesu_validate_phone (phone, &normalized, &error))
    {
      form_show_problem (form, error->message);
      return FALSE;
    }
  if ((guint) role >= KESU_N_ROLES)
    {
      form_show_problem (form, _("Choose the person's role."));
      return FALSE;
    }

  if (form->staff_id == 0)
    {
      if (!read_pins (form->pin, form->pin_again, FALSE, &pin, &error)
          || add_person (self->store, name, role, normalized, manager_id, pin, &error) <= 0)
        {
          form_show_problem (form, error->message);
          return FALSE;
        }
    }
  else
    {
      g_autoptr(KesuStaff) staff = kesu_store_get_staff (self->store, form->staff_id);

      if (staff == NULL)
        {
          form_show_problem (form, _("This person is no longer in the staff list."));
          return FALSE;
        }
      g_free (staff->name);
      staff->name = g_strdup (name);
      g_free (staff->phone);
      staff->phone = g_strdup (normalized);
      staff->role = role;
      staff->manager_id = manager_id;
      if (!kesu_store_update_staff (self->store, staff, &error))
        {
          form_show_problem (form, error->message);
          return FALSE;
        }
    }
  show_message (self, NULL, FALSE);
  refresh (self);
  return TRUE;
}

static void
form_response_cb (GtkDialog *dialog,
                  int        response,
                  gpointer   user_data)
{
  if (response == GTK_RESPONSE_ACCEPT && !form_save (GTK_WIDGET (dialog)))
    return;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
grid_add (GtkGrid    *grid,
          int        *row,
          const char *title,
          GtkWidget  *input)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (title);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), input);
  gtk_widget_add_css_class (label, "kesu-field-label");
  gtk_widget_set_hexpand (input, TRUE);
  gtk_grid_attach (grid, label, 0, *row, 1, 1);
  gtk_grid_attach (grid, input, 1, (*row)++, 1, 1);
}

static GtkWidget *
pin_entry_new (const char *name)
{
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), KESU_PIN_MAX_DIGITS + 2);
  gtk_widget_set_name (entry, name);
  return entry;
}

/* A modal form over the staff window with Cancel and @accept, its Form (for
 * @staff_id) and *out_grid, the grid its rows go in. */
static GtkWidget *
form_dialog_new (KesuStaffDialog  *self,
                 const char       *title,
                 const char       *accept,
                 int               width,
                 gint64            staff_id,
                 Form            **out_form,
                 GtkWidget       **out_grid)
{
  GtkWidget *dialog, *grid;
  Form *form;

  dialog = gtk_dialog_new_with_buttons (title, GTK_WINDOW (self),
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                        | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        accept, GTK_RESPONSE_ACCEPT, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), width, -1);
  form = g_new0 (Form, 1);
  form->self = g_object_ref (self);
  form->staff_id = staff_id;
  g_object_set_data_full (G_OBJECT (dialog), "kesu-form", form, form_free);

  grid = kesu_dialog_grid_new (8);
  *out_form = form;
  *out_grid = grid;
  return dialog;
}

/* The PIN and the same PIN again, on two rows from *row. */
static void
pin_rows_add (Form       *form,
              GtkGrid    *grid,
              int        *row,
              const char *pin_title)
{
  form->pin = pin_entry_new ("pin");
  grid_add (grid, row, pin_title, form->pin);
  form->pin_again = pin_entry_new ("pin-again");
  grid_add (grid, row, _("PIN a_gain"), form->pin_again);
}

static GtkWidget *
hint_label_new (const char *text)
{
  GtkWidget *hint = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  return hint;
}

/* Ends the form with the line for its problems at @row and shows it; Enter accepts. */
static GtkWindow *
form_dialog_present (GtkWidget *dialog,
                     Form      *form,
                     GtkWidget *grid,
                     int        row,
                     GCallback  response_cb)
{
  form->error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (form->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (form->error), 0);
  gtk_widget_add_css_class (form->error, "error");
  gtk_widget_set_visible (form->error, FALSE);
  gtk_grid_attach (GTK_GRID (grid), form->error, 0, row, 2, 1);

  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", response_cb, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static GtkWindow *
form_new (KesuStaffDialog *self,
          gint64           staff_id)
{
  g_autoptr(KesuStaff) staff = staff_id > 0 ? kesu_store_get_staff (self->store, staff_id)
                                            : NULL;
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) managers = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) all = kesu_store_list_staff (self->store);
  GtkWidget *dialog, *grid;
  Form *form;
  gint64 nobody = 0;
  int row = 0;

  dialog = form_dialog_new (self, staff != NULL ? _("Edit Person") : _("Add Person"),
                            staff != NULL ? _("_Save") : _("_Add"), 480,
                            staff != NULL ? staff->id : 0, &form, &grid);
  form->manager_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  form->name = gtk_entry_new ();
  gtk_widget_set_name (form->name, "name");
  gtk_entry_set_activates_default (GTK_ENTRY (form->name), TRUE);
  if (staff != NULL)
    kesu_input_set_text (form->name, staff->name);
  grid_add (GTK_GRID (grid), &row, _("_Name"), form->name);

  for (guint i = 0; i < KESU_N_ROLES; i++)
    gtk_string_list_append (roles, kesu_role_to_label (i));
  form->role = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&roles)), NULL);
  gtk_widget_set_name (form->role, "role");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form->role),
                              staff != NULL ? staff->role : KESU_ROLE_SERVICE_ADVISOR);
  grid_add (GTK_GRID (grid), &row, _("_Role"), form->role);

  form->phone = gtk_entry_new ();
  gtk_widget_set_name (form->phone, "phone");
  gtk_entry_set_placeholder_text (GTK_ENTRY (form->phone), _("Optional"));
  gtk_entry_set_activates_default (GTK_ENTRY (form->phone), TRUE);
  if (staff != NULL && staff->phone != NULL)
    kesu_input_set_text (form->phone, staff->phone);
  grid_add (GTK_GRID (grid), &row, _("_Phone"), form->phone);

  /* Overdue cases escalate to the manager; nobody means the branch's managers. */
  gtk_string_list_append (managers, _("No one (the branch's managers)"));
  g_array_append_val (form->manager_ids, nobody);
  for (guint i = 0; i < all->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (all, i);
      g_autofree char *label = NULL;

      if (s->id == form->staff_id)
        continue;
      label = g_strdup_printf ("%s（%s）", s->name, kesu_role_to_label (s->role));
      gtk_string_list_append (managers, label);
      g_array_append_val (form->manager_ids, s->id);
    }
  /* A manager who has left stays chosen until someone picks another: saving the form for
   * another reason must not drop them without a word. */
  if (staff != NULL && staff->manager_id > 0
      && !kesu_staff_ids_find (form->manager_ids, staff->manager_id, NULL))
    {
      g_autoptr(KesuStaff) former = kesu_store_get_staff (self->store, staff->manager_id);

      if (former != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("%s (inactive)"), former->name);

          gtk_string_list_append (managers, label);
          g_array_append_val (form->manager_ids, former->id);
        }
    }
  form->manager = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&managers)), NULL);
  gtk_widget_set_name (form->manager, "manager");
  if (staff != NULL && staff->manager_id > 0)
    {
      guint position;

      if (kesu_staff_ids_find (form->manager_ids, staff->manager_id, &position))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (form->manager), position);
    }
  grid_add (GTK_GRID (grid), &row, _("_Manager"), form->manager);

  if (staff == NULL)
    {
      pin_rows_add (form, GTK_GRID (grid), &row, _("P_IN"));
      gtk_grid_attach (GTK_GRID (grid),
                       hint_label_new (_("4 to 8 digits, entered twice. Without a PIN the "
                                         "person cannot sign in yet; Set PIN… gives one "
                                         "later.")),
                       1, row++, 1, 1);
    }
  return form_dialog_present (dialog, form, grid, row, G_CALLBACK (form_response_cb));
}

/* ---- a person's PIN ---- */

static gboolean
pin_save (GtkWidget *dialog)
{
  Form *form = g_object_get_data (G_OBJECT (dialog), "kesu-form");
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;

  if (!read_pins (form->pin, form->pin_again, TRUE, &pin, &error)
      || !kesu_store_set_pin (form->self->store, form->staff_id, pin, &error))
    {
      form_show_problem (form, error->message);
      return FALSE;
    }
  show_message (form->self, _("The new PIN is set."), FALSE);
  refresh (form->self);
  return TRUE;
}

static void
pin_response_cb (GtkDialog *dialog,
                 int        response,
                 gpointer   user_data)
{
  if (response == GTK_RESPONSE_ACCEPT && !pin_save (GTK_WIDGET (dialog)))
    return;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWindow *
pin_dialog_new (KesuStaffDialog *self,
                gint64           staff_id)
{
  g_autoptr(KesuStaff) staff = kesu_store_get_staff (self->store, staff_id);
  g_autofree char *title = NULL;
  GtkWidget *dialog, *grid;
  Form *form;
  int row = 0;

  if (staff == NULL)
    return NULL;
  /* Translators: a dialog's title: whose PIN is set */
  title = g_strdup_printf (_("Set the PIN of %s"), staff->name);
  dialog = form_dialog_new (self, title, _("_Set PIN"), 400, staff_id, &form, &grid);
  pin_rows_add (form, GTK_GRID (grid), &row, _("New P_IN"));
  g_object_set (form->pin_again, "activates-default", TRUE, NULL);
  gtk_grid_attach (GTK_GRID (grid),
                   hint_label_new (_("4 to 8 digits. The old PIN stops working, and a "
                                     "lockout after wrong PINs ends.")),
                   0, row++, 2, 1);
  return form_dialog_present (dialog, form, grid, row, G_CALLBACK (pin_response_cb));
}

/* ---- the staff list ---- */

static gint64
button_staff_id (GtkWidget *button)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "kesu-staff");

  return id != NULL ? *id : 0;
}

static gboolean
set_active (KesuStaffDialog *self,
            gint64           staff_id,
            gboolean         active)
{
  g_autoptr(KesuStaff) staff = kesu_store_get_staff (self->store, staff_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (staff == NULL)
    return FALSE;
  staff->active = active;
  if (!kesu_store_update_staff (self->store, staff, &error))
    {
      show_message (self, error->message, TRUE);
      return FALSE;
    }
  text = active ? g_strdup_printf (_("%s is active again and can sign in."), staff->name)
                /* Translators: after deactivating a person; their name */
                : g_strdup_printf (_("%s is inactive: they cannot sign in or be given cases, "
                                     "and old records keep their name."), staff->name);
  show_message (self, text, FALSE);
  refresh (self);
  return TRUE;
}

static void
active_clicked_cb (GtkButton       *button,
                   KesuStaffDialog *self)
{
  gboolean active = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kesu-active"));

  set_active (self, button_staff_id (GTK_WIDGET (button)), !active);
}

static void
edit_clicked_cb (GtkButton       *button,
                 KesuStaffDialog *self)
{
  form_new (self, button_staff_id (GTK_WIDGET (button)));
}

static void
pin_clicked_cb (GtkButton       *button,
                KesuStaffDialog *self)
{
  pin_dialog_new (self, button_staff_id (GTK_WIDGET (button)));
}

static GtkWidget *
row_button (KesuStaffDialog *self,
            const char      *mnemonic,
            gint64           staff_id,
            GCallback        callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);
  gint64 *id = g_new (gint64, 1);

  *id = staff_id;
  g_object_set_data_full (G_OBJECT (button), "kesu-staff", id, g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
cell (const char *text,
      gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text != NULL && text[0] != '\0' ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
refresh (KesuStaffDialog *self)
{
  g_autoptr(GPtrArray) staff = kesu_store_list_all_staff (self->store);
  g_autoptr(GHashTable) names = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* Short words mean different things elsewhere (the audit log's field names): these are
   * the staff list's column titles. */
  const char *titles[] = { NC_("staff column", "Name"), NC_("staff column", "Role"),
                           NC_("staff column", "Phone"), NC_("staff column", "Manager"),
                           NC_("staff column", "Limit"), NC_("staff column", "Status") };
  GtkWidget *child;
  gint64 operator_id = kesu_store_get_operator (self->store);

  while ((child = gtk_widget_get_first_child (self->staff_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->staff_grid), child);

  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    {
      GtkWidget *label = cell (g_dpgettext2 (NULL, "staff column", titles[c]), FALSE);

      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (self->staff_grid), label, c, 0, 1, 1);
    }
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      g_hash_table_insert (names, &s->id, s->name);
    }

  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *button, *name, *status;
      g_autofree char *limit = kesu_format_amount (s->limit_fen);
      g_autofree char *shown_name = NULL;
      const char *manager = s->manager_id > 0
                            ? g_hash_table_lookup (names, &s->manager_id) : NULL;
      int row = i + 1;

      shown_name = s->id == operator_id ? g_strdup_printf (_("%s (you)"), s->name)
                                        : g_strdup (s->name);
      name = cell (shown_name, !s->active);
      gtk_widget_set_name (name, "staff-name");
      g_object_set_data_full (G_OBJECT (name), "kesu-staff-name", g_strdup (s->name), g_free);
      gtk_grid_attach (GTK_GRID (self->staff_grid), name, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->staff_grid), cell (kesu_role_to_label (s->role), !s->active),
                       1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->staff_grid), cell (s->phone, !s->active), 2, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->staff_grid), cell (manager, !s->active), 3, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->staff_grid), cell (limit, !s->active), 4, row, 1, 1);
      status = cell (!s->active ? C_("staff status", "Inactive")
                     : s->has_pin ? C_("staff status", "Active")
                     : C_("staff status", "Active, no PIN yet"), !s->active);
      if (s->active && !s->has_pin)
        gtk_widget_add_css_class (status, "kesu-severity-important");
      gtk_grid_attach (GTK_GRID (self->staff_grid), status, 5, row, 1, 1);

      gtk_box_append (GTK_BOX (buttons), row_button (self, _("_Edit…"), s->id,
                                                     G_CALLBACK (edit_clicked_cb)));
      gtk_box_append (GTK_BOX (buttons), row_button (self, _("Set _PIN…"), s->id,
                                                     G_CALLBACK (pin_clicked_cb)));
      button = row_button (self, s->active ? _("_Deactivate") : _("_Reactivate"), s->id,
                           G_CALLBACK (active_clicked_cb));
      g_object_set_data (G_OBJECT (button), "kesu-active", GINT_TO_POINTER (s->active));
      gtk_widget_set_name (button, s->active ? "deactivate" : "reactivate");
      gtk_box_append (GTK_BOX (buttons), button);
      gtk_grid_attach (GTK_GRID (self->staff_grid), buttons, 6, row, 1, 1);
    }
}

/* ---- role limits ---- */

static void
load_limits (KesuStaffDialog *self)
{
  for (guint r = 0; r < KESU_N_ROLES; r++)
    {
      gint64 fen = kesu_store_get_role_limit (self->store, r);
      g_autofree char *text = NULL;

      /* Always two decimals, without the currency sign: the sign is beside the entry. */
      text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
      kesu_input_set_text (self->limit_entries[r], text);
      kesu_show_field_problem (self->limit_errors[r], self->limit_entries[r], NULL);
    }
}

static gboolean
save_limits (KesuStaffDialog *self)
{
  KesuDb *db = kesu_store_get_db (self->store);
  g_autoptr(GError) error = NULL;
  gint64 fen[KESU_N_ROLES];
  gboolean valid = TRUE;

  /* Every entry is checked before anything is written, and all are written in one
   * transaction: the limits never end up half-saved. */
  for (guint r = 0; r < KESU_N_ROLES; r++)
    {
      g_autofree char *text = kesu_input_dup_text (self->limit_entries[r]);
      g_autoptr(GError) problem = NULL;

      g_strstrip (text);
      if (text[0] == '\0')
        {
          kesu_show_field_problem (self->limit_errors[r], self->limit_entries[r],
                                   _("Enter the limit in CNY (0 when the role may grant no "
                                     "compensation)."));
          valid = FALSE;
        }
      else if (!kesu_parse_amount (text, &fen[r], &problem))
        {
          kesu_show_field_problem (self->limit_errors[r], self->limit_entries[r],
                                   problem->message);
          valid = FALSE;
        }
      else
        kesu_show_field_problem (self->limit_errors[r], self->limit_entries[r], NULL);
    }
  if (!valid)
    {
      gtk_label_set_text (GTK_LABEL (self->limits_status),
                          _("Nothing was saved: put the marked limits right first."));
      gtk_widget_add_css_class (self->limits_status, "error");
      return FALSE;
    }

  if (kesu_db_begin (db, &error))
    {
      guint r;

      for (r = 0; r < KESU_N_ROLES; r++)
        if (fen[r] != kesu_store_get_role_limit (self->store, r)
            && !kesu_store_set_role_limit (self->store, r, fen[r], &error))
          break;
      if (r == KESU_N_ROLES && kesu_db_commit (db, &error))
        {
          gtk_label_set_text (GTK_LABEL (self->limits_status), _("The limits are saved."));
          gtk_widget_remove_css_class (self->limits_status, "error");
          load_limits (self);
          refresh (self);
          return TRUE;
        }
      kesu_db_rollback (db);
    }
  gtk_label_set_text (GTK_LABEL (self->limits_status), error->message);
  gtk_widget_add_css_class (self->limits_status, "error");
  return FALSE;
}

static void
save_limits_clicked_cb (GtkButton       *button,
                        KesuStaffDialog *self)
{
  save_limits (self);
}

static GtkWidget *
limits_section (KesuStaffDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (_("Compensation Limits by Role"));
  GtkWidget *intro = gtk_label_new (_("The most a person of each role may offer a customer "
                                      "on their own authority. A solution beyond the "
                                      "handler's limit needs the approval of someone whose "
                                      "limit covers it."));
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gboolean may = kesu_store_can (self->store, kesu_store_get_operator (self->store),
                                 KESU_PERMISSION_MANAGE_SETTINGS);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-4");
  gtk_box_append (GTK_BOX (box), title);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (box), intro);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  for (guint r = 0; r < KESU_N_ROLES; r++)
    {
      GtkWidget *label = gtk_label_new (kesu_role_to_label (r));
      GtkWidget *sign = gtk_label_new ("¥");
      g_autofree char *deflt = kesu_format_amount (kesu_role_default_limit (r));
      g_autofree char *hint_text = g_strdup_printf (_("default %s"), deflt);
      GtkWidget *hint = gtk_label_new (hint_text);
      g_autofree char *name = g_strdup_printf ("limit-%s", kesu_role_to_key (r));

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "kesu-field-label");
      self->limit_entries[r] = gtk_entry_new ();
      gtk_widget_set_name (self->limit_entries[r], name);
      gtk_entry_set_alignment (GTK_ENTRY (self->limit_entries[r]), 1.0);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->limit_entries[r]), 14);
      gtk_widget_set_sensitive (self->limit_entries[r], may);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->limit_entries[r]);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      self->limit_errors[r] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->limit_errors[r]), 0);
      gtk_label_set_wrap (GTK_LABEL (self->limit_errors[r]), TRUE);
      gtk_widget_add_css_class (self->limit_errors[r], "error");
      gtk_widget_set_visible (self->limit_errors[r], FALSE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), sign, 1, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), self->limit_entries[r], 2, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), hint, 3, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), self->limit_errors[r], 4, r, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);

  self->save_limits = gtk_button_new_with_mnemonic (_("Save _Limits"));
  gtk_widget_set_sensitive (self->save_limits, may);
  g_signal_connect_object (self->save_limits, "clicked", G_CALLBACK (save_limits_clicked_cb),
                           self, 0);
  gtk_box_append (GTK_BOX (line), self->save_limits);
  self->limits_status = gtk_label_new (may ? NULL
                                       : _("Only a manager or the administrator may change "
                                           "the limits."));
  gtk_label_set_xalign (GTK_LABEL (self->limits_status), 0);
  gtk_label_set_wrap (GTK_LABEL (self->limits_status), TRUE);
  gtk_widget_set_hexpand (self->limits_status, TRUE);
  gtk_box_append (GTK_BOX (line), self->limits_status);
  gtk_box_append (GTK_BOX (box), line);
  load_limits (self);
  return box;
}

/* ---- the window ---- */

static void
add_clicked_cb (GtkButton       *button,
                KesuStaffDialog *self)
{
  form_new (self, 0);
}

static void
kesu_staff_dialog_dispose (GObject *object)
{
  KesuStaffDialog *self = KESU_STAFF_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_staff_dialog_parent_class)->dispose (object);
}

static void
kesu_staff_dialog_class_init (KesuStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_staff_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_staff_dialog_init (KesuStaffDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Staff Management"));
  gtk_window_set_default_size (GTK_WINDOW (self), 980, 680);
}

static void
build (KesuStaffDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Person…"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *note;

  gtk_widget_add_css_class (add, "suggested-action");
  gtk_widget_set_name (add, "add-person");
  g_signal_connect_object (add, "clicked", G_CALLBACK (add_clicked_cb), self, 0);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), add);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  note = gtk_label_new (_("Staff are deactivated, never deleted: old records keep their "
                          "names. An inactive person cannot sign in or be given cases."));
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (box), note);

  self->message = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->message), TRUE);
  gtk_widget_set_name (self->message, "message");
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (box), self->message);

  self->staff_grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->staff_grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->staff_grid), 18);
  gtk_box_append (GTK_BOX (box), self->staff_grid);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), limits_section (self));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (self), scroller);
  refresh (self);
}

/* A window saying why the staff dialog does not open. */
GtkWidget *
_kesu_refusal_new (GtkWindow      *parent,
                   KesuStore      *store,
                   KesuPermission  permission,
                   const char     *primary)
{
  g_autoptr(GError) error = NULL;

  if (!kesu_store_check_permission (store, permission, &error) && error == NULL)
    g_set_error_literal (&error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                         _("Sign in as a manager or the administrator."));
  return kesu_message_new (parent, GTK_MESSAGE_WARNING, primary,
                           error != NULL ? error->message : NULL);
}

GtkWidget *
kesu_staff_dialog_new (GtkWindow *parent,
                       KesuStore *store)
{
  KesuStaffDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (!kesu_store_can (store, kesu_store_get_operator (store), KESU_PERMISSION_MANAGE_STAFF))
    return _kesu_refusal_new (parent, store, KESU_PERMISSION_MANAGE_STAFF,
                              _("Only a manager or the administrator may manage staff"));

  self = g_object_new (KESU_TYPE_STAFF_DIALOG, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  build (self);
  return GTK_WIDGET (self);
}

/* ---- for tests ---- */

GtkWindow *
_kesu_staff_dialog_open_form (KesuStaffDialog *self,
                              gint64           staff_id)
{
  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), NULL);
  return form_new (self, staff_id);
}

GtkWindow *
_kesu_staff_dialog_open_pin (KesuStaffDialog *self,
                             gint64           staff_id)
{
  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), NULL);
  return pin_dialog_new (self, staff_id);
}

gboolean
_kesu_staff_form_submit (GtkWindow  *form_window,
                         const char *name,
                         int         role,
                         const char *phone,
                         const char *pin,
                         const char *pin_again)
{
  Form *form = g_object_get_data (G_OBJECT (form_window), "kesu-form");

  g_return_val_if_fail (form != NULL, FALSE);
  if (name != NULL && form->name != NULL)
    kesu_input_set_text (form->name, name);
  if (role >= 0 && form->role != NULL)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (form->role), role);
  if (phone != NULL && form->phone != NULL)
    kesu_input_set_text (form->phone, phone);
  if (pin != NULL && form->pin != NULL)
    gtk_editable_set_text (GTK_EDITABLE (form->pin), pin);
  if (pin_again != NULL && form->pin_again != NULL)
    gtk_editable_set_text (GTK_EDITABLE (form->pin_again), pin_again);
  if (form->name != NULL ? !form_save (GTK_WIDGET (form_window))
                         : !pin_save (GTK_WIDGET (form_window)))
    return FALSE;
  gtk_window_destroy (form_window);
  return TRUE;
}

const char *
_kesu_staff_form_get_error (GtkWindow *form_window)
{
  Form *form = g_object_get_data (G_OBJECT (form_window), "kesu-form");

  g_return_val_if_fail (form != NULL, NULL);
  return gtk_widget_get_visible (form->error) ? gtk_label_get_text (GTK_LABEL (form->error))
                                              : NULL;
}

gboolean
_kesu_staff_dialog_set_active (KesuStaffDialog *self,
                               gint64           staff_id,
                               gboolean         active)
{
  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), FALSE);
  return set_active (self, staff_id, active);
}

const char *
_kesu_staff_dialog_get_message (KesuStaffDialog *self)
{
  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), NULL);
  return gtk_widget_get_visible (self->message) ? gtk_label_get_text (GTK_LABEL (self->message))
                                                : NULL;
}

guint
_kesu_staff_dialog_count_rows (KesuStaffDialog *self,
                               const char      *name)
{
  guint n = 0;

  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (self->staff_grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *shown = g_object_get_data (G_OBJECT (child), "kesu-staff-name");

      if (shown != NULL && (name == NULL || g_strcmp0 (shown, name) == 0))
        n++;
    }
  return n;
}

gboolean
_kesu_staff_dialog_save_limits (KesuStaffDialog    *self,
                                const char * const *texts)
{
  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), FALSE);
  for (guint r = 0; texts != NULL && r < KESU_N_ROLES; r++)
    if (texts[r] != NULL)
      kesu_input_set_text (self->limit_entries[r], texts[r]);
  return save_limits (self);
}

const char *
_kesu_staff_dialog_get_limits_status (KesuStaffDialog *self)
{
  g_return_val_if_fail (KESU_IS_STAFF_DIALOG (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->limits_status));
}
