/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-audit.h"
#include "kesu-store.h"

G_BEGIN_DECLS

/* The audit log as a file for an auditor, a regulator or a court: every row matching
 * @filter (its limit and before_id are ignored: all of them), newest first, with the
 * column headers in the user's language, followed by whether the chain was whole when it
 * was written.  Written to a temporary file beside @path and renamed over it only when
 * complete. */

/* Excel workbook (.xlsx), one sheet "Audit log". */
gboolean  kesu_audit_export_xlsx (KesuStore             *store,
                                  const KesuAuditFilter *filter,
                                  const char            *path,
                                  GError               **error);
/* UTF-8 CSV with a byte order mark (Excel opens it in Chinese without mojibake). */
gboolean  kesu_audit_export_csv  (KesuStore             *store,
                                  const KesuAuditFilter *filter,
                                  const char            *path,
                                  GError               **error);
/* "audit-log.xlsx", translated. */
char     *kesu_audit_suggest_filename (void);

G_END_DECLS
