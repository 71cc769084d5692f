/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-complaint-view.h"
#include "kesu-intake-page.h"
#include "kesu-test-core.h"
#include "kesu-window.h"

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

/* The first toplevel window of @type, or NULL. */
gpointer            kesu_test_find_window      (GType        type);

/* A plain window, 400×300 and shown, for the dialogs under test to be over. */
GtkWindow          *kesu_test_parent_new       (void);

/* Kesu's main window on @store, shown, on @page (NULL: the board, where it opens). */
KesuWindow         *kesu_test_window_new       (KesuStore   *store,
                                                const char  *page);

/* The window of case @complaint_id over @parent, shown. */
KesuComplaintView  *kesu_test_open_case        (GtkWindow   *parent,
                                                KesuStore   *store,
                                                gint64       complaint_id);

/* The end of a fixture: closes @window (may be NULL) and lets GTK finish, closes *store,
 * removes *dir with the database in it, frees *dir and *path (may be NULL) and lets
 * Kesu's clock run again.  A test that may leave messages open closes them first
 * (kesu_test_close_messages ()). */
void                kesu_test_tear_down        (GtkWindow   *window,
                                                KesuStore  **store,
                                                char       **dir,
                                                char       **path);

/* The intake page of @window. */
KesuIntakePage     *kesu_test_intake_page      (KesuWindow  *window);

/* Types @text into @field of @page as a user would, whatever kind of input it is.  Like
 * kesu_test_choose (), it does not run the main loop: the caller decides when the page
 * sees the change. */
void                kesu_test_type_into        (KesuIntakePage *page,
                                                KesuField       field,
                                                const char     *text);

/* Picks @position in the drop-down of @field of @page. */
void                kesu_test_choose           (KesuIntakePage *page,
                                                KesuField       field,
                                                guint           position);

/* Where @handler_id is in the intake form's handler list: position 0 is "choose a
 * handler", and the staff follow in the order of kesu_store_list_staff (). */
guint               kesu_test_handler_position (KesuStore   *store,
                                                gint64       handler_id);

G_END_DECLS
