/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Between the store's own files (kesu-store.c, kesu-auth.c, kesu-audit.c, kesu-vehicle.c,
 * kesu-sanbao.c, kesu-duplicates.c), the demo generator and the tests' set-up; never for
 * the window. */

/* One timeline row, inside the caller's transaction.  @staff_id 0: Kesu itself;
 * @ref_time 0: none. */
gboolean  _kesu_store_insert_event   (KesuStore      *store,
                                      gint64          complaint_id,
                                      gint64          at,
                                      gint64          staff_id,
                                      KesuEventKind   kind,
                                      const char     *detail,
                                      gint64          ref_time,
                                      GError        **error);
/* The setting @key as stored; NULL when unset. */
char     *_kesu_store_get_setting    (KesuStore      *store,
                                      const char     *key);
gboolean  _kesu_store_set_setting    (KesuStore      *store,
                                      const char     *key,
                                      const char     *value,
                                      GError        **error);
/* The setting @key as a whole number from @min to @max; @fallback when it is unset or
 * anything else.  The setters check their own range (each with its own message). */
guint     _kesu_store_get_setting_uint (KesuStore    *store,
                                        const char   *key,
                                        guint         min,
                                        guint         max,
                                        guint         fallback);
gboolean  _kesu_store_set_setting_uint (KesuStore    *store,
                                        const char   *key,
                                        guint         value,
                                        GError      **error);
/* "complaints-changed", unless inside an enclosing transaction. */
void      _kesu_store_emit_changed   (KesuStore      *store);
/* Commits the store's transaction, then _kesu_store_emit_changed (). */
gboolean  _kesu_store_commit_changed (KesuStore      *store,
                                      GError        **error);
/* Ends a transaction an action began: when @ok, _kesu_store_commit_changed (); otherwise
 * rolls back (the action has set @error).  Returns whether the action took. */
gboolean  _kesu_store_finish         (KesuStore      *store,
                                      gboolean        ok,
                                      GError        **error);
/* The operator as stored, unchecked (kesu_actor () reports it). */
gint64    _kesu_store_peek_operator  (KesuStore      *store);

/* kesu_store_add_staff without the permission check: for the demo generator, which
 * brings its made-up staff into any store, and the tests' set-up.  Audited all the
 * same (by whoever is the operator). */
gint64    _kesu_store_add_staff_unchecked (KesuStore  *store,
                                           const char *name,
                                           KesuRole    role,
                                           const char *phone,
                                           GError    **error);

/* ---- kesu-audit.c ---- */

/* Registers kesu_now (), kesu_actor (), kesu_sha256 () and kesu_audit_hash () on the
 * store's connection, before the migrations run: the audit triggers call them. */
gboolean  _kesu_audit_register       (KesuStore      *store,
                                      sqlite3        *handle,
                                      GError        **error);
/* One row written from C (sign-in events, the branch): @staff_id is who (0: nobody),
 * @complaint_id and @entity_id 0 for none. */
gboolean  _kesu_audit_write          (KesuStore      *store,
                                      gint64          staff_id,
                                      gint64          complaint_id,
                                      const char     *entity,
                                      gint64          entity_id,
                                      const char     *field,
                                      const char     *old_value,
                                      const char     *new_value,
                                      GError        **error);
/* While > 0, kesu_actor () reports @staff_id instead of the operator: an approver giving
 * their PIN on someone else's session. */
void      _kesu_audit_set_actor      (KesuStore      *store,
                                      gint64          staff_id);

/* ---- kesu-auth.c ---- */

/* The Argon2id string of @pin (crypto_pwhash_str at the interactive limits). */
char     *_kesu_pin_hash             (const char     *pin,
                                      GError        **error);
/* Stores @hash, a string from _kesu_pin_hash (), as @staff_id's PIN without the
 * permission check: the demo generator and the tests' set-up hash their one PIN once
 * and give it to many people, instead of spending a tenth of a second per person. */
gboolean  _kesu_store_set_pin_hash   (KesuStore      *store,
                                      gint64          staff_id,
                                      const char     *hash,
                                      GError        **error);
/* Whether @amount_fen on @complaint_id, handled by @handler_id, needs an approval that
 * it does not have; *out_limit_fen: the handler's limit. */
gboolean  _kesu_store_amount_needs_approval (KesuStore *store,
                                             gint64     complaint_id,
                                             gint64     handler_id,
                                             gint64     amount_fen,
                                             gint64    *out_limit_fen);
/* Records an approval (or refusal, with @reason) by @approver_id without a PIN: after
 * kesu_store_verify_pin, and for the demo generator's made-up managers.  Checks the
 * approver's limit and the case. */
gboolean  _kesu_store_record_approval (KesuStore     *store,
                                       gint64         complaint_id,
                                       gint64         amount_fen,
                                       gint64         approver_id,
                                       gboolean       approved,
                                       const char    *reason,
                                       GError       **error);

G_END_DECLS
