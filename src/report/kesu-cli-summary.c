/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-cli.h"
#include "kesu-paper.h"
#include "kesu-report-util.h"
#include "kesu-summary.h"

int
kesu_cli_summary_pdf (KesuStore  *store,
                      const char *out_pdf,
                      const char *month)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSummary) summary = NULL;
  g_autofree char *title = NULL;
  int year = 0, mon = 0;

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
  /* The title names the period: the summary is one of a series. */
  title = g_strdup_printf ("%s %s", kesu_summary_get_title (summary),
                           kesu_summary_get_period_label (summary));
  return kesu_report_cli_write_pdf (out_pdf, KESU_PAPER_A4_WIDTH, KESU_PAPER_A4_HEIGHT, title,
                                    NULL, (KesuPaginateFunc) kesu_summary_paginate,
                                    (KesuDrawPageFunc) kesu_summary_draw_page, summary);
}
