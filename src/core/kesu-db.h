/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kesu-types.h"

G_BEGIN_DECLS

/* A thin wrapper over one SQLite connection: statements are prepared once and cached by
 * their SQL text, parameters are always bound (never formatted into the SQL), and
 * transactions nest (the outermost is BEGIN IMMEDIATE, inner ones are savepoints). */

KesuDb        *kesu_db_open              (const char     *path,
                                          GError        **error);
void           kesu_db_close             (KesuDb         *db);
sqlite3       *kesu_db_get_handle        (KesuDb         *db);
/* How long a write waits for another program's lock before failing with KESU_ERROR_BUSY
 * (5 seconds unless set; tests shorten it). */
void           kesu_db_set_busy_timeout  (KesuDb         *db,
                                          int             milliseconds);

/* For fixed SQL only (schema, pragmas): never with user input. */
gboolean       kesu_db_exec              (KesuDb         *db,
                                          const char     *fixed_sql,
                                          GError        **error);

/* A cached statement, reset and with its bindings cleared.  Owned by @db. */
KesuStatement *kesu_db_prepare           (KesuDb         *db,
                                          const char     *sql,
                                          GError        **error);

gboolean       kesu_db_begin             (KesuDb         *db,
                                          GError        **error);
gboolean       kesu_db_commit            (KesuDb         *db,
                                          GError        **error);
void           kesu_db_rollback          (KesuDb         *db);
guint          kesu_db_transaction_depth (KesuDb         *db);

gint64         kesu_db_last_insert_rowid (KesuDb         *db);
int            kesu_db_get_user_version  (KesuDb         *db,
                                          GError        **error);

/* Parameters are numbered from 1, columns from 0, as in SQLite. */
void           kesu_statement_bind_text  (KesuStatement  *stmt,
                                          int             param,
                                          const char     *value);  /* NULL binds NULL */
/* Binds NULL for NULL and for "" */
void           kesu_statement_bind_text_or_null (KesuStatement *stmt,
                                                 int            param,
                                                 const char    *value);
void           kesu_statement_bind_int64 (KesuStatement  *stmt,
                                          int             param,
                                          gint64          value);
void           kesu_statement_bind_null  (KesuStatement  *stmt,
                                          int             param);
void           kesu_statement_bind_blob  (KesuStatement  *stmt,
                                          int             param,
                                          GBytes         *value);

/* TRUE with a row to read; FALSE when done (then *error is unset) or on error. */
gboolean       kesu_statement_step       (KesuStatement  *stmt,
                                          GError        **error);
/* For a query that must find its row: TRUE with the row to read; FALSE on error or, when
 * there is no row, with KESU_ERROR_NOT_FOUND and @not_found_message (already
 * translated). */
gboolean       kesu_statement_step_one   (KesuStatement  *stmt,
                                          const char     *not_found_message,
                                          GError        **error);
/* The first column of every row, as gint64s; NULL on error. */
GArray        *kesu_statement_collect_int64 (KesuStatement  *stmt,
                                             GError        **error);
/* Runs a statement that returns no rows. */
gboolean       kesu_statement_run        (KesuStatement  *stmt,
                                          GError        **error);
void           kesu_statement_reset      (KesuStatement  *stmt);

const char    *kesu_statement_get_text   (KesuStatement  *stmt,
                                          int             column);  /* never NULL: "" */
char          *kesu_statement_dup_text   (KesuStatement  *stmt,
                                          int             column);  /* never NULL */
gint64         kesu_statement_get_int64  (KesuStatement  *stmt,
                                          int             column);
gboolean       kesu_statement_is_null    (KesuStatement  *stmt,
                                          int             column);
GBytes        *kesu_statement_dup_blob   (KesuStatement  *stmt,
                                          int             column);

G_END_DECLS
