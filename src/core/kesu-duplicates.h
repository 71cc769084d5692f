/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* The same problem reported twice: at intake (before saving) and on demand, Kesu looks
 * for open or recent cases of the same customer (phone) or the same vehicle (VIN or
 * plate), and the user may link the two cases or merge one into the other.
 *
 * Merging never deletes or rewrites anything: the duplicate is withdrawn with the
 * reason "Merged into KS-…" (the existing state machine's end state for a case that is
 * not handled on its own; DOMAIN.md's withdrawn needs a reason, and this is it), its
 * merged_into column points at the case it went into, and the timeline of that case
 * (kesu_store_list_events) shows the duplicate's events too, each with the number of
 * the case it was recorded on (KesuEvent.complaint_id). */

typedef enum
{
  KESU_DUPLICATE_PHONE = 1 << 0,  /* the same customer phone (normalized) */
  KESU_DUPLICATE_VIN   = 1 << 1,  /* the same VIN (letter case ignored) */
  KESU_DUPLICATE_PLATE = 1 << 2,  /* the same plate (spaces, dots, dashes, case ignored) */
} KesuDuplicateMatch;

typedef struct
{
  gint64              complaint_id;
  char               *number;         /* "KS-202611-0001" */
  KesuState           state;
  gint64              received_at;    /* unix seconds */
  char               *customer_name;
  char               *plate;
  char               *vin;
  char               *description;    /* the first 80 characters of what happened */
  KesuDuplicateMatch  matched;        /* why it matched: one or more bits */
  char               *why;            /* translated: "Same phone, same VIN" */
  gboolean            linked;         /* already linked to @exclude_id */
} KesuDuplicate;

void          kesu_duplicate_free         (KesuDuplicate *duplicate);

/* The default window (setting duplicate_window_days). */
#define KESU_DUPLICATE_WINDOW_DAYS_DEFAULT 30

guint         kesu_store_get_duplicate_window (KesuStore *store);
/* 1 to 365 days; refused (translated, KESU_ERROR_INVALID) otherwise. */
gboolean      kesu_store_set_duplicate_window (KesuStore  *store,
                                               guint       days,
                                               GError    **error);

/* Cases that may be the same problem: every open case, and every closed or withdrawn
 * case received (or closed) within @window_days days before the clock's now (0: the
 * setting), whose customer phone equals @phone once normalized, or whose VIN equals
 * @vin, or whose plate equals @plate once normalized.  Any of @phone, @vin, @plate may
 * be NULL or "" (not looked at); a phone that is not valid is not looked at either.
 * Cases merged into another are left out, and so is @exclude_id (0: none).  Open cases
 * first, then newest first; at most 50.  element KesuDuplicate, transfer full. */
GPtrArray    *kesu_store_find_duplicates  (KesuStore   *store,
                                           const char  *phone,
                                           const char  *vin,
                                           const char  *plate,
                                           gint64       exclude_id,
                                           guint        window_days,
                                           GError     **error);
/* The same for a stored complaint: its phone, VIN and plate, itself excluded. */
GPtrArray    *kesu_store_find_duplicates_of (KesuStore  *store,
                                             gint64      complaint_id,
                                             GError    **error);

/* Links two different complaints ("the same problem, handled each on its own"): one
 * link row, and a "Linked to KS-…" event on both timelines by the operator.  Linking
 * twice is refused (KESU_ERROR_INVALID), and so is linking a case to itself.  One
 * transaction. */
gboolean      kesu_store_link_complaints  (KesuStore  *store,
                                           gint64      a,
                                           gint64      b,
                                           GError    **error);
/* The complaints linked to @complaint_id (either side), as gint64 ids, oldest first. */
GArray       *kesu_store_list_linked      (KesuStore  *store,
                                           gint64      complaint_id,
                                           GError    **error);

/* Merges @duplicate_id into @into_id in one transaction: the duplicate is withdrawn
 * (a MOVED event with the reason "Merged into KS-…"), marked merged_into = @into_id and
 * linked; @into_id gets a "Merged: KS-…" event.  Refused (KESU_ERROR_INVALID, nothing
 * written) when the two are the same, either does not exist, the duplicate is closed,
 * withdrawn or already merged, or @into_id is itself merged into another case.
 * Nothing is deleted: afterwards kesu_store_list_events (@into_id) holds every event of
 * both cases. */
gboolean      kesu_store_merge_complaint  (KesuStore  *store,
                                           gint64      duplicate_id,
                                           gint64      into_id,
                                           GError    **error);
/* The case @complaint_id was merged into; 0 when none. */
gint64        kesu_store_get_merged_into  (KesuStore  *store,
                                           gint64      complaint_id);

/* "Same phone, same plate": the reasons of @matched, translated. transfer full */
char         *kesu_duplicate_match_to_text (KesuDuplicateMatch matched);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuDuplicate, kesu_duplicate_free)

G_END_DECLS
