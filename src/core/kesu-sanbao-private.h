/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* Shared by kesu-vehicle.c, kesu-sanbao.c and kesu-duplicates.c: small pieces of the store
 * that these modules need and that kesu-store.c keeps private. */

/* One timeline row, inside the caller's transaction.  @staff_id 0: Kesu itself. */
gboolean  _kesu_event_insert          (KesuStore      *store,
                                       gint64          complaint_id,
                                       gint64          at,
                                       gint64          staff_id,
                                       KesuEventKind   kind,
                                       const char     *detail,
                                       gint64          ref_time,
                                       GError        **error);
/* "complaints-changed", unless a transaction is still open. */
void      _kesu_store_notify_changed  (KesuStore      *store);

/* The setting @key as stored; NULL when unset. */
char     *_kesu_setting_get           (KesuStore      *store,
                                       const char     *key);
gboolean  _kesu_setting_set           (KesuStore      *store,
                                       const char     *key,
                                       const char     *value,
                                       GError        **error);

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
