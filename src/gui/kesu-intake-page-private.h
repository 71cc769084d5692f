/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-intake-page.h"

G_BEGIN_DECLS

/* For tests: the input widget of a field (GtkEntry, GtkTextView or GtkDropDown) and the
 * label that shows its problem. */
GtkWidget  *_kesu_intake_page_get_input        (KesuIntakePage *self,
                                                KesuField       field);
GtkWidget  *_kesu_intake_page_get_error_label  (KesuIntakePage *self,
                                                KesuField       field);
/* Adds evidence as if chosen in the file chooser. */
gboolean    _kesu_intake_page_attach_file      (KesuIntakePage *self,
                                                GFile          *file,
                                                GError        **error);
GtkWidget  *_kesu_intake_page_get_returning_box (KesuIntakePage *self);
/* The read-back with the signature pad (a KesuReviewPage), and whether it shows now. */
GtkWidget  *_kesu_intake_page_get_review_page  (KesuIntakePage *self);
gboolean    _kesu_intake_page_is_reviewing     (KesuIntakePage *self);
/* Saves the draft now instead of a second after the last change. */
void        _kesu_intake_page_flush_draft      (KesuIntakePage *self);
/* The "unsaved complaint was found" offer (actions intake.resume-draft and
 * intake.discard-draft) and its text. */
GtkWidget  *_kesu_intake_page_get_draft_banner (KesuIntakePage *self);
GtkWidget  *_kesu_intake_page_get_draft_label  (KesuIntakePage *self);
/* "Same phone: KS-… (Received, 3 days ago)" above the form, and its text; whether a look
 * for duplicates waits for typing to pause; that look done now, as leaving the field
 * does; the choice asked on save when the complaint matches a case (a GtkMessageDialog
 * whose responses are 1 link, 2 merge, 3 unrelated), or NULL. */
GtkWidget  *_kesu_intake_page_get_duplicate_banner   (KesuIntakePage *self);
const char *_kesu_intake_page_get_duplicate_text     (KesuIntakePage *self);
gboolean    _kesu_intake_page_is_checking_duplicates (KesuIntakePage *self);
void        _kesu_intake_page_check_duplicates_now   (KesuIntakePage *self);
GtkWindow  *_kesu_intake_page_get_duplicate_question (KesuIntakePage *self);

G_END_DECLS
