/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-audit-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "kesu-audit-export.h"
#include "kesu-error.h"
#include "kesu-report-util.h"
#include "kesu-xlsx.h"

/* Rows are read from the store a page at a time, newest first. */
#define EXPORT_PAGE 2000

typedef gboolean (*RowFunc) (const KesuAuditEntry *entry,
                             gpointer              data,
                             GError              **error);

/* The columns both files have. */
static const char *const column_labels[] = {
  N_("Entry"), N_("Time"), N_("Who"), N_("Complaint"), N_("Record"), N_("Field"),
  N_("Old value"), N_("New value"),
};
static const double column_widths[] = { 9, 18, 12, 17, 16, 24, 40, 40 };

G_STATIC_ASSERT (G_N_ELEMENTS (column_labels) == G_N_ELEMENTS (column_widths));

static const char *
who_of (const KesuAuditEntry *entry)
{
  /* Translators: in the audit log, a change nobody made by hand (an escalation) */
  return entry->staff_id > 0 ? entry->staff_name : _("Kesu");
}

/* A value as the audit view shows it; none stays an empty cell. */
static char *
value_text (KesuStore            *store,
            GHashTable           *names,
            const KesuAuditEntry *entry,
            const char           *value)
{
  return value != NULL ? kesu_audit_value_text (store, names, entry, value) : NULL;
}

/* Every row matching @filter, newest first, to @func. */
static gboolean
for_each_row (KesuStore             *store,
              const KesuAuditFilter *filter,
              RowFunc                func,
              gpointer               data,
              GError               **error)
{
  KesuAuditFilter page;

  if (filter != NULL)
    page = *filter;
  else
    kesu_audit_filter_init (&page);
  page.before_id = 0;
  page.limit = EXPORT_PAGE;
  for (;;)
    {
      g_autoptr(GPtrArray) rows = kesu_store_list_audit (store, &page, error);

      if (rows == NULL)
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        if (!func (g_ptr_array_index (rows, i), data, error))
          return FALSE;
      if (rows->len < EXPORT_PAGE)
        return TRUE;
      page.before_id = ((KesuAuditEntry *) g_ptr_array_index (rows, rows->len - 1))->id;
    }
}

/* "History whole: 1,234 entries checked." or where it broke, for the file's head. */
static char *
chain_state (KesuStore  *store,
             GError    **error)
{
  gint64 broken = 0, n = 0;
  g_autoptr(GError) local = NULL;
  g_autofree char *number = NULL;

  /* The numbers as text: a G_GINT64_FORMAT inside _() would hide the message from
   * xgettext. */
  if (kesu_store_verify_audit (store, &broken, &n, &local))
    {
      number = g_strdup_printf ("%'" G_GINT64_FORMAT, n);
      /* Translators: %s is a number of entries, "1,234" */
      return g_strdup_printf (_("History whole when exported: %s entries checked."), number);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  number = g_strdup_printf ("%" G_GINT64_FORMAT, broken);
  /* Translators: %s is the number of an entry of the audit log */
  return g_strdup_printf (_("History BROKEN at entry %s: it was changed outside Kesu."),
                          number);
}

/* A temporary file beside @path; NULL with @error set when it cannot be made. */
static char *
make_temp_beside (const char  *path,
                  GError     **error)
{
  char *tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp_path, O_RDWR, 0666);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      g_free (tmp_path);
      return NULL;
    }
  g_close (fd, NULL);
  return tmp_path;
}

/* What both exports start with: the chain's state for the file's head, and the
 * temporary file beside @path (in *out_tmp_path) to write before moving it into place.
 * NULL with @error set when either fails. */
static char *
start_export (KesuStore   *store,
              const char  *path,
              char       **out_tmp_path,
              GError     **error)
{
  g_autofree char *state = chain_state (store, error);

  if (state == NULL)
    return NULL;
  *out_tmp_path = make_temp_beside (path, error);
  if (*out_tmp_path == NULL)
    return NULL;
  return g_steal_pointer (&state);
}

static gboolean
move_into_place (const char  *tmp_path,
                 const char  *path,
                 GError     **error)
{
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      g_remove (tmp_path);
      return FALSE;
    }
  return TRUE;
}

/* ---- CSV ---- */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  g_string_append (out, last ? "\r\n" : ",");
}

typedef struct
{
  GOutputStream *stream;
  GString       *line;
  KesuStore     *store;
  GHashTable    *names;   /* staff names by id, for the values */
} CsvExport;

static gboolean
csv_row (const KesuAuditEntry *entry,
         gpointer              data,
         GError              **error)
{
  CsvExport *e = data;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
  g_autofree char *at = kesu_report_format_local (entry->at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *old_value = value_text (e->store, e->names, entry, entry->old_value);
  g_autofree char *new_value = value_text (e->store, e->names, entry, entry->new_value);

  g_string_truncate (e->line, 0);
  csv_field (e->line, id, FALSE);
  csv_field (e->line, at, FALSE);
  csv_field (e->line, who_of (entry), FALSE);
  csv_field (e->line, entry->complaint_number, FALSE);
  csv_field (e->line, kesu_audit_entity_label (entry->entity), FALSE);
  csv_field (e->line, kesu_audit_field_label (entry->entity, entry->field), FALSE);
  csv_field (e->line, old_value, FALSE);
  csv_field (e->line, new_value, TRUE);
  return g_output_stream_write_all (e->stream, e->line->str, e->line->len, NULL, NULL, error);
}

gboolean
kesu_audit_export_csv (KesuStore              *store,
                       const KesuAuditFilter  *filter,
                       const char             *path,
                       GError                **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) line = g_string_new ("\xEF\xBB\xBF");  /* the byte order mark */
  g_autoptr(GHashTable) names = kesu_store_audit_staff_names (store);
  CsvExport e;
  gboolean ok;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  state = start_export (store, path, &tmp_path, error);
  if (state == NULL)
    return FALSE;
  file = g_file_new_for_path (tmp_path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    {
      g_remove (tmp_path);
      return FALSE;
    }

  csv_field (line, state, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (column_labels); i++)
    csv_field (line, _(column_labels[i]), i + 1 == G_N_ELEMENTS (column_labels));
  e.stream = G_OUTPUT_STREAM (stream);
  e.line = line;
  e.store = store;
  e.names = names;
  ok = g_output_stream_write_all (e.stream, line->str, line->len, NULL, NULL, error) &&
       for_each_row (store, filter, csv_row, &e, error);
  if (!g_output_stream_close (e.stream, NULL, ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    {
      g_remove (tmp_path);
      return FALSE;
    }
  return move_into_place (tmp_path, path, error);
}

/* ---- Excel ---- */

typedef struct
{
  lxw_worksheet *sheet;
  lxw_format    *wrap;
  lxw_row_t      row;
  KesuStore     *store;
  GHashTable    *names;   /* staff names by id, for the values */
} XlsxExport;

static gboolean
xlsx_row (const KesuAuditEntry *entry,
          gpointer              data,
          GError              **error)
{
  XlsxExport *e = data;
  g_autofree char *at = kesu_report_format_local (entry->at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *old_value = value_text (e->store, e->names, entry, entry->old_value);
  g_autofree char *new_value = value_text (e->store, e->names, entry, entry->new_value);
  const char *texts[] = {
    at, who_of (entry), entry->complaint_number, kesu_audit_entity_label (entry->entity),
    kesu_audit_field_label (entry->entity, entry->field), old_value, new_value,
  };

  if (e->row >= KESU_XLSX_MAX_ROWS)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The audit log holds more rows than an Excel sheet takes (%u). Choose "
                     "a shorter period or export CSV."),
                   KESU_XLSX_MAX_ROWS - 3);
      return FALSE;
    }
  worksheet_write_number (e->sheet, e->row, 0, (double) entry->id, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && texts[i][0] != '\0')
      worksheet_write_string (e->sheet, e->row, 1 + i, texts[i], i >= 5 ? e->wrap : NULL);
  e->row++;
  return TRUE;
}

gboolean
kesu_audit_export_xlsx (KesuStore              *store,
                        const KesuAuditFilter  *filter,
                        const char             *path,
                        GError                **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *state = NULL;
  g_autofree char *display = NULL;
#ifdef G_OS_WIN32
  g_autofree char *lxw_tmp_path = NULL;
  g_autofree char *lxw_dir = NULL;
#endif
  lxw_workbook_options options = { 0, };
  lxw_workbook *workbook;
  lxw_format *header, *title;
  lxw_error status;
  g_autoptr(GHashTable) names = kesu_store_audit_staff_names (store);
  XlsxExport e = { 0, };
  gboolean ok;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  state = start_export (store, path, &tmp_path, error);
  if (state == NULL)
    return FALSE;
  display = g_filename_display_name (path);
  dir = g_path_get_dirname (path);

  /* As kesu-xlsx.c: constant memory, whatever the size of the log. */
  options.constant_memory = LXW_TRUE;
#ifdef G_OS_WIN32
  lxw_tmp_path = g_win32_locale_filename_from_utf8 (tmp_path);
  lxw_dir = g_win32_locale_filename_from_utf8 (dir);
  options.tmpdir = lxw_dir;
  workbook = lxw_tmp_path != NULL && lxw_dir != NULL
             ? workbook_new_opt (lxw_tmp_path, &options) : NULL;
#else
  options.tmpdir = dir;
  workbook = workbook_new_opt (tmp_path, &options);
#endif
  if (workbook == NULL)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                   _("Could not start the workbook “%s”."), display);
      g_remove (tmp_path);
      return FALSE;
    }
  workbook_set_properties (workbook, &(lxw_doc_properties) {
                             .title = (char *) _("Audit log"),
                             .author = (char *) "Kesu",
                           });
  e.sheet = workbook_add_worksheet (workbook, _("Audit log"));
  e.store = store;
  e.names = names;
  title = workbook_add_format (workbook);
  format_set_bold (title);
  header = workbook_add_format (workbook);
  format_set_bold (header);
  format_set_bg_color (header, 0xDCE6F1);
  format_set_bottom (header, LXW_BORDER_THIN);
  e.wrap = workbook_add_format (workbook);
  format_set_text_wrap (e.wrap);
  format_set_align (e.wrap, LXW_ALIGN_VERTICAL_TOP);

  for (guint i = 0; i < G_N_ELEMENTS (column_widths); i++)
    worksheet_set_column (e.sheet, i, i, column_widths[i], NULL);
  worksheet_write_string (e.sheet, 0, 0, state, title);
  for (guint i = 0; i < G_N_ELEMENTS (column_labels); i++)
    worksheet_write_string (e.sheet, 2, i, _(column_labels[i]), header);
  worksheet_freeze_panes (e.sheet, 3, 0);
  e.row = 3;

  ok = for_each_row (store, filter, xlsx_row, &e, error);
  if (!ok)
    {
      /* No "abort" in libxlsxwriter: close it into the temporary file and drop that. */
      workbook_close (workbook);
      g_remove (tmp_path);
      return FALSE;
    }
  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_IO, _("Could not write “%s”: %s"), display,
                   lxw_strerror (status));
      g_remove (tmp_path);
      return FALSE;
    }
  return move_into_place (tmp_path, path, error);
}

char *
kesu_audit_suggest_filename (void)
{
  /* Translators: a file name, keep the extension */
  return g_strdup (_("audit-log.xlsx"));
}
