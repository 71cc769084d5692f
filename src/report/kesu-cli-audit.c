/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kesu-audit.h"
#include "kesu-auth.h"
#include "kesu-cli.h"
#include "kesu-report-util.h"

int
kesu_cli_verify_audit (KesuStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuAuditEntry) entry = NULL;
  g_autofree char *number = NULL;
  gint64 broken = 0, n = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 2);

  /* The numbers go in as text: a G_GINT64_FORMAT inside _() would hide the message from
   * xgettext. */
  if (kesu_store_verify_audit (store, &broken, &n, &error))
    {
      number = g_strdup_printf ("%'" G_GINT64_FORMAT, n);
      /* Translators: %s is a number, "1,234" */
      g_print (g_dngettext (GETTEXT_PACKAGE, "The history is whole: %s entry checked.\n",
                            "The history is whole: %s entries checked.\n", (gulong) n),
               number);
      return 0;
    }
  if (error != NULL)
    {
      g_printerr (_("The history could not be checked: %s\n"), error->message);
      return 1;
    }

  entry = kesu_store_get_audit_entry (store, broken);
  if (entry != NULL)
    {
      g_autofree char *at = kesu_report_format_local (entry->at, "%Y-%m-%d %H:%M:%S");
      /* Translators: in the audit log, a change nobody made by hand */
      const char *who = entry->staff_id > 0 ? entry->staff_name : _("Kesu");

      number = g_strdup_printf ("%" G_GINT64_FORMAT, broken);
      /* Translators: entry number, its time, who made it, what it records */
      g_print (_("The history is BROKEN at entry %s (%s, %s, %s: %s): it was changed outside "
                 "Kesu.\n"),
               number, at, who, kesu_audit_entity_label (entry->entity),
               kesu_audit_field_label (entry->entity, entry->field));
    }
  else
    {
      number = g_strdup_printf ("%" G_GINT64_FORMAT, broken);
      /* Translators: %s is the number of an entry of the audit log */
      g_print (_("The history is BROKEN at entry %s: that entry is missing; it was removed "
                 "outside Kesu.\n"),
               number);
    }
  return 1;
}

/* The first line of standard input, without its line end. */
static char *
read_stdin_line (void)
{
  char buffer[64];
  size_t n;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  n = strcspn (buffer, "\r\n");
  buffer[n] = '\0';
  return g_strdup (buffer);
}

int
kesu_cli_sign_in (KesuStore  *store,
                  const char *user_name)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  gint64 staff_id = 0;
  guint matches = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), 2);

  if (user_name == NULL || user_name[0] == '\0')
    {
      g_printerr (_("--user needs the name of a staff member.\n"));
      return 2;
    }
  staff = kesu_store_list_staff (store);
  for (guint i = 0; i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      if (g_strcmp0 (s->name, user_name) == 0)
        {
          staff_id = s->id;
          matches++;
        }
    }
  if (matches == 0)
    {
      g_printerr (_("There is no active staff member called “%s”.\n"), user_name);
      return 1;
    }
  if (matches > 1)
    {
      g_printerr (_("Several active staff members are called “%s”; sign in in the window "
                    "instead.\n"), user_name);
      return 1;
    }

  /* Never from the command line itself: other users of the machine can read that. */
  pin = g_strdup (g_getenv ("KESU_PIN"));
  if (pin == NULL)
    pin = read_stdin_line ();
  if (pin == NULL || pin[0] == '\0')
    {
      g_printerr (_("Give the PIN of %s in the environment variable KESU_PIN or on the first "
                    "line of standard input.\n"), user_name);
      return 2;
    }
  if (!kesu_store_sign_in (store, staff_id, pin, &error))
    {
      g_printerr (_("%s could not sign in: %s\n"), user_name, error->message);
      return 1;
    }
  return 0;
}
