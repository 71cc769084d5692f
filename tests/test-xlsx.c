/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-xlsx"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kesu-cli.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-demo.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-workflow.h"
#include "kesu-xlsx.h"

/* The Excel export, read back by an independent reader: tests/check-xlsx.py with
 * Debian's python3-openpyxl (a test-only dependency; the cases that need it skip without
 * it).  Times are Asia/Shanghai, the clock stands at Tuesday 2026-11-24 10:00. */

#define PYTHON "/usr/bin/python3"

static const char *const sheets[] = {
  "Summary", "Complaints", "By Category", "By Vehicle Model", "By Channel", "Overdue",
};

typedef struct
{
  const char   *phone;    /* as typed */
  const char   *stored;   /* normalized */
  const char   *masked;
  int           month;
  int           day;
  KesuCategory  category;
  KesuChannel   channel;
  const char   *model;
} Case;

static const Case cases[] = {
  { "13812345678", "13812345678", "138****5678", 10, 1,
    KESU_CATEGORY_REPAIR_QUALITY, KESU_CHANNEL_PHONE, "大众 途观L" },
  { "139 0000 1234", "13900001234", "139****1234", 10, 15,
    KESU_CATEGORY_PRICE, KESU_CHANNEL_WALK_IN, "丰田 凯美瑞" },
  { "021-62345678", "021-62345678", "021-****5678", 10, 31,
    KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_WECHAT, NULL },
  { "15011112222", "15011112222", "150****2222", 10, 31,
    KESU_CATEGORY_REPAIR_QUALITY, KESU_CHANNEL_PHONE, "大众 途观L" },
  /* Outside October: the 30 September one is compared with, November is left out. */
  { "18600001111", "18600001111", "186****1111", 9, 30,
    KESU_CATEGORY_PARTS, KESU_CHANNEL_LETTER, "本田 雅阁" },
  { "13700002222", "13700002222", "137****2222", 11, 1,
    KESU_CATEGORY_OTHER, KESU_CHANNEL_EMAIL, "本田 雅阁" },
};

typedef struct
{
  char      *dir;
  KesuStore *store;
  char      *numbers[G_N_ELEMENTS (cases)];
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
  gint64 clerk = 0, handler = 0;

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-xlsx", KESU_ROLE_FRONT_DESK, &f->dir, NULL, &clerk,
                                  &handler);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KesuIntake) in = kesu_intake_new ();
      g_autoptr(GError) error = NULL;

      in->channel = cases[i].channel;
      in->received_at = g_date_time_new_local (2026, cases[i].month, cases[i].day, 9 + i, 30, 0);
      in->received_by = clerk;
      in->customer_name = g_strdup_printf ("客户%u", i + 1);
      in->customer_phone = g_strdup (cases[i].phone);
      in->vehicle_model = g_strdup (cases[i].model);
      in->purchase_date = g_strdup ("2025-03-08");
      in->mileage = g_strdup ("12,345");
      in->description = g_strdup ("保养后发动机舱漏油，地面有油迹。"
                                  "车辆停放一夜后地面油迹明显，客户担心安全问题。");
      in->demand = g_strdup ("要求免费维修");
      in->emotion = KESU_EMOTION_ANXIOUS;
      in->category = cases[i].category;
      in->severity = i % 2 ? KESU_SEVERITY_IMPORTANT : KESU_SEVERITY_NORMAL;
      in->handler_id = handler;
      g_assert_cmpint (kesu_store_add_complaint (f->store, in, &f->numbers[i], &error), >, 0);
      g_assert_no_error (error);
    }

  /* One withdrawn case, so that not every October case is open and overdue. */
  {
    g_autoptr(KesuCaseData) input = kesu_case_data_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) all = kesu_store_query_complaints (f->store, NULL, &error);
    KesuState state;

    input->reason = g_strdup ("客户表示问题已自行解决");
    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(KesuComplaint) c = g_list_model_get_item (all, i);

        if (g_str_equal (kesu_complaint_get_number (c), f->numbers[1]))
          g_assert_true (kesu_store_move (f->store, kesu_complaint_get_id (c),
                                          KESU_STATE_WITHDRAWN, input, &state, &error));
      }
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_free (f->numbers[i]);
  kesu_clock_set_fixed (NULL);
}

/* The names in @dir, sorted. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      /* The store's own files are not the export's business. */
      if (!g_str_has_prefix (name, "kesu.db"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
append_json_string (GString    *s,
                    const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static void
append_json_list (GString           *s,
                  const char        *key,
                  const char *const *items,
                  guint              n)
{
  append_json_string (s, key);
  g_string_append (s, ": [");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      append_json_string (s, items[i]);
    }
  g_string_append (s, "]");
}

/* Runs check-xlsx.py on @path expecting the cases from @first to @last (indexes). */
static void
check_workbook (Fixture    *f,
                const char *path,
                guint       first,
                guint       last,
                gboolean    unmasked)
{
  static const char *const header[] = {
    "Number", "Received at", "Channel", "Received by", "State", "Handler", "Severity",
    "Category", "Customer", "Phone",
  };
  static const char *const chart_sheets[] = { "By Category", "By Vehicle Model", "By Channel" };
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-xlsx.py", NULL);
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *numbers[G_N_ELEMENTS (cases)];
  int status = -1;

  for (guint i = first; i <= last; i++)
    numbers[i - first] = f->numbers[i];
  append_json_list (json, "sheets", (const char *const *) sheets, G_N_ELEMENTS (sheets));
  g_string_append (json, ", ");
  append_json_list (json, "header", header, G_N_ELEMENTS (header));
  g_string_append (json, ", ");
  append_json_list (json, "numbers", numbers, last - first + 1);
  g_string_append (json, ", ");
  append_json_list (json, "chart_sheets", chart_sheets, G_N_ELEMENTS (chart_sheets));
  g_string_append (json, ", \"phones\": {");
  for (guint i = first; i <= last; i++)
    {
      if (i > first)
        g_string_append (json, ", ");
      append_json_string (json, f->numbers[i]);
      g_string_append (json, ": ");
      append_json_string (json, unmasked ? cases[i].stored : cases[i].masked);
    }
  g_string_append (json, "}}");

  g_test_message ("%s %s %s %s", PYTHON, script, path, json->str);
  {
    const char *full_argv[] = { PYTHON, script, path, json->str, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) full_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("check-xlsx.py says:\n%s%s", out, err);
      g_test_fail ();
    }
}

static void
count_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  if (user_data != NULL)
    *(guint *) user_data = done;
}

static gboolean
export (Fixture     *f,
        const char  *path,
        const char  *month,
        const char  *from,
        const char  *to,
        gboolean     unmasked,
        guint       *out_written,
        GError     **error)
{
  g_auto(KesuExportOptions) options = { 0, };

  kesu_export_options_init (&options);
  if (month != NULL)
    g_assert_true (kesu_export_options_set_month (&options, month, NULL));
  else
    g_assert_true (kesu_export_options_set_range (&options, from, to, NULL));
  options.path = g_strdup (path);
  options.unmasked = unmasked;
  return kesu_xlsx_export (f->store, &options, count_progress_cb, out_written, NULL, error);
}

static void
test_month (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "kesu-2026-10.xlsx", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  guint written = 0;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 has no openpyxl (Debian: python3-openpyxl)");
      return;
    }
  g_assert_true (export (f, path, "2026-10", NULL, NULL, GPOINTER_TO_INT (data), &written,
                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 4);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "kesu-2026-10.xlsx");
  check_workbook (f, path, 0, 3, GPOINTER_TO_INT (data));
}

static void
test_range (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "range.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 has no openpyxl (Debian: python3-openpyxl)");
      return;
    }
  /* Both ends included, whole local days. */
  g_assert_true (export (f, path, NULL, "2026-09-30", "2026-11-01", FALSE, NULL, &error));
  g_assert_no_error (error);
  check_workbook (f, path, 0, G_N_ELEMENTS (cases) - 1, FALSE);
}

static void
cancel_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "report.xlsx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(KesuExportOptions) options = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  /* An older file at the target stays as it was. */
  g_assert_true (g_file_set_contents (path, "older", -1, NULL));
  kesu_export_options_init (&options);
  kesu_export_options_set_month_of (&options, 2026, 10);
  options.path = g_strdup (path);
  g_assert_false (kesu_xlsx_export (f->store, &options, cancel_progress_cb, cancellable,
                                    cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "older");
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "report.xlsx");

  /* Cancelled before it starts: no file at all. */
  g_clear_error (&error);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_false (kesu_xlsx_export (f->store, &options, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_free (listing);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
cancel_midway_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  if (done >= 500)
    g_cancellable_cancel (user_data);
}

/* Cancelled with rows already written to libxlsxwriter's temporary files. */
static void
test_cancel_midway (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(KesuExportOptions) options = { 0, };
  g_autoptr(KesuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *listing = NULL;

  kesu_clock_set_fixed (now);
  store = kesu_test_store_open ("kesu-xlsx", &dir, NULL);
  g_assert_true (kesu_demo_generate (store, 1200, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);

  kesu_export_options_init (&options);
  g_assert_true (kesu_export_options_set_range (&options, "2025-01-01", "2026-11-24", NULL));
  options.path = g_build_filename (dir, "all.xlsx", NULL);
  g_assert_false (kesu_xlsx_export (store, &options, cancel_midway_cb, cancellable,
                                    cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");

  /* The same export, not cancelled, writes every complaint. */
  g_clear_error (&error);
  g_assert_true (kesu_xlsx_export (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_free (listing);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "all.xlsx");

  g_clear_object (&store);
  kesu_test_remove_dir (dir);
  kesu_clock_set_fixed (NULL);
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "out.xlsx", NULL);
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "out.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_false (export (f, missing, "2026-10", NULL, NULL, FALSE, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  g_assert_false (export (f, under_file, "2026-10", NULL, NULL, FALSE, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, under_file));
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "a-file");
}

static void
test_options (void)
{
  g_auto(KesuExportOptions) options = { 0, };
  g_autofree char *name = NULL;
  const char *bad_months[] = { "2026-13", "2026-00", "2026-1", "26-10", "2026/10", "x", "",
                               "2026-10-01" };

  kesu_export_options_init (&options);
  for (guint i = 0; i < G_N_ELEMENTS (bad_months); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kesu_export_options_set_month (&options, bad_months[i], &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    }

  g_assert_true (kesu_export_options_set_month (&options, "2024-02", NULL));
  g_assert_cmpint (g_date_get_day (&options.last_day), ==, 29);
  g_assert_true (options.whole_month);
  name = kesu_xlsx_suggest_filename (&options);
  g_assert_cmpstr (name, ==, "kesu-2024-02.xlsx");

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_export_options_set_range (&options, "2026-10-31", "2026-10-01",
                                                   &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (kesu_export_options_set_range (&options, "2026-02-30", "2026-10-01",
                                                   &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_assert_true (kesu_export_options_set_range (&options, "2026-10-01", "2026-10-01", NULL));
    g_assert_false (options.whole_month);
    g_free (name);
    name = kesu_xlsx_suggest_filename (&options);
    g_assert_cmpstr (name, ==, "kesu-2026-10-01_2026-10-01.xlsx");
  }
}

static void
test_cli_arguments (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "cli.xlsx", NULL);
  g_autofree char *listing = NULL;

  /* Each prints why on stderr and writes nothing. */
  g_assert_cmpint (kesu_cli_export_xlsx (f->store, path, NULL, NULL, NULL, FALSE), ==, 2);
  g_assert_cmpint (kesu_cli_export_xlsx (f->store, path, "2026-10", "2026-10-01", NULL, FALSE),
                   ==, 2);
  g_assert_cmpint (kesu_cli_export_xlsx (f->store, path, NULL, "2026-10-01", NULL, FALSE),
                   ==, 2);
  g_assert_cmpint (kesu_cli_export_xlsx (f->store, path, "2026-13", NULL, NULL, FALSE), ==, 2);
  g_assert_cmpint (kesu_cli_export_xlsx (f->store, path, NULL, "2026-10-31", "2026-10-01",
                                         FALSE), ==, 2);
  g_assert_cmpint (kesu_cli_export_xlsx (f->store, "", "2026-10", NULL, NULL, FALSE), ==, 2);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/xlsx/options", test_options);
  g_test_add ("/xlsx/export/month-masked", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_month, fixture_tear_down);
  g_test_add ("/xlsx/export/month-unmasked", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_month, fixture_tear_down);
  g_test_add ("/xlsx/export/range", Fixture, NULL, fixture_set_up, test_range,
              fixture_tear_down);
  g_test_add ("/xlsx/export/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add_func ("/xlsx/export/cancel-midway", test_cancel_midway);
  g_test_add ("/xlsx/export/unwritable", Fixture, NULL, fixture_set_up, test_unwritable,
              fixture_tear_down);
  g_test_add ("/xlsx/cli/arguments", Fixture, NULL, fixture_set_up, test_cli_arguments,
              fixture_tear_down);
  return g_test_run ();
}
