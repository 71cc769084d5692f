/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli-print"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <cairo-pdf.h>

#include "kesu-cli.h"
#include "kesu-paper.h"

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

/* Draws every page of @paper into a PDF at @path.  g_file_replace () writes a temporary
 * file beside it and renames it over @path only when all went well, so that a failure
 * leaves no half-written PDF (and an older file as it was). */
static gboolean
write_pdf (KesuPaper   *paper,
           const char  *path,
           double       width,
           double       height,
           int         *out_pages,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
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

  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, &sink, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  kesu_paper_get_title (paper));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT,
                                  kesu_paper_get_number (paper));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kesu " PACKAGE_VERSION);
  cr = cairo_create (surface);

  n_pages = kesu_paper_paginate (paper, cr, width, height);
  for (int page = 0; page < n_pages; page++)
    {
      kesu_paper_draw_page (paper, cr, page, width, height);
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
kesu_cli_print (KesuStore  *store,
                const char *kind,
                const char *number,
                const char *pdf_path,
                gboolean    a5,
                gboolean    unmasked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuPaper) paper = NULL;
  g_autofree char *display = NULL;
  KesuPaperKind paper_kind;
  gint64 id;
  int n_pages = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 1);

  if (g_strcmp0 (kind, "receipt") == 0)
    paper_kind = KESU_PAPER_RECEIPT;
  else if (g_strcmp0 (kind, "agreement") == 0)
    paper_kind = KESU_PAPER_AGREEMENT;
  else
    {
      g_printerr (_("There is no document called “%s” to print.\n"), kind != NULL ? kind : "");
      return 2;
    }
  if (pdf_path == NULL || pdf_path[0] == '\0')
    {
      g_printerr (_("--print-receipt and --print-agreement need --pdf FILE: the PDF file to "
                    "write.\n"));
      return 2;
    }
  if (number == NULL || number[0] == '\0')
    {
      g_printerr (_("Give the number of the complaint to print, such as KS-202611-0001.\n"));
      return 2;
    }

  id = kesu_store_find_complaint_by_number (store, number);
  if (id <= 0)
    {
      g_printerr (_("No complaint has the number “%s”.\n"), number);
      return 1;
    }
  paper = kesu_paper_new (store, paper_kind, id, unmasked, &error);
  if (paper == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  display = g_filename_display_name (pdf_path);
  if (!write_pdf (paper, pdf_path,
                  a5 ? KESU_PAPER_A5_WIDTH : KESU_PAPER_A4_WIDTH,
                  a5 ? KESU_PAPER_A5_HEIGHT : KESU_PAPER_A4_HEIGHT,
                  &n_pages, &error))
    {
      g_printerr (_("%s could not be written: %s\n"), display, error->message);
      return 1;
    }
  g_print (ngettext ("Wrote %s (%d page).\n", "Wrote %s (%d pages).\n", n_pages), display,
           n_pages);
  return 0;
}
