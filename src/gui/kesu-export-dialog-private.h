/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-export-dialog.h"

G_BEGIN_DECLS

/* For tests: what "Export…" does after the file chooser, with @path chosen; FALSE (and
 * the problem shown) when the form is not valid. */
gboolean    _kesu_export_dialog_export_to  (KesuExportDialog *self,
                                            const char       *path);
/* For tests: "form", "progress" or "done". */
const char *_kesu_export_dialog_get_page   (KesuExportDialog *self);
/* For tests: the form's inputs. */
void        _kesu_export_dialog_set_range  (KesuExportDialog *self,
                                            const char       *from,
                                            const char       *to);
const char *_kesu_export_dialog_get_message (KesuExportDialog *self);

G_END_DECLS
