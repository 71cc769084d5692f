/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-workflow"

#include "config.h"

#include "kesu-calendar.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-workflow.h"

/* The life of a complaint (DOMAIN.md): which moves are allowed and what each needs, the
 * timeline, deadlines with a set clock, and escalation.  Times are Asia/Shanghai. */

#define MINUTE ((gint64) 60)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

#define R KESU_STATE_RECEIVED
#define I KESU_STATE_INVESTIGATING
#define P KESU_STATE_PROPOSING
#define E KESU_STATE_EXECUTING
#define F KESU_STATE_FOLLOW_UP
#define C KESU_STATE_CLOSED
#define W KESU_STATE_WITHDRAWN

/* ---- the expected rules, written out independently of kesu-workflow.c ---- */

/* What each move needs; NO: the move is refused. */
#define NO (-1)
#define NEED_HANDLER KESU_NEEDS_HANDLER
#define NEED_FINDING KESU_NEEDS_FINDING
#define NEED_AGREED  (KESU_NEEDS_SOLUTION | KESU_NEEDS_AGREEMENT)
#define NEED_DONE    KESU_NEEDS_MEASURES_DONE
#define NEED_RATING  KESU_NEEDS_SATISFACTION
#define NEED_REASON  KESU_NEEDS_REASON

static const int expected_needs[KESU_N_STATES][KESU_N_STATES] = {
  /*       received  investigating  proposing     executing     follow-up  closed       withdrawn */
  [R] = { NO,       NEED_HANDLER, NO,           NO,           NO,        NO,          NEED_REASON },
  [I] = { NO,       NO,           NEED_FINDING, NO,           NO,        NO,          NEED_REASON },
  [P] = { NO,       NEED_REASON,  NO,           NEED_AGREED,  NO,        NO,          NEED_REASON },
  [E] = { NO,       NO,           NEED_REASON,  NO,           NEED_DONE, NO,          NEED_REASON },
  [F] = { NO,       NEED_REASON,  NO,           NO,           NO,        NEED_RATING, NEED_REASON },
  [C] = { NO,       NEED_REASON,  NO,           NO,           NO,        NO,          NO },
  [W] = { NO,       NEED_REASON,  NO,           NO,           NO,        NO,          NO },
};

/* The states' English labels, as LANGUAGE=en shows them. */
static const char *const state_labels[KESU_N_STATES] = {
  "Received", "Investigating", "Proposing", "Executing", "Follow-up", "Closed", "Withdrawn",
};

/* Each piece of data a move may need, in the order the check names them. */
typedef enum
{
  PIECE_HANDLER,
  PIECE_CAUSE,
  PIECE_RESPONSIBILITY,
  PIECE_SOLUTION,
  PIECE_MEASURES,
  PIECE_AMOUNT,
  PIECE_DEADLINE,
  PIECE_AGREEMENT,
  PIECE_MEASURES_RESULT,
  PIECE_SATISFACTION,
  PIECE_SATISFACTION_COMMENT,
  PIECE_REASON,
  N_PIECES
} Piece;

static const struct
{
  KesuNeeds   need;
  gboolean    text;     /* a text: blank counts as missing */
  const char *message;
} pieces[N_PIECES] = {
  [PIECE_HANDLER] = { KESU_NEEDS_HANDLER, FALSE, "A handler must be assigned." },
  [PIECE_CAUSE] = { KESU_NEEDS_FINDING, TRUE, "Record the cause that the investigation found." },
  [PIECE_RESPONSIBILITY] = { KESU_NEEDS_FINDING, FALSE, "Say who is responsible." },
  [PIECE_SOLUTION] = { KESU_NEEDS_SOLUTION, FALSE, "Choose the kind of solution." },
  [PIECE_MEASURES] = { KESU_NEEDS_SOLUTION, TRUE, "Describe the agreed measures." },
  [PIECE_AMOUNT] = { KESU_NEEDS_SOLUTION, FALSE,
                     "Enter the amount in CNY (0 when no money is involved)." },
  [PIECE_DEADLINE] = { KESU_NEEDS_SOLUTION, FALSE, "Set the deadline for the measures." },
  [PIECE_AGREEMENT] = { KESU_NEEDS_AGREEMENT, FALSE,
                        "The customer's agreement is missing (a signature or recorded "
                        "consent)." },
  [PIECE_MEASURES_RESULT] = { KESU_NEEDS_MEASURES_DONE, TRUE, "Describe what was done." },
  [PIECE_SATISFACTION] = { KESU_NEEDS_SATISFACTION, FALSE,
                           "Record the customer's satisfaction, from 1 to 5." },
  [PIECE_SATISFACTION_COMMENT] = { KESU_NEEDS_SATISFACTION, TRUE,
                                   "Record what the customer said at the follow-up." },
  [PIECE_REASON] = { KESU_NEEDS_REASON, TRUE, "Give the reason." },
};

/* Blank in every way a form can leave it: spaces, a tab, a newline, an ideographic space. */
#define BLANK " \t\n\xe3\x80\x80 "

/* ---- fixture ---- */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     clerk_id;    /* front desk; the operator after set-up */
  gint64     handler_id;  /* service advisor */
  gint64     manager_id;  /* after-sales manager */
  gint64     t0;          /* the clock at the start: Tuesday 2026-11-24 10:00 */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  KesuBranch branch = { (char *) "星河汽车4S店（城东店）", (char *) "上海市浦东新区张江路1号",
                        (char *) "021-62345678" };

  f->t0 = kesu_test_local_unix (2026, 11, 24, 10, 0);
  kesu_test_set_clock (f->t0);
  f->dir = g_dir_make_tmp ("kesu-workflow-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kesu.db", NULL);
  f->store = kesu_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kesu_store_setup (f->store, &branch, "王芳", KESU_ROLE_FRONT_DESK,
                                   "13912345678", &f->clerk_id, &error));
  g_assert_no_error (error);
  f->handler_id = kesu_test_add_staff (f->store, "李强", KESU_ROLE_SERVICE_ADVISOR,
                                       "13800001111", &error);
  g_assert_no_error (error);
  f->manager_id = kesu_test_add_staff (f->store, "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER,
                                       "13816620381", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->handler_id, >, f->clerk_id);
  g_assert_cmpint (f->manager_id, >, f->handler_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

/* ---- helpers ---- */

typedef struct
{
  gint64        received;     /* 0: the fixture's t0 */
  KesuSeverity  severity;
  KesuCategory  category;
  gint64        handler_id;   /* 0: the fixture's handler */
  const char   *description;  /* NULL: a default */
} CaseSpec;

static gint64
add_case (Fixture        *f,
          const CaseSpec *spec)
{
  g_autoptr(KesuIntake) in =
    kesu_test_intake_new (spec->received ? spec->received : f->t0, f->clerk_id,
                          spec->handler_id ? spec->handler_id : f->handler_id,
                          "张伟", "13812345678",
                          spec->description ? spec->description
                                            : "保养后发动机舱漏油，地面有油迹。",
                          "要求免费维修");

  in->vehicle_model = g_strdup ("大众 途观L");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = spec->category;
  in->severity = spec->severity;
  return kesu_test_add_intake (f->store, in);
}

/* A normal repair complaint received at @received (0: t0). */
static gint64
add_complaint (Fixture *f,
               gint64   received)
{
  CaseSpec spec = { received, KESU_SEVERITY_NORMAL, KESU_CATEGORY_REPAIR_QUALITY, 0, NULL };

  return add_case (f, &spec);
}

/* Everything any move could need. */
static KesuCaseData *
complete_input (Fixture *f)
{
  KesuCaseData *d = kesu_case_data_new ();

  d->handler_id = f->handler_id;
  d->cause = g_strdup ("机油滤芯未拧紧，属维修操作失误");
  d->responsibility = KESU_RESPONSIBILITY_DEALER_AFTER_SALES;
  d->solution = KESU_SOLUTION_REPAIR;
  d->measures = g_strdup ("免费重新紧固机油滤芯，清洗发动机舱");
  d->amount_fen = 0;
  d->solution_deadline = f->t0 + 3 * DAY;
  d->agreed_at = f->t0;
  d->agreement_note = g_strdup ("客户现场签字确认");
  d->measures_result = g_strdup ("已紧固并试车，无渗漏");
  d->satisfaction = 4;
  d->satisfaction_comment = g_strdup ("客户表示满意");
  d->reason = g_strdup ("客户要求");
  return d;
}

static void
remove_piece (KesuCaseData *d,
              Piece         piece,
              gboolean      blank)
{
  const char *text = blank ? BLANK : NULL;

  switch (piece)
    {
    case PIECE_HANDLER: d->handler_id = 0; break;
    case PIECE_CAUSE: g_free (d->cause); d->cause = g_strdup (text); break;
    case PIECE_RESPONSIBILITY: d->responsibility = KESU_RESPONSIBILITY_NONE; break;
    case PIECE_SOLUTION: d->solution = KESU_SOLUTION_NONE; break;
    case PIECE_MEASURES: g_free (d->measures); d->measures = g_strdup (text); break;
    case PIECE_AMOUNT: d->amount_fen = -1; break;
    case PIECE_DEADLINE: d->solution_deadline = 0; break;
    case PIECE_AGREEMENT: d->agreed_at = 0; break;
    case PIECE_MEASURES_RESULT:
      g_free (d->measures_result);
      d->measures_result = g_strdup (text);
      break;
    case PIECE_SATISFACTION: d->satisfaction = 0; break;
    case PIECE_SATISFACTION_COMMENT:
      g_free (d->satisfaction_comment);
      d->satisfaction_comment = g_strdup (text);
      break;
    case PIECE_REASON: g_free (d->reason); d->reason = g_strdup (text); break;
    case N_PIECES:
    default:
      g_assert_not_reached ();
    }
}

static GPtrArray *
events_of (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = kesu_store_list_events (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static guint
n_events (Fixture *f,
          gint64   id)
{
  g_autoptr(GPtrArray) events = events_of (f, id);

  return events->len;
}

static KesuEvent *
event_at (GPtrArray *events,
          guint      i)
{
  g_assert_cmpuint (i, <, events->len);
  return g_ptr_array_index (events, i);
}

static KesuCaseData *
case_data (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  KesuCaseData *d = kesu_store_get_case_data (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static void
assert_case_data_equal (const KesuCaseData *a,
                        const KesuCaseData *b)
{
  g_assert_cmpint (a->handler_id, ==, b->handler_id);
  g_assert_cmpstr (a->cause, ==, b->cause);
  g_assert_cmpint (a->responsibility, ==, b->responsibility);
  g_assert_cmpint (a->recurring, ==, b->recurring);
  g_assert_cmpint (a->solution, ==, b->solution);
  g_assert_cmpstr (a->measures, ==, b->measures);
  g_assert_cmpint (a->amount_fen, ==, b->amount_fen);
  g_assert_cmpint (a->solution_deadline, ==, b->solution_deadline);
  g_assert_cmpint (a->agreed_at, ==, b->agreed_at);
  g_assert_cmpstr (a->agreement_note, ==, b->agreement_note);
  g_assert_cmpstr (a->measures_result, ==, b->measures_result);
  g_assert_cmpint (a->satisfaction, ==, b->satisfaction);
  g_assert_cmpstr (a->satisfaction_comment, ==, b->satisfaction_comment);
}

static void
move_ok (Fixture            *f,
         gint64              id,
         KesuState           to,
         const KesuCaseData *input,
         KesuState           expected)
{
  g_autoptr(GError) error = NULL;
  KesuState out = KESU_N_STATES;

  g_assert_true (kesu_store_move (f->store, id, to, input, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out, ==, expected);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, expected);
}

/* Walks a case from received to @target with real moves and complete data. */
static void
walk_to (Fixture   *f,
         gint64     id,
         KesuState  target)
{
  static const KesuState forward[] = { I, P, E, F, C };
  g_autoptr(KesuCaseData) input = complete_input (f);

  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, R);
  if (target == R)
    return;
  if (target == W)
    {
      move_ok (f, id, W, input, W);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (forward); i++)
    {
      move_ok (f, id, forward[i], input, forward[i]);
      if (forward[i] == target)
        return;
    }
  g_assert_not_reached ();
}

static char *
refusal_message (KesuState from,
                 KesuState to)
{
  if (from == to)
    return g_strdup_printf ("The case is already “%s”.", state_labels[from]);
  return g_strdup_printf ("A case cannot go from “%s” to “%s”.", state_labels[from],
                          state_labels[to]);
}

static KesuComplaint *
reload (Fixture *f,
        gint64   id)
{
  g_autoptr(GError) error = NULL;
  KesuComplaint *c = kesu_store_get_complaint (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* The ids a query returns, in its order, as "3,1,2". */
static char *
query_ids (Fixture          *f,
           const KesuFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = kesu_store_query_complaints (f->store, filter, &error);
  GString *ids = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                              kesu_complaint_get_id (c));
    }
  return g_string_free (ids, FALSE);
}

/* "3,1,2" from ids ending with 0. */
static char *
ids_text (const gint64 *ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids[i] > 0; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  return g_string_free (s, FALSE);
}

/* The query gives exactly these ids, in this order; assert_query (f, filter, 0): none. */
#define assert_query(f, filter, ...)                                      \
  G_STMT_START {                                                          \
    g_autofree char *got_ = query_ids ((f), (filter));                    \
    g_autofree char *want_ = ids_text ((gint64[]) { __VA_ARGS__, 0 });    \
    g_assert_cmpstr (got_, ==, want_);                                    \
  } G_STMT_END

static void
assert_due_text (KesuComplaint *c,
                 gint64         now,
                 const char    *expected)
{
  g_autofree char *text = kesu_complaint_dup_due_text (c, now);

  g_assert_cmpstr (text, ==, expected);
}

/* ---- the matrix of moves ---- */

static void
test_matrix_rules (void)
{
  g_autoptr(KesuCaseData) empty = kesu_case_data_new ();
  guint n_allowed = 0;

  for (int from = 0; from < KESU_N_STATES; from++)
    {
      g_autoptr(GArray) targets = kesu_workflow_targets (from);
      guint n_targets = 0;

      for (int to = 0; to < KESU_N_STATES; to++)
        {
          gboolean allowed = expected_needs[from][to] != NO;
          g_autofree char *message = kesu_workflow_check_move (from, to, empty);
          gboolean listed = FALSE;

          g_test_message ("%s → %s", state_labels[from], state_labels[to]);
          g_assert_cmpint (kesu_workflow_move_allowed (from, to), ==, allowed);
          for (guint i = 0; i < targets->len; i++)
            if (g_array_index (targets, KesuState, i) == (KesuState) to)
              listed = TRUE;
          g_assert_cmpint (listed, ==, allowed);

          if (allowed)
            {
              n_allowed++;
              n_targets++;
              g_assert_nonnull (kesu_workflow_move_label (from, to));
              /* Every allowed move needs something: none goes ahead with no data. */
              g_assert_nonnull (message);
            }
          else
            {
              g_autofree char *expected = refusal_message (from, to);

              g_assert_null (kesu_workflow_move_label (from, to));
              g_assert_cmpint (kesu_workflow_move_needs (from, to), ==, KESU_NEEDS_NOTHING);
              g_assert_cmpstr (message, ==, expected);
            }
        }
      g_assert_cmpuint (targets->len, ==, n_targets);
    }
  g_assert_cmpuint (n_allowed, ==, 15);

  /* Whatever data comes with a refused move, it stays refused. */
  {
    g_autofree char *message = NULL;
    KesuCaseData full = { 0 };

    full.handler_id = 1;
    full.cause = (char *) "原因";
    full.responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
    full.solution = KESU_SOLUTION_REPAIR;
    full.measures = (char *) "措施";
    full.solution_deadline = 1;
    full.agreed_at = 1;
    full.measures_result = (char *) "已完成";
    full.satisfaction = 5;
    full.satisfaction_comment = (char *) "满意";
    full.reason = (char *) "原因";
    message = kesu_workflow_check_move (C, P, &full);
    g_assert_cmpstr (message, ==, "A case cannot go from “Closed” to “Proposing”.");
    g_clear_pointer (&message, g_free);
    message = kesu_workflow_check_move (R, C, &full);
    g_assert_cmpstr (message, ==, "A case cannot go from “Received” to “Closed”.");
    g_clear_pointer (&message, g_free);
    message = kesu_workflow_check_move (F, F, &full);
    g_assert_cmpstr (message, ==, "The case is already “Follow-up”.");
    g_clear_pointer (&message, g_free);
    message = kesu_workflow_check_move (KESU_N_STATES, I, &full);
    g_assert_cmpstr (message, ==, "Unknown state.");
  }

  for (int s = 0; s < KESU_N_STATES; s++)
    g_assert_cmpint (kesu_state_is_open (s), ==, s != C && s != W);
}

/* Through the store: a real case in each state, each target tried with complete data. */
static void
test_matrix_store (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KesuCaseData) input = complete_input (f);

  /* Every move, reopening a finished case too: a manager's work (test-auth.c tries the
   * others). */
  kesu_store_set_operator (f->store, f->manager_id);
  for (int from = 0; from < KESU_N_STATES; from++)
    for (int to = 0; to < KESU_N_STATES; to++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(KesuCaseData) before = NULL;
        g_autoptr(KesuCaseData) after = NULL;
        g_autoptr(GPtrArray) events = NULL;
        gint64 id = add_complaint (f, 0);
        KesuState out = KESU_N_STATES;
        guint n_before;
        gboolean ok;

        g_test_message ("%s → %s", state_labels[from], state_labels[to]);
        walk_to (f, id, from);
        g_assert_cmpint (kesu_test_state_of (f->store, id), ==, from);
        before = case_data (f, id);
        n_before = n_events (f, id);

        ok = kesu_store_move (f->store, id, to, input, &out, &error);
        events = events_of (f, id);
        after = case_data (f, id);
        if (expected_needs[from][to] != NO)
          {
            KesuEvent *last = event_at (events, events->len - 1);
            gboolean reopen = to == I && (from == F || from == C || from == W);

            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpint (out, ==, to);
            g_assert_cmpint (kesu_test_state_of (f->store, id), ==, to);
            /* From received the finding and the solution are new and come first; later
             * the walk has stored them and the move adds only itself. */
            if (from == R)
              {
                g_assert_cmpuint (events->len, ==, n_before + 3);
                g_assert_cmpint (event_at (events, n_before)->kind, ==, KESU_EVENT_FINDING);
                g_assert_cmpint (event_at (events, n_before + 1)->kind, ==,
                                 KESU_EVENT_SOLUTION);
              }
            else
              g_assert_cmpuint (events->len, ==, n_before + 1);
            g_assert_cmpint (last->kind, ==, reopen ? KESU_EVENT_REOPENED : KESU_EVENT_MOVED);
            g_assert_cmpint (last->from_state, ==, from);
            g_assert_cmpint (last->to_state, ==, to);
          }
        else
          {
            g_autofree char *expected = refusal_message (from, to);

            g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
            g_assert_cmpstr (error->message, ==, expected);
            g_assert_false (ok);
            g_assert_cmpint (out, ==, KESU_N_STATES);
            g_assert_cmpint (kesu_test_state_of (f->store, id), ==, from);
            g_assert_cmpuint (events->len, ==, n_before);
            assert_case_data_equal (after, before);
          }
      }
  g_assert_cmpuint (kesu_db_transaction_depth (kesu_store_get_db (f->store)), ==, 0);

  /* A move on a complaint that does not exist. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_store_move (f->store, 99999, I, input, NULL, &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_FOUND);
  }
}

/* ---- what each move needs ---- */

static void
test_needs_table (void)
{
  for (int from = 0; from < KESU_N_STATES; from++)
    for (int to = 0; to < KESU_N_STATES; to++)
      {
        int expected = expected_needs[from][to];

        g_assert_cmpint (kesu_workflow_move_needs (from, to), ==,
                         expected == NO ? KESU_NEEDS_NOTHING : (KesuNeeds) expected);
      }
}

static void
test_needs_messages (Fixture       *f,
                     gconstpointer  data)
{
  guint n_checked = 0;

  for (int from = 0; from < KESU_N_STATES; from++)
    for (int to = 0; to < KESU_N_STATES; to++)
      {
        g_autoptr(KesuCaseData) full = complete_input (f);
        g_autoptr(KesuCaseData) empty = kesu_case_data_new ();
        g_autoptr(GString) all_missing = g_string_new (NULL);
        g_autofree char *with_all = NULL;
        g_autofree char *with_none = NULL;
        g_autofree char *with_null = NULL;
        KesuNeeds needs;

        if (expected_needs[from][to] == NO)
          continue;
        needs = expected_needs[from][to];
        g_test_message ("%s → %s", state_labels[from], state_labels[to]);

        with_all = kesu_workflow_check_move (from, to, full);
        g_assert_null (with_all);

        /* Each piece taken away on its own: named exactly when this move needs it. */
        for (guint p = 0; p < N_PIECES; p++)
          for (int blank = 0; blank <= (int) pieces[p].text; blank++)
            {
              g_autoptr(KesuCaseData) partial = complete_input (f);
              g_autofree char *message = NULL;

              remove_piece (partial, p, blank);
              message = kesu_workflow_check_move (from, to, partial);
              if (needs & pieces[p].need)
                g_assert_cmpstr (message, ==, pieces[p].message);
              else
                g_assert_null (message);
              n_checked++;
            }

        /* Nothing given: every missing thing, one a line, in order. */
        for (guint p = 0; p < N_PIECES; p++)
          if (needs & pieces[p].need)
            g_string_append_printf (all_missing, "%s%s", all_missing->len ? "\n" : "",
                                    pieces[p].message);
        with_none = kesu_workflow_check_move (from, to, empty);
        g_assert_cmpstr (with_none, ==, all_missing->str);
        with_null = kesu_workflow_check_move (from, to, NULL);
        g_assert_cmpstr (with_null, ==, all_missing->str);
      }
  g_assert_cmpuint (n_checked, ==, 15 * (N_PIECES + 5));

  /* A rating outside 1–5 is no rating; 0 fen is an amount. */
  {
    g_autoptr(KesuCaseData) d = complete_input (f);
    int bad[] = { -1, 6, 100 };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *message = NULL;

        d->satisfaction = bad[i];
        message = kesu_workflow_check_move (F, C, d);
        g_assert_cmpstr (message, ==, pieces[PIECE_SATISFACTION].message);
      }
    for (int rating = 1; rating <= 5; rating++)
      {
        d->satisfaction = rating;
        g_assert_null (kesu_workflow_check_move (F, C, d));
      }
    d->amount_fen = 0;
    g_assert_null (kesu_workflow_check_move (P, E, d));
  }
}

/* Through the store: the stored data and the input are merged, and the error is the
 * check's message. */
static void
test_needs_store (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  g_autoptr(KesuCaseData) blank = kesu_case_data_new ();
  g_autoptr(KesuCaseData) back = kesu_case_data_new ();
  g_autoptr(KesuCaseData) stored = NULL;
  gint64 id = add_complaint (f, 0);

  /* The handler given at intake is enough to start. */
  move_ok (f, id, I, NULL, I);

  g_assert_false (kesu_store_move (f->store, id, P, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Record the cause that the investigation found.\nSay who is responsible.");
  g_clear_error (&error);

  finding->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  g_assert_false (kesu_store_move (f->store, id, P, finding, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Record the cause that the investigation found.");
  g_clear_error (&error);

  blank->cause = g_strdup (BLANK);
  blank->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  g_assert_false (kesu_store_move (f->store, id, P, blank, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Record the cause that the investigation found.");
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, I);
  g_assert_cmpuint (n_events (f, id), ==, 2);

  finding->cause = g_strdup ("变速箱阀体批次缺陷，厂家已发技术通报");
  move_ok (f, id, P, finding, P);
  stored = case_data (f, id);
  g_assert_cmpstr (stored->cause, ==, finding->cause);
  g_assert_cmpint (stored->responsibility, ==, KESU_RESPONSIBILITY_MANUFACTURER);

  /* Back to the investigation needs a reason; the stored finding then carries the case
   * forward again with no input. */
  g_assert_false (kesu_store_move (f->store, id, I, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Give the reason.");
  g_clear_error (&error);
  back->reason = g_strdup ("厂家要求补充检测数据");
  move_ok (f, id, I, back, I);
  move_ok (f, id, P, NULL, P);

  /* A reason belongs to one move: the next one that needs one needs its own. */
  g_assert_false (kesu_store_move (f->store, id, W, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Give the reason.");
  g_clear_error (&error);

  /* The whole solution is checked at once. */
  g_assert_false (kesu_store_move (f->store, id, E, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Choose the kind of solution.\n"
                   "Describe the agreed measures.\n"
                   "Enter the amount in CNY (0 when no money is involved).\n"
                   "Set the deadline for the measures.\n"
                   "The customer's agreement is missing (a signature or recorded consent).");
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, P);
}

/* Input the store refuses before any rule is looked at. */
static void
test_needs_input_checked (Fixture       *f,
                          gconstpointer  data)
{
  gint64 id = add_complaint (f, 0);
  guint n_before;

  walk_to (f, id, F);
  n_before = n_events (f, id);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(KesuCaseData) input = complete_input (f);
      g_autoptr(GError) error = NULL;

      switch (i)
        {
        case 0: input->satisfaction = 6; break;
        case 1: input->responsibility = KESU_N_RESPONSIBILITIES; break;
        case 2: input->solution = KESU_N_SOLUTIONS; break;
        case 3: input->amount_fen = (gint64) 10000000 * 100 + 1; break;
        case 4:
          g_free (input->satisfaction_comment);
          input->satisfaction_comment = g_strdup ("满意\x1b[0m");
          break;
        default: g_assert_not_reached ();
        }
      g_assert_false (kesu_store_move (f->store, id, C, input, NULL, &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    }
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, F);
  g_assert_cmpuint (n_events (f, id), ==, n_before);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_store_move (f->store, id, KESU_N_STATES, NULL, NULL, &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  }
}

static void
test_needs_amounts (void)
{
  static const struct
  {
    const char *text;
    gint64      fen;
  } good[] = {
    { "1200", 120000 },
    { "1,200.50", 120050 },
    { "¥300", 30000 },
    { "￥300", 30000 },
    { "300元", 30000 },
    { "0", 0 },
    { " 12.3 ", 1230 },
    { "0.05", 5 },
    { "10000000", 1000000000 },
    { "¥ 8,888.88 元", 888888 },
  };
  static const struct
  {
    const char *text;
    const char *message;
  } bad[] = {
    { "-5", "An amount cannot be negative." },
    { "abc", "Enter an amount in CNY, e.g. 1200 or 1,200.50." },
    { "1.234", "An amount has at most two decimals (fen)." },
    { "20000000", "The amount is more than 10,000,000 CNY." },
    { "10000000.01", "The amount is more than 10,000,000 CNY." },
    { "", "Enter an amount in CNY, e.g. 1200 or 1,200.50." },
    { "  ", "Enter an amount in CNY, e.g. 1200 or 1,200.50." },
    { "¥", "Enter an amount in CNY, e.g. 1200 or 1,200.50." },
    { "1.2.3", "Enter an amount in CNY, e.g. 1200 or 1,200.50." },
    { "12a", "Enter an amount in CNY, e.g. 1200 or 1,200.50." },
  };
  static const struct
  {
    gint64      fen;
    const char *text;
  } formatted[] = {
    { 120050, "¥1,200.50" },
    { 0, "¥0.00" },
    { 5, "¥0.05" },
    { 100, "¥1.00" },
    { 99999, "¥999.99" },
    { 100000, "¥1,000.00" },
    { 123456789, "¥1,234,567.89" },
    { 1000000000, "¥10,000,000.00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_test_message ("good: “%s”", good[i].text);
      g_assert_true (kesu_parse_amount (good[i].text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, good[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_test_message ("bad: “%s”", bad[i].text);
      g_assert_false (kesu_parse_amount (bad[i].text, &fen, &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
  g_assert_false (kesu_parse_amount (NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (formatted); i++)
    {
      g_autofree char *text = kesu_format_amount (formatted[i].fen);
      gint64 back = -1;

      g_assert_cmpstr (text, ==, formatted[i].text);
      /* What is shown can be typed back. */
      g_assert_true (kesu_parse_amount (text, &back, NULL));
      g_assert_cmpint (back, ==, formatted[i].fen);
    }
}

/* ---- one transaction per action ---- */

static void
add_failing_trigger (Fixture    *f,
                     const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_db_exec (kesu_store_get_db (f->store), sql, &error));
  g_assert_no_error (error);
}

static void
drop_failing_trigger (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_db_exec (kesu_store_get_db (f->store), "DROP TRIGGER fail_event",
                               &error));
  g_assert_no_error (error);
}

static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  g_autoptr(KesuCaseData) before = NULL;
  g_autoptr(KesuCaseData) after = NULL;
  g_autoptr(KesuCaseData) after_all = NULL;
  g_autoptr(KesuComplaint) c_before = NULL;
  g_autoptr(KesuComplaint) c_after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  KesuDb *db = kesu_store_get_db (f->store);
  gint64 id = add_complaint (f, 0);

  move_ok (f, id, I, NULL, I);
  kesu_test_set_clock (f->t0 + HOUR);
  before = case_data (f, id);
  c_before = reload (f, id);

  /* The finding's event is written, then the move's fails: neither may remain, nor the
   * finding in the case. */
  add_failing_trigger (f, "CREATE TEMP TRIGGER fail_event BEFORE INSERT ON event"
                          " WHEN NEW.kind = 'moved'"
                          " BEGIN SELECT RAISE (ABORT, 'simulated failure'); END;");
  finding->cause = g_strdup ("维修技师未按规定扭矩紧固");
  finding->responsibility = KESU_RESPONSIBILITY_DEALER_AFTER_SALES;
  g_assert_false (kesu_store_move (f->store, id, P, finding, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpuint (kesu_db_transaction_depth (db), ==, 0);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, I);
  after = case_data (f, id);
  assert_case_data_equal (after, before);
  g_assert_cmpstr (after->cause, ==, "");
  g_assert_cmpuint (n_events (f, id), ==, 2);
  drop_failing_trigger (f);

  /* Every other action fails whole when its event cannot be written. */
  add_failing_trigger (f, "CREATE TEMP TRIGGER fail_event BEFORE INSERT ON event"
                          " BEGIN SELECT RAISE (ABORT, 'simulated failure'); END;");
  /* (Reassigning is a manager's.) */
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_false (kesu_store_assign (f->store, id, f->manager_id, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  kesu_store_set_operator (f->store, f->clerk_id);
  g_assert_false (kesu_store_add_note (f->store, id, "客户来电催促", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_false (kesu_store_record_contact (f->store, id, KESU_CHANNEL_PHONE, "已告知进展",
                                             f->t0 + 2 * DAY, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_false (kesu_store_set_waiting (f->store, id, TRUE, "等待配件到货", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4", 8);
    g_autoptr(KesuAttachment) a = kesu_attachment_new ("检测报告.pdf", "application/pdf",
                                                       bytes);

    g_assert_cmpint (kesu_store_add_attachment (f->store, id, a, &error), ==, 0);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_DATABASE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (kesu_db_transaction_depth (db), ==, 0);
  drop_failing_trigger (f);

  c_after = reload (f, id);
  g_assert_cmpstr (kesu_complaint_get_handler_name (c_after), ==, "李强");
  g_assert_cmpuint (kesu_complaint_get_n_attachments (c_after), ==, 0);
  g_assert_false (kesu_complaint_is_waiting (c_after));
  /* No first response was recorded: the 24 h limit still applies. */
  g_assert_cmpint (kesu_complaint_get_next_due (c_after), ==, f->t0 + DAY);
  g_assert_cmpint (kesu_complaint_get_next_due (c_after), ==,
                   kesu_complaint_get_next_due (c_before));
  after_all = case_data (f, id);
  assert_case_data_equal (after_all, before);
  g_assert_cmpuint (n_events (f, id), ==, 2);

  /* With the trigger gone the same move goes through, with both events. */
  move_ok (f, id, P, finding, P);
  events = events_of (f, id);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpint (event_at (events, 2)->kind, ==, KESU_EVENT_FINDING);
  g_assert_cmpint (event_at (events, 3)->kind, ==, KESU_EVENT_MOVED);
}

/* ---- a dissatisfied follow-up ---- */

static gint64
reopen_count (Fixture *f,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (f->store),
                                         "SELECT reopen_count FROM complaint WHERE id = ?1",
                                         &error);
  gint64 n;

  g_assert_no_error (error);
  kesu_statement_bind_int64 (stmt, 1, id);
  g_assert_true (kesu_statement_step (stmt, &error));
  n = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return n;
}

static void
test_dissatisfied (Fixture       *f,
                   gconstpointer  data)
{
  /* At or below 2 the case reopens; from 3 it closes. */
  for (int rating = 1; rating <= 5; rating++)
    {
      g_autoptr(KesuCaseData) follow_up = kesu_case_data_new ();
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(KesuCaseData) stored = NULL;
      gint64 id = add_complaint (f, 0);
      gboolean reopens = rating <= 2;
      KesuEvent *last;
      guint n_before;

      walk_to (f, id, F);
      n_before = n_events (f, id);
      follow_up->satisfaction = rating;
      follow_up->satisfaction_comment = g_strdup (reopens ? "漏油问题依旧，客户很不满意"
                                                          : "问题已解决");
      move_ok (f, id, C, follow_up, reopens ? I : C);

      events = events_of (f, id);
      g_assert_cmpuint (events->len, ==, n_before + 1);
      last = event_at (events, events->len - 1);
      g_assert_cmpint (last->kind, ==, reopens ? KESU_EVENT_REOPENED : KESU_EVENT_MOVED);
      g_assert_cmpint (last->from_state, ==, F);
      g_assert_cmpint (last->to_state, ==, reopens ? I : C);
      g_assert_cmpstr (last->detail, ==, follow_up->satisfaction_comment);
      g_assert_cmpint (reopen_count (f, id), ==, reopens ? 1 : 0);

      stored = case_data (f, id);
      if (reopens)
        {
          /* The old outcome and agreement are gone; the finding and solution stay. */
          g_assert_cmpint (stored->agreed_at, ==, 0);
          g_assert_cmpstr (stored->agreement_note, ==, "");
          g_assert_cmpstr (stored->measures_result, ==, "");
          g_assert_cmpint (stored->satisfaction, ==, 0);
          g_assert_cmpstr (stored->cause, !=, "");
          g_assert_cmpint (stored->solution, ==, KESU_SOLUTION_REPAIR);
        }
      else
        {
          g_assert_cmpint (stored->satisfaction, ==, rating);
          g_assert_cmpstr (stored->satisfaction_comment, ==, "问题已解决");
        }
    }
}

static void
test_reopen_closed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) reopen = kesu_case_data_new ();
  g_autoptr(KesuCaseData) agreed = kesu_case_data_new ();
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(KesuComplaint) c = NULL;
  gint64 id = add_complaint (f, 0);
  KesuEvent *last;

  walk_to (f, id, C);
  stored = case_data (f, id);
  g_assert_cmpint (stored->agreed_at, ==, f->t0);
  c = reload (f, id);
  g_assert_cmpint (kesu_complaint_get_next_due (c), ==, 0);
  g_clear_pointer (&stored, kesu_case_data_free);

  kesu_test_set_clock (f->t0 + 20 * DAY);
  g_assert_false (kesu_store_move (f->store, id, I, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Give the reason.");
  g_clear_error (&error);
  reopen->reason = g_strdup (BLANK);
  g_assert_false (kesu_store_move (f->store, id, I, reopen, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, C);

  g_free (reopen->reason);
  reopen->reason = g_strdup ("客户反映同一位置再次漏油");
  /* A finished case is reopened by a manager. */
  g_assert_false (kesu_store_move (f->store, id, I, reopen, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, C);
  kesu_store_set_operator (f->store, f->manager_id);
  move_ok (f, id, I, reopen, I);
  events = events_of (f, id);
  last = event_at (events, events->len - 1);
  g_assert_cmpint (last->kind, ==, KESU_EVENT_REOPENED);
  g_assert_cmpint (last->from_state, ==, C);
  g_assert_cmpint (last->to_state, ==, I);
  g_assert_cmpint (last->at, ==, f->t0 + 20 * DAY);
  g_assert_cmpstr (last->detail, ==, "客户反映同一位置再次漏油");
  g_assert_cmpint (reopen_count (f, id), ==, 1);

  stored = case_data (f, id);
  g_assert_cmpint (stored->agreed_at, ==, 0);
  g_assert_cmpstr (stored->agreement_note, ==, "");
  g_assert_cmpint (stored->satisfaction, ==, 0);
  g_assert_cmpstr (stored->satisfaction_comment, ==, "");

  /* The stored finding and solution carry it back to the negotiation, but the customer
   * must agree again. */
  move_ok (f, id, P, NULL, P);
  g_assert_false (kesu_store_move (f->store, id, E, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, pieces[PIECE_AGREEMENT].message);
  g_clear_error (&error);
  agreed->agreed_at = f->t0 + 20 * DAY;
  agreed->agreement_note = g_strdup ("客户电话同意，已录音");
  move_ok (f, id, E, agreed, E);

  /* A step back from executing also needs the agreement again. */
  g_free (reopen->reason);
  reopen->reason = g_strdup ("配件无货，需改换方案");
  move_ok (f, id, P, reopen, P);
  g_clear_pointer (&stored, kesu_case_data_free);
  stored = case_data (f, id);
  g_assert_cmpint (stored->agreed_at, ==, 0);
  g_assert_false (kesu_store_move (f->store, id, E, NULL, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, pieces[PIECE_AGREEMENT].message);
}

/* ---- the timeline ---- */

typedef struct
{
  KesuEventKind  kind;
  gint64         at;
  gint64         staff_id;
  const char    *detail;
} ExpectedEvent;

static void
check_timeline (Fixture             *f,
                gint64               id,
                const ExpectedEvent *expected,
                guint                n)
{
  g_autoptr(GPtrArray) events = events_of (f, id);

  g_assert_cmpuint (events->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      KesuEvent *e = event_at (events, i);

      g_test_message ("event %u", i);
      g_assert_cmpint (e->kind, ==, expected[i].kind);
      g_assert_cmpint (e->at, ==, expected[i].at);
      g_assert_cmpint (e->staff_id, ==, expected[i].staff_id);
      if (expected[i].detail != NULL)
        g_assert_cmpstr (e->detail, ==, expected[i].detail);
      if (i > 0)
        g_assert_cmpint (e->id, >, event_at (events, i - 1)->id);
    }
}

static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  g_autoptr(KesuCaseData) solution = kesu_case_data_new ();
  g_autoptr(KesuCaseData) done = kesu_case_data_new ();
  g_autoptr(KesuCaseData) rating = kesu_case_data_new ();
  gint64 t = f->t0;
  gint64 h = f->handler_id;
  gint64 id = add_complaint (f, 0);
  ExpectedEvent expected[16];
  guint n = 0;
  KesuEvent *e;

  expected[n++] = (ExpectedEvent) { KESU_EVENT_RECEIVED, t, f->clerk_id, "" };
  check_timeline (f, id, expected, n);

  /* From now on the handler works the case; handing it on is the manager's. */
  kesu_store_set_operator (f->store, h);
  g_assert_false (kesu_store_assign (f->store, id, f->manager_id, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  kesu_store_set_operator (f->store, f->manager_id);

  kesu_test_set_clock (t += 10 * MINUTE);
  g_assert_true (kesu_store_assign (f->store, id, f->manager_id, &error));
  g_assert_no_error (error);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_ASSIGNED, t, f->manager_id, "" };
  check_timeline (f, id, expected, n);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);
    g_autoptr(KesuCaseData) d = case_data (f, id);

    g_assert_cmpstr (kesu_complaint_get_handler_name (c), ==, "陈志刚");
    g_assert_cmpint (d->handler_id, ==, f->manager_id);
  }
  g_assert_false (kesu_store_assign (f->store, id, 99999, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  check_timeline (f, id, expected, n);
  kesu_test_set_clock (t += 5 * MINUTE);
  g_assert_true (kesu_store_assign (f->store, id, h, &error));
  g_assert_no_error (error);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_ASSIGNED, t, f->manager_id, "" };
  check_timeline (f, id, expected, n);
  kesu_store_set_operator (f->store, h);

  kesu_test_set_clock (t += 10 * MINUTE);
  g_assert_true (kesu_store_add_note (f->store, id, "已调取维修工单和施工照片", &error));
  g_assert_no_error (error);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_NOTE, t, h, "已调取维修工单和施工照片" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += 10 * MINUTE);
  g_assert_true (kesu_store_record_contact (f->store, id, KESU_CHANNEL_WECHAT,
                                            "已致歉，明天上午十点前回电告知检查结果",
                                            t + DAY, &error));
  g_assert_no_error (error);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_CONTACT, t, h,
                                    "已致歉，明天上午十点前回电告知检查结果" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += 10 * MINUTE);
  g_assert_true (kesu_store_set_waiting (f->store, id, TRUE, "等待配件（油底壳垫片）到货",
                                         &error));
  g_assert_no_error (error);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_WAITING, t, h, "等待配件（油底壳垫片）到货" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += 10 * MINUTE);
  g_assert_true (kesu_store_set_waiting (f->store, id, FALSE, NULL, &error));
  g_assert_no_error (error);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_RESUMED, t, h, "" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += 10 * MINUTE);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4", 8);
    g_autoptr(KesuAttachment) a = kesu_attachment_new ("检测报告.pdf", "application/pdf",
                                                       bytes);

    g_assert_cmpint (kesu_store_add_attachment (f->store, id, a, &error), >, 0);
    g_assert_no_error (error);
  }
  expected[n++] = (ExpectedEvent) { KESU_EVENT_ATTACHMENT, t, h, "检测报告.pdf" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += 10 * MINUTE);
  move_ok (f, id, I, NULL, I);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_MOVED, t, h, "" };
  check_timeline (f, id, expected, n);

  /* A move with a finding: the finding first, then the move. */
  kesu_test_set_clock (t += HOUR);
  finding->cause = g_strdup ("油底壳垫片老化渗油");
  finding->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  move_ok (f, id, P, finding, P);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_FINDING, t, h, "油底壳垫片老化渗油" };
  expected[n++] = (ExpectedEvent) { KESU_EVENT_MOVED, t, h, "" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += HOUR);
  solution->solution = KESU_SOLUTION_COMPENSATION;
  solution->measures = g_strdup ("免费更换油底壳垫片，赠送一次保养");
  solution->amount_fen = 50000;
  solution->solution_deadline = t + 3 * DAY;
  solution->agreed_at = t;
  solution->agreement_note = g_strdup ("客户在处理方案确认书上签字");
  move_ok (f, id, E, solution, E);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_SOLUTION, t, h, "免费更换油底壳垫片，赠送一次保养" };
  expected[n++] = (ExpectedEvent) { KESU_EVENT_MOVED, t, h, "客户在处理方案确认书上签字" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += 2 * DAY);
  done->measures_result = g_strdup ("已更换垫片，试车无渗漏");
  move_ok (f, id, F, done, F);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_MOVED, t, h, "已更换垫片，试车无渗漏" };
  check_timeline (f, id, expected, n);

  kesu_test_set_clock (t += DAY);
  rating->satisfaction = 5;
  rating->satisfaction_comment = g_strdup ("客户非常满意");
  move_ok (f, id, C, rating, C);
  expected[n++] = (ExpectedEvent) { KESU_EVENT_MOVED, t, h, "客户非常满意" };
  check_timeline (f, id, expected, n);
  g_assert_cmpuint (n, ==, 15);

  /* The details of the entries that carry more than a text. */
  events = events_of (f, id);
  e = event_at (events, 0);
  g_assert_cmpstr (e->staff_name, ==, "王芳");
  g_assert_cmpint (e->to_state, ==, R);
  g_assert_cmpint (e->channel, ==, KESU_CHANNEL_PHONE);
  e = event_at (events, 1);
  g_assert_cmpint (e->ref_staff, ==, f->manager_id);
  g_assert_cmpstr (e->ref_staff_name, ==, "陈志刚");
  g_assert_cmpstr (e->staff_name, ==, "陈志刚");
  e = event_at (events, 4);
  g_assert_cmpint (e->channel, ==, KESU_CHANNEL_WECHAT);
  g_assert_cmpint (e->ref_time, ==, f->t0 + 35 * MINUTE + DAY);
  e = event_at (events, 8);
  g_assert_cmpint (e->from_state, ==, R);
  g_assert_cmpint (e->to_state, ==, I);
  e = event_at (events, 11);
  g_assert_cmpint (e->ref_time, ==, solution->solution_deadline);
  e = event_at (events, 14);
  g_assert_cmpint (e->from_state, ==, F);
  g_assert_cmpint (e->to_state, ==, C);

  /* The timeline is permanent, even to SQL. */
  {
    KesuDb *db = kesu_store_get_db (f->store);
    g_autoptr(GPtrArray) again = NULL;

    g_assert_false (kesu_db_exec (db, "UPDATE event SET detail = 'rewritten'", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (kesu_db_exec (db, "UPDATE event SET at = 0 WHERE kind = 'escalated'"
                                      " OR kind = 'moved'", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (kesu_db_exec (db, "DELETE FROM event", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (kesu_db_exec (db, "DELETE FROM event WHERE kind = 'note'", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpuint (kesu_db_transaction_depth (db), ==, 0);
    check_timeline (f, id, expected, n);
    again = events_of (f, id);
    g_assert_cmpstr (event_at (again, 3)->detail, ==, "已调取维修工单和施工照片");
  }

  /* Actions on a complaint that does not exist write nothing anywhere. */
  g_assert_false (kesu_store_add_note (f->store, 99999, "无", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kesu_store_add_note (f->store, id, BLANK, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  check_timeline (f, id, expected, n);
}

/* ---- deadlines ---- */

static void
test_deadline_first_response (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 t = f->t0;
  gint64 id = add_complaint (f, 0);
  gint64 other;

  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + DAY);
    g_assert_false (kesu_complaint_is_overdue (c));
    assert_due_text (c, t, "due in 24 h");
    assert_due_text (c, t + 23 * HOUR + 30 * MINUTE, "due in 30 min");
  }

  /* Exactly at the deadline it is not late yet; a second after, it is. */
  kesu_test_set_clock (t + DAY);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + DAY);
    g_assert_false (kesu_complaint_is_overdue (c));
    assert_due_text (c, t + DAY, "due in 0 min");
  }
  kesu_test_set_clock (t + DAY + 1);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_true (kesu_complaint_is_overdue (c));
    assert_due_text (c, t + DAY + 1, "overdue 0 min");
    assert_due_text (c, t + DAY + 3 * HOUR, "overdue 3 h");
    assert_due_text (c, t + DAY + 3 * DAY + 4 * HOUR, "overdue 3 d 4 h");
  }

  /* A late first contact answers the first-response limit; the promise to call back in
   * two days is now the nearest deadline. */
  kesu_test_set_clock (t + 28 * HOUR);
  g_assert_true (kesu_store_record_contact (f->store, id, KESU_CHANNEL_PHONE,
                                            "已致歉，两天内给出检查结论", t + 3 * DAY, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + 3 * DAY);
    g_assert_false (kesu_complaint_is_overdue (c));
    assert_due_text (c, t + 28 * HOUR, "due in 44 h");
  }

  /* A contact in time with a promise beyond the resolution target: the target counts. */
  kesu_test_set_clock (t);
  other = add_complaint (f, 0);
  kesu_test_set_clock (t + HOUR);
  g_assert_true (kesu_store_record_contact (f->store, other, KESU_CHANNEL_PHONE,
                                            "已安排技师检查，十天内答复", t + 10 * DAY, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) c = reload (f, other);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + 7 * DAY);
    assert_due_text (c, t + HOUR, "due in 6 d 23 h");
  }
  kesu_test_set_clock (t + 7 * DAY);
  {
    g_autoptr(KesuComplaint) c = reload (f, other);

    g_assert_false (kesu_complaint_is_overdue (c));
  }
  kesu_test_set_clock (t + 7 * DAY + 1);
  {
    g_autoptr(KesuComplaint) c = reload (f, other);

    g_assert_true (kesu_complaint_is_overdue (c));
  }

  /* A contact must say when the customer hears next, in the future. */
  g_assert_false (kesu_store_record_contact (f->store, other, KESU_CHANNEL_PHONE, "已回电",
                                             t + 7 * DAY + 1, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kesu_store_record_contact (f->store, other, KESU_CHANNEL_PHONE, "已回电",
                                             0, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  /* The list shows the same deadlines as a single read. */
  {
    g_autoptr(KesuFilter) filter = kesu_filter_new ();
    g_autoptr(GListModel) model = NULL;

    filter->overdue_only = TRUE;
    model = kesu_store_query_complaints (f->store, filter, &error);
    g_assert_no_error (error);
    /* The first case's promise (t + 3 d) has passed too. */
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(KesuComplaint) listed = g_list_model_get_item (model, i);
        g_autoptr(KesuComplaint) single = reload (f, kesu_complaint_get_id (listed));

        g_assert_cmpint (kesu_complaint_get_next_due (listed), ==,
                         kesu_complaint_get_next_due (single));
        g_assert_true (kesu_complaint_is_overdue (listed));
      }
  }
}

static void
test_deadline_severity (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CaseSpec urgent_spec = { 0, KESU_SEVERITY_URGENT, KESU_CATEGORY_VEHICLE_QUALITY, 0, NULL };
  CaseSpec important_spec = { 0, KESU_SEVERITY_IMPORTANT, KESU_CATEGORY_PRICE, 0, NULL };
  gint64 t = f->t0;
  gint64 urgent = add_case (f, &urgent_spec);
  gint64 important = add_case (f, &important_spec);

  {
    g_autoptr(KesuComplaint) u = reload (f, urgent);
    g_autoptr(KesuComplaint) i = reload (f, important);

    g_assert_cmpint (kesu_complaint_get_next_due (u), ==, t + 2 * HOUR);
    g_assert_cmpint (kesu_complaint_get_next_due (i), ==, t + DAY);
    assert_due_text (u, t, "due in 2 h");
  }
  kesu_test_set_clock (t + 2 * HOUR + 1);
  {
    g_autoptr(KesuComplaint) u = reload (f, urgent);

    g_assert_true (kesu_complaint_is_overdue (u));
  }

  /* After the first contact: the resolution targets, 24 h and 3 days. */
  g_assert_true (kesu_store_record_contact (f->store, urgent, KESU_CHANNEL_PHONE,
                                            "救援车已出发", t + 5 * DAY, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_record_contact (f->store, important, KESU_CHANNEL_PHONE,
                                            "已核对收费明细", t + 5 * DAY, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) u = reload (f, urgent);
    g_autoptr(KesuComplaint) i = reload (f, important);

    g_assert_cmpint (kesu_complaint_get_next_due (u), ==, t + DAY);
    g_assert_false (kesu_complaint_is_overdue (u));
    g_assert_cmpint (kesu_complaint_get_next_due (i), ==, t + 3 * DAY);
  }
}

static void
test_deadline_waiting (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 t = f->t0;
  gint64 a = add_complaint (f, 0);
  gint64 b = add_complaint (f, 0);

  /* a waits ten hours, well before its deadline. */
  kesu_test_set_clock (t + 2 * HOUR);
  g_assert_true (kesu_store_set_waiting (f->store, a, TRUE, "等待客户提供购车发票", &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_set_waiting (f->store, a, TRUE, "再等一次", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  kesu_test_set_clock (t + 12 * HOUR);
  {
    g_autoptr(KesuComplaint) c = reload (f, a);

    g_assert_true (kesu_complaint_is_waiting (c));
    g_assert_false (kesu_complaint_is_overdue (c));
    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + DAY + 10 * HOUR);
    assert_due_text (c, t + 12 * HOUR, "waiting");
  }
  g_assert_true (kesu_store_set_waiting (f->store, a, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_set_waiting (f->store, a, FALSE, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(KesuComplaint) c = reload (f, a);

    g_assert_false (kesu_complaint_is_waiting (c));
    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + DAY + 10 * HOUR);
    assert_due_text (c, t + 12 * HOUR, "due in 22 h");
  }

  /* b waits past its deadline: while it waits it is not late and does not escalate. */
  kesu_test_set_clock (t + 20 * HOUR);
  g_assert_true (kesu_store_set_waiting (f->store, b, TRUE, "等待配件（右前大灯总成）到货",
                                         &error));
  g_assert_no_error (error);
  kesu_test_set_clock (t + 30 * HOUR);
  {
    g_autoptr(KesuComplaint) c = reload (f, b);
    g_autoptr(GArray) escalated = kesu_store_escalate_overdue (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (escalated->len, ==, 0);
    g_assert_true (kesu_complaint_is_waiting (c));
    g_assert_false (kesu_complaint_is_overdue (c));
    assert_due_text (c, t + 30 * HOUR, "waiting");
  }
  g_assert_true (kesu_store_set_waiting (f->store, b, FALSE, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) c = reload (f, b);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, t + DAY + 10 * HOUR);
    g_assert_false (kesu_complaint_is_overdue (c));
    assert_due_text (c, t + 30 * HOUR, "due in 4 h");
  }
  kesu_test_set_clock (t + 34 * HOUR + 1);
  {
    g_autoptr(KesuComplaint) c = reload (f, b);

    g_assert_true (kesu_complaint_is_overdue (c));
  }

  /* A second wait adds to the first. */
  g_assert_true (kesu_store_set_waiting (f->store, a, TRUE, "等待厂家技术支持", &error));
  g_assert_no_error (error);
  kesu_test_set_clock (t + 40 * HOUR);
  g_assert_true (kesu_store_set_waiting (f->store, a, FALSE, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) c = reload (f, a);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==,
                     t + DAY + 10 * HOUR + (6 * HOUR - 1));
  }

  /* A closed case does not wait. */
  {
    gint64 closed = add_complaint (f, 0);

    walk_to (f, closed, C);
    g_assert_false (kesu_store_set_waiting (f->store, closed, TRUE, "等待", &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  }
}

static void
test_deadline_working_days (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (f->store);
  g_autoptr(KesuDeadlinePolicy) stored = NULL;
  gint64 friday_evening = kesu_test_local_unix (2026, 11, 20, 18, 30);
  gint64 id;

  g_assert_false (policy->working_days);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_NORMAL], ==, DAY);
  g_assert_cmpint (policy->first_response_seconds[KESU_SEVERITY_URGENT], ==, 2 * HOUR);
  g_assert_cmpint (policy->resolution_seconds[KESU_SEVERITY_NORMAL], ==, 7 * DAY);
  g_assert_cmpint (policy->resolution_seconds[KESU_SEVERITY_IMPORTANT], ==, 3 * DAY);
  g_assert_cmpint (policy->resolution_seconds[KESU_SEVERITY_URGENT], ==, DAY);

  kesu_test_set_clock (friday_evening);
  id = add_complaint (f, friday_evening);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    /* In calendar time: Saturday evening. */
    g_assert_cmpint (kesu_complaint_get_next_due (c), ==,
                     kesu_test_local_unix (2026, 11, 21, 18, 30));
  }

  policy->working_days = TRUE;
  /* Time limits are the managers': not the front desk's. */
  g_assert_false (kesu_store_set_deadline_policy (f->store, policy, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_true (kesu_store_set_deadline_policy (f->store, policy, &error));
  g_assert_no_error (error);
  stored = kesu_store_get_deadline_policy (f->store);
  g_assert_true (stored->working_days);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    /* The weekend does not count: Monday evening. */
    g_assert_cmpint (kesu_complaint_get_next_due (c), ==,
                     kesu_test_local_unix (2026, 11, 23, 18, 30));
  }
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 21, 20, 0));
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_false (kesu_complaint_is_overdue (c));
    assert_due_text (c, kesu_test_local_unix (2026, 11, 21, 20, 0), "due in 46 h");
  }

  /* Monday is a holiday: Tuesday evening. */
  kesu_work_calendar_add_exception (policy->calendar, "2026-11-23", FALSE);
  g_assert_true (kesu_store_set_deadline_policy (f->store, policy, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==,
                     kesu_test_local_unix (2026, 11, 24, 18, 30));
  }

  /* A limit of zero is refused and changes nothing. */
  policy->first_response_seconds[KESU_SEVERITY_NORMAL] = 0;
  g_assert_false (kesu_store_set_deadline_policy (f->store, policy, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==,
                     kesu_test_local_unix (2026, 11, 24, 18, 30));
  }

  /* Back to calendar time, with a shorter limit of the branch's own. */
  policy->first_response_seconds[KESU_SEVERITY_NORMAL] = 4 * HOUR;
  policy->working_days = FALSE;
  g_assert_true (kesu_store_set_deadline_policy (f->store, policy, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuComplaint) c = reload (f, id);

    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, friday_evening + 4 * HOUR);
  }
}

static void
test_deadline_closed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) reason = kesu_case_data_new ();
  gint64 closed = add_complaint (f, 0);
  gint64 withdrawn = add_complaint (f, 0);

  walk_to (f, closed, C);
  reason->reason = g_strdup ("客户与厂家自行协商解决，撤回投诉");
  move_ok (f, withdrawn, W, reason, W);
  kesu_test_set_clock (f->t0 + 30 * DAY);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KesuComplaint) c = reload (f, i == 0 ? closed : withdrawn);

      g_assert_cmpint (kesu_complaint_get_next_due (c), ==, 0);
      g_assert_false (kesu_complaint_is_overdue (c));
      g_assert_false (kesu_complaint_is_waiting (c));
      assert_due_text (c, f->t0 + 30 * DAY, "");
    }
  {
    g_autoptr(GArray) escalated = kesu_store_escalate_overdue (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (escalated->len, ==, 0);
  }
}

static int
compare_urgency_cb (gconstpointer a,
                    gconstpointer b)
{
  return kesu_complaint_compare_urgency (*(KesuComplaint **) a, *(KesuComplaint **) b);
}

/* Overdue first (the latest at the top), then the nearest deadline, then severity. */
static void
test_deadline_urgency (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  CaseSpec urgent = { f->t0 - HOUR, KESU_SEVERITY_URGENT, KESU_CATEGORY_VEHICLE_QUALITY, 0,
                      NULL };
  gint64 ids[6];
  GPtrArray *sorted;

  ids[0] = add_complaint (f, f->t0 - 3 * DAY);         /* overdue 2 days */
  ids[1] = add_complaint (f, f->t0 - 30 * HOUR);       /* overdue 6 h */
  ids[2] = add_case (f, &urgent);                      /* due in 1 h */
  ids[3] = add_complaint (f, f->t0 - 19 * HOUR);       /* due in 5 h */
  ids[4] = add_complaint (f, f->t0 - 2 * HOUR);        /* waiting */
  ids[5] = add_complaint (f, f->t0 - 5 * DAY);         /* closed */
  g_assert_true (kesu_store_set_waiting (f->store, ids[4], TRUE, "等待客户到店", &error));
  g_assert_no_error (error);
  walk_to (f, ids[5], C);

  model = kesu_store_query_complaints (f->store, NULL, &error);
  g_assert_no_error (error);
  sorted = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (sorted, g_list_model_get_item (model, i));
  g_ptr_array_sort (sorted, compare_urgency_cb);
  g_assert_cmpuint (sorted->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < sorted->len; i++)
    g_assert_cmpint (kesu_complaint_get_id (g_ptr_array_index (sorted, i)), ==, ids[i]);
  g_ptr_array_unref (sorted);
}

/* ---- escalation ---- */

static guint
count_kind (Fixture       *f,
            gint64         id,
            KesuEventKind  kind)
{
  g_autoptr(GPtrArray) events = events_of (f, id);

  return kesu_test_count_events (events, kind);
}

static void
test_escalation_once (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) third = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  gint64 t = f->t0;
  gint64 late = add_complaint (f, t - 2 * HOUR);
  gint64 in_time = add_complaint (f, 0);
  gint64 sales_manager, own_manager_case;
  KesuEvent *e;

  sales_manager = kesu_test_add_staff (f->store, "郑凯", KESU_ROLE_SALES_MANAGER, NULL,
                                       &error);
  g_assert_no_error (error);

  /* Nothing is late yet. */
  first = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 0);
  g_clear_pointer (&first, g_array_unref);

  kesu_test_set_clock (t + 22 * HOUR + MINUTE);
  first = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpint (g_array_index (first, gint64, 0), ==, late);

  events = events_of (f, late);
  e = event_at (events, events->len - 1);
  g_assert_cmpint (e->kind, ==, KESU_EVENT_ESCALATED);
  g_assert_cmpint (e->at, ==, t + 22 * HOUR + MINUTE);
  g_assert_cmpint (e->staff_id, ==, 0);          /* Kesu itself */
  g_assert_cmpint (e->ref_staff, ==, f->manager_id);
  g_assert_cmpstr (e->ref_staff_name, ==, "陈志刚");
  {
    g_autoptr(KesuComplaint) c = reload (f, late);
    g_autoptr(KesuComplaint) other = reload (f, in_time);

    g_assert_true (kesu_complaint_is_escalated (c));
    g_assert_true (kesu_complaint_is_overdue (c));
    g_assert_false (kesu_complaint_is_escalated (other));
  }

  /* Once only: not again now, nor later, nor when the case stays late for days. */
  second = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 0);
  kesu_test_set_clock (t + DAY + MINUTE);
  third = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  /* Now the second case is late too; the first is not escalated again. */
  g_assert_cmpuint (third->len, ==, 1);
  g_assert_cmpint (g_array_index (third, gint64, 0), ==, in_time);
  g_clear_pointer (&third, g_array_unref);
  kesu_test_set_clock (t + 5 * DAY);
  third = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->len, ==, 0);
  g_assert_cmpuint (count_kind (f, late, KESU_EVENT_ESCALATED), ==, 1);
  g_assert_cmpuint (count_kind (f, in_time, KESU_EVENT_ESCALATED), ==, 1);

  /* The manager's list: cases escalated to them, newest first. */
  filter->escalated_to = f->manager_id;
  assert_query (f, filter, in_time, late);
  filter->escalated_to = sales_manager;
  assert_query (f, filter, 0);

  /* A handler's own manager comes first; a manager sets it. */
  g_assert_false (kesu_store_set_staff_manager (f->store, f->handler_id, sales_manager,
                                                &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_false (kesu_store_set_staff_manager (f->store, f->handler_id, f->handler_id,
                                                &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_set_staff_manager (f->store, f->handler_id, sales_manager,
                                               &error));
  g_assert_no_error (error);
  {
    g_autoptr(KesuStaff) handler = kesu_store_get_staff (f->store, f->handler_id);

    g_assert_cmpint (handler->manager_id, ==, sales_manager);
  }
  own_manager_case = add_complaint (f, t + 5 * DAY);
  kesu_test_set_clock (t + 6 * DAY + MINUTE);
  g_clear_pointer (&third, g_array_unref);
  third = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->len, ==, 1);
  g_assert_cmpint (g_array_index (third, gint64, 0), ==, own_manager_case);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = events_of (f, own_manager_case);
  e = event_at (events, events->len - 1);
  g_assert_cmpint (e->kind, ==, KESU_EVENT_ESCALATED);
  g_assert_cmpint (e->ref_staff, ==, sales_manager);
  assert_query (f, filter, own_manager_case);
  filter->overdue_only = TRUE;
  assert_query (f, filter, own_manager_case);
  filter->escalated_to = f->manager_id;
  assert_query (f, filter, in_time, late);
}

/* ---- the list's filter ---- */

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  gint64 t = f->t0;
  CaseSpec spec_a = { t - 2 * DAY, KESU_SEVERITY_NORMAL, KESU_CATEGORY_REPAIR_QUALITY, 0,
                      "保养后发动机漏油" };
  CaseSpec spec_b = { t - HOUR, KESU_SEVERITY_URGENT, KESU_CATEGORY_REPAIR_QUALITY, 0,
                      "高速上刹车异响" };
  CaseSpec spec_c = { t - 3 * DAY, KESU_SEVERITY_NORMAL, KESU_CATEGORY_PRICE, f->manager_id,
                      "更换机油后仍然漏油，收费不合理" };
  CaseSpec spec_d = { t - 10 * DAY, KESU_SEVERITY_IMPORTANT, KESU_CATEGORY_PRICE, 0,
                      "变速箱漏油维修收费过高" };
  gint64 a = add_case (f, &spec_a);     /* received, overdue */
  gint64 b = add_case (f, &spec_b);     /* investigating, due in 1 h */
  gint64 c = add_case (f, &spec_c);     /* received, overdue, the manager's */
  gint64 d = add_case (f, &spec_d);     /* closed */

  move_ok (f, b, I, NULL, I);
  walk_to (f, d, C);

  /* Newest first. */
  assert_query (f, NULL, b, a, c, d);
  filter->handler_id = f->handler_id;
  assert_query (f, filter, b, a, d);
  filter->category = KESU_CATEGORY_REPAIR_QUALITY;
  assert_query (f, filter, b, a);
  filter->severity = KESU_SEVERITY_NORMAL;
  assert_query (f, filter, a);
  filter->severity = KESU_SEVERITY_IMPORTANT;
  assert_query (f, filter, 0);

  g_clear_pointer (&filter, kesu_filter_free);
  filter = kesu_filter_new ();
  filter->state = KESU_STATE_RECEIVED;
  assert_query (f, filter, a, c);
  filter->handler_id = f->handler_id;
  assert_query (f, filter, a);
  filter->state = KESU_STATE_CLOSED;
  assert_query (f, filter, d);

  g_clear_pointer (&filter, kesu_filter_free);
  filter = kesu_filter_new ();
  filter->overdue_only = TRUE;
  assert_query (f, filter, a, c);
  filter->handler_id = f->manager_id;
  assert_query (f, filter, c);
  filter->handler_id = 0;
  filter->category = KESU_CATEGORY_REPAIR_QUALITY;
  assert_query (f, filter, a);

  g_clear_pointer (&filter, kesu_filter_free);
  filter = kesu_filter_new ();
  filter->search = g_strdup ("漏油");
  assert_query (f, filter, a, c, d);
  filter->overdue_only = TRUE;
  assert_query (f, filter, a, c);
  filter->overdue_only = FALSE;
  filter->state = KESU_STATE_CLOSED;
  assert_query (f, filter, d);
  filter->category = KESU_CATEGORY_PRICE;
  filter->severity = KESU_SEVERITY_IMPORTANT;
  filter->handler_id = f->handler_id;
  assert_query (f, filter, d);
  /* A closed case is never overdue. */
  filter->overdue_only = TRUE;
  assert_query (f, filter, 0);

  g_clear_pointer (&filter, kesu_filter_free);
  filter = kesu_filter_new ();
  filter->search = g_strdup ("  异响 ");
  assert_query (f, filter, b);
  filter->state = KESU_STATE_RECEIVED;
  assert_query (f, filter, 0);
  g_free (filter->search);
  filter->search = g_strdup ("收费");
  filter->state = -1;
  filter->handler_id = f->manager_id;
  assert_query (f, filter, c);
  /* Out of range values filter nothing. */
  g_free (filter->search);
  filter->search = g_strdup ("");
  filter->handler_id = 0;
  filter->category = KESU_N_CATEGORIES;
  filter->severity = 99;
  filter->state = KESU_N_STATES;
  assert_query (f, filter, b, a, c, d);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/workflow/matrix/rules", test_matrix_rules);
  ADD ("/workflow/matrix/store", test_matrix_store);
  g_test_add_func ("/workflow/needs/table", test_needs_table);
  ADD ("/workflow/needs/messages", test_needs_messages);
  ADD ("/workflow/needs/store", test_needs_store);
  ADD ("/workflow/needs/input-checked", test_needs_input_checked);
  g_test_add_func ("/workflow/needs/amounts", test_needs_amounts);
  ADD ("/workflow/atomic", test_atomic);
  ADD ("/workflow/dissatisfied/follow-up", test_dissatisfied);
  ADD ("/workflow/dissatisfied/reopen-closed", test_reopen_closed);
  ADD ("/workflow/timeline", test_timeline);
  ADD ("/deadline/first-response", test_deadline_first_response);
  ADD ("/deadline/severity", test_deadline_severity);
  ADD ("/deadline/waiting", test_deadline_waiting);
  ADD ("/deadline/working-days", test_deadline_working_days);
  ADD ("/deadline/closed", test_deadline_closed);
  ADD ("/deadline/urgency", test_deadline_urgency);
  ADD ("/escalation/once", test_escalation_once);
  ADD ("/filter", test_filter);

#undef ADD

  return g_test_run ();
}
