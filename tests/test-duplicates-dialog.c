/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-clock.h"
#include "kesu-complaint-view-private.h"
#include "kesu-complaint.h"
#include "kesu-duplicates-dialog.h"
#include "kesu-duplicates.h"
#include "kesu-intake-page-private.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

/* The same problem reported twice: the intake says so while the customer is still at the
 * desk, and a case window finds, links and merges duplicates on demand. */

#define VIN "LSVAU218XN2183294"

typedef struct
{
  char       *dir;
  char       *path;
  KesuStore  *store;
  KesuWindow *window;
  gint64      operator_id;
  gint64      handler_id;
  gint64      first_id;    /* KS-202611-0001, received three days ago */
} Fixture;

static gint64
add_complaint (Fixture    *f,
               int         day,
               const char *phone,
               const char *vin,
               const char *description)
{
  g_autoptr(KesuIntake) intake =
    kesu_test_intake_new (kesu_test_local_unix (2026, 11, day, 9, 30), f->operator_id,
                          f->handler_id, "陈静", phone, description, "要求彻底修好");

  intake->vehicle_model = g_strdup ("本田 雅阁");
  intake->vin = g_strdup (vin);
  intake->emotion = KESU_EMOTION_ANXIOUS;
  intake->severity = KESU_SEVERITY_IMPORTANT;
  return kesu_test_add_intake (f->store, intake);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-duplicates", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->operator_id, &f->handler_id);
  f->first_id = add_complaint (f, 21, "13987654321", VIN, "空调不制冷，已经修过一次还是不行。");
  f->window = kesu_test_window_new (f->store, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  kesu_test_close_messages ();
  /* The case windows and dialogs the test opened, each before the window it is over. */
  for (;;)
    {
      GtkWindow *other = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && other == NULL; i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (window != GTK_WINDOW (f->window)
              && gtk_window_get_transient_for (window) != NULL)
            {
              /* The one no other window is over. */
              gboolean is_parent = FALSE;

              for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
                {
                  g_autoptr(GtkWindow) child = g_list_model_get_item (toplevels, j);

                  is_parent |= gtk_window_get_transient_for (child) == window;
                }
              if (!is_parent)
                other = window;
            }
        }
      if (other == NULL)
        break;
      gtk_window_destroy (other);
      kesu_test_flush_events ();
    }
  kesu_test_tear_down (GTK_WINDOW (f->window), &f->store, &f->dir, &f->path);
}

static KesuIntakePage *
intake_page (Fixture *f)
{
  kesu_window_show_page (f->window, "intake");
  return kesu_test_intake_page (f->window);
}

static void
type_into (KesuIntakePage *page,
           KesuField       field,
           const char     *text)
{
  kesu_test_type_into (page, field, text);
  kesu_test_flush_events ();
}

static void
choose (KesuIntakePage *page,
        KesuField       field,
        guint           position)
{
  kesu_test_choose (page, field, position);
  kesu_test_flush_events ();
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static void
test_intake_banner (Fixture       *f,
                    gconstpointer  data)
{
  KesuIntakePage *page = intake_page (f);
  GtkWidget *banner = _kesu_intake_page_get_duplicate_banner (page);

  g_assert_false (gtk_widget_get_visible (banner));

  /* A known phone: looked for once typing pauses, not at every keystroke. */
  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "139 8765 4321");
  g_assert_true (_kesu_intake_page_is_checking_duplicates (page));
  g_assert_false (gtk_widget_get_visible (banner));
  _kesu_intake_page_check_duplicates_now (page);
  kesu_test_screenshot (GTK_WIDGET (f->window), "intake-duplicate");
  g_assert_true (gtk_widget_get_visible (banner));
  assert_contains (_kesu_intake_page_get_duplicate_text (page), "KS-202611-0001");
  assert_contains (_kesu_intake_page_get_duplicate_text (page), "3 days ago");

  /* A new customer: the banner goes. */
  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "13600001111");
  _kesu_intake_page_check_duplicates_now (page);
  g_assert_false (gtk_widget_get_visible (banner));

  /* The same car under another phone number is found by its VIN. */
  type_into (page, KESU_FIELD_VIN, VIN);
  _kesu_intake_page_check_duplicates_now (page);
  g_assert_true (gtk_widget_get_visible (banner));
  assert_contains (_kesu_intake_page_get_duplicate_text (page), "KS-202611-0001");
}

static void
test_intake_save_links (Fixture       *f,
                        gconstpointer  data)
{
  KesuIntakePage *page = intake_page (f);
  GtkWindow *question;
  g_autoptr(GArray) linked = NULL;
  g_autoptr(GError) error = NULL;
  gint64 second;

  choose (page, KESU_FIELD_CHANNEL, KESU_CHANNEL_PHONE);
  type_into (page, KESU_FIELD_CUSTOMER_NAME, "陈静");
  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "13987654321");
  type_into (page, KESU_FIELD_DESCRIPTION, "空调又不制冷了，第三次。");
  type_into (page, KESU_FIELD_DEMAND, "要求退还维修费");
  choose (page, KESU_FIELD_EMOTION, KESU_EMOTION_ANGRY);
  choose (page, KESU_FIELD_HANDLER, kesu_test_handler_position (f->store, f->handler_id));

  /* Saving asks first: the same problem, or another one? */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.save", NULL));
  kesu_test_flush_events ();
  question = _kesu_intake_page_get_duplicate_question (page);
  g_assert_nonnull (question);
  g_assert_cmpint (kesu_store_find_complaint_by_number (f->store, "KS-202611-0002"), ==, 0);

  gtk_dialog_response (GTK_DIALOG (question), 1 /* record and link */);
  kesu_test_flush_events ();
  g_assert_null (_kesu_intake_page_get_duplicate_question (page));
  second = kesu_store_find_complaint_by_number (f->store, "KS-202611-0002");
  g_assert_no_error (error);
  g_assert_cmpint (second, >, 0);
  linked = kesu_store_list_linked (f->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (linked->len, ==, 1);
  g_assert_cmpint (g_array_index (linked, gint64, 0), ==, f->first_id);
}

static KesuDuplicatesDialog *
open_duplicates (KesuComplaintView *view)
{
  KesuDuplicatesDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "case.find-duplicates", NULL));
  kesu_test_flush_events ();
  dialog = kesu_test_find_window (KESU_TYPE_DUPLICATES_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static void
test_link (Fixture       *f,
           gconstpointer  data)
{
  gint64 second = add_complaint (f, 24, "13600001111", VIN, "空调不制冷");
  KesuComplaintView *view = kesu_test_open_case (GTK_WINDOW (f->window), f->store, second);
  KesuDuplicatesDialog *dialog;
  g_autofree char *match = NULL;
  g_autofree char *links = NULL;

  links = _kesu_complaint_view_dup_linked_text (view);
  g_assert_cmpstr (links, ==, "");
  g_clear_pointer (&links, g_free);

  dialog = open_duplicates (view);
  g_assert_cmpuint (_kesu_duplicates_dialog_get_n_matches (dialog), ==, 1);
  match = _kesu_duplicates_dialog_dup_match (dialog, 0);
  assert_contains (match, "KS-202611-0001");
  assert_contains (match, "VIN");
  kesu_test_screenshot (GTK_WIDGET (dialog), "duplicates-dialog");

  g_assert_true (_kesu_duplicates_dialog_link (dialog, 0));
  kesu_test_flush_events ();
  /* Linked twice is refused, and said in the dialog. */
  g_assert_false (_kesu_duplicates_dialog_link (dialog, 0));

  links = _kesu_complaint_view_dup_linked_text (view);
  assert_contains (links, "KS-202611-0001");
}

static void
test_merge_keeps_both_timelines (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 second = add_complaint (f, 24, "13987654321", NULL, "空调不制冷，第二次投诉");
  KesuComplaintView *view, *kept;
  KesuDuplicatesDialog *dialog;
  GtkWindow *question;
  g_autoptr(GPtrArray) first_events = NULL;
  g_autoptr(GPtrArray) second_events = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  guint from_second = 0;

  g_assert_true (kesu_store_add_note (f->store, second, "客户第二次来电，情绪激动", &error));
  g_assert_no_error (error);
  first_events = kesu_store_list_events (f->store, f->first_id, &error);
  second_events = kesu_store_list_events (f->store, second, &error);
  g_assert_no_error (error);

  view = kesu_test_open_case (GTK_WINDOW (f->window), f->store, second);
  dialog = open_duplicates (view);
  g_assert_cmpuint (_kesu_duplicates_dialog_get_n_matches (dialog), ==, 1);

  /* Merging asks first, and says that nothing is deleted. */
  question = _kesu_duplicates_dialog_merge (dialog, 0);
  g_assert_true (GTK_IS_MESSAGE_DIALOG (question));
  {
    g_autofree char *secondary = NULL;

    g_object_get (question, "secondary-text", &secondary, NULL);
    assert_contains (secondary, "Nothing is deleted.");
  }
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
  kesu_test_flush_events ();

  g_assert_cmpint (kesu_test_state_of (f->store, second), ==, KESU_STATE_WITHDRAWN);
  g_assert_cmpint (kesu_store_get_merged_into (f->store, second), ==, f->first_id);

  /* The kept case's window opened, showing the events of both cases. */
  kept = kesu_test_open_case (GTK_WINDOW (f->window), f->store, f->first_id);
  all = kesu_store_list_events (f->store, f->first_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    if (((KesuEvent *) all->pdata[i])->complaint_id == second)
      from_second++;
  g_assert_cmpuint (from_second, >=, second_events->len);
  g_assert_cmpuint (_kesu_complaint_view_get_n_timeline_rows (kept), ==, all->len);
  g_assert_cmpuint (all->len, >=, first_events->len + second_events->len);
  {
    gboolean seen_note = FALSE, seen_merged = FALSE;

    for (guint i = 0; i < _kesu_complaint_view_get_n_timeline_rows (kept); i++)
      {
        g_autofree char *text = _kesu_complaint_view_dup_timeline_text (kept, i);

        seen_note |= g_strcmp0 (text, "Note") == 0;
        seen_merged |= g_strcmp0 (text, "Merged in: KS-202611-0002") == 0;
      }
    g_assert_true (seen_note);
    g_assert_true (seen_merged);
  }
  kesu_test_screenshot (GTK_WIDGET (kept), "merged-case");
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/duplicates-dialog/intake-banner", test_intake_banner);
  ADD ("/duplicates-dialog/intake-save-links", test_intake_save_links);
  ADD ("/duplicates-dialog/link", test_link);
  ADD ("/duplicates-dialog/merge-keeps-both-timelines", test_merge_keeps_both_timelines);

#undef ADD

  return g_test_run ();
}
