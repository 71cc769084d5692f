/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-store-private.h"
#include "kesu-store.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

/* ---- who may do what ---- */

#define ALL_PERMISSIONS ((1u << KESU_N_PERMISSIONS) - 1)

/* The one table of role → permissions.  The people who answer for the branch's customers
 * (the managers) and the one who keeps the system (the administrator) may do all of it;
 * those who serve customers day to day work on their cases but do not hand them on,
 * move deadlines, touch finished cases or manage people and settings. */
static const guint role_permissions[KESU_N_ROLES] = {
  [KESU_ROLE_FRONT_DESK] = 0,
  [KESU_ROLE_SALES_CONSULTANT] = 0,
  [KESU_ROLE_SERVICE_ADVISOR] = 0,
  [KESU_ROLE_AFTER_SALES_MANAGER] = ALL_PERMISSIONS,
  [KESU_ROLE_SALES_MANAGER] = ALL_PERMISSIONS,
  [KESU_ROLE_GENERAL_MANAGER] = ALL_PERMISSIONS,
  [KESU_ROLE_ADMINISTRATOR] = ALL_PERMISSIONS,
};

/* Default compensation limits, in yuan (DOMAIN.md, "Authority"). */
static const gint64 role_default_limit_yuan[KESU_N_ROLES] = {
  [KESU_ROLE_FRONT_DESK] = 0,
  [KESU_ROLE_SALES_CONSULTANT] = 500,
  [KESU_ROLE_SERVICE_ADVISOR] = 500,
  [KESU_ROLE_AFTER_SALES_MANAGER] = 5000,
  [KESU_ROLE_SALES_MANAGER] = 5000,
  [KESU_ROLE_GENERAL_MANAGER] = 50000,
  [KESU_ROLE_ADMINISTRATOR] = 0,
};

static const char *const permission_labels[] = {
  N_("Reassign cases"),
  N_("Change deadlines"),
  N_("Edit closed cases"),
  N_("Manage staff"),
  N_("Manage settings"),
  N_("View the audit log"),
  N_("Approve compensation"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (permission_labels) == KESU_N_PERMISSIONS);

/* The same limit as the amounts a case takes: 10,000,000 CNY. */
#define LIMIT_MAX_FEN ((gint64) 10000000 * 100)

gboolean
kesu_role_can (KesuRole       role,
               KesuPermission permission)
{
  if ((guint) role >= KESU_N_ROLES || (guint) permission >= KESU_N_PERMISSIONS)
    return FALSE;
  return (role_permissions[role] & (1u << permission)) != 0;
}

const char *
kesu_permission_to_label (KesuPermission permission)
{
  if ((guint) permission >= KESU_N_PERMISSIONS)
    return "";
  return _(permission_labels[permission]);
}

gint64
kesu_role_default_limit (KesuRole role)
{
  if ((guint) role >= KESU_N_ROLES)
    return 0;
  return role_default_limit_yuan[role] * 100;
}

gboolean
kesu_pin_check (const char  *pin,
                GError     **error)
{
  gsize n = pin != NULL ? strlen (pin) : 0;

  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        n = 0;
        break;
      }
  if (n < KESU_PIN_MIN_DIGITS || n > KESU_PIN_MAX_DIGITS)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("A PIN is %d to %d digits, and nothing else."),
                   KESU_PIN_MIN_DIGITS, KESU_PIN_MAX_DIGITS);
      return FALSE;
    }
  return TRUE;
}

/* Role and whether active, of one staff member; FALSE when there is none. */
static gboolean
read_staff (KesuStore *store,
            gint64     staff_id,
            KesuRole  *out_role,
            gboolean  *out_active)
{
  KesuStatement *stmt;
  gboolean found = FALSE;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT role, active FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  if (kesu_statement_step (stmt, NULL))
    {
      found = kesu_role_from_key (kesu_statement_get_text (stmt, 0), out_role);
      *out_active = kesu_statement_get_int64 (stmt, 1) != 0;
      kesu_statement_reset (stmt);
    }
  return found;
}

gboolean
kesu_store_can (KesuStore      *store,
                gint64          staff_id,
                KesuPermission  permission)
{
  KesuRole role;
  gboolean active = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (staff_id <= 0 || !read_staff (store, staff_id, &role, &active) || !active)
    return FALSE;
  return kesu_role_can (role, permission);
}

gboolean
kesu_store_check_permission (KesuStore      *store,
                             KesuPermission  permission,
                             GError        **error)
{
  gint64 operator_id;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  operator_id = kesu_store_get_operator (store);
  if (operator_id <= 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("Sign in first: every change is recorded under the name of the "
                             "person who makes it."));
      return FALSE;
    }
  if (kesu_store_can (store, operator_id, permission))
    return TRUE;
  /* Translators: %s is a permission, "Reassign cases" */
  g_set_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
               _("Your role does not allow this (%s). Ask a manager."),
               kesu_permission_to_label (permission));
  return FALSE;
}

/* ---- PINs ---- */

static gboolean
ensure_sodium (GError **error)
{
  static gsize ready = 0;
  static gboolean ok = FALSE;

  /* sodium_init () is safe to call again, but its answer is kept: it cannot change. */
  if (g_once_init_enter (&ready))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&ready, 1);
    }
  if (!ok)
    g_set_error_literal (error, KESU_ERROR, KESU_ERROR_IO,
                         _("The PIN check could not start (libsodium failed)."));
  return ok;
}

char *
_kesu_pin_hash (const char  *pin,
                GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  /* Argon2id with a fresh random salt, at the limits libsodium calls interactive (about
   * a tenth of a second, 64 MiB): slow enough that trying all 10^8 PINs of a stolen file
   * takes months on one machine, quick enough for a sign-in. */
  if (crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_IO,
                           _("Not enough memory to protect the PIN."));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
_kesu_store_set_pin_hash (KesuStore   *store,
                          gint64       staff_id,
                          const char  *hash,
                          GError     **error)
{
  KesuStatement *stmt;
  KesuDb *db = kesu_store_get_db (store);

  if (!g_str_has_prefix (hash, crypto_pwhash_argon2id_STRPREFIX))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Not an Argon2id PIN hash."));
      return FALSE;
    }
  if (!kesu_db_begin (db, error))
    return FALSE;
  stmt = kesu_db_prepare (db,
                          "UPDATE staff SET pin_hash = ?2, failed_pins = 0, locked_until = NULL"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  kesu_statement_bind_text (stmt, 2, hash);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  return kesu_db_commit (db, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

gboolean
kesu_store_has_pin (KesuStore *store,
                    gint64     staff_id)
{
  g_autoptr(KesuStaff) staff = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  staff = kesu_store_get_staff (store, staff_id);
  return staff != NULL && staff->has_pin;
}

gboolean
kesu_store_needs_first_pin (KesuStore *store)
{
  KesuStatement *stmt;
  gboolean needs = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT count(*) > 0 AND count(pin_hash) = 0 FROM staff WHERE active",
                          NULL);
  if (stmt != NULL && kesu_statement_step (stmt, NULL))
    {
      needs = kesu_statement_get_int64 (stmt, 0) != 0;
      kesu_statement_reset (stmt);
    }
  return needs;
}

gint64
kesu_store_first_pin_holder (KesuStore *store)
{
  g_autoptr(GPtrArray) staff = NULL;
  KesuStaff *administrator = NULL, *manager = NULL, *first = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  staff = kesu_store_list_staff (store);
  for (guint i = 0; i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      if (s->has_pin)
        return 0;
      /* The list is by name; "first" is the one entered first, the lowest id. */
      if (s->role == KESU_ROLE_ADMINISTRATOR)
        {
          if (administrator == NULL || s->id < administrator->id)
            administrator = s;
        }
      else if (kesu_role_can (s->role, KESU_PERMISSION_MANAGE_STAFF) &&
               (manager == NULL || s->id < manager->id))
        manager = s;
      if (first == NULL || s->id < first->id)
        first = s;
    }
  if (administrator != NULL)
    return administrator->id;
  if (manager != NULL)
    return manager->id;
  return first != NULL ? first->id : 0;
}

gboolean
kesu_store_set_pin (KesuStore   *store,
                    gint64       staff_id,
                    const char  *pin,
                    GError     **error)
{
  g_autofree char *hash = NULL;
  gint64 operator_id;
  KesuRole role;
  gboolean active = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (!read_staff (store, staff_id, &role, &active) || !active)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                           _("This person is not active staff."));
      return FALSE;
    }
  operator_id = kesu_store_get_operator (store);
  if (operator_id <= 0)
    {
      /* Only the very first PIN of a branch that had none, for the one person who
       * takes it (then gives the others theirs). */
      if (staff_id != kesu_store_first_pin_holder (store))
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                               _("Sign in first: every change is recorded under the name of "
                                 "the person who makes it."));
          return FALSE;
        }
    }
  else if (operator_id != staff_id &&
           !kesu_store_check_permission (store, KESU_PERMISSION_MANAGE_STAFF, error))
    return FALSE;
  if (!kesu_pin_check (pin, error))
    return FALSE;
  hash = _kesu_pin_hash (pin, error);
  if (hash == NULL)
    return FALSE;
  return _kesu_store_set_pin_hash (store, staff_id, hash, error);
}

guint
kesu_store_get_lockout_minutes (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), KESU_DEFAULT_LOCKOUT_MINUTES);

  return _kesu_store_get_setting_uint (store, "lockout_minutes", 1, 1440,
                                       KESU_DEFAULT_LOCKOUT_MINUTES);
}

/* A manager's setting of minutes from @min to @max; @out_of_range when it is not. */
static gboolean
set_minutes (KesuStore   *store,
             const char  *key,
             guint        minutes,
             guint        min,
             guint        max,
             const char  *out_of_range,
             GError     **error)
{
  if (!kesu_store_check_permission (store, KESU_PERMISSION_MANAGE_SETTINGS, error))
    return FALSE;
  if (minutes < min || minutes > max)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, out_of_range);
      return FALSE;
    }
  return _kesu_store_set_setting_uint (store, key, minutes, error);
}

gboolean
kesu_store_set_lockout_minutes (KesuStore  *store,
                                guint       minutes,
                                GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  return set_minutes (store, "lockout_minutes", minutes, 1, 1440,
                      _("The lockout lasts from 1 to 1440 minutes."), error);
}

guint
kesu_store_get_idle_lock_minutes (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), KESU_DEFAULT_IDLE_LOCK_MINUTES);

  return _kesu_store_get_setting_uint (store, "idle_lock_minutes", 0, 240,
                                       KESU_DEFAULT_IDLE_LOCK_MINUTES);
}

gboolean
kesu_store_set_idle_lock_minutes (KesuStore  *store,
                                  guint       minutes,
                                  GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  return set_minutes (store, "idle_lock_minutes", minutes, 0, 240,
                      _("Lock the window after 1 to 240 idle minutes, or 0 for never."), error);
}

gint64
kesu_store_locked_until (KesuStore *store,
                         gint64     staff_id)
{
  KesuStatement *stmt;
  gint64 until = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT coalesce (locked_until, 0) FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  if (kesu_statement_step (stmt, NULL))
    {
      until = kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return until > kesu_clock_now_unix () ? until : 0;
}

static char *
format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/* Writes what a PIN try did (@field) in its own transaction: a wrong PIN must be
 * counted even though the caller fails. */
static gboolean
record_try (KesuStore   *store,
            gint64       staff_id,
            gint64       failed,
            gint64       locked_until,
            const char  *field,
            const char  *detail,
            GError     **error)
{
  KesuDb *db = kesu_store_get_db (store);
  KesuStatement *stmt;

  if (!kesu_db_begin (db, error))
    return FALSE;
  stmt = kesu_db_prepare (db,
                          "UPDATE staff SET failed_pins = ?2, locked_until = ?3 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  kesu_statement_bind_int64 (stmt, 2, failed);
  if (locked_until > 0)
    kesu_statement_bind_int64 (stmt, 3, locked_until);
  else
    kesu_statement_bind_null (stmt, 3);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (field != NULL &&
      !_kesu_audit_write (store, staff_id, 0, "sign-in", staff_id, field, NULL, detail, error))
    goto fail;
  return kesu_db_commit (db, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

/* What the PIN is checked against, read before the (slow) Argon2 verify: see
 * check_pin, which is pin_check_prepare, the verify, then pin_check_conclude. */
typedef struct
{
  char   *hash;
  gint64  failed;
  gint64  locked_until;
  gint64  now;
} PinCheck;

static void
pin_check_free (PinCheck *check)
{
  g_free (check->hash);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PinCheck, pin_check_free)

/* Whether the PIN of @staff_id may be checked at all (active, has a PIN, not locked
 * out); NULL with the reason if not. */
static PinCheck *
pin_check_prepare (KesuStore   *store,
                   gint64       staff_id,
                   GError     **error)
{
  g_autofree char *hash = NULL;
  PinCheck *check;
  KesuStatement *stmt;
  gint64 failed, locked_until, now;
  gboolean active;

  if (!ensure_sodium (error))
    return NULL;
  if (kesu_db_transaction_depth (kesu_store_get_db (store)) > 0)
    g_warning ("A PIN is being checked inside a transaction: a wrong one may not be counted");

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT active, pin_hash, failed_pins, coalesce (locked_until, 0)"
                          " FROM staff WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, staff_id);
  if (!kesu_statement_step (stmt, NULL))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                           _("This person is not active staff."));
      return NULL;
    }
  active = kesu_statement_get_int64 (stmt, 0) != 0;
  hash = kesu_statement_is_null (stmt, 1) ? NULL : kesu_statement_dup_text (stmt, 1);
  failed = kesu_statement_get_int64 (stmt, 2);
  locked_until = kesu_statement_get_int64 (stmt, 3);
  kesu_statement_reset (stmt);

  if (!active)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("This person is not active staff."));
      return NULL;
    }
  if (hash == NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("This person has no PIN yet; a manager gives them one in Staff."));
      return NULL;
    }
  now = kesu_clock_now_unix ();
  if (locked_until > now)
    {
      g_autofree char *until = format_local_time (locked_until);

      g_set_error (error, KESU_ERROR, KESU_ERROR_LOCKED_OUT,
                   _("Too many wrong PINs: this account is locked until %s."), until);
      return NULL;
    }

  check = g_new0 (PinCheck, 1);
  check->hash = g_steal_pointer (&hash);
  check->failed = failed;
  check->locked_until = locked_until;
  check->now = now;
  return check;
}

/* The Argon2id verify alone (constant time, about a tenth of a second by design): no
 * database, so it may run in a thread. */
static gboolean
pin_verify (const char *hash,
            const char *pin)
{
  return crypto_pwhash_str_verify (hash, pin != NULL ? pin : "", pin != NULL ? strlen (pin) : 0)
         == 0;
}

/* Counts the try that pin_check_prepare allowed: a right one clears the count, a wrong one
 * adds to it and may lock the account. */
static gboolean
pin_check_conclude (KesuStore  *store,
                    gint64      staff_id,
                    PinCheck   *check,
                    gboolean    right,
                    GError    **error)
{
  gint64 failed = check->failed;
  gint64 locked_until = check->locked_until;
  gint64 now = check->now;

  if (right)
    {
      if ((failed > 0 || locked_until > 0) &&
          !record_try (store, staff_id, 0, 0, NULL, NULL, error))
        return FALSE;
      return TRUE;
    }

  /* A lockout that has run out starts the count afresh. */
  failed = (locked_until > 0 ? 0 : failed) + 1;
  if (failed >= KESU_PIN_MAX_FAILURES)
    {
      gint64 until_unix = now + (gint64) kesu_store_get_lockout_minutes (store) * 60;
      g_autofree char *until = format_local_time (until_unix);

      if (!record_try (store, staff_id, 0, until_unix, "locked-out", until, error))
        return FALSE;
      g_set_error (error, KESU_ERROR, KESU_ERROR_LOCKED_OUT,
                   _("Too many wrong PINs: this account is locked until %s."), until);
      return FALSE;
    }
  if (!record_try (store, staff_id, failed, 0, "wrong-pin", NULL, error))
    return FALSE;
  {
    int left = KESU_PIN_MAX_FAILURES - (int) failed;

    g_set_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Wrong PIN. %d more wrong try locks this account.",
                              "Wrong PIN. %d more wrong tries lock this account.", left),
                 left);
  }
  return FALSE;
}

/* The PIN check shared by sign-in and approvals. */
static gboolean
check_pin (KesuStore   *store,
           gint64       staff_id,
           const char  *pin,
           GError     **error)
{
  g_autoptr(PinCheck) check = pin_check_prepare (store, staff_id, error);

  if (check == NULL)
    return FALSE;
  return pin_check_conclude (store, staff_id, check, pin_verify (check->hash, pin), error);
}

gboolean
kesu_store_verify_pin (KesuStore   *store,
                       gint64       staff_id,
                       const char  *pin,
                       GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  return check_pin (store, staff_id, pin, error);
}

static gboolean sign_in_checked (KesuStore  *store,
                                 gint64      staff_id,
                                 GError    **error);

gboolean
kesu_store_sign_in (KesuStore   *store,
                    gint64       staff_id,
                    const char  *pin,
                    GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (!check_pin (store, staff_id, pin, error))
    return FALSE;
  return sign_in_checked (store, staff_id, error);
}

/* The sign-in of kesu_store_sign_in_async: the Argon2 verify in a thread, the rest here. */
typedef struct
{
  gint64    staff_id;
  char     *pin;
  PinCheck *check;
} SignInJob;

static void
sign_in_job_free (SignInJob *job)
{
  sodium_memzero (job->pin, strlen (job->pin));
  g_free (job->pin);
  pin_check_free (job->check);
  g_free (job);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignInJob *job = task_data;

  g_task_return_int (task, pin_verify (job->check->hash, job->pin) ? 1 : 0);
}

void
kesu_store_sign_in_async (KesuStore           *store,
                          gint64               staff_id,
                          const char          *pin,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PinCheck *check;
  SignInJob *job;

  g_return_if_fail (KESU_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, kesu_store_sign_in_async);
  check = pin_check_prepare (store, staff_id, &error);
  if (check == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = g_new0 (SignInJob, 1);
  job->staff_id = staff_id;
  job->pin = g_strdup (pin != NULL ? pin : "");
  job->check = check;
  g_task_set_task_data (task, job, (GDestroyNotify) sign_in_job_free);
  g_task_run_in_thread (task, sign_in_thread);
}

gboolean
kesu_store_sign_in_finish (KesuStore     *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(PinCheck) fresh = NULL;
  SignInJob *job;
  gssize right;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  right = g_task_propagate_int (G_TASK (result), error);
  if (right < 0)
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  /* What was read before the verify may have changed while it ran (a PIN set, a
   * lockout by another try): read again, and verify again if the PIN did change. */
  fresh = pin_check_prepare (store, job->staff_id, error);
  if (fresh == NULL)
    return FALSE;
  if (!g_str_equal (fresh->hash, job->check->hash))
    right = pin_verify (fresh->hash, job->pin);
  if (!pin_check_conclude (store, job->staff_id, fresh, right != 0, error))
    return FALSE;
  return sign_in_checked (store, job->staff_id, error);
}

/* Makes @staff_id, whose PIN was just found right, the operator. */
static gboolean
sign_in_checked (KesuStore  *store,
                 gint64      staff_id,
                 GError    **error)
{
  gint64 previous;

  previous = kesu_store_get_operator (store);
  /* A different person signing in takes over: the one before is signed out first. */
  if (previous > 0 && previous != staff_id)
    kesu_store_sign_out (store);
  kesu_store_set_operator (store, staff_id);
  if (!_kesu_audit_write (store, staff_id, 0, "sign-in", staff_id, "signed-in", NULL, NULL,
                          error))
    {
      kesu_store_set_operator (store, 0);
      return FALSE;
    }
  return TRUE;
}

void
kesu_store_sign_out (KesuStore *store)
{
  gint64 operator_id;

  g_return_if_fail (KESU_IS_STORE (store));

  operator_id = kesu_store_get_operator (store);
  if (operator_id <= 0)
    return;
  /* Signing out must work even when the log cannot be written (a full disk): the
   * window is locked either way. */
  if (!_kesu_audit_write (store, operator_id, 0, "sign-in", operator_id, "signed-out", NULL,
                          NULL, NULL))
    g_warning ("Could not write the sign-out to the audit log");
  kesu_store_set_operator (store, 0);
}

gboolean
kesu_store_is_signed_in (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  return kesu_store_get_operator (store) > 0;
}

/* ---- limits ---- */

gint64
kesu_store_get_role_limit (KesuStore *store,
                           KesuRole   role)
{
  KesuStatement *stmt;
  gint64 limit;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  limit = kesu_role_default_limit (role);
  if ((guint) role >= KESU_N_ROLES)
    return 0;
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT limit_fen FROM role_limit WHERE role = ?1", NULL);
  if (stmt == NULL)
    return limit;
  kesu_statement_bind_text (stmt, 1, kesu_role_to_key (role));
  if (kesu_statement_step (stmt, NULL))
    {
      limit = kesu_statement_get_int64 (stmt, 0);
      kesu_statement_reset (stmt);
    }
  return limit;
}

gboolean
kesu_store_set_role_limit (KesuStore  *store,
                           KesuRole    role,
                           gint64      fen,
                           GError    **error)
{
  KesuStatement *stmt;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (!kesu_store_check_permission (store, KESU_PERMISSION_MANAGE_SETTINGS, error))
    return FALSE;
  if ((guint) role >= KESU_N_ROLES)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Choose a role."));
      return FALSE;
    }
  if (fen < 0 || fen > LIMIT_MAX_FEN)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A compensation limit is from 0 to 10,000,000 CNY."));
      return FALSE;
    }
  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  stmt = kesu_db_prepare (db,
                          "INSERT INTO role_limit (role, limit_fen) VALUES (?1, ?2)"
                          " ON CONFLICT (role) DO UPDATE SET limit_fen = excluded.limit_fen",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_text (stmt, 1, kesu_role_to_key (role));
  kesu_statement_bind_int64 (stmt, 2, fen);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  /* "Awaiting approval" and the move dialog's warnings depend on the limits. */
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

gint64
kesu_store_get_staff_limit (KesuStore *store,
                            gint64     staff_id)
{
  KesuRole role;
  gboolean active = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);

  if (!read_staff (store, staff_id, &role, &active) || !active)
    return 0;
  return kesu_store_get_role_limit (store, role);
}

/* ---- approvals ---- */

void
kesu_approval_request_free (KesuApprovalRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->number);
  g_free (request->customer_name);
  g_free (request->handler_name);
  g_free (request->solution_label);
  g_free (request->measures);
  g_free (request);
}

/* The last decision on @amount_fen for the case: 1 approved, 0 refused, -1 none. */
static int
last_decision (KesuStore *store,
               gint64     complaint_id,
               gint64     amount_fen)
{
  KesuStatement *stmt;
  int decision = -1;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT approved FROM approval WHERE complaint_id = ?1"
                          " AND amount_fen = ?2 ORDER BY id DESC LIMIT 1",
                          NULL);
  if (stmt == NULL)
    return -1;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, amount_fen);
  if (kesu_statement_step (stmt, NULL))
    {
      decision = kesu_statement_get_int64 (stmt, 0) != 0 ? 1 : 0;
      kesu_statement_reset (stmt);
    }
  return decision;
}

gboolean
_kesu_store_amount_needs_approval (KesuStore *store,
                                   gint64     complaint_id,
                                   gint64     handler_id,
                                   gint64     amount_fen,
                                   gint64    *out_limit_fen)
{
  gint64 limit = kesu_store_get_staff_limit (store, handler_id);

  if (out_limit_fen != NULL)
    *out_limit_fen = limit;
  /* Equal to the limit is within it. */
  if (amount_fen <= limit)
    return FALSE;
  return last_decision (store, complaint_id, amount_fen) != 1;
}

/* The handler, state and stored amount of a case. */
static gboolean
read_proposal (KesuStore  *store,
               gint64      complaint_id,
               gint64     *out_handler,
               KesuState  *out_state,
               gint64     *out_amount,
               GError    **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT handler_id, state, coalesce (amount_fen, -1) FROM complaint"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step (stmt, NULL))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                           _("This complaint does not exist."));
      return FALSE;
    }
  *out_handler = kesu_statement_get_int64 (stmt, 0);
  if (!kesu_state_from_key (kesu_statement_get_text (stmt, 1), out_state))
    *out_state = KESU_STATE_RECEIVED;
  *out_amount = kesu_statement_get_int64 (stmt, 2);
  kesu_statement_reset (stmt);
  return TRUE;
}

gboolean
kesu_store_approval_needed (KesuStore *store,
                            gint64     complaint_id,
                            gint64     amount_fen,
                            gint64    *out_limit_fen)
{
  gint64 handler = 0, stored = -1;
  KesuState state;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (out_limit_fen != NULL)
    *out_limit_fen = 0;
  if (!read_proposal (store, complaint_id, &handler, &state, &stored, NULL))
    return FALSE;
  if (amount_fen < 0)
    amount_fen = stored;
  if (amount_fen < 0)
    {
      if (out_limit_fen != NULL)
        *out_limit_fen = kesu_store_get_staff_limit (store, handler);
      return FALSE;
    }
  return _kesu_store_amount_needs_approval (store, complaint_id, handler, amount_fen,
                                            out_limit_fen);
}

gboolean
kesu_store_propose_solution (KesuStore           *store,
                             gint64               complaint_id,
                             const KesuCaseData  *solution,
                             GError             **error)
{
  KesuDb *db;
  KesuStatement *stmt;
  gint64 handler = 0, stored = -1, now, operator_id;
  KesuState state;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (solution != NULL, FALSE);

  operator_id = kesu_store_get_operator (store);
  if (operator_id <= 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("Sign in first: every change is recorded under the name of the "
                             "person who makes it."));
      return FALSE;
    }
  if (solution->solution == KESU_SOLUTION_NONE || (guint) solution->solution >= KESU_N_SOLUTIONS)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, _("Choose a solution."));
      return FALSE;
    }
  if (!kesu_validate_text (solution->measures != NULL ? solution->measures : "",
                           KESU_TEXT_MAX_CHARS, TRUE, error))
    {
      g_prefix_error (error, "%s ", _("Measures:"));
      return FALSE;
    }
  if (solution->amount_fen < 0 || solution->amount_fen > LIMIT_MAX_FEN)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Give the amount, from 0 to 10,000,000 CNY."));
      return FALSE;
    }
  now = kesu_clock_now_unix ();
  if (solution->solution_deadline > 0 && solution->solution_deadline < now)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The deadline for the measures is in the past."));
      return FALSE;
    }

  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!read_proposal (store, complaint_id, &handler, &state, &stored, error))
    goto fail;
  if (state != KESU_STATE_PROPOSING)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("A solution is proposed while the case is in negotiation."));
      goto fail;
    }
  stmt = kesu_db_prepare (db,
                          "UPDATE complaint SET solution = ?2, measures = ?3, amount_fen = ?4,"
                          "  solution_deadline = coalesce (?5, solution_deadline),"
                          "  updated_at = ?6 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, kesu_solution_to_key (solution->solution));
  kesu_statement_bind_text (stmt, 3, solution->measures);
  kesu_statement_bind_int64 (stmt, 4, solution->amount_fen);
  if (solution->solution_deadline > 0)
    kesu_statement_bind_int64 (stmt, 5, solution->solution_deadline);
  else
    kesu_statement_bind_null (stmt, 5);
  kesu_statement_bind_int64 (stmt, 6, now);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (!_kesu_store_insert_event (store, complaint_id, now, operator_id, KESU_EVENT_SOLUTION,
                                 solution->measures, 0, error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

gboolean
_kesu_store_record_approval (KesuStore   *store,
                             gint64       complaint_id,
                             gint64       amount_fen,
                             gint64       approver_id,
                             gboolean     approved,
                             const char  *reason,
                             GError     **error)
{
  g_autofree char *amount_text = NULL;
  g_autofree char *detail = NULL;
  KesuDb *db = kesu_store_get_db (store);
  KesuStatement *stmt;
  gint64 handler = 0, stored = -1, limit, handler_limit, now;
  KesuState state;

  if (!approved && !kesu_validate_text (reason != NULL ? reason : "", KESU_TEXT_MAX_CHARS,
                                        TRUE, error))
    {
      g_prefix_error (error, "%s ", _("Why the approval is refused:"));
      return FALSE;
    }
  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!read_proposal (store, complaint_id, &handler, &state, &stored, error))
    goto fail;
  if (amount_fen < 0)
    amount_fen = stored;
  if (state != KESU_STATE_PROPOSING)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Only a solution in negotiation is approved or refused."));
      goto fail;
    }
  if (amount_fen < 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The solution has no amount to approve yet."));
      goto fail;
    }
  if (amount_fen > LIMIT_MAX_FEN)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The amount is more than 10,000,000 CNY."));
      goto fail;
    }
  amount_text = kesu_format_amount (amount_fen);
  handler_limit = kesu_store_get_staff_limit (store, handler);
  if (approved && amount_fen <= handler_limit)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("%s is within the handler's own authority: no approval is needed."),
                   amount_text);
      goto fail;
    }
  /* DOMAIN.md: "a manager with the authority must approve". */
  if (!kesu_store_can (store, approver_id, KESU_PERMISSION_APPROVE))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                           _("Only a manager approves or refuses an amount beyond the "
                             "handler's limit."));
      goto fail;
    }
  limit = kesu_store_get_staff_limit (store, approver_id);
  if (amount_fen > limit)
    {
      g_autofree char *limit_text = kesu_format_amount (limit);

      /* Refusing is a decision too, and as much beyond one's authority. */
      g_set_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED,
                   _("%s is beyond your authority of %s: someone with a higher limit must "
                     "decide."),
                   amount_text, limit_text);
      goto fail;
    }

  now = kesu_clock_now_unix ();
  stmt = kesu_db_prepare (db,
                          "INSERT INTO approval (complaint_id, amount_fen, approved, staff_id,"
                          "                      at, reason)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_int64 (stmt, 2, amount_fen);
  kesu_statement_bind_int64 (stmt, 3, approved ? 1 : 0);
  kesu_statement_bind_int64 (stmt, 4, approver_id);
  kesu_statement_bind_int64 (stmt, 5, now);
  kesu_statement_bind_text_or_null (stmt, 6, approved ? NULL : reason);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  /* Translators: on the timeline, "¥8,000.00 — the customer waited three weeks" */
  detail = approved ? g_strdup (amount_text)
                    : g_strdup_printf (_("%s — %s"), amount_text, reason);
  if (!_kesu_store_insert_event (store, complaint_id, now, approver_id,
                                 approved ? KESU_EVENT_APPROVED : KESU_EVENT_APPROVAL_REFUSED,
                                 detail, 0, error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

static gboolean
decide (KesuStore   *store,
        gint64       complaint_id,
        gint64       amount_fen,
        gint64       approver_id,
        const char  *pin,
        gboolean     approved,
        const char  *reason,
        GError     **error)
{
  /* The PIN first, outside the decision's transaction, so that a wrong one is counted;
   * then the log says the approver checked their PIN on this session. */
  if (!check_pin (store, approver_id, pin, error))
    return FALSE;
  if (approver_id != kesu_store_get_operator (store) &&
      !_kesu_audit_write (store, approver_id, complaint_id, "sign-in", approver_id,
                          "pin-checked", NULL, NULL, error))
    return FALSE;
  return _kesu_store_record_approval (store, complaint_id, amount_fen, approver_id, approved,
                                      reason, error);
}

gboolean
kesu_store_approve (KesuStore   *store,
                    gint64       complaint_id,
                    gint64       amount_fen,
                    gint64       approver_id,
                    const char  *pin,
                    GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  return decide (store, complaint_id, amount_fen, approver_id, pin, TRUE, NULL, error);
}

gboolean
kesu_store_refuse_approval (KesuStore   *store,
                            gint64       complaint_id,
                            gint64       amount_fen,
                            gint64       approver_id,
                            const char  *pin,
                            const char  *reason,
                            GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  /* The reason is asked for before the PIN is spent. */
  if (!kesu_validate_text (reason != NULL ? reason : "", KESU_TEXT_MAX_CHARS, TRUE, error))
    {
      g_prefix_error (error, "%s ", _("Why the approval is refused:"));
      return FALSE;
    }
  return decide (store, complaint_id, amount_fen, approver_id, pin, FALSE, reason, error);
}

GPtrArray *
kesu_store_list_awaiting_approval (KesuStore *store,
                                   gint64     approver_id)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_approval_request_free);
  gint64 limits[KESU_N_ROLES];
  gint64 approver_limit;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), list);

  approver_limit = kesu_store_get_staff_limit (store, approver_id);
  if (approver_limit <= 0 || !kesu_store_can (store, approver_id, KESU_PERMISSION_APPROVE))
    return list;
  for (guint r = 0; r < KESU_N_ROLES; r++)
    limits[r] = kesu_store_get_role_limit (store, r);

  /* Every case in negotiation with an amount the approver could cover; whether it is
   * beyond its handler's limit and still undecided is checked below, per role. */
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT c.id, c.number, cu.name, c.handler_id, s.name, s.role,"
                          "  c.amount_fen, c.solution, coalesce (c.measures, ''),"
                          "  (SELECT max (e.at) FROM event e WHERE e.complaint_id = c.id"
                          "     AND e.kind = 'solution'),"
                          "  (SELECT a.approved FROM approval a WHERE a.complaint_id = c.id"
                          "     AND a.amount_fen = c.amount_fen ORDER BY a.id DESC LIMIT 1)"
                          " FROM complaint c JOIN customer cu ON cu.id = c.customer_id"
                          "  JOIN staff s ON s.id = c.handler_id"
                          " WHERE c.state = 'proposing' AND c.amount_fen > 0"
                          "  AND c.amount_fen <= ?1"
                          " ORDER BY 10, c.id",
                          NULL);
  if (stmt == NULL)
    return list;
  kesu_statement_bind_int64 (stmt, 1, approver_limit);
  while (kesu_statement_step (stmt, NULL))
    {
      KesuApprovalRequest *request;
      KesuRole role;
      KesuSolution solution = KESU_SOLUTION_NONE;
      gint64 amount = kesu_statement_get_int64 (stmt, 6);

      if (!kesu_role_from_key (kesu_statement_get_text (stmt, 5), &role))
        continue;
      /* Decided already (approved, or refused for this amount), or within the handler's
       * own authority. */
      if (!kesu_statement_is_null (stmt, 10) || amount <= limits[role])
        continue;
      request = g_new0 (KesuApprovalRequest, 1);
      request->complaint_id = kesu_statement_get_int64 (stmt, 0);
      request->number = kesu_statement_dup_text (stmt, 1);
      request->customer_name = kesu_statement_dup_text (stmt, 2);
      request->handler_id = kesu_statement_get_int64 (stmt, 3);
      request->handler_name = kesu_statement_dup_text (stmt, 4);
      request->amount_fen = amount;
      request->handler_limit_fen = limits[role];
      kesu_solution_from_key (kesu_statement_get_text (stmt, 7), &solution);
      request->solution_label = g_strdup (kesu_solution_to_label (solution));
      request->measures = kesu_statement_dup_text (stmt, 8);
      request->requested_at = kesu_statement_get_int64 (stmt, 9);
      g_ptr_array_add (list, request);
    }
  return list;
}
