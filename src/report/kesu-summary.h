/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* The monthly complaint summary (月度投诉汇总) printed for the branch meeting: the branch
 * and the month, the key figures against last month and the same month a year before,
 * the charts of the analysis page (drawn by kesu_chart_draw: vector on paper), the month's
 * complaints (phones masked), the cases overdue now, recurring issues and the improvement
 * actions.  Read from the store once by kesu_summary_new (), laid out by
 * kesu_summary_paginate () and drawn page by page on any cairo_t whose user units are
 * points from the sheet's top left corner, like KesuPaper.  Table rows never split across
 * a page edge, and a table that goes on repeats its header row.  No GTK. */

typedef struct _KesuSummary KesuSummary;

/* The summary of @month (1–12) of @year; NULL with @error set when the store fails. */
KesuSummary *kesu_summary_new           (KesuStore    *store,
                                         int           year,
                                         int           month,
                                         GError      **error);
void         kesu_summary_free          (KesuSummary  *summary);

/* "Monthly Complaint Summary", translated; "2026年11月" / "November 2026". */
const char  *kesu_summary_get_title     (KesuSummary  *summary);
const char  *kesu_summary_get_period_label (KesuSummary *summary);
/* How many complaints were received in the month (the rows of its table). */
guint        kesu_summary_get_n_complaints (KesuSummary *summary);
/* Every text of the summary in reading order, one item a line, table cells separated by
 * tabs: what the pages show, for checks without a PDF reader. transfer full */
char        *kesu_summary_dup_text      (KesuSummary  *summary);

/* Lays the summary out on pages of @width × @height points (15 mm margins), measuring
 * text with @cr's font back end.  Returns the number of pages (at least 1). */
int          kesu_summary_paginate      (KesuSummary  *summary,
                                         cairo_t      *cr,
                                         double        width,
                                         double        height);
int          kesu_summary_get_n_pages   (KesuSummary  *summary);
/* Draws page @page (from 0); paginates first when not laid out for @width × @height. */
void         kesu_summary_draw_page     (KesuSummary  *summary,
                                         cairo_t      *cr,
                                         int           page,
                                         double        width,
                                         double        height);

/* "YYYY-MM" → year and month; FALSE for anything else. */
gboolean     kesu_summary_parse_month   (const char   *text,
                                         int          *out_year,
                                         int          *out_month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuSummary, kesu_summary_free)

G_END_DECLS
