/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the CSV reader (kesu_csv_parse) with arbitrary bytes, in every
 * encoding it guesses.  Built with -Dfuzzing=true and clang. */

#include <glib.h>

#include "kesu-csv.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  KesuCsvTable *table;

  table = kesu_csv_parse ((const char *) data, (gssize) size, &error);
  if (table == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  g_assert (error == NULL);
  g_assert (table->header != NULL);
  (void) kesu_csv_encoding_to_label (table->encoding);
  (void) kesu_csv_delimiter_to_label (table->delimiter);
  for (guint i = 0; i < table->records->len; i++)
    {
      const KesuCsvRecord *record = g_ptr_array_index (table->records, i);

      g_assert (record->fields->len <= KESU_CSV_MAX_COLUMNS);
      for (guint c = 0; c < record->fields->len + 1; c++)
        g_assert (g_utf8_validate (kesu_csv_record_get (record, c), -1, NULL));
    }
  kesu_csv_table_free (table);
  return 0;
}
