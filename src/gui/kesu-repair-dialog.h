/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"
#include "kesu-vehicle.h"

G_BEGIN_DECLS

/* One workshop visit of a vehicle (KesuRepair, kesu-vehicle.h), new or stored: when the
 * car came in and was handed back (empty: still in the shop), the mileage, the fault
 * system, what was wrong and the main part replaced.  Each field says its problem beside
 * it; the store's checks (kesu_repair_check) are shown above the form.  "saved" is
 * emitted once the store took it, and the dialog closes. */

#define KESU_TYPE_REPAIR_DIALOG (kesu_repair_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuRepairDialog, kesu_repair_dialog, KESU, REPAIR_DIALOG, GtkWindow)

/* A new visit of the vehicle @vin, linked to @complaint_id (0: none), or the stored
 * repair @repair_id (0: a new one) to change. */
KesuRepairDialog *kesu_repair_dialog_new     (GtkWindow       *parent,
                                              KesuStore       *store,
                                              const char      *vin,
                                              gint64           complaint_id,
                                              gint64           repair_id);

/* For tests: fills the form as a user would (NULL texts are left as they are; @system
 * -1 is left as it is) and presses Save; whether the store took it. */
void              _kesu_repair_dialog_fill   (KesuRepairDialog *self,
                                              const char       *started,
                                              const char       *finished,
                                              const char       *mileage,
                                              int               system,
                                              const char       *fault,
                                              const char       *part);
gboolean          _kesu_repair_dialog_save   (KesuRepairDialog *self);
/* The problems shown now, one per line ("" when none). transfer full */
char             *_kesu_repair_dialog_dup_problems (KesuRepairDialog *self);

G_END_DECLS
