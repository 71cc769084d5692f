/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli-sanbao"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-cli.h"
#include "kesu-duplicates.h"
#include "kesu-report-util.h"
#include "kesu-sanbao.h"
#include "kesu-validate.h"

int
kesu_cli_sanbao (KesuStore  *store,
                 const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  gint64 id;

  g_return_val_if_fail (KESU_IS_STORE (store), 1);

  id = kesu_store_find_complaint_by_number (store, number);
  if (id == 0)
    {
      g_printerr (_("There is no complaint numbered “%s”.\n"), number != NULL ? number : "");
      return 1;
    }
  a = kesu_store_sanbao_for_complaint (store, id, &error);
  if (a == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* TRANSLATORS: "KS-202611-0019 — 三包: may qualify" */
  g_print (_("%s — %s\n"), number,
           a->flag != KESU_SANBAO_FLAG_NONE ? kesu_sanbao_flag_to_label (a->flag)
           : a->may_qualify ? _("a replacement or refund condition may be met (not flagged)")
                            : _("no replacement or refund condition met"));
  for (guint i = 0; i < a->lines->len; i++)
    {
      const KesuSanbaoLine *line = g_ptr_array_index (a->lines, i);
      const char *level = kesu_sanbao_level_to_label (line->level);

      if (level[0] != '\0')
        g_print ("  [%s] %s — %s\n", level, line->article, line->text);
      else
        g_print ("  %s — %s\n", line->article, line->text);
    }

  duplicates = kesu_store_find_duplicates_of (store, id, &error);
  if (duplicates == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < duplicates->len; i++)
    {
      const KesuDuplicate *d = g_ptr_array_index (duplicates, i);
      g_autofree char *when = kesu_report_format_local (d->received_at, "%Y-%m-%d");

      /* TRANSLATORS: "Maybe the same problem: KS-202611-0018 (2026-11-21, Received): Same
       * phone, Same VIN" */
      g_print (_("Maybe the same problem: %s (%s, %s): %s\n"), d->number, when,
               kesu_state_to_label (d->state), d->why);
    }
  return 0;
}
