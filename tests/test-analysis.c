/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kesu-analysis-page-private.h"
#include "kesu-board-page.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-demo.h"
#include "kesu-intake.h"
#include "kesu-test-util.h"
#include "kesu-window.h"
#include "kesu-workflow.h"

typedef struct
{
  char             *dir;
  char             *path;
  KesuStore        *store;
  KesuWindow       *window;
  KesuAnalysisPage *page;
  KesuBoardPage    *board;
  GtkStack         *stack;
  gint64            staff_id;
  gint64            handler_id;
  guint             n_added;
} Fixture;

static const char * const board_keys[] = {
  "board-search", "board-handler", "board-category", "board-severity",
  "board-overdue-only", "board-escalated-only",
};

static void
wait_for_layout (void)
{
  for (int i = 0; i < 10; i++)
    {
      kesu_test_flush_events ();
      g_usleep (10000);
    }
  kesu_test_flush_events ();
}

static void
reset_board_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL)
    return;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "board-search"))
    return;
  settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (board_keys); i++)
    g_settings_reset (settings, board_keys[i]);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  reset_board_settings ();
  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-analysis", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir,
                                  &f->path, &f->staff_id, &f->handler_id);
  f->window = kesu_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 1000);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KESU_ANALYSIS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                               KESU_TYPE_WINDOW,
                                                               "analysis_page"));
  f->board = KESU_BOARD_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                             KESU_TYPE_WINDOW, "board_page"));
  f->stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                       KESU_TYPE_WINDOW, "stack"));
  g_assert_nonnull (f->page);
  g_assert_nonnull (f->board);
  g_assert_nonnull (f->stack);
  kesu_test_flush_events ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  kesu_test_flush_events ();
  g_clear_object (&f->store);
  kesu_test_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  kesu_clock_set_fixed (NULL);
}

static gint64
add_complaint (Fixture      *f,
               KesuCategory  category,
               KesuChannel   channel,
               int           month,
               int           day)
{
  g_autoptr(KesuIntake) in = kesu_intake_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  in->channel = channel;
  in->received_at = g_date_time_new_local (2026, month, day, 9, 30, 0);
  in->received_by = f->staff_id;
  in->customer_name = g_strdup_printf ("客户%u", f->n_added);
  in->customer_phone = g_strdup_printf ("1398765%04u", ++f->n_added);
  in->vehicle_model = g_strdup ("本田 雅阁");
  in->description = g_strdup ("空调不制冷，已经修过一次还是不行。");
  in->demand = g_strdup ("要求彻底修好");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = category;
  in->severity = KESU_SEVERITY_NORMAL;
  in->handler_id = f->handler_id;
  id = kesu_store_add_complaint (f->store, in, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Along the loop to closed, with a satisfied follow-up. */
static void
close_complaint (Fixture *f,
                 gint64   id)
{
  KesuState state = KESU_STATE_RECEIVED;

  while (state != KESU_STATE_CLOSED)
    {
      g_autoptr(KesuCaseData) input = kesu_case_data_new ();
      g_autoptr(GError) error = NULL;
      KesuState next = state + 1;
      gboolean ok;

      switch (state)
        {
        case KESU_STATE_INVESTIGATING:
          input->cause = g_strdup ("压缩机故障");
          input->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
          break;
        case KESU_STATE_PROPOSING:
          input->solution = KESU_SOLUTION_REPAIR;
          input->measures = g_strdup ("更换压缩机");
          input->amount_fen = 0;
          input->solution_deadline = kesu_clock_now_unix () + 3 * 24 * 3600;
          input->agreed_at = kesu_clock_now_unix ();
          input->agreement_note = g_strdup ("客户签字");
          break;
        case KESU_STATE_EXECUTING:
          input->measures_result = g_strdup ("已更换");
          break;
        case KESU_STATE_FOLLOW_UP:
          input->satisfaction = 5;
          input->satisfaction_comment = g_strdup ("满意");
          break;
        default:
          break;
        }
      ok = kesu_store_move (f->store, id, next, input, &state, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
    }
}

/* November: 3 about attitude (one by walk-in, one closed), 2 about price; October: 1. */
static void
add_fixture (Fixture *f)
{
  gint64 closed;

  closed = add_complaint (f, KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_PHONE, 11, 3);
  add_complaint (f, KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_WALK_IN, 11, 5);
  add_complaint (f, KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_PHONE, 11, 9);
  add_complaint (f, KESU_CATEGORY_PRICE, KESU_CHANNEL_PHONE, 11, 12);
  add_complaint (f, KESU_CATEGORY_PRICE, KESU_CHANNEL_WECHAT, 11, 20);
  add_complaint (f, KESU_CATEGORY_PRICE, KESU_CHANNEL_PHONE, 10, 15);
  close_complaint (f, closed);
}

static void
show_analysis (Fixture *f)
{
  kesu_window_show_page (f->window, "analysis");
  wait_for_layout ();
  _kesu_analysis_page_select_month (f->page, 2026, 11);
  wait_for_layout ();
}

static void
test_analysis_figures (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *change = NULL;

  add_fixture (f);
  show_analysis (f);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->stack), ==, "analysis");
  g_assert_cmpstr (_kesu_analysis_page_get_tile_value (f->page, "received"), ==, "5");
  g_assert_cmpstr (_kesu_analysis_page_get_tile_value (f->page, "closed"), ==, "1");
  g_assert_cmpstr (_kesu_analysis_page_get_tile_value (f->page, "open"), ==, "4");
  /* 5 against October's 1. */
  change = _kesu_analysis_page_dup_tile_change (f->page, "received");
  g_assert_nonnull (strstr (change, "↑ 400%"));

  /* The charts hold the period's rows. */
  {
    KesuChartView *view = _kesu_analysis_page_get_chart_view (f->page, "category");
    KesuChart *chart = kesu_chart_view_get_chart (view);

    g_assert_nonnull (chart);
    g_assert_cmpuint (kesu_chart_get_n_items (chart), >=, 2);
    g_assert_cmpstr (kesu_chart_get_key (chart, 0), ==,
                     kesu_category_to_key (KESU_CATEGORY_ATTITUDE));
  }
  {
    KesuChart *pareto = kesu_chart_view_get_chart (
      _kesu_analysis_page_get_chart_view (f->page, "pareto"));
    guint n = kesu_chart_get_n_items (pareto);

    g_assert_cmpfloat (kesu_chart_get_cumulative (pareto, n - 1), ==, 100.0);
  }

  /* A new complaint shows once the page is looked at again. */
  add_complaint (f, KESU_CATEGORY_PRICE, KESU_CHANNEL_PHONE, 11, 23);
  wait_for_layout ();
  g_assert_cmpstr (_kesu_analysis_page_get_tile_value (f->page, "received"), ==, "6");

  /* An empty month: the charts say so instead of drawing nothing. */
  _kesu_analysis_page_select_month (f->page, 2026, 6);
  g_assert_cmpstr (_kesu_analysis_page_get_tile_value (f->page, "received"), ==, "0");
  g_assert_true (kesu_chart_is_empty (kesu_chart_view_get_chart (
    _kesu_analysis_page_get_chart_view (f->page, "category"))));
}

/* Where on the chart view row @key is drawn. */
static gboolean
find_row (KesuChartView *view,
          const char    *key,
          double        *out_x,
          double        *out_y)
{
  KesuChart *chart = kesu_chart_view_get_chart (view);
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));

  g_assert_cmpint (width, >, 0);
  for (int y = 0; y < height; y += 3)
    for (int x = 0; x < width; x += 3)
      {
        int index = kesu_chart_hit (chart, x, y);

        if (index >= 0 && g_strcmp0 (kesu_chart_get_key (chart, index), key) == 0)
          {
            *out_x = x;
            *out_y = y;
            return TRUE;
          }
      }
  return FALSE;
}

static void
assert_board_shows (Fixture      *f,
                    KesuCategory  category,
                    int           channel,
                    guint         expected)
{
  guint total = 0;

  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      GListModel *model = kesu_board_page_get_column_model (f->board, s);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);

          if ((int) category >= 0)
            g_assert_cmpint (kesu_complaint_get_intake (c)->category, ==, category);
          if (channel >= 0)
            g_assert_cmpint (kesu_complaint_get_intake (c)->channel, ==, channel);
          total++;
        }
    }
  g_assert_cmpuint (total, ==, expected);
}

static void
test_analysis_click_through (Fixture       *f,
                             gconstpointer  data)
{
  KesuChartView *view;
  double x, y;

  add_fixture (f);
  show_analysis (f);

  /* A category bar: the board, filtered by that category. */
  view = _kesu_analysis_page_get_chart_view (f->page, "category");
  g_assert_true (find_row (view, kesu_category_to_key (KESU_CATEGORY_PRICE), &x, &y));
  g_assert_true (kesu_chart_view_activate_at (view, x, y));
  wait_for_layout ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->stack), ==, "board");
  assert_board_shows (f, KESU_CATEGORY_PRICE, -1, 3);

  /* A channel slice: the board, filtered by that channel only. */
  kesu_window_show_page (f->window, "analysis");
  wait_for_layout ();
  view = _kesu_analysis_page_get_chart_view (f->page, "channel");
  g_assert_true (find_row (view, kesu_channel_to_key (KESU_CHANNEL_WALK_IN), &x, &y));
  g_assert_true (kesu_chart_view_activate_at (view, x, y));
  wait_for_layout ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->stack), ==, "board");
  assert_board_shows (f, (KesuCategory) -1, KESU_CHANNEL_WALK_IN, 1);

  /* The window's own entry point, as the printed summary's links may use it. */
  kesu_window_show_board_filtered (f->window, "category",
                                   kesu_category_to_key (KESU_CATEGORY_ATTITUDE));
  assert_board_shows (f, KESU_CATEGORY_ATTITUDE, -1, 3);
  /* Nothing to filter by: the whole board. */
  kesu_window_show_board_filtered (f->window, "responsibility", "manufacturer");
  assert_board_shows (f, (KesuCategory) -1, -1, 6);
}

/* The page as the README shows it: a branch's year of demo data. */
static void
test_analysis_demo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_demo_generate (f->store, 400, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  kesu_window_show_page (f->window, "analysis");
  wait_for_layout ();
  _kesu_analysis_page_select_month (f->page, 2026, 10);
  wait_for_layout ();
  g_assert_cmpstr (_kesu_analysis_page_get_tile_value (f->page, "received"), !=, "0");
  for (guint i = 0; i < 5; i++)
    {
      static const char * const names[] = { "category", "channel", "trend", "pareto",
                                             "histogram" };
      KesuChartView *view = _kesu_analysis_page_get_chart_view (f->page, names[i]);

      g_assert_nonnull (kesu_chart_view_get_chart (view));
      g_assert_false (kesu_chart_is_empty (kesu_chart_view_get_chart (view)));
    }
  kesu_test_screenshot (GTK_WIDGET (f->window), "analysis");
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/analysis/figures", test_analysis_figures);
  ADD ("/analysis/click-through", test_analysis_click_through);
  ADD ("/analysis/demo", test_analysis_demo);

  return g_test_run ();
}
