/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-sign-in-page.h"
#include "kesu-window.h"

G_BEGIN_DECLS

/* For tests: the page a locked window shows, and an idle time in seconds instead of the
 * branch's setting in minutes (-1: the setting again). */
KesuSignInPage *_kesu_window_get_sign_in_page      (KesuWindow *self);
void            _kesu_window_set_idle_lock_seconds (KesuWindow *self,
                                                    int         seconds);

G_END_DECLS
