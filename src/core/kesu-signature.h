/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kesu-enums.h"
#include "kesu-intake.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* A customer's (or the branch's) signature on screen (DOMAIN.md: read back, confirm,
 * sign).  Stored with the complaint as a PNG image and as its strokes, with the time and
 * the SHA-256 of exactly the text that was signed, so that a later change of the record
 * shows ("changed after the customer signed"). */

typedef enum
{
  KESU_SIGNATURE_INTAKE,           /* the customer confirms what was recorded (receipt) */
  KESU_SIGNATURE_AGREEMENT,        /* the customer agrees to the solution */
  KESU_SIGNATURE_AGREEMENT_BRANCH, /* the branch's representative signs the agreement */
  KESU_SIGNATURE_CLOSING,          /* optional, at closing */
  KESU_N_SIGNATURE_PURPOSES
} KesuSignaturePurpose;

typedef struct
{
  double x;         /* pad coordinates, 0..1 of the pad's width and height */
  double y;
  double pressure;  /* 0..1; 1 where the device gives none */
  gint64 time_ms;   /* since the stroke began */
} KesuStrokePoint;

typedef struct _KesuSignature KesuSignature;

struct _KesuSignature
{
  gint64                id;
  gint64                complaint_id;
  KesuSignaturePurpose  purpose;
  gint64                signed_at;        /* unix seconds */
  gint64                signer_staff_id;  /* the branch's signer; 0 for the customer */
  GBytes               *png;              /* NULL when declined */
  GPtrArray            *strokes;          /* of GArray of KesuStrokePoint; NULL if declined */
  char                 *content_sha256;   /* hex, of the signed content */
  char                 *declined_reason;  /* set when the customer declined to sign */
  gboolean              changed_after;    /* the record no longer matches what was signed */
};

void           kesu_signature_free            (KesuSignature *signature);

/* Strokes as stored (JSON: [[[x,y,p,t],…],…]) and back. */
char          *kesu_strokes_to_json           (GPtrArray     *strokes);
GPtrArray     *kesu_strokes_from_json         (const char    *json,
                                               GError       **error);
/* FALSE with a reason in the user's language when the strokes are empty or dot-like
 * (too short, too small) to count as a signature. */
gboolean       kesu_strokes_check             (GPtrArray     *strokes,
                                               GError       **error);

/* The canonical text a customer signs at intake (the fields read back to them), whose
 * SHA-256 is stored with the signature. */
char          *kesu_intake_signed_content     (const KesuIntake *intake);

/* Implemented in kesu-signature.c on top of the store; each is one transaction with its
 * timeline event. */

/* Records a signature (@png and @strokes must pass kesu_strokes_check) for @purpose,
 * hashing the complaint's current signed content. */
gint64         kesu_store_sign                (KesuStore            *store,
                                               gint64                complaint_id,
                                               KesuSignaturePurpose  purpose,
                                               GBytes               *png,
                                               GPtrArray            *strokes,
                                               gint64                signer_staff_id,
                                               GError              **error);
/* The customer declined to sign: the reason is recorded and the case goes on. */
gint64         kesu_store_decline_signature   (KesuStore            *store,
                                               gint64                complaint_id,
                                               KesuSignaturePurpose  purpose,
                                               const char           *reason,
                                               GError              **error);
/* The latest signature (or refusal) for @purpose, with changed_after worked out; NULL
 * with no error when there is none. */
KesuSignature *kesu_store_get_signature       (KesuStore            *store,
                                               gint64                complaint_id,
                                               KesuSignaturePurpose  purpose,
                                               GError              **error);

/* ---- added with the implementation (kesu-signature.c) ---- */

/* The purposes' stable keys ("intake", "agreement", "agreement-branch", "closing") and
 * their labels ("Intake record", …). */
const char    *kesu_signature_purpose_to_key    (KesuSignaturePurpose  purpose);
const char    *kesu_signature_purpose_to_label  (KesuSignaturePurpose  purpose);
gboolean       kesu_signature_purpose_from_key  (const char           *key,
                                                 KesuSignaturePurpose *out_purpose);

/* The canonical text a customer signs when agreeing to the solution (and the branch
 * signs with them): the solution, measures, amount and deadline. */
char          *kesu_solution_signed_content     (const KesuCaseData   *data);
/* What a signature at closing confirms: the solution and what was done. */
char          *kesu_closing_signed_content      (const KesuCaseData   *data);
/* SHA-256 of @content as lower-case hex. */
char          *kesu_signed_content_hash         (const char           *content);

/* Every signature and refusal of a complaint, oldest first, each with changed_after
 * worked out. element KesuSignature */
GPtrArray     *kesu_store_list_signatures       (KesuStore            *store,
                                                 gint64                complaint_id,
                                                 GError              **error);

/* Saving the intake and the customer's signature (or their refusal, with its reason) in
 * one transaction: either both are stored or neither.  Returns the complaint's id. */
gint64         kesu_store_add_complaint_signed  (KesuStore            *store,
                                                 const KesuIntake     *intake,
                                                 GBytes               *png,
                                                 GPtrArray            *strokes,
                                                 char                **out_number,
                                                 GError              **error);
gint64         kesu_store_add_complaint_declined (KesuStore           *store,
                                                  const KesuIntake    *intake,
                                                  const char          *reason,
                                                  char               **out_number,
                                                  GError             **error);

/* A move (kesu_store_move) and the signatures that go with it, in one transaction:
 * the customer's (@png/@strokes for @purpose; NULL for none) and, optionally, the
 * branch's (@branch_png/@branch_strokes, signed by @branch_signer, for
 * KESU_SIGNATURE_AGREEMENT_BRANCH).  Signatures hash the record as the move left it. */
gboolean       kesu_store_move_signed           (KesuStore            *store,
                                                 gint64                complaint_id,
                                                 KesuState             to,
                                                 const KesuCaseData   *input,
                                                 KesuSignaturePurpose  purpose,
                                                 GBytes               *png,
                                                 GPtrArray            *strokes,
                                                 GBytes               *branch_png,
                                                 GPtrArray            *branch_strokes,
                                                 gint64                branch_signer,
                                                 KesuState            *out_state,
                                                 GError              **error);

/* Corrects what was recorded at intake: the customer's details (name, phone, other
 * contact, address) and the complaint's text fields (vehicle, documents, what happened,
 * what the customer wants …) from @corrected; a NULL field of @corrected keeps the stored
 * value, "" clears an optional one.  The channel, times, classification and handler are
 * not touched.  Checked like kesu_store_add_complaint; one transaction with a
 * KESU_EVENT_CORRECTED event that lists every changed field, old and new, and @reason
 * when one is given.  A finished case is corrected only by a manager
 * (KESU_PERMISSION_EDIT_CLOSED) and only with a @reason (KESU_ERROR_INVALID without one).
 * A changed VIN, purchase date or mileage re-runs the 三包 check.  Nothing changed: TRUE,
 * and no event. */
gboolean       kesu_store_update_intake         (KesuStore            *store,
                                                 gint64                complaint_id,
                                                 const KesuIntake     *corrected,
                                                 const char           *reason,
                                                 GError              **error);

/* Draws @strokes (pad coordinates, 0..1) into a @width × @height area of @cr in the
 * current source colour, as wide as each point's pressure says: the pad on screen and
 * the stored image are drawn alike. */
void           kesu_strokes_draw              (cairo_t              *cr,
                                               GPtrArray            *strokes,
                                               double                width,
                                               double                height);
/* The PNG that is stored: dark ink on a transparent background, so the printed page's
 * own signature line shows through.  NULL if it could not be drawn. */
GBytes        *kesu_strokes_to_png            (GPtrArray            *strokes,
                                               int                   width,
                                               int                   height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuSignature, kesu_signature_free)

G_END_DECLS
