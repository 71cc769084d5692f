/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-complaint-view.h"

G_BEGIN_DECLS

/* For tests. */

guint      _kesu_complaint_view_get_n_timeline_rows     (KesuComplaintView *self);
/* The sentence of the timeline row at @position (0: the newest). transfer full */
char      *_kesu_complaint_view_dup_timeline_text       (KesuComplaintView *self,
                                                         guint              position);
/* The small dialog (note, contact, waiting, reassign) open now, or NULL. */
GtkWindow *_kesu_complaint_view_get_action_dialog       (KesuComplaintView *self);
/* Types @text into the small dialog's text field (when it has one), chooses @staff_id in
 * its staff drop-down (when it has one and @staff_id is not 0) and confirms.  Returns
 * whether the store took it; the dialog stays open, showing why, when not. */
gboolean   _kesu_complaint_view_submit_action_dialog    (KesuComplaintView *self,
                                                         const char        *text,
                                                         gint64             staff_id);
/* What "Attach File…" does with each chosen file. */
gboolean   _kesu_complaint_view_attach_file             (KesuComplaintView *self,
                                                         GFile             *file,
                                                         GError           **error);
/* What "Open" does before launching: the temporary copy of the evidence. transfer full */
GFile     *_kesu_complaint_view_write_evidence_copy     (KesuComplaintView *self,
                                                         guint              position,
                                                         GError           **error);

/* Whether the record shows "Changed after the customer signed". */
gboolean   _kesu_complaint_view_shows_changed_banner    (KesuComplaintView *self);
/* Whether the record shows that the amount awaits approval. */
gboolean   _kesu_complaint_view_shows_approval_banner   (KesuComplaintView *self);

/* The 三包 panel (a KesuSanbaoPanel), and whether the record shows it now. */
GtkWidget *_kesu_complaint_view_get_sanbao_panel        (KesuComplaintView *self);
/* The "Linked Cases" links shown now (their texts, one per line; "" when none). */
char      *_kesu_complaint_view_dup_linked_text         (KesuComplaintView *self);

G_END_DECLS
