/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-import-dialog.h"

G_BEGIN_DECLS

/* For tests. */
GtkDropDown *_kesu_import_dialog_get_mapping       (KesuImportDialog *self,
                                                    guint             column);
GtkWidget   *_kesu_import_dialog_get_check_button  (KesuImportDialog *self);
GtkWidget   *_kesu_import_dialog_get_import_button (KesuImportDialog *self);
/* The problems listed now. */
guint        _kesu_import_dialog_count_problems    (KesuImportDialog *self);
const char  *_kesu_import_dialog_get_status        (KesuImportDialog *self);
const char  *_kesu_import_dialog_get_info          (KesuImportDialog *self);

G_END_DECLS
