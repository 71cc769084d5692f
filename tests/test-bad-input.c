/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bad input at every entry point (issue #8): the store's intake, evidence files, the CSV
 * import and the command line refuse it with a message and store nothing of it; text
 * that is merely unusual (emoji, rare CJK, SQL-looking) is kept exactly. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-csv.h"
#include "kesu-error.h"
#include "kesu-import.h"
#include "kesu-intake.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-workflow.h"

typedef struct
{
  KesuStore *store;
  char      *dir;
  char      *path;
  gint64     staff_id;
  gint64     handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-bad", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->staff_id, &f->handler_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  g_free (f->path);
  kesu_clock_set_fixed (NULL);
}

static KesuIntake *
good_intake (Fixture *f)
{
  KesuIntake *in = kesu_intake_new ();

  in->channel = KESU_CHANNEL_WALK_IN;
  in->received_at = g_date_time_new_local (2026, 11, 24, 9, 30, 0);
  in->received_by = f->staff_id;
  in->customer_name = g_strdup ("张伟");
  in->customer_phone = g_strdup ("13812345678");
  in->description = g_strdup ("保养后发动机舱漏油。");
  in->demand = g_strdup ("免费维修");
  in->handler_id = f->handler_id;
  return in;
}

/* Adds @in, which must be refused; nothing may be stored. */
static void
assert_refused (Fixture    *f,
                KesuIntake *in)
{
  g_autoptr(GError) error = NULL;
  guint before = kesu_store_count_complaints (f->store);

  g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, before);
}

static void
test_long_text (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KesuIntake) in = good_intake (f);

  g_free (in->description);
  in->description = g_strnfill (100000, 'x');
  assert_refused (f, in);

  g_free (in->description);
  in->description = g_strnfill (100000 * 3, 'x');
  /* 100,000 characters of 汉: three bytes each. */
  for (gsize i = 0; i < 100000; i++)
    memcpy (in->description + 3 * i, "汉", 3);
  assert_refused (f, in);

  g_free (in->customer_name);
  in->customer_name = g_strnfill (201, 'x');
  g_free (in->description);
  in->description = g_strdup ("正常");
  assert_refused (f, in);
}

static void
test_control_and_invalid_utf8 (Fixture       *f,
                               gconstpointer  data)
{
  static const char *const bad[] = {
    "漏油\x01了", "bell\x07", "esc\x1b[31m", "del\x7f", "\xff\xfe", "\xc3\x28",
    "\xe6\xbc", "\xed\xa0\x80", "ok\xc0\xafslash",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KesuIntake) in = good_intake (f);

      g_free (in->description);
      in->description = g_strdup (bad[i]);
      assert_refused (f, in);
    }
  {
    g_autoptr(KesuIntake) in = good_intake (f);

    g_free (in->customer_name);
    in->customer_name = g_strdup ("张\x02伟");
    assert_refused (f, in);
  }
}

/* The stored text, straight from the database file. */
static char *
stored_text (Fixture    *f,
             gint64      id,
             const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM complaint c"
                                          " JOIN customer cu ON cu.id = c.customer_id"
                                          " WHERE c.id = %" G_GINT64_FORMAT, column, id);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
test_rare_characters_kept (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KesuIntake) in = good_intake (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = NULL;
  g_autofree char *stored_name = NULL;
  const char *name = "𠮷野𪚥";
  const char *text = "车门异响😀😡👨‍👩‍👧 𩸽 𠮷 𪚥 🇨🇳 é (e\xcc\x81)";
  gint64 id;

  g_free (in->customer_name);
  in->customer_name = g_strdup (name);
  g_free (in->description);
  in->description = g_strdup (text);
  id = kesu_store_add_complaint (f->store, in, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  desc = stored_text (f, id, "c.description");
  stored_name = stored_text (f, id, "cu.name");
  g_assert_cmpmem (desc, strlen (desc), text, strlen (text));
  g_assert_cmpmem (stored_name, strlen (stored_name), name, strlen (name));
}

static void
test_sql_text (Fixture       *f,
               gconstpointer  data)
{
  static const char *const texts[] = {
    "'; DROP TABLE complaint; --",
    "\" OR 1=1 --",
    "Robert'); DELETE FROM customer; --",
    "%' UNION SELECT * FROM staff --",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(KesuIntake) in = good_intake (f);
      g_autoptr(GError) error = NULL;
      g_autofree char *desc = NULL;
      g_autofree char *stored_name = NULL;
      g_autoptr(GListModel) found = NULL;
      gint64 id;

      g_free (in->description);
      in->description = g_strdup (texts[i]);
      g_free (in->customer_name);
      in->customer_name = g_strdup (texts[i]);
      id = kesu_store_add_complaint (f->store, in, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, i + 1);

      desc = stored_text (f, id, "c.description");
      stored_name = stored_text (f, id, "cu.name");
      g_assert_cmpstr (desc, ==, texts[i]);
      g_assert_cmpstr (stored_name, ==, texts[i]);

      /* Searching for it is a search too, not SQL. */
      found = kesu_store_search_complaints (f->store, texts[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
    }
  /* The tables are all there. */
  {
    g_autoptr(GListModel) all = kesu_store_search_complaints (f->store, NULL, NULL);

    g_autoptr(KesuBranch) branch = kesu_store_get_branch (f->store);

    g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
    g_assert_nonnull (branch);
  }
}

static void
test_dates_and_mileage (Fixture       *f,
                        gconstpointer  data)
{
  static const char *const dates[] = { "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10",
                                       "2026-04-31", "0000-01-01", "2026-1-1x" };
  static const char *const mileages[] = { "-1", "3,000,000", "2000001", "1e6", "12.5", "abc",
                                          "99999999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(KesuIntake) in = good_intake (f);

      in->purchase_date = g_strdup (dates[i]);
      assert_refused (f, in);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mileages); i++)
    {
      g_autoptr(KesuIntake) in = good_intake (f);

      in->mileage = g_strdup (mileages[i]);
      assert_refused (f, in);
    }
}

static void
test_amounts (void)
{
  static const char *const bad[] = { "-1", "-0.01", "10000000.01", "20000000", "1e9",
                                     "99999999999999999999999", "¥-5", "abc", "1.234" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = 12345;

      g_assert_false (kesu_parse_amount (bad[i], &fen, &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    }
  {
    gint64 fen = -1;

    g_assert_true (kesu_parse_amount ("10,000,000", &fen, NULL));
    g_assert_cmpint (fen, ==, G_GINT64_CONSTANT (1000000000));
  }
}

static const guint8 pdf_bytes[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
static const guint8 elf_bytes[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
static const guint8 jpeg_bytes[] = "\xff\xd8\xff\xe0\0\x10JFIF\0";

static void
test_attachment_content (Fixture       *f,
                         gconstpointer  data)
{
  struct { const char *name; const char *mime; const guint8 *data; gsize size; gboolean ok; }
  cases[] = {
    { "现场.jpg", "image/jpeg", pdf_bytes, sizeof pdf_bytes - 1, FALSE },
    { "现场.jpg", "image/jpeg", elf_bytes, sizeof elf_bytes - 1, FALSE },
    { "现场.JPG", "image/jpeg", jpeg_bytes, sizeof jpeg_bytes - 1, TRUE },
    { "报告.pdf", "application/pdf", jpeg_bytes, sizeof jpeg_bytes - 1, FALSE },
    { "报告.pdf", "application/pdf", pdf_bytes, sizeof pdf_bytes - 1, TRUE },
    { "录音.mp3", "audio/mpeg", (const guint8 *) "hello", 5, FALSE },
    { "照片", "image/png", pdf_bytes, sizeof pdf_bytes - 1, FALSE },
    { "说明.txt", "text/plain", elf_bytes, sizeof elf_bytes - 1, FALSE },
    { "说明.txt", "text/plain", (const guint8 *) "维修单", 9, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KesuIntake) in = good_intake (f);
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, cases[i].size);
      g_autoptr(GError) error = NULL;
      gint64 id;

      kesu_intake_add_attachment (in, kesu_attachment_new (cases[i].name, cases[i].mime,
                                                           bytes));
      if (!cases[i].ok)
        {
          assert_refused (f, in);
          continue;
        }
      id = kesu_store_add_complaint (f->store, in, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
    }

  /* Added to a stored case afterwards. */
  {
    g_autoptr(KesuIntake) in = good_intake (f);
    g_autoptr(GBytes) bytes = g_bytes_new_static (pdf_bytes, sizeof pdf_bytes - 1);
    g_autoptr(KesuAttachment) a = kesu_attachment_new ("照片.png", "image/png", bytes);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) stored = NULL;
    gint64 id = kesu_store_add_complaint (f->store, in, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kesu_store_add_attachment (f->store, id, a, &error), ==, 0);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "照片.png"));
    stored = kesu_store_list_attachments (f->store, id, NULL);
    g_assert_cmpuint (stored->len, ==, 0);
  }

  /* From a file: a PDF named .jpg is refused. */
  {
    g_autofree char *path = g_build_filename (f->dir, "假照片.jpg", NULL);
    g_autoptr(GFile) file = NULL;
    g_autoptr(KesuAttachment) a = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (path, (const char *) pdf_bytes,
                                        sizeof pdf_bytes - 1, NULL));
    file = g_file_new_for_path (path);
    a = kesu_attachment_new_from_file (file, &error);
    g_assert_null (a);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_remove (path);
  }
}

static void
test_attachment_limit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gsize size = 1536 * 1024;
  guint8 *big = g_malloc0 (size);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpuint (kesu_store_get_attachment_limit (f->store), ==, 20);
  /* A setting of the branch: the front desk may not change it, a manager may. */
  g_assert_false (kesu_store_set_attachment_limit (f->store, 1, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpuint (kesu_store_get_attachment_limit (f->store), ==, 20);
  {
    gint64 manager = kesu_test_add_staff (f->store, "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER,
                                          NULL, &error);

    g_assert_no_error (error);
    kesu_store_set_operator (f->store, manager);
  }
  g_assert_false (kesu_store_set_attachment_limit (f->store, 0, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_set_attachment_limit (f->store, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_get_attachment_limit (f->store), ==, 1);

  memcpy (big, jpeg_bytes, sizeof jpeg_bytes - 1);
  bytes = g_bytes_new_take (big, size);
  {
    g_autoptr(KesuIntake) in = good_intake (f);

    kesu_intake_add_attachment (in, kesu_attachment_new ("大照片.jpg", "image/jpeg", bytes));
    assert_refused (f, in);
  }
  {
    g_autofree char *path = g_build_filename (f->dir, "大照片.jpg", NULL);
    g_autoptr(GFile) file = NULL;
    g_autoptr(KesuAttachment) a = NULL;

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), size, NULL));
    file = g_file_new_for_path (path);
    a = kesu_attachment_new_from_file_full (file, 1024 * 1024, &error);
    g_assert_null (a);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_clear_error (&error);
    a = kesu_attachment_new_from_file_full (file, 2 * 1024 * 1024, &error);
    g_assert_no_error (error);
    g_assert_nonnull (a);
    g_remove (path);
  }
  g_assert_true (kesu_store_set_attachment_limit (f->store, 2, &error));
  {
    g_autoptr(KesuIntake) in = good_intake (f);

    kesu_intake_add_attachment (in, kesu_attachment_new ("大照片.jpg", "image/jpeg", bytes));
    g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), >, 0);
    g_assert_no_error (error);
  }
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("日期,姓名,手机,内容,诉求\n");
  g_autofree char *long_field = g_strnfill (100000, 'x');
  KesuCsvTable *table;

  g_string_append (csv, "2026-07-01,甲,13800000021,事由一,要求一\n");
  g_string_append_printf (csv, "2026-07-02,乙,13800000022,%s,要求二\n", long_field);
  g_string_append (csv, "2026-02-30,丙,13800000023,事由三,要求三\n");
  g_string_append (csv, "2026-07-03,丁,13800000024,控制\x01字符,要求四\n");
  table = kesu_csv_parse (csv->str, csv->len, &error);
  g_assert_no_error (error);
  {
    KesuImport *import = kesu_import_new (table);
    g_autoptr(GPtrArray) problems = NULL;

    g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 0);
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, >=, 3);
    kesu_import_free (import);
  }
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  /* Invalid UTF-8 is no encoding the reader knows, or is read as GB18030: either way
   * nothing of it is stored as broken text. */
  table = kesu_csv_parse ("日期,姓名,手机,内容,诉求\n2026-07-01,\xff\xfe\xfd,13800000021,a,b\n",
                          -1, &error);
  if (table == NULL)
    {
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
      g_clear_error (&error);
    }
  else
    {
      for (guint i = 0; i < table->records->len; i++)
        {
          KesuCsvRecord *r = g_ptr_array_index (table->records, i);

          for (guint c = 0; c < r->fields->len; c++)
            g_assert_true (g_utf8_validate (kesu_csv_record_get (r, c), -1, NULL));
        }
      kesu_csv_table_free (table);
    }
}

/* The command line, on the real program. */
static int
run_kesu (const char *db,
          const char *const *args,
          char      **out_err)
{
  const char *binary = g_getenv ("KESU_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, out_err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const demo_abc[] = { "--demo-data", "abc", NULL };
  static const char *const demo_neg[] = { "--demo-data", "-5", NULL };
  static const char *const month[] = { "--export-xlsx", "out.xlsx", "--month", "2026-13", NULL };
  static const char *const receipt[] = { "--print-receipt", "KS-999999-ZZZZ'; DROP", "--pdf",
                                         "out.pdf", NULL };
  const char *const *cases[] = { demo_abc, demo_neg, month, receipt };
  g_autofree char *before = NULL;
  gsize before_len = 0;

  if (g_getenv ("KESU_BINARY") == NULL)
    {
      g_test_skip ("KESU_BINARY is not set");
      return;
    }
  g_clear_object (&f->store);
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;
      gsize after_len = 0;
      int code = run_kesu (f->path, cases[i], &err);

      g_test_message ("%s %s: exit %d: %s", cases[i][0], cases[i][1], code, err);
      g_assert_true (code == 1 || code == 2);
      g_assert_true (err != NULL && g_strstrip (err)[0] != '\0');
      g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
      g_assert_cmpmem (before, before_len, after, after_len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/bad-input/long-text", test_long_text);
  ADD ("/bad-input/control-and-invalid-utf8", test_control_and_invalid_utf8);
  ADD ("/bad-input/rare-characters-kept", test_rare_characters_kept);
  ADD ("/bad-input/sql-text", test_sql_text);
  ADD ("/bad-input/dates-and-mileage", test_dates_and_mileage);
  g_test_add_func ("/bad-input/amounts", test_amounts);
  ADD ("/bad-input/attachment-content", test_attachment_content);
  ADD ("/bad-input/attachment-limit", test_attachment_limit);
  ADD ("/bad-input/import", test_import);
  ADD ("/bad-input/command-line", test_command_line);
#undef ADD

  return g_test_run ();
}
