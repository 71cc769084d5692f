/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power cuts and crashes: a child process writes complaints and is killed with SIGKILL at
 * random moments; every complaint whose save had returned must still be there, and the
 * database must pass integrity_check.  Prints "kills: N, committed: N, lost: 0". */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

#ifdef G_OS_UNIX
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#define N_KILLS 200

/* ---- the child: writes complaints until killed ---- */

static int
run_child (const char *path,
           gint64      operator_id,
           gint64      handler_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = kesu_store_open (path, &error);
  g_autoptr(GBytes) photo = NULL;
  guint8 bytes[4096];
  guint32 seq = (guint32) g_random_int ();

  if (store == NULL)
    {
      fprintf (stderr, "child: %s\n", error->message);
      return 1;
    }
  /* Not a sign-in with the PIN: that takes longer than many a child lives. */
  kesu_store_set_operator (store, operator_id);
  /* The parent's random wait starts here, so that the kills land among the writes however
   * long opening takes (much longer under the sanitizers). */
  printf ("ready\n");
  fflush (stdout);
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int ();
  /* A JPEG's first bytes: the evidence is checked against its name. */
  bytes[0] = 0xff, bytes[1] = 0xd8, bytes[2] = 0xff, bytes[3] = 0xe0;
  photo = g_bytes_new (bytes, sizeof bytes);

  for (;;)
    {
      g_autoptr(KesuIntake) in = kesu_intake_new ();
      g_autoptr(GDateTime) now = kesu_clock_now ();
      g_autofree char *number = NULL;

      in->channel = KESU_CHANNEL_PHONE;
      in->received_at = g_date_time_add_minutes (now, -1);
      in->received_by = operator_id;
      in->customer_name = g_strdup ("周测试");
      /* A new customer now and then, so the customer table is written too. */
      in->customer_phone = g_strdup_printf ("139%08u", (seq++ % 50000000u));
      in->description = g_strdup ("断电测试：发动机异响，保养后仍然存在。");
      in->demand = g_strdup ("要求检查并修好");
      in->handler_id = handler_id;
      in->category = KESU_CATEGORY_VEHICLE_QUALITY;
      kesu_intake_add_attachment (in, kesu_attachment_new ("photo.jpg", "image/jpeg", photo));

      if (kesu_store_add_complaint (store, in, &number, &error) == 0)
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      /* Printed only once the save has returned: the parent counts these as promised. */
      printf ("%s\n", number);
      fflush (stdout);
    }
  return 0;
}

#ifdef G_OS_UNIX

static char *self_path;

/* Reads everything the child wrote until it is gone; whole lines only. */
static GPtrArray *
read_numbers (int fd)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);
  char buf[4096];
  ssize_t n;
  char **lines;
  guint n_lines;

  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      g_string_append_len (out, buf, n);
    }
  lines = g_strsplit (out->str, "\n", -1);
  n_lines = g_strv_length (lines);
  /* The last piece has no newline after it: a number half written is not promised. */
  for (guint i = 0; i + 1 < n_lines; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (numbers, g_strdup (lines[i]));
  g_strfreev (lines);
  return numbers;
}

/* Waits for the child's "ready" line (it has opened the database); FALSE if it ended
 * before saying so. */
static gboolean
wait_ready (int fd)
{
  static const char ready[] = "ready\n";
  gsize matched = 0;
  char c;
  ssize_t n;

  while (matched < sizeof ready - 1)
    {
      n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      matched = c == ready[matched] ? matched + 1 : 0;
    }
  return TRUE;
}

static void
check_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static int
spawn_with_stdout (const char *const *argv,
                   GPid              *out_pid)
{
  g_autoptr(GError) error = NULL;
  int out_fd = -1;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, out_pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  return out_fd;
}

static void
test_kill_writer (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *op_text = NULL;
  g_autofree char *handler_text = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  gint64 operator_id = 0, handler_id = 0;
  guint kills = 0, committed = 0, lost = 0;
  gint64 started = g_get_monotonic_time ();

  {
    g_autoptr(KesuStore) store = kesu_test_store_new ("kesu-crash", KESU_ROLE_FRONT_DESK,
                                                      &dir, &path, &operator_id, &handler_id);
  }
  op_text = g_strdup_printf ("%" G_GINT64_FORMAT, operator_id);
  handler_text = g_strdup_printf ("%" G_GINT64_FORMAT, handler_id);

  for (guint round = 0; round < N_KILLS; round++)
    {
      const char *argv[] = { self_path, "--crash-child", path, op_text, handler_text, NULL };
      g_autoptr(GPtrArray) numbers = NULL;
      g_autoptr(KesuStore) store = NULL;
      g_autoptr(GError) error = NULL;
      GPid pid;
      int status = 0;
      int fd = spawn_with_stdout (argv, &pid);

      g_assert_true (wait_ready (fd));
      g_usleep (1000 * g_rand_int_range (rand, 5, 61));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      numbers = read_numbers (fd);
      close (fd);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed, not ended by an error of its own. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      kills++;

      check_integrity (path);
      store = kesu_store_open (path, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < numbers->len; i++)
        {
          if (kesu_store_find_complaint_by_number (store, numbers->pdata[i]) == 0)
            {
              g_test_message ("lost: %s", (const char *) numbers->pdata[i]);
              lost++;
            }
          committed++;
        }
    }

  g_test_message ("kills: %u, committed: %u, lost: %u", kills, committed, lost);
  g_test_message ("crash test took %.1f s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (kills, >=, N_KILLS);
  g_assert_cmpuint (lost, ==, 0);
  /* Most kills land after some saves returned: the test did write. */
  g_assert_cmpuint (committed, >, 0);

  kesu_test_remove_dir (dir);
}

static guint
count_rows (const char *path,
            const char *fixed_sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, fixed_sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* `kesu --demo-data 2000` killed half-way leaves the database as it was. */
static void
test_kill_demo_data (void)
{
  const char *binary = g_getenv ("KESU_BINARY");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  guint killed_midway = 0;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KESU_BINARY is not set to the kesu program");
      return;
    }

  {
    g_autoptr(KesuStore) store = kesu_test_store_new ("kesu-crash-demo", KESU_ROLE_FRONT_DESK,
                                                      &dir, &path, NULL, NULL);
  }

  for (guint round = 0; round < 5; round++)
    {
      const char *argv[] = { binary, "--database", path, "--demo-data", "2000", NULL };
      guint complaints = count_rows (path, "SELECT count(*) FROM complaint");
      guint customers = count_rows (path, "SELECT count(*) FROM customer");
      guint events = count_rows (path, "SELECT count(*) FROM event");
      g_autoptr(GPtrArray) lines = NULL;
      GPid pid;
      int status = 0;
      int fd = spawn_with_stdout (argv, &pid);

      g_usleep (1000 * g_rand_int_range (rand, 50, 250));
      kill (pid, SIGKILL);
      lines = read_numbers (fd);
      close (fd);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      check_integrity (path);
      if (WIFSIGNALED (status))
        {
          killed_midway++;
          g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM complaint"), ==,
                            complaints);
          g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM customer"), ==, customers);
          g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM event"), ==, events);
        }
      else
        {
          /* Finished before the kill: then all of it is there. */
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM complaint"), ==,
                            complaints + 2000);
        }
    }
  g_test_message ("demo-data kills half-way: %u of 5", killed_midway);
  g_assert_cmpuint (killed_midway, >, 0);
  kesu_test_remove_dir (dir);
}

#else /* !G_OS_UNIX */

static void
test_kill_writer (void)
{
  g_test_skip ("SIGKILL is POSIX only");
}

static void
test_kill_demo_data (void)
{
  g_test_skip ("SIGKILL is POSIX only");
}

#endif

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && strcmp (argv[1], "--crash-child") == 0)
    return run_child (argv[2], g_ascii_strtoll (argv[3], NULL, 10),
                      g_ascii_strtoll (argv[4], NULL, 10));

#ifdef G_OS_UNIX
  /* The child is this program again: find it before the working folder changes. */
  if (g_path_is_absolute (argv[0]))
    self_path = g_strdup (argv[0]);
  else
    {
      g_autofree char *cwd = g_get_current_dir ();

      self_path = g_canonicalize_filename (argv[0], cwd);
    }
#endif

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/crash/kill-writer", test_kill_writer);
  g_test_add_func ("/crash/kill-demo-data", test_kill_demo_data);
  return g_test_run ();
}
