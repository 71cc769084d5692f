/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-auth.h"
#include "kesu-cli.h"
#include "kesu-import.h"

/* Rows (not the header) that have at least one problem. */
static guint
count_bad_rows (GPtrArray *problems,
                guint      header_line)
{
  guint n = 0, last = 0;

  /* The problems come in line order. */
  for (guint i = 0; i < problems->len; i++)
    {
      const KesuImportProblem *p = g_ptr_array_index (problems, i);

      if (p->line != header_line && p->line != last)
        n++;
      last = p->line;
    }
  return n;
}

int
kesu_cli_import_csv (KesuStore  *store,
                     const char *csv_path,
                     gboolean    dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KesuImport) import = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint n_rows, n_bad, n;

  g_return_val_if_fail (KESU_IS_STORE (store), 1);

  if (csv_path == NULL || csv_path[0] == '\0')
    {
      g_printerr (_("--import-csv needs the file to import.\n"));
      return 2;
    }
  if (kesu_store_needs_setup (store))
    {
      g_printerr (_("This database is not set up yet: start Kesu once to enter the branch and "
                    "its first staff member, then import.\n"));
      return 1;
    }
  /* Every complaint brought in is recorded under the name of whoever brought it in. */
  if (!dry_run && !kesu_store_is_signed_in (store))
    {
      g_printerr (_("--import-csv writes complaints under a name: add --user NAME, with the "
                    "PIN in the environment variable KESU_PIN or on standard input.\n"));
      return 2;
    }

  file = g_file_new_for_commandline_arg (csv_path);
  import = kesu_import_new_from_file (file, &error);
  if (import == NULL)
    {
      g_printerr ("%s: %s\n", csv_path, error->message);
      return 1;
    }

  n = kesu_import_run (import, store, dry_run, &problems, &error);
  n_rows = kesu_import_get_n_rows (import);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = kesu_import_problem_format (g_ptr_array_index (problems, i));

      g_printerr ("%s\n", text);
    }

  if (problems->len > 0)
    {
      n_bad = count_bad_rows (problems, kesu_import_get_table (import)->header->line);
      if (n_bad > 0)
        g_printerr (ngettext ("Nothing was imported: %u row has problems.\n",
                              "Nothing was imported: %u rows have problems.\n", n_bad),
                    n_bad);
      else
        g_printerr (_("Nothing was imported: the columns of the file do not fit.\n"));
      return 1;
    }
  if (error != NULL)
    {
      g_printerr (_("Nothing was imported: %s\n"), error->message);
      return 1;
    }

  if (dry_run)
    g_print (ngettext ("%u row checked: no problems. Nothing was imported (dry run).\n",
                       "%u rows checked: no problems. Nothing was imported (dry run).\n",
                       n_rows),
             n_rows);
  else
    g_print (ngettext ("Imported %u complaint.\n", "Imported %u complaints.\n", n),
             n);
  return 0;
}
