/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#ifdef G_OS_UNIX
#include <fcntl.h>  /* O_RDONLY */
#endif

#include "kesu-backup.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"

void
kesu_backup_info_free (KesuBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->name);
  g_clear_pointer (&info->date, g_date_time_unref);
  g_free (info);
}

char *
kesu_backup_dir_for (const char *db_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  dir = g_path_get_dirname (db_path);
  return g_build_filename (dir, "backups", NULL);
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *handle,
                  int          rc,
                  const char  *path)
{
  int primary = rc & 0xff;
  const char *detail = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, KESU_ERROR, KESU_ERROR_BUSY,
                 _("The database is in use by another program (perhaps Kesu itself). Close "
                   "it and try again."));
  else if (primary == SQLITE_FULL)
    g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                 _("The disk is full. Free some space and try again."));
  else if (primary == SQLITE_CANTOPEN || primary == SQLITE_PERM || primary == SQLITE_READONLY)
    g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                 _("“%s” cannot be opened or written (%s)."), path, detail);
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                 _("“%s” is damaged or is not a Kesu database (%s)."), path, detail);
  else
    g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                 _("Database error in “%s”: %s"), path, detail);
}

static sqlite3 *
open_readonly (const char  *path,
               GError     **error)
{
  sqlite3 *handle = NULL;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                   _("“%s” does not exist or is not a file."), path);
      return NULL;
    }
  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle, rc, path);
      sqlite3_close (handle);
      return NULL;
    }
  sqlite3_extended_result_codes (handle, 1);
  sqlite3_busy_timeout (handle, 5000);
  return handle;
}

/* Runs quick_check or integrity_check; the first problem goes into the message. */
static gboolean
check_handle (sqlite3     *handle,
              const char  *path,
              gboolean     thorough,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, thorough ? "PRAGMA integrity_check" : "PRAGMA quick_check",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle, rc, path);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, handle, rc, path);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (first != NULL && g_str_has_prefix (first, "*** ") && strchr (first, '\n') != NULL)
    {
      /* "*** in database main ***\nPage 122: …": the page is what says something. */
      char *rest = g_strdup (strchr (first, '\n') + 1);

      g_free (first);
      first = rest;
    }
  if (g_strcmp0 (first, "ok") != 0)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                   _("The database file “%s” is damaged: SQLite’s check found problems (%s)."),
                   path, first != NULL ? first : "?");
      return FALSE;
    }
  return TRUE;
}

/* -1 on error. */
static int
handle_user_version (sqlite3     *handle,
                     const char  *path,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc, version = -1;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    set_sqlite_error (error, handle, rc, path);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
handle_has_table (sqlite3    *handle,
                  const char *table)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (handle,
                          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
kesu_db_file_check_full (const char  *path,
                         gboolean     thorough,
                         GError     **error)
{
  sqlite3 *handle;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  handle = open_readonly (path, error);
  if (handle == NULL)
    return FALSE;
  ok = check_handle (handle, path, thorough, error);
  sqlite3_close (handle);
  return ok;
}

gboolean
kesu_db_file_check (const char  *path,
                    GError     **error)
{
  return kesu_db_file_check_full (path, FALSE, error);
}

gboolean
kesu_store_quick_check (KesuStore  *store,
                        GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  return check_handle (kesu_db_get_handle (kesu_store_get_db (store)),
                       kesu_store_get_path (store), FALSE, error);
}

/* A new name beside @path for a file being written. */
static char *
temp_name_beside (const char *path)
{
  return g_strdup_printf ("%s.part-%08x", path, g_random_int ());
}

static void
remove_with_sidecars (const char *path)
{
  const char *suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_remove (name);
    }
}

/* Makes a rename in @dir durable where the system allows it. */
static void
sync_dir (const char *file_in_dir)
{
#ifdef G_OS_UNIX
  g_autofree char *dir = g_path_get_dirname (file_in_dir);
  int fd = g_open (dir, O_RDONLY, 0);

  if (fd >= 0)
    {
      g_fsync (fd);
      g_close (fd, NULL);
    }
#else
  (void) file_in_dir;
#endif
}

/* Copies @src (an open connection) into a new self-contained file @tmp (rollback-journal
 * mode, so it has no -wal of its own) and checks the copy with integrity_check. */
static gboolean
copy_into_checked (sqlite3     *src,
                   const char  *src_path,
                   const char  *tmp,
                   GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (tmp, &dest,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, dest, rc, tmp);
      sqlite3_close (dest);
      return FALSE;
    }
  sqlite3_extended_result_codes (dest, 1);
  sqlite3_busy_timeout (dest, 5000);

  backup = sqlite3_backup_init (dest, "main", src, "main");
  if (backup == NULL)
    {
      set_sqlite_error (error, dest, sqlite3_errcode (dest), tmp);
      sqlite3_close (dest);
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? src : dest, rc,
                        rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? src_path : tmp);
      sqlite3_close (dest);
      return FALSE;
    }
  /* The copied header says WAL when the source is in WAL mode; a backup is one file. */
  rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, dest, rc, tmp);
      sqlite3_close (dest);
      return FALSE;
    }
  sqlite3_close (dest);

  /* A fresh connection, so the check reads the file and not a page cache. */
  return kesu_db_file_check_full (tmp, TRUE, error);
}

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Copy @src to @tmp (checked), then rename it to @dest.  On failure nothing is left. */
static gboolean
copy_to_checked_file (sqlite3     *src,
                      const char  *src_path,
                      const char  *dest,
                      GError     **error)
{
  g_autofree char *tmp = NULL;

  if (!make_parent (dest, error))
    return FALSE;
  tmp = temp_name_beside (dest);
  if (!copy_into_checked (src, src_path, tmp, error))
    {
      remove_with_sidecars (tmp);
      return FALSE;
    }
  if (g_rename (tmp, dest) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KESU_ERROR, KESU_ERROR_IO, _("Cannot write “%s”: %s"), dest,
                   g_strerror (saved_errno));
      remove_with_sidecars (tmp);
      return FALSE;
    }
  sync_dir (dest);
  return TRUE;
}

gboolean
kesu_backup_to_file (KesuStore   *store,
                     const char  *db_path,
                     const char  *dest,
                     GError     **error)
{
  sqlite3 *src;
  gboolean ok;

  g_return_val_if_fail (store == NULL || KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (store != NULL || db_path != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (store != NULL)
    return copy_to_checked_file (kesu_db_get_handle (kesu_store_get_db (store)),
                                 kesu_store_get_path (store), dest, error);

  src = open_readonly (db_path, error);
  if (src == NULL)
    return FALSE;
  ok = copy_to_checked_file (src, db_path, dest, error);
  sqlite3_close (src);
  return ok;
}

/* ---- the keep settings ---- */

static guint
get_uint_setting (KesuStore  *store,
                  const char *key,
                  guint       fallback)
{
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store),
                                         "SELECT value FROM setting WHERE key = ?1", NULL);
  guint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  kesu_statement_bind_text (stmt, 1, key);
  if (kesu_statement_step (stmt, NULL))
    {
      if (!g_ascii_string_to_unsigned (kesu_statement_get_text (stmt, 0), 10, 0, 100000,
                                       &value, NULL))
        value = fallback;
      kesu_statement_reset (stmt);
    }
  return (guint) value;
}

void
kesu_backup_get_keep (KesuStore *store,
                      guint     *out_days,
                      guint     *out_months)
{
  g_return_if_fail (KESU_IS_STORE (store));
  if (out_days != NULL)
    *out_days = get_uint_setting (store, "backup_keep_days", KESU_BACKUP_DEFAULT_KEEP_DAYS);
  if (out_months != NULL)
    *out_months = get_uint_setting (store, "backup_keep_months",
                                    KESU_BACKUP_DEFAULT_KEEP_MONTHS);
}

gboolean
kesu_backup_set_keep (KesuStore  *store,
                      guint       days,
                      guint       months,
                      GError    **error)
{
  KesuDb *db;
  const char *keys[] = { "backup_keep_days", "backup_keep_months" };
  guint values[] = { days, months };

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  if (days < 1)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Keep at least one day of backups."));
      return FALSE;
    }
  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      KesuStatement *stmt = kesu_db_prepare (db,
                                             "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                             " ON CONFLICT (key) DO UPDATE SET value = "
                                             "excluded.value",
                                             error);
      g_autofree char *text = g_strdup_printf ("%u", values[i]);

      if (stmt == NULL)
        {
          kesu_db_rollback (db);
          return FALSE;
        }
      kesu_statement_bind_text (stmt, 1, keys[i]);
      kesu_statement_bind_text (stmt, 2, text);
      if (!kesu_statement_run (stmt, error))
        {
          kesu_db_rollback (db);
          return FALSE;
        }
    }
  return kesu_db_commit (db, error);
}

/* ---- daily backups ---- */

/* "kesu-YYYY-MM-DD.db" → the day; FALSE for any other name. */
static gboolean
parse_daily_name (const char *name,
                  int        *y,
                  int        *m,
                  int        *d)
{
  char tail;

  if (strlen (name) != strlen ("kesu-YYYY-MM-DD.db") || !g_str_has_prefix (name, "kesu-") ||
      !g_str_has_suffix (name, ".db"))
    return FALSE;
  if (sscanf (name, "kesu-%4d-%2d-%2d.d%c", y, m, d, &tail) != 4 || tail != 'b')
    return FALSE;
  return g_date_valid_dmy (*d, *m, *y);
}

static char *
daily_name (GDateTime *day)
{
  return g_date_time_format (day, "kesu-%Y-%m-%d.db");
}

void
kesu_backup_prune (const char *dir,
                   GDateTime  *today,
                   guint       keep_days,
                   guint       keep_months)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) month_newest = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                              NULL, g_free);
  GDate today_date;
  int today_month;
  const char *name;

  g_return_if_fail (dir != NULL && today != NULL);

  handle = g_dir_open (dir, 0, NULL);
  if (handle == NULL)
    return;
  g_date_clear (&today_date, 1);
  g_date_set_dmy (&today_date, g_date_time_get_day_of_month (today),
                  g_date_time_get_month (today), g_date_time_get_year (today));
  today_month = g_date_time_get_year (today) * 12 + g_date_time_get_month (today) - 1;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      int y, m, d;

      if (!parse_daily_name (name, &y, &m, &d))
        continue;
      g_ptr_array_add (names, g_strdup (name));
      /* The names sort as the days do, so the greatest name is the month's newest. */
      {
        gpointer key = GINT_TO_POINTER (y * 12 + m - 1);
        const char *best = g_hash_table_lookup (month_newest, key);

        if (best == NULL || strcmp (name, best) > 0)
          g_hash_table_insert (month_newest, key, g_strdup (name));
      }
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      int y, m, d, month;
      GDate date;
      int age;
      gboolean keep;

      parse_daily_name (file, &y, &m, &d);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d, m, y);
      age = g_date_days_between (&date, &today_date);
      month = y * 12 + m - 1;

      keep = age < 0  /* from the future: the clock was wrong once; not ours to judge */
             || (guint) age < keep_days
             || (today_month - month < (int) keep_months &&
                 g_strcmp0 (g_hash_table_lookup (month_newest, GINT_TO_POINTER (month)),
                            file) == 0);
      if (!keep)
        {
          g_autofree char *path = g_build_filename (dir, file, NULL);

          if (g_remove (path) != 0)
            g_warning ("Could not delete the old backup %s: %s", path, g_strerror (errno));
        }
    }
}

gboolean
kesu_backup_daily_at (const char  *db_path,
                      GDateTime   *today,
                      guint        keep_days,
                      guint        keep_months,
                      char       **out_written,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;

  g_return_val_if_fail (db_path != NULL && today != NULL, FALSE);

  if (out_written != NULL)
    *out_written = NULL;
  dir = kesu_backup_dir_for (db_path);
  name = daily_name (today);
  dest = g_build_filename (dir, name, NULL);
  if (!g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      if (!kesu_backup_to_file (NULL, db_path, dest, error))
        return FALSE;
      if (out_written != NULL)
        *out_written = g_strdup (dest);
    }
  kesu_backup_prune (dir, today, MAX (keep_days, 1), keep_months);
  return TRUE;
}

gboolean
kesu_backup_daily (KesuStore  *store,
                   char      **out_written,
                   GError    **error)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  guint days, months;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  kesu_backup_get_keep (store, &days, &months);
  return kesu_backup_daily_at (kesu_store_get_path (store), now, days, months, out_written,
                               error);
}

gboolean
kesu_backup_on_quit (KesuStore  *store,
                     GError    **error)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  guint days, months;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  kesu_backup_get_keep (store, &days, &months);
  dir = kesu_backup_dir_for (kesu_store_get_path (store));
  name = daily_name (now);
  dest = g_build_filename (dir, name, NULL);
  if (!kesu_backup_to_file (store, NULL, dest, error))
    return FALSE;
  kesu_backup_prune (dir, now, MAX (days, 1), months);
  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const KesuBackupInfo *x = *(KesuBackupInfo *const *) a;
  const KesuBackupInfo *y = *(KesuBackupInfo *const *) b;
  int by_date = g_date_time_compare (y->date, x->date);

  return by_date != 0 ? by_date : strcmp (y->name, x->name);
}

GPtrArray *
kesu_backup_list (const char *dir)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_backup_info_free);
  g_autoptr(GDir) handle = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, list);
  handle = g_dir_open (dir, 0, NULL);
  if (handle == NULL)
    return list;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      KesuBackupInfo *info;
      int y, m, d;

      if (!g_str_has_prefix (name, "kesu-") || !g_str_has_suffix (name, ".db"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      info = g_new0 (KesuBackupInfo, 1);
      info->path = g_steal_pointer (&path);
      info->name = g_strdup (name);
      info->size = st.st_size;
      info->before_restore = g_str_has_prefix (name, "kesu-before-restore-");
      if (parse_daily_name (name, &y, &m, &d))
        {
          /* Written at the first start of that day: the file's time when it is that day,
           * else the day itself. */
          g_autoptr(GDateTime) mtime = g_date_time_new_from_unix_local (st.st_mtime);

          if (mtime != NULL && g_date_time_get_year (mtime) == y &&
              g_date_time_get_month (mtime) == m && g_date_time_get_day_of_month (mtime) == d)
            info->date = g_steal_pointer (&mtime);
          else
            info->date = g_date_time_new_local (y, m, d, 0, 0, 0);
        }
      else
        {
          int h, mi, sec;

          /* kesu-before-restore-YYYYMMDD-HHMMSS.db: when it was written, by its name. */
          if (info->before_restore &&
              sscanf (name, "kesu-before-restore-%4d%2d%2d-%2d%2d%2d.db", &y, &m, &d, &h, &mi,
                      &sec) == 6)
            info->date = g_date_time_new_local (y, m, d, h, mi, sec);
          if (info->date == NULL)
            info->date = g_date_time_new_from_unix_local (st.st_mtime);
        }
      g_ptr_array_add (list, info);
    }
  g_ptr_array_sort (list, compare_newest_first);
  return list;
}

KesuBackupInfo *
kesu_backup_find_newest_good (const char *dir)
{
  g_autoptr(GPtrArray) list = kesu_backup_list (dir);

  for (guint i = 0; i < list->len; i++)
    {
      KesuBackupInfo *info = list->pdata[i];

      if (kesu_db_file_check (info->path, NULL))
        return g_ptr_array_steal_index (list, i);
    }
  return NULL;
}

/* ---- restore ----
 *
 * Why the steps are in this order: whenever Kesu is killed, what is at @db_path must be
 * either the old database, whole, or the new one, whole.
 *
 * 1. The backup is copied (with the backup API) into a new file beside the target, in
 *    rollback-journal mode, and checked.  Killed here: the target was not touched; a
 *    stray *.part-* file is all that is left.
 * 2. The old database is made self-contained: a read-write connection checkpoints its
 *    WAL into the main file and switches it to rollback-journal mode, which deletes
 *    kesu.db-wal.  This changes no data, and SQLite makes each step crash-safe.  It also
 *    fails when another program (another Kesu) has the file open: then we stop.  A
 *    damaged target cannot be checkpointed; it has been copied aside byte for byte
 *    (with its -wal) and its -wal and -shm are deleted instead: killed then, the
 *    damaged file is still there, and its copy is whole.
 * 3. rename () puts the new file at the target's name in one step (atomic on the same
 *    file system, which "beside the target" ensures).
 * 4. A leftover -shm is deleted.  The -wal cannot be removed after the rename, as one
 *    would think: a stale kesu.db-wal beside the new file would be replayed into it on
 *    the next open (a WAL does not say which database it belongs to), so it must be gone
 *    before the new file appears. */

static gboolean
make_self_contained (const char  *path,
                     GError     **error)
{
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (handle, 1);
      /* Wait a little, not the usual 5 s: a running Kesu holds the file all the time. */
      sqlite3_busy_timeout (handle, 1000);
      rc = sqlite3_exec (handle,
                         "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;",
                         NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    {
      /* journal_mode reports, not fails, when it could not switch. */
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (handle, "PRAGMA journal_mode", -1, &stmt, NULL);
      if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW &&
          g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0)
        rc = SQLITE_BUSY;
      sqlite3_finalize (stmt);
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle, rc, path);
      sqlite3_close (handle);
      return FALSE;
    }
  sqlite3_close (handle);
  return TRUE;
}

static char *
stamp_now (void)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();

  return g_date_time_format (now, "%Y%m%d-%H%M%S");
}

static gboolean
copy_aside (const char  *from,
            const char  *to,
            GError     **error)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) local_error = NULL;

  /* Never over an existing file: G_FILE_COPY_NONE refuses. */
  if (!g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                   _("Cannot keep a copy of the damaged file as “%s”: %s"), to,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kesu_restore_from_file (const char  *db_path,
                        const char  *source,
                        char       **out_saved,
                        GError     **error)
{
  g_autofree char *stamp = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  sqlite3 *src;
  int version;
  gboolean target_damaged = FALSE;

  g_return_val_if_fail (db_path != NULL && source != NULL, FALSE);
  if (out_saved != NULL)
    *out_saved = NULL;

  /* The source: whole, and a Kesu database this version can open. */
  {
    g_autofree char *a = g_canonicalize_filename (db_path, NULL);
    g_autofree char *b = g_canonicalize_filename (source, NULL);

    if (g_str_equal (a, b))
      {
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("That is the database itself, not a backup of it."));
        return FALSE;
      }
  }
  src = open_readonly (source, error);
  if (src == NULL)
    return FALSE;
  if (!check_handle (src, source, TRUE, error))
    {
      sqlite3_close (src);
      return FALSE;
    }
  version = handle_user_version (src, source, error);
  if (version < 0)
    {
      sqlite3_close (src);
      return FALSE;
    }
  if (version == 0 || !handle_has_table (src, "complaint"))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("“%s” is not a Kesu database; nothing was changed."), source);
      sqlite3_close (src);
      return FALSE;
    }
  if (version > KESU_SCHEMA_VERSION)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_NEWER_DATABASE,
                   _("“%s” was written by a newer version of Kesu (schema %d; this version "
                     "reads up to %d). Update Kesu to restore it; nothing was changed."),
                   source, version, KESU_SCHEMA_VERSION);
      sqlite3_close (src);
      return FALSE;
    }

  /* Step 1: the new file, checked, beside the target. */
  if (!make_parent (db_path, error))
    {
      sqlite3_close (src);
      return FALSE;
    }
  tmp = temp_name_beside (db_path);
  if (!copy_into_checked (src, source, tmp, error))
    {
      sqlite3_close (src);
      remove_with_sidecars (tmp);
      return FALSE;
    }
  sqlite3_close (src);

  /* Keep what is there now. */
  stamp = stamp_now ();
  wal = g_strconcat (db_path, "-wal", NULL);
  shm = g_strconcat (db_path, "-shm", NULL);
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (kesu_db_file_check (db_path, NULL))
        {
          g_autofree char *dir = kesu_backup_dir_for (db_path);
          g_autofree char *name = g_strdup_printf ("kesu-before-restore-%s.db", stamp);

          saved = g_build_filename (dir, name, NULL);
          if (!kesu_backup_to_file (NULL, db_path, saved, error))
            {
              remove_with_sidecars (tmp);
              return FALSE;
            }
        }
      else
        {
          g_autofree char *saved_wal = NULL;

          target_damaged = TRUE;
          saved = g_strdup_printf ("%s.damaged-%s", db_path, stamp);
          saved_wal = g_strconcat (saved, "-wal", NULL);
          if (!copy_aside (db_path, saved, error) ||
              (g_file_test (wal, G_FILE_TEST_EXISTS) && !copy_aside (wal, saved_wal, error)))
            {
              remove_with_sidecars (tmp);
              return FALSE;
            }
        }

      /* Step 2. */
      if (!target_damaged)
        {
          if (!make_self_contained (db_path, error))
            {
              remove_with_sidecars (tmp);
              return FALSE;
            }
        }
      else
        {
          g_remove (wal);
          g_remove (shm);
        }
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, KESU_ERROR, KESU_ERROR_BUSY,
                       _("The database is in use by another program (perhaps Kesu itself). "
                         "Close it and try again."));
          remove_with_sidecars (tmp);
          return FALSE;
        }
    }

  /* Step 3. */
  if (g_rename (tmp, db_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KESU_ERROR, KESU_ERROR_IO, _("Cannot replace “%s”: %s"), db_path,
                   g_strerror (saved_errno));
      remove_with_sidecars (tmp);
      return FALSE;
    }
  sync_dir (db_path);

  /* Step 4. */
  g_remove (shm);

  if (out_saved != NULL)
    *out_saved = g_steal_pointer (&saved);
  return TRUE;
}
