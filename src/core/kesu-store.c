/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <string.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-migrations.h"
#include "kesu-sanbao-private.h"
#include "kesu-sanbao.h"
#include "kesu-search.h"
#include "kesu-store.h"
#include "kesu-store-private.h"
#include "kesu-validate.h"

struct _KesuStore
{
  GObject  parent_instance;

  char    *path;
  KesuDb  *db;
  int      schema_version;
  gint64   operator_id;  /* the signed-in person; 0: nobody */
  gint64   actor_id;     /* who the audit log names instead, while > 0; -1: Kesu itself */
  KesuDeadlinePolicy *policy;  /* cached; NULL until read */
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
  g_clear_pointer (&self->policy, kesu_deadline_policy_free);

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
  /* Before the migrations: the audit triggers they create call these. */
  if (!_kesu_audit_register (self, kesu_db_get_handle (self->db), error))
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

  /* The search triggers call these; the search migration builds its index with them. */
  if (!_kesu_search_register (kesu_db_get_handle (self->db), error))
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

static gboolean
setup (KesuStore        *self,
       const KesuBranch *branch,
       const char       *staff_name,
       KesuRole          staff_role,
       const char       *staff_phone,
       const char       *pin,
       gint64           *out_staff_id,
       GError          **error)
{
  g_autofree char *pin_hash = NULL;
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
  if (pin != NULL)
    {
      /* The first person must be able to manage the others, or nobody ever could. */
      if (!kesu_role_can (staff_role, KESU_PERMISSION_MANAGE_STAFF))
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("The first staff member must be a manager or the "
                                 "administrator, to add the others."));
          return FALSE;
        }
      if (!kesu_pin_check (pin, error))
        return FALSE;
      /* Hashing takes a moment: before the transaction, not inside it. */
      pin_hash = _kesu_pin_hash (pin, error);
      if (pin_hash == NULL)
        return FALSE;
    }

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

    staff_id = insert_staff (self, staff_name, staff_role, staff_phone, error);
    if (staff_id == 0)
      goto fail;
    /* The branch has no trigger of its own (other programs open the file and touch it,
     * see the tests' lock checks): its details go to the audit log from here. */
    if (!_kesu_audit_write (self, staff_id, 0, "branch", 1, "name", NULL, name, error) ||
        !_kesu_audit_write (self, staff_id, 0, "branch", 1, "address", NULL, address, error) ||
        !_kesu_audit_write (self, staff_id, 0, "branch", 1, "phone", NULL,
                            hotline ? hotline : "", error))
      goto fail;
  }
  if (pin_hash != NULL && !_kesu_store_set_pin_hash (self, staff_id, pin_hash, error))
    goto fail;

  if (!kesu_db_commit (self->db, error))
    return FALSE;

  /* Whoever sets Kesu up is the first to work with it. */
  self->operator_id = staff_id;
  if (pin_hash != NULL)
    _kesu_audit_write (self, staff_id, 0, "sign-in", staff_id, "signed-in", NULL, NULL, NULL);
  if (out_staff_id != NULL)
    *out_staff_id = staff_id;
  return TRUE;

fail:
  kesu_db_rollback (self->db);
  return FALSE;
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
  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);

  return setup (self, branch, staff_name, staff_role, staff_phone, NULL, out_staff_id, error);
}

gboolean
kesu_store_setup_with_pin (KesuStore        *self,
                           const KesuBranch *branch,
                           const char       *staff_name,
                           KesuRole          staff_role,
                           const char       *staff_phone,
                           const char       *pin,
                           gint64           *out_staff_id,
                           GError          **error)
{
  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  return setup (self, branch, staff_name, staff_role, staff_phone, pin, out_staff_id, error);
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

static gboolean
no_pins_yet (KesuStore *self)
{
  KesuStatement *stmt = kesu_db_prepare (self->db,
                                         "SELECT count(pin_hash) = 0 FROM staff", NULL);
  gboolean none = FALSE;

  if (stmt != NULL && kesu_statement_step (stmt, NULL))
    {
      none = kesu_statement_get_int64 (stmt, 0) != 0;
      kesu_statement_reset (stmt);
    }
  return none;
}

gint64
kesu_store_add_staff (KesuStore   *self,
                      const char  *name,
                      KesuRole     role,
                      const char  *phone,
                      GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  /* With nobody signed in, only while nobody has a PIN yet: the first start. */
  if ((kesu_store_get_operator (self) > 0 || !no_pins_yet (self)) &&
      !kesu_store_check_permission (self, KESU_PERMISSION_MANAGE_STAFF, error))
    return 0;
  return _kesu_store_add_staff_unchecked (self, name, role, phone, error);
}

gint64
_kesu_store_add_staff_unchecked (KesuStore   *self,
                                 const char  *name,
                                 KesuRole     role,
                                 const char  *phone,
                                 GError     **error)
{
  gint64 id;

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
  staff->manager_id = kesu_statement_get_int64 (stmt, 5);
  staff->has_pin = kesu_statement_get_int64 (stmt, 6) != 0;
  return staff;
}

/* The limits come from the roles, read after the row (not while its statement runs). */
static void
add_limits (KesuStore *self,
            GPtrArray *list)
{
  for (guint i = 0; i < list->len; i++)
    {
      KesuStaff *staff = g_ptr_array_index (list, i);

      staff->limit_fen = kesu_store_get_role_limit (self, staff->role);
    }
}

/* The staff rows of @sql (the columns staff_from_row reads), with their limits. */
static GPtrArray *
list_staff (KesuStore  *self,
            const char *sql)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_staff_free);
  KesuStatement *stmt = kesu_db_prepare (self->db, sql, NULL);

  if (stmt == NULL)
    return list;
  while (kesu_statement_step (stmt, NULL))
    g_ptr_array_add (list, staff_from_row (stmt));
  add_limits (self, list);
  return list;
}

#define STAFF_COLUMNS "id, name, role, phone, active, coalesce (manager_id, 0)," \
                      "  pin_hash IS NOT NULL"

GPtrArray *
kesu_store_list_staff (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self),
                        g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_staff_free));

  return list_staff (self, "SELECT " STAFF_COLUMNS " FROM staff"
                           " WHERE active ORDER BY name COLLATE NOCASE, id");
}

GPtrArray *
kesu_store_list_all_staff (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self),
                        g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_staff_free));

  return list_staff (self, "SELECT " STAFF_COLUMNS " FROM staff"
                           " ORDER BY active DESC, name COLLATE NOCASE, id");
}

KesuStaff *
kesu_store_get_staff (KesuStore *self,
                      gint64     staff_id)
{
  KesuStatement *stmt;
  KesuStaff *staff;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  stmt = kesu_db_prepare (self->db, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  if (!kesu_statement_step (stmt, NULL))
    return NULL;
  staff = staff_from_row (stmt);
  kesu_statement_reset (stmt);
  staff->limit_fen = kesu_store_get_role_limit (self, staff->role);
  return staff;
}

gint64
kesu_store_get_operator (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  /* Whoever signed in, as long as they are still active staff: a person deactivated
   * (or whose row went with a rolled-back transaction) no longer acts. */
  if (self->operator_id > 0)
    {
      KesuStatement *stmt = kesu_db_prepare (self->db,
                                             "SELECT active FROM staff WHERE id = ?1", NULL);
      gboolean active = FALSE;

      if (stmt != NULL)
        {
          kesu_statement_bind_int64 (stmt, 1, self->operator_id);
          if (kesu_statement_step (stmt, NULL))
            {
              active = kesu_statement_get_int64 (stmt, 0) != 0;
              kesu_statement_reset (stmt);
            }
        }
      if (!active)
        self->operator_id = 0;
    }
  return self->operator_id;
}

gint64
_kesu_store_peek_operator (KesuStore *self)
{
  if (self->actor_id != 0)
    return MAX (self->actor_id, 0);
  return self->operator_id;
}

void
_kesu_audit_set_actor (KesuStore *self,
                       gint64     staff_id)
{
  self->actor_id = staff_id;
}

void
kesu_store_set_operator (KesuStore *self,
                         gint64     staff_id)
{
  g_return_if_fail (KESU_IS_STORE (self));
  self->operator_id = staff_id;
}

/* Every change carries a name: with nobody signed in, nothing is written. */
static gboolean
require_operator (KesuStore  *self,
                  GError    **error)
{
  if (kesu_store_get_operator (self) > 0)
    return TRUE;
  g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                       _("Sign in first: every change is recorded under the name of the "
                         "person who makes it."));
  return FALSE;
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

typedef struct
{
  KesuEventKind  kind;
  const char    *detail;
  int            from_state;   /* -1: none */
  int            to_state;
  gint64         ref_staff;
  gint64         ref_time;
  int            channel;      /* -1: none */
  int            rating;       /* 0: none */
} EventRow;

#define EVENT_ROW_INIT(k) { (k), NULL, -1, -1, 0, 0, -1, 0 }

static gboolean
insert_event_row (KesuStore       *self,
                  gint64           complaint_id,
                  gint64           at,
                  gint64           staff_id,
                  const EventRow  *row,
                  GError         **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (self->db,
                          "INSERT INTO event (complaint_id, at, staff_id, kind, detail,"
                          "                   from_state, to_state, ref_staff, ref_time, channel,"
                          "                   rating)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, at);
  if (staff_id > 0)
    kesu_statement_bind_int64 (stmt, 3, staff_id);
  else
    kesu_statement_bind_null (stmt, 3);
  kesu_statement_bind_text (stmt, 4, kesu_event_kind_to_key (row->kind));
  kesu_statement_bind_text_or_null (stmt, 5, row->detail);
  kesu_statement_bind_text (stmt, 6, row->from_state >= 0
                                     ? kesu_state_to_key (row->from_state) : NULL);
  kesu_statement_bind_text (stmt, 7, row->to_state >= 0 ? kesu_state_to_key (row->to_state) : NULL);
  if (row->ref_staff > 0)
    kesu_statement_bind_int64 (stmt, 8, row->ref_staff);
  else
    kesu_statement_bind_null (stmt, 8);
  if (row->ref_time > 0)
    kesu_statement_bind_int64 (stmt, 9, row->ref_time);
  else
    kesu_statement_bind_null (stmt, 9);
  kesu_statement_bind_text (stmt, 10, row->channel >= 0 ? kesu_channel_to_key (row->channel)
                                                        : NULL);
  if (row->rating > 0)
    kesu_statement_bind_int64 (stmt, 11, row->rating);
  else
    kesu_statement_bind_null (stmt, 11);
  return kesu_statement_run (stmt, error);
}

static gsize attachment_limit_bytes (KesuStore *self);

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

  if (!require_operator (self, error))
    return 0;
  now = kesu_clock_now ();
  now_unix = g_date_time_to_unix (now);

  {
    /* The intake as given, checked against this store's attachment limit. */
    KesuIntake checked = *intake;

    checked.attachment_max_bytes = attachment_limit_bytes (self);
    problems = kesu_intake_check (&checked, now);
  }
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

  {
    EventRow row = EVENT_ROW_INIT (KESU_EVENT_RECEIVED);

    row.channel = intake->channel;
    row.to_state = KESU_STATE_RECEIVED;
    if (!insert_event_row (self, complaint_id, now_unix, operator_id, &row, error))
      goto fail;
  }
  /* A car the branch knows may meet a 三包 condition the moment the complaint comes in. */
  if (vin != NULL && !_kesu_sanbao_refresh_one (self, complaint_id, NULL, error))
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

/* ---- deadlines ---- */

KesuDeadlinePolicy *
kesu_deadline_policy_new_default (void)
{
  KesuDeadlinePolicy *policy = g_new0 (KesuDeadlinePolicy, 1);

  /* DOMAIN.md: first response within 24 h (urgent-major 2 h); resolution normal 7 days,
   * important 3 days, urgent-major 24 h. */
  policy->first_response_seconds[KESU_SEVERITY_NORMAL] = 24 * 3600;
  policy->first_response_seconds[KESU_SEVERITY_IMPORTANT] = 24 * 3600;
  policy->first_response_seconds[KESU_SEVERITY_URGENT] = 2 * 3600;
  policy->resolution_seconds[KESU_SEVERITY_NORMAL] = 7 * 24 * 3600;
  policy->resolution_seconds[KESU_SEVERITY_IMPORTANT] = 3 * 24 * 3600;
  policy->resolution_seconds[KESU_SEVERITY_URGENT] = 24 * 3600;
  policy->working_days = FALSE;
  policy->calendar = kesu_work_calendar_new ();
  return policy;
}

KesuDeadlinePolicy *
kesu_deadline_policy_copy (const KesuDeadlinePolicy *policy)
{
  KesuDeadlinePolicy *copy;

  g_return_val_if_fail (policy != NULL, NULL);

  copy = g_memdup2 (policy, sizeof *policy);
  copy->calendar = kesu_work_calendar_copy (policy->calendar);
  return copy;
}

void
kesu_deadline_policy_free (KesuDeadlinePolicy *policy)
{
  if (policy == NULL)
    return;
  g_clear_pointer (&policy->calendar, kesu_work_calendar_free);
  g_free (policy);
}

static char *
get_setting (KesuStore  *self,
             const char *key)
{
  KesuStatement *stmt = kesu_db_prepare (self->db, "SELECT value FROM setting WHERE key = ?1",
                                         NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, key);
  if (kesu_statement_step (stmt, NULL))
    {
      value = kesu_statement_dup_text (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return value;
}

static gboolean
set_setting (KesuStore   *self,
             const char  *key,
             const char  *value,
             GError     **error)
{
  KesuStatement *stmt = kesu_db_prepare (self->db,
                                         "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                         error);

  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_text (stmt, 1, key);
  kesu_statement_bind_text (stmt, 2, value);
  return kesu_statement_run (stmt, error);
}

char *
_kesu_store_get_setting (KesuStore  *self,
                         const char *key)
{
  return get_setting (self, key);
}

gboolean
_kesu_store_set_setting (KesuStore   *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  return set_setting (self, key, value, error);
}

guint
_kesu_store_get_setting_uint (KesuStore  *self,
                              const char *key,
                              guint       min,
                              guint       max,
                              guint       fallback)
{
  g_autofree char *value = get_setting (self, key);
  guint64 number = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, min, max, &number, NULL))
    return fallback;
  return (guint) number;
}

gboolean
_kesu_store_set_setting_uint (KesuStore   *self,
                              const char  *key,
                              guint        value,
                              GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  return set_setting (self, key, text, error);
}

#define ATTACHMENT_LIMIT_MAX_MB 1024

guint
kesu_store_get_attachment_limit (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self), KESU_ATTACHMENT_MAX_BYTES / (1024 * 1024));

  return _kesu_store_get_setting_uint (self, "attachment_max_mb", 1, ATTACHMENT_LIMIT_MAX_MB,
                                       KESU_ATTACHMENT_MAX_BYTES / (1024 * 1024));
}

gboolean
kesu_store_set_attachment_limit (KesuStore  *self,
                                 guint       megabytes,
                                 GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!kesu_store_check_permission (self, KESU_PERMISSION_MANAGE_SETTINGS, error))
    return FALSE;
  if (megabytes < 1 || megabytes > ATTACHMENT_LIMIT_MAX_MB)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("The attachment size limit must be between 1 and %d MB."),
                   ATTACHMENT_LIMIT_MAX_MB);
      return FALSE;
    }
  return _kesu_store_set_setting_uint (self, "attachment_max_mb", megabytes, error);
}

static gsize
attachment_limit_bytes (KesuStore *self)
{
  return (gsize) kesu_store_get_attachment_limit (self) * 1024 * 1024;
}

/* The policy as stored, read once and kept until it is changed through this store. */
static const KesuDeadlinePolicy *
peek_policy (KesuStore *self)
{
  KesuDeadlinePolicy *policy;
  KesuStatement *stmt;
  g_autofree char *working_days = NULL;
  g_autofree char *week = NULL;

  if (self->policy != NULL)
    return self->policy;

  policy = kesu_deadline_policy_new_default ();
  stmt = kesu_db_prepare (self->db,
                          "SELECT severity, first_response_seconds, resolution_seconds"
                          " FROM deadline_policy", NULL);
  while (stmt != NULL && kesu_statement_step (stmt, NULL))
    {
      KesuSeverity severity;

      if (!kesu_severity_from_key (kesu_statement_get_text (stmt, 0), &severity))
        continue;
      policy->first_response_seconds[severity] = kesu_statement_get_int64 (stmt, 1);
      policy->resolution_seconds[severity] = kesu_statement_get_int64 (stmt, 2);
    }
  working_days = get_setting (self, "deadline_working_days");
  policy->working_days = g_strcmp0 (working_days, "1") == 0;
  week = get_setting (self, "working_week");
  if (week != NULL)
    kesu_work_calendar_week_from_string (policy->calendar, week);
  stmt = kesu_db_prepare (self->db, "SELECT day, working FROM calendar_exception ORDER BY day",
                          NULL);
  while (stmt != NULL && kesu_statement_step (stmt, NULL))
    kesu_work_calendar_add_exception (policy->calendar, kesu_statement_get_text (stmt, 0),
                                      kesu_statement_get_int64 (stmt, 1) != 0);

  self->policy = policy;
  return policy;
}

KesuDeadlinePolicy *
kesu_store_get_deadline_policy (KesuStore *self)
{
  g_return_val_if_fail (KESU_IS_STORE (self), NULL);
  return kesu_deadline_policy_copy (peek_policy (self));
}

gboolean
kesu_store_set_deadline_policy (KesuStore                *self,
                                const KesuDeadlinePolicy *policy,
                                GError                  **error)
{
  g_autofree char *week = NULL;
  KesuStatement *stmt;
  GList *exceptions;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL && policy->calendar != NULL, FALSE);

  if (!kesu_store_check_permission (self, KESU_PERMISSION_CHANGE_DEADLINE, error))
    return FALSE;
  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    if (policy->first_response_seconds[i] <= 0 || policy->resolution_seconds[i] <= 0)
      {
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("Every time limit must be longer than zero."));
        return FALSE;
      }

  if (!kesu_db_begin (self->db, error))
    return FALSE;

  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    {
      stmt = kesu_db_prepare (self->db,
                              "INSERT INTO deadline_policy (severity, first_response_seconds,"
                              "                             resolution_seconds)"
                              " VALUES (?1, ?2, ?3) ON CONFLICT (severity) DO UPDATE SET"
                              "   first_response_seconds = excluded.first_response_seconds,"
                              "   resolution_seconds = excluded.resolution_seconds",
                              error);
      if (stmt == NULL)
        goto fail;
      kesu_statement_bind_text (stmt, 1, kesu_severity_to_key (i));
      kesu_statement_bind_int64 (stmt, 2, policy->first_response_seconds[i]);
      kesu_statement_bind_int64 (stmt, 3, policy->resolution_seconds[i]);
      if (!kesu_statement_run (stmt, error))
        goto fail;
    }

  week = kesu_work_calendar_week_to_string (policy->calendar);
  if (!set_setting (self, "deadline_working_days", policy->working_days ? "1" : "0", error) ||
      !set_setting (self, "working_week", week, error))
    goto fail;

  stmt = kesu_db_prepare (self->db, "DELETE FROM calendar_exception", error);
  if (stmt == NULL || !kesu_statement_run (stmt, error))
    goto fail;
  exceptions = kesu_work_calendar_get_exceptions (policy->calendar);
  for (GList *l = exceptions; l != NULL && l->next != NULL; l = l->next->next)
    {
      const char *day = l->data;
      gboolean working = GPOINTER_TO_INT (l->next->data);
      GDate date;

      if (!kesu_validate_date (day, &date, error))
        {
          g_list_free (exceptions);
          goto fail;
        }
      stmt = kesu_db_prepare (self->db,
                              "INSERT INTO calendar_exception (day, working) VALUES (?1, ?2)",
                              error);
      if (stmt == NULL)
        {
          g_list_free (exceptions);
          goto fail;
        }
      kesu_statement_bind_text (stmt, 1, day);
      kesu_statement_bind_int64 (stmt, 2, working);
      if (!kesu_statement_run (stmt, error))
        {
          g_list_free (exceptions);
          goto fail;
        }
    }
  g_list_free (exceptions);

  if (!kesu_db_commit (self->db, error))
    return FALSE;

  g_clear_pointer (&self->policy, kesu_deadline_policy_free);
  if (kesu_db_transaction_depth (self->db) == 0)
    g_signal_emit (self, signals[COMPLAINTS_CHANGED], 0);
  return TRUE;

fail:
  kesu_db_rollback (self->db);
  return FALSE;
}

/* The next deadline of an open case, worked out from the row's deadline columns that
 * start at @col (DEADLINE_COLUMNS). */
static void
apply_deadlines (KesuStore     *self,
                 KesuComplaint *complaint,
                 KesuStatement *stmt,
                 int            col,
                 gint64         now)
{
  const KesuDeadlinePolicy *policy = peek_policy (self);
  const KesuIntake *intake = kesu_complaint_get_intake (complaint);
  gint64 received = kesu_statement_get_int64 (stmt, col + 5);
  gboolean responded = !kesu_statement_is_null (stmt, col);
  gint64 next_contact = kesu_statement_get_int64 (stmt, col + 1);
  gboolean waiting = !kesu_statement_is_null (stmt, col + 2);
  gint64 paused = kesu_statement_get_int64 (stmt, col + 3);
  gboolean escalated = !kesu_statement_is_null (stmt, col + 4);
  KesuSeverity severity = intake->severity;
  KesuSanbaoFlag sanbao = KESU_SANBAO_FLAG_NONE;
  gint64 legal_due;
  gint64 next_due;

  kesu_sanbao_flag_from_key (kesu_statement_get_text (stmt, col + 6), &sanbao);
  _kesu_complaint_set_sanbao (complaint, sanbao, kesu_statement_get_int64 (stmt, col + 7),
                              kesu_statement_get_int64 (stmt, col + 8),
                              kesu_statement_get_int64 (stmt, col + 9));
  if (!kesu_state_is_open (kesu_complaint_get_state (complaint)))
    {
      _kesu_complaint_set_deadline (complaint, 0, FALSE, FALSE, escalated);
      return;
    }

  /* While the case waits, its clock stands still: the wait so far counts as paused. */
  if (waiting)
    paused += MAX (0, now - kesu_statement_get_int64 (stmt, col + 2));

  next_due = kesu_deadline_compute (policy->calendar, received,
                                    policy->resolution_seconds[severity],
                                    policy->working_days, paused);
  if (!responded)
    next_due = MIN (next_due, kesu_deadline_compute (policy->calendar, received,
                                                     policy->first_response_seconds[severity],
                                                     policy->working_days, paused));
  /* A promise to the customer ("you will hear from us on …") is a deadline too. */
  if (next_contact > 0 && !waiting)
    next_due = MIN (next_due, next_contact);
  /* The Art. 28 clocks are the law's, not the branch's: waiting does not stop them. */
  legal_due = kesu_complaint_get_sanbao_due (complaint);
  if (legal_due > 0)
    next_due = MIN (next_due, legal_due);

  _kesu_complaint_set_deadline (complaint, next_due,
                                (!waiting && next_due < now) || (legal_due > 0 && legal_due < now),
                                waiting, escalated);
}

#define COMPLAINT_COLUMNS                                                              \
  "c.id, c.number, c.state, c.channel, c.received_at, c.received_by, cu.name, cu.phone,"  \
  " c.vehicle_model, c.vin, c.plate, c.category, c.severity, c.handler_id, h.name,"       \
  " c.emotion, c.customer_type"

/* Right after COMPLAINT_COLUMNS where deadlines are wanted (columns 17–26): the branch's
 * deadlines, then the 三包 flag with its Art. 28 clocks and the case merged into. */
#define DEADLINE_COLUMNS                                                               \
  " c.first_response_at, c.next_contact_at, c.waiting_since, c.paused_seconds,"          \
  " c.escalated_at, coalesce (c.clock_start, c.received_at),"                            \
  " c.sanbao_flag, coalesce (c.sanbao_answer_due, 0), coalesce (c.sanbao_complete_due, 0),"\
  " coalesce (c.merged_into, 0)"

#define COMPLAINT_FROM                                                                 \
  " FROM complaint c JOIN customer cu ON cu.id = c.customer_id"                          \
  " LEFT JOIN staff h ON h.id = c.handler_id"

/* The local time zone, read once for as long as TZ stays the same: GLib 2.74's
 * g_time_zone_new_local () reads the zone file again on every call when TZ is unset,
 * which was a third of reading the board. */
static GTimeZone *
local_zone (void)
{
  G_LOCK_DEFINE_STATIC (zone);
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *result;

  G_LOCK (zone);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  result = g_time_zone_ref (zone);
  G_UNLOCK (zone);
  return result;
}

static GDateTime *
local_from_unix (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GTimeZone) zone = local_zone ();

  return g_date_time_to_timezone (utc, zone);
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
                          "  (SELECT count(*) FROM attachment a WHERE a.complaint_id = c.id),"
                          DEADLINE_COLUMNS
                          COMPLAINT_FROM
                          " LEFT JOIN staff r ON r.id = c.received_by"
                          " WHERE c.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step_one (stmt, _("This complaint does not exist."), error))
    return NULL;

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
  apply_deadlines (self, complaint, stmt, 29, kesu_clock_now_unix ());
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

GListModel *
kesu_store_search_complaints (KesuStore   *self,
                              const char  *search,
                              GError     **error)
{
  g_autoptr(KesuFilter) filter = kesu_filter_new ();

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  filter->search = g_strdup (search);
  return kesu_store_query_complaints (self, filter, error);
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

guint
kesu_store_count_matches (KesuStore   *self,
                          const char  *search,
                          GError     **error)
{
  g_autoptr(GArray) hits = NULL;
  GError *local = NULL;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  /* The search index answers alone: no complaint row is read. */
  hits = _kesu_search_ids (self->db, search, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return 0;
    }
  return hits != NULL ? hits->len : kesu_store_count_complaints (self);
}

gint64
kesu_store_find_complaint_by_number (KesuStore  *self,
                                     const char *number)
{
  g_autofree char *key = NULL;
  KesuStatement *stmt;
  gint64 id = 0;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  if (number == NULL)
    return 0;
  key = g_ascii_strup (number, -1);
  g_strstrip (key);
  stmt = kesu_db_prepare (self->db, "SELECT id FROM complaint WHERE number = ?1", NULL);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_text (stmt, 1, key);
  if (kesu_statement_step (stmt, NULL))
    id = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return id;
}

gint64
kesu_store_first_contact_due (KesuStore *self,
                              gint64     complaint_id)
{
  const KesuDeadlinePolicy *policy;
  KesuStatement *stmt;
  KesuSeverity severity = KESU_SEVERITY_NORMAL;
  gint64 received, next_contact, due;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);

  stmt = kesu_db_prepare (self->db,
                          "SELECT received_at, severity, next_contact_at FROM complaint"
                          " WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step (stmt, NULL))
    return 0;
  received = kesu_statement_get_int64 (stmt, 0);
  kesu_severity_from_key (kesu_statement_get_text (stmt, 1), &severity);
  next_contact = kesu_statement_get_int64 (stmt, 2);
  kesu_statement_reset (stmt);

  policy = peek_policy (self);
  due = kesu_deadline_compute (policy->calendar, received,
                               policy->first_response_seconds[severity],
                               policy->working_days, 0);
  if (next_contact > 0 && next_contact < due)
    due = next_contact;
  return due;
}

/* ---- queries with deadlines ---- */

KesuFilter *
kesu_filter_new (void)
{
  KesuFilter *filter = g_new0 (KesuFilter, 1);

  filter->category = -1;
  filter->severity = -1;
  filter->state = -1;
  filter->channel = -1;
  return filter;
}

void
kesu_filter_free (KesuFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->search);
  g_free (filter);
}

/* The statements kesu_store_query_complaints runs: ?1 the ids the search found (a JSON
 * array; not in KESU_QUERY_ALL), ?3… the filters. */
#define QUERY_FILTERS                                                                  \
  "   AND (?3 IS NULL OR c.handler_id = ?3)"                                            \
  "   AND (?4 IS NULL OR c.category = ?4)"                                              \
  "   AND (?5 IS NULL OR c.severity = ?5)"                                              \
  "   AND (?6 IS NULL OR c.state = ?6)"                                                 \
  "   AND (?7 IS NULL OR c.escalated_to = ?7)"                                          \
  "   AND (?8 IS NULL OR c.state NOT IN ('closed', 'withdrawn'))"                       \
  "   AND (?9 IS NULL OR c.channel = ?9)"                                               \
  " ORDER BY c.received_at DESC, c.id DESC"

const char *
_kesu_store_query_sql (KesuQueryPlan plan)
{
  switch (plan)
    {
    case KESU_QUERY_SEARCH_BY_ID:
      return "SELECT " COMPLAINT_COLUMNS "," DEADLINE_COLUMNS COMPLAINT_FROM
             " WHERE c.id IN (SELECT value FROM json_each (?1))" QUERY_FILTERS;
    case KESU_QUERY_SEARCH_NEWEST:
      /* The unary + keeps SQLite from looking the ids up: it walks received_at instead
       * and stops at the limit. */
      return "SELECT " COMPLAINT_COLUMNS "," DEADLINE_COLUMNS COMPLAINT_FROM
             " WHERE +c.id IN (SELECT value FROM json_each (?1))" QUERY_FILTERS;
    case KESU_QUERY_ALL:
    default:
      return "SELECT " COMPLAINT_COLUMNS "," DEADLINE_COLUMNS COMPLAINT_FROM
             " WHERE 1" QUERY_FILTERS;
    }
}

GListModel *
kesu_store_query_complaints (KesuStore         *self,
                             const KesuFilter  *filter,
                             GError           **error)
{
  g_autoptr(GListStore) model = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autofree char *hit_list = NULL;
  KesuQueryPlan plan;
  KesuStatement *stmt;
  gint64 now;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  /* The search goes to its index first (kesu-search.h); the ids it finds come back in
   * as a JSON array, so that one statement of fixed text serves every search. */
  hits = _kesu_search_ids (self->db, filter != NULL ? filter->search : NULL, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (hits != NULL && hits->len == 0)
    return G_LIST_MODEL (g_list_store_new (KESU_TYPE_COMPLAINT));
  if (hits != NULL)
    {
      GString *list = g_string_sized_new (hits->len * 8 + 2);

      g_string_append_c (list, '[');
      for (guint i = 0; i < hits->len; i++)
        g_string_append_printf (list, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                g_array_index (hits, gint64, i));
      g_string_append_c (list, ']');
      hit_list = g_string_free (list, FALSE);
    }

  /* Few matches: each is looked up and they are sorted.  Many, and only the newest
   * wanted: walking the complaints newest first finds them sooner (measured on 100,000
   * demo complaints, 16,823 matches of "LSV", 200 wanted: 75 ms looked up, a few ms
   * walked). */
  if (hit_list == NULL)
    plan = KESU_QUERY_ALL;
  else if (filter->limit > 0 && hits->len >= MAX (1000, filter->limit * 5))
    plan = KESU_QUERY_SEARCH_NEWEST;
  else
    plan = KESU_QUERY_SEARCH_BY_ID;
  stmt = kesu_db_prepare (self->db, _kesu_store_query_sql (plan), error);
  if (stmt == NULL)
    return NULL;
  if (hit_list != NULL)
    kesu_statement_bind_text (stmt, 1, hit_list);
  if (filter != NULL && filter->handler_id > 0)
    kesu_statement_bind_int64 (stmt, 3, filter->handler_id);
  if (filter != NULL && filter->category >= 0 && filter->category < KESU_N_CATEGORIES)
    kesu_statement_bind_text (stmt, 4, kesu_category_to_key (filter->category));
  if (filter != NULL && filter->severity >= 0 && filter->severity < KESU_N_SEVERITIES)
    kesu_statement_bind_text (stmt, 5, kesu_severity_to_key (filter->severity));
  if (filter != NULL && filter->state >= 0 && filter->state < KESU_N_STATES)
    kesu_statement_bind_text (stmt, 6, kesu_state_to_key (filter->state));
  if (filter != NULL && filter->escalated_to > 0)
    kesu_statement_bind_int64 (stmt, 7, filter->escalated_to);
  if (filter != NULL && filter->open_only)
    kesu_statement_bind_int64 (stmt, 8, 1);
  if (filter != NULL && filter->channel >= 0 && filter->channel < KESU_N_CHANNELS)
    kesu_statement_bind_text (stmt, 9, kesu_channel_to_key (filter->channel));

  now = kesu_clock_now_unix ();
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  while (kesu_statement_step (stmt, &local))
    {
      KesuComplaint *complaint = complaint_from_row (stmt);

      apply_deadlines (self, complaint, stmt, 17, now);
      if (filter != NULL && filter->overdue_only && !kesu_complaint_is_overdue (complaint))
        {
          g_object_unref (complaint);
          continue;
        }
      g_ptr_array_add (rows, complaint);
      /* Newest first: the rest are older. */
      if (filter != NULL && filter->limit > 0 && rows->len >= filter->limit)
        {
          kesu_statement_reset (stmt);
          break;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  model = g_list_store_new (KESU_TYPE_COMPLAINT);
  /* One splice, one items-changed. */
  g_list_store_splice (model, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (g_steal_pointer (&model));
}

/* ---- the board ---- */

/* The board's filters other than the search, for one state: ?1 state, ?2 handler,
 * ?3 category, ?4 severity, ?5 escalated to, ?6 channel.  The complaint_board index holds
 * every column named here, so a count reads the index only, and the newest cases of a
 * state come from it in order without a sort. */
#define BOARD_WHERE                                                                    \
  " WHERE c.state = ?1"                                                                 \
  "   AND (?2 IS NULL OR c.handler_id = ?2)"                                            \
  "   AND (?3 IS NULL OR c.category = ?3)"                                              \
  "   AND (?4 IS NULL OR c.severity = ?4)"                                              \
  "   AND (?5 IS NULL OR c.escalated_to = ?5)"                                          \
  "   AND (?6 IS NULL OR c.channel = ?6)"

const char *const _kesu_store_board_sql[] = {
  "SELECT " COMPLAINT_COLUMNS "," DEADLINE_COLUMNS COMPLAINT_FROM BOARD_WHERE
  " ORDER BY c.received_at DESC, c.id DESC LIMIT ?7",
  "SELECT count(*) FROM complaint c" BOARD_WHERE,
  NULL
};

static void
bind_board_filter (KesuStatement    *stmt,
                   KesuState         state,
                   const KesuFilter *filter)
{
  kesu_statement_bind_text (stmt, 1, kesu_state_to_key (state));
  if (filter == NULL)
    return;
  if (filter->handler_id > 0)
    kesu_statement_bind_int64 (stmt, 2, filter->handler_id);
  if (filter->category >= 0 && filter->category < KESU_N_CATEGORIES)
    kesu_statement_bind_text (stmt, 3, kesu_category_to_key (filter->category));
  if (filter->severity >= 0 && filter->severity < KESU_N_SEVERITIES)
    kesu_statement_bind_text (stmt, 4, kesu_severity_to_key (filter->severity));
  if (filter->escalated_to > 0)
    kesu_statement_bind_int64 (stmt, 5, filter->escalated_to);
  if (filter->channel >= 0 && filter->channel < KESU_N_CHANNELS)
    kesu_statement_bind_text (stmt, 6, kesu_channel_to_key (filter->channel));
}

/* With a search, the matches come from the search index (kesu_store_query_complaints)
 * and are cut down here. */
static GListModel *
query_board_searched (KesuStore        *self,
                      const KesuFilter *filter,
                      guint             done_limit,
                      guint            *counts,
                      GError          **error)
{
  g_autoptr(GListModel) all = kesu_store_query_complaints (self, filter, error);
  g_autoptr(GPtrArray) rows = NULL;
  GListStore *model;
  guint n;

  if (all == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (all);
  for (guint i = 0; i < n; i++)
    {
      KesuComplaint *complaint = g_list_model_get_item (all, i);
      KesuState state = kesu_complaint_get_state (complaint);

      if ((guint) state >= KESU_N_STATES)
        {
          g_object_unref (complaint);
          continue;
        }
      counts[state]++;
      if (!kesu_state_is_open (state) && done_limit > 0 && counts[state] > done_limit)
        g_object_unref (complaint);
      else
        g_ptr_array_add (rows, complaint);
    }
  model = g_list_store_new (KESU_TYPE_COMPLAINT);
  g_list_store_splice (model, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (model);
}

GListModel *
kesu_store_query_board (KesuStore        *self,
                        const KesuFilter *filter,
                        guint             done_limit,
                        guint            *counts,
                        GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GListStore *model;
  gint64 now;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);
  g_return_val_if_fail (counts != NULL, NULL);

  memset (counts, 0, KESU_N_STATES * sizeof *counts);
  if (filter != NULL && filter->search != NULL && filter->search[strspn (filter->search, " ")])
    return query_board_searched (self, filter, done_limit, counts, error);

  now = kesu_clock_now_unix ();
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint s = 0; s < KESU_N_STATES; s++)
    {
      gboolean open = kesu_state_is_open (s);
      g_autoptr(GError) local = NULL;
      KesuStatement *stmt;

      if (filter != NULL && ((filter->state >= 0 && filter->state != (int) s)
                             || (!open && (filter->open_only || filter->overdue_only))))
        continue;

      stmt = kesu_db_prepare (self->db, _kesu_store_board_sql[0], error);
      if (stmt == NULL)
        return NULL;
      bind_board_filter (stmt, s, filter);
      kesu_statement_bind_int64 (stmt, 7, open || done_limit == 0 ? -1 : (gint64) done_limit);
      while (kesu_statement_step (stmt, &local))
        {
          KesuComplaint *complaint = complaint_from_row (stmt);

          apply_deadlines (self, complaint, stmt, 17, now);
          if (filter != NULL && filter->overdue_only && !kesu_complaint_is_overdue (complaint))
            {
              g_object_unref (complaint);
              continue;
            }
          g_ptr_array_add (rows, complaint);
          counts[s]++;
        }
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      /* Only the newest closed and withdrawn cases are read: the others are counted. */
      if (!open && done_limit > 0 && counts[s] == done_limit)
        {
          stmt = kesu_db_prepare (self->db, _kesu_store_board_sql[1], error);
          if (stmt == NULL)
            return NULL;
          bind_board_filter (stmt, s, filter);
          /* count(*) always gives a row: no row is an error. */
          if (!kesu_statement_step (stmt, error))
            return NULL;
          counts[s] = (guint) kesu_statement_get_int64 (stmt, 0);
          kesu_statement_reset (stmt);
        }
    }

  model = g_list_store_new (KESU_TYPE_COMPLAINT);
  g_list_store_splice (model, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (model);
}

/* ---- the life of a complaint ---- */

static void
emit_changed (KesuStore *self)
{
  if (kesu_db_transaction_depth (self->db) == 0)
    g_signal_emit (self, signals[COMPLAINTS_CHANGED], 0);
}

void
_kesu_store_emit_changed (KesuStore *self)
{
  emit_changed (self);
}

gboolean
_kesu_store_commit_changed (KesuStore  *self,
                            GError    **error)
{
  if (!kesu_db_commit (self->db, error))
    return FALSE;
  emit_changed (self);
  return TRUE;
}

gboolean
_kesu_store_insert_event (KesuStore      *self,
                          gint64          complaint_id,
                          gint64          at,
                          gint64          staff_id,
                          KesuEventKind   kind,
                          const char     *detail,
                          gint64          ref_time,
                          GError        **error)
{
  EventRow row = EVENT_ROW_INIT (kind);

  row.detail = detail;
  row.ref_time = ref_time;
  return insert_event_row (self, complaint_id, at, staff_id, &row, error);
}


/* Reads the state and the workflow facts; FALSE with KESU_ERROR_NOT_FOUND when there is
 * no such complaint. */
static gboolean
read_case (KesuStore     *self,
           gint64         complaint_id,
           KesuState     *out_state,
           KesuCaseData **out_data,
           GError       **error)
{
  KesuStatement *stmt;
  KesuCaseData *data;

  stmt = kesu_db_prepare (self->db,
                          "SELECT state, handler_id, cause, responsibility, recurring, solution,"
                          "  measures, amount_fen, solution_deadline, agreed_at, agreement_note,"
                          "  measures_result, satisfaction, satisfaction_comment"
                          " FROM complaint WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step_one (stmt, _("This complaint does not exist."), error))
    return FALSE;

  if (out_state != NULL && !kesu_state_from_key (kesu_statement_get_text (stmt, 0), out_state))
    *out_state = KESU_STATE_RECEIVED;
  data = kesu_case_data_new ();
  data->handler_id = kesu_statement_get_int64 (stmt, 1);
  data->cause = kesu_statement_dup_text (stmt, 2);
  kesu_responsibility_from_key (kesu_statement_get_text (stmt, 3), &data->responsibility);
  data->recurring = kesu_statement_get_int64 (stmt, 4) != 0;
  kesu_solution_from_key (kesu_statement_get_text (stmt, 5), &data->solution);
  data->measures = kesu_statement_dup_text (stmt, 6);
  data->amount_fen = kesu_statement_is_null (stmt, 7) ? -1 : kesu_statement_get_int64 (stmt, 7);
  data->solution_deadline = kesu_statement_get_int64 (stmt, 8);
  data->agreed_at = kesu_statement_get_int64 (stmt, 9);
  data->agreement_note = kesu_statement_dup_text (stmt, 10);
  data->measures_result = kesu_statement_dup_text (stmt, 11);
  data->satisfaction = (int) kesu_statement_get_int64 (stmt, 12);
  data->satisfaction_comment = kesu_statement_dup_text (stmt, 13);
  kesu_statement_reset (stmt);

  if (out_data != NULL)
    *out_data = data;
  else
    kesu_case_data_free (data);
  return TRUE;
}

KesuCaseData *
kesu_store_get_case_data (KesuStore  *self,
                          gint64      complaint_id,
                          GError    **error)
{
  KesuCaseData *data = NULL;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  if (!read_case (self, complaint_id, NULL, &data, error))
    return NULL;
  return data;
}

static gboolean
check_free_text (const char  *text,
                 gboolean     required,
                 GError     **error)
{
  return kesu_validate_text (text != NULL ? text : "", KESU_TEXT_MAX_CHARS, required, error);
}

/* Input text that a move stores must be text we accept, like every other field. */
static gboolean
check_case_input (const KesuCaseData  *input,
                  GError             **error)
{
  const char *texts[] = { input->cause, input->measures, input->agreement_note,
                          input->measures_result, input->satisfaction_comment,
                          input->reason };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && !check_free_text (texts[i], FALSE, error))
      return FALSE;
  if ((guint) input->responsibility >= KESU_N_RESPONSIBILITIES ||
      (guint) input->solution >= KESU_N_SOLUTIONS)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Unknown choice."));
      return FALSE;
    }
  if (input->satisfaction != 0 && (input->satisfaction < 1 || input->satisfaction > 5))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Record the customer's satisfaction, from 1 to 5."));
      return FALSE;
    }
  if (input->amount_fen > (gint64) 10000000 * 100)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The amount is more than 10,000,000 CNY."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
texts_differ (const char *a,
              const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") != 0;
}

gboolean
kesu_store_move (KesuStore          *self,
                 gint64              complaint_id,
                 KesuState           to,
                 const KesuCaseData *input,
                 KesuState          *out_state,
                 GError            **error)
{
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(KesuCaseData) merged = NULL;
  g_autofree char *missing = NULL;
  KesuState from = KESU_STATE_RECEIVED;
  KesuState final;
  KesuStatement *stmt;
  gint64 now, operator_id;
  gboolean reopening, dissatisfied = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (input != NULL && !check_case_input (input, error))
    return FALSE;
  if (input != NULL && input->solution_deadline > 0 &&
      input->solution_deadline < kesu_clock_now_unix ())
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The deadline for the measures is in the past."));
      return FALSE;
    }
  if ((guint) to >= KESU_N_STATES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Unknown state."));
      return FALSE;
    }

  if (!require_operator (self, error))
    return FALSE;
  now = kesu_clock_now_unix ();
  operator_id = kesu_store_get_operator (self);

  if (!kesu_db_begin (self->db, error))
    return FALSE;

  if (!read_case (self, complaint_id, &from, &stored, error))
    goto fail;

  merged = kesu_case_data_merge (stored, input);
  missing = kesu_workflow_check_move (from, to, merged);
  if (missing != NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, missing);
      goto fail;
    }
  if (merged->handler_id > 0 && !staff_is_active (self, merged->handler_id))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The handler is not an active staff member."));
      goto fail;
    }
  /* Giving the case to someone else, and reopening a finished case, are for those whose
   * role allows it (kesu-auth.c). */
  if (merged->handler_id != stored->handler_id &&
      !kesu_store_check_permission (self, KESU_PERMISSION_REASSIGN, error))
    goto fail;
  if (!kesu_state_is_open (from) &&
      !kesu_store_check_permission (self, KESU_PERMISSION_EDIT_CLOSED, error))
    goto fail;
  /* The customer may only be told yes to an amount within the handler's authority, or
   * one that somebody with enough authority approved (DOMAIN.md, "Authority"). */
  if (from == KESU_STATE_PROPOSING && to == KESU_STATE_EXECUTING)
    {
      gint64 limit = 0;

      if (_kesu_store_amount_needs_approval (self, complaint_id, merged->handler_id,
                                             merged->amount_fen, &limit))
        {
          g_autofree char *amount = kesu_format_amount (merged->amount_fen);
          g_autofree char *limit_text = kesu_format_amount (limit);

          g_set_error (error, KESU_ERROR, KESU_ERROR_NEEDS_APPROVAL,
                       _("%s is beyond the handler's authority of %s. Someone whose limit "
                         "covers it must approve this amount first."),
                       amount, limit_text);
          goto fail;
        }
    }

  final = to;
  /* A dissatisfied customer at the follow-up does not close the case: it reopens. */
  if (from == KESU_STATE_FOLLOW_UP && to == KESU_STATE_CLOSED &&
      merged->satisfaction <= KESU_SATISFACTION_DISSATISFIED)
    {
      final = KESU_STATE_INVESTIGATING;
      dissatisfied = TRUE;
    }
  reopening = dissatisfied || (to == KESU_STATE_INVESTIGATING &&
                               (from == KESU_STATE_FOLLOW_UP || from == KESU_STATE_CLOSED ||
                                from == KESU_STATE_WITHDRAWN));

  stmt = kesu_db_prepare (self->db,
                          "UPDATE complaint SET state = ?2, handler_id = ?3, cause = ?4,"
                          "  responsibility = ?5, recurring = ?6, solution = ?7, measures = ?8,"
                          "  amount_fen = ?9, solution_deadline = ?10, agreed_at = ?11,"
                          "  agreement_note = ?12, measures_result = ?13, satisfaction = ?14,"
                          "  satisfaction_comment = ?15,"
                          "  closed_at = CASE WHEN ?2 = 'closed' THEN ?16 ELSE NULL END,"
                          "  reopen_count = reopen_count + ?17,"
                          /* A closed or withdrawn case waits on nothing any more. */
                          "  paused_seconds = CASE WHEN ?2 IN ('closed', 'withdrawn')"
                          "      AND waiting_since IS NOT NULL"
                          "    THEN paused_seconds + max (0, ?16 - waiting_since)"
                          "    ELSE paused_seconds END,"
                          "  waiting_reason = CASE WHEN ?2 IN ('closed', 'withdrawn') THEN NULL"
                          "    ELSE waiting_reason END,"
                          "  waiting_since = CASE WHEN ?2 IN ('closed', 'withdrawn') THEN NULL"
                          "    ELSE waiting_since END,"
                          /* A reopened case gets fresh time limits and may escalate again. */
                          "  clock_start = CASE WHEN ?17 = 1 THEN ?16 ELSE clock_start END,"
                          "  escalated_at = CASE WHEN ?17 = 1 OR ?18 THEN NULL ELSE escalated_at END,"
                          "  escalated_to = CASE WHEN ?17 = 1 OR ?18 THEN NULL ELSE escalated_to END,"
                          /* The customer's consent is for this solution only: going back to
                           * the investigation or the negotiation needs it again. */
                          "  updated_at = ?16"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  {
    gboolean back = (from == KESU_STATE_PROPOSING && to == KESU_STATE_INVESTIGATING) ||
                    (from == KESU_STATE_EXECUTING && to == KESU_STATE_PROPOSING);
    gboolean clear_outcome = reopening;
    gboolean clear_agreement = reopening || back;

    kesu_statement_bind_int64 (stmt, 1, complaint_id);
    kesu_statement_bind_text (stmt, 2, kesu_state_to_key (final));
    kesu_statement_bind_int64 (stmt, 3, merged->handler_id);
    kesu_statement_bind_text_or_null (stmt, 4, merged->cause);
    kesu_statement_bind_text (stmt, 5, kesu_responsibility_to_key (merged->responsibility));
    kesu_statement_bind_int64 (stmt, 6, merged->recurring);
    kesu_statement_bind_text (stmt, 7, kesu_solution_to_key (merged->solution));
    kesu_statement_bind_text_or_null (stmt, 8, merged->measures);
    if (merged->amount_fen >= 0)
      kesu_statement_bind_int64 (stmt, 9, merged->amount_fen);
    if (merged->solution_deadline > 0)
      kesu_statement_bind_int64 (stmt, 10, merged->solution_deadline);
    if (merged->agreed_at > 0 && !clear_agreement)
      kesu_statement_bind_int64 (stmt, 11, merged->agreed_at);
    if (!clear_agreement)
      kesu_statement_bind_text_or_null (stmt, 12, merged->agreement_note);
    if (!clear_outcome)
      {
        kesu_statement_bind_text_or_null (stmt, 13, merged->measures_result);
        if (merged->satisfaction > 0)
          kesu_statement_bind_int64 (stmt, 14, merged->satisfaction);
        kesu_statement_bind_text_or_null (stmt, 15, merged->satisfaction_comment);
      }
    kesu_statement_bind_int64 (stmt, 16, now);
    kesu_statement_bind_int64 (stmt, 17, reopening ? 1 : 0);
    kesu_statement_bind_int64 (stmt, 18, merged->handler_id != stored->handler_id);
    if (!kesu_statement_run (stmt, error))
      goto fail;
  }

  /* A new owner is a change like any other: on the timeline. */
  if (merged->handler_id != stored->handler_id)
    {
      EventRow row = EVENT_ROW_INIT (KESU_EVENT_ASSIGNED);

      row.ref_staff = merged->handler_id;
      if (!insert_event_row (self, complaint_id, now, operator_id, &row, error))
        goto fail;
    }

  /* What the move added, then the move itself, on the timeline. */
  if (input != NULL && texts_differ (merged->cause, stored->cause))
    {
      EventRow row = EVENT_ROW_INIT (KESU_EVENT_FINDING);

      row.detail = merged->cause;
      if (!insert_event_row (self, complaint_id, now, operator_id, &row, error))
        goto fail;
    }
  if (input != NULL && (texts_differ (merged->measures, stored->measures) ||
                        merged->solution != stored->solution ||
                        merged->amount_fen != stored->amount_fen))
    {
      EventRow row = EVENT_ROW_INIT (KESU_EVENT_SOLUTION);

      row.detail = merged->measures;
      row.ref_time = merged->solution_deadline;
      if (!insert_event_row (self, complaint_id, now, operator_id, &row, error))
        goto fail;
    }
  {
    EventRow row = EVENT_ROW_INIT (reopening ? KESU_EVENT_REOPENED : KESU_EVENT_MOVED);

    row.from_state = from;
    row.to_state = final;
    /* The rating stays on the timeline even when the reopened case clears it. */
    if (from == KESU_STATE_FOLLOW_UP && to == KESU_STATE_CLOSED)
      row.rating = merged->satisfaction;
    if (dissatisfied)
      row.detail = merged->satisfaction_comment;
    else if (to == KESU_STATE_FOLLOW_UP)
      row.detail = merged->measures_result;
    else if (to == KESU_STATE_CLOSED)
      row.detail = merged->satisfaction_comment;
    else if (to == KESU_STATE_EXECUTING)
      row.detail = merged->agreement_note;
    else
      row.detail = merged->reason;
    if (!insert_event_row (self, complaint_id, now, operator_id, &row, error))
      goto fail;
  }

  if (!kesu_db_commit (self->db, error))
    return FALSE;
  if (out_state != NULL)
    *out_state = final;
  emit_changed (self);
  return TRUE;

fail:
  kesu_db_rollback (self->db);
  return FALSE;
}

/* Runs @sql (binding ?1 = complaint id, ?2 = now) and writes @row, in one transaction. */
static gboolean
update_with_event (KesuStore       *self,
                   gint64           complaint_id,
                   KesuStatement   *stmt,
                   const EventRow  *row,
                   gint64           now,
                   GError         **error)
{
  if (stmt != NULL && !kesu_statement_run (stmt, error))
    return FALSE;
  return insert_event_row (self, complaint_id, now, kesu_store_get_operator (self), row, error);
}

static gboolean
open_case (KesuStore  *self,
           gint64      complaint_id,
           KesuState  *out_state,
           GError    **error)
{
  return read_case (self, complaint_id, out_state, NULL, error);
}

gboolean
_kesu_store_finish (KesuStore  *self,
                    gboolean    ok,
                    GError    **error)
{
  if (!ok)
    {
      kesu_db_rollback (self->db);
      return FALSE;
    }
  return _kesu_store_commit_changed (self, error);
}

gboolean
kesu_store_assign (KesuStore  *self,
                   gint64      complaint_id,
                   gint64      handler_id,
                   GError    **error)
{
  KesuStatement *stmt;
  EventRow row = EVENT_ROW_INIT (KESU_EVENT_ASSIGNED);
  gint64 now = kesu_clock_now_unix ();
  gboolean ok = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!kesu_store_check_permission (self, KESU_PERMISSION_REASSIGN, error))
    return FALSE;
  if (!staff_is_active (self, handler_id))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The handler is not an active staff member."));
      return FALSE;
    }
  if (!kesu_db_begin (self->db, error))
    return FALSE;
  if (!open_case (self, complaint_id, NULL, error))
    goto out;
  stmt = kesu_db_prepare (self->db,
                          "UPDATE complaint SET handler_id = ?3, updated_at = ?2,"
                          "  escalated_at = NULL, escalated_to = NULL WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto out;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, now);
  kesu_statement_bind_int64 (stmt, 3, handler_id);
  row.ref_staff = handler_id;
  ok = update_with_event (self, complaint_id, stmt, &row, now, error);

out:
  return _kesu_store_finish (self, ok, error);
}

gboolean
kesu_store_add_note (KesuStore   *self,
                     gint64       complaint_id,
                     const char  *text,
                     GError     **error)
{
  EventRow row = EVENT_ROW_INIT (KESU_EVENT_NOTE);
  gint64 now = kesu_clock_now_unix ();

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!require_operator (self, error) || !check_free_text (text, TRUE, error))
    return FALSE;
  if (!kesu_db_begin (self->db, error))
    return FALSE;
  row.detail = text;
  return _kesu_store_finish (self,
                 open_case (self, complaint_id, NULL, error)
                 && update_with_event (self, complaint_id, NULL, &row, now, error),
                 error);
}

gboolean
kesu_store_record_contact (KesuStore   *self,
                           gint64       complaint_id,
                           KesuChannel  how,
                           const char  *told,
                           gint64       next_contact,
                           GError     **error)
{
  EventRow row = EVENT_ROW_INIT (KESU_EVENT_CONTACT);
  KesuStatement *stmt;
  KesuState state;
  gint64 now = kesu_clock_now_unix ();
  gboolean ok = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!require_operator (self, error))
    return FALSE;
  if ((guint) how >= KESU_N_CHANNELS)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Choose how the customer was contacted."));
      return FALSE;
    }
  if (!check_free_text (told, TRUE, error))
    {
      g_prefix_error (error, "%s ", _("What the customer was told:"));
      return FALSE;
    }
  if (!kesu_db_begin (self->db, error))
    return FALSE;
  if (!open_case (self, complaint_id, &state, error))
    goto out;
  /* The customer must always know when they will hear next — while the case is open. */
  if (kesu_state_is_open (state) && next_contact <= now)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Say when the customer will hear from us next (a time in the "
                             "future)."));
      goto out;
    }
  stmt = kesu_db_prepare (self->db,
                          "UPDATE complaint SET first_response_at = coalesce (first_response_at, ?2),"
                          "  next_contact_at = ?3, updated_at = ?2 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto out;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, now);
  if (next_contact > 0)
    kesu_statement_bind_int64 (stmt, 3, next_contact);
  row.detail = told;
  row.channel = how;
  row.ref_time = next_contact;
  ok = update_with_event (self, complaint_id, stmt, &row, now, error);

out:
  return _kesu_store_finish (self, ok, error);
}

gboolean
kesu_store_set_waiting (KesuStore   *self,
                        gint64       complaint_id,
                        gboolean     waiting,
                        const char  *reason,
                        GError     **error)
{
  EventRow row = EVENT_ROW_INIT (waiting ? KESU_EVENT_WAITING : KESU_EVENT_RESUMED);
  KesuStatement *stmt;
  KesuState state;
  gint64 now = kesu_clock_now_unix ();
  gboolean was_waiting;
  gboolean ok = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!require_operator (self, error))
    return FALSE;
  if (waiting && !check_free_text (reason, TRUE, error))
    {
      g_prefix_error (error, "%s ", _("What the case waits on:"));
      return FALSE;
    }
  if (!kesu_db_begin (self->db, error))
    return FALSE;
  if (!open_case (self, complaint_id, &state, error))
    goto out;
  if (!kesu_state_is_open (state))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A closed or withdrawn case does not wait."));
      goto out;
    }
  stmt = kesu_db_prepare (self->db, "SELECT waiting_since IS NOT NULL FROM complaint WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto out;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step (stmt, error))
    goto out;
  was_waiting = kesu_statement_get_int64 (stmt, 0) != 0;
  kesu_statement_reset (stmt);
  if (was_waiting == waiting)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           waiting ? _("The case is already waiting.")
                                   : _("The case is not waiting."));
      goto out;
    }

  if (waiting)
    stmt = kesu_db_prepare (self->db,
                            "UPDATE complaint SET waiting_since = ?2, waiting_reason = ?3,"
                            "  updated_at = ?2 WHERE id = ?1",
                            error);
  else
    stmt = kesu_db_prepare (self->db,
                            "UPDATE complaint SET paused_seconds = paused_seconds"
                            "    + max (0, ?2 - waiting_since),"
                            "  waiting_since = NULL, waiting_reason = NULL, updated_at = ?2"
                            " WHERE id = ?1",
                            error);
  if (stmt == NULL)
    goto out;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, now);
  if (waiting)
    kesu_statement_bind_text (stmt, 3, reason);
  row.detail = waiting ? reason : NULL;
  ok = update_with_event (self, complaint_id, stmt, &row, now, error);

out:
  return _kesu_store_finish (self, ok, error);
}

gint64
kesu_store_add_attachment (KesuStore       *self,
                           gint64           complaint_id,
                           KesuAttachment  *attachment,
                           GError         **error)
{
  EventRow row = EVENT_ROW_INIT (KESU_EVENT_ATTACHMENT);
  gint64 now = kesu_clock_now_unix ();
  gint64 id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (self), 0);
  g_return_val_if_fail (attachment != NULL, 0);

  if (!require_operator (self, error))
    return 0;
  {
    g_autofree char *problem = kesu_attachment_check (attachment,
                                                      attachment_limit_bytes (self));

    if (problem != NULL)
      {
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, problem);
        return 0;
      }
  }
  if (!kesu_db_begin (self->db, error))
    return 0;
  if (!open_case (self, complaint_id, NULL, error))
    goto out;
  if (!insert_attachment (self, complaint_id, attachment, now, kesu_store_get_operator (self),
                          error))
    goto out;
  id = kesu_db_last_insert_rowid (self->db);
  row.detail = attachment->filename;
  ok = update_with_event (self, complaint_id, NULL, &row, now, error);

out:
  return _kesu_store_finish (self, ok, error) ? id : 0;
}

void
kesu_event_free (KesuEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->staff_name);
  g_free (event->detail);
  g_free (event->ref_staff_name);
  g_free (event);
}

GPtrArray *
kesu_store_list_events (KesuStore  *self,
                        gint64      complaint_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  stmt = kesu_db_prepare (self->db,
                          "SELECT e.id, e.at, coalesce (e.staff_id, 0), s.name, e.kind, e.detail,"
                          "  e.from_state, e.to_state, coalesce (e.ref_staff, 0), r.name,"
                          "  coalesce (e.ref_time, 0), e.channel, coalesce (e.rating, 0),"
                          "  e.complaint_id"
                          /* A case shows the events of the duplicates merged into it too. */
                          " FROM event e LEFT JOIN staff s ON s.id = e.staff_id"
                          " LEFT JOIN staff r ON r.id = e.ref_staff"
                          " WHERE e.complaint_id IN (WITH RECURSIVE m (id) AS (SELECT ?1"
                          "     UNION SELECT c.id FROM complaint c JOIN m ON c.merged_into = m.id)"
                          "   SELECT id FROM m)"
                          " ORDER BY e.at, e.id",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_event_free);
  while (kesu_statement_step (stmt, &local))
    {
      KesuEvent *event = g_new0 (KesuEvent, 1);

      event->id = kesu_statement_get_int64 (stmt, 0);
      event->at = kesu_statement_get_int64 (stmt, 1);
      event->staff_id = kesu_statement_get_int64 (stmt, 2);
      event->staff_name = kesu_statement_dup_text (stmt, 3);
      if (!kesu_event_kind_from_key (kesu_statement_get_text (stmt, 4), &event->kind))
        event->kind = KESU_EVENT_NOTE;
      event->detail = kesu_statement_dup_text (stmt, 5);
      if (!kesu_state_from_key (kesu_statement_get_text (stmt, 6), &event->from_state))
        event->from_state = KESU_STATE_RECEIVED;
      if (!kesu_state_from_key (kesu_statement_get_text (stmt, 7), &event->to_state))
        event->to_state = KESU_STATE_RECEIVED;
      event->ref_staff = kesu_statement_get_int64 (stmt, 8);
      event->ref_staff_name = kesu_statement_dup_text (stmt, 9);
      event->ref_time = kesu_statement_get_int64 (stmt, 10);
      if (!kesu_channel_from_key (kesu_statement_get_text (stmt, 11), &event->channel))
        event->channel = KESU_CHANNEL_OTHER;
      event->rating = (int) kesu_statement_get_int64 (stmt, 12);
      event->complaint_id = kesu_statement_get_int64 (stmt, 13);
      g_ptr_array_add (events, event);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&events);
}

/* Whom a handler's overdue cases go to: their manager, else the branch's most senior
 * active manager who is not the handler. */
static gint64
manager_of (KesuStore *self,
            gint64     handler_id)
{
  g_autoptr(KesuStaff) handler = kesu_store_get_staff (self, handler_id);
  KesuStatement *stmt;
  gint64 id = 0;

  if (handler != NULL && handler->manager_id > 0 && staff_is_active (self, handler->manager_id))
    return handler->manager_id;

  stmt = kesu_db_prepare (self->db,
                          "SELECT id FROM staff WHERE active AND id != ?1 AND role IN"
                          "  ('after-sales-manager', 'sales-manager', 'general-manager')"
                          " ORDER BY CASE role WHEN 'after-sales-manager' THEN 0"
                          "   WHEN 'sales-manager' THEN 1 ELSE 2 END, id LIMIT 1",
                          NULL);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, handler_id);
  if (kesu_statement_step (stmt, NULL))
    {
      id = kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return id;
}

GArray *
kesu_store_escalate_overdue (KesuStore  *self,
                             GError    **error)
{
  g_autoptr(GArray) escalated = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GListModel) open_cases = NULL;
  gint64 now = kesu_clock_now_unix ();

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);

  {
    g_autoptr(KesuFilter) filter = kesu_filter_new ();

    filter->open_only = TRUE;
    open_cases = kesu_store_query_complaints (self, filter, error);
  }
  if (open_cases == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (open_cases); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (open_cases, i);

      if (kesu_complaint_is_overdue (c) && !kesu_complaint_is_escalated (c))
        {
          gint64 id = kesu_complaint_get_id (c);

          g_array_append_val (due, id);
        }
    }
  if (due->len == 0)
    return g_steal_pointer (&escalated);

  if (!kesu_db_begin (self->db, error))
    return NULL;
  /* Kesu itself escalates: the audit log names nobody, whoever is signed in. */
  _kesu_audit_set_actor (self, -1);
  for (guint i = 0; i < due->len; i++)
    {
      gint64 id = g_array_index (due, gint64, i);
      g_autoptr(KesuCaseData) data = NULL;
      EventRow row = EVENT_ROW_INIT (KESU_EVENT_ESCALATED);
      KesuStatement *stmt;
      gint64 manager;

      if (!read_case (self, id, NULL, &data, error))
        goto fail;
      manager = manager_of (self, data->handler_id);
      stmt = kesu_db_prepare (self->db,
                              "UPDATE complaint SET escalated_at = ?2, escalated_to = ?3"
                              " WHERE id = ?1 AND escalated_at IS NULL",
                              error);
      if (stmt == NULL)
        goto fail;
      kesu_statement_bind_int64 (stmt, 1, id);
      kesu_statement_bind_int64 (stmt, 2, now);
      if (manager > 0)
        kesu_statement_bind_int64 (stmt, 3, manager);
      if (!kesu_statement_run (stmt, error))
        goto fail;
      row.ref_staff = manager;
      /* Kesu itself escalates: no operator on this event. */
      if (!insert_event_row (self, id, now, 0, &row, error))
        goto fail;
      g_array_append_val (escalated, id);
    }
  _kesu_audit_set_actor (self, 0);
  if (!kesu_db_commit (self->db, error))
    return NULL;
  emit_changed (self);
  return g_steal_pointer (&escalated);

fail:
  _kesu_audit_set_actor (self, 0);
  kesu_db_rollback (self->db);
  return NULL;
}

gboolean
kesu_store_set_staff_manager (KesuStore  *self,
                              gint64      staff_id,
                              gint64      manager_id,
                              GError    **error)
{
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!kesu_store_check_permission (self, KESU_PERMISSION_MANAGE_STAFF, error))
    return FALSE;
  if (staff_id == manager_id || !staff_is_active (self, staff_id) ||
      (manager_id > 0 && !staff_is_active (self, manager_id)))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Choose another active staff member as the manager."));
      return FALSE;
    }
  if (!kesu_db_begin (self->db, error))
    return FALSE;
  stmt = kesu_db_prepare (self->db, "UPDATE staff SET manager_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  if (manager_id > 0)
    kesu_statement_bind_int64 (stmt, 2, manager_id);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (!kesu_db_commit (self->db, error))
    return FALSE;
  return TRUE;

fail:
  kesu_db_rollback (self->db);
  return FALSE;
}

/* How many active people other than @except may manage staff. */
static gint64
count_staff_managers (KesuStore *self,
                      gint64     except)
{
  KesuStatement *stmt;
  gint64 n = 0;

  stmt = kesu_db_prepare (self->db,
                          "SELECT role FROM staff WHERE active AND id != ?1", NULL);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, except);
  while (kesu_statement_step (stmt, NULL))
    {
      KesuRole role;

      if (kesu_role_from_key (kesu_statement_get_text (stmt, 0), &role) &&
          kesu_role_can (role, KESU_PERMISSION_MANAGE_STAFF))
        n++;
    }
  return n;
}

gboolean
kesu_store_update_staff (KesuStore        *self,
                         const KesuStaff  *staff,
                         GError          **error)
{
  g_autoptr(KesuStaff) stored = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *name = NULL;
  KesuStatement *stmt;
  gint64 operator_id;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (staff != NULL, FALSE);

  if (!kesu_store_check_permission (self, KESU_PERMISSION_MANAGE_STAFF, error))
    return FALSE;
  stored = kesu_store_get_staff (self, staff->id);
  if (stored == NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                           _("This staff member does not exist."));
      return FALSE;
    }
  if (!check_staff_input (staff->name, staff->role, staff->phone, error))
    return FALSE;
  operator_id = kesu_store_get_operator (self);
  if (staff->id == operator_id &&
      (!staff->active || !kesu_role_can (staff->role, KESU_PERMISSION_MANAGE_STAFF)))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("You cannot deactivate yourself or take away your own right to "
                             "manage staff; ask another manager."));
      return FALSE;
    }
  if ((!staff->active || !kesu_role_can (staff->role, KESU_PERMISSION_MANAGE_STAFF)) &&
      stored->active && kesu_role_can (stored->role, KESU_PERMISSION_MANAGE_STAFF) &&
      count_staff_managers (self, staff->id) == 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("This is the last active person who may manage staff; give "
                             "someone else that role first."));
      return FALSE;
    }
  if (staff->manager_id == staff->id ||
      (staff->manager_id > 0 && staff->manager_id != stored->manager_id &&
       !staff_is_active (self, staff->manager_id)))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Choose another active staff member as the manager."));
      return FALSE;
    }

  name = g_strstrip (g_strdup (staff->name));
  if (staff->phone != NULL && staff->phone[0] != '\0')
    kesu_validate_phone (staff->phone, &normalized, NULL);

  if (!kesu_db_begin (self->db, error))
    return FALSE;
  stmt = kesu_db_prepare (self->db,
                          "UPDATE staff SET name = ?2, role = ?3, phone = ?4, manager_id = ?5,"
                          "  active = ?6 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, staff->id);
  kesu_statement_bind_text (stmt, 2, name);
  kesu_statement_bind_text (stmt, 3, kesu_role_to_key (staff->role));
  kesu_statement_bind_text (stmt, 4, normalized ? normalized : "");
  if (staff->manager_id > 0)
    kesu_statement_bind_int64 (stmt, 5, staff->manager_id);
  else
    kesu_statement_bind_null (stmt, 5);
  kesu_statement_bind_int64 (stmt, 6, staff->active ? 1 : 0);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (!kesu_db_commit (self->db, error))
    return FALSE;
  /* Names and handlers show on the board and the lists. */
  emit_changed (self);
  return TRUE;

fail:
  kesu_db_rollback (self->db);
  return FALSE;
}

gboolean
kesu_store_set_imported_state (KesuStore   *self,
                               gint64       complaint_id,
                               KesuState    state,
                               gint64       at,
                               const char  *note,
                               GError     **error)
{
  EventRow row = EVENT_ROW_INIT (KESU_EVENT_MOVED);
  KesuStatement *stmt;
  KesuState from = KESU_STATE_RECEIVED;
  gint64 now = kesu_clock_now_unix ();
  gint64 received_at, n_events;
  gboolean ok = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);

  if (!require_operator (self, error))
    return FALSE;
  if (state != KESU_STATE_CLOSED && state != KESU_STATE_WITHDRAWN)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A case from an old log can only be brought in as closed or "
                             "withdrawn."));
      return FALSE;
    }
  if (note != NULL && !check_free_text (note, FALSE, error))
    return FALSE;
  if (at > now)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The time the case ended is in the future."));
      return FALSE;
    }
  if (!kesu_db_begin (self->db, error))
    return FALSE;
  if (!open_case (self, complaint_id, &from, error))
    goto out;

  stmt = kesu_db_prepare (self->db,
                          "SELECT received_at, (SELECT count (*) FROM event"
                          "   WHERE complaint_id = ?1 AND kind NOT IN (?2, ?3))"
                          " FROM complaint WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto out;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, kesu_event_kind_to_key (KESU_EVENT_RECEIVED));
  /* Kesu's own 三包 flag, raised as the case came in, is no one's work on it. */
  kesu_statement_bind_text (stmt, 3, kesu_event_kind_to_key (KESU_EVENT_SANBAO_FLAGGED));
  if (!kesu_statement_step (stmt, error))
    goto out;
  received_at = kesu_statement_get_int64 (stmt, 0);
  n_events = kesu_statement_get_int64 (stmt, 1);
  kesu_statement_reset (stmt);

  if (from != KESU_STATE_RECEIVED || n_events > 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Only a case just imported, with nothing recorded on it since, "
                             "can take its state from the old log."));
      goto out;
    }
  if (at < received_at)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A case cannot end before it was received."));
      goto out;
    }

  stmt = kesu_db_prepare (self->db,
                          "UPDATE complaint SET state = ?2,"
                          "  closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE NULL END,"
                          "  first_response_at = coalesce (first_response_at, ?3),"
                          "  updated_at = ?4"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto out;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, kesu_state_to_key (state));
  kesu_statement_bind_int64 (stmt, 3, at);
  kesu_statement_bind_int64 (stmt, 4, now);
  row.from_state = KESU_STATE_RECEIVED;
  row.to_state = state;
  row.ref_time = at;
  row.detail = note;
  /* The event is the import's own action: it carries the time it happened, now; the old
   * log's date is its ref_time. */
  ok = update_with_event (self, complaint_id, stmt, &row, now, error);

out:
  return _kesu_store_finish (self, ok, error);
}
