/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* The Excel workbook of a period (the monthly report for the branch meeting and the
 * manufacturer): Summary, Complaints, By Category, By Vehicle Model, By Channel and
 * Overdue sheets, with sheet names and headers in the interface language. */

/* Called every few hundred complaints, from the thread that runs the export. */
typedef void (*KesuProgressFunc) (guint    done,
                                  guint    total,
                                  gpointer user_data);

typedef struct
{
  char     *path;         /* the workbook; replaced only when the export succeeds */
  GDate     first_day;    /* the period in local days, both included */
  GDate     last_day;
  gboolean  whole_month;  /* a calendar month: compared with the month before it;
                           * otherwise with the period of the same length before it */
  gboolean  unmasked;     /* phone numbers in full (PIPL: masked unless asked) */
} KesuExportOptions;

/* Excel takes this many rows on a sheet, the header included. */
#define KESU_XLSX_MAX_ROWS 1048576

void      kesu_export_options_init        (KesuExportOptions *options);
void      kesu_export_options_clear       (KesuExportOptions *options);
/* The calendar month @year-@month (1–12). */
void      kesu_export_options_set_month_of (KesuExportOptions *options,
                                            int                year,
                                            int                month);
/* "YYYY-MM"; KESU_ERROR_INVALID with a message in the user's language otherwise. */
gboolean  kesu_export_options_set_month   (KesuExportOptions *options,
                                           const char        *month,
                                           GError           **error);
/* Two days "YYYY-MM-DD", the first not after the last. */
gboolean  kesu_export_options_set_range   (KesuExportOptions *options,
                                           const char        *from,
                                           const char        *to,
                                           GError           **error);

/* "kesu-2026-10.xlsx" (translated: "客诉月报-2026-10.xlsx"), or with both days of a
 * custom period. */
char     *kesu_xlsx_suggest_filename      (const KesuExportOptions *options);

/* Writes the workbook of the complaints received in the period.  It is written in
 * libxlsxwriter's constant-memory mode to a temporary file beside options->path and
 * renamed over it only when complete: on an error or a cancellation nothing is left
 * behind and an existing file is untouched.  @progress (may be NULL) gets the number of
 * complaints written so far and the total; @cancellable is checked as often. */
gboolean  kesu_xlsx_export                (KesuStore               *store,
                                           const KesuExportOptions *options,
                                           KesuProgressFunc         progress,
                                           gpointer                 data,
                                           GCancellable            *cancellable,
                                           GError                 **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KesuExportOptions, kesu_export_options_clear)

G_END_DECLS
