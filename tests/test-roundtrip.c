/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-roundtrip"

#include "config.h"

#include <glib/gstdio.h>

#include "kesu-clock.h"
#include "kesu-import.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-xlsx.h"

/* Import, then export: every field a complaint log gives must reach the Excel workbook
 * unchanged.  The log is imported into a fresh store, the period that holds its rows is
 * exported with the phone numbers in full, and tests/check-roundtrip.py compares the two
 * with readers of its own (Python's csv module and Debian's python3-openpyxl, a test-only
 * dependency; the cases skip without it).  Times are Asia/Shanghai, the clock stands at
 * Tuesday 2026-11-24 10:00. */

#define PYTHON "/usr/bin/python3"

/* The operator of kesu_test_store_new (): the import's default handler and receiver. */
#define OPERATOR "王芳"

typedef struct
{
  const char *name;   /* in tests/fixtures */
  guint       n_rows;
  const char *from;   /* the period that holds the rows */
  const char *to;
} Log;

static const Log log_utf8 = { "log-utf8.csv", 3, "2026-03-01", "2026-04-30" };
static const Log log_gbk = { "log-gbk.csv", 3, "2026-03-01", "2026-04-30" };
/* Every column the import reads, closed and withdrawn cases, Excel's CRLF lines with LF
 * inside quoted cells, whitespace at the ends of a description, a formula-like demand. */
static const Log log_full = { "log-roundtrip.csv", 3, "2026-05-01", "2026-05-31" };

typedef struct
{
  char      *dir;
  KesuStore *store;
} Fixture;

static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };
  int status = -1;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-roundtrip", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  const Log *log = data;
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", log->name, NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-roundtrip.py", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "roundtrip.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(KesuImport) import = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(KesuExportOptions) options = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  guint n;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 has no openpyxl (Debian: python3-openpyxl)");
      return;
    }

  /* Import. */
  import = kesu_import_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  n = kesu_import_run (import, f->store, FALSE, &problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = kesu_import_problem_format (g_ptr_array_index (problems, i));

      g_test_message ("%s", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (n, ==, log->n_rows);

  /* Export, phones in full. */
  kesu_export_options_init (&options);
  g_assert_true (kesu_export_options_set_range (&options, log->from, log->to, &error));
  g_assert_no_error (error);
  options.path = g_strdup (xlsx);
  options.unmasked = TRUE;
  g_assert_true (kesu_xlsx_export (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Read back and compare, independently. */
  {
    const char *argv[] = { PYTHON, script, xlsx, OPERATOR, csv, NULL };

    g_test_message ("%s %s %s %s %s", PYTHON, script, xlsx, OPERATOR, csv);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
  }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("check-roundtrip.py says:\n%s%s", out, err);
      g_test_fail ();
    }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/roundtrip/utf8", Fixture, &log_utf8, fixture_set_up, test_roundtrip,
              fixture_tear_down);
  g_test_add ("/roundtrip/gbk", Fixture, &log_gbk, fixture_set_up, test_roundtrip,
              fixture_tear_down);
  g_test_add ("/roundtrip/every-field", Fixture, &log_full, fixture_set_up, test_roundtrip,
              fixture_tear_down);
  return g_test_run ();
}
