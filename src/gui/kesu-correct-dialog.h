/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* "Correct Details…": the customer's details and the complaint's text fields as recorded
 * at intake, each checked as it is typed, saved through kesu_store_update_intake (which
 * puts the change on the timeline).  The dialog stays open, showing why, when the store
 * refuses. */

#define KESU_TYPE_CORRECT_DIALOG (kesu_correct_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuCorrectDialog, kesu_correct_dialog, KESU, CORRECT_DIALOG, GtkWindow)

KesuCorrectDialog *kesu_correct_dialog_present (GtkWindow         *parent,
                                                KesuStore         *store,
                                                gint64             complaint_id);

/* For tests: the input of @field (a GtkEntry or GtkTextView), or NULL; and "Save". */
GtkWidget         *_kesu_correct_dialog_get_input (KesuCorrectDialog *self,
                                                   KesuField          field);
/* The reason entry of a finished case's correction; NULL for an open case. */
GtkWidget         *_kesu_correct_dialog_get_reason (KesuCorrectDialog *self);
gboolean           _kesu_correct_dialog_save      (KesuCorrectDialog *self);

G_END_DECLS
