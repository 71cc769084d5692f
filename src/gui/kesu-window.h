/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_WINDOW (kesu_window_get_type ())
G_DECLARE_FINAL_TYPE (KesuWindow, kesu_window, KESU, WINDOW, GtkApplicationWindow)

KesuWindow *kesu_window_new        (KesuApplication *application,  /* nullable */
                                    KesuStore       *store);
/* The window without its store, for a start that builds it while the database file is
 * still being checked: nothing in it works, and it is not shown, until
 * kesu_window_attach () gives it the store (and @application, nullable). */
KesuWindow *kesu_window_new_unattached (void);
void        kesu_window_attach     (KesuWindow      *self,
                                    KesuApplication *application,
                                    KesuStore       *store);
KesuStore  *kesu_window_get_store  (KesuWindow      *self);
/* "board", "intake", "list" or "analysis" */
void        kesu_window_show_page  (KesuWindow      *self,
                                    const char      *name);
/* The board with only the complaints whose @dimension ("category", "channel",
 * "severity", "handler", "model") is @key: see kesu_board_page_set_filter (). */
void        kesu_window_show_board_filtered (KesuWindow *self,
                                             const char *dimension,
                                             const char *key);
/* Signs the operator out and shows only the sign-in page: the pages, and the windows
 * opened from this one, are hidden until someone signs in (the same person gets them back
 * as they were; someone else gets a fresh start).  @switch_user: nobody is preselected on
 * the sign-in page.  Also on Ctrl+L (win.lock) and after the branch's idle time. */
void        kesu_window_lock       (KesuWindow      *self,
                                    gboolean         switch_user);
gboolean    kesu_window_is_locked  (KesuWindow      *self);
/* At start, before the window on @store is built: starts the PIN check of
 * KESU_AUTO_SIGN_IN in a thread, which the window built next takes over (it opens on the
 * sign-in page and shows its pages once the PIN is found right).  FALSE when there is
 * nothing to start: the window then signs in by itself, as before. */
gboolean    kesu_window_start_auto_sign_in (KesuStore *store);

G_END_DECLS
