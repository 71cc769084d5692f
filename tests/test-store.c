/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-auth.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-validate.h"

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  gint64     staff_id;
  gint64     handler_id;
} Fixture;

static GDateTime *
local_time (int y, int mo, int d, int h, int mi)
{
  return g_date_time_new_local (y, mo, d, h, mi, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = local_time (2026, 11, 24, 10, 0);
  KesuBranch branch = { (char *) "星河汽车4S店（城东店）", (char *) "上海市浦东新区张江路1号",
                        (char *) "021-62345678" };

  kesu_clock_set_fixed (now);
  f->dir = g_dir_make_tmp ("kesu-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "kesu.db", NULL);
  f->store = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_true (kesu_store_needs_setup (f->store));
  g_assert_true (kesu_store_setup (f->store, &branch, "王芳", KESU_ROLE_FRONT_DESK,
                                   "13912345678", &f->staff_id, &error));
  g_assert_no_error (error);
  f->handler_id = kesu_test_add_staff (f->store, "李强", KESU_ROLE_SERVICE_ADVISOR,
                                       "13800001111", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->handler_id, >, 0);
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
full_intake (Fixture *f)
{
  KesuIntake *in = kesu_intake_new ();
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (png, sizeof png);

  in->channel = KESU_CHANNEL_WALK_IN;
  in->received_at = local_time (2026, 11, 24, 9, 30);
  in->received_by = f->staff_id;
  in->customer_name = g_strdup ("张伟𠮷");
  in->customer_phone = g_strdup ("138 1234 5678");
  in->customer_other_contact = g_strdup ("微信 zhangwei_88 😀");
  in->customer_address = g_strdup ("上海市徐汇区漕溪北路88号");
  in->vehicle_model = g_strdup ("大众 途观L");
  in->vin = g_strdup ("lsvau218xn2183294");
  in->plate = g_strdup ("沪A·12345");
  in->purchase_date = g_strdup ("2025-06-01");
  in->mileage = g_strdup ("12,345");
  in->order_number = g_strdup ("RO2026112401");
  in->staff_involved = g_strdup ("赵敏");
  in->description = g_strdup ("保养后发动机舱漏油，地面有油迹。'; DROP TABLE complaint; --");
  in->occurred_on = g_strdup ("2026-11-23");
  in->occurred_place = g_strdup ("小区停车场");
  in->demand = g_strdup ("要求免费维修并书面道歉");
  in->emotion = KESU_EMOTION_ANGRY;
  in->customer_type = KESU_CUSTOMER_TYPE_DOMINEERING;
  in->category = KESU_CATEGORY_REPAIR_QUALITY;
  in->severity = KESU_SEVERITY_IMPORTANT;
  in->handler_id = f->handler_id;
  kesu_intake_add_attachment (in, kesu_attachment_new ("现场照片.png", "image/png", bytes));
  return in;
}

static void
test_migrations_empty (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KesuDb *db = kesu_store_get_db (f->store);
  KesuStatement *stmt;
  const char *tables[] = { "branch", "staff", "customer", "complaint", "attachment", "event",
                           "number_counter", "setting" };

  g_assert_cmpint (kesu_store_get_schema_version (f->store), ==, KESU_SCHEMA_VERSION);
  g_assert_cmpint (kesu_db_get_user_version (db, &error), ==, KESU_SCHEMA_VERSION);

  stmt = kesu_db_prepare (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                              " AND name = ?1", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      kesu_statement_reset (stmt);
      kesu_statement_bind_text (stmt, 1, tables[i]);
      g_assert_true (kesu_statement_step (stmt, &error));
      g_assert_cmpint (kesu_statement_get_int64 (stmt, 0), ==, 1);
      kesu_statement_reset (stmt);
    }

  stmt = kesu_db_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_true (kesu_statement_step (stmt, &error));
  g_assert_cmpstr (kesu_statement_get_text (stmt, 0), ==, "wal");
  kesu_statement_reset (stmt);
  stmt = kesu_db_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_true (kesu_statement_step (stmt, &error));
  g_assert_cmpint (kesu_statement_get_int64 (stmt, 0), ==, 1);
  kesu_statement_reset (stmt);
  stmt = kesu_db_prepare (db, "PRAGMA synchronous", &error);
  g_assert_true (kesu_statement_step (stmt, &error));
  g_assert_cmpint (kesu_statement_get_int64 (stmt, 0), ==, 2);  /* FULL */
  kesu_statement_reset (stmt);
}

static void
test_reopen_keeps_schema (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) again = NULL;

  g_clear_object (&f->store);
  again = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (kesu_store_needs_setup (again));
  g_assert_cmpint (kesu_store_get_schema_version (again), ==, KESU_SCHEMA_VERSION);
}

static void
test_newer_database_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kesu-newer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db;
  KesuStore *store;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = kesu_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NEWER_DATABASE);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  kesu_test_remove_dir (dir);
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kesu-junk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "junk.db", NULL);
  const char junk[] = "This is a letter from a customer, not a database. 这不是数据库。";
  g_autofree char *after = NULL;
  gsize after_len;
  KesuStore *store;

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  store = kesu_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpstr (after, ==, junk);
  kesu_test_remove_dir (dir);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = full_intake (f);
  g_autoptr(KesuComplaint) c = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(KesuStore) reopened = NULL;
  g_autofree char *number = NULL;
  g_autofree char *received = NULL;
  const KesuIntake *out;
  KesuAttachment *a;
  gint64 id;

  id = kesu_store_add_complaint (f->store, in, &number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (number, ==, "KS-202611-0001");

  /* Read back through a fresh connection: what is on disk, not what is cached. */
  g_clear_object (&f->store);
  reopened = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  c = kesu_store_get_complaint (reopened, id, &error);
  g_assert_no_error (error);
  out = kesu_complaint_get_intake (c);

  g_assert_cmpstr (kesu_complaint_get_number (c), ==, "KS-202611-0001");
  g_assert_cmpint (kesu_complaint_get_state (c), ==, KESU_STATE_RECEIVED);
  g_assert_cmpint (out->channel, ==, KESU_CHANNEL_WALK_IN);
  received = g_date_time_format (out->received_at, "%Y-%m-%d %H:%M");
  g_assert_cmpstr (received, ==, "2026-11-24 09:30");
  g_assert_cmpint (out->received_by, ==, f->staff_id);
  g_assert_cmpstr (out->customer_name, ==, "张伟𠮷");
  g_assert_cmpstr (out->customer_phone, ==, "13812345678");
  g_assert_cmpstr (out->customer_other_contact, ==, "微信 zhangwei_88 😀");
  g_assert_cmpstr (out->customer_address, ==, "上海市徐汇区漕溪北路88号");
  g_assert_cmpstr (out->vehicle_model, ==, "大众 途观L");
  g_assert_cmpstr (out->vin, ==, "LSVAU218XN2183294");
  g_assert_cmpstr (out->plate, ==, "沪A12345");
  g_assert_cmpstr (out->purchase_date, ==, "2025-06-01");
  g_assert_cmpstr (out->mileage, ==, "12345");
  g_assert_cmpstr (out->order_number, ==, "RO2026112401");
  g_assert_cmpstr (out->staff_involved, ==, "赵敏");
  g_assert_cmpstr (out->description, ==, in->description);
  g_assert_cmpstr (out->occurred_on, ==, "2026-11-23");
  g_assert_cmpstr (out->occurred_place, ==, "小区停车场");
  g_assert_cmpstr (out->demand, ==, "要求免费维修并书面道歉");
  g_assert_cmpint (out->emotion, ==, KESU_EMOTION_ANGRY);
  g_assert_cmpint (out->customer_type, ==, KESU_CUSTOMER_TYPE_DOMINEERING);
  g_assert_cmpint (out->category, ==, KESU_CATEGORY_REPAIR_QUALITY);
  g_assert_cmpint (out->severity, ==, KESU_SEVERITY_IMPORTANT);
  g_assert_cmpint (out->handler_id, ==, f->handler_id);
  g_assert_cmpstr (kesu_complaint_get_handler_name (c), ==, "李强");
  g_assert_cmpstr (kesu_complaint_get_received_by_name (c), ==, "王芳");
  g_assert_cmpuint (kesu_complaint_get_n_attachments (c), ==, 1);

  attachments = kesu_store_list_attachments (reopened, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 1);
  a = g_ptr_array_index (attachments, 0);
  g_assert_cmpstr (a->filename, ==, "现场照片.png");
  g_assert_cmpstr (a->mime_type, ==, "image/png");
  g_assert_true (g_bytes_equal (a->data, ((KesuAttachment *) in->attachments->pdata[0])->data));

  /* The complaint table survived the text that looks like SQL. */
  g_assert_cmpuint (kesu_store_count_complaints (reopened), ==, 1);
}

static void
test_attachment_from_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "发票.pdf", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(KesuAttachment) a = NULL;
  const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

  g_assert_true (g_file_set_contents (path, pdf, sizeof pdf - 1, NULL));
  file = g_file_new_for_path (path);
  a = kesu_attachment_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->filename, ==, "发票.pdf");
  g_assert_cmpuint (g_bytes_get_size (a->data), ==, sizeof pdf - 1);
  /* The test's isolated data dirs hide the MIME database, so only ask for some type. */
  g_assert_nonnull (a->mime_type);
  g_assert_cmpstr (a->mime_type, !=, "");
  g_remove (path);
}

static void
test_numbering (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  struct { int month, day; const char *expected; } cases[] = {
    { 10, 31, "KS-202610-0001" },
    { 11, 1, "KS-202611-0001" },
    { 11, 2, "KS-202611-0002" },
    { 10, 30, "KS-202610-0002" },
    { 11, 24, "KS-202611-0003" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KesuIntake) in = full_intake (f);
      g_autofree char *number = NULL;

      g_clear_pointer (&in->received_at, g_date_time_unref);
      in->received_at = local_time (2026, cases[i].month, cases[i].day, 9, 0);
      g_clear_pointer (&in->occurred_on, g_free);
      kesu_store_add_complaint (f->store, in, &number, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (number, ==, cases[i].expected);
    }

  /* After a restart the sequence goes on; numbers are never given twice. */
  g_clear_object (&f->store);
  f->store = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  /* Nobody is signed in after a restart. */
  g_assert_false (kesu_store_is_signed_in (f->store));
  kesu_store_set_operator (f->store, f->staff_id);
  {
    g_autoptr(KesuIntake) in = full_intake (f);
    g_autofree char *number = NULL;

    kesu_store_add_complaint (f->store, in, &number, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (number, ==, "KS-202611-0004");
  }
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 6);
}

static void
test_invalid_saves_nothing (Fixture       *f,
                            gconstpointer  data)
{
  struct { KesuField field; const char *value; } bad[] = {
    { KESU_FIELD_CUSTOMER_PHONE, "1234" },
    { KESU_FIELD_VIN, "LSVAU2180N2183294" },
    { KESU_FIELD_PURCHASE_DATE, "2026-02-30" },
    { KESU_FIELD_PURCHASE_DATE, "2026-11-25" },
    { KESU_FIELD_MILEAGE, "-5" },
    { KESU_FIELD_CUSTOMER_NAME, "   " },
    { KESU_FIELD_DESCRIPTION, "" },
    { KESU_FIELD_OCCURRED_ON, "2027-01-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KesuIntake) in = full_intake (f);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) now = kesu_clock_now ();
      g_autofree char *problem = NULL;
      char **slot = NULL;

      switch (bad[i].field)
        {
        case KESU_FIELD_CUSTOMER_PHONE: slot = &in->customer_phone; break;
        case KESU_FIELD_VIN: slot = &in->vin; break;
        case KESU_FIELD_PURCHASE_DATE: slot = &in->purchase_date; break;
        case KESU_FIELD_MILEAGE: slot = &in->mileage; break;
        case KESU_FIELD_CUSTOMER_NAME: slot = &in->customer_name; break;
        case KESU_FIELD_DESCRIPTION: slot = &in->description; break;
        case KESU_FIELD_OCCURRED_ON: slot = &in->occurred_on; break;
        default: g_assert_not_reached ();
        }
      g_free (*slot);
      *slot = g_strdup (bad[i].value);

      problem = kesu_intake_check_field (in, bad[i].field, now);
      g_assert_nonnull (problem);
      g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, problem);
    }

  /* The received time in the future, and no handler. */
  {
    g_autoptr(KesuIntake) in = full_intake (f);
    g_autoptr(GError) error = NULL;

    g_clear_pointer (&in->received_at, g_date_time_unref);
    in->received_at = local_time (2026, 11, 24, 18, 0);
    g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  }
  {
    g_autoptr(KesuIntake) in = full_intake (f);
    g_autoptr(GError) error = NULL;

    in->handler_id = 0;
    g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    in->handler_id = 9999;
    g_clear_error (&error);
    g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  }

  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);
  g_assert_null (kesu_store_find_customer (f->store, "13812345678"));
}

static void
test_failure_rolls_back (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = full_intake (f);
  KesuDb *db = kesu_store_get_db (f->store);

  /* A write that fails half-way (here: the event insert) leaves no customer, no number
   * and no complaint behind. */
  g_assert_true (kesu_db_exec (db,
                               "CREATE TEMP TRIGGER fail_event BEFORE INSERT ON event"
                               " BEGIN SELECT RAISE (ABORT, 'simulated failure'); END;",
                               &error));
  g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);
  g_assert_null (kesu_store_find_customer (f->store, "13812345678"));
  g_assert_cmpuint (kesu_db_transaction_depth (db), ==, 0);

  g_assert_true (kesu_db_exec (db, "DROP TRIGGER fail_event", &error));
  {
    g_autofree char *number = NULL;

    g_assert_cmpint (kesu_store_add_complaint (f->store, in, &number, &error), >, 0);
    g_assert_no_error (error);
    /* The failed attempt used up no number. */
    g_assert_cmpstr (number, ==, "KS-202611-0001");
  }
}

static void
test_returning_customer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCustomer) before = NULL;
  g_autoptr(KesuCustomer) after = NULL;

  g_assert_null (kesu_store_find_customer (f->store, "13812345678"));
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(KesuIntake) in = full_intake (f);

      kesu_store_add_complaint (f->store, in, NULL, &error);
      g_assert_no_error (error);
    }
  before = kesu_store_find_customer (f->store, "+86 138-1234-5678");
  g_assert_nonnull (before);
  g_assert_cmpstr (before->name, ==, "张伟𠮷");
  g_assert_cmpstr (before->address, ==, "上海市徐汇区漕溪北路88号");
  g_assert_cmpuint (before->n_complaints, ==, 2);

  /* A third visit with a new address updates the record; an empty field keeps the old. */
  {
    g_autoptr(KesuIntake) in = full_intake (f);

    g_free (in->customer_address);
    in->customer_address = g_strdup ("上海市闵行区莘庄");
    g_free (in->customer_other_contact);
    in->customer_other_contact = g_strdup ("");
    kesu_store_add_complaint (f->store, in, NULL, &error);
    g_assert_no_error (error);
  }
  after = kesu_store_find_customer (f->store, "13812345678");
  g_assert_cmpint (after->id, ==, before->id);
  g_assert_cmpuint (after->n_complaints, ==, 3);
  g_assert_cmpstr (after->address, ==, "上海市闵行区莘庄");
  g_assert_cmpstr (after->other_contact, ==, "微信 zhangwei_88 😀");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  struct { const char *query; guint expected; } cases[] = {
    { NULL, 2 },
    { "", 2 },
    { "KS-202611-0002", 1 },
    { "张伟", 1 },
    { "1234 5678", 1 },
    { "5678", 1 },
    { "沪A12345", 1 },
    { "漏油", 1 },
    { "异响", 1 },
    { "途观", 1 },
    { "%", 0 },
    { "_", 0 },
    { "没有这个", 0 },
  };
  g_autoptr(KesuIntake) a = full_intake (f);
  g_autoptr(KesuIntake) b = full_intake (f);

  kesu_store_add_complaint (f->store, a, NULL, &error);
  g_assert_no_error (error);
  g_free (b->customer_name);
  b->customer_name = g_strdup ("李娜");
  g_free (b->customer_phone);
  b->customer_phone = g_strdup ("021-62340000");
  g_clear_pointer (&b->plate, g_free);
  g_clear_pointer (&b->vin, g_free);
  g_free (b->vehicle_model);
  b->vehicle_model = g_strdup ("丰田 凯美瑞");
  g_free (b->description);
  b->description = g_strdup ("刹车时有异响");
  kesu_store_add_complaint (f->store, b, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) model = kesu_store_search_complaints (f->store, cases[i].query,
                                                                  &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, cases[i].expected);
    }

  /* Newest first. */
  {
    g_autoptr(GListModel) all = kesu_store_search_complaints (f->store, NULL, &error);
    g_autoptr(KesuComplaint) first = g_list_model_get_item (all, 0);

    g_assert_cmpstr (kesu_complaint_get_number (first), ==, "KS-202611-0002");
  }
}

static void
test_events_are_permanent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = full_intake (f);
  KesuDb *db = kesu_store_get_db (f->store);
  KesuStatement *stmt;
  gint64 id;

  id = kesu_store_add_complaint (f->store, in, NULL, &error);
  g_assert_no_error (error);

  stmt = kesu_db_prepare (db, "SELECT kind, staff_id FROM event WHERE complaint_id = ?1",
                          &error);
  kesu_statement_bind_int64 (stmt, 1, id);
  g_assert_true (kesu_statement_step (stmt, &error));
  g_assert_cmpstr (kesu_statement_get_text (stmt, 0), ==, "received");
  g_assert_cmpint (kesu_statement_get_int64 (stmt, 1), ==, f->staff_id);
  kesu_statement_reset (stmt);

  g_assert_false (kesu_db_exec (db, "DELETE FROM event", &error));
  g_clear_error (&error);
  g_assert_false (kesu_db_exec (db, "UPDATE event SET kind = 'x'", &error));
  g_clear_error (&error);
  g_assert_false (kesu_db_exec (db, "DELETE FROM complaint", &error));
  g_clear_error (&error);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 1);
}

static void
test_setup_validation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_open ("kesu-setup", &dir, NULL);
  g_autoptr(KesuBranch) stored = NULL;
  KesuBranch branch = { (char *) "", (char *) "", (char *) "" };

  g_assert_false (kesu_store_setup (store, &branch, "王芳", KESU_ROLE_FRONT_DESK, NULL, NULL,
                                    &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  branch.name = (char *) "星河汽车";
  branch.hotline = (char *) "12";
  g_assert_false (kesu_store_setup (store, &branch, "王芳", KESU_ROLE_FRONT_DESK, NULL, NULL,
                                    &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  branch.hotline = (char *) "400 820 1234";
  g_assert_false (kesu_store_setup (store, &branch, "  ", KESU_ROLE_FRONT_DESK, NULL, NULL,
                                    &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_needs_setup (store));

  g_assert_true (kesu_store_setup (store, &branch, "王芳", KESU_ROLE_ADMINISTRATOR, NULL, NULL,
                                   &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_needs_setup (store));
  stored = kesu_store_get_branch (store);
  g_assert_cmpstr (stored->name, ==, "星河汽车");
  g_assert_cmpstr (stored->hotline, ==, "400-820-1234");
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/migrations/from-empty", test_migrations_empty);
  ADD ("/store/migrations/reopen", test_reopen_keeps_schema);
  g_test_add_func ("/store/open/newer-refused", test_newer_database_refused);
  g_test_add_func ("/store/open/not-a-database", test_not_a_database);
  g_test_add_func ("/store/setup/validation", test_setup_validation);
  ADD ("/store/intake/round-trip", test_round_trip);
  ADD ("/store/intake/attachment-from-file", test_attachment_from_file);
  ADD ("/store/intake/numbering", test_numbering);
  ADD ("/store/intake/invalid-saves-nothing", test_invalid_saves_nothing);
  ADD ("/store/intake/failure-rolls-back", test_failure_rolls_back);
  ADD ("/store/customer/returning", test_returning_customer);
  ADD ("/store/search", test_search);
  ADD ("/store/events/permanent", test_events_are_permanent);

  return g_test_run ();
}
