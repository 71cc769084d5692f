/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_PREFERENCES_DIALOG (kesu_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuPreferencesDialog, kesu_preferences_dialog, KESU, PREFERENCES_DIALOG,
                      GtkWindow)

/* The branch's time limits and how they are counted, as the store holds them.  Modal and
 * transient for @parent (may be NULL); emits "saved" () once the store has taken the new
 * limits, then closes. */
KesuPreferencesDialog *kesu_preferences_dialog_new (GtkWindow *parent,
                                                    KesuStore *store);

G_END_DECLS
