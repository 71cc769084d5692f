/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-migrations"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-migrations.h"

/* Never edit a step that has shipped: add a new one.  Each runs in one transaction
 * together with its PRAGMA user_version. */
static const char *const migrations[] = {
  /* 1: the foundation — branch, staff, customers, complaints, evidence, timeline */
  "CREATE TABLE branch ("
  "  id       INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name     TEXT NOT NULL,"
  "  address  TEXT NOT NULL DEFAULT '',"
  "  hotline  TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE TABLE staff ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL,"
  "  role        TEXT NOT NULL,"
  "  phone       TEXT NOT NULL DEFAULT '',"
  "  active      INTEGER NOT NULL DEFAULT 1,"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE setting ("
  "  key    TEXT PRIMARY KEY,"
  "  value  TEXT"
  ");"
  "CREATE TABLE customer ("
  "  id             INTEGER PRIMARY KEY,"
  "  name           TEXT NOT NULL,"
  "  phone          TEXT NOT NULL UNIQUE,"
  "  other_contact  TEXT NOT NULL DEFAULT '',"
  "  address        TEXT NOT NULL DEFAULT '',"
  "  created_at     INTEGER NOT NULL,"
  "  updated_at     INTEGER NOT NULL"
  ");"
  "CREATE TABLE number_counter ("
  "  month  TEXT PRIMARY KEY,"
  "  last   INTEGER NOT NULL"
  ");"
  "CREATE TABLE complaint ("
  "  id              INTEGER PRIMARY KEY,"
  "  number          TEXT NOT NULL UNIQUE,"
  "  state           TEXT NOT NULL DEFAULT 'received',"
  "  channel         TEXT NOT NULL,"
  "  received_at     INTEGER NOT NULL,"
  "  received_by     INTEGER NOT NULL REFERENCES staff (id),"
  "  customer_id     INTEGER NOT NULL REFERENCES customer (id),"
  "  vehicle_model   TEXT,"
  "  vin             TEXT,"
  "  plate           TEXT,"
  "  purchase_date   TEXT,"
  "  mileage_km      INTEGER CHECK (mileage_km IS NULL OR mileage_km >= 0),"
  "  order_number    TEXT,"
  "  staff_involved  TEXT,"
  "  description     TEXT NOT NULL,"
  "  occurred_on     TEXT,"
  "  occurred_place  TEXT,"
  "  demand          TEXT NOT NULL,"
  "  emotion         TEXT NOT NULL,"
  "  customer_type   TEXT NOT NULL DEFAULT '',"
  "  category        TEXT NOT NULL,"
  "  severity        TEXT NOT NULL,"
  "  handler_id      INTEGER NOT NULL REFERENCES staff (id),"
  "  created_at      INTEGER NOT NULL,"
  "  updated_at      INTEGER NOT NULL"
  ");"
  "CREATE INDEX complaint_received ON complaint (received_at);"
  "CREATE INDEX complaint_customer ON complaint (customer_id);"
  "CREATE INDEX complaint_handler ON complaint (handler_id);"
  "CREATE TABLE attachment ("
  "  id            INTEGER PRIMARY KEY,"
  "  complaint_id  INTEGER NOT NULL REFERENCES complaint (id),"
  "  filename      TEXT NOT NULL,"
  "  mime_type     TEXT NOT NULL,"
  "  size          INTEGER NOT NULL,"
  "  data          BLOB NOT NULL,"
  "  added_at      INTEGER NOT NULL,"
  "  added_by      INTEGER REFERENCES staff (id)"
  ");"
  "CREATE INDEX attachment_complaint ON attachment (complaint_id);"
  "CREATE TABLE event ("
  "  id            INTEGER PRIMARY KEY,"
  "  complaint_id  INTEGER NOT NULL REFERENCES complaint (id),"
  "  at            INTEGER NOT NULL,"
  "  staff_id      INTEGER REFERENCES staff (id),"
  "  kind          TEXT NOT NULL,"
  "  detail        TEXT"
  ");"
  "CREATE INDEX event_complaint ON event (complaint_id, at);"
  /* The timeline and the evidence are never rewritten. */
  "CREATE TRIGGER event_no_update BEFORE UPDATE ON event"
  "  BEGIN SELECT RAISE (ABORT, 'events are never edited'); END;"
  "CREATE TRIGGER event_no_delete BEFORE DELETE ON event"
  "  BEGIN SELECT RAISE (ABORT, 'events are never deleted'); END;"
  "CREATE TRIGGER complaint_no_delete BEFORE DELETE ON complaint"
  "  BEGIN SELECT RAISE (ABORT, 'complaints are never deleted'); END;",

  /* 2: the life of a complaint — workflow facts, deadlines, waiting, escalation */
  "ALTER TABLE staff ADD COLUMN manager_id INTEGER REFERENCES staff (id);"
  "ALTER TABLE complaint ADD COLUMN cause TEXT;"
  "ALTER TABLE complaint ADD COLUMN responsibility TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE complaint ADD COLUMN recurring INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE complaint ADD COLUMN solution TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE complaint ADD COLUMN measures TEXT;"
  "ALTER TABLE complaint ADD COLUMN amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0);"
  "ALTER TABLE complaint ADD COLUMN solution_deadline INTEGER;"
  "ALTER TABLE complaint ADD COLUMN agreed_at INTEGER;"
  "ALTER TABLE complaint ADD COLUMN agreement_note TEXT;"
  "ALTER TABLE complaint ADD COLUMN measures_result TEXT;"
  "ALTER TABLE complaint ADD COLUMN satisfaction INTEGER"
  "  CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5);"
  "ALTER TABLE complaint ADD COLUMN satisfaction_comment TEXT;"
  "ALTER TABLE complaint ADD COLUMN first_response_at INTEGER;"
  "ALTER TABLE complaint ADD COLUMN next_contact_at INTEGER;"
  "ALTER TABLE complaint ADD COLUMN waiting_reason TEXT;"
  "ALTER TABLE complaint ADD COLUMN waiting_since INTEGER;"
  "ALTER TABLE complaint ADD COLUMN paused_seconds INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE complaint ADD COLUMN escalated_at INTEGER;"
  "ALTER TABLE complaint ADD COLUMN escalated_to INTEGER REFERENCES staff (id);"
  "ALTER TABLE complaint ADD COLUMN closed_at INTEGER;"
  "ALTER TABLE complaint ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;"
  /* Deadlines count from here: the received time, or the last reopening. */
  "ALTER TABLE complaint ADD COLUMN clock_start INTEGER;"
  "CREATE INDEX complaint_state ON complaint (state);"
  "ALTER TABLE event ADD COLUMN from_state TEXT;"
  "ALTER TABLE event ADD COLUMN to_state TEXT;"
  "ALTER TABLE event ADD COLUMN ref_staff INTEGER REFERENCES staff (id);"
  "ALTER TABLE event ADD COLUMN ref_time INTEGER;"
  "ALTER TABLE event ADD COLUMN channel TEXT;"
  "ALTER TABLE event ADD COLUMN rating INTEGER;"
  "CREATE TABLE deadline_policy ("
  "  severity                TEXT PRIMARY KEY,"
  "  first_response_seconds  INTEGER NOT NULL CHECK (first_response_seconds > 0),"
  "  resolution_seconds      INTEGER NOT NULL CHECK (resolution_seconds > 0)"
  ");"
  "INSERT INTO deadline_policy VALUES"
  "  ('normal', 86400, 604800), ('important', 86400, 259200), ('urgent', 7200, 86400);"
  "CREATE TABLE calendar_exception ("
  "  day      TEXT PRIMARY KEY,"
  "  working  INTEGER NOT NULL"
  ");"
  "INSERT INTO setting (key, value) VALUES ('deadline_working_days', '0'),"
  "  ('working_week', '1111100');",

  /* 3: signatures on screen — the customer's (or the branch's) signature as an image and
   * its strokes, with the SHA-256 of exactly the text signed; or the reason it was
   * declined.  Like the timeline, never rewritten. */
  "CREATE TABLE signature ("
  "  id               INTEGER PRIMARY KEY,"
  "  complaint_id     INTEGER NOT NULL REFERENCES complaint (id),"
  "  purpose          TEXT NOT NULL,"
  "  signed_at        INTEGER NOT NULL,"
  "  signer_staff_id  INTEGER REFERENCES staff (id),"
  "  png              BLOB,"
  "  strokes          TEXT,"
  "  content_sha256   TEXT NOT NULL,"
  "  declined_reason  TEXT,"
  "  CHECK ((png IS NOT NULL AND strokes IS NOT NULL AND declined_reason IS NULL)"
  "      OR (png IS NULL AND strokes IS NULL AND declined_reason IS NOT NULL))"
  ");"
  "CREATE INDEX signature_complaint ON signature (complaint_id, purpose, signed_at);"
  "CREATE TRIGGER signature_no_update BEFORE UPDATE ON signature"
  "  BEGIN SELECT RAISE (ABORT, 'signatures are never edited'); END;"
  "CREATE TRIGGER signature_no_delete BEFORE DELETE ON signature"
  "  BEGIN SELECT RAISE (ABORT, 'signatures are never deleted'); END;",

  /* 4: improvement actions (整改措施) — a root cause, the measures, an owner and a due
   * day, linked to the complaints that showed the problem; their states change, with a
   * history row for each change, and nothing is ever deleted. */
  "CREATE TABLE improvement_action ("
  "  id              INTEGER PRIMARY KEY,"
  "  root_cause      TEXT NOT NULL,"
  "  measures        TEXT NOT NULL,"
  "  owner_id        INTEGER NOT NULL REFERENCES staff (id),"
  "  due_on          TEXT NOT NULL,"
  "  state           TEXT NOT NULL DEFAULT 'open'"
  "    CHECK (state IN ('open', 'done', 'effective', 'not-effective')),"
  "  issue_category  TEXT,"
  "  issue_model     TEXT,"
  "  created_at      INTEGER NOT NULL,"
  "  created_by      INTEGER REFERENCES staff (id),"
  "  updated_at      INTEGER NOT NULL,"
  "  verified_note   TEXT"
  ");"
  "CREATE INDEX improvement_action_state ON improvement_action (state, due_on);"
  "CREATE TABLE improvement_link ("
  "  action_id     INTEGER NOT NULL REFERENCES improvement_action (id),"
  "  complaint_id  INTEGER NOT NULL REFERENCES complaint (id),"
  "  PRIMARY KEY (action_id, complaint_id)"
  ");"
  "CREATE INDEX improvement_link_complaint ON improvement_link (complaint_id);"
  "CREATE TABLE improvement_event ("
  "  id          INTEGER PRIMARY KEY,"
  "  action_id   INTEGER NOT NULL REFERENCES improvement_action (id),"
  "  at          INTEGER NOT NULL,"
  "  staff_id    INTEGER REFERENCES staff (id),"
  "  from_state  TEXT,"
  "  to_state    TEXT NOT NULL,"
  "  note        TEXT"
  ");"
  "CREATE INDEX improvement_event_action ON improvement_event (action_id, at);"
  "CREATE TRIGGER improvement_action_no_delete BEFORE DELETE ON improvement_action"
  "  BEGIN SELECT RAISE (ABORT, 'improvement actions are never deleted'); END;"
  "CREATE TRIGGER improvement_link_no_delete BEFORE DELETE ON improvement_link"
  "  BEGIN SELECT RAISE (ABORT, 'improvement links are never deleted'); END;"
  "CREATE TRIGGER improvement_event_no_update BEFORE UPDATE ON improvement_event"
  "  BEGIN SELECT RAISE (ABORT, 'improvement history is never edited'); END;"
  "CREATE TRIGGER improvement_event_no_delete BEFORE DELETE ON improvement_event"
  "  BEGIN SELECT RAISE (ABORT, 'improvement history is never deleted'); END;",

  /* 5: drafts — the intake form in progress, kept across a crash; never a complaint */
  "CREATE TABLE draft ("
  "  operator_id      INTEGER NOT NULL,"
  "  form             TEXT NOT NULL,"
  "  content          TEXT NOT NULL,"
  "  attachments_key  TEXT NOT NULL DEFAULT '',"
  "  updated_at       INTEGER NOT NULL,"
  "  PRIMARY KEY (operator_id, form)"
  ");"
  "CREATE TABLE draft_attachment ("
  "  operator_id  INTEGER NOT NULL,"
  "  form         TEXT NOT NULL,"
  "  position     INTEGER NOT NULL,"
  "  filename     TEXT NOT NULL,"
  "  mime_type    TEXT NOT NULL,"
  "  data         BLOB NOT NULL,"
  "  PRIMARY KEY (operator_id, form, position)"
  ");",

  /* 6: fast at any size — the search indexes (see kesu-search.h: trigrams for words of
   * three characters or more, one- and two-character grams for shorter ones), kept in
   * step by triggers on every insert and update of complaints and customers, and built
   * here for the rows already there.  Contentless: a change deletes exactly the tokens
   * of the old values, which the UPDATE triggers have in OLD.
   * And the board's index: every column its filters name, newest first within a state, so
   * that it counts the closed cases and reads the newest of them from the index alone
   * (kesu_store_query_board); it starts with the state, so it replaces complaint_state. */
  "CREATE INDEX complaint_board ON complaint (state, received_at, handler_id, category,"
  "  severity, channel, escalated_to);"
  "DROP INDEX complaint_state;"
  "CREATE VIRTUAL TABLE complaint_tri USING fts5 (body, content = '', columnsize = 0,"
  "  tokenize = 'trigram case_sensitive 1');"
  "CREATE VIRTUAL TABLE complaint_gram USING fts5 (grams, content = '', columnsize = 0,"
  "  detail = 'none', tokenize = 'ascii');"
  "CREATE VIRTUAL TABLE customer_tri USING fts5 (body, digits, content = '',"
  "  columnsize = 0, tokenize = 'trigram case_sensitive 1');"
  "CREATE VIRTUAL TABLE customer_gram USING fts5 (grams, content = '', columnsize = 0,"
  "  detail = 'none', tokenize = 'ascii');"
  "INSERT INTO complaint_tri (rowid, body)"
  "  SELECT id, kesu_search_text (number, plate, vin, vehicle_model, description, demand)"
  "  FROM complaint;"
  "INSERT INTO complaint_gram (rowid, grams)"
  "  SELECT id, kesu_search_grams ('', number, plate, vin, vehicle_model, description,"
  "                                demand)"
  "  FROM complaint;"
  "INSERT INTO customer_tri (rowid, body, digits)"
  "  SELECT id, kesu_search_text (name, phone), replace (phone, '-', '') FROM customer;"
  "INSERT INTO customer_gram (rowid, grams)"
  "  SELECT id, kesu_search_grams ('', name, phone)"
  "             || kesu_search_grams ('P', replace (phone, '-', ''))"
  "  FROM customer;"
  "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN"
  "  INSERT INTO complaint_tri (rowid, body) VALUES (new.id,"
  "    kesu_search_text (new.number, new.plate, new.vin, new.vehicle_model,"
  "                      new.description, new.demand));"
  "  INSERT INTO complaint_gram (rowid, grams) VALUES (new.id,"
  "    kesu_search_grams ('', new.number, new.plate, new.vin, new.vehicle_model,"
  "                       new.description, new.demand));"
  "END;"
  "CREATE TRIGGER complaint_search_update"
  "  AFTER UPDATE OF id, number, plate, vin, vehicle_model, description, demand"
  "  ON complaint"
  "  WHEN old.id IS NOT new.id OR old.number IS NOT new.number"
  "    OR old.plate IS NOT new.plate OR old.vin IS NOT new.vin"
  "    OR old.vehicle_model IS NOT new.vehicle_model"
  "    OR old.description IS NOT new.description OR old.demand IS NOT new.demand BEGIN"
  "  INSERT INTO complaint_tri (complaint_tri, rowid, body) VALUES ('delete', old.id,"
  "    kesu_search_text (old.number, old.plate, old.vin, old.vehicle_model,"
  "                      old.description, old.demand));"
  "  INSERT INTO complaint_gram (complaint_gram, rowid, grams) VALUES ('delete', old.id,"
  "    kesu_search_grams ('', old.number, old.plate, old.vin, old.vehicle_model,"
  "                       old.description, old.demand));"
  "  INSERT INTO complaint_tri (rowid, body) VALUES (new.id,"
  "    kesu_search_text (new.number, new.plate, new.vin, new.vehicle_model,"
  "                      new.description, new.demand));"
  "  INSERT INTO complaint_gram (rowid, grams) VALUES (new.id,"
  "    kesu_search_grams ('', new.number, new.plate, new.vin, new.vehicle_model,"
  "                       new.description, new.demand));"
  "END;"
  "CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN"
  "  INSERT INTO customer_tri (rowid, body, digits) VALUES (new.id,"
  "    kesu_search_text (new.name, new.phone), replace (new.phone, '-', ''));"
  "  INSERT INTO customer_gram (rowid, grams) VALUES (new.id,"
  "    kesu_search_grams ('', new.name, new.phone)"
  "    || kesu_search_grams ('P', replace (new.phone, '-', '')));"
  "END;"
  /* A returning customer's upsert sets the name again, mostly to the same. */
  "CREATE TRIGGER customer_search_update AFTER UPDATE OF id, name, phone ON customer"
  "  WHEN old.id IS NOT new.id OR old.name IS NOT new.name OR old.phone IS NOT new.phone"
  "  BEGIN"
  "  INSERT INTO customer_tri (customer_tri, rowid, body, digits) VALUES ('delete', old.id,"
  "    kesu_search_text (old.name, old.phone), replace (old.phone, '-', ''));"
  "  INSERT INTO customer_gram (customer_gram, rowid, grams) VALUES ('delete', old.id,"
  "    kesu_search_grams ('', old.name, old.phone)"
  "    || kesu_search_grams ('P', replace (old.phone, '-', '')));"
  "  INSERT INTO customer_tri (rowid, body, digits) VALUES (new.id,"
  "    kesu_search_text (new.name, new.phone), replace (new.phone, '-', ''));"
  "  INSERT INTO customer_gram (rowid, grams) VALUES (new.id,"
  "    kesu_search_grams ('', new.name, new.phone)"
  "    || kesu_search_grams ('P', replace (new.phone, '-', '')));"
  "END;"
  /* Complaints are never deleted (complaint_no_delete); customers neither, but should
   * one go, its tokens go with it. */
  /* The figures count the cases closed in a period (kesu-figures.c); complaint_state
   * alone would read every closed case ever (test-query-plan). */
  "CREATE INDEX complaint_closed ON complaint (state, closed_at);"
  "CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN"
  "  INSERT INTO customer_tri (customer_tri, rowid, body, digits) VALUES ('delete', old.id,"
  "    kesu_search_text (old.name, old.phone), replace (old.phone, '-', ''));"
  "  INSERT INTO customer_gram (customer_gram, rowid, grams) VALUES ('delete', old.id,"
  "    kesu_search_grams ('', old.name, old.phone)"
  "    || kesu_search_grams ('P', replace (old.phone, '-', '')));"
  "END;",
};

int
_kesu_migrations_latest (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

gboolean
_kesu_migrations_run (KesuDb  *db,
                      int      from_version,
                      GError **error)
{
  return _kesu_migrations_run_until (db, from_version, _kesu_migrations_latest (), error);
}

gboolean
_kesu_migrations_run_until (KesuDb  *db,
                            int      from_version,
                            int      to_version,
                            GError **error)
{
  for (int version = from_version + 1;
       version <= MIN (to_version, _kesu_migrations_latest ()); version++)
    {
      /* The version number is ours, not user input. */
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);

      if (!kesu_db_begin (db, error))
        return FALSE;
      if (!kesu_db_exec (db, migrations[version - 1], error) ||
          !kesu_db_exec (db, set_version, error))
        {
          kesu_db_rollback (db);
          g_prefix_error (error, _("Could not upgrade the database to version %d: "), version);
          return FALSE;
        }
      if (!kesu_db_commit (db, error))
        return FALSE;
    }
  return TRUE;
}
