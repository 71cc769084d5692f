/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* "Find Duplicates" of a case window: the open or recent cases of the same customer
 * (phone) or vehicle (VIN, plate) — kesu_store_find_duplicates_of — each with why it
 * matched, and for each: Open, Link (the same problem, handled each on its own) and
 * "Merge Into It" (this case is recorded into the other one after a confirmation that
 * says nothing is deleted). */

#define KESU_TYPE_DUPLICATES_DIALOG (kesu_duplicates_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuDuplicatesDialog, kesu_duplicates_dialog, KESU, DUPLICATES_DIALOG,
                      GtkWindow)

KesuDuplicatesDialog *kesu_duplicates_dialog_new (GtkWindow *parent,
                                                  KesuStore *store,
                                                  gint64     complaint_id);

/* For tests. */
guint      _kesu_duplicates_dialog_get_n_matches (KesuDuplicatesDialog *self);
/* The number and the "why" of the match at @position. transfer full */
char      *_kesu_duplicates_dialog_dup_match     (KesuDuplicatesDialog *self,
                                                  guint                 position);
/* What Link and Merge Into It do for the match at @position; Link returns whether the
 * store took it.  Merge opens the confirmation (a GtkMessageDialog), returned. */
gboolean   _kesu_duplicates_dialog_link          (KesuDuplicatesDialog *self,
                                                  guint                 position);
GtkWindow *_kesu_duplicates_dialog_merge         (KesuDuplicatesDialog *self,
                                                  guint                 position);

G_END_DECLS
