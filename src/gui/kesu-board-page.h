/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* The board: one column per state, the most urgent case first in each; cards move
 * between columns by drag and drop or by their context menu ("board.move-to"). */

#define KESU_TYPE_BOARD_PAGE (kesu_board_page_get_type ())
G_DECLARE_FINAL_TYPE (KesuBoardPage, kesu_board_page, KESU, BOARD_PAGE, GtkWidget)

void        kesu_board_page_set_store         (KesuBoardPage *self,
                                               KesuStore     *store);
/* Reads the complaints again now (the page also does so by itself when the store
 * changes, and every minute). */
void        kesu_board_page_refresh           (KesuBoardPage *self);
/* Builds the cards a full board shows at first, ahead of its complaints: for a window
 * built while the start still waits for the database check. */
void        kesu_board_page_prepare_cards     (KesuBoardPage *self);
/* Someone else signed in: reads again if a filter depends on who that is ("Mine",
 * escalated to me); the rest of the board is the same for everyone. */
void        kesu_board_page_operator_changed  (KesuBoardPage *self);
/* The cards a column shows, most urgent first (the closed and withdrawn columns show
 * the most recent ones only).  transfer none; element KesuComplaint */
GListModel *kesu_board_page_get_column_model  (KesuBoardPage *self,
                                               KesuState      state);
/* How many complaints in @state match the filters, shown or not. */
guint       kesu_board_page_get_column_count  (KesuBoardPage *self,
                                               KesuState      state);
void        kesu_board_page_focus_search      (KesuBoardPage *self);
/* Shows only the complaints whose @dimension is @key, every other filter cleared:
 * "category", "severity", "channel" (enum keys), "handler" (the staff id as text) or
 * "model" (searched for).  FALSE, and the board unfiltered, for anything else. */
gboolean    kesu_board_page_set_filter        (KesuBoardPage *self,
                                               const char    *dimension,
                                               const char    *key);

G_END_DECLS
