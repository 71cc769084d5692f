/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-duplicates"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-duplicates.h"
#include "kesu-error.h"
#include "kesu-sanbao-private.h"
#include "kesu-store-private.h"
#include "kesu-store.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

#define WINDOW_MAX_DAYS 365
#define MAX_RESULTS     50

void
kesu_duplicate_free (KesuDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;
  g_free (duplicate->number);
  g_free (duplicate->customer_name);
  g_free (duplicate->plate);
  g_free (duplicate->vin);
  g_free (duplicate->description);
  g_free (duplicate->why);
  g_free (duplicate);
}

char *
kesu_duplicate_match_to_text (KesuDuplicateMatch matched)
{
  GString *s = g_string_new (NULL);
  const struct { KesuDuplicateMatch bit; const char *text; } reasons[] = {
    { KESU_DUPLICATE_PHONE, N_("Same phone") },
    { KESU_DUPLICATE_VIN, N_("Same VIN") },
    { KESU_DUPLICATE_PLATE, N_("Same plate") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (matched & reasons[i].bit)
      {
        if (s->len > 0)
          g_string_append (s, _(", "));
        g_string_append (s, _(reasons[i].text));
      }
  return g_string_free (s, FALSE);
}

guint
kesu_store_get_duplicate_window (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), KESU_DUPLICATE_WINDOW_DAYS_DEFAULT);

  return _kesu_store_get_setting_uint (store, "duplicate_window_days", 1, WINDOW_MAX_DAYS,
                                       KESU_DUPLICATE_WINDOW_DAYS_DEFAULT);
}

gboolean
kesu_store_set_duplicate_window (KesuStore  *store,
                                 guint       days,
                                 GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (days < 1 || days > WINDOW_MAX_DAYS)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Look for duplicates over 1 to %d days."), WINDOW_MAX_DAYS);
      return FALSE;
    }
  return _kesu_store_set_setting_uint (store, "duplicate_window_days", days, error);
}

GPtrArray *
kesu_store_find_duplicates (KesuStore   *store,
                            const char  *phone,
                            const char  *vin,
                            const char  *plate,
                            gint64       exclude_id,
                            guint        window_days,
                            GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *norm_phone = NULL;
  g_autofree char *norm_vin = NULL;
  g_autofree char *norm_plate = NULL;
  KesuStatement *stmt;
  gint64 since;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_duplicate_free);
  /* What cannot be read as a phone, VIN or plate matches nothing rather than everything. */
  if (phone != NULL && !kesu_text_is_blank (phone))
    kesu_validate_phone (phone, &norm_phone, NULL);
  if (vin != NULL && !kesu_text_is_blank (vin))
    kesu_validate_vin (vin, &norm_vin, NULL);
  if (plate != NULL && !kesu_text_is_blank (plate))
    kesu_validate_plate (plate, &norm_plate, NULL);
  if (norm_phone == NULL && norm_vin == NULL && norm_plate == NULL)
    return g_steal_pointer (&found);

  if (window_days == 0)
    window_days = kesu_store_get_duplicate_window (store);
  since = kesu_clock_now_unix () - (gint64) MIN (window_days, WINDOW_MAX_DAYS) * 86400;

  /* One indexed look-up per key (customer.phone, complaint.vin, complaint.plate). */
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "WITH hits (id) AS ("
                          "  SELECT c.id FROM customer cu JOIN complaint c ON c.customer_id = cu.id"
                          "   WHERE cu.phone = ?1"
                          "  UNION SELECT id FROM complaint WHERE vin = ?2"
                          "  UNION SELECT id FROM complaint WHERE plate = ?3)"
                          " SELECT c.id, c.number, c.state, c.received_at, cu.name, c.plate, c.vin,"
                          "  substr (c.description, 1, 80),"
                          "  coalesce (cu.phone = ?1, 0), coalesce (c.vin = ?2, 0),"
                          "  coalesce (c.plate = ?3, 0),"
                          "  EXISTS (SELECT 1 FROM complaint_link l"
                          "          WHERE (l.a = c.id AND l.b = ?4) OR (l.b = c.id AND l.a = ?4))"
                          " FROM hits JOIN complaint c ON c.id = hits.id"
                          " JOIN customer cu ON cu.id = c.customer_id"
                          " WHERE c.id != ?4 AND c.merged_into IS NULL"
                          "   AND (c.state NOT IN ('closed', 'withdrawn') OR c.received_at >= ?5"
                          "        OR coalesce (c.closed_at, 0) >= ?5)"
                          " ORDER BY c.state IN ('closed', 'withdrawn'), c.received_at DESC,"
                          "   c.id DESC"
                          " LIMIT ?6",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, norm_phone);
  kesu_statement_bind_text (stmt, 2, norm_vin);
  kesu_statement_bind_text (stmt, 3, norm_plate);
  kesu_statement_bind_int64 (stmt, 4, exclude_id);
  kesu_statement_bind_int64 (stmt, 5, since);
  kesu_statement_bind_int64 (stmt, 6, MAX_RESULTS);
  while (kesu_statement_step (stmt, &local))
    {
      KesuDuplicate *d = g_new0 (KesuDuplicate, 1);

      d->complaint_id = kesu_statement_get_int64 (stmt, 0);
      d->number = kesu_statement_dup_text (stmt, 1);
      if (!kesu_state_from_key (kesu_statement_get_text (stmt, 2), &d->state))
        d->state = KESU_STATE_RECEIVED;
      d->received_at = kesu_statement_get_int64 (stmt, 3);
      d->customer_name = kesu_statement_dup_text (stmt, 4);
      d->plate = kesu_statement_dup_text (stmt, 5);
      d->vin = kesu_statement_dup_text (stmt, 6);
      d->description = kesu_statement_dup_text (stmt, 7);
      if (kesu_statement_get_int64 (stmt, 8))
        d->matched |= KESU_DUPLICATE_PHONE;
      if (kesu_statement_get_int64 (stmt, 9))
        d->matched |= KESU_DUPLICATE_VIN;
      if (kesu_statement_get_int64 (stmt, 10))
        d->matched |= KESU_DUPLICATE_PLATE;
      d->linked = kesu_statement_get_int64 (stmt, 11) != 0;
      d->why = kesu_duplicate_match_to_text (d->matched);
      g_ptr_array_add (found, d);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&found);
}

GPtrArray *
kesu_store_find_duplicates_of (KesuStore  *store,
                               gint64      complaint_id,
                               GError    **error)
{
  g_autofree char *phone = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *plate = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT cu.phone, c.vin, c.plate FROM complaint c"
                          " JOIN customer cu ON cu.id = c.customer_id WHERE c.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step_one (stmt, _("This complaint does not exist."), error))
    return NULL;
  phone = kesu_statement_dup_text (stmt, 0);
  vin = kesu_statement_dup_text (stmt, 1);
  plate = kesu_statement_dup_text (stmt, 2);
  kesu_statement_reset (stmt);
  return kesu_store_find_duplicates (store, phone, vin, plate, complaint_id, 0, error);
}

/* The case's number, state and merged_into; FALSE with NOT_FOUND when there is none. */
static gboolean
read_case_head (KesuStore  *store,
                gint64      complaint_id,
                char      **out_number,
                KesuState  *out_state,
                gint64     *out_merged_into,
                GError    **error)
{
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT number, state, coalesce (merged_into, 0) FROM complaint"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step (stmt, &local))
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("This complaint does not exist."));
      return FALSE;
    }
  *out_number = kesu_statement_dup_text (stmt, 0);
  if (!kesu_state_from_key (kesu_statement_get_text (stmt, 1), out_state))
    *out_state = KESU_STATE_RECEIVED;
  *out_merged_into = kesu_statement_get_int64 (stmt, 2);
  kesu_statement_reset (stmt);
  return TRUE;
}

static gboolean
are_linked (KesuStore *store,
            gint64     a,
            gint64     b)
{
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store),
                                         "SELECT 1 FROM complaint_link WHERE a = ?1 AND b = ?2",
                                         NULL);
  gboolean linked;

  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, MIN (a, b));
  kesu_statement_bind_int64 (stmt, 2, MAX (a, b));
  linked = kesu_statement_step (stmt, NULL);
  kesu_statement_reset (stmt);
  return linked;
}

static gboolean
insert_link (KesuStore  *store,
             gint64      a,
             gint64      b,
             gint64      now,
             GError    **error)
{
  KesuStatement *stmt;
  gint64 operator_id = kesu_store_get_operator (store);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "INSERT INTO complaint_link (a, b, linked_at, linked_by)"
                          " VALUES (?1, ?2, ?3, ?4)",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, MIN (a, b));
  kesu_statement_bind_int64 (stmt, 2, MAX (a, b));
  kesu_statement_bind_int64 (stmt, 3, now);
  if (operator_id > 0)
    kesu_statement_bind_int64 (stmt, 4, operator_id);
  return kesu_statement_run (stmt, error);
}

gboolean
kesu_store_link_complaints (KesuStore  *store,
                            gint64      a,
                            gint64      b,
                            GError    **error)
{
  g_autofree char *number_a = NULL;
  g_autofree char *number_b = NULL;
  KesuState state;
  gint64 merged, now, operator_id;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (a == b)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A case cannot be linked to itself."));
      return FALSE;
    }
  if (!read_case_head (store, a, &number_a, &state, &merged, error)
      || !read_case_head (store, b, &number_b, &state, &merged, error))
    return FALSE;
  if (are_linked (store, a, b))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("%s and %s are already linked."), number_a, number_b);
      return FALSE;
    }

  now = kesu_clock_now_unix ();
  operator_id = kesu_store_get_operator (store);
  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!insert_link (store, a, b, now, error)
      || !_kesu_store_insert_event (store, a, now, operator_id, KESU_EVENT_LINKED, number_b, 0,
                                    error)
      || !_kesu_store_insert_event (store, b, now, operator_id, KESU_EVENT_LINKED, number_a, 0,
                                    error))
    {
      kesu_db_rollback (db);
      return FALSE;
    }
  return _kesu_store_commit_changed (store, error);
}

GArray *
kesu_store_list_linked (KesuStore  *store,
                        gint64      complaint_id,
                        GError    **error)
{
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT CASE WHEN a = ?1 THEN b ELSE a END AS other FROM complaint_link"
                          " WHERE a = ?1 OR b = ?1 ORDER BY linked_at, other",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  return kesu_statement_collect_int64 (stmt, error);
}

gint64
kesu_store_get_merged_into (KesuStore *store,
                            gint64     complaint_id)
{
  g_autofree char *number = NULL;
  KesuState state;
  gint64 merged = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  if (!read_case_head (store, complaint_id, &number, &state, &merged, NULL))
    return 0;
  return merged;
}

gboolean
kesu_store_merge_complaint (KesuStore  *store,
                            gint64      duplicate_id,
                            gint64      into_id,
                            GError    **error)
{
  g_autofree char *dup_number = NULL;
  g_autofree char *into_number = NULL;
  g_autoptr(KesuCaseData) input = NULL;
  KesuState dup_state, into_state;
  gint64 dup_merged, into_merged, now;
  KesuStatement *stmt;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (duplicate_id == into_id)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A case cannot be merged into itself."));
      return FALSE;
    }

  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!read_case_head (store, duplicate_id, &dup_number, &dup_state, &dup_merged, error)
      || !read_case_head (store, into_id, &into_number, &into_state, &into_merged, error))
    goto fail;
  if (dup_merged > 0)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("%s has already been merged into another case."), dup_number);
      goto fail;
    }
  if (!kesu_state_is_open (dup_state))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("%s is already closed or withdrawn: only an open case can be merged."),
                   dup_number);
      goto fail;
    }
  if (into_merged > 0)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("%s was itself merged into another case: merge into that one."),
                   into_number);
      goto fail;
    }

  /* The duplicate ends the way the workflow ends a case not handled on its own:
   * withdrawn, with the reason saying where it went. */
  input = kesu_case_data_new ();
  input->reason = g_strdup_printf (_("Merged into %s"), into_number);
  if (!kesu_store_move (store, duplicate_id, KESU_STATE_WITHDRAWN, input, NULL, error))
    goto fail;

  now = kesu_clock_now_unix ();
  stmt = kesu_db_prepare (db, "UPDATE complaint SET merged_into = ?2, updated_at = ?3"
                              " WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, duplicate_id);
  kesu_statement_bind_int64 (stmt, 2, into_id);
  kesu_statement_bind_int64 (stmt, 3, now);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (!are_linked (store, duplicate_id, into_id)
      && !insert_link (store, duplicate_id, into_id, now, error))
    goto fail;
  if (!_kesu_store_insert_event (store, into_id, now, kesu_store_get_operator (store),
                                 KESU_EVENT_MERGED, dup_number, 0, error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}
