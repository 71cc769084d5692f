/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "kesu-signature-pad.h"

/* Where the line to sign on is, as a share of the pad's height. */
#define BASELINE 0.74

struct _KesuSignaturePad
{
  GtkWidget   parent_instance;

  GPtrArray  *strokes;        /* GArray of KesuStrokePoint, pad coordinates */
  GArray     *current;        /* the stroke being drawn, in @strokes; or NULL */
  gint64      stroke_start;   /* ms */
  double      start_x;        /* where the drag began, in pixels */
  double      start_y;
  gboolean    stylus_down;

  GtkGesture *drag;
  GtkGesture *stylus;
  GtkWidget  *tools;
};

G_DEFINE_FINAL_TYPE (KesuSignaturePad, kesu_signature_pad, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- drawing ---- */

static void
kesu_signature_pad_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KesuSignaturePad *self = KESU_SIGNATURE_PAD (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double baseline = round (height * BASELINE) + 0.5;
  double margin = MIN (24.0, width * 0.05);
  GdkRGBA line = { 0.55, 0.57, 0.6, 1.0 };
  GdkRGBA ink = { 0.07, 0.11, 0.32, 1.0 };
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The line to sign on, with its cross, as on paper. */
  gdk_cairo_set_source_rgba (cr, &line);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, margin, baseline);
  cairo_line_to (cr, width - margin, baseline);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, margin, baseline - 16);
  cairo_line_to (cr, margin + 10, baseline - 6);
  cairo_move_to (cr, margin + 10, baseline - 16);
  cairo_line_to (cr, margin, baseline - 6);
  cairo_stroke (cr);

  if (kesu_signature_pad_is_empty (self))
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, _("Sign here"));
      PangoFontDescription *font = pango_font_description_from_string ("Sans 18");
      int text_width, text_height;

      pango_layout_set_font_description (layout, font);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      cairo_move_to (cr, margin + 22, baseline - 8 - text_height);
      pango_cairo_show_layout (cr, layout);
      pango_font_description_free (font);
      g_object_unref (layout);
    }

  gdk_cairo_set_source_rgba (cr, &ink);
  kesu_strokes_draw (cr, self->strokes, width, height);
  cairo_destroy (cr);

  gtk_widget_snapshot_child (widget, self->tools, snapshot);
}

/* ---- input ---- */

static void
update_actions (KesuSignaturePad *self)
{
  gboolean empty = kesu_signature_pad_is_empty (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signature.undo", !empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signature.clear", !empty);
}

static void
changed (KesuSignaturePad *self)
{
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static gint64
event_time_ms (GtkGesture *gesture)
{
  guint32 t = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));

  return t != 0 ? (gint64) t : g_get_monotonic_time () / 1000;
}

static void
add_point (KesuSignaturePad *self,
           double            x,
           double            y,
           double            pressure,
           gint64            time_ms)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  KesuStrokePoint point;

  if (self->current == NULL || width <= 0 || height <= 0)
    return;
  point.x = CLAMP (x / width, 0.0, 1.0);
  point.y = CLAMP (y / height, 0.0, 1.0);
  point.pressure = CLAMP (pressure, 0.0, 1.0);
  point.time_ms = MAX (0, time_ms - self->stroke_start);
  /* A pen reports many events without moving: they add nothing to the line. */
  if (self->current->len > 0)
    {
      const KesuStrokePoint *last = &g_array_index (self->current, KesuStrokePoint,
                                                    self->current->len - 1);

      if (fabs (last->x - point.x) * width < 0.5 && fabs (last->y - point.y) * height < 0.5)
        return;
    }
  g_array_append_val (self->current, point);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
begin_stroke (KesuSignaturePad *self,
              double            x,
              double            y,
              double            pressure,
              gint64            time_ms)
{
  self->current = g_array_new (FALSE, FALSE, sizeof (KesuStrokePoint));
  g_ptr_array_add (self->strokes, self->current);
  self->stroke_start = time_ms;
  add_point (self, x, y, pressure, time_ms);
}

static void
end_stroke (KesuSignaturePad *self)
{
  if (self->current == NULL)
    return;
  if (self->current->len == 0)
    g_ptr_array_remove (self->strokes, self->current);
  self->current = NULL;
  changed (self);
}

/* A pen's events reach the drag gesture too (as pointer events): the stylus gesture
 * draws those, with their pressure, so that no stroke is drawn twice. */
static gboolean
from_stylus (GtkGesture *gesture)
{
  GdkEventSequence *sequence =
    gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture));
  GdkEvent *event = gtk_gesture_get_last_event (gesture, sequence);
  GdkDeviceTool *tool;

  if (event == NULL)
    return FALSE;
  tool = gdk_event_get_device_tool (event);
  return tool != NULL && (gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_PEN
                          || gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_ERASER
                          || gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_BRUSH
                          || gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_PENCIL
                          || gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_AIRBRUSH);
}

/* Pressure where the pointer's event carries it (some touch screens do); else full. */
static double
event_pressure (GtkGesture *gesture)
{
  GdkEventSequence *sequence =
    gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture));
  GdkEvent *event = gtk_gesture_get_last_event (gesture, sequence);
  double pressure;

  if (event != NULL && gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &pressure))
    return pressure;
  return 1.0;
}

static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               KesuSignaturePad *self)
{
  if (self->stylus_down || from_stylus (GTK_GESTURE (gesture)))
    return;
  self->start_x = x;
  self->start_y = y;
  begin_stroke (self, x, y, event_pressure (GTK_GESTURE (gesture)),
                event_time_ms (GTK_GESTURE (gesture)));
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            offset_x,
                double            offset_y,
                KesuSignaturePad *self)
{
  if (self->stylus_down || self->current == NULL)
    return;
  add_point (self, self->start_x + offset_x, self->start_y + offset_y,
             event_pressure (GTK_GESTURE (gesture)), event_time_ms (GTK_GESTURE (gesture)));
}

static void
drag_end_cb (GtkGestureDrag   *gesture,
             double            offset_x,
             double            offset_y,
             KesuSignaturePad *self)
{
  if (self->stylus_down || self->current == NULL)
    return;
  add_point (self, self->start_x + offset_x, self->start_y + offset_y,
             event_pressure (GTK_GESTURE (gesture)), event_time_ms (GTK_GESTURE (gesture)));
  end_stroke (self);
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    return pressure;
  return 1.0;
}

static void
stylus_down_cb (GtkGestureStylus *gesture,
                double            x,
                double            y,
                KesuSignaturePad *self)
{
  /* A stroke the drag gesture began for this pen is the pen's. */
  if (self->current != NULL)
    end_stroke (self);
  self->stylus_down = TRUE;
  begin_stroke (self, x, y, stylus_pressure (gesture), event_time_ms (GTK_GESTURE (gesture)));
}

static void
stylus_motion_cb (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  KesuSignaturePad *self)
{
  if (!self->stylus_down)
    return;
  add_point (self, x, y, stylus_pressure (gesture), event_time_ms (GTK_GESTURE (gesture)));
}

static void
stylus_up_cb (GtkGestureStylus *gesture,
              double            x,
              double            y,
              KesuSignaturePad *self)
{
  if (!self->stylus_down)
    return;
  add_point (self, x, y, stylus_pressure (gesture), event_time_ms (GTK_GESTURE (gesture)));
  self->stylus_down = FALSE;
  end_stroke (self);
}

/* ---- public ---- */

GtkWidget *
kesu_signature_pad_new (void)
{
  return g_object_new (KESU_TYPE_SIGNATURE_PAD, NULL);
}

void
kesu_signature_pad_clear (KesuSignaturePad *self)
{
  g_return_if_fail (KESU_IS_SIGNATURE_PAD (self));

  self->current = NULL;
  self->stylus_down = FALSE;
  g_ptr_array_set_size (self->strokes, 0);
  changed (self);
}

void
kesu_signature_pad_undo (KesuSignaturePad *self)
{
  g_return_if_fail (KESU_IS_SIGNATURE_PAD (self));

  if (self->strokes->len == 0)
    return;
  self->current = NULL;
  g_ptr_array_remove_index (self->strokes, self->strokes->len - 1);
  changed (self);
}

gboolean
kesu_signature_pad_is_empty (KesuSignaturePad *self)
{
  g_return_val_if_fail (KESU_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

GPtrArray *
kesu_signature_pad_get_strokes (KesuSignaturePad *self)
{
  g_return_val_if_fail (KESU_IS_SIGNATURE_PAD (self), NULL);
  return self->strokes;
}

GPtrArray *
kesu_signature_pad_dup_strokes (KesuSignaturePad *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (KESU_IS_SIGNATURE_PAD (self), NULL);

  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *points = g_ptr_array_index (self->strokes, i);
      GArray *dup = g_array_sized_new (FALSE, FALSE, sizeof (KesuStrokePoint), points->len);

      g_array_append_vals (dup, points->data, points->len);
      g_ptr_array_add (copy, dup);
    }
  return copy;
}

GBytes *
kesu_signature_pad_render_png (KesuSignaturePad *self,
                               int               width,
                               int               height)
{
  g_return_val_if_fail (KESU_IS_SIGNATURE_PAD (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  return kesu_strokes_to_png (self->strokes, width, height);
}

GBytes *
kesu_signature_pad_to_png (KesuSignaturePad *self)
{
  int width, height;
  double scale;

  g_return_val_if_fail (KESU_IS_SIGNATURE_PAD (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = 600;
      height = 220;
    }
  scale = MIN (2.0, 1200.0 / width);
  return kesu_signature_pad_render_png (self, MAX (1, (int) (width * scale)),
                                        MAX (1, (int) (height * scale)));
}

void
_kesu_signature_pad_feed_stroke (KesuSignaturePad      *self,
                                 const KesuStrokePoint *points,
                                 guint                  n_points)
{
  double width, height, x0, y0;

  g_return_if_fail (KESU_IS_SIGNATURE_PAD (self));
  g_return_if_fail (n_points > 0);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  g_return_if_fail (width > 0 && height > 0);

  x0 = points[0].x * width;
  y0 = points[0].y * height;
  g_signal_emit_by_name (self->drag, "drag-begin", x0, y0);
  for (guint i = 1; i + 1 < n_points; i++)
    g_signal_emit_by_name (self->drag, "drag-update",
                           points[i].x * width - x0, points[i].y * height - y0);
  g_signal_emit_by_name (self->drag, "drag-end",
                         points[n_points - 1].x * width - x0,
                         points[n_points - 1].y * height - y0);
}

/* ---- GObject ---- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kesu_signature_pad_undo (KESU_SIGNATURE_PAD (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kesu_signature_pad_clear (KESU_SIGNATURE_PAD (widget));
}

static void
kesu_signature_pad_dispose (GObject *object)
{
  KesuSignaturePad *self = KESU_SIGNATURE_PAD (object);

  g_clear_pointer (&self->tools, gtk_widget_unparent);

  G_OBJECT_CLASS (kesu_signature_pad_parent_class)->dispose (object);
}

static void
kesu_signature_pad_finalize (GObject *object)
{
  KesuSignaturePad *self = KESU_SIGNATURE_PAD (object);

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_signature_pad_parent_class)->finalize (object);
}

static void
kesu_signature_pad_class_init (KesuSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_signature_pad_dispose;
  object_class->finalize = kesu_signature_pad_finalize;
  widget_class->snapshot = kesu_signature_pad_snapshot;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kesusignaturepad");
  gtk_widget_class_install_action (widget_class, "signature.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "signature.clear", NULL, clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "signature.undo", NULL);
}

static GtkWidget *
tool_button (const char *icon_name,
             const char *label,
             const char *action_name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new_with_mnemonic (label));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
kesu_signature_pad_init (KesuSignaturePad *self)
{
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 170);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  /* Undo and Clear inside the box, top right, where a signature rarely reaches. */
  self->tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (self->tools, GTK_ALIGN_END);
  gtk_widget_set_valign (self->tools, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->tools, 4);
  gtk_widget_set_margin_end (self->tools, 4);
  gtk_box_append (GTK_BOX (self->tools), tool_button ("edit-undo-symbolic", _("_Undo"),
                                                      "signature.undo"));
  gtk_box_append (GTK_BOX (self->tools), tool_button ("edit-clear-all-symbolic", _("C_lear"),
                                                      "signature.clear"));
  gtk_widget_set_parent (self->tools, GTK_WIDGET (self));

  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, 0);
  g_signal_connect_object (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self, 0);
  g_signal_connect_object (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  self->stylus = gtk_gesture_stylus_new ();
  g_signal_connect_object (self->stylus, "down", G_CALLBACK (stylus_down_cb), self, 0);
  g_signal_connect_object (self->stylus, "motion", G_CALLBACK (stylus_motion_cb), self, 0);
  g_signal_connect_object (self->stylus, "up", G_CALLBACK (stylus_up_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->stylus));

  update_actions (self);
}
