/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_APPLICATION (kesu_application_get_type ())
G_DECLARE_FINAL_TYPE (KesuApplication, kesu_application, KESU, APPLICATION, GtkApplication)

void             kesu_application_init_i18n (void);
KesuApplication *kesu_application_new       (void);
/* Registers the resources and the style sheet; for tests that build windows without
 * running the application. */
void             kesu_application_load_ui   (void);

G_END_DECLS
