/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-store-private.h"
#include "kesu-test-core.h"
#include "kesu-validate.h"

KesuStore *
kesu_test_store_open (const char  *prefix,
                      char       **out_dir,
                      char       **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  KesuStore *store;

  g_assert_nonnull (out_dir);

  dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "kesu.db", NULL);
  store = kesu_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  *out_dir = g_steal_pointer (&dir);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return store;
}

KesuStore *
kesu_test_store_new (const char  *prefix,
                     KesuRole     operator_role,
                     char       **out_dir,
                     char       **out_path,
                     gint64      *out_operator,
                     gint64      *out_handler)
{
  g_autoptr(GError) error = NULL;
  KesuBranch branch = { (char *) "星河汽车4S店", (char *) "上海市浦东新区", (char *) "" };
  KesuStore *store = kesu_test_store_open (prefix, out_dir, out_path);
  gint64 handler;

  static char *pin_hash;
  gint64 operator_id;

  /* The PIN is hashed once per test program and the string stored for everyone: a real
   * Argon2id hash, without a tenth of a second per store. */
  if (pin_hash == NULL)
    {
      pin_hash = _kesu_pin_hash (KESU_TEST_PIN, &error);
      g_assert_no_error (error);
    }

  g_assert_true (kesu_store_setup (store, &branch, "王芳", operator_role, NULL, &operator_id,
                                   &error));
  g_assert_no_error (error);
  /* 王芳 may not be allowed to add staff: the handler comes in before anyone has a PIN,
   * as on a first start. */
  kesu_store_set_operator (store, 0);
  handler = kesu_store_add_staff (store, "李强", KESU_ROLE_SERVICE_ADVISOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_kesu_store_set_pin_hash (store, operator_id, pin_hash, &error));
  g_assert_no_error (error);
  g_assert_true (_kesu_store_set_pin_hash (store, handler, pin_hash, &error));
  g_assert_no_error (error);
  kesu_store_set_operator (store, operator_id);
  g_assert_true (kesu_store_is_signed_in (store));
  if (out_operator != NULL)
    *out_operator = operator_id;
  if (out_handler != NULL)
    *out_handler = handler;
  return store;
}

gint64
kesu_test_add_staff (KesuStore   *store,
                     const char  *name,
                     KesuRole     role,
                     const char  *phone,
                     GError     **error)
{
  return _kesu_store_add_staff_unchecked (store, name, role, phone, error);
}

void
kesu_test_set_deadline_policy (KesuStore                *store,
                               const KesuDeadlinePolicy *policy)
{
  g_autoptr(GError) error = NULL;
  gint64 operator = kesu_store_get_operator (store);
  gint64 manager = kesu_test_add_staff (store, "赵敏", KESU_ROLE_AFTER_SALES_MANAGER, "",
                                        &error);

  g_assert_no_error (error);
  kesu_store_set_operator (store, manager);
  g_assert_true (kesu_store_set_deadline_policy (store, policy, &error));
  g_assert_no_error (error);
  kesu_store_set_operator (store, operator);
}

void
kesu_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        kesu_test_remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (dir);
}

KesuState
kesu_test_state_of (KesuStore *store,
                    gint64     complaint_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (store, complaint_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (complaint);
  return kesu_complaint_get_state (complaint);
}

gboolean
kesu_test_have_tools (const char *const *tools)
{
  for (guint i = 0; tools[i] != NULL; i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        {
          g_autofree char *names = g_strjoinv (", ", (char **) tools);
          g_autofree char *message = g_strdup_printf ("poppler-utils (%s) is not installed",
                                                      names);

          g_test_skip (message);
          return FALSE;
        }
    }
  return TRUE;
}

char *
kesu_test_run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

char *
kesu_test_without_space (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (s, g_utf8_get_char (p));
  return g_string_free (s, FALSE);
}

char *
kesu_test_pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = kesu_test_run (argv);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  return kesu_test_without_space (text);
}

char *
kesu_test_pdf_info (const char *pdf,
                    const char *key)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = kesu_test_run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key))
      return g_strstrip (g_strdup (lines[i] + strlen (key)));
  g_assert_not_reached ();
}

int
kesu_test_pdf_n_pages (const char *pdf)
{
  g_autofree char *pages = kesu_test_pdf_info (pdf, "Pages:");

  return atoi (pages);
}

guint
kesu_test_pdf_n_images (const char *pdf)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *out = kesu_test_run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  /* Two heading lines, then one line per image. */
  for (guint i = 2; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      n++;
  return n;
}

static GString   *hushed_err;
static GPrintFunc old_print;
static GPrintFunc old_printerr;

static void
print_nowhere_cb (const char *text)
{
}

static void
printerr_kept_cb (const char *text)
{
  if (hushed_err != NULL)
    g_string_append (hushed_err, text);
}

void
kesu_test_hush (GString *err)
{
  hushed_err = err;
  old_print = g_set_print_handler (print_nowhere_cb);
  old_printerr = g_set_printerr_handler (printerr_kept_cb);
}

void
kesu_test_unhush (void)
{
  g_set_print_handler (old_print);
  g_set_printerr_handler (old_printerr);
  hushed_err = NULL;
}

gint64
kesu_test_local_unix (int year,
                      int month,
                      int day,
                      int hour,
                      int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

void
kesu_test_set_clock (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  kesu_clock_set_fixed (dt);
}

char *
kesu_test_make_vin (const char *base)
{
  char *vin = g_strdup (base);

  g_assert_cmpuint (strlen (vin), ==, 17);
  vin[8] = kesu_vin_check_digit (vin);
  g_assert_true (kesu_validate_vin (vin, NULL, NULL));
  return vin;
}

KesuIntake *
kesu_test_intake_new (gint64      received,
                      gint64      received_by,
                      gint64      handler_id,
                      const char *name,
                      const char *phone,
                      const char *description,
                      const char *demand)
{
  KesuIntake *in = kesu_intake_new ();

  in->channel = KESU_CHANNEL_PHONE;
  in->received_at = g_date_time_new_from_unix_local (received);
  in->received_by = received_by;
  in->customer_name = g_strdup (name);
  in->customer_phone = g_strdup (phone);
  in->description = g_strdup (description);
  in->demand = g_strdup (demand);
  in->category = KESU_CATEGORY_REPAIR_QUALITY;
  in->severity = KESU_SEVERITY_NORMAL;
  in->handler_id = handler_id;
  return in;
}

gint64
kesu_test_add_intake (KesuStore        *store,
                      const KesuIntake *intake)
{
  g_autoptr(GError) error = NULL;
  gint64 id = kesu_store_add_complaint (store, intake, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

guint
kesu_test_count_events (GPtrArray     *events,
                        KesuEventKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (((KesuEvent *) g_ptr_array_index (events, i))->kind == kind)
      n++;
  return n;
}

void
kesu_test_store_close (KesuStore **store,
                       char      **dir)
{
  g_clear_object (store);
  kesu_test_remove_dir (*dir);
  g_clear_pointer (dir, g_free);
}
