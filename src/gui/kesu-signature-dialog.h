/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-signature-pad.h"

G_BEGIN_DECLS

/* A small modal window with a signature pad: "Done" emits "signed" (GBytes *png,
 * GPtrArray *strokes) when the pad holds a signature (kesu_strokes_check), and closes;
 * otherwise it says why and stays. */

#define KESU_TYPE_SIGNATURE_DIALOG (kesu_signature_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuSignatureDialog, kesu_signature_dialog, KESU, SIGNATURE_DIALOG,
                      GtkWindow)

KesuSignatureDialog *kesu_signature_dialog_new     (GtkWindow           *parent,
                                                    const char          *title,
                                                    const char          *intro);
KesuSignaturePad    *kesu_signature_dialog_get_pad (KesuSignatureDialog *self);
/* What "Done" does; FALSE (and the dialog stays) when the pad holds no signature. */
gboolean             kesu_signature_dialog_accept  (KesuSignatureDialog *self);

G_END_DECLS
