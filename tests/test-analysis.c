/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kesu-actions.h"
#include "kesu-actions-dialog.h"
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
  reset_board_settings ();
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
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
  kesu_test_tear_down (GTK_WINDOW (f->window), &f->store, &f->dir, &f->path);
}

static gint64
add_complaint (Fixture      *f,
               KesuCategory  category,
               KesuChannel   channel,
               int           month,
               int           day)
{
  g_autofree char *name = g_strdup_printf ("客户%u", f->n_added);
  g_autofree char *phone = g_strdup_printf ("1398765%04u", ++f->n_added);
  g_autoptr(KesuIntake) in =
    kesu_test_intake_new (kesu_test_local_unix (2026, month, day, 9, 30), f->staff_id,
                          f->handler_id, name, phone, "空调不制冷，已经修过一次还是不行。",
                          "要求彻底修好");

  in->channel = channel;
  in->vehicle_model = g_strdup ("本田 雅阁");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = category;
  return kesu_test_add_intake (f->store, in);
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

static char *
complaint_number (Fixture *f,
                  gint64   id)
{
  g_autoptr(KesuComplaint) c = kesu_store_get_complaint (f->store, id, NULL);

  g_assert_nonnull (c);
  return g_strdup (kesu_complaint_get_number (c));
}

static gint64
add_action (Fixture    *f,
            const char *root_cause,
            const char *due_on,
            gint64      complaint_id)
{
  g_autoptr(GError) error = NULL;
  KesuActionInput input;
  gint64 id;

  kesu_action_input_init (&input);
  input.root_cause = root_cause;
  input.measures = "每周抽查接待录音，问题人员再培训";
  input.owner_id = f->staff_id;
  input.due_on = due_on;
  input.complaint_ids = &complaint_id;
  input.n_complaints = 1;
  id = kesu_store_add_action (f->store, &input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A widget of the new-action form, by the name the form gives it. */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
dup_input_text (GtkWidget *input)
{
  g_assert_nonnull (input);
  if (GTK_IS_TEXT_VIEW (input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (input));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (input)));
}

static void
set_input_text (GtkWidget  *input,
                const char *text)
{
  g_assert_nonnull (input);
  if (GTK_IS_TEXT_VIEW (input))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (input), text);
}

/* Improvement actions on the page: the open ones, an overdue one flagged; a recurring
 * issue starts a new one, prefilled with the issue and its complaints. */
static void
test_analysis_actions (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) before = g_date_time_new_local (2026, 11, 10, 10, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cause = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *first_number = NULL;
  g_autoptr(GArray) attitude = g_array_new (FALSE, FALSE, sizeof (gint64));
  const KesuImprovementAction *created = NULL;
  GtkButton *button;
  GtkWindow *form;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  gboolean in_red = TRUE;
  gint64 id, october, done;

  add_fixture (f);
  /* A fourth complaint about attitude on the same model this month: a recurring issue. */
  add_complaint (f, KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_PHONE, 11, 21);
  october = add_complaint (f, KESU_CATEGORY_ATTITUDE, KESU_CHANNEL_PHONE, 10, 8);
  show_analysis (f);

  /* None yet: the list says so. */
  g_assert_cmpuint (_kesu_analysis_page_get_n_actions (f->page), ==, 0);
  empty = _kesu_analysis_page_dup_actions_empty_text (f->page);
  g_assert_cmpstr (empty, !=, "");
  g_assert_cmpuint (_kesu_analysis_page_get_n_recurring (f->page), ==, 1);

  /* One added two weeks ago, due four days ago; one due next month; one done and found
   * effective, which the page leaves to the actions window. */
  first_number = complaint_number (f, 1);
  kesu_clock_set_fixed (before);
  add_action (f, "接待顾问话术不统一", "2026-11-20", 1);
  kesu_clock_set_fixed (now);
  add_action (f, "报价单未列明工时费", "2026-12-20", 4);
  done = add_action (f, "休息区等候时间过长", "2026-12-01", 2);
  g_assert_true (kesu_store_set_action_state (f->store, done, KESU_ACTION_DONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_set_action_state (f->store, done, KESU_ACTION_EFFECTIVE,
                                              "本月无同类投诉", &error));
  g_assert_no_error (error);
  wait_for_layout ();

  g_assert_cmpuint (_kesu_analysis_page_get_n_actions (f->page), ==, 2);
  /* Overdue first, in red, with its root cause, owner, due day and complaint. */
  text = _kesu_analysis_page_dup_action_text (f->page, 0, &in_red);
  g_assert_nonnull (strstr (text, "接待顾问话术不统一"));
  g_assert_nonnull (strstr (text, "2026-11-20"));
  g_assert_nonnull (strstr (text, first_number));
  g_assert_nonnull (strstr (text, kesu_action_state_to_label (KESU_ACTION_OPEN)));
  g_assert_true (in_red);
  g_clear_pointer (&text, g_free);
  text = _kesu_analysis_page_dup_action_text (f->page, 1, &in_red);
  g_assert_nonnull (strstr (text, "报价单未列明工时费"));
  g_assert_nonnull (strstr (text, "2026-12-20"));
  g_assert_false (in_red);
  g_clear_pointer (&empty, g_free);
  empty = _kesu_analysis_page_dup_actions_empty_text (f->page);
  g_assert_cmpstr (empty, ==, "");

  scroller = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                       KESU_TYPE_ANALYSIS_PAGE,
                                                       "scroller"));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
  wait_for_layout ();
  kesu_test_screenshot (GTK_WIDGET (f->window), "analysis-actions");

  /* "New Action…" on the recurring issue: the form, with the issue's November complaints
   * (not October's). */
  for (gint64 i = 1; i <= october; i++)
    {
      g_autoptr(KesuComplaint) c = kesu_store_get_complaint (f->store, i, NULL);
      const KesuIntake *in = kesu_complaint_get_intake (c);

      if (i == october || in->category != KESU_CATEGORY_ATTITUDE)
        continue;
      g_array_append_val (attitude, i);
    }
  g_assert_cmpuint (attitude->len, ==, 4);
  button = _kesu_analysis_page_get_new_action_button (f->page, 0);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  kesu_test_flush_events ();
  form = _kesu_analysis_page_get_action_form (f->page);
  g_assert_nonnull (form);
  g_assert_true (gtk_window_get_transient_for (form) == GTK_WINDOW (f->window));
  cause = dup_input_text (find_named (GTK_WIDGET (form), "root-cause"));
  g_assert_nonnull (strstr (cause, kesu_category_to_label (KESU_CATEGORY_ATTITUDE)));
  g_assert_nonnull (strstr (cause, "本田 雅阁"));
  numbers = dup_input_text (find_named (GTK_WIDGET (form), "numbers"));
  for (guint i = 0; i < attitude->len; i++)
    {
      g_autofree char *number = complaint_number (f, g_array_index (attitude, gint64, i));

      g_assert_nonnull (strstr (numbers, number));
    }
  {
    g_autofree char *number = complaint_number (f, october);

    g_assert_null (strstr (numbers, number));
  }
  kesu_test_screenshot (GTK_WIDGET (form), "analysis-action-form");

  /* Filled in and created: an open action for the issue, linked to those complaints. */
  set_input_text (find_named (GTK_WIDGET (form), "measures"), "统一接待话术，每周抽查录音");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (form), "owner")), 1);
  gtk_dialog_response (GTK_DIALOG (form), GTK_RESPONSE_ACCEPT);
  kesu_test_flush_events ();
  g_assert_null (_kesu_analysis_page_get_action_form (f->page));
  g_assert_cmpuint (kesu_test_close_messages (), ==, 0);

  actions = kesu_store_list_actions (f->store, KESU_ACTIONS_OPEN, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 3);
  for (guint i = 0; i < actions->len; i++)
    {
      const KesuImprovementAction *action = g_ptr_array_index (actions, i);

      if (action->issue_category >= 0)
        created = action;
    }
  g_assert_nonnull (created);
  g_assert_cmpint (created->state, ==, KESU_ACTION_OPEN);
  g_assert_cmpint (created->issue_category, ==, KESU_CATEGORY_ATTITUDE);
  g_assert_cmpstr (created->issue_model, ==, "本田 雅阁");
  g_assert_cmpstr (created->root_cause, ==, cause);
  g_assert_cmpuint (created->complaint_ids->len, ==, attitude->len);
  for (guint i = 0; i < attitude->len; i++)
    g_assert_cmpint (g_array_index (created->complaint_ids, gint64, i), ==,
                     g_array_index (attitude, gint64, i));
  id = created->id;
  g_assert_cmpint (id, >, 0);

  /* The page follows. */
  wait_for_layout ();
  g_assert_cmpuint (_kesu_analysis_page_get_n_actions (f->page), ==, 3);

  /* "All Actions…": the actions window, over the main one. */
  {
    GObject *all = gtk_widget_get_template_child (GTK_WIDGET (f->page), KESU_TYPE_ANALYSIS_PAGE,
                                                  "all_actions_button");
    GList *toplevels;
    gboolean found = FALSE;

    g_assert_true (GTK_IS_BUTTON (all));
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (all)));
    g_signal_emit_by_name (all, "clicked");
    kesu_test_flush_events ();
    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      if (KESU_IS_ACTIONS_DIALOG (l->data))
        {
          found = TRUE;
          g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (f->window));
          gtk_window_destroy (l->data);
        }
    g_list_free (toplevels);
    g_assert_true (found);
  }
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
  ADD ("/analysis/actions", test_analysis_actions);

  return g_test_run ();
}
