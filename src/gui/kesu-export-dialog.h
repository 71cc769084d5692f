/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* "Export to Excel": the period (a month of the last two years, or from one day to
 * another) and whether phone numbers show in full; then a file chooser, and the export
 * runs in a worker thread with a progress bar and a Cancel button.  On success it offers
 * to open the workbook. */

#define KESU_TYPE_EXPORT_DIALOG (kesu_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuExportDialog, kesu_export_dialog, KESU, EXPORT_DIALOG, GtkWindow)

KesuExportDialog *kesu_export_dialog_new (GtkWindow *parent,   /* nullable */
                                          KesuStore *store);

G_END_DECLS
