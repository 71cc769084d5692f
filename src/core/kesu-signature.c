/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-signature"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-enums-private.h"
#include "kesu-sanbao-private.h"
#include "kesu-error.h"
#include "kesu-signature.h"
#include "kesu-store-private.h"
#include "kesu-store.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

/* A signature is a name written across the pad: fewer strokes than this, all inside a
 * box smaller than DOT_EXTENT of the pad, is a dot or a tick. */
#define MIN_STROKES      2
#define DOT_EXTENT       0.15
/* Even many strokes inside a box this small are a scribble in a corner. */
#define TINY_EXTENT      0.05
#define MIN_POINTS       8
#define MAX_POINTS       100000
#define MAX_PNG_BYTES    (4 * 1024 * 1024)

static const KesuEnumInfo purposes[] = {
  { "intake", N_("Intake record") },
  { "agreement", N_("Solution agreement") },
  { "agreement-branch", N_("Solution agreement (branch)") },
  { "closing", N_("Closing") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (purposes) == KESU_N_SIGNATURE_PURPOSES);

KESU_DEFINE_ENUM_FUNCS (KesuSignaturePurpose, signature_purpose, purposes, NULL)

void
kesu_signature_free (KesuSignature *signature)
{
  if (signature == NULL)
    return;
  g_clear_pointer (&signature->png, g_bytes_unref);
  g_clear_pointer (&signature->strokes, g_ptr_array_unref);
  g_free (signature->content_sha256);
  g_free (signature->declined_reason);
  g_free (signature);
}

/* ---- strokes as JSON ---- */

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Four decimals of the pad's size is far finer than a pen: short, and stable. */
  g_ascii_formatd (buffer, sizeof buffer, "%.4f", value);
  g_string_append (out, buffer);
}

char *
kesu_strokes_to_json (GPtrArray *strokes)
{
  GString *out = g_string_new ("[");

  for (guint s = 0; strokes != NULL && s < strokes->len; s++)
    {
      GArray *points = g_ptr_array_index (strokes, s);

      if (s > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      for (guint i = 0; points != NULL && i < points->len; i++)
        {
          const KesuStrokePoint *p = &g_array_index (points, KesuStrokePoint, i);

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '[');
          append_number (out, p->x);
          g_string_append_c (out, ',');
          append_number (out, p->y);
          g_string_append_c (out, ',');
          append_number (out, p->pressure);
          g_string_append_printf (out, ",%" G_GINT64_FORMAT "]", p->time_ms);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *p;
} Parser;

static void
skip_space (Parser *parser)
{
  while (*parser->p == ' ' || *parser->p == '\n' || *parser->p == '\t' || *parser->p == '\r')
    parser->p++;
}

static gboolean
expect (Parser *parser,
        char    c)
{
  skip_space (parser);
  if (*parser->p != c)
    return FALSE;
  parser->p++;
  return TRUE;
}

/* TRUE and moves past @c when it comes next. */
static gboolean
peek_take (Parser *parser,
           char    c)
{
  skip_space (parser);
  if (*parser->p != c)
    return FALSE;
  parser->p++;
  return TRUE;
}

static gboolean
parse_number (Parser *parser,
              double *out)
{
  char *end = NULL;
  double value;

  skip_space (parser);
  /* JSON numbers only: no "nan", "inf" or hex that strtod would take. */
  if (!(g_ascii_isdigit (*parser->p) || *parser->p == '-'))
    return FALSE;
  value = g_ascii_strtod (parser->p, &end);
  if (end == parser->p || !isfinite (value))
    return FALSE;
  parser->p = end;
  *out = value;
  return TRUE;
}

static GArray *
new_stroke (void)
{
  return g_array_new (FALSE, FALSE, sizeof (KesuStrokePoint));
}

static gboolean
parse_strokes (Parser    *parser,
               GPtrArray *strokes)
{
  if (!expect (parser, '['))
    return FALSE;
  if (peek_take (parser, ']'))
    return TRUE;
  do
    {
      GArray *points = new_stroke ();

      g_ptr_array_add (strokes, points);
      if (!expect (parser, '['))
        return FALSE;
      if (peek_take (parser, ']'))
        continue;
      do
        {
          double v[4];
          KesuStrokePoint point;

          if (!expect (parser, '['))
            return FALSE;
          for (guint i = 0; i < G_N_ELEMENTS (v); i++)
            if ((i > 0 && !expect (parser, ',')) || !parse_number (parser, &v[i]))
              return FALSE;
          if (!expect (parser, ']'))
            return FALSE;
          point.x = v[0];
          point.y = v[1];
          point.pressure = v[2];
          point.time_ms = (gint64) v[3];
          g_array_append_val (points, point);
        }
      while (peek_take (parser, ','));
      if (!expect (parser, ']'))
        return FALSE;
    }
  while (peek_take (parser, ','));
  return expect (parser, ']');
}

GPtrArray *
kesu_strokes_from_json (const char  *json,
                        GError     **error)
{
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  Parser parser = { json };
  gboolean ok = json != NULL && parse_strokes (&parser, strokes);

  if (ok)
    {
      skip_space (&parser);
      ok = *parser.p == '\0';
    }
  if (!ok)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The signature's strokes are damaged and cannot be read."));
      return NULL;
    }
  return g_steal_pointer (&strokes);
}

/* ---- drawing ---- */

static double
stroke_width (double height,
              double pressure)
{
  double base = MAX (1.5, height * 0.016);

  /* A light touch still leaves a line; a hard press about twice as thick. */
  return base * (0.45 + 1.1 * CLAMP (pressure, 0.0, 1.0));
}

void
kesu_strokes_draw (cairo_t   *cr,
                   GPtrArray *strokes,
                   double     width,
                   double     height)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint s = 0; strokes != NULL && s < strokes->len; s++)
    {
      GArray *points = g_ptr_array_index (strokes, s);
      const KesuStrokePoint *p;

      if (points == NULL || points->len == 0)
        continue;
      p = (const KesuStrokePoint *) points->data;

      if (points->len == 1)
        {
          cairo_arc (cr, p[0].x * width, p[0].y * height,
                     stroke_width (height, p[0].pressure) / 2, 0, 2 * G_PI);
          cairo_fill (cr);
          continue;
        }

      /* Through the midpoints, with each point as the control of a quadratic curve: a
       * smooth line however coarse the device's events; each piece as wide as its
       * point's pressure says. */
      for (guint i = 0; i + 1 < points->len; i++)
        {
          double x0 = i == 0 ? p[0].x : (p[i - 1].x + p[i].x) / 2;
          double y0 = i == 0 ? p[0].y : (p[i - 1].y + p[i].y) / 2;
          double x2 = i + 2 == points->len ? p[i + 1].x : (p[i].x + p[i + 1].x) / 2;
          double y2 = i + 2 == points->len ? p[i + 1].y : (p[i].y + p[i + 1].y) / 2;
          double cx = i == 0 ? x0 : p[i].x;
          double cy = i == 0 ? y0 : p[i].y;

          x0 *= width;
          y0 *= height;
          x2 *= width;
          y2 *= height;
          cx *= width;
          cy *= height;
          cairo_move_to (cr, x0, y0);
          /* The quadratic as a cubic. */
          cairo_curve_to (cr, x0 + 2.0 / 3.0 * (cx - x0), y0 + 2.0 / 3.0 * (cy - y0),
                          x2 + 2.0 / 3.0 * (cx - x2), y2 + 2.0 / 3.0 * (cy - y2), x2, y2);
          cairo_set_line_width (cr, stroke_width (height, (p[i].pressure + p[i + 1].pressure) / 2));
          cairo_stroke (cr);
        }
    }
}

static cairo_status_t
append_to_byte_array_cb (void                *closure,
                         const unsigned char *data,
                         unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
kesu_strokes_to_png (GPtrArray *strokes,
                     int        width,
                     int        height)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;
  cairo_status_t status;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.07, 0.11, 0.32);
  kesu_strokes_draw (cr, strokes, width, height);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_to_byte_array_cb, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("The signature could not be drawn: %s", cairo_status_to_string (status));
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

gboolean
kesu_strokes_check (GPtrArray  *strokes,
                    GError    **error)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n_points = 0, n_strokes = 0;
  double extent;

  for (guint s = 0; strokes != NULL && s < strokes->len; s++)
    {
      GArray *points = g_ptr_array_index (strokes, s);

      if (points == NULL || points->len == 0)
        continue;
      n_strokes++;
      for (guint i = 0; i < points->len; i++)
        {
          const KesuStrokePoint *p = &g_array_index (points, KesuStrokePoint, i);

          if (!isfinite (p->x) || !isfinite (p->y) || !isfinite (p->pressure))
            {
              g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                                   _("The signature's strokes are damaged and cannot be read."));
              return FALSE;
            }
          min_x = MIN (min_x, p->x);
          max_x = MAX (max_x, p->x);
          min_y = MIN (min_y, p->y);
          max_y = MAX (max_y, p->y);
          n_points++;
        }
    }

  if (n_points == 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Nothing has been signed yet: ask the customer to sign in the "
                             "box."));
      return FALSE;
    }
  if (n_points > MAX_POINTS)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The signature is too long: clear the pad and sign again."));
      return FALSE;
    }

  extent = MAX (max_x - min_x, max_y - min_y);
  if (n_points < MIN_POINTS || extent < TINY_EXTENT
      || (n_strokes < MIN_STROKES && extent < DOT_EXTENT))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("This looks like a dot or a tick, not a signature: ask the "
                             "customer to sign their name across the box."));
      return FALSE;
    }
  return TRUE;
}

/* ---- the signed content ---- */

/* One "key: value" line; the value trimmed, line ends made "\n", and backslashes and
 * line breaks escaped so that every field is exactly one line. */
static void
append_field (GString    *out,
              const char *key,
              const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));

  g_string_append (out, key);
  g_string_append (out, ": ");
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\r' && p[1] == '\n')
        continue;
      else if (*p == '\n' || *p == '\r')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\n');
}

typedef gboolean (*NormalizeFunc) (const char *text, char **normalized, GError **error);

/* @text in the form the store keeps it, so that the text typed and the text read back
 * from the store give the same content. */
static char *
normalized (const char    *text,
            NormalizeFunc  func)
{
  char *result = NULL;

  if (kesu_text_is_blank (text))
    return g_strdup ("");
  if (func (text, &result, NULL))
    return result;
  return g_strstrip (g_strdup (text));
}

static char *
normalized_date (const char *text)
{
  GDate date;
  char buffer[16];

  if (kesu_text_is_blank (text))
    return g_strdup ("");
  if (!kesu_validate_date (text, &date, NULL))
    return g_strstrip (g_strdup (text));
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
  return g_strdup (buffer);
}

static char *
normalized_mileage (const char *text)
{
  gint64 km;

  if (kesu_text_is_blank (text))
    return g_strdup ("");
  if (!kesu_validate_mileage (text, &km, NULL))
    return g_strstrip (g_strdup (text));
  return g_strdup_printf ("%" G_GINT64_FORMAT, km);
}

char *
kesu_intake_signed_content (const KesuIntake *intake)
{
  GString *out;
  g_autofree char *phone = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *purchase = NULL;
  g_autofree char *mileage = NULL;
  g_autofree char *occurred = NULL;

  g_return_val_if_fail (intake != NULL, NULL);

  phone = normalized (intake->customer_phone, kesu_validate_phone);
  vin = normalized (intake->vin, kesu_validate_vin);
  plate = normalized (intake->plate, kesu_validate_plate);
  purchase = normalized_date (intake->purchase_date);
  mileage = normalized_mileage (intake->mileage);
  occurred = normalized_date (intake->occurred_on);

  /* Stable English keys, never labels: the hash must not depend on the language.  What
   * the customer reads back and confirms; the branch's own classification, handler and
   * times are not theirs to sign and may change as the case is handled. */
  out = g_string_new ("kesu-intake/1\n");
  append_field (out, "customer_name", intake->customer_name);
  append_field (out, "customer_phone", phone);
  append_field (out, "customer_other_contact", intake->customer_other_contact);
  append_field (out, "customer_address", intake->customer_address);
  append_field (out, "vehicle_model", intake->vehicle_model);
  append_field (out, "vin", vin);
  append_field (out, "plate", plate);
  append_field (out, "purchase_date", purchase);
  append_field (out, "mileage_km", mileage);
  append_field (out, "order_number", intake->order_number);
  append_field (out, "description", intake->description);
  append_field (out, "occurred_on", occurred);
  append_field (out, "occurred_place", intake->occurred_place);
  append_field (out, "demand", intake->demand);
  return g_string_free (out, FALSE);
}

static void
append_solution (GString            *out,
                 const KesuCaseData *data)
{
  g_autofree char *amount = NULL;
  g_autofree char *deadline = NULL;

  if (data->amount_fen >= 0)
    amount = g_strdup_printf ("%" G_GINT64_FORMAT, data->amount_fen);
  if (data->solution_deadline > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (data->solution_deadline);

      deadline = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  append_field (out, "solution", (guint) data->solution < KESU_N_SOLUTIONS
                                 ? kesu_solution_to_key (data->solution) : "");
  append_field (out, "measures", data->measures);
  append_field (out, "amount_fen", amount);
  append_field (out, "deadline", deadline);
}

char *
kesu_solution_signed_content (const KesuCaseData *data)
{
  GString *out;

  g_return_val_if_fail (data != NULL, NULL);

  out = g_string_new ("kesu-agreement/1\n");
  append_solution (out, data);
  return g_string_free (out, FALSE);
}

char *
kesu_closing_signed_content (const KesuCaseData *data)
{
  GString *out;

  g_return_val_if_fail (data != NULL, NULL);

  out = g_string_new ("kesu-closing/1\n");
  append_solution (out, data);
  append_field (out, "measures_result", data->measures_result);
  return g_string_free (out, FALSE);
}

char *
kesu_signed_content_hash (const char *content)
{
  g_return_val_if_fail (content != NULL, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
}

/* ---- the store ---- */

/* The text the complaint holds now for @purpose. */
static char *
current_content (KesuStore             *store,
                 gint64                 complaint_id,
                 KesuSignaturePurpose   purpose,
                 GError               **error)
{
  if (purpose == KESU_SIGNATURE_INTAKE)
    {
      g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (store, complaint_id, error);

      if (complaint == NULL)
        return NULL;
      return kesu_intake_signed_content (kesu_complaint_get_intake (complaint));
    }
  else
    {
      g_autoptr(KesuCaseData) data = kesu_store_get_case_data (store, complaint_id, error);

      if (data == NULL)
        return NULL;
      if (purpose == KESU_SIGNATURE_CLOSING)
        return kesu_closing_signed_content (data);
      return kesu_solution_signed_content (data);
    }
}

static gboolean
staff_is_active (KesuStore *store,
                 gint64     staff_id)
{
  g_autoptr(KesuStaff) staff = kesu_store_get_staff (store, staff_id);

  return staff != NULL && staff->active;
}

static gboolean
insert_event (KesuStore      *store,
              gint64          complaint_id,
              gint64          at,
              KesuEventKind   kind,
              const char     *detail,
              GError        **error)
{
  KesuDb *db = kesu_store_get_db (store);
  gint64 operator_id = kesu_store_get_operator (store);
  KesuStatement *stmt;

  stmt = kesu_db_prepare (db,
                          "INSERT INTO event (complaint_id, at, staff_id, kind, detail)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, at);
  if (operator_id > 0)
    kesu_statement_bind_int64 (stmt, 3, operator_id);
  else
    kesu_statement_bind_null (stmt, 3);
  kesu_statement_bind_text (stmt, 4, kesu_event_kind_to_key (kind));
  kesu_statement_bind_text_or_null (stmt, 5, detail);
  return kesu_statement_run (stmt, error);
}

/* Writes one signature row (or refusal) with its timeline event; inside the caller's
 * transaction. */
static gint64
insert_signature (KesuStore             *store,
                  gint64                 complaint_id,
                  KesuSignaturePurpose   purpose,
                  GBytes                *png,
                  GPtrArray             *strokes,
                  gint64                 signer_staff_id,
                  const char            *declined_reason,
                  GError               **error)
{
  KesuDb *db = kesu_store_get_db (store);
  g_autofree char *content = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *json = NULL;
  g_autofree char *reason = NULL;
  KesuStatement *stmt;
  gint64 now = kesu_clock_now_unix ();
  gint64 id;

  content = current_content (store, complaint_id, purpose, error);
  if (content == NULL)
    return 0;
  if (purpose != KESU_SIGNATURE_INTAKE)
    {
      g_autoptr(KesuCaseData) data = kesu_store_get_case_data (store, complaint_id, error);

      if (data == NULL)
        return 0;
      if (data->solution == KESU_SOLUTION_NONE && kesu_text_is_blank (data->measures))
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("No solution has been recorded yet: there is nothing to "
                                 "sign."));
          return 0;
        }
    }
  sha = kesu_signed_content_hash (content);
  if (strokes != NULL)
    json = kesu_strokes_to_json (strokes);
  if (declined_reason != NULL)
    reason = g_strstrip (g_strdup (declined_reason));

  stmt = kesu_db_prepare (db,
                          "INSERT INTO signature (complaint_id, purpose, signed_at,"
                          "  signer_staff_id, png, strokes, content_sha256, declined_reason)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                          error);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, kesu_signature_purpose_to_key (purpose));
  kesu_statement_bind_int64 (stmt, 3, now);
  if (signer_staff_id > 0)
    kesu_statement_bind_int64 (stmt, 4, signer_staff_id);
  else
    kesu_statement_bind_null (stmt, 4);
  if (png != NULL)
    kesu_statement_bind_blob (stmt, 5, png);
  else
    kesu_statement_bind_null (stmt, 5);
  kesu_statement_bind_text (stmt, 6, json);
  kesu_statement_bind_text (stmt, 7, sha);
  kesu_statement_bind_text (stmt, 8, reason);
  if (!kesu_statement_run (stmt, error))
    return 0;
  id = kesu_db_last_insert_rowid (db);

  if (reason != NULL)
    {
      if (!insert_event (store, complaint_id, now, KESU_EVENT_SIGNATURE_DECLINED, reason, error))
        return 0;
    }
  else if (!insert_event (store, complaint_id, now, KESU_EVENT_SIGNED,
                          kesu_signature_purpose_to_key (purpose), error))
    return 0;
  return id;
}

static gboolean
check_signature_input (KesuStore             *store,
                       KesuSignaturePurpose   purpose,
                       GBytes                *png,
                       GPtrArray             *strokes,
                       gint64                 signer_staff_id,
                       GError               **error)
{
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
  gsize size = 0;
  const guint8 *data;

  if ((guint) purpose >= KESU_N_SIGNATURE_PURPOSES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Unknown choice."));
      return FALSE;
    }
  if (!kesu_strokes_check (strokes, error))
    return FALSE;
  data = png != NULL ? g_bytes_get_data (png, &size) : NULL;
  if (data == NULL || size < sizeof png_magic || memcmp (data, png_magic, sizeof png_magic) != 0
      || size > MAX_PNG_BYTES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The signature's image is missing or damaged."));
      return FALSE;
    }
  if (purpose == KESU_SIGNATURE_AGREEMENT_BRANCH && signer_staff_id <= 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Choose who signs for the branch."));
      return FALSE;
    }
  if (signer_staff_id > 0 && !staff_is_active (store, signer_staff_id))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The person signing for the branch is not an active staff "
                             "member."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_reason (const char  *reason,
              GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!kesu_validate_text (reason, KESU_TEXT_MAX_CHARS, TRUE, &local))
    {
      if (kesu_text_is_blank (reason))
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("Record why the customer declines to sign."));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

gint64
kesu_store_sign (KesuStore             *store,
                 gint64                 complaint_id,
                 KesuSignaturePurpose   purpose,
                 GBytes                *png,
                 GPtrArray             *strokes,
                 gint64                 signer_staff_id,
                 GError               **error)
{
  gint64 id;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  if (!check_signature_input (store, purpose, png, strokes, signer_staff_id, error))
    return 0;
  if (!kesu_db_begin (kesu_store_get_db (store), error))
    return 0;
  id = insert_signature (store, complaint_id, purpose, png, strokes, signer_staff_id, NULL,
                         error);
  return _kesu_store_finish (store, id > 0, error) ? id : 0;
}

gint64
kesu_store_decline_signature (KesuStore             *store,
                              gint64                 complaint_id,
                              KesuSignaturePurpose   purpose,
                              const char            *reason,
                              GError               **error)
{
  gint64 id;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  if ((guint) purpose >= KESU_N_SIGNATURE_PURPOSES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Unknown choice."));
      return 0;
    }
  if (!check_reason (reason, error))
    return 0;
  if (!kesu_db_begin (kesu_store_get_db (store), error))
    return 0;
  id = insert_signature (store, complaint_id, purpose, NULL, NULL, 0, reason, error);
  return _kesu_store_finish (store, id > 0, error) ? id : 0;
}

#define SIGNATURE_COLUMNS                                                              \
  "id, complaint_id, purpose, signed_at, coalesce (signer_staff_id, 0), png, strokes,"    \
  " content_sha256, declined_reason"

static KesuSignature *
signature_from_row (KesuStatement *stmt)
{
  KesuSignature *signature = g_new0 (KesuSignature, 1);

  signature->id = kesu_statement_get_int64 (stmt, 0);
  signature->complaint_id = kesu_statement_get_int64 (stmt, 1);
  if (!kesu_signature_purpose_from_key (kesu_statement_get_text (stmt, 2), &signature->purpose))
    signature->purpose = KESU_SIGNATURE_INTAKE;
  signature->signed_at = kesu_statement_get_int64 (stmt, 3);
  signature->signer_staff_id = kesu_statement_get_int64 (stmt, 4);
  if (!kesu_statement_is_null (stmt, 5))
    signature->png = kesu_statement_dup_blob (stmt, 5);
  if (!kesu_statement_is_null (stmt, 6))
    /* A damaged stroke record still leaves the image: the signature stays shown. */
    signature->strokes = kesu_strokes_from_json (kesu_statement_get_text (stmt, 6), NULL);
  signature->content_sha256 = kesu_statement_dup_text (stmt, 7);
  if (!kesu_statement_is_null (stmt, 8))
    signature->declined_reason = kesu_statement_dup_text (stmt, 8);
  return signature;
}

/* changed_after for a signature (not for a refusal: nothing was signed). */
static gboolean
work_out_changed (KesuStore      *store,
                  KesuSignature  *signature,
                  GError        **error)
{
  g_autofree char *content = NULL;
  g_autofree char *sha = NULL;

  signature->changed_after = FALSE;
  if (signature->declined_reason != NULL)
    return TRUE;
  content = current_content (store, signature->complaint_id, signature->purpose, error);
  if (content == NULL)
    return FALSE;
  sha = kesu_signed_content_hash (content);
  signature->changed_after = g_strcmp0 (sha, signature->content_sha256) != 0;
  return TRUE;
}

KesuSignature *
kesu_store_get_signature (KesuStore             *store,
                          gint64                 complaint_id,
                          KesuSignaturePurpose   purpose,
                          GError               **error)
{
  g_autoptr(KesuSignature) signature = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) purpose < KESU_N_SIGNATURE_PURPOSES, NULL);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT " SIGNATURE_COLUMNS " FROM signature"
                          " WHERE complaint_id = ?1 AND purpose = ?2"
                          " ORDER BY signed_at DESC, id DESC LIMIT 1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, kesu_signature_purpose_to_key (purpose));
  if (!kesu_statement_step (stmt, &local))
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  signature = signature_from_row (stmt);
  kesu_statement_reset (stmt);
  if (!work_out_changed (store, signature, error))
    return NULL;
  return g_steal_pointer (&signature);
}

GPtrArray *
kesu_store_list_signatures (KesuStore  *store,
                            gint64      complaint_id,
                            GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT " SIGNATURE_COLUMNS " FROM signature"
                          " WHERE complaint_id = ?1 ORDER BY signed_at, id",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_signature_free);
  while (kesu_statement_step (stmt, &local))
    g_ptr_array_add (list, signature_from_row (stmt));
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    if (!work_out_changed (store, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

/* ---- signing together with saving or moving ---- */

static gint64
add_complaint_and (KesuStore         *store,
                   const KesuIntake  *intake,
                   GBytes            *png,
                   GPtrArray         *strokes,
                   const char        *reason,
                   char             **out_number,
                   GError           **error)
{
  g_autofree char *number = NULL;
  gint64 id;
  gboolean ok;

  if (!kesu_db_begin (kesu_store_get_db (store), error))
    return 0;
  id = kesu_store_add_complaint (store, intake, &number, error);
  ok = id > 0 && insert_signature (store, id, KESU_SIGNATURE_INTAKE, png, strokes, 0, reason,
                                   error) > 0;
  if (!_kesu_store_finish (store, ok, error))
    return 0;
  if (out_number != NULL)
    *out_number = g_steal_pointer (&number);
  return id;
}

gint64
kesu_store_add_complaint_signed (KesuStore         *store,
                                 const KesuIntake  *intake,
                                 GBytes            *png,
                                 GPtrArray         *strokes,
                                 char             **out_number,
                                 GError           **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), 0);
  g_return_val_if_fail (intake != NULL, 0);

  if (!check_signature_input (store, KESU_SIGNATURE_INTAKE, png, strokes, 0, error))
    return 0;
  return add_complaint_and (store, intake, png, strokes, NULL, out_number, error);
}

gint64
kesu_store_add_complaint_declined (KesuStore         *store,
                                   const KesuIntake  *intake,
                                   const char        *reason,
                                   char             **out_number,
                                   GError           **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), 0);
  g_return_val_if_fail (intake != NULL, 0);

  if (!check_reason (reason, error))
    return 0;
  return add_complaint_and (store, intake, NULL, NULL, reason, out_number, error);
}

gboolean
kesu_store_move_signed (KesuStore             *store,
                        gint64                 complaint_id,
                        KesuState              to,
                        const KesuCaseData    *input,
                        KesuSignaturePurpose   purpose,
                        GBytes                *png,
                        GPtrArray             *strokes,
                        GBytes                *branch_png,
                        GPtrArray             *branch_strokes,
                        gint64                 branch_signer,
                        KesuState             *out_state,
                        GError               **error)
{
  KesuState state = KESU_STATE_RECEIVED;
  gboolean ok;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (png != NULL && !check_signature_input (store, purpose, png, strokes, 0, error))
    return FALSE;
  if (branch_png != NULL
      && !check_signature_input (store, KESU_SIGNATURE_AGREEMENT_BRANCH, branch_png,
                                 branch_strokes, branch_signer, error))
    return FALSE;

  if (!kesu_db_begin (kesu_store_get_db (store), error))
    return FALSE;
  ok = kesu_store_move (store, complaint_id, to, input, &state, error);
  if (ok && png != NULL)
    ok = insert_signature (store, complaint_id, purpose, png, strokes, 0, NULL, error) > 0;
  if (ok && branch_png != NULL)
    ok = insert_signature (store, complaint_id, KESU_SIGNATURE_AGREEMENT_BRANCH, branch_png,
                           branch_strokes, branch_signer, NULL, error) > 0;
  if (!_kesu_store_finish (store, ok, error))
    return FALSE;
  if (out_state != NULL)
    *out_state = state;
  return TRUE;
}

/* ---- corrections ---- */

typedef struct
{
  KesuField    field;
  const char  *label;   /* N_() */
  gsize        offset;  /* of the char * in KesuIntake */
} CorrectableField;

#define INTAKE_TEXT(member) G_STRUCT_OFFSET (KesuIntake, member)

static const CorrectableField correctable[] = {
  { KESU_FIELD_CUSTOMER_NAME, N_("Name"), INTAKE_TEXT (customer_name) },
  { KESU_FIELD_CUSTOMER_PHONE, N_("Phone"), INTAKE_TEXT (customer_phone) },
  { KESU_FIELD_CUSTOMER_OTHER_CONTACT, N_("Other contact"),
    INTAKE_TEXT (customer_other_contact) },
  { KESU_FIELD_CUSTOMER_ADDRESS, N_("Address"), INTAKE_TEXT (customer_address) },
  { KESU_FIELD_VEHICLE_MODEL, N_("Model"), INTAKE_TEXT (vehicle_model) },
  { KESU_FIELD_VIN, N_("VIN"), INTAKE_TEXT (vin) },
  { KESU_FIELD_PLATE, N_("Plate"), INTAKE_TEXT (plate) },
  { KESU_FIELD_PURCHASE_DATE, N_("Purchase date"), INTAKE_TEXT (purchase_date) },
  { KESU_FIELD_MILEAGE, N_("Mileage (km)"), INTAKE_TEXT (mileage) },
  { KESU_FIELD_ORDER_NUMBER, N_("Contract / repair order"), INTAKE_TEXT (order_number) },
  { KESU_FIELD_STAFF_INVOLVED, N_("Staff involved"), INTAKE_TEXT (staff_involved) },
  { KESU_FIELD_DESCRIPTION, N_("What happened"), INTAKE_TEXT (description) },
  { KESU_FIELD_OCCURRED_ON, N_("When it happened"), INTAKE_TEXT (occurred_on) },
  { KESU_FIELD_OCCURRED_PLACE, N_("Where it happened"), INTAKE_TEXT (occurred_place) },
  { KESU_FIELD_DEMAND, N_("What the customer wants"), INTAKE_TEXT (demand) },
};

static char **
intake_text (KesuIntake *intake,
             gsize       offset)
{
  return G_STRUCT_MEMBER_P (intake, offset);
}

/* The value as the store keeps it; "" for none. */
static char *
stored_form (KesuField   field,
             const char *text)
{
  switch (field)
    {
    case KESU_FIELD_CUSTOMER_PHONE:
      return normalized (text, kesu_validate_phone);
    case KESU_FIELD_VIN:
      return normalized (text, kesu_validate_vin);
    case KESU_FIELD_PLATE:
      return normalized (text, kesu_validate_plate);
    case KESU_FIELD_PURCHASE_DATE:
    case KESU_FIELD_OCCURRED_ON:
      return normalized_date (text);
    case KESU_FIELD_MILEAGE:
      return normalized_mileage (text);
    case KESU_FIELD_DESCRIPTION:
    case KESU_FIELD_DEMAND:
      /* The customer's own words are kept exactly as typed. */
      return g_strdup (text != NULL ? text : "");
    default:
      return g_strstrip (g_strdup (text != NULL ? text : ""));
    }
}

static void
bind_or_null (KesuStatement *stmt,
              int            param,
              const char    *value)
{
  kesu_statement_bind_text_or_null (stmt, param, value);
}

/* The customer the complaint belongs to after the correction: its own, brought up to
 * date, or (when the phone now names another known customer) that one. */
static gint64
correct_customer (KesuStore   *store,
                  gint64       complaint_id,
                  char       **values,
                  gint64       now,
                  GError     **error)
{
  KesuDb *db = kesu_store_get_db (store);
  const char *phone = values[KESU_FIELD_CUSTOMER_PHONE];
  KesuStatement *stmt;
  gint64 customer_id, other_id = 0;

  stmt = kesu_db_prepare (db, "SELECT customer_id FROM complaint WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step (stmt, error))
    return 0;
  customer_id = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);

  stmt = kesu_db_prepare (db, "SELECT id FROM customer WHERE phone = ?1 AND id != ?2", error);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_text (stmt, 1, phone);
  kesu_statement_bind_int64 (stmt, 2, customer_id);
  if (kesu_statement_step (stmt, NULL))
    {
      other_id = kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  if (other_id > 0)
    customer_id = other_id;

  stmt = kesu_db_prepare (db,
                          "UPDATE customer SET name = ?2, phone = ?3, other_contact = ?4,"
                          "  address = ?5, updated_at = ?6 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, customer_id);
  kesu_statement_bind_text (stmt, 2, values[KESU_FIELD_CUSTOMER_NAME]);
  kesu_statement_bind_text (stmt, 3, phone);
  kesu_statement_bind_text (stmt, 4, values[KESU_FIELD_CUSTOMER_OTHER_CONTACT]);
  kesu_statement_bind_text (stmt, 5, values[KESU_FIELD_CUSTOMER_ADDRESS]);
  kesu_statement_bind_int64 (stmt, 6, now);
  if (!kesu_statement_run (stmt, error))
    return 0;
  return customer_id;
}

gboolean
kesu_store_update_intake (KesuStore         *store,
                          gint64             complaint_id,
                          const KesuIntake  *corrected,
                          const char        *reason,
                          GError           **error)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuIntake) merged = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GString) changes = NULL;
  char *values[KESU_N_FIELDS] = { NULL };
  const KesuIntake *stored;
  KesuStatement *stmt;
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  gint64 now_unix, customer_id;
  gboolean closed, vehicle_changed = FALSE, ok = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (corrected != NULL, FALSE);

  complaint = kesu_store_get_complaint (store, complaint_id, error);
  if (complaint == NULL)
    return FALSE;
  /* A finished case is a record that may be shown to a regulator: only a manager
   * corrects it (kesu-auth.c), and says why; anyone working open cases corrects theirs. */
  closed = !kesu_state_is_open (kesu_complaint_get_state (complaint));
  if (closed && !kesu_store_check_permission (store, KESU_PERMISSION_EDIT_CLOSED, error))
    return FALSE;
  stored = kesu_complaint_get_intake (complaint);

  /* The stored record with the corrected texts over it, checked as a whole. */
  merged = kesu_intake_new ();
  merged->channel = stored->channel;
  merged->received_at = g_date_time_ref (stored->received_at);
  merged->received_by = stored->received_by;
  merged->emotion = stored->emotion;
  merged->customer_type = stored->customer_type;
  merged->category = stored->category;
  merged->severity = stored->severity;
  merged->handler_id = stored->handler_id;
  for (guint i = 0; i < G_N_ELEMENTS (correctable); i++)
    {
      const char *given = *intake_text ((KesuIntake *) corrected, correctable[i].offset);
      const char *old = *intake_text ((KesuIntake *) stored, correctable[i].offset);

      *intake_text (merged, correctable[i].offset) = g_strdup (given != NULL ? given : old);
    }

  now = kesu_clock_now ();
  now_unix = g_date_time_to_unix (now);
  problems = kesu_intake_check (merged, now);
  for (guint i = 0; i < problems->len; i++)
    {
      KesuFieldProblem *problem = g_ptr_array_index (problems, i);

      for (guint j = 0; j < G_N_ELEMENTS (correctable); j++)
        if (correctable[j].field == problem->field)
          {
            /* Translators: a field's name, then what is wrong with it */
            g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID, _("%s: %s"),
                         _(correctable[j].label), problem->message);
            return FALSE;
          }
    }

  /* What changed, one line per field, for the timeline. */
  changes = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (correctable); i++)
    {
      KesuField field = correctable[i].field;
      g_autofree char *old = stored_form (field, *intake_text ((KesuIntake *) stored,
                                                                correctable[i].offset));

      values[field] = stored_form (field, *intake_text (merged, correctable[i].offset));
      if (g_strcmp0 (old, values[field]) == 0)
        continue;
      vehicle_changed |= field == KESU_FIELD_VIN || field == KESU_FIELD_MILEAGE
                         || field == KESU_FIELD_PURCHASE_DATE;
      if (changes->len > 0)
        g_string_append_c (changes, '\n');
      /* Translators: a corrected field on the timeline: its name, the old value and the
       * new one */
      g_string_append_printf (changes, _("%s: %s → %s"), _(correctable[i].label),
                              old[0] != '\0' ? old : "—",
                              values[field][0] != '\0' ? values[field] : "—");
    }
  if (changes->len == 0)
    {
      ok = TRUE;
      goto out;
    }
  if (closed && why[0] == '\0')
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("This case is finished. Say why its record is being corrected."));
      goto out;
    }
  if (why[0] != '\0')
    {
      /* Translators: on the timeline, under the corrected fields */
      g_string_append_c (changes, '\n');
      g_string_append_printf (changes, _("Reason: %s"), why);
    }

  if (!kesu_db_begin (kesu_store_get_db (store), error))
    goto out;

  customer_id = correct_customer (store, complaint_id, values, now_unix, error);
  if (customer_id == 0)
    goto done;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "UPDATE complaint SET customer_id = ?2, vehicle_model = ?3, vin = ?4,"
                          "  plate = ?5, purchase_date = ?6, mileage_km = ?7, order_number = ?8,"
                          "  staff_involved = ?9, description = ?10, occurred_on = ?11,"
                          "  occurred_place = ?12, demand = ?13, updated_at = ?14"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto done;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, customer_id);
  bind_or_null (stmt, 3, values[KESU_FIELD_VEHICLE_MODEL]);
  bind_or_null (stmt, 4, values[KESU_FIELD_VIN]);
  bind_or_null (stmt, 5, values[KESU_FIELD_PLATE]);
  bind_or_null (stmt, 6, values[KESU_FIELD_PURCHASE_DATE]);
  if (values[KESU_FIELD_MILEAGE][0] != '\0')
    kesu_statement_bind_int64 (stmt, 7, g_ascii_strtoll (values[KESU_FIELD_MILEAGE], NULL, 10));
  else
    kesu_statement_bind_null (stmt, 7);
  bind_or_null (stmt, 8, values[KESU_FIELD_ORDER_NUMBER]);
  bind_or_null (stmt, 9, values[KESU_FIELD_STAFF_INVOLVED]);
  kesu_statement_bind_text (stmt, 10, values[KESU_FIELD_DESCRIPTION]);
  bind_or_null (stmt, 11, values[KESU_FIELD_OCCURRED_ON]);
  bind_or_null (stmt, 12, values[KESU_FIELD_OCCURRED_PLACE]);
  kesu_statement_bind_text (stmt, 13, values[KESU_FIELD_DEMAND]);
  kesu_statement_bind_int64 (stmt, 14, now_unix);
  if (!kesu_statement_run (stmt, error))
    goto done;

  ok = insert_event (store, complaint_id, now_unix, KESU_EVENT_CORRECTED, changes->str, error);
  /* A corrected VIN, purchase date or mileage may now put the car under the 三包 rules. */
  if (ok && vehicle_changed)
    ok = _kesu_sanbao_refresh_one (store, complaint_id, NULL, error);

done:
  ok = _kesu_store_finish (store, ok, error);
out:
  for (guint i = 0; i < KESU_N_FIELDS; i++)
    g_free (values[i]);
  return ok;
}
