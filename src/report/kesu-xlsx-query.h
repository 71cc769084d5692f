/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-store.h"

G_BEGIN_DECLS

/* The reads behind the Excel export: plain SELECTs over the store's connection with bound
 * parameters.  A period is [start, end) in unix seconds, by the time a complaint was
 * received. */

typedef struct
{
  guint   received;
  guint   closed;
  guint   withdrawn;
  guint   open;
  guint   by_severity[KESU_N_SEVERITIES];
  guint   closed_on_time;     /* closed within the resolution time limit */
  guint   n_rated;
  double  satisfaction_sum;
  guint   n_closed_timed;     /* closed, with a known closing time */
  double  days_to_close_sum;
} KesuPeriodFigures;

gboolean       kesu_xlsx_query_count   (KesuStore         *store,
                                        gint64             start,
                                        gint64             end,
                                        guint             *out_count,
                                        GError           **error);
gboolean       kesu_xlsx_query_figures (KesuStore         *store,
                                        gint64             start,
                                        gint64             end,
                                        KesuPeriodFigures *out_figures,
                                        GError           **error);

/* The columns of kesu_xlsx_query_rows. */
typedef enum
{
  KESU_ROW_ID,
  KESU_ROW_NUMBER,
  KESU_ROW_RECEIVED_AT,
  KESU_ROW_CHANNEL,
  KESU_ROW_RECEIVED_BY,
  KESU_ROW_STATE,
  KESU_ROW_HANDLER,
  KESU_ROW_SEVERITY,
  KESU_ROW_CATEGORY,
  KESU_ROW_CUSTOMER,
  KESU_ROW_PHONE,
  KESU_ROW_OTHER_CONTACT,
  KESU_ROW_ADDRESS,
  KESU_ROW_VEHICLE_MODEL,
  KESU_ROW_VIN,
  KESU_ROW_PLATE,
  KESU_ROW_PURCHASE_DATE,
  KESU_ROW_MILEAGE,
  KESU_ROW_ORDER_NUMBER,
  KESU_ROW_STAFF_INVOLVED,
  KESU_ROW_OCCURRED_ON,
  KESU_ROW_OCCURRED_PLACE,
  KESU_ROW_DESCRIPTION,
  KESU_ROW_DEMAND,
  KESU_ROW_EMOTION,
  KESU_ROW_CUSTOMER_TYPE,
  KESU_ROW_N_ATTACHMENTS,
  KESU_ROW_FIRST_RESPONSE_AT,
  KESU_ROW_WAITING_REASON,
  KESU_ROW_WAITING_SINCE,
  KESU_ROW_ESCALATED_AT,
  KESU_ROW_CAUSE,
  KESU_ROW_RESPONSIBILITY,
  KESU_ROW_RECURRING,
  KESU_ROW_SOLUTION,
  KESU_ROW_MEASURES,
  KESU_ROW_AMOUNT_FEN,
  KESU_ROW_SOLUTION_DEADLINE,
  KESU_ROW_AGREED_AT,
  KESU_ROW_AGREEMENT_NOTE,
  KESU_ROW_MEASURES_RESULT,
  KESU_ROW_SATISFACTION,
  KESU_ROW_SATISFACTION_COMMENT,
  KESU_ROW_CLOSED_AT,
  KESU_ROW_REOPEN_COUNT,
  KESU_ROW_N_COLUMNS
} KesuRowColumn;

/* Every complaint received in the period with all its fields, oldest first: step it with
 * kesu_statement_step.  Owned by the store's connection; reset it when done early. */
KesuStatement *kesu_xlsx_query_rows    (KesuStore         *store,
                                        gint64             start,
                                        gint64             end,
                                        GError           **error);

G_END_DECLS
