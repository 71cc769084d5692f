/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* The audit view (for managers): every recorded change — when, who, which complaint,
 * what, old and new value — filtered by person, complaint number and date range,
 * exported to Excel, and "Verify History" to check the hash chain.
 *
 * kesu_audit_dialog_new returns a window to present: the audit view, or, when the
 * signed-in person may not view the audit log, a message saying so. */

#define KESU_TYPE_AUDIT_DIALOG (kesu_audit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuAuditDialog, kesu_audit_dialog, KESU, AUDIT_DIALOG, GtkWindow)

GtkWidget *kesu_audit_dialog_new (GtkWindow *parent,
                                  KesuStore *store);

G_END_DECLS
