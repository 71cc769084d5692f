/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-board"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kesu-board-card.h"
#include "kesu-board-page-private.h"
#include "kesu-board-page.h"
#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-move-dialog.h"
#include "kesu-workflow.h"

/* The closed and withdrawn columns grow without end: they show the most recent cases
 * only, which keeps the board light; search finds the others. */
#define DONE_COLUMN_LIMIT 200

/* The cards the page keeps for reuse, at most: the columns hold some 30 each. */
#define CARDS_KEPT_MAX 280

/* When a column's first cards change (a filter, a search), it gets those it shows at
 * once (at most this many, enough to fill it on screen: column_visible_cards), and the
 * rest this many a frame after it is painted: each new card is laid out, and a column
 * keeps some 30 of them. */
#define FIRST_CARDS 8
#define MORE_CARDS_PER_FRAME 6

/* "due in 2 h" and "overdue 5 min" must stay true, and a case that passes its deadline
 * while the window is open must turn red and move up. */
#define REFRESH_SECONDS 60

/* Handler dropdown: "Everyone", "Mine", then the staff by name. */
enum {
  HANDLER_EVERYONE,
  HANDLER_MINE,
  HANDLER_FIRST_STAFF,
};

typedef struct
{
  KesuState      state;
  GtkWidget     *box;
  GtkLabel      *count_label;
  GtkLabel      *overdue_label;
  GtkWidget     *scroller;
  GtkGridView   *list_view;   /* one column of cards: see build_column */
  GtkWidget     *empty_label;
  GtkLabel      *more_label;
  GListStore    *model;
  GPtrArray     *pending;     /* KesuComplaint: still to go after the model's, or NULL */
  guint          count;       /* matching the filters, shown or not */
} Column;

struct _KesuBoardPage
{
  GtkWidget          parent_instance;

  KesuStore         *store;
  GSettings         *settings;
  GArray            *staff_ids;       /* gint64: the handler dropdown's staff, in order */
  Column             columns[KESU_N_STATES];
  GPtrArray         *cards;           /* KesuBoardCard: see card_setup_cb */
  guint              refresh_timeout_id;
  guint              refresh_idle_id;
  guint              fill_tick_id;
  gint64             focus_id;        /* the card to give the focus to once it is shown */
  guint              focus_tick_id;
  guint              focus_tries;
  gboolean           stale;           /* changed while not shown: refresh when mapped */
  gboolean           applying;        /* filter widgets being set from code */

  GtkSearchEntry    *search_entry;
  GtkDropDown       *handler_dropdown;
  GtkDropDown       *category_dropdown;
  GtkDropDown       *severity_dropdown;
  GtkToggleButton   *overdue_button;
  GtkToggleButton   *escalated_button;
  GtkWidget         *clear_button;
  GtkWidget         *channel_chip;    /* the channel filter, set from the analysis page */
  int                channel_filter;  /* KesuChannel, -1: any; not saved */
  GtkLabel          *error_label;
  GtkScrolledWindow *board_scroller;
  GtkBox            *columns_box;
};

G_DEFINE_FINAL_TYPE (KesuBoardPage, kesu_board_page, GTK_TYPE_WIDGET)

static void refresh (KesuBoardPage *self);

/* The schema is installed with Kesu; a build run from its tree may lack it, and the
 * filters are not worth failing for. */
static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "board-search"))
    return NULL;
  return g_settings_new (APP_ID);
}

static Column *
column_for_list_view (KesuBoardPage *self,
                      GtkGridView   *list_view)
{
  for (guint i = 0; i < KESU_N_STATES; i++)
    if (self->columns[i].list_view == list_view)
      return &self->columns[i];
  return NULL;
}

static KesuBoardCard *
card_of_row (GtkWidget *row)
{
  GtkWidget *child = gtk_widget_get_first_child (row);

  return KESU_IS_BOARD_CARD (child) ? KESU_BOARD_CARD (child) : NULL;
}

static KesuBoardCard *
column_find_card (Column *column,
                  gint64  complaint_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (column->list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      KesuBoardCard *card = card_of_row (row);
      KesuComplaint *complaint = card ? kesu_board_card_get_complaint (card) : NULL;

      if (complaint != NULL && kesu_complaint_get_id (complaint) == complaint_id)
        return card;
    }
  return NULL;
}

/* The cards still waiting to be added, added now: for whoever needs the whole column. */
static void
column_flush (Column *column)
{
  if (column->pending == NULL)
    return;
  g_list_store_splice (column->model, g_list_model_get_n_items (G_LIST_MODEL (column->model)),
                       0, column->pending->pdata, column->pending->len);
  g_clear_pointer (&column->pending, g_ptr_array_unref);
}

static void
flush_columns (KesuBoardPage *self)
{
  for (guint s = 0; s < KESU_N_STATES; s++)
    column_flush (&self->columns[s]);
}

/* Where a shown complaint is: its column, and its position there. */
static gboolean
find_complaint (KesuBoardPage *self,
                gint64         complaint_id,
                KesuState     *out_state,
                guint         *out_position)
{
  flush_columns (self);
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      GListModel *model = G_LIST_MODEL (self->columns[s].model);
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KesuComplaint) complaint = g_list_model_get_item (model, i);

          if (kesu_complaint_get_id (complaint) == complaint_id)
            {
              if (out_state != NULL)
                *out_state = s;
              if (out_position != NULL)
                *out_position = i;
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* ---- filters ---- */

static void
fill_filter (KesuBoardPage *self,
             KesuFilter    *filter)
{
  guint handler = gtk_drop_down_get_selected (self->handler_dropdown);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  guint severity = gtk_drop_down_get_selected (self->severity_dropdown);
  gint64 operator = self->store != NULL ? kesu_store_get_operator (self->store) : 0;

  memset (filter, 0, sizeof *filter);
  filter->search = (char *) gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter->category = -1;
  filter->severity = -1;
  filter->state = -1;
  filter->channel = self->channel_filter;

  if (handler == HANDLER_MINE)
    filter->handler_id = operator;
  else if (handler >= HANDLER_FIRST_STAFF && handler != GTK_INVALID_LIST_POSITION
           && handler - HANDLER_FIRST_STAFF < self->staff_ids->len)
    filter->handler_id = g_array_index (self->staff_ids, gint64, handler - HANDLER_FIRST_STAFF);

  if (category >= 1 && category <= KESU_N_CATEGORIES)
    filter->category = (int) category - 1;
  if (severity >= 1 && severity <= KESU_N_SEVERITIES)
    filter->severity = (int) severity - 1;

  filter->overdue_only = gtk_toggle_button_get_active (self->overdue_button);
  if (gtk_toggle_button_get_active (self->escalated_button))
    filter->escalated_to = operator;
}

static gboolean
filters_set (KesuBoardPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0'
         || gtk_drop_down_get_selected (self->handler_dropdown) != HANDLER_EVERYONE
         || gtk_drop_down_get_selected (self->category_dropdown) != 0
         || gtk_drop_down_get_selected (self->severity_dropdown) != 0
         || gtk_toggle_button_get_active (self->overdue_button)
         || gtk_toggle_button_get_active (self->escalated_button)
         || self->channel_filter >= 0;
}

/* A filter that hides cases says so: the user must not take a filtered board for the
 * whole one. */
static void
show_filters_state (KesuBoardPage *self)
{
  GtkWidget *dropdowns[] = {
    GTK_WIDGET (self->handler_dropdown),
    GTK_WIDGET (self->category_dropdown),
    GTK_WIDGET (self->severity_dropdown),
  };
  gboolean any = filters_set (self);

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    {
      if (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdowns[i])) > 0)
        gtk_widget_add_css_class (dropdowns[i], "kesu-filter-active");
      else
        gtk_widget_remove_css_class (dropdowns[i], "kesu-filter-active");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.clear-filters", any);
  gtk_widget_set_visible (self->clear_button, any);
  if (self->channel_filter >= 0)
    {
      /* Translators: the board's channel filter, as a button that removes it */
      g_autofree char *text = g_strdup_printf (_("Channel: %s ✕"),
                                               kesu_channel_to_label (self->channel_filter));

      gtk_button_set_label (GTK_BUTTON (self->channel_chip), text);
    }
  gtk_widget_set_visible (self->channel_chip, self->channel_filter >= 0);
}

static void
save_filters (KesuBoardPage *self)
{
  guint handler = gtk_drop_down_get_selected (self->handler_dropdown);
  gint64 handler_key = 0;

  if (self->settings == NULL)
    return;

  if (handler == HANDLER_MINE)
    handler_key = -1;
  else if (handler >= HANDLER_FIRST_STAFF && handler != GTK_INVALID_LIST_POSITION
           && handler - HANDLER_FIRST_STAFF < self->staff_ids->len)
    handler_key = g_array_index (self->staff_ids, gint64, handler - HANDLER_FIRST_STAFF);

  g_settings_set_string (self->settings, "board-search",
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_settings_set_int64 (self->settings, "board-handler", handler_key);
  g_settings_set_int (self->settings, "board-category",
                      (int) gtk_drop_down_get_selected (self->category_dropdown) - 1);
  g_settings_set_int (self->settings, "board-severity",
                      (int) gtk_drop_down_get_selected (self->severity_dropdown) - 1);
  g_settings_set_boolean (self->settings, "board-overdue-only",
                          gtk_toggle_button_get_active (self->overdue_button));
  g_settings_set_boolean (self->settings, "board-escalated-only",
                          gtk_toggle_button_get_active (self->escalated_button));
}

static void
load_filters (KesuBoardPage *self)
{
  g_autofree char *search = NULL;
  gint64 handler;
  int category, severity;
  guint handler_position = HANDLER_EVERYONE;

  if (self->settings == NULL)
    return;

  search = g_settings_get_string (self->settings, "board-search");
  handler = g_settings_get_int64 (self->settings, "board-handler");
  category = g_settings_get_int (self->settings, "board-category");
  severity = g_settings_get_int (self->settings, "board-severity");

  if (handler == -1)
    handler_position = HANDLER_MINE;
  else if (handler > 0)
    for (guint i = 0; i < self->staff_ids->len; i++)
      if (g_array_index (self->staff_ids, gint64, i) == handler)
        handler_position = HANDLER_FIRST_STAFF + i;

  self->applying = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search);
  gtk_drop_down_set_selected (self->handler_dropdown, handler_position);
  gtk_drop_down_set_selected (self->category_dropdown,
                              category >= 0 && category < KESU_N_CATEGORIES ? category + 1 : 0);
  gtk_drop_down_set_selected (self->severity_dropdown,
                              severity >= 0 && severity < KESU_N_SEVERITIES ? severity + 1 : 0);
  gtk_toggle_button_set_active (self->overdue_button,
                                g_settings_get_boolean (self->settings, "board-overdue-only"));
  gtk_toggle_button_set_active (self->escalated_button,
                                g_settings_get_boolean (self->settings, "board-escalated-only"));
  self->applying = FALSE;
}

static void
filters_changed (KesuBoardPage *self)
{
  if (self->applying)
    return;
  save_filters (self);
  refresh (self);
}

static void
filter_changed_cb (KesuBoardPage *self,
                   GParamSpec    *pspec,
                   GtkWidget     *widget)
{
  filters_changed (self);
}

static void
filter_toggled_cb (KesuBoardPage   *self,
                   GtkToggleButton *button)
{
  filters_changed (self);
}

static void
search_entry_search_changed_cb (KesuBoardPage  *self,
                                GtkSearchEntry *entry)
{
  filters_changed (self);
}

static void
search_entry_stop_search_cb (KesuBoardPage  *self,
                             GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (widget);

  self->applying = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->handler_dropdown, HANDLER_EVERYONE);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->severity_dropdown, 0);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  gtk_toggle_button_set_active (self->escalated_button, FALSE);
  self->channel_filter = -1;
  self->applying = FALSE;
  filters_changed (self);
}

static void
channel_chip_clicked_cb (KesuBoardPage *self,
                         GtkButton     *chip)
{
  self->channel_filter = -1;
  filters_changed (self);
}

static void
fill_handler_dropdown (KesuBoardPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) staff = NULL;

  g_array_set_size (self->staff_ids, 0);
  gtk_string_list_append (names, _("Everyone"));
  gtk_string_list_append (names, _("Mine"));
  if (self->store != NULL)
    {
      staff = kesu_store_list_staff (self->store);
      for (guint i = 0; i < staff->len; i++)
        {
          KesuStaff *member = g_ptr_array_index (staff, i);

          gtk_string_list_append (names, member->name);
          g_array_append_val (self->staff_ids, member->id);
        }
    }

  self->applying = TRUE;
  gtk_drop_down_set_model (self->handler_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->handler_dropdown, HANDLER_EVERYONE);
  self->applying = FALSE;
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
severity_label (int value)
{
  return kesu_severity_to_label ((KesuSeverity) value);
}

/* ---- columns ---- */

/* Whether the card of @a would show exactly what the card of @b shows. */
static gboolean
same_on_card (KesuComplaint *a,
              KesuComplaint *b)
{
  const KesuIntake *ia, *ib;

  if (a == b)
    return TRUE;
  if (kesu_complaint_get_id (a) != kesu_complaint_get_id (b)
      || kesu_complaint_get_state (a) != kesu_complaint_get_state (b)
      || kesu_complaint_get_next_due (a) != kesu_complaint_get_next_due (b)
      || kesu_complaint_is_overdue (a) != kesu_complaint_is_overdue (b)
      || kesu_complaint_is_waiting (a) != kesu_complaint_is_waiting (b)
      || kesu_complaint_is_escalated (a) != kesu_complaint_is_escalated (b)
      || g_strcmp0 (kesu_complaint_get_number (a), kesu_complaint_get_number (b)) != 0
      || g_strcmp0 (kesu_complaint_get_handler_name (a), kesu_complaint_get_handler_name (b)) != 0)
    return FALSE;

  ia = kesu_complaint_get_intake (a);
  ib = kesu_complaint_get_intake (b);
  return ia->severity == ib->severity
         && ia->category == ib->category
         && g_strcmp0 (ia->customer_name, ib->customer_name) == 0
         && g_strcmp0 (ia->vehicle_model, ib->vehicle_model) == 0;
}

/* How many cards the column shows without scrolling, the last one perhaps in part, as
 * laid out now; FIRST_CARDS while it has not been laid out with cards yet. */
static guint
column_visible_cards (Column *column)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (column->list_view));
  int height = gtk_widget_get_height (column->scroller);
  int row_height = row != NULL ? gtk_widget_get_height (row) : 0;

  if (!gtk_widget_get_visible (column->scroller) || height <= 0 || row_height <= 0)
    return FIRST_CARDS;
  return CLAMP ((guint) (height / row_height) + 1, 1, FIRST_CARDS);
}

/* Replaces only the changed middle of the column: rows before and after it keep their
 * widgets, so the scroll position and the keyboard focus stay where they were.  When the
 * first cards change, only those are set now, and the rest follow frame by frame
 * (fill_tick_cb).  Returns whether some are left for later. */
static gboolean
column_set_items (Column    *column,
                  GPtrArray *items)
{
  GListModel *model = G_LIST_MODEL (column->model);
  guint old_n, new_n = items->len;
  guint prefix = 0, suffix = 0;
  /* Each card set now is laid out and painted before the frame is shown: only those
   * seen at once, the rest in the frames after (fill_tick_cb). */
  guint first = column_visible_cards (column);

  /* What was still to come of the last items is replaced too. */
  g_clear_pointer (&column->pending, g_ptr_array_unref);
  old_n = g_list_model_get_n_items (model);

  while (prefix < old_n && prefix < new_n)
    {
      g_autoptr(KesuComplaint) old = g_list_model_get_item (model, prefix);

      if (!same_on_card (old, g_ptr_array_index (items, prefix)))
        break;
      prefix++;
    }
  if (prefix < first && new_n > first)
    {
      column->pending = g_ptr_array_new_full (new_n - first, g_object_unref);
      for (guint i = first; i < new_n; i++)
        g_ptr_array_add (column->pending, g_object_ref (g_ptr_array_index (items, i)));
      g_list_store_splice (column->model, prefix, old_n - prefix,
                           items->pdata + prefix, first - prefix);
      return TRUE;
    }
  while (suffix < old_n - prefix && suffix < new_n - prefix)
    {
      g_autoptr(KesuComplaint) old = g_list_model_get_item (model, old_n - 1 - suffix);

      if (!same_on_card (old, g_ptr_array_index (items, new_n - 1 - suffix)))
        break;
      suffix++;
    }
  if (prefix == old_n && prefix == new_n)
    return FALSE;

  g_list_store_splice (column->model, prefix, old_n - prefix - suffix,
                       items->pdata + prefix, new_n - prefix - suffix);
  return FALSE;
}

static gboolean
fill_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (widget);
  gboolean more = FALSE;

  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      Column *column = &self->columns[s];
      guint n;

      if (column->pending == NULL)
        continue;
      n = MIN (MORE_CARDS_PER_FRAME, column->pending->len);
      g_list_store_splice (column->model,
                           g_list_model_get_n_items (G_LIST_MODEL (column->model)), 0,
                           column->pending->pdata, n);
      g_ptr_array_remove_range (column->pending, 0, n);
      if (column->pending->len == 0)
        g_clear_pointer (&column->pending, g_ptr_array_unref);
      else
        more = TRUE;
    }
  if (more)
    return G_SOURCE_CONTINUE;
  self->fill_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
column_update_header (Column *column,
                      guint   n_overdue)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (column->model))
                + (column->pending != NULL ? column->pending->len : 0);
  g_autofree char *count = g_strdup_printf ("%u", column->count);

  gtk_label_set_text (column->count_label, count);

  if (n_overdue > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: in a board column's header; %u is a number of cases */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue",
                                           n_overdue), n_overdue);
      gtk_label_set_text (column->overdue_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (column->overdue_label), n_overdue > 0);

  if (column->count > shown)
    {
      g_autofree char *text = NULL;
      guint hidden = column->count - shown;

      /* Translators: under the closed and withdrawn columns, which show the most
       * recent cases only; %u is a number of cases */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u older case not shown: search to find it",
                                           "%u older cases not shown: search to find them",
                                           hidden), hidden);
      gtk_label_set_text (column->more_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (column->more_label), column->count > shown);
  gtk_widget_set_visible (column->scroller, shown > 0);
  gtk_widget_set_visible (column->empty_label, shown == 0);
}

static void
update_due_texts (KesuBoardPage *self)
{
  for (guint s = 0; s < KESU_N_STATES; s++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->columns[s].list_view));
         row != NULL;
         row = gtk_widget_get_next_sibling (row))
      {
        KesuBoardCard *card = card_of_row (row);

        if (card != NULL && kesu_board_card_get_complaint (card) != NULL)
          kesu_board_card_update_due (card);
      }
}

static int
compare_urgency_cb (gconstpointer a,
                    gconstpointer b)
{
  return kesu_complaint_compare_urgency (*(KesuComplaint **) a, *(KesuComplaint **) b);
}

/* One query for what the columns show (the closed and withdrawn cases beyond the newest
 * are only counted), one pass over its rows, one sort per column. */
static void
refresh (KesuBoardPage *self)
{
  g_autoptr(GListModel) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items[KESU_N_STATES];
  guint n_overdue[KESU_N_STATES] = { 0 };
  guint counts[KESU_N_STATES];
  KesuFilter filter;
  guint n;

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  self->stale = FALSE;
  show_filters_state (self);
  if (self->store == NULL)
    return;

  fill_filter (self, &filter);
  result = kesu_store_query_board (self->store, &filter, DONE_COLUMN_LIMIT, counts, &error);
  if (result == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  for (guint s = 0; s < KESU_N_STATES; s++)
    items[s] = g_ptr_array_new_with_free_func (g_object_unref);

  n = g_list_model_get_n_items (result);
  for (guint i = 0; i < n; i++)
    {
      KesuComplaint *complaint = g_list_model_get_item (result, i);
      KesuState state = kesu_complaint_get_state (complaint);

      if ((guint) state >= KESU_N_STATES)
        {
          g_object_unref (complaint);
          continue;
        }
      g_ptr_array_add (items[state], complaint);
      if (kesu_complaint_is_overdue (complaint))
        n_overdue[state]++;
    }

  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      Column *column = &self->columns[s];

      column->count = counts[s];
      /* The closed and withdrawn ones stay in the query's order, newest first. */
      if (kesu_state_is_open (s))
        g_ptr_array_sort (items[s], compare_urgency_cb);

      if (column_set_items (column, items[s]) && self->fill_tick_id == 0)
        self->fill_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_tick_cb,
                                                           NULL, NULL);
      column_update_header (column, n_overdue[s]);
      g_ptr_array_unref (items[s]);
    }

  /* The cards kept from before show the same deadline, but the time to it has moved. */
  update_due_texts (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  KesuBoardPage *self = user_data;

  self->refresh_idle_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Several changes in a row (a move, then the dialog's done) make one refresh; a page
 * not shown refreshes when it is shown again. */
static void
queue_refresh (KesuBoardPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->refresh_idle_id == 0)
    self->refresh_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self,
                                             NULL);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  KesuBoardPage *self = user_data;

  queue_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
store_complaints_changed_cb (KesuBoardPage *self,
                             KesuStore     *store)
{
  queue_refresh (self);
}

/* ---- focus ---- */

static gboolean
focus_card_now (KesuBoardPage *self)
{
  KesuState state;
  KesuBoardCard *card;

  if (self->focus_id == 0 || !find_complaint (self, self->focus_id, &state, NULL))
    return TRUE;
  card = column_find_card (&self->columns[state], self->focus_id);
  if (card == NULL)
    return FALSE;
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (card)));
  return TRUE;
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (widget);

  if (focus_card_now (self) || ++self->focus_tries > 10)
    {
      self->focus_id = 0;
      self->focus_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The keyboard focus follows a card to its new column.  Its row may not exist until the
 * column has been laid out again, so this waits a few frames for it. */
static void
focus_complaint (KesuBoardPage *self,
                 gint64         complaint_id)
{
  KesuState state;
  guint position;

  if (!find_complaint (self, complaint_id, &state, &position))
    return;
  self->focus_id = complaint_id;
  if (focus_card_now (self))
    {
      self->focus_id = 0;
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self->columns[state].list_view),
                              "list.scroll-to-item", "u", position);
  self->focus_tries = 0;
  if (self->focus_tick_id == 0)
    self->focus_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb,
                                                        NULL, NULL);
}

/* ---- moving and opening ---- */

typedef struct
{
  GWeakRef page;
  gint64   complaint_id;
  gboolean had_focus;
} MoveData;

static void
move_done_cb (gboolean  moved,
              KesuState new_state,
              gpointer  user_data)
{
  MoveData *data = user_data;
  g_autoptr(KesuBoardPage) self = g_weak_ref_get (&data->page);

  /* A refused or abandoned move changes nothing: the card simply stays in its column. */
  if (self != NULL && self->store != NULL)
    {
      refresh (self);
      if (moved && data->had_focus)
        focus_complaint (self, data->complaint_id);
    }
  g_weak_ref_clear (&data->page);
  g_free (data);
}

static KesuBoardCard *
focused_card (KesuBoardPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;
  /* The focus is on the list's row, whose child is the card. */
  if (card_of_row (focus) != NULL)
    return card_of_row (focus);
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    if (KESU_IS_BOARD_CARD (w))
      return KESU_BOARD_CARD (w);
  return NULL;
}

static void
start_move (KesuBoardPage *self,
            gint64         complaint_id,
            KesuState      to)
{
  MoveData *data;

  if (self->store == NULL || complaint_id <= 0 || (guint) to >= KESU_N_STATES)
    return;

  data = g_new0 (MoveData, 1);
  g_weak_ref_init (&data->page, self);
  data->complaint_id = complaint_id;
  /* From the keyboard (a card or its menu has the focus), the focus follows the card. */
  data->had_focus = focused_card (self) != NULL;
  kesu_move_start (kesu_widget_get_window (GTK_WIDGET (self)), self->store, complaint_id, to,
                   move_done_cb, data);
}

static void
move_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (widget);
  gint64 complaint_id;
  gint32 state;

  g_variant_get (parameter, "(xi)", &complaint_id, &state);
  start_move (self, complaint_id, (KesuState) state);
}

static void
open_complaint (KesuBoardPage *self,
                gint64         complaint_id)
{
  if (self->store == NULL || complaint_id <= 0)
    return;
  kesu_complaint_view_present (kesu_widget_get_window (GTK_WIDGET (self)), self->store,
                               complaint_id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_complaint (KESU_BOARD_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
list_view_activate_cb (KesuBoardPage *self,
                       guint          position,
                       GtkGridView   *list_view)
{
  Column *column = column_for_list_view (self, list_view);
  g_autoptr(KesuComplaint) complaint = NULL;

  if (column == NULL)
    return;
  complaint = g_list_model_get_item (G_LIST_MODEL (column->model), position);
  if (complaint != NULL)
    open_complaint (self, kesu_complaint_get_id (complaint));
}

static gboolean
popup_menu_shortcut_cb (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  KesuBoardCard *card = focused_card (KESU_BOARD_PAGE (widget));

  if (card == NULL || kesu_board_card_get_complaint (card) == NULL)
    return FALSE;
  kesu_board_card_popup_menu (card);
  return TRUE;
}

static gboolean
focus_search_shortcut_cb (GtkWidget *widget,
                          GVariant  *args,
                          gpointer   user_data)
{
  kesu_board_page_focus_search (KESU_BOARD_PAGE (widget));
  return TRUE;
}

/* ---- drag and drop ---- */

/* The complaint a drag inside this application carries; 0 for other drags. */
static gint64
drop_complaint_id (GdkDrop *drop)
{
  GdkDrag *drag = drop != NULL ? gdk_drop_get_drag (drop) : NULL;
  GdkContentProvider *content = drag != NULL ? gdk_drag_get_content (drag) : NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  if (content == NULL)
    return 0;
  g_value_init (&value, G_TYPE_INT64);
  if (!gdk_content_provider_get_value (content, &value, NULL))
    return 0;
  return g_value_get_int64 (&value);
}

static void
clear_drop_classes (KesuBoardPage *self)
{
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      GtkWidget *box = self->columns[s].box;

      gtk_widget_remove_css_class (box, "kesu-drop-allowed");
      gtk_widget_remove_css_class (box, "kesu-drop-source");
      gtk_widget_remove_css_class (box, "kesu-drop-hover");
      gtk_widget_remove_css_class (box, "kesu-drop-refused");
    }
}

/* While a card is dragged over the board, the columns it may go to are marked. */
static void
board_drop_motion_enter_cb (KesuBoardPage            *self,
                            double                    x,
                            double                    y,
                            GtkDropControllerMotion  *motion)
{
  gint64 complaint_id = drop_complaint_id (gtk_drop_controller_motion_get_drop (motion));
  KesuState from;

  clear_drop_classes (self);
  if (complaint_id <= 0 || !find_complaint (self, complaint_id, &from, NULL))
    return;
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      if (s == from)
        gtk_widget_add_css_class (self->columns[s].box, "kesu-drop-source");
      else if (kesu_workflow_move_allowed (from, s))
        gtk_widget_add_css_class (self->columns[s].box, "kesu-drop-allowed");
    }
}

static void
board_drop_motion_leave_cb (KesuBoardPage           *self,
                            GtkDropControllerMotion *motion)
{
  clear_drop_classes (self);
}

static Column *
column_for_drop_target (KesuBoardPage *self,
                        GtkDropTarget *target)
{
  GtkWidget *box = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  for (guint s = 0; s < KESU_N_STATES; s++)
    if (self->columns[s].box == box)
      return &self->columns[s];
  return NULL;
}

static GdkDragAction
column_drop_enter_cb (KesuBoardPage *self,
                      double         x,
                      double         y,
                      GtkDropTarget *target)
{
  Column *column = column_for_drop_target (self, target);
  gint64 complaint_id = drop_complaint_id (gtk_drop_target_get_current_drop (target));
  KesuState from;

  if (column == NULL)
    return 0;
  if (complaint_id > 0 && find_complaint (self, complaint_id, &from, NULL))
    {
      if (from == column->state)
        return 0;
      /* A refused move is still dropped: the user is told why. */
      gtk_widget_add_css_class (column->box, kesu_workflow_move_allowed (from, column->state)
                                             ? "kesu-drop-hover" : "kesu-drop-refused");
    }
  else
    gtk_widget_add_css_class (column->box, "kesu-drop-hover");
  return GDK_ACTION_MOVE;
}

static void
column_drop_leave_cb (KesuBoardPage *self,
                      GtkDropTarget *target)
{
  Column *column = column_for_drop_target (self, target);

  if (column == NULL)
    return;
  gtk_widget_remove_css_class (column->box, "kesu-drop-hover");
  gtk_widget_remove_css_class (column->box, "kesu-drop-refused");
}

static gboolean
column_drop_cb (KesuBoardPage *self,
                const GValue  *value,
                double         x,
                double         y,
                GtkDropTarget *target)
{
  Column *column = column_for_drop_target (self, target);
  gint64 complaint_id;
  KesuState from;

  clear_drop_classes (self);
  if (column == NULL || !G_VALUE_HOLDS_INT64 (value))
    return FALSE;
  complaint_id = g_value_get_int64 (value);
  if (find_complaint (self, complaint_id, &from, NULL) && from == column->state)
    return FALSE;
  _kesu_board_page_drop (self, complaint_id, column->state);
  return TRUE;
}

/* Each column scrolls up and down and would swallow every wheel event: sideways ones
 * (a tilted wheel, a touchpad, Shift with the wheel) are taken first for the board. */
static gboolean
board_scroll_cb (KesuBoardPage            *self,
                 double                    dx,
                 double                    dy,
                 GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (
    GTK_EVENT_CONTROLLER (scroll));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->board_scroller);
  double delta, step;

  if ((state & GDK_SHIFT_MASK) != 0)
    delta = dx != 0 ? dx : dy;
  else if (ABS (dx) > ABS (dy))
    delta = dx;
  else
    return FALSE;
  if (delta == 0)
    return FALSE;

  /* As GtkScrolledWindow does: a wheel click moves by a share of the page. */
  if (gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  else
    step = 1.0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + delta * step);
  return TRUE;
}

/* ---- building ---- */

/* A card is costly to build (its template, its controllers), and a filter change makes
 * the columns drop dozens of them and build dozens again as they shrink and grow.  The
 * page keeps a reference to the cards it builds: one that its column let go of (it has
 * no parent any more) is taken again. */
static void
card_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KesuBoardPage            *self)
{
  GtkWidget *card = NULL;

  for (guint i = 0; self->cards != NULL && i < self->cards->len; i++)
    if (gtk_widget_get_parent (g_ptr_array_index (self->cards, i)) == NULL)
      {
        card = g_ptr_array_index (self->cards, i);
        break;
      }
  if (card == NULL)
    {
      card = kesu_board_card_new ();
      if (self->cards != NULL && self->cards->len < CARDS_KEPT_MAX)
        g_ptr_array_add (self->cards, g_object_ref_sink (card));
    }
  gtk_list_item_set_child (item, card);
}

static void
card_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  kesu_board_card_set_complaint (KESU_BOARD_CARD (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

static void
card_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  kesu_board_card_unbind (KESU_BOARD_CARD (gtk_list_item_get_child (item)));
}

static void
build_column (KesuBoardPage      *self,
              KesuState           state,
              GtkListItemFactory *factory)
{
  Column *column = &self->columns[state];
  GtkWidget *header, *title, *spacer;
  GtkDropTarget *target;
  GtkNoSelection *selection;

  column->state = state;
  column->model = g_list_store_new (KESU_TYPE_COMPLAINT);

  column->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (column->box, "kesu-board-column");
  if (!kesu_state_is_open (state))
    gtk_widget_add_css_class (column->box, "kesu-board-column-done");
  gtk_widget_set_size_request (column->box, 256, -1);
  gtk_widget_set_hexpand (column->box, kesu_state_is_open (state));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (header, "kesu-board-column-header");
  title = gtk_label_new (kesu_state_to_label (state));
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "kesu-board-column-title");
  gtk_box_append (GTK_BOX (header), title);
  column->count_label = GTK_LABEL (gtk_label_new ("0"));
  gtk_widget_add_css_class (GTK_WIDGET (column->count_label), "kesu-board-count");
  gtk_widget_set_valign (GTK_WIDGET (column->count_label), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (column->count_label));
  spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (header), spacer);
  column->overdue_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (column->overdue_label), "kesu-board-overdue-count");
  gtk_widget_set_valign (GTK_WIDGET (column->overdue_label), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (column->overdue_label), FALSE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (column->overdue_label));
  gtk_box_append (GTK_BOX (column->box), header);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (column->model)));
  /* A grid of one column rather than a GtkListView: a list view keeps 200 rows alive
   * whatever its height (GTK_LIST_VIEW_MAX_LIST_ITEMS), which with seven full columns is
   * some 1,300 cards built, measured and kept, where a grid view keeps about 30 per
   * column (GTK_GRID_VIEW_MAX_VISIBLE_ROWS). */
  column->list_view = GTK_GRID_VIEW (gtk_grid_view_new (GTK_SELECTION_MODEL (selection),
                                                        g_object_ref (factory)));
  gtk_grid_view_set_max_columns (column->list_view, 1);
  gtk_widget_add_css_class (GTK_WIDGET (column->list_view), "kesu-board-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kesu_state_to_label (state),
                                  -1);
  g_signal_connect_object (column->list_view, "activate", G_CALLBACK (list_view_activate_cb),
                           self, G_CONNECT_SWAPPED);
  column->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (column->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (column->scroller),
                                 GTK_WIDGET (column->list_view));
  gtk_widget_set_vexpand (column->scroller, TRUE);
  gtk_widget_set_visible (column->scroller, FALSE);
  gtk_box_append (GTK_BOX (column->box), column->scroller);

  column->empty_label = gtk_label_new (_("No cases"));
  gtk_widget_add_css_class (column->empty_label, "kesu-board-empty");
  gtk_widget_set_vexpand (column->empty_label, TRUE);
  gtk_widget_set_valign (column->empty_label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (column->box), column->empty_label);

  column->more_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (column->more_label, TRUE);
  gtk_label_set_justify (column->more_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (column->more_label), "kesu-board-more");
  gtk_widget_set_visible (GTK_WIDGET (column->more_label), FALSE);
  gtk_box_append (GTK_BOX (column->box), GTK_WIDGET (column->more_label));

  target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  g_signal_connect_object (target, "enter", G_CALLBACK (column_drop_enter_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "leave", G_CALLBACK (column_drop_leave_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "drop", G_CALLBACK (column_drop_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (column->box, GTK_EVENT_CONTROLLER (target));

  gtk_box_append (self->columns_box, column->box);
}

static void
kesu_board_page_map (GtkWidget *widget)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (widget);

  GTK_WIDGET_CLASS (kesu_board_page_parent_class)->map (widget);
  if (self->stale)
    refresh (self);
}

static void
kesu_board_page_dispose (GObject *object)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_timeout_id, g_source_remove);
  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  if (self->fill_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_tick_id);
      self->fill_tick_id = 0;
    }
  if (self->focus_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick_id);
      self->focus_tick_id = 0;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_BOARD_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      g_clear_object (&self->columns[s].model);
      g_clear_pointer (&self->columns[s].pending, g_ptr_array_unref);
    }
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_board_page_parent_class)->dispose (object);
}

static void
kesu_board_page_finalize (GObject *object)
{
  KesuBoardPage *self = KESU_BOARD_PAGE (object);

  g_clear_pointer (&self->staff_ids, g_array_unref);

  G_OBJECT_CLASS (kesu_board_page_parent_class)->finalize (object);
}

static void
kesu_board_page_class_init (KesuBoardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_board_page_dispose;
  object_class->finalize = kesu_board_page_finalize;
  widget_class->map = kesu_board_page_map;

  g_type_ensure (KESU_TYPE_BOARD_CARD);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-board-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, handler_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, escalated_button);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, board_scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuBoardPage, columns_box);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);

  gtk_widget_class_install_action (widget_class, "board.move-to", "(xi)", move_to_action);
  gtk_widget_class_install_action (widget_class, "board.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "board.clear-filters", NULL,
                                   clear_filters_action);

  /* The context menu without a mouse: the Menu key, Shift+F10, and Ctrl+M ("move"). */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                popup_menu_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                popup_menu_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                focus_search_shortcut_cb, NULL);
}

static void
kesu_board_page_init (KesuBoardPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *motion;
  GtkEventController *scroll;
  GtkWidget *filter_box;

  self->staff_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->channel_filter = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->channel_chip = gtk_button_new ();
  gtk_widget_add_css_class (self->channel_chip, "kesu-filter-active");
  gtk_widget_set_tooltip_text (self->channel_chip, _("Show complaints from every channel"));
  gtk_widget_set_visible (self->channel_chip, FALSE);
  g_signal_connect_object (self->channel_chip, "clicked", G_CALLBACK (channel_chip_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  filter_box = gtk_widget_get_parent (GTK_WIDGET (self->severity_dropdown));
  gtk_box_insert_child_after (GTK_BOX (filter_box), self->channel_chip,
                              GTK_WIDGET (self->severity_dropdown));
  gtk_widget_add_css_class (GTK_WIDGET (self), "kesu-board");

  self->applying = TRUE;
  fill_handler_dropdown (self);
  fill_enum_dropdown (self->category_dropdown, _("All categories"), KESU_N_CATEGORIES,
                      category_label);
  fill_enum_dropdown (self->severity_dropdown, _("All severities"), KESU_N_SEVERITIES,
                      severity_label);
  self->applying = FALSE;

  self->cards = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (factory, "setup", G_CALLBACK (card_setup_cb), self, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (card_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (card_unbind_cb), NULL);
  for (guint s = 0; s < KESU_N_STATES; s++)
    build_column (self, s, factory);

  motion = gtk_drop_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (board_drop_motion_enter_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (board_drop_motion_leave_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->columns_box), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (board_scroll_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->board_scroller), scroll);

  self->settings = settings_new_if_installed ();
  show_filters_state (self);
  self->refresh_timeout_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout_cb, self);
}

/* ---- public ---- */

void
kesu_board_page_set_store (KesuBoardPage *self,
                           KesuStore     *store)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));
  g_return_if_fail (store == NULL || KESU_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;
  if (store != NULL)
    g_signal_connect_object (store, "complaints-changed",
                             G_CALLBACK (store_complaints_changed_cb), self, G_CONNECT_SWAPPED);

  fill_handler_dropdown (self);
  load_filters (self);
  refresh (self);
}

void
kesu_board_page_refresh (KesuBoardPage *self)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));
  refresh (self);
}

void
kesu_board_page_prepare_cards (KesuBoardPage *self)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));

  /* Taken by card_setup_cb as the columns fill: each has no parent until then. */
  while (self->cards->len < KESU_N_STATES * FIRST_CARDS)
    g_ptr_array_add (self->cards, g_object_ref_sink (kesu_board_card_new ()));
}

void
kesu_board_page_operator_changed (KesuBoardPage *self)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));

  /* At start the board was read while nobody was signed in, and reading 100,000
   * complaints' board again would only hold up the first one shown. */
  if (gtk_drop_down_get_selected (self->handler_dropdown) == HANDLER_MINE
      || gtk_toggle_button_get_active (self->escalated_button))
    refresh (self);
}

GListModel *
kesu_board_page_get_column_model (KesuBoardPage *self,
                                  KesuState      state)
{
  g_return_val_if_fail (KESU_IS_BOARD_PAGE (self), NULL);
  g_return_val_if_fail ((guint) state < KESU_N_STATES, NULL);

  if (self->stale || self->refresh_idle_id != 0)
    refresh (self);
  column_flush (&self->columns[state]);
  return G_LIST_MODEL (self->columns[state].model);
}

guint
kesu_board_page_get_column_count (KesuBoardPage *self,
                                  KesuState      state)
{
  g_return_val_if_fail (KESU_IS_BOARD_PAGE (self), 0);
  g_return_val_if_fail ((guint) state < KESU_N_STATES, 0);

  if (self->stale || self->refresh_idle_id != 0)
    refresh (self);
  return self->columns[state].count;
}

gboolean
kesu_board_page_set_filter (KesuBoardPage *self,
                            const char    *dimension,
                            const char    *key)
{
  gboolean applied = TRUE;

  g_return_val_if_fail (KESU_IS_BOARD_PAGE (self), FALSE);
  g_return_val_if_fail (dimension != NULL, FALSE);

  /* Only the one filter: "these complaints", not these among the ones filtered before. */
  self->applying = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->handler_dropdown, HANDLER_EVERYONE);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->severity_dropdown, 0);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  gtk_toggle_button_set_active (self->escalated_button, FALSE);
  self->channel_filter = -1;

  if (key == NULL)
    applied = FALSE;
  else if (g_str_equal (dimension, "category"))
    {
      KesuCategory category;

      applied = kesu_category_from_key (key, &category);
      if (applied)
        gtk_drop_down_set_selected (self->category_dropdown, (guint) category + 1);
    }
  else if (g_str_equal (dimension, "severity"))
    {
      KesuSeverity severity;

      applied = kesu_severity_from_key (key, &severity);
      if (applied)
        gtk_drop_down_set_selected (self->severity_dropdown, (guint) severity + 1);
    }
  else if (g_str_equal (dimension, "channel"))
    {
      KesuChannel channel;

      applied = kesu_channel_from_key (key, &channel);
      if (applied)
        self->channel_filter = (int) channel;
    }
  else if (g_str_equal (dimension, "handler"))
    {
      gint64 id = g_ascii_strtoll (key, NULL, 10);

      applied = FALSE;
      for (guint i = 0; id > 0 && i < self->staff_ids->len; i++)
        if (g_array_index (self->staff_ids, gint64, i) == id)
          {
            gtk_drop_down_set_selected (self->handler_dropdown, HANDLER_FIRST_STAFF + i);
            applied = TRUE;
          }
    }
  else if (g_str_equal (dimension, "model"))
    /* The search looks at the vehicle model too (and, rarely, finds a description that
     * names the model: close enough for a look at the cases). */
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), key);
  else
    {
      /* "responsibility" and the rest: the board has no such filter yet. */
      g_debug ("No board filter for “%s”", dimension);
      applied = FALSE;
    }
  self->applying = FALSE;
  filters_changed (self);
  return applied;
}

void
kesu_board_page_focus_search (KesuBoardPage *self)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- private, for tests ---- */

void
_kesu_board_page_drop (KesuBoardPage *self,
                       gint64         complaint_id,
                       KesuState      state)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));
  start_move (self, complaint_id, state);
}

void
_kesu_board_page_tick (KesuBoardPage *self)
{
  g_return_if_fail (KESU_IS_BOARD_PAGE (self));
  refresh_timeout_cb (self);
}

GtkWidget *
_kesu_board_page_get_search_entry (KesuBoardPage *self)
{
  return GTK_WIDGET (self->search_entry);
}

GtkWidget *
_kesu_board_page_get_handler_dropdown (KesuBoardPage *self)
{
  return GTK_WIDGET (self->handler_dropdown);
}

GtkWidget *
_kesu_board_page_get_category_dropdown (KesuBoardPage *self)
{
  return GTK_WIDGET (self->category_dropdown);
}

GtkWidget *
_kesu_board_page_get_severity_dropdown (KesuBoardPage *self)
{
  return GTK_WIDGET (self->severity_dropdown);
}

GtkWidget *
_kesu_board_page_get_overdue_button (KesuBoardPage *self)
{
  return GTK_WIDGET (self->overdue_button);
}

GtkWidget *
_kesu_board_page_get_escalated_button (KesuBoardPage *self)
{
  return GTK_WIDGET (self->escalated_button);
}

KesuBoardCard *
_kesu_board_page_find_card (KesuBoardPage *self,
                            gint64         complaint_id)
{
  KesuState state;

  g_return_val_if_fail (KESU_IS_BOARD_PAGE (self), NULL);
  if (!find_complaint (self, complaint_id, &state, NULL))
    return NULL;
  return column_find_card (&self->columns[state], complaint_id);
}

char *
_kesu_board_page_dup_header_text (KesuBoardPage *self,
                                  KesuState      state)
{
  g_return_val_if_fail (KESU_IS_BOARD_PAGE (self), NULL);
  g_return_val_if_fail ((guint) state < KESU_N_STATES, NULL);

  return g_strdup_printf ("%s %s", kesu_state_to_label (state),
                          gtk_label_get_text (self->columns[state].count_label));
}
