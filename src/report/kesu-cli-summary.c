/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli-summary"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <cairo-pdf.h>

#include "kesu-cli.h"
#include "kesu-paper.h"
#include "kesu-summary.h"

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

/* Every page of @summary on A4 into a PDF at @path.  As for the customer's papers
 * (kesu-cli-print.c), g_file_replace () writes a temporary file beside @path and renames
 * it over @path only when all went well. */
static gboolean
write_pdf (KesuSummary  *summary,
           const char   *path,
           int          *out_pages,
           GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *subject = NULL;
  PdfSink sink = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n_pages;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                        error);
  if (out == NULL)
    return FALSE;
  sink.out = G_OUTPUT_STREAM (out);

  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, &sink, KESU_PAPER_A4_WIDTH,
                                                 KESU_PAPER_A4_HEIGHT);
  subject = g_strdup_printf ("%s %s", kesu_summary_get_title (summary),
                             kesu_summary_get_period_label (summary));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kesu " PACKAGE_VERSION);
  cr = cairo_create (surface);

  n_pages = kesu_summary_paginate (summary, cr, KESU_PAPER_A4_WIDTH, KESU_PAPER_A4_HEIGHT);
  for (int page = 0; page < n_pages; page++)
    {
      kesu_summary_draw_page (summary, cr, page, KESU_PAPER_A4_WIDTH, KESU_PAPER_A4_HEIGHT);
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
kesu_cli_summary_pdf (KesuStore  *store,
                      const char *out_pdf,
                      const char *month)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSummary) summary = NULL;
  g_autofree char *display = NULL;
  int year = 0, mon = 0, n_pages = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 1);

  if (out_pdf == NULL || out_pdf[0] == '\0')
    {
      g_printerr (_("--summary-pdf needs the PDF file to write.\n"));
      return 2;
    }
  if (month == NULL)
    {
      g_printerr (_("--summary-pdf needs --month YYYY-MM: the month to sum up.\n"));
      return 2;
    }
  if (!kesu_summary_parse_month (month, &year, &mon))
    {
      g_printerr (_("“%s” is not a month: give it as YYYY-MM, such as 2026-11.\n"), month);
      return 2;
    }

  summary = kesu_summary_new (store, year, mon, &error);
  if (summary == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  display = g_filename_display_name (out_pdf);
  if (!write_pdf (summary, out_pdf, &n_pages, &error))
    {
      g_printerr (_("%s could not be written: %s\n"), display, error->message);
      return 1;
    }
  g_print (ngettext ("Wrote %s (%d page).\n", "Wrote %s (%d pages).\n", n_pages), display,
           n_pages);
  return 0;
}
