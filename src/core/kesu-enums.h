/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The database stores the stable English keys (kesu_*_to_key); the interface shows
 * the translated labels (kesu_*_to_label). */

typedef enum
{
  KESU_CHANNEL_PHONE,
  KESU_CHANNEL_WALK_IN,
  KESU_CHANNEL_LETTER,
  KESU_CHANNEL_EMAIL,
  KESU_CHANNEL_WECHAT,
  KESU_CHANNEL_PLATFORM,
  KESU_CHANNEL_OTHER,
  KESU_N_CHANNELS
} KesuChannel;

typedef enum
{
  KESU_CATEGORY_VEHICLE_QUALITY,
  KESU_CATEGORY_REPAIR_QUALITY,
  KESU_CATEGORY_PROMISE,
  KESU_CATEGORY_DELIVERY_DELAY,
  KESU_CATEGORY_PRICE,
  KESU_CATEGORY_ATTITUDE,
  KESU_CATEGORY_PARTS,
  KESU_CATEGORY_INSURANCE_FINANCE,
  KESU_CATEGORY_LICENSING,
  KESU_CATEGORY_OTHER,
  KESU_N_CATEGORIES
} KesuCategory;

typedef enum
{
  KESU_SEVERITY_NORMAL,
  KESU_SEVERITY_IMPORTANT,
  KESU_SEVERITY_URGENT,
  KESU_N_SEVERITIES
} KesuSeverity;

typedef enum
{
  KESU_STATE_RECEIVED,
  KESU_STATE_INVESTIGATING,
  KESU_STATE_PROPOSING,
  KESU_STATE_EXECUTING,
  KESU_STATE_FOLLOW_UP,
  KESU_STATE_CLOSED,
  KESU_STATE_WITHDRAWN,
  KESU_N_STATES
} KesuState;

typedef enum
{
  KESU_EMOTION_CALM,
  KESU_EMOTION_ANXIOUS,
  KESU_EMOTION_ANGRY,
  KESU_N_EMOTIONS
} KesuEmotion;

typedef enum
{
  KESU_CUSTOMER_TYPE_UNSPECIFIED,
  KESU_CUSTOMER_TYPE_KNOW_IT_ALL,
  KESU_CUSTOMER_TYPE_GRUMBLER,
  KESU_CUSTOMER_TYPE_DOMINEERING,
  KESU_N_CUSTOMER_TYPES
} KesuCustomerType;

typedef enum
{
  KESU_ROLE_FRONT_DESK,
  KESU_ROLE_SALES_CONSULTANT,
  KESU_ROLE_SERVICE_ADVISOR,
  KESU_ROLE_AFTER_SALES_MANAGER,
  KESU_ROLE_SALES_MANAGER,
  KESU_ROLE_GENERAL_MANAGER,
  KESU_ROLE_ADMINISTRATOR,
  KESU_N_ROLES
} KesuRole;

/* What an entry of a complaint's timeline records. */
typedef enum
{
  KESU_EVENT_RECEIVED,
  KESU_EVENT_MOVED,        /* from_state → to_state; detail: the reason, if any */
  KESU_EVENT_REOPENED,     /* a dissatisfied follow-up or a reopen; detail: why */
  KESU_EVENT_ASSIGNED,     /* ref_staff: the new handler */
  KESU_EVENT_NOTE,         /* detail: the note */
  KESU_EVENT_CONTACT,      /* detail: what the customer was told; ref_time: next contact;
                            * channel: how */
  KESU_EVENT_ATTACHMENT,   /* detail: file name */
  KESU_EVENT_WAITING,      /* detail: what the case waits on */
  KESU_EVENT_RESUMED,
  KESU_EVENT_ESCALATED,    /* ref_staff: the manager */
  KESU_EVENT_FINDING,      /* cause and responsibility recorded; detail: the cause */
  KESU_EVENT_SOLUTION,     /* solution recorded; detail: the measures */
  KESU_EVENT_SIGNED,       /* a signature was stored; detail: its purpose's key */
  KESU_EVENT_SIGNATURE_DECLINED, /* the customer declined to sign; detail: the reason */
  KESU_EVENT_CORRECTED,    /* intake details corrected; detail: "field: old → new" lines */
  KESU_EVENT_SANBAO_FLAGGED,   /* 三包: may qualify (by Kesu, staff 0); detail: the reason;
                                * ref_time: the Art. 28 answer due */
  KESU_EVENT_SANBAO_CONFIRMED, /* a person confirmed the 三包 flag; detail: their note */
  KESU_EVENT_SANBAO_DISMISSED, /* a person dismissed it; detail: the reason */
  KESU_EVENT_REPAIR,       /* a workshop visit linked to the case was recorded or changed;
                            * detail: system, fault, part replaced; ref_time: started */
  KESU_EVENT_LINKED,       /* linked to another case; detail: its number */
  KESU_EVENT_MERGED,       /* another case was merged into this one; detail: its number */
  KESU_EVENT_APPROVED,     /* a solution's amount approved; staff: the approver;
                            * detail: the amount, formatted */
  KESU_EVENT_APPROVAL_REFUSED, /* approval refused; staff: who; detail: the reason */
  KESU_N_EVENT_KINDS
} KesuEventKind;


#define KESU_DECLARE_ENUM_FUNCS(Type, lower)                                  \
  const char *kesu_##lower##_to_key (Type value);                            \
  const char *kesu_##lower##_to_label (Type value);                          \
  gboolean    kesu_##lower##_from_key (const char *key, Type *out_value);

KESU_DECLARE_ENUM_FUNCS (KesuChannel, channel)
KESU_DECLARE_ENUM_FUNCS (KesuCategory, category)
KESU_DECLARE_ENUM_FUNCS (KesuSeverity, severity)
KESU_DECLARE_ENUM_FUNCS (KesuState, state)
KESU_DECLARE_ENUM_FUNCS (KesuEmotion, emotion)
KESU_DECLARE_ENUM_FUNCS (KesuCustomerType, customer_type)
KESU_DECLARE_ENUM_FUNCS (KesuRole, role)
KESU_DECLARE_ENUM_FUNCS (KesuEventKind, event_kind)

G_END_DECLS
