/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-types.h"

G_BEGIN_DECLS

/* The audit log: one row per changed value (who, when, which record and field, old and
 * new value), written by triggers in the database itself for every change to complaints,
 * customers, staff, settings, deadline policy, role limits, evidence, signatures and
 * approvals, and from C for sign-in events.  Rows are never updated or deleted (triggers
 * refuse it) and each carries the SHA-256 of the previous row's hash and its own fields,
 * so a row changed behind Kesu's back breaks the chain from there on. */

typedef struct
{
  gint64  id;
  gint64  at;                 /* unix seconds */
  gint64  staff_id;           /* who; 0: Kesu itself or nobody signed in */
  char   *staff_name;         /* "" when staff_id is 0 */
  gint64  complaint_id;       /* 0 when the change is not about a complaint */
  char   *complaint_number;   /* "" when complaint_id is 0 */
  char   *entity;             /* the table: "complaint", "staff", "sign-in" … */
  gint64  entity_id;          /* the row's id in that table; 0 when none */
  char   *field;              /* the column, or what happened ("wrong-pin") */
  char   *old_value;          /* NULL: none (a new row) */
  char   *new_value;          /* NULL: none */
} KesuAuditEntry;

/* Which rows kesu_store_list_audit returns.  Unset: 0 / -1 (staff_id -1 means anyone;
 * 0 means "Kesu itself"). */
typedef struct
{
  gint64  staff_id;      /* -1: anyone */
  gint64  complaint_id;  /* 0: any */
  gint64  from;          /* unix seconds, inclusive; 0: from the start */
  gint64  until;         /* unix seconds, exclusive; 0: until now */
  gint64  before_id;     /* paging: only rows with a smaller id; 0: from the newest */
  guint   limit;         /* at most this many rows; 0: KESU_AUDIT_PAGE */
} KesuAuditFilter;

#define KESU_AUDIT_PAGE 500

void            kesu_audit_filter_init  (KesuAuditFilter *filter);
void            kesu_audit_entry_free   (KesuAuditEntry  *entry);
/* What the entity and field are called in the user's language ("Complaint",
 * "Handler"); the key itself when unknown. */
const char     *kesu_audit_entity_label (const char      *entity);
const char     *kesu_audit_field_label  (const char      *entity,
                                         const char      *field);
/* The fields of a record as it was created (a row whose new value is the JSON object
 * the audit triggers write), in stored order: key, value, key, value …, without the
 * empty ones.  NULL when @value is not such an object or has nothing in it.
 * transfer full, element char *. */
GPtrArray      *kesu_store_audit_snapshot (KesuStore  *store,
                                           const char *value);
/* The log keeps values as the database holds them (keys, ids, fen, unix seconds), so
 * that it stays exact; shown or exported, @value (@e's old or new value) reads as the
 * rest of Kesu shows it: a state's name, a staff member's name (from @staff_names,
 * "id" → name, as kesu_store_audit_staff_names makes it; may be NULL), an amount in
 * yuan, a local time, a created record's fields.  Anything not recognised reads as
 * stored; NULL reads "—". */
char           *kesu_audit_value_text     (KesuStore            *store,
                                           GHashTable           *staff_names,
                                           const KesuAuditEntry *e,
                                           const char           *value);
/* Every member of staff's name by id ("12" → "王芳"), the inactive ones too. */
GHashTable     *kesu_store_audit_staff_names (KesuStore *store);

/* Newest first, at most filter->limit rows (NULL filter: the newest KESU_AUDIT_PAGE);
 * page on with filter->before_id = the last row's id.  Needs nothing: the window asks
 * kesu_store_can (…, KESU_PERMISSION_VIEW_AUDIT) before showing it.
 * transfer full, element KesuAuditEntry. */
GPtrArray      *kesu_store_list_audit   (KesuStore             *store,
                                         const KesuAuditFilter *filter,
                                         GError               **error);
/* How many rows match @filter (limit and before_id ignored). */
gint64          kesu_store_count_audit  (KesuStore             *store,
                                         const KesuAuditFilter *filter);

/* Walks the whole chain, oldest first.  TRUE when it is whole (*out_first_broken_id = 0);
 * FALSE without @error when a row does not match its hash or its predecessor's
 * (*out_first_broken_id = that row's id, or the id after a missing row); FALSE with
 * @error when the database cannot be read.  *out_n_rows: rows checked.  Either out
 * argument may be NULL. */
gboolean        kesu_store_verify_audit (KesuStore  *store,
                                         gint64     *out_first_broken_id,
                                         gint64     *out_n_rows,
                                         GError    **error);

/* One row by id (for reporting where the chain broke); NULL when there is none. */
KesuAuditEntry *kesu_store_get_audit_entry (KesuStore *store,
                                            gint64     id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuAuditEntry, kesu_audit_entry_free)

G_END_DECLS
