/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The intake form's draft: kept while typing, offered back after the window is gone (as
 * after a crash), gone once the complaint is saved; and a save the database refuses keeps
 * the form and says why. */
#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-draft.h"
#include "kesu-intake-page-private.h"
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
open_window (Fixture *f)
{
  f->window = kesu_test_window_new (f->store, "intake");
}

static void
close_window (Fixture *f)
{
  kesu_test_close_messages ();
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&f->window)));
  kesu_test_flush_events ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 14, 3));
  f->store = kesu_test_store_new ("kesu-draft", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->staff_id, &f->handler_id);
  open_window (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_window (f);
  kesu_test_tear_down (NULL, &f->store, &f->dir, &f->path);
}

static guint
handler_position (Fixture *f)
{
  return kesu_test_handler_position (f->store, f->handler_id);
}

static char *
text_of (KesuIntakePage *page,
         KesuField       field)
{
  GtkWidget *input = _kesu_intake_page_get_input (page, field);

  if (GTK_IS_TEXT_VIEW (input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (input));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (input)));
}

static guint
selected (KesuIntakePage *page,
          KesuField       field)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (_kesu_intake_page_get_input (page, field)));
}

static const struct { KesuField field; const char *text; } typed[] = {
  { KESU_FIELD_CUSTOMER_NAME, "陈静" },
  { KESU_FIELD_CUSTOMER_PHONE, "139 8765 4321" },
  { KESU_FIELD_CUSTOMER_OTHER_CONTACT, "微信 chenjing" },
  { KESU_FIELD_CUSTOMER_ADDRESS, "上海市静安区南京西路100号" },
  { KESU_FIELD_VEHICLE_MODEL, "本田 雅阁" },
  { KESU_FIELD_VIN, "LSVAU218XN2183294" },
  { KESU_FIELD_PLATE, "沪B54321" },
  { KESU_FIELD_PURCHASE_DATE, "2024-03-15" },
  { KESU_FIELD_MILEAGE, "23456" },
  { KESU_FIELD_ORDER_NUMBER, "RO2026112401" },
  { KESU_FIELD_STAFF_INVOLVED, "赵敏" },
  { KESU_FIELD_DESCRIPTION, "空调不制冷，\n已经修过一次还是不行。" },
  { KESU_FIELD_OCCURRED_ON, "2026-11-20" },
  { KESU_FIELD_OCCURRED_PLACE, "高架路上" },
  { KESU_FIELD_DEMAND, "要求彻底修好并提供代步车" },
};

static void
fill_form (Fixture *f)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);

  kesu_test_choose (page, KESU_FIELD_CHANNEL, KESU_CHANNEL_WALK_IN);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    kesu_test_type_into (page, typed[i].field, typed[i].text);
  kesu_test_type_into (page, KESU_FIELD_RECEIVED_AT, "2026-11-24 13:50");
  kesu_test_choose (page, KESU_FIELD_EMOTION, KESU_EMOTION_ANXIOUS);
  kesu_test_choose (page, KESU_FIELD_CUSTOMER_TYPE, KESU_CUSTOMER_TYPE_DOMINEERING);
  kesu_test_choose (page, KESU_FIELD_CATEGORY, KESU_CATEGORY_REPAIR_QUALITY);
  kesu_test_choose (page, KESU_FIELD_SEVERITY, KESU_SEVERITY_IMPORTANT);
  kesu_test_choose (page, KESU_FIELD_HANDLER, handler_position (f));
  kesu_test_flush_events ();
}

static void
assert_form_filled (Fixture *f)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  g_autofree char *received = text_of (page, KESU_FIELD_RECEIVED_AT);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *text = text_of (page, typed[i].field);

      g_assert_cmpstr (text, ==, typed[i].text);
    }
  g_assert_cmpstr (received, ==, "2026-11-24 13:50");
  g_assert_cmpuint (selected (page, KESU_FIELD_CHANNEL), ==, KESU_CHANNEL_WALK_IN);
  g_assert_cmpuint (selected (page, KESU_FIELD_EMOTION), ==, KESU_EMOTION_ANXIOUS);
  g_assert_cmpuint (selected (page, KESU_FIELD_CUSTOMER_TYPE), ==,
                    KESU_CUSTOMER_TYPE_DOMINEERING);
  g_assert_cmpuint (selected (page, KESU_FIELD_CATEGORY), ==, KESU_CATEGORY_REPAIR_QUALITY);
  g_assert_cmpuint (selected (page, KESU_FIELD_SEVERITY), ==, KESU_SEVERITY_IMPORTANT);
  g_assert_cmpuint (selected (page, KESU_FIELD_HANDLER), ==, handler_position (f));
  g_assert_cmpuint (selected (page, KESU_FIELD_RECEIVED_BY), ==, handler_position (f) == 1
                    ? 2 : 1);
}

static gboolean
has_draft (Fixture *f)
{
  g_autoptr(KesuIntake) draft = kesu_store_load_draft (f->store, NULL, NULL);

  return draft != NULL;
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  GtkWidget *banner = _kesu_intake_page_get_draft_banner (page);
  gint64 deadline;

  g_assert_false (gtk_widget_get_visible (banner));
  g_assert_false (has_draft (f));

  fill_form (f);
  /* Saved by itself about a second after the last change. */
  deadline = g_get_monotonic_time () + 4 * G_USEC_PER_SEC;
  while (!has_draft (f) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  g_assert_true (has_draft (f));
  _kesu_intake_page_flush_draft (page);

  /* The window goes away without saving: a crash, or closed. */
  close_window (f);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  open_window (f);
  page = kesu_test_intake_page (f->window);
  banner = _kesu_intake_page_get_draft_banner (page);
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (_kesu_intake_page_get_draft_label (page))),
                   ==, "An unsaved complaint from 14:03 was found.");
  kesu_test_screenshot (GTK_WIDGET (f->window), "intake-draft");

  gtk_widget_activate_action (GTK_WIDGET (page), "intake.resume-draft", NULL);
  kesu_test_flush_events ();
  g_assert_false (gtk_widget_get_visible (banner));
  assert_form_filled (f);
  g_assert_true (has_draft (f));

  /* Saved as a complaint: the draft is gone. */
  g_assert_cmpint (kesu_intake_page_save (page), >, 0);
  kesu_test_flush_events ();
  kesu_test_close_messages ();
  g_assert_false (has_draft (f));
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 1);

  close_window (f);
  open_window (f);
  g_assert_false (gtk_widget_get_visible (
    _kesu_intake_page_get_draft_banner (kesu_test_intake_page (f->window))));
}

static void
test_discard_and_clear (Fixture       *f,
                        gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);

  fill_form (f);
  _kesu_intake_page_flush_draft (page);
  g_assert_true (has_draft (f));
  kesu_intake_page_clear (page);
  g_assert_false (has_draft (f));

  fill_form (f);
  _kesu_intake_page_flush_draft (page);
  close_window (f);
  open_window (f);
  page = kesu_test_intake_page (f->window);
  gtk_widget_activate_action (GTK_WIDGET (page), "intake.discard-draft", NULL);
  kesu_test_flush_events ();
  g_assert_false (gtk_widget_get_visible (_kesu_intake_page_get_draft_banner (page)));
  g_assert_false (has_draft (f));
  {
    g_autofree char *name = text_of (page, KESU_FIELD_CUSTOMER_NAME);

    g_assert_cmpstr (name, ==, "");
  }
}

/* The open message dialog's secondary text. */
static char *
shown_message (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          char *text = NULL;

          g_object_get (window, "secondary-text", &text, NULL);
          return text;
        }
    }
  return NULL;
}

static void
test_locked_keeps_form (Fixture       *f,
                        gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  KesuDb *db = kesu_store_get_db (f->store);
  g_autofree char *message = NULL;
  sqlite3 *other = NULL;

  fill_form (f);
  _kesu_intake_page_flush_draft (page);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &other, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE; UPDATE branch SET name = name;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  kesu_db_set_busy_timeout (db, 50);

  g_assert_cmpint (kesu_intake_page_save (page), ==, 0);
  kesu_test_flush_events ();
  message = shown_message ();
  g_assert_cmpstr (message, ==,
                   "The database is in use by another program. Close it and try again.");
  g_assert_cmpuint (kesu_test_close_messages (), ==, 1);
  /* Everything typed is still there, and the draft too. */
  assert_form_filled (f);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  /* The other program lets go: Save again works. */
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_true (has_draft (f));
  g_assert_cmpint (kesu_intake_page_save (page), >, 0);
  kesu_test_flush_events ();
  kesu_test_close_messages ();
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 1);
  g_assert_false (has_draft (f));
  kesu_db_set_busy_timeout (db, 5000);
}

int
main (int    argc,
      char **argv)
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/draft/resume", test_resume);
  ADD ("/draft/discard-and-clear", test_discard_and_clear);
  ADD ("/draft/locked-keeps-form", test_locked_keeps_form);
#undef ADD

  return g_test_run ();
}
