/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli-export"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-cli.h"
#include "kesu-xlsx.h"

static void
count_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  *(guint *) user_data = done;
}

int
kesu_cli_export_xlsx (KesuStore  *store,
                      const char *out_path,
                      const char *month,
                      const char *from,
                      const char *to,
                      gboolean    unmasked)
{
  g_auto(KesuExportOptions) options = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  guint written = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 1);

  kesu_export_options_init (&options);
  if (out_path == NULL || out_path[0] == '\0')
    {
      g_printerr (_("--export-xlsx needs the file to write.\n"));
      return 2;
    }
  if (month != NULL && (from != NULL || to != NULL))
    {
      g_printerr (_("Give the period either as --month or as --from and --to, not both.\n"));
      return 2;
    }
  if (month == NULL && from == NULL && to == NULL)
    {
      g_printerr (_("--export-xlsx needs a period: --month YYYY-MM, or --from YYYY-MM-DD "
                    "and --to YYYY-MM-DD.\n"));
      return 2;
    }
  if (month == NULL && (from == NULL || to == NULL))
    {
      g_printerr (_("--from and --to go together: give both days of the period.\n"));
      return 2;
    }
  if (month != NULL ? !kesu_export_options_set_month (&options, month, &error)
                    : !kesu_export_options_set_range (&options, from, to, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  options.path = g_strdup (out_path);
  options.unmasked = unmasked;
  if (!kesu_xlsx_export (store, &options, count_progress_cb, &written, NULL, &error))
    {
      g_printerr (_("No workbook was written: %s\n"), error->message);
      return 1;
    }

  display = g_filename_display_name (out_path);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u complaint to %s\n",
                        "Wrote %u complaints to %s\n", written),
           written, display);
  return 0;
}
