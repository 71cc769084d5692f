/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-gui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-gui-util.h"
#include "kesu-validate.h"

GtkWindow *
kesu_widget_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* ---- messages ---- */

GtkWidget *
kesu_message_new (GtkWindow      *parent,
                  GtkMessageType  type,
                  const char     *primary,
                  const char     *secondary)
{
  GtkWidget *message;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (primary != NULL, NULL);

  message = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                    type, GTK_BUTTONS_CLOSE, "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s", secondary);
  g_signal_connect (message, "response", G_CALLBACK (gtk_window_destroy), NULL);
  return message;
}

void
kesu_show_message (GtkWindow      *parent,
                   GtkMessageType  type,
                   const char     *primary,
                   const char     *secondary)
{
  GtkWidget *message = kesu_message_new (parent, type, primary, secondary);

  if (message != NULL)
    gtk_window_present (GTK_WINDOW (message));
}

void
kesu_show_error (GtkWindow  *parent,
                 const char *primary,
                 const char *secondary)
{
  kesu_show_message (parent, GTK_MESSAGE_ERROR, primary, secondary);
}

/* ---- labels, grids, banners, lists ---- */

GtkWidget *
kesu_wrapped_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  return label;
}

GtkWidget *
kesu_value_label_new (const char *text,
                      gboolean    wrap)
{
  GtkWidget *label = wrap ? kesu_wrapped_label_new (text) : gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (wrap)
    gtk_widget_set_hexpand (label, TRUE);
  return label;
}

GtkWidget *
kesu_dialog_grid_new (int row_spacing)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), row_spacing);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  return grid;
}

void
kesu_grid_attach_titled (GtkGrid    *grid,
                         int         row,
                         const char *title,
                         GtkWidget  *value)
{
  GtkWidget *label = gtk_label_new (title);

  g_return_if_fail (GTK_IS_GRID (grid));

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, value, 1, row, 1, 1);
}

void
kesu_remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (parent) || GTK_IS_LIST_BOX (parent) || GTK_IS_GRID (parent));

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

GtkWidget *
kesu_banner_new (const char  *css_class,
                 const char  *icon_name,
                 const char  *text,
                 GtkWidget  **out_label)
{
  GtkWidget *banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (banner, css_class);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (banner), icon);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (banner), label);
  if (out_label != NULL)
    *out_label = label;
  return banner;
}

GtkWidget *
kesu_error_box_new (GtkWidget **out_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  g_return_val_if_fail (out_label != NULL, NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "kesu-field-error");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "kesu-field-error");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_visible (box, FALSE);
  *out_label = label;
  return box;
}

GtkWidget *
kesu_list_body_new (GtkWidget **out_list,
                    GtkWidget **out_empty)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = gtk_label_new (NULL);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 12);
  gtk_widget_set_margin_bottom (list, 12);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_label_set_justify (GTK_LABEL (empty), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_vexpand (empty, TRUE);
  gtk_widget_set_margin_start (empty, 48);
  gtk_widget_set_margin_end (empty, 48);
  gtk_box_append (GTK_BOX (box), empty);
  *out_list = list;
  *out_empty = empty;
  return box;
}

GtkWidget *
kesu_index_button_new (const char *mnemonic,
                       guint       index,
                       GCallback   callback,
                       gpointer    instance)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  g_object_set_data (G_OBJECT (button), "kesu-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", callback, instance, 0);
  return button;
}

guint
kesu_index_button_get_index (GtkButton *button)
{
  g_return_val_if_fail (GTK_IS_BUTTON (button), 0);
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kesu-index"));
}

/* ---- choosers ---- */

GtkFileChooserNative *
kesu_export_chooser_new (GtkWindow     *parent,
                         const char    *title,
                         const char    *name,
                         GtkFileFilter *filter)
{
  GtkFileChooserNative *native;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GTK_IS_FILE_FILTER (filter), NULL);

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  return native;
}

/* ---- evidence ---- */

GtkFileChooserNative *
kesu_evidence_chooser_new (GtkWindow *parent)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  chooser = gtk_file_chooser_native_new (_("Attach Evidence"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Photos, PDFs and documents"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_suffix (filter, "doc");
  gtk_file_filter_add_suffix (filter, "docx");
  gtk_file_filter_add_suffix (filter, "xls");
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  return chooser;
}

/* ---- inputs ---- */

char *
kesu_input_dup_text (GtkWidget *input)
{
  if (GTK_IS_TEXT_VIEW (input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (input));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (GTK_IS_EDITABLE (input))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (input)));
  return g_strdup ("");
}

void
kesu_input_set_text (GtkWidget  *input,
                     const char *text)
{
  if (GTK_IS_TEXT_VIEW (input))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)),
                              text != NULL ? text : "", -1);
  else if (GTK_IS_EDITABLE (input))
    gtk_editable_set_text (GTK_EDITABLE (input), text != NULL ? text : "");
}

GtkWidget *
kesu_text_input_new (int         min_height,
                     GtkWidget **out_view)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  g_return_val_if_fail (out_view != NULL, NULL);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  /* Tab moves on to the next field, as in every other input of a form. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), min_height);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_hexpand (scrolled, TRUE);
  *out_view = view;
  return scrolled;
}

static void
close_calendar (GtkCalendar *calendar)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  if (popover != NULL && gtk_widget_get_visible (popover))
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* @entry beside a button that opens a calendar (*out_calendar), linked as one input. */
static GtkWidget *
calendar_input_new (GtkWidget  *entry,
                    GtkWidget **out_calendar)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, _("Pick a day"));
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), button);
  *out_calendar = calendar;
  return box;
}

static void
date_day_selected_cb (GtkCalendar *calendar,
                      GtkEditable *entry)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (entry, text);
  close_calendar (calendar);
}

GtkWidget *
kesu_date_input_new (GtkWidget **out_entry)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *calendar;
  GtkWidget *box;

  g_return_val_if_fail (out_entry != NULL, NULL);

  box = calendar_input_new (entry, &calendar);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (date_day_selected_cb),
                           entry, 0);
  *out_entry = entry;
  return box;
}

static void
datetime_calendar_show_cb (GtkPopover  *popover,
                           GtkEditable *entry)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  g_autoptr(GDateTime) shown = NULL;

  if (kesu_validate_datetime (gtk_editable_get_text (entry), &shown, NULL))
    gtk_calendar_select_day (calendar, shown);
}

static void
datetime_day_selected_cb (GtkCalendar *calendar,
                          GtkEditable *entry)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) old = NULL;
  g_autofree char *text = NULL;
  int hour = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (calendar), "kesu-default-hour"));
  int minute = 0;

  if (kesu_validate_datetime (gtk_editable_get_text (entry), &old, NULL))
    {
      hour = g_date_time_get_hour (old);
      minute = g_date_time_get_minute (old);
    }
  text = g_strdup_printf ("%04d-%02d-%02d %02d:%02d", g_date_time_get_year (day),
                          g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                          hour, minute);
  gtk_editable_set_text (entry, text);
  close_calendar (calendar);
}

GtkWidget *
kesu_datetime_input_new (int         default_hour,
                         GtkWidget **out_entry)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *calendar;
  GtkWidget *box;

  g_return_val_if_fail (default_hour >= 0 && default_hour < 24, NULL);
  g_return_val_if_fail (out_entry != NULL, NULL);

  box = calendar_input_new (entry, &calendar);
  g_object_set_data (G_OBJECT (calendar), "kesu-default-hour", GINT_TO_POINTER (default_hour));
  g_signal_connect_object (gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER), "show",
                           G_CALLBACK (datetime_calendar_show_cb), entry, 0);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (datetime_day_selected_cb),
                           entry, 0);
  *out_entry = entry;
  return box;
}

/* ---- form rows ---- */

GtkWidget *
kesu_form_grid_add_row (GtkGrid    *grid,
                        int        *next,
                        const char *title,
                        GtkWidget  *shown,
                        GtkWidget  *input,
                        gboolean    tall)
{
  GtkWidget *label, *error_label;

  g_return_val_if_fail (GTK_IS_GRID (grid), NULL);
  g_return_val_if_fail (next != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (shown), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (input), NULL);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, tall ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (label, tall ? 6 : 0);
  gtk_widget_add_css_class (label, "kesu-field-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);

  error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "kesu-field-error");
  gtk_widget_set_visible (error_label, FALSE);

  gtk_grid_attach (grid, label, 0, *next, 1, 1);
  gtk_grid_attach (grid, shown, 1, *next, 1, 1);
  gtk_grid_attach (grid, error_label, 1, *next + 1, 1, 1);
  *next += 2;
  return error_label;
}

void
kesu_show_field_problem (GtkWidget  *error_label,
                         GtkWidget  *styled,
                         const char *problem)
{
  g_return_if_fail (GTK_IS_LABEL (error_label));

  gtk_label_set_text (GTK_LABEL (error_label), problem != NULL ? problem : "");
  gtk_widget_set_visible (error_label, problem != NULL);
  if (styled != NULL)
    {
      /* Entries take the theme's own error look; a text view's frame is its scroller. */
      const char *css_class = GTK_IS_SCROLLED_WINDOW (styled) ? "kesu-invalid" : "error";

      if (problem != NULL)
        gtk_widget_add_css_class (styled, css_class);
      else
        gtk_widget_remove_css_class (styled, css_class);
    }
}

/* ---- staff drop-downs ---- */

GtkStringList *
kesu_staff_names_new (KesuStore   *store,
                      const char  *first,
                      GArray     **out_ids)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkStringList *names = gtk_string_list_new (NULL);
  gint64 nobody = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), names);

  /* A handler is chosen on purpose, never by accident: nobody until then. */
  g_array_append_val (ids, nobody);
  gtk_string_list_append (names, first);
  staff = kesu_store_list_staff (store);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);
      g_autofree char *label = g_strdup_printf ("%s（%s）", s->name,
                                                kesu_role_to_label (s->role));

      g_array_append_val (ids, s->id);
      gtk_string_list_append (names, label);
    }
  if (out_ids != NULL)
    *out_ids = g_steal_pointer (&ids);
  return names;
}

gint64
kesu_staff_ids_get (GArray *ids,
                    guint   position)
{
  if (ids == NULL || position >= ids->len)
    return 0;
  return g_array_index (ids, gint64, position);
}

gboolean
kesu_staff_ids_find (GArray *ids,
                     gint64  staff_id,
                     guint  *out_position)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == staff_id)
      {
        if (out_position != NULL)
          *out_position = i;
        return TRUE;
      }
  return FALSE;
}

