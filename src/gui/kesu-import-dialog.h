/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_IMPORT_DIALOG (kesu_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuImportDialog, kesu_import_dialog, KESU, IMPORT_DIALOG, GtkWindow)

/* "Import Complaint Log": choose a CSV file, see how it was read (encoding, separator),
 * map its columns to Kesu's fields, preview the first rows, check every row (the
 * problems are listed with their line numbers) and import, all or nothing, once the
 * check found no problem.  Modal and transient for @parent (may be NULL). */
KesuImportDialog *kesu_import_dialog_new       (GtkWindow        *parent,
                                                KesuStore        *store);
/* Reads @file as "Choose File…" does; FALSE, with the reason shown, when it cannot. */
gboolean          kesu_import_dialog_load_file (KesuImportDialog *self,
                                                GFile            *file);

G_END_DECLS
