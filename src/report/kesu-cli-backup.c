/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-backup.h"
#include "kesu-cli.h"

int
kesu_cli_backup (const char *db_path,
                 const char *out_path)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (db_path != NULL, 2);
  if (out_path == NULL || out_path[0] == '\0')
    {
      g_printerr (_("--backup needs the file to write.\n"));
      return 2;
    }
  if (!kesu_backup_to_file (NULL, db_path, out_path, &error))
    {
      g_printerr (_("No backup was written: %s\n"), error->message);
      return 1;
    }
  g_print (_("Backed up %s to %s (checked: complete and undamaged).\n"), db_path, out_path);
  return 0;
}

int
kesu_cli_restore (const char *db_path,
                  const char *in_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  g_return_val_if_fail (db_path != NULL, 2);
  if (in_path == NULL || in_path[0] == '\0')
    {
      g_printerr (_("--restore needs the backup file to read.\n"));
      return 2;
    }
  if (!kesu_restore_from_file (db_path, in_path, &saved, &error))
    {
      g_printerr (_("Nothing was restored: %s\n"), error->message);
      return 1;
    }
  if (saved != NULL)
    g_print (_("Restored %s from %s. What it held before was kept as %s.\n"), db_path,
             in_path, saved);
  else
    g_print (_("Restored %s from %s.\n"), db_path, in_path);
  return 0;
}
