/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* Who may do what, who is signed in, and how far each person's authority goes
 * (DOMAIN.md, "Authority").  Everything here is enforced in the core: the window only
 * asks first so that it can grey out what would be refused anyway. */

typedef enum
{
  KESU_PERMISSION_REASSIGN,         /* give a case to another handler */
  KESU_PERMISSION_CHANGE_DEADLINE,  /* deadline policy, a case's solution deadline */
  KESU_PERMISSION_EDIT_CLOSED,      /* correct or reopen a closed or withdrawn case */
  KESU_PERMISSION_MANAGE_STAFF,     /* add, edit, deactivate staff; set their PINs */
  KESU_PERMISSION_MANAGE_SETTINGS,  /* role limits, lockout and other branch settings */
  KESU_PERMISSION_VIEW_AUDIT,       /* the audit log */
  KESU_PERMISSION_APPROVE,          /* approve amounts beyond a handler's limit (within
                                     * one's own) */
  KESU_N_PERMISSIONS
} KesuPermission;

/* PINs are 4 to 8 digits. */
#define KESU_PIN_MIN_DIGITS 4
#define KESU_PIN_MAX_DIGITS 8
/* This many wrong PINs in a row lock the account for the lockout time. */
#define KESU_PIN_MAX_FAILURES 5
/* The lockout time unless the branch sets another (setting lockout_minutes). */
#define KESU_DEFAULT_LOCKOUT_MINUTES 15
/* The idle time after which the window locks unless set (setting idle_lock_minutes);
 * 0 means never. */
#define KESU_DEFAULT_IDLE_LOCK_MINUTES 5

/* The one table of role → permissions: managers (after-sales, sales, general) and the
 * administrator have every permission; front desk, sales consultants and service
 * advisors have none of these. */
gboolean     kesu_role_can              (KesuRole        role,
                                         KesuPermission  permission);
/* "Reassign cases", translated. */
const char  *kesu_permission_to_label   (KesuPermission  permission);
/* The default compensation limit of a role in fen (CNY × 100): front desk 0; sales
 * consultant and service advisor ¥500; after-sales and sales manager ¥5,000; general
 * manager ¥50,000; administrator 0 (an administrator keeps the system, not the
 * money) — each changeable with kesu_store_set_role_limit. */
gint64       kesu_role_default_limit    (KesuRole        role);

/* Whether @pin has the right form: 4 to 8 digits; otherwise KESU_ERROR_INVALID with a
 * message saying so. */
gboolean     kesu_pin_check             (const char     *pin,
                                         GError        **error);

/* ---- permissions of a person ---- */

/* Whether the active staff member @staff_id may do @permission (FALSE for 0, unknown or
 * inactive staff). */
gboolean     kesu_store_can             (KesuStore      *store,
                                         gint64          staff_id,
                                         KesuPermission  permission);
/* Whether the signed-in person may do @permission; when not, FALSE with
 * KESU_ERROR_NOT_ALLOWED and a message naming what is missing (for the core's own
 * checks, and for callers that want the same message). */
gboolean     kesu_store_check_permission (KesuStore     *store,
                                          KesuPermission permission,
                                          GError       **error);

/* ---- PINs and sign-in ---- */

/* TRUE when there is active staff but nobody has a PIN: a database from before sign-in
 * existed.  Then kesu_store_first_pin_holder () is given a PIN without anyone signed in,
 * and signs in with it. */
gboolean     kesu_store_needs_first_pin (KesuStore      *store);
/* Who takes that first PIN: the first-entered active administrator, else manager (a role
 * that may manage staff), else member of staff; 0 when someone has a PIN already. */
gint64       kesu_store_first_pin_holder (KesuStore     *store);
/* Sets (or replaces) the PIN of @staff_id, stored only as a salted Argon2id hash
 * (libsodium crypto_pwhash_str).  Allowed for the signed-in person themselves and for
 * someone with KESU_PERMISSION_MANAGE_STAFF; with nobody signed in only as
 * kesu_store_needs_first_pin () says.  Clears any lockout.  Audited (that the PIN
 * changed, never the PIN or its hash). */
gboolean     kesu_store_set_pin         (KesuStore      *store,
                                         gint64          staff_id,
                                         const char     *pin,
                                         GError        **error);
gboolean     kesu_store_has_pin         (KesuStore      *store,
                                         gint64          staff_id);
/* Checks @pin (constant time) and makes @staff_id the operator: every change from now on
 * is theirs.  Wrong PIN: KESU_ERROR_WRONG_PIN saying how many tries are left; after
 * KESU_PIN_MAX_FAILURES wrong PINs in a row the account is locked for the lockout time
 * and every try fails with KESU_ERROR_LOCKED_OUT saying until when.  The count is kept in
 * the database, so restarting Kesu does not reset it; a right PIN does.  An inactive
 * person, or one without a PIN, cannot sign in (KESU_ERROR_NOT_ALLOWED).  Sign-in,
 * wrong PINs and lockouts are written to the audit log. */
gboolean     kesu_store_sign_in         (KesuStore      *store,
                                         gint64          staff_id,
                                         const char     *pin,
                                         GError        **error);
/* kesu_store_sign_in () with the Argon2id verify in a worker thread, so that the window
 * can be built meanwhile: the same checks, counting and audit, done in the main thread
 * before and after it (by kesu_store_sign_in_finish ()).  Nobody is signed in until
 * then. */
void         kesu_store_sign_in_async   (KesuStore          *store,
                                         gint64              staff_id,
                                         const char         *pin,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean     kesu_store_sign_in_finish  (KesuStore          *store,
                                         GAsyncResult       *result,
                                         GError            **error);
/* The same checks, counting and lockout, without changing the operator: for an approval
 * given on someone else's session. */
gboolean     kesu_store_verify_pin      (KesuStore      *store,
                                         gint64          staff_id,
                                         const char     *pin,
                                         GError        **error);
/* Nobody is signed in afterwards (kesu_store_get_operator () returns 0); audited. */
void         kesu_store_sign_out        (KesuStore      *store);
gboolean     kesu_store_is_signed_in    (KesuStore      *store);
/* Until when (unix seconds) @staff_id is locked out; 0 when not locked. */
gint64       kesu_store_locked_until    (KesuStore      *store,
                                         gint64          staff_id);

/* Lockout time in minutes, 1 to 1440 (MANAGE_SETTINGS to change). */
guint        kesu_store_get_lockout_minutes (KesuStore  *store);
gboolean     kesu_store_set_lockout_minutes (KesuStore  *store,
                                             guint       minutes,
                                             GError    **error);
/* Idle time after which the window locks, in minutes, 0 (never) to 240
 * (MANAGE_SETTINGS to change). */
guint        kesu_store_get_idle_lock_minutes (KesuStore  *store);
gboolean     kesu_store_set_idle_lock_minutes (KesuStore  *store,
                                               guint       minutes,
                                               GError    **error);

/* ---- authority limits (fen, CNY × 100) ---- */

/* The compensation limit of @role: as set, else kesu_role_default_limit (). */
gint64       kesu_store_get_role_limit  (KesuStore      *store,
                                         KesuRole        role);
/* Needs KESU_PERMISSION_MANAGE_SETTINGS; 0 to 10,000,000 CNY.  Audited. */
gboolean     kesu_store_set_role_limit  (KesuStore      *store,
                                         KesuRole        role,
                                         gint64          fen,
                                         GError        **error);
/* The limit of @staff_id's role; 0 for unknown or inactive staff. */
gint64       kesu_store_get_staff_limit (KesuStore      *store,
                                         gint64          staff_id);

/* ---- approval of a solution beyond the handler's limit ---- */

/* One case waiting for approval (kesu_store_list_awaiting_approval). */
typedef struct
{
  gint64  complaint_id;
  char   *number;          /* "KS-202611-0001" */
  char   *customer_name;
  gint64  handler_id;
  char   *handler_name;
  gint64  amount_fen;      /* the proposed amount */
  gint64  handler_limit_fen;
  char   *solution_label;  /* translated solution type */
  char   *measures;
  gint64  requested_at;    /* when the amount was recorded (unix seconds) */
} KesuApprovalRequest;

void         kesu_approval_request_free (KesuApprovalRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuApprovalRequest, kesu_approval_request_free)

/* Whether the solution of @complaint_id needs an approval before the customer's
 * agreement may be recorded (the move proposing → executing): TRUE exactly when the
 * amount is more than the handler's limit (equal is within it) and nobody approved that
 * same amount yet.  @amount_fen is the amount about to be proposed (the move dialog's),
 * or -1 for the amount stored on the case.  *out_limit_fen (may be NULL) gets the
 * handler's limit.  FALSE for unknown complaints. */
gboolean     kesu_store_approval_needed (KesuStore      *store,
                                         gint64          complaint_id,
                                         gint64          amount_fen,
                                         gint64         *out_limit_fen);

/* Records the solution (solution type, measures, amount, deadline of @solution; the
 * other fields are ignored) on a case in "proposing" without moving it, so that the
 * case waits for approval in "awaiting my approval".  A SOLUTION event on the timeline.
 * The operator must be the handler or a manager (KESU_PERMISSION_REASSIGN). */
gboolean     kesu_store_propose_solution (KesuStore          *store,
                                          gint64              complaint_id,
                                          const KesuCaseData *solution,
                                          GError            **error);

/* @approver_id approves @amount_fen (-1: the stored amount) for @complaint_id with
 * their own PIN (verified with the same counting and lockout as sign-in).  Refused with
 * KESU_ERROR_NOT_ALLOWED when the approver is no manager (KESU_PERMISSION_APPROVE) or
 * their limit does not cover the amount, and with
 * KESU_ERROR_INVALID when the case is not in "proposing" or has no amount.  The approval
 * is for that amount only: another amount needs a new one.  A timeline event
 * (KESU_EVENT_APPROVED, by the approver, detail: the amount) and an audit row. */
gboolean     kesu_store_approve         (KesuStore      *store,
                                         gint64          complaint_id,
                                         gint64          amount_fen,
                                         gint64          approver_id,
                                         const char     *pin,
                                         GError        **error);
/* The same, refusing; @reason is required.  The case stays blocked; a timeline event
 * (KESU_EVENT_APPROVAL_REFUSED, detail: the reason) and an audit row.  A refused amount
 * leaves "awaiting my approval" until the amount changes. */
gboolean     kesu_store_refuse_approval (KesuStore      *store,
                                         gint64          complaint_id,
                                         gint64          amount_fen,
                                         gint64          approver_id,
                                         const char     *pin,
                                         const char     *reason,
                                         GError        **error);
/* The cases in "proposing" whose stored amount needs an approval that @approver_id (a
 * manager: KESU_PERMISSION_APPROVE) has the limit for, not refused for that amount; oldest request first.
 * transfer full, element KesuApprovalRequest. */
GPtrArray   *kesu_store_list_awaiting_approval (KesuStore *store,
                                                gint64     approver_id);

G_END_DECLS
