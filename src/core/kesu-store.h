/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-enums.h"
#include "kesu-intake.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* The schema version this Kesu writes; a file with a higher PRAGMA user_version is
 * refused and left untouched. */
#define KESU_SCHEMA_VERSION 1

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
KesuBranch    *kesu_store_get_branch          (KesuStore     *self);

gint64         kesu_store_add_staff           (KesuStore     *self,
                                               const char    *name,
                                               KesuRole       role,
                                               const char    *phone,
                                               GError       **error);
/* Active staff, by name. transfer full, element KesuStaff. */
GPtrArray     *kesu_store_list_staff          (KesuStore     *self);
KesuStaff     *kesu_store_get_staff           (KesuStore     *self,
                                               gint64         staff_id);

/* The operator whose name goes on every change until sign-in exists: the first staff
 * member unless set. */
gint64         kesu_store_get_operator        (KesuStore     *self);
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
 * words of the text; NULL or "" for all), newest first, as KesuComplaint rows without
 * the long texts. */
GListModel    *kesu_store_search_complaints   (KesuStore     *self,
                                               const char    *search,
                                               GError       **error);
guint          kesu_store_count_complaints    (KesuStore     *self);

/* Emitted after a complaint is added (any writer on this store object). */
/* signal: "complaints-changed" () */

void           kesu_branch_free               (KesuBranch    *branch);
void           kesu_staff_free                (KesuStaff     *staff);
void           kesu_customer_free             (KesuCustomer  *customer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuBranch, kesu_branch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuStaff, kesu_staff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuCustomer, kesu_customer_free)

G_END_DECLS
