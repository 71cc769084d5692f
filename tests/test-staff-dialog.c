/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kesu-audit-dialog-private.h"
#include "kesu-audit.h"
#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-error.h"
#include "kesu-staff-dialog-private.h"
#include "kesu-test-util.h"

/* The managers' windows: staff, role limits and the audit log; and that a front-desk
 * operator gets neither. */

typedef struct
{
  char      *dir;
  KesuStore *store;
  GtkWindow *parent;
  gint64     operator_id;   /* 王芳 */
  gint64     handler_id;    /* 李强, service advisor */
  gint64     complaint_ids[2];
  char      *numbers[2];
} Fixture;

static gint64
add_complaint (Fixture    *f,
               const char *customer,
               const char *phone,
               char      **out_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) intake =
    kesu_test_intake_new (kesu_test_local_unix (2026, 11, 24, 9, 30), f->operator_id,
                          f->handler_id, customer, phone, "保养后发动机故障灯亮。", "免费检修");
  gint64 id;

  intake->vehicle_model = g_strdup ("丰田 凯美瑞");
  id = kesu_store_add_complaint (f->store, intake, out_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  KesuRole role = GPOINTER_TO_INT (data);

  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-staff", role, &f->dir, NULL, &f->operator_id,
                                  &f->handler_id);
  kesu_store_set_operator (f->store, f->operator_id);
  f->complaint_ids[0] = add_complaint (f, "陈静", "13987654321", &f->numbers[0]);
  f->complaint_ids[1] = add_complaint (f, "刘洋", "13712345678", &f->numbers[1]);

  f->parent = kesu_test_parent_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_close_messages ();
  kesu_test_tear_down (f->parent, &f->store, &f->dir, NULL);
  g_free (f->numbers[0]);
  g_free (f->numbers[1]);
}

static KesuStaff *
find_staff (GPtrArray  *staff,
            const char *name)
{
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }
  return NULL;
}

static void
test_add_and_deactivate (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(KesuComplaint) complaint = NULL;
  KesuStaffDialog *dialog;
  GtkWidget *widget;
  GtkWindow *form;
  KesuStaff *added;

  widget = kesu_staff_dialog_new (f->parent, f->store);
  g_assert_true (KESU_IS_STAFF_DIALOG (widget));
  dialog = KESU_STAFF_DIALOG (widget);
  gtk_window_present (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  g_assert_cmpuint (_kesu_staff_dialog_count_rows (dialog, NULL), ==, 2);

  /* A new front-desk colleague; the PIN must be typed the same twice. */
  form = _kesu_staff_dialog_open_form (dialog, 0);
  g_assert_false (_kesu_staff_form_submit (form, "孙丽", KESU_ROLE_FRONT_DESK, "13812345678",
                                           "1234", "1243"));
  g_assert_nonnull (_kesu_staff_form_get_error (form));
  g_assert_false (_kesu_staff_form_submit (form, "孙丽", KESU_ROLE_FRONT_DESK, "138123",
                                           "1234", "1234"));
  g_assert_nonnull (_kesu_staff_form_get_error (form));
  all = kesu_store_list_all_staff (f->store);
  g_assert_null (find_staff (all, "孙丽"));
  g_clear_pointer (&all, g_ptr_array_unref);
  g_assert_true (_kesu_staff_form_submit (form, "孙丽", KESU_ROLE_FRONT_DESK, "13812345678",
                                          "1234", "1234"));
  kesu_test_flush_events ();

  all = kesu_store_list_all_staff (f->store);
  added = find_staff (all, "孙丽");
  g_assert_nonnull (added);
  g_assert_true (added->active);
  g_assert_true (added->has_pin);
  g_assert_cmpint (added->role, ==, KESU_ROLE_FRONT_DESK);
  g_assert_cmpuint (_kesu_staff_dialog_count_rows (dialog, NULL), ==, 3);
  g_assert_cmpuint (_kesu_staff_dialog_count_rows (dialog, "孙丽"), ==, 1);
  g_clear_pointer (&all, g_ptr_array_unref);

  /* 李强 leaves: deactivated, still listed, still the handler on his old cases. */
  g_assert_true (_kesu_staff_dialog_set_active (dialog, f->handler_id, FALSE));
  g_assert_nonnull (_kesu_staff_dialog_get_message (dialog));
  all = kesu_store_list_all_staff (f->store);
  g_assert_nonnull (find_staff (all, "李强"));
  g_assert_false (find_staff (all, "李强")->active);
  active = kesu_store_list_staff (f->store);
  g_assert_null (find_staff (active, "李强"));
  g_assert_cmpuint (_kesu_staff_dialog_count_rows (dialog, "李强"), ==, 1);
  complaint = kesu_store_get_complaint (f->store, f->complaint_ids[0], NULL);
  g_assert_cmpstr (kesu_complaint_get_handler_name (complaint), ==, "李强");
  kesu_test_screenshot (widget, "staff-dialog");

  /* Nobody deactivates themselves: the store's message shows. */
  g_assert_false (_kesu_staff_dialog_set_active (dialog, f->operator_id, FALSE));
  g_assert_nonnull (_kesu_staff_dialog_get_message (dialog));
  {
    g_autoptr(KesuStaff) me = kesu_store_get_staff (f->store, f->operator_id);

    g_assert_true (me->active);
  }

  /* Back again. */
  g_assert_true (_kesu_staff_dialog_set_active (dialog, f->handler_id, TRUE));
  {
    g_autoptr(KesuStaff) back = kesu_store_get_staff (f->store, f->handler_id);

    g_assert_true (back->active);
  }

  /* A PIN for 李强, entered twice. */
  form = _kesu_staff_dialog_open_pin (dialog, f->handler_id);
  g_assert_false (_kesu_staff_form_submit (form, NULL, -1, NULL, "12", "12"));
  g_assert_nonnull (_kesu_staff_form_get_error (form));
  g_assert_true (_kesu_staff_form_submit (form, NULL, -1, NULL, "975310", "975310"));
  g_assert_true (kesu_store_has_pin (f->store, f->handler_id));
  g_assert_true (kesu_store_verify_pin (f->store, f->handler_id, "975310", NULL));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  KesuStaffDialog *dialog = KESU_STAFF_DIALOG (kesu_staff_dialog_new (f->parent, f->store));
  GtkWindow *form = _kesu_staff_dialog_open_form (dialog, f->handler_id);
  g_autoptr(KesuStaff) staff = NULL;

  g_assert_true (_kesu_staff_form_submit (form, "李强", KESU_ROLE_SALES_CONSULTANT,
                                          "13698765432", NULL, NULL));
  staff = kesu_store_get_staff (f->store, f->handler_id);
  g_assert_cmpint (staff->role, ==, KESU_ROLE_SALES_CONSULTANT);
  g_assert_cmpstr (staff->phone, ==, "13698765432");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_role_limits (Fixture       *f,
                  gconstpointer  data)
{
  KesuStaffDialog *dialog = KESU_STAFF_DIALOG (kesu_staff_dialog_new (f->parent, f->store));
  const char *bad[KESU_N_ROLES] = { NULL };
  const char *good[KESU_N_ROLES] = { NULL };
  gint64 before = kesu_store_get_role_limit (f->store, KESU_ROLE_SALES_CONSULTANT);

  /* One bad entry: nothing is saved, not even the good one beside it. */
  bad[KESU_ROLE_SALES_CONSULTANT] = "1,000";
  bad[KESU_ROLE_SERVICE_ADVISOR] = "五百";
  g_assert_false (_kesu_staff_dialog_save_limits (dialog, bad));
  g_assert_cmpint (kesu_store_get_role_limit (f->store, KESU_ROLE_SALES_CONSULTANT), ==, before);

  good[KESU_ROLE_SERVICE_ADVISOR] = "800.50";
  g_assert_true (_kesu_staff_dialog_save_limits (dialog, good));
  g_assert_cmpint (kesu_store_get_role_limit (f->store, KESU_ROLE_SERVICE_ADVISOR), ==, 80050);
  g_assert_cmpint (kesu_store_get_role_limit (f->store, KESU_ROLE_SALES_CONSULTANT), ==, 100000);
  g_assert_cmpint (kesu_store_get_staff_limit (f->store, f->handler_id), ==, 80050);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_front_desk_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStaff) handler = kesu_store_get_staff (f->store, f->handler_id);
  GtkWidget *widget;

  /* The operator is front desk: neither window opens, a message says why. */
  widget = kesu_staff_dialog_new (f->parent, f->store);
  g_assert_false (KESU_IS_STAFF_DIALOG (widget));
  g_assert_true (GTK_IS_MESSAGE_DIALOG (widget));
  gtk_window_destroy (GTK_WINDOW (widget));
  widget = kesu_audit_dialog_new (f->parent, f->store);
  g_assert_false (KESU_IS_AUDIT_DIALOG (widget));
  g_assert_true (GTK_IS_MESSAGE_DIALOG (widget));
  gtk_window_destroy (GTK_WINDOW (widget));

  /* Nor can the change be made behind the window's back. */
  handler->active = FALSE;
  g_assert_false (kesu_store_update_staff (f->store, handler, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (kesu_store_add_staff (f->store, "孙丽", KESU_ROLE_FRONT_DESK, NULL, &error),
                   <=, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  {
    g_autoptr(KesuStaff) still = kesu_store_get_staff (f->store, f->handler_id);

    g_assert_true (still->active);
  }
}

static void
test_audit_view (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xlsx = g_build_filename (f->dir, "audit.xlsx", NULL);
  KesuAuditDialog *dialog;
  GtkWidget *widget;
  const char *text = NULL;
  guint all, narrowed;
  gboolean found = FALSE;

  /* Changes made now: a note on the second case; the first one handed to 赵敏 and
   * investigated. */
  g_assert_true (kesu_store_add_note (f->store, f->complaint_ids[1], "客户来电催促进度。",
                                      &error));
  g_assert_no_error (error);
  {
    gint64 other = kesu_store_add_staff (f->store, "赵敏", KESU_ROLE_SERVICE_ADVISOR, NULL,
                                         &error);
    KesuState state;

    g_assert_no_error (error);
    g_assert_true (kesu_store_assign (f->store, f->complaint_ids[0], other, &error));
    g_assert_true (kesu_store_move (f->store, f->complaint_ids[0], KESU_STATE_INVESTIGATING,
                                    NULL, &state, &error));
    g_assert_no_error (error);
  }

  widget = kesu_audit_dialog_new (f->parent, f->store);
  g_assert_true (KESU_IS_AUDIT_DIALOG (widget));
  dialog = KESU_AUDIT_DIALOG (widget);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1200, 640);
  gtk_window_present (GTK_WINDOW (dialog));
  kesu_test_flush_events ();

  all = _kesu_audit_dialog_get_n_shown (dialog);
  g_assert_cmpuint (all, >, 0);
  for (guint i = 0; i < all && !found; i++)
    {
      g_autofree char *row = _kesu_audit_dialog_dup_row_text (dialog, i);

      found = strstr (row, f->numbers[1]) != NULL && strstr (row, "王芳") != NULL;
    }
  g_assert_true (found);

  /* Created records and PINs read as words, not as the stored JSON or key. */
  {
    gboolean created = FALSE, pin = FALSE;

    for (guint i = 0; i < all; i++)
      {
        g_autofree char *row = _kesu_audit_dialog_dup_row_text (dialog, i);

        g_assert_null (strstr (row, "{\""));
        created |= strstr (row, "Name: 赵敏") != NULL && strstr (row, "Service advisor") != NULL;
        pin |= strstr (row, "PIN") != NULL && strstr (row, "Set") != NULL
               && strstr (row, "| set") == NULL;
      }
    if (g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0)
      {
        g_assert_true (created);
        g_assert_true (pin);
      }
  }

  /* By complaint: only the first case's rows. */
  _kesu_audit_dialog_set_filter (dialog, -1, f->numbers[0], "", "");
  g_assert_null (_kesu_audit_dialog_get_filter_error (dialog));
  narrowed = _kesu_audit_dialog_get_n_shown (dialog);
  g_assert_cmpuint (narrowed, >, 0);
  g_assert_cmpuint (narrowed, <, all);
  for (guint i = 0; i < narrowed; i++)
    {
      g_autofree char *row = _kesu_audit_dialog_dup_row_text (dialog, i);

      g_assert_nonnull (strstr (row, f->numbers[0]));
      g_assert_null (strstr (row, f->numbers[1]));
    }

  /* A number that does not exist, and a day that does not exist: said so. */
  _kesu_audit_dialog_set_filter (dialog, -1, "KS-209912-9999", "", "");
  g_assert_nonnull (_kesu_audit_dialog_get_filter_error (dialog));
  g_assert_cmpuint (_kesu_audit_dialog_get_n_shown (dialog), ==, 0);
  _kesu_audit_dialog_set_filter (dialog, -1, "", "2026-02-30", "");
  g_assert_nonnull (_kesu_audit_dialog_get_filter_error (dialog));

  /* By day and person: the whole of today, by 王芳. */
  _kesu_audit_dialog_set_filter (dialog, f->operator_id, "", "2026-11-24", "2026-11-24");
  g_assert_null (_kesu_audit_dialog_get_filter_error (dialog));
  g_assert_cmpuint (_kesu_audit_dialog_get_n_shown (dialog), >, 0);
  _kesu_audit_dialog_set_filter (dialog, f->operator_id, "", "2026-11-25", "");
  g_assert_cmpuint (_kesu_audit_dialog_get_n_shown (dialog), ==, 0);

  _kesu_audit_dialog_set_filter (dialog, -1, "", "", "");
  g_assert_cmpuint (_kesu_audit_dialog_get_n_shown (dialog), ==, all);
  g_assert_true (_kesu_audit_dialog_verify (dialog, &text));
  /* The tests run in English; screenshots are taken in Chinese. */
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0)
    g_assert_nonnull (strstr (text, "whole"));
  kesu_test_screenshot (widget, "audit-view");

  g_assert_true (_kesu_audit_dialog_export_to (dialog, xlsx));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (xlsx, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 1000);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A row changed with another tool, behind Kesu's back: "Verify History" says where. */
static void
test_audit_verify_broken (Fixture       *f,
                          gconstpointer  data)
{
  KesuAuditDialog *dialog;
  sqlite3 *other = NULL;
  const char *text = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (kesu_store_get_path (f->store), &other,
                                    SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (other, 5000);
  g_assert_cmpint (sqlite3_exec (other,
                                 "DROP TRIGGER audit_no_update;"
                                 "UPDATE audit SET new_value = '星河' WHERE id = 3;",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (other);

  dialog = KESU_AUDIT_DIALOG (kesu_audit_dialog_new (f->parent, f->store));
  gtk_window_present (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  g_assert_false (_kesu_audit_dialog_verify (dialog, &text));
  g_assert_nonnull (text);
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0)
    g_assert_nonnull (strstr (text, "broken at entry 3 "));
  kesu_test_screenshot (GTK_WIDGET (dialog), "audit-broken");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

  g_test_add ("/staff/add-and-deactivate", Fixture,
              GINT_TO_POINTER (KESU_ROLE_AFTER_SALES_MANAGER), fixture_set_up,
              test_add_and_deactivate, fixture_tear_down);
  g_test_add ("/staff/edit", Fixture, GINT_TO_POINTER (KESU_ROLE_GENERAL_MANAGER),
              fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/staff/role-limits", Fixture, GINT_TO_POINTER (KESU_ROLE_ADMINISTRATOR),
              fixture_set_up, test_role_limits, fixture_tear_down);
  g_test_add ("/staff/front-desk-refused", Fixture, GINT_TO_POINTER (KESU_ROLE_FRONT_DESK),
              fixture_set_up, test_front_desk_refused, fixture_tear_down);
  g_test_add ("/audit/view-filter-verify", Fixture,
              GINT_TO_POINTER (KESU_ROLE_AFTER_SALES_MANAGER), fixture_set_up, test_audit_view,
              fixture_tear_down);
  g_test_add ("/audit/verify-broken", Fixture, GINT_TO_POINTER (KESU_ROLE_GENERAL_MANAGER),
              fixture_set_up, test_audit_verify_broken, fixture_tear_down);
  return g_test_run ();
}
