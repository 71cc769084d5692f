/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "kesu-application.h"
#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-intake-page-private.h"
#include "kesu-list-page.h"
#include "kesu-setup-dialog.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

typedef struct
{
  char       *dir;
  char       *path;
  KesuStore  *store;
  KesuWindow *window;
  gint64      staff_id;
  gint64      handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-ui", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->staff_id, &f->handler_id);
  /* The window opens on the board; these tests are about the intake form. */
  f->window = kesu_test_window_new (f->store, "intake");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_tear_down (GTK_WINDOW (f->window), &f->store, &f->dir, &f->path);
}

static KesuListPage *
list_page (Fixture *f)
{
  return KESU_LIST_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                        KESU_TYPE_WINDOW, "list_page"));
}

/* Types into a field as a user would, and lets the form see it. */
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

static const char *
shown_problem (KesuIntakePage *page,
               KesuField       field)
{
  GtkWidget *label = _kesu_intake_page_get_error_label (page, field);

  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
fill_valid_form (Fixture *f)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);

  choose (page, KESU_FIELD_CHANNEL, KESU_CHANNEL_WALK_IN);
  type_into (page, KESU_FIELD_CUSTOMER_NAME, "陈静");
  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "139 8765 4321");
  type_into (page, KESU_FIELD_CUSTOMER_ADDRESS, "上海市静安区南京西路100号");
  type_into (page, KESU_FIELD_VEHICLE_MODEL, "本田 雅阁");
  type_into (page, KESU_FIELD_VIN, "LSVAU218XN2183294");
  type_into (page, KESU_FIELD_PLATE, "沪B54321");
  type_into (page, KESU_FIELD_PURCHASE_DATE, "2024-03-15");
  type_into (page, KESU_FIELD_MILEAGE, "23456");
  type_into (page, KESU_FIELD_DESCRIPTION, "空调不制冷，已经修过一次还是不行。");
  type_into (page, KESU_FIELD_OCCURRED_ON, "2026-11-20");
  type_into (page, KESU_FIELD_DEMAND, "要求彻底修好并提供代步车");
  choose (page, KESU_FIELD_EMOTION, KESU_EMOTION_ANXIOUS);
  choose (page, KESU_FIELD_CATEGORY, KESU_CATEGORY_VEHICLE_QUALITY);
  choose (page, KESU_FIELD_SEVERITY, KESU_SEVERITY_IMPORTANT);
  choose (page, KESU_FIELD_HANDLER, kesu_test_handler_position (f->store, f->handler_id));
}

static void
saved_cb (KesuIntakePage *page,
          gint64          id,
          const char     *number,
          char          **out_number)
{
  *out_number = g_strdup (number);
}

static void
test_intake_save_and_find (Fixture       *f,
                           gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autoptr(KesuStore) other = NULL;
  g_autoptr(GListModel) on_disk = NULL;
  GListModel *rows;

  g_signal_connect (page, "saved", G_CALLBACK (saved_cb), &number);
  fill_valid_form (f);
  g_assert_null (shown_problem (page, KESU_FIELD_CUSTOMER_PHONE));

  type_into (page, KESU_FIELD_OCCURRED_PLACE, "4S店维修车间");
  type_into (page, KESU_FIELD_ORDER_NUMBER, "RO2026111802");
  kesu_test_screenshot (GTK_WIDGET (f->window), "intake");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.save", NULL));
  kesu_test_flush_events ();
  g_assert_cmpstr (number, ==, "KS-202611-0001");

  /* The form is ready for the next customer. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_kesu_intake_page_get_input (
                     page, KESU_FIELD_CUSTOMER_NAME))), ==, "");

  /* The list shows the new row... */
  kesu_window_show_page (f->window, "list");
  rows = kesu_list_page_get_model (list_page (f));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  {
    g_autoptr(KesuComplaint) c = g_list_model_get_item (rows, 0);

    g_assert_cmpstr (kesu_complaint_get_number (c), ==, "KS-202611-0001");
    g_assert_cmpstr (kesu_complaint_get_intake (c)->customer_name, ==, "陈静");
    g_assert_cmpstr (kesu_complaint_get_handler_name (c), ==, "李强");
  }
  kesu_test_screenshot (GTK_WIDGET (f->window), "list-one");
  kesu_list_page_set_search (list_page (f), "空调");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  kesu_list_page_set_search (list_page (f), "刹车");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  kesu_list_page_set_search (list_page (f), "4321");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);

  /* ...and so does the database file, read by another connection. */
  other = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  on_disk = kesu_store_search_complaints (other, "陈静", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (on_disk), ==, 1);
  {
    g_autoptr(KesuComplaint) c = g_list_model_get_item (on_disk, 0);
    g_autoptr(KesuComplaint) full = kesu_store_get_complaint (other,
                                                              kesu_complaint_get_id (c),
                                                              &error);
    const KesuIntake *in = kesu_complaint_get_intake (full);

    g_assert_cmpstr (in->customer_phone, ==, "13987654321");
    g_assert_cmpstr (in->vin, ==, "LSVAU218XN2183294");
    g_assert_cmpstr (in->mileage, ==, "23456");
    g_assert_cmpstr (in->demand, ==, "要求彻底修好并提供代步车");
    g_assert_cmpint (in->channel, ==, KESU_CHANNEL_WALK_IN);
    g_assert_cmpint (in->severity, ==, KESU_SEVERITY_IMPORTANT);
    g_assert_cmpint (in->received_by, ==, f->staff_id);
  }
}

static void
test_intake_problems_shown (Fixture       *f,
                            gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);

  /* Nothing is called wrong before the user has typed. */
  g_assert_null (shown_problem (page, KESU_FIELD_CUSTOMER_NAME));

  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "12345");
  g_assert_nonnull (shown_problem (page, KESU_FIELD_CUSTOMER_PHONE));
  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "13987654321");
  g_assert_null (shown_problem (page, KESU_FIELD_CUSTOMER_PHONE));

  type_into (page, KESU_FIELD_VIN, "LSVAU2180N2183294");
  g_assert_nonnull (shown_problem (page, KESU_FIELD_VIN));
  type_into (page, KESU_FIELD_PURCHASE_DATE, "2026-02-30");
  g_assert_nonnull (shown_problem (page, KESU_FIELD_PURCHASE_DATE));
  type_into (page, KESU_FIELD_MILEAGE, "-1");
  g_assert_nonnull (shown_problem (page, KESU_FIELD_MILEAGE));
  type_into (page, KESU_FIELD_RECEIVED_AT, "2026-11-24 25:00");
  g_assert_nonnull (shown_problem (page, KESU_FIELD_RECEIVED_AT));
  type_into (page, KESU_FIELD_RECEIVED_AT, "2026-11-24 09:00");
  g_assert_null (shown_problem (page, KESU_FIELD_RECEIVED_AT));

  /* Saving is refused and every problem is shown, the untouched required ones too. */
  g_assert_cmpint (kesu_intake_page_save (page), ==, 0);
  kesu_test_screenshot (GTK_WIDGET (f->window), "intake-problems");
  g_assert_nonnull (shown_problem (page, KESU_FIELD_CUSTOMER_NAME));
  g_assert_nonnull (shown_problem (page, KESU_FIELD_DESCRIPTION));
  g_assert_nonnull (shown_problem (page, KESU_FIELD_HANDLER));
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  /* The typed values are still there. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_kesu_intake_page_get_input (
                     page, KESU_FIELD_CUSTOMER_PHONE))), ==, "13987654321");
}

static void
test_intake_returning_customer (Fixture       *f,
                                gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  GtkWidget *box = _kesu_intake_page_get_returning_box (page);

  fill_valid_form (f);
  g_assert_false (gtk_widget_get_visible (box));
  g_assert_cmpint (kesu_intake_page_save (page), >, 0);

  type_into (page, KESU_FIELD_CUSTOMER_PHONE, "13987654321");
  g_assert_true (gtk_widget_get_visible (box));
}

static void
test_intake_attachment (Fixture       *f,
                        gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *file_path = g_build_filename (f->dir, "现场照片.jpg", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  const char jpeg[] = "\xff\xd8\xff\xe0 fake jpeg bytes";
  gint64 id;

  g_assert_true (g_file_set_contents (file_path, jpeg, sizeof jpeg - 1, NULL));
  file = g_file_new_for_path (file_path);
  fill_valid_form (f);
  g_assert_true (_kesu_intake_page_attach_file (page, file, &error));
  g_assert_no_error (error);
  id = kesu_intake_page_save (page);
  g_assert_cmpint (id, >, 0);

  attachments = kesu_store_list_attachments (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 1);
  g_assert_cmpstr (((KesuAttachment *) attachments->pdata[0])->filename, ==, "现场照片.jpg");
  g_assert_cmpuint (g_bytes_get_size (((KesuAttachment *) attachments->pdata[0])->data), ==,
                    sizeof jpeg - 1);

  /* The record opens read-only in its own window. */
  {
    KesuComplaintView *view = kesu_complaint_view_present (GTK_WINDOW (f->window), f->store, id);

    g_assert_nonnull (view);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (view)), ==, "KS-202611-0001");
    gtk_window_destroy (GTK_WINDOW (view));
  }
}

static void
test_setup_dialog (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_open ("kesu-setup", &dir, NULL);
  KesuSetupDialog *dialog;
  GtkWidget *w = NULL;

  g_assert_true (kesu_store_needs_setup (store));
  dialog = kesu_setup_dialog_new (store);
  gtk_window_present (GTK_WINDOW (dialog));
  kesu_test_flush_events ();

  /* Empty: refused, with the reason shown. */
  g_assert_false (kesu_setup_dialog_submit (dialog));
  w = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KESU_TYPE_SETUP_DIALOG,
                                                 "error_label"));
  g_assert_true (gtk_widget_get_visible (w));

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
    GTK_WIDGET (dialog), KESU_TYPE_SETUP_DIALOG, "branch_name_entry")), "星河汽车4S店");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
    GTK_WIDGET (dialog), KESU_TYPE_SETUP_DIALOG, "staff_name_entry")), "周敏");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
    GTK_WIDGET (dialog), KESU_TYPE_SETUP_DIALOG, "pin_entry")), "2468");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
    GTK_WIDGET (dialog), KESU_TYPE_SETUP_DIALOG, "repeat_pin_entry")), "2468");
  g_assert_true (kesu_setup_dialog_submit (dialog));
  g_assert_true (kesu_store_is_signed_in (store));
  g_assert_false (kesu_store_needs_setup (store));
  {
    g_autoptr(KesuStaff) staff = kesu_store_get_staff (store, kesu_store_get_operator (store));

    g_assert_cmpstr (staff->name, ==, "周敏");
    g_assert_cmpint (staff->role, ==, KESU_ROLE_ADMINISTRATOR);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/intake/save-and-find", test_intake_save_and_find);
  ADD ("/ui/intake/problems-shown", test_intake_problems_shown);
  ADD ("/ui/intake/returning-customer", test_intake_returning_customer);
  ADD ("/ui/intake/attachment", test_intake_attachment);
  g_test_add_func ("/ui/setup/first-start", test_setup_dialog);

  return g_test_run ();
}
