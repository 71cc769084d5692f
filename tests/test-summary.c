/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "kesu-actions.h"
#include "kesu-cli.h"
#include "kesu-clock.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* The monthly summary as a PDF (kesu_cli_summary_pdf, the --summary-pdf command), read
 * back with poppler's tools: the totals, every complaint of the month and none of another
 * month, masked phones, A4 pages, and a long month paginated with nothing cut. */

typedef struct
{
  char       *dir;
  KesuStore  *store;
  gint64      operator_id;
  gint64      handler_id;
  GPtrArray  *month_numbers;  /* of the fixture month, 2026-11 */
  GPtrArray  *other_numbers;  /* of October and December */
} Fixture;

static int
cli_summary (KesuStore  *store,
             const char *pdf,
             const char *month)
{
  int status;

  kesu_test_hush (NULL);
  status = kesu_cli_summary_pdf (store, pdf, month);
  kesu_test_unhush ();
  return status;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 3, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-summary", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir,
                                  NULL, &f->operator_id, &f->handler_id);
  f->month_numbers = g_ptr_array_new_with_free_func (g_free);
  f->other_numbers = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  g_ptr_array_unref (f->month_numbers);
  g_ptr_array_unref (f->other_numbers);
  kesu_clock_set_fixed (NULL);
}

static const char *const models[] = { "大众 帕萨特", "本田 雅阁", "丰田 凯美瑞", "别克 君威" };

static gint64
add_complaint (Fixture  *f,
               int       month,
               int       day,
               int       hour,
               guint     i,
               gboolean  settle)
{
  g_autoptr(KesuIntake) in = kesu_intake_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  gint64 id;

  in->channel = (KesuChannel) (i % KESU_N_CHANNELS);
  in->received_at = g_date_time_new_local (2026, month, day, hour, (int) (i % 60), 0);
  in->received_by = f->operator_id;
  in->customer_name = g_strdup_printf ("客户%u", i);
  in->customer_phone = g_strdup_printf ("139%08u", 10000000 + i);
  in->vehicle_model = g_strdup (models[i % G_N_ELEMENTS (models)]);
  in->description = g_strdup ("保养后发动机异响，要求检查。");
  in->demand = g_strdup ("要求免费检查并修复");
  in->category = (KesuCategory) (i % 3);
  in->severity = (KesuSeverity) (i % KESU_N_SEVERITIES);
  in->handler_id = f->handler_id;
  id = kesu_store_add_complaint (f->store, in, &number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (settle)
    {
      /* Settled: not overdue now, so it shows nowhere in another month's summary. */
      g_assert_true (kesu_store_set_imported_state (f->store, id, KESU_STATE_CLOSED,
                                                    g_date_time_to_unix (in->received_at)
                                                    + 3600, NULL, &error));
      g_assert_no_error (error);
    }
  g_ptr_array_add (month == 11 ? f->month_numbers : f->other_numbers, g_steal_pointer (&number));
  return id;
}

/* ---- reading PDFs back ---- */

static const char *const tools[] = { "pdftotext", "pdfinfo", NULL };

/* Every page is A4: "Page    3 size: 595 x 842 pts (A4)". */
static void
assert_a4 (const char *pdf,
           int         n_pages)
{
  g_autofree char *last = g_strdup_printf ("%d", n_pages);
  const char *argv[] = { "pdfinfo", "-f", "1", "-l", last, pdf, NULL };
  g_autofree char *out = kesu_test_run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  int n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Page") && strstr (lines[i], " size:") != NULL)
      {
        g_assert_nonnull (strstr (lines[i], "595 x 842 pts"));
        n++;
      }
  g_assert_cmpint (n, ==, n_pages);
}

static char *
write_summary (Fixture    *f,
               const char *month,
               int        *out_pages)
{
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);

  g_assert_cmpint (cli_summary (f->store, pdf, month), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  *out_pages = kesu_test_pdf_n_pages (pdf);
  g_assert_cmpint (*out_pages, >=, 1);
  assert_a4 (pdf, *out_pages);
  return g_steal_pointer (&pdf);
}

static void
assert_numbers (Fixture    *f,
                const char *text)
{
  for (guint i = 0; i < f->month_numbers->len; i++)
    {
      const char *number = g_ptr_array_index (f->month_numbers, i);

      if (strstr (text, number) == NULL)
        g_error ("%s of the month is missing from the summary", number);
    }
  for (guint i = 0; i < f->other_numbers->len; i++)
    {
      const char *number = g_ptr_array_index (f->other_numbers, i);

      if (strstr (text, number) != NULL)
        g_error ("%s of another month is in the summary", number);
    }
}

/* ---- tests ---- */

static void
test_month (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  KesuActionInput input;
  gint64 first = 0, id;
  int n_pages;

  if (!kesu_test_have_tools (tools))
    return;

  /* October: 3 settled; November: 7, of which 2 settled; December: 1 settled. */
  for (guint i = 0; i < 3; i++)
    add_complaint (f, 10, 5 + (int) i, 9, 100 + i, TRUE);
  for (guint i = 0; i < 7; i++)
    {
      id = add_complaint (f, 11, 2 + 3 * (int) i, 10 + (int) i, i, i < 2);
      if (first == 0)
        first = id;
    }
  add_complaint (f, 12, 1, 9, 200, TRUE);

  kesu_action_input_init (&input);
  input.root_cause = "保养接车时未检查异响记录";
  input.measures = "接车检查单增加异响项，服务顾问培训";
  input.owner_id = f->handler_id;
  input.due_on = "2026-12-20";
  input.complaint_ids = &first;
  input.n_complaints = 1;
  g_assert_cmpint (kesu_store_add_action (f->store, &input, &error), >, 0);
  g_assert_no_error (error);

  pdf = write_summary (f, "2026-11", &n_pages);
  text = kesu_test_pdf_text (pdf);

  g_assert_nonnull (strstr (text, "星河汽车4S店"));
  g_assert_nonnull (strstr (text, "MonthlyComplaintSummary"));
  /* The totals: 7 received, 2 closed, 5 open. */
  g_assert_nonnull (strstr (text, "7received,2closed,0withdrawn,5stillopen"));
  g_assert_nonnull (strstr (text, "Complaintsreceived7"));
  assert_numbers (f, text);
  /* Phones masked, never in full. */
  g_assert_nonnull (strstr (text, "139****0000"));
  g_assert_null (strstr (text, "13910000000"));
  g_assert_null (strstr (text, "13910000003"));
  /* The action and the date printed. */
  g_assert_nonnull (strstr (text, "接车检查单增加异响项"));
  g_assert_nonnull (strstr (text, "Printed2026-12-03"));
  g_assert_nonnull (strstr (text, "Page1of"));
}

static void
test_long_month (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last_page = NULL;
  int n_pages;

  if (!kesu_test_have_tools (tools))
    return;

  add_complaint (f, 10, 20, 9, 900, TRUE);
  for (guint i = 0; i < 120; i++)
    add_complaint (f, 11, 1 + (int) (i % 30), 8 + (int) (i / 30), 1000 + i, i % 2 == 0);

  pdf = write_summary (f, "2026-11", &n_pages);
  g_assert_cmpint (n_pages, >=, 3);
  text = kesu_test_pdf_text (pdf);
  assert_numbers (f, text);
  g_assert_nonnull (strstr (text, "120received"));
  last_page = g_strdup_printf ("Page%dof%d", n_pages, n_pages);
  g_assert_nonnull (strstr (text, last_page));
}

static void
test_arguments (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "out.pdf", NULL);

  g_assert_cmpint (cli_summary (f->store, pdf, NULL), ==, 2);
  g_assert_cmpint (cli_summary (f->store, pdf, "2026-13"), ==, 2);
  g_assert_cmpint (cli_summary (f->store, pdf, "11/2026"), ==, 2);
  g_assert_cmpint (cli_summary (f->store, "", "2026-11"), ==, 2);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* A month without complaints still prints, on one page or more. */
  g_assert_cmpint (cli_summary (f->store, pdf, "2026-11"), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* Written beside the target and renamed: no temporary file is left. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_true (g_str_has_prefix (name, "kesu.db") || g_str_equal (name, "out.pdf"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/summary/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("month", test_month);
  ADD ("long-month", test_long_month);
  ADD ("arguments", test_arguments);
#undef ADD

  return g_test_run ();
}
