/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Printing the customer's papers through GtkPrintOperation (the system's printers,
 * "Print to File", a preview), drawn by src/report — the same code that writes PDFs on
 * the command line.  Errors are shown to the user. */

typedef enum
{
  KESU_PRINT_RECEIPT,    /* 投诉受理回执 */
  KESU_PRINT_AGREEMENT,  /* 处理方案确认书 */
} KesuPrintKind;

void kesu_print_complaint (GtkWindow     *parent,
                           KesuStore     *store,
                           gint64         complaint_id,
                           KesuPrintKind  kind);

G_END_DECLS
