/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-approval-dialog.h"

G_BEGIN_DECLS

/* For tests: picks @approver_id (0: as it is; ignored when the approver is fixed), types
 * @pin and (for a refusal) @reason, and confirms.  TRUE when the store accepted and the
 * window closed; otherwise the problem is in _kesu_approval_dialog_get_error (). */
gboolean            _kesu_approval_dialog_submit              (KesuApprovalDialog     *self,
                                                               gint64                  approver_id,
                                                               const char             *pin,
                                                               const char             *reason);
const char         *_kesu_approval_dialog_get_error           (KesuApprovalDialog     *self);

/* For tests: how many cases the list shows; "Approve…" or "Refuse…" of the @index-th. */
guint               _kesu_approval_list_dialog_get_n_requests (KesuApprovalListDialog *self);
KesuApprovalDialog *_kesu_approval_list_dialog_open           (KesuApprovalListDialog *self,
                                                               guint                   index,
                                                               gboolean                refuse);

G_END_DECLS
