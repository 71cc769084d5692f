/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-actions"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kesu-actions.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-enums-private.h"
#include "kesu-error.h"
#include "kesu-intake.h"
#include "kesu-store-private.h"
#include "kesu-validate.h"

static const KesuEnumInfo action_states[] = {
  { "open", N_("Open") },
  { "done", N_("Done, to be checked") },
  { "effective", N_("Verified effective") },
  { "not-effective", N_("Not effective") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (action_states) == KESU_N_ACTION_STATES);

KESU_DEFINE_ENUM_FUNCS (KesuActionState, action_state, action_states, NULL)

void
kesu_action_input_init (KesuActionInput *input)
{
  g_return_if_fail (input != NULL);

  *input = (KesuActionInput) { .issue_category = -1 };
}

void
kesu_improvement_action_free (KesuImprovementAction *action)
{
  if (action == NULL)
    return;
  g_free (action->root_cause);
  g_free (action->measures);
  g_free (action->owner_name);
  g_free (action->due_on);
  g_free (action->issue_model);
  g_free (action->created_by_name);
  g_free (action->verified_note);
  g_clear_pointer (&action->complaint_ids, g_array_unref);
  g_clear_pointer (&action->complaint_numbers, g_ptr_array_unref);
  g_free (action);
}

void
kesu_action_event_free (KesuActionEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->staff_name);
  g_free (event->note);
  g_free (event);
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
kesu_action_is_overdue (KesuActionState  state,
                        const char      *due_on)
{
  g_autofree char *today = NULL;

  if (state != KESU_ACTION_OPEN || due_on == NULL || due_on[0] == '\0')
    return FALSE;
  today = today_text ();
  /* Both are "YYYY-MM-DD": the text order is the day order. */
  return strcmp (due_on, today) < 0;
}

gboolean
kesu_action_state_can_move (KesuActionState from,
                            KesuActionState to)
{
  switch (from)
    {
    case KESU_ACTION_OPEN:
      return to == KESU_ACTION_DONE;
    case KESU_ACTION_DONE:
      return to == KESU_ACTION_EFFECTIVE || to == KESU_ACTION_NOT_EFFECTIVE;
    case KESU_ACTION_NOT_EFFECTIVE:
      return to == KESU_ACTION_OPEN;
    case KESU_ACTION_EFFECTIVE:
    case KESU_N_ACTION_STATES:
    default:
      return FALSE;
    }
}

char *
kesu_improvement_action_dup_numbers (const KesuImprovementAction *action)
{
  GString *s;

  g_return_val_if_fail (action != NULL, NULL);

  if (action->complaint_numbers == NULL || action->complaint_numbers->len == 0)
    return g_strdup ("—");
  s = g_string_new (NULL);
  for (guint i = 0; i < action->complaint_numbers->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ptr_array_index (action->complaint_numbers, i));
    }
  return g_string_free (s, FALSE);
}

/* Tells the listeners (the analysis page, the actions window) after a change. */
static gboolean
insert_event (KesuDb      *db,
              gint64       action_id,
              gint64       at,
              gint64       staff_id,
              int          from_state,
              int          to_state,
              const char  *note,
              GError     **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (db,
                          "INSERT INTO improvement_event"
                          " (action_id, at, staff_id, from_state, to_state, note)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, action_id);
  kesu_statement_bind_int64 (stmt, 2, at);
  if (staff_id > 0)
    kesu_statement_bind_int64 (stmt, 3, staff_id);
  else
    kesu_statement_bind_null (stmt, 3);
  kesu_statement_bind_text (stmt, 4, from_state >= 0 ? kesu_action_state_to_key (from_state)
                                                     : NULL);
  kesu_statement_bind_text (stmt, 5, kesu_action_state_to_key (to_state));
  kesu_statement_bind_text_or_null (stmt, 6, note);
  return kesu_statement_run (stmt, error);
}

static gboolean
check_input (KesuStore              *store,
             const KesuActionInput  *input,
             GError                **error)
{
  g_autoptr(KesuStaff) owner = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *today = NULL;
  GDate due, day;

  if (!kesu_validate_text (input->root_cause != NULL ? input->root_cause : "",
                           KESU_TEXT_MAX_CHARS, TRUE, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID, _("Root cause: %s"), local->message);
      return FALSE;
    }
  if (!kesu_validate_text (input->measures != NULL ? input->measures : "",
                           KESU_TEXT_MAX_CHARS, TRUE, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID, _("Measures: %s"), local->message);
      return FALSE;
    }
  if (input->issue_model != NULL &&
      !kesu_validate_text (input->issue_model, 200, FALSE, error))
    return FALSE;
  if (input->issue_category >= KESU_N_CATEGORIES || input->issue_category < -1)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Unknown choice."));
      return FALSE;
    }

  if (input->owner_id > 0)
    owner = kesu_store_get_staff (store, input->owner_id);
  if (owner == NULL || !owner->active)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Choose who owns the action: someone on the staff."));
      return FALSE;
    }

  if (input->due_on == NULL || !kesu_validate_date (input->due_on, &due, NULL))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Give the due date as YYYY-MM-DD."));
      return FALSE;
    }
  today = today_text ();
  g_date_clear (&day, 1);
  g_date_set_parse (&day, today);
  if (g_date_valid (&day) && g_date_compare (&due, &day) < 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The due date cannot be in the past."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
complaint_exists (KesuDb   *db,
                  gint64    complaint_id,
                  GError  **error)
{
  KesuStatement *stmt = kesu_db_prepare (db, "SELECT 1 FROM complaint WHERE id = ?1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  found = kesu_statement_step_one (stmt, _("The linked complaint does not exist."), error);
  kesu_statement_reset (stmt);
  return found;
}

gint64
kesu_store_add_action (KesuStore              *store,
                       const KesuActionInput  *input,
                       GError                **error)
{
  KesuDb *db;
  KesuStatement *stmt;
  gint64 now, id = 0, operator_id;
  GDate due;
  char due_text[16];

  g_return_val_if_fail (KESU_IS_STORE (store), 0);
  g_return_val_if_fail (input != NULL, 0);
  g_return_val_if_fail (input->n_complaints == 0 || input->complaint_ids != NULL, 0);

  if (!check_input (store, input, error))
    return 0;
  /* Stored in one spelling, whatever separators were typed. */
  kesu_validate_date (input->due_on, &due, NULL);
  g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", &due);

  db = kesu_store_get_db (store);
  now = kesu_clock_now_unix ();
  operator_id = kesu_store_get_operator (store);
  if (!kesu_db_begin (db, error))
    return 0;

  stmt = kesu_db_prepare (db,
                          "INSERT INTO improvement_action"
                          " (root_cause, measures, owner_id, due_on, state, issue_category,"
                          "  issue_model, created_at, created_by, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7, ?8, ?7)",
                          error);
  if (stmt == NULL)
    goto fail;
  {
    g_autofree char *cause = g_strstrip (g_strdup (input->root_cause));
    g_autofree char *measures = g_strstrip (g_strdup (input->measures));

    kesu_statement_bind_text (stmt, 1, cause);
    kesu_statement_bind_text (stmt, 2, measures);
    kesu_statement_bind_int64 (stmt, 3, input->owner_id);
    kesu_statement_bind_text (stmt, 4, due_text);
    kesu_statement_bind_text (stmt, 5, input->issue_category >= 0
                                       ? kesu_category_to_key (input->issue_category) : NULL);
    kesu_statement_bind_text_or_null (stmt, 6, input->issue_model);
    kesu_statement_bind_int64 (stmt, 7, now);
    if (operator_id > 0)
      kesu_statement_bind_int64 (stmt, 8, operator_id);
    else
      kesu_statement_bind_null (stmt, 8);
    if (!kesu_statement_run (stmt, error))
      goto fail;
  }
  id = kesu_db_last_insert_rowid (db);

  for (guint i = 0; i < input->n_complaints; i++)
    {
      if (!complaint_exists (db, input->complaint_ids[i], error))
        goto fail;
      stmt = kesu_db_prepare (db,
                              "INSERT OR IGNORE INTO improvement_link (action_id, complaint_id)"
                              " VALUES (?1, ?2)",
                              error);
      if (stmt == NULL)
        goto fail;
      kesu_statement_bind_int64 (stmt, 1, id);
      kesu_statement_bind_int64 (stmt, 2, input->complaint_ids[i]);
      if (!kesu_statement_run (stmt, error))
        goto fail;
    }

  if (!insert_event (db, id, now, operator_id, -1, KESU_ACTION_OPEN, NULL, error))
    goto fail;
  if (!_kesu_store_commit_changed (store, error))
    return 0;
  return id;

fail:
  kesu_db_rollback (db);
  return 0;
}

gboolean
kesu_store_set_action_state (KesuStore        *store,
                             gint64            action_id,
                             KesuActionState   to,
                             const char       *note,
                             GError          **error)
{
  KesuDb *db;
  KesuStatement *stmt;
  KesuActionState from;
  g_autofree char *clean_note = NULL;
  gint64 now;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if ((guint) to >= KESU_N_ACTION_STATES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Unknown choice."));
      return FALSE;
    }
  if (!kesu_validate_text (note != NULL ? note : "", KESU_TEXT_MAX_CHARS,
                           to == KESU_ACTION_EFFECTIVE || to == KESU_ACTION_NOT_EFFECTIVE,
                           NULL))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Say what the check found: whether the complaints stopped."));
      return FALSE;
    }
  if (!kesu_text_is_blank (note))
    clean_note = g_strstrip (g_strdup (note));

  db = kesu_store_get_db (store);
  now = kesu_clock_now_unix ();
  if (!kesu_db_begin (db, error))
    return FALSE;

  stmt = kesu_db_prepare (db, "SELECT state FROM improvement_action WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, action_id);
  if (!kesu_statement_step_one (stmt, _("The improvement action does not exist."), error))
    goto fail;
  if (!kesu_action_state_from_key (kesu_statement_get_text (stmt, 0), &from))
    from = KESU_ACTION_OPEN;
  kesu_statement_reset (stmt);

  if (!kesu_action_state_can_move (from, to))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("An action that is “%s” cannot become “%s”."),
                   kesu_action_state_to_label (from), kesu_action_state_to_label (to));
      goto fail;
    }

  stmt = kesu_db_prepare (db,
                          "UPDATE improvement_action SET state = ?2, updated_at = ?3,"
                          "  verified_note = coalesce (?4, verified_note)"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, action_id);
  kesu_statement_bind_text (stmt, 2, kesu_action_state_to_key (to));
  kesu_statement_bind_int64 (stmt, 3, now);
  kesu_statement_bind_text (stmt, 4, clean_note);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (!insert_event (db, action_id, now, kesu_store_get_operator (store), from, to, clean_note,
                     error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

#define ACTION_COLUMNS \
  "a.id, a.root_cause, a.measures, a.owner_id, coalesce (o.name, ''), a.due_on, a.state," \
  " a.issue_category, a.issue_model, a.created_at, coalesce (a.created_by, 0)," \
  " coalesce (c.name, ''), a.updated_at, a.verified_note"

static KesuImprovementAction *
action_from_row (KesuStatement *stmt)
{
  KesuImprovementAction *action = g_new0 (KesuImprovementAction, 1);
  KesuCategory category;

  action->id = kesu_statement_get_int64 (stmt, 0);
  action->root_cause = kesu_statement_dup_text (stmt, 1);
  action->measures = kesu_statement_dup_text (stmt, 2);
  action->owner_id = kesu_statement_get_int64 (stmt, 3);
  action->owner_name = kesu_statement_dup_text (stmt, 4);
  action->due_on = kesu_statement_dup_text (stmt, 5);
  if (!kesu_action_state_from_key (kesu_statement_get_text (stmt, 6), &action->state))
    action->state = KESU_ACTION_OPEN;
  action->issue_category = kesu_category_from_key (kesu_statement_get_text (stmt, 7), &category)
                           ? (int) category : -1;
  action->issue_model = kesu_statement_is_null (stmt, 8) ? NULL
                                                         : kesu_statement_dup_text (stmt, 8);
  action->created_at = kesu_statement_get_int64 (stmt, 9);
  action->created_by = kesu_statement_get_int64 (stmt, 10);
  action->created_by_name = kesu_statement_dup_text (stmt, 11);
  action->updated_at = kesu_statement_get_int64 (stmt, 12);
  action->verified_note = kesu_statement_is_null (stmt, 13) ? NULL
                                                            : kesu_statement_dup_text (stmt, 13);
  action->complaint_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  action->complaint_numbers = g_ptr_array_new_with_free_func (g_free);
  action->overdue = kesu_action_is_overdue (action->state, action->due_on);
  return action;
}

static gboolean
read_links (KesuDb                 *db,
            KesuImprovementAction  *action,
            GError                **error)
{
  KesuStatement *stmt;
  g_autoptr(GError) local = NULL;

  stmt = kesu_db_prepare (db,
                          "SELECT l.complaint_id, c.number FROM improvement_link l"
                          " JOIN complaint c ON c.id = l.complaint_id"
                          " WHERE l.action_id = ?1 ORDER BY c.received_at, c.id",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, action->id);
  while (kesu_statement_step (stmt, &local))
    {
      gint64 id = kesu_statement_get_int64 (stmt, 0);

      g_array_append_val (action->complaint_ids, id);
      g_ptr_array_add (action->complaint_numbers, kesu_statement_dup_text (stmt, 1));
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const KesuImprovementAction *x = *(KesuImprovementAction * const *) a;
  const KesuImprovementAction *y = *(KesuImprovementAction * const *) b;
  gboolean x_active = x->state == KESU_ACTION_OPEN || x->state == KESU_ACTION_DONE;
  gboolean y_active = y->state == KESU_ACTION_OPEN || y->state == KESU_ACTION_DONE;
  int cmp;

  if (x->overdue != y->overdue)
    return x->overdue ? -1 : 1;
  /* What still needs work or a check before what is settled. */
  if (x_active != y_active)
    return x_active ? -1 : 1;
  cmp = strcmp (x->due_on, y->due_on);
  if (cmp != 0)
    return cmp;
  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
kesu_store_list_actions (KesuStore         *store,
                         KesuActionsScope   scope,
                         gint64             complaint_id,
                         GError           **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  db = kesu_store_get_db (store);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_improvement_action_free);
  switch (scope)
    {
    case KESU_ACTIONS_OPEN:
      stmt = kesu_db_prepare (db,
                              "SELECT " ACTION_COLUMNS " FROM improvement_action a"
                              " LEFT JOIN staff o ON o.id = a.owner_id"
                              " LEFT JOIN staff c ON c.id = a.created_by"
                              " WHERE a.state IN ('open', 'done')",
                              error);
      break;
    case KESU_ACTIONS_FOR_COMPLAINT:
      stmt = kesu_db_prepare (db,
                              "SELECT " ACTION_COLUMNS " FROM improvement_action a"
                              " LEFT JOIN staff o ON o.id = a.owner_id"
                              " LEFT JOIN staff c ON c.id = a.created_by"
                              " WHERE a.id IN (SELECT action_id FROM improvement_link"
                              "                WHERE complaint_id = ?1)",
                              error);
      if (stmt != NULL)
        kesu_statement_bind_int64 (stmt, 1, complaint_id);
      break;
    case KESU_ACTIONS_ALL:
    default:
      stmt = kesu_db_prepare (db,
                              "SELECT " ACTION_COLUMNS " FROM improvement_action a"
                              " LEFT JOIN staff o ON o.id = a.owner_id"
                              " LEFT JOIN staff c ON c.id = a.created_by",
                              error);
      break;
    }
  if (stmt == NULL)
    return NULL;
  while (kesu_statement_step (stmt, &local))
    g_ptr_array_add (list, action_from_row (stmt));
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    if (!read_links (db, g_ptr_array_index (list, i), error))
      return NULL;
  g_ptr_array_sort (list, compare_actions);
  return g_steal_pointer (&list);
}

KesuImprovementAction *
kesu_store_get_action (KesuStore  *store,
                       gint64      action_id,
                       GError    **error)
{
  g_autoptr(KesuImprovementAction) action = NULL;
  KesuStatement *stmt;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  db = kesu_store_get_db (store);
  stmt = kesu_db_prepare (db,
                          "SELECT " ACTION_COLUMNS " FROM improvement_action a"
                          " LEFT JOIN staff o ON o.id = a.owner_id"
                          " LEFT JOIN staff c ON c.id = a.created_by"
                          " WHERE a.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, action_id);
  if (!kesu_statement_step_one (stmt, _("The improvement action does not exist."), error))
    return NULL;
  action = action_from_row (stmt);
  kesu_statement_reset (stmt);
  if (!read_links (db, action, error))
    return NULL;
  return g_steal_pointer (&action);
}

GPtrArray *
kesu_store_list_action_events (KesuStore  *store,
                               gint64      action_id,
                               GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_action_event_free);
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT e.at, coalesce (e.staff_id, 0), coalesce (s.name, ''),"
                          "  e.from_state, e.to_state, e.note"
                          " FROM improvement_event e LEFT JOIN staff s ON s.id = e.staff_id"
                          " WHERE e.action_id = ?1 ORDER BY e.at, e.id",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, action_id);
  while (kesu_statement_step (stmt, &local))
    {
      KesuActionEvent *event = g_new0 (KesuActionEvent, 1);
      KesuActionState state;

      event->at = kesu_statement_get_int64 (stmt, 0);
      event->staff_id = kesu_statement_get_int64 (stmt, 1);
      event->staff_name = kesu_statement_dup_text (stmt, 2);
      event->from_state = kesu_action_state_from_key (kesu_statement_get_text (stmt, 3), &state)
                          ? (int) state : -1;
      if (!kesu_action_state_from_key (kesu_statement_get_text (stmt, 4), &event->to_state))
        event->to_state = KESU_ACTION_OPEN;
      event->note = kesu_statement_is_null (stmt, 5) ? NULL : kesu_statement_dup_text (stmt, 5);
      g_ptr_array_add (list, event);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&list);
}
