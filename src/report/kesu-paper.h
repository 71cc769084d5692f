/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* What the customer gets on paper (DOMAIN.md): the intake receipt (投诉受理回执) and the
 * solution agreement (处理方案确认书).  A KesuPaper holds the blocks of one document, read
 * from the store once; it is laid out for a page size with kesu_paper_paginate () and each
 * page is drawn with kesu_paper_draw_page () on any cairo_t whose user units are points
 * with the origin at the paper's top left corner: a PDF surface, a GtkPrintContext (with
 * GTK_UNIT_POINTS and the full page), an image surface in a test.  No GTK here. */

typedef enum
{
  KESU_PAPER_RECEIPT,
  KESU_PAPER_AGREEMENT,
} KesuPaperKind;

typedef struct _KesuPaper KesuPaper;

/* Paper sizes in whole points, as PDF viewers and printers name them. */
#define KESU_PAPER_A4_WIDTH  595.0
#define KESU_PAPER_A4_HEIGHT 842.0
#define KESU_PAPER_A5_WIDTH  420.0
#define KESU_PAPER_A5_HEIGHT 595.0

/* The document of complaint @complaint_id.  The customer's phone is masked (138****1234)
 * unless @unmasked.  NULL with @error set (KESU_ERROR_NOT_FOUND …) on failure. */
KesuPaper  *kesu_paper_new              (KesuStore     *store,
                                         KesuPaperKind  kind,
                                         gint64         complaint_id,
                                         gboolean       unmasked,
                                         GError       **error);
KesuPaper  *kesu_paper_new_receipt      (KesuStore     *store,
                                         gint64         complaint_id,
                                         gboolean       unmasked,
                                         GError       **error);
KesuPaper  *kesu_paper_new_agreement    (KesuStore     *store,
                                         gint64         complaint_id,
                                         gboolean       unmasked,
                                         GError       **error);
void        kesu_paper_free             (KesuPaper     *paper);

KesuPaperKind kesu_paper_get_kind       (KesuPaper     *paper);
/* The complaint number ("KS-202611-0001") and the document's title, translated. */
const char *kesu_paper_get_number       (KesuPaper     *paper);
const char *kesu_paper_get_title        (KesuPaper     *paper);

/* Lays the document out on pages of @width × @height points (A5 or smaller gets the
 * narrower margins and smaller type), measuring text with @cr's font back end.  Long
 * text flows onto further pages line by line: nothing is cut.  Returns the number of
 * pages (at least 1). */
int         kesu_paper_paginate         (KesuPaper     *paper,
                                         cairo_t       *cr,
                                         double         width,
                                         double         height);
int         kesu_paper_get_n_pages      (KesuPaper     *paper);
/* Draws page @page (from 0) on @cr; paginates first when the paper was not laid out for
 * @width × @height. */
void        kesu_paper_draw_page        (KesuPaper     *paper,
                                         cairo_t       *cr,
                                         int            page,
                                         double         width,
                                         double         height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuPaper, kesu_paper_free)

G_END_DECLS
