/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-enums"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-enums-private.h"
#include "kesu-enums.h"

static const KesuEnumInfo channels[] = {
  { "phone", N_("Phone") },
  { "walk-in", N_("Walk-in") },
  { "letter", N_("Letter") },
  { "email", N_("E-mail") },
  { "wechat", N_("WeChat") },
  { "platform", N_("Third-party platform") },
  { "other", N_("Other") },
};

static const KesuEnumInfo categories[] = {
  { "vehicle-quality", N_("Vehicle quality") },
  { "repair-quality", N_("Repair / maintenance quality") },
  { "promise", N_("Sales promise not kept") },
  { "delivery-delay", N_("Delivery delay") },
  { "price", N_("Price and fees") },
  { "attitude", N_("Service attitude") },
  { "parts", N_("Parts availability") },
  { "insurance-finance", N_("Insurance / finance") },
  { "licensing", N_("Licensing paperwork") },
  { "other", N_("Other") },
};

static const KesuEnumInfo severities[] = {
  { "normal", N_("Normal") },
  { "important", N_("Important") },
  { "urgent", N_("Urgent / major") },
};

static const KesuEnumInfo states[] = {
  { "received", N_("Received") },
  { "investigating", N_("Investigating") },
  { "proposing", N_("Proposing") },
  { "executing", N_("Executing") },
  { "follow-up", N_("Follow-up") },
  { "closed", N_("Closed") },
  { "withdrawn", N_("Withdrawn") },
};

static const KesuEnumInfo emotions[] = {
  { "calm", N_("Calm") },
  { "anxious", N_("Anxious") },
  { "angry", N_("Angry") },
};

static const KesuEnumInfo customer_types[] = {
  { "", N_("Not assessed") },
  { "know-it-all", N_("Know-it-all") },
  { "grumbler", N_("Grumbler") },
  { "domineering", N_("Domineering") },
};

static const KesuEnumInfo roles[] = {
  { "front-desk", N_("Front desk") },
  { "sales-consultant", N_("Sales consultant") },
  { "service-advisor", N_("Service advisor") },
  { "after-sales-manager", N_("After-sales manager") },
  { "sales-manager", N_("Sales manager") },
  { "general-manager", N_("General manager") },
  { "administrator", N_("Administrator") },
};

static const KesuEnumInfo event_kinds[] = {
  { "received", N_("Complaint received") },
  { "moved", N_("State changed") },
  { "reopened", N_("Reopened") },
  { "assigned", N_("Handler assigned") },
  { "note", N_("Note") },
  { "contact", N_("Contact with the customer") },
  { "attachment", N_("Evidence attached") },
  { "waiting", N_("Waiting") },
  { "resumed", N_("Resumed") },
  { "escalated", N_("Escalated") },
  { "finding", N_("Finding recorded") },
  { "solution", N_("Solution recorded") },
  { "signed", N_("Signed") },
  { "signature-declined", N_("Declined to sign") },
  { "corrected", N_("Details corrected") },
  { "sanbao-flagged", N_("三包: may qualify") },
  { "sanbao-confirmed", N_("三包 confirmed") },
  { "sanbao-dismissed", N_("三包 dismissed") },
  { "repair", N_("Repair recorded") },
  { "linked", N_("Linked to another case") },
  { "merged", N_("Case merged in") },
  { "approved", N_("Amount approved") },
  { "approval-refused", N_("Approval refused") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (event_kinds) == KESU_N_EVENT_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (channels) == KESU_N_CHANNELS);
G_STATIC_ASSERT (G_N_ELEMENTS (categories) == KESU_N_CATEGORIES);
G_STATIC_ASSERT (G_N_ELEMENTS (severities) == KESU_N_SEVERITIES);
G_STATIC_ASSERT (G_N_ELEMENTS (states) == KESU_N_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (emotions) == KESU_N_EMOTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (customer_types) == KESU_N_CUSTOMER_TYPES);
G_STATIC_ASSERT (G_N_ELEMENTS (roles) == KESU_N_ROLES);

KESU_DEFINE_ENUM_FUNCS (KesuChannel, channel, channels, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuCategory, category, categories, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuSeverity, severity, severities, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuState, state, states, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuEmotion, emotion, emotions, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuCustomerType, customer_type, customer_types, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuRole, role, roles, NULL)
KESU_DEFINE_ENUM_FUNCS (KesuEventKind, event_kind, event_kinds, NULL)
