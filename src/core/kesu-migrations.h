/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-db.h"

G_BEGIN_DECLS

/* The numbered schema steps; step N leaves PRAGMA user_version at N. */
int      _kesu_migrations_latest  (void);
gboolean _kesu_migrations_run     (KesuDb  *db,
                                   int      from_version,
                                   GError **error);
/* Only up to @to_version: for tests of a step on a database from before it. */
gboolean _kesu_migrations_run_until (KesuDb  *db,
                                     int      from_version,
                                     int      to_version,
                                     GError **error);

G_END_DECLS
