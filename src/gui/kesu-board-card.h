/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-complaint.h"

G_BEGIN_DECLS

/* One complaint on the board: number, customer, vehicle, category, severity (colour and
 * text), handler and the time to the next deadline.  It can be dragged to another column
 * (the content is the complaint id, a gint64) and has a context menu of the moves the
 * workflow allows; the menu's items call the "board.move-to" (xi) and "board.open" (x)
 * actions of an ancestor (KesuBoardPage). */

#define KESU_TYPE_BOARD_CARD (kesu_board_card_get_type ())
G_DECLARE_FINAL_TYPE (KesuBoardCard, kesu_board_card, KESU, BOARD_CARD, GtkWidget)

GtkWidget     *kesu_board_card_new            (void);
KesuComplaint *kesu_board_card_get_complaint  (KesuBoardCard *self);
void           kesu_board_card_set_complaint  (KesuBoardCard *self,
                                               KesuComplaint *complaint);
/* Lets go of the complaint without clearing what the card shows: for a list that
 * unbinds the card (it is out of sight until bound again), so that a card bound again to
 * a like case changes only what differs. */
void           kesu_board_card_unbind         (KesuBoardCard *self);
/* Works the due text out again at the clock's now. */
void           kesu_board_card_update_due     (KesuBoardCard *self);
const char    *kesu_board_card_get_due_text   (KesuBoardCard *self);
/* Whether the card shows the "三包" badge (a case flagged and not dismissed). */
gboolean       kesu_board_card_shows_sanbao   (KesuBoardCard *self);
/* Shows the context menu under the card, as the Menu key does. */
void           kesu_board_card_popup_menu     (KesuBoardCard *self);

G_END_DECLS
