/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kesu-backup.h"
#include "kesu-cli.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-demo.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* A set-up store with @n demo complaints, closed; its file is returned in *out_path. */
static void
make_database (const char  *prefix,
               guint        n,
               char       **out_dir,
               char       **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_new (prefix, KESU_ROLE_AFTER_SALES_MANAGER, out_dir, out_path,
                                                    NULL, NULL);

  g_assert_true (kesu_demo_generate (store, n, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The complaint numbers, sorted, joined. */
static char *
numbers_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = kesu_store_open (path, &error);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  model = kesu_store_search_complaints (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);

      g_ptr_array_add (numbers, g_strdup (kesu_complaint_get_number (c)));
    }
  g_ptr_array_sort (numbers, compare_strings);
  g_ptr_array_add (numbers, NULL);
  return g_strjoinv (",", (char **) numbers->pdata);
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_same_bytes (GBytes     *before,
                   const char *path)
{
  g_autoptr(GBytes) now = read_bytes (path);

  g_assert_true (g_bytes_equal (before, now));
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL;
  g_autofree char *copy = NULL, *other = NULL, *saved = NULL, *saved2 = NULL;
  g_autofree char *before = NULL, *after = NULL, *other_wal = NULL;

  make_database ("kesu-backup-XXXXXX", 60, &dir, &path);
  before = numbers_of (path);
  g_assert_cmpuint (strlen (before), >, 0);

  /* From an open store, to a new folder. */
  copy = g_build_filename (dir, "usb", "kesu-backup-2026-11-24.db", NULL);
  {
    g_autoptr(KesuStore) store = kesu_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (kesu_store_quick_check (store, &error));
    g_assert_no_error (error);
    g_assert_true (kesu_backup_to_file (store, NULL, copy, &error));
    g_assert_no_error (error);
  }
  g_assert_true (kesu_db_file_check_full (copy, TRUE, &error));
  g_assert_no_error (error);
  {
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);

    g_assert_false (g_file_test (copy_wal, G_FILE_TEST_EXISTS));
  }

  /* Into a path that has no database yet. */
  other = g_build_filename (dir, "other", "kesu.db", NULL);
  g_assert_true (kesu_restore_from_file (other, copy, &saved, &error));
  g_assert_no_error (error);
  g_assert_null (saved);
  after = numbers_of (other);
  g_assert_cmpstr (before, ==, after);

  /* Again over it: what it held is backed up first. */
  g_assert_true (kesu_restore_from_file (other, copy, &saved2, &error));
  g_assert_no_error (error);
  g_assert_nonnull (saved2);
  g_assert_true (g_str_has_prefix (saved2, dir));
  g_assert_nonnull (strstr (saved2, "backups" G_DIR_SEPARATOR_S "kesu-before-restore-"));
  g_assert_true (kesu_db_file_check_full (saved2, TRUE, &error));
  g_assert_no_error (error);
  other_wal = g_strconcat (other, "-wal", NULL);
  g_assert_false (g_file_test (other_wal, G_FILE_TEST_EXISTS));
  g_clear_pointer (&after, g_free);
  after = numbers_of (other);
  g_assert_cmpstr (before, ==, after);

  /* The command line does the same. */
  {
    g_autofree char *cli_copy = g_build_filename (dir, "cli.db", NULL);

    kesu_test_hush (NULL);
    g_assert_cmpint (kesu_cli_backup (path, cli_copy), ==, 0);
    g_assert_cmpint (kesu_cli_restore (other, cli_copy), ==, 0);
    g_assert_cmpint (kesu_cli_restore (other, path), ==, 0);
    g_assert_cmpint (kesu_cli_restore (other, NULL), ==, 2);
    kesu_test_unhush ();
  }

  kesu_test_remove_dir (dir);
}

static void
touch (const char *dir,
       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "x", 1, &error));
  g_assert_no_error (error);
}

static gboolean
exists_in (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_daily (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GDate) day = g_date_new_dmy (1, 6, 2025);
  g_autofree char *dir = NULL, *path = NULL, *backups = NULL, *written = NULL;
  g_autoptr(KesuStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint days = 0, months = 0, n_daily = 0;

  kesu_clock_set_fixed (now);
  store = kesu_test_store_new ("kesu-backup-XXXXXX", KESU_ROLE_AFTER_SALES_MANAGER, &dir, &path, NULL,
                               NULL);
  backups = kesu_backup_dir_for (path);
  g_assert_cmpint (g_mkdir_with_parents (backups, 0700), ==, 0);

  /* A fake backup for every day from 1 June 2025 to yesterday. */
  for (;;)
    {
      char name[32];

      if (g_date_get_year (day) == 2026 && g_date_get_month (day) == 11 &&
          g_date_get_day (day) == 24)
        break;
      g_snprintf (name, sizeof name, "kesu-%04u-%02u-%02u.db", g_date_get_year (day),
                  g_date_get_month (day), g_date_get_day (day));
      touch (backups, name);
      g_date_add_days (day, 1);
    }
  touch (backups, "kesu-before-restore-20250101-120000.db");
  touch (backups, "notes.txt");

  kesu_backup_get_keep (store, &days, &months);
  g_assert_cmpuint (days, ==, 30);
  g_assert_cmpuint (months, ==, 12);

  g_assert_true (kesu_backup_daily (store, &written, &error));
  g_assert_no_error (error);
  g_assert_nonnull (written);
  g_assert_true (g_str_has_suffix (written, "kesu-2026-11-24.db"));
  g_assert_true (kesu_db_file_check_full (written, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&written, g_free);

  /* Once a day. */
  g_assert_true (kesu_backup_daily (store, &written, &error));
  g_assert_no_error (error);
  g_assert_null (written);

  /* The last 30 days: 26 October to today. */
  g_assert_true (exists_in (backups, "kesu-2026-10-26.db"));
  g_assert_true (exists_in (backups, "kesu-2026-11-01.db"));
  g_assert_false (exists_in (backups, "kesu-2026-10-25.db"));
  /* The newest of each month for 12 months: December 2025 to November 2026. */
  g_assert_true (exists_in (backups, "kesu-2026-10-31.db"));
  g_assert_true (exists_in (backups, "kesu-2026-09-30.db"));
  g_assert_false (exists_in (backups, "kesu-2026-09-29.db"));
  g_assert_true (exists_in (backups, "kesu-2026-02-28.db"));
  g_assert_false (exists_in (backups, "kesu-2026-02-01.db"));
  g_assert_true (exists_in (backups, "kesu-2025-12-31.db"));
  g_assert_false (exists_in (backups, "kesu-2025-11-30.db"));
  g_assert_false (exists_in (backups, "kesu-2025-06-30.db"));
  /* Not daily backups: left alone. */
  g_assert_true (exists_in (backups, "kesu-before-restore-20250101-120000.db"));
  g_assert_true (exists_in (backups, "notes.txt"));

  list = kesu_backup_list (backups);
  for (guint i = 0; i < list->len; i++)
    {
      KesuBackupInfo *info = list->pdata[i];

      if (!info->before_restore)
        n_daily++;
    }
  g_assert_cmpuint (n_daily, ==, 30 + 10);
  g_assert_cmpstr (((KesuBackupInfo *) list->pdata[0])->name, ==, "kesu-2026-11-24.db");
  g_assert_cmpint (((KesuBackupInfo *) list->pdata[0])->size, >, 1);

  /* Fewer kept when the settings say so. */
  g_assert_true (kesu_backup_set_keep (store, 7, 3, &error));
  g_assert_no_error (error);
  kesu_backup_get_keep (store, &days, &months);
  g_assert_cmpuint (days, ==, 7);
  g_assert_cmpuint (months, ==, 3);
  g_assert_true (kesu_backup_daily (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (exists_in (backups, "kesu-2026-11-18.db"));
  g_assert_false (exists_in (backups, "kesu-2026-11-17.db"));
  g_assert_true (exists_in (backups, "kesu-2026-10-31.db"));
  g_assert_true (exists_in (backups, "kesu-2026-09-30.db"));
  g_assert_false (exists_in (backups, "kesu-2026-08-31.db"));

  /* Quit writes today's again. */
  g_assert_true (kesu_backup_on_quit (store, &error));
  g_assert_no_error (error);
  g_assert_true (exists_in (backups, "kesu-2026-11-24.db"));

  g_clear_object (&store);
  kesu_clock_set_fixed (NULL);
  kesu_test_remove_dir (dir);
}

/* Overwrites 4 KiB in the middle of @path with garbage. */
static void
damage (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  GRand *rand = g_rand_new_with_seed (42);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 3 * 4096);
  for (gsize i = 0; i < 4096; i++)
    contents[length / 2 - 2048 + i] = (char) g_rand_int (rand);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  g_free (contents);
  g_rand_free (rand);
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL, *backups = NULL, *good = NULL, *bad = NULL;
  g_autofree char *saved = NULL, *before = NULL, *after = NULL;
  g_autoptr(GBytes) damaged_bytes = NULL;
  g_autoptr(KesuBackupInfo) newest = NULL;

  make_database ("kesu-backup-XXXXXX", 300, &dir, &path);
  before = numbers_of (path);
  backups = kesu_backup_dir_for (path);
  good = g_build_filename (backups, "kesu-2026-11-22.db", NULL);
  bad = g_build_filename (backups, "kesu-2026-11-23.db", NULL);
  g_assert_true (kesu_backup_to_file (NULL, path, good, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_backup_to_file (NULL, path, bad, &error));
  g_assert_no_error (error);
  damage (bad);
  damage (path);
  damaged_bytes = read_bytes (path);

  g_assert_false (kesu_db_file_check (path, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* The check did not write. */
  assert_same_bytes (damaged_bytes, path);

  /* The damaged newer backup is passed over. */
  newest = kesu_backup_find_newest_good (backups);
  g_assert_nonnull (newest);
  g_assert_cmpstr (newest->name, ==, "kesu-2026-11-22.db");

  g_assert_true (kesu_restore_from_file (path, newest->path, &saved, &error));
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_nonnull (strstr (saved, "kesu.db.damaged-"));
  assert_same_bytes (damaged_bytes, saved);
  g_assert_true (kesu_db_file_check_full (path, TRUE, &error));
  g_assert_no_error (error);
  after = numbers_of (path);
  g_assert_cmpstr (before, ==, after);

  /* A damaged backup is not restored. */
  {
    g_autoptr(GBytes) now = read_bytes (path);

    g_assert_false (kesu_restore_from_file (path, bad, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    assert_same_bytes (now, path);
  }

  kesu_test_remove_dir (dir);
}

static void
count_files (const char *dir,
             guint      *n)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  *n = 0;
  while (listing != NULL && g_dir_read_name (listing) != NULL)
    (*n)++;
}

static void
test_refuses (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL, *backups = NULL;
  g_autofree char *text = NULL, *newer = NULL, *empty = NULL;
  g_autoptr(GBytes) bytes = NULL;
  sqlite3 *handle = NULL;
  guint n_backups = 0;

  make_database ("kesu-backup-XXXXXX", 20, &dir, &path);
  bytes = read_bytes (path);
  backups = kesu_backup_dir_for (path);

  text = g_build_filename (dir, "notes.db", NULL);
  g_assert_true (g_file_set_contents (text, "这不是数据库 — not a database at all, just some "
                                      "words that go on for a while to fill a header.\n",
                                      -1, NULL));
  g_assert_false (kesu_restore_from_file (path, text, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  assert_same_bytes (bytes, path);

  newer = g_build_filename (dir, "newer.db", NULL);
  g_assert_true (kesu_backup_to_file (NULL, path, newer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (newer, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (handle);
  g_assert_false (kesu_restore_from_file (path, newer, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NEWER_DATABASE);
  g_clear_error (&error);
  assert_same_bytes (bytes, path);

  empty = g_build_filename (dir, "empty.db", NULL);
  g_assert_cmpint (sqlite3_open (empty, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE t (x)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (handle);
  g_assert_false (kesu_restore_from_file (path, empty, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (kesu_restore_from_file (path, path, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  /* While a store has the file open, the restore refuses and changes nothing. */
  {
    g_autoptr(KesuStore) store = kesu_store_open (path, &error);
    g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
    guint count;

    g_assert_no_error (error);
    g_assert_true (kesu_backup_to_file (store, NULL, copy, &error));
    g_assert_no_error (error);
    count = kesu_store_count_complaints (store);
    g_assert_false (kesu_restore_from_file (path, copy, NULL, &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_cmpuint (kesu_store_count_complaints (store), ==, count);
  }
  assert_same_bytes (bytes, path);

  /* Only the busy attempt got as far as keeping a copy of the current file. */
  count_files (backups, &n_backups);
  g_assert_cmpuint (n_backups, <=, 1);

  kesu_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/backup/round-trip", test_round_trip);
  g_test_add_func ("/backup/daily", test_daily);
  g_test_add_func ("/backup/damaged", test_damaged);
  g_test_add_func ("/backup/refuses", test_refuses);

  return g_test_run ();
}
