/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-board-card.h"
#include "kesu-board-page.h"

G_BEGIN_DECLS

/* For tests. */

/* What dropping the card of @complaint_id on the column of @state does. */
void           _kesu_board_page_drop          (KesuBoardPage *self,
                                               gint64         complaint_id,
                                               KesuState      state);
/* What the page's one-minute timer does. */
void           _kesu_board_page_tick          (KesuBoardPage *self);
/* The filter bar's widgets. */
GtkWidget     *_kesu_board_page_get_search_entry      (KesuBoardPage *self);
GtkWidget     *_kesu_board_page_get_handler_dropdown  (KesuBoardPage *self);
GtkWidget     *_kesu_board_page_get_category_dropdown (KesuBoardPage *self);
GtkWidget     *_kesu_board_page_get_severity_dropdown (KesuBoardPage *self);
GtkWidget     *_kesu_board_page_get_overdue_button    (KesuBoardPage *self);
GtkWidget     *_kesu_board_page_get_escalated_button  (KesuBoardPage *self);
/* The card showing @complaint_id, when its column has made one; NULL otherwise. */
KesuBoardCard *_kesu_board_page_find_card     (KesuBoardPage *self,
                                               gint64         complaint_id);
/* The column's header, as shown ("Investigating 12"). */
char          *_kesu_board_page_dup_header_text (KesuBoardPage *self,
                                                 KesuState      state);

G_END_DECLS
