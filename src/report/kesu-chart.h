/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kesu-figures.h"

G_BEGIN_DECLS

/* Charts drawn by Kesu itself with Cairo and Pango: the same code paints the analysis
 * page (GtkDrawingArea / snapshot), the printed monthly summary (a print or PDF
 * context) and an image in a test.  No GTK. */

typedef enum
{
  KESU_CHART_BAR,        /* counts per row, e.g. by category */
  KESU_CHART_DONUT,      /* shares per row, e.g. by channel */
  KESU_CHART_TREND,      /* 12 months, received vs closed */
  KESU_CHART_PARETO,     /* bars sorted + cumulative share line + the 80% mark */
  KESU_CHART_HISTOGRAM,  /* distribution of time to close */
} KesuChartKind;

typedef struct _KesuChart KesuChart;

/* @rows: KesuBreakdownRow (BAR, DONUT, PARETO). Copied. */
KesuChart  *kesu_chart_new_breakdown  (KesuChartKind  kind,
                                       const char    *title,
                                       const char    *value_axis_label,  /* e.g. "complaints" */
                                       GPtrArray     *rows);
/* @trend: KesuMonthCount. Copied. */
KesuChart  *kesu_chart_new_trend      (const char    *title,
                                       GArray        *trend);
/* @hours: double. Copied. */
KesuChart  *kesu_chart_new_histogram  (const char    *title,
                                       GArray        *hours);
void        kesu_chart_free           (KesuChart     *chart);

/* Colours for a dark background (the theme's); colour-blind-safe palette either way. */
void        kesu_chart_set_dark       (KesuChart     *chart,
                                       gboolean       dark);
/* Draws the whole chart (title, axes with units, labels, legend, or the empty state
 * "No complaints in this period") into the rectangle 0,0 – @width,@height of @cr. */
void        kesu_chart_draw           (KesuChart     *chart,
                                       cairo_t       *cr,
                                       double         width,
                                       double         height);
/* After a draw at the same size: the row under @x,@y, or -1. */
int         kesu_chart_hit            (KesuChart     *chart,
                                       double         x,
                                       double         y);
/* The exact figure for a tooltip ("服务态度: 12 (18.5%)"). */
char       *kesu_chart_dup_tooltip    (KesuChart     *chart,
                                       int            index);
/* The KesuBreakdownRow key of that row (NULL for trend and histogram). */
const char *kesu_chart_get_key        (KesuChart     *chart,
                                       int            index);
guint       kesu_chart_get_n_items    (KesuChart     *chart);
/* PNG, SVG or PDF by the file's extension. */
gboolean    kesu_chart_save           (KesuChart     *chart,
                                       const char    *path,
                                       double         width,
                                       double         height,
                                       GError       **error);

/* Added for the analysis page and the tests. */
KesuChartKind kesu_chart_get_kind       (KesuChart     *chart);
/* Nothing to draw: the chart shows "No complaints in this period". */
gboolean    kesu_chart_is_empty       (KesuChart     *chart);
/* Draws row @index (-1: none) as the one under the pointer. */
void        kesu_chart_set_highlight  (KesuChart     *chart,
                                       int            index);
/* PARETO: the cumulative share in percent up to and with row @index (the last is
 * exactly 100 when there are complaints); NAN for other kinds. */
double      kesu_chart_get_cumulative (KesuChart     *chart,
                                       guint          index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuChart, kesu_chart_free)

G_END_DECLS
