/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-clock.h"
#include "kesu-store.h"

G_BEGIN_DECLS

/* Small pieces that the pages and dialogs share, so that the same thing looks and
 * behaves the same wherever it appears. */

/* The window @widget is in, or NULL. */
GtkWindow            *kesu_widget_get_window     (GtkWidget      *widget);

/* A message over @parent (may be NULL) that does not block: the caller goes on at once
 * and the message closes with its button.  @secondary may be NULL. */
void                  kesu_show_message          (GtkWindow      *parent,
                                                  GtkMessageType  type,
                                                  const char     *primary,
                                                  const char     *secondary);
void                  kesu_show_error            (GtkWindow      *parent,
                                                  const char     *primary,
                                                  const char     *secondary);

/* The same message, made but not shown: for a constructor that returns it in place of
 * the window it cannot open. */
GtkWidget            *kesu_message_new           (GtkWindow      *parent,
                                                  GtkMessageType  type,
                                                  const char     *primary,
                                                  const char     *secondary);

/* A label for running text: left-aligned, wrapping anywhere (Chinese has no spaces). */
GtkWidget            *kesu_wrapped_label_new     (const char     *text);
/* A value in a detail grid: left-aligned and selectable; a @wrap one also wraps anywhere
 * and takes the width. */
GtkWidget            *kesu_value_label_new       (const char     *text,
                                                  gboolean        wrap);
/* The grid of a small dialog's form: rows @row_spacing and columns 12 pixels apart, 18
 * from the edges. */
GtkWidget            *kesu_dialog_grid_new       (int             row_spacing);
/* Puts @title, dim and right-aligned at the top, in column 0 of @row of @grid, and
 * @value beside it in column 1. */
void                  kesu_grid_attach_titled    (GtkGrid        *grid,
                                                  int             row,
                                                  const char     *title,
                                                  GtkWidget      *value);
/* Removes every child of @parent: a GtkBox, GtkListBox or GtkGrid. */
void                  kesu_remove_children       (GtkWidget      *parent);

/* A banner over a record: a row with the class @css_class holding @icon_name's icon at
 * the top and @text wrapping beside it and taking the width (*out_label, may be NULL).
 * The caller may append a button. */
GtkWidget            *kesu_banner_new            (const char     *css_class,
                                                  const char     *icon_name,
                                                  const char     *text,
                                                  GtkWidget     **out_label);
/* A form's problem line, hidden until shown: a warning icon and a wrapping label
 * (*out_label), both in the field-error look. */
GtkWidget            *kesu_error_box_new         (GtkWidget     **out_label);
/* The body of a window that lists things: a boxed list (*out_list) without selection in
 * a scroller that takes the height, and under it a dim, centred, wrapping label
 * (*out_empty, no text yet) for when the list is empty. */
GtkWidget            *kesu_list_body_new         (GtkWidget     **out_list,
                                                  GtkWidget     **out_empty);

/* A button of row @index of a list: "clicked" calls @callback with @instance (as
 * g_signal_connect_object), which finds the row with kesu_index_button_get_index (). */
GtkWidget            *kesu_index_button_new      (const char     *mnemonic,
                                                  guint           index,
                                                  GCallback       callback,
                                                  gpointer        instance);
guint                 kesu_index_button_get_index (GtkButton     *button);

/* "Attach Evidence": a modal chooser of several files, offering photos, PDFs and
 * documents first.  Connect to "response", then gtk_native_dialog_show (); the
 * response handler unrefs it. */
GtkFileChooserNative *kesu_evidence_chooser_new  (GtkWindow      *parent);

/* The text of a GtkTextView or a GtkEditable ("" for anything else); NULL sets "". */
char                 *kesu_input_dup_text        (GtkWidget      *input);
void                  kesu_input_set_text        (GtkWidget      *input,
                                                  const char     *text);

/* A multi-line text input: a wrapping GtkTextView (*out_view) in a framed scroller at
 * least @min_height pixels high, which is returned (and takes the error look). */
GtkWidget            *kesu_text_input_new        (int             min_height,
                                                  GtkWidget     **out_view);
/* An entry (*out_entry) for "YYYY-MM-DD" beside a button whose calendar fills it in. */
GtkWidget            *kesu_date_input_new        (GtkWidget     **out_entry);
/* The same for "YYYY-MM-DD HH:MM": the calendar opens on the day typed, and a day
 * picked keeps the time typed (@default_hour:00 when none is). */
GtkWidget            *kesu_datetime_input_new    (int             default_hour,
                                                  GtkWidget     **out_entry);

/* Adds a row to a form's two-column grid at *next: @title on the left, labelling
 * @input; @shown (which holds @input) on the right, and under it a hidden label for the
 * field's problem, which is returned.  A @tall row (a multi-line input) has its title at
 * the top.  *next moves past the row. */
GtkWidget            *kesu_form_grid_add_row     (GtkGrid        *grid,
                                                  int            *next,
                                                  const char     *title,
                                                  GtkWidget      *shown,
                                                  GtkWidget      *input,
                                                  gboolean        tall);
/* Shows @problem (NULL: none) in @error_label and gives @styled (may be NULL) the error
 * look: a text input's framed scroller its own, anything else the theme's "error". */
void                  kesu_show_field_problem    (GtkWidget      *error_label,
                                                  GtkWidget      *styled,
                                                  const char     *problem);

/* A modal "save" chooser over @parent: @title, an Export button, @filter, and @name in
 * the user's Documents folder (when there is one).  Connect to "response", then
 * gtk_native_dialog_show (). */
GtkFileChooserNative *kesu_export_chooser_new    (GtkWindow      *parent,
                                                  const char     *title,
                                                  const char     *name,
                                                  GtkFileFilter  *filter);

/* A new list of the staff of @store for a drop-down: @first ("Choose a handler…") at
 * position 0, meaning nobody chosen yet, then "Name（Role）" for each.  *out_ids (may be
 * NULL) is a new array of the staff ids by position, 0 first. */
GtkStringList        *kesu_staff_names_new       (KesuStore      *store,
                                                  const char     *first,
                                                  GArray        **out_ids);
/* The staff id at @position of @ids (may be NULL); 0 when there is none. */
gint64                kesu_staff_ids_get         (GArray         *ids,
                                                  guint           position);
/* Where @staff_id is in @ids (may be NULL); FALSE, and *out_position untouched, when it
 * is not there. */
gboolean              kesu_staff_ids_find        (GArray         *ids,
                                                  gint64          staff_id,
                                                  guint          *out_position);


G_END_DECLS
