/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_SETUP_DIALOG (kesu_setup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuSetupDialog, kesu_setup_dialog, KESU, SETUP_DIALOG, GtkWindow)

/* First start: the branch and the first staff member (the administrator) with their PIN,
 * typed twice.  Emits "done" once they are stored and signed in. */
KesuSetupDialog *kesu_setup_dialog_new    (KesuStore       *store);
/* Stores what the form holds; FALSE (with the reason shown in the dialog) if refused. */
gboolean         kesu_setup_dialog_submit (KesuSetupDialog *self);

G_END_DECLS
