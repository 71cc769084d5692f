/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* What the front desk records (DOMAIN.md, 客户投诉记录表).  Strings are owned by the
 * struct; empty strings and NULL both mean "not given". */

typedef enum
{
  KESU_FIELD_CHANNEL,
  KESU_FIELD_RECEIVED_AT,
  KESU_FIELD_CUSTOMER_NAME,
  KESU_FIELD_CUSTOMER_PHONE,
  KESU_FIELD_CUSTOMER_OTHER_CONTACT,
  KESU_FIELD_CUSTOMER_ADDRESS,
  KESU_FIELD_VEHICLE_MODEL,
  KESU_FIELD_VIN,
  KESU_FIELD_PLATE,
  KESU_FIELD_PURCHASE_DATE,
  KESU_FIELD_MILEAGE,
  KESU_FIELD_ORDER_NUMBER,
  KESU_FIELD_STAFF_INVOLVED,
  KESU_FIELD_DESCRIPTION,
  KESU_FIELD_OCCURRED_ON,
  KESU_FIELD_OCCURRED_PLACE,
  KESU_FIELD_DEMAND,
  KESU_FIELD_EMOTION,
  KESU_FIELD_CUSTOMER_TYPE,
  KESU_FIELD_CATEGORY,
  KESU_FIELD_SEVERITY,
  KESU_FIELD_HANDLER,
  KESU_FIELD_RECEIVED_BY,
  KESU_FIELD_ATTACHMENTS,
  KESU_N_FIELDS
} KesuField;

struct _KesuAttachment
{
  gint64  id;         /* 0 until stored */
  char   *filename;   /* base name only */
  char   *mime_type;
  GBytes *data;
  gint64  added_at;   /* unix seconds */
};

struct _KesuIntake
{
  KesuChannel       channel;
  GDateTime        *received_at;      /* required */
  gint64            received_by;      /* staff id, required */

  char             *customer_name;    /* required */
  char             *customer_phone;   /* required, as typed; stored normalized */
  char             *customer_other_contact;
  char             *customer_address;

  char             *vehicle_model;
  char             *vin;
  char             *plate;
  char             *purchase_date;    /* YYYY-MM-DD */
  char             *mileage;          /* kilometres, as typed */

  char             *order_number;
  char             *staff_involved;

  char             *description;      /* required */
  char             *occurred_on;      /* YYYY-MM-DD */
  char             *occurred_place;
  char             *demand;           /* required */

  KesuEmotion       emotion;
  KesuCustomerType  customer_type;
  KesuCategory      category;
  KesuSeverity      severity;
  gint64            handler_id;       /* staff id, required */

  GPtrArray        *attachments;      /* KesuAttachment */
  gsize             attachment_max_bytes; /* 0: KESU_ATTACHMENT_MAX_BYTES */
};

struct _KesuFieldProblem
{
  KesuField  field;
  char      *message;  /* translated */
};

/* Largest evidence file that is taken in, and how many. */
#define KESU_ATTACHMENT_MAX_BYTES (20 * 1024 * 1024)
#define KESU_ATTACHMENT_MAX_COUNT 20
#define KESU_TEXT_MAX_CHARS       10000
#define KESU_SHORT_TEXT_MAX_CHARS 200

KesuIntake       *kesu_intake_new            (void);
void              kesu_intake_free           (KesuIntake       *intake);

KesuAttachment   *kesu_attachment_new        (const char       *filename,
                                              const char       *mime_type,
                                              GBytes           *data);
KesuAttachment   *kesu_attachment_new_from_file (GFile          *file,
                                                 GError        **error);
/* As above with a size limit in bytes (0: KESU_ATTACHMENT_MAX_BYTES); refuses too large
 * files and files whose content is not the kind their name says. */
KesuAttachment   *kesu_attachment_new_from_file_full (GFile     *file,
                                                      gsize      max_bytes,
                                                      GError   **error);
/* The evidence type the first bytes of @data show ("image/jpeg", "application/pdf",
 * "video/mp4"…), from a small table of magic numbers; NULL when none is recognised. */
const char       *kesu_attachment_sniff      (const guint8     *data,
                                              gsize             size);
/* The evidence type a file name's extension claims (".jpg": "image/jpeg"), or NULL when the
 * extension is not one of the evidence types. */
const char       *kesu_attachment_type_for_name (const char     *filename);
/* NULL when @attachment may be stored: a usable name, at most @max_bytes (0:
 * KESU_ATTACHMENT_MAX_BYTES), content of the kind its name (or, without a known
 * extension, its MIME type) says.  Otherwise the reason, translated. transfer full. */
char             *kesu_attachment_check      (const KesuAttachment *attachment,
                                              gsize             max_bytes);
void              kesu_attachment_free       (KesuAttachment   *attachment);
void              kesu_intake_add_attachment (KesuIntake       *intake,
                                              KesuAttachment   *attachment);

void              kesu_field_problem_free    (KesuFieldProblem *problem);

/* Every problem of the intake, one per field at most, in field order; an empty array
 * when it may be saved.  @now is the current time (the clock's). */
GPtrArray        *kesu_intake_check          (const KesuIntake *intake,
                                              GDateTime        *now);
/* The problem for one field, or NULL. transfer full. */
char             *kesu_intake_check_field    (const KesuIntake *intake,
                                              KesuField         field,
                                              GDateTime        *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuIntake, kesu_intake_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuAttachment, kesu_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuFieldProblem, kesu_field_problem_free)

G_END_DECLS
