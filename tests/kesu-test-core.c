/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kesu-complaint.h"
#include "kesu-test-core.h"

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

  g_assert_true (kesu_store_setup (store, &branch, "王芳", operator_role, NULL, out_operator,
                                   &error));
  g_assert_no_error (error);
  handler = kesu_store_add_staff (store, "李强", KESU_ROLE_SERVICE_ADVISOR, NULL, &error);
  g_assert_no_error (error);
  if (out_handler != NULL)
    *out_handler = handler;
  return store;
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
