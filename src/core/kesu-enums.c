/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-enums"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-enums.h"

typedef struct
{
  const char *key;
  const char *label;  /* N_() marked, translated on use */
} EnumInfo;

static const EnumInfo channels[] = {
  { "phone", N_("Phone") },
  { "walk-in", N_("Walk-in") },
  { "letter", N_("Letter") },
  { "email", N_("E-mail") },
  { "wechat", N_("WeChat") },
  { "platform", N_("Third-party platform") },
  { "other", N_("Other") },
};

static const EnumInfo categories[] = {
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

static const EnumInfo severities[] = {
  { "normal", N_("Normal") },
  { "important", N_("Important") },
  { "urgent", N_("Urgent / major") },
};

static const EnumInfo states[] = {
  { "received", N_("Received") },
  { "investigating", N_("Investigating") },
  { "proposing", N_("Proposing") },
  { "executing", N_("Executing") },
  { "follow-up", N_("Follow-up") },
  { "closed", N_("Closed") },
  { "withdrawn", N_("Withdrawn") },
};

static const EnumInfo emotions[] = {
  { "calm", N_("Calm") },
  { "anxious", N_("Anxious") },
  { "angry", N_("Angry") },
};

static const EnumInfo customer_types[] = {
  { "", N_("Not assessed") },
  { "know-it-all", N_("Know-it-all") },
  { "grumbler", N_("Grumbler") },
  { "domineering", N_("Domineering") },
};

static const EnumInfo roles[] = {
  { "front-desk", N_("Front desk") },
  { "sales-consultant", N_("Sales consultant") },
  { "service-advisor", N_("Service advisor") },
  { "after-sales-manager", N_("After-sales manager") },
  { "sales-manager", N_("Sales manager") },
  { "general-manager", N_("General manager") },
  { "administrator", N_("Administrator") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (channels) == KESU_N_CHANNELS);
G_STATIC_ASSERT (G_N_ELEMENTS (categories) == KESU_N_CATEGORIES);
G_STATIC_ASSERT (G_N_ELEMENTS (severities) == KESU_N_SEVERITIES);
G_STATIC_ASSERT (G_N_ELEMENTS (states) == KESU_N_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (emotions) == KESU_N_EMOTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (customer_types) == KESU_N_CUSTOMER_TYPES);
G_STATIC_ASSERT (G_N_ELEMENTS (roles) == KESU_N_ROLES);

static gboolean
lookup_key (const EnumInfo *table,
            guint           n,
            const char     *key,
            guint          *out_value)
{
  if (key == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (table[i].key, key))
      {
        *out_value = i;
        return TRUE;
      }
  return FALSE;
}

#define KESU_DEFINE_ENUM_FUNCS(Type, lower, table)                            \
  const char *kesu_##lower##_to_key (Type value)                             \
  {                                                                           \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);        \
    return table[value].key;                                                  \
  }                                                                           \
  const char *kesu_##lower##_to_label (Type value)                           \
  {                                                                           \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);        \
    return _(table[value].label);                                             \
  }                                                                           \
  gboolean kesu_##lower##_from_key (const char *key, Type *out_value)        \
  {                                                                           \
    guint v;                                                                  \
    if (!lookup_key (table, G_N_ELEMENTS (table), key, &v))                   \
      return FALSE;                                                           \
    if (out_value)                                                            \
      *out_value = (Type) v;                                                  \
    return TRUE;                                                              \
  }

KESU_DEFINE_ENUM_FUNCS (KesuChannel, channel, channels)
KESU_DEFINE_ENUM_FUNCS (KesuCategory, category, categories)
KESU_DEFINE_ENUM_FUNCS (KesuSeverity, severity, severities)
KESU_DEFINE_ENUM_FUNCS (KesuState, state, states)
KESU_DEFINE_ENUM_FUNCS (KesuEmotion, emotion, emotions)
KESU_DEFINE_ENUM_FUNCS (KesuCustomerType, customer_type, customer_types)
KESU_DEFINE_ENUM_FUNCS (KesuRole, role, roles)
