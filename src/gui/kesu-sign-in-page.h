/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_SIGN_IN_PAGE (kesu_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (KesuSignInPage, kesu_sign_in_page, KESU, SIGN_IN_PAGE, GtkWidget)

/* What a locked window shows instead of its pages: the active staff to pick a name from
 * (type to find it) and the PIN.  Every sign-in goes through kesu_store_sign_in (), so
 * wrong PINs count and lock the account as the core decides; "signed-in" (gint64 staff
 * id) is emitted once the store has the new operator.
 *
 * A database from before sign-in existed has nobody with a PIN: then the page asks
 * kesu_store_first_pin_holder () to choose a PIN once, instead of locking every
 * one out. */

void      kesu_sign_in_page_set_store  (KesuSignInPage *self,
                                        KesuStore      *store);
/* Fills the page afresh (the staff may have changed) with @staff_id chosen (0: nobody),
 * no PIN typed and no message, and puts the focus where typing starts. */
void      kesu_sign_in_page_reset      (KesuSignInPage *self,
                                        gint64          staff_id);
/* Signs in with what the page holds; FALSE (the reason shown on the page) if refused. */
gboolean  kesu_sign_in_page_submit     (KesuSignInPage *self);
/* The same for @staff_id with @pin, as if chosen and typed (KESU_AUTO_SIGN_IN). */
gboolean  kesu_sign_in_page_sign_in    (KesuSignInPage *self,
                                        gint64          staff_id,
                                        const char     *pin);

/* What a sign-in started elsewhere (kesu_store_sign_in_async) was refused for, shown as
 * if @staff_id had been chosen and a PIN typed here. */
void      kesu_sign_in_page_show_refusal (KesuSignInPage *self,
                                          gint64          staff_id,
                                          const GError   *error);

/* A new PIN typed twice: FALSE, with a message in the user's language, unless both are
 * the same and have the form the core accepts (4 to 8 digits). */
gboolean  kesu_new_pin_check           (const char  *pin,
                                        const char  *repeat,
                                        GError     **error);

/* For tests: the widgets a user touches. */
GtkWidget *_kesu_sign_in_page_get_pin_entry   (KesuSignInPage *self);
GtkWidget *_kesu_sign_in_page_get_repeat_entry (KesuSignInPage *self);
GtkLabel  *_kesu_sign_in_page_get_error_label (KesuSignInPage *self);
GtkListBox *_kesu_sign_in_page_get_staff_list (KesuSignInPage *self);
GtkEditable *_kesu_sign_in_page_get_search    (KesuSignInPage *self);
/* The staff member chosen now; 0 when none. */
gint64     _kesu_sign_in_page_get_selected    (KesuSignInPage *self);
/* Whether the page asks for the first PIN (see above) rather than for a sign-in. */
gboolean   _kesu_sign_in_page_is_first_pin    (KesuSignInPage *self);

G_END_DECLS
