/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli-print"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-cli.h"
#include "kesu-paper.h"
#include "kesu-report-util.h"

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
  KesuPaperKind paper_kind;
  gint64 id;

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

  return kesu_report_cli_write_pdf (pdf_path,
                                    a5 ? KESU_PAPER_A5_WIDTH : KESU_PAPER_A4_WIDTH,
                                    a5 ? KESU_PAPER_A5_HEIGHT : KESU_PAPER_A4_HEIGHT,
                                    kesu_paper_get_title (paper), kesu_paper_get_number (paper),
                                    (KesuPaginateFunc) kesu_paper_paginate,
                                    (KesuDrawPageFunc) kesu_paper_draw_page, paper);
}
