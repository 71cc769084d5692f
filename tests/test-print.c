/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "kesu-cli.h"
#include "kesu-clock.h"
#include "kesu-signature.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* The customer's papers as PDFs (kesu_cli_print, the --print-receipt and
 * --print-agreement commands), read back with poppler's tools. */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     operator_id;
  gint64     handler_id;
} Fixture;

#define CUSTOMER_PHONE      "13987654321"
#define CUSTOMER_PHONE_MASK "139****4321"
#define HANDLER_PHONE       "13600001111"

static GString *printed_err;

static const char *const tools[] = { "pdftotext", "pdfimages", "pdfinfo", NULL };

/* kesu_cli_print with what it prints kept from the test's own output (TAP on stdout):
 * messages for the user go to printed_err. */
static int
cli_print (KesuStore  *store,
           const char *kind,
           const char *number,
           const char *pdf_path,
           gboolean    a5,
           gboolean    unmasked)
{
  int status;

  kesu_test_hush (printed_err);
  status = kesu_cli_print (store, kind, number, pdf_path, a5, unmasked);
  kesu_test_unhush ();
  return status;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
  g_autoptr(GError) error = NULL;

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-print", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  &f->operator_id, NULL);
  f->handler_id = kesu_test_add_staff (f->store, "赵磊", KESU_ROLE_SERVICE_ADVISOR,
                                       HANDLER_PHONE, &error);
  g_assert_no_error (error);
  g_string_truncate (printed_err, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

static gint64
add_complaint (Fixture    *f,
               const char *description,
               char      **out_number)
{
  g_autoptr(KesuIntake) in = kesu_intake_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  in->channel = KESU_CHANNEL_WALK_IN;
  in->received_at = g_date_time_new_local (2026, 11, 24, 9, 45, 0);
  in->received_by = f->operator_id;
  in->customer_name = g_strdup ("陈静");
  in->customer_phone = g_strdup ("139 8765 4321");
  in->vehicle_model = g_strdup ("本田 雅阁");
  in->plate = g_strdup ("沪B54321");
  in->description = g_strdup (description != NULL ? description
                                                  : "空调不制冷，\n已经修过一次还是不行。");
  in->demand = g_strdup ("要求彻底修好并提供代步车");
  in->category = KESU_CATEGORY_VEHICLE_QUALITY;
  in->severity = KESU_SEVERITY_IMPORTANT;
  in->handler_id = f->handler_id;
  id = kesu_store_add_complaint (f->store, in, out_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static cairo_status_t
png_append_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real PNG of a scribble, as the signature pad makes. */
static GBytes *
signature_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 100);
  cairo_t *cr = cairo_create (surface);
  GByteArray *bytes = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.05, 0.1, 0.4);
  cairo_set_line_width (cr, 4);
  cairo_move_to (cr, 20, 70);
  cairo_curve_to (cr, 60, 10, 90, 90, 140, 40);
  cairo_curve_to (cr, 170, 10, 220, 90, 280, 30);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, png_append_cb, bytes), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

static GArray *
line_stroke (double x0, double y0, double x1, double y1, guint n)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (KesuStrokePoint));

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);
      KesuStrokePoint p = { x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, 1, (gint64) i * 16 };

      g_array_append_val (points, p);
    }
  return points;
}

static void
sign (Fixture              *f,
      gint64                id,
      KesuSignaturePurpose  purpose,
      gint64                signer)
{
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GBytes) png = signature_png ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (strokes, line_stroke (0.10, 0.60, 0.45, 0.30, 20));
  g_ptr_array_add (strokes, line_stroke (0.30, 0.20, 0.35, 0.80, 15));
  g_ptr_array_add (strokes, line_stroke (0.50, 0.50, 0.90, 0.55, 25));
  g_assert_cmpint (kesu_store_sign (f->store, id, purpose, png, strokes, signer, &error), >, 0);
  g_assert_no_error (error);
}

/* Takes the case to "proposing" with a solution recorded. */
static void
propose (Fixture *f,
         gint64   id)
{
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  g_autoptr(KesuCaseData) solution = kesu_case_data_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_store_move (f->store, id, KESU_STATE_INVESTIGATING, NULL, NULL, &error));
  g_assert_no_error (error);
  finding->cause = g_strdup ("冷凝器接口密封圈老化漏氟");
  finding->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  solution->cause = g_strdup (finding->cause);
  solution->responsibility = finding->responsibility;
  solution->solution = KESU_SOLUTION_COMPENSATION;
  solution->measures = g_strdup ("免费更换冷凝器及密封圈，维修期间提供代步车。");
  solution->amount_fen = 120000;
  solution->solution_deadline = kesu_clock_now_unix () + 3 * 24 * 3600;
  g_assert_true (kesu_store_move (f->store, id, KESU_STATE_PROPOSING, solution, NULL, &error));
  g_assert_no_error (error);
}

static char *
print_to (Fixture    *f,
          const char *kind,
          const char *number,
          const char *name,
          gboolean    a5,
          gboolean    unmasked)
{
  char *pdf = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (cli_print (f->store, kind, number, pdf, a5, unmasked), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  return pdf;
}

/* ---- tests ---- */

static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;
  g_autofree char *full_text = NULL;
  g_autofree char *pages = NULL;
  g_autoptr(GDateTime) due = NULL;
  gint64 id;

  if (!kesu_test_have_tools (tools))
    return;

  id = add_complaint (f, NULL, &number);
  sign (f, id, KESU_SIGNATURE_INTAKE, 0);
  /* Received 09:45, important: the first contact is due within 24 hours. */
  due = g_date_time_new_local (2026, 11, 25, 9, 45, 0);
  g_assert_cmpint (kesu_store_first_contact_due (f->store, id), ==, g_date_time_to_unix (due));

  pdf = print_to (f, "receipt", number, "receipt.pdf", FALSE, FALSE);
  text = kesu_test_pdf_text (pdf);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "陈静"));
  g_assert_nonnull (strstr (text, "赵磊"));
  g_assert_nonnull (strstr (text, HANDLER_PHONE));
  g_assert_nonnull (strstr (text, "2026-11-2509:45"));
  g_assert_nonnull (strstr (text, "空调不制冷，已经修过一次还是不行。"));
  g_assert_nonnull (strstr (text, "要求彻底修好并提供代步车"));
  g_assert_nonnull (strstr (text, "星河汽车4S店"));
  g_assert_nonnull (strstr (text, CUSTOMER_PHONE_MASK));
  g_assert_null (strstr (text, CUSTOMER_PHONE));
  g_assert_nonnull (strstr (text, "6years"));
  g_assert_cmpuint (kesu_test_pdf_n_images (pdf), >=, 1);
  pages = kesu_test_pdf_info (pdf, "Pages:");
  g_assert_cmpstr (pages, ==, "1");

  /* The operator may print the phone in full. */
  full = print_to (f, "receipt", number, "receipt-full.pdf", FALSE, TRUE);
  full_text = kesu_test_pdf_text (full);
  g_assert_nonnull (strstr (full_text, CUSTOMER_PHONE));
  g_assert_null (strstr (full_text, CUSTOMER_PHONE_MASK));
}

static void
test_receipt_unsigned (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *declined = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!kesu_test_have_tools (tools))
    return;

  id = add_complaint (f, NULL, &number);
  pdf = print_to (f, "receipt", number, "unsigned.pdf", FALSE, FALSE);
  g_assert_cmpuint (kesu_test_pdf_n_images (pdf), ==, 0);

  g_assert_cmpint (kesu_store_decline_signature (f->store, id, KESU_SIGNATURE_INTAKE,
                                                 "客户赶时间", &error), >, 0);
  g_assert_no_error (error);
  declined = print_to (f, "receipt", number, "declined.pdf", FALSE, FALSE);
  text = kesu_test_pdf_text (declined);
  g_assert_nonnull (strstr (text, "客户赶时间"));
  g_assert_cmpuint (kesu_test_pdf_n_images (declined), ==, 0);
}

static void
test_agreement (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  if (!kesu_test_have_tools (tools))
    return;

  id = add_complaint (f, NULL, &number);
  /* No solution yet: nothing to agree to. */
  pdf = g_build_filename (f->dir, "agreement.pdf", NULL);
  g_assert_cmpint (cli_print (f->store, "agreement", number, pdf, FALSE, FALSE), ==, 1);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (printed_err->str, number));

  propose (f, id);
  sign (f, id, KESU_SIGNATURE_AGREEMENT, 0);
  sign (f, id, KESU_SIGNATURE_AGREEMENT_BRANCH, f->handler_id);
  g_free (pdf);
  pdf = print_to (f, "agreement", number, "agreement.pdf", FALSE, FALSE);
  text = kesu_test_pdf_text (pdf);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "陈静"));
  g_assert_nonnull (strstr (text, "赵磊"));
  g_assert_nonnull (strstr (text, "免费更换冷凝器及密封圈，维修期间提供代步车。"));
  g_assert_nonnull (strstr (text, "¥1,200.00"));
  g_assert_nonnull (strstr (text, "2026-11-2710:00"));
  g_assert_nonnull (strstr (text, CUSTOMER_PHONE_MASK));
  g_assert_null (strstr (text, CUSTOMER_PHONE));
  g_assert_cmpuint (kesu_test_pdf_n_images (pdf), >=, 2);
}

/* Every character of @needle appears in @text in order, in at most @max_runs unbroken
 * runs (a page break may split it, nothing may be left out). */
static void
assert_runs (const char *text,
             const char *needle,
             guint       max_runs)
{
  const char *pos = text;
  const char *rest = needle;
  guint runs = 0;

  while (*rest != '\0')
    {
      char probe[32];
      const char *end = rest;
      const char *found;
      gsize k;

      /* Start from four characters, then take all that follows unbroken. */
      for (int i = 0; i < 4 && *end != '\0'; i++)
        end = g_utf8_next_char (end);
      g_assert_cmpuint ((gsize) (end - rest), <, sizeof probe);
      memcpy (probe, rest, end - rest);
      probe[end - rest] = '\0';
      found = strstr (pos, probe);
      if (found == NULL)
        g_error ("Not in the printed text: “%.60s…”", rest);
      k = end - rest;
      while (rest[k] != '\0' && found[k] == rest[k])
        k++;
      while (k > 0 && (rest[k] & 0xc0) == 0x80)
        k--;
      rest += k;
      pos = found + k;
      runs++;
    }
  g_assert_cmpuint (runs, <=, max_runs);
}

/* 5,000 characters of numbered sentences: @before, the count, @after, again and again. */
static char *
long_description (const char *before,
                  const char *after)
{
  GString *s = g_string_new (NULL);
  char *cut;

  for (int i = 1; g_utf8_strlen (s->str, -1) < 5000; i++)
    g_string_append_printf (s, "%s%d%s", before, i, after);
  cut = g_utf8_offset_to_pointer (s->str, 5000);
  g_string_truncate (s, cut - s->str);
  g_assert_cmpint (g_utf8_strlen (s->str, -1), ==, 5000);
  return g_string_free (s, FALSE);
}

/* A long complaint flows onto the next pages, line by line, nothing cut and nothing
 * after it lost.  @data: the sentence and the number of A4 pages.  A customer's own
 * log, with dates, order numbers and mileage, fills two pages; 5,000 characters of
 * Chinese alone, at the same legible size, take three. */
typedef struct
{
  const char *before;
  const char *after;
  const char *pages;
} LongCase;

static const LongCase long_log = {
  "", ") 2026-10-17 09:30 RO2026100117 12,345 km: 方向盘抖动，做动平衡后依旧。",
  "2",
};
static const LongCase long_chinese = {
  "第", "次：车辆在高速上行驶到每小时一百公里时方向盘明显抖动，到店检查说是轮胎动平衡问题，"
  "做完后依旧。",
  "3",
};

static void
test_long_text (Fixture       *f,
                gconstpointer  data)
{
  const LongCase *c = data;
  g_autofree char *description = long_description (c->before, c->after);
  g_autofree char *number = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *pages = NULL;

  if (!kesu_test_have_tools (tools))
    return;

  add_complaint (f, description, &number);
  pdf = print_to (f, "receipt", number, "long.pdf", FALSE, FALSE);
  pages = kesu_test_pdf_info (pdf, "Pages:");
  g_assert_cmpstr (pages, ==, c->pages);
  text = kesu_test_pdf_text (pdf);
  wanted = kesu_test_without_space (description);
  assert_runs (text, wanted, atoi (c->pages));
  /* What follows the long text made it too. */
  g_assert_nonnull (strstr (text, "要求彻底修好并提供代步车"));
  g_assert_nonnull (strstr (text, "6years"));
}

static void
test_a5 (Fixture       *f,
         gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;

  if (!kesu_test_have_tools (tools))
    return;

  add_complaint (f, NULL, &number);
  pdf = print_to (f, "receipt", number, "a5.pdf", TRUE, FALSE);
  size = kesu_test_pdf_info (pdf, "Page size:");
  g_assert_true (g_str_has_prefix (size, "420 x 595 pts"));
  text = kesu_test_pdf_text (pdf);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, CUSTOMER_PHONE_MASK));

  g_free (pdf);
  g_free (size);
  pdf = print_to (f, "receipt", number, "a4.pdf", FALSE, FALSE);
  size = kesu_test_pdf_info (pdf, "Page size:");
  g_assert_true (g_str_has_prefix (size, "595 x 842 pts"));
}

static void
test_arguments (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "no-such-folder", "out.pdf", NULL);

  add_complaint (f, NULL, &number);

  g_assert_cmpint (cli_print (f->store, "receipt", number, NULL, FALSE, FALSE), ==, 2);
  g_assert_nonnull (strstr (printed_err->str, "--pdf"));
  g_string_truncate (printed_err, 0);

  g_assert_cmpint (cli_print (f->store, "receipt", "KS-209901-0001", pdf, FALSE, FALSE),
                   ==, 1);
  g_assert_nonnull (strstr (printed_err->str, "KS-209901-0001"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_string_truncate (printed_err, 0);

  g_assert_cmpint (cli_print (f->store, "receipt", number, nowhere, FALSE, FALSE), ==, 1);
  g_assert_cmpuint (printed_err->len, >, 0);

  /* The number as typed, in lower case and with spaces. */
  {
    g_autofree char *typed = g_strdup_printf ("  %s ", number);

    for (char *p = typed; *p; p++)
      *p = g_ascii_tolower (*p);
    g_assert_cmpint (cli_print (f->store, "receipt", typed, pdf, FALSE, FALSE), ==, 0);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  }

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
  printed_err = g_string_new (NULL);

#define ADD(path, func) \
  g_test_add ("/print/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("receipt", test_receipt);
  ADD ("receipt-unsigned", test_receipt_unsigned);
  ADD ("agreement", test_agreement);
  g_test_add ("/print/long-text/log", Fixture, &long_log, fixture_set_up, test_long_text,
              fixture_tear_down);
  g_test_add ("/print/long-text/chinese", Fixture, &long_chinese, fixture_set_up,
              test_long_text, fixture_tear_down);
  ADD ("a5", test_a5);
  ADD ("arguments", test_arguments);
#undef ADD

  return g_test_run ();
}
