/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-chart.h"

G_BEGIN_DECLS

/* A chart of report/ on screen: hover shows the exact figure, a click on a bar or slice
 * emits "item-activated" with its key, and the context menu saves it as PNG, SVG or PDF.
 * Follows the theme's light or dark look. */

#define KESU_TYPE_CHART_VIEW (kesu_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (KesuChartView, kesu_chart_view, KESU, CHART_VIEW, GtkWidget)

GtkWidget *kesu_chart_view_new        (void);
/* Takes @chart (may be NULL). */
void       kesu_chart_view_set_chart  (KesuChartView *self,
                                       KesuChart     *chart);
/* transfer none */
KesuChart *kesu_chart_view_get_chart  (KesuChartView *self);
/* What a click at @x,@y (widget coordinates) does; TRUE when it hit a row with a key. */
gboolean   kesu_chart_view_activate_at (KesuChartView *self,
                                        double         x,
                                        double         y);
/* "Save Chart As…": a file chooser, then PNG, SVG or PDF by the name's extension. */
void       kesu_chart_view_save_as    (KesuChartView *self);

G_END_DECLS
