/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-demo.h"
#include "kesu-list-page.h"
#include "kesu-test-core.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

/* More than two pages of the list (200 rows each). */
#define N_COMPLAINTS 450

typedef struct
{
  char       *dir;
  char       *path;
  KesuStore  *store;
  KesuWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GError) error = NULL;

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-list-page", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  NULL, NULL);
  kesu_demo_generate (f->store, N_COMPLAINTS, KESU_DEMO_DEFAULT_SEED, &error);
  g_assert_no_error (error);

  f->window = kesu_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  kesu_window_show_page (f->window, "list");
  kesu_test_flush_events ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  kesu_test_flush_events ();
  g_clear_object (&f->store);
  kesu_test_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  kesu_clock_set_fixed (NULL);
}

static KesuListPage *
list_page (Fixture *f)
{
  return KESU_LIST_PAGE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                        KESU_TYPE_WINDOW, "list_page"));
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
count_text (Fixture *f)
{
  GtkWidget *label = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (list_page (f)),
                                                    KESU_TYPE_LIST_PAGE, "count_label");

  return gtk_label_get_text (GTK_LABEL (label));
}

/* Newest first, no row twice, the same rows as the store's full read. */
static void
assert_newest_first (GListModel *rows,
                     GListModel *all)
{
  guint n = g_list_model_get_n_items (rows);

  g_assert_cmpuint (n, <=, g_list_model_get_n_items (all));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) row = g_list_model_get_item (rows, i);
      g_autoptr(KesuComplaint) want = g_list_model_get_item (all, i);

      g_assert_cmpint (kesu_complaint_get_id (row), ==, kesu_complaint_get_id (want));
    }
}

/* The count line says @english; the tests run in English, screenshots are taken in
 * Chinese, where it only has to say something. */
static void
expect_count (Fixture    *f,
              const char *english)
{
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0)
    g_assert_cmpstr (count_text (f), ==, english);
  else
    g_assert_cmpstr (count_text (f), !=, "");
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = kesu_store_search_complaints (f->store, NULL, &error);
  GListModel *rows = kesu_list_page_get_model (list_page (f));

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, N_COMPLAINTS);

  /* The first page only, and the count of all of them. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 200);
  g_assert_cmpuint (kesu_list_page_get_n_matches (list_page (f)), ==, N_COMPLAINTS);
  expect_count (f, "Newest 200 of 450 shown — scroll for more; "
                   "a column sort orders the rows shown");
  assert_newest_first (rows, all);
  kesu_test_screenshot (GTK_WIDGET (f->window), "list-page-first");

  kesu_list_page_load_more (list_page (f));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 400);
  assert_newest_first (rows, all);

  kesu_list_page_load_more (list_page (f));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, N_COMPLAINTS);
  assert_newest_first (rows, all);
  expect_count (f, "450 complaints");

  /* Nothing more to read. */
  kesu_list_page_load_more (list_page (f));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, N_COMPLAINTS);
}

static void
test_scroll_reads_more (Fixture       *f,
                        gconstpointer  data)
{
  GListModel *rows = kesu_list_page_get_model (list_page (f));
  GtkScrolledWindow *scrolled
    = GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (list_page (f)), GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 200);

  /* Scrolled to the end, the list reads the next page. */
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  for (int i = 0; i < 50 && g_list_model_get_n_items (rows) == 200; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                            - gtk_adjustment_get_page_size (adjustment));
      kesu_test_flush_events ();
    }
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 400);

  /* A new search starts again at its first page, counted in full. */
  kesu_list_page_set_search (list_page (f), "KS-");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 200);
  g_assert_cmpuint (kesu_list_page_get_n_matches (list_page (f)), ==, N_COMPLAINTS);
}

static void
test_search_few (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuComplaint) first = NULL;
  g_autoptr(GListModel) all = kesu_store_search_complaints (f->store, NULL, &error);
  GListModel *rows = kesu_list_page_get_model (list_page (f));
  const char *number;

  g_assert_no_error (error);
  first = g_list_model_get_item (all, 0);
  number = kesu_complaint_get_number (first);

  /* Fewer matches than a page: all shown, counted plainly. */
  kesu_list_page_set_search (list_page (f), number);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_cmpuint (kesu_list_page_get_n_matches (list_page (f)), ==, 1);
  expect_count (f, "1 complaint");

  kesu_list_page_set_search (list_page (f), "no such text at all");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpuint (kesu_list_page_get_n_matches (list_page (f)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/list-page/pages", test_pages);
  ADD ("/list-page/scroll-reads-more", test_scroll_reads_more);
  ADD ("/list-page/search-few", test_search_few);
#undef ADD

  return g_test_run ();
}
