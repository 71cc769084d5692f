/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Learning from complaints: the figures of a month, quarter or year against the period
 * before and the same period a year before, the charts (category, channel, trend,
 * Pareto, time to close) and the recurring issues.  A click on a bar or slice emits
 * "show-board" with the dimension ("category", "channel", "model") and the row's key. */

#define KESU_TYPE_ANALYSIS_PAGE (kesu_analysis_page_get_type ())
G_DECLARE_FINAL_TYPE (KesuAnalysisPage, kesu_analysis_page, KESU, ANALYSIS_PAGE, GtkWidget)

void kesu_analysis_page_set_store  (KesuAnalysisPage *self,
                                    KesuStore        *store);
/* Computes the figures again now (the page also does so by itself when it is shown
 * after the store changed). */
void kesu_analysis_page_refresh    (KesuAnalysisPage *self);

G_END_DECLS
