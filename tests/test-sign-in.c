/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint-view.h"
#include "kesu-intake-page-private.h"
#include "kesu-preferences-dialog-private.h"
#include "kesu-setup-dialog.h"
#include "kesu-test-util.h"
#include "kesu-window-private.h"

#define MANAGER_PIN "1357"
#define HANDLER_PIN "2468"

typedef struct
{
  char       *dir;
  KesuStore  *store;
  KesuWindow *window;
  gint64      staff_id;    /* 王芳, after-sales manager, signed in at the start */
  gint64      handler_id;  /* 李强, service advisor */
  gint64      complaint_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KesuIntake) in = NULL;
  g_autoptr(GError) error = NULL;

  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-sign-in", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir, NULL,
                                  &f->staff_id, &f->handler_id);
  g_assert_true (kesu_store_is_signed_in (f->store));
  g_assert_true (kesu_store_set_pin (f->store, f->staff_id, MANAGER_PIN, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_set_pin (f->store, f->handler_id, HANDLER_PIN, &error));
  g_assert_no_error (error);

  /* One case on the board, whose customer's name must not show while locked. */
  in = kesu_test_intake_new (kesu_test_local_unix (2026, 11, 23, 9, 0), f->staff_id,
                             f->handler_id, "陈静", "13987654321",
                             "空调不制冷，已经修过一次还是不行。", "要求彻底修好");
  in->vehicle_model = g_strdup ("本田 雅阁");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = KESU_CATEGORY_VEHICLE_QUALITY;
  f->complaint_id = kesu_test_add_intake (f->store, in);

  f->window = kesu_test_window_new (f->store, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_tear_down (GTK_WINDOW (f->window), &f->store, &f->dir, NULL);
}

static GtkWidget *
window_child (Fixture    *f,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), KESU_TYPE_WINDOW,
                                                    name));
}

static KesuSignInPage *
page (Fixture *f)
{
  return _kesu_window_get_sign_in_page (f->window);
}

/* Whether a label or a text field that is on screen now (mapped) shows @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  if (GTK_IS_TEXT (widget) && strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Clicks the name on the sign-in page. */
static void
choose_name (Fixture    *f,
             const char *name)
{
  GtkListBox *list = _kesu_sign_in_page_get_staff_list (page (f));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *label = gtk_widget_get_first_child (box);

      if (g_str_equal (gtk_label_get_text (GTK_LABEL (label)), name))
        {
          g_signal_emit_by_name (list, "row-activated", row);
          kesu_test_flush_events ();
          return;
        }
    }
  g_assert_not_reached ();
}

/* Types @pin into the PIN field and presses Enter. */
static void
enter_pin (Fixture    *f,
           const char *pin)
{
  GtkWidget *entry = _kesu_sign_in_page_get_pin_entry (page (f));

  g_assert_true (gtk_widget_get_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  g_signal_emit_by_name (entry, "activate");
  kesu_test_flush_events ();
}

/* The focus is in @widget (a GtkPasswordEntry gives it to the text inside). */
static gboolean
focus_within (Fixture   *f,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static const char *
shown_error (Fixture *f)
{
  GtkLabel *label = _kesu_sign_in_page_get_error_label (page (f));

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static void
lock (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));
  kesu_test_flush_events ();
}

static void
assert_locked (Fixture *f)
{
  GtkWidget *board = window_child (f, "board_page");

  g_assert_true (kesu_window_is_locked (f->window));
  g_assert_false (kesu_store_is_signed_in (f->store));
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, 0);
  g_assert_false (gtk_widget_get_mapped (board));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page (f))));
  g_assert_false (shows_text (GTK_WIDGET (f->window), "陈静"));
  g_assert_false (gtk_widget_get_sensitive (window_child (f, "page_switcher")));
  g_assert_false (gtk_widget_get_visible (window_child (f, "user_button")));
  /* The pages' shortcuts do nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-board", NULL);
  kesu_test_flush_events ();
  g_assert_false (gtk_widget_get_mapped (board));
}

static void
assert_unlocked_as (Fixture *f,
                    gint64   staff_id)
{
  g_autoptr(KesuStaff) staff = kesu_store_get_staff (f->store, staff_id);

  g_assert_false (kesu_window_is_locked (f->window));
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, staff_id);
  g_assert_true (gtk_widget_get_sensitive (window_child (f, "page_switcher")));
  g_assert_true (gtk_widget_get_visible (window_child (f, "user_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window_child (f, "user_label"))), ==,
                   staff->name);
}

static void
test_lock_hides_board (Fixture       *f,
                       gconstpointer  data)
{
  /* Signed in already (the store says so): the window opens unlocked, on the board. */
  assert_unlocked_as (f, f->staff_id);
  g_assert_true (gtk_widget_get_mapped (window_child (f, "board_page")));
  g_assert_true (shows_text (GTK_WIDGET (f->window), "陈静"));
  kesu_test_screenshot (GTK_WIDGET (f->window), "header-user");

  lock (f);
  assert_locked (f);
  /* The same person is offered first: only the PIN is needed. */
  g_assert_cmpint (_kesu_sign_in_page_get_selected (page (f)), ==, f->staff_id);
  g_assert_true (focus_within (f, _kesu_sign_in_page_get_pin_entry (page (f))));
  kesu_test_screenshot (GTK_WIDGET (f->window), "sign-in");

  enter_pin (f, MANAGER_PIN);
  assert_unlocked_as (f, f->staff_id);
  g_assert_true (gtk_widget_get_mapped (window_child (f, "board_page")));
  g_assert_true (shows_text (GTK_WIDGET (f->window), "陈静"));
}

static void
test_wrong_pin (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *first = NULL;

  lock (f);
  enter_pin (f, "0000");
  g_assert_nonnull (shown_error (f));
  first = g_strdup (shown_error (f));
  assert_locked (f);
  /* The PIN does not stay in the field. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_kesu_sign_in_page_get_pin_entry (page (f)))),
                   ==, "");

  /* Each wrong PIN counts: the message changes (fewer tries), then the account locks
   * and even the right PIN is refused until the lockout ends. */
  enter_pin (f, "0001");
  g_assert_nonnull (shown_error (f));
  g_assert_cmpstr (shown_error (f), !=, first);
  for (int i = 2; i < KESU_PIN_MAX_FAILURES; i++)
    enter_pin (f, "0002");
  g_assert_cmpint (kesu_store_locked_until (f->store, f->staff_id), >, 0);
  enter_pin (f, MANAGER_PIN);
  g_assert_nonnull (shown_error (f));
  assert_locked (f);

  /* Somebody else can still sign in. */
  choose_name (f, "李强");
  g_assert_null (shown_error (f));
  enter_pin (f, HANDLER_PIN);
  assert_unlocked_as (f, f->handler_id);
}

/* Ctrl+L is bound to win.lock, and the binding locks. */
static void
test_ctrl_l (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GtkShortcut *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && found == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (trigger, "<Control>l") && GTK_IS_NAMED_ACTION (action))
            {
              g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==,
                               "win.lock");
              found = g_object_ref (shortcut);
              break;
            }
        }
    }
  g_assert_nonnull (found);

  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (found), 0,
                                               GTK_WIDGET (f->window), NULL));
  kesu_test_flush_events ();
  assert_locked (f);
  g_object_unref (found);
}

static void
test_idle_lock (Fixture       *f,
                gconstpointer  data)
{
  gint64 start;

  /* The branch's setting is in minutes (5 by default); a second here. */
  g_assert_cmpuint (kesu_store_get_idle_lock_minutes (f->store), ==,
                    KESU_DEFAULT_IDLE_LOCK_MINUTES);
  _kesu_window_set_idle_lock_seconds (f->window, 1);
  g_assert_false (kesu_window_is_locked (f->window));
  start = g_get_monotonic_time ();
  while (!kesu_window_is_locked (f->window) && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  kesu_test_flush_events ();
  assert_locked (f);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC - 50000);

  /* Signed in again, the idle time starts over (and 0 means never). */
  enter_pin (f, MANAGER_PIN);
  assert_unlocked_as (f, f->staff_id);
  _kesu_window_set_idle_lock_seconds (f->window, 0);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 1500000)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_false (kesu_window_is_locked (f->window));
}

static void
test_other_person_takes_over (Fixture       *f,
                              gconstpointer  data)
{
  KesuIntakePage *intake = KESU_INTAKE_PAGE (window_child (f, "intake_page"));
  GtkWidget *name = _kesu_intake_page_get_input (intake, KESU_FIELD_CUSTOMER_NAME);
  KesuComplaintView *view;

  /* 王芳 is half-way through an intake and has a case open. */
  kesu_window_show_page (f->window, "intake");
  gtk_editable_set_text (GTK_EDITABLE (name), "刘洋");
  kesu_test_flush_events ();
  view = kesu_complaint_view_present (GTK_WINDOW (f->window), f->store, f->complaint_id);
  g_assert_nonnull (view);
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  kesu_test_flush_events ();

  /* Locked: the case window is hidden too.  The same person gets everything back. */
  lock (f);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  enter_pin (f, MANAGER_PIN);
  assert_unlocked_as (f, f->staff_id);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "刘洋");

  /* "Switch user": nobody is preselected; 李强 signs in and takes over. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  kesu_test_flush_events ();
  assert_locked (f);
  g_assert_cmpint (_kesu_sign_in_page_get_selected (page (f)), ==, 0);
  choose_name (f, "李强");
  enter_pin (f, HANDLER_PIN);
  assert_unlocked_as (f, f->handler_id);
  /* 王芳's case window is closed and her unsaved intake is not shown to him... */
  g_assert_null (view);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "");
  g_assert_false (gtk_widget_get_visible (_kesu_intake_page_get_draft_banner (intake)));
  g_assert_false (shows_text (GTK_WIDGET (f->window), "刘洋"));

  /* ...but kept in her draft: back at the desk, she is offered it again. */
  lock (f);
  choose_name (f, "王芳");
  enter_pin (f, MANAGER_PIN);
  assert_unlocked_as (f, f->staff_id);
  g_assert_true (gtk_widget_get_visible (_kesu_intake_page_get_draft_banner (intake)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake), "intake.resume-draft", NULL));
  kesu_test_flush_events ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "刘洋");
}

/* Typing narrows the list and chooses the first name that fits. */
static void
test_type_ahead (Fixture       *f,
                 gconstpointer  data)
{
  GtkEditable *search = _kesu_sign_in_page_get_search (page (f));
  gint64 start;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  kesu_test_flush_events ();
  g_assert_cmpint (_kesu_sign_in_page_get_selected (page (f)), ==, 0);
  gtk_editable_set_text (search, "李");
  start = g_get_monotonic_time ();
  while (_kesu_sign_in_page_get_selected (page (f)) == 0 &&
         g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (_kesu_sign_in_page_get_selected (page (f)), ==, f->handler_id);
  /* Enter in the search goes to the PIN. */
  g_signal_emit_by_name (search, "activate");
  kesu_test_flush_events ();
  g_assert_true (focus_within (f, _kesu_sign_in_page_get_pin_entry (page (f))));
  enter_pin (f, HANDLER_PIN);
  assert_unlocked_as (f, f->handler_id);
}

/* Someone without a PIN is listed but cannot sign in, and is told what to do. */
static void
test_no_pin (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = kesu_store_add_staff (f->store, "张伟", KESU_ROLE_FRONT_DESK, NULL, &error);

  g_assert_no_error (error);
  lock (f);
  choose_name (f, "张伟");
  g_assert_nonnull (shown_error (f));
  g_assert_nonnull (strstr (shown_error (f), "manager"));
  g_assert_false (gtk_widget_get_sensitive (_kesu_sign_in_page_get_pin_entry (page (f))));
  g_assert_false (kesu_sign_in_page_submit (page (f)));
  g_assert_false (kesu_sign_in_page_sign_in (page (f), id, "1234"));
  assert_locked (f);
}

/* The idle time is the branch's setting, changed in Preferences by a manager. */
static void
test_preferences_idle_time (Fixture       *f,
                            gconstpointer  data)
{
  KesuPreferencesDialog *dialog = kesu_preferences_dialog_new (GTK_WINDOW (f->window), f->store);
  GtkSpinButton *spin = _kesu_preferences_dialog_get_idle_lock (dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, KESU_DEFAULT_IDLE_LOCK_MINUTES);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (spin)));
  gtk_spin_button_set_value (spin, 12);
  g_assert_true (_kesu_preferences_dialog_save (dialog));
  kesu_test_flush_events ();
  g_assert_cmpuint (kesu_store_get_idle_lock_minutes (f->store), ==, 12);

  /* A service advisor sees it but cannot change it. */
  lock (f);
  choose_name (f, "李强");
  enter_pin (f, HANDLER_PIN);
  dialog = kesu_preferences_dialog_new (GTK_WINDOW (f->window), f->store);
  spin = _kesu_preferences_dialog_get_idle_lock (dialog);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 12);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (spin)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  kesu_test_flush_events ();
}

/* KESU_AUTO_SIGN_IN goes through the same checks: a right PIN opens the window, a wrong
 * one counts and leaves the sign-in page up. */
static void
test_auto_sign_in (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *right = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", f->handler_id,
                                            HANDLER_PIN);
  g_autofree char *wrong = g_strdup_printf ("%" G_GINT64_FORMAT ":9999", f->handler_id);
  KesuWindow *second;

  kesu_store_sign_out (f->store);
  g_setenv ("KESU_AUTO_SIGN_IN", wrong, TRUE);
  second = kesu_test_window_new (f->store, NULL);
  g_assert_true (kesu_window_is_locked (second));
  g_assert_false (kesu_store_is_signed_in (f->store));
  g_assert_true (gtk_widget_get_visible (
    GTK_WIDGET (_kesu_sign_in_page_get_error_label (_kesu_window_get_sign_in_page (second)))));
  gtk_window_destroy (GTK_WINDOW (second));

  g_setenv ("KESU_AUTO_SIGN_IN", right, TRUE);
  second = kesu_test_window_new (f->store, NULL);
  g_assert_false (kesu_window_is_locked (second));
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->handler_id);
  gtk_window_destroy (GTK_WINDOW (second));
  g_unsetenv ("KESU_AUTO_SIGN_IN");
  kesu_test_flush_events ();
}

/* The same at Kesu's start (kesu-application.c), with the PIN check in a thread while the
 * window is built: the window opens on the sign-in page and shows the board only once
 * the PIN is found right; a wrong one counts and leaves the sign-in page up, saying why. */
static void
test_auto_sign_in_thread (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *right = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", f->handler_id,
                                            HANDLER_PIN);
  g_autofree char *wrong = g_strdup_printf ("%" G_GINT64_FORMAT ":9999", f->handler_id);
  GtkLabel *error_label;
  KesuWindow *second;
  gint64 until;

  kesu_store_sign_out (f->store);
  g_setenv ("KESU_AUTO_SIGN_IN", wrong, TRUE);
  g_assert_true (kesu_window_start_auto_sign_in (f->store));
  second = kesu_window_new (NULL, f->store);
  gtk_window_present (GTK_WINDOW (second));
  g_assert_true (kesu_window_is_locked (second));
  error_label = _kesu_sign_in_page_get_error_label (_kesu_window_get_sign_in_page (second));
  until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!gtk_widget_get_visible (GTK_WIDGET (error_label)) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (kesu_window_is_locked (second));
  g_assert_false (kesu_store_is_signed_in (f->store));
  g_assert_cmpint (_kesu_sign_in_page_get_selected (_kesu_window_get_sign_in_page (second)), ==,
                   f->handler_id);
  gtk_window_destroy (GTK_WINDOW (second));

  g_setenv ("KESU_AUTO_SIGN_IN", right, TRUE);
  g_assert_true (kesu_window_start_auto_sign_in (f->store));
  second = kesu_window_new (NULL, f->store);
  gtk_window_present (GTK_WINDOW (second));
  g_assert_true (kesu_window_is_locked (second));
  until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (kesu_window_is_locked (second) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kesu_window_is_locked (second));
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->handler_id);
  /* Signed in: nothing more to start. */
  g_assert_false (kesu_window_start_auto_sign_in (f->store));
  gtk_window_destroy (GTK_WINDOW (second));
  g_unsetenv ("KESU_AUTO_SIGN_IN");
  kesu_test_flush_events ();
}

/* A database from before sign-in: nobody has a PIN.  The administrator (not simply the
 * first person entered) chooses the first PIN, typed twice, and is signed in. */
static void
test_first_pin_after_upgrade (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_open ("kesu-upgrade", &dir, NULL);
  g_autoptr(GError) error = NULL;
  KesuBranch branch = { .name = (char *) "星河汽车4S店" };
  gint64 first = 0, admin;
  KesuWindow *window;
  KesuSignInPage *sign_in;

  g_assert_true (kesu_store_setup (store, &branch, "王芳", KESU_ROLE_FRONT_DESK, NULL, &first,
                                   &error));
  g_assert_no_error (error);
  if (kesu_store_is_signed_in (store))
    kesu_store_sign_out (store);
  admin = kesu_store_add_staff (store, "赵刚", KESU_ROLE_ADMINISTRATOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_first_pin_holder (store), ==, admin);

  window = kesu_test_window_new (store, NULL);
  sign_in = _kesu_window_get_sign_in_page (window);
  g_assert_true (kesu_window_is_locked (window));
  g_assert_true (_kesu_sign_in_page_is_first_pin (sign_in));
  kesu_test_screenshot (GTK_WIDGET (window), "first-pin");

  /* Two different PINs, or a PIN of the wrong form: refused, said why. */
  gtk_editable_set_text (GTK_EDITABLE (_kesu_sign_in_page_get_pin_entry (sign_in)), "8642");
  gtk_editable_set_text (GTK_EDITABLE (_kesu_sign_in_page_get_repeat_entry (sign_in)), "8643");
  g_assert_false (kesu_sign_in_page_submit (sign_in));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_kesu_sign_in_page_get_error_label (sign_in))));
  gtk_editable_set_text (GTK_EDITABLE (_kesu_sign_in_page_get_pin_entry (sign_in)), "86");
  gtk_editable_set_text (GTK_EDITABLE (_kesu_sign_in_page_get_repeat_entry (sign_in)), "86");
  g_assert_false (kesu_sign_in_page_submit (sign_in));
  g_assert_false (kesu_store_has_pin (store, admin));

  gtk_editable_set_text (GTK_EDITABLE (_kesu_sign_in_page_get_pin_entry (sign_in)), "8642");
  gtk_editable_set_text (GTK_EDITABLE (_kesu_sign_in_page_get_repeat_entry (sign_in)), "8642");
  g_signal_emit_by_name (_kesu_sign_in_page_get_repeat_entry (sign_in), "activate");
  kesu_test_flush_events ();
  g_assert_false (kesu_window_is_locked (window));
  g_assert_cmpint (kesu_store_get_operator (store), ==, admin);
  g_assert_true (kesu_store_has_pin (store, admin));
  g_assert_false (kesu_store_has_pin (store, first));
  g_assert_cmpint (kesu_store_first_pin_holder (store), ==, 0);

  /* From now on the page asks for a name and a PIN. */
  kesu_window_lock (window, TRUE);
  kesu_test_flush_events ();
  g_assert_false (_kesu_sign_in_page_is_first_pin (sign_in));

  gtk_window_destroy (GTK_WINDOW (window));
  kesu_test_flush_events ();
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
}

static void
test_setup_pins_must_match (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_open ("kesu-setup-pin", &dir, NULL);
  KesuSetupDialog *dialog = kesu_setup_dialog_new (store);
  GtkWidget *w = GTK_WIDGET (dialog);

#define SET(name, text) \
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (w, KESU_TYPE_SETUP_DIALOG, \
                                                                      name)), text)
  gtk_window_present (GTK_WINDOW (dialog));
  SET ("branch_name_entry", "星河汽车4S店");
  SET ("staff_name_entry", "周敏");
  SET ("pin_entry", "2468");
  SET ("repeat_pin_entry", "2469");
  g_assert_false (kesu_setup_dialog_submit (dialog));
  g_assert_true (kesu_store_needs_setup (store));
  SET ("repeat_pin_entry", "2468");
  g_assert_true (kesu_setup_dialog_submit (dialog));
  g_assert_true (kesu_store_is_signed_in (store));
  g_assert_true (kesu_store_has_pin (store, kesu_store_get_operator (store)));
#undef SET

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

  ADD ("/sign-in/lock-hides-board", test_lock_hides_board);
  ADD ("/sign-in/wrong-pin", test_wrong_pin);
  ADD ("/sign-in/ctrl-l", test_ctrl_l);
  ADD ("/sign-in/idle-lock", test_idle_lock);
  ADD ("/sign-in/other-person-takes-over", test_other_person_takes_over);
  ADD ("/sign-in/type-ahead", test_type_ahead);
  ADD ("/sign-in/no-pin", test_no_pin);
  ADD ("/sign-in/preferences-idle-time", test_preferences_idle_time);
  ADD ("/sign-in/auto-sign-in", test_auto_sign_in);
  ADD ("/sign-in/auto-sign-in-thread", test_auto_sign_in_thread);
  g_test_add_func ("/sign-in/first-pin-after-upgrade", test_first_pin_after_upgrade);
  g_test_add_func ("/sign-in/setup-pins-must-match", test_setup_pins_must_match);

  return g_test_run ();
}
