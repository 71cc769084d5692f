/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

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

/* "YYYY-MM-DD HH:MM", in local time. */
char                 *kesu_format_time           (gint64          unix_time);

G_END_DECLS
