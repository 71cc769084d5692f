/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kesu-enums.h"
#include "kesu-intake.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* One recorded complaint, as read from the store.  The fields as recorded at intake are
 * in its KesuIntake (phone normalized); the list shows it through properties. */

#define KESU_TYPE_COMPLAINT (kesu_complaint_get_type ())
G_DECLARE_FINAL_TYPE (KesuComplaint, kesu_complaint, KESU, COMPLAINT, GObject)

KesuComplaint    *kesu_complaint_new                (gint64       id,
                                                     const char  *number,
                                                     KesuState    state,
                                                     KesuIntake  *intake);  /* transfer full */

gint64            kesu_complaint_get_id             (KesuComplaint *self);
const char       *kesu_complaint_get_number         (KesuComplaint *self);
KesuState         kesu_complaint_get_state          (KesuComplaint *self);
const KesuIntake *kesu_complaint_get_intake         (KesuComplaint *self);
gint64            kesu_complaint_get_received_unix  (KesuComplaint *self);
const char       *kesu_complaint_get_handler_name   (KesuComplaint *self);
const char       *kesu_complaint_get_received_by_name (KesuComplaint *self);
guint             kesu_complaint_get_n_attachments  (KesuComplaint *self);

void              _kesu_complaint_set_names         (KesuComplaint *self,
                                                     const char    *handler_name,
                                                     const char    *received_by_name,
                                                     guint          n_attachments);

G_END_DECLS
