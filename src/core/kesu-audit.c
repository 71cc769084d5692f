/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-audit.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-sanbao.h"
#include "kesu-store-private.h"
#include "kesu-vehicle.h"
#include "kesu-workflow.h"

/* ---- the chain ----
 *
 * A row's hash is the SHA-256 (32 bytes, stored as a BLOB: the log is the largest table)
 * of its predecessor's hash and of its own id, time, who, complaint, entity, entity id,
 * field, old and new value, each written as "N;" for NULL or "S<bytes>:<bytes>;"
 * otherwise, so that no two different rows read the same.  Numbers are hashed as SQLite
 * writes them as text, which is how the TEXT columns store them too. */

#define HASH_BYTES 32

static void
feed (GChecksum  *checksum,
      const char *text,
      gsize       length)
{
  char head[32];

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "N;", 2);
      return;
    }
  g_snprintf (head, sizeof head, "S%" G_GSIZE_FORMAT ":", length);
  g_checksum_update (checksum, (const guchar *) head, -1);
  g_checksum_update (checksum, (const guchar *) text, length);
  g_checksum_update (checksum, (const guchar *) ";", 1);
}

#define AUDIT_N_HASHED 10  /* prev_hash, id, at, staff, complaint, entity, entity id,
                            * field, old, new */

static void
audit_hash_fn (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[HASH_BYTES];
  gsize length = sizeof digest;

  /* The previous hash as its bytes, the rest as text. */
  feed (checksum, sqlite3_value_blob (argv[0]) != NULL ? sqlite3_value_blob (argv[0]) : "",
        (gsize) sqlite3_value_bytes (argv[0]));
  for (int i = 1; i < argc; i++)
    {
      if (sqlite3_value_type (argv[i]) == SQLITE_NULL)
        feed (checksum, NULL, 0);
      else
        {
          const char *text = (const char *) sqlite3_value_text (argv[i]);

          feed (checksum, text != NULL ? text : "", (gsize) sqlite3_value_bytes (argv[i]));
        }
    }
  g_checksum_get_digest (checksum, digest, &length);
  sqlite3_result_blob (context, digest, (int) length, SQLITE_TRANSIENT);
}

static void
sha256_fn (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  g_autoptr(GChecksum) checksum = NULL;
  const void *data;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  data = sqlite3_value_blob (argv[0]);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  if (data != NULL)
    g_checksum_update (checksum, data, sqlite3_value_bytes (argv[0]));
  sqlite3_result_text (context, g_checksum_get_string (checksum), -1, SQLITE_TRANSIENT);
}

/* Called for every audit row.  kesu_clock_now_unix () goes through
 * g_date_time_new_now_local (), and GLib 2.74 looks at /etc/localtime again (a readlink
 * and two stats) for every local time it makes; the moment is the same without a zone. */
static void
now_fn (sqlite3_context  *context,
        int               argc,
        sqlite3_value   **argv)
{
  g_autoptr(GDateTime) fixed = kesu_clock_dup_fixed ();

  sqlite3_result_int64 (context, fixed != NULL ? g_date_time_to_unix (fixed)
                                               : g_get_real_time () / G_USEC_PER_SEC);
}

static void
actor_fn (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  KesuStore *store = sqlite3_user_data (context);
  gint64 actor = _kesu_store_peek_operator (store);

  if (actor > 0)
    sqlite3_result_int64 (context, actor);
  else
    sqlite3_result_null (context);
}

gboolean
_kesu_audit_register (KesuStore  *store,
                      sqlite3    *handle,
                      GError    **error)
{
  int rc;

  rc = sqlite3_create_function (handle, "kesu_audit_hash", AUDIT_N_HASHED,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, audit_hash_fn,
                                NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (handle, "kesu_sha256", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sha256_fn,
                                  NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (handle, "kesu_now", 0, SQLITE_UTF8, NULL, now_fn,
                                  NULL, NULL);
  /* The store owns the connection, so it outlives every call. */
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (handle, "kesu_actor", 0, SQLITE_UTF8, store, actor_fn,
                                  NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                   _("Could not prepare the audit log: %s"), sqlite3_errmsg (handle));
      return FALSE;
    }
  return TRUE;
}

gboolean
_kesu_audit_write (KesuStore   *store,
                   gint64       staff_id,
                   gint64       complaint_id,
                   const char  *entity,
                   gint64       entity_id,
                   const char  *field,
                   const char  *old_value,
                   const char  *new_value,
                   GError     **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "INSERT INTO audit_in (at, staff_id, complaint_id, entity, entity_id,"
                          "                      field, old_value, new_value)"
                          " VALUES (kesu_now (), ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          error);
  if (stmt == NULL)
    return FALSE;
  if (staff_id > 0)
    kesu_statement_bind_int64 (stmt, 1, staff_id);
  else
    kesu_statement_bind_null (stmt, 1);
  if (complaint_id > 0)
    kesu_statement_bind_int64 (stmt, 2, complaint_id);
  else
    kesu_statement_bind_null (stmt, 2);
  kesu_statement_bind_text (stmt, 3, entity);
  if (entity_id > 0)
    kesu_statement_bind_int64 (stmt, 4, entity_id);
  else
    kesu_statement_bind_null (stmt, 4);
  kesu_statement_bind_text (stmt, 5, field);
  kesu_statement_bind_text_or_null (stmt, 6, old_value);
  kesu_statement_bind_text_or_null (stmt, 7, new_value);
  return kesu_statement_run (stmt, error);
}

gboolean
kesu_store_verify_audit (KesuStore  *store,
                         gint64     *out_first_broken_id,
                         gint64     *out_n_rows,
                         GError    **error)
{
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;
  guint8 prev[HASH_BYTES];
  gsize prev_length = 0;
  gint64 expected_id = 1, broken = 0, n = 0;
  int rc;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (out_first_broken_id != NULL)
    *out_first_broken_id = 0;
  if (out_n_rows != NULL)
    *out_n_rows = 0;

  /* The raw handle: the check needs the exact bytes of each value, and reads the whole
   * table once, in id order, in one read transaction. */
  handle = kesu_db_get_handle (kesu_store_get_db (store));
  rc = sqlite3_prepare_v2 (handle,
                           "SELECT prev_hash, id, at, staff_id, complaint_id, entity, entity_id,"
                           "  field, old_value, new_value, hash FROM audit ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                   _("Could not read the audit log: %s"), sqlite3_errmsg (handle));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      gint64 id = sqlite3_column_int64 (stmt, 1);
      const void *stored_prev = sqlite3_column_blob (stmt, 0);
      gsize stored_prev_length = (gsize) sqlite3_column_bytes (stmt, 0);
      const void *stored_hash = sqlite3_column_blob (stmt, 10);
      gsize stored_hash_length = (gsize) sqlite3_column_bytes (stmt, 10);
      guint8 digest[HASH_BYTES];
      gsize length = sizeof digest;

      n++;
      /* A deleted row leaves a gap in the ids, which are given one after the other. */
      if (id != expected_id || stored_prev_length != prev_length ||
          (prev_length > 0 && memcmp (stored_prev, prev, prev_length) != 0))
        {
          broken = id != expected_id ? MIN (id, expected_id) : id;
          break;
        }
      /* The row hashes its predecessor's hash as the chain had it, not as it claims. */
      feed (checksum, prev_length > 0 ? (const char *) prev : "", prev_length);
      for (int col = 1; col < 1 + AUDIT_N_HASHED - 1; col++)
        {
          if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
            feed (checksum, NULL, 0);
          else
            {
              const char *text = (const char *) sqlite3_column_text (stmt, col);

              feed (checksum, text != NULL ? text : "",
                    (gsize) sqlite3_column_bytes (stmt, col));
            }
        }
      g_checksum_get_digest (checksum, digest, &length);
      if (stored_hash_length != length || memcmp (stored_hash, digest, length) != 0)
        {
          broken = id;
          break;
        }
      memcpy (prev, digest, length);
      prev_length = length;
      expected_id = id + 1;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                   _("Could not read the audit log: %s"), sqlite3_errmsg (handle));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (out_first_broken_id != NULL)
    *out_first_broken_id = broken;
  if (out_n_rows != NULL)
    *out_n_rows = n;
  return broken == 0;
}

/* ---- reading it ---- */

void
kesu_audit_filter_init (KesuAuditFilter *filter)
{
  memset (filter, 0, sizeof *filter);
  filter->staff_id = -1;
}

void
kesu_audit_entry_free (KesuAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->staff_name);
  g_free (entry->complaint_number);
  g_free (entry->entity);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

#define ENTRY_COLUMNS \
  "SELECT a.id, a.at, coalesce (a.staff_id, 0), coalesce (s.name, ''),"                \
  "  coalesce (a.complaint_id, 0), coalesce (c.number, ''), a.entity,"                  \
  "  coalesce (a.entity_id, 0), a.field, a.old_value, a.new_value"                      \
  " FROM audit a LEFT JOIN staff s ON s.id = a.staff_id"                                \
  "  LEFT JOIN complaint c ON c.id = a.complaint_id"

static KesuAuditEntry *
entry_from_row (KesuStatement *stmt)
{
  KesuAuditEntry *entry = g_new0 (KesuAuditEntry, 1);

  entry->id = kesu_statement_get_int64 (stmt, 0);
  entry->at = kesu_statement_get_int64 (stmt, 1);
  entry->staff_id = kesu_statement_get_int64 (stmt, 2);
  entry->staff_name = kesu_statement_dup_text (stmt, 3);
  entry->complaint_id = kesu_statement_get_int64 (stmt, 4);
  entry->complaint_number = kesu_statement_dup_text (stmt, 5);
  entry->entity = kesu_statement_dup_text (stmt, 6);
  entry->entity_id = kesu_statement_get_int64 (stmt, 7);
  entry->field = kesu_statement_dup_text (stmt, 8);
  entry->old_value = kesu_statement_is_null (stmt, 9) ? NULL
                                                      : kesu_statement_dup_text (stmt, 9);
  entry->new_value = kesu_statement_is_null (stmt, 10) ? NULL
                                                       : kesu_statement_dup_text (stmt, 10);
  return entry;
}

/* The WHERE clause for @filter from fixed pieces, so that SQLite picks the index that
 * fits (a complaint's rows, a person's, a period) instead of walking the whole log; the
 * values are bound as ?1 staff, ?2 complaint, ?3 from, ?4 until, ?5 before id. */
static GString *
where_clause (const KesuAuditFilter *filter,
              gboolean               paging)
{
  GString *sql = g_string_new (" WHERE 1");

  if (filter == NULL)
    return sql;
  if (filter->staff_id == 0)
    g_string_append (sql, " AND a.staff_id IS NULL");
  else if (filter->staff_id > 0)
    g_string_append (sql, " AND a.staff_id = ?1");
  if (filter->complaint_id > 0)
    g_string_append (sql, " AND a.complaint_id = ?2");
  if (filter->from > 0)
    g_string_append (sql, " AND a.at >= ?3");
  if (filter->until > 0)
    g_string_append (sql, " AND a.at < ?4");
  if (paging && filter->before_id > 0)
    g_string_append (sql, " AND a.id < ?5");
  return sql;
}

static void
bind_filter (KesuStatement         *stmt,
             const KesuAuditFilter *filter,
             gboolean               paging)
{
  if (filter == NULL)
    return;
  if (filter->staff_id > 0)
    kesu_statement_bind_int64 (stmt, 1, filter->staff_id);
  if (filter->complaint_id > 0)
    kesu_statement_bind_int64 (stmt, 2, filter->complaint_id);
  if (filter->from > 0)
    kesu_statement_bind_int64 (stmt, 3, filter->from);
  if (filter->until > 0)
    kesu_statement_bind_int64 (stmt, 4, filter->until);
  if (paging && filter->before_id > 0)
    kesu_statement_bind_int64 (stmt, 5, filter->before_id);
}

GPtrArray *
kesu_store_list_audit (KesuStore              *store,
                       const KesuAuditFilter  *filter,
                       GError                **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  guint limit;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  limit = filter != NULL && filter->limit > 0 ? filter->limit : KESU_AUDIT_PAGE;
  sql = where_clause (filter, TRUE);
  g_string_prepend (sql, ENTRY_COLUMNS);
  g_string_append (sql, " ORDER BY a.id DESC LIMIT ?6");

  stmt = kesu_db_prepare (kesu_store_get_db (store), sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter, TRUE);
  kesu_statement_bind_int64 (stmt, 6, limit);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_audit_entry_free);
  while (kesu_statement_step (stmt, &local))
    g_ptr_array_add (list, entry_from_row (stmt));
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
kesu_store_count_audit (KesuStore             *store,
                        const KesuAuditFilter *filter)
{
  g_autoptr(GString) sql = NULL;
  KesuStatement *stmt;
  gint64 n = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  sql = where_clause (filter, FALSE);
  g_string_prepend (sql, "SELECT count(*) FROM audit a");
  stmt = kesu_db_prepare (kesu_store_get_db (store), sql->str, NULL);
  if (stmt == NULL)
    return 0;
  bind_filter (stmt, filter, FALSE);
  if (kesu_statement_step (stmt, NULL))
    {
      n = kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return n;
}

KesuAuditEntry *
kesu_store_get_audit_entry (KesuStore *store,
                            gint64     id)
{
  KesuStatement *stmt;
  KesuAuditEntry *entry;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  stmt = kesu_db_prepare (kesu_store_get_db (store), ENTRY_COLUMNS " WHERE a.id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, id);
  if (!kesu_statement_step (stmt, NULL))
    return NULL;
  entry = entry_from_row (stmt);
  kesu_statement_reset (stmt);
  return entry;
}

/* ---- names in the user's language ---- */

typedef struct
{
  const char *key;
  const char *label;  /* N_() */
} Label;

static const Label entities[] = {
  { "complaint", N_("Complaint") },
  { "customer", N_("Customer") },
  { "staff", N_("Staff") },
  { "setting", N_("Setting") },
  { "deadline_policy", N_("Time limits") },
  { "calendar_exception", N_("Working calendar") },
  { "role_limit", N_("Compensation limit") },
  { "attachment", N_("Evidence") },
  { "signature", N_("Signature") },
  { "approval", N_("Approval") },
  { "event", N_("Timeline") },
  { "improvement_action", N_("Improvement action") },
  { "sign-in", N_("Sign-in") },
  { "branch", N_("Branch") },
  { "vehicle", N_("Vehicle record") },
  { "repair", N_("Repair record") },
  { "complaint_link", N_("Linked complaint") },
};

/* The columns and events that have a name of their own; the rest show their key. */
static const Label fields[] = {
  { "created", N_("Created") },
  { "number", N_("Complaint number") },
  { "state", N_("State") },
  { "channel", N_("Channel") },
  { "received_at", N_("Received at") },
  { "received_by", N_("Received by") },
  { "customer_id", N_("Customer") },
  { "vehicle_model", N_("Model") },
  { "vin", N_("VIN") },
  { "plate", N_("Plate") },
  { "purchase_date", N_("Purchase date") },
  { "mileage_km", N_("Mileage (km)") },
  { "order_number", N_("Contract / repair order") },
  { "staff_involved", N_("Staff involved") },
  { "description", N_("What happened") },
  { "occurred_on", N_("When it happened") },
  { "occurred_place", N_("Where it happened") },
  { "demand", N_("What the customer wants") },
  { "emotion", N_("Emotion") },
  { "customer_type", N_("Customer type") },
  { "category", N_("Category") },
  { "severity", N_("Severity") },
  { "handler_id", N_("Handler") },
  { "cause", N_("Cause") },
  { "responsibility", N_("Responsibility") },
  { "recurring", N_("Recurring") },
  { "solution", N_("Solution") },
  { "measures", N_("Measures") },
  { "amount_fen", N_("Amount (fen)") },
  { "solution_deadline", N_("Deadline for the measures") },
  { "agreed_at", N_("Customer agreed at") },
  { "agreement_note", N_("How the customer agreed") },
  { "measures_result", N_("What was done") },
  { "satisfaction", N_("Satisfaction") },
  { "satisfaction_comment", N_("Follow-up comment") },
  { "first_response_at", N_("First response at") },
  { "next_contact_at", N_("Next contact") },
  { "waiting_reason", N_("Waiting for") },
  { "waiting_since", N_("Waiting since") },
  { "paused_seconds", N_("Paused (seconds)") },
  { "escalated_at", N_("Escalated at") },
  { "escalated_to", N_("Escalated to") },
  { "closed_at", N_("Closed at") },
  { "reopen_count", N_("Times reopened") },
  { "clock_start", N_("Deadlines count from") },
  { "name", N_("Name") },
  { "phone", N_("Phone") },
  { "other_contact", N_("Other contact") },
  { "address", N_("Address") },
  { "role", N_("Role") },
  { "active", N_("Active") },
  { "manager_id", N_("Manager") },
  { "pin", N_("PIN") },
  { "signed-in", N_("Signed in") },
  { "signed-out", N_("Signed out") },
  { "wrong-pin", N_("Wrong PIN") },
  { "locked-out", N_("Locked out after wrong PINs") },
  { "pin-checked", N_("PIN checked for an approval") },
  { "approved", N_("Approved") },
  { "refused", N_("Refused") },
  { "linked", N_("Complaint linked") },
  { "attachment_max_mb", N_("Largest evidence file (MB)") },
  { "lockout_minutes", N_("Lockout after wrong PINs (minutes)") },
  { "idle_lock_minutes", N_("Lock when idle (minutes)") },
  { "deadline_working_days", N_("Deadlines in working days") },
  { "working_week", N_("Working week") },
  { "root_cause", N_("Root cause") },
  { "owner_id", N_("Owner") },
  { "due_on", N_("Due") },
  { "verified_note", N_("Verification note") },
  { "sanbao_flag", N_("三包 flag") },
  { "sanbao_reason", N_("三包 reason") },
  { "sanbao_reason_key", N_("三包 rule") },
  { "sanbao_flagged_at", N_("三包 flagged at") },
  { "sanbao_answer_due", N_("三包 answer due") },
  { "sanbao_complete_due", N_("三包 completion due") },
  { "sanbao_answered_at", N_("三包 answered at") },
  { "sanbao_note", N_("三包 note") },
  { "sanbao_dismissed_keys", N_("三包 rules dismissed") },
  { "merged_into", N_("Merged into") },
  { "model", N_("Model") },
  { "invoice_date", N_("Invoice date") },
  { "delivery_date", N_("Delivery date") },
  { "price_fen", N_("Price") },
  { "started_at", N_("Repair started") },
  { "finished_at", N_("Repair finished") },
  { "system", N_("Fault system") },
  { "fault", N_("Fault") },
  { "part_replaced", N_("Part replaced") },
  { "complaint_id", N_("Complaint") },
};

static const char *
find_label (const Label *table,
            gsize        n,
            const char  *key)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].key, key) == 0)
      return _(table[i].label);
  return NULL;
}

const char *
kesu_audit_entity_label (const char *entity)
{
  const char *label = find_label (entities, G_N_ELEMENTS (entities), entity);

  return label != NULL ? label : entity;
}

/* A column's own name, whatever the row it is in. */
static const char *
column_label (const char *column)
{
  const char *label = find_label (fields, G_N_ELEMENTS (fields), column);

  return label != NULL ? label : column;
}

const char *
kesu_audit_field_label (const char *entity,
                        const char *field)
{
  /* Some rows name their subject in the field: the event's kind, the role whose limit
   * changed, the severity of a time limit. */
  if (g_strcmp0 (entity, "event") == 0)
    {
      KesuEventKind kind;

      if (kesu_event_kind_from_key (field, &kind))
        return kesu_event_kind_to_label (kind);
    }
  else if (g_strcmp0 (entity, "role_limit") == 0)
    {
      KesuRole role;

      if (kesu_role_from_key (field, &role))
        return kesu_role_to_label (role);
    }
  else if (g_strcmp0 (entity, "deadline_policy") == 0)
    {
      KesuSeverity severity;
      g_autofree char *head = g_strdup (field);
      char *colon = head != NULL ? strchr (head, ':') : NULL;

      if (colon != NULL)
        *colon = '\0';
      if (colon == NULL && kesu_severity_from_key (head, &severity))
        return kesu_severity_to_label (severity);
    }
  else if (g_strcmp0 (entity, "vehicle") == 0 && field != NULL)
    {
      /* "<VIN> <column>" for a change; the VIN alone when the record was created. */
      const char *space = strrchr (field, ' ');

      if (space == NULL)
        return _("Created");
      field = space + 1;
    }
  return column_label (field);
}

GPtrArray *
kesu_store_audit_snapshot (KesuStore  *store,
                           const char *value)
{
  g_autoptr(GPtrArray) pairs = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (value == NULL || value[0] != '{')
    return NULL;
  /* SQLite wrote it (json_object in the triggers): SQLite reads it. */
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT key, CAST (value AS TEXT) FROM json_each (?1)"
                          " WHERE type != 'null'",
                          NULL);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, value);
  pairs = g_ptr_array_new_with_free_func (g_free);
  while (kesu_statement_step (stmt, NULL))
    {
      g_autofree char *text = kesu_statement_dup_text (stmt, 1);

      if (text == NULL || text[0] == '\0')
        continue;
      g_ptr_array_add (pairs, kesu_statement_dup_text (stmt, 0));
      g_ptr_array_add (pairs, g_steal_pointer (&text));
    }
  kesu_statement_reset (stmt);
  if (pairs->len == 0)
    return NULL;
  return g_steal_pointer (&pairs);
}

/* ---- values in the user's words ---- */

GHashTable *
kesu_store_audit_staff_names (KesuStore *store)
{
  g_autoptr(GPtrArray) staff = kesu_store_list_all_staff (store);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      g_hash_table_insert (names, g_strdup_printf ("%" G_GINT64_FORMAT, s->id),
                           g_strdup (s->name));
    }
  return names;
}

/* A record as it was created: "Name: 赵敏; Role: Service advisor; …", each value read as
 * it would be on a change of that field. */
static char *
snapshot_text (KesuStore            *store,
               GHashTable           *staff_names,
               const KesuAuditEntry *e,
               GPtrArray            *pairs)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      KesuAuditEntry one = *e;
      g_autofree char *shown = NULL;

      one.field = g_ptr_array_index (pairs, i);
      shown = kesu_audit_value_text (store, staff_names, &one, g_ptr_array_index (pairs, i + 1));
      if (text->len > 0)
        /* Translators: between the fields of a created record in the audit view */
        g_string_append (text, _("; "));
      /* Translators: a field of a created record in the audit view: its name and value */
      g_string_append_printf (text, _("%s: %s"), column_label (one.field), shown);
    }
  return g_string_free (text, FALSE);
}

char *
kesu_audit_value_text (KesuStore            *store,
                       GHashTable           *staff_names,
                       const KesuAuditEntry *e,
                       const char           *value)
{
  const char *field = e->field != NULL ? e->field : "";
  g_autoptr(GPtrArray) snapshot = NULL;
  const char *name;
  char *end = NULL;
  gint64 number;

  if (value == NULL)
    return g_strdup ("—");
  if (value[0] == '\0')
    return g_strdup ("");
  snapshot = kesu_store_audit_snapshot (store, value);
  if (snapshot != NULL)
    return snapshot_text (store, staff_names, e, snapshot);
  /* The PIN is never logged, only that there is one. */
  if (g_str_equal (field, "pin"))
    return g_strdup (_("Set"));

#define KEY_LABEL(key, Type, lower)                        \
  if (g_str_equal (field, key))                            \
    {                                                      \
      Type v;                                              \
      if (kesu_##lower##_from_key (value, &v))              \
        return g_strdup (kesu_##lower##_to_label (v));      \
      return g_strdup (value);                             \
    }
  KEY_LABEL ("state", KesuState, state)
  KEY_LABEL ("channel", KesuChannel, channel)
  KEY_LABEL ("category", KesuCategory, category)
  KEY_LABEL ("severity", KesuSeverity, severity)
  KEY_LABEL ("emotion", KesuEmotion, emotion)
  KEY_LABEL ("customer_type", KesuCustomerType, customer_type)
  KEY_LABEL ("role", KesuRole, role)
  KEY_LABEL ("responsibility", KesuResponsibility, responsibility)
  KEY_LABEL ("solution", KesuSolution, solution)
  KEY_LABEL ("sanbao_flag", KesuSanbaoFlag, sanbao_flag)
  KEY_LABEL ("system", KesuFaultSystem, fault_system)
#undef KEY_LABEL

  number = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0')
    return g_strdup (value);
  if (g_str_equal (field, "handler_id") || g_str_equal (field, "received_by")
      || g_str_equal (field, "manager_id") || g_str_equal (field, "escalated_to"))
    {
      name = staff_names != NULL ? g_hash_table_lookup (staff_names, value) : NULL;
      return g_strdup (name != NULL ? name : value);
    }
  if (g_str_equal (field, "amount_fen") || g_str_equal (field, "price_fen")
      || g_str_equal (e->entity, "role_limit"))
    return kesu_format_amount (number);
  if ((g_str_has_suffix (field, "_at") || g_str_has_suffix (field, "_due")
       || g_str_equal (field, "solution_deadline")
       || g_str_equal (field, "waiting_since")) && number > 0)
    return kesu_format_time (number);
  if (g_str_equal (field, "active") || g_str_equal (field, "recurring"))
    return g_strdup (number != 0 ? _("Yes") : _("No"));
  return g_strdup (value);
}
