/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-xlsx"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "kesu-calendar.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"
#include "kesu-xlsx-query.h"
#include "kesu-xlsx.h"

/* How often the export reports progress and looks at the cancellable. */
#define PROGRESS_STEP 500

/* The vehicle-model chart shows this many models at most; the table lists them all. */
#define MAX_CHART_MODELS 15

/* Excel's limit for a sheet name, in characters. */
#define MAX_SHEET_NAME 31

/* ---- options ---- */

void
kesu_export_options_init (KesuExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  g_date_clear (&options->first_day, 1);
  g_date_clear (&options->last_day, 1);
}

void
kesu_export_options_clear (KesuExportOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->path, g_free);
}

void
kesu_export_options_set_month_of (KesuExportOptions *options,
                                  int                year,
                                  int                month)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (g_date_valid_dmy (1, (GDateMonth) month, (GDateYear) year));

  g_date_set_dmy (&options->first_day, 1, (GDateMonth) month, (GDateYear) year);
  g_date_set_dmy (&options->last_day,
                  g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year),
                  (GDateMonth) month, (GDateYear) year);
  options->whole_month = TRUE;
}

gboolean
kesu_export_options_set_month (KesuExportOptions  *options,
                               const char         *month,
                               GError            **error)
{
  guint64 y = 0, m = 0;
  g_autofree char *text = NULL;

  g_return_val_if_fail (options != NULL, FALSE);

  text = g_strstrip (g_strdup (month != NULL ? month : ""));
  if (strlen (text) != 7 || text[4] != '-' ||
      !g_ascii_string_to_unsigned (text + 5, 10, 1, 12, &m, NULL) ||
      !g_ascii_isdigit (text[0]) ||
      (text[4] = '\0', !g_ascii_string_to_unsigned (text, 10, 1900, 9999, &y, NULL)))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("“%s” is not a month: write it as YYYY-MM, for example 2026-10."),
                   month != NULL ? month : "");
      return FALSE;
    }
  kesu_export_options_set_month_of (options, (int) y, (int) m);
  return TRUE;
}

gboolean
kesu_export_options_set_range (KesuExportOptions  *options,
                               const char         *from,
                               const char         *to,
                               GError            **error)
{
  g_autoptr(GError) local = NULL;
  GDate first, last;

  g_return_val_if_fail (options != NULL, FALSE);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  if (!kesu_validate_date (from, &first, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The first day “%s” is not valid: %s"), from != NULL ? from : "",
                   local->message);
      return FALSE;
    }
  if (!kesu_validate_date (to, &last, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The last day “%s” is not valid: %s"), to != NULL ? to : "",
                   local->message);
      return FALSE;
    }
  if (g_date_compare (&first, &last) > 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The first day of the period comes after the last day."));
      return FALSE;
    }
  options->first_day = first;
  options->last_day = last;
  options->whole_month = FALSE;
  return TRUE;
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* "2026-10", or "2026-10-01 – 2026-10-15" */
static char *
format_period (const GDate *first,
               const GDate *last,
               gboolean     whole_month,
               const char  *separator)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (whole_month)
    return g_strdup_printf ("%04d-%02d", g_date_get_year (first), g_date_get_month (first));
  a = format_day (first);
  b = format_day (last);
  return g_strconcat (a, separator, b, NULL);
}

char *
kesu_xlsx_suggest_filename (const KesuExportOptions *options)
{
  g_autofree char *period = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&options->first_day), NULL);

  period = format_period (&options->first_day, &options->last_day, options->whole_month,
                          "_");
  /* Translators: the file name offered for the Excel export; %s is the month (2026-10) or
   * the first and last day.  Chinese: 客诉月报-%s.xlsx */
  return g_strdup_printf (_("kesu-%s.xlsx"), period);
}

/* ---- the export ---- */

typedef struct
{
  guint  received;
  guint  open;
  guint  closed;
  guint  overdue;
} Tally;

typedef struct
{
  lxw_format *title;
  lxw_format *header;
  lxw_format *text;
  lxw_format *wrap;
  lxw_format *datetime;
  lxw_format *date;
  lxw_format *integer;
  lxw_format *decimal;
  lxw_format *money;
  lxw_format *percent;
  lxw_format *change;
  lxw_format *change_decimal;
  lxw_format *change_percent;
  lxw_format *total_label;
  lxw_format *total;
  lxw_format *total_percent;
  lxw_format *overdue;
} Formats;

typedef struct
{
  KesuStore               *store;
  const KesuExportOptions *options;
  KesuProgressFunc         progress;
  gpointer                 progress_data;
  GCancellable            *cancellable;

  lxw_workbook            *workbook;
  lxw_worksheet           *sheets[6];
  lxw_error                lxw_status;   /* the first failed write */
  Formats                  f;

  gint64                   now;
  GTimeZone               *tz;           /* local time, read once: see put_time () */
  gint64                   start, end;            /* the period, [start, end) */
  gint64                   prev_start, prev_end;  /* the one it is compared with */
  GDate                    prev_first, prev_last;

  GHashTable              *open_cases;   /* id → KesuComplaint, with deadlines */
  GPtrArray               *overdue;      /* KesuComplaint, all open cases past deadline */

  guint                    total;
  guint                    written;
  Tally                    by_category[KESU_N_CATEGORIES];
  Tally                    by_channel[KESU_N_CHANNELS];
  GHashTable              *by_model;     /* model (or "") → Tally */
} Export;

enum
{
  SHEET_SUMMARY,
  SHEET_COMPLAINTS,
  SHEET_CATEGORY,
  SHEET_MODEL,
  SHEET_CHANNEL,
  SHEET_OVERDUE,
};

static void
note_status (Export    *e,
             lxw_error  status)
{
  if (status != LXW_NO_ERROR && e->lxw_status == LXW_NO_ERROR)
    e->lxw_status = status;
}

static void
put_text (Export        *e,
          lxw_worksheet *ws,
          lxw_row_t      row,
          lxw_col_t      col,
          const char    *text,
          lxw_format    *format)
{
  if (text == NULL || text[0] == '\0')
    return;
  note_status (e, worksheet_write_string (ws, row, col, text, format));
}

static void
put_number (Export        *e,
            lxw_worksheet *ws,
            lxw_row_t      row,
            lxw_col_t      col,
            double         value,
            lxw_format    *format)
{
  note_status (e, worksheet_write_number (ws, row, col, value, format));
}

/* A moment as an Excel date and time, in local time; nothing for 0.
 *
 * Up to eight of these per row: GLib 2.74 looks at /etc/localtime again (a readlink and
 * two stats) for every g_date_time_to_local (), which took a third of a 100,000-row
 * export.  So the zone is read once per export and the civil time worked out here from
 * its offset at that moment (the days-to-civil algorithm of the proleptic Gregorian
 * calendar, as GDateTime does). */
static void
put_time (Export        *e,
          lxw_worksheet *ws,
          lxw_row_t      row,
          lxw_col_t      col,
          gint64         unix_time)
{
  lxw_datetime dt;
  gint64 local, days, secs, era, z;
  guint doe, yoe, doy, mp;
  int interval;

  if (unix_time <= 0)
    return;
  interval = g_time_zone_find_interval (e->tz, G_TIME_TYPE_UNIVERSAL, unix_time);
  local = unix_time + (interval >= 0 ? g_time_zone_get_offset (e->tz, interval) : 0);
  days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  secs = local - days * 86400;
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  dt.day = (int) (doy - (153 * mp + 2) / 5 + 1);
  dt.month = (int) (mp < 10 ? mp + 3 : mp - 9);
  dt.year = (int) (yoe + era * 400 + (dt.month <= 2));
  dt.hour = (int) (secs / 3600);
  dt.min = (int) (secs / 60 % 60);
  dt.sec = (double) (secs % 60);
  note_status (e, worksheet_write_datetime (ws, row, col, &dt, e->f.datetime));
}

/* "YYYY-MM-DD" as an Excel date; anything else as it is. */
static void
put_day (Export        *e,
         lxw_worksheet *ws,
         lxw_row_t      row,
         lxw_col_t      col,
         const char    *day)
{
  int y, m, d;
  char rest;

  if (day == NULL || day[0] == '\0')
    return;
  if (sscanf (day, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3 &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y) && y >= 1900)
    {
      lxw_datetime dt = { y, m, d, 0, 0, 0 };

      note_status (e, worksheet_write_datetime (ws, row, col, &dt, e->f.date));
    }
  else
    put_text (e, ws, row, col, day, e->f.text);
}

static void
put_phone (Export        *e,
           lxw_worksheet *ws,
           lxw_row_t      row,
           lxw_col_t      col,
           const char    *phone)
{
  g_autofree char *masked = NULL;

  if (phone == NULL || phone[0] == '\0')
    return;
  if (e->options->unmasked)
    {
      put_text (e, ws, row, col, phone, e->f.text);
      return;
    }
  masked = kesu_mask_phone (phone);
  put_text (e, ws, row, col, masked, e->f.text);
}

/* Excel refuses []:*?/\ in a sheet name and more than 31 characters; a translation must
 * not break the workbook. */
static char *
sheet_name (const char *label)
{
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (const char *p = label; *p != '\0' && n < MAX_SHEET_NAME; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 128 && strchr ("[]:*?/\\'", (int) c) != NULL)
        c = '_';
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static lxw_format *
new_format (Export     *e,
            const char *num_format,
            gboolean    wrap)
{
  lxw_format *format = workbook_add_format (e->workbook);

  format_set_align (format, LXW_ALIGN_VERTICAL_TOP);
  if (num_format != NULL)
    format_set_num_format (format, num_format);
  if (wrap)
    format_set_text_wrap (format);
  return format;
}

static void
add_formats (Export *e)
{
  Formats *f = &e->f;

  f->title = workbook_add_format (e->workbook);
  format_set_bold (f->title);
  format_set_font_size (f->title, 14);

  f->header = new_format (e, NULL, TRUE);
  format_set_bold (f->header);
  format_set_bg_color (f->header, 0xDCE6F1);
  format_set_bottom (f->header, LXW_BORDER_THIN);

  f->text = new_format (e, NULL, FALSE);
  f->wrap = new_format (e, NULL, TRUE);
  f->datetime = new_format (e, "yyyy-mm-dd hh:mm", FALSE);
  format_set_align (f->datetime, LXW_ALIGN_LEFT);
  f->date = new_format (e, "yyyy-mm-dd", FALSE);
  format_set_align (f->date, LXW_ALIGN_LEFT);
  f->integer = new_format (e, "0", FALSE);
  f->decimal = new_format (e, "0.0", FALSE);
  f->money = new_format (e, "¥#,##0.00", FALSE);
  f->percent = new_format (e, "0.0%", FALSE);
  f->change = new_format (e, "+0;-0;0", FALSE);
  f->change_decimal = new_format (e, "+0.00;-0.00;0.00", FALSE);
  f->change_percent = new_format (e, "+0.0%;-0.0%;0.0%", FALSE);

  f->total_label = new_format (e, NULL, FALSE);
  format_set_bold (f->total_label);
  format_set_top (f->total_label, LXW_BORDER_THIN);
  f->total = new_format (e, "0", FALSE);
  format_set_bold (f->total);
  format_set_top (f->total, LXW_BORDER_THIN);
  f->total_percent = new_format (e, "0.0%", FALSE);
  format_set_bold (f->total_percent);
  format_set_top (f->total_percent, LXW_BORDER_THIN);

  f->overdue = new_format (e, NULL, FALSE);
  format_set_font_color (f->overdue, 0xC00000);
  format_set_bold (f->overdue);
}

/* A header row at row 0 with the column widths. */
typedef struct
{
  const char *title;
  double      width;
} Column;

static void
write_header (Export        *e,
              lxw_worksheet *ws,
              const Column  *columns,
              guint          n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    {
      note_status (e, worksheet_set_column (ws, (lxw_col_t) i, (lxw_col_t) i,
                                            columns[i].width, NULL));
      put_text (e, ws, 0, (lxw_col_t) i, _(columns[i].title), e->f.header);
    }
  worksheet_freeze_panes (ws, 1, 0);
}

/* On paper (the branch meeting): A4, landscape for the wide tables; @fit_width squeezes
 * the sheet to one page across. */
static void
set_paper (lxw_worksheet *ws,
           gboolean       landscape,
           gboolean       fit_width)
{
  worksheet_set_paper (ws, 9);  /* A4 */
  if (landscape)
    worksheet_set_landscape (ws);
  if (fit_width)
    worksheet_fit_to_pages (ws, 1, 0);
}

static gboolean
report_progress (Export  *e,
                 GError **error)
{
  if (e->progress != NULL)
    e->progress (e->written, e->total, e->progress_data);
  return !g_cancellable_set_error_if_cancelled (e->cancellable, error);
}

/* ---- Complaints ---- */

static const Column complaint_columns[] = {
  { N_("Number"), 17 },
  { N_("Received at"), 16 },
  { N_("Channel"), 12 },
  { N_("Received by"), 10 },
  { N_("State"), 11 },
  { N_("Handler"), 10 },
  { N_("Severity"), 10 },
  { N_("Category"), 16 },
  { N_("Customer"), 10 },
  { N_("Phone"), 14 },
  { N_("Other contact"), 14 },
  { N_("Address"), 24 },
  { N_("Vehicle model"), 16 },
  { N_("VIN"), 19 },
  { N_("Plate"), 10 },
  { N_("Purchase date"), 11 },
  { N_("Mileage (km)"), 10 },
  { N_("Contract / repair order"), 16 },
  { N_("Staff involved"), 12 },
  { N_("Occurred on"), 11 },
  { N_("Occurred at"), 14 },
  { N_("What happened"), 40 },
  { N_("Customer’s demand"), 30 },
  { N_("Emotional state"), 10 },
  { N_("Customer type"), 12 },
  { N_("Evidence files"), 8 },
  { N_("First response"), 16 },
  { N_("Next deadline"), 16 },
  { N_("Overdue"), 8 },
  { N_("Waiting on"), 16 },
  { N_("Escalated"), 16 },
  { N_("Cause"), 30 },
  { N_("Responsibility"), 16 },
  { N_("Recurring"), 9 },
  { N_("Solution"), 14 },
  { N_("Agreed measures"), 30 },
  { N_("Amount (CNY)"), 12 },
  { N_("Measures deadline"), 16 },
  { N_("Customer agreed"), 16 },
  { N_("How the customer agreed"), 20 },
  { N_("What was done"), 30 },
  { N_("Satisfaction (1–5)"), 10 },
  { N_("Follow-up comment"), 30 },
  { N_("Closed"), 16 },
  { N_("Days open"), 8 },
  { N_("Times reopened"), 8 },
};

static Tally *
model_tally (Export     *e,
             const char *model)
{
  Tally *tally = g_hash_table_lookup (e->by_model, model);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_hash_table_insert (e->by_model, g_strdup (model), tally);
    }
  return tally;
}

static void
count_in (Tally     *tally,
          KesuState  state,
          gboolean   overdue)
{
  tally->received++;
  if (state == KESU_STATE_CLOSED)
    tally->closed++;
  else if (kesu_state_is_open (state))
    tally->open++;
  if (overdue)
    tally->overdue++;
}

static void
write_complaint_row (Export        *e,
                     lxw_worksheet *ws,
                     lxw_row_t      row,
                     KesuStatement *stmt)
{
  const Formats *f = &e->f;
  gint64 id = kesu_statement_get_int64 (stmt, KESU_ROW_ID);
  gint64 received = kesu_statement_get_int64 (stmt, KESU_ROW_RECEIVED_AT);
  gint64 closed_at = kesu_statement_get_int64 (stmt, KESU_ROW_CLOSED_AT);
  KesuComplaint *open_case = g_hash_table_lookup (e->open_cases, &id);
  KesuState state = KESU_STATE_RECEIVED;
  KesuChannel channel = KESU_CHANNEL_OTHER;
  KesuSeverity severity = KESU_SEVERITY_NORMAL;
  KesuCategory category = KESU_CATEGORY_OTHER;
  KesuEmotion emotion = KESU_EMOTION_CALM;
  KesuCustomerType customer_type = KESU_CUSTOMER_TYPE_UNSPECIFIED;
  KesuResponsibility responsibility = KESU_RESPONSIBILITY_NONE;
  KesuSolution solution = KESU_SOLUTION_NONE;
  gboolean overdue;
  lxw_col_t col = 0;

  kesu_state_from_key (kesu_statement_get_text (stmt, KESU_ROW_STATE), &state);
  kesu_channel_from_key (kesu_statement_get_text (stmt, KESU_ROW_CHANNEL), &channel);
  kesu_severity_from_key (kesu_statement_get_text (stmt, KESU_ROW_SEVERITY), &severity);
  kesu_category_from_key (kesu_statement_get_text (stmt, KESU_ROW_CATEGORY), &category);
  kesu_emotion_from_key (kesu_statement_get_text (stmt, KESU_ROW_EMOTION), &emotion);
  kesu_customer_type_from_key (kesu_statement_get_text (stmt, KESU_ROW_CUSTOMER_TYPE),
                               &customer_type);
  kesu_responsibility_from_key (kesu_statement_get_text (stmt, KESU_ROW_RESPONSIBILITY),
                                &responsibility);
  kesu_solution_from_key (kesu_statement_get_text (stmt, KESU_ROW_SOLUTION), &solution);
  overdue = open_case != NULL && kesu_complaint_is_overdue (open_case);

  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_NUMBER), f->text);
  put_time (e, ws, row, col++, received);
  put_text (e, ws, row, col++, kesu_channel_to_label (channel), f->text);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_RECEIVED_BY), f->text);
  put_text (e, ws, row, col++, kesu_state_to_label (state), f->text);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_HANDLER), f->text);
  put_text (e, ws, row, col++, kesu_severity_to_label (severity), f->text);
  put_text (e, ws, row, col++, kesu_category_to_label (category), f->text);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_CUSTOMER), f->text);
  put_phone (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_PHONE));
  /* The other contact is often a second phone number: masked the same way. */
  put_phone (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_OTHER_CONTACT));
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_ADDRESS), f->wrap);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_VEHICLE_MODEL), f->text);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_VIN), f->text);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_PLATE), f->text);
  put_day (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_PURCHASE_DATE));
  if (!kesu_statement_is_null (stmt, KESU_ROW_MILEAGE))
    put_number (e, ws, row, col, (double) kesu_statement_get_int64 (stmt, KESU_ROW_MILEAGE),
                f->integer);
  col++;
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_ORDER_NUMBER), f->text);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_STAFF_INVOLVED),
            f->text);
  put_day (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_OCCURRED_ON));
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_OCCURRED_PLACE),
            f->wrap);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_DESCRIPTION), f->wrap);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_DEMAND), f->wrap);
  put_text (e, ws, row, col++, kesu_emotion_to_label (emotion), f->text);
  if (customer_type != KESU_CUSTOMER_TYPE_UNSPECIFIED)
    put_text (e, ws, row, col, kesu_customer_type_to_label (customer_type), f->text);
  col++;
  put_number (e, ws, row, col++,
              (double) kesu_statement_get_int64 (stmt, KESU_ROW_N_ATTACHMENTS), f->integer);
  put_time (e, ws, row, col++, kesu_statement_get_int64 (stmt, KESU_ROW_FIRST_RESPONSE_AT));
  put_time (e, ws, row, col++, open_case != NULL ? kesu_complaint_get_next_due (open_case) : 0);
  if (overdue)
    put_text (e, ws, row, col, _("Overdue"), f->overdue);
  col++;
  if (!kesu_statement_is_null (stmt, KESU_ROW_WAITING_SINCE))
    {
      const char *reason = kesu_statement_get_text (stmt, KESU_ROW_WAITING_REASON);

      put_text (e, ws, row, col, reason[0] != '\0' ? reason : _("Waiting"), f->wrap);
    }
  col++;
  put_time (e, ws, row, col++, kesu_statement_get_int64 (stmt, KESU_ROW_ESCALATED_AT));
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_CAUSE), f->wrap);
  if (responsibility != KESU_RESPONSIBILITY_NONE)
    put_text (e, ws, row, col, kesu_responsibility_to_label (responsibility), f->text);
  col++;
  if (kesu_statement_get_int64 (stmt, KESU_ROW_RECURRING) != 0)
    put_text (e, ws, row, col, _("Yes"), f->text);
  col++;
  if (solution != KESU_SOLUTION_NONE)
    put_text (e, ws, row, col, kesu_solution_to_label (solution), f->text);
  col++;
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_MEASURES), f->wrap);
  if (!kesu_statement_is_null (stmt, KESU_ROW_AMOUNT_FEN))
    put_number (e, ws, row, col,
                (double) kesu_statement_get_int64 (stmt, KESU_ROW_AMOUNT_FEN) / 100.0, f->money);
  col++;
  put_time (e, ws, row, col++, kesu_statement_get_int64 (stmt, KESU_ROW_SOLUTION_DEADLINE));
  put_time (e, ws, row, col++, kesu_statement_get_int64 (stmt, KESU_ROW_AGREED_AT));
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_AGREEMENT_NOTE), f->wrap);
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_MEASURES_RESULT),
            f->wrap);
  if (!kesu_statement_is_null (stmt, KESU_ROW_SATISFACTION))
    put_number (e, ws, row, col,
                (double) kesu_statement_get_int64 (stmt, KESU_ROW_SATISFACTION), f->integer);
  col++;
  put_text (e, ws, row, col++, kesu_statement_get_text (stmt, KESU_ROW_SATISFACTION_COMMENT),
            f->wrap);
  put_time (e, ws, row, col++, state == KESU_STATE_CLOSED ? closed_at : 0);
  /* Days open: until closed, or until now while the case is open; a withdrawn case has
   * no end to count to. */
  if (state == KESU_STATE_CLOSED && closed_at > 0)
    put_number (e, ws, row, col, MAX (0, closed_at - received) / 86400.0, f->decimal);
  else if (kesu_state_is_open (state))
    put_number (e, ws, row, col, MAX (0, e->now - received) / 86400.0, f->decimal);
  col++;
  put_number (e, ws, row, col++, (double) kesu_statement_get_int64 (stmt, KESU_ROW_REOPEN_COUNT),
              f->integer);
  g_assert (col == G_N_ELEMENTS (complaint_columns));

  count_in (&e->by_category[category], state, overdue);
  count_in (&e->by_channel[channel], state, overdue);
  count_in (model_tally (e, kesu_statement_get_text (stmt, KESU_ROW_VEHICLE_MODEL)), state,
            overdue);
}

static gboolean
write_complaints (Export  *e,
                  GError **error)
{
  lxw_worksheet *ws = e->sheets[SHEET_COMPLAINTS];
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  lxw_row_t row = 1;

  write_header (e, ws, complaint_columns, G_N_ELEMENTS (complaint_columns));
  /* Too wide for one page: every page repeats the header and the complaint number. */
  set_paper (ws, TRUE, FALSE);
  note_status (e, worksheet_repeat_rows (ws, 0, 0));
  note_status (e, worksheet_repeat_columns (ws, 0, 0));

  stmt = kesu_xlsx_query_rows (e->store, e->start, e->end, error);
  if (stmt == NULL)
    return FALSE;
  while (kesu_statement_step (stmt, &local))
    {
      /* The count was taken before: complaints added since are left for the next export,
       * so that the figures and the rows agree. */
      if (e->written >= e->total)
        break;
      write_complaint_row (e, ws, row++, stmt);
      e->written++;
      if (e->written % PROGRESS_STEP == 0 && !report_progress (e, error))
        {
          kesu_statement_reset (stmt);
          return FALSE;
        }
    }
  kesu_statement_reset (stmt);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  note_status (e, worksheet_autofilter (ws, 0, 0, MAX (row - 1, 1),
                                        G_N_ELEMENTS (complaint_columns) - 1));
  return TRUE;
}

/* ---- breakdowns: a table and a column chart each ---- */

static const Column breakdown_columns[] = {
  { NULL, 28 },  /* the breakdown's own title */
  { N_("Complaints received"), 11 },
  { N_("Still open"), 11 },
  { N_("Closed"), 11 },
  { N_("Overdue now"), 11 },
  { N_("Share"), 9 },
};

static void
write_breakdown (Export        *e,
                 lxw_worksheet *ws,
                 const char    *name,          /* the sheet's */
                 const char    *what,          /* the first column's title */
                 const char    *chart_title,
                 const char   **labels,
                 const Tally   *tallies,
                 guint          n,
                 guint          n_charted)
{
  const Formats *f = &e->f;
  Tally sum = { 0, };
  lxw_chart *chart;
  lxw_chart_series *series;
  lxw_chart_options chart_options = { 0, };
  lxw_row_t row;

  for (guint i = 0; i < G_N_ELEMENTS (breakdown_columns); i++)
    {
      note_status (e, worksheet_set_column (ws, (lxw_col_t) i, (lxw_col_t) i,
                                            breakdown_columns[i].width, NULL));
      put_text (e, ws, 0, (lxw_col_t) i,
                i == 0 ? what : _(breakdown_columns[i].title), f->header);
    }
  worksheet_freeze_panes (ws, 1, 0);
  set_paper (ws, TRUE, TRUE);

  for (guint i = 0; i < n; i++)
    {
      sum.received += tallies[i].received;
      sum.open += tallies[i].open;
      sum.closed += tallies[i].closed;
      sum.overdue += tallies[i].overdue;
    }

  for (row = 1; row <= n; row++)
    {
      const Tally *t = &tallies[row - 1];

      put_text (e, ws, row, 0, labels[row - 1], f->text);
      put_number (e, ws, row, 1, t->received, f->integer);
      put_number (e, ws, row, 2, t->open, f->integer);
      put_number (e, ws, row, 3, t->closed, f->integer);
      put_number (e, ws, row, 4, t->overdue, f->integer);
      if (sum.received > 0)
        put_number (e, ws, row, 5, (double) t->received / sum.received, f->percent);
    }
  put_text (e, ws, row, 0, _("Total"), f->total_label);
  put_number (e, ws, row, 1, sum.received, f->total);
  put_number (e, ws, row, 2, sum.open, f->total);
  put_number (e, ws, row, 3, sum.closed, f->total);
  put_number (e, ws, row, 4, sum.overdue, f->total);
  put_number (e, ws, row, 5, sum.received > 0 ? 1.0 : 0.0, f->total_percent);

  chart = workbook_add_chart (e->workbook, LXW_CHART_COLUMN);
  series = chart_add_series (chart, NULL, NULL);
  n_charted = MAX (1, MIN (n, n_charted));
  chart_series_set_categories (series, name, 1, 0, n_charted, 0);
  chart_series_set_values (series, name, 1, 1, n_charted, 1);
  chart_series_set_name_range (series, name, 0, 1);
  chart_title_set_name (chart, chart_title);
  chart_legend_set_position (chart, LXW_CHART_LEGEND_NONE);
  chart_axis_set_min (chart->y_axis, 0);
  chart_options.x_scale = 1.6;
  chart_options.y_scale = 1.4;
  chart_options.description = (char *) chart_title;
  note_status (e, worksheet_insert_chart_opt (ws, 1, G_N_ELEMENTS (breakdown_columns) + 1,
                                              chart, &chart_options));
}

static int
compare_models (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  GHashTable *by_model = data;
  const char *ma = *(const char *const *) a;
  const char *mb = *(const char *const *) b;
  const Tally *ta = g_hash_table_lookup (by_model, ma);
  const Tally *tb = g_hash_table_lookup (by_model, mb);

  if (ta->received != tb->received)
    return ta->received > tb->received ? -1 : 1;
  /* "Not given" last among equals. */
  if ((ma[0] == '\0') != (mb[0] == '\0'))
    return ma[0] == '\0' ? 1 : -1;
  return g_utf8_collate (ma, mb);
}

static void
write_breakdowns (Export *e)
{
  const char *labels[MAX ((int) KESU_N_CATEGORIES, (int) KESU_N_CHANNELS)];
  g_autofree char *category_name = sheet_name (_("By Category"));
  g_autofree char *model_name = sheet_name (_("By Vehicle Model"));
  g_autofree char *channel_name = sheet_name (_("By Channel"));
  g_autofree const char **models = NULL;
  g_autofree const char **model_labels = NULL;
  g_autofree Tally *model_tallies = NULL;
  guint n_models;

  for (guint i = 0; i < KESU_N_CATEGORIES; i++)
    labels[i] = kesu_category_to_label (i);
  write_breakdown (e, e->sheets[SHEET_CATEGORY], category_name, _("Category"),
                   _("Complaints by category"), labels, e->by_category, KESU_N_CATEGORIES,
                   KESU_N_CATEGORIES);

  models = (const char **) g_hash_table_get_keys_as_array (e->by_model, &n_models);
  g_qsort_with_data (models, (gint) n_models, sizeof (char *), compare_models, e->by_model);
  model_labels = g_new0 (const char *, n_models + 1);
  model_tallies = g_new0 (Tally, n_models + 1);
  for (guint i = 0; i < n_models; i++)
    {
      model_labels[i] = models[i][0] != '\0' ? models[i] : _("Not given");
      model_tallies[i] = *(Tally *) g_hash_table_lookup (e->by_model, models[i]);
    }
  write_breakdown (e, e->sheets[SHEET_MODEL], model_name, _("Vehicle model"),
                   _("Complaints by vehicle model"), model_labels, model_tallies, n_models,
                   MAX_CHART_MODELS);

  for (guint i = 0; i < KESU_N_CHANNELS; i++)
    labels[i] = kesu_channel_to_label (i);
  write_breakdown (e, e->sheets[SHEET_CHANNEL], channel_name, _("Channel"),
                   _("Complaints by channel"), labels, e->by_channel, KESU_N_CHANNELS,
                   KESU_N_CHANNELS);
}

/* ---- Overdue ---- */

static const Column overdue_columns[] = {
  { N_("Number"), 17 },
  { N_("Received at"), 16 },
  { N_("Customer"), 10 },
  { N_("Phone"), 14 },
  { N_("Vehicle model"), 16 },
  { N_("Category"), 16 },
  { N_("Severity"), 10 },
  { N_("State"), 11 },
  { N_("Handler"), 10 },
  { N_("Deadline"), 16 },
  { N_("Days overdue"), 10 },
  { N_("Overdue by"), 12 },
  { N_("Escalated"), 9 },
};

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  gint64 da = kesu_complaint_get_next_due (*(KesuComplaint **) a);
  gint64 db = kesu_complaint_get_next_due (*(KesuComplaint **) b);

  return da < db ? -1 : da > db;
}

static void
write_overdue (Export *e)
{
  lxw_worksheet *ws = e->sheets[SHEET_OVERDUE];
  const Formats *f = &e->f;
  lxw_row_t row = 1;

  write_header (e, ws, overdue_columns, G_N_ELEMENTS (overdue_columns));
  set_paper (ws, TRUE, TRUE);
  note_status (e, worksheet_repeat_rows (ws, 0, 0));
  g_ptr_array_sort (e->overdue, compare_due);
  for (guint i = 0; i < e->overdue->len; i++, row++)
    {
      KesuComplaint *c = g_ptr_array_index (e->overdue, i);
      const KesuIntake *intake = kesu_complaint_get_intake (c);
      gint64 late = MAX (0, e->now - kesu_complaint_get_next_due (c));
      g_autofree char *late_text = kesu_format_duration (late);
      lxw_col_t col = 0;

      put_text (e, ws, row, col++, kesu_complaint_get_number (c), f->text);
      put_time (e, ws, row, col++, kesu_complaint_get_received_unix (c));
      put_text (e, ws, row, col++, intake->customer_name, f->text);
      put_phone (e, ws, row, col++, intake->customer_phone);
      put_text (e, ws, row, col++, intake->vehicle_model, f->text);
      put_text (e, ws, row, col++, kesu_category_to_label (intake->category), f->text);
      put_text (e, ws, row, col++, kesu_severity_to_label (intake->severity), f->text);
      put_text (e, ws, row, col++, kesu_state_to_label (kesu_complaint_get_state (c)), f->text);
      put_text (e, ws, row, col++, kesu_complaint_get_handler_name (c), f->text);
      put_time (e, ws, row, col++, kesu_complaint_get_next_due (c));
      put_number (e, ws, row, col++, late / 86400.0, f->decimal);
      put_text (e, ws, row, col++, late_text, f->overdue);
      if (kesu_complaint_is_escalated (c))
        put_text (e, ws, row, col, _("Yes"), f->text);
      col++;
      g_assert (col == G_N_ELEMENTS (overdue_columns));
    }
  note_status (e, worksheet_autofilter (ws, 0, 0, MAX (row - 1, 1),
                                        G_N_ELEMENTS (overdue_columns) - 1));
}

/* ---- Summary ---- */

typedef enum
{
  FIGURE_COUNT,
  FIGURE_SHARE,
  FIGURE_AVERAGE,
} FigureKind;

static void
write_figure (Export        *e,
              lxw_worksheet *ws,
              lxw_row_t      row,
              const char    *label,
              FigureKind     kind,
              gboolean       have_now,
              double         now,
              gboolean       have_before,
              double         before)
{
  const Formats *f = &e->f;
  lxw_format *value_format = kind == FIGURE_COUNT ? f->integer
                             : kind == FIGURE_SHARE ? f->percent : f->decimal;
  lxw_format *change_format = kind == FIGURE_COUNT ? f->change
                              : kind == FIGURE_SHARE ? f->change_percent : f->change_decimal;

  put_text (e, ws, row, 0, label, f->text);
  if (have_now)
    put_number (e, ws, row, 1, now, value_format);
  if (have_before)
    put_number (e, ws, row, 2, before, value_format);
  if (have_now && have_before)
    {
      /* A share changes in percentage points; counts and averages also relatively. */
      put_number (e, ws, row, 3, now - before, change_format);
      if (kind != FIGURE_SHARE && before != 0)
        put_number (e, ws, row, 4, (now - before) / before, f->change_percent);
    }
}

static guint
count_overdue_in (Export *e,
                  gint64  start,
                  gint64  end)
{
  guint n = 0;

  for (guint i = 0; i < e->overdue->len; i++)
    {
      gint64 received = kesu_complaint_get_received_unix (g_ptr_array_index (e->overdue, i));

      if (received >= start && received < end)
        n++;
    }
  return n;
}

static gboolean
write_summary (Export  *e,
               GError **error)
{
  static const Column columns[] = {
    { N_("Figure"), 44 },
    { N_("This period"), 16 },
    { N_("Previous period"), 16 },
    { N_("Change"), 10 },
    { N_("Change (%)"), 10 },
  };
  lxw_worksheet *ws = e->sheets[SHEET_SUMMARY];
  const Formats *f = &e->f;
  KesuPeriodFigures now, before;
  g_autoptr(KesuBranch) branch = kesu_store_get_branch (e->store);
  g_autofree char *period = format_period (&e->options->first_day, &e->options->last_day,
                                           e->options->whole_month, " – ");
  g_autofree char *prev_period = format_period (&e->prev_first, &e->prev_last,
                                                e->options->whole_month, " – ");
  g_autofree char *title = NULL;
  g_autofree char *overdue_note = NULL;
  lxw_row_t row = 0;

  if (!kesu_xlsx_query_figures (e->store, e->start, e->end, &now, error) ||
      !kesu_xlsx_query_figures (e->store, e->prev_start, e->prev_end, &before, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    note_status (e, worksheet_set_column (ws, (lxw_col_t) i, (lxw_col_t) i, columns[i].width,
                                          NULL));
  set_paper (ws, FALSE, TRUE);

  /* Translators: the title of the Excel summary: the branch's name and the period */
  title = g_strdup_printf (_("%s — complaints, %s"),
                           branch != NULL ? branch->name : "", period);
  put_text (e, ws, row++, 0, title, f->title);
  row++;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    put_text (e, ws, row, (lxw_col_t) i, _(columns[i].title), f->header);
  worksheet_freeze_panes (ws, row + 1, 0);
  row++;

  write_figure (e, ws, row++, _("Complaints received"), FIGURE_COUNT,
                TRUE, now.received, TRUE, before.received);
  for (guint s = 0; s < KESU_N_SEVERITIES; s++)
    {
      /* Translators: a line of the Excel summary; %s is a severity ("Important") */
      g_autofree char *label = g_strdup_printf (_("    of them %s"), kesu_severity_to_label (s));

      write_figure (e, ws, row++, label, FIGURE_COUNT,
                    TRUE, now.by_severity[s], TRUE, before.by_severity[s]);
    }
  write_figure (e, ws, row++, _("Closed"), FIGURE_COUNT, TRUE, now.closed, TRUE, before.closed);
  write_figure (e, ws, row++, _("Withdrawn"), FIGURE_COUNT,
                TRUE, now.withdrawn, TRUE, before.withdrawn);
  write_figure (e, ws, row++, _("Still open"), FIGURE_COUNT, TRUE, now.open, TRUE, before.open);
  write_figure (e, ws, row++, _("Overdue now"), FIGURE_COUNT,
                TRUE, count_overdue_in (e, e->start, e->end),
                TRUE, count_overdue_in (e, e->prev_start, e->prev_end));
  write_figure (e, ws, row++, _("Closed within the time limit"), FIGURE_SHARE,
                now.n_closed_timed > 0, (double) now.closed_on_time / MAX (1, now.n_closed_timed),
                before.n_closed_timed > 0,
                (double) before.closed_on_time / MAX (1, before.n_closed_timed));
  write_figure (e, ws, row++, _("Average days to close"), FIGURE_AVERAGE,
                now.n_closed_timed > 0, now.days_to_close_sum / MAX (1, now.n_closed_timed),
                before.n_closed_timed > 0,
                before.days_to_close_sum / MAX (1, before.n_closed_timed));
  write_figure (e, ws, row++, _("Average satisfaction (1–5)"), FIGURE_AVERAGE,
                now.n_rated > 0, now.satisfaction_sum / MAX (1, now.n_rated),
                before.n_rated > 0, before.satisfaction_sum / MAX (1, before.n_rated));
  row++;

  put_text (e, ws, row, 0, _("Period"), f->text);
  put_text (e, ws, row++, 1, period, f->text);
  put_text (e, ws, row, 0, _("Previous period"), f->text);
  put_text (e, ws, row++, 1, prev_period, f->text);
  put_text (e, ws, row, 0, _("Exported"), f->text);
  put_time (e, ws, row++, 1, e->now);
  put_text (e, ws, row, 0, _("Phone numbers"), f->text);
  put_text (e, ws, row++, 1,
            e->options->unmasked ? _("Shown in full") : _("Masked (138****1234)"), f->text);
  overdue_note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u open case of any period is past its "
                                               "deadline now: see the sheet “%s”.",
                                               "%u open cases of any period are past their "
                                               "deadline now: see the sheet “%s”.",
                                               e->overdue->len),
                                  e->overdue->len, _("Overdue"));
  put_text (e, ws, row++, 0, overdue_note, f->text);
  return TRUE;
}

/* ---- the whole workbook ---- */

static gint64
local_midnight (const GDate *day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (day),
                                                   g_date_get_month (day),
                                                   g_date_get_day (day), 0, 0, 0);

  return g_date_time_to_unix (dt);
}

static void
set_periods (Export *e)
{
  const KesuExportOptions *o = e->options;
  GDate after = o->last_day;

  g_date_add_days (&after, 1);
  e->start = local_midnight (&o->first_day);
  e->end = local_midnight (&after);

  if (o->whole_month)
    {
      e->prev_first = o->first_day;
      g_date_subtract_months (&e->prev_first, 1);
      e->prev_last = o->first_day;
      g_date_subtract_days (&e->prev_last, 1);
    }
  else
    {
      guint n_days = (guint) g_date_days_between (&o->first_day, &o->last_day) + 1;

      e->prev_last = o->first_day;
      g_date_subtract_days (&e->prev_last, 1);
      e->prev_first = o->first_day;
      g_date_subtract_days (&e->prev_first, n_days);
    }
  e->prev_start = local_midnight (&e->prev_first);
  e->prev_end = e->start;
}

/* The open cases with their deadlines, as the board works them out. */
static gboolean
load_open_cases (Export  *e,
                 GError **error)
{
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(GListModel) open = NULL;
  guint n;

  filter->open_only = TRUE;
  open = kesu_store_query_complaints (e->store, filter, error);
  if (open == NULL)
    return FALSE;
  n = g_list_model_get_n_items (open);
  for (guint i = 0; i < n; i++)
    {
      KesuComplaint *c = g_list_model_get_item (open, i);
      gint64 *id = g_new (gint64, 1);

      *id = kesu_complaint_get_id (c);
      if (kesu_complaint_is_overdue (c))
        g_ptr_array_add (e->overdue, g_object_ref (c));
      g_hash_table_insert (e->open_cases, id, c);
    }
  return TRUE;
}

static gboolean
add_sheets (Export  *e,
            GError **error)
{
  const char *labels[] = {
    _("Summary"), _("Complaints"), _("By Category"), _("By Vehicle Model"), _("By Channel"),
    _("Overdue"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (((Export *) NULL)->sheets));

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *name = sheet_name (labels[i]);

      e->sheets[i] = workbook_add_worksheet (e->workbook, name);
      if (e->sheets[i] == NULL)
        {
          g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                       _("Could not start the sheet “%s” (is the disk full?)."), name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Drops a workbook that will not be written: libxlsxwriter has no "abort", and frees
 * everything but the constant-memory row files, which we close here. */
static void
abandon_workbook (Export *e)
{
  for (guint i = 0; i < G_N_ELEMENTS (e->sheets); i++)
    {
      if (e->sheets[i] != NULL && e->sheets[i]->optimize_tmpfile != NULL)
        {
          fclose (e->sheets[i]->optimize_tmpfile);
          e->sheets[i]->optimize_tmpfile = NULL;
          e->sheets[i]->file = NULL;
        }
    }
  lxw_workbook_free (e->workbook);
  e->workbook = NULL;
}

static gboolean
write_workbook (Export  *e,
                GError **error)
{
  if (!add_sheets (e, error))
    return FALSE;
  add_formats (e);

  if (!load_open_cases (e, error) ||
      !kesu_xlsx_query_count (e->store, e->start, e->end, &e->total, error))
    return FALSE;
  if (e->total >= KESU_XLSX_MAX_ROWS)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The period holds %u complaints, more than an Excel sheet takes "
                     "(%u). Choose a shorter period."),
                   e->total, KESU_XLSX_MAX_ROWS - 1);
      return FALSE;
    }
  if (!report_progress (e, error))
    return FALSE;

  /* In constant-memory mode each sheet keeps its own row file: the sheets may be filled
   * in any order, each one top to bottom.  The Summary comes last, when all is known. */
  if (!write_complaints (e, error))
    return FALSE;
  write_breakdowns (e);
  write_overdue (e);
  if (!write_summary (e, error))
    return FALSE;
  worksheet_activate (e->sheets[SHEET_SUMMARY]);

  if (e->lxw_status != LXW_NO_ERROR)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_IO, _("Could not fill the workbook: %s"),
                   lxw_strerror (e->lxw_status));
      return FALSE;
    }
  return report_progress (e, error);
}

static void
export_clear (Export *e)
{
  g_clear_pointer (&e->open_cases, g_hash_table_unref);
  g_clear_pointer (&e->tz, g_time_zone_unref);
  g_clear_pointer (&e->overdue, g_ptr_array_unref);
  g_clear_pointer (&e->by_model, g_hash_table_unref);
}

gboolean
kesu_xlsx_export (KesuStore               *store,
                  const KesuExportOptions *options,
                  KesuProgressFunc         progress,
                  gpointer                 data,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  Export e = { 0, };
  g_autofree char *dir = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
#ifdef G_OS_WIN32
  g_autofree char *lxw_tmp_path = NULL;
  g_autofree char *lxw_dir = NULL;
#endif
  lxw_workbook_options workbook_options = { 0, };
  lxw_error status;
  int fd;
  gboolean ok;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL && options->path != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (&options->first_day), FALSE);
  g_return_val_if_fail (g_date_valid (&options->last_day), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  display = g_filename_display_name (options->path);
  dir = g_path_get_dirname (options->path);

  /* A temporary file beside the target, so that the rename replaces it in one step and
   * a failed or cancelled export leaves the old file (or none) as it was. */
  tmp_path = g_strconcat (options->path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);

  e.store = store;
  e.options = options;
  e.progress = progress;
  e.progress_data = data;
  e.cancellable = cancellable;
  e.now = kesu_clock_now_unix ();
  e.tz = g_time_zone_new_local ();
  e.open_cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  e.overdue = g_ptr_array_new_with_free_func (g_object_unref);
  e.by_model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set_periods (&e);

  workbook_options.constant_memory = LXW_TRUE;
#ifdef G_OS_WIN32
  /* libxlsxwriter opens files with the C library's fopen (), which takes the system code
   * page, not UTF-8: give it names it can open (8.3 short names where needed; both the
   * folder and the temporary file exist by now). */
  lxw_tmp_path = g_win32_locale_filename_from_utf8 (tmp_path);
  lxw_dir = g_win32_locale_filename_from_utf8 (dir);
  workbook_options.tmpdir = lxw_dir;
  e.workbook = lxw_tmp_path != NULL && lxw_dir != NULL
               ? workbook_new_opt (lxw_tmp_path, &workbook_options) : NULL;
#else
  workbook_options.tmpdir = dir;
  e.workbook = workbook_new_opt (tmp_path, &workbook_options);
#endif
  if (e.workbook == NULL)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                   _("Could not start the workbook “%s”."), display);
      g_remove (tmp_path);
      export_clear (&e);
      return FALSE;
    }
  workbook_set_properties (e.workbook, &(lxw_doc_properties) {
                             .title = (char *) _("Complaints"),
                             .author = (char *) "Kesu",
                           });

  if (!write_workbook (&e, error))
    {
      abandon_workbook (&e);
      g_remove (tmp_path);
      export_clear (&e);
      return FALSE;
    }

  status = workbook_close (e.workbook);
  e.workbook = NULL;
  export_clear (&e);
  ok = status == LXW_NO_ERROR;
  if (!ok)
    g_set_error (error, KESU_ERROR, KESU_ERROR_IO, _("Could not write “%s”: %s"), display,
                 lxw_strerror (status));
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (g_rename (tmp_path, options->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_remove (tmp_path);
  return ok;
}
