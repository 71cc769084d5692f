/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-demo.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* kesu_store_query_board, the board's query: the same cases as the general query, cut
 * down to the newest closed and withdrawn ones with every case counted, and answered
 * from the complaint_board index. */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-board-query", KESU_ROLE_GENERAL_MANAGER, &f->dir, NULL, NULL,
                                  &f->handler_id);
  g_assert_true (kesu_demo_generate (f->store, 600, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  kesu_test_remove_dir (f->dir);
  g_free (f->dir);
  kesu_clock_set_fixed (NULL);
}

/* The board's answer for @filter must be the general query's, state by state: all the
 * open cases, the @limit newest of the others, every one counted. */
static void
check_same (Fixture          *f,
            const KesuFilter *filter,
            guint             limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = kesu_store_query_complaints (f->store, filter, &error);
  g_autoptr(GListModel) board = NULL;
  GPtrArray *expected[KESU_N_STATES];
  guint counts[KESU_N_STATES];
  guint seen[KESU_N_STATES] = { 0 };
  guint n;

  g_assert_no_error (error);
  board = kesu_store_query_board (f->store, filter, limit, counts, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < KESU_N_STATES; s++)
    expected[s] = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (all);
  for (guint i = 0; i < n; i++)
    {
      KesuComplaint *c = g_list_model_get_item (all, i);

      g_ptr_array_add (expected[kesu_complaint_get_state (c)], c);
    }

  n = g_list_model_get_n_items (board);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (board, i);
      KesuState s = kesu_complaint_get_state (c);
      KesuComplaint *want;

      g_assert_cmpuint (seen[s], <, expected[s]->len);
      want = g_ptr_array_index (expected[s], seen[s]);
      g_assert_cmpint (kesu_complaint_get_id (c), ==, kesu_complaint_get_id (want));
      g_assert_cmpint (kesu_complaint_get_next_due (c), ==, kesu_complaint_get_next_due (want));
      g_assert_cmpint (kesu_complaint_is_overdue (c), ==, kesu_complaint_is_overdue (want));
      g_assert_cmpstr (kesu_complaint_get_intake (c)->customer_name, ==,
                       kesu_complaint_get_intake (want)->customer_name);
      seen[s]++;
    }
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      g_assert_cmpuint (counts[s], ==, expected[s]->len);
      if (kesu_state_is_open (s) || limit == 0)
        g_assert_cmpuint (seen[s], ==, expected[s]->len);
      else
        g_assert_cmpuint (seen[s], ==, MIN (limit, expected[s]->len));
      g_ptr_array_unref (expected[s]);
    }
}

static void
test_same_as_query (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(GListModel) all = kesu_store_query_complaints (f->store, NULL, NULL);
  g_autoptr(KesuComplaint) some = g_list_model_get_item (all, 7);
  guint counts[KESU_N_STATES];

  check_same (f, NULL, 20);
  check_same (f, NULL, 0);
  /* The demo data closes most of its 600 cases: the closed column is cut down. */
  g_object_unref (kesu_store_query_board (f->store, NULL, 20, counts, NULL));
  g_assert_cmpuint (counts[KESU_STATE_CLOSED], >, 20);

  filter->handler_id = kesu_complaint_get_intake (some)->handler_id;
  check_same (f, filter, 20);
  filter->handler_id = 0;
  filter->category = kesu_complaint_get_intake (some)->category;
  check_same (f, filter, 5);
  filter->severity = KESU_SEVERITY_URGENT;
  check_same (f, filter, 5);
  filter->category = -1;
  filter->severity = -1;
  filter->overdue_only = TRUE;
  check_same (f, filter, 20);
  filter->overdue_only = FALSE;
  filter->open_only = TRUE;
  check_same (f, filter, 20);
  filter->open_only = FALSE;
  filter->channel = KESU_CHANNEL_PHONE;
  check_same (f, filter, 20);
  filter->channel = -1;
  filter->state = KESU_STATE_CLOSED;
  check_same (f, filter, 20);
  filter->state = -1;
  /* A search goes through the search index and is cut down the same way. */
  filter->search = g_strdup (kesu_complaint_get_intake (some)->customer_name);
  check_same (f, filter, 1);
}

/* What SQLite would do for @sql, one line per step. */
static char *
plan_of (KesuStore  *store,
         const char *sql)
{
  sqlite3 *db = kesu_db_get_handle (kesu_store_get_db (store));
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;
  GString *plan = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (plan, FALSE);
}

static void
test_plan (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *rows = plan_of (f->store, _kesu_store_board_sql[0]);
  g_autofree char *count = plan_of (f->store, _kesu_store_board_sql[1]);

  g_test_message ("rows:\n%scount:\n%s", rows, count);
  /* The rows of a state come from the board's index, newest first: no scan of the
   * complaints, no sort of a whole state. */
  g_assert_nonnull (strstr (rows, "SEARCH c USING INDEX complaint_board (state=?)"));
  g_assert_null (strstr (rows, "SCAN c"));
  g_assert_null (strstr (rows, "USE TEMP B-TREE FOR ORDER BY"));
  /* The count reads the index alone. */
  g_assert_nonnull (strstr (count, "SEARCH c USING COVERING INDEX complaint_board (state=?)"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/board-query/same-as-query", Fixture, NULL, fixture_set_up, test_same_as_query,
              fixture_tear_down);
  g_test_add ("/board-query/plan", Fixture, NULL, fixture_set_up, test_plan,
              fixture_tear_down);
  return g_test_run ();
}
