/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* What the printed documents (the customer's papers, kesu-paper.c, and the monthly
 * summary, kesu-summary.c) share: fonts, text, the footer, and writing to PDF. */

/* Families tried in order: Debian's fonts-noto-cjk, Adobe's name for the same fonts,
 * Windows, macOS, fonts-wqy-microhei, then whatever the system has. */
#define KESU_REPORT_SANS_FAMILIES \
  "Noto Sans CJK SC,Source Han Sans SC,Microsoft YaHei,PingFang SC,WenQuanYi Micro Hei," \
  "sans-serif"
#define KESU_REPORT_SERIF_FAMILIES \
  "Noto Serif CJK SC,Source Han Serif SC,SimSun,Songti SC,Noto Sans CJK SC,serif"

/* Points per millimetre. */
#define KESU_REPORT_MM (72.0 / 25.4)

typedef enum
{
  KESU_REPORT_FACE_SANS,
  KESU_REPORT_FACE_SANS_BOLD,
  KESU_REPORT_FACE_SERIF_BOLD,
} KesuReportFace;

/* A Pango context for @cr with points as user units, no hinting (lines break the same
 * wherever a document is measured and drawn) and Chinese as the language (Noto CJK would
 * otherwise take the Japanese shapes under a C or English locale). */
PangoContext *kesu_report_context_new    (cairo_t        *cr);

/* A layout of @text (NULL: empty) in @face at @size points, wrapped at @width (none when
 * 0 or less). */
PangoLayout  *kesu_report_layout_new     (PangoContext   *context,
                                          const char     *text,
                                          KesuReportFace  face,
                                          double          size,
                                          double          width,
                                          PangoAlignment  align);
double        kesu_report_layout_height  (PangoLayout    *layout);
void          kesu_report_show_layout    (cairo_t        *cr,
                                          PangoLayout    *layout,
                                          double          x,
                                          double          y);

/* A horizontal rule from @x0 to @x1 at @y, @width thick, in the current source. */
void          kesu_report_hline          (cairo_t        *cr,
                                          double          x0,
                                          double          x1,
                                          double          y,
                                          double          width);

/* The page footer's texts in the current source, in sans at @size: "Printed …" at the
 * left, "Page N of M" at the right and, when @middle is not NULL, @middle in the centre,
 * each in an equal share of @width. */
void          kesu_report_draw_footer    (cairo_t        *cr,
                                          PangoContext   *context,
                                          double          x,
                                          double          y,
                                          double          width,
                                          double          size,
                                          const char     *printed,
                                          const char     *middle,
                                          int             page,
                                          int             n_pages);

/* @unix_time in local time as @format, or a dash when it is not set (0 or less). */
char         *kesu_report_format_local   (gint64          unix_time,
                                          const char     *format);

/* @text, or a dash when it is blank. */
const char   *kesu_report_or_dash        (const char     *text);

/* A paginated document: lays itself out on pages of @width × @height points, returning
 * how many, and draws one of them. */
typedef int  (*KesuPaginateFunc) (gpointer  doc,
                                  cairo_t  *cr,
                                  double    width,
                                  double    height);
typedef void (*KesuDrawPageFunc) (gpointer  doc,
                                  cairo_t  *cr,
                                  int       page,
                                  double    width,
                                  double    height);

/* Draws every page of @doc into a PDF at @path with @title and @subject (either may be
 * NULL) as its metadata.  g_file_replace () writes a temporary file beside @path and
 * renames it over @path only when all went well, so that a failure leaves no half-written
 * PDF (and an older file as it was). */
gboolean      kesu_report_write_pdf      (const char       *path,
                                          double            width,
                                          double            height,
                                          const char       *title,
                                          const char       *subject,
                                          KesuPaginateFunc  paginate,
                                          KesuDrawPageFunc  draw_page,
                                          gpointer          doc,
                                          int              *out_pages,
                                          GError          **error);

/* The same for the command line: says what it wrote on stdout, or why it failed on
 * stderr, and returns the exit status (0 or 1). */
int           kesu_report_cli_write_pdf  (const char       *path,
                                          double            width,
                                          double            height,
                                          const char       *title,
                                          const char       *subject,
                                          KesuPaginateFunc  paginate,
                                          KesuDrawPageFunc  draw_page,
                                          gpointer          doc);

G_END_DECLS
