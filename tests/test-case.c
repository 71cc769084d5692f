/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>
#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-clock.h"
#include "kesu-complaint-view-private.h"
#include "kesu-complaint.h"
#include "kesu-move-dialog.h"
#include "kesu-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  GtkWindow *parent;
  gint64     staff_id;
  gint64     handler_id;
  gint64     other_id;
  gint64     complaint_id;
} Fixture;

typedef struct
{
  guint     calls;
  gboolean  moved;
  KesuState state;
} DoneResult;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) intake = NULL;

  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-case", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->staff_id, &f->handler_id);
  f->other_id = kesu_test_add_staff (f->store, "赵敏", KESU_ROLE_AFTER_SALES_MANAGER, NULL,
                                     &error);
  g_assert_no_error (error);

  intake = kesu_test_intake_new (kesu_test_local_unix (2026, 11, 24, 9, 30), f->staff_id,
                                 f->handler_id, "陈静", "13987654321",
                                 "空调不制冷，已经修过一次还是不行。",
                                 "要求彻底修好并提供代步车");
  intake->channel = KESU_CHANNEL_WALK_IN;
  intake->vehicle_model = g_strdup ("本田 雅阁");
  intake->plate = g_strdup ("沪B54321");
  intake->emotion = KESU_EMOTION_ANXIOUS;
  intake->severity = KESU_SEVERITY_IMPORTANT;
  f->complaint_id = kesu_test_add_intake (f->store, intake);

  f->parent = kesu_test_parent_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_close_messages ();
  kesu_test_tear_down (f->parent, &f->store, &f->dir, &f->path);
}

static void
done_cb (gboolean  moved,
         KesuState new_state,
         gpointer  user_data)
{
  DoneResult *result = user_data;

  result->calls++;
  result->moved = moved;
  result->state = new_state;
}

static KesuState
state_of (Fixture *f)
{
  return kesu_test_state_of (f->store, f->complaint_id);
}

static KesuCaseData *
case_data (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KesuCaseData *d = kesu_store_get_case_data (f->store, f->complaint_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

/* Starts the move and, when a dialog opens, submits @input (NULL: expects no dialog). */
static void
move_shot (Fixture            *f,
           KesuState           to,
           const KesuCaseData *input,
           KesuState           expected,
           const char         *screenshot)
{
  DoneResult result = { 0 };
  KesuMoveDialog *dialog;

  kesu_move_start (f->parent, f->store, f->complaint_id, to, done_cb, &result);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  if (input == NULL)
    g_assert_null (dialog);
  else
    {
      g_assert_nonnull (dialog);
      g_assert_cmpuint (result.calls, ==, 0);
      if (screenshot != NULL)
        kesu_test_screenshot (GTK_WIDGET (dialog), screenshot);
      g_assert_true (_kesu_move_dialog_submit (dialog, input));
      kesu_test_flush_events ();
      g_assert_null (_kesu_move_dialog_get_current ());
    }
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_true (result.moved);
  g_assert_cmpint (result.state, ==, expected);
  g_assert_cmpint (state_of (f), ==, expected);
}

static void
move (Fixture            *f,
      KesuState           to,
      const KesuCaseData *input,
      KesuState           expected)
{
  move_shot (f, to, input, expected, NULL);
}

/* Like move (), for steps whose facts may be stored from an earlier round already. */
static void
advance (Fixture            *f,
         KesuState           to,
         const KesuCaseData *input,
         KesuState           expected)
{
  DoneResult result = { 0 };
  KesuMoveDialog *dialog;

  kesu_move_start (f->parent, f->store, f->complaint_id, to, done_cb, &result);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  if (dialog != NULL)
    g_assert_true (_kesu_move_dialog_submit (dialog, input));
  kesu_test_flush_events ();
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_true (result.moved);
  g_assert_cmpint (state_of (f), ==, expected);
}

static KesuCaseData *
finding (void)
{
  KesuCaseData *d = kesu_case_data_new ();

  d->cause = g_strdup ("上次维修未更换膨胀阀，冷媒泄漏。");
  d->responsibility = KESU_RESPONSIBILITY_DEALER_AFTER_SALES;
  d->recurring = TRUE;
  return d;
}

static KesuCaseData *
agreement (void)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) deadline = g_date_time_add_days (now, 2);
  KesuCaseData *d = kesu_case_data_new ();

  d->solution = KESU_SOLUTION_REPAIR;
  d->measures = g_strdup ("免费更换膨胀阀并补充冷媒，维修期间提供代步车。");
  /* ¥500: exactly 李强's limit as a service advisor, so no approval is needed
   * (test-approval covers amounts beyond it). */
  d->amount_fen = 50000;
  d->solution_deadline = g_date_time_to_unix (deadline);
  d->agreed_at = kesu_clock_now_unix ();
  d->agreement_note = g_strdup ("客户现场签字");
  return d;
}

static KesuCaseData *
measures_done (void)
{
  KesuCaseData *d = kesu_case_data_new ();

  d->measures_result = g_strdup ("已更换膨胀阀，空调出风温度 6℃，客户试车确认。");
  return d;
}

static KesuCaseData *
satisfaction (int rating)
{
  KesuCaseData *d = kesu_case_data_new ();

  d->satisfaction = rating;
  d->satisfaction_comment = g_strdup (rating > 2 ? "修好了，服务态度很好。" : "还是有异味，不满意。");
  return d;
}

static void
test_move_at_once (Fixture       *f,
                   gconstpointer  data)
{
  /* The case has its handler from intake: nothing to ask. */
  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);
  g_assert_cmpuint (kesu_test_close_messages (), ==, 0);
}

static void
test_move_with_dialog (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = finding ();
  g_autoptr(KesuCaseData) stored = NULL;

  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);
  move (f, KESU_STATE_PROPOSING, input, KESU_STATE_PROPOSING);

  stored = case_data (f);
  g_assert_cmpstr (stored->cause, ==, input->cause);
  g_assert_cmpint (stored->responsibility, ==, KESU_RESPONSIBILITY_DEALER_AFTER_SALES);
  g_assert_true (stored->recurring);
}

static void
test_move_missing_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KesuCaseData) partial = kesu_case_data_new ();
  g_autoptr(KesuCaseData) rest = kesu_case_data_new ();
  DoneResult result = { 0 };
  KesuMoveDialog *dialog;

  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);

  kesu_move_start (f->parent, f->store, f->complaint_id, KESU_STATE_PROPOSING, done_cb, &result);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  g_assert_nonnull (dialog);
  kesu_test_screenshot (GTK_WIDGET (dialog), "move-dialog-empty");

  /* The cause alone is not a finding: refused, the dialog stays with what was typed. */
  partial->cause = g_strdup ("冷媒泄漏");
  g_assert_false (_kesu_move_dialog_submit (dialog, partial));
  kesu_test_flush_events ();
  g_assert_true (_kesu_move_dialog_get_current () == dialog);
  g_assert_cmpuint (result.calls, ==, 0);
  g_assert_cmpint (state_of (f), ==, KESU_STATE_INVESTIGATING);

  /* The rest, and it moves, keeping the cause typed before. */
  rest->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  g_assert_true (_kesu_move_dialog_submit (dialog, rest));
  kesu_test_flush_events ();
  g_assert_null (_kesu_move_dialog_get_current ());
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_true (result.moved);
  g_assert_cmpint (state_of (f), ==, KESU_STATE_PROPOSING);
  {
    g_autoptr(KesuCaseData) stored = case_data (f);

    g_assert_cmpstr (stored->cause, ==, "冷媒泄漏");
    g_assert_cmpint (stored->responsibility, ==, KESU_RESPONSIBILITY_MANUFACTURER);
  }
}

static void
test_move_cancelled (Fixture       *f,
                     gconstpointer  data)
{
  DoneResult result = { 0 };
  KesuMoveDialog *dialog;

  kesu_move_start (f->parent, f->store, f->complaint_id, KESU_STATE_WITHDRAWN, done_cb, &result);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  g_assert_nonnull (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  g_assert_null (_kesu_move_dialog_get_current ());
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_false (result.moved);
  g_assert_cmpint (result.state, ==, KESU_STATE_RECEIVED);
  g_assert_cmpint (state_of (f), ==, KESU_STATE_RECEIVED);
}

static void
test_move_store_refuses (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = finding ();
  g_autoptr(KesuCaseData) withdraw = kesu_case_data_new ();
  g_autoptr(GError) error = NULL;
  DoneResult result = { 0 };
  KesuMoveDialog *dialog;
  GtkWidget *error_box;
  KesuState state;

  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);
  kesu_move_start (f->parent, f->store, f->complaint_id, KESU_STATE_PROPOSING, done_cb, &result);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  g_assert_nonnull (dialog);

  /* Someone else withdraws the case meanwhile: the store refuses, the dialog says why
   * and stays open. */
  withdraw->reason = g_strdup ("客户撤回投诉");
  g_assert_true (kesu_store_move (f->store, f->complaint_id, KESU_STATE_WITHDRAWN, withdraw,
                                  &state, &error));
  g_assert_no_error (error);
  g_assert_false (_kesu_move_dialog_submit (dialog, input));
  kesu_test_flush_events ();
  g_assert_true (_kesu_move_dialog_get_current () == dialog);
  g_assert_cmpuint (result.calls, ==, 0);
  error_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                         KESU_TYPE_MOVE_DIALOG, "error_box"));
  g_assert_true (gtk_widget_get_visible (error_box));
  kesu_test_screenshot (GTK_WIDGET (dialog), "move-dialog-refused");
  g_assert_cmpint (state_of (f), ==, KESU_STATE_WITHDRAWN);

  gtk_window_close (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_false (result.moved);
}

static void
test_move_refused (Fixture       *f,
                   gconstpointer  data)
{
  DoneResult result = { 0 };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  guint n_events;

  events = kesu_store_list_events (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  n_events = events->len;

  kesu_move_start (f->parent, f->store, f->complaint_id, KESU_STATE_CLOSED, done_cb, &result);
  kesu_test_flush_events ();
  g_assert_null (_kesu_move_dialog_get_current ());
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_false (result.moved);
  g_assert_cmpint (result.state, ==, KESU_STATE_RECEIVED);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (GTK_IS_MESSAGE_DIALOG (window))
          kesu_test_screenshot (GTK_WIDGET (window), "move-refused");
      }
  }
  /* The reason is shown in a message, which does not block. */
  g_assert_cmpuint (kesu_test_close_messages (), ==, 1);

  g_assert_cmpint (state_of (f), ==, KESU_STATE_RECEIVED);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = kesu_store_list_events (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, n_events);
}

static void
test_full_life (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KesuCaseData) found = finding ();
  g_autoptr(KesuCaseData) agreed = agreement ();
  g_autoptr(KesuCaseData) done = measures_done ();
  g_autoptr(KesuCaseData) happy = satisfaction (5);
  g_autoptr(KesuCaseData) stored = NULL;

  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);
  move (f, KESU_STATE_PROPOSING, found, KESU_STATE_PROPOSING);
  move (f, KESU_STATE_EXECUTING, agreed, KESU_STATE_EXECUTING);
  move (f, KESU_STATE_FOLLOW_UP, done, KESU_STATE_FOLLOW_UP);
  move (f, KESU_STATE_CLOSED, happy, KESU_STATE_CLOSED);

  stored = case_data (f);
  g_assert_cmpint (stored->solution, ==, KESU_SOLUTION_REPAIR);
  g_assert_cmpstr (stored->measures, ==, agreed->measures);
  g_assert_cmpint (stored->amount_fen, ==, 50000);
  /* The deadline is typed to the minute. */
  g_assert_cmpint (stored->solution_deadline / 60, ==, agreed->solution_deadline / 60);
  g_assert_cmpint (stored->agreed_at, >, 0);
  g_assert_cmpstr (stored->agreement_note, ==, "客户现场签字");
  g_assert_cmpstr (stored->measures_result, ==, done->measures_result);
  g_assert_cmpint (stored->satisfaction, ==, 5);
  g_assert_cmpstr (stored->satisfaction_comment, ==, happy->satisfaction_comment);
}

static void
test_dissatisfied_reopens (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KesuCaseData) found = finding ();
  g_autoptr(KesuCaseData) agreed = agreement ();
  g_autoptr(KesuCaseData) done = measures_done ();
  g_autoptr(KesuCaseData) unhappy = satisfaction (2);

  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);
  move (f, KESU_STATE_PROPOSING, found, KESU_STATE_PROPOSING);
  move (f, KESU_STATE_EXECUTING, agreed, KESU_STATE_EXECUTING);
  move (f, KESU_STATE_FOLLOW_UP, done, KESU_STATE_FOLLOW_UP);
  move_shot (f, KESU_STATE_CLOSED, unhappy, KESU_STATE_INVESTIGATING, "move-dialog-follow-up");

  /* A second round: the dissatisfied answer of the first follow-up is not taken for
   * the second one, which asks again. */
  advance (f, KESU_STATE_PROPOSING, found, KESU_STATE_PROPOSING);
  advance (f, KESU_STATE_EXECUTING, agreed, KESU_STATE_EXECUTING);
  advance (f, KESU_STATE_FOLLOW_UP, done, KESU_STATE_FOLLOW_UP);
  {
    g_autoptr(KesuCaseData) happy = satisfaction (4);

    move (f, KESU_STATE_CLOSED, happy, KESU_STATE_CLOSED);
  }
}

static void
test_case_window (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KesuCaseData) found = finding ();
  g_autoptr(KesuCaseData) agreed = agreement ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  KesuComplaintView *view;
  guint n_rows;

  move (f, KESU_STATE_INVESTIGATING, NULL, KESU_STATE_INVESTIGATING);
  move (f, KESU_STATE_PROPOSING, found, KESU_STATE_PROPOSING);
  g_assert_true (kesu_store_record_contact (f->store, f->complaint_id, KESU_CHANNEL_PHONE,
                                            "已告知调查结果，明天上午给出维修方案。",
                                            kesu_clock_now_unix () + 24 * 3600, &error));
  g_assert_no_error (error);

  view = kesu_test_open_case (f->parent, f->store, f->complaint_id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (view)), ==, "KS-202611-0001");
  /* One window per case. */
  g_assert_true (kesu_complaint_view_present (f->parent, f->store, f->complaint_id) == view);

  events = kesu_store_list_events (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  n_rows = _kesu_complaint_view_get_n_timeline_rows (view);
  g_assert_cmpuint (n_rows, ==, events->len);
  g_assert_cmpuint (n_rows, >=, 3);
  {
    /* Newest first. */
    g_autofree char *first = _kesu_complaint_view_dup_timeline_text (view, 0);

    g_autofree char *contact = g_strdup_printf (_("Contact with the customer (%s)"),
                                                kesu_channel_to_label (KESU_CHANNEL_PHONE));

    /* In whatever language the test runs (screenshots are made in Chinese). */
    g_assert_nonnull (strstr (first, contact));
  }

  /* A note through the small dialog: the window reloads itself. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.note", NULL));
  kesu_test_flush_events ();
  g_assert_nonnull (_kesu_complaint_view_get_action_dialog (view));
  g_assert_false (_kesu_complaint_view_submit_action_dialog (view, "   ", 0));
  g_assert_nonnull (_kesu_complaint_view_get_action_dialog (view));
  g_assert_true (_kesu_complaint_view_submit_action_dialog (view, "客户要求先出书面方案。", 0));
  kesu_test_flush_events ();
  g_assert_null (_kesu_complaint_view_get_action_dialog (view));
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (view), ==, n_rows + 1);

  /* A move from the window: the dialog opens over it, and the window follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.move", "i",
                                             (gint32) KESU_STATE_EXECUTING));
  kesu_test_flush_events ();
  g_assert_nonnull (_kesu_move_dialog_get_current ());
  kesu_test_screenshot (GTK_WIDGET (_kesu_move_dialog_get_current ()), "move-dialog");
  g_assert_true (_kesu_move_dialog_submit (_kesu_move_dialog_get_current (), agreed));
  kesu_test_flush_events ();
  g_assert_cmpint (state_of (f), ==, KESU_STATE_EXECUTING);
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (view), >, n_rows + 1);

  gtk_window_set_default_size (GTK_WINDOW (view), 1200, 860);
  kesu_test_screenshot (GTK_WIDGET (view), "case");
  /* A narrow window puts the timeline under the record. */
  gtk_window_set_default_size (GTK_WINDOW (view), 760, 900);
  kesu_test_screenshot (GTK_WIDGET (view), "case-narrow");
  gtk_window_destroy (GTK_WINDOW (view));
  kesu_test_flush_events ();
}

static void
test_case_window_actions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_path = g_build_filename (f->dir, "维修单.txt", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *contents = NULL;
  KesuComplaintView *view;
  guint n_rows;

  view = kesu_test_open_case (f->parent, f->store, f->complaint_id);
  n_rows = _kesu_complaint_view_get_n_timeline_rows (view);

  /* Contact: the next contact defaults to tomorrow 10:00. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.contact", NULL));
  kesu_test_flush_events ();
  kesu_test_screenshot (GTK_WIDGET (_kesu_complaint_view_get_action_dialog (view)),
                        "contact-dialog");
  g_assert_true (_kesu_complaint_view_submit_action_dialog (view, "已电话致歉，告知明天回复。", 0));
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (view), ==, n_rows + 1);

  /* Waiting, then resumed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.wait", NULL));
  kesu_test_flush_events ();
  g_assert_true (_kesu_complaint_view_submit_action_dialog (view, "等待厂家配件到货", 0));
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (view), ==, n_rows + 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.resume", NULL));
  kesu_test_flush_events ();
  g_assert_cmpuint (kesu_test_close_messages (), ==, 0);
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (view), ==, n_rows + 3);

  /* Reassign: a manager's (the front desk is refused by the store). */
  kesu_store_set_operator (f->store, f->other_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.reassign", NULL));
  kesu_test_flush_events ();
  g_assert_true (_kesu_complaint_view_submit_action_dialog (view, NULL, f->other_id));
  kesu_test_flush_events ();
  stored = case_data (f);
  g_assert_cmpint (stored->handler_id, ==, f->other_id);
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (view), ==, n_rows + 4);

  /* Evidence: attached, then opened from a temporary copy. */
  g_assert_true (g_file_set_contents (file_path, "RO2026112401", -1, NULL));
  file = g_file_new_for_path (file_path);
  g_assert_true (_kesu_complaint_view_attach_file (view, file, &error));
  g_assert_no_error (error);
  kesu_test_flush_events ();
  attachments = kesu_store_list_attachments (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 1);
  copy = _kesu_complaint_view_write_evidence_copy (view, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (copy, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, "RO2026112401");
  {
    g_autofree char *name = g_file_get_basename (copy);

    g_assert_cmpstr (name, ==, "维修单.txt");
  }
  g_file_delete (copy, NULL, NULL);

  gtk_window_destroy (GTK_WINDOW (view));
  kesu_test_flush_events ();
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/case/move/at-once", test_move_at_once);
  ADD ("/case/move/dialog", test_move_with_dialog);
  ADD ("/case/move/missing-data", test_move_missing_data);
  ADD ("/case/move/cancelled", test_move_cancelled);
  ADD ("/case/move/refused", test_move_refused);
  ADD ("/case/move/store-refuses", test_move_store_refuses);
  ADD ("/case/move/full-life", test_full_life);
  ADD ("/case/move/dissatisfied-reopens", test_dissatisfied_reopens);
  ADD ("/case/window/timeline", test_case_window);
  ADD ("/case/window/actions", test_case_window_actions);

  return g_test_run ();
}
