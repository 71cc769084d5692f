/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-store.h"

G_BEGIN_DECLS

/* Improvement actions (整改措施, DOMAIN.md "Learning from complaints"): what is wrong (the
 * root cause), what will be done, who owns it and by when, and the complaints that showed
 * the problem.  A manager creates one from a recurring issue or from any complaint; it is
 * done, and later checked: effective, or not effective (and then open again).  Nothing
 * is ever deleted; every change of state is kept with its note.  No GTK. */

typedef enum
{
  KESU_ACTION_OPEN,
  KESU_ACTION_DONE,
  KESU_ACTION_EFFECTIVE,
  KESU_ACTION_NOT_EFFECTIVE,
  KESU_N_ACTION_STATES
} KesuActionState;

KESU_DECLARE_ENUM_FUNCS (KesuActionState, action_state)

typedef struct
{
  gint64           id;
  char            *root_cause;
  char            *measures;
  gint64           owner_id;
  char            *owner_name;
  char            *due_on;          /* "YYYY-MM-DD" */
  KesuActionState  state;
  int              issue_category;  /* the recurring issue it answers: KesuCategory, or -1 */
  char            *issue_model;     /* and its vehicle model; NULL when none */
  gint64           created_at;      /* unix seconds */
  gint64           created_by;
  char            *created_by_name;
  gint64           updated_at;
  char            *verified_note;   /* the note of the last change of state; NULL: none */
  GArray          *complaint_ids;   /* gint64, ascending */
  GPtrArray       *complaint_numbers;  /* char *, in the same order */
  gboolean         overdue;         /* open and due before today (the clock's) */
} KesuImprovementAction;

/* What a new action says.  Text is required (root cause, measures); the owner must be
 * active staff; the due day "YYYY-MM-DD" not before today. */
typedef struct
{
  const char   *root_cause;
  const char   *measures;
  gint64        owner_id;
  const char   *due_on;
  int           issue_category;  /* -1: not from a recurring issue */
  const char   *issue_model;     /* NULL or "" */
  const gint64 *complaint_ids;   /* may be NULL with n_complaints 0 */
  guint         n_complaints;
} KesuActionInput;

void      kesu_action_input_init         (KesuActionInput *input);

/* One entry of an action's history. */
typedef struct
{
  gint64           at;
  gint64           staff_id;
  char            *staff_name;
  int              from_state;   /* KesuActionState, or -1 for the creation */
  KesuActionState  to_state;
  char            *note;
} KesuActionEvent;

typedef enum
{
  KESU_ACTIONS_ALL,
  KESU_ACTIONS_OPEN,         /* open, and done but not checked yet */
  KESU_ACTIONS_FOR_COMPLAINT,
} KesuActionsScope;

/* Creates the action with its links and its first history row, in one transaction, by
 * the store's operator.  Returns its id, or 0 with KESU_ERROR_INVALID (or _NOT_FOUND for
 * an unknown complaint) and nothing written. */
gint64     kesu_store_add_action         (KesuStore             *store,
                                          const KesuActionInput *input,
                                          GError               **error);

/* Moves the action: open → done, done → effective | not-effective, not-effective → open
 * (the problem is worked on again).  @note says what was done or what
 * the check found; required for effective and not-effective.  One transaction with its
 * history row; refuses other moves with KESU_ERROR_INVALID. */
gboolean   kesu_store_set_action_state   (KesuStore       *store,
                                          gint64           action_id,
                                          KesuActionState  to,
                                          const char      *note,
                                          GError         **error);
gboolean   kesu_action_state_can_move    (KesuActionState  from,
                                          KesuActionState  to);

/* Actions, overdue first, then by due day and id.  @complaint_id only for
 * KESU_ACTIONS_FOR_COMPLAINT.  transfer full, element KesuImprovementAction. */
GPtrArray *kesu_store_list_actions       (KesuStore        *store,
                                          KesuActionsScope  scope,
                                          gint64            complaint_id,
                                          GError          **error);
KesuImprovementAction *kesu_store_get_action (KesuStore  *store,
                                              gint64      action_id,
                                              GError    **error);
/* Oldest first.  element KesuActionEvent. */
GPtrArray *kesu_store_list_action_events (KesuStore        *store,
                                          gint64            action_id,
                                          GError          **error);

/* Open and due before today by the clock: flagged like an overdue complaint. */
gboolean   kesu_action_is_overdue        (KesuActionState  state,
                                          const char      *due_on);
/* "KS-…, KS-…", or "—". */
char      *kesu_improvement_action_dup_numbers (const KesuImprovementAction *action);

void       kesu_improvement_action_free  (KesuImprovementAction *action);
void       kesu_action_event_free        (KesuActionEvent       *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuImprovementAction, kesu_improvement_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuActionEvent, kesu_action_event_free)

G_END_DECLS
