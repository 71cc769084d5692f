/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading a complaint log that a spreadsheet wrote: RFC 4180 records separated by commas,
 * tabs or semicolons (guessed from the header line), fields quoted with "" escapes and
 * newlines inside quotes.  The text may be UTF-8 with or without a byte-order mark,
 * UTF-16 with a byte-order mark ("Unicode text" from Excel), or GB18030/GBK, which
 * Chinese Excel writes by default.  Line ends inside quoted fields become "\n".  GLib
 * only: no GTK. */

/* What is refused, with a clear message, rather than read. */
#define KESU_CSV_MAX_FILE_BYTES   (100 * 1024 * 1024)
#define KESU_CSV_MAX_FIELD_CHARS  100000
#define KESU_CSV_MAX_COLUMNS      200

typedef enum
{
  KESU_CSV_ENCODING_UTF8,
  KESU_CSV_ENCODING_UTF8_BOM,
  KESU_CSV_ENCODING_UTF16,
  KESU_CSV_ENCODING_GB18030,
} KesuCsvEncoding;

typedef struct
{
  guint       line;    /* the physical line (from 1) where the record starts */
  GPtrArray  *fields;  /* char *, UTF-8 */
} KesuCsvRecord;

typedef struct
{
  KesuCsvEncoding  encoding;
  char             delimiter;  /* ',', '\t' or ';' */
  KesuCsvRecord   *header;     /* the first record */
  GPtrArray       *records;    /* KesuCsvRecord *, after the header; blank lines left out */
} KesuCsvTable;

/* Parses @data (@length bytes; -1: NUL-terminated).  Fails with a KESU_ERROR_INVALID
 * message in the user's language (with the line number where it helps) for text in no
 * encoding above, a binary file, an unclosed quote, a field of more than
 * KESU_CSV_MAX_FIELD_CHARS characters, more than KESU_CSV_MAX_COLUMNS columns, or a file
 * without a header line. */
KesuCsvTable *kesu_csv_parse                 (const char       *data,
                                              gssize            length,
                                              GError          **error);
/* Reads and parses @file; files over KESU_CSV_MAX_FILE_BYTES are refused unread. */
KesuCsvTable *kesu_csv_read_file             (GFile            *file,
                                              GError          **error);
void          kesu_csv_table_free            (KesuCsvTable     *table);

/* Field @column of @record, "" when the record is shorter. */
const char   *kesu_csv_record_get            (const KesuCsvRecord *record,
                                              guint             column);

/* "UTF-8", "UTF-8 with BOM", "GB18030 (GBK)"…, translated. */
const char   *kesu_csv_encoding_to_label     (KesuCsvEncoding   encoding);
/* "Comma", "Tab", "Semicolon", translated. */
const char   *kesu_csv_delimiter_to_label    (char              delimiter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuCsvTable, kesu_csv_table_free)

G_END_DECLS
