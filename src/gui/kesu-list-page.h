/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_LIST_PAGE (kesu_list_page_get_type ())
G_DECLARE_FINAL_TYPE (KesuListPage, kesu_list_page, KESU, LIST_PAGE, GtkWidget)

void        kesu_list_page_set_store     (KesuListPage *self,
                                          KesuStore    *store);
void        kesu_list_page_focus_search  (KesuListPage *self);
void        kesu_list_page_set_search    (KesuListPage *self,
                                          const char   *text);
/* The list shows its matches a page at a time, newest first, and reads the next page when
 * scrolled to the end; kesu_list_page_load_more () reads it at once (for tests). */
void        kesu_list_page_load_more     (KesuListPage *self);
/* How many complaints match the search in all, read or not. */
guint       kesu_list_page_get_n_matches (KesuListPage *self);
/* The rows as shown (filtered and sorted), for tests. */
GListModel *kesu_list_page_get_model     (KesuListPage *self);

G_END_DECLS
