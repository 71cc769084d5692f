/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-test"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-application.h"
#include "kesu-clock.h"
#include "kesu-intake-page-private.h"
#include "kesu-test-util.h"

void
kesu_test_init_gui (int    *argc,
                    char ***argv)
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: it hides the system MIME database, without which
   * GTK cannot load its own symbolic icons.  The tests write only to their own temporary
   * folders, and settings live in memory (GSETTINGS_BACKEND=memory). */
  g_test_init (argc, argv, NULL);
  kesu_application_init_i18n ();
  gtk_init ();
  kesu_application_load_ui ();
  /* Two test programs share one Xvfb: when the other one's window has the X focus, a
   * blinking cursor's timer finds its entry focused in an inactive window and GtkText
   * warns that it "did not receive a focus-out event" (fatal in a test).  Nothing here
   * tests the blinking. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}

void
kesu_test_flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
kesu_test_screenshot (GtkWidget  *widget,
                      const char *name)
{
  const char *dir = g_getenv ("KESU_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL || dir[0] == '\0')
    return;

  for (int i = 0; i < 20; i++)
    {
      kesu_test_flush_events ();
      g_usleep (20000);
    }
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

guint
kesu_test_close_messages (void)
{
  GListModel *toplevels;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  kesu_test_flush_events ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GObject *window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window))
        g_ptr_array_add (messages, window);
      else
        g_object_unref (window);
    }
  for (guint i = 0; i < messages->len; i++)
    gtk_window_destroy (GTK_WINDOW (messages->pdata[i]));
  kesu_test_flush_events ();
  return messages->len;
}

gpointer
kesu_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

GtkWindow *
kesu_test_parent_new (void)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (parent, 400, 300);
  gtk_window_present (parent);
  kesu_test_flush_events ();
  return parent;
}

KesuWindow *
kesu_test_window_new (KesuStore  *store,
                      const char *page)
{
  KesuWindow *window = kesu_window_new (NULL, store);

  gtk_window_present (GTK_WINDOW (window));
  if (page != NULL)
    kesu_window_show_page (window, page);
  kesu_test_flush_events ();
  return window;
}

KesuComplaintView *
kesu_test_open_case (GtkWindow *parent,
                     KesuStore *store,
                     gint64     complaint_id)
{
  KesuComplaintView *view = kesu_complaint_view_present (parent, store, complaint_id);

  g_assert_nonnull (view);
  kesu_test_flush_events ();
  return view;
}

void
kesu_test_tear_down (GtkWindow  *window,
                     KesuStore **store,
                     char      **dir,
                     char      **path)
{
  if (window != NULL)
    gtk_window_destroy (window);
  kesu_test_flush_events ();
  g_clear_object (store);
  kesu_test_remove_dir (*dir);
  g_clear_pointer (dir, g_free);
  if (path != NULL)
    g_clear_pointer (path, g_free);
  kesu_clock_set_fixed (NULL);
}

KesuIntakePage *
kesu_test_intake_page (KesuWindow *window)
{
  return KESU_INTAKE_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                          KESU_TYPE_WINDOW, "intake_page"));
}

void
kesu_test_type_into (KesuIntakePage *page,
                     KesuField       field,
                     const char     *text)
{
  GtkWidget *input = _kesu_intake_page_get_input (page, field);

  g_assert_nonnull (input);
  if (GTK_IS_TEXT_VIEW (input))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (input), text);
}

void
kesu_test_choose (KesuIntakePage *page,
                  KesuField       field,
                  guint           position)
{
  GtkWidget *input = _kesu_intake_page_get_input (page, field);

  g_assert_true (GTK_IS_DROP_DOWN (input));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (input), position);
}

guint
kesu_test_handler_position (KesuStore *store,
                            gint64     handler_id)
{
  g_autoptr(GPtrArray) staff = kesu_store_list_staff (store);

  for (guint i = 0; i < staff->len; i++)
    if (((KesuStaff *) staff->pdata[i])->id == handler_id)
      return i + 1;
  g_assert_not_reached ();
}
