/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-paper"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-error.h"
#include "kesu-paper.h"
#include "kesu-report-util.h"
#include "kesu-signature.h"
#include "kesu-validate.h"

typedef enum
{
  BLOCK_LETTERHEAD,  /* branch name, address and hotline, a double rule */
  BLOCK_TITLE,
  BLOCK_NUMBER,      /* received time on the left, the number on the right */
  BLOCK_ROW,         /* a table row of one or two label/value pairs */
  BLOCK_BAND,        /* a table row: a label over a long value that may flow on */
  BLOCK_TEXT,        /* a paragraph */
  BLOCK_NOTE,        /* a small grey paragraph */
  BLOCK_SPACE,
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct
{
  char     *caption;
  GBytes   *png;            /* NULL: none */
  char     *declined;       /* the customer declined to sign: why */
  char     *name;           /* printed under the line; may be NULL */
  gint64    signed_at;      /* 0: not signed */
  gboolean  changed_after;
} Slot;

typedef struct
{
  BlockKind  kind;
  char      *text[4];       /* by kind: labels and values, left/right, … */
  int        n_pairs;       /* BLOCK_ROW: 1 or 2 */
  gboolean   strong;        /* BLOCK_ROW: the value in bold */
  double     space;         /* BLOCK_SPACE: points at A4 size */
  Slot       slots[2];
  int        n_slots;
  gboolean   stamp;

  /* Laid out by kesu_paper_paginate (). */
  PangoLayout *layouts[4];
  double       height;
  GArray      *line_top;    /* BLOCK_BAND: of double, each line's top in the value */
  GArray      *line_bottom;
  double       band_label_h;
} Block;

/* One block, or part of a band, on a page. */
typedef struct
{
  guint     block;
  int       page;
  double    y;
  guint     first_line;
  guint     n_lines;
  gboolean  continued;
} Piece;

/* Sizes that depend on the paper: A4 (and larger) or A5 (and smaller). */
typedef struct
{
  double margin;
  double body;
  double small;
  double title;
  double branch;
  double label_w;
  double pad;
  double sig_h;
  double stamp;
  double scale;
} Metrics;

struct _KesuPaper
{
  KesuPaperKind  kind;
  char          *number;
  char          *title;
  char          *printed;   /* when printed, "YYYY-KESU_REPORT_MM-DD HH:KESU_REPORT_MM" */
  GPtrArray     *blocks;    /* of Block */

  PangoContext  *context;
  double         width;
  double         height;
  Metrics        m;
  GArray        *pieces;    /* of Piece */
  int            n_pages;
  PangoLayout   *running;   /* the header of the pages after the first */
  double         running_h;
};

/* ---- building the document ---- */

static void
slot_clear (Slot *slot)
{
  g_free (slot->caption);
  g_clear_pointer (&slot->png, g_bytes_unref);
  g_free (slot->declined);
  g_free (slot->name);
}

static void
block_clear_layout (Block *block)
{
  for (guint i = 0; i < G_N_ELEMENTS (block->layouts); i++)
    g_clear_object (&block->layouts[i]);
  g_clear_pointer (&block->line_top, g_array_unref);
  g_clear_pointer (&block->line_bottom, g_array_unref);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  for (guint i = 0; i < G_N_ELEMENTS (block->text); i++)
    g_free (block->text[i]);
  for (int i = 0; i < block->n_slots; i++)
    slot_clear (&block->slots[i]);
  block_clear_layout (block);
  g_free (block);
}

static Block *
add_block (KesuPaper *paper,
           BlockKind  kind)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  g_ptr_array_add (paper->blocks, block);
  return block;
}

static char *
format_time (gint64 unix_time)
{
  return kesu_report_format_local (unix_time, "%Y-%m-%d %H:%M");
}

static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* Joins the given non-blank texts with a space. */
static char *
join_given (const char *a,
            const char *b,
            const char *c)
{
  const char *parts[] = { a, b, c };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (kesu_text_is_blank (parts[i]))
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, parts[i]);
    }
  if (s->len == 0)
    g_string_append (s, "—");
  return g_string_free (s, FALSE);
}

static void
add_row (KesuPaper  *paper,
         const char *label1,
         const char *value1,
         const char *label2,
         const char *value2)
{
  Block *block = add_block (paper, BLOCK_ROW);

  block->text[0] = g_strdup (label1);
  block->text[1] = g_strdup (kesu_report_or_dash (value1));
  block->n_pairs = 1;
  if (label2 != NULL)
    {
      block->text[2] = g_strdup (label2);
      block->text[3] = g_strdup (kesu_report_or_dash (value2));
      block->n_pairs = 2;
    }
}

static void
add_band (KesuPaper  *paper,
          const char *label,
          const char *value)
{
  Block *block = add_block (paper, BLOCK_BAND);

  block->text[0] = g_strdup (label);
  block->text[1] = g_strdup (kesu_report_or_dash (value));
}

static void
add_text (KesuPaper  *paper,
          BlockKind   kind,
          const char *text)
{
  Block *block = add_block (paper, kind);

  block->text[0] = g_strdup (text);
}

static void
add_space (KesuPaper *paper,
           double     points)
{
  add_block (paper, BLOCK_SPACE)->space = points;
}

static void
set_slot (Slot          *slot,
          const char    *caption,
          KesuSignature *signature,
          const char    *name)
{
  slot->caption = g_strdup (caption);
  slot->name = g_strdup (name);
  if (signature == NULL)
    return;
  if (signature->png != NULL)
    {
      slot->png = g_bytes_ref (signature->png);
      slot->signed_at = signature->signed_at;
    }
  else if (signature->declined_reason != NULL)
    slot->declined = g_strdup (signature->declined_reason);
  slot->changed_after = signature->changed_after;
}

static KesuPaper *
paper_new (KesuStore      *store,
           KesuPaperKind   kind,
           KesuComplaint  *complaint)
{
  KesuPaper *paper = g_new0 (KesuPaper, 1);
  g_autoptr(KesuBranch) branch = kesu_store_get_branch (store);
  g_autoptr(GDateTime) now = kesu_clock_now ();
  Block *block;

  paper->kind = kind;
  paper->number = g_strdup (kesu_complaint_get_number (complaint));
  paper->title = g_strdup (kind == KESU_PAPER_RECEIPT ? _("Complaint Receipt")
                                                      : _("Solution Agreement"));
  paper->printed = g_date_time_format (now, "%Y-%m-%d %H:%M");
  paper->blocks = g_ptr_array_new_with_free_func (block_free);
  paper->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));

  block = add_block (paper, BLOCK_LETTERHEAD);
  block->text[0] = g_strdup (branch != NULL ? branch->name : "");
  {
    g_autoptr(GString) line = g_string_new (NULL);

    if (branch != NULL && !kesu_text_is_blank (branch->address))
      g_string_append_printf (line, _("Address: %s"), branch->address);
    if (branch != NULL && !kesu_text_is_blank (branch->hotline))
      {
        if (line->len > 0)
          g_string_append (line, "    ");
        g_string_append_printf (line, _("Hotline: %s"), branch->hotline);
      }
    block->text[1] = g_string_free (g_steal_pointer (&line), FALSE);
  }
  add_text (paper, BLOCK_TITLE, paper->title);
  return paper;
}

static void
add_number_line (KesuPaper     *paper,
                 KesuComplaint *complaint)
{
  Block *block = add_block (paper, BLOCK_NUMBER);
  g_autofree char *received = format_time (kesu_complaint_get_received_unix (complaint));

  block->text[0] = g_strdup_printf (_("Received: %s"), received);
  block->text[1] = g_strdup_printf (_("No. %s"), paper->number);
}

/* The handler's name and work phone: the customer is told whom to call, so the phone is
 * printed in full (it is the branch's contact, not the customer's data). */
static void
handler_of (KesuStore     *store,
            KesuComplaint *complaint,
            char         **out_name,
            char         **out_phone)
{
  const KesuIntake *intake = kesu_complaint_get_intake (complaint);
  g_autoptr(KesuStaff) staff = NULL;

  if (intake->handler_id > 0)
    staff = kesu_store_get_staff (store, intake->handler_id);
  *out_name = g_strdup (staff != NULL ? staff->name
                                      : kesu_complaint_get_handler_name (complaint));
  *out_phone = g_strdup (staff != NULL ? staff->phone : NULL);
}

static char *
customer_phone (const KesuIntake *intake,
                gboolean          unmasked)
{
  if (unmasked)
    return g_strdup (intake->customer_phone != NULL ? intake->customer_phone : "");
  return kesu_mask_phone (intake->customer_phone);
}

static KesuComplaint *
get_complaint (KesuStore  *store,
               gint64      complaint_id,
               GError    **error)
{
  return kesu_store_get_complaint (store, complaint_id, error);
}

KesuPaper *
kesu_paper_new_receipt (KesuStore  *store,
                        gint64      complaint_id,
                        gboolean    unmasked,
                        GError    **error)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuSignature) signature = NULL;
  g_autoptr(KesuBranch) branch = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *vehicle = NULL;
  g_autofree char *occurred = NULL;
  g_autofree char *handler = NULL;
  g_autofree char *handler_phone = NULL;
  g_autofree char *due = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *received_by = NULL;
  const KesuIntake *in;
  KesuPaper *paper;
  Block *block;
  GError *local_error = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  complaint = get_complaint (store, complaint_id, error);
  if (complaint == NULL)
    return NULL;
  signature = kesu_store_get_signature (store, complaint_id, KESU_SIGNATURE_INTAKE,
                                        &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  in = kesu_complaint_get_intake (complaint);
  branch = kesu_store_get_branch (store);
  phone = customer_phone (in, unmasked);
  vehicle = join_given (in->vehicle_model, in->plate, NULL);
  occurred = join_given (in->occurred_on, in->occurred_place, NULL);
  handler_of (store, complaint, &handler, &handler_phone);
  due = format_time (kesu_store_first_contact_due (store, complaint_id));
  received_by = g_strdup (kesu_complaint_get_received_by_name (complaint));

  paper = paper_new (store, KESU_PAPER_RECEIPT, complaint);
  add_number_line (paper, complaint);
  add_row (paper, _("Customer"), in->customer_name, _("Phone"), phone);
  add_row (paper, _("Vehicle"), vehicle, _("VIN"), in->vin);
  add_row (paper, _("Channel"), kesu_channel_to_label (in->channel),
           _("Received by"), received_by);
  if (!kesu_text_is_blank (in->order_number) || !kesu_text_is_blank (in->staff_involved))
    add_row (paper, _("Order or contract"), in->order_number,
             _("Staff involved"), in->staff_involved);
  add_row (paper, _("Category"), kesu_category_to_label (in->category),
           _("Occurred"), occurred);
  /* Whom the customer will hear from, and when, before the long texts. */
  add_row (paper, _("Handler"), handler, _("Handler phone"), handler_phone);
  add_row (paper, _("First contact by"), due, NULL, NULL);
  ((Block *) g_ptr_array_index (paper->blocks, paper->blocks->len - 1))->strong = TRUE;
  add_band (paper, _("What happened"), in->description);
  add_band (paper, _("What the customer asks for"), in->demand);

  add_space (paper, 10);
  if (branch != NULL && !kesu_text_is_blank (branch->hotline))
    notice = g_strdup_printf (_("We have received your complaint. %s will contact you by %s "
                                "and keep you informed until it is settled. You can also "
                                "call our hotline, %s."),
                              kesu_report_or_dash (handler), due, branch->hotline);
  else
    notice = g_strdup_printf (_("We have received your complaint. %s will contact you by %s "
                                "and keep you informed until it is settled."),
                              kesu_report_or_dash (handler), due);
  add_text (paper, BLOCK_TEXT, notice);
  add_space (paper, 3);
  add_text (paper, BLOCK_NOTE,
            _("Your personal information is used only to handle this complaint and is kept "
              "for 6 years, as the law requires for repair records."));
  add_space (paper, 14);

  block = add_block (paper, BLOCK_SIGNATURES);
  block->n_slots = 1;
  block->stamp = TRUE;
  set_slot (&block->slots[0], _("Customer signature (the record above is correct)"),
            signature, NULL);
  return paper;
}

KesuPaper *
kesu_paper_new_agreement (KesuStore  *store,
                          gint64      complaint_id,
                          gboolean    unmasked,
                          GError    **error)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuCaseData) data = NULL;
  g_autoptr(KesuSignature) customer = NULL;
  g_autoptr(KesuSignature) branch_sig = NULL;
  g_autoptr(KesuStaff) signer = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *vehicle = NULL;
  g_autofree char *handler = NULL;
  g_autofree char *handler_phone = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *deadline = NULL;
  const KesuIntake *in;
  KesuPaper *paper;
  Block *block;
  GError *local_error = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  complaint = get_complaint (store, complaint_id, error);
  if (complaint == NULL)
    return NULL;
  data = kesu_store_get_case_data (store, complaint_id, error);
  if (data == NULL)
    return NULL;
  if (data->solution == KESU_SOLUTION_NONE && kesu_text_is_blank (data->measures))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("No solution has been recorded for %s yet: there is no agreement to "
                     "print."), kesu_complaint_get_number (complaint));
      return NULL;
    }
  customer = kesu_store_get_signature (store, complaint_id, KESU_SIGNATURE_AGREEMENT,
                                       &local_error);
  if (local_error == NULL)
    branch_sig = kesu_store_get_signature (store, complaint_id,
                                           KESU_SIGNATURE_AGREEMENT_BRANCH, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (branch_sig != NULL && branch_sig->signer_staff_id > 0)
    signer = kesu_store_get_staff (store, branch_sig->signer_staff_id);

  in = kesu_complaint_get_intake (complaint);
  phone = customer_phone (in, unmasked);
  vehicle = join_given (in->vehicle_model, in->plate, NULL);
  handler_of (store, complaint, &handler, &handler_phone);
  amount = data->amount_fen >= 0 ? kesu_format_amount (data->amount_fen) : g_strdup ("—");
  deadline = format_time (data->solution_deadline);

  paper = paper_new (store, KESU_PAPER_AGREEMENT, complaint);
  add_number_line (paper, complaint);
  add_row (paper, _("Customer"), in->customer_name, _("Phone"), phone);
  add_row (paper, _("Vehicle"), vehicle, _("VIN"), in->vin);
  add_band (paper, _("What happened"), in->description);
  add_band (paper, _("What the customer asks for"), in->demand);
  add_row (paper, _("Solution"),
           data->solution != KESU_SOLUTION_NONE ? kesu_solution_to_label (data->solution) : NULL,
           NULL, NULL);
  add_band (paper, _("Agreed measures"), data->measures);
  add_row (paper, _("Amount"), amount, _("Done by"), deadline);
  ((Block *) g_ptr_array_index (paper->blocks, paper->blocks->len - 1))->strong = TRUE;
  add_row (paper, _("Handler"), handler, _("Handler phone"), handler_phone);

  add_space (paper, 10);
  add_text (paper, BLOCK_TEXT,
            _("Both parties have read the solution above and agree to it. The branch carries "
              "out the measures by the date above and keeps the customer informed of their "
              "progress."));
  add_space (paper, 14);

  block = add_block (paper, BLOCK_SIGNATURES);
  block->n_slots = 2;
  block->stamp = TRUE;
  set_slot (&block->slots[0], _("Customer signature"), customer, NULL);
  set_slot (&block->slots[1], _("For the branch"), branch_sig,
            signer != NULL ? signer->name : NULL);
  return paper;
}

KesuPaper *
kesu_paper_new (KesuStore      *store,
                KesuPaperKind   kind,
                gint64          complaint_id,
                gboolean        unmasked,
                GError        **error)
{
  if (kind == KESU_PAPER_AGREEMENT)
    return kesu_paper_new_agreement (store, complaint_id, unmasked, error);
  return kesu_paper_new_receipt (store, complaint_id, unmasked, error);
}

static void
paper_clear_layout (KesuPaper *paper)
{
  for (guint i = 0; i < paper->blocks->len; i++)
    block_clear_layout (g_ptr_array_index (paper->blocks, i));
  g_clear_object (&paper->running);
  g_clear_object (&paper->context);
  g_array_set_size (paper->pieces, 0);
  paper->n_pages = 0;
}

void
kesu_paper_free (KesuPaper *paper)
{
  if (paper == NULL)
    return;
  paper_clear_layout (paper);
  g_ptr_array_unref (paper->blocks);
  g_array_unref (paper->pieces);
  g_free (paper->number);
  g_free (paper->title);
  g_free (paper->printed);
  g_free (paper);
}

KesuPaperKind
kesu_paper_get_kind (KesuPaper *paper)
{
  g_return_val_if_fail (paper != NULL, KESU_PAPER_RECEIPT);
  return paper->kind;
}

const char *
kesu_paper_get_number (KesuPaper *paper)
{
  g_return_val_if_fail (paper != NULL, NULL);
  return paper->number;
}

const char *
kesu_paper_get_title (KesuPaper *paper)
{
  g_return_val_if_fail (paper != NULL, NULL);
  return paper->title;
}

int
kesu_paper_get_n_pages (KesuPaper *paper)
{
  g_return_val_if_fail (paper != NULL, 0);
  return MAX (paper->n_pages, 1);
}

/* ---- text ---- */

/* ---- layout ---- */

static void
metrics_for (Metrics *m,
             double   width)
{
  if (width < 500)
    {
      *m = (Metrics) { .margin = 10 * KESU_REPORT_MM, .body = 8.5, .small = 7, .title = 16,
                       .branch = 11, .label_w = 68, .pad = 4, .sig_h = 40, .stamp = 72,
                       .scale = 0.78 };
    }
  else
    {
      *m = (Metrics) { .margin = 15 * KESU_REPORT_MM, .body = 10, .small = 8, .title = 20,
                       .branch = 13, .label_w = 92, .pad = 5, .sig_h = 52, .stamp = 92,
                       .scale = 1 };
    }
}

/* The x of each cell of a row of @n_pairs pairs, and the width of its value cells. */
static double
value_width (const Metrics *m,
             double         content_w,
             int            n_pairs)
{
  return (content_w - n_pairs * m->label_w) / n_pairs;
}

static double
slot_width (const Block *block,
            double       content_w,
            const Metrics *m)
{
  double free_w = content_w - (block->stamp ? m->stamp + 12 * m->scale : 0);

  return (free_w - (block->n_slots - 1) * 12 * m->scale) / block->n_slots;
}

static void
measure_block (KesuPaper *paper,
               Block     *block,
               double     content_w)
{
  const Metrics *m = &paper->m;

  switch (block->kind)
    {
    case BLOCK_LETTERHEAD:
      block->layouts[0] = kesu_report_layout_new (paper->context, block->text[0],
                                                  KESU_REPORT_FACE_SANS_BOLD, m->branch, content_w,
                                                  PANGO_ALIGN_CENTER);
      block->layouts[1] = kesu_report_layout_new (paper->context, block->text[1],
                                                  KESU_REPORT_FACE_SANS, m->small, content_w,
                                                  PANGO_ALIGN_CENTER);
      block->height = kesu_report_layout_height (block->layouts[0])
                      + (block->text[1][0] != '\0'
                           ? 2 + kesu_report_layout_height (block->layouts[1])
                           : 0)
                      + 6 * m->scale + 3.5;
      break;

    case BLOCK_TITLE:
      {
        PangoAttrList *attrs = pango_attr_list_new ();

        block->layouts[0] = kesu_report_layout_new (paper->context, block->text[0],
                                                    KESU_REPORT_FACE_SERIF_BOLD, m->title,
                                                    content_w, PANGO_ALIGN_CENTER);
        /* Chinese titles are set with a little air between the characters. */
        if (g_unichar_iswide (g_utf8_get_char (block->text[0])))
          pango_attr_list_insert (attrs,
                                  pango_attr_letter_spacing_new ((int) (m->title * 0.2
                                                                        * PANGO_SCALE)));
        pango_layout_set_attributes (block->layouts[0], attrs);
        pango_attr_list_unref (attrs);
        block->height = 14 * m->scale + kesu_report_layout_height (block->layouts[0])
                        + 12 * m->scale;
      }
      break;

    case BLOCK_NUMBER:
      block->layouts[0] = kesu_report_layout_new (paper->context, block->text[0],
                                                  KESU_REPORT_FACE_SANS, m->body, content_w / 2,
                                                  PANGO_ALIGN_LEFT);
      block->layouts[1] = kesu_report_layout_new (paper->context, block->text[1],
                                                  KESU_REPORT_FACE_SANS_BOLD, m->body + 1.5,
                                                  content_w / 2, PANGO_ALIGN_RIGHT);
      block->height = MAX (kesu_report_layout_height (block->layouts[0]),
                           kesu_report_layout_height (block->layouts[1])) + 5 * m->scale;
      break;

    case BLOCK_ROW:
      {
        double vw = value_width (m, content_w, block->n_pairs);
        KesuReportFace value_face = block->strong ? KESU_REPORT_FACE_SANS_BOLD
                                                  : KESU_REPORT_FACE_SANS;
        double h = 0;

        for (int i = 0; i < block->n_pairs; i++)
          {
            block->layouts[2 * i] = kesu_report_layout_new (paper->context, block->text[2 * i],
                                                            KESU_REPORT_FACE_SANS, m->body,
                                                            m->label_w - 2 * m->pad,
                                                            PANGO_ALIGN_LEFT);
            block->layouts[2 * i + 1] = kesu_report_layout_new (paper->context,
                                                                block->text[2 * i + 1],
                                                                value_face, m->body,
                                                                vw - 2 * m->pad,
                                                                PANGO_ALIGN_LEFT);
            h = MAX (h, kesu_report_layout_height (block->layouts[2 * i]));
            h = MAX (h, kesu_report_layout_height (block->layouts[2 * i + 1]));
          }
        block->height = h + 2 * m->pad;
      }
      break;

    case BLOCK_BAND:
      {
        PangoLayoutIter *iter;

        block->layouts[0] = kesu_report_layout_new (paper->context, block->text[0],
                                                    KESU_REPORT_FACE_SANS, m->body,
                                                    content_w - 2 * m->pad, PANGO_ALIGN_LEFT);
        /* Long free text a little tighter than the table, still easy to read. */
        block->layouts[1] = kesu_report_layout_new (paper->context, block->text[1],
                                                    KESU_REPORT_FACE_SANS, m->body - 0.5,
                                                    content_w - 2 * m->pad, PANGO_ALIGN_LEFT);
        pango_layout_set_line_spacing (block->layouts[1], 0.9);
        block->band_label_h = kesu_report_layout_height (block->layouts[0]) + 2 * m->pad;
        block->line_top = g_array_new (FALSE, FALSE, sizeof (double));
        block->line_bottom = g_array_new (FALSE, FALSE, sizeof (double));
        iter = pango_layout_get_iter (block->layouts[1]);
        do
          {
            int y0, y1;
            double top, bottom;

            pango_layout_iter_get_line_yrange (iter, &y0, &y1);
            top = (double) y0 / PANGO_SCALE;
            bottom = (double) y1 / PANGO_SCALE;
            g_array_append_val (block->line_top, top);
            g_array_append_val (block->line_bottom, bottom);
          }
        while (pango_layout_iter_next_line (iter));
        pango_layout_iter_free (iter);
        block->height = block->band_label_h + kesu_report_layout_height (block->layouts[1])
                        + 2 * m->pad;
      }
      break;

    case BLOCK_TEXT:
    case BLOCK_NOTE:
      block->layouts[0] = kesu_report_layout_new (paper->context, block->text[0],
                                                  KESU_REPORT_FACE_SANS,
                                                  block->kind == BLOCK_TEXT ? m->body : m->small,
                                                  content_w, PANGO_ALIGN_LEFT);
      block->height = kesu_report_layout_height (block->layouts[0]);
      break;

    case BLOCK_SPACE:
      block->height = block->space * m->scale;
      break;

    case BLOCK_SIGNATURES:
      {
        double sw = slot_width (block, content_w, m);
        double slot_h = 0, stamp_h = 0;

        for (int i = 0; i < block->n_slots; i++)
          {
            block->layouts[i] = kesu_report_layout_new (paper->context, block->slots[i].caption,
                                                        KESU_REPORT_FACE_SANS_BOLD, m->small + 0.5,
                                                        sw, PANGO_ALIGN_LEFT);
            slot_h = MAX (slot_h, kesu_report_layout_height (block->layouts[i]));
          }
        /* caption, the signature, the line, the name and date under it, a note */
        slot_h += 4 + m->sig_h + 4 + 3 * (m->small * 1.5);
        if (block->stamp)
          stamp_h = m->stamp + 4 + m->small * 1.5;
        block->height = MAX (slot_h, stamp_h);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
add_piece (KesuPaper *paper,
           guint      block,
           int        page,
           double     y,
           guint      first_line,
           guint      n_lines,
           gboolean   continued)
{
  Piece piece = { block, page, y, first_line, n_lines, continued };

  g_array_append_val (paper->pieces, piece);
}

static double
footer_height (const Metrics *m)
{
  return m->small * 1.6 + 8 * m->scale;
}

int
kesu_paper_paginate (KesuPaper *paper,
                     cairo_t   *cr,
                     double     width,
                     double     height)
{
  Metrics *m = &paper->m;
  double content_w, top, bottom, y;
  int page = 0;
  g_autofree char *running = NULL;

  g_return_val_if_fail (paper != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (width > 0 && height > 0, 0);

  paper_clear_layout (paper);
  paper->width = width;
  paper->height = height;
  metrics_for (m, width);

  paper->context = kesu_report_context_new (cr);

  content_w = width - 2 * m->margin;
  running = g_strdup_printf ("%s    %s", paper->title, paper->number);
  paper->running = kesu_report_layout_new (paper->context, running, KESU_REPORT_FACE_SANS, m->small,
                                           content_w, PANGO_ALIGN_LEFT);
  paper->running_h = kesu_report_layout_height (paper->running) + 10 * m->scale;

  top = m->margin;
  bottom = height - m->margin - footer_height (m);
  y = top;

  for (guint i = 0; i < paper->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (paper->blocks, i);
      double page_top = page == 0 ? top : top + paper->running_h;

      measure_block (paper, block, content_w);

      if (block->kind == BLOCK_SPACE)
        {
          if (y > page_top)
            y += block->height;
          continue;
        }

      if (block->kind == BLOCK_BAND)
        {
          guint n = block->line_top->len;
          guint first = 0;
          gboolean continued = FALSE;
          const double *tops = (const double *) block->line_top->data;
          const double *bottoms = (const double *) block->line_bottom->data;

          while (first < n)
            {
              double avail = bottom - y - block->band_label_h - 2 * m->pad;
              guint count = 0;
              /* Keep the label with at least two lines (or all, when fewer). */
              guint least = MIN (2, n - first);

              while (first + count < n && bottoms[first + count] - tops[first] <= avail)
                count++;
              if (count < least && y > page_top)
                {
                  page++;
                  y = page_top = top + paper->running_h;
                  continue;
                }
              /* A line taller than a whole page still has to go somewhere. */
              count = MAX (count, 1);
              add_piece (paper, i, page, y, first, count, continued);
              y += block->band_label_h + bottoms[first + count - 1] - tops[first] + 2 * m->pad;
              first += count;
              continued = TRUE;
              if (first < n)
                {
                  page++;
                  y = page_top = top + paper->running_h;
                }
            }
          continue;
        }

      if (y + block->height > bottom && y > page_top)
        {
          page++;
          y = top + paper->running_h;
        }
      add_piece (paper, i, page, y, 0, 0, FALSE);
      y += block->height;
    }

  paper->n_pages = page + 1;
  return paper->n_pages;
}

/* ---- drawing ---- */

static void
set_ink (cairo_t *cr,
         double   grey)
{
  cairo_set_source_rgb (cr, grey, grey, grey);
}

static void
cell (cairo_t       *cr,
      const Metrics *m,
      double         x,
      double         y,
      double         w,
      double         h,
      gboolean       label)
{
  cairo_rectangle (cr, x, y, w, h);
  if (label)
    {
      cairo_set_source_rgb (cr, 0.93, 0.94, 0.96);
      cairo_fill_preserve (cr);
    }
  set_ink (cr, 0.25);
  cairo_set_line_width (cr, 0.6 * m->scale);
  cairo_stroke (cr);
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
png_read_cb (void          *closure,
             unsigned char *buffer,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->size - reader->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (buffer, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Draws the signature image to fit @w × @h, standing on the bottom edge. */
static void
draw_png (cairo_t *cr,
          GBytes  *png,
          double   x,
          double   y,
          double   w,
          double   h)
{
  PngReader reader = { NULL, 0, 0 };
  cairo_surface_t *image;
  double iw, ih, scale;

  reader.data = g_bytes_get_data (png, &reader.size);
  image = cairo_image_surface_create_from_png_stream (png_read_cb, &reader);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("A signature image could not be read: %s",
                 cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      return;
    }
  iw = cairo_image_surface_get_width (image);
  ih = cairo_image_surface_get_height (image);
  if (iw > 0 && ih > 0)
    {
      scale = MIN (w / iw, h / ih);
      cairo_save (cr);
      cairo_translate (cr, x, y + h - ih * scale);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  cairo_surface_destroy (image);
}

static void
draw_small (KesuPaper      *paper,
            cairo_t        *cr,
            const char     *text,
            double          x,
            double          y,
            double          w,
            PangoAlignment  align,
            double          grey)
{
  g_autoptr(PangoLayout) layout = kesu_report_layout_new (paper->context, text,
                                                          KESU_REPORT_FACE_SANS, paper->m.small, w,
                                                          align);

  set_ink (cr, grey);
  kesu_report_show_layout (cr, layout, x, y);
}

static void
draw_slot (KesuPaper   *paper,
           cairo_t     *cr,
           Block       *block,
           int          index,
           double       x,
           double       y,
           double       w)
{
  const Metrics *m = &paper->m;
  Slot *slot = &block->slots[index];
  double line_y, line_h = m->small * 1.5;
  g_autofree char *date = NULL;

  set_ink (cr, 0);
  kesu_report_show_layout (cr, block->layouts[index], x, y);
  y += kesu_report_layout_height (block->layouts[index]) + 4;
  line_y = y + m->sig_h;

  if (slot->png != NULL)
    draw_png (cr, slot->png, x + 4, y, w - 8, m->sig_h - 2);
  else if (slot->declined != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The customer declined to sign: %s"),
                                               slot->declined);
      g_autoptr(PangoLayout) layout = kesu_report_layout_new (paper->context, text,
                                                              KESU_REPORT_FACE_SANS, m->small, w,
                                                              PANGO_ALIGN_LEFT);

      set_ink (cr, 0.2);
      pango_layout_set_height (layout, (int) ((m->sig_h - 4) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      kesu_report_show_layout (cr, layout, x, line_y - 2 - kesu_report_layout_height (layout));
    }

  set_ink (cr, 0);
  cairo_set_line_width (cr, 0.6 * m->scale);
  cairo_move_to (cr, x, line_y + 0.5);
  cairo_line_to (cr, x + w, line_y + 0.5);
  cairo_stroke (cr);
  y = line_y + 4;

  if (slot->name != NULL)
    {
      draw_small (paper, cr, slot->name, x, y, w, PANGO_ALIGN_LEFT, 0);
      y += line_h;
    }
  if (slot->signed_at > 0)
    {
      g_autofree char *day = format_day (slot->signed_at);

      date = g_strdup_printf (_("Date: %s"), day);
    }
  else
    date = g_strdup_printf (_("Date: %s"), "");
  draw_small (paper, cr, date, x, y, w, PANGO_ALIGN_LEFT, 0);
  y += line_h;
  if (slot->changed_after)
    draw_small (paper, cr, _("The record was changed after it was signed."), x, y, w,
                PANGO_ALIGN_LEFT, 0.3);
}

static void
draw_stamp (KesuPaper *paper,
            cairo_t   *cr,
            double     x,
            double     y)
{
  const Metrics *m = &paper->m;
  double dash[] = { 3 * m->scale, 2.5 * m->scale };
  double r = 6 * m->scale, s = m->stamp;

  cairo_save (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + s - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + s - r, y + s - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + s - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 0.7 * m->scale);
  set_ink (cr, 0.45);
  cairo_stroke (cr);
  cairo_restore (cr);

  draw_small (paper, cr, _("Branch stamp"), x, y + s - m->small * 2.2, s, PANGO_ALIGN_CENTER,
              0.45);
}

static void
draw_piece (KesuPaper   *paper,
            cairo_t     *cr,
            const Piece *piece)
{
  Block *block = g_ptr_array_index (paper->blocks, piece->block);
  const Metrics *m = &paper->m;
  double x = m->margin;
  double y = piece->y;
  double content_w = paper->width - 2 * m->margin;

  switch (block->kind)
    {
    case BLOCK_LETTERHEAD:
      set_ink (cr, 0);
      kesu_report_show_layout (cr, block->layouts[0], x, y);
      y += kesu_report_layout_height (block->layouts[0]);
      if (block->text[1][0] != '\0')
        {
          set_ink (cr, 0.3);
          kesu_report_show_layout (cr, block->layouts[1], x, y + 2);
          y += 2 + kesu_report_layout_height (block->layouts[1]);
        }
      y += 6 * m->scale;
      set_ink (cr, 0);
      cairo_set_line_width (cr, 1.6 * m->scale);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + content_w, y);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 0.5 * m->scale);
      cairo_move_to (cr, x, y + 2.5);
      cairo_line_to (cr, x + content_w, y + 2.5);
      cairo_stroke (cr);
      break;

    case BLOCK_TITLE:
      set_ink (cr, 0);
      kesu_report_show_layout (cr, block->layouts[0], x, y + 14 * m->scale);
      break;

    case BLOCK_NUMBER:
      {
        double h0 = kesu_report_layout_height (block->layouts[0]);
        double h1 = kesu_report_layout_height (block->layouts[1]);
        double base = MAX (h0, h1);

        set_ink (cr, 0.2);
        kesu_report_show_layout (cr, block->layouts[0], x, y + base - h0);
        set_ink (cr, 0);
        kesu_report_show_layout (cr, block->layouts[1], x + content_w / 2, y + base - h1);
      }
      break;

    case BLOCK_ROW:
      {
        double vw = value_width (m, content_w, block->n_pairs);
        double cx = x;

        for (int i = 0; i < block->n_pairs; i++)
          {
            cell (cr, m, cx, y, m->label_w, block->height, TRUE);
            set_ink (cr, 0.15);
            kesu_report_show_layout (cr, block->layouts[2 * i], cx + m->pad, y + m->pad);
            cx += m->label_w;
            cell (cr, m, cx, y, vw, block->height, FALSE);
            set_ink (cr, 0);
            kesu_report_show_layout (cr, block->layouts[2 * i + 1], cx + m->pad, y + m->pad);
            cx += vw;
          }
      }
      break;

    case BLOCK_BAND:
      {
        const double *tops = (const double *) block->line_top->data;
        const double *bottoms = (const double *) block->line_bottom->data;
        guint last = piece->first_line + piece->n_lines - 1;
        double text_h = bottoms[last] - tops[piece->first_line];
        double value_y = y + block->band_label_h;
        PangoLayoutIter *iter;
        guint line = 0;

        cell (cr, m, x, y, content_w, block->band_label_h, TRUE);
        set_ink (cr, 0.15);
        if (piece->continued)
          {
            g_autofree char *text = g_strdup_printf (_("%s (continued)"), block->text[0]);
            g_autoptr(PangoLayout) layout = kesu_report_layout_new (paper->context, text,
                                                                    KESU_REPORT_FACE_SANS, m->body,
                                                                    content_w - 2 * m->pad,
                                                                    PANGO_ALIGN_LEFT);

            kesu_report_show_layout (cr, layout, x + m->pad, y + m->pad);
          }
        else
          kesu_report_show_layout (cr, block->layouts[0], x + m->pad, y + m->pad);
        cell (cr, m, x, value_y, content_w, text_h + 2 * m->pad, FALSE);

        set_ink (cr, 0);
        iter = pango_layout_get_iter (block->layouts[1]);
        do
          {
            if (line >= piece->first_line && line <= last)
              {
                PangoRectangle logical;
                int baseline = pango_layout_iter_get_baseline (iter);

                pango_layout_iter_get_line_extents (iter, NULL, &logical);
                cairo_move_to (cr, x + m->pad + (double) logical.x / PANGO_SCALE,
                               value_y + m->pad + (double) baseline / PANGO_SCALE
                               - tops[piece->first_line]);
                pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
              }
            line++;
          }
        while (line <= last && pango_layout_iter_next_line (iter));
        pango_layout_iter_free (iter);
      }
      break;

    case BLOCK_TEXT:
      set_ink (cr, 0);
      kesu_report_show_layout (cr, block->layouts[0], x, y);
      break;

    case BLOCK_NOTE:
      set_ink (cr, 0.35);
      kesu_report_show_layout (cr, block->layouts[0], x, y);
      break;

    case BLOCK_SPACE:
      break;

    case BLOCK_SIGNATURES:
      {
        double sw = slot_width (block, content_w, m);

        for (int i = 0; i < block->n_slots; i++)
          draw_slot (paper, cr, block, i, x + i * (sw + 12 * m->scale), y, sw);
        if (block->stamp)
          draw_stamp (paper, cr, x + content_w - m->stamp, y);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
kesu_paper_draw_page (KesuPaper *paper,
                      cairo_t   *cr,
                      int        page,
                      double     width,
                      double     height)
{
  const Metrics *m = &paper->m;
  double content_w, footer_y;

  g_return_if_fail (paper != NULL);
  g_return_if_fail (cr != NULL);

  if (paper->context == NULL || paper->width != width || paper->height != height)
    kesu_paper_paginate (paper, cr, width, height);
  g_return_if_fail (page >= 0 && page < paper->n_pages);

  content_w = width - 2 * m->margin;
  cairo_save (cr);

  if (page > 0)
    {
      set_ink (cr, 0.3);
      kesu_report_show_layout (cr, paper->running, m->margin, m->margin);
      kesu_report_hline (cr, m->margin, m->margin + content_w,
                         m->margin + paper->running_h - 5 * m->scale, 0.5 * m->scale);
    }

  for (guint i = 0; i < paper->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (paper->pieces, Piece, i);

      if (piece->page == page)
        draw_piece (paper, cr, piece);
    }

  footer_y = height - m->margin - m->small * 1.6;
  set_ink (cr, 0.5);
  kesu_report_hline (cr, m->margin, m->margin + content_w, footer_y - 4 * m->scale,
                     0.5 * m->scale);
  set_ink (cr, 0.35);
  kesu_report_draw_footer (cr, paper->context, m->margin, footer_y, content_w, m->small,
                           paper->printed, paper->number, page, paper->n_pages);

  cairo_restore (cr);
}
