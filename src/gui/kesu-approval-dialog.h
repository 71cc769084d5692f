/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Approval of a solution whose amount is beyond the handler's limit.
 *
 * kesu_approval_list_dialog_new: "Awaiting My Approval", the signed-in person's list of
 * complaints they may approve (amount, handler, solution); each can be opened, approved
 * with the approver's PIN, or refused with a reason.  Returns a window to present (a
 * message instead when nobody is signed in).
 *
 * kesu_approval_dialog_run_for: "Approve Now" on this PC: the approver picks their name
 * and enters their PIN; refused (with the store's message, the window stays open) when
 * their limit does not cover @amount_fen (-1: the amount stored on the case) or the PIN
 * is wrong.  The window is presented; @done is called exactly once. */

typedef void (*KesuApprovalDoneFunc) (gboolean approved,
                                      gpointer user_data);

#define KESU_TYPE_APPROVAL_DIALOG (kesu_approval_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuApprovalDialog, kesu_approval_dialog, KESU, APPROVAL_DIALOG, GtkWindow)

#define KESU_TYPE_APPROVAL_LIST_DIALOG (kesu_approval_list_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuApprovalListDialog, kesu_approval_list_dialog, KESU,
                      APPROVAL_LIST_DIALOG, GtkWindow)

GtkWidget *kesu_approval_list_dialog_new (GtkWindow            *parent,
                                          KesuStore            *store);

GtkWidget *kesu_approval_dialog_run_for  (GtkWindow            *parent,
                                          KesuStore            *store,
                                          gint64                complaint_id,
                                          gint64                amount_fen,
                                          KesuApprovalDoneFunc  done,
                                          gpointer              user_data);

/* Why the move to the customer is blocked: "¥8,000.00 is beyond 李强's limit of ¥500.00:
 * it needs the approval of someone whose limit covers it."; NULL when @amount_fen (-1:
 * the stored amount) needs no approval (within the limit, or approved already). */
char      *kesu_approval_dup_note        (KesuStore            *store,
                                          gint64                complaint_id,
                                          gint64                amount_fen);

G_END_DECLS
