/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-store.h"

G_BEGIN_DECLS

/* Adds @n realistic complaints (and, where the store has fewer than a branch's worth,
 * the branch and its staff, with the PIN KESU_DEMO_PIN) spread over the 12 months before the clock's now, from a
 * fixed seed: the same @n on the same empty store gives the same data.  All in one
 * transaction: on error nothing is written. */
gboolean kesu_demo_generate (KesuStore  *store,
                             guint       n,
                             guint32     seed,
                             GError    **error);

#define KESU_DEMO_DEFAULT_SEED 20261124

/* The PIN the demo's staff sign in with (README, --help). */
#define KESU_DEMO_PIN "1234"

G_END_DECLS
