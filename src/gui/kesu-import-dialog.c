/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kesu-gui-util.h"
#include "kesu-import-dialog-private.h"
#include "kesu-import.h"

/* The preview shows this many rows; the check lists this many problems (and says how
 * many more there are), so that a hopeless file does not make thousands of widgets. */
#define PREVIEW_ROWS  20
#define MAX_LISTED    500

struct _KesuImportDialog
{
  GtkWindow    parent_instance;

  KesuStore   *store;
  KesuImport  *import;
  GPtrArray   *mapping_dropdowns;  /* GtkDropDown, one per source column */
  guint        n_listed;
  gboolean     checked_ok;

  GtkWidget   *close_button;
  GtkWidget   *check_button;
  GtkWidget   *import_button;
  GtkLabel    *file_label;
  GtkLabel    *info_label;
  GtkGrid     *mapping_grid;
  GtkCheckButton *create_staff_check;
  GtkLabel    *preview_title;
  GtkGrid     *preview_grid;
  GtkLabel    *status_label;
  GtkWidget   *problem_scroller;
  GtkListBox  *problem_list;
};

G_DEFINE_FINAL_TYPE (KesuImportDialog, kesu_import_dialog, GTK_TYPE_WINDOW)

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_grid_remove (GTK_GRID (parent), child);
    }
}

static void
set_status (KesuImportDialog *self,
            const char       *text,
            gboolean          error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
clear_problems (KesuImportDialog *self)
{
  remove_children (GTK_WIDGET (self->problem_list));
  gtk_widget_set_visible (self->problem_scroller, FALSE);
  self->n_listed = 0;
}

/* What was checked no longer holds: the file, the columns or the options changed. */
static void
invalidate_check (KesuImportDialog *self)
{
  self->checked_ok = FALSE;
  gtk_widget_set_sensitive (self->import_button, FALSE);
  gtk_widget_set_sensitive (self->check_button, self->import != NULL);
  clear_problems (self);
  set_status (self, self->import != NULL ? _("Check the file to see whether it can be imported.")
                                         : NULL, FALSE);
}

static void
mapping_changed_cb (KesuImportDialog *self,
                    GParamSpec       *pspec,
                    GtkDropDown      *dropdown)
{
  guint column;
  guint position = gtk_drop_down_get_selected (dropdown);
  const KesuField *fields = kesu_import_list_fields (NULL);

  if (self->import == NULL ||
      !g_ptr_array_find (self->mapping_dropdowns, dropdown, &column))
    return;
  kesu_import_set_mapping (self->import, column,
                           position == 0 || position == GTK_INVALID_LIST_POSITION
                           ? KESU_IMPORT_IGNORE : (int) fields[position - 1]);
  invalidate_check (self);
}

static GtkWidget *
cell_label (const char *text,
            int         max_chars)
{
  g_autofree char *one_line = g_strdup (text);
  GtkWidget *label;

  /* A cell shows one line; the whole text is in its tooltip. */
  g_strdelimit (one_line, "\r\n\t", ' ');
  label = gtk_label_new (one_line);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), max_chars);
  /* A scrolled grid gets no more than its minimum width: ask for the text's own width,
   * Chinese characters counting double, up to @max_chars. */
  {
    int width = 0;

    for (const char *p = one_line; *p != '\0' && width < max_chars; p = g_utf8_next_char (p))
      width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
    gtk_label_set_width_chars (GTK_LABEL (label), MIN (width, max_chars));
  }
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (g_utf8_strlen (text, -1) > max_chars || strpbrk (text, "\r\n") != NULL)
    gtk_widget_set_tooltip_text (label, text);
  return label;
}

static void
fill_mapping (KesuImportDialog *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  const KesuCsvTable *table = kesu_import_get_table (self->import);
  const KesuCsvRecord *first = table->records->len > 0 ? g_ptr_array_index (table->records, 0)
                                                       : NULL;
  const KesuField *fields;
  guint n_fields;
  GtkWidget *heading;

  remove_children (GTK_WIDGET (self->mapping_grid));
  g_ptr_array_set_size (self->mapping_dropdowns, 0);

  fields = kesu_import_list_fields (&n_fields);
  /* Translators: what a column of an imported file goes to when it is not imported */
  gtk_string_list_append (choices, _("Ignore"));
  for (guint i = 0; i < n_fields; i++)
    gtk_string_list_append (choices, kesu_import_field_to_label (fields[i]));

  heading = gtk_label_new (_("In the file"));
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_grid_attach (self->mapping_grid, heading, 0, 0, 1, 1);
  heading = gtk_label_new (_("In Kesu"));
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_grid_attach (self->mapping_grid, heading, 1, 0, 1, 1);
  heading = gtk_label_new (_("First row"));
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_grid_attach (self->mapping_grid, heading, 2, 0, 1, 1);

  for (guint c = 0; c < kesu_import_get_n_columns (self->import); c++)
    {
      const char *name = kesu_import_get_column_name (self->import, c);
      g_autofree char *shown = NULL;
      int mapping = kesu_import_get_mapping (self->import, c);
      GtkWidget *label, *dropdown;
      guint position = 0;

      if (name[0] == '\0')
        /* Translators: a column of an imported file without a header; %u counts from 1 */
        shown = g_strdup_printf (_("Column %u"), c + 1);
      label = cell_label (shown != NULL ? shown : name, 16);
      gtk_grid_attach (self->mapping_grid, label, 0, (int) c + 1, 1, 1);

      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      for (guint i = 0; i < n_fields; i++)
        if ((int) fields[i] == mapping)
          position = i + 1;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (mapping_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_grid_attach (self->mapping_grid, dropdown, 1, (int) c + 1, 1, 1);
      g_ptr_array_add (self->mapping_dropdowns, dropdown);

      label = cell_label (first != NULL ? kesu_csv_record_get (first, c) : "", 18);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->mapping_grid, label, 2, (int) c + 1, 1, 1);
    }
}

static void
fill_preview (KesuImportDialog *self)
{
  const KesuCsvTable *table = kesu_import_get_table (self->import);
  guint n_rows = MIN (table->records->len, PREVIEW_ROWS);
  g_autofree char *title = NULL;
  GtkWidget *label;

  remove_children (GTK_WIDGET (self->preview_grid));

  /* Translators: the heading of the line numbers in the preview of an imported file */
  label = gtk_label_new (_("Line"));
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (self->preview_grid, label, 0, 0, 1, 1);
  for (guint c = 0; c < kesu_import_get_n_columns (self->import); c++)
    {
      label = cell_label (kesu_import_get_column_name (self->import, c), 20);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->preview_grid, label, (int) c + 1, 0, 1, 1);
    }

  for (guint r = 0; r < n_rows; r++)
    {
      const KesuCsvRecord *record = g_ptr_array_index (table->records, r);
      g_autofree char *line = g_strdup_printf ("%u", record->line);

      label = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (self->preview_grid, label, 0, (int) r + 1, 1, 1);
      for (guint c = 0; c < kesu_import_get_n_columns (self->import); c++)
        gtk_grid_attach (self->preview_grid, cell_label (kesu_csv_record_get (record, c), 20),
                         (int) c + 1, (int) r + 1, 1, 1);
    }

  if (table->records->len > n_rows)
    /* Translators: the heading of the preview of an imported file */
    title = g_strdup_printf (_("Preview: the first %u of %u rows"), n_rows,
                             table->records->len);
  else
    title = g_strdup (_("Preview"));
  gtk_label_set_text (self->preview_title, title);
}

gboolean
kesu_import_dialog_load_file (KesuImportDialog *self,
                              GFile            *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *info = NULL;
  KesuImport *import;
  const KesuCsvTable *table;
  guint n_rows;

  g_return_val_if_fail (KESU_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_parse_name (file);
  import = kesu_import_new_from_file (file, &error);
  if (import == NULL)
    {
      g_clear_pointer (&self->import, kesu_import_free);
      g_ptr_array_set_size (self->mapping_dropdowns, 0);
      remove_children (GTK_WIDGET (self->mapping_grid));
      remove_children (GTK_WIDGET (self->preview_grid));
      gtk_label_set_text (self->file_label, name);
      gtk_label_set_text (self->info_label, "");
      invalidate_check (self);
      set_status (self, error->message, TRUE);
      return FALSE;
    }

  g_clear_pointer (&self->import, kesu_import_free);
  self->import = import;
  kesu_import_set_create_staff (import,
                                gtk_check_button_get_active (self->create_staff_check));

  table = kesu_import_get_table (import);
  n_rows = table->records->len;
  gtk_label_set_text (self->file_label, name);
  info = g_strdup_printf (ngettext ("Encoding: %s · Separator: %s · %u row",
                                    "Encoding: %s · Separator: %s · %u rows", n_rows),
                          kesu_csv_encoding_to_label (table->encoding),
                          kesu_csv_delimiter_to_label (table->delimiter), n_rows);
  gtk_label_set_text (self->info_label, info);

  fill_mapping (self);
  fill_preview (self);
  invalidate_check (self);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     KesuImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kesu_import_dialog_load_file (self, file);
    }
  g_object_unref (chooser);
}

static void
choose_clicked_cb (KesuImportDialog *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  chooser = gtk_file_chooser_native_new (_("Import Complaint Log"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("CSV and text files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
create_staff_toggled_cb (KesuImportDialog *self)
{
  if (self->import == NULL)
    return;
  kesu_import_set_create_staff (self->import,
                                gtk_check_button_get_active (self->create_staff_check));
  invalidate_check (self);
}

static guint
count_bad_rows (GPtrArray *problems,
                guint      header_line)
{
  guint n = 0, last = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const KesuImportProblem *p = g_ptr_array_index (problems, i);

      if (p->line != header_line && p->line != last)
        n++;
      last = p->line;
    }
  return n;
}

static void
show_problems (KesuImportDialog *self,
               GPtrArray        *problems)
{
  guint header_line = kesu_import_get_table (self->import)->header->line;
  guint n_bad = count_bad_rows (problems, header_line);
  g_autofree char *status = NULL;

  clear_problems (self);
  for (guint i = 0; i < problems->len && i < MAX_LISTED; i++)
    {
      g_autofree char *text = kesu_import_problem_format (g_ptr_array_index (problems, i));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 3);
      gtk_widget_set_margin_bottom (label, 3);
      gtk_list_box_append (self->problem_list, label);
      self->n_listed++;
    }
  if (problems->len > MAX_LISTED)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("… and %u more problem.",
                                                         "… and %u more problems.",
                                                         problems->len - MAX_LISTED),
                                               problems->len - MAX_LISTED);
      GtkWidget *label = gtk_label_new (more);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 12);
      gtk_list_box_append (self->problem_list, label);
    }
  gtk_widget_set_visible (self->problem_scroller, problems->len > 0);

  if (n_bad > 0)
    status = g_strdup_printf (ngettext ("%u row has problems. Correct the file (or the "
                                        "columns) and check again: nothing is imported "
                                        "until every row is right.",
                                        "%u rows have problems. Correct the file (or the "
                                        "columns) and check again: nothing is imported "
                                        "until every row is right.", n_bad),
                              n_bad);
  else
    status = g_strdup (_("The columns do not fit: give every required field a column, and "
                         "each field one column only."));
  set_status (self, status, TRUE);
}

static void
check_clicked_cb (KesuImportDialog *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  guint n_rows;

  if (self->import == NULL)
    return;

  problems = kesu_import_check (self->import, self->store);
  if (problems->len > 0)
    {
      self->checked_ok = FALSE;
      gtk_widget_set_sensitive (self->import_button, FALSE);
      show_problems (self, problems);
      return;
    }

  clear_problems (self);
  n_rows = kesu_import_get_n_rows (self->import);
  {
    g_autofree char *status = g_strdup_printf (ngettext ("No problems: %u complaint can be "
                                                         "imported.",
                                                         "No problems: all %u complaints can "
                                                         "be imported.", n_rows),
                                               n_rows);

    set_status (self, status, FALSE);
  }
  self->checked_ok = TRUE;
  gtk_widget_set_sensitive (self->import_button, TRUE);
  gtk_widget_grab_focus (self->import_button);
}

static void
import_clicked_cb (KesuImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *status = NULL;
  guint n;

  if (self->import == NULL || !self->checked_ok)
    return;

  n = kesu_import_run (self->import, self->store, FALSE, &problems, &error);
  gtk_widget_set_sensitive (self->import_button, FALSE);
  self->checked_ok = FALSE;
  if (problems->len > 0)
    {
      /* Something changed since the check (the staff, the clock). */
      show_problems (self, problems);
      return;
    }
  if (error != NULL)
    {
      status = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      set_status (self, status, TRUE);
      return;
    }

  status = g_strdup_printf (ngettext ("Imported %u complaint.", "Imported %u complaints.", n),
                            n);
  set_status (self, status, FALSE);
  /* The same file again would be imported twice. */
  gtk_widget_set_sensitive (self->check_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->close_button), _("_Close"));
}

static void
kesu_import_dialog_dispose (GObject *object)
{
  KesuImportDialog *self = KESU_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_import_dialog_parent_class)->dispose (object);
}

static void
kesu_import_dialog_finalize (GObject *object)
{
  KesuImportDialog *self = KESU_IMPORT_DIALOG (object);

  g_clear_pointer (&self->import, kesu_import_free);
  g_clear_pointer (&self->mapping_dropdowns, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_import_dialog_parent_class)->finalize (object);
}

static void
kesu_import_dialog_class_init (KesuImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_import_dialog_dispose;
  object_class->finalize = kesu_import_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, info_label);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, mapping_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, create_staff_check);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, preview_title);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, problem_scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuImportDialog, problem_list);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_staff_toggled_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_import_dialog_init (KesuImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->mapping_dropdowns = g_ptr_array_new ();
}

KesuImportDialog *
kesu_import_dialog_new (GtkWindow *parent,
                        KesuStore *store)
{
  KesuImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* ---- for tests ---- */

GtkDropDown *
_kesu_import_dialog_get_mapping (KesuImportDialog *self,
                                 guint             column)
{
  g_return_val_if_fail (column < self->mapping_dropdowns->len, NULL);
  return g_ptr_array_index (self->mapping_dropdowns, column);
}

GtkWidget *
_kesu_import_dialog_get_check_button (KesuImportDialog *self)
{
  return self->check_button;
}

GtkWidget *
_kesu_import_dialog_get_import_button (KesuImportDialog *self)
{
  return self->import_button;
}

guint
_kesu_import_dialog_count_problems (KesuImportDialog *self)
{
  return self->n_listed;
}

const char *
_kesu_import_dialog_get_status (KesuImportDialog *self)
{
  return gtk_label_get_text (self->status_label);
}

const char *
_kesu_import_dialog_get_info (KesuImportDialog *self)
{
  return gtk_label_get_text (self->info_label);
}
