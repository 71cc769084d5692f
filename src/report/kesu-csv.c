/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-csv"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kesu-csv.h"
#include "kesu-error.h"

static void
record_free (KesuCsvRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->fields, g_ptr_array_unref);
  g_free (record);
}

void
kesu_csv_table_free (KesuCsvTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->header, record_free);
  g_clear_pointer (&table->records, g_ptr_array_unref);
  g_free (table);
}

const char *
kesu_csv_record_get (const KesuCsvRecord *record,
                     guint                column)
{
  g_return_val_if_fail (record != NULL, "");

  if (column >= record->fields->len)
    return "";
  return g_ptr_array_index (record->fields, column);
}

const char *
kesu_csv_encoding_to_label (KesuCsvEncoding encoding)
{
  switch (encoding)
    {
    case KESU_CSV_ENCODING_UTF8:
      return _("UTF-8");
    case KESU_CSV_ENCODING_UTF8_BOM:
      return _("UTF-8 with byte-order mark");
    case KESU_CSV_ENCODING_UTF16:
      return _("UTF-16 (Unicode text)");
    case KESU_CSV_ENCODING_GB18030:
      return _("GB18030 (GBK)");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
kesu_csv_delimiter_to_label (char delimiter)
{
  switch (delimiter)
    {
    case '\t':
      return _("Tab");
    case ';':
      return _("Semicolon");
    case ',':
    default:
      return _("Comma");
    }
}

/* ---- encodings ---- */

/* @data as UTF-8 text without a byte-order mark, newly allocated, and what it was. */
static char *
to_utf8 (const char       *data,
         gsize             length,
         KesuCsvEncoding  *out_encoding,
         gsize            *out_length,
         GError          **error)
{
  const guchar *u = (const guchar *) data;
  g_autoptr(GError) local_error = NULL;
  char *text;
  gsize written = 0;

  if (length >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      if (!g_utf8_validate_len (data + 3, length - 3, NULL))
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("The file says it is UTF-8 text but it is not."));
          return NULL;
        }
      *out_encoding = KESU_CSV_ENCODING_UTF8_BOM;
      *out_length = length - 3;
      return g_strndup (data + 3, length - 3);
    }

  if (length >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    {
      text = g_convert (data + 2, (gssize) length - 2, "UTF-8",
                        u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", NULL, &written, &local_error);
      if (text == NULL || memchr (text, '\0', written) != NULL)
        {
          g_free (text);
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("The file says it is UTF-16 text but it is not."));
          return NULL;
        }
      *out_encoding = KESU_CSV_ENCODING_UTF16;
      *out_length = written;
      return text;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("This is an Excel workbook or another archive, not a CSV file. "
                               "Save it from Excel as “CSV” first."));
      else if (length >= 4 && u[0] == 0xD0 && u[1] == 0xCF && u[2] == 0x11 && u[3] == 0xE0)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("This is an old Excel workbook (.xls), not a CSV file. "
                               "Save it from Excel as “CSV” first."));
      else
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("This is not a text file."));
      return NULL;
    }

  if (g_utf8_validate_len (data, length, NULL))
    {
      *out_encoding = KESU_CSV_ENCODING_UTF8;
      *out_length = length;
      return g_strndup (data, length);
    }

  /* Not UTF-8: what Chinese Windows and Excel write.  GBK is a part of GB18030. */
  text = g_convert (data, (gssize) length, "UTF-8", "GB18030", NULL, &written, &local_error);
  if (text == NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The file is neither UTF-8 nor GB18030 (GBK) text. "
                             "Save it as “CSV UTF-8” and try again."));
      return NULL;
    }
  *out_encoding = KESU_CSV_ENCODING_GB18030;
  *out_length = written;
  return text;
}

/* ---- records ---- */

/* The separator used most often outside quotes on the first record; a comma when none. */
static char
guess_delimiter (const char *text,
                 gsize       length)
{
  static const char candidates[] = { ',', '\t', ';' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean in_quotes = FALSE;
  char best = ',';
  guint best_count = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (c == '\n' || c == '\r'))
        break;
      else if (!in_quotes)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[k]++;
    }
  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > best_count)
      {
        best = candidates[k];
        best_count = counts[k];
      }
  return best;
}

static gboolean
record_is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (((const char *) g_ptr_array_index (fields, i))[0] != '\0')
      return FALSE;
  return TRUE;
}

static gboolean
parse_records (KesuCsvTable  *table,
               const char    *text,
               gsize          length,
               GError       **error)
{
  gsize pos = 0;
  guint line = 1;

  while (pos < length)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) field = g_string_new (NULL);
      guint record_line = line;
      guint field_chars = 0;
      guint quote_line = 0;
      gboolean in_quotes = FALSE;
      gboolean quoted = FALSE;
      gboolean record_done = FALSE;

      while (!record_done)
        {
          gboolean end_field = FALSE;
          char c;

          if (pos >= length)
            {
              if (in_quotes)
                {
                  g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("Line %u: a quoted field is never closed."), quote_line);
                  return FALSE;
                }
              end_field = record_done = TRUE;
            }
          else if (in_quotes)
            {
              c = text[pos++];
              if (c == '"' && pos < length && text[pos] == '"')
                {
                  g_string_append_c (field, '"');
                  pos++;
                  field_chars++;
                }
              else if (c == '"')
                in_quotes = FALSE;
              else if (c == '\r' || c == '\n')
                {
                  /* One newline for \r\n, \n and a lone \r alike. */
                  if (c == '\r' && pos < length && text[pos] == '\n')
                    pos++;
                  g_string_append_c (field, '\n');
                  field_chars++;
                  line++;
                }
              else
                {
                  g_string_append_c (field, c);
                  if (((guchar) c & 0xC0) != 0x80)
                    field_chars++;
                }
            }
          else
            {
              c = text[pos++];
              if (c == table->delimiter)
                end_field = TRUE;
              else if (c == '\r' || c == '\n')
                {
                  if (c == '\r' && pos < length && text[pos] == '\n')
                    pos++;
                  line++;
                  end_field = record_done = TRUE;
                }
              else if (c == '"' && field->len == 0 && !quoted)
                {
                  in_quotes = quoted = TRUE;
                  quote_line = line;
                }
              else
                {
                  /* A stray quote inside an unquoted field, or text after a closing
                   * quote, is kept as written: spreadsheets are not always strict. */
                  g_string_append_c (field, c);
                  if (((guchar) c & 0xC0) != 0x80)
                    field_chars++;
                }
            }

          if (field_chars > KESU_CSV_MAX_FIELD_CHARS)
            {
              g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Line %u: a field is longer than %d characters."),
                           record_line, KESU_CSV_MAX_FIELD_CHARS);
              return FALSE;
            }

          if (end_field)
            {
              if (fields->len >= KESU_CSV_MAX_COLUMNS)
                {
                  g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("Line %u has more than %d columns."),
                               record_line, KESU_CSV_MAX_COLUMNS);
                  return FALSE;
                }
              g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
              field = g_string_new (NULL);
              field_chars = 0;
              quoted = FALSE;
            }
        }

      if (!record_is_blank (fields))
        {
          KesuCsvRecord *record = g_new0 (KesuCsvRecord, 1);

          record->line = record_line;
          record->fields = g_steal_pointer (&fields);
          if (table->header == NULL)
            table->header = record;
          else
            g_ptr_array_add (table->records, record);
        }
    }

  if (table->header == NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The file is empty: it has no header line."));
      return FALSE;
    }
  return TRUE;
}

KesuCsvTable *
kesu_csv_parse (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(KesuCsvTable) table = NULL;
  g_autofree char *text = NULL;
  gsize text_length = 0;
  KesuCsvEncoding encoding = KESU_CSV_ENCODING_UTF8;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (data);
  if ((gsize) length > KESU_CSV_MAX_FILE_BYTES)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The file is larger than %d MB and cannot be imported."),
                   KESU_CSV_MAX_FILE_BYTES / (1024 * 1024));
      return NULL;
    }

  text = to_utf8 (data != NULL ? data : "", (gsize) length, &encoding, &text_length, error);
  if (text == NULL)
    return NULL;

  table = g_new0 (KesuCsvTable, 1);
  table->encoding = encoding;
  table->delimiter = guess_delimiter (text, text_length);
  table->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  if (!parse_records (table, text, text_length, error))
    return NULL;
  return g_steal_pointer (&table);
}

KesuCsvTable *
kesu_csv_read_file (GFile   *file,
                    GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID, _("“%s” is not a file."), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > KESU_CSV_MAX_FILE_BYTES)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The file is larger than %d MB and cannot be imported."),
                   KESU_CSV_MAX_FILE_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return kesu_csv_parse (contents, (gssize) length, error);
}
