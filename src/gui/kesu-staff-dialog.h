/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Staff management (for managers): every member of staff, active or not, with role,
 * phone, manager, the compensation limit of their role; add, edit, deactivate or
 * reactivate (never delete), set a PIN; and the compensation limit per role.
 *
 * kesu_staff_dialog_new returns a window to present: the staff dialog, or, when the
 * signed-in person may not manage staff, a message saying so (nothing can be changed). */

#define KESU_TYPE_STAFF_DIALOG (kesu_staff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuStaffDialog, kesu_staff_dialog, KESU, STAFF_DIALOG, GtkWindow)

GtkWidget *kesu_staff_dialog_new (GtkWindow *parent,
                                  KesuStore *store);

G_END_DECLS
