/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kesu-enums.h"
#include "kesu-intake.h"
#include "kesu-sanbao.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* One recorded complaint, as read from the store.  The fields as recorded at intake are
 * in its KesuIntake (phone normalized); the list shows it through properties. */

#define KESU_TYPE_COMPLAINT (kesu_complaint_get_type ())
G_DECLARE_FINAL_TYPE (KesuComplaint, kesu_complaint, KESU, COMPLAINT, GObject)

KesuComplaint    *kesu_complaint_new                (gint64       id,
                                                     const char  *number,
                                                     KesuState    state,
                                                     KesuIntake  *intake);  /* transfer full */

gint64            kesu_complaint_get_id             (KesuComplaint *self);
const char       *kesu_complaint_get_number         (KesuComplaint *self);
KesuState         kesu_complaint_get_state          (KesuComplaint *self);
const KesuIntake *kesu_complaint_get_intake         (KesuComplaint *self);
gint64            kesu_complaint_get_received_unix  (KesuComplaint *self);
const char       *kesu_complaint_get_handler_name   (KesuComplaint *self);
const char       *kesu_complaint_get_received_by_name (KesuComplaint *self);
guint             kesu_complaint_get_n_attachments  (KesuComplaint *self);

/* Deadlines as worked out when the complaint was read (kesu_store_query_complaints). */
gint64            kesu_complaint_get_next_due       (KesuComplaint *self);  /* 0: none */
gboolean          kesu_complaint_is_overdue         (KesuComplaint *self);
gboolean          kesu_complaint_is_waiting         (KesuComplaint *self);
gboolean          kesu_complaint_is_escalated       (KesuComplaint *self);
/* "due in 5 h", "overdue 3 h", "waiting", "" — for cards and lists, at @now. */
char             *kesu_complaint_dup_due_text       (KesuComplaint *self,
                                                     gint64         now);
/* Most urgent first: overdue (latest first), then the nearest deadline, then severity. */
int               kesu_complaint_compare_urgency    (KesuComplaint *a,
                                                     KesuComplaint *b);

/* The 三包 flag and the Art. 28 legal clocks (kesu-sanbao.h), as read with the complaint
 * (kesu_store_get_complaint and kesu_store_query_complaints).  The running one also
 * counts in next_due and overdue. */
KesuSanbaoFlag    kesu_complaint_get_sanbao_flag    (KesuComplaint *self);
gint64            kesu_complaint_get_sanbao_answer_due   (KesuComplaint *self);  /* 0: none */
gint64            kesu_complaint_get_sanbao_complete_due (KesuComplaint *self);  /* 0: none */
/* The Art. 28 deadline still running (kesu_sanbao_running_due); 0: none. */
gint64            kesu_complaint_get_sanbao_due     (KesuComplaint *self);
/* The case this one was merged into (kesu-duplicates.h); 0: none. */
gint64            kesu_complaint_get_merged_into    (KesuComplaint *self);

void              _kesu_complaint_set_deadline      (KesuComplaint *self,
                                                     gint64         next_due,
                                                     gboolean       overdue,
                                                     gboolean       waiting,
                                                     gboolean       escalated);
void              _kesu_complaint_set_sanbao        (KesuComplaint  *self,
                                                     KesuSanbaoFlag  flag,
                                                     gint64          answer_due,
                                                     gint64          complete_due,
                                                     gint64          merged_into);
void              _kesu_complaint_set_names         (KesuComplaint *self,
                                                     const char    *handler_name,
                                                     const char    *received_by_name,
                                                     guint          n_attachments);

G_END_DECLS
