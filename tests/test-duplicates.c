/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-duplicates"

#include "config.h"

#include <sqlite3.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-duplicates.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

/* The same problem reported twice: found by phone, VIN or plate inside the window, linked,
 * or merged so that the case keeps both timelines and nothing is deleted. */

#define HOUR ((gint64) 3600)
#define DAY  (24 * HOUR)

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     operator_id;
  gint64     handler_id;
  gint64     now;
  char      *vin;
  char      *other_vin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->now = kesu_test_local_unix (2026, 11, 24, 10, 0);
  kesu_test_set_clock (f->now);
  f->store = kesu_test_store_new ("kesu-duplicates", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  &f->operator_id, &f->handler_id);
  f->vin = kesu_test_make_vin ("LFV2A21K0M3000001");
  f->other_vin = kesu_test_make_vin ("LSVNV2180N2100001");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  g_free (f->vin);
  g_free (f->other_vin);
  kesu_clock_set_fixed (NULL);
}

static gint64
add_case (Fixture    *f,
          gint64      received,
          const char *phone,
          const char *vin,
          const char *plate)
{
  g_autoptr(KesuIntake) in = kesu_test_intake_new (received, f->operator_id, f->handler_id,
                                                   "孙丽", phone, "空调不制冷", "尽快修好");

  in->vin = g_strdup (vin);
  in->plate = g_strdup (plate);
  return kesu_test_add_intake (f->store, in);
}

static const KesuDuplicate *
find_in (GPtrArray *found,
         gint64     id)
{
  for (guint i = 0; i < found->len; i++)
    if (((KesuDuplicate *) found->pdata[i])->complaint_id == id)
      return found->pdata[i];
  return NULL;
}

static void
close_case (Fixture *f,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) input = kesu_case_data_new ();

  input->reason = g_strdup ("客户撤诉");
  g_assert_true (kesu_store_move (f->store, id, KESU_STATE_WITHDRAWN, input, NULL, &error));
  g_assert_no_error (error);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_phone = NULL;
  g_autoptr(GPtrArray) by_vin = NULL;
  g_autoptr(GPtrArray) by_plate = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) wide = NULL;
  g_autofree char *lower_vin = NULL;
  gint64 phone_case, vin_case, plate_case, old_open, old_closed, recent_closed, unrelated;

  phone_case = add_case (f, f->now - 2 * DAY, "13812345678", NULL, NULL);
  vin_case = add_case (f, f->now - 3 * DAY, "13700001111", f->vin, NULL);
  plate_case = add_case (f, f->now - 4 * DAY, "13600002222", NULL, "沪A12345");
  old_open = add_case (f, f->now - 90 * DAY, "138 1234 5678", NULL, NULL);
  old_closed = add_case (f, f->now - 40 * DAY, "13812345678", NULL, NULL);
  recent_closed = add_case (f, f->now - 10 * DAY, "13812345678", NULL, NULL);
  unrelated = add_case (f, f->now - DAY, "13500003333", f->other_vin, "沪B54321");
  close_case (f, old_closed);
  close_case (f, recent_closed);

  /* The phone in another spelling finds the open ones and the recently closed one. */
  by_phone = kesu_store_find_duplicates (f->store, "+86 138-1234-5678", NULL, NULL, 0, 30,
                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_in (by_phone, phone_case));
  g_assert_nonnull (find_in (by_phone, old_open));      /* open: whatever its age */
  g_assert_nonnull (find_in (by_phone, recent_closed)); /* closed inside the window */
  g_assert_null (find_in (by_phone, old_closed));       /* closed, outside the window */
  g_assert_null (find_in (by_phone, unrelated));
  g_assert_cmpuint (by_phone->len, ==, 3);
  g_assert_cmpint (find_in (by_phone, phone_case)->matched, ==, KESU_DUPLICATE_PHONE);
  g_assert_cmpstr (find_in (by_phone, phone_case)->why, ==, "Same phone");
  /* Open cases first. */
  g_assert_cmpint (((KesuDuplicate *) by_phone->pdata[2])->complaint_id, ==, recent_closed);

  /* A wider window brings the old closed case back. */
  wide = kesu_store_find_duplicates (f->store, "13812345678", NULL, NULL, 0, 60, &error);
  g_assert_nonnull (find_in (wide, old_closed));

  lower_vin = g_ascii_strdown (f->vin, -1);
  by_vin = kesu_store_find_duplicates (f->store, NULL, lower_vin, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_vin->len, ==, 1);
  g_assert_cmpint (find_in (by_vin, vin_case)->matched, ==, KESU_DUPLICATE_VIN);

  by_plate = kesu_store_find_duplicates (f->store, "13812345678", NULL, "沪a 12345",
                                         phone_case, 30, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_in (by_plate, plate_case));
  g_assert_cmpint (find_in (by_plate, plate_case)->matched, ==, KESU_DUPLICATE_PLATE);
  g_assert_null (find_in (by_plate, phone_case));  /* excluded */
  g_assert_nonnull (find_in (by_plate, old_open));

  /* Nothing readable, nothing found. */
  nothing = kesu_store_find_duplicates (f->store, "abc", "", NULL, 0, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
test_find_of (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 a, b;

  a = add_case (f, f->now - 5 * DAY, "13812345678", f->vin, "沪A12345");
  b = add_case (f, f->now - HOUR, "13812345678", f->vin, "沪A12345");
  found = kesu_store_find_duplicates_of (f->store, b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (find_in (found, a)->matched, ==,
                   KESU_DUPLICATE_PHONE | KESU_DUPLICATE_VIN | KESU_DUPLICATE_PLATE);
  g_assert_cmpstr (find_in (found, a)->why, ==, "Same phone, Same VIN, Same plate");
}

static void
test_window_setting (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (kesu_store_get_duplicate_window (f->store), ==, 30);
  g_assert_true (kesu_store_set_duplicate_window (f->store, 7, &error));
  g_assert_cmpuint (kesu_store_get_duplicate_window (f->store), ==, 7);
  g_assert_false (kesu_store_set_duplicate_window (f->store, 0, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kesu_store_set_duplicate_window (f->store, 366, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
}

static void
test_link (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) linked = NULL;
  g_autoptr(GPtrArray) events_a = NULL;
  g_autoptr(GPtrArray) events_b = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 a, b;

  a = add_case (f, f->now - 5 * DAY, "13812345678", NULL, NULL);
  b = add_case (f, f->now - HOUR, "13812345678", NULL, NULL);
  g_assert_false (kesu_store_link_complaints (f->store, a, a, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_link_complaints (f->store, b, a, &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_link_complaints (f->store, a, b, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  linked = kesu_store_list_linked (f->store, a, &error);
  g_assert_cmpuint (linked->len, ==, 1);
  g_assert_cmpint (g_array_index (linked, gint64, 0), ==, b);
  events_a = kesu_store_list_events (f->store, a, &error);
  events_b = kesu_store_list_events (f->store, b, &error);
  g_assert_cmpuint (kesu_test_count_events (events_a, KESU_EVENT_LINKED), ==, 1);
  g_assert_cmpuint (kesu_test_count_events (events_b, KESU_EVENT_LINKED), ==, 1);
  g_assert_cmpint (((KesuEvent *) events_a->pdata[events_a->len - 1])->staff_id, ==,
                   f->operator_id);
  found = kesu_store_find_duplicates_of (f->store, a, &error);
  g_assert_true (find_in (found, b)->linked);
  /* Both stay open, each handled on its own. */
  g_assert_cmpint (kesu_test_state_of (f->store, a), ==, KESU_STATE_RECEIVED);
  g_assert_cmpint (kesu_test_state_of (f->store, b), ==, KESU_STATE_RECEIVED);
}

static gint64
count_rows (KesuStore  *store,
            const char *fixed_sql)
{
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store), fixed_sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_true (kesu_statement_step (stmt, NULL));
  n = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return n;
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before_into = NULL;
  g_autoptr(GPtrArray) before_dup = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(KesuComplaint) dup_case = NULL;
  gint64 into, dup, other, n_events, n_complaints;
  guint n_into, n_dup;

  into = add_case (f, f->now - 5 * DAY, "13812345678", f->vin, NULL);
  dup = add_case (f, f->now - HOUR, "13812345678", f->vin, NULL);
  other = add_case (f, f->now - HOUR, "13912345678", NULL, NULL);
  g_assert_true (kesu_store_add_note (f->store, into, "已联系客户", &error));
  g_assert_true (kesu_store_add_note (f->store, dup, "客户再次来电", &error));
  g_assert_true (kesu_store_add_note (f->store, dup, "客户发来照片", &error));
  g_assert_no_error (error);

  before_into = kesu_store_list_events (f->store, into, &error);
  before_dup = kesu_store_list_events (f->store, dup, &error);
  n_into = before_into->len;
  n_dup = before_dup->len;
  n_events = count_rows (f->store, "SELECT count(*) FROM event");
  n_complaints = count_rows (f->store, "SELECT count(*) FROM complaint");

  /* Refusals write nothing. */
  g_assert_false (kesu_store_merge_complaint (f->store, dup, dup, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kesu_store_merge_complaint (f->store, dup, 9999, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM event"), ==, n_events);

  g_assert_true (kesu_store_merge_complaint (f->store, dup, into, &error));
  g_assert_no_error (error);

  /* Every event of both cases is on the merged case, plus the merge's own two (the
   * duplicate's withdrawal and the into-case's "merged in"); nothing is deleted. */
  after = kesu_store_list_events (f->store, into, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, n_into + n_dup + 2);
  for (guint i = 0; i < after->len; i++)
    g_hash_table_add (ids, &((KesuEvent *) after->pdata[i])->id);
  for (guint i = 0; i < before_into->len; i++)
    g_assert_true (g_hash_table_contains (ids, &((KesuEvent *) before_into->pdata[i])->id));
  for (guint i = 0; i < before_dup->len; i++)
    g_assert_true (g_hash_table_contains (ids, &((KesuEvent *) before_dup->pdata[i])->id));
  g_assert_cmpuint (kesu_test_count_events (after, KESU_EVENT_MERGED), ==, 1);
  for (guint i = 0; i < after->len; i++)
    {
      KesuEvent *e = after->pdata[i];

      g_assert_true (e->complaint_id == into || e->complaint_id == dup);
    }
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM event"), ==, n_events + 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM complaint"), ==, n_complaints);

  /* The duplicate is withdrawn with the reason, and points at the case it went into. */
  g_assert_cmpint (kesu_test_state_of (f->store, dup), ==, KESU_STATE_WITHDRAWN);
  g_assert_cmpint (kesu_store_get_merged_into (f->store, dup), ==, into);
  dup_case = kesu_store_get_complaint (f->store, dup, &error);
  g_assert_cmpint (kesu_complaint_get_merged_into (dup_case), ==, into);
  {
    g_autoptr(GPtrArray) dup_events = kesu_store_list_events (f->store, dup, &error);
    KesuEvent *last = dup_events->pdata[dup_events->len - 1];
    g_autofree char *expected = NULL;
    g_autoptr(KesuComplaint) into_case = kesu_store_get_complaint (f->store, into, &error);

    expected = g_strdup_printf ("Merged into %s", kesu_complaint_get_number (into_case));
    g_assert_cmpint (last->kind, ==, KESU_EVENT_MOVED);
    g_assert_cmpint (last->to_state, ==, KESU_STATE_WITHDRAWN);
    g_assert_cmpstr (last->detail, ==, expected);
    g_assert_cmpuint (dup_events->len, ==, n_dup + 1);
  }
  /* Merged cases are no longer offered as duplicates; merged again is refused. */
  {
    g_autoptr(GPtrArray) found = kesu_store_find_duplicates (f->store, "13812345678", NULL, NULL,
                                                             0, 30, &error);

    g_assert_null (find_in (found, dup));
    g_assert_nonnull (find_in (found, into));
  }
  g_assert_false (kesu_store_merge_complaint (f->store, dup, other, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kesu_store_merge_complaint (f->store, other, dup, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  /* A chain: the merged case merged on keeps all three timelines. */
  {
    g_autoptr(GPtrArray) chain = NULL;

    g_assert_true (kesu_store_merge_complaint (f->store, into, other, &error));
    g_assert_no_error (error);
    chain = kesu_store_list_events (f->store, other, &error);
    g_assert_cmpuint (chain->len, ==, count_rows (f->store, "SELECT count(*) FROM event"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/duplicates/find", test_find);
  ADD ("/duplicates/find-of", test_find_of);
  ADD ("/duplicates/window-setting", test_window_setting);
  ADD ("/duplicates/link", test_link);
  ADD ("/duplicates/merge", test_merge);

  return g_test_run ();
}
