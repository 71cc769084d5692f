/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-sign-in"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-auth.h"
#include "kesu-error.h"
#include "kesu-sign-in-page.h"

struct _KesuSignInPage
{
  GtkWidget    parent_instance;

  KesuStore   *store;
  /* Who sets the first PIN when the page asks for it; 0 otherwise. */
  gint64       first_pin_holder;
  gboolean     filling;

  GtkImage    *icon;
  GtkLabel    *title_label;
  GtkLabel    *branch_label;
  GtkStack    *mode_stack;
  GtkSearchEntry *search_entry;
  GtkListBox  *staff_list;
  GtkLabel    *pin_label;
  GtkWidget   *pin_entry;
  GtkLabel    *first_pin_label;
  GtkWidget   *new_pin_entry;
  GtkWidget   *repeat_pin_entry;
  GtkLabel    *error_label;
  GtkWidget   *sign_in_button;
};

G_DEFINE_FINAL_TYPE (KesuSignInPage, kesu_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The row of one member of staff keeps what the page needs to know about them. */
#define ROW_STAFF_ID  "kesu-staff-id"
#define ROW_HAS_PIN   "kesu-has-pin"
#define ROW_NAME      "kesu-name"
#define ROW_FOLDED    "kesu-folded"

gboolean
kesu_new_pin_check (const char  *pin,
                    const char  *repeat,
                    GError     **error)
{
  g_return_val_if_fail (pin != NULL && repeat != NULL, FALSE);

  if (!kesu_pin_check (pin, error))
    return FALSE;
  if (!g_str_equal (pin, repeat))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The two PINs are not the same. Type the new PIN twice."));
      return FALSE;
    }
  return TRUE;
}

static void
show_error (KesuSignInPage *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkListBoxRow *
selected_row (KesuSignInPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->staff_list);

  /* A row the search hides is not a choice any more. */
  if (row != NULL && !gtk_widget_get_child_visible (GTK_WIDGET (row)))
    return NULL;
  return row;
}

static gint64
selected_staff (KesuSignInPage *self)
{
  GtkListBoxRow *row = selected_row (self);

  if (row == NULL)
    return 0;
  return *(gint64 *) g_object_get_data (G_OBJECT (row), ROW_STAFF_ID);
}

/* The PIN field and the button follow the choice: someone without a PIN cannot sign in
 * here, and the page says what to do instead. */
static void
update_choice (KesuSignInPage *self)
{
  GtkListBoxRow *row;
  gboolean has_pin;
  const char *name;
  g_autofree char *label = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "choose") != 0)
    return;

  row = selected_row (self);
  if (row == NULL)
    {
      gtk_label_set_text (self->pin_label, _("PIN"));
      gtk_widget_set_sensitive (self->pin_entry, FALSE);
      gtk_widget_set_sensitive (self->sign_in_button, FALSE);
      return;
    }

  has_pin = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), ROW_HAS_PIN));
  name = g_object_get_data (G_OBJECT (row), ROW_NAME);
  /* Translators: %s is a person's name; the label of the PIN field below it */
  label = g_strdup_printf (_("PIN of %s"), name);
  gtk_label_set_text (self->pin_label, label);
  gtk_widget_set_sensitive (self->pin_entry, has_pin);
  gtk_widget_set_sensitive (self->sign_in_button, has_pin);
  if (!has_pin)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a person's name */
      text = g_strdup_printf (_("%s has no PIN yet and cannot sign in. Ask a manager to set "
                                "one (main menu, Staff)."), name);
      show_error (self, text);
    }
  else
    show_error (self, NULL);
}

static void
staff_row_selected_cb (KesuSignInPage *self,
                       GtkListBoxRow  *row,
                       GtkListBox     *list)
{
  if (self->filling)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  update_choice (self);
}

static void
staff_row_activated_cb (KesuSignInPage *self,
                        GtkListBoxRow  *row,
                        GtkListBox     *list)
{
  gtk_list_box_select_row (self->staff_list, row);
  if (gtk_widget_get_sensitive (self->pin_entry))
    gtk_widget_grab_focus (self->pin_entry);
}

static gboolean
staff_filter_func (GtkListBoxRow *row,
                   gpointer       user_data)
{
  KesuSignInPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;

  if (text[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  return strstr (g_object_get_data (G_OBJECT (row), ROW_FOLDED), needle) != NULL;
}

static GtkListBoxRow *
first_visible_row (KesuSignInPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

/* Typing narrows the list, and the first name that fits is chosen: a name and Enter, then
 * the PIN and Enter, signs in without touching the mouse. */
static void
search_changed_cb (KesuSignInPage *self,
                   GtkSearchEntry *entry)
{
  GtkListBoxRow *row;

  gtk_list_box_invalidate_filter (self->staff_list);
  row = selected_row (self);
  if (row == NULL)
    {
      row = first_visible_row (self);
      if (row != NULL)
        gtk_list_box_select_row (self->staff_list, row);
      else
        gtk_list_box_unselect_all (self->staff_list);
    }
  update_choice (self);
}

static void
search_activate_cb (KesuSignInPage *self,
                    GtkSearchEntry *entry)
{
  GtkListBoxRow *row = selected_row (self);

  if (row == NULL)
    row = first_visible_row (self);
  if (row != NULL)
    staff_row_activated_cb (self, row, self->staff_list);
}

static void
search_stop_cb (KesuSignInPage *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
pin_changed_cb (KesuSignInPage *self,
                GtkEditable    *entry)
{
  /* A new try: the last refusal no longer applies (but "no PIN yet" still does). */
  if (!self->filling && gtk_editable_get_text (entry)[0] != '\0' && gtk_widget_get_sensitive (self->pin_entry))
    show_error (self, NULL);
}

static void
pin_activate_cb (KesuSignInPage *self,
                 GtkWidget      *entry)
{
  kesu_sign_in_page_submit (self);
}

static void
new_pin_activate_cb (KesuSignInPage *self,
                     GtkWidget      *entry)
{
  gtk_widget_grab_focus (self->repeat_pin_entry);
}

static void
sign_in_clicked_cb (KesuSignInPage *self,
                    GtkButton      *button)
{
  kesu_sign_in_page_submit (self);
}

static GtkWidget *
staff_row_new (KesuStaff *staff,
               gboolean   has_pin)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (staff->name);
  GtkWidget *role;
  g_autofree char *role_text = NULL;
  g_autofree char *folded = NULL;

  if (has_pin)
    role_text = g_strdup (kesu_role_to_label (staff->role));
  else
    /* Translators: a role ("Service advisor"), then why this person cannot sign in */
    role_text = g_strdup_printf (_("%s · no PIN yet"), kesu_role_to_label (staff->role));
  role = gtk_label_new (role_text);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "kesu-sign-in-name");
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_widget_add_css_class (role, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), role);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "kesu-sign-in-row");

  /* Found by name or by role as typed. */
  {
    g_autofree char *both = g_strconcat (staff->name, " ", kesu_role_to_label (staff->role),
                                         NULL);

    folded = g_utf8_casefold (both, -1);
  }
  g_object_set_data_full (G_OBJECT (row), ROW_STAFF_ID, g_memdup2 (&staff->id, sizeof staff->id),
                          g_free);
  g_object_set_data (G_OBJECT (row), ROW_HAS_PIN, GINT_TO_POINTER (has_pin));
  g_object_set_data_full (G_OBJECT (row), ROW_NAME, g_strdup (staff->name), g_free);
  g_object_set_data_full (G_OBJECT (row), ROW_FOLDED, g_steal_pointer (&folded), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  staff->name, -1);
  return row;
}

static void
fill_staff (KesuSignInPage *self,
            GPtrArray      *staff)
{
  GtkWidget *child;

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list))) != NULL)
    gtk_list_box_remove (self->staff_list, child);
  for (guint i = 0; i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      gtk_list_box_append (self->staff_list, staff_row_new (s, s->has_pin));
    }
  self->filling = FALSE;
}

static void
select_staff (KesuSignInPage *self,
              gint64          staff_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      gint64 *id = g_object_get_data (G_OBJECT (child), ROW_STAFF_ID);

      if (id != NULL && *id == staff_id)
        {
          gtk_list_box_select_row (self->staff_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
  gtk_list_box_unselect_all (self->staff_list);
}

void
kesu_sign_in_page_reset (KesuSignInPage *self,
                         gint64          staff_id)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(KesuBranch) branch = NULL;

  g_return_if_fail (KESU_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_pin_entry), "");
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->filling = FALSE;
  show_error (self, NULL);
  self->first_pin_holder = 0;
  if (self->store == NULL)
    return;

  branch = kesu_store_get_branch (self->store);
  gtk_label_set_text (self->branch_label, branch != NULL ? branch->name : "");
  staff = kesu_store_list_staff (self->store);
  fill_staff (self, staff);
  gtk_list_box_invalidate_filter (self->staff_list);

  if (staff->len == 0)
    {
      gtk_stack_set_visible_child_name (self->mode_stack, "nobody");
      gtk_label_set_text (self->title_label, _("Kesu is locked"));
      gtk_widget_set_visible (self->sign_in_button, FALSE);
      return;
    }
  gtk_widget_set_visible (self->sign_in_button, TRUE);

  self->first_pin_holder = kesu_store_first_pin_holder (self->store);
  if (self->first_pin_holder != 0)
    {
      g_autoptr(KesuStaff) holder = kesu_store_get_staff (self->store, self->first_pin_holder);
      g_autofree char *text = NULL;

      /* Translators: %s is a person's name, %s their role */
      text = g_strdup_printf (_("From now on everyone signs in to Kesu with a PIN, so that "
                                "every change says who made it. Nobody has a PIN yet: %s "
                                "(%s) chooses one now and is signed in; then they set the "
                                "others’ PINs in Staff (main menu)."),
                              holder->name, kesu_role_to_label (holder->role));
      gtk_label_set_text (self->first_pin_label, text);
      gtk_label_set_text (self->title_label, _("Choose Your PIN"));
      gtk_button_set_label (GTK_BUTTON (self->sign_in_button), _("_Set PIN and Sign In"));
      gtk_widget_set_sensitive (self->sign_in_button, TRUE);
      gtk_stack_set_visible_child_name (self->mode_stack, "first-pin");
      gtk_widget_grab_focus (self->new_pin_entry);
      return;
    }

  gtk_label_set_text (self->title_label, _("Who is at the desk?"));
  gtk_button_set_label (GTK_BUTTON (self->sign_in_button), _("_Sign In"));
  gtk_stack_set_visible_child_name (self->mode_stack, "choose");
  self->filling = TRUE;
  select_staff (self, staff_id);
  self->filling = FALSE;
  update_choice (self);
  if (staff_id != 0 && gtk_widget_get_sensitive (self->pin_entry))
    gtk_widget_grab_focus (self->pin_entry);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
submit_first_pin (KesuSignInPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->new_pin_entry));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_pin_entry));
  gint64 staff_id = self->first_pin_holder;

  if (!kesu_new_pin_check (pin, repeat, &error) ||
      !kesu_store_set_pin (self->store, staff_id, pin, &error) ||
      !kesu_store_sign_in (self->store, staff_id, pin, &error))
    {
      show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->repeat_pin_entry), "");
      gtk_widget_grab_focus (self->new_pin_entry);
      return FALSE;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_pin_entry), "");
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, staff_id);
  return TRUE;
}

gboolean
kesu_sign_in_page_submit (KesuSignInPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  gint64 staff_id;

  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  if (self->first_pin_holder != 0)
    return submit_first_pin (self);

  staff_id = selected_staff (self);
  if (staff_id == 0)
    {
      show_error (self, _("Choose your name first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return FALSE;
    }
  if (!gtk_widget_get_sensitive (self->pin_entry))
    {
      update_choice (self);  /* says why: no PIN yet */
      return FALSE;
    }

  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_entry)));
  /* Whatever happens, the PIN does not stay in the field. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  if (pin[0] == '\0')
    {
      show_error (self, _("Type your PIN."));
      gtk_widget_grab_focus (self->pin_entry);
      return FALSE;
    }
  if (!kesu_store_sign_in (self->store, staff_id, pin, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (self->pin_entry);
      return FALSE;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, staff_id);
  return TRUE;
}

gboolean
kesu_sign_in_page_sign_in (KesuSignInPage *self,
                           gint64          staff_id,
                           const char     *pin)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  if (self->first_pin_holder != 0)
    {
      /* Nobody has a PIN: there is nothing to check a PIN against. */
      show_error (self, _("Nobody has a PIN yet: choose the first one here."));
      return FALSE;
    }
  kesu_sign_in_page_reset (self, staff_id);
  if (selected_staff (self) != staff_id)
    {
      show_error (self, _("There is no active member of staff with that number."));
      return FALSE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), pin);
  return kesu_sign_in_page_submit (self);
}

void
kesu_sign_in_page_show_refusal (KesuSignInPage *self,
                                gint64          staff_id,
                                const GError   *error)
{
  g_return_if_fail (KESU_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (error != NULL);

  kesu_sign_in_page_reset (self, staff_id);
  show_error (self, error->message);
}

void
kesu_sign_in_page_set_store (KesuSignInPage *self,
                             KesuStore      *store)
{
  g_return_if_fail (KESU_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (store == NULL || KESU_IS_STORE (store));

  if (g_set_object (&self->store, store))
    kesu_sign_in_page_reset (self, 0);
}

static void
kesu_sign_in_page_dispose (GObject *object)
{
  KesuSignInPage *self = KESU_SIGN_IN_PAGE (object);
  GtkWidget *child;

  /* Taking the list apart changes its selection: nothing is to follow from it now. */
  self->filling = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_SIGN_IN_PAGE);
  /* The scrolled window at the top has no name in the template to be disposed by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_sign_in_page_parent_class)->dispose (object);
}

static void
kesu_sign_in_page_class_init (KesuSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_sign_in_page_dispose;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, icon);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, branch_label);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, staff_list);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, pin_label);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, first_pin_label);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, new_pin_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, repeat_pin_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuSignInPage, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_pin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
}

static void
kesu_sign_in_page_init (KesuSignInPage *self)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Kesu's own icon once installed; run from the build tree, a padlock rather than the
   * "missing image" picture. */
  gtk_image_set_from_icon_name (self->icon, gtk_icon_theme_has_icon (theme, APP_ID)
                                              ? APP_ID : "system-lock-screen-symbolic");
  gtk_list_box_set_filter_func (self->staff_list, staff_filter_func, self, NULL);
}

GtkWidget *
_kesu_sign_in_page_get_pin_entry (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), NULL);
  return self->first_pin_holder != 0 ? self->new_pin_entry : self->pin_entry;
}

GtkWidget *
_kesu_sign_in_page_get_repeat_entry (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), NULL);
  return self->repeat_pin_entry;
}

GtkLabel *
_kesu_sign_in_page_get_error_label (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), NULL);
  return self->error_label;
}

GtkListBox *
_kesu_sign_in_page_get_staff_list (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), NULL);
  return self->staff_list;
}

GtkEditable *
_kesu_sign_in_page_get_search (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

gint64
_kesu_sign_in_page_get_selected (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), 0);
  return selected_staff (self);
}

gboolean
_kesu_sign_in_page_is_first_pin (KesuSignInPage *self)
{
  g_return_val_if_fail (KESU_IS_SIGN_IN_PAGE (self), FALSE);
  return self->first_pin_holder != 0;
}
