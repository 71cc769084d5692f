/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Moving a complaint to another state, from the board (drag, "Move to…") or from the
 * complaint's window.  When the move is not allowed, the reason is shown and nothing
 * changes.  When the case already has everything the move needs, it moves at once.
 * Otherwise a dialog asks for exactly what is missing (kesu_workflow_move_needs), and the
 * move happens when the user confirms; the dialog keeps what was typed if the store
 * refuses, showing why. */

typedef void (*KesuMoveDoneFunc) (gboolean  moved,
                                  KesuState new_state,
                                  gpointer  user_data);

#define KESU_TYPE_MOVE_DIALOG (kesu_move_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuMoveDialog, kesu_move_dialog, KESU, MOVE_DIALOG, GtkWindow)

/* @done is called exactly once, after the move or when it is given up. */
void            kesu_move_start              (GtkWindow        *parent,
                                              KesuStore        *store,
                                              gint64            complaint_id,
                                              KesuState         to,
                                              KesuMoveDoneFunc  done,
                                              gpointer          user_data);

/* For tests: the dialog kesu_move_start opened last, while it is open; NULL otherwise. */
KesuMoveDialog *_kesu_move_dialog_get_current (void);
/* For tests: fills the dialog's fields from @input and confirms. */
gboolean        _kesu_move_dialog_submit      (KesuMoveDialog     *self,
                                               const KesuCaseData *input);

/* For tests: what "Customer Signs…" (or "Branch Signs…") opens, a KesuSignatureDialog;
 * only when the move needs the customer's agreement. */
GtkWindow      *_kesu_move_dialog_open_signature (KesuMoveDialog     *self,
                                                  gboolean            branch);

/* For tests: why the move to the customer is blocked (the amount needs approval), or NULL
 * when it is not; "Approve Now…" (the KesuApprovalDialog it opens, or NULL when nothing
 * needs approving); "Leave Awaiting Approval" (TRUE when the solution was recorded and
 * the dialog closed without moving). */
const char     *_kesu_move_dialog_get_approval_note (KesuMoveDialog  *self);
GtkWidget      *_kesu_move_dialog_approve_now       (KesuMoveDialog  *self);
gboolean        _kesu_move_dialog_leave_awaiting    (KesuMoveDialog  *self);

G_END_DECLS
