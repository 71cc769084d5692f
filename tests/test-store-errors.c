/* SPDX-License-Identifier: GPL-3.0-or-later */
/* When the database cannot be written — full, read-only, locked by another program — a
 * save fails with a clear message, nothing of it is written, and the same save succeeds
 * once the cause is gone.  Also the drafts' round trip. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-draft.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

#ifdef G_OS_UNIX
#include <unistd.h>
#endif

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  gint64     staff_id;
  gint64     handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 14, 3, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-errors", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
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
new_intake (Fixture    *f,
            const char *phone,
            gsize       attachment_size)
{
  KesuIntake *in = kesu_intake_new ();

  in->channel = KESU_CHANNEL_WALK_IN;
  in->received_at = g_date_time_new_local (2026, 11, 24, 13, 30, 0);
  in->received_by = f->staff_id;
  in->customer_name = g_strdup ("孙丽");
  in->customer_phone = g_strdup (phone);
  in->customer_other_contact = g_strdup ("微信 sunli_01");
  in->customer_address = g_strdup ("上海市长宁区天山路5号");
  in->vehicle_model = g_strdup ("丰田 凯美瑞");
  in->vin = g_strdup ("LSVAU218XN2183294");
  in->plate = g_strdup ("沪C88888");
  in->purchase_date = g_strdup ("2025-01-10");
  in->mileage = g_strdup ("8000");
  in->order_number = g_strdup ("RO2026112499");
  in->staff_involved = g_strdup ("钱多");
  in->description = g_strdup ("交车时发现后保险杠有划痕。");
  in->occurred_on = g_strdup ("2026-11-23");
  in->occurred_place = g_strdup ("交车区");
  in->demand = g_strdup ("要求重新喷漆");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->customer_type = KESU_CUSTOMER_TYPE_UNSPECIFIED;
  in->category = KESU_CATEGORY_PRICE;
  in->severity = KESU_SEVERITY_IMPORTANT;
  in->handler_id = f->handler_id;
  if (attachment_size > 0)
    {
      guint8 *bytes = g_malloc (attachment_size);
      g_autoptr(GBytes) data = NULL;

      /* Not compressible, not all zeros: a real photo's size on disk. */
      for (gsize i = 0; i < attachment_size; i++)
        bytes[i] = (guint8) (i * 2654435761u >> 13);
      bytes[0] = 0xff, bytes[1] = 0xd8, bytes[2] = 0xff;
      data = g_bytes_new_take (bytes, attachment_size);
      kesu_intake_add_attachment (in, kesu_attachment_new ("划痕.jpg", "image/jpeg", data));
    }
  return in;
}

static gint64
count (Fixture    *f,
       const char *fixed_sql)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (f->store), fixed_sql, &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_true (kesu_statement_step (stmt, &error));
  n = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return n;
}

typedef struct
{
  gint64 complaints, customers, events, attachments, counters;
} Counts;

static Counts
counts (Fixture *f)
{
  Counts c = {
    count (f, "SELECT count(*) FROM complaint"),
    count (f, "SELECT count(*) FROM customer"),
    count (f, "SELECT count(*) FROM event"),
    count (f, "SELECT count(*) FROM attachment"),
    count (f, "SELECT coalesce(sum(last), 0) FROM number_counter"),
  };
  return c;
}

static void
assert_counts_equal (Counts a,
                     Counts b)
{
  g_assert_cmpint (a.complaints, ==, b.complaints);
  g_assert_cmpint (a.customers, ==, b.customers);
  g_assert_cmpint (a.events, ==, b.events);
  g_assert_cmpint (a.attachments, ==, b.attachments);
  g_assert_cmpint (a.counters, ==, b.counters);
}

static void
assert_integrity (Fixture *f)
{
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (f->store),
                                         "PRAGMA integrity_check", NULL);

  g_assert_true (kesu_statement_step (stmt, NULL));
  g_assert_cmpstr (kesu_statement_get_text (stmt, 0), ==, "ok");
  kesu_statement_reset (stmt);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) failed = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *number = NULL;
  KesuDb *db = kesu_store_get_db (f->store);
  gint64 pages = count (f, "PRAGMA page_count");
  Counts before;
  guint saved = 0;

  /* The "disk" holds the file as it is and a few pages more. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 64);
  g_assert_true (kesu_db_exec (db, sql, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *phone = g_strdup_printf ("1370000%04u", i);
      g_autoptr(KesuIntake) in = new_intake (f, phone, 256 * 1024);
      g_autofree char *n = NULL;

      before = counts (f);
      if (kesu_store_add_complaint (f->store, in, &n, &error) == 0)
        {
          failed = g_steal_pointer (&in);
          break;
        }
      saved++;
    }
  g_assert_nonnull (failed);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_test_message ("disk full after %u complaints: %s", saved, error->message);
  g_clear_error (&error);

  /* Nothing of the failed one: no customer, no event, no number taken. */
  assert_counts_equal (counts (f), before);
  g_assert_cmpuint (kesu_db_transaction_depth (db), ==, 0);
  assert_integrity (f);

  /* Room again: the very same intake saves. */
  g_assert_true (kesu_db_exec (db, "PRAGMA max_page_count = 1073741823", &error));
  g_assert_cmpint (kesu_store_add_complaint (f->store, failed, &number, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (counts (f).complaints, ==, before.complaints + 1);
  g_assert_cmpint (counts (f).customers, ==, before.customers + 1);
}

/* A database that cannot be written.  Through the file's permissions when they bind (not
 * as root, who ignores them), and always through a connection that may only read. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = new_intake (f, "13600001234", 1024);
  g_autofree char *number = NULL;
  KesuDb *db = kesu_store_get_db (f->store);
  Counts before = counts (f);

  g_assert_true (kesu_db_exec (db, "PRAGMA query_only = ON", &error));
  g_assert_cmpint (kesu_store_add_complaint (f->store, in, &number, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "cannot be written"));
  g_clear_error (&error);
  g_assert_false (kesu_store_save_draft (f->store, in, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (kesu_db_exec (db, "PRAGMA query_only = OFF", &error));
  assert_counts_equal (counts (f), before);

#ifdef G_OS_UNIX
  if (geteuid () != 0)
    {
      g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
      g_autoptr(KesuStore) reopened = NULL;

      g_clear_object (&f->store);
      g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
      g_chmod (wal, 0444);
      g_chmod (shm, 0444);
      reopened = kesu_store_open (f->path, &error);
      if (reopened == NULL)
        {
          /* Refused at once: say why, and that it is about writing. */
          g_assert_error (error, KESU_ERROR, KESU_ERROR_IO);
          g_clear_error (&error);
        }
      else
        {
          g_assert_cmpint (kesu_store_add_complaint (reopened, in, &number, &error), ==, 0);
          g_assert_error (error, KESU_ERROR, KESU_ERROR_IO);
          g_clear_error (&error);
          g_clear_object (&reopened);
        }
      g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
      g_chmod (wal, 0644);
      g_chmod (shm, 0644);
      f->store = kesu_store_open (f->path, &error);
      g_assert_no_error (error);
      assert_counts_equal (counts (f), before);
    }
  else
    g_test_message ("running as root: file permissions do not bind, query_only used alone");
#endif

  /* Writable again: the same intake saves. */
  g_assert_cmpint (kesu_store_add_complaint (f->store, in, &number, &error), >, 0);
  g_assert_no_error (error);
  assert_integrity (f);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = new_intake (f, "13500005678", 2048);
  g_autofree char *number = NULL;
  KesuDb *db = kesu_store_get_db (f->store);
  sqlite3 *other = NULL;
  Counts before = counts (f);
  gint64 started;

  /* Another program holds the write lock. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &other, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE;"
                                        "UPDATE branch SET hotline = hotline;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  kesu_db_set_busy_timeout (db, 50);
  started = g_get_monotonic_time ();
  g_assert_cmpint (kesu_store_add_complaint (f->store, in, &number, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==,
                   "The database is in use by another program. Close it and try again.");
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  g_assert_false (kesu_store_save_draft (f->store, in, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (kesu_db_transaction_depth (db), ==, 0);
  assert_counts_equal (counts (f), before);

  /* The other program is done: the same save goes through. */
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_cmpint (kesu_store_add_complaint (f->store, in, &number, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (counts (f).complaints, ==, before.complaints + 1);
  kesu_db_set_busy_timeout (db, 5000);
}

/* ---- drafts ---- */

static void
assert_intake_equal (const KesuIntake *a,
                     const KesuIntake *b)
{
  g_assert_cmpint (a->channel, ==, b->channel);
  g_assert_true (g_date_time_equal (a->received_at, b->received_at));
  g_assert_cmpint (a->received_by, ==, b->received_by);
  g_assert_cmpstr (a->customer_name, ==, b->customer_name);
  g_assert_cmpstr (a->customer_phone, ==, b->customer_phone);
  g_assert_cmpstr (a->customer_other_contact, ==, b->customer_other_contact);
  g_assert_cmpstr (a->customer_address, ==, b->customer_address);
  g_assert_cmpstr (a->vehicle_model, ==, b->vehicle_model);
  g_assert_cmpstr (a->vin, ==, b->vin);
  g_assert_cmpstr (a->plate, ==, b->plate);
  g_assert_cmpstr (a->purchase_date, ==, b->purchase_date);
  g_assert_cmpstr (a->mileage, ==, b->mileage);
  g_assert_cmpstr (a->order_number, ==, b->order_number);
  g_assert_cmpstr (a->staff_involved, ==, b->staff_involved);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpstr (a->occurred_on, ==, b->occurred_on);
  g_assert_cmpstr (a->occurred_place, ==, b->occurred_place);
  g_assert_cmpstr (a->demand, ==, b->demand);
  g_assert_cmpint (a->emotion, ==, b->emotion);
  g_assert_cmpint (a->customer_type, ==, b->customer_type);
  g_assert_cmpint (a->category, ==, b->category);
  g_assert_cmpint (a->severity, ==, b->severity);
  g_assert_cmpint (a->handler_id, ==, b->handler_id);
  g_assert_cmpuint (a->attachments->len, ==, b->attachments->len);
  for (guint i = 0; i < a->attachments->len; i++)
    {
      KesuAttachment *x = a->attachments->pdata[i], *y = b->attachments->pdata[i];

      g_assert_cmpstr (x->filename, ==, y->filename);
      g_assert_cmpstr (x->mime_type, ==, y->mime_type);
      g_assert_true (g_bytes_equal (x->data, y->data));
    }
}

static void
test_draft_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = new_intake (f, "13912340000", 3000);
  g_autoptr(KesuIntake) back = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  Counts before = counts (f);
  gint64 updated_at = 0;

  /* Text that a key file must escape. */
  g_free (in->description);
  in->description = g_strdup ("第一行\n第二行 [intake] key=value\t\\n 😀\n");
  kesu_intake_add_attachment (in, kesu_attachment_new ("空.txt", "text/plain", empty));

  g_assert_null (kesu_store_load_draft (f->store, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (kesu_store_save_draft (f->store, in, &error));
  g_assert_no_error (error);
  back = kesu_store_load_draft (f->store, &updated_at, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_intake_equal (in, back);
  g_assert_cmpint (updated_at, ==, kesu_clock_now_unix ());

  /* Typing on: the text changes, the files stay. */
  g_free (in->demand);
  in->demand = g_strdup ("要求重新喷漆，并赠送一次保养");
  g_assert_true (kesu_store_save_draft (f->store, in, &error));
  g_clear_pointer (&back, kesu_intake_free);
  back = kesu_store_load_draft (f->store, NULL, &error);
  assert_intake_equal (in, back);
  g_assert_cmpint (count (f, "SELECT count(*) FROM draft"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM draft_attachment"), ==, 2);

  /* A file removed. */
  g_ptr_array_remove_index (in->attachments, 0);
  g_assert_true (kesu_store_save_draft (f->store, in, &error));
  g_clear_pointer (&back, kesu_intake_free);
  back = kesu_store_load_draft (f->store, NULL, &error);
  assert_intake_equal (in, back);

  /* A draft is no complaint: no number, no customer, no event. */
  assert_counts_equal (counts (f), before);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, (guint) before.complaints);

  /* Each operator has their own. */
  kesu_store_set_operator (f->store, f->handler_id);
  g_assert_null (kesu_store_load_draft (f->store, NULL, &error));
  g_assert_no_error (error);
  kesu_store_set_operator (f->store, f->staff_id);

  g_assert_true (kesu_store_discard_draft (f->store, &error));
  g_assert_no_error (error);
  g_assert_null (kesu_store_load_draft (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM draft_attachment"), ==, 0);
}

/* A draft survives the store being closed and opened again, as after a crash. */
static void
test_draft_reopen (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = new_intake (f, "13912340001", 0);
  g_autoptr(KesuIntake) back = NULL;

  g_assert_true (kesu_store_save_draft (f->store, in, &error));
  g_clear_object (&f->store);
  f->store = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  kesu_store_set_operator (f->store, f->staff_id);
  back = kesu_store_load_draft (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_intake_equal (in, back);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/errors/disk-full", test_disk_full);
  ADD ("/store/errors/read-only", test_read_only);
  ADD ("/store/errors/locked", test_locked);
  ADD ("/store/draft/round-trip", test_draft_round_trip);
  ADD ("/store/draft/reopen", test_draft_reopen);
#undef ADD

  return g_test_run ();
}
