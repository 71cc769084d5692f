/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-signature-pad.h"
#include "kesu-store.h"

G_BEGIN_DECLS

/* What was recorded at the desk, read back to the customer in large, plain type, with
 * the pad they sign on.  It decides nothing: "back", "confirm" and "declined" (const char
 * *reason) tell the page that holds it what the user chose. */

#define KESU_TYPE_REVIEW_PAGE (kesu_review_page_get_type ())
G_DECLARE_FINAL_TYPE (KesuReviewPage, kesu_review_page, KESU, REVIEW_PAGE, GtkWidget)

/* Shows @intake (valid) and empties the pad. */
void              kesu_review_page_show_intake  (KesuReviewPage   *self,
                                                 KesuStore        *store,
                                                 const KesuIntake *intake);
KesuSignaturePad *kesu_review_page_get_pad      (KesuReviewPage   *self);
/* Shows why the signature was not taken; NULL hides it. */
void              kesu_review_page_set_problem  (KesuReviewPage   *self,
                                                 const char       *message);

/* For tests: what the review shows for a row (by its English title, e.g. "Phone"), or
 * NULL. */
const char       *_kesu_review_page_get_value   (KesuReviewPage   *self,
                                                 const char       *title);
/* For tests: the reason dialog of "Customer Declines to Sign…", answered with @reason. */
void              _kesu_review_page_decline     (KesuReviewPage   *self,
                                                 const char       *reason);

G_END_DECLS
