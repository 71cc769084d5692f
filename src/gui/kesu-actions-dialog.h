/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Improvement actions (整改措施): a window listing every action — state, root cause,
 * measures, owner, due day (an overdue one flagged in red, with text), linked complaint
 * numbers — with "New Action…" and the buttons that move an action on. */

#define KESU_TYPE_ACTIONS_DIALOG (kesu_actions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuActionsDialog, kesu_actions_dialog, KESU, ACTIONS_DIALOG, GtkWindow)

KesuActionsDialog *kesu_actions_dialog_new   (GtkWindow    *parent,
                                              KesuStore    *store);

/* The "New Action" form on its own, over @parent, with the complaints @complaint_ids
 * (may be NULL when @n_complaints is 0) linked already, e.g. from a case window. */
GtkWindow         *kesu_action_form_new      (GtkWindow    *parent,
                                              KesuStore    *store,
                                              const gint64 *complaint_ids,
                                              guint         n_complaints);

/* The same form for a recurring issue (@category a KesuCategory, @vehicle_model its
 * model), e.g. from the analysis page: the root cause starts as "Recurring: <category> on
 * <model>", the complaints @complaint_ids are linked, and the action records the issue. */
GtkWindow         *kesu_action_form_new_for_issue (GtkWindow    *parent,
                                                   KesuStore    *store,
                                                   int           category,
                                                   const char   *vehicle_model,
                                                   const gint64 *complaint_ids,
                                                   guint         n_complaints);

G_END_DECLS
