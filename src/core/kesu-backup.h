/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Backups of the database with SQLite's online backup API, and restoring one.  Every file
 * this writes appears at its name complete and checked, or not at all. */

#define KESU_BACKUP_DEFAULT_KEEP_DAYS   30
#define KESU_BACKUP_DEFAULT_KEEP_MONTHS 12

typedef struct
{
  char      *path;
  char      *name;            /* the file name: "kesu-2026-11-23.db" */
  GDateTime *date;            /* local: the day in a daily backup's name, else the mtime */
  goffset    size;
  gboolean   before_restore;  /* written by a restore, of the file it replaced */
} KesuBackupInfo;

void            kesu_backup_info_free     (KesuBackupInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuBackupInfo, kesu_backup_info_free)

/* <folder of @db_path>/backups */
char           *kesu_backup_dir_for       (const char  *db_path);

/* Copies the database of @store (or, when @store is NULL, the file @db_path, opened
 * read-only) to @dest: into a new file beside @dest, checked with PRAGMA
 * integrity_check, then renamed to @dest.  Folders are created as needed. */
gboolean        kesu_backup_to_file       (KesuStore   *store,
                                           const char  *db_path,
                                           const char  *dest,
                                           GError     **error);

/* How many daily backups are kept (the setting backup_keep_days, 30 unless set) and for
 * how many months the newest one of each month is (backup_keep_months, 12). */
void            kesu_backup_get_keep      (KesuStore   *store,
                                           guint       *out_days,
                                           guint       *out_months);
gboolean        kesu_backup_set_keep      (KesuStore   *store,
                                           guint        days,
                                           guint        months,
                                           GError     **error);

/* The backup of the day: when backups/kesu-YYYY-MM-DD.db for @today does not exist, it is
 * written from @db_path (opened read-only: safe in a thread of its own while the
 * application uses the file), then daily backups outside the keep rules are deleted.
 * *out_written (may be NULL) is the new file, NULL when today's existed already. */
gboolean        kesu_backup_daily_at      (const char  *db_path,
                                           GDateTime   *today,
                                           guint        keep_days,
                                           guint        keep_months,
                                           char       **out_written,
                                           GError     **error);
/* The same at the clock's now with the store's own keep settings. */
gboolean        kesu_backup_daily         (KesuStore   *store,
                                           char       **out_written,
                                           GError     **error);
/* On quit: today's daily backup written again from the open store (replacing the one
 * from the start of the day only once the new copy is checked), then the pruning. */
gboolean        kesu_backup_on_quit       (KesuStore   *store,
                                           GError     **error);
/* Deletes the daily backups in @dir that the keep rules at @today do not keep.  Other
 * files (before-restore copies, anything unknown) are left alone. */
void            kesu_backup_prune         (const char  *dir,
                                           GDateTime   *today,
                                           guint        keep_days,
                                           guint        keep_months);

/* The backups in @dir (kesu-*.db), newest first. element KesuBackupInfo */
GPtrArray      *kesu_backup_list          (const char  *dir);
/* The newest backup in @dir that passes kesu_db_file_check (), or NULL. */
KesuBackupInfo *kesu_backup_find_newest_good (const char *dir);

/* PRAGMA quick_check on the open store; FALSE with KESU_ERROR_DATABASE when damaged. */
gboolean        kesu_store_quick_check    (KesuStore   *store,
                                           GError     **error);
/* Opens @path read-only, never writing to it, and runs quick_check (or the slower,
 * thorough integrity_check when @thorough).  FALSE with a plain message when the file is
 * missing, not a database, or damaged. */
gboolean        kesu_db_file_check_full   (const char  *path,
                                           gboolean     thorough,
                                           GError     **error);
gboolean        kesu_db_file_check        (const char  *path,
                                           GError     **error);

/* Replaces the database @db_path with the backup @source, all or nothing (see the
 * comment in kesu-backup.c).  @source must pass integrity_check and be a Kesu database
 * of this version or older.  What @db_path held is kept first: a readable database as
 * backups/kesu-before-restore-YYYYMMDD-HHMMSS.db, a damaged one copied byte for byte to
 * <db_path>.damaged-YYYYMMDD-HHMMSS; *out_saved (may be NULL) is that copy, NULL when
 * there was no file.  Nothing may have the database open meanwhile. */
gboolean        kesu_restore_from_file    (const char  *db_path,
                                           const char  *source,
                                           char       **out_saved,
                                           GError     **error);

G_END_DECLS
