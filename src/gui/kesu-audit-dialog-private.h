/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-audit-dialog.h"

G_BEGIN_DECLS

/* For tests: the rows loaded into the list now (a page at a time). */
guint       _kesu_audit_dialog_get_n_shown      (KesuAuditDialog  *self);
/* For tests: the row at @position as shown, the columns joined by " | "; NULL past the
 * end. */
char       *_kesu_audit_dialog_dup_row_text     (KesuAuditDialog  *self,
                                                 guint             position);
/* For tests: sets the filter inputs (@staff_id -1: anyone; "" leaves a text filter out). */
void        _kesu_audit_dialog_set_filter       (KesuAuditDialog  *self,
                                                 gint64            staff_id,
                                                 const char       *complaint_number,
                                                 const char       *from,
                                                 const char       *until);
const char *_kesu_audit_dialog_get_filter_error (KesuAuditDialog  *self);
/* For tests: "Verify History"; *out_text the message shown. */
gboolean    _kesu_audit_dialog_verify           (KesuAuditDialog  *self,
                                                 const char      **out_text);
/* For tests: what "Export…" does once a file is chosen. */
gboolean    _kesu_audit_dialog_export_to        (KesuAuditDialog  *self,
                                                 const char       *path);
void        _kesu_audit_dialog_load_more        (KesuAuditDialog  *self);

G_END_DECLS
