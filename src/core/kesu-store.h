/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-enums.h"
#include "kesu-intake.h"
#include "kesu-calendar.h"
#include "kesu-types.h"
#include "kesu-workflow.h"

G_BEGIN_DECLS

/* The schema version this Kesu writes; a file with a higher PRAGMA user_version is
 * refused and left untouched. */
#define KESU_SCHEMA_VERSION 8

struct _KesuBranch
{
  char *name;
  char *address;
  char *hotline;
};

struct _KesuStaff
{
  gint64    id;
  char     *name;
  KesuRole  role;
  char     *phone;
  gboolean  active;
  gint64    manager_id;  /* whom overdue cases escalate to; 0: a manager of the branch */
  gint64    limit_fen;   /* read only: the compensation limit of the role (kesu-auth.h) */
  gboolean  has_pin;     /* read only: a PIN is set, so the person can sign in */
};

/* One entry of a complaint's timeline.  Never edited or deleted. */

struct _KesuEvent
{
  gint64         id;
  gint64         at;            /* unix seconds */
  gint64         staff_id;      /* who did it; 0: Kesu itself */
  char          *staff_name;
  KesuEventKind  kind;
  char          *detail;
  KesuState      from_state;
  KesuState      to_state;
  gint64         ref_staff;
  char          *ref_staff_name;
  gint64         ref_time;
  KesuChannel    channel;
  int            rating;        /* the follow-up's satisfaction, 1–5; 0: none */
  gint64         complaint_id;  /* the case it was recorded on: another one for the events of
                                 * a duplicate merged into this case (kesu-duplicates.h) */
};

/* Time limits per severity, counted in calendar time or working days. */
struct _KesuDeadlinePolicy
{
  gint64            first_response_seconds[KESU_N_SEVERITIES];
  gint64            resolution_seconds[KESU_N_SEVERITIES];
  gboolean          working_days;
  KesuWorkCalendar *calendar;
};

/* Which complaints a list or the board shows.  Unset: NULL/"" search, 0 ids, -1 enums. */
struct _KesuFilter
{
  char     *search;
  gint64    handler_id;
  int       category;
  int       severity;
  int       state;
  gboolean  overdue_only;
  gint64    escalated_to;   /* a manager's id: the cases escalated to them */
  gboolean  open_only;      /* leave out closed and withdrawn cases */
  int       channel;        /* KesuChannel, -1: any */
  guint     limit;          /* at most this many, the newest; 0: all.  A search for one
                             * Chinese character can match a third of all complaints. */
};

struct _KesuCustomer
{
  gint64  id;
  char   *name;
  char   *phone;          /* normalized */
  char   *other_contact;
  char   *address;
  guint   n_complaints;   /* complaints already recorded for this customer */
};

#define KESU_TYPE_STORE (kesu_store_get_type ())
G_DECLARE_FINAL_TYPE (KesuStore, kesu_store, KESU, STORE, GObject)

/* The file the application uses when none is given: kesu/kesu.db under the user data
 * directory. */
char          *kesu_store_default_path        (void);

KesuStore     *kesu_store_open                (const char    *path,
                                               GError       **error);
const char    *kesu_store_get_path            (KesuStore     *self);
int            kesu_store_get_schema_version  (KesuStore     *self);
KesuDb        *kesu_store_get_db              (KesuStore     *self);

/* First start: the branch and the first staff member, in one transaction. */
gboolean       kesu_store_needs_setup         (KesuStore     *self);
gboolean       kesu_store_setup               (KesuStore     *self,
                                               const KesuBranch *branch,
                                               const char    *staff_name,
                                               KesuRole       staff_role,
                                               const char    *staff_phone,
                                               gint64        *out_staff_id,
                                               GError       **error);
/* The same, giving the first staff member (the administrator) the PIN @pin in the same
 * transaction and signing them in: the first start of Kesu with sign-in (kesu-auth.h). */
gboolean       kesu_store_setup_with_pin      (KesuStore     *self,
                                               const KesuBranch *branch,
                                               const char    *staff_name,
                                               KesuRole       staff_role,
                                               const char    *staff_phone,
                                               const char    *pin,
                                               gint64        *out_staff_id,
                                               GError       **error);
KesuBranch    *kesu_store_get_branch          (KesuStore     *self);

/* A new active staff member without a PIN (kesu_store_set_pin gives one).  Needs
 * KESU_PERMISSION_MANAGE_STAFF; with nobody signed in, allowed only while nobody has a
 * PIN yet (the first start, before sign-in exists). */
gint64         kesu_store_add_staff           (KesuStore     *self,
                                               const char    *name,
                                               KesuRole       role,
                                               const char    *phone,
                                               GError       **error);
/* Active staff, by name. transfer full, element KesuStaff. */
GPtrArray     *kesu_store_list_staff          (KesuStore     *self);
/* Every staff member, the inactive ones too (after the active ones), by name.
 * transfer full, element KesuStaff. */
GPtrArray     *kesu_store_list_all_staff      (KesuStore     *self);
/* Saves name, role, phone, manager_id (0: none) and active of @staff (by staff->id).
 * Needs KESU_PERMISSION_MANAGE_STAFF (KESU_ERROR_NOT_ALLOWED).  Staff are deactivated,
 * never deleted (the database refuses DELETE), so old records keep their names.  Nobody
 * deactivates themselves or takes away their own right to manage staff, and the last
 * active person who may manage staff stays so.  Audited field by field. */
gboolean       kesu_store_update_staff        (KesuStore     *self,
                                               const KesuStaff *staff,
                                               GError       **error);
KesuStaff     *kesu_store_get_staff           (KesuStore     *self,
                                               gint64         staff_id);

/* The signed-in person whose name goes on every change (kesu_store_sign_in in
 * kesu-auth.h); 0 when nobody is signed in. */
gint64         kesu_store_get_operator        (KesuStore     *self);
/* Makes @staff_id the operator WITHOUT a PIN: only for code that acts on its own
 * authority inside the program — the demo generator, which writes made-up cases as its
 * made-up staff, and tests.  The window and the command line sign in with a PIN. */
void           kesu_store_set_operator        (KesuStore     *self,
                                               gint64         staff_id);

/* A returning customer, by phone in any accepted spelling; NULL when new. */
KesuCustomer  *kesu_store_find_customer       (KesuStore     *self,
                                               const char    *phone);

/* Checks the intake (kesu_intake_check) and records it in one transaction: customer
 * (created, or updated when the phone is known), complaint with its number, evidence,
 * and the first timeline event.  Refuses with KESU_ERROR_INVALID and the first
 * problem's message when the intake is not valid; nothing is written then. */
gint64         kesu_store_add_complaint       (KesuStore     *self,
                                               const KesuIntake *intake,
                                               char         **out_number,
                                               GError       **error);

KesuComplaint *kesu_store_get_complaint       (KesuStore     *self,
                                               gint64         complaint_id,
                                               GError       **error);
/* Evidence of a complaint, with data. element KesuAttachment. */
GPtrArray     *kesu_store_list_attachments    (KesuStore     *self,
                                               gint64         complaint_id,
                                               GError       **error);

/* Complaints matching @search (number, customer name, phone, plate, VIN, model or
 * words of the text; words apart are all looked for; NULL or "" for all), newest first,
 * as KesuComplaint rows without the long texts.  Served by the search index
 * (kesu-search.h); a list that shows only the newest sets KesuFilter.limit with
 * kesu_store_query_complaints instead. */
GListModel    *kesu_store_search_complaints   (KesuStore     *self,
                                               const char    *search,
                                               GError       **error);
guint          kesu_store_count_complaints    (KesuStore     *self);
/* How many complaints kesu_store_search_complaints would give for @search (all of them
 * for NULL or ""), counted from the search index alone: for a list that reads a page. */
guint          kesu_store_count_matches       (KesuStore     *self,
                                               const char    *search,
                                               GError       **error);

/* Complaints matching @filter (NULL: all), with their deadlines worked out at the clock's
 * now; newest first. */
GListModel    *kesu_store_query_complaints    (KesuStore        *self,
                                               const KesuFilter *filter,
                                               GError          **error);
/* For the query-plan test: the SQL kesu_store_query_complaints runs without a search,
 * with the complaints a search found looked up by id, or with them found walking the
 * complaints newest first (many matches and a limit). */
typedef enum
{
  KESU_QUERY_ALL,
  KESU_QUERY_SEARCH_BY_ID,
  KESU_QUERY_SEARCH_NEWEST,
} KesuQueryPlan;

const char    *_kesu_store_query_sql          (KesuQueryPlan     plan);

/* What the board shows of the complaints matching @filter: every open one, and of the
 * closed and withdrawn ones the @done_limit newest (0: all), with their deadlines worked
 * out at the clock's now; by state, newest first within each.  @counts (KESU_N_STATES
 * elements) gets how many match in each state, shown or not. */
GListModel    *kesu_store_query_board         (KesuStore        *self,
                                               const KesuFilter *filter,
                                               guint             done_limit,
                                               guint            *counts,
                                               GError          **error);
/* For the query-plan test: the statements kesu_store_query_board runs without a search
 * (the rows of one state, newest first; how many there are in one state). */
extern const char *const _kesu_store_board_sql[];

/* The complaint numbered @number ("KS-202611-0001"; letter case and surrounding space
 * do not matter); 0 when there is none. */
gint64         kesu_store_find_complaint_by_number (KesuStore  *self,
                                                    const char *number);
/* When the customer was promised to hear from the branch first (the receipt prints it):
 * the first-response deadline from the received time under the store's policy, or the
 * next contact recorded if that is earlier; 0 when the complaint does not exist. */
gint64         kesu_store_first_contact_due   (KesuStore     *self,
                                               gint64         complaint_id);

/* ---- the life of a complaint: each call is one transaction with its timeline event ---- */

/* The workflow facts as stored. */
KesuCaseData  *kesu_store_get_case_data       (KesuStore     *self,
                                               gint64         complaint_id,
                                               GError       **error);
/* Moves the case to @to with what @input adds (may be NULL), after
 * kesu_workflow_check_move on the stored data merged with @input.  A follow-up closing
 * with a dissatisfied rating reopens instead: *out_state tells where the case is now. */
gboolean       kesu_store_move                (KesuStore          *self,
                                               gint64              complaint_id,
                                               KesuState           to,
                                               const KesuCaseData *input,
                                               KesuState          *out_state,
                                               GError            **error);
gboolean       kesu_store_assign              (KesuStore     *self,
                                               gint64         complaint_id,
                                               gint64         handler_id,
                                               GError       **error);
gboolean       kesu_store_add_note            (KesuStore     *self,
                                               gint64         complaint_id,
                                               const char    *text,
                                               GError       **error);
/* A contact with the customer: how, what they were told, when they will hear next
 * (unix seconds, required and in the future).  The first one answers the first-response
 * deadline. */
gboolean       kesu_store_record_contact      (KesuStore     *self,
                                               gint64         complaint_id,
                                               KesuChannel    how,
                                               const char    *told,
                                               gint64         next_contact,
                                               GError       **error);
/* Waiting on the customer or on parts stops the deadline clock until resumed. */
gboolean       kesu_store_set_waiting         (KesuStore     *self,
                                               gint64         complaint_id,
                                               gboolean       waiting,
                                               const char    *reason,
                                               GError       **error);
gint64         kesu_store_add_attachment      (KesuStore      *self,
                                               gint64          complaint_id,
                                               KesuAttachment *attachment,
                                               GError        **error);
/* The timeline, oldest first. element KesuEvent */
GPtrArray     *kesu_store_list_events         (KesuStore     *self,
                                               gint64         complaint_id,
                                               GError       **error);
/* Escalates every open case whose next deadline has passed and that was not escalated
 * before, to its handler's manager.  Returns the ids escalated now (gint64). */
GArray        *kesu_store_escalate_overdue    (KesuStore     *self,
                                               GError       **error);

KesuDeadlinePolicy *kesu_store_get_deadline_policy (KesuStore                *self);
gboolean            kesu_store_set_deadline_policy (KesuStore                *self,
                                                    const KesuDeadlinePolicy *policy,
                                                    GError                  **error);
/* The largest evidence file taken in, in MB (setting attachment_max_mb; default
 * KESU_ATTACHMENT_MAX_BYTES, 20 MB); 1 to 1024. */
guint          kesu_store_get_attachment_limit (KesuStore    *self);
gboolean       kesu_store_set_attachment_limit (KesuStore    *self,
                                                guint         megabytes,
                                                GError      **error);
gboolean       kesu_store_set_staff_manager   (KesuStore     *self,
                                               gint64         staff_id,
                                               gint64         manager_id,
                                               GError       **error);

/* The one deliberate exception to the workflow table, for history brought in from an old
 * complaint log (kesu-import).  A case the old log says was settled long ago must not
 * arrive as an open case: it would be overdue at once and escalated to the managers, and
 * walking it through every workflow step would mean making up findings, solutions and
 * ratings that nobody recorded.  So a case just added — still "received", with no event
 * but its RECEIVED one — may be set straight to KESU_STATE_CLOSED or KESU_STATE_WITHDRAWN,
 * and to nothing else; every other change goes through kesu_store_move.
 *
 * @at (unix seconds) is when the old log says the case ended: not before the received
 * time, not in the future.  It becomes closed_at (for a closed case) and, when nobody
 * answered yet, first_response_at, so no deadline hangs over the case.  One MOVED event
 * records it: at the clock's now, by the operator, with @at as its ref_time and @note
 * (may be NULL) as its detail — the caller says there that the state came from the old
 * log.  One transaction; refuses with KESU_ERROR_INVALID. */
gboolean       kesu_store_set_imported_state  (KesuStore     *self,
                                               gint64         complaint_id,
                                               KesuState      state,
                                               gint64         at,
                                               const char    *note,
                                               GError       **error);

/* Emitted after any change to complaints made through this store object (outside an
 * enclosing transaction). */
/* signal: "complaints-changed" () */

KesuDeadlinePolicy *kesu_deadline_policy_new_default (void);
KesuDeadlinePolicy *kesu_deadline_policy_copy (const KesuDeadlinePolicy *policy);
void           kesu_deadline_policy_free      (KesuDeadlinePolicy *policy);
void           kesu_event_free                (KesuEvent     *event);
KesuFilter    *kesu_filter_new                (void);
void           kesu_filter_free               (KesuFilter    *filter);

void           kesu_branch_free               (KesuBranch    *branch);
void           kesu_staff_free                (KesuStaff     *staff);
void           kesu_customer_free             (KesuCustomer  *customer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuBranch, kesu_branch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuStaff, kesu_staff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuCustomer, kesu_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuDeadlinePolicy, kesu_deadline_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuEvent, kesu_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuFilter, kesu_filter_free)

G_END_DECLS
