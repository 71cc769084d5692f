/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-report"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "kesu-report-util.h"
#include "kesu-validate.h"

/* ---- text ---- */

PangoContext *
kesu_report_context_new (cairo_t *cr)
{
  PangoContext *context;
  cairo_font_options_t *options;

  g_return_val_if_fail (cr != NULL, NULL);

  context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (context, 72);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  return context;
}

PangoLayout *
kesu_report_layout_new (PangoContext   *context,
                        const char     *text,
                        KesuReportFace  face,
                        double          size,
                        double          width,
                        PangoAlignment  align)
{
  PangoLayout *layout;
  PangoFontDescription *font;

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  layout = pango_layout_new (context);
  font = pango_font_description_new ();
  pango_font_description_set_family (font, face == KESU_REPORT_FACE_SERIF_BOLD
                                             ? KESU_REPORT_SERIF_FAMILIES
                                             : KESU_REPORT_SANS_FAMILIES);
  pango_font_description_set_weight (font, face == KESU_REPORT_FACE_SANS ? PANGO_WEIGHT_NORMAL
                                                                         : PANGO_WEIGHT_BOLD);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

double
kesu_report_layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

void
kesu_report_show_layout (cairo_t     *cr,
                         PangoLayout *layout,
                         double       x,
                         double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

void
kesu_report_hline (cairo_t *cr,
                   double   x0,
                   double   x1,
                   double   y,
                   double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

void
kesu_report_draw_footer (cairo_t      *cr,
                         PangoContext *context,
                         double        x,
                         double        y,
                         double        width,
                         double        size,
                         const char   *printed,
                         const char   *middle,
                         int           page,
                         int           n_pages)
{
  int n_columns = middle != NULL ? 3 : 2;
  double column_w = width / n_columns;
  g_autofree char *printed_text = g_strdup_printf (_("Printed %s"), printed);
  g_autofree char *page_text = g_strdup_printf (_("Page %d of %d"), page + 1, n_pages);
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) centre = NULL;
  g_autoptr(PangoLayout) right = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (PANGO_IS_CONTEXT (context));

  left = kesu_report_layout_new (context, printed_text, KESU_REPORT_FACE_SANS, size, column_w,
                                 PANGO_ALIGN_LEFT);
  kesu_report_show_layout (cr, left, x, y);
  if (middle != NULL)
    {
      centre = kesu_report_layout_new (context, middle, KESU_REPORT_FACE_SANS, size, column_w,
                                       PANGO_ALIGN_CENTER);
      kesu_report_show_layout (cr, centre, x + column_w, y);
    }
  right = kesu_report_layout_new (context, page_text, KESU_REPORT_FACE_SANS, size, column_w,
                                  PANGO_ALIGN_RIGHT);
  kesu_report_show_layout (cr, right, x + (n_columns - 1) * column_w, y);
}

char *
kesu_report_format_local (gint64      unix_time,
                          const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (unix_time);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, format);
}

const char *
kesu_report_or_dash (const char *text)
{
  return kesu_text_is_blank (text) ? "—" : text;
}

/* ---- PDF ---- */

typedef struct
{
  GOutputStream *out;
  GError        *error;
} PdfSink;

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
kesu_report_write_pdf (const char        *path,
                       double             width,
                       double             height,
                       const char        *title,
                       const char        *subject,
                       KesuPaginateFunc   paginate,
                       KesuDrawPageFunc   draw_page,
                       gpointer           doc,
                       int               *out_pages,
                       GError           **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  PdfSink sink = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n_pages;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (paginate != NULL && draw_page != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  cancellable = g_cancellable_new ();
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                        error);
  if (out == NULL)
    return FALSE;
  sink.out = G_OUTPUT_STREAM (out);

  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, &sink, width, height);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (subject != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kesu " PACKAGE_VERSION);
  cr = cairo_create (surface);

  n_pages = paginate (doc, cr, width, height);
  for (int page = 0; page < n_pages; page++)
    {
      draw_page (doc, cr, page, width, height);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error == NULL && status != CAIRO_STATUS_SUCCESS)
    g_set_error_literal (&sink.error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         cairo_status_to_string (status));
  if (sink.error != NULL)
    {
      /* Closing a cancelled replace removes the temporary file and keeps the old one. */
      g_cancellable_cancel (cancellable);
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return FALSE;
  if (out_pages != NULL)
    *out_pages = n_pages;
  return TRUE;
}

int
kesu_report_cli_write_pdf (const char       *path,
                           double            width,
                           double            height,
                           const char       *title,
                           const char       *subject,
                           KesuPaginateFunc  paginate,
                           KesuDrawPageFunc  draw_page,
                           gpointer          doc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  int n_pages = 0;

  if (!kesu_report_write_pdf (path, width, height, title, subject, paginate, draw_page, doc,
                              &n_pages, &error))
    {
      g_printerr (_("%s could not be written: %s\n"), display, error->message);
      return 1;
    }
  g_print (ngettext ("Wrote %s (%d page).\n", "Wrote %s (%d pages).\n", n_pages), display,
           n_pages);
  return 0;
}
