/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-store.h"

G_BEGIN_DECLS

/* An intake form in progress, kept so that a crash or a power cut does not lose it: one
 * draft per operator, replaced as the form changes.  A draft is never a complaint: it
 * takes no number, appears in no list or figure, and is gone once the complaint is
 * saved or the form is cleared.  Each call is one transaction. */

/* Replaces the operator's draft with @intake, evidence included (the files are written
 * again only when they changed). */
gboolean    kesu_store_save_draft     (KesuStore         *self,
                                       const KesuIntake  *intake,
                                       GError           **error);
/* The operator's draft, or NULL (with *error unset) when there is none.
 * *out_updated_at (may be NULL): when it was last saved, unix seconds. */
KesuIntake *kesu_store_load_draft     (KesuStore         *self,
                                       gint64            *out_updated_at,
                                       GError           **error);
gboolean    kesu_store_discard_draft  (KesuStore         *self,
                                       GError           **error);

/* The draft text of @intake (a key file) and back; exposed for tests. */
char       *kesu_draft_serialize      (const KesuIntake  *intake);
KesuIntake *kesu_draft_deserialize    (const char        *text,
                                       GError           **error);

G_END_DECLS
