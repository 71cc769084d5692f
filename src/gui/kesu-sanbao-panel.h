/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* The 三包 (three-guarantee) panel of a case window: what the rules may give the customer
 * and by when the branch must answer.  First, when a condition may be met, a banner
 * "三包: may qualify — <reason>" with the two Art. 28 clocks and Confirm / Dismiss; then
 * each line of the assessment (kesu_store_sanbao_for_complaint) with its article, the
 * figures behind it and its level in colour, icon and word; then the vehicle and its
 * repair history, which can be edited here (kesu-repair-dialog.h).  The rules live in
 * core (kesu-sanbao.c); the decision stays with people. */

#define KESU_TYPE_SANBAO_PANEL (kesu_sanbao_panel_get_type ())
G_DECLARE_FINAL_TYPE (KesuSanbaoPanel, kesu_sanbao_panel, KESU, SANBAO_PANEL, GtkWidget)

GtkWidget  *kesu_sanbao_panel_new              (void);
/* Shows the complaint @complaint_id of @store (read at once). */
void        kesu_sanbao_panel_set_complaint    (KesuSanbaoPanel *self,
                                                KesuStore       *store,
                                                gint64           complaint_id);
/* Reads the assessment, the vehicle and its repairs again. */
void        kesu_sanbao_panel_reload           (KesuSanbaoPanel *self);

/* For tests. */

/* The banner shown now (may qualify, confirmed or dismissed), or NULL. */
GtkWidget  *_kesu_sanbao_panel_get_banner      (KesuSanbaoPanel *self);
/* Every text the panel shows, one per line, in its order. transfer full */
char       *_kesu_sanbao_panel_dup_text        (KesuSanbaoPanel *self);
/* What the Confirm, Dismiss, Add Repair and Edit Vehicle buttons do. */
void        _kesu_sanbao_panel_confirm         (KesuSanbaoPanel *self);
void        _kesu_sanbao_panel_dismiss         (KesuSanbaoPanel *self);
void        _kesu_sanbao_panel_add_repair      (KesuSanbaoPanel *self);
void        _kesu_sanbao_panel_edit_vehicle    (KesuSanbaoPanel *self);
/* The Confirm / Dismiss question open now, or NULL; typing @text (may be NULL) into it
 * and answering yes: whether the store took it (the question stays, saying why, when
 * not). */
GtkWindow  *_kesu_sanbao_panel_get_decision    (KesuSanbaoPanel *self);
gboolean    _kesu_sanbao_panel_submit_decision (KesuSanbaoPanel *self,
                                                const char      *text);
/* The repair or vehicle dialog open now, or NULL. */
GtkWindow  *_kesu_sanbao_panel_get_dialog      (KesuSanbaoPanel *self);

G_END_DECLS
