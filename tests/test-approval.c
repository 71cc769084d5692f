/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <gtk/gtk.h>

#include "kesu-approval-dialog-private.h"
#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint-view-private.h"
#include "kesu-complaint.h"
#include "kesu-move-dialog.h"
#include "kesu-test-util.h"

/* The move to the customer blocked while the amount is beyond the handler's limit, and
 * the two ways on: "Approve Now" on this computer, and "Awaiting My Approval". */

typedef struct
{
  char      *dir;
  KesuStore *store;
  GtkWindow *parent;
  gint64     manager_id;   /* 王芳, after-sales manager (¥5,000), the operator */
  gint64     handler_id;   /* 李强, service advisor (¥500) */
  gint64     general_id;   /* 赵敏, general manager (¥50,000) */
  gint64     complaint_id;
} Fixture;

typedef struct
{
  guint     calls;
  gboolean  moved;
} DoneResult;

#define MANAGER_PIN "2468"
#define HANDLER_PIN "1357"
#define GENERAL_PIN "8642"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  KesuState state;

  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-approval", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir, NULL,
                                  &f->manager_id, &f->handler_id);
  kesu_store_set_operator (f->store, f->manager_id);
  f->general_id = kesu_store_add_staff (f->store, "赵敏", KESU_ROLE_GENERAL_MANAGER, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kesu_store_set_pin (f->store, f->manager_id, MANAGER_PIN, &error));
  g_assert_true (kesu_store_set_pin (f->store, f->handler_id, HANDLER_PIN, &error));
  g_assert_true (kesu_store_set_pin (f->store, f->general_id, GENERAL_PIN, &error));
  g_assert_no_error (error);

  intake = kesu_test_intake_new (kesu_test_local_unix (2026, 11, 24, 9, 30), f->manager_id,
                                 f->handler_id, "陈静", "13987654321",
                                 "变速箱异响，三次维修未解决。", "要求赔偿误工费");
  intake->channel = KESU_CHANNEL_WALK_IN;
  intake->vehicle_model = g_strdup ("本田 雅阁");
  intake->emotion = KESU_EMOTION_ANGRY;
  intake->severity = KESU_SEVERITY_IMPORTANT;
  f->complaint_id = kesu_test_add_intake (f->store, intake);

  /* The handler works the case up to the proposal. */
  kesu_store_set_operator (f->store, f->handler_id);
  g_assert_true (kesu_store_move (f->store, f->complaint_id, KESU_STATE_INVESTIGATING, NULL,
                                  &state, &error));
  finding->cause = g_strdup ("变速箱阀体磨损，前两次维修未发现。");
  finding->responsibility = KESU_RESPONSIBILITY_DEALER_AFTER_SALES;
  g_assert_true (kesu_store_move (f->store, f->complaint_id, KESU_STATE_PROPOSING, finding,
                                  &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, KESU_STATE_PROPOSING);

  f->parent = kesu_test_parent_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_close_messages ();
  kesu_test_tear_down (f->parent, &f->store, &f->dir, NULL);
}

static void
done_cb (gboolean  moved,
         KesuState new_state,
         gpointer  user_data)
{
  DoneResult *result = user_data;

  result->calls++;
  result->moved = moved;
}

/* What the handler types when the customer agrees: compensation of @amount_fen. */
static KesuCaseData *
agreement (gint64 amount_fen)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) deadline = g_date_time_add_days (now, 2);
  KesuCaseData *d = kesu_case_data_new ();

  d->solution = KESU_SOLUTION_COMPENSATION;
  d->measures = g_strdup ("更换变速箱阀体，补偿客户误工费。");
  d->amount_fen = amount_fen;
  d->solution_deadline = g_date_time_to_unix (deadline);
  d->agreed_at = kesu_clock_now_unix ();
  d->agreement_note = g_strdup ("客户现场签字");
  return d;
}

static KesuMoveDialog *
start_agreement (Fixture    *f,
                 DoneResult *result)
{
  KesuMoveDialog *dialog;

  kesu_move_start (f->parent, f->store, f->complaint_id, KESU_STATE_EXECUTING, done_cb, result);
  kesu_test_flush_events ();
  dialog = _kesu_move_dialog_get_current ();
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
has_event (Fixture       *f,
           KesuEventKind  kind,
           gint64         staff_id,
           const char    *detail_part)
{
  g_autoptr(GPtrArray) events = kesu_store_list_events (f->store, f->complaint_id, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      KesuEvent *e = g_ptr_array_index (events, i);

      if (e->kind == kind && e->staff_id == staff_id
          && (detail_part == NULL || (e->detail != NULL && strstr (e->detail, detail_part))))
        return TRUE;
    }
  return FALSE;
}

static void
test_within_limit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = agreement (30000);
  DoneResult result = { 0 };
  KesuMoveDialog *dialog = start_agreement (f, &result);

  /* ¥300 is within the service advisor's ¥500: nothing blocks the move. */
  g_assert_true (_kesu_move_dialog_submit (dialog, input));
  kesu_test_flush_events ();
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_true (result.moved);
  g_assert_cmpint (kesu_test_state_of (f->store, f->complaint_id), ==, KESU_STATE_EXECUTING);
}

static void
test_approve_now (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = agreement (800000);
  DoneResult result = { 0 };
  KesuMoveDialog *dialog = start_agreement (f, &result);
  KesuApprovalDialog *approval;
  const char *note;

  /* ¥8,000 is beyond 李强's ¥500: the move is refused and the dialog says why. */
  g_assert_false (_kesu_move_dialog_submit (dialog, input));
  note = _kesu_move_dialog_get_approval_note (dialog);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "¥8,000.00"));
  g_assert_nonnull (strstr (note, "李强"));
  g_assert_nonnull (strstr (note, "¥500.00"));
  g_assert_cmpuint (result.calls, ==, 0);
  g_assert_true (_kesu_move_dialog_get_current () == dialog);
  g_assert_cmpint (kesu_test_state_of (f->store, f->complaint_id), ==, KESU_STATE_PROPOSING);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 860);
  kesu_test_screenshot (GTK_WIDGET (dialog), "approval-block");

  approval = KESU_APPROVAL_DIALOG (_kesu_move_dialog_approve_now (dialog));
  g_assert_nonnull (approval);
  kesu_test_flush_events ();
  kesu_test_screenshot (GTK_WIDGET (approval), "approval-pin");

  /* 王芳's ¥5,000 does not cover ¥8,000: refused with the store's message. */
  g_assert_false (_kesu_approval_dialog_submit (approval, f->manager_id, MANAGER_PIN, NULL));
  g_assert_nonnull (_kesu_approval_dialog_get_error (approval));
  g_assert_nonnull (_kesu_move_dialog_get_approval_note (dialog));
  g_assert_false (has_event (f, KESU_EVENT_APPROVED, f->manager_id, NULL));

  /* The right person with a wrong PIN: refused too. */
  g_assert_false (_kesu_approval_dialog_submit (approval, f->general_id, "0000", NULL));
  g_assert_nonnull (_kesu_approval_dialog_get_error (approval));
  g_assert_nonnull (_kesu_move_dialog_get_approval_note (dialog));

  /* 赵敏's ¥50,000 covers it. */
  g_assert_true (_kesu_approval_dialog_submit (approval, f->general_id, GENERAL_PIN, NULL));
  kesu_test_flush_events ();
  g_assert_null (_kesu_move_dialog_get_approval_note (dialog));
  g_assert_true (has_event (f, KESU_EVENT_APPROVED, f->general_id, NULL));
  kesu_test_screenshot (GTK_WIDGET (dialog), "approval-approved");

  g_assert_true (_kesu_move_dialog_submit (dialog, NULL));
  kesu_test_flush_events ();
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_true (result.moved);
  g_assert_cmpint (kesu_test_state_of (f->store, f->complaint_id), ==, KESU_STATE_EXECUTING);
  {
    g_autoptr(KesuCaseData) stored = kesu_store_get_case_data (f->store, f->complaint_id, NULL);

    g_assert_cmpint (stored->amount_fen, ==, 800000);
  }
}

static void
test_awaiting_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = agreement (800000);
  DoneResult result = { 0 };
  KesuMoveDialog *dialog = start_agreement (f, &result);
  KesuApprovalListDialog *list;
  KesuApprovalDialog *approval;
  GtkWidget *widget;

  g_assert_false (_kesu_move_dialog_submit (dialog, input));
  g_assert_nonnull (_kesu_move_dialog_get_approval_note (dialog));
  /* Left awaiting approval: the solution is stored, the case does not move. */
  g_assert_true (_kesu_move_dialog_leave_awaiting (dialog));
  kesu_test_flush_events ();
  g_assert_null (_kesu_move_dialog_get_current ());
  g_assert_cmpuint (result.calls, ==, 1);
  g_assert_false (result.moved);
  g_assert_cmpuint (kesu_test_close_messages (), ==, 1);
  g_assert_cmpint (kesu_test_state_of (f->store, f->complaint_id), ==, KESU_STATE_PROPOSING);
  {
    g_autoptr(KesuCaseData) stored = kesu_store_get_case_data (f->store, f->complaint_id, NULL);

    g_assert_cmpint (stored->amount_fen, ==, 800000);
  }

  /* The case's own window says it awaits approval. */
  {
    KesuComplaintView *view = kesu_test_open_case (f->parent, f->store, f->complaint_id);

    g_assert_true (_kesu_complaint_view_shows_approval_banner (view));
    gtk_window_destroy (GTK_WINDOW (view));
  }

  /* 王芳 (¥5,000) cannot approve it, so it is not in her list. */
  kesu_store_set_operator (f->store, f->manager_id);
  widget = kesu_approval_list_dialog_new (f->parent, f->store);
  g_assert_true (KESU_IS_APPROVAL_LIST_DIALOG (widget));
  g_assert_cmpuint (_kesu_approval_list_dialog_get_n_requests (KESU_APPROVAL_LIST_DIALOG (widget)),
                    ==, 0);
  gtk_window_destroy (GTK_WINDOW (widget));

  /* 赵敏 (¥50,000) has it; she refuses it, and the reason is required. */
  kesu_store_set_operator (f->store, f->general_id);
  widget = kesu_approval_list_dialog_new (f->parent, f->store);
  list = KESU_APPROVAL_LIST_DIALOG (widget);
  gtk_window_present (GTK_WINDOW (list));
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_approval_list_dialog_get_n_requests (list), ==, 1);
  kesu_test_screenshot (widget, "approval-list");
  approval = _kesu_approval_list_dialog_open (list, 0, TRUE);
  g_assert_nonnull (approval);
  g_assert_false (_kesu_approval_dialog_submit (approval, 0, GENERAL_PIN, ""));
  g_assert_nonnull (_kesu_approval_dialog_get_error (approval));
  g_assert_true (_kesu_approval_dialog_submit (approval, 0, GENERAL_PIN, "金额过高，请与客户再协商。"));
  kesu_test_flush_events ();
  g_assert_true (has_event (f, KESU_EVENT_APPROVAL_REFUSED, f->general_id, "再协商"));
  g_assert_cmpuint (_kesu_approval_list_dialog_get_n_requests (list), ==, 0);
  gtk_window_destroy (GTK_WINDOW (list));

  /* Still blocked after the refusal, which is on the timeline with its reason. */
  kesu_store_set_operator (f->store, f->handler_id);
  g_assert_true (kesu_store_approval_needed (f->store, f->complaint_id, -1, NULL));
  {
    KesuComplaintView *view = kesu_test_open_case (f->parent, f->store, f->complaint_id);
    g_autofree char *newest = _kesu_complaint_view_dup_timeline_text (view, 0);

    g_assert_cmpstr (newest, ==, _("Approval refused (the reason is below)"));
    g_assert_true (_kesu_complaint_view_shows_approval_banner (view));
    gtk_window_destroy (GTK_WINDOW (view));
  }
}

static void
test_approve_from_list (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = agreement (300000);
  DoneResult result = { 0 };
  DoneResult again = { 0 };
  KesuMoveDialog *dialog = start_agreement (f, &result);
  KesuApprovalListDialog *list;
  KesuApprovalDialog *approval;

  g_assert_false (_kesu_move_dialog_submit (dialog, input));
  g_assert_true (_kesu_move_dialog_leave_awaiting (dialog));
  kesu_test_flush_events ();
  kesu_test_close_messages ();

  /* ¥3,000 is within 王芳's ¥5,000: she approves it from her list. */
  kesu_store_set_operator (f->store, f->manager_id);
  list = KESU_APPROVAL_LIST_DIALOG (kesu_approval_list_dialog_new (f->parent, f->store));
  g_assert_cmpuint (_kesu_approval_list_dialog_get_n_requests (list), ==, 1);
  approval = _kesu_approval_list_dialog_open (list, 0, FALSE);
  g_assert_false (_kesu_approval_dialog_submit (approval, 0, "9999", NULL));
  g_assert_nonnull (_kesu_approval_dialog_get_error (approval));
  g_assert_true (_kesu_approval_dialog_submit (approval, 0, MANAGER_PIN, NULL));
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_approval_list_dialog_get_n_requests (list), ==, 0);
  g_assert_true (has_event (f, KESU_EVENT_APPROVED, f->manager_id, NULL));
  gtk_window_destroy (GTK_WINDOW (list));
  {
    KesuComplaintView *view = kesu_test_open_case (f->parent, f->store, f->complaint_id);
    g_autofree char *newest = _kesu_complaint_view_dup_timeline_text (view, 0);

    g_assert_nonnull (strstr (newest, "¥3,000.00"));
    g_assert_false (_kesu_complaint_view_shows_approval_banner (view));
    gtk_window_destroy (GTK_WINDOW (view));
  }

  /* The handler records the agreement: no block now. */
  kesu_store_set_operator (f->store, f->handler_id);
  dialog = start_agreement (f, &again);
  g_assert_null (_kesu_move_dialog_get_approval_note (dialog));
  g_assert_true (_kesu_move_dialog_submit (dialog, input));
  kesu_test_flush_events ();
  g_assert_true (again.moved);
  g_assert_cmpint (kesu_test_state_of (f->store, f->complaint_id), ==, KESU_STATE_EXECUTING);
}

static void
test_list_needs_sign_in (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_new ("kesu-approval", KESU_ROLE_GENERAL_MANAGER,
                                                    &dir, NULL, NULL, NULL);
  GtkWidget *widget;

  kesu_store_sign_out (store);
  widget = kesu_approval_list_dialog_new (NULL, store);
  g_assert_false (KESU_IS_APPROVAL_LIST_DIALOG (widget));
  g_assert_true (GTK_IS_MESSAGE_DIALOG (widget));
  gtk_window_destroy (GTK_WINDOW (widget));
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

  g_test_add ("/approval/within-limit", Fixture, NULL, fixture_set_up, test_within_limit,
              fixture_tear_down);
  g_test_add ("/approval/approve-now", Fixture, NULL, fixture_set_up, test_approve_now,
              fixture_tear_down);
  g_test_add ("/approval/awaiting-refused", Fixture, NULL, fixture_set_up, test_awaiting_list,
              fixture_tear_down);
  g_test_add ("/approval/approve-from-list", Fixture, NULL, fixture_set_up,
              test_approve_from_list, fixture_tear_down);
  g_test_add_func ("/approval/list-needs-sign-in", test_list_needs_sign_in);
  return g_test_run ();
}
