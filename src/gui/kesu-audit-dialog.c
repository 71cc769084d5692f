/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-audit-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-audit-dialog-private.h"
#include "kesu-audit-export.h"
#include "kesu-audit.h"
#include "kesu-auth.h"
#include "kesu-gui-util.h"
#include "kesu-staff-dialog-private.h"
#include "kesu-validate.h"

/* The log is read a page at a time (KESU_AUDIT_PAGE rows, newest first) into a
 * GListStore shown by a GtkColumnView, which only makes widgets for the rows on screen:
 * a log of years stays as quick to open as a log of a day. */

/* ---- one row of the list ---- */

#define KESU_TYPE_AUDIT_ITEM (kesu_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (KesuAuditItem, kesu_audit_item, KESU, AUDIT_ITEM, GObject)

struct _KesuAuditItem
{
  GObject         parent_instance;
  KesuAuditEntry *entry;
};

G_DEFINE_FINAL_TYPE (KesuAuditItem, kesu_audit_item, G_TYPE_OBJECT)

static void
kesu_audit_item_finalize (GObject *object)
{
  KesuAuditItem *self = KESU_AUDIT_ITEM (object);

  g_clear_pointer (&self->entry, kesu_audit_entry_free);
  G_OBJECT_CLASS (kesu_audit_item_parent_class)->finalize (object);
}

static void
kesu_audit_item_class_init (KesuAuditItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kesu_audit_item_finalize;
}

static void
kesu_audit_item_init (KesuAuditItem *self)
{
}

/* ---- the dialog ---- */

typedef enum
{
  COLUMN_WHEN,
  COLUMN_WHO,
  COLUMN_COMPLAINT,
  COLUMN_WHAT,
  COLUMN_OLD,
  COLUMN_NEW,
  N_COLUMNS
} Column;

struct _KesuAuditDialog
{
  GtkWindow        parent_instance;

  KesuStore       *store;
  GListStore      *entries;
  KesuAuditFilter  filter;
  gboolean         filter_valid;
  GArray          *person_ids;    /* by position in the person drop-down; -1: anyone */
  GHashTable      *staff_names;   /* "id" → name, for values that are staff ids */
  gint64           n_matching;

  GtkWidget       *person;
  GtkWidget       *complaint;
  GtkWidget       *from;
  GtkWidget       *until;
  GtkWidget       *filter_error;
  GtkWidget       *view;
  GtkWidget       *count_label;
  GtkWidget       *more_button;
  GtkWidget       *export_button;
  GtkWidget       *verify_label;
};

G_DEFINE_FINAL_TYPE (KesuAuditDialog, kesu_audit_dialog, GTK_TYPE_WINDOW)

static char *
value_text (KesuAuditDialog      *self,
            const KesuAuditEntry *e,
            const char           *value)
{
  return kesu_audit_value_text (self->store, self->staff_names, e, value);
}

static char *
column_text (KesuAuditDialog      *self,
             const KesuAuditEntry *e,
             Column                column)
{
  switch (column)
    {
    case COLUMN_WHEN:
      return kesu_format_time (e->at);
    case COLUMN_WHO:
      return g_strdup (e->staff_id > 0 && e->staff_name != NULL && e->staff_name[0] != '\0'
                       ? e->staff_name : _("Kesu"));
    case COLUMN_COMPLAINT:
      return g_strdup (e->complaint_number != NULL && e->complaint_number[0] != '\0'
                       ? e->complaint_number : "—");
    case COLUMN_WHAT:
      if (g_strcmp0 (e->entity, "vehicle") == 0 && e->field != NULL)
        {
          /* A vehicle record is known by its VIN, the first word of the field. */
          g_autofree char *vin = g_strndup (e->field, strcspn (e->field, " "));

          /* Translators: in the audit view: "Vehicle record LFV… · Plate" */
          return g_strdup_printf (_("%s %s · %s"), kesu_audit_entity_label (e->entity), vin,
                                  kesu_audit_field_label (e->entity, e->field));
        }
      /* Translators: in the audit view: the record, then its field: "Complaint · Handler" */
      return g_strdup_printf (_("%s · %s"), kesu_audit_entity_label (e->entity),
                              kesu_audit_field_label (e->entity, e->field));
    case COLUMN_OLD:
      return value_text (self, e, e->old_value);
    case COLUMN_NEW:
      return value_text (self, e, e->new_value);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  KesuAuditItem *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kesu-column"));
  g_autofree char *text = column_text (user_data, row->entry, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* Long values (a complaint's description) show whole when hovered. */
  gtk_widget_set_tooltip_text (label, g_utf8_strlen (text, -1) > 24 ? text : NULL);
}

static void
update_count (KesuAuditDialog *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  g_autofree char *text = NULL;
  g_autofree char *matching = g_strdup_printf ("%'" G_GINT64_FORMAT, self->n_matching);

  if (!self->filter_valid)
    text = g_strdup ("");
  else if (self->n_matching == 0)
    text = g_strdup (_("No changes match."));
  else
    /* Translators: in the audit view: rows shown, then rows that match */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %u of %s change",
                                         "Showing %u of %s changes", (gulong) self->n_matching),
                            shown, matching);
  gtk_label_set_text (GTK_LABEL (self->count_label), text);
  gtk_widget_set_visible (self->more_button, self->filter_valid && shown < self->n_matching);
}

/* Appends the next page of rows under the current filter. */
static void
load_page (KesuAuditDialog *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  KesuAuditFilter filter = self->filter;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  filter.before_id = 0;
  if (n > 0)
    {
      g_autoptr(KesuAuditItem) last = g_list_model_get_item (G_LIST_MODEL (self->entries), n - 1);

      filter.before_id = last->entry->id;
    }
  filter.limit = KESU_AUDIT_PAGE;
  rows = kesu_store_list_audit (self->store, &filter, &error);
  if (rows == NULL)
    {
      kesu_show_field_problem (self->filter_error, NULL, error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      KesuAuditItem *item = g_object_new (KESU_TYPE_AUDIT_ITEM, NULL);

      item->entry = g_ptr_array_index (rows, i);
      g_ptr_array_index (rows, i) = NULL;
      g_ptr_array_add (items, item);
    }
  /* One splice, one items-changed: the view updates once per page. */
  g_list_store_splice (self->entries, n, 0, items->pdata, items->len);
  update_count (self);
}

/* Reads the filter inputs; FALSE (and the problem shown) when one is not valid. */
static gboolean
read_filter (KesuAuditDialog *self)
{
  g_autofree char *number = kesu_input_dup_text (self->complaint);
  g_autofree char *from = kesu_input_dup_text (self->from);
  g_autofree char *until = kesu_input_dup_text (self->until);
  g_autoptr(GError) error = NULL;
  KesuAuditFilter filter;
  guint person = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->person));

  kesu_audit_filter_init (&filter);
  if (person < self->person_ids->len)
    filter.staff_id = g_array_index (self->person_ids, gint64, person);

  g_strstrip (number);
  if (number[0] != '\0')
    {
      filter.complaint_id = kesu_store_find_complaint_by_number (self->store, number);
      if (filter.complaint_id <= 0)
        {
          g_autofree char *text = g_strdup_printf (_("No complaint has the number “%s”."),
                                                   number);

          kesu_show_field_problem (self->filter_error, self->complaint, text);
          return FALSE;
        }
    }
  kesu_show_field_problem (self->filter_error, self->complaint, NULL);

  g_strstrip (from);
  g_strstrip (until);
  if (from[0] != '\0')
    {
      GDate date;
      g_autoptr(GDateTime) start = NULL;

      if (!kesu_validate_date (from, &date, &error))
        {
          kesu_show_field_problem (self->filter_error, self->from, error->message);
          return FALSE;
        }
      start = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                     g_date_get_day (&date), 0, 0, 0);
      filter.from = g_date_time_to_unix (start);
    }
  kesu_show_field_problem (self->filter_error, self->from, NULL);
  if (until[0] != '\0')
    {
      GDate date;
      g_autoptr(GDateTime) day = NULL;
      g_autoptr(GDateTime) next = NULL;

      if (!kesu_validate_date (until, &date, &error))
        {
          kesu_show_field_problem (self->filter_error, self->until, error->message);
          return FALSE;
        }
      /* "To" includes the whole of that day. */
      day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                   g_date_get_day (&date), 0, 0, 0);
      next = g_date_time_add_days (day, 1);
      filter.until = g_date_time_to_unix (next);
    }
  kesu_show_field_problem (self->filter_error, self->until, NULL);
  if (filter.from > 0 && filter.until > 0 && filter.until <= filter.from)
    {
      kesu_show_field_problem (self->filter_error, self->until,
                               _("The end day is before the start day."));
      return FALSE;
    }
  kesu_show_field_problem (self->filter_error, NULL, NULL);
  self->filter = filter;
  return TRUE;
}

static void
reload (KesuAuditDialog *self)
{
  g_list_store_remove_all (self->entries);
  self->filter_valid = read_filter (self);
  gtk_widget_set_sensitive (self->export_button, self->filter_valid);
  if (!self->filter_valid)
    {
      self->n_matching = 0;
      update_count (self);
      return;
    }
  self->n_matching = kesu_store_count_audit (self->store, &self->filter);
  load_page (self);
}

static void
filter_changed_cb (GObject         *object,
                   GParamSpec      *pspec,
                   KesuAuditDialog *self)
{
  reload (self);
}

static void
entry_changed_cb (GtkEditable     *editable,
                  KesuAuditDialog *self)
{
  reload (self);
}

static void
more_clicked_cb (GtkButton       *button,
                 KesuAuditDialog *self)
{
  load_page (self);
}

static void
edge_reached_cb (GtkScrolledWindow *scroller,
                 GtkPositionType    position,
                 KesuAuditDialog   *self)
{
  if (position == GTK_POS_BOTTOM && gtk_widget_get_visible (self->more_button))
    load_page (self);
}

/* ---- verify and export ---- */

static gboolean
verify (KesuAuditDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 broken = 0, n_rows = 0;
  gboolean whole;

  whole = kesu_store_verify_audit (self->store, &broken, &n_rows, &error);
  gtk_widget_remove_css_class (self->verify_label, "success");
  gtk_widget_remove_css_class (self->verify_label, "error");
  if (error != NULL)
    text = g_strdup_printf (_("The history could not be checked: %s"), error->message);
  else if (whole)
    {
      g_autofree char *n = g_strdup_printf ("%'" G_GINT64_FORMAT, n_rows);

      /* Translators: the result of "Verify History"; the number of entries checked */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The history is whole: %s entry checked, none "
                                           "changed.",
                                           "The history is whole: %s entries checked, none "
                                           "changed.", (gulong) n_rows), n);
      gtk_widget_add_css_class (self->verify_label, "success");
    }
  else
    {
      g_autoptr(KesuAuditEntry) entry = kesu_store_get_audit_entry (self->store, broken);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, broken);

      if (entry != NULL)
        {
          g_autofree char *when = kesu_format_time (entry->at);

          /* Translators: the result of "Verify History": the entry's number and time */
          text = g_strdup_printf (_("The history is broken at entry %s (%s): it was changed "
                                    "outside Kesu. Entries from there on cannot be "
                                    "trusted."), number, when);
        }
      else
        text = g_strdup_printf (_("The history is broken at entry %s: an entry is missing or "
                                  "was changed outside Kesu."), number);
    }
  if (!whole)
    gtk_widget_add_css_class (self->verify_label, "error");
  gtk_label_set_text (GTK_LABEL (self->verify_label), text);
  gtk_widget_set_visible (self->verify_label, TRUE);
  return whole;
}

static void
verify_clicked_cb (GtkButton       *button,
                   KesuAuditDialog *self)
{
  verify (self);
}

static gboolean
export_to (KesuAuditDialog *self,
           const char      *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *full = g_str_has_suffix (path, ".xlsx") ? g_strdup (path)
                                                           : g_strconcat (path, ".xlsx", NULL);

  if (!self->filter_valid)
    return FALSE;
  if (!kesu_audit_export_xlsx (self->store, &self->filter, full, &error))
    {
      kesu_show_error (GTK_WINDOW (self), _("The audit log was not exported"), error->message);
      return FALSE;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Exported to %s."), full);

    gtk_label_set_text (GTK_LABEL (self->verify_label), text);
    gtk_widget_remove_css_class (self->verify_label, "error");
    gtk_widget_add_css_class (self->verify_label, "success");
    gtk_widget_set_visible (self->verify_label, TRUE);
  }
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     KesuAuditDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path == NULL)
        kesu_show_error (GTK_WINDOW (self), _("The audit log was not exported"),
                         _("Choose a file on this computer: the workbook cannot be written "
                           "to that place."));
      else
        export_to (self, path);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_clicked_cb (GtkButton       *button,
                   KesuAuditDialog *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = kesu_audit_suggest_filename ();

  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  native = kesu_export_chooser_new (GTK_WINDOW (self), _("Export the Audit Log"), name, filter);
  g_signal_connect_object (native, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- building ---- */

static void
add_column (KesuAuditDialog *self,
            Column           column,
            const char      *title,
            gboolean         expand,
            int              fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "kesu-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->view), col);
  g_object_unref (col);
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *input,
          GtkWidget  *shown)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), input);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), shown);
  return box;
}

static void
build (KesuAuditDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *verify_button = gtk_button_new_with_mnemonic (_("_Verify History"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *shown;
  g_autoptr(GtkStringList) people = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) staff = kesu_store_list_all_staff (self->store);
  GtkSelectionModel *selection;
  gint64 id;

  self->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  g_signal_connect_object (self->export_button, "clicked", G_CALLBACK (export_clicked_cb),
                           self, 0);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), self->export_button);
  g_signal_connect_object (verify_button, "clicked", G_CALLBACK (verify_clicked_cb), self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), verify_button);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* The person drop-down: anyone, Kesu itself (escalations, nobody signed in), then
   * every member of staff, the inactive ones too. */
  self->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->staff_names = kesu_store_audit_staff_names (self->store);
  gtk_string_list_append (people, _("Anyone"));
  id = -1;
  g_array_append_val (self->person_ids, id);
  gtk_string_list_append (people, _("Kesu (nobody signed in)"));
  id = 0;
  g_array_append_val (self->person_ids, id);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);
      g_autofree char *label = s->active ? g_strdup (s->name)
                                         : g_strdup_printf (_("%s (inactive)"), s->name);

      gtk_string_list_append (people, label);
      g_array_append_val (self->person_ids, s->id);
    }
  self->person = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&people)), NULL);
  gtk_box_append (GTK_BOX (filters), labelled (_("_Person"), self->person, self->person));

  self->complaint = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->complaint), "KS-202611-0001");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->complaint), 16);
  gtk_box_append (GTK_BOX (filters), labelled (_("_Complaint"), self->complaint,
                                               self->complaint));
  shown = kesu_date_input_new (&self->from);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->from), 11);
  gtk_widget_set_hexpand (self->from, FALSE);
  gtk_widget_set_hexpand (shown, FALSE);
  gtk_box_append (GTK_BOX (filters), labelled (_("_From"), self->from, shown));
  shown = kesu_date_input_new (&self->until);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->until), 11);
  gtk_widget_set_hexpand (self->until, FALSE);
  gtk_widget_set_hexpand (shown, FALSE);
  gtk_box_append (GTK_BOX (filters), labelled (_("_To"), self->until, shown));
  gtk_box_append (GTK_BOX (box), filters);

  self->filter_error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->filter_error), 0);
  gtk_widget_add_css_class (self->filter_error, "error");
  gtk_widget_set_visible (self->filter_error, FALSE);
  gtk_box_append (GTK_BOX (box), self->filter_error);

  self->entries = g_list_store_new (KESU_TYPE_AUDIT_ITEM);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->entries))));
  self->view = gtk_column_view_new (selection);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->view), TRUE);
  gtk_widget_add_css_class (self->view, "data-table");
  add_column (self, COLUMN_WHEN, C_("audit column", "When"), FALSE, 140);
  add_column (self, COLUMN_WHO, C_("audit column", "Who"), FALSE, 100);
  add_column (self, COLUMN_COMPLAINT, C_("audit column", "Complaint"), FALSE, 140);
  add_column (self, COLUMN_WHAT, C_("audit column", "What"), FALSE, 200);
  add_column (self, COLUMN_OLD, C_("audit column", "Old value"), TRUE, -1);
  add_column (self, COLUMN_NEW, C_("audit column", "New value"), TRUE, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->view);
  gtk_widget_set_vexpand (scroller, TRUE);
  g_signal_connect_object (scroller, "edge-reached", G_CALLBACK (edge_reached_cb), self, 0);
  gtk_box_append (GTK_BOX (box), scroller);

  self->count_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->count_label), 0);
  gtk_widget_add_css_class (self->count_label, "dim-label");
  gtk_widget_set_hexpand (self->count_label, TRUE);
  gtk_box_append (GTK_BOX (bottom), self->count_label);
  self->more_button = gtk_button_new_with_mnemonic (_("Show _More"));
  g_signal_connect_object (self->more_button, "clicked", G_CALLBACK (more_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (bottom), self->more_button);
  gtk_box_append (GTK_BOX (box), bottom);

  self->verify_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->verify_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->verify_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->verify_label), TRUE);
  gtk_widget_add_css_class (self->verify_label, "heading");
  gtk_widget_set_visible (self->verify_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->verify_label);
  gtk_window_set_child (GTK_WINDOW (self), box);

  g_signal_connect_object (self->person, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, 0);
  g_signal_connect_object (self->complaint, "changed", G_CALLBACK (entry_changed_cb), self, 0);
  g_signal_connect_object (self->from, "changed", G_CALLBACK (entry_changed_cb), self, 0);
  g_signal_connect_object (self->until, "changed", G_CALLBACK (entry_changed_cb), self, 0);
  reload (self);
}

static void
store_changed_cb (KesuStore       *store,
                  KesuAuditDialog *self)
{
  reload (self);
}

static void
kesu_audit_dialog_dispose (GObject *object)
{
  KesuAuditDialog *self = KESU_AUDIT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (kesu_audit_dialog_parent_class)->dispose (object);
}

static void
kesu_audit_dialog_finalize (GObject *object)
{
  KesuAuditDialog *self = KESU_AUDIT_DIALOG (object);

  g_clear_pointer (&self->person_ids, g_array_unref);
  g_clear_pointer (&self->staff_names, g_hash_table_unref);

  G_OBJECT_CLASS (kesu_audit_dialog_parent_class)->finalize (object);
}

static void
kesu_audit_dialog_class_init (KesuAuditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_audit_dialog_dispose;
  object_class->finalize = kesu_audit_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_audit_dialog_init (KesuAuditDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Audit Log"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 680);
}

GtkWidget *
kesu_audit_dialog_new (GtkWindow *parent,
                       KesuStore *store)
{
  KesuAuditDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (!kesu_store_can (store, kesu_store_get_operator (store), KESU_PERMISSION_VIEW_AUDIT))
    return _kesu_refusal_new (parent, store, KESU_PERMISSION_VIEW_AUDIT,
                              _("Only a manager or the administrator may view the audit log"));

  self = g_object_new (KESU_TYPE_AUDIT_DIALOG, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  build (self);
  g_signal_connect_object (store, "complaints-changed", G_CALLBACK (store_changed_cb), self, 0);
  return GTK_WIDGET (self);
}

/* ---- for tests ---- */

guint
_kesu_audit_dialog_get_n_shown (KesuAuditDialog *self)
{
  g_return_val_if_fail (KESU_IS_AUDIT_DIALOG (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->entries));
}

char *
_kesu_audit_dialog_dup_row_text (KesuAuditDialog *self,
                                 guint            position)
{
  g_autoptr(KesuAuditItem) item = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (KESU_IS_AUDIT_DIALOG (self), NULL);
  item = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  if (item == NULL)
    return NULL;
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *cell = column_text (self, item->entry, c);

      g_string_append_printf (text, c == 0 ? "%s" : " | %s", cell);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
_kesu_audit_dialog_set_filter (KesuAuditDialog *self,
                               gint64           staff_id,
                               const char      *complaint_number,
                               const char      *from,
                               const char      *until)
{
  guint position = 0;

  g_return_if_fail (KESU_IS_AUDIT_DIALOG (self));
  for (guint i = 0; i < self->person_ids->len; i++)
    if (g_array_index (self->person_ids, gint64, i) == staff_id)
      position = i;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->person), position);
  kesu_input_set_text (self->complaint, complaint_number);
  kesu_input_set_text (self->from, from);
  kesu_input_set_text (self->until, until);
}

const char *
_kesu_audit_dialog_get_filter_error (KesuAuditDialog *self)
{
  g_return_val_if_fail (KESU_IS_AUDIT_DIALOG (self), NULL);
  return gtk_widget_get_visible (self->filter_error)
         ? gtk_label_get_text (GTK_LABEL (self->filter_error)) : NULL;
}

gboolean
_kesu_audit_dialog_verify (KesuAuditDialog *self,
                           const char     **out_text)
{
  gboolean whole;

  g_return_val_if_fail (KESU_IS_AUDIT_DIALOG (self), FALSE);
  whole = verify (self);
  if (out_text != NULL)
    *out_text = gtk_label_get_text (GTK_LABEL (self->verify_label));
  return whole;
}

gboolean
_kesu_audit_dialog_export_to (KesuAuditDialog *self,
                              const char      *path)
{
  g_return_val_if_fail (KESU_IS_AUDIT_DIALOG (self), FALSE);
  return export_to (self, path);
}

void
_kesu_audit_dialog_load_more (KesuAuditDialog *self)
{
  g_return_if_fail (KESU_IS_AUDIT_DIALOG (self));
  load_page (self);
}
