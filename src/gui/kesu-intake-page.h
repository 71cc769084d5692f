/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_INTAKE_PAGE (kesu_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (KesuIntakePage, kesu_intake_page, KESU, INTAKE_PAGE, GtkWidget)

void        kesu_intake_page_set_store  (KesuIntakePage *self,
                                         KesuStore      *store);
/* Saves when the form is valid and emits "saved" (gint64 id, const char *number); else
 * marks every problem beside its field and returns 0. */
gint64      kesu_intake_page_save       (KesuIntakePage *self);
void        kesu_intake_page_clear      (KesuIntakePage *self);

G_END_DECLS
