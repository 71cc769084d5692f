/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-db"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-db.h"
#include "kesu-error.h"

struct _KesuStatement
{
  sqlite3_stmt *stmt;
  KesuDb       *db;
};

struct _KesuDb
{
  sqlite3    *handle;
  GHashTable *statements;  /* SQL text → KesuStatement */
  guint       depth;       /* transaction nesting */
};

static void
set_error_from_sqlite (GError   **error,
                       sqlite3   *handle,
                       int        rc)
{
  int primary = rc & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, KESU_ERROR, KESU_ERROR_BUSY,
                 _("The database is in use by another program. Close it and try again."));
  else if (primary == SQLITE_FULL)
    g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                 _("The disk is full. Free some space and try again; nothing was saved."));
  else if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
    g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                 _("The database file cannot be written (%s)."),
                 handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                 _("The database file is damaged or is not a Kesu database (%s)."),
                 handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
  else
    g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                 _("Database error: %s"),
                 handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
}

static void
statement_free (gpointer data)
{
  KesuStatement *stmt = data;

  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

KesuDb *
kesu_db_open (const char  *path,
              GError     **error)
{
  KesuDb *db;
  sqlite3 *handle = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  rc = sqlite3_open_v2 (path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, handle, rc);
      sqlite3_close (handle);
      return NULL;
    }
  sqlite3_extended_result_codes (handle, 1);
  sqlite3_busy_timeout (handle, 5000);

  db = g_new0 (KesuDb, 1);
  db->handle = handle;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
  return db;
}

void
kesu_db_close (KesuDb *db)
{
  if (db == NULL)
    return;
  g_hash_table_destroy (db->statements);
  sqlite3_close (db->handle);
  g_free (db);
}

sqlite3 *
kesu_db_get_handle (KesuDb *db)
{
  return db->handle;
}

void
kesu_db_set_busy_timeout (KesuDb *db,
                          int     milliseconds)
{
  g_return_if_fail (db != NULL);
  sqlite3_busy_timeout (db->handle, milliseconds);
}

gboolean
kesu_db_exec (KesuDb      *db,
              const char  *fixed_sql,
              GError     **error)
{
  int rc = sqlite3_exec (db->handle, fixed_sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, db->handle, rc);
      return FALSE;
    }
  return TRUE;
}

KesuStatement *
kesu_db_prepare (KesuDb      *db,
                 const char  *sql,
                 GError     **error)
{
  KesuStatement *stmt;

  stmt = g_hash_table_lookup (db->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt->stmt);
      sqlite3_clear_bindings (stmt->stmt);
      return stmt;
    }

  stmt = g_new0 (KesuStatement, 1);
  stmt->db = db;
  {
    int rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                 &stmt->stmt, NULL);
    if (rc != SQLITE_OK)
      {
        set_error_from_sqlite (error, db->handle, rc);
        g_free (stmt);
        return NULL;
      }
  }
  g_hash_table_insert (db->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
kesu_db_begin (KesuDb  *db,
               GError **error)
{
  gboolean ok;

  if (db->depth == 0)
    ok = kesu_db_exec (db, "BEGIN IMMEDIATE", error);
  else
    ok = kesu_db_exec (db, "SAVEPOINT kesu_nested", error);
  if (ok)
    db->depth++;
  return ok;
}

gboolean
kesu_db_commit (KesuDb  *db,
                GError **error)
{
  g_return_val_if_fail (db->depth > 0, FALSE);

  if (db->depth == 1)
    {
      if (!kesu_db_exec (db, "COMMIT", error))
        {
          /* A failed COMMIT (disk full, say) leaves the transaction open: end it so
           * nothing of it is kept. */
          kesu_db_rollback (db);
          return FALSE;
        }
    }
  else if (!kesu_db_exec (db, "RELEASE SAVEPOINT kesu_nested", error))
    {
      kesu_db_rollback (db);
      return FALSE;
    }
  db->depth--;
  return TRUE;
}

void
kesu_db_rollback (KesuDb *db)
{
  g_return_if_fail (db->depth > 0);

  if (db->depth == 1)
    {
      if (sqlite3_get_autocommit (db->handle) == 0)
        sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      sqlite3_exec (db->handle, "ROLLBACK TO SAVEPOINT kesu_nested", NULL, NULL, NULL);
      sqlite3_exec (db->handle, "RELEASE SAVEPOINT kesu_nested", NULL, NULL, NULL);
    }
  db->depth--;
}

guint
kesu_db_transaction_depth (KesuDb *db)
{
  return db->depth;
}

gint64
kesu_db_last_insert_rowid (KesuDb *db)
{
  return sqlite3_last_insert_rowid (db->handle);
}

int
kesu_db_get_user_version (KesuDb  *db,
                          GError **error)
{
  KesuStatement *stmt = kesu_db_prepare (db, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return -1;
  if (!kesu_statement_step (stmt, error))
    return -1;
  version = (int) kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return version;
}

void
kesu_statement_bind_text (KesuStatement *stmt,
                          int            param,
                          const char    *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt->stmt, param);
  else
    sqlite3_bind_text (stmt->stmt, param, value, -1, SQLITE_TRANSIENT);
}

void
kesu_statement_bind_text_or_null (KesuStatement *stmt,
                                  int            param,
                                  const char    *value)
{
  kesu_statement_bind_text (stmt, param, (value != NULL && value[0] != '\0') ? value : NULL);
}

void
kesu_statement_bind_int64 (KesuStatement *stmt,
                           int            param,
                           gint64         value)
{
  sqlite3_bind_int64 (stmt->stmt, param, value);
}

void
kesu_statement_bind_null (KesuStatement *stmt,
                          int            param)
{
  sqlite3_bind_null (stmt->stmt, param);
}

void
kesu_statement_bind_blob (KesuStatement *stmt,
                          int            param,
                          GBytes        *value)
{
  gsize size = 0;
  gconstpointer data;

  if (value == NULL)
    {
      sqlite3_bind_null (stmt->stmt, param);
      return;
    }
  data = g_bytes_get_data (value, &size);
  /* An empty file is still a file, not NULL. */
  sqlite3_bind_blob64 (stmt->stmt, param, data ? data : "", size, SQLITE_TRANSIENT);
}

gboolean
kesu_statement_step (KesuStatement  *stmt,
                     GError        **error)
{
  int rc = sqlite3_step (stmt->stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_error_from_sqlite (error, stmt->db->handle, rc);
  sqlite3_reset (stmt->stmt);
  return FALSE;
}

gboolean
kesu_statement_step_one (KesuStatement  *stmt,
                         const char     *not_found_message,
                         GError        **error)
{
  g_autoptr(GError) local = NULL;

  if (kesu_statement_step (stmt, &local))
    return TRUE;
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND, not_found_message);
  return FALSE;
}

GArray *
kesu_statement_collect_int64 (KesuStatement  *stmt,
                              GError        **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local = NULL;

  while (kesu_statement_step (stmt, &local))
    {
      gint64 value = kesu_statement_get_int64 (stmt, 0);

      g_array_append_val (values, value);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&values);
}

gboolean
kesu_statement_run (KesuStatement  *stmt,
                    GError        **error)
{
  int rc = sqlite3_step (stmt->stmt);

  sqlite3_reset (stmt->stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  set_error_from_sqlite (error, stmt->db->handle, rc);
  return FALSE;
}

void
kesu_statement_reset (KesuStatement *stmt)
{
  sqlite3_reset (stmt->stmt);
  sqlite3_clear_bindings (stmt->stmt);
}

const char *
kesu_statement_get_text (KesuStatement *stmt,
                         int            column)
{
  const char *text = (const char *) sqlite3_column_text (stmt->stmt, column);

  return text ? text : "";
}

char *
kesu_statement_dup_text (KesuStatement *stmt,
                         int            column)
{
  return g_strdup (kesu_statement_get_text (stmt, column));
}

gint64
kesu_statement_get_int64 (KesuStatement *stmt,
                          int            column)
{
  return sqlite3_column_int64 (stmt->stmt, column);
}

gboolean
kesu_statement_is_null (KesuStatement *stmt,
                        int            column)
{
  return sqlite3_column_type (stmt->stmt, column) == SQLITE_NULL;
}

GBytes *
kesu_statement_dup_blob (KesuStatement *stmt,
                         int            column)
{
  const void *data = sqlite3_column_blob (stmt->stmt, column);
  int size = sqlite3_column_bytes (stmt->stmt, column);

  return g_bytes_new (data, size);
}
