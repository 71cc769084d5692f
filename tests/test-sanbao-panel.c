/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-board-card.h"
#include "kesu-clock.h"
#include "kesu-complaint-view-private.h"
#include "kesu-complaint.h"
#include "kesu-repair-dialog.h"
#include "kesu-sanbao-panel.h"
#include "kesu-sanbao.h"
#include "kesu-test-util.h"
#include "kesu-vehicle-dialog.h"
#include "kesu-vehicle.h"

/* The service advisor's question (issue 10): a six-week-old car with a gearbox fault
 * repaired twice — what may the rules give the customer, and by when must the branch
 * answer?  The case is built through the store's own functions. */

#define VIN "LSVAU218XN2183294"

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  GtkWindow *parent;
  gint64     operator_id;
  gint64     handler_id;
  gint64     complaint_id;
} Fixture;

static gint64
local_time (int year,
            int month,
            int day,
            int hour)
{
  return kesu_test_local_unix (year, month, day, hour, 0);
}

static gint64
add_complaint (Fixture    *f,
               const char *vin)
{
  g_autoptr(KesuIntake) intake =
    kesu_test_intake_new (kesu_test_local_unix (2026, 11, 24, 9, 30), f->operator_id,
                          f->handler_id, "周明", "13812345678",
                          "新车六周，变速器换挡顿挫，已修两次仍未解决。", "要求更换变速器总成");

  intake->channel = KESU_CHANNEL_WALK_IN;
  intake->vehicle_model = g_strdup ("大众 帕萨特 330TSI");
  intake->vin = g_strdup (vin);
  intake->plate = g_strdup ("沪A7K316");
  intake->mileage = g_strdup ("2650");
  intake->emotion = KESU_EMOTION_ANGRY;
  intake->category = KESU_CATEGORY_VEHICLE_QUALITY;
  intake->severity = KESU_SEVERITY_IMPORTANT;
  return kesu_test_add_intake (f->store, intake);
}

static void
add_vehicle (Fixture *f)
{
  g_autoptr(KesuVehicle) vehicle = kesu_vehicle_new ();
  g_autoptr(GError) error = NULL;

  vehicle->vin = g_strdup (VIN);
  vehicle->plate = g_strdup ("沪A7K316");
  vehicle->model = g_strdup ("大众 帕萨特 330TSI");
  vehicle->invoice_date = g_strdup ("2026-10-13");
  vehicle->price_fen = 18980000;
  g_assert_true (kesu_store_upsert_vehicle (f->store, vehicle, &error));
  g_assert_no_error (error);
}

static void
add_repair (Fixture    *f,
            gint64      started,
            gint64      finished,
            gint64      km,
            const char *fault,
            const char *part)
{
  g_autoptr(KesuRepair) repair = kesu_repair_new ();
  g_autoptr(GError) error = NULL;

  repair->vin = g_strdup (VIN);
  repair->started_at = started;
  repair->finished_at = finished;
  repair->mileage_km = km;
  repair->system = KESU_FAULT_SYSTEM_GEARBOX;
  repair->fault = g_strdup (fault);
  repair->part_replaced = g_strdup (part);
  g_assert_cmpint (kesu_store_add_repair (f->store, repair, &error), >, 0);
  g_assert_no_error (error);
}

/* Invoiced on 13 October, in on 24 November (42 days, 2,650 km): the gearbox repaired
 * twice already. */
static void
build_showcase (Fixture *f)
{
  f->complaint_id = add_complaint (f, VIN);
  add_vehicle (f);
  add_repair (f, local_time (2026, 10, 27, 9), local_time (2026, 10, 29, 17), 1200,
              "D挡升2挡时明显顿挫", NULL);
  add_repair (f, local_time (2026, 11, 16, 9), local_time (2026, 11, 19, 16), 2480,
              "顿挫复发，变速器异响", "阀体");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (local_time (2026, 11, 24, 10));
  f->store = kesu_test_store_new ("kesu-sanbao-panel", KESU_ROLE_SERVICE_ADVISOR, &f->dir,
                                  &f->path, &f->operator_id, &f->handler_id);
  f->parent = kesu_test_parent_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_close_messages ();
  kesu_test_tear_down (f->parent, &f->store, &f->dir, &f->path);
}

static KesuComplaintView *
open_case (Fixture *f)
{
  return kesu_test_open_case (f->parent, f->store, f->complaint_id);
}

static KesuSanbaoPanel *
panel_of (KesuComplaintView *view)
{
  GtkWidget *panel = _kesu_complaint_view_get_sanbao_panel (view);

  g_assert_true (KESU_IS_SANBAO_PANEL (panel));
  /* Shown in the record, not only made. */
  g_assert_true (gtk_widget_get_root (panel) == GTK_ROOT (view));
  return KESU_SANBAO_PANEL (panel);
}

static KesuSanbaoFlag
flag_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSanbaoAssessment) a = kesu_store_sanbao_for_complaint (f->store,
                                                                       f->complaint_id, &error);

  g_assert_no_error (error);
  return a->flag;
}

/* The latest event of @kind on the case. */
static KesuEvent *
last_event (Fixture       *f,
            KesuEventKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = kesu_store_list_events (f->store, f->complaint_id, &error);
  KesuEvent *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (((KesuEvent *) events->pdata[i])->kind == kind)
      found = events->pdata[i];
  if (found == NULL)
    return NULL;
  /* The array owns it: keep it alive by stealing it out. */
  g_ptr_array_set_free_func (events, NULL);
  for (guint i = 0; i < events->len; i++)
    if (events->pdata[i] != found)
      kesu_event_free (events->pdata[i]);
  return found;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static void
test_showcase (Fixture       *f,
               gconstpointer  data)
{
  KesuComplaintView *view;
  KesuSanbaoPanel *panel;
  g_autofree char *text = NULL;
  const char *may, *within;
  /* The suite runs in English; the README's picture is taken with LANGUAGE=zh_CN. */
  gboolean chinese = g_strcmp0 (_("May qualify"), "May qualify") != 0;

  build_showcase (f);
  g_assert_cmpint (flag_of (f), ==, KESU_SANBAO_FLAG_RAISED);

  view = open_case (f);
  gtk_window_set_default_size (GTK_WINDOW (view), 1280, 1000);
  panel = panel_of (view);
  kesu_test_screenshot (GTK_WIDGET (view), "sanbao");
  g_assert_nonnull (_kesu_sanbao_panel_get_banner (panel));
  text = _kesu_sanbao_panel_dup_text (panel);
  assert_contains (text, "阀体");
  /* Raised on Tuesday 24 November: 10 working days end on Tuesday 8 December, 20 on
   * Tuesday 22 December. */
  if (chinese)
    {
      assert_contains (text, "三包：可能符合——");
      assert_contains (text, "第20条");
      assert_contains (text, "须于12月8日前答复客户（10个工作日）");
      assert_contains (text, "须于12月22日前办结（20个工作日）");
      gtk_window_destroy (GTK_WINDOW (view));
      return;
    }
  assert_contains (text, "三包: may qualify — ");
  assert_contains (text, "Art. 20");
  assert_contains (text, "Answer the customer by Dec 8 (10 working days)");
  assert_contains (text, "Complete by Dec 22 (20 working days)");
  assert_contains (text, "42 days (from 2026-10-13)");
  /* The most important line first: what may be owed comes before what merely holds. */
  may = strstr (text, "May qualify");
  within = strstr (text, "Within");
  g_assert_nonnull (may);
  g_assert_nonnull (within);
  g_assert_true (may < within);
  gtk_window_destroy (GTK_WINDOW (view));
}

static void
test_confirm (Fixture       *f,
              gconstpointer  data)
{
  KesuComplaintView *view;
  KesuSanbaoPanel *panel;
  g_autoptr(KesuEvent) event = NULL;
  g_autofree char *text = NULL;
  g_autofree char *newest = NULL;

  build_showcase (f);
  view = open_case (f);
  panel = panel_of (view);

  _kesu_sanbao_panel_confirm (panel);
  g_assert_nonnull (_kesu_sanbao_panel_get_decision (panel));
  g_assert_true (_kesu_sanbao_panel_submit_decision (panel, "已与客户沟通，同意更换变速器总成"));
  kesu_test_flush_events ();
  g_assert_null (_kesu_sanbao_panel_get_decision (panel));
  g_assert_cmpint (flag_of (f), ==, KESU_SANBAO_FLAG_CONFIRMED);

  /* Recorded with who decided: the operator. */
  event = last_event (f, KESU_EVENT_SANBAO_CONFIRMED);
  g_assert_nonnull (event);
  g_assert_cmpint (event->staff_id, ==, f->operator_id);
  g_assert_cmpstr (event->staff_name, ==, "王芳");
  g_assert_cmpstr (event->detail, ==, "已与客户沟通，同意更换变速器总成");

  panel = panel_of (view);
  text = _kesu_sanbao_panel_dup_text (panel);
  assert_contains (text, "三包: confirmed — ");
  assert_contains (text, "Confirmed by 王芳");
  assert_contains (text, "Complete by Dec 22");
  newest = _kesu_complaint_view_dup_timeline_text (view, 0);
  g_assert_cmpstr (newest, ==, "三包 confirmed");
  gtk_window_destroy (GTK_WINDOW (view));
}

static void
test_dismiss_needs_reason (Fixture       *f,
                           gconstpointer  data)
{
  KesuComplaintView *view;
  KesuSanbaoPanel *panel;
  g_autoptr(KesuEvent) event = NULL;
  g_autofree char *text = NULL;
  const char *reason = "顿挫为软件标定问题，已刷写升级，变速器未损坏";

  build_showcase (f);
  view = open_case (f);
  panel = panel_of (view);

  _kesu_sanbao_panel_dismiss (panel);
  g_assert_nonnull (_kesu_sanbao_panel_get_decision (panel));
  /* No reason, no dismissal: the question stays, and so does the flag. */
  g_assert_false (_kesu_sanbao_panel_submit_decision (panel, "   "));
  kesu_test_flush_events ();
  g_assert_nonnull (_kesu_sanbao_panel_get_decision (panel));
  g_assert_cmpint (flag_of (f), ==, KESU_SANBAO_FLAG_RAISED);
  g_assert_null (last_event (f, KESU_EVENT_SANBAO_DISMISSED));

  g_assert_true (_kesu_sanbao_panel_submit_decision (panel, reason));
  kesu_test_flush_events ();
  g_assert_cmpint (flag_of (f), ==, KESU_SANBAO_FLAG_DISMISSED);
  event = last_event (f, KESU_EVENT_SANBAO_DISMISSED);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->staff_name, ==, "王芳");
  g_assert_cmpstr (event->detail, ==, reason);

  panel = panel_of (view);
  text = _kesu_sanbao_panel_dup_text (panel);
  assert_contains (text, "三包: dismissed — ");
  assert_contains (text, "Dismissed by 王芳");
  assert_contains (text, reason);
  /* The clocks stopped: no deadline is shown any more. */
  g_assert_null (strstr (text, "Answer the customer by"));
  gtk_window_destroy (GTK_WINDOW (view));
}

static void
test_add_repair (Fixture       *f,
                 gconstpointer  data)
{
  KesuComplaintView *view;
  KesuSanbaoPanel *panel;
  KesuRepairDialog *dialog;
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) repairs = NULL;
  g_autoptr(GError) error = NULL;

  build_showcase (f);
  view = open_case (f);
  panel = panel_of (view);
  text = _kesu_sanbao_panel_dup_text (panel);
  g_assert_null (strstr (text, "第三次：变速器异响加剧"));
  g_clear_pointer (&text, g_free);

  _kesu_sanbao_panel_add_repair (panel);
  g_assert_true (KESU_IS_REPAIR_DIALOG (_kesu_sanbao_panel_get_dialog (panel)));
  dialog = KESU_REPAIR_DIALOG (_kesu_sanbao_panel_get_dialog (panel));
  kesu_test_screenshot (GTK_WIDGET (dialog), "repair-dialog");

  /* Nothing said about the fault: refused, with the reason beside the field. */
  _kesu_repair_dialog_fill (dialog, "2026-11-23 09:00", "", "2650",
                            KESU_FAULT_SYSTEM_GEARBOX, "", "");
  g_assert_false (_kesu_repair_dialog_save (dialog));
  problems = _kesu_repair_dialog_dup_problems (dialog);
  assert_contains (problems, "Describe what was wrong.");
  g_clear_pointer (&problems, g_free);

  /* Handed back before it came in: refused too. */
  _kesu_repair_dialog_fill (dialog, NULL, "2026-11-22 09:00", NULL, -1,
                            "第三次：变速器异响加剧", NULL);
  g_assert_false (_kesu_repair_dialog_save (dialog));
  problems = _kesu_repair_dialog_dup_problems (dialog);
  assert_contains (problems, "The car cannot leave before it came in.");
  g_clear_pointer (&problems, g_free);
  g_assert_true (_kesu_sanbao_panel_get_dialog (panel) == GTK_WINDOW (dialog));

  /* Still in the shop: saved, and the panel shows it at once. */
  _kesu_repair_dialog_fill (dialog, NULL, "", NULL, -1, NULL, NULL);
  g_assert_true (_kesu_repair_dialog_save (dialog));
  kesu_test_flush_events ();
  g_assert_null (_kesu_sanbao_panel_get_dialog (panel));

  repairs = kesu_store_list_repairs (f->store, VIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repairs->len, ==, 3);
  panel = panel_of (view);
  text = _kesu_sanbao_panel_dup_text (panel);
  assert_contains (text, "第三次：变速器异响加剧");
  assert_contains (text, "2026-11-23 – still in the shop");
  gtk_window_destroy (GTK_WINDOW (view));
}

static void
test_vehicle_record (Fixture       *f,
                     gconstpointer  data)
{
  KesuComplaintView *view;
  KesuSanbaoPanel *panel;
  KesuVehicleDialog *dialog;
  g_autofree char *text = NULL;
  g_autoptr(KesuVehicle) stored = NULL;
  g_autoptr(GError) error = NULL;

  f->complaint_id = add_complaint (f, VIN);
  view = open_case (f);
  panel = panel_of (view);
  text = _kesu_sanbao_panel_dup_text (panel);
  assert_contains (text, "No vehicle record for " VIN " yet");
  g_clear_pointer (&text, g_free);

  _kesu_sanbao_panel_edit_vehicle (panel);
  g_assert_true (KESU_IS_VEHICLE_DIALOG (_kesu_sanbao_panel_get_dialog (panel)));
  dialog = KESU_VEHICLE_DIALOG (_kesu_sanbao_panel_get_dialog (panel));
  /* An invoice from the future is refused. */
  _kesu_vehicle_dialog_fill (dialog, NULL, "2026-12-01", NULL, "189800");
  g_assert_false (_kesu_vehicle_dialog_save (dialog));
  g_assert_null (kesu_store_get_vehicle (f->store, VIN, &error));
  g_assert_no_error (error);

  _kesu_vehicle_dialog_fill (dialog, NULL, "2026-10-13", NULL, NULL);
  g_assert_true (_kesu_vehicle_dialog_save (dialog));
  kesu_test_flush_events ();
  stored = kesu_store_get_vehicle (f->store, VIN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->invoice_date, ==, "2026-10-13");
  g_assert_cmpint (stored->price_fen, ==, 18980000);

  panel = panel_of (view);
  text = _kesu_sanbao_panel_dup_text (panel);
  assert_contains (text, "42 days (from 2026-10-13)");
  assert_contains (text, "¥189,800.00");
  gtk_window_destroy (GTK_WINDOW (view));
}

/* The board card: the badge on a flagged case, and the legal clock named when it is the
 * nearest deadline (here the branch gives itself 40 days, so the law's 10 working days
 * come first), red once it has passed. */
static void
test_board_card (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *expected = NULL;
  KesuBoardCard *card;

  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    policy->first_response_seconds[i] = policy->resolution_seconds[i] = 40 * 24 * 3600;
  policy->working_days = FALSE;
  kesu_test_set_deadline_policy (f->store, policy);
  build_showcase (f);
  complaint = kesu_store_get_complaint (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kesu_complaint_get_sanbao_due (complaint), ==,
                   kesu_complaint_get_next_due (complaint));

  card = KESU_BOARD_CARD (g_object_ref_sink (kesu_board_card_new ()));
  kesu_board_card_set_complaint (card, complaint);
  g_assert_true (kesu_board_card_shows_sanbao (card));
  plain = kesu_complaint_dup_due_text (complaint, kesu_clock_now_unix ());
  expected = g_strdup_printf ("三包 answer %s", plain);
  g_assert_cmpstr (kesu_board_card_get_due_text (card), ==, expected);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (card), "kesu-overdue"));
  g_object_unref (card);

  /* Past the answer's day: overdue, red like any other deadline. */
  later = g_date_time_new_local (2026, 12, 9, 9, 0, 0);
  kesu_clock_set_fixed (later);
  g_clear_object (&complaint);
  complaint = kesu_store_get_complaint (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  card = KESU_BOARD_CARD (g_object_ref_sink (kesu_board_card_new ()));
  kesu_board_card_set_complaint (card, complaint);
  g_assert_true (g_str_has_prefix (kesu_board_card_get_due_text (card), "三包 answer overdue"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card), "kesu-overdue"));
  g_object_unref (card);

  /* Dismissed: no badge, and no legal clock. */
  g_assert_true (kesu_store_sanbao_dismiss (f->store, f->complaint_id, "客户同意维修方案",
                                            &error));
  g_assert_no_error (error);
  g_clear_object (&complaint);
  complaint = kesu_store_get_complaint (f->store, f->complaint_id, &error);
  g_assert_no_error (error);
  card = KESU_BOARD_CARD (g_object_ref_sink (kesu_board_card_new ()));
  kesu_board_card_set_complaint (card, complaint);
  g_assert_false (kesu_board_card_shows_sanbao (card));
  g_assert_false (g_str_has_prefix (kesu_board_card_get_due_text (card), "三包"));
  g_object_unref (card);
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sanbao-panel/showcase", test_showcase);
  ADD ("/sanbao-panel/confirm", test_confirm);
  ADD ("/sanbao-panel/dismiss-needs-reason", test_dismiss_needs_reason);
  ADD ("/sanbao-panel/add-repair", test_add_repair);
  ADD ("/sanbao-panel/vehicle-record", test_vehicle_record);
  ADD ("/sanbao-panel/board-card", test_board_card);

#undef ADD

  return g_test_run ();
}
