/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* The life of a complaint (DOMAIN.md, 闭环): which moves between states are allowed and
 * what each needs.  This is the one place that says so; the store, the board, the
 * command line and the tests all ask here. */

typedef enum
{
  KESU_RESPONSIBILITY_NONE,          /* not decided yet */
  KESU_RESPONSIBILITY_UNDETERMINED,
  KESU_RESPONSIBILITY_DEALER_SALES,
  KESU_RESPONSIBILITY_DEALER_AFTER_SALES,
  KESU_RESPONSIBILITY_DEALER_STAFF,
  KESU_RESPONSIBILITY_MANUFACTURER,
  KESU_RESPONSIBILITY_THIRD_PARTY,
  KESU_RESPONSIBILITY_CUSTOMER,
  KESU_N_RESPONSIBILITIES
} KesuResponsibility;

typedef enum
{
  KESU_SOLUTION_NONE,                /* not chosen yet */
  KESU_SOLUTION_APOLOGY,
  KESU_SOLUTION_REPAIR,
  KESU_SOLUTION_REPLACEMENT,
  KESU_SOLUTION_PARTIAL_REFUND,
  KESU_SOLUTION_FULL_REFUND,
  KESU_SOLUTION_COMPENSATION,
  KESU_SOLUTION_FREE_SERVICE,
  KESU_SOLUTION_PROCESS_CHANGE,
  KESU_N_SOLUTIONS
} KesuSolution;

KESU_DECLARE_ENUM_FUNCS (KesuResponsibility, responsibility)
KESU_DECLARE_ENUM_FUNCS (KesuSolution, solution)

/* What a move needs that the case may not have yet. */
typedef enum
{
  KESU_NEEDS_NOTHING        = 0,
  KESU_NEEDS_HANDLER        = 1 << 0,
  KESU_NEEDS_FINDING        = 1 << 1,  /* cause and responsibility */
  KESU_NEEDS_SOLUTION       = 1 << 2,  /* solution type, measures, amount, deadline */
  KESU_NEEDS_AGREEMENT      = 1 << 3,  /* the customer's agreement */
  KESU_NEEDS_MEASURES_DONE  = 1 << 4,  /* what was done */
  KESU_NEEDS_SATISFACTION   = 1 << 5,  /* rating 1–5 and comment */
  KESU_NEEDS_REASON         = 1 << 6,  /* withdraw, reopen, step back */
} KesuNeeds;

/* The workflow facts of one case: as stored, or as given with a move.  Unset values:
 * NULL / "" strings, KESU_*_NONE, -1 amount, 0 times and rating. */
struct _KesuCaseData
{
  gint64              handler_id;
  char               *cause;
  KesuResponsibility  responsibility;
  gboolean            recurring;          /* one of several of the same kind */
  KesuSolution        solution;
  char               *measures;
  gint64              amount_fen;         /* CNY × 100; 0 is a valid amount */
  gint64              solution_deadline;  /* unix seconds */
  gint64              agreed_at;          /* when the customer agreed */
  char               *agreement_note;     /* how: signature, recorded call … */
  char               *measures_result;
  int                 satisfaction;       /* 1–5 */
  char               *satisfaction_comment;
  char               *reason;             /* for withdraw, reopen and steps back */
};

/* A rating at or below this is a dissatisfied follow-up: the case reopens. */
#define KESU_SATISFACTION_DISSATISFIED 2
/* Ratings go from 1, very dissatisfied, to this, very satisfied. */
#define KESU_SATISFACTION_MAX 5

/* What a rating means ("Dissatisfied"), translated; NULL outside 1 to
 * KESU_SATISFACTION_MAX. */
const char   *kesu_satisfaction_to_label    (int rating);
/* The rating and its meaning, "2 — Dissatisfied"; NULL outside 1 to KESU_SATISFACTION_MAX. */
char         *kesu_format_satisfaction      (int rating);

KesuCaseData *kesu_case_data_new    (void);
void          kesu_case_data_free   (KesuCaseData *data);
/* @input's set values over @stored's. transfer full */
KesuCaseData *kesu_case_data_merge  (const KesuCaseData *stored,
                                     const KesuCaseData *input);

gboolean      kesu_state_is_open            (KesuState state);
gboolean      kesu_workflow_move_allowed    (KesuState from,
                                             KesuState to);
KesuNeeds     kesu_workflow_move_needs      (KesuState from,
                                             KesuState to);
/* The button text for the move ("Start investigating", "Close the case" …). */
const char   *kesu_workflow_move_label      (KesuState from,
                                             KesuState to);
/* The states reachable from @from, in the order a menu shows them. */
GArray       *kesu_workflow_targets         (KesuState from);  /* of KesuState */

/* NULL when the move may go ahead with @data (stored and given, merged); otherwise
 * every missing thing, one sentence a line, in the user's language. */
char         *kesu_workflow_check_move      (KesuState           from,
                                             KesuState           to,
                                             const KesuCaseData *data);

/* Money as typed: "1200", "1,200.50", "¥300", "300元".  Not negative; at most
 * 10,000,000 CNY. */
gboolean      kesu_parse_amount             (const char  *text,
                                             gint64      *out_fen,
                                             GError     **error);
char         *kesu_format_amount            (gint64       fen);  /* "¥1,200.50" */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuCaseData, kesu_case_data_free)

G_END_DECLS
