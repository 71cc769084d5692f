/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-auth.h"
#include "kesu-staff-dialog.h"

G_BEGIN_DECLS

/* The window the manager dialogs (staff, audit) show instead of themselves when the
 * signed-in person lacks @permission: @primary, and the store's reason under it. */
GtkWidget  *_kesu_refusal_new                  (GtkWindow          *parent,
                                                KesuStore          *store,
                                                KesuPermission      permission,
                                                const char         *primary);

/* For tests: "Add Person…" (@staff_id 0) or "Edit…" of @staff_id; the form's window. */
GtkWindow  *_kesu_staff_dialog_open_form       (KesuStaffDialog    *self,
                                                gint64              staff_id);
/* For tests: "Set PIN…" of @staff_id. */
GtkWindow  *_kesu_staff_dialog_open_pin        (KesuStaffDialog    *self,
                                                gint64              staff_id);
/* For tests: fills a form (NULL / -1 leave a field as it is) and saves; TRUE when saved
 * and closed, FALSE with the problem in _kesu_staff_form_get_error (). */
gboolean    _kesu_staff_form_submit            (GtkWindow          *form,
                                                const char         *name,
                                                int                 role,
                                                const char         *phone,
                                                const char         *pin,
                                                const char         *pin_again);
const char *_kesu_staff_form_get_error         (GtkWindow          *form);
/* For tests: "Deactivate" / "Reactivate"; the message shown in the window afterwards. */
gboolean    _kesu_staff_dialog_set_active      (KesuStaffDialog    *self,
                                                gint64              staff_id,
                                                gboolean            active);
const char *_kesu_staff_dialog_get_message     (KesuStaffDialog    *self);
/* For tests: how many rows of the list show @name (NULL: all rows). */
guint       _kesu_staff_dialog_count_rows      (KesuStaffDialog    *self,
                                                const char         *name);
/* For tests: types @texts (one per KesuRole, NULL keeps) into the limits and saves. */
gboolean    _kesu_staff_dialog_save_limits     (KesuStaffDialog    *self,
                                                const char * const *texts);
const char *_kesu_staff_dialog_get_limits_status (KesuStaffDialog  *self);

G_END_DECLS
