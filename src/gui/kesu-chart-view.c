/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-chart-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-chart-view.h"
#include "kesu-gui-util.h"

struct _KesuChartView
{
  GtkWidget   parent_instance;

  KesuChart  *chart;
  int         hover;
  GtkWidget  *menu;
};

G_DEFINE_FINAL_TYPE (KesuChartView, kesu_chart_view, GTK_TYPE_WIDGET)

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Light text on the widget means a dark theme. */
static gboolean
is_dark (KesuChartView *self)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5;
}

static void
kesu_chart_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  KesuChartView *self = KESU_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;
  kesu_chart_set_dark (self->chart, is_dark (self));
  kesu_chart_set_highlight (self->chart, self->hover);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  kesu_chart_draw (self->chart, cr, width, height);
  cairo_destroy (cr);
}

static void
kesu_chart_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kesu_chart_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
set_hover (KesuChartView *self,
           int            hover)
{
  const char *key;

  if (self->hover == hover)
    return;
  self->hover = hover;
  key = self->chart != NULL && hover >= 0 ? kesu_chart_get_key (self->chart, hover) : NULL;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), key != NULL ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (KesuChartView            *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  set_hover (self, self->chart != NULL ? kesu_chart_hit (self->chart, x, y) : -1);
}

static void
leave_cb (KesuChartView            *self,
          GtkEventControllerMotion *motion)
{
  set_hover (self, -1);
}

static gboolean
kesu_chart_view_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip)
{
  KesuChartView *self = KESU_CHART_VIEW (widget);
  g_autofree char *text = NULL;
  int index;

  if (self->chart == NULL)
    return FALSE;
  index = kesu_chart_hit (self->chart, x, y);
  if (index < 0)
    return FALSE;
  text = kesu_chart_dup_tooltip (self->chart, index);
  if (text == NULL)
    return FALSE;
  if (kesu_chart_get_key (self->chart, index) != NULL)
    {
      g_autofree char *full = g_strdup_printf ("%s\n%s", text,
                                               _("Click to see these complaints on the board"));

      gtk_tooltip_set_text (tooltip, full);
    }
  else
    gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
click_released_cb (KesuChartView   *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *click)
{
  kesu_chart_view_activate_at (self, x, y);
}

static void
menu_pressed_cb (KesuChartView   *self,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkGestureClick *click)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
save_response_cb (KesuChartView        *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 640);
  int height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 400);

  if (response == GTK_RESPONSE_ACCEPT && self->chart != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      /* Saved light, for documents and slides, whatever the screen shows. */
      kesu_chart_set_dark (self->chart, FALSE);
      kesu_chart_set_highlight (self->chart, -1);
      if (path != NULL && !kesu_chart_save (self->chart, path, width, height, &error))
        kesu_show_error (kesu_widget_get_window (GTK_WIDGET (self)), _("Could not save the chart"),
                         error->message);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
kesu_chart_view_save_as (KesuChartView *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (KESU_IS_CHART_VIEW (self));

  chooser = gtk_file_chooser_native_new (_("Save Chart As"),
                                         kesu_widget_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name of a saved chart */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("chart.png"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("PNG image"), "*.png", "image/png");
  add_filter (GTK_FILE_CHOOSER (chooser), _("SVG drawing"), "*.svg", "image/svg+xml");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "*.pdf", "application/pdf");
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kesu_chart_view_save_as (KESU_CHART_VIEW (widget));
}

static void
kesu_chart_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KesuChartView *self = KESU_CHART_VIEW (widget);

  gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
kesu_chart_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 260 : 220;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 320;
}

static void
kesu_chart_view_dispose (GObject *object)
{
  KesuChartView *self = KESU_CHART_VIEW (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  G_OBJECT_CLASS (kesu_chart_view_parent_class)->dispose (object);
}

static void
kesu_chart_view_finalize (GObject *object)
{
  KesuChartView *self = KESU_CHART_VIEW (object);

  g_clear_pointer (&self->chart, kesu_chart_free);
  G_OBJECT_CLASS (kesu_chart_view_parent_class)->finalize (object);
}

static void
kesu_chart_view_class_init (KesuChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_chart_view_dispose;
  object_class->finalize = kesu_chart_view_finalize;
  widget_class->snapshot = kesu_chart_view_snapshot;
  widget_class->css_changed = kesu_chart_view_css_changed;
  widget_class->query_tooltip = kesu_chart_view_query_tooltip;
  widget_class->measure = kesu_chart_view_measure;
  widget_class->size_allocate = kesu_chart_view_size_allocate;

  /**
   * KesuChartView::item-activated:
   * @key: the row's key (KesuBreakdownRow.key)
   *
   * A bar or slice with a key was clicked.
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "chart.save-as", NULL, save_as_action);
  gtk_widget_class_set_css_name (widget_class, "kesuchartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kesu_chart_view_init (KesuChartView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkEventController *motion;
  GtkGesture *click;
  GtkGesture *secondary;

  self->hover = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (secondary, "pressed", G_CALLBACK (menu_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  g_menu_append (menu, _("_Save Chart As…"), "chart.save-as");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
}

GtkWidget *
kesu_chart_view_new (void)
{
  return g_object_new (KESU_TYPE_CHART_VIEW, NULL);
}

void
kesu_chart_view_set_chart (KesuChartView *self,
                           KesuChart     *chart)
{
  g_return_if_fail (KESU_IS_CHART_VIEW (self));

  if (self->chart == chart)
    return;
  g_clear_pointer (&self->chart, kesu_chart_free);
  self->chart = chart;
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

KesuChart *
kesu_chart_view_get_chart (KesuChartView *self)
{
  g_return_val_if_fail (KESU_IS_CHART_VIEW (self), NULL);
  return self->chart;
}

gboolean
kesu_chart_view_activate_at (KesuChartView *self,
                             double         x,
                             double         y)
{
  const char *key;
  int index;

  g_return_val_if_fail (KESU_IS_CHART_VIEW (self), FALSE);

  if (self->chart == NULL)
    return FALSE;
  index = kesu_chart_hit (self->chart, x, y);
  key = index >= 0 ? kesu_chart_get_key (self->chart, index) : NULL;
  if (key == NULL)
    return FALSE;
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, index, key);
  return TRUE;
}
