/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Prints the monthly complaint summary of @month (1–12) of @year with the print dialog
 * (and its preview), drawn by report/kesu-summary.c. */
void kesu_print_summary     (GtkWindow *parent,
                             KesuStore *store,
                             int        year,
                             int        month);

/* Asks which month first (last month unless changed), then prints its summary. */
void kesu_print_summary_ask (GtkWindow *parent,
                             KesuStore *store);

G_END_DECLS
