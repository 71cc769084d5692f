/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-demo.h"
#include "kesu-figures.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* The hot queries use their indexes: each test calls the store as the program does,
 * records the SQL that SQLite really ran (sqlite3_trace_v2), and checks the plan SQLite
 * makes for it with EXPLAIN QUERY PLAN.  Nothing here knows the SQL text, so a query
 * changed tomorrow is checked tomorrow. */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     handler_id;
  GPtrArray *sql;   /* the distinct statements run since the last take_plans () */
} Fixture;

static int
on_trace (unsigned  type,
          void     *data,
          void     *p,
          void     *x)
{
  Fixture *f = data;
  const char *sql = sqlite3_sql (p);

  if (type != SQLITE_TRACE_STMT || sql == NULL)
    return 0;
  /* Statements inside triggers are reported with "-- " text; the plan is the outer
   * statement's. */
  for (guint i = 0; i < f->sql->len; i++)
    if (strcmp (g_ptr_array_index (f->sql, i), sql) == 0)
      return 0;
  g_ptr_array_add (f->sql, g_strdup (sql));
  return 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GError) error = NULL;

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-plan", KESU_ROLE_FRONT_DESK, &f->dir, NULL, NULL,
                                  &f->handler_id);
  g_assert_true (kesu_demo_generate (f->store, 200, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  f->sql = g_ptr_array_new_with_free_func (g_free);
  sqlite3_trace_v2 (kesu_db_get_handle (kesu_store_get_db (f->store)), SQLITE_TRACE_STMT,
                    on_trace, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3_trace_v2 (kesu_db_get_handle (kesu_store_get_db (f->store)), 0, NULL, NULL);
  g_clear_object (&f->store);
  kesu_test_remove_dir (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->sql);
  kesu_clock_set_fixed (NULL);
}

/* The plans of the statements run since the last call, one line per plan step, each
 * plan followed by an empty line; every plan is checked for full table scans. */
static char *
take_plans (Fixture *f)
{
  sqlite3 *handle = kesu_db_get_handle (kesu_store_get_db (f->store));
  GString *out = g_string_new (NULL);

  sqlite3_trace_v2 (handle, 0, NULL, NULL);
  g_assert_cmpuint (f->sql->len, >, 0);
  for (guint i = 0; i < f->sql->len; i++)
    {
      const char *sql = g_ptr_array_index (f->sql, i);
      g_autofree char *explain = NULL;
      sqlite3_stmt *stmt = NULL;

      /* Transaction control and pragmas have no plan. */
      if (g_ascii_strncasecmp (sql, "SELECT", 6) != 0 &&
          g_ascii_strncasecmp (sql, "WITH", 4) != 0)
        continue;
      explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (stmt, 3);

          /* A scan of a whole table, not of an index or a virtual table: with 100,000
           * complaints, that is the slow query this test is here to catch.  The few
           * staff rows are the one table small enough to scan. */
          if (g_str_has_prefix (detail, "SCAN ") && strstr (detail, " USING ") == NULL &&
              strstr (detail, "VIRTUAL TABLE") == NULL && strstr (detail, "CONSTANT") == NULL)
            g_error ("“%s” scans a table: %s", sql, detail);
          g_string_append_printf (out, "%s\n", detail);
        }
      sqlite3_finalize (stmt);
      g_string_append_c (out, '\n');
    }
  g_ptr_array_set_size (f->sql, 0);
  sqlite3_trace_v2 (handle, SQLITE_TRACE_STMT, on_trace, f);
  return g_string_free (out, FALSE);
}

#define assert_plan_has(plans, text)                                                   \
  G_STMT_START {                                                                        \
    if (strstr ((plans), (text)) == NULL)                                               \
      g_error ("no “%s” in the plans:\n%s", (text), (plans));                           \
  } G_STMT_END

#define assert_plan_lacks(plans, text)                                                 \
  G_STMT_START {                                                                        \
    if (strstr ((plans), (text)) != NULL)                                               \
      g_error ("“%s” in the plans:\n%s", (text), (plans));                              \
  } G_STMT_END

static void
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = kesu_store_search_complaints (f->store, text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
}

static void
test_search_plans (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *short_plans = NULL;
  g_autofree char *long_plans = NULL;
  g_autofree char *digit_plans = NULL;

  /* One and two characters: the gram index. */
  search (f, "异响");
  short_plans = take_plans (f);
  assert_plan_has (short_plans, "SCAN complaint_gram VIRTUAL TABLE INDEX");
  assert_plan_has (short_plans, "SCAN customer_gram VIRTUAL TABLE INDEX");
  /* The customers found lead to their complaints through complaint_customer. */
  assert_plan_has (short_plans, "complaint_customer (customer_id=?)");
  /* The ids found are looked up one by one, not by walking every complaint. */
  assert_plan_has (short_plans, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)");
  assert_plan_has (short_plans, "SEARCH cu USING INTEGER PRIMARY KEY (rowid=?)");
  assert_plan_lacks (short_plans, "SCAN c ");
  assert_plan_lacks (short_plans, "complaint_tri");

  /* Three and more: the trigram index. */
  search (f, "KS-2026");
  long_plans = take_plans (f);
  assert_plan_has (long_plans, "SCAN complaint_tri VIRTUAL TABLE INDEX");
  assert_plan_has (long_plans, "SCAN customer_tri VIRTUAL TABLE INDEX");
  assert_plan_has (long_plans, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)");
  assert_plan_lacks (long_plans, "SCAN c ");
  assert_plan_lacks (long_plans, "complaint_gram");

  /* A phone fragment, and two words. */
  search (f, "138 1");
  digit_plans = take_plans (f);
  assert_plan_has (digit_plans, "customer_tri VIRTUAL TABLE INDEX");
  assert_plan_has (digit_plans, "customer_gram VIRTUAL TABLE INDEX");
  assert_plan_lacks (digit_plans, "SCAN c ");
}

/* Many matches and only the newest wanted: the statement for that case (needs more
 * complaints than this test has to be chosen) walks received_at. */
static void
test_search_newest_plan (Fixture       *f,
                         gconstpointer  data)
{
  sqlite3 *handle = kesu_db_get_handle (kesu_store_get_db (f->store));
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ",
                                          _kesu_store_query_sql (KESU_QUERY_SEARCH_NEWEST),
                                          NULL);
  GString *plans = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plans, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  assert_plan_has (plans->str, "SCAN c USING INDEX complaint_received");
  assert_plan_lacks (plans->str, "TEMP B-TREE");
  g_string_free (plans, TRUE);
}

static void
test_list_plans (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autofree char *plans = NULL;
  GListModel *model;

  /* The list and the filters without a search: newest first straight from the
   * received_at index, no sort of every complaint. */
  model = kesu_store_query_complaints (f->store, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (model);
  filter->handler_id = f->handler_id;
  filter->category = KESU_CATEGORY_REPAIR_QUALITY;
  filter->state = KESU_STATE_RECEIVED;
  filter->overdue_only = TRUE;
  model = kesu_store_query_complaints (f->store, filter, &error);
  g_assert_no_error (error);
  g_object_unref (model);
  plans = take_plans (f);
  assert_plan_has (plans, "SCAN c USING INDEX complaint_received");
  assert_plan_has (plans, "SEARCH cu USING INTEGER PRIMARY KEY (rowid=?)");
  assert_plan_has (plans, "SEARCH h USING INTEGER PRIMARY KEY (rowid=?)");
  assert_plan_lacks (plans, "TEMP B-TREE");
}

static void
test_board_plans (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) some = NULL;
  g_autofree char *plans = NULL;
  guint counts[KESU_N_STATES];

  all = kesu_store_query_board (f->store, NULL, 50, counts, &error);
  g_assert_no_error (error);
  filter->handler_id = f->handler_id;
  filter->category = KESU_CATEGORY_REPAIR_QUALITY;
  filter->overdue_only = TRUE;
  some = kesu_store_query_board (f->store, filter, 50, counts, &error);
  g_assert_no_error (error);
  /* Each state's cases through an index on the state (take_plans fails on a table
   * scan). */
  plans = take_plans (f);
  assert_plan_has (plans, "SEARCH c USING ");
  assert_plan_has (plans, "(state=?");
}

static void
test_lookup_plans (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = kesu_store_query_complaints (f->store, NULL, &error);
  g_autoptr(KesuComplaint) first = g_list_model_get_item (all, 0);
  g_autoptr(KesuCustomer) customer = NULL;
  g_autofree char *plans = NULL;
  const char *phone;

  g_assert_no_error (error);
  phone = kesu_complaint_get_intake (first)->customer_phone;
  g_free (take_plans (f));

  /* The returning customer, by phone, with the count of their complaints. */
  customer = kesu_store_find_customer (f->store, phone);
  g_assert_nonnull (customer);
  plans = take_plans (f);
  assert_plan_has (plans, "SEARCH cu USING INDEX sqlite_autoindex_customer_1 (phone=?)");
  assert_plan_has (plans, "USING COVERING INDEX complaint_customer (customer_id=?)");
  g_clear_pointer (&plans, g_free);

  /* A complaint by its number. */
  g_assert_cmpint (kesu_store_find_complaint_by_number (f->store,
                                                        kesu_complaint_get_number (first)),
                   ==, kesu_complaint_get_id (first));
  plans = take_plans (f);
  assert_plan_has (plans, "USING COVERING INDEX sqlite_autoindex_complaint_1 (number=?)");
}

static void
test_figure_plans (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plans = NULL;
  g_autoptr(GArray) ids = NULL;
  KesuFigureFilter filter;
  KesuPeriod period;
  KesuFigures *figures;

  kesu_period_init_month (&period, 2026, 10);
  kesu_figure_filter_init (&filter);
  figures = kesu_figures_compute (f->store, &period, NULL, 2, &error);
  g_assert_no_error (error);
  kesu_figures_free (figures);
  filter.handler_id = f->handler_id;
  filter.category = KESU_CATEGORY_REPAIR_QUALITY;
  figures = kesu_figures_compute (f->store, &period, &filter, 2, &error);
  g_assert_no_error (error);
  kesu_figures_free (figures);
  ids = kesu_figures_list_issue_complaints (f->store, &period, NULL,
                                            KESU_CATEGORY_REPAIR_QUALITY, "大众 途观L", &error);
  g_assert_no_error (error);

  /* A period's complaints by their received time; the closed ones by their closing
   * time. */
  plans = take_plans (f);
  assert_plan_has (plans, "complaint_received (received_at>? AND received_at<?)");
  assert_plan_has (plans, "complaint_closed (state=? AND closed_at>? AND closed_at<?)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/query-plan/search", Fixture, NULL, fixture_set_up, test_search_plans,
              fixture_tear_down);
  g_test_add ("/query-plan/search-newest", Fixture, NULL, fixture_set_up,
              test_search_newest_plan, fixture_tear_down);
  g_test_add ("/query-plan/list", Fixture, NULL, fixture_set_up, test_list_plans,
              fixture_tear_down);
  g_test_add ("/query-plan/board", Fixture, NULL, fixture_set_up, test_board_plans,
              fixture_tear_down);
  g_test_add ("/query-plan/lookups", Fixture, NULL, fixture_set_up, test_lookup_plans,
              fixture_tear_down);
  g_test_add ("/query-plan/figures", Fixture, NULL, fixture_set_up, test_figure_plans,
              fixture_tear_down);

  return g_test_run ();
}
