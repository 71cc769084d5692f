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

G_END_DECLS
