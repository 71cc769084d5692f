/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-analysis"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kesu-actions.h"
#include "kesu-actions-dialog.h"
#include "kesu-analysis-page-private.h"
#include "kesu-chart-view.h"
#include "kesu-clock.h"
#include "kesu-figures.h"
#include "kesu-gui-util.h"

#define N_MONTHS   24
#define N_QUARTERS 8
#define N_YEARS    5

typedef enum
{
  PERIOD_MONTH,
  PERIOD_QUARTER,
  PERIOD_YEAR,
} PeriodKind;

typedef enum
{
  TILE_RECEIVED,
  TILE_CLOSED,
  TILE_OPEN,
  TILE_OVERDUE,
  TILE_CLOSE_MEDIAN,
  TILE_ON_TIME,
  TILE_SATISFIED,
  TILE_REOPEN,
  N_TILES
} TileId;

typedef enum
{
  CHART_CATEGORY,
  CHART_CHANNEL,
  CHART_TREND,
  CHART_PARETO,
  CHART_HISTOGRAM,
  N_CHARTS
} ChartId;

static const char * const tile_names[N_TILES] = {
  "received", "closed", "open", "overdue", "close-median", "on-time", "satisfied", "reopen",
};

static const char * const chart_names[N_CHARTS] = {
  "category", "channel", "trend", "pareto", "histogram",
};

/* Which way is better: more closed is good, more received is not. */
static const gboolean tile_higher_is_better[N_TILES] = {
  FALSE, TRUE, FALSE, FALSE, FALSE, TRUE, TRUE, FALSE,
};

typedef struct
{
  GtkWidget *box;
  GtkLabel  *title;
  GtkLabel  *value;
  GtkLabel  *vs_previous;
  GtkLabel  *vs_year;
} Tile;

struct _KesuAnalysisPage
{
  GtkWidget          parent_instance;

  KesuStore         *store;
  GArray            *staff_ids;   /* gint64 by handler drop-down position, 0 first */
  gboolean           stale;
  gboolean           applying;
  guint              refresh_idle_id;

  Tile               tiles[N_TILES];
  KesuChartView     *charts[N_CHARTS];

  GtkWidget         *scroller;
  GtkLabel          *period_label;
  GtkDropDown       *period_kind_dropdown;
  GtkDropDown       *period_dropdown;
  GtkDropDown       *category_dropdown;
  GtkDropDown       *channel_dropdown;
  GtkDropDown       *handler_dropdown;
  GtkLabel          *error_label;
  GtkFlowBox        *tiles_box;
  GtkFlowBox        *charts_box;
  GtkListBox        *recurring_list;
  GtkListBox        *actions_list;
  GtkWidget         *all_actions_button;

  GtkWindow         *action_form;  /* weak: the new-action form opened last */
};

G_DEFINE_FINAL_TYPE (KesuAnalysisPage, kesu_analysis_page, GTK_TYPE_WIDGET)

enum {
  SHOW_BOARD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the period ---- */

static void
today (int *year,
       int *month)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();

  *year = g_date_time_get_year (now);
  *month = g_date_time_get_month (now);
}

/* The period at @position of the drop-down for @kind: 0 is the current one. */
static void
period_at (PeriodKind  kind,
           guint       position,
           KesuPeriod *period)
{
  int year, month;

  today (&year, &month);
  switch (kind)
    {
    case PERIOD_QUARTER:
      {
        int q = (year * 4 + (month - 1) / 3) - (int) position;

        kesu_period_init_quarter (period, q / 4, q % 4 + 1);
      }
      break;
    case PERIOD_YEAR:
      kesu_period_init_year (period, year - (int) position);
      break;
    case PERIOD_MONTH:
    default:
      {
        int m = (year * 12 + month - 1) - (int) position;

        kesu_period_init_month (period, m / 12, m % 12 + 1);
      }
      break;
    }
}

static guint
period_count (PeriodKind kind)
{
  return kind == PERIOD_QUARTER ? N_QUARTERS : kind == PERIOD_YEAR ? N_YEARS : N_MONTHS;
}

static void
fill_period_dropdown (KesuAnalysisPage *self)
{
  PeriodKind kind = gtk_drop_down_get_selected (self->period_kind_dropdown);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < period_count (kind); i++)
    {
      KesuPeriod period;
      g_autofree char *label = NULL;

      period_at (kind, i, &period);
      label = kesu_period_to_label (&period);
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->period_dropdown, 0);
}

static void
selected_period (KesuAnalysisPage *self,
                 KesuPeriod       *period)
{
  PeriodKind kind = gtk_drop_down_get_selected (self->period_kind_dropdown);
  guint position = gtk_drop_down_get_selected (self->period_dropdown);

  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  period_at (kind, position, period);
}

static void
selected_filter (KesuAnalysisPage *self,
                 KesuFigureFilter *filter)
{
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  guint handler = gtk_drop_down_get_selected (self->handler_dropdown);

  kesu_figure_filter_init (filter);
  if (category >= 1 && category <= KESU_N_CATEGORIES)
    filter->category = (int) category - 1;
  if (channel >= 1 && channel <= KESU_N_CHANNELS)
    filter->channel = (int) channel - 1;
  if (handler != GTK_INVALID_LIST_POSITION)
    filter->handler_id = kesu_staff_ids_get (self->staff_ids, handler);
}

/* ---- tiles ---- */

static char *
format_hours (double hours)
{
  if (isnan (hours))
    return g_strdup ("—");
  if (hours < 48)
    /* Translators: a duration in hours, e.g. "5.5 h" */
    return g_strdup_printf (_("%.1f h"), hours);
  /* Translators: a duration in days, e.g. "3.2 d" */
  return g_strdup_printf (_("%.1f d"), hours / 24);
}

static char *
format_share (double share)
{
  if (isnan (share))
    return g_strdup ("—");
  return g_strdup_printf ("%.0f%%", 100 * share);
}

/* "↑ 12%", "↓ 3.5 pp"; sets *out_sign to -1, 0 or 1. */
static char *
format_change (TileId  id,
               double  now,
               double  before,
               int    *out_sign)
{
  gboolean share = id == TILE_ON_TIME || id == TILE_SATISFIED || id == TILE_REOPEN;
  double change;
  const char *arrow;

  *out_sign = 0;
  if (isnan (now) || isnan (before))
    return NULL;
  if (share)
    change = 100 * (now - before);
  else if (id == TILE_CLOSE_MEDIAN)
    change = before > 0 ? 100 * (now - before) / before : NAN;
  else
    change = kesu_figures_change ((guint) now, (guint) before) * 100;
  if (isnan (change))
    return NULL;

  if (fabs (change) < 0.05)
    {
      arrow = "→";
      change = 0;
    }
  else
    {
      *out_sign = change > 0 ? 1 : -1;
      arrow = change > 0 ? "↑" : "↓";
    }
  if (share)
    /* Translators: a change of a share in percentage points, after an arrow: "↑ 3.5 pp" */
    return g_strdup_printf (_("%s %.1f pp"), arrow, fabs (change));
  return g_strdup_printf ("%s %.0f%%", arrow, fabs (change));
}

static double
tile_value (const KesuFigures *f,
            TileId             id)
{
  switch (id)
    {
    case TILE_RECEIVED: return f->received;
    case TILE_CLOSED: return f->closed;
    case TILE_OPEN: return f->open;
    case TILE_OVERDUE: return f->overdue;
    case TILE_CLOSE_MEDIAN: return f->close_median_h;
    case TILE_ON_TIME: return f->resolution_on_time;
    case TILE_SATISFIED: return f->satisfied_share;
    case TILE_REOPEN: return f->reopen_rate;
    case N_TILES:
    default: return NAN;
    }
}

static void
show_change (GtkLabel   *label,
             TileId      id,
             double      now,
             double      before,
             const char *against)
{
  int sign = 0;
  g_autofree char *change = format_change (id, now, before, &sign);
  g_autofree char *text = NULL;
  GtkWidget *widget = GTK_WIDGET (label);

  gtk_widget_remove_css_class (widget, "kesu-change-good");
  gtk_widget_remove_css_class (widget, "kesu-change-bad");
  if (change == NULL)
    {
      /* Translators: no comparison possible; %s is "vs previous period" or the like */
      text = g_strdup_printf (_("– %s: no data"), against);
      gtk_label_set_text (label, text);
      return;
    }
  /* Translators: a change, then what it compares against: "↑ 12% vs previous period" */
  text = g_strdup_printf (_("%s %s"), change, against);
  gtk_label_set_text (label, text);
  if (sign != 0)
    gtk_widget_add_css_class (widget, (sign > 0) == tile_higher_is_better[id]
                                      ? "kesu-change-good" : "kesu-change-bad");
}

static void
show_tiles (KesuAnalysisPage  *self,
            const KesuFigures *now,
            const KesuFigures *previous,
            const KesuFigures *year_before)
{
  for (guint i = 0; i < N_TILES; i++)
    {
      Tile *tile = &self->tiles[i];
      double value = tile_value (now, i);
      g_autofree char *text = NULL;

      if (i == TILE_CLOSE_MEDIAN)
        text = format_hours (value);
      else if (i == TILE_ON_TIME || i == TILE_SATISFIED || i == TILE_REOPEN)
        text = format_share (value);
      else
        text = g_strdup_printf ("%.0f", value);
      gtk_label_set_text (tile->value, text);
      show_change (tile->vs_previous, i, value, previous ? tile_value (previous, i) : NAN,
                   _("vs previous period"));
      show_change (tile->vs_year, i, value, year_before ? tile_value (year_before, i) : NAN,
                   _("vs a year before"));
    }
}

static void
build_tiles (KesuAnalysisPage *self)
{
  const char *titles[N_TILES] = {
    _("Received"), _("Closed"), _("Still open"), _("Overdue"), _("Median time to close"),
    _("Closed on time"), _("Satisfied customers"), _("Reopened"),
  };
  const char *tooltips[N_TILES] = {
    _("Complaints received in the period"),
    _("Complaints received in the period and closed since"),
    _("Complaints received in the period and open now"),
    _("Complaints received in the period and open past a deadline now"),
    _("Half the complaints closed took less than this, half more"),
    _("Share of closed complaints closed within the resolution limit"),
    _("Share of rated follow-ups with 4 or 5 stars"),
    _("Share of complaints reopened at least once"),
  };

  for (guint i = 0; i < N_TILES; i++)
    {
      Tile *tile = &self->tiles[i];

      tile->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_add_css_class (tile->box, "card");
      gtk_widget_add_css_class (tile->box, "kesu-figure-tile");
      gtk_widget_set_tooltip_text (tile->box, tooltips[i]);
      tile->title = GTK_LABEL (gtk_label_new (titles[i]));
      tile->value = GTK_LABEL (gtk_label_new ("—"));
      tile->vs_previous = GTK_LABEL (gtk_label_new (NULL));
      tile->vs_year = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (tile->title), "kesu-figure-title");
      gtk_widget_add_css_class (GTK_WIDGET (tile->value), "kesu-figure-value");
      gtk_widget_add_css_class (GTK_WIDGET (tile->vs_previous), "kesu-figure-change");
      gtk_widget_add_css_class (GTK_WIDGET (tile->vs_year), "kesu-figure-change");
      gtk_label_set_xalign (tile->title, 0);
      gtk_label_set_xalign (tile->value, 0);
      gtk_label_set_xalign (tile->vs_previous, 0);
      gtk_label_set_xalign (tile->vs_year, 0);
      gtk_label_set_ellipsize (tile->title, PANGO_ELLIPSIZE_END);
      gtk_label_set_ellipsize (tile->vs_previous, PANGO_ELLIPSIZE_END);
      gtk_label_set_ellipsize (tile->vs_year, PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (tile->box), GTK_WIDGET (tile->title));
      gtk_box_append (GTK_BOX (tile->box), GTK_WIDGET (tile->value));
      gtk_box_append (GTK_BOX (tile->box), GTK_WIDGET (tile->vs_previous));
      gtk_box_append (GTK_BOX (tile->box), GTK_WIDGET (tile->vs_year));
      gtk_flow_box_append (self->tiles_box, tile->box);
      gtk_widget_set_focusable (gtk_widget_get_parent (tile->box), FALSE);
    }
}

/* ---- charts ---- */

static void
chart_item_activated_cb (KesuAnalysisPage *self,
                         int               index,
                         const char       *key,
                         KesuChartView    *view)
{
  const char *dimension = g_object_get_data (G_OBJECT (view), "kesu-dimension");

  if (dimension != NULL && key != NULL)
    g_signal_emit (self, signals[SHOW_BOARD], 0, dimension, key);
}

static void
save_button_clicked_cb (KesuChartView *view,
                        GtkButton     *button)
{
  kesu_chart_view_save_as (view);
}

static void
build_charts (KesuAnalysisPage *self)
{
  static const char * const dimensions[N_CHARTS] = { "category", "channel", NULL, "category",
                                                     NULL };

  for (guint i = 0; i < N_CHARTS; i++)
    {
      GtkWidget *overlay = gtk_overlay_new ();
      GtkWidget *view = kesu_chart_view_new ();
      GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");

      self->charts[i] = KESU_CHART_VIEW (view);
      g_object_set_data (G_OBJECT (view), "kesu-dimension", (gpointer) dimensions[i]);
      gtk_widget_set_size_request (view, 300, 340);
      g_signal_connect_object (view, "item-activated", G_CALLBACK (chart_item_activated_cb),
                               self, G_CONNECT_SWAPPED);

      gtk_widget_add_css_class (save, "flat");
      gtk_widget_add_css_class (save, "circular");
      gtk_widget_set_tooltip_text (save, _("Save Chart As…"));
      gtk_widget_set_halign (save, GTK_ALIGN_END);
      gtk_widget_set_valign (save, GTK_ALIGN_START);
      gtk_widget_set_margin_top (save, 6);
      gtk_widget_set_margin_end (save, 6);
      g_signal_connect_object (save, "clicked", G_CALLBACK (save_button_clicked_cb), view,
                               G_CONNECT_SWAPPED);

      gtk_overlay_set_child (GTK_OVERLAY (overlay), view);
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), save);
      gtk_widget_add_css_class (overlay, "card");
      gtk_widget_add_css_class (overlay, "kesu-chart-card");
      gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
      gtk_flow_box_append (self->charts_box, overlay);
      gtk_widget_set_focusable (gtk_widget_get_parent (overlay), FALSE);
    }
}

static void
show_charts (KesuAnalysisPage  *self,
             const KesuFigures *f)
{
  /* Translators: the unit on a chart's count axis */
  const char *unit = _("Complaints (number)");

  kesu_chart_view_set_chart (self->charts[CHART_CATEGORY],
                             kesu_chart_new_breakdown (KESU_CHART_BAR, _("Complaints by Category"),
                                                       unit, f->by_category));
  kesu_chart_view_set_chart (self->charts[CHART_CHANNEL],
                             kesu_chart_new_breakdown (KESU_CHART_DONUT, _("Complaints by Channel"),
                                                       _("complaints"), f->by_channel));
  kesu_chart_view_set_chart (self->charts[CHART_TREND],
                             kesu_chart_new_trend (_("Received and Closed, Last 12 Months"),
                                                   f->trend));
  kesu_chart_view_set_chart (self->charts[CHART_PARETO],
                             kesu_chart_new_breakdown (KESU_CHART_PARETO,
                                                       _("Pareto of Categories"), unit,
                                                       f->by_category));
  kesu_chart_view_set_chart (self->charts[CHART_HISTOGRAM],
                             kesu_chart_new_histogram (_("Time to Close"), f->close_hours));
}

/* ---- recurring issues ---- */

static void
action_form_forget (KesuAnalysisPage *self)
{
  if (self->action_form != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->action_form),
                                  (gpointer *) &self->action_form);
  self->action_form = NULL;
}

/* The form, prefilled with the issue and the complaints behind its count: the period and
 * filter shown now, as the row counted them. */
static void
new_action_clicked_cb (KesuAnalysisPage *self,
                       GtkButton        *button)
{
  int category = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kesu-category"));
  const char *model = g_object_get_data (G_OBJECT (button), "kesu-model");
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  KesuFigureFilter filter;
  KesuPeriod period;
  GtkWindow *form;

  if (self->store == NULL || model == NULL)
    return;
  selected_period (self, &period);
  selected_filter (self, &filter);
  ids = kesu_figures_list_issue_complaints (self->store, &period, &filter,
                                            (KesuCategory) category, model, &error);
  if (ids == NULL)
    {
      kesu_show_error (kesu_widget_get_window (GTK_WIDGET (self)),
                       _("The complaints of this issue could not be read"), error->message);
      return;
    }
  form = kesu_action_form_new_for_issue (kesu_widget_get_window (GTK_WIDGET (self)),
                                         self->store, category, model,
                                         (const gint64 *) ids->data, ids->len);
  action_form_forget (self);
  self->action_form = form;
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &self->action_form);
  gtk_window_present (form);
}

static GtkWidget *
new_action_button (KesuAnalysisPage         *self,
                   const KesuRecurringIssue *issue)
{
  GtkWidget *button = gtk_button_new_with_label (_("New Action…"));

  gtk_widget_set_tooltip_text (button, _("Record what will be done about this issue"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "kesu-category", GINT_TO_POINTER (issue->category));
  g_object_set_data_full (G_OBJECT (button), "kesu-model", g_strdup (issue->vehicle_model),
                          g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (new_action_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  return button;
}

static void
show_recurring (KesuAnalysisPage  *self,
                const KesuFigures *f)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recurring_list))) != NULL)
    gtk_list_box_remove (self->recurring_list, child);

  if (f->recurring == NULL || f->recurring->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No recurring issues in this period"));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->recurring_list, row);
      return;
    }

  for (guint i = 0; i < f->recurring->len; i++)
    {
      const KesuRecurringIssue *issue = g_ptr_array_index (f->recurring, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *model = gtk_label_new (issue->vehicle_model);
      GtkWidget *category = gtk_label_new (kesu_category_to_label (issue->category));
      g_autofree char *count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u complaint", "%u complaints",
                                                                  issue->count),
                                                     issue->count);
      GtkWidget *count = gtk_label_new (count_text);

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_label_set_xalign (GTK_LABEL (model), 0);
      gtk_widget_add_css_class (model, "heading");
      gtk_label_set_xalign (GTK_LABEL (category), 0);
      gtk_widget_set_hexpand (category, TRUE);
      gtk_widget_add_css_class (count, "kesu-recurring-count");
      gtk_box_append (GTK_BOX (box), model);
      gtk_box_append (GTK_BOX (box), category);
      gtk_box_append (GTK_BOX (box), count);
      gtk_box_append (GTK_BOX (box), new_action_button (self, issue));
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "kesu-model", g_strdup (issue->vehicle_model),
                              g_free);
      gtk_list_box_append (self->recurring_list, row);
    }
}

static void
recurring_row_activated_cb (KesuAnalysisPage *self,
                            GtkListBoxRow    *row,
                            GtkListBox       *list)
{
  const char *model = g_object_get_data (G_OBJECT (row), "kesu-model");

  if (model != NULL)
    g_signal_emit (self, signals[SHOW_BOARD], 0, "model", model);
}

/* ---- improvement actions ---- */

static GtkWidget *
action_detail (GtkWidget  *box,
               const char *title,
               const char *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_widget_add_css_class (title_label, "dim-label");
  /* Some air before each pair but the first. */
  if (gtk_widget_get_first_child (box) != NULL)
    gtk_widget_set_margin_start (title_label, 12);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  return value_label;
}

static GtkWidget *
action_row (const KesuImprovementAction *action)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *details = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *state = gtk_label_new (kesu_action_state_to_label (action->state));
  GtkWidget *cause = gtk_label_new (action->root_cause);
  GtkWidget *due;
  g_autofree char *numbers = kesu_improvement_action_dup_numbers (action);
  g_autofree char *due_text = NULL;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  gtk_widget_add_css_class (state, "heading");
  gtk_label_set_yalign (GTK_LABEL (state), 0);
  gtk_box_append (GTK_BOX (top), state);
  if (action->overdue)
    {
      GtkWidget *flag = gtk_label_new (_("Overdue"));

      gtk_widget_add_css_class (flag, "error");
      gtk_widget_add_css_class (flag, "heading");
      gtk_label_set_yalign (GTK_LABEL (flag), 0);
      gtk_box_append (GTK_BOX (top), flag);
    }
  gtk_label_set_xalign (GTK_LABEL (cause), 0);
  gtk_label_set_wrap (GTK_LABEL (cause), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (cause), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (cause, TRUE);
  gtk_box_append (GTK_BOX (top), cause);
  gtk_box_append (GTK_BOX (box), top);

  action_detail (details, _("Owner"), action->owner_name);
  due_text = action->overdue ? g_strdup_printf (_("%s — overdue"), action->due_on)
                             : g_strdup (action->due_on);
  due = action_detail (details, _("Due"), due_text);
  if (action->overdue)
    gtk_widget_add_css_class (due, "error");
  action_detail (details, _("Linked complaints"), numbers);
  gtk_box_append (GTK_BOX (box), details);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "kesu-action", GINT_TO_POINTER (TRUE));
  g_object_set_data (G_OBJECT (row), "kesu-overdue", GINT_TO_POINTER (action->overdue));
  return row;
}

static void
show_actions (KesuAnalysisPage *self)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_list))) != NULL)
    gtk_list_box_remove (self->actions_list, child);

  actions = kesu_store_list_actions (self->store, KESU_ACTIONS_OPEN, 0, &error);
  if (actions == NULL || actions->len == 0)
    {
      GtkWidget *label = gtk_label_new (actions == NULL ? error->message
                                                        : _("No open improvement actions"));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, actions == NULL ? "error" : "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->actions_list, row);
      return;
    }
  for (guint i = 0; i < actions->len; i++)
    gtk_list_box_append (self->actions_list, action_row (g_ptr_array_index (actions, i)));
}

/* ---- refresh ---- */

static void
refresh (KesuAnalysisPage *self)
{
  g_autoptr(KesuFigures) now = NULL;
  g_autoptr(KesuFigures) previous = NULL;
  g_autoptr(KesuFigures) year_before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  KesuFigureFilter filter;
  KesuPeriod period, period_previous, period_year_before;

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  self->stale = FALSE;
  if (self->store == NULL)
    return;

  selected_period (self, &period);
  selected_filter (self, &filter);
  label = kesu_period_to_label (&period);
  gtk_label_set_text (self->period_label, label);
  /* The actions are not of the period: shown even when the figures cannot be. */
  show_actions (self);

  now = kesu_figures_compute (self->store, &period, &filter, KESU_RECURRING_THRESHOLD_DEFAULT,
                              &error);
  if (now == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  kesu_period_previous (&period, &period_previous);
  kesu_period_year_before (&period, &period_year_before);
  /* The comparisons are worth less than the figures: without them the page goes on. */
  previous = kesu_figures_compute (self->store, &period_previous, &filter,
                                   KESU_RECURRING_THRESHOLD_DEFAULT, NULL);
  year_before = kesu_figures_compute (self->store, &period_year_before, &filter,
                                      KESU_RECURRING_THRESHOLD_DEFAULT, NULL);

  show_tiles (self, now, previous, year_before);
  show_charts (self, now);
  show_recurring (self, now);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  KesuAnalysisPage *self = user_data;

  self->refresh_idle_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Figures are not free: computed when seen, once for a burst of changes. */
static void
queue_refresh (KesuAnalysisPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->refresh_idle_id == 0)
    self->refresh_idle_id = g_idle_add (refresh_idle_cb, self);
}

static void
store_complaints_changed_cb (KesuAnalysisPage *self,
                             KesuStore        *store)
{
  queue_refresh (self);
}

static void
filter_changed_cb (KesuAnalysisPage *self,
                   GParamSpec       *pspec,
                   GtkWidget        *widget)
{
  if (self->applying)
    return;
  refresh (self);
}

static void
period_kind_changed_cb (KesuAnalysisPage *self,
                        GParamSpec       *pspec,
                        GtkDropDown      *dropdown)
{
  self->applying = TRUE;
  fill_period_dropdown (self);
  self->applying = FALSE;
  refresh (self);
}

static void
fill_enum_dropdown (GtkDropDown  *dropdown,
                    const char   *all,
                    guint         n_values,
                    const char *(*to_label) (int value))
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, all);
  for (guint i = 0; i < n_values; i++)
    gtk_string_list_append (labels, to_label ((int) i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
}

static const char *
category_label (int value)
{
  return kesu_category_to_label ((KesuCategory) value);
}

static const char *
channel_label (int value)
{
  return kesu_channel_to_label ((KesuChannel) value);
}

static void
fill_handler_dropdown (KesuAnalysisPage *self)
{
  g_autoptr(GtkStringList) names = NULL;

  g_clear_pointer (&self->staff_ids, g_array_unref);
  if (self->store != NULL)
    names = kesu_staff_names_new (self->store, _("All handlers"), &self->staff_ids);
  else
    {
      names = gtk_string_list_new (NULL);
      gtk_string_list_append (names, _("All handlers"));
    }
  gtk_drop_down_set_model (self->handler_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->handler_dropdown, 0);
}

/* ---- GtkWidget ---- */

static void
kesu_analysis_page_map (GtkWidget *widget)
{
  KesuAnalysisPage *self = KESU_ANALYSIS_PAGE (widget);

  GTK_WIDGET_CLASS (kesu_analysis_page_parent_class)->map (widget);
  if (self->stale)
    refresh (self);
}

static void
kesu_analysis_page_dispose (GObject *object)
{
  KesuAnalysisPage *self = KESU_ANALYSIS_PAGE (object);

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  action_form_forget (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_ANALYSIS_PAGE);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kesu_analysis_page_parent_class)->dispose (object);
}

static void
kesu_analysis_page_finalize (GObject *object)
{
  KesuAnalysisPage *self = KESU_ANALYSIS_PAGE (object);

  g_clear_pointer (&self->staff_ids, g_array_unref);
  G_OBJECT_CLASS (kesu_analysis_page_parent_class)->finalize (object);
}

static void
kesu_analysis_page_class_init (KesuAnalysisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_analysis_page_dispose;
  object_class->finalize = kesu_analysis_page_finalize;
  widget_class->map = kesu_analysis_page_map;

  /**
   * KesuAnalysisPage::show-board:
   * @dimension: "category", "channel" or "model"
   * @key: the value to filter the board by
   */
  signals[SHOW_BOARD] =
    g_signal_new ("show-board", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, period_kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, handler_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, recurring_list);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, actions_list);
  gtk_widget_class_bind_template_child (widget_class, KesuAnalysisPage, all_actions_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, recurring_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kesuanalysispage");
}

static void
kesu_analysis_page_init (KesuAnalysisPage *self)
{
  self->applying = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_period_dropdown (self);
  fill_enum_dropdown (self->category_dropdown, _("All categories"), KESU_N_CATEGORIES,
                      category_label);
  fill_enum_dropdown (self->channel_dropdown, _("All channels"), KESU_N_CHANNELS, channel_label);
  fill_handler_dropdown (self);
  build_tiles (self);
  build_charts (self);
  self->applying = FALSE;
  self->stale = TRUE;
}

/* ---- public ---- */

void
kesu_analysis_page_set_store (KesuAnalysisPage *self,
                              KesuStore        *store)
{
  g_return_if_fail (KESU_IS_ANALYSIS_PAGE (self));
  g_return_if_fail (store == NULL || KESU_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;
  if (store != NULL)
    g_signal_connect_object (store, "complaints-changed",
                             G_CALLBACK (store_complaints_changed_cb), self, G_CONNECT_SWAPPED);
  self->applying = TRUE;
  fill_handler_dropdown (self);
  self->applying = FALSE;
  self->stale = TRUE;
  queue_refresh (self);
}

void
kesu_analysis_page_refresh (KesuAnalysisPage *self)
{
  g_return_if_fail (KESU_IS_ANALYSIS_PAGE (self));
  refresh (self);
}

/* ---- private, for tests ---- */

KesuChartView *
_kesu_analysis_page_get_chart_view (KesuAnalysisPage *self,
                                    const char       *name)
{
  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);

  for (guint i = 0; i < N_CHARTS; i++)
    if (g_str_equal (name, chart_names[i]))
      return self->charts[i];
  return NULL;
}

static int
tile_index (const char *name)
{
  for (guint i = 0; i < N_TILES; i++)
    if (g_str_equal (name, tile_names[i]))
      return (int) i;
  return -1;
}

const char *
_kesu_analysis_page_get_tile_value (KesuAnalysisPage *self,
                                    const char       *name)
{
  int i = tile_index (name);

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);
  g_return_val_if_fail (i >= 0, NULL);
  if (self->stale || self->refresh_idle_id != 0)
    refresh (self);
  return gtk_label_get_text (self->tiles[i].value);
}

char *
_kesu_analysis_page_dup_tile_change (KesuAnalysisPage *self,
                                     const char       *name)
{
  int i = tile_index (name);

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);
  g_return_val_if_fail (i >= 0, NULL);
  if (self->stale || self->refresh_idle_id != 0)
    refresh (self);
  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->tiles[i].vs_previous),
                          gtk_label_get_text (self->tiles[i].vs_year));
}

void
_kesu_analysis_page_select_month (KesuAnalysisPage *self,
                                  int               year,
                                  int               month)
{
  int this_year, this_month, back;

  g_return_if_fail (KESU_IS_ANALYSIS_PAGE (self));

  today (&this_year, &this_month);
  back = (this_year * 12 + this_month) - (year * 12 + month);
  g_return_if_fail (back >= 0 && back < N_MONTHS);
  self->applying = TRUE;
  gtk_drop_down_set_selected (self->period_kind_dropdown, PERIOD_MONTH);
  fill_period_dropdown (self);
  gtk_drop_down_set_selected (self->period_dropdown, (guint) back);
  self->applying = FALSE;
  refresh (self);
}

guint
_kesu_analysis_page_get_n_recurring (KesuAnalysisPage *self)
{
  guint n = 0;

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), 0);
  if (self->stale || self->refresh_idle_id != 0)
    refresh (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->recurring_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "kesu-model") != NULL)
      n++;
  return n;
}

static void
refresh_if_stale (KesuAnalysisPage *self)
{
  if (self->stale || self->refresh_idle_id != 0)
    refresh (self);
}

static GtkWidget *
nth_action_row (KesuAnalysisPage *self,
                guint             index)
{
  guint n = 0;

  refresh_if_stale (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "kesu-action") != NULL && n++ == index)
      return child;
  return NULL;
}

guint
_kesu_analysis_page_get_n_actions (KesuAnalysisPage *self)
{
  guint n = 0;

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), 0);
  while (nth_action_row (self, n) != NULL)
    n++;
  return n;
}

static void
collect_labels (GtkWidget *widget,
                GString   *text,
                gboolean  *in_red)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      if (gtk_widget_has_css_class (widget, "error"))
        *in_red = TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text, in_red);
}

char *
_kesu_analysis_page_dup_action_text (KesuAnalysisPage *self,
                                     guint             index,
                                     gboolean         *out_in_red)
{
  GtkWidget *row;
  GString *text = g_string_new (NULL);
  gboolean in_red = FALSE;

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);
  row = nth_action_row (self, index);
  g_return_val_if_fail (row != NULL, NULL);
  collect_labels (row, text, &in_red);
  if (out_in_red != NULL)
    *out_in_red = in_red;
  return g_string_free (text, FALSE);
}

char *
_kesu_analysis_page_dup_actions_empty_text (KesuAnalysisPage *self)
{
  GtkWidget *row;
  GString *text = g_string_new (NULL);
  gboolean in_red = FALSE;

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);
  refresh_if_stale (self);
  row = gtk_widget_get_first_child (GTK_WIDGET (self->actions_list));
  if (row != NULL && g_object_get_data (G_OBJECT (row), "kesu-action") == NULL)
    collect_labels (row, text, &in_red);
  return g_string_free (text, FALSE);
}

GtkButton *
_kesu_analysis_page_get_new_action_button (KesuAnalysisPage *self,
                                           guint             index)
{
  guint n = 0;

  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);
  refresh_if_stale (self);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->recurring_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box;

      if (g_object_get_data (G_OBJECT (row), "kesu-model") == NULL || n++ != index)
        continue;
      box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_BUTTON (child))
          return GTK_BUTTON (child);
    }
  return NULL;
}

GtkWindow *
_kesu_analysis_page_get_action_form (KesuAnalysisPage *self)
{
  g_return_val_if_fail (KESU_IS_ANALYSIS_PAGE (self), NULL);
  return self->action_form;
}
