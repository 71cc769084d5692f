/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-board-card.h"
#include "kesu-clock.h"
#include "kesu-gui-util.h"
#include "kesu-workflow.h"

struct _KesuBoardCard
{
  GtkWidget       parent_instance;

  KesuComplaint  *complaint;
  GtkWidget      *menu;          /* the context menu, made on first use */
  double          drag_x;
  double          drag_y;

  GtkLabel       *number_label;
  GtkLabel       *severity_label;
  GtkLabel       *sanbao_label;
  GtkLabel       *customer_label;
  GtkLabel       *vehicle_label;
  GtkLabel       *category_label;
  GtkLabel       *handler_label;
  GtkImage       *due_icon;
  GtkLabel       *due_label;
};

G_DEFINE_FINAL_TYPE (KesuBoardCard, kesu_board_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPLAINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const severity_classes[KESU_N_SEVERITIES] = {
  "kesu-severity-normal",
  "kesu-severity-important",
  "kesu-severity-urgent",
};

static void
set_class (GtkWidget  *widget,
           const char *css_class,
           gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
update_accessible_label (KesuBoardCard *self)
{
  g_autofree char *label = NULL;

  if (self->complaint == NULL)
    return;
  /* What a screen reader says for the card: everything it shows, in its order. */
  label = g_strjoin (" · ", gtk_label_get_text (self->number_label),
                     gtk_label_get_text (self->customer_label),
                     gtk_label_get_text (self->severity_label),
                     gtk_label_get_text (self->category_label),
                     gtk_label_get_text (self->handler_label),
                     gtk_label_get_text (self->due_label), NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self->sanbao_label)))
    {
      g_autofree char *plain = g_steal_pointer (&label);

      label = g_strjoin (" · ", plain,
                         gtk_widget_get_tooltip_text (GTK_WIDGET (self->sanbao_label)), NULL);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* The time to the deadline, at the clock's now.  The board calls this every minute for
 * every card it shows: only a text that changed is set.  Returns whether it changed. */
static gboolean
update_due (KesuBoardCard *self)
{
  g_autofree char *text = NULL;

  if (self->complaint != NULL)
    text = kesu_complaint_dup_due_text (self->complaint, kesu_clock_now_unix ());
  /* The legal clock (Art. 28) named when it is the nearest deadline. */
  if (text != NULL && text[0] != '\0' && self->complaint != NULL
      && kesu_complaint_get_sanbao_due (self->complaint) > 0
      && kesu_complaint_get_sanbao_due (self->complaint)
         == kesu_complaint_get_next_due (self->complaint))
    {
      g_autofree char *plain = g_steal_pointer (&text);

      if (kesu_complaint_get_sanbao_due (self->complaint)
          == kesu_complaint_get_sanbao_answer_due (self->complaint))
        /* Translators: on a board card; %s is "due in 3 d" or "overdue 5 h" */
        text = g_strdup_printf (_("三包 answer %s"), plain);
      else
        /* Translators: on a board card; %s is "due in 3 d" or "overdue 5 h" */
        text = g_strdup_printf (_("三包 completion %s"), plain);
    }
  if (text == NULL)
    text = g_strdup ("");
  if (g_str_equal (text, gtk_label_get_text (self->due_label)))
    return FALSE;

  gtk_label_set_text (self->due_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->due_icon), text[0] != '\0');
  update_accessible_label (self);
  return TRUE;
}

/* What the deadline looks like: fixed for a given complaint object (the store works the
 * overdue flag out when it reads the complaint). */
static void
update_deadline_look (KesuBoardCard *self)
{
  gboolean overdue = FALSE;
  gboolean waiting = FALSE;
  gboolean escalated = FALSE;

  if (self->complaint != NULL)
    {
      overdue = kesu_complaint_is_overdue (self->complaint);
      waiting = kesu_complaint_is_waiting (self->complaint);
      escalated = kesu_complaint_is_escalated (self->complaint)
                  && kesu_state_is_open (kesu_complaint_get_state (self->complaint));
    }

  /* One icon before the due text: the clock, or what is special about it. */
  if (waiting)
    gtk_image_set_from_icon_name (self->due_icon, "media-playback-pause-symbolic");
  else if (escalated)
    gtk_image_set_from_icon_name (self->due_icon, "dialog-warning-symbolic");
  else
    gtk_image_set_from_icon_name (self->due_icon, "alarm-symbolic");
  set_class (GTK_WIDGET (self), "kesu-overdue", overdue);
  set_class (GTK_WIDGET (self), "kesu-escalated", escalated);
  set_class (GTK_WIDGET (self), "kesu-waiting", waiting);
}

/* The tooltips are worked out when asked for, not set on every bind: setting a tooltip
 * text on a shown widget asks the display where the pointer is (a round trip to the X
 * server), three times a card, for every card a filter change rebinds. */
static gboolean
due_icon_query_tooltip_cb (KesuBoardCard *self,
                           int            x,
                           int            y,
                           gboolean       keyboard,
                           GtkTooltip    *tooltip,
                           GtkWidget     *widget)
{
  if (self->complaint == NULL || !kesu_complaint_is_escalated (self->complaint)
      || !kesu_state_is_open (kesu_complaint_get_state (self->complaint)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, _("Escalated to the handler’s manager"));
  return TRUE;
}

static gboolean
due_label_query_tooltip_cb (KesuBoardCard *self,
                            int            x,
                            int            y,
                            gboolean       keyboard,
                            GtkTooltip    *tooltip,
                            GtkWidget     *widget)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  gint64 due;

  if (self->complaint == NULL || kesu_complaint_is_waiting (self->complaint))
    return FALSE;
  due = kesu_complaint_get_next_due (self->complaint);
  if (due <= 0)
    return FALSE;
  when = kesu_format_time (due);
  /* Translators: a tooltip on a board card; %s is a date and time */
  text = g_strdup_printf (_("Deadline: %s"), when);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
category_query_tooltip_cb (KesuBoardCard *self,
                           int            x,
                           int            y,
                           gboolean       keyboard,
                           GtkTooltip    *tooltip,
                           GtkWidget     *widget)
{
  if (self->complaint == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip,
                        kesu_category_to_label (kesu_complaint_get_intake (self->complaint)->category));
  return TRUE;
}

static void
update (KesuBoardCard *self)
{
  const KesuIntake *intake = NULL;
  const char *handler = NULL;

  /* Only the class that changes is changed: every change of a class makes GTK work the
   * label's style out again, and a card rebound to a case of the same severity keeps
   * its. */
  intake = self->complaint != NULL ? kesu_complaint_get_intake (self->complaint) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (severity_classes); i++)
    set_class (GTK_WIDGET (self->severity_label), severity_classes[i],
               intake != NULL && (guint) intake->severity == i);

  if (self->complaint == NULL)
    {
      gtk_label_set_text (self->number_label, "");
      gtk_label_set_text (self->severity_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->sanbao_label), FALSE);
      gtk_label_set_text (self->customer_label, "");
      gtk_label_set_text (self->vehicle_label, "");
      gtk_label_set_text (self->category_label, "");
      gtk_label_set_text (self->handler_label, "");
      update_due (self);
      update_deadline_look (self);
      return;
    }

  gtk_label_set_text (self->number_label, kesu_complaint_get_number (self->complaint));
  /* The colour says it at a glance; the text says it to everyone. */
  gtk_label_set_text (self->severity_label, kesu_severity_to_label (intake->severity));
  {
    KesuSanbaoFlag flag = kesu_complaint_get_sanbao_flag (self->complaint);
    const char *tooltip = flag == KESU_SANBAO_FLAG_CONFIRMED
                          ? _("三包: confirmed")
                          : _("三包: may qualify for a replacement or refund (SAMR Order "
                              "No. 43)");

    /* Flagged and not dismissed: the case may be owed a new car or a refund.  The
     * tooltip is set only when it changes: setting one on a shown widget asks the X
     * server where the pointer is. */
    if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->sanbao_label)), tooltip) != 0)
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sanbao_label), tooltip);
    gtk_widget_set_visible (GTK_WIDGET (self->sanbao_label),
                            flag == KESU_SANBAO_FLAG_RAISED
                            || flag == KESU_SANBAO_FLAG_CONFIRMED);
  }
  gtk_label_set_text (self->customer_label, intake->customer_name ? intake->customer_name : "");
  gtk_label_set_text (self->vehicle_label, intake->vehicle_model ? intake->vehicle_model : "");
  gtk_label_set_text (self->category_label, kesu_category_to_label (intake->category));

  handler = kesu_complaint_get_handler_name (self->complaint);
  if (handler != NULL && handler[0] != '\0')
    {
      gtk_label_set_text (self->handler_label, handler);
      gtk_widget_remove_css_class (GTK_WIDGET (self->handler_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->handler_label, _("No handler"));
      gtk_widget_add_css_class (GTK_WIDGET (self->handler_label), "dim-label");
    }

  update_deadline_look (self);
  /* The accessible label must follow the new complaint even when the due text reads
   * the same. */
  if (!update_due (self))
    update_accessible_label (self);
}

static GMenuModel *
build_menu (KesuBoardCard *self)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) open_section = g_menu_new ();
  g_autoptr(GMenu) move_section = g_menu_new ();
  g_autoptr(GMenuItem) open_item = NULL;
  g_autoptr(GArray) targets = NULL;
  KesuState state = kesu_complaint_get_state (self->complaint);
  gint64 id = kesu_complaint_get_id (self->complaint);

  open_item = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target_value (open_item, "board.open", g_variant_new_int64 (id));
  g_menu_append_item (open_section, open_item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open_section));

  targets = kesu_workflow_targets (state);
  for (guint i = 0; i < targets->len; i++)
    {
      KesuState to = g_array_index (targets, KesuState, i);
      g_autoptr(GMenuItem) item = NULL;

      item = g_menu_item_new (kesu_workflow_move_label (state, to), NULL);
      g_menu_item_set_action_and_target_value (item, "board.move-to",
                                               g_variant_new ("(xi)", id, (gint32) to));
      g_menu_append_item (move_section, item);
    }
  if (targets->len > 0)
    g_menu_append_section (menu, _("Move To"), G_MENU_MODEL (move_section));

  return G_MENU_MODEL (menu);
}

static void
popup_menu_at (KesuBoardCard *self,
               double         x,
               double         y)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->complaint == NULL)
    return;

  model = build_menu (self);
  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_position (GTK_POPOVER (self->menu), GTK_POS_BOTTOM);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);

  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                                 &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), NULL);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
card_click_pressed_cb (KesuBoardCard   *self,
                       int              n_press,
                       double           x,
                       double           y,
                       GtkGestureClick *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static GdkContentProvider *
card_drag_prepare_cb (KesuBoardCard *self,
                      double         x,
                      double         y,
                      GtkDragSource *source)
{
  if (self->complaint == NULL)
    return NULL;

  self->drag_x = x;
  self->drag_y = y;
  return gdk_content_provider_new_typed (G_TYPE_INT64,
                                         (gint64) kesu_complaint_get_id (self->complaint));
}

static void
card_drag_begin_cb (KesuBoardCard *self,
                    GdkDrag       *drag,
                    GtkDragSource *source)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  /* A still picture, taken before the card is dimmed below. */
  g_autoptr(GdkPaintable) image = gdk_paintable_get_current_image (paintable);

  gtk_drag_source_set_icon (source, image, (int) self->drag_x, (int) self->drag_y);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kesu-dragging");
}

static void
card_drag_end_cb (KesuBoardCard *self,
                  GdkDrag       *drag,
                  gboolean       delete_data,
                  GtkDragSource *source)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "kesu-dragging");
}

static void
kesu_board_card_dispose (GObject *object)
{
  KesuBoardCard *self = KESU_BOARD_CARD (object);
  GtkWidget *child;

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_BOARD_CARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->complaint);

  G_OBJECT_CLASS (kesu_board_card_parent_class)->dispose (object);
}

/* Not a GtkBinLayout: the context menu, a popover, must be presented when the card is
 * allocated, and a layout manager would keep size_allocate from being called. */
static void
kesu_board_card_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  for (; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (GTK_IS_POPOVER (child) || !gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
kesu_board_card_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KesuBoardCard *self = KESU_BOARD_CARD (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  for (; child != NULL; child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_POPOVER (child) && gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
kesu_board_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KesuBoardCard *self = KESU_BOARD_CARD (object);

  switch (prop_id)
    {
    case PROP_COMPLAINT:
      g_value_set_object (value, self->complaint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kesu_board_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KesuBoardCard *self = KESU_BOARD_CARD (object);

  switch (prop_id)
    {
    case PROP_COMPLAINT:
      kesu_board_card_set_complaint (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kesu_board_card_class_init (KesuBoardCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_board_card_dispose;
  object_class->get_property = kesu_board_card_get_property;
  object_class->set_property = kesu_board_card_set_property;
  widget_class->measure = kesu_board_card_measure;
  widget_class->size_allocate = kesu_board_card_size_allocate;

  properties[PROP_COMPLAINT] =
    g_param_spec_object ("complaint", NULL, NULL, KESU_TYPE_COMPLAINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "kesuboardcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-board-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, number_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, severity_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, sanbao_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, customer_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, vehicle_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, category_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, handler_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, due_icon);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardCard, due_label);
}

static void
kesu_board_card_init (KesuBoardCard *self)
{
  GtkGesture *click;
  GtkDragSource *source;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->due_icon), TRUE);
  g_signal_connect_object (self->due_icon, "query-tooltip",
                           G_CALLBACK (due_icon_query_tooltip_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->due_label), TRUE);
  g_signal_connect_object (self->due_label, "query-tooltip",
                           G_CALLBACK (due_label_query_tooltip_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->category_label), TRUE);
  g_signal_connect_object (self->category_label, "query-tooltip",
                           G_CALLBACK (category_query_tooltip_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (card_click_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (card_drag_prepare_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (card_drag_begin_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (card_drag_end_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

GtkWidget *
kesu_board_card_new (void)
{
  return g_object_new (KESU_TYPE_BOARD_CARD, NULL);
}

KesuComplaint *
kesu_board_card_get_complaint (KesuBoardCard *self)
{
  g_return_val_if_fail (KESU_IS_BOARD_CARD (self), NULL);
  return self->complaint;
}

void
kesu_board_card_set_complaint (KesuBoardCard *self,
                               KesuComplaint *complaint)
{
  g_return_if_fail (KESU_IS_BOARD_CARD (self));
  g_return_if_fail (complaint == NULL || KESU_IS_COMPLAINT (complaint));

  if (!g_set_object (&self->complaint, complaint))
    return;
  if (self->menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu));
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLAINT]);
}

void
kesu_board_card_unbind (KesuBoardCard *self)
{
  g_return_if_fail (KESU_IS_BOARD_CARD (self));

  if (self->complaint == NULL)
    return;
  if (self->menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu));
  g_clear_object (&self->complaint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLAINT]);
}

void
kesu_board_card_update_due (KesuBoardCard *self)
{
  g_return_if_fail (KESU_IS_BOARD_CARD (self));
  update_due (self);
}

const char *
kesu_board_card_get_due_text (KesuBoardCard *self)
{
  g_return_val_if_fail (KESU_IS_BOARD_CARD (self), NULL);
  return gtk_label_get_text (self->due_label);
}

void
kesu_board_card_popup_menu (KesuBoardCard *self)
{
  g_return_if_fail (KESU_IS_BOARD_CARD (self));
  popup_menu_at (self, -1, -1);
}

gboolean
kesu_board_card_shows_sanbao (KesuBoardCard *self)
{
  g_return_val_if_fail (KESU_IS_BOARD_CARD (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->sanbao_label));
}
