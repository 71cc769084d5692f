/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <errno.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-migrations.h"
#include "kesu-store.h"
#include "kesu-validate.h"

struct _KesuStore
{
  GObject  parent_instance;

  char    *path;
  KesuDb  *db;
  int      schema_version;
  gint64   operator_id;
};

G_DEFINE_FINAL_TYPE (KesuStore, kesu_store, G_TYPE_OBJECT)

enum {
  COMPLAINTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kesu_store_finalize (GObject *object)
{
  KesuStore *self = KESU_STORE (object);

  g_clear_pointer (&self->db, kesu_db_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kesu_store_parent_class)->finalize (object);
}

static void
kesu_store_class_init (KesuStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kesu_store_finalize;

  signals[COMPLAINTS_CHANGED] =
    g_signal_new ("complaints-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kesu_store_init (KesuStore *self)
{
}

char *
kesu_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kesu", "kesu.db", NULL);
}

/* Reads one text pragma such as journal_mode. */
static char *
query_text (KesuDb      *db,
            const char  *fixed_sql,
            GError     **error)
{
  KesuStatement *stmt = kesu_db_prepare (db, fixed_sql, error);
  char *value;

  if (stmt == NULL)
    return NULL;
  if (!kesu_statement_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        return g_strdup ("");
      return NULL;
    }
  value = kesu_statement_dup_text (stmt, 0);
  kesu_statement_reset (stmt);
  return value;
}

KesuStore *
kesu_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(KesuStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *journal = NULL;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KESU_ERROR, KESU_ERROR_IO,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (KESU_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = kesu_db_open (path, error);
  if (self->db == NULL)
    return NULL;

  /* Read the version before writing anything, so that a file from a newer Kesu (or a
   * file that is not a database at all) is left exactly as it was. */
  version = kesu_db_get_user_version (self->db, error);
  if (version < 0)
    return NULL;
  if (version > KESU_SCHEMA_VERSION || version > _kesu_migrations_latest ())
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_NEWER_DATABASE,
                   _("“%s” was written by a newer version of Kesu (schema %d; this version "
                     "reads up to %d). Update Kesu to open it; the file was not changed."),
                   path, version, KESU_SCHEMA_VERSION);
      return NULL;
    }

  journal = query_text (self->db, "PRAGMA journal_mode = WAL", error);
  if (journal == NULL)
    return NULL;
  if (!kesu_db_exec (self->db,
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA synchronous = FULL;",
                     error))
    return NULL;

  if (!_kesu_migrations_run (self->db, version, error))
    return NULL;
  self->schema_version = kesu_db_get_user_version (self->db, error);
  if (self->schema_version < 0)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
kesu_store_get_path (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self), NULL);
  return self->path;
}

int
kesu_store_get_schema_version (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self), -1);
  return self->schema_version;
}

KesuDb *
kesu_store_get_db (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self), NULL);
  return self->db;
}

/* ---- branch and staff ---- */

void
kesu_branch_free (KesuBranch *branch)
{
  if (branch == NULL)
    return;
  g_free (branch->name);
  g_free (branch->address);
  g_free (branch->hotline);
  g_free (branch);
}

void
kesu_staff_free (KesuStaff *staff)
{
  if (staff == NULL)
    return;
  g_free (staff->name);
  g_free (staff->phone);
  g_free (staff);
}

void
kesu_customer_free (KesuCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->name);
  g_free (customer->phone);
  g_free (customer->other_contact);
  g_free (customer->address);
  g_free (customer);
}

gboolean
kesu_store_needs_setup (KesuStore *self)
{
  KesuStatement *stmt;
  gboolean needs;

  g_return_val_if_fail (KESU_IS_STORE (self), TRUE);

  stmt = kesu_db_prepare (self->db,
                          "SELECT (SELECT count(*) FROM branch) = 0"
                          "    OR (SELECT count(*) FROM staff WHERE active) = 0",
                          NULL);
  if (stmt == NULL || !kesu_statement_step (stmt, NULL))
    return TRUE;
  needs = kesu_statement_get_int64 (stmt, 0) != 0;
  kesu_statement_reset (stmt);
  return needs;
}

static gboolean
check_staff_input (const char  *name,
                   KesuRole     role,
                   const char  *phone,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!kesu_validate_text (name, KESU_SHORT_TEXT_MAX_CHARS, TRUE, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Staff name: %s"), local->message);
      return FALSE;
    }
  if ((guint) role >= KESU_N_ROLES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Choose a role."));
      return FALSE;
    }
  if (phone != NULL && phone[0] != '\0' && !kesu_validate_phone (phone, NULL, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Staff phone: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

static gint64
insert_staff (KesuStore   *self,
              const char  *name,
              KesuRole     role,
              const char  *phone,
              GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  KesuStatement *stmt;

  if (phone != NULL && phone[0] != '\0')
    kesu_validate_phone (phone, &normalized, NULL);

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO staff (name, role, phone, active, created_at)"
                          " VALUES (?1, ?2, ?3, 1, ?4)",
                          error);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_text (stmt, 1, trimmed);
  kesu_statement_bind_text (stmt, 2, kesu_role_to_key (role));
  kesu_statement_bind_text (stmt, 3, normalized ? normalized : "");
  kesu_statement_bind_int64 (stmt, 4, kesu_clock_now_unix ());
  if (!kesu_statement_run (stmt, error))
    return 0;
  return kesu_db_last_insert_rowid (self->db);
}

gboolean
kesu_store_setup (KesuStore        *self,
                  const KesuBranch *branch,
                  const char       *staff_name,
                  KesuRole          staff_role,
                  const char       *staff_phone,
                  gint64           *out_staff_id,
                  GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *hotline = NULL;
  KesuStatement *stmt;
  gint64 staff_id;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);

  if (!kesu_validate_text (branch->name, KESU_SHORT_TEXT_MAX_CHARS, TRUE, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Branch name: %s"), local->message);
      return FALSE;
    }
  if (!kesu_validate_text (branch->address ? branch->address : "",
                           KESU_SHORT_TEXT_MAX_CHARS, FALSE, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Branch address: %s"), local->message);
      return FALSE;
    }
  if (branch->hotline != NULL && branch->hotline[0] != '\0' &&
      !kesu_validate_phone (branch->hotline, &hotline, &local))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Branch hotline: %s"), local->message);
      return FALSE;
    }
  if (!check_staff_input (staff_name, staff_role, staff_phone, error))
    return FALSE;

  if (!kesu_db_begin (self->db, error))
    return FALSE;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO branch (id, name, address, hotline) VALUES (1, ?1, ?2, ?3)"
                          " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                          "   address = excluded.address, hotline = excluded.hotline",
                          error);
  if (stmt == NULL)
    goto fail;
  {
    g_autofree char *name = g_strstrip (g_strdup (branch->name));
    g_autofree char *address = g_strstrip (g_strdup (branch->address ? branch->address : ""));

    kesu_statement_bind_text (stmt, 1, name);
    kesu_statement_bind_text (stmt, 2, address);
    kesu_statement_bind_text (stmt, 3, hotline ? hotline : "");
    if (!kesu_statement_run (stmt, error))
      goto fail;
  }

  staff_id = insert_staff (self, staff_name, staff_role, staff_phone, error);
  if (staff_id == 0)
    goto fail;

  if (!kesu_db_commit (self->db, error))
    return FALSE;

  self->operator_id = staff_id;
  if (out_staff_id != NULL)
    *out_staff_id = staff_id;
  return TRUE;

fail:
  kesu_db_rollback (self->db);
  return FALSE;
}

KesuBranch *
kesu_store_get_branch (KesuStore *self)
{
  KesuStatement *stmt;
  KesuBranch *branch;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  stmt = kesu_db_prepare (self->db, "SELECT name, address, hotline FROM branch WHERE id = 1",
                          NULL);
  if (stmt == NULL || !kesu_statement_step (stmt, NULL))
    return NULL;
  branch = g_new0 (KesuBranch, 1);
  branch->name = kesu_statement_dup_text (stmt, 0);
  branch->address = kesu_statement_dup_text (stmt, 1);
  branch->hotline = kesu_statement_dup_text (stmt, 2);
  kesu_statement_reset (stmt);
  return branch;
}

gint64
kesu_store_add_staff (KesuStore   *self,
                      const char  *name,
                      KesuRole     role,
                      const char  *phone,
                      GError     **error)
{
  gint64 id;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  if (!check_staff_input (name, role, phone, error))
    return 0;
  if (!kesu_db_begin (self->db, error))
    return 0;
  id = insert_staff (self, name, role, phone, error);
  if (id == 0)
    {
      kesu_db_rollback (self->db);
      return 0;
    }
  if (!kesu_db_commit (self->db, error))
    return 0;
  return id;
}

static KesuStaff *
staff_from_row (KesuStatement *stmt)
{
  KesuStaff *staff = g_new0 (KesuStaff, 1);

  staff->id = kesu_statement_get_int64 (stmt, 0);
  staff->name = kesu_statement_dup_text (stmt, 1);
  if (!kesu_role_from_key (kesu_statement_get_text (stmt, 2), &staff->role))
    staff->role = KESU_ROLE_FRONT_DESK;
  staff->phone = kesu_statement_dup_text (stmt, 3);
  staff->active = kesu_statement_get_int64 (stmt, 4) != 0;
  return staff;
}

GPtrArray *
kesu_store_list_staff (KesuStore *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_staff_free);
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (self), list);

  stmt = kesu_db_prepare (self->db,
                          "SELECT id, name, role, phone, active FROM staff"
                          " WHERE active ORDER BY name COLLATE NOCASE, id",
                          NULL);
  if (stmt == NULL)
    return list;
  while (kesu_statement_step (stmt, NULL))
    g_ptr_array_add (list, staff_from_row (stmt));
  return list;
}

KesuStaff *
kesu_store_get_staff (KesuStore *self,
                      gint64     staff_id)
{
  KesuStatement *stmt;
  KesuStaff *staff;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  stmt = kesu_db_prepare (self->db,
                          "SELECT id, name, role, phone, active FROM staff WHERE id = ?1",
                          NULL);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  if (!kesu_statement_step (stmt, NULL))
    return NULL;
  staff = staff_from_row (stmt);
  kesu_statement_reset (stmt);
  return staff;
}

gint64
kesu_store_get_operator (KesuStore *self)
{
  KesuStatement *stmt;
  gint64 id = 0;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  /* The operator may have been set inside a transaction that was later rolled back. */
  if (self->operator_id > 0)
    {
      g_autoptr(KesuStaff) staff = kesu_store_get_staff (self, self->operator_id);

      if (staff != NULL && staff->active)
        return self->operator_id;
      self->operator_id = 0;
    }

  stmt = kesu_db_prepare (self->db,
                          "SELECT id FROM staff WHERE active ORDER BY id LIMIT 1", NULL);
  if (stmt != NULL && kesu_statement_step (stmt, NULL))
    {
      id = kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return id;
}

void
kesu_store_set_operator (KesuStore *self,
                         gint64     staff_id)
{
  g_return_if_fail (KESU_IS_STORE (self));
  self->operator_id = staff_id;
}

/* ---- customers ---- */

KesuCustomer *
kesu_store_find_customer (KesuStore  *self,
                          const char *phone)
{
  g_autofree char *normalized = NULL;
  KesuStatement *stmt;
  KesuCustomer *customer;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  if (phone == NULL || !kesu_validate_phone (phone, &normalized, NULL))
    return NULL;

  stmt = kesu_db_prepare (self->db,
                          "SELECT cu.id, cu.name, cu.phone, cu.other_contact, cu.address,"
                          "       (SELECT count(*) FROM complaint c WHERE c.customer_id = cu.id)"
                          " FROM customer cu WHERE cu.phone = ?1",
                          NULL);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, normalized);
  if (!kesu_statement_step (stmt, NULL))
    return NULL;

  customer = g_new0 (KesuCustomer, 1);
  customer->id = kesu_statement_get_int64 (stmt, 0);
  customer->name = kesu_statement_dup_text (stmt, 1);
  customer->phone = kesu_statement_dup_text (stmt, 2);
  customer->other_contact = kesu_statement_dup_text (stmt, 3);
  customer->address = kesu_statement_dup_text (stmt, 4);
  customer->n_complaints = (guint) kesu_statement_get_int64 (stmt, 5);
  kesu_statement_reset (stmt);
  return customer;
}

/* ---- complaints ---- */

static char *
strip_dup (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_strstrip (g_strdup (text));
}

static gboolean
staff_is_active (KesuStore *self,
                 gint64     staff_id)
{
  g_autoptr(KesuStaff) staff = kesu_store_get_staff (self, staff_id);

  return staff != NULL && staff->active;
}

/* The customer's id: the known one for this phone (its details brought up to date with
 * what was given now), or a new one. */
static gint64
upsert_customer (KesuStore         *self,
                 const KesuIntake  *intake,
                 const char        *phone,
                 gint64             now,
                 GError           **error)
{
  g_autofree char *name = strip_dup (intake->customer_name);
  g_autofree char *other = strip_dup (intake->customer_other_contact);
  g_autofree char *address = strip_dup (intake->customer_address);
  KesuStatement *stmt;
  gint64 id;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO customer (name, phone, other_contact, address,"
                          "                      created_at, updated_at)"
                          " VALUES (?1, ?2, coalesce (?3, ''), coalesce (?4, ''), ?5, ?5)"
                          " ON CONFLICT (phone) DO UPDATE SET"
                          "   name = excluded.name,"
                          "   other_contact = coalesce (?3, other_contact),"
                          "   address = coalesce (?4, address),"
                          "   updated_at = excluded.updated_at"
                          " RETURNING id",
                          error);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_text (stmt, 1, name);
  kesu_statement_bind_text (stmt, 2, phone);
  kesu_statement_bind_text_or_null (stmt, 3, other);
  kesu_statement_bind_text_or_null (stmt, 4, address);
  kesu_statement_bind_int64 (stmt, 5, now);
  if (!kesu_statement_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_DATABASE,
                             _("The customer could not be saved."));
      return 0;
    }
  id = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return id;
}

static char *
next_number (KesuStore  *self,
             GDateTime  *received_at,
             GError    **error)
{
  g_autofree char *month = g_date_time_format (received_at, "%Y%m");
  KesuStatement *stmt;
  gint64 seq;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO number_counter (month, last) VALUES (?1, 1)"
                          " ON CONFLICT (month) DO UPDATE SET last = last + 1"
                          " RETURNING last",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, month);
  if (!kesu_statement_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_DATABASE,
                             _("No complaint number could be given."));
      return NULL;
    }
  seq = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return g_strdup_printf ("KS-%s-%04" G_GINT64_FORMAT, month, seq);
}

static gboolean
insert_attachment (KesuStore       *self,
                   gint64           complaint_id,
                   KesuAttachment  *attachment,
                   gint64           now,
                   gint64           operator_id,
                   GError         **error)
{
  g_autofree char *name = g_path_get_basename (attachment->filename);
  KesuStatement *stmt;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO attachment (complaint_id, filename, mime_type, size, data,"
                          "                        added_at, added_by)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, name);
  kesu_statement_bind_text (stmt, 3, attachment->mime_type);
  kesu_statement_bind_int64 (stmt, 4, (gint64) g_bytes_get_size (attachment->data));
  kesu_statement_bind_blob (stmt, 5, attachment->data);
  kesu_statement_bind_int64 (stmt, 6, now);
  if (operator_id > 0)
    kesu_statement_bind_int64 (stmt, 7, operator_id);
  else
    kesu_statement_bind_null (stmt, 7);
  return kesu_statement_run (stmt, error);
}

static gboolean
insert_event (KesuStore   *self,
              gint64       complaint_id,
              gint64       at,
              gint64       staff_id,
              const char  *kind,
              const char  *detail,
              GError     **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO event (complaint_id, at, staff_id, kind, detail)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, at);
  if (staff_id > 0)
    kesu_statement_bind_int64 (stmt, 3, staff_id);
  else
    kesu_statement_bind_null (stmt, 3);
  kesu_statement_bind_text (stmt, 4, kind);
  kesu_statement_bind_text (stmt, 5, detail);
  return kesu_statement_run (stmt, error);
}

gint64
kesu_store_add_complaint (KesuStore         *self,
                          const KesuIntake  *intake,
                          char             **out_number,
                          GError           **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *number = NULL;
  g_autofree char *purchase_date = NULL;
  g_autofree char *occurred_on = NULL;
  gint64 mileage = -1;
  gint64 now_unix, customer_id, complaint_id, operator_id;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);
  g_return_val_if_fail (intake != NULL, 0);

  now = kesu_clock_now ();
  now_unix = g_date_time_to_unix (now);

  problems = kesu_intake_check (intake, now);
  if (problems->len > 0)
    {
      KesuFieldProblem *first = g_ptr_array_index (problems, 0);

      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, first->message);
      return 0;
    }
  if (!staff_is_active (self, intake->handler_id))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The handler is not an active staff member."));
      return 0;
    }
  if (!staff_is_active (self, intake->received_by))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The person who received the complaint is not an active staff "
                             "member."));
      return 0;
    }

  /* Canonical forms: the checks above guarantee these succeed. */
  kesu_validate_phone (intake->customer_phone, &phone, NULL);
  if (intake->vin != NULL && intake->vin[0] != '\0')
    kesu_validate_vin (intake->vin, &vin, NULL);
  if (intake->plate != NULL && intake->plate[0] != '\0')
    kesu_validate_plate (intake->plate, &plate, NULL);
  if (intake->mileage != NULL && intake->mileage[0] != '\0')
    kesu_validate_mileage (intake->mileage, &mileage, NULL);
  if (intake->purchase_date != NULL && intake->purchase_date[0] != '\0')
    {
      GDate d;

      if (kesu_validate_date (intake->purchase_date, &d, NULL))
        {
          purchase_date = g_malloc (16);
          g_date_strftime (purchase_date, 16, "%Y-%m-%d", &d);
        }
    }
  if (intake->occurred_on != NULL && intake->occurred_on[0] != '\0')
    {
      GDate d;

      if (kesu_validate_date (intake->occurred_on, &d, NULL))
        {
          occurred_on = g_malloc (16);
          g_date_strftime (occurred_on, 16, "%Y-%m-%d", &d);
        }
    }

  operator_id = kesu_store_get_operator (self);

  if (!kesu_db_begin (self->db, error))
    return 0;

  customer_id = upsert_customer (self, intake, phone, now_unix, error);
  if (customer_id == 0)
    goto fail;

  number = next_number (self, intake->received_at, error);
  if (number == NULL)
    goto fail;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO complaint (number, state, channel, received_at,"
                          "  received_by, customer_id, vehicle_model, vin, plate, purchase_date,"
                          "  mileage_km, order_number, staff_involved, description, occurred_on,"
                          "  occurred_place, demand, emotion, customer_type, category, severity,"
                          "  handler_id, created_at, updated_at)"
                          " VALUES (?1, 'received', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                          "  ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22)",
                          error);
  if (stmt == NULL)
    goto fail;
  {
    g_autofree char *model = strip_dup (intake->vehicle_model);
    g_autofree char *order = strip_dup (intake->order_number);
    g_autofree char *involved = strip_dup (intake->staff_involved);
    g_autofree char *place = strip_dup (intake->occurred_place);

    kesu_statement_bind_text (stmt, 1, number);
    kesu_statement_bind_text (stmt, 2, kesu_channel_to_key (intake->channel));
    kesu_statement_bind_int64 (stmt, 3, g_date_time_to_unix (intake->received_at));
    kesu_statement_bind_int64 (stmt, 4, intake->received_by);
    kesu_statement_bind_int64 (stmt, 5, customer_id);
    kesu_statement_bind_text_or_null (stmt, 6, model);
    kesu_statement_bind_text_or_null (stmt, 7, vin);
    kesu_statement_bind_text_or_null (stmt, 8, plate);
    kesu_statement_bind_text_or_null (stmt, 9, purchase_date);
    if (mileage >= 0)
      kesu_statement_bind_int64 (stmt, 10, mileage);
    else
      kesu_statement_bind_null (stmt, 10);
    kesu_statement_bind_text_or_null (stmt, 11, order);
    kesu_statement_bind_text_or_null (stmt, 12, involved);
    /* The customer's own words are kept exactly as typed. */
    kesu_statement_bind_text (stmt, 13, intake->description);
    kesu_statement_bind_text_or_null (stmt, 14, occurred_on);
    kesu_statement_bind_text_or_null (stmt, 15, place);
    kesu_statement_bind_text (stmt, 16, intake->demand);
    kesu_statement_bind_text (stmt, 17, kesu_emotion_to_key (intake->emotion));
    kesu_statement_bind_text (stmt, 18, kesu_customer_type_to_key (intake->customer_type));
    kesu_statement_bind_text (stmt, 19, kesu_category_to_key (intake->category));
    kesu_statement_bind_text (stmt, 20, kesu_severity_to_key (intake->severity));
    kesu_statement_bind_int64 (stmt, 21, intake->handler_id);
    kesu_statement_bind_int64 (stmt, 22, now_unix);
    if (!kesu_statement_run (stmt, error))
      goto fail;
  }
  complaint_id = kesu_db_last_insert_rowid (self->db);

  for (guint i = 0; intake->attachments != NULL && i < intake->attachments->len; i++)
    if (!insert_attachment (self, complaint_id, g_ptr_array_index (intake->attachments, i),
                            now_unix, operator_id, error))
      goto fail;

  if (!insert_event (self, complaint_id, now_unix, operator_id, "received",
                     kesu_channel_to_key (intake->channel), error))
    goto fail;

  if (!kesu_db_commit (self->db, error))
    return 0;

  if (kesu_db_transaction_depth (self->db) == 0)
    g_signal_emit (self, signals[COMPLAINTS_CHANGED], 0);

  if (out_number != NULL)
    *out_number = g_steal_pointer (&number);
  return complaint_id;

fail:
  kesu_db_rollback (self->db);
  return 0;
}

#define COMPLAINT_COLUMNS                                                              \
  "c.id, c.number, c.state, c.channel, c.received_at, c.received_by, cu.name, cu.phone,"  \
  " c.vehicle_model, c.vin, c.plate, c.category, c.severity, c.handler_id, h.name,"       \
  " c.emotion, c.customer_type"

#define COMPLAINT_FROM                                                                 \
  " FROM complaint c JOIN customer cu ON cu.id = c.customer_id"                          \
  " LEFT JOIN staff h ON h.id = c.handler_id"

static GDateTime *
local_from_unix (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);

  return g_date_time_to_local (utc);
}

/* A complaint from the first columns of COMPLAINT_COLUMNS; the long texts are left out. */
static KesuComplaint *
complaint_from_row (KesuStatement *stmt)
{
  KesuIntake *intake = kesu_intake_new ();
  KesuComplaint *complaint;
  KesuState state = KESU_STATE_RECEIVED;

  kesu_channel_from_key (kesu_statement_get_text (stmt, 3), &intake->channel);
  intake->received_at = local_from_unix (kesu_statement_get_int64 (stmt, 4));
  intake->received_by = kesu_statement_get_int64 (stmt, 5);
  intake->customer_name = kesu_statement_dup_text (stmt, 6);
  intake->customer_phone = kesu_statement_dup_text (stmt, 7);
  intake->vehicle_model = kesu_statement_dup_text (stmt, 8);
  intake->vin = kesu_statement_dup_text (stmt, 9);
  intake->plate = kesu_statement_dup_text (stmt, 10);
  kesu_category_from_key (kesu_statement_get_text (stmt, 11), &intake->category);
  kesu_severity_from_key (kesu_statement_get_text (stmt, 12), &intake->severity);
  intake->handler_id = kesu_statement_get_int64 (stmt, 13);
  kesu_emotion_from_key (kesu_statement_get_text (stmt, 15), &intake->emotion);
  kesu_customer_type_from_key (kesu_statement_get_text (stmt, 16), &intake->customer_type);
  kesu_state_from_key (kesu_statement_get_text (stmt, 2), &state);

  complaint = kesu_complaint_new (kesu_statement_get_int64 (stmt, 0),
                                  kesu_statement_get_text (stmt, 1), state, intake);
  _kesu_complaint_set_names (complaint, kesu_statement_get_text (stmt, 14), NULL, 0);
  return complaint;
}

KesuComplaint *
kesu_store_get_complaint (KesuStore  *self,
                          gint64      complaint_id,
                          GError    **error)
{
  KesuStatement *stmt;
  KesuComplaint *complaint;
  KesuIntake *intake;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  stmt = kesu_db_prepare (self->db,
                          "SELECT " COMPLAINT_COLUMNS ","
                          "  cu.other_contact, cu.address, c.purchase_date, c.mileage_km,"
                          "  c.order_number, c.staff_involved, c.description, c.occurred_on,"
                          "  c.occurred_place, c.demand, r.name,"
                          "  (SELECT count(*) FROM attachment a WHERE a.complaint_id = c.id)"
                          COMPLAINT_FROM
                          " LEFT JOIN staff r ON r.id = c.received_by"
                          " WHERE c.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                             _("This complaint does not exist."));
      return NULL;
    }

  complaint = complaint_from_row (stmt);
  intake = (KesuIntake *) kesu_complaint_get_intake (complaint);
  intake->customer_other_contact = kesu_statement_dup_text (stmt, 17);
  intake->customer_address = kesu_statement_dup_text (stmt, 18);
  intake->purchase_date = kesu_statement_dup_text (stmt, 19);
  intake->mileage = kesu_statement_is_null (stmt, 20)
                    ? g_strdup ("")
                    : g_strdup_printf ("%" G_GINT64_FORMAT, kesu_statement_get_int64 (stmt, 20));
  intake->order_number = kesu_statement_dup_text (stmt, 21);
  intake->staff_involved = kesu_statement_dup_text (stmt, 22);
  intake->description = kesu_statement_dup_text (stmt, 23);
  intake->occurred_on = kesu_statement_dup_text (stmt, 24);
  intake->occurred_place = kesu_statement_dup_text (stmt, 25);
  intake->demand = kesu_statement_dup_text (stmt, 26);
  _kesu_complaint_set_names (complaint, kesu_statement_get_text (stmt, 14),
                             kesu_statement_get_text (stmt, 27),
                             (guint) kesu_statement_get_int64 (stmt, 28));
  kesu_statement_reset (stmt);
  return complaint;
}

GPtrArray *
kesu_store_list_attachments (KesuStore  *self,
                             gint64      complaint_id,
                             GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  stmt = kesu_db_prepare (self->db,
                          "SELECT id, filename, mime_type, data, added_at FROM attachment"
                          " WHERE complaint_id = ?1 ORDER BY id",
                          error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_attachment_free);
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  while (kesu_statement_step (stmt, &local))
    {
      g_autoptr(GBytes) data = kesu_statement_dup_blob (stmt, 3);
      KesuAttachment *a = kesu_attachment_new (kesu_statement_get_text (stmt, 1),
                                               kesu_statement_get_text (stmt, 2), data);

      a->id = kesu_statement_get_int64 (stmt, 0);
      a->added_at = kesu_statement_get_int64 (stmt, 4);
      g_ptr_array_add (list, a);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* LIKE pattern for "contains @text", with the wildcards in @text taken literally. */
static char *
like_pattern (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

/* Phones are stored as digits (with dashes for landlines): "138 1234" finds 13812345678. */
static char *
digits_only (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (s, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_free (s, TRUE);
          return NULL;
        }
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

GListModel *
kesu_store_search_complaints (KesuStore   *self,
                              const char  *search,
                              GError     **error)
{
  g_autoptr(GListStore) model = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *phone_pattern = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  trimmed = g_strstrip (g_strdup (search ? search : ""));
  if (trimmed[0] != '\0')
    {
      pattern = like_pattern (trimmed);
      digits = digits_only (trimmed);
      if (digits != NULL)
        phone_pattern = like_pattern (digits);
    }

  stmt = kesu_db_prepare (self->db,
                          "SELECT " COMPLAINT_COLUMNS COMPLAINT_FROM
                          " WHERE ?1 IS NULL"
                          "    OR c.number LIKE ?1 ESCAPE '\\'"
                          "    OR cu.name LIKE ?1 ESCAPE '\\'"
                          "    OR cu.phone LIKE ?1 ESCAPE '\\'"
                          "    OR replace (cu.phone, '-', '') LIKE ?2 ESCAPE '\\'"
                          "    OR c.plate LIKE ?1 ESCAPE '\\'"
                          "    OR c.vin LIKE ?1 ESCAPE '\\'"
                          "    OR c.vehicle_model LIKE ?1 ESCAPE '\\'"
                          "    OR c.description LIKE ?1 ESCAPE '\\'"
                          "    OR c.demand LIKE ?1 ESCAPE '\\'"
                          " ORDER BY c.received_at DESC, c.id DESC",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, pattern);
  kesu_statement_bind_text (stmt, 2, phone_pattern);

  model = g_list_store_new (KESU_TYPE_COMPLAINT);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

    while (kesu_statement_step (stmt, &local))
      g_ptr_array_add (rows, complaint_from_row (stmt));
    if (local != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local));
        return NULL;
      }
    /* One splice, one items-changed. */
    g_list_store_splice (model, 0, 0, rows->pdata, rows->len);
  }
  return G_LIST_MODEL (g_steal_pointer (&model));
}

guint
kesu_store_count_complaints (KesuStore *self)
{
  KesuStatement *stmt;
  guint n = 0;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  stmt = kesu_db_prepare (self->db, "SELECT count(*) FROM complaint", NULL);
  if (stmt != NULL && kesu_statement_step (stmt, NULL))
    {
      n = (guint) kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return n;
}
