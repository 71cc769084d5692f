/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The tables behind kesu_*_to_key, kesu_*_to_label and kesu_*_from_key, for the files
 * that define enums (kesu-enums.c, kesu-workflow.c).  Include after <glib/gi18n.h>: the
 * labels are translated with _(). */

typedef struct
{
  const char *key;
  const char *label;  /* N_() marked, translated on use */
} KesuEnumInfo;

/* The position of @key in @table; FALSE for NULL or an unknown key. */
static inline gboolean
_kesu_enum_lookup (const KesuEnumInfo *table,
                   guint               n,
                   const char         *key,
                   guint              *out_value)
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

/* Defines kesu_LOWER_to_key, kesu_LOWER_to_label and kesu_LOWER_from_key for the enum
 * @Type over @table (one entry per value, in order).  from_key reads a NULL key as
 * @null_key: NULL where a NULL key is refused, "" where the table's "" entry is what an
 * unset (NULL) column means. */
#define KESU_DEFINE_ENUM_FUNCS(Type, lower, table, null_key)                              \
  const char *kesu_##lower##_to_key (Type value)                                          \
  {                                                                                       \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);                    \
    return table[value].key;                                                              \
  }                                                                                       \
  const char *kesu_##lower##_to_label (Type value)                                        \
  {                                                                                       \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);                    \
    return _(table[value].label);                                                         \
  }                                                                                       \
  gboolean kesu_##lower##_from_key (const char *key, Type *out_value)                     \
  {                                                                                       \
    guint v;                                                                              \
    if (!_kesu_enum_lookup (table, G_N_ELEMENTS (table), key != NULL ? key : (null_key),  \
                            &v))                                                          \
      return FALSE;                                                                       \
    if (out_value)                                                                        \
      *out_value = (Type) v;                                                              \
    return TRUE;                                                                          \
  }

G_END_DECLS
