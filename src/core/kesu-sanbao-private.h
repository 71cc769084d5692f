/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* Shared by kesu-vehicle.c, kesu-sanbao.c and kesu-duplicates.c (the store pieces they
 * need are in kesu-store-private.h). */

/* Refreshes the 三包 flag of every open complaint naming @vin, inside the caller's
 * transaction. */
gboolean  _kesu_sanbao_refresh_vin    (KesuStore      *store,
                                       const char     *vin,
                                       GError        **error);
/* kesu_store_sanbao_refresh without its own transaction or signal. */
gboolean  _kesu_sanbao_refresh_one    (KesuStore      *store,
                                       gint64          complaint_id,
                                       gboolean       *out_raised,
                                       GError        **error);

G_END_DECLS
