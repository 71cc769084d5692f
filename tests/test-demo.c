/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-demo.h"
#include "kesu-enums.h"
#include "kesu-error.h"
#include "kesu-intake.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-validate.h"

#define N_DEMO 300

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GError) error = NULL;

  kesu_clock_set_fixed (now);
  fixture->dir = g_dir_make_tmp ("kesu-demo-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kesu_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  kesu_clock_set_fixed (NULL);
}

static KesuStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  KesuStore *store = kesu_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static KesuStore *
open_demo_store (Fixture    *fixture,
                 const char *name,
                 guint       n)
{
  g_autoptr(GError) error = NULL;
  KesuStore *store = open_store (fixture, name);
  gboolean ok;

  ok = kesu_demo_generate (store, n, KESU_DEMO_DEFAULT_SEED, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return store;
}

static gint64
query_int (KesuStore  *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store), sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_true (kesu_statement_step (stmt, &error));
  g_assert_no_error (error);
  value = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return value;
}

/* Every column of every row of @table, as text (NULL apart from ""). */
static char *
dump_table (KesuStore  *store,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *columns_sql = NULL;
  g_autofree char *rows_sql = NULL;
  KesuDb *db = kesu_store_get_db (store);
  KesuStatement *stmt;
  guint n_columns = 0;

  /* Table names are the test's own, never input. */
  columns_sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s')", table);
  n_columns = (guint) query_int (store, columns_sql);
  g_assert_cmpuint (n_columns, >, 0);

  rows_sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", table);
  stmt = kesu_db_prepare (db, rows_sql, &error);
  g_assert_no_error (error);
  while (kesu_statement_step (stmt, &error))
    {
      for (guint i = 0; i < n_columns; i++)
        {
          if (kesu_statement_is_null (stmt, i))
            g_string_append (out, "<null>");
          /* The demo PIN's hash has a random salt, as every PIN hash must. */
          else if (g_str_has_prefix (kesu_statement_get_text (stmt, i), "$argon2id$"))
            g_string_append (out, "<argon2id>");
          else
            g_string_append (out, kesu_statement_get_text (stmt, i));
          g_string_append_c (out, '\x1f');
        }
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  user_data)
{
  static const char *const tables[] = { "branch", "staff", "customer", "complaint", "event" };
  g_autoptr(KesuStore) a = open_demo_store (fixture, "a.db", N_DEMO);
  g_autoptr(KesuStore) b = open_demo_store (fixture, "b.db", N_DEMO);
  g_autoptr(GListModel) list_a = NULL;
  g_autoptr(GListModel) list_b = NULL;
  g_autoptr(GError) error = NULL;

  list_a = kesu_store_search_complaints (a, NULL, &error);
  g_assert_no_error (error);
  list_b = kesu_store_search_complaints (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list_a), ==, N_DEMO);
  g_assert_cmpuint (g_list_model_get_n_items (list_b), ==, N_DEMO);

  for (guint i = 0; i < N_DEMO; i++)
    {
      g_autoptr(KesuComplaint) ca = g_list_model_get_item (list_a, i);
      g_autoptr(KesuComplaint) cb = g_list_model_get_item (list_b, i);
      const KesuIntake *ia = kesu_complaint_get_intake (ca);
      const KesuIntake *ib = kesu_complaint_get_intake (cb);

      g_assert_cmpstr (kesu_complaint_get_number (ca), ==, kesu_complaint_get_number (cb));
      g_assert_cmpstr (ia->customer_name, ==, ib->customer_name);
      g_assert_cmpstr (ia->customer_phone, ==, ib->customer_phone);
      g_assert_cmpstr (ia->vehicle_model, ==, ib->vehicle_model);
      g_assert_cmpstr (ia->vin, ==, ib->vin);
      g_assert_cmpint (ia->category, ==, ib->category);
      g_assert_cmpint (ia->severity, ==, ib->severity);
      g_assert_cmpint (ia->channel, ==, ib->channel);
      g_assert_cmpint (kesu_complaint_get_received_unix (ca), ==,
                       kesu_complaint_get_received_unix (cb));
    }

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *dump_a = dump_table (a, tables[t]);
      g_autofree char *dump_b = dump_table (b, tables[t]);

      g_assert_cmpstr (dump_a, ==, dump_b);
    }
}

/* Another seed gives other data. */
static void
test_seed (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(KesuStore) a = open_demo_store (fixture, "a.db", 50);
  g_autoptr(KesuStore) b = open_store (fixture, "b.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;

  g_assert_true (kesu_demo_generate (b, 50, KESU_DEMO_DEFAULT_SEED + 1, &error));
  g_assert_no_error (error);
  dump_a = dump_table (a, "complaint");
  dump_b = dump_table (b, "complaint");
  g_assert_cmpstr (dump_a, !=, dump_b);
}

static gboolean
has_value (KesuStore  *store,
           const char *sql,
           const char *key)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store), sql, &error);
  gboolean found;

  g_assert_no_error (error);
  kesu_statement_bind_text (stmt, 1, key);
  found = kesu_statement_step (stmt, &error);
  g_assert_no_error (error);
  kesu_statement_reset (stmt);
  return found;
}

static void
test_coverage (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "demo.db", N_DEMO);
  gint64 urgent, phone, walk_in, letter, customers, staff_roles;

  for (guint c = 0; c < KESU_N_CHANNELS; c++)
    g_assert_true (has_value (store, "SELECT 1 FROM complaint WHERE channel = ?1 LIMIT 1",
                              kesu_channel_to_key (c)));
  for (guint c = 0; c < KESU_N_CATEGORIES; c++)
    g_assert_true (has_value (store, "SELECT 1 FROM complaint WHERE category = ?1 LIMIT 1",
                              kesu_category_to_key (c)));
  for (guint s = 0; s < KESU_N_SEVERITIES; s++)
    g_assert_true (has_value (store, "SELECT 1 FROM complaint WHERE severity = ?1 LIMIT 1",
                              kesu_severity_to_key (s)));
  for (guint e = 0; e < KESU_N_EMOTIONS; e++)
    g_assert_true (has_value (store, "SELECT 1 FROM complaint WHERE emotion = ?1 LIMIT 1",
                              kesu_emotion_to_key (e)));

  /* Weighted as at a real front desk. */
  urgent = query_int (store, "SELECT count(*) FROM complaint WHERE severity = 'urgent'");
  g_assert_cmpint (urgent, >=, N_DEMO * 3 / 100);
  g_assert_cmpint (urgent, <=, N_DEMO * 15 / 100);
  phone = query_int (store, "SELECT count(*) FROM complaint WHERE channel = 'phone'");
  walk_in = query_int (store, "SELECT count(*) FROM complaint WHERE channel = 'walk-in'");
  letter = query_int (store, "SELECT count(*) FROM complaint WHERE channel = 'letter'");
  g_assert_cmpint (phone, >, letter);
  g_assert_cmpint (walk_in, >, letter);
  g_assert_cmpint (phone + walk_in, >=, N_DEMO / 2);

  /* Some customers come back with the same phone. */
  customers = query_int (store, "SELECT count(DISTINCT customer_id) FROM complaint");
  g_assert_cmpint (customers, <, N_DEMO * 95 / 100);
  g_assert_cmpint (customers, >, N_DEMO * 70 / 100);

  /* A branch's worth of people. */
  g_assert_false (kesu_store_needs_setup (store));
  staff_roles = query_int (store, "SELECT count(DISTINCT role) FROM staff WHERE active");
  g_assert_cmpint (staff_roles, >=, 6);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM staff"), >=, 8);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM branch"), ==, 1);
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "demo.db", N_DEMO);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = kesu_clock_now ();
  gint64 now_unix = g_date_time_to_unix (now);
  guint n;

  g_assert_cmpuint (kesu_store_count_complaints (store), ==, N_DEMO);

  list = kesu_store_search_complaints (store, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, ==, N_DEMO);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) row = g_list_model_get_item (list, i);
      g_autoptr(KesuComplaint) full = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      const KesuIntake *intake;
      gint64 received = kesu_complaint_get_received_unix (row);

      g_assert_cmpint (received, <=, now_unix);
      g_assert_cmpint (received, >=, now_unix - 365 * (gint64) 24 * 3600);

      full = kesu_store_get_complaint (store, kesu_complaint_get_id (row), &error);
      g_assert_no_error (error);
      intake = kesu_complaint_get_intake (full);

      /* Read back, it passes the intake's own checks again. */
      problems = kesu_intake_check (intake, now);
      for (guint p = 0; p < problems->len; p++)
        g_test_message ("%s: %s", kesu_complaint_get_number (full),
                        ((KesuFieldProblem *) g_ptr_array_index (problems, p))->message);
      g_assert_cmpuint (problems->len, ==, 0);

      if (intake->vin != NULL && intake->vin[0] != '\0')
        {
          g_assert_true (kesu_validate_vin (intake->vin, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpint (intake->vin[0], ==, 'L');
        }
      if (intake->plate != NULL && intake->plate[0] != '\0')
        {
          g_assert_true (kesu_validate_plate (intake->plate, NULL, &error));
          g_assert_no_error (error);
        }
      g_assert_true (kesu_validate_phone (intake->customer_phone, NULL, &error));
      g_assert_no_error (error);
      g_assert_null (strchr (intake->description, '{'));
      g_assert_null (strchr (intake->demand, '{'));
      g_assert_cmpstr (kesu_complaint_get_handler_name (full), !=, "");
    }

  /* Every stored VIN, including those the list leaves out. */
  {
    KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store),
                                           "SELECT vin FROM complaint WHERE vin IS NOT NULL",
                                           &error);
    guint n_vins = 0;

    g_assert_no_error (error);
    while (kesu_statement_step (stmt, &error))
      {
        g_assert_true (kesu_validate_vin (kesu_statement_get_text (stmt, 0), NULL, NULL));
        n_vins++;
      }
    g_assert_no_error (error);
    g_assert_cmpuint (n_vins, >, N_DEMO / 2);
  }

  /* Dates in order: bought, then it happened, then the complaint. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint"
                              " WHERE occurred_on > date (received_at, 'unixepoch', 'localtime')"
                              "    OR purchase_date > date (received_at, 'unixepoch', 'localtime')"
                              "    OR purchase_date > occurred_on"),
                   ==, 0);
  /* Mileage fits the car's age: under 100 km a day. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE mileage_km >"
                              " 100 + 100 * (julianday (date (received_at, 'unixepoch',"
                              "                               'localtime'))"
                              "              - julianday (purchase_date))"),
                   ==, 0);
  /* Most complaints arrive in office hours. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE time (received_at,"
                              " 'unixepoch', 'localtime') BETWEEN '08:30' AND '18:30'"),
                   >=, N_DEMO * 75 / 100);
  /* Received by and handled by staff that exist. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint c WHERE NOT EXISTS"
                              " (SELECT 1 FROM staff s WHERE s.id = c.handler_id AND s.active)"
                              " OR NOT EXISTS"
                              " (SELECT 1 FROM staff s WHERE s.id = c.received_by AND s.active)"),
                   ==, 0);
}

/* ---- the life of each complaint ---- */

#define DAY ((gint64) 24 * 3600)

static gint64
query_int_at (KesuStore  *store,
              const char *sql,
              gint64      param)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store), sql, &error);
  gint64 value;

  g_assert_no_error (error);
  kesu_statement_bind_int64 (stmt, 1, param);
  g_assert_true (kesu_statement_step (stmt, &error));
  g_assert_no_error (error);
  value = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return value;
}

/* Old complaints are closed, recent ones are spread over the open states. */
static void
test_states (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "states.db", N_DEMO);
  gint64 now = kesu_clock_now_unix ();
  gint64 closed, withdrawn;

  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      g_test_message ("state %s", kesu_state_to_key (s));
      g_assert_true (has_value (store, "SELECT 1 FROM complaint WHERE state = ?1 LIMIT 1",
                                kesu_state_to_key (s)));
    }

  closed = query_int (store, "SELECT count(*) FROM complaint WHERE state = 'closed'");
  withdrawn = query_int (store, "SELECT count(*) FROM complaint WHERE state = 'withdrawn'");
  g_assert_cmpint (closed, >=, N_DEMO * 85 / 100);
  g_assert_cmpint (withdrawn, >=, N_DEMO * 1 / 100);
  g_assert_cmpint (withdrawn, <=, N_DEMO * 6 / 100);

  /* Nothing older than a month is still open. */
  g_assert_cmpint (query_int_at (store,
                                 "SELECT count(*) FROM complaint"
                                 " WHERE state NOT IN ('closed', 'withdrawn')"
                                 "   AND received_at < ?1",
                                 now - 30 * DAY),
                   ==, 0);

  /* A withdrawal gives its reason. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint c WHERE state = 'withdrawn'"
                              " AND NOT EXISTS (SELECT 1 FROM event e"
                              "   WHERE e.complaint_id = c.id AND e.kind = 'moved'"
                              "     AND e.to_state = 'withdrawn' AND length (e.detail) > 4)"),
                   ==, 0);

  /* A closed case has the whole record: finding, solution, agreement, what was done, the
   * customer's rating, in this order of time. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE state = 'closed' AND ("
                              "   coalesce (cause, '') = '' OR responsibility = ''"
                              "   OR solution = '' OR coalesce (measures, '') = ''"
                              "   OR amount_fen IS NULL OR solution_deadline IS NULL"
                              "   OR agreed_at IS NULL OR coalesce (measures_result, '') = ''"
                              "   OR satisfaction IS NULL OR closed_at IS NULL"
                              "   OR first_response_at IS NULL"
                              "   OR NOT (received_at <= first_response_at"
                              "           AND first_response_at <= agreed_at"
                              "           AND agreed_at <= closed_at"
                              "           AND closed_at <= updated_at))"),
                   ==, 0);

  /* Mostly satisfied; the dissatisfied reopened and were closed after a second round. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE state = 'closed'"
                              " AND satisfaction >= 4"),
                   >=, closed * 75 / 100);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE state = 'closed'"
                              " AND satisfaction <= 2"),
                   ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM complaint WHERE reopen_count > 0"),
                   >=, 1);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint c WHERE reopen_count !="
                              " (SELECT count(*) FROM event e WHERE e.complaint_id = c.id"
                              "    AND e.kind = 'reopened')"),
                   ==, 0);

  /* A few wait on parts, while the measures are carried out. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE waiting_since IS NOT NULL"
                              " AND waiting_reason LIKE '%配件%'"),
                   >=, 1);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE waiting_since IS NOT NULL"
                              " AND state != 'executing'"),
                   ==, 0);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM event WHERE kind = 'waiting'"),
                   >=, query_int (store, "SELECT count(*) FROM event WHERE kind = 'resumed'"));
}

/* Each timeline is written in time order by the people who did the work, never after
 * now, and agrees with the complaint's state. */
static void
test_timelines (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "timelines.db", N_DEMO);
  gint64 now = kesu_clock_now_unix ();

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM event"), >=, N_DEMO * 8);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM (SELECT at, lag (at) OVER"
                              "   (PARTITION BY complaint_id ORDER BY id) AS before FROM event)"
                              " WHERE before > at"),
                   ==, 0);
  g_assert_cmpint (query_int (store, "SELECT max (at) FROM event"), <=, now);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM event e JOIN complaint c"
                              " ON c.id = e.complaint_id WHERE e.at < c.received_at"),
                   ==, 0);

  /* It starts with the receipt, by whoever received the complaint; the handler does the
   * rest (Kesu itself escalates, which the demo leaves to the application). */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint c, event e"
                              " WHERE e.id = (SELECT min (id) FROM event"
                              "               WHERE complaint_id = c.id)"
                              "   AND (e.kind != 'received' OR e.staff_id != c.received_by)"),
                   ==, 0);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM event WHERE kind = 'received'"),
                   ==, N_DEMO);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM event e JOIN complaint c"
                              " ON c.id = e.complaint_id"
                              " WHERE e.kind NOT IN ('received', 'signed', 'signature-declined',"
                              "                      'approved')"
                              "   AND e.staff_id != c.handler_id"),
                   ==, 0);
  /* Amounts beyond the handler's limit were approved, by someone else, before the
   * customer agreed to them; none was left needing it. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM approval"), >, 0);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM approval a JOIN complaint c"
                              " ON c.id = a.complaint_id WHERE a.staff_id = c.handler_id"),
                   ==, 0);

  /* Recent walk-ins were read back and signed (or declined) on screen. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM signature s JOIN complaint c"
                              " ON c.id = s.complaint_id WHERE c.channel = 'walk-in'"),
                   >, 0);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM signature s JOIN complaint c"
                              " ON c.id = s.complaint_id WHERE c.channel != 'walk-in'"),
                   ==, 0);

  /* The state is where the last move took the case. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint c WHERE c.state != coalesce ("
                              " (SELECT to_state FROM event e WHERE e.complaint_id = c.id"
                              "    AND e.kind IN ('moved', 'reopened') ORDER BY id DESC LIMIT 1),"
                              " 'received')"),
                   ==, 0);

  /* Every contact tells the customer when they will hear next, in the future. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM event WHERE kind = 'contact'"
                              " AND (ref_time IS NULL OR ref_time <= at)"),
                   ==, 0);

  /* Realistic times: most first contacts within the day, most cases closed in a week. */
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint"
                              " WHERE first_response_at - received_at <= 86400"),
                   >=, query_int (store, "SELECT count(*) FROM complaint"
                                         " WHERE first_response_at IS NOT NULL") * 80 / 100);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE state = 'closed'"
                              " AND closed_at - received_at <= 7 * 86400"),
                   >=, query_int (store, "SELECT count(*) FROM complaint"
                                         " WHERE state = 'closed'") * 70 / 100);
  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM complaint WHERE state = 'closed'"
                              " AND closed_at - received_at < 3600"),
                   ==, 0);
}

/* Some recent cases are late: the board has red on it, but not only red. */
static void
test_overdue (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "overdue.db", N_DEMO);
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(GListModel) overdue = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = kesu_clock_now_unix ();
  gint64 open;
  guint n;
  gboolean never_called = FALSE;

  filter->overdue_only = TRUE;
  overdue = kesu_store_query_complaints (store, filter, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (overdue);
  open = query_int (store, "SELECT count(*) FROM complaint"
                           " WHERE state NOT IN ('closed', 'withdrawn')");
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpint (n, <, open);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (overdue, i);
      g_autoptr(KesuCaseData) data = NULL;

      g_assert_true (kesu_state_is_open (kesu_complaint_get_state (c)));
      g_assert_cmpint (kesu_complaint_get_next_due (c), <, now);
      g_assert_cmpint (kesu_complaint_get_received_unix (c), >=, now - 30 * DAY);
      if (kesu_complaint_get_state (c) == KESU_STATE_RECEIVED &&
          query_int_at (store, "SELECT first_response_at IS NULL FROM complaint WHERE id = ?1",
                        kesu_complaint_get_id (c)))
        never_called = TRUE;
      data = kesu_store_get_case_data (store, kesu_complaint_get_id (c), &error);
      g_assert_no_error (error);
      g_assert_cmpint (data->handler_id, >, 0);
    }
  /* One the handler has not called back at all. */
  g_assert_true (never_called);
}

/* The generator sets the clock and the operator for each step and puts both back, also
 * when it fails half-way (and then writes nothing). */
static void
test_clock_restored (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "clock.db", 20);
  g_autoptr(GDateTime) before = kesu_clock_dup_fixed ();
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = kesu_store_list_staff (store);
  gint64 operator_id = ((KesuStaff *) g_ptr_array_index (staff, staff->len - 1))->id;
  gint64 events;

  g_assert_nonnull (before);
  kesu_store_set_operator (store, operator_id);
  g_assert_true (kesu_demo_generate (store, 20, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  after = kesu_clock_dup_fixed ();
  g_assert_nonnull (after);
  g_assert_true (g_date_time_equal (before, after));
  g_assert_cmpint (kesu_store_get_operator (store), ==, operator_id);
  g_assert_cmpuint (kesu_store_count_complaints (store), ==, 40);

  /* A failure half-way through. */
  events = query_int (store, "SELECT count(*) FROM event");
  g_assert_true (kesu_db_exec (kesu_store_get_db (store),
                               "CREATE TEMP TRIGGER fail_late BEFORE INSERT ON event"
                               " WHEN (SELECT count(*) FROM event) >= 600"
                               " BEGIN SELECT RAISE (ABORT, 'disk full'); END;",
                               &error));
  g_assert_no_error (error);
  g_assert_cmpint (events, <, 600);
  g_assert_false (kesu_demo_generate (store, 100, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  g_clear_pointer (&after, g_date_time_unref);
  after = kesu_clock_dup_fixed ();
  g_assert_true (g_date_time_equal (before, after));
  g_assert_cmpint (kesu_store_get_operator (store), ==, operator_id);
  g_assert_cmpuint (kesu_store_count_complaints (store), ==, 40);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM event"), ==, events);
  g_assert_cmpuint (kesu_db_transaction_depth (kesu_store_get_db (store)), ==, 0);

  /* With the real clock running, the real clock runs again afterwards. */
  kesu_clock_set_fixed (NULL);
  {
    g_autoptr(KesuStore) real = open_store (fixture, "real.db");

    g_assert_true (kesu_demo_generate (real, 20, KESU_DEMO_DEFAULT_SEED, &error));
    g_assert_no_error (error);
    g_assert_null (kesu_clock_dup_fixed ());
    g_assert_cmpint (query_int (real, "SELECT max (at) FROM event"), <=,
                     kesu_clock_now_unix ());
  }
}

static void
test_more (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "demo.db", N_DEMO);
  g_autoptr(GError) error = NULL;
  gint64 staff_before = query_int (store, "SELECT count(*) FROM staff");

  g_assert_true (kesu_demo_generate (store, 50, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_count_complaints (store), ==, N_DEMO + 50);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT number) FROM complaint"),
                   ==, N_DEMO + 50);
  /* The roster is not added twice. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM staff"), ==, staff_before);
  /* The second batch is new data, not the first one again. */
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT vin) FROM complaint"), >,
                   query_int (store, "SELECT count(DISTINCT vin) FROM complaint"
                                     " WHERE id <= 300"));
}

/* A branch that is already set up keeps its people. */
static void
test_existing_staff (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const char *const names[] = { "甲前台", "乙顾问", "丙销售", "丁经理" };
  static const KesuRole roles[] = {
    KESU_ROLE_FRONT_DESK, KESU_ROLE_SERVICE_ADVISOR, KESU_ROLE_SALES_CONSULTANT,
    KESU_ROLE_AFTER_SALES_MANAGER,
  };
  g_autoptr(KesuStore) store = open_store (fixture, "own.db");
  g_autoptr(GError) error = NULL;
  KesuBranch branch = { (char *) "测试汽车4S店", (char *) "北京市朝阳区测试路1号",
                        (char *) "010-65551234" };
  g_autoptr(KesuBranch) after = NULL;

  g_assert_true (kesu_store_setup (store, &branch, names[0], roles[0], "13800000001", NULL,
                                   &error));
  g_assert_no_error (error);
  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpint (kesu_test_add_staff (store, names[i], roles[i], NULL, &error), >, 0);
      g_assert_no_error (error);
    }

  g_assert_true (kesu_demo_generate (store, 100, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_count_complaints (store), ==, 100);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM staff"), ==, G_N_ELEMENTS (names));

  after = kesu_store_get_branch (store);
  g_assert_cmpstr (after->name, ==, branch.name);
}

/* A store set up by hand with one person gets the rest of a branch. */
static void
test_one_staff (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_store (fixture, "one.db");
  g_autoptr(GError) error = NULL;
  KesuBranch branch = { (char *) "测试汽车4S店", NULL, NULL };

  g_assert_true (kesu_store_setup (store, &branch, "管理员", KESU_ROLE_ADMINISTRATOR, NULL,
                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_demo_generate (store, 20, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM staff"), >=, 8);
  g_assert_cmpuint (kesu_store_count_complaints (store), ==, 20);
}

static void
test_none (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(KesuStore) store = open_demo_store (fixture, "none.db", 0);

  g_assert_cmpuint (kesu_store_count_complaints (store), ==, 0);
  g_assert_false (kesu_store_needs_setup (store));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/demo/deterministic", test_deterministic);
  ADD ("/demo/seed", test_seed);
  ADD ("/demo/coverage", test_coverage);
  ADD ("/demo/valid", test_valid);
  ADD ("/demo/states", test_states);
  ADD ("/demo/timelines", test_timelines);
  ADD ("/demo/overdue", test_overdue);
  ADD ("/demo/clock-restored", test_clock_restored);
  ADD ("/demo/more", test_more);
  ADD ("/demo/existing-staff", test_existing_staff);
  ADD ("/demo/one-staff", test_one_staff);
  ADD ("/demo/none", test_none);

#undef ADD

  return g_test_run ();
}
