/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-analysis-page.h"
#include "kesu-chart-view.h"

G_BEGIN_DECLS

/* For tests. */

/* "category", "channel", "trend", "pareto" or "histogram". */
KesuChartView *_kesu_analysis_page_get_chart_view  (KesuAnalysisPage *self,
                                                    const char       *name);
/* The value a key figure tile shows: "received", "closed", "open", "overdue",
 * "close-median", "on-time", "satisfied", "reopen". */
const char    *_kesu_analysis_page_get_tile_value  (KesuAnalysisPage *self,
                                                    const char       *name);
/* Its two comparison lines, joined by a newline; newly allocated. */
char          *_kesu_analysis_page_dup_tile_change (KesuAnalysisPage *self,
                                                    const char       *name);
/* Shows the month @year-@month (within the last 24 months). */
void           _kesu_analysis_page_select_month    (KesuAnalysisPage *self,
                                                    int               year,
                                                    int               month);
/* The rows of the recurring-issues list. */
guint          _kesu_analysis_page_get_n_recurring (KesuAnalysisPage *self);
/* The improvement actions listed (open, or done and not checked yet). */
guint          _kesu_analysis_page_get_n_actions   (KesuAnalysisPage *self);
/* What action row @index shows, its texts joined by newlines; whether any of it is in
 * red (overdue).  Newly allocated. */
char          *_kesu_analysis_page_dup_action_text (KesuAnalysisPage *self,
                                                    guint             index,
                                                    gboolean         *out_in_red);
/* What the actions list says when it has no action ("" when it has some). */
char          *_kesu_analysis_page_dup_actions_empty_text (KesuAnalysisPage *self);
/* The "New Action…" button of recurring-issue row @index, or NULL. */
GtkButton     *_kesu_analysis_page_get_new_action_button (KesuAnalysisPage *self,
                                                          guint             index);
/* The new-action form the page opened last, while it is open; NULL otherwise. */
GtkWindow     *_kesu_analysis_page_get_action_form (KesuAnalysisPage *self);

G_END_DECLS
