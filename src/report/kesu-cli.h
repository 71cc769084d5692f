/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-store.h"

G_BEGIN_DECLS

/* Headless work for the command line (no display).  Each returns the process exit
 * status: 0 done, 1 failed (message printed on stderr in the user's language), 2 bad
 * arguments. */

/* --print-receipt NUMBER / --print-agreement NUMBER  --pdf OUT.pdf [--a5] [--unmasked] */
int kesu_cli_print        (KesuStore  *store,
                           const char *kind,      /* "receipt" or "agreement" */
                           const char *number,
                           const char *pdf_path,
                           gboolean    a5,
                           gboolean    unmasked);

/* --export-xlsx OUT.xlsx (--month YYYY-MM | --from DATE --to DATE) [--unmasked] */
int kesu_cli_export_xlsx  (KesuStore  *store,
                           const char *out_path,
                           const char *month,
                           const char *from,
                           const char *to,
                           gboolean    unmasked);

/* --summary-pdf OUT.pdf --month YYYY-MM: the monthly complaint summary on A4 (phones
 * masked). */
int kesu_cli_summary_pdf  (KesuStore  *store,
                           const char *out_pdf,
                           const char *month);

/* --sanbao NUMBER: what the auto three-guarantee rules may give the customer of complaint
 * NUMBER, line by line with the articles, the flag and the Art. 28 deadlines, and the
 * cases that may be the same problem (kesu-sanbao.h, kesu-duplicates.h). */
int kesu_cli_sanbao       (KesuStore  *store,
                           const char *number);

/* --import-csv LOG.csv [--dry-run] */
int kesu_cli_import_csv   (KesuStore  *store,
                           const char *csv_path,
                           gboolean    dry_run);

/* --backup OUT.db: a checked copy of the database file @db_path (which is not opened as a
 * store, so a file that needs migrating is copied as it is). */
int kesu_cli_backup       (const char *db_path,
                           const char *out_path);

/* --restore IN.db: replaces @db_path with the backup, all or nothing, keeping what it held
 * first (kesu_restore_from_file). */
int kesu_cli_restore      (const char *db_path,
                           const char *in_path);

/* --verify-audit: walks the audit chain of @store and prints "history is whole: N
 * entries" or where it broke (entry, time, who); 0 whole, 1 broken or unreadable. */
int kesu_cli_verify_audit (KesuStore  *store);

/* --user NAME with the PIN from the environment variable KESU_PIN or, when that is unset,
 * the first line of standard input: signs NAME in for a headless command that writes
 * (import), so that its changes are attributed.  0 signed in, 1 refused (message
 * printed), 2 bad arguments. */
int kesu_cli_sign_in      (KesuStore  *store,
                           const char *user_name);

G_END_DECLS
