/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-signature.h"
#include "kesu-store-private.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* Staff, PINs, permissions and approvals, on a real store: 王芳 at the front desk (signed
 * in), 李强 a service advisor handling cases, 陈志刚 the after-sales manager and 黄建国
 * the general manager, all with KESU_TEST_PIN. */

#define DAY (24 * 3600)

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  gint64     clerk_id;
  gint64     handler_id;
  gint64     manager_id;
  gint64     gm_id;
  gint64     t0;
} Fixture;

static char *shared_pin_hash;

static void
give_test_pin (Fixture *f,
               gint64   staff_id)
{
  g_autoptr(GError) error = NULL;

  /* Hashed once for the whole program: a real Argon2id string, reused. */
  if (shared_pin_hash == NULL)
    {
      shared_pin_hash = _kesu_pin_hash (KESU_TEST_PIN, &error);
      g_assert_no_error (error);
    }
  g_assert_true (_kesu_store_set_pin_hash (f->store, staff_id, shared_pin_hash, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->t0 = g_date_time_to_unix (now);
  f->store = kesu_test_store_new ("kesu-auth", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->clerk_id, &f->handler_id);
  f->manager_id = kesu_test_add_staff (f->store, "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER,
                                       NULL, &error);
  g_assert_no_error (error);
  f->gm_id = kesu_test_add_staff (f->store, "黄建国", KESU_ROLE_GENERAL_MANAGER, NULL,
                                  &error);
  g_assert_no_error (error);
  give_test_pin (f, f->manager_id);
  give_test_pin (f, f->gm_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  g_free (f->path);
  kesu_clock_set_fixed (NULL);
}

static char *
query_text (KesuStore  *store,
            const char *fixed_sql,
            gint64      id)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store), fixed_sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  kesu_statement_bind_int64 (stmt, 1, id);
  if (kesu_statement_step (stmt, &error))
    {
      text = kesu_statement_dup_text (stmt, 0);
      kesu_statement_reset (stmt);
    }
  g_assert_no_error (error);
  return text;
}

static gint64
query_int (KesuStore  *store,
           const char *fixed_sql,
           gint64      id)
{
  g_autofree char *text = query_text (store, fixed_sql, id);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* How many audit rows (other than the timeline's) of @field name @staff_id. */
static gint64
audit_rows (Fixture    *f,
            const char *field,
            gint64      staff_id)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (f->store),
                                         "SELECT count(*) FROM audit WHERE field = ?1"
                                         " AND staff_id = ?2 AND entity != 'event'",
                                         &error);
  gint64 n;

  g_assert_no_error (error);
  kesu_statement_bind_text (stmt, 1, field);
  kesu_statement_bind_int64 (stmt, 2, staff_id);
  g_assert_true (kesu_statement_step (stmt, &error));
  n = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return n;
}

static gint64
add_case (Fixture *f)
{
  g_autoptr(KesuIntake) in = kesu_test_intake_new (f->t0 - 3600, f->clerk_id, f->handler_id,
                                                   "张伟", "13812345678",
                                                   "保养后发动机舱漏油，地面有油迹。",
                                                   "要求赔偿");

  return kesu_test_add_intake (f->store, in);
}

static void
move_ok (Fixture            *f,
         gint64              id,
         KesuState           to,
         const KesuCaseData *input)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_store_move (f->store, id, to, input, NULL, &error));
  g_assert_no_error (error);
}

/* A case in "proposing", as its handler works it. */
static gint64
case_in_negotiation (Fixture *f)
{
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  gint64 id = add_case (f);

  kesu_store_set_operator (f->store, f->handler_id);
  move_ok (f, id, KESU_STATE_INVESTIGATING, NULL);
  finding->cause = g_strdup ("机油滤芯未拧紧");
  finding->responsibility = KESU_RESPONSIBILITY_DEALER_AFTER_SALES;
  move_ok (f, id, KESU_STATE_PROPOSING, finding);
  return id;
}

static KesuCaseData *
agreement (Fixture *f,
           gint64   amount_fen)
{
  KesuCaseData *d = kesu_case_data_new ();

  d->solution = KESU_SOLUTION_COMPENSATION;
  d->measures = g_strdup ("免费维修并补偿交通费");
  d->amount_fen = amount_fen;
  d->solution_deadline = f->t0 + 3 * DAY;
  d->agreed_at = f->t0;
  d->agreement_note = g_strdup ("客户现场签字确认");
  return d;
}

static gint64
closed_case (Fixture *f)
{
  g_autoptr(KesuCaseData) agreed = agreement (f, 0);
  g_autoptr(KesuCaseData) done = kesu_case_data_new ();
  g_autoptr(KesuCaseData) rating = kesu_case_data_new ();
  gint64 id = case_in_negotiation (f);

  move_ok (f, id, KESU_STATE_EXECUTING, agreed);
  done->measures_result = g_strdup ("已紧固并试车");
  move_ok (f, id, KESU_STATE_FOLLOW_UP, done);
  rating->satisfaction = 4;
  rating->satisfaction_comment = g_strdup ("满意");
  move_ok (f, id, KESU_STATE_CLOSED, rating);
  return id;
}

/* ---- PINs ---- */

static void
test_pin (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *const bad[] = { "", "123", "123456789", "12a4", " 1234", "１２３４" };

  /* The form of a PIN. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (kesu_pin_check (bad[i], &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "4 to 8 digits"));
      g_clear_error (&error);
    }
  g_assert_true (kesu_pin_check ("1234", NULL));
  g_assert_true (kesu_pin_check ("12345678", NULL));

  /* 王芳 sets her own PIN; the stored value is an Argon2id string, not the PIN. */
  g_assert_true (kesu_store_set_pin (f->store, f->clerk_id, "135790", &error));
  g_assert_no_error (error);
  hash = query_text (f->store, "SELECT pin_hash FROM staff WHERE id = ?1", f->clerk_id);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "135790"));
  g_assert_cmpstr (hash, !=, shared_pin_hash);
  g_assert_true (kesu_store_has_pin (f->store, f->clerk_id));

  g_assert_true (kesu_store_verify_pin (f->store, f->clerk_id, "135790", &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_verify_pin (f->store, f->clerk_id, "135791", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN);
  g_clear_error (&error);
  /* A bad form is refused before anything is stored. */
  g_assert_false (kesu_store_set_pin (f->store, f->clerk_id, "12", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_verify_pin (f->store, f->clerk_id, "135790", &error));

  /* The front desk does not set another person's PIN; a manager does. */
  g_assert_false (kesu_store_set_pin (f->store, f->handler_id, "9999", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_true (kesu_store_set_pin (f->store, f->handler_id, "9999", &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_verify_pin (f->store, f->handler_id, "9999", &error));
  g_assert_no_error (error);
  /* Audited, without the PIN or its hash. */
  g_assert_cmpint (audit_rows (f, "pin", f->manager_id), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit WHERE id >= ?1 AND"
                              " (new_value LIKE '%argon%' OR new_value LIKE '%9999%')", 1), ==, 0);
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = NULL;
  gint64 h = f->handler_id;

  /* Four wrong PINs in a row: each says how many tries are left, none locks. */
  for (int i = 1; i <= 4; i++)
    {
      g_assert_false (kesu_store_sign_in (f->store, h, "0000", &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN);
      if (i == 4)
        g_assert_cmpstr (error->message, ==, "Wrong PIN. 1 more wrong try locks this account.");
      if (i == 1)
        g_assert_cmpstr (error->message, ==, "Wrong PIN. 4 more wrong tries lock this account.");
      g_clear_error (&error);
    }
  g_assert_cmpint (kesu_store_locked_until (f->store, h), ==, 0);
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->clerk_id);
  /* The right one still works, and starts the count afresh. */
  g_assert_true (kesu_store_sign_in (f->store, h, KESU_TEST_PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, h);
  g_assert_cmpint (query_int (f->store, "SELECT failed_pins FROM staff WHERE id = ?1", h), ==, 0);

  for (int i = 1; i <= 4; i++)
    {
      g_assert_false (kesu_store_verify_pin (f->store, h, "0000", &error));
      g_assert_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN);
      g_clear_error (&error);
    }
  /* The fifth in a row locks the account for the lockout time (15 minutes). */
  g_assert_false (kesu_store_verify_pin (f->store, h, "0000", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_LOCKED_OUT);
  g_assert_nonnull (strstr (error->message, "locked until 2026-11-24 10:15"));
  g_clear_error (&error);
  g_assert_cmpint (kesu_store_locked_until (f->store, h), ==, f->t0 + 15 * 60);
  /* Now even the right PIN is refused. */
  g_assert_false (kesu_store_sign_in (f->store, h, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  g_assert_cmpint (audit_rows (f, "wrong-pin", h), ==, 8);
  g_assert_cmpint (audit_rows (f, "locked-out", h), ==, 1);

  /* A restart does not undo it: the count is in the database. */
  g_clear_object (&f->store);
  f->store = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (kesu_store_is_signed_in (f->store));
  g_assert_false (kesu_store_sign_in (f->store, h, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  /* Others are not locked. */
  g_assert_true (kesu_store_sign_in (f->store, f->manager_id, KESU_TEST_PIN, &error));
  g_assert_no_error (error);

  /* Once the time is up, the right PIN works again. */
  later = g_date_time_new_from_unix_local (f->t0 + 15 * 60 + 1);
  kesu_clock_set_fixed (later);
  g_assert_cmpint (kesu_store_locked_until (f->store, h), ==, 0);
  g_assert_true (kesu_store_sign_in (f->store, h, KESU_TEST_PIN, &error));
  g_assert_no_error (error);

  /* The lockout time is a setting, for those who manage settings. */
  g_assert_false (kesu_store_set_lockout_minutes (f->store, 30, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_false (kesu_store_set_lockout_minutes (f->store, 0, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_set_lockout_minutes (f->store, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_get_lockout_minutes (f->store), ==, 30);
  g_assert_cmpuint (kesu_store_get_idle_lock_minutes (f->store), ==,
                    KESU_DEFAULT_IDLE_LOCK_MINUTES);
  g_assert_true (kesu_store_set_idle_lock_minutes (f->store, 0, &error));
  g_assert_cmpuint (kesu_store_get_idle_lock_minutes (f->store), ==, 0);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = kesu_intake_new ();
  KesuStaff changed;

  g_assert_true (kesu_store_is_signed_in (f->store));
  kesu_store_sign_out (f->store);
  g_assert_false (kesu_store_is_signed_in (f->store));
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, 0);
  g_assert_cmpint (audit_rows (f, "signed-out", f->clerk_id), ==, 1);

  /* With nobody signed in nothing is written: every change needs a name. */
  in->channel = KESU_CHANNEL_PHONE;
  in->received_at = g_date_time_new_from_unix_local (f->t0 - 60);
  in->received_by = f->clerk_id;
  in->customer_name = g_strdup ("张伟");
  in->customer_phone = g_strdup ("13812345678");
  in->description = g_strdup ("漏油");
  in->demand = g_strdup ("修好");
  in->handler_id = f->handler_id;
  g_assert_cmpint (kesu_store_add_complaint (f->store, in, NULL, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (kesu_store_add_note (f->store, 1, "备注", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* Signing in with the PIN; a different person signing in takes over. */
  g_assert_true (kesu_store_sign_in (f->store, f->clerk_id, KESU_TEST_PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->clerk_id);
  g_assert_cmpint (audit_rows (f, "signed-in", f->clerk_id), ==, 1);
  g_assert_true (kesu_store_sign_in (f->store, f->manager_id, KESU_TEST_PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->manager_id);
  g_assert_cmpint (audit_rows (f, "signed-out", f->clerk_id), ==, 2);

  /* A deactivated person can no longer sign in. */
  changed = (KesuStaff) { f->handler_id, (char *) "李强", KESU_ROLE_SERVICE_ADVISOR,
                          (char *) "", FALSE, 0, 0, FALSE };
  g_assert_true (kesu_store_update_staff (f->store, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_sign_in (f->store, f->handler_id, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  /* Nor can someone without a PIN. */
  {
    gint64 new_id = kesu_store_add_staff (f->store, "周杰", KESU_ROLE_SALES_CONSULTANT, NULL,
                                          &error);

    g_assert_no_error (error);
    g_assert_false (kesu_store_has_pin (f->store, new_id));
    g_assert_false (kesu_store_sign_in (f->store, new_id, KESU_TEST_PIN, &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
    g_clear_error (&error);
  }
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Signs @staff_id in with kesu_store_sign_in_async, waiting for it. */
static gboolean
sign_in_async (Fixture     *f,
               gint64       staff_id,
               const char  *pin,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kesu_store_sign_in_async (f->store, staff_id, pin, NULL, async_done_cb, &result);
  /* Nobody is signed in before the verify in its thread is done. */
  g_assert_false (kesu_store_is_signed_in (f->store));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kesu_store_sign_in_finish (f->store, result, error);
}

/* The same checks with the Argon2 verify in a thread: a right PIN signs in (audited), a
 * wrong one counts toward the lockout, a person without a PIN is refused at once. */
static void
test_sign_in_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 new_id;

  kesu_store_sign_out (f->store);
  g_assert_false (sign_in_async (f, f->manager_id, "9999", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_false (kesu_store_is_signed_in (f->store));
  g_assert_cmpint (audit_rows (f, "wrong-pin", f->manager_id), ==, 1);

  g_assert_true (sign_in_async (f, f->manager_id, KESU_TEST_PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->manager_id);
  g_assert_cmpint (audit_rows (f, "signed-in", f->manager_id), ==, 1);
  new_id = kesu_store_add_staff (f->store, "周杰", KESU_ROLE_SALES_CONSULTANT, NULL, &error);
  g_assert_no_error (error);

  /* The PIN changed while the verify ran: the one in the database counts. */
  kesu_store_sign_out (f->store);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *other = _kesu_pin_hash ("864200", &error);

    g_assert_no_error (error);
    kesu_store_sign_in_async (f->store, f->gm_id, KESU_TEST_PIN, NULL, async_done_cb, &result);
    g_assert_true (_kesu_store_set_pin_hash (f->store, f->gm_id, other, &error));
    g_assert_no_error (error);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (kesu_store_sign_in_finish (f->store, result, &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN);
    g_clear_error (&error);
    g_assert_false (kesu_store_is_signed_in (f->store));
  }

  /* Someone without a PIN: refused before any verify. */
  g_assert_false (sign_in_async (f, new_id, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
}

/* The first start creates the administrator with a PIN, signed in. */
static void
test_setup_with_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_open ("kesu-auth-setup", &dir, NULL);
  KesuBranch branch = { (char *) "星河汽车4S店", (char *) "", (char *) "" };
  gint64 admin = 0;

  /* The first person must be able to manage the others. */
  g_assert_false (kesu_store_setup_with_pin (store, &branch, "前台", KESU_ROLE_FRONT_DESK,
                                             NULL, "2468", &admin, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kesu_store_setup_with_pin (store, &branch, "管理员",
                                             KESU_ROLE_ADMINISTRATOR, NULL, "24", &admin,
                                             &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_needs_setup (store));

  g_assert_true (kesu_store_setup_with_pin (store, &branch, "管理员", KESU_ROLE_ADMINISTRATOR,
                                            NULL, "2468", &admin, &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_needs_setup (store));
  g_assert_cmpint (kesu_store_get_operator (store), ==, admin);
  g_assert_true (kesu_store_has_pin (store, admin));
  g_assert_false (kesu_store_needs_first_pin (store));
  g_assert_true (kesu_store_verify_pin (store, admin, "2468", &error));
  g_assert_no_error (error);
  /* Signed out, nobody adds staff or sets a PIN any more. */
  kesu_store_sign_out (store);
  g_assert_cmpint (kesu_store_add_staff (store, "某人", KESU_ROLE_FRONT_DESK, NULL, &error),
                   ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (kesu_store_set_pin (store, admin, "1111", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
}

/* A database from before sign-in: one manager may take the first PIN. */
static void
test_first_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(KesuStore) store = kesu_test_store_open ("kesu-auth-first", &dir, NULL);
  KesuBranch branch = { (char *) "星河汽车4S店", (char *) "", (char *) "" };
  gint64 clerk = 0, manager;

  g_assert_true (kesu_store_setup (store, &branch, "王芳", KESU_ROLE_FRONT_DESK, NULL, &clerk,
                                   &error));
  kesu_store_set_operator (store, 0);
  manager = kesu_store_add_staff (store, "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kesu_store_needs_first_pin (store));
  /* The manager, though 王芳 came first. */
  g_assert_cmpint (kesu_store_first_pin_holder (store), ==, manager);
  g_assert_false (kesu_store_set_pin (store, clerk, "1357", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (kesu_store_set_pin (store, manager, "1357", &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_needs_first_pin (store));
  g_assert_cmpint (kesu_store_first_pin_holder (store), ==, 0);
  /* That was the one: the next needs a signed-in manager. */
  g_assert_false (kesu_store_set_pin (store, clerk, "1357", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
}

/* ---- permissions ---- */

static void
expect_refused (gboolean  ok,
                GError  **error)
{
  g_assert_false (ok);
  g_assert_error (*error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (error);
}

static void
test_role_table (void)
{
  const KesuRole managers[] = {
    KESU_ROLE_AFTER_SALES_MANAGER, KESU_ROLE_SALES_MANAGER, KESU_ROLE_GENERAL_MANAGER,
    KESU_ROLE_ADMINISTRATOR,
  };
  const KesuRole others[] = {
    KESU_ROLE_FRONT_DESK, KESU_ROLE_SALES_CONSULTANT, KESU_ROLE_SERVICE_ADVISOR,
  };

  for (guint p = 0; p < KESU_N_PERMISSIONS; p++)
    {
      g_assert_cmpstr (kesu_permission_to_label (p), !=, "");
      for (guint i = 0; i < G_N_ELEMENTS (managers); i++)
        g_assert_true (kesu_role_can (managers[i], p));
      for (guint i = 0; i < G_N_ELEMENTS (others); i++)
        g_assert_false (kesu_role_can (others[i], p));
    }
  g_assert_false (kesu_role_can (KESU_N_ROLES, KESU_PERMISSION_REASSIGN));
  g_assert_false (kesu_role_can (KESU_ROLE_ADMINISTRATOR, KESU_N_PERMISSIONS));
  g_assert_cmpint (kesu_role_default_limit (KESU_ROLE_FRONT_DESK), ==, 0);
  g_assert_cmpint (kesu_role_default_limit (KESU_ROLE_SERVICE_ADVISOR), ==, 50000);
  g_assert_cmpint (kesu_role_default_limit (KESU_ROLE_AFTER_SALES_MANAGER), ==, 500000);
  g_assert_cmpint (kesu_role_default_limit (KESU_ROLE_GENERAL_MANAGER), ==, 5000000);
}

/* Each permission: refused to the front desk (or a service advisor), allowed to a
 * manager, in the store functions that need it. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (f->store);
  g_autoptr(KesuIntake) correction = kesu_intake_new ();
  gint64 open_id = add_case (f);
  gint64 closed_id;
  KesuStaff staff;

  /* Reassigning: not the front desk, not the handler; the manager. */
  expect_refused (kesu_store_assign (f->store, open_id, f->manager_id, &error), &error);
  kesu_store_set_operator (f->store, f->handler_id);
  expect_refused (kesu_store_assign (f->store, open_id, f->manager_id, &error), &error);
  {
    /* Nor through a move that names another handler. */
    g_autoptr(KesuCaseData) other = kesu_case_data_new ();

    other->handler_id = f->manager_id;
    expect_refused (kesu_store_move (f->store, open_id, KESU_STATE_INVESTIGATING, other, NULL,
                                     &error), &error);
  }
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_true (kesu_store_assign (f->store, open_id, f->handler_id, &error));
  g_assert_no_error (error);

  /* Deadlines. */
  kesu_store_set_operator (f->store, f->clerk_id);
  policy->resolution_seconds[KESU_SEVERITY_NORMAL] = 5 * DAY;
  expect_refused (kesu_store_set_deadline_policy (f->store, policy, &error), &error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_true (kesu_store_set_deadline_policy (f->store, policy, &error));
  g_assert_no_error (error);

  /* A closed case: corrected and reopened by a manager only. */
  closed_id = closed_case (f);
  kesu_store_set_operator (f->store, f->handler_id);
  correction->vehicle_model = g_strdup ("大众 途观L");
  expect_refused (kesu_store_update_intake (f->store, closed_id, correction, NULL, &error), &error);
  {
    g_autoptr(KesuCaseData) reopen = kesu_case_data_new ();

    reopen->reason = g_strdup ("客户再次来电");
    expect_refused (kesu_store_move (f->store, closed_id, KESU_STATE_INVESTIGATING, reopen,
                                     NULL, &error), &error);
  }
  /* (An open case is corrected by whoever works it.) */
  g_assert_true (kesu_store_update_intake (f->store, open_id, correction, NULL, &error));
  g_assert_no_error (error);
  kesu_store_set_operator (f->store, f->manager_id);
  {
    /* Even the manager says why a finished record changes; the reason is on the
     * timeline, under the changed field. */
    g_autoptr(KesuComplaint) after = NULL;
    g_autoptr(GPtrArray) before = kesu_store_list_events (f->store, closed_id, &error);
    g_autoptr(GPtrArray) events = NULL;
    const KesuEvent *last;

    g_assert_no_error (error);
    g_assert_false (kesu_store_update_intake (f->store, closed_id, correction, "  ", &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    g_clear_error (&error);
    events = kesu_store_list_events (f->store, closed_id, &error);
    g_assert_cmpuint (events->len, ==, before->len);
    g_clear_pointer (&events, g_ptr_array_unref);
    g_assert_true (kesu_store_update_intake (f->store, closed_id, correction,
                                             "客户提供了行驶证，车型登记有误", &error));
    g_assert_no_error (error);
    after = kesu_store_get_complaint (f->store, closed_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kesu_complaint_get_intake (after)->vehicle_model, ==, "大众 途观L");
    events = kesu_store_list_events (f->store, closed_id, &error);
    g_assert_no_error (error);
    last = g_ptr_array_index (events, events->len - 1);
    g_assert_cmpint (last->kind, ==, KESU_EVENT_CORRECTED);
    g_assert_cmpint (last->staff_id, ==, f->manager_id);
    g_assert_nonnull (strstr (last->detail, "途观L"));
    g_assert_nonnull (strstr (last->detail, "客户提供了行驶证，车型登记有误"));
  }

  /* Staff. */
  kesu_store_set_operator (f->store, f->clerk_id);
  staff = (KesuStaff) { f->handler_id, (char *) "李强", KESU_ROLE_SERVICE_ADVISOR,
                        (char *) "13800001111", TRUE, f->manager_id, 0, FALSE };
  expect_refused (kesu_store_update_staff (f->store, &staff, &error), &error);
  g_assert_cmpint (kesu_store_add_staff (f->store, "吴倩", KESU_ROLE_SALES_CONSULTANT, NULL,
                                         &error), ==, 0);
  expect_refused (FALSE, &error);
  expect_refused (kesu_store_set_staff_manager (f->store, f->handler_id, f->manager_id,
                                                &error), &error);
  kesu_store_set_operator (f->store, f->manager_id);
  g_assert_true (kesu_store_update_staff (f->store, &staff, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_add_staff (f->store, "吴倩", KESU_ROLE_SALES_CONSULTANT, NULL,
                                         &error), >, 0);
  g_assert_no_error (error);

  /* Settings. */
  kesu_store_set_operator (f->store, f->clerk_id);
  expect_refused (kesu_store_set_role_limit (f->store, KESU_ROLE_SERVICE_ADVISOR, 100000,
                                             &error), &error);
  expect_refused (kesu_store_set_attachment_limit (f->store, 5, &error), &error);
  kesu_store_set_operator (f->store, f->gm_id);
  g_assert_true (kesu_store_set_role_limit (f->store, KESU_ROLE_SERVICE_ADVISOR, 100000,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_role_limit (f->store, KESU_ROLE_SERVICE_ADVISOR), ==, 100000);
  g_assert_cmpint (kesu_store_get_staff_limit (f->store, f->handler_id), ==, 100000);
  g_assert_false (kesu_store_set_role_limit (f->store, KESU_ROLE_SERVICE_ADVISOR, -1, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  /* The audit log is for managers to see. */
  g_assert_false (kesu_store_can (f->store, f->clerk_id, KESU_PERMISSION_VIEW_AUDIT));
  g_assert_true (kesu_store_can (f->store, f->manager_id, KESU_PERMISSION_VIEW_AUDIT));
  g_assert_false (kesu_store_can (f->store, 0, KESU_PERMISSION_VIEW_AUDIT));

  /* Nobody deletes a complaint. */
  g_assert_false (kesu_db_exec (kesu_store_get_db (f->store),
                                "DELETE FROM complaint", &error));
  g_clear_error (&error);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 2);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(KesuStaff) stored = NULL;
  KesuStaff staff;

  kesu_store_set_operator (f->store, f->manager_id);
  staff = (KesuStaff) { f->handler_id, (char *) " 李强强 ", KESU_ROLE_SALES_CONSULTANT,
                        (char *) "13800001111", FALSE, f->manager_id, 0, FALSE };
  g_assert_true (kesu_store_update_staff (f->store, &staff, &error));
  g_assert_no_error (error);
  stored = kesu_store_get_staff (f->store, f->handler_id);
  g_assert_cmpstr (stored->name, ==, "李强强");
  g_assert_cmpint (stored->role, ==, KESU_ROLE_SALES_CONSULTANT);
  g_assert_false (stored->active);
  g_assert_cmpint (stored->manager_id, ==, f->manager_id);
  g_assert_cmpint (stored->limit_fen, ==, 50000);
  g_assert_true (stored->has_pin);

  active = kesu_store_list_staff (f->store);
  all = kesu_store_list_all_staff (f->store);
  g_assert_cmpuint (active->len, ==, 3);
  g_assert_cmpuint (all->len, ==, 4);
  /* The inactive come last. */
  g_assert_cmpint (((KesuStaff *) g_ptr_array_index (all, 3))->id, ==, f->handler_id);

  /* Nobody deactivates themselves, nor takes away their own right to manage staff. */
  staff = (KesuStaff) { f->manager_id, (char *) "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER,
                        (char *) "", FALSE, 0, 0, FALSE };
  expect_refused (kesu_store_update_staff (f->store, &staff, &error), &error);
  staff.active = TRUE;
  staff.role = KESU_ROLE_FRONT_DESK;
  expect_refused (kesu_store_update_staff (f->store, &staff, &error), &error);
  /* Bad input is refused as when adding. */
  staff.role = KESU_ROLE_AFTER_SALES_MANAGER;
  staff.name = (char *) "  ";
  g_assert_false (kesu_store_update_staff (f->store, &staff, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  /* Staff are never deleted, even behind Kesu's back. */
  g_assert_false (kesu_db_exec (kesu_store_get_db (f->store), "DELETE FROM staff", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  all = (g_ptr_array_unref (all), kesu_store_list_all_staff (f->store));
  g_assert_cmpuint (all->len, ==, 4);
}

/* ---- approval ---- */

static gboolean
has_event (Fixture       *f,
           gint64         id,
           KesuEventKind  kind,
           gint64         staff_id,
           const char    *detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = kesu_store_list_events (f->store, id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      KesuEvent *e = g_ptr_array_index (events, i);

      if (e->kind == kind && e->staff_id == staff_id && g_strcmp0 (e->detail, detail) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_approval (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) proposal = agreement (f, 300000);  /* ¥3,000 */
  g_autoptr(KesuCaseData) agreed = agreement (f, 300000);
  g_autoptr(GPtrArray) awaiting = NULL;
  gint64 id = case_in_negotiation (f);
  gint64 limit = -1;

  /* The handler's limit is ¥500: equal is within it, a fen more is not. */
  g_assert_false (kesu_store_approval_needed (f->store, id, 50000, &limit));
  g_assert_cmpint (limit, ==, 50000);
  g_assert_true (kesu_store_approval_needed (f->store, id, 50001, NULL));
  g_assert_false (kesu_store_approval_needed (f->store, id, -1, NULL));  /* none stored */
  g_assert_false (kesu_store_approval_needed (f->store, 99999, 50001, NULL));

  /* The move to the customer is blocked while the approval is missing. */
  g_assert_false (kesu_store_move (f->store, id, KESU_STATE_EXECUTING, agreed, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NEEDS_APPROVAL);
  g_assert_cmpstr (error->message, ==, "¥3,000.00 is beyond the handler's authority of "
                   "¥500.00. Someone whose limit covers it must approve this amount first.");
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_PROPOSING);

  /* The handler records the proposal: it waits in the managers' lists. */
  g_assert_true (kesu_store_propose_solution (f->store, id, proposal, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_approval_needed (f->store, id, -1, NULL));
  awaiting = kesu_store_list_awaiting_approval (f->store, f->manager_id);
  g_assert_cmpuint (awaiting->len, ==, 1);
  {
    KesuApprovalRequest *r = g_ptr_array_index (awaiting, 0);

    g_assert_cmpint (r->complaint_id, ==, id);
    g_assert_cmpint (r->amount_fen, ==, 300000);
    g_assert_cmpint (r->handler_limit_fen, ==, 50000);
    g_assert_cmpstr (r->handler_name, ==, "李强");
    g_assert_cmpstr (r->customer_name, ==, "张伟");
    g_assert_cmpint (r->requested_at, ==, f->t0);
  }
  g_clear_pointer (&awaiting, g_ptr_array_unref);
  /* Not in the lists of those who could not approve it. */
  awaiting = kesu_store_list_awaiting_approval (f->store, f->clerk_id);
  g_assert_cmpuint (awaiting->len, ==, 0);
  g_clear_pointer (&awaiting, g_ptr_array_unref);
  awaiting = kesu_store_list_awaiting_approval (f->store, f->handler_id);
  g_assert_cmpuint (awaiting->len, ==, 0);
  g_clear_pointer (&awaiting, g_ptr_array_unref);

  /* Only a manager approves: not the front desk, even with a limit that would cover it. */
  kesu_store_set_operator (f->store, f->gm_id);
  g_assert_true (kesu_store_set_role_limit (f->store, KESU_ROLE_FRONT_DESK, 1000000, &error));
  g_assert_no_error (error);
  kesu_store_set_operator (f->store, f->handler_id);
  g_assert_false (kesu_store_approve (f->store, id, -1, f->clerk_id, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==, "Only a manager approves or refuses an amount beyond "
                   "the handler's limit.");
  g_clear_error (&error);
  awaiting = kesu_store_list_awaiting_approval (f->store, f->clerk_id);
  g_assert_cmpuint (awaiting->len, ==, 0);
  g_clear_pointer (&awaiting, g_ptr_array_unref);
  kesu_store_set_operator (f->store, f->gm_id);
  g_assert_true (kesu_store_set_role_limit (f->store, KESU_ROLE_FRONT_DESK, 0, &error));
  kesu_store_set_operator (f->store, f->handler_id);

  /* A wrong PIN is refused, and counted. */
  g_assert_false (kesu_store_approve (f->store, id, -1, f->manager_id, "0000", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT failed_pins FROM staff WHERE id = ?1",
                              f->manager_id), ==, 1);
  g_assert_true (kesu_store_approval_needed (f->store, id, -1, NULL));

  /* The manager approves on the handler's session, with their own PIN. */
  g_assert_true (kesu_store_approve (f->store, id, -1, f->manager_id, KESU_TEST_PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_operator (f->store), ==, f->handler_id);
  g_assert_false (kesu_store_approval_needed (f->store, id, -1, NULL));
  g_assert_true (has_event (f, id, KESU_EVENT_APPROVED, f->manager_id, "¥3,000.00"));
  g_assert_cmpint (audit_rows (f, "approved", f->manager_id), ==, 1);
  g_assert_cmpint (audit_rows (f, "pin-checked", f->manager_id), ==, 1);
  awaiting = kesu_store_list_awaiting_approval (f->store, f->manager_id);
  g_assert_cmpuint (awaiting->len, ==, 0);
  g_clear_pointer (&awaiting, g_ptr_array_unref);

  /* The approval is for that amount: another one needs its own. */
  g_assert_true (kesu_store_approval_needed (f->store, id, 350000, NULL));
  agreed->amount_fen = 350000;
  g_assert_false (kesu_store_move (f->store, id, KESU_STATE_EXECUTING, agreed, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);
  agreed->amount_fen = 300000;
  move_ok (f, id, KESU_STATE_EXECUTING, agreed);
  /* Decided cases are approved no more. */
  g_assert_false (kesu_store_approve (f->store, id, -1, f->gm_id, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_approval_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) proposal = agreement (f, 800000);  /* ¥8,000 */
  g_autoptr(GPtrArray) awaiting = NULL;
  gint64 id = case_in_negotiation (f);

  g_assert_true (kesu_store_propose_solution (f->store, id, proposal, &error));
  g_assert_no_error (error);
  /* Beyond the after-sales manager's ¥5,000: only the general manager decides. */
  awaiting = kesu_store_list_awaiting_approval (f->store, f->manager_id);
  g_assert_cmpuint (awaiting->len, ==, 0);
  g_clear_pointer (&awaiting, g_ptr_array_unref);
  g_assert_false (kesu_store_approve (f->store, id, -1, f->manager_id, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_assert_nonnull (strstr (error->message, "¥5,000.00"));
  g_clear_error (&error);
  awaiting = kesu_store_list_awaiting_approval (f->store, f->gm_id);
  g_assert_cmpuint (awaiting->len, ==, 1);
  g_clear_pointer (&awaiting, g_ptr_array_unref);

  /* A refusal needs its reason; it goes on the timeline and the case stays blocked. */
  g_assert_false (kesu_store_refuse_approval (f->store, id, -1, f->gm_id, KESU_TEST_PIN, "  ",
                                              &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_refuse_approval (f->store, id, -1, f->gm_id, KESU_TEST_PIN,
                                             "补偿过高，先按维修方案谈", &error));
  g_assert_no_error (error);
  g_assert_true (has_event (f, id, KESU_EVENT_APPROVAL_REFUSED, f->gm_id,
                            "¥8,000.00 — 补偿过高，先按维修方案谈"));
  g_assert_cmpint (audit_rows (f, "refused", f->gm_id), ==, 1);
  g_assert_true (kesu_store_approval_needed (f->store, id, -1, NULL));
  awaiting = kesu_store_list_awaiting_approval (f->store, f->gm_id);
  g_assert_cmpuint (awaiting->len, ==, 0);
  g_clear_pointer (&awaiting, g_ptr_array_unref);

  /* A new amount asks again; within the handler's own limit nothing is asked. */
  proposal->amount_fen = 400000;
  g_assert_true (kesu_store_propose_solution (f->store, id, proposal, &error));
  awaiting = kesu_store_list_awaiting_approval (f->store, f->manager_id);
  g_assert_cmpuint (awaiting->len, ==, 1);
  g_clear_pointer (&awaiting, g_ptr_array_unref);
  proposal->amount_fen = 20000;
  g_assert_true (kesu_store_propose_solution (f->store, id, proposal, &error));
  g_assert_false (kesu_store_approval_needed (f->store, id, -1, NULL));
  g_assert_false (kesu_store_approve (f->store, id, -1, f->manager_id, KESU_TEST_PIN, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(KesuCaseData) agreed = agreement (f, 20000);

    move_ok (f, id, KESU_STATE_EXECUTING, agreed);
  }

  /* Approval rows are never rewritten. */
  g_assert_false (kesu_db_exec (kesu_store_get_db (f->store),
                                "UPDATE approval SET approved = 1", &error));
  g_clear_error (&error);
  g_assert_false (kesu_db_exec (kesu_store_get_db (f->store), "DELETE FROM approval", &error));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/auth/pin/hash", test_pin);
  ADD ("/auth/pin/lockout", test_lockout);
  ADD ("/auth/sign-in", test_sign_in);
  ADD ("/auth/sign-in-async", test_sign_in_async);
  g_test_add_func ("/auth/setup-with-pin", test_setup_with_pin);
  g_test_add_func ("/auth/first-pin", test_first_pin);
  g_test_add_func ("/auth/permissions/table", test_role_table);
  ADD ("/auth/permissions/enforced", test_permissions);
  ADD ("/auth/staff", test_staff);
  ADD ("/auth/approval/approve", test_approval);
  ADD ("/auth/approval/refuse", test_approval_refused);

  return g_test_run ();
}
