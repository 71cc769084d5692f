/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-workflow"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-enums-private.h"
#include "kesu-error.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

typedef struct
{
  KesuState   from;
  KesuState   to;
  KesuNeeds   needs;
  const char *label;  /* N_() */
} Move;

/* Every allowed move.  Anything not listed is refused. */
static const Move moves[] = {
  { KESU_STATE_RECEIVED, KESU_STATE_INVESTIGATING, KESU_NEEDS_HANDLER,
    N_("Start Investigating") },
  { KESU_STATE_INVESTIGATING, KESU_STATE_PROPOSING, KESU_NEEDS_FINDING,
    N_("Record Finding and Propose") },
  { KESU_STATE_PROPOSING, KESU_STATE_EXECUTING, KESU_NEEDS_SOLUTION | KESU_NEEDS_AGREEMENT,
    N_("Customer Agreed") },
  { KESU_STATE_PROPOSING, KESU_STATE_INVESTIGATING, KESU_NEEDS_REASON,
    N_("Back to Investigation") },
  { KESU_STATE_EXECUTING, KESU_STATE_FOLLOW_UP, KESU_NEEDS_MEASURES_DONE,
    N_("Measures Done") },
  { KESU_STATE_EXECUTING, KESU_STATE_PROPOSING, KESU_NEEDS_REASON,
    N_("Back to Negotiation") },
  { KESU_STATE_FOLLOW_UP, KESU_STATE_CLOSED, KESU_NEEDS_SATISFACTION,
    N_("Record Follow-up and Close") },
  { KESU_STATE_FOLLOW_UP, KESU_STATE_INVESTIGATING, KESU_NEEDS_REASON,
    N_("Reopen") },
  { KESU_STATE_CLOSED, KESU_STATE_INVESTIGATING, KESU_NEEDS_REASON,
    N_("Reopen") },
  { KESU_STATE_WITHDRAWN, KESU_STATE_INVESTIGATING, KESU_NEEDS_REASON,
    N_("Reopen") },
  { KESU_STATE_RECEIVED, KESU_STATE_WITHDRAWN, KESU_NEEDS_REASON, N_("Withdraw") },
  { KESU_STATE_INVESTIGATING, KESU_STATE_WITHDRAWN, KESU_NEEDS_REASON, N_("Withdraw") },
  { KESU_STATE_PROPOSING, KESU_STATE_WITHDRAWN, KESU_NEEDS_REASON, N_("Withdraw") },
  { KESU_STATE_EXECUTING, KESU_STATE_WITHDRAWN, KESU_NEEDS_REASON, N_("Withdraw") },
  { KESU_STATE_FOLLOW_UP, KESU_STATE_WITHDRAWN, KESU_NEEDS_REASON, N_("Withdraw") },
};

static const KesuEnumInfo responsibilities[] = {
  { "", N_("Not decided") },
  { "undetermined", N_("Undetermined") },
  { "dealer-sales", N_("Dealer: sales") },
  { "dealer-after-sales", N_("Dealer: after-sales") },
  { "dealer-staff", N_("Dealer: a staff member") },
  { "manufacturer", N_("Manufacturer") },
  { "third-party", N_("Third party (carrier, insurer, supplier)") },
  { "customer", N_("Customer (use or misunderstanding)") },
};

static const KesuEnumInfo solutions[] = {
  { "", N_("Not chosen") },
  { "apology", N_("Apology and explanation") },
  { "repair", N_("Repair") },
  { "replacement", N_("Replacement") },
  { "partial-refund", N_("Partial refund") },
  { "full-refund", N_("Full refund") },
  { "compensation", N_("Compensation") },
  { "free-service", N_("Free service or gift") },
  { "process-change", N_("Training or process change") },
};

static const char *const satisfaction_labels[] = {
  N_("Very dissatisfied"),
  N_("Dissatisfied"),
  N_("Neither satisfied nor dissatisfied"),
  N_("Satisfied"),
  N_("Very satisfied"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (responsibilities) == KESU_N_RESPONSIBILITIES);
G_STATIC_ASSERT (G_N_ELEMENTS (solutions) == KESU_N_SOLUTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (satisfaction_labels) == KESU_SATISFACTION_MAX);

/* An unset column (NULL) reads as the "" entry: not decided, not chosen. */
KESU_DEFINE_ENUM_FUNCS (KesuResponsibility, responsibility, responsibilities, "")
KESU_DEFINE_ENUM_FUNCS (KesuSolution, solution, solutions, "")

const char *
kesu_satisfaction_to_label (int rating)
{
  if (rating < 1 || rating > KESU_SATISFACTION_MAX)
    return NULL;
  return _(satisfaction_labels[rating - 1]);
}

char *
kesu_format_satisfaction (int rating)
{
  if (rating < 1 || rating > KESU_SATISFACTION_MAX)
    return NULL;
  /* Translators: a satisfaction rating and its meaning, "2 — Dissatisfied" */
  return g_strdup_printf (_("%d — %s"), rating, kesu_satisfaction_to_label (rating));
}

KesuCaseData *
kesu_case_data_new (void)
{
  KesuCaseData *data = g_new0 (KesuCaseData, 1);

  data->amount_fen = -1;
  return data;
}

void
kesu_case_data_free (KesuCaseData *data)
{
  if (data == NULL)
    return;
  g_free (data->cause);
  g_free (data->measures);
  g_free (data->agreement_note);
  g_free (data->measures_result);
  g_free (data->satisfaction_comment);
  g_free (data->reason);
  g_free (data);
}

static char *
pick_text (const char *input,
           const char *stored)
{
  return g_strdup (!kesu_text_is_blank (input) ? input : stored);
}

KesuCaseData *
kesu_case_data_merge (const KesuCaseData *stored,
                      const KesuCaseData *input)
{
  KesuCaseData *merged = kesu_case_data_new ();
  KesuCaseData empty = { 0 };

  empty.amount_fen = -1;
  if (stored == NULL)
    stored = &empty;
  if (input == NULL)
    input = &empty;

  merged->handler_id = input->handler_id > 0 ? input->handler_id : stored->handler_id;
  merged->cause = pick_text (input->cause, stored->cause);
  merged->responsibility = input->responsibility != KESU_RESPONSIBILITY_NONE
                           ? input->responsibility : stored->responsibility;
  /* "One of several of the same kind" is part of the finding: whoever records a finding
   * says yes or no, otherwise the stored answer stands. */
  merged->recurring = (!kesu_text_is_blank (input->cause) ||
                       input->responsibility != KESU_RESPONSIBILITY_NONE)
                      ? input->recurring : stored->recurring;
  merged->solution = input->solution != KESU_SOLUTION_NONE ? input->solution : stored->solution;
  merged->measures = pick_text (input->measures, stored->measures);
  merged->amount_fen = input->amount_fen >= 0 ? input->amount_fen : stored->amount_fen;
  merged->solution_deadline = input->solution_deadline > 0 ? input->solution_deadline
                                                           : stored->solution_deadline;
  merged->agreed_at = input->agreed_at > 0 ? input->agreed_at : stored->agreed_at;
  merged->agreement_note = pick_text (input->agreement_note, stored->agreement_note);
  merged->measures_result = pick_text (input->measures_result, stored->measures_result);
  merged->satisfaction = input->satisfaction > 0 ? input->satisfaction : stored->satisfaction;
  merged->satisfaction_comment = pick_text (input->satisfaction_comment,
                                            stored->satisfaction_comment);
  /* A reason belongs to one move: never carried over. */
  merged->reason = g_strdup (input->reason);
  return merged;
}

gboolean
kesu_state_is_open (KesuState state)
{
  return state != KESU_STATE_CLOSED && state != KESU_STATE_WITHDRAWN;
}

static const Move *
find_move (KesuState from,
           KesuState to)
{
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (moves[i].from == from && moves[i].to == to)
      return &moves[i];
  return NULL;
}

gboolean
kesu_workflow_move_allowed (KesuState from,
                            KesuState to)
{
  return find_move (from, to) != NULL;
}

KesuNeeds
kesu_workflow_move_needs (KesuState from,
                          KesuState to)
{
  const Move *move = find_move (from, to);

  return move != NULL ? move->needs : KESU_NEEDS_NOTHING;
}

const char *
kesu_workflow_move_label (KesuState from,
                          KesuState to)
{
  const Move *move = find_move (from, to);

  return move != NULL ? _(move->label) : NULL;
}

GArray *
kesu_workflow_targets (KesuState from)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (KesuState));

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (moves[i].from == from)
      g_array_append_val (targets, moves[i].to);
  return targets;
}

char *
kesu_workflow_check_move (KesuState           from,
                          KesuState           to,
                          const KesuCaseData *data)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  const Move *move;
  KesuCaseData empty = { 0 };

  if ((guint) from >= KESU_N_STATES || (guint) to >= KESU_N_STATES)
    return g_strdup (_("Unknown state."));

  move = find_move (from, to);
  if (move == NULL)
    {
      if (from == to)
        return g_strdup_printf (_("The case is already “%s”."), kesu_state_to_label (from));
      return g_strdup_printf (_("A case cannot go from “%s” to “%s”."),
                              kesu_state_to_label (from), kesu_state_to_label (to));
    }

  if (data == NULL)
    {
      empty.amount_fen = -1;
      data = &empty;
    }

#define MISSING(text) \
  G_STMT_START { if (missing->len > 0) g_string_append_c (missing, '\n'); \
                 g_string_append (missing, text); } G_STMT_END

  if ((move->needs & KESU_NEEDS_HANDLER) && data->handler_id <= 0)
    MISSING (_("A handler must be assigned."));
  if (move->needs & KESU_NEEDS_FINDING)
    {
      if (kesu_text_is_blank (data->cause))
        MISSING (_("Record the cause that the investigation found."));
      if (data->responsibility == KESU_RESPONSIBILITY_NONE)
        MISSING (_("Say who is responsible."));
    }
  if (move->needs & KESU_NEEDS_SOLUTION)
    {
      if (data->solution == KESU_SOLUTION_NONE)
        MISSING (_("Choose the kind of solution."));
      if (kesu_text_is_blank (data->measures))
        MISSING (_("Describe the agreed measures."));
      if (data->amount_fen < 0)
        MISSING (_("Enter the amount in CNY (0 when no money is involved)."));
      if (data->solution_deadline <= 0)
        MISSING (_("Set the deadline for the measures."));
    }
  if ((move->needs & KESU_NEEDS_AGREEMENT) && data->agreed_at <= 0)
    MISSING (_("The customer's agreement is missing (a signature or recorded consent)."));
  if ((move->needs & KESU_NEEDS_MEASURES_DONE) && kesu_text_is_blank (data->measures_result))
    MISSING (_("Describe what was done."));
  if (move->needs & KESU_NEEDS_SATISFACTION)
    {
      if (data->satisfaction < 1 || data->satisfaction > 5)
        MISSING (_("Record the customer's satisfaction, from 1 to 5."));
      if (kesu_text_is_blank (data->satisfaction_comment))
        MISSING (_("Record what the customer said at the follow-up."));
    }
  if ((move->needs & KESU_NEEDS_REASON) && kesu_text_is_blank (data->reason))
    MISSING (_("Give the reason."));

#undef MISSING

  if (missing->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&missing), FALSE);
}

gboolean
kesu_parse_amount (const char  *text,
                   gint64      *out_fen,
                   GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p;
  gboolean seen_point = FALSE;
  int decimals = 0;
  gint64 yuan = 0, fen = 0;

  if (text == NULL || kesu_text_is_blank (text))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Enter an amount in CNY, e.g. 1200 or 1,200.50."));
      return FALSE;
    }

  for (p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == ',' || c == 0xFFE5 /* ￥ */ || c == 0x00A5 /* ¥ */
          || c == 0x5143 /* 元 */)
        continue;
      if (c == '-')
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("An amount cannot be negative."));
          return FALSE;
        }
      if (c == '.')
        {
          if (seen_point)
            goto bad;
          seen_point = TRUE;
          continue;
        }
      if (c < '0' || c > '9')
        goto bad;
      if (seen_point)
        {
          if (++decimals > 2)
            {
              g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                                   _("An amount has at most two decimals (fen)."));
              return FALSE;
            }
          fen = fen * 10 + (c - '0');
        }
      else
        {
          yuan = yuan * 10 + (c - '0');
          if (yuan > 10000000)
            {
              g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                                   _("The amount is more than 10,000,000 CNY."));
              return FALSE;
            }
          g_string_append_unichar (digits, c);
        }
    }
  if (digits->len == 0 && decimals == 0)
    goto bad;
  if (decimals == 1)
    fen *= 10;
  if (yuan == 10000000 && fen > 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The amount is more than 10,000,000 CNY."));
      return FALSE;
    }
  if (out_fen != NULL)
    *out_fen = yuan * 100 + fen;
  return TRUE;

bad:
  g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                       _("Enter an amount in CNY, e.g. 1200 or 1,200.50."));
  return FALSE;
}

char *
kesu_format_amount (gint64 fen)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *yuan = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (fen) / 100);
  gsize len = strlen (yuan);

  if (fen < 0)
    g_string_append_c (s, '-');
  g_string_append (s, "¥");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, yuan[i]);
    }
  g_string_append_printf (s, ".%02d", (int) (ABS (fen) % 100));
  return g_string_free (g_steal_pointer (&s), FALSE);
}
