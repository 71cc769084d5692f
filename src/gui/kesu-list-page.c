/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-list-page.h"

struct _KesuListPage
{
  GtkWidget          parent_instance;

  KesuStore         *store;
  GListStore        *rows;       /* the pages read so far, newest first */
  guint              total;      /* how many match the search in all */
  GtkSortListModel  *sorted;
  GtkSingleSelection *selection;
  gboolean           stale;      /* changed while not shown: loaded when shown */

  GtkSearchEntry    *search_entry;
  GtkColumnView     *column_view;
  GtkLabel          *count_label;
  GtkStack          *content_stack;
  GtkLabel          *empty_label;
};

G_DEFINE_FINAL_TYPE (KesuListPage, kesu_list_page, GTK_TYPE_WIDGET)

/* The list reads its matches a page at a time, newest first: a two-digit phone fragment
 * matches a quarter of 100,000 complaints, and reading them all takes a tenth of a second
 * at every key typed; the first page and the count from the search index take a few ms. */
#define PAGE_SIZE 200

static void
text_cell_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
text_cell_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   const char               *property)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *complaint = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  g_object_get (complaint, property, &text, NULL);
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");

  if (g_str_equal (property, "severity-label"))
    {
      KesuSeverity severity = kesu_complaint_get_intake (KESU_COMPLAINT (complaint))->severity;

      gtk_widget_remove_css_class (label, "kesu-severity-urgent");
      gtk_widget_remove_css_class (label, "kesu-severity-important");
      if (severity == KESU_SEVERITY_URGENT)
        gtk_widget_add_css_class (label, "kesu-severity-urgent");
      else if (severity == KESU_SEVERITY_IMPORTANT)
        gtk_widget_add_css_class (label, "kesu-severity-important");
    }
}

static void
add_column (KesuListPage *self,
            const char   *title,
            const char   *property,
            const char   *sort_property,
            gboolean      numeric_sort,
            gboolean      expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  GtkExpression *expression;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (text_cell_setup_cb), NULL);
  /* The property names are static strings. */
  g_signal_connect (factory, "bind", G_CALLBACK (text_cell_bind_cb), (gpointer) property);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);

  expression = gtk_property_expression_new (KESU_TYPE_COMPLAINT, NULL, sort_property);
  if (numeric_sort)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);

  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
update_count (KesuListPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *shown = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  if (n >= self->total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u complaint", "%u complaints", n), n);
  else
    {
      shown = g_strdup_printf ("%'u", n);
      total = g_strdup_printf ("%'u", self->total);
      /* TRANSLATORS: the first %s is how many rows are shown, the second how many match. */
      text = g_strdup_printf (_("Newest %s of %s shown — scroll for more; "
                                "a column sort orders the rows shown"), shown, total);
    }
  gtk_label_set_text (self->count_label, text);
}

/* Reads the newest @limit matches and appends those not yet shown.  The order (received
 * time, then id, newest first) is total, so the rows already read are the same first
 * ones: nothing shown moves. */
static gboolean
read_rows (KesuListPage  *self,
           guint          limit,
           GError       **error)
{
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(GListModel) model = NULL;
  guint have = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint n;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  filter->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  filter->limit = limit;
  model = kesu_store_query_complaints (self->store, filter, error);
  if (model == NULL)
    return FALSE;
  n = g_list_model_get_n_items (model);
  for (guint i = have; i < n; i++)
    g_ptr_array_add (added, g_list_model_get_item (model, i));
  /* One splice, one items-changed. */
  g_list_store_splice (self->rows, have, 0, added->pdata, added->len);
  return TRUE;
}

static void
load (KesuListPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  self->stale = FALSE;
  if (self->store == NULL)
    return;

  g_list_store_remove_all (self->rows);
  self->total = kesu_store_count_matches (self->store, search, &error);
  if (error == NULL)
    read_rows (self, PAGE_SIZE, &error);
  if (error != NULL)
    {
      gtk_label_set_text (self->empty_label, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  update_count (self);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    {
      gtk_label_set_text (self->empty_label,
                          search[0] != '\0' ? _("No complaint matches the search")
                                            : _("No complaints recorded yet"));
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
}

static void
load_more (KesuListPage *self)
{
  g_autoptr(GError) error = NULL;
  guint have;

  if (self->store == NULL || self->stale)
    return;
  have = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  if (have >= self->total)
    return;
  if (!read_rows (self, have + PAGE_SIZE, &error))
    {
      g_warning ("Could not read more complaints: %s", error->message);
      return;
    }
  update_count (self);
}

static void
edge_reached_cb (KesuListPage      *self,
                 GtkPositionType    pos,
                 GtkScrolledWindow *scrolled)
{
  if (pos == GTK_POS_BOTTOM)
    load_more (self);
}

/* With years of complaints, reading them all is worth doing only when they are seen: not
 * at start, behind the board. */
static void
reload (KesuListPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else
    load (self);
}

static void
search_changed_cb (KesuListPage   *self,
                   GtkSearchEntry *entry)
{
  reload (self);
}

static void
column_view_activate_cb (KesuListPage  *self,
                         guint          position,
                         GtkColumnView *view)
{
  g_autoptr(KesuComplaint) complaint = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                               position);

  if (complaint == NULL)
    return;
  kesu_complaint_view_present (kesu_widget_get_window (GTK_WIDGET (self)), self->store,
                               kesu_complaint_get_id (complaint));
}

static void
store_complaints_changed_cb (KesuListPage *self,
                             KesuStore    *store)
{
  reload (self);
}

static void
kesu_list_page_map (GtkWidget *widget)
{
  KesuListPage *self = KESU_LIST_PAGE (widget);

  GTK_WIDGET_CLASS (kesu_list_page_parent_class)->map (widget);
  if (self->stale)
    load (self);
}

static void
kesu_list_page_dispose (GObject *object)
{
  KesuListPage *self = KESU_LIST_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_LIST_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  self->sorted = NULL;
  g_clear_object (&self->rows);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_list_page_parent_class)->dispose (object);
}

static void
kesu_list_page_class_init (KesuListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_list_page_dispose;
  widget_class->map = kesu_list_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KesuListPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KesuListPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KesuListPage, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);
}

static void
kesu_list_page_init (KesuListPage *self)
{
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, _("Number"), "number", "number", FALSE, FALSE);
  add_column (self, _("Received at"), "received-text", "received-at", TRUE, FALSE);
  add_column (self, _("Customer"), "customer-name", "customer-name", FALSE, FALSE);
  add_column (self, _("Vehicle Model"), "vehicle-model", "vehicle-model", FALSE, TRUE);
  add_column (self, _("Category"), "category-label", "category", TRUE, TRUE);
  add_column (self, _("Severity"), "severity-label", "severity", TRUE, FALSE);
  add_column (self, _("State"), "state-label", "state", TRUE, FALSE);
  add_column (self, _("Handler"), "handler-name", "handler-name", FALSE, FALSE);

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->rows = g_list_store_new (KESU_TYPE_COMPLAINT);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                          g_object_ref (view_sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

void
kesu_list_page_set_store (KesuListPage *self,
                          KesuStore    *store)
{
  g_return_if_fail (KESU_IS_LIST_PAGE (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;
  if (store != NULL)
    g_signal_connect_object (store, "complaints-changed",
                             G_CALLBACK (store_complaints_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

void
kesu_list_page_focus_search (KesuListPage *self)
{
  g_return_if_fail (KESU_IS_LIST_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
kesu_list_page_set_search (KesuListPage *self,
                           const char   *text)
{
  g_return_if_fail (KESU_IS_LIST_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* search-changed is delayed; the caller wants the rows now. */
  reload (self);
}

void
kesu_list_page_load_more (KesuListPage *self)
{
  g_return_if_fail (KESU_IS_LIST_PAGE (self));
  load_more (self);
}

guint
kesu_list_page_get_n_matches (KesuListPage *self)
{
  g_return_val_if_fail (KESU_IS_LIST_PAGE (self), 0);

  if (self->stale)
    load (self);
  return self->total;
}

GListModel *
kesu_list_page_get_model (KesuListPage *self)
{
  g_return_val_if_fail (KESU_IS_LIST_PAGE (self), NULL);

  /* Asked for while hidden: the rows are wanted now. */
  if (self->stale)
    load (self);
  return G_LIST_MODEL (self->sorted);
}
