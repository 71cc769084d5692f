/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-test-core.h"

G_BEGIN_DECLS

/* Set-up shared by the GUI test programs (which run under Xvfb). */

/* g_test_init, the translations, GTK and Kesu's resources, in that order. */
void  kesu_test_init_gui        (int         *argc,
                                 char      ***argv);

/* Runs the main loop until nothing is pending. */
void  kesu_test_flush_events    (void);

/* With KESU_SCREENSHOT_DIR set, saves what @widget shows as NAME.png there: the README's
 * pictures come from the same windows the tests drive.  Otherwise does nothing. */
void  kesu_test_screenshot      (GtkWidget   *widget,
                                 const char  *name);

/* Closes every message (GtkMessageDialog) open now and returns how many there were: the
 * "not possible" and error messages do not block, so the tests close them. */
guint kesu_test_close_messages  (void);

G_END_DECLS
