/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-board-page-private.h"
#include "kesu-clock.h"
#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-demo.h"
#include "kesu-move-dialog.h"
#include "kesu-test-util.h"
#include "kesu-window.h"
#include "kesu-workflow.h"

typedef struct
{
  char          *dir;
  char          *path;
  KesuStore     *store;
  KesuWindow    *window;
  KesuBoardPage *page;
  gint64         staff_id;    /* the operator */
  gint64         handler_id;
  guint          n_added;
} Fixture;

static const char * const board_keys[] = {
  "board-search", "board-handler", "board-category", "board-severity",
  "board-overdue-only", "board-escalated-only",
};

/* Lets the columns be laid out, so their rows (the cards) exist. */
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

/* Settings live in memory for the whole test program: each test starts unfiltered. */
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
  f->store = kesu_test_store_new ("kesu-board", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir, &f->path,
                                  &f->staff_id, &f->handler_id);

  f->window = kesu_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KESU_BOARD_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                            KESU_TYPE_WINDOW, "board_page"));
  g_assert_nonnull (f->page);
  kesu_test_flush_events ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_tear_down (GTK_WINDOW (f->window), &f->store, &f->dir, &f->path);
}

static gint64
add_complaint_full (Fixture      *f,
                    const char   *name,
                    const char   *model,
                    KesuCategory  category,
                    KesuSeverity  severity,
                    int           day,
                    int           hour,
                    gint64        handler_id)
{
  g_autofree char *phone = g_strdup_printf ("1398765%04u", ++f->n_added);
  g_autoptr(KesuIntake) in =
    kesu_test_intake_new (kesu_test_local_unix (2026, 11, day, hour, 0), f->staff_id, handler_id,
                          name, phone, "空调不制冷，已经修过一次还是不行。", "要求彻底修好");

  in->vehicle_model = g_strdup (model);
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = category;
  in->severity = severity;
  return kesu_test_add_intake (f->store, in);
}

static gint64
add_complaint (Fixture      *f,
               const char   *name,
               KesuCategory  category,
               KesuSeverity  severity,
               int           day,
               int           hour)
{
  return add_complaint_full (f, name, "本田 雅阁", category, severity, day, hour, f->handler_id);
}

/* Moves the case, step by step along the loop, to @to, giving each step what it needs. */
static void
advance (Fixture   *f,
         gint64     id,
         KesuState  to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (f->store, id, &error);
  KesuState state;

  g_assert_no_error (error);
  state = kesu_complaint_get_state (complaint);
  while (state != to)
    {
      g_autoptr(KesuCaseData) input = kesu_case_data_new ();
      KesuState next;

      if (to == KESU_STATE_WITHDRAWN)
        {
          next = KESU_STATE_WITHDRAWN;
          input->reason = g_strdup ("客户撤诉");
        }
      else
        {
          switch (state)
            {
            case KESU_STATE_RECEIVED:
              next = KESU_STATE_INVESTIGATING;
              break;
            case KESU_STATE_INVESTIGATING:
              next = KESU_STATE_PROPOSING;
              input->cause = g_strdup ("压缩机故障");
              input->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
              break;
            case KESU_STATE_PROPOSING:
              next = KESU_STATE_EXECUTING;
              input->solution = KESU_SOLUTION_REPAIR;
              input->measures = g_strdup ("更换压缩机");
              input->amount_fen = 0;
              input->solution_deadline = kesu_clock_now_unix () + 3 * 24 * 3600;
              input->agreed_at = kesu_clock_now_unix ();
              input->agreement_note = g_strdup ("客户签字");
              break;
            case KESU_STATE_EXECUTING:
              next = KESU_STATE_FOLLOW_UP;
              input->measures_result = g_strdup ("已更换");
              break;
            case KESU_STATE_FOLLOW_UP:
              next = KESU_STATE_CLOSED;
              input->satisfaction = 5;
              input->satisfaction_comment = g_strdup ("满意");
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_assert_true (kesu_store_move (f->store, id, next, input, &state, &error));
      g_assert_no_error (error);
      g_assert_cmpint (state, ==, next);
    }
}

static gboolean
column_has (Fixture   *f,
            KesuState  state,
            gint64     id)
{
  GListModel *model = kesu_board_page_get_column_model (f->page, state);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);

      if (kesu_complaint_get_id (c) == id)
        return TRUE;
    }
  return FALSE;
}

static guint
shown (Fixture   *f,
       KesuState  state)
{
  return g_list_model_get_n_items (kesu_board_page_get_column_model (f->page, state));
}


/* The due text in the language the test runs in (screenshots are made in Chinese). */
static const char *
expected_due (gboolean overdue,
              int      hours)
{
  static char *last;
  g_autofree char *duration = kesu_format_duration ((gint64) hours * 3600);

  g_free (last);
  if (overdue)
    last = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "overdue %s"), duration);
  else
    last = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "due in %s"), duration);
  return last;
}

static void
test_board_columns (Fixture       *f,
                    gconstpointer  data)
{
  gint64 received = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY,
                                   KESU_SEVERITY_IMPORTANT, 24, 9);
  gint64 investigating = add_complaint (f, "刘洋", KESU_CATEGORY_REPAIR_QUALITY,
                                        KESU_SEVERITY_NORMAL, 24, 8);
  gint64 proposing = add_complaint (f, "赵磊", KESU_CATEGORY_PRICE, KESU_SEVERITY_URGENT, 23, 15);
  gint64 closed = add_complaint (f, "孙丽", KESU_CATEGORY_ATTITUDE, KESU_SEVERITY_NORMAL, 20, 10);
  gint64 withdrawn = add_complaint (f, "周杰", KESU_CATEGORY_PARTS, KESU_SEVERITY_NORMAL, 21, 11);
  GListModel *model;

  advance (f, investigating, KESU_STATE_INVESTIGATING);
  advance (f, proposing, KESU_STATE_PROPOSING);
  advance (f, closed, KESU_STATE_CLOSED);
  advance (f, withdrawn, KESU_STATE_WITHDRAWN);
  /* The store says what changed; the page follows by itself. */
  kesu_test_flush_events ();

  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_RECEIVED), ==, 1);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_INVESTIGATING), ==, 1);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_PROPOSING), ==, 1);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_EXECUTING), ==, 0);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_FOLLOW_UP), ==, 0);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_CLOSED), ==, 1);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_WITHDRAWN), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, received));
  g_assert_true (column_has (f, KESU_STATE_INVESTIGATING, investigating));
  g_assert_true (column_has (f, KESU_STATE_PROPOSING, proposing));
  g_assert_true (column_has (f, KESU_STATE_CLOSED, closed));
  g_assert_true (column_has (f, KESU_STATE_WITHDRAWN, withdrawn));

  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      g_autofree char *header = _kesu_board_page_dup_header_text (f->page, s);
      g_autofree char *expected = g_strdup_printf ("%s %u", kesu_state_to_label (s),
                                                   kesu_board_page_get_column_count (f->page, s));

      g_assert_cmpstr (header, ==, expected);
    }

  /* A new case appears without being asked for. */
  add_complaint (f, "吴敏", KESU_CATEGORY_OTHER, KESU_SEVERITY_NORMAL, 24, 9);
  kesu_test_flush_events ();
  model = kesu_board_page_get_column_model (f->page, KESU_STATE_RECEIVED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
}

static void
test_board_overdue (Fixture       *f,
                    gconstpointer  data)
{
  /* Received yesterday at 9:00 and never answered: the 24-hour first response was due
   * at 9:00 today; it is 10:00. */
  gint64 late = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                               23, 9);
  gint64 fresh = add_complaint (f, "刘洋", KESU_CATEGORY_REPAIR_QUALITY, KESU_SEVERITY_URGENT,
                                24, 9);
  GListModel *model;
  KesuBoardCard *card;
  g_autofree char *due = NULL;

  kesu_test_flush_events ();
  model = kesu_board_page_get_column_model (f->page, KESU_STATE_RECEIVED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(KesuComplaint) first = g_list_model_get_item (model, 0);
    g_autoptr(KesuComplaint) second = g_list_model_get_item (model, 1);

    /* The late case first, although the other is urgent and newer. */
    g_assert_cmpint (kesu_complaint_get_id (first), ==, late);
    g_assert_true (kesu_complaint_is_overdue (first));
    due = kesu_complaint_dup_due_text (first, kesu_clock_now_unix ());
    g_assert_cmpstr (due, ==, expected_due (TRUE, 1));
    g_assert_cmpint (kesu_complaint_get_id (second), ==, fresh);
    g_assert_false (kesu_complaint_is_overdue (second));
  }

  wait_for_layout ();
  card = _kesu_board_page_find_card (f->page, late);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card), "kesu-overdue"));
  g_assert_cmpstr (kesu_board_card_get_due_text (card), ==, expected_due (TRUE, 1));
  card = _kesu_board_page_find_card (f->page, fresh);
  g_assert_nonnull (card);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (card), "kesu-overdue"));
  g_assert_cmpstr (kesu_board_card_get_due_text (card), ==, expected_due (FALSE, 1));

  /* Two hours later, with the window open: the board's own timer notices. */
  {
    g_autoptr(GDateTime) later = g_date_time_new_local (2026, 11, 24, 12, 0, 0);

    kesu_clock_set_fixed (later);
  }
  _kesu_board_page_tick (f->page);
  wait_for_layout ();
  card = _kesu_board_page_find_card (f->page, fresh);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card), "kesu-overdue"));
  g_assert_cmpstr (kesu_board_card_get_due_text (card), ==, expected_due (TRUE, 1));
  card = _kesu_board_page_find_card (f->page, late);
  g_assert_cmpstr (kesu_board_card_get_due_text (card), ==, expected_due (TRUE, 3));
}

static void
test_board_move_by_keyboard (Fixture       *f,
                             gconstpointer  data)
{
  gint64 id = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                             24, 9);

  KesuBoardCard *card;
  GtkRoot *root = GTK_ROOT (f->window);

  kesu_test_flush_events ();
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, id));
  wait_for_layout ();
  card = _kesu_board_page_find_card (f->page, id);
  g_assert_nonnull (card);
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (card)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "board.move-to", "(xi)",
                                             id, (gint32) KESU_STATE_INVESTIGATING));
  kesu_test_flush_events ();
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_INVESTIGATING);

  /* The keyboard focus went with the card to its new column. */
  wait_for_layout ();
  card = _kesu_board_page_find_card (f->page, id);
  g_assert_nonnull (card);
  g_assert_true (gtk_root_get_focus (root) == gtk_widget_get_parent (GTK_WIDGET (card)));
  g_assert_false (column_has (f, KESU_STATE_RECEIVED, id));
  g_assert_true (column_has (f, KESU_STATE_INVESTIGATING, id));
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_RECEIVED), ==, 0);
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_INVESTIGATING), ==, 1);
}

static void
test_board_context_menu (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                             24, 9);
  KesuBoardCard *card;
  GtkWidget *row;
  GtkWidget *popover = NULL;
  GMenuModel *menu;
  gboolean has_move = FALSE;

  kesu_test_flush_events ();
  wait_for_layout ();
  card = _kesu_board_page_find_card (f->page, id);
  g_assert_nonnull (card);

  /* Shift+F10 on the focused card, as without a mouse. */
  row = gtk_widget_get_parent (GTK_WIDGET (card));
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_has_focus (row));
  kesu_board_card_popup_menu (card);
  kesu_test_flush_events ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (card)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      popover = child;
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));

  /* Its items are the moves the workflow allows from "received". */
  menu = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autoptr(GVariant) target = NULL;
          gint64 target_id;
          gint32 target_state;

          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          if (!g_str_equal (action, "board.move-to"))
            continue;
          target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE ("(xi)"));
          g_variant_get (target, "(xi)", &target_id, &target_state);
          g_assert_cmpint (target_id, ==, id);
          g_assert_true (kesu_workflow_move_allowed (KESU_STATE_RECEIVED, target_state));
          has_move = TRUE;
        }
    }
  g_assert_true (has_move);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* The menu's item does the move. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "board.move-to", "(xi)", id,
                                             (gint32) KESU_STATE_INVESTIGATING));
  kesu_test_flush_events ();
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_INVESTIGATING);
}

static KesuComplaintView *
find_complaint_view (void)
{
  return kesu_test_find_window (KESU_TYPE_COMPLAINT_VIEW);
}

static void
test_board_open (Fixture       *f,
                 gconstpointer  data)
{
  gint64 id = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                             24, 9);
  KesuComplaintView *view;
  KesuBoardCard *card;
  GtkWidget *list_view;

  kesu_test_flush_events ();
  wait_for_layout ();
  card = _kesu_board_page_find_card (f->page, id);
  g_assert_nonnull (card);

  /* Enter or a double click on a card: its list's "activate". */
  list_view = gtk_widget_get_ancestor (GTK_WIDGET (card), GTK_TYPE_GRID_VIEW);
  g_assert_nonnull (list_view);
  g_signal_emit_by_name (list_view, "activate", 0u);
  kesu_test_flush_events ();
  view = find_complaint_view ();
  g_assert_nonnull (view);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (view)), ==, "KS-202611-0001");
  gtk_window_destroy (GTK_WINDOW (view));
  kesu_test_flush_events ();
  g_assert_null (find_complaint_view ());

  /* The context menu's "Open". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "board.open", "x", id));
  kesu_test_flush_events ();
  view = find_complaint_view ();
  g_assert_nonnull (view);
  gtk_window_destroy (GTK_WINDOW (view));
  kesu_test_flush_events ();
}

static void
test_board_drop (Fixture       *f,
                 gconstpointer  data)
{
  gint64 id = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                             24, 9);

  kesu_test_flush_events ();
  _kesu_board_page_drop (f->page, id, KESU_STATE_INVESTIGATING);
  kesu_test_flush_events ();
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_INVESTIGATING);
  g_assert_true (column_has (f, KESU_STATE_INVESTIGATING, id));
  g_assert_cmpuint (kesu_test_close_messages (), ==, 0);
}

static void
test_board_drop_refused (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                             24, 9);

  kesu_test_flush_events ();
  /* Received cannot be closed: nothing changes and the user is told why. */
  _kesu_board_page_drop (f->page, id, KESU_STATE_CLOSED);
  kesu_test_flush_events ();
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_RECEIVED);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, id));
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_CLOSED), ==, 0);
  g_assert_cmpuint (kesu_test_close_messages (), ==, 1);
}

static void
test_board_drop_asks (Fixture       *f,
                      gconstpointer  data)
{
  gint64 id = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                             24, 9);
  g_autoptr(KesuCaseData) input = kesu_case_data_new ();
  KesuMoveDialog *dialog;

  advance (f, id, KESU_STATE_INVESTIGATING);
  kesu_test_flush_events ();

  /* Proposing needs a finding the case does not have yet: a dialog asks for it, and
   * until it is confirmed nothing moves. */
  _kesu_board_page_drop (f->page, id, KESU_STATE_PROPOSING);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_INVESTIGATING);
  g_assert_true (column_has (f, KESU_STATE_INVESTIGATING, id));

  input->cause = g_strdup ("压缩机故障");
  input->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  g_assert_true (_kesu_move_dialog_submit (dialog, input));
  kesu_test_flush_events ();
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_PROPOSING);
  g_assert_true (column_has (f, KESU_STATE_PROPOSING, id));
  g_assert_false (column_has (f, KESU_STATE_INVESTIGATING, id));
}

static void
test_board_filters (Fixture       *f,
                    gconstpointer  data)
{
  gint64 quality = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY,
                                  KESU_SEVERITY_NORMAL, 23, 9);   /* overdue */
  gint64 price = add_complaint (f, "刘洋", KESU_CATEGORY_PRICE, KESU_SEVERITY_URGENT, 24, 9);
  gint64 mine = add_complaint_full (f, "赵磊", "丰田 凯美瑞", KESU_CATEGORY_PRICE,
                                    KESU_SEVERITY_IMPORTANT, 24, 8, f->staff_id);
  GtkDropDown *category = GTK_DROP_DOWN (_kesu_board_page_get_category_dropdown (f->page));
  GtkDropDown *severity = GTK_DROP_DOWN (_kesu_board_page_get_severity_dropdown (f->page));
  GtkDropDown *handler = GTK_DROP_DOWN (_kesu_board_page_get_handler_dropdown (f->page));
  GtkToggleButton *overdue = GTK_TOGGLE_BUTTON (_kesu_board_page_get_overdue_button (f->page));
  GtkEditable *search = GTK_EDITABLE (_kesu_board_page_get_search_entry (f->page));

  advance (f, price, KESU_STATE_INVESTIGATING);
  kesu_test_flush_events ();
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 2);
  g_assert_cmpuint (shown (f, KESU_STATE_INVESTIGATING), ==, 1);

  /* Category: "All categories" comes first, then the categories in order. */
  gtk_drop_down_set_selected (category, KESU_CATEGORY_PRICE + 1);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, mine));
  g_assert_true (column_has (f, KESU_STATE_INVESTIGATING, price));
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_RECEIVED), ==, 1);

  /* ... and with a severity: the filters work together, on every column. */
  gtk_drop_down_set_selected (severity, KESU_SEVERITY_URGENT + 1);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 0);
  g_assert_cmpuint (shown (f, KESU_STATE_INVESTIGATING), ==, 1);
  kesu_test_screenshot (GTK_WIDGET (f->window), "board-filtered");
  gtk_drop_down_set_selected (severity, 0);
  gtk_drop_down_set_selected (category, 0);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 2);

  /* Overdue only. */
  gtk_toggle_button_set_active (overdue, TRUE);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, quality));
  g_assert_cmpuint (shown (f, KESU_STATE_INVESTIGATING), ==, 0);
  gtk_toggle_button_set_active (overdue, FALSE);

  /* Mine: the operator's own cases. */
  gtk_drop_down_set_selected (handler, 1);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, mine));
  g_assert_cmpuint (shown (f, KESU_STATE_INVESTIGATING), ==, 0);
  gtk_drop_down_set_selected (handler, 0);

  /* Search, by customer name and by vehicle model. */
  gtk_editable_set_text (search, "陈静");
  kesu_board_page_refresh (f->page);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, quality));
  g_assert_cmpuint (shown (f, KESU_STATE_INVESTIGATING), ==, 0);
  gtk_editable_set_text (search, "凯美瑞");
  kesu_board_page_refresh (f->page);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, mine));

  /* Clearing the filters shows everything again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "board.clear-filters", NULL));
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 2);
  g_assert_cmpuint (shown (f, KESU_STATE_INVESTIGATING), ==, 1);
}

static void
test_board_escalated (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) escalated = NULL;
  gint64 late = add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL,
                               23, 9);
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (_kesu_board_page_get_escalated_button (f->page));

  add_complaint (f, "刘洋", KESU_CATEGORY_PRICE, KESU_SEVERITY_NORMAL, 24, 9);
  /* The operator manages the handler: the late case escalates to them. */
  g_assert_true (kesu_store_set_staff_manager (f->store, f->handler_id, f->staff_id, &error));
  g_assert_no_error (error);
  escalated = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalated->len, ==, 1);
  kesu_test_flush_events ();

  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 2);
  gtk_toggle_button_set_active (button, TRUE);
  g_assert_cmpuint (shown (f, KESU_STATE_RECEIVED), ==, 1);
  g_assert_true (column_has (f, KESU_STATE_RECEIVED, late));
}

static void
test_board_filters_persist (Fixture       *f,
                            gconstpointer  data)
{
  GtkDropDown *category = GTK_DROP_DOWN (_kesu_board_page_get_category_dropdown (f->page));
  GtkDropDown *handler = GTK_DROP_DOWN (_kesu_board_page_get_handler_dropdown (f->page));
  GtkToggleButton *overdue = GTK_TOGGLE_BUTTON (_kesu_board_page_get_overdue_button (f->page));
  KesuWindow *again;
  KesuBoardPage *page;

  add_complaint (f, "陈静", KESU_CATEGORY_VEHICLE_QUALITY, KESU_SEVERITY_NORMAL, 23, 9);
  gtk_drop_down_set_selected (category, KESU_CATEGORY_PARTS + 1);
  gtk_drop_down_set_selected (handler, 1);
  gtk_toggle_button_set_active (overdue, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (_kesu_board_page_get_search_entry (f->page)), "沪A");
  wait_for_layout ();  /* the search entry waits a moment before it says it changed */
  for (int i = 0; i < 30; i++)
    {
      kesu_test_flush_events ();
      g_usleep (10000);
    }

  /* The next start finds the board as it was left. */
  again = kesu_window_new (NULL, f->store);
  gtk_window_present (GTK_WINDOW (again));
  kesu_test_flush_events ();
  page = KESU_BOARD_PAGE (gtk_widget_get_template_child (GTK_WIDGET (again), KESU_TYPE_WINDOW,
                                                         "board_page"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (
                      _kesu_board_page_get_category_dropdown (page))), ==,
                    KESU_CATEGORY_PARTS + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (
                      _kesu_board_page_get_handler_dropdown (page))), ==, 1);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
                   _kesu_board_page_get_overdue_button (page))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     _kesu_board_page_get_search_entry (page))), ==, "沪A");
  g_assert_cmpuint (kesu_board_page_get_column_count (page, KESU_STATE_RECEIVED), ==, 0);
  gtk_window_destroy (GTK_WINDOW (again));
  kesu_test_flush_events ();
}

static void
test_board_done_limit (Fixture       *f,
                       gconstpointer  data)
{
  KesuDb *db = kesu_store_get_db (f->store);
  g_autoptr(GError) error = NULL;
  GListModel *model;

  /* One transaction around them all, only to be quick. */
  g_assert_true (kesu_db_begin (db, &error));
  for (guint i = 0; i < 205; i++)
    {
      g_autofree char *name = g_strdup_printf ("客户%u", i);
      gint64 id = add_complaint (f, name, KESU_CATEGORY_OTHER, KESU_SEVERITY_NORMAL,
                                 1 + i % 23, 8 + i % 10);

      advance (f, id, KESU_STATE_WITHDRAWN);
    }
  g_assert_true (kesu_db_commit (db, &error));
  g_assert_no_error (error);
  kesu_board_page_refresh (f->page);

  /* The header tells the truth; the column shows the most recent 200. */
  g_assert_cmpuint (kesu_board_page_get_column_count (f->page, KESU_STATE_WITHDRAWN), ==, 205);
  model = kesu_board_page_get_column_model (f->page, KESU_STATE_WITHDRAWN);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 200);
  {
    g_autoptr(KesuComplaint) first = g_list_model_get_item (model, 0);
    g_autoptr(KesuComplaint) last = g_list_model_get_item (model, 199);

    g_assert_cmpint (kesu_complaint_get_received_unix (first), >=,
                     kesu_complaint_get_received_unix (last));
  }
}

/* A branch's board as the README shows it: demo data, the recent cases spread over the
 * loop, the older ones done. */
static void
test_board_demo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = NULL;
  gint64 now = kesu_clock_now_unix ();
  guint total = 0;

  g_assert_true (kesu_demo_generate (f->store, 300, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  all = kesu_store_query_complaints (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (all, i);
      gint64 age = now - kesu_complaint_get_received_unix (c);

      if (kesu_complaint_get_state (c) != KESU_STATE_RECEIVED)
        continue;
      if (age > 30 * 24 * 3600)
        advance (f, kesu_complaint_get_id (c), i % 15 == 0 ? KESU_STATE_WITHDRAWN
                                                            : KESU_STATE_CLOSED);
      else
        advance (f, kesu_complaint_get_id (c), (KesuState) (i % 5));
    }
  kesu_test_flush_events ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1900, 960);
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      total += kesu_board_page_get_column_count (f->page, s);
      g_assert_cmpuint (shown (f, s), <=, kesu_board_page_get_column_count (f->page, s));
    }
  g_assert_cmpuint (total, ==, kesu_store_count_complaints (f->store));
  kesu_test_screenshot (GTK_WIDGET (f->window), "board");
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/board/columns", test_board_columns);
  ADD ("/board/overdue", test_board_overdue);
  ADD ("/board/move-by-keyboard", test_board_move_by_keyboard);
  ADD ("/board/context-menu", test_board_context_menu);
  ADD ("/board/open", test_board_open);
  ADD ("/board/drop", test_board_drop);
  ADD ("/board/drop-refused", test_board_drop_refused);
  ADD ("/board/drop-asks", test_board_drop_asks);
  ADD ("/board/filters", test_board_filters);
  ADD ("/board/escalated-to-me", test_board_escalated);
  ADD ("/board/filters-persist", test_board_filters_persist);
  ADD ("/board/done-limit", test_board_done_limit);
  ADD ("/board/demo", test_board_demo);

  return g_test_run ();
}
