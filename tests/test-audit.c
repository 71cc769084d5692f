/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "kesu-audit-export.h"
#include "kesu-audit.h"
#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* The audit log: one row per change, chained by hashes, append-only in the database, and
 * a row changed with the sqlite3 tool found by the real program's --verify-audit. */

#define DAY (24 * 3600)

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  gint64     clerk_id;
  gint64     handler_id;
  gint64     manager_id;
  gint64     t0;
  gint64     case_id;
} Fixture;

static gint64
add_case (Fixture    *f,
          const char *phone)
{
  g_autoptr(KesuIntake) in = kesu_test_intake_new (f->t0 - 3600, f->clerk_id, f->handler_id,
                                                   "张伟", phone,
                                                   "保养后发动机舱漏油，地面有油迹。",
                                                   "要求免费维修");

  return kesu_test_add_intake (f->store, in);
}

/* Ordinary work: a case received by the clerk and moved on by the handler, a note, a
 * manager changing a setting and a person. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();

  kesu_clock_set_fixed (now);
  f->t0 = g_date_time_to_unix (now);
  f->store = kesu_test_store_new ("kesu-audit", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->clerk_id, &f->handler_id);
  f->manager_id = kesu_test_add_staff (f->store, "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER,
                                       NULL, &error);
  g_assert_no_error (error);

  f->case_id = add_case (f, "13812345678");
  kesu_store_set_operator (f->store, f->handler_id);
  g_assert_true (kesu_store_move (f->store, f->case_id, KESU_STATE_INVESTIGATING, NULL, NULL,
                                  &error));
  g_assert_no_error (error);
  finding->cause = g_strdup ("机油滤芯未拧紧");
  finding->responsibility = KESU_RESPONSIBILITY_DEALER_AFTER_SALES;
  g_assert_true (kesu_store_move (f->store, f->case_id, KESU_STATE_PROPOSING, finding, NULL,
                                  &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_add_note (f->store, f->case_id, "已调取维修工单", &error));
  g_assert_no_error (error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_true (kesu_store_set_role_limit (f->store, KESU_ROLE_SERVICE_ADVISOR, 80000,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_set_staff_manager (f->store, f->handler_id, f->manager_id,
                                               &error));
  g_assert_no_error (error);
  kesu_store_set_operator (f->store, f->clerk_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  g_free (f->path);
  kesu_clock_set_fixed (NULL);
}

static const KesuAuditEntry *
find_entry (GPtrArray  *entries,
            const char *entity,
            const char *field)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const KesuAuditEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->entity, entity) == 0 && g_strcmp0 (e->field, field) == 0)
        return e;
    }
  return NULL;
}

static void
test_every_change (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_case = NULL;
  g_autoptr(GPtrArray) page = NULL;
  const KesuAuditEntry *e;
  KesuAuditFilter filter;
  gint64 broken = -1, n = 0;

  all = kesu_store_list_audit (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 20);
  /* Newest first. */
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (((KesuAuditEntry *) g_ptr_array_index (all, i - 1))->id, >,
                     ((KesuAuditEntry *) g_ptr_array_index (all, i))->id);

  /* Who, when, which record, old and new value. */
  e = find_entry (all, "complaint", "state");
  g_assert_nonnull (e);
  g_assert_cmpint (e->staff_id, ==, f->handler_id);
  g_assert_cmpstr (e->staff_name, ==, "李强");
  g_assert_cmpint (e->complaint_id, ==, f->case_id);
  g_assert_cmpstr (e->complaint_number, ==, "KS-202611-0001");
  g_assert_cmpstr (e->old_value, ==, "investigating");
  g_assert_cmpstr (e->new_value, ==, "proposing");
  g_assert_cmpint (e->at, ==, f->t0);
  g_assert_cmpstr (kesu_audit_field_label (e->entity, e->field), ==, "State");
  g_assert_cmpstr (kesu_audit_entity_label (e->entity), ==, "Complaint");
  e = find_entry (all, "complaint", "cause");
  g_assert_nonnull (e);
  g_assert_null (e->old_value);
  g_assert_cmpstr (e->new_value, ==, "机油滤芯未拧紧");
  e = find_entry (all, "complaint", "created");
  g_assert_nonnull (e);
  g_assert_cmpint (e->staff_id, ==, f->clerk_id);
  g_assert_nonnull (strstr (e->new_value, "\"description\":\"保养后发动机舱漏油，地面有油迹。\""));
  e = find_entry (all, "event", "note");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->new_value, ==, "已调取维修工单");
  e = find_entry (all, "role_limit", "service-advisor");
  g_assert_nonnull (e);
  g_assert_cmpint (e->staff_id, ==, f->manager_id);
  g_assert_cmpstr (e->new_value, ==, "80000");
  g_assert_cmpstr (kesu_audit_field_label (e->entity, e->field), ==, "Service advisor");
  e = find_entry (all, "staff", "manager_id");
  g_assert_nonnull (e);
  g_assert_null (e->old_value);
  e = find_entry (all, "customer", "created");
  g_assert_nonnull (e);
  e = find_entry (all, "branch", "name");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->new_value, ==, "星河汽车4S店");
  /* The updated_at column is not noise in the log. */
  g_assert_null (find_entry (all, "complaint", "updated_at"));

  /* Filters: by complaint, by person, by period, and page by page. */
  kesu_audit_filter_init (&filter);
  filter.complaint_id = f->case_id;
  of_case = kesu_store_list_audit (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_case->len, >, 5);
  for (guint i = 0; i < of_case->len; i++)
    g_assert_cmpint (((KesuAuditEntry *) g_ptr_array_index (of_case, i))->complaint_id, ==,
                     f->case_id);
  g_assert_cmpint (kesu_store_count_audit (f->store, &filter), ==, of_case->len);

  kesu_audit_filter_init (&filter);
  filter.staff_id = f->manager_id;
  page = kesu_store_list_audit (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);  /* the limit and the handler's manager */
  g_clear_pointer (&page, g_ptr_array_unref);

  kesu_audit_filter_init (&filter);
  filter.from = f->t0 + DAY;
  page = kesu_store_list_audit (f->store, &filter, &error);
  g_assert_cmpuint (page->len, ==, 0);
  g_clear_pointer (&page, g_ptr_array_unref);
  filter.from = f->t0;
  filter.until = f->t0 + 1;
  g_assert_cmpint (kesu_store_count_audit (f->store, &filter), ==, all->len);

  kesu_audit_filter_init (&filter);
  filter.limit = 5;
  page = kesu_store_list_audit (f->store, &filter, &error);
  g_assert_cmpuint (page->len, ==, 5);
  filter.before_id = ((KesuAuditEntry *) g_ptr_array_index (page, 4))->id;
  g_clear_pointer (&page, g_ptr_array_unref);
  page = kesu_store_list_audit (f->store, &filter, &error);
  g_assert_cmpuint (page->len, ==, 5);
  g_assert_cmpint (((KesuAuditEntry *) g_ptr_array_index (page, 0))->id, ==,
                   ((KesuAuditEntry *) g_ptr_array_index (all, 5))->id);

  /* After all that work, the chain is whole. */
  g_assert_true (kesu_store_verify_audit (f->store, &broken, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 0);
  g_assert_cmpint (n, ==, all->len);
}

/* The timeline, the audit log and approvals are append-only in the database itself. */
static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  const char *const refused[] = {
    "UPDATE audit SET new_value = 'x' WHERE id = 1",
    "DELETE FROM audit WHERE id = 1",
    "DELETE FROM audit",
    "UPDATE event SET detail = 'x'",
    "DELETE FROM event",
    "DELETE FROM staff",
    "DELETE FROM complaint",
  };
  KesuDb *db = kesu_store_get_db (f->store);
  gint64 n = kesu_store_count_audit (f->store, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", refused[i]);
      g_assert_false (kesu_db_exec (db, refused[i], &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
    }
  g_assert_cmpint (kesu_store_count_audit (f->store, NULL), ==, n);
  g_assert_true (kesu_store_verify_audit (f->store, NULL, NULL, NULL));
}

/* Runs the real kesu with @args after --database; its exit status, its output in *out. */
static int
run_kesu (Fixture            *f,
          const char *const  *args,
          char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *binary = g_getenv ("KESU_BINARY");
  int status = 0;

  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, f->path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                out, NULL, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
run_sqlite3 (const char *path,
             const char *sql)
{
  const char *argv[] = { "sqlite3", path, sql, NULL };
  g_autofree char *out = kesu_test_run (argv);
}

static gboolean
have_tools (void)
{
  const char *binary = g_getenv ("KESU_BINARY");
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KESU_BINARY is not set to the kesu program");
      return FALSE;
    }
  if (sqlite3 == NULL)
    {
      g_test_skip ("the sqlite3 tool is not installed");
      return FALSE;
    }
  return TRUE;
}

/* A value changed behind Kesu's back, with the sqlite3 tool, after dropping the trigger
 * that refuses it: --verify-audit finds the very row. */
static void
test_tampered_value (Fixture       *f,
                     gconstpointer  data)
{
  const char *const verify[] = { "--verify-audit", NULL };
  g_autofree char *out = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const KesuAuditEntry *target;
  gint64 n = kesu_store_count_audit (f->store, NULL);
  gint64 broken = 0;

  if (!have_tools ())
    return;
  all = kesu_store_list_audit (f->store, NULL, NULL);
  target = find_entry (all, "complaint", "state");
  g_assert_nonnull (target);
  g_clear_object (&f->store);

  g_assert_cmpint (run_kesu (f, verify, &out), ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("The history is whole: %" G_GINT64_FORMAT
                                                 " entries checked.\n", n);

    g_assert_cmpstr (out, ==, expected);
  }
  g_clear_pointer (&out, g_free);

  /* The trigger stops the tool too, until it is dropped. */
  {
    const char *argv[] = { "sqlite3", f->path, "UPDATE audit SET new_value = 'closed'", NULL };
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, NULL);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         " UPDATE audit SET new_value = 'closed' WHERE id = %" G_GINT64_FORMAT,
                         target->id);
  run_sqlite3 (f->path, sql);

  g_assert_cmpint (run_kesu (f, verify, &out), !=, 0);
  {
    g_autofree char *expected = g_strdup_printf ("The history is BROKEN at entry %"
                                                 G_GINT64_FORMAT " (", target->id);

    g_assert_true (g_str_has_prefix (out, expected));
    g_assert_nonnull (strstr (out, "李强, Complaint: State"));
  }

  f->store = kesu_store_open (f->path, NULL);
  g_assert_false (kesu_store_verify_audit (f->store, &broken, NULL, NULL));
  g_assert_cmpint (broken, ==, target->id);
}

/* A row given another hash of the right size, then a row removed: the chain breaks at
 * that row, then at the gap. */
static void
test_tampered_chain (Fixture       *f,
                     gconstpointer  data)
{
  const char *const verify[] = { "--verify-audit", NULL };
  g_autofree char *out = NULL;
  gint64 broken = 0, n = 0, last;

  if (!have_tools ())
    return;
  last = kesu_store_count_audit (f->store, NULL);
  g_clear_object (&f->store);
  run_sqlite3 (f->path, "DROP TRIGGER audit_no_update;"
               " UPDATE audit SET hash = zeroblob (32) WHERE id = (SELECT max (id) FROM audit)");
  f->store = kesu_store_open (f->path, NULL);
  g_assert_false (kesu_store_verify_audit (f->store, &broken, &n, NULL));
  g_assert_cmpint (broken, ==, last);
  g_assert_cmpint (n, ==, last);
  g_clear_object (&f->store);

  run_sqlite3 (f->path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 7");
  g_assert_cmpint (run_kesu (f, verify, &out), !=, 0);
  g_assert_cmpstr (out, ==, "The history is BROKEN at entry 7: that entry is missing; it "
                   "was removed outside Kesu.\n");
  f->store = kesu_store_open (f->path, NULL);
  g_assert_false (kesu_store_verify_audit (f->store, &broken, &n, NULL));
  g_assert_cmpint (broken, ==, 7);
  g_assert_cmpint (n, ==, 7);  /* rows 1–6 and 8 read */
}

/* The command line writes only under a signed-in name. */
static void
test_cli_user (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "log.csv", NULL);
  const char *const no_user[] = { "--import-csv", csv, NULL };
  const char *const user[] = { "--import-csv", csv, "--user", "王芳", NULL };
  g_autoptr(GPtrArray) entries = NULL;
  const KesuAuditEntry *e;
  g_autofree char *out = NULL;

  if (!have_tools ())
    return;
  g_assert_true (g_file_set_contents (csv, "日期,姓名,手机,内容,诉求,处理人\n"
                                      "2026-11-01,赵六,13900000001,车门异响,要求维修,李强\n",
                                      -1, NULL));
  g_clear_object (&f->store);

  g_assert_cmpint (run_kesu (f, no_user, &out), !=, 0);
  g_clear_pointer (&out, g_free);
  g_setenv ("KESU_PIN", "1111", TRUE);
  g_assert_cmpint (run_kesu (f, user, &out), !=, 0);
  g_clear_pointer (&out, g_free);
  g_setenv ("KESU_PIN", KESU_TEST_PIN, TRUE);
  g_assert_cmpint (run_kesu (f, user, &out), ==, 0);
  g_unsetenv ("KESU_PIN");

  f->store = kesu_store_open (f->path, NULL);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 2);
  entries = kesu_store_list_audit (f->store, NULL, NULL);
  /* Signed in, the wrong PIN counted, the case under 王芳's name, signed out. */
  g_assert_cmpstr (((KesuAuditEntry *) g_ptr_array_index (entries, 0))->field, ==,
                   "signed-out");
  e = find_entry (entries, "complaint", "created");
  g_assert_cmpint (e->staff_id, ==, f->clerk_id);
  g_assert_cmpint (e->complaint_id, !=, f->case_id);
  g_assert_nonnull (find_entry (entries, "sign-in", "wrong-pin"));
  g_assert_true (kesu_store_verify_audit (f->store, NULL, NULL, NULL));
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "audit.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (f->dir, "audit.xlsx", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  KesuAuditFilter filter;

  kesu_audit_filter_init (&filter);
  filter.complaint_id = f->case_id;
  g_assert_true (kesu_audit_export_csv (f->store, &filter, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF\"History whole when exported: "));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[1], ==, "\"Entry\",\"Time\",\"Who\",\"Complaint\",\"Record\","
                   "\"Field\",\"Old value\",\"New value\"");
  /* One line per row of the case, and the final empty piece. */
  g_assert_cmpuint (g_strv_length (lines), ==, kesu_store_count_audit (f->store, &filter) + 3);
  /* In words, as the audit view shows them. */
  g_assert_nonnull (strstr (csv, "\"李强\",\"KS-202611-0001\",\"Complaint\",\"State\","
                                 "\"Investigating\",\"Proposing\""));
  g_assert_null (strstr (csv, "{\"\""));

  g_assert_true (kesu_audit_export_xlsx (f->store, NULL, xlsx_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (xlsx_path, &xlsx, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (xlsx, "PK\x03\x04", 4) == 0);

  /* Nothing half-written where the file cannot be written. */
  {
    g_autofree char *bad = g_build_filename (f->dir, "no-such-dir", "a.csv", NULL);

    g_assert_false (kesu_audit_export_csv (f->store, NULL, bad, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }
}

/* A created record's JSON reads back as its fields; anything else is not a snapshot. */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) pairs = NULL;

  pairs = kesu_store_audit_snapshot (f->store,
                                     "{\"name\":\"赵敏\",\"phone\":null,\"address\":\"\","
                                     "\"active\":1,\"note\":\"a \\\"b\\\"\"}");
  g_assert_nonnull (pairs);
  g_assert_cmpuint (pairs->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (pairs, 0), ==, "name");
  g_assert_cmpstr (g_ptr_array_index (pairs, 1), ==, "赵敏");
  g_assert_cmpstr (g_ptr_array_index (pairs, 2), ==, "active");
  g_assert_cmpstr (g_ptr_array_index (pairs, 3), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (pairs, 5), ==, "a \"b\"");
  /* A vehicle record as created reads with its columns' names and values in words. */
  {
    KesuAuditEntry created = { 0 };
    g_autofree char *text = NULL;

    created.entity = (char *) "vehicle";
    created.field = (char *) "LFV2A21K0M3000001";
    text = kesu_audit_value_text (f->store, NULL, &created,
                                  "{\"plate\":\"沪AD12345\",\"model\":null,"
                                  "\"price_fen\":18990000}");
    g_assert_cmpstr (text, ==, "Plate: 沪AD12345; Price: ¥189,900.00");
    g_assert_cmpstr (kesu_audit_field_label ("vehicle", created.field), ==, "Created");
    g_assert_cmpstr (kesu_audit_field_label ("vehicle", "LFV2A21K0M3000001 plate"), ==, "Plate");
  }
  g_assert_null (kesu_store_audit_snapshot (f->store, "set"));
  g_assert_null (kesu_store_audit_snapshot (f->store, "{not json"));
  g_assert_null (kesu_store_audit_snapshot (f->store, "{}"));
  g_assert_null (kesu_store_audit_snapshot (f->store, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/audit/every-change", test_every_change);
  ADD ("/audit/append-only", test_append_only);
  ADD ("/audit/tampered/value", test_tampered_value);
  ADD ("/audit/tampered/chain", test_tampered_chain);
  ADD ("/audit/cli-user", test_cli_user);
  ADD ("/audit/export", test_export);
  ADD ("/audit/snapshot", test_snapshot);

  return g_test_run ();
}
