/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kesu-chart.h"

#define WIDTH  640
#define HEIGHT 400

static const KesuChartKind breakdown_kinds[] = {
  KESU_CHART_BAR, KESU_CHART_DONUT, KESU_CHART_PARETO,
};

static void
row_free (gpointer data)
{
  KesuBreakdownRow *row = data;

  g_free (row->key);
  g_free (row->label);
  g_free (row);
}

/* @n rows with Chinese labels and counts that fall (not all different). */
static GPtrArray *
make_rows (guint n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  static const char * const names[] = {
    "服务态度", "维修质量", "车辆质量", "价格收费", "配件供应",
  };

  for (guint i = 0; i < n; i++)
    {
      KesuBreakdownRow *row = g_new0 (KesuBreakdownRow, 1);

      row->key = g_strdup_printf ("key-%u", i);
      row->label = i < G_N_ELEMENTS (names) ? g_strdup (names[i])
                                            : g_strdup_printf ("类别很长的名称第%u号", i);
      row->count = n == 1 ? 12 : (n - i) / 2 + 1;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static GArray *
make_trend (gboolean full)
{
  GArray *trend = g_array_new (FALSE, TRUE, sizeof (KesuMonthCount));

  for (int i = 0; i < 12; i++)
    {
      KesuMonthCount m = { 0 };

      m.year = 2025 + (11 + i) / 12;
      m.month = (11 + i) % 12 + 1;
      if (full)
        {
          m.received = 10 + (guint) (i * 7) % 13;
          m.closed = 8 + (guint) (i * 5) % 11;
        }
      g_array_append_val (trend, m);
    }
  return trend;
}

static GArray *
make_hours (guint n)
{
  GArray *hours = g_array_new (FALSE, TRUE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      double h = 1.5 + (i * 37) % 900;

      g_array_append_val (hours, h);
    }
  return hours;
}

/* Draws @chart on a white image and returns how many pixels are not white. */
static guint
render_count_ink (KesuChart *chart,
                  gboolean   dark)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  guint ink = 0;
  guint32 background = dark ? 0xff242426 : 0xffffffff;
  int stride;
  guchar *data;

  kesu_chart_set_dark (chart, dark);
  cairo_set_source_rgb (cr, dark ? 0x24 / 255.0 : 1, dark ? 0x24 / 255.0 : 1,
                        dark ? 0x26 / 255.0 : 1);
  cairo_paint (cr);
  kesu_chart_draw (chart, cr, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (*(guint32 *) (data + y * stride + x * 4) != background)
        ink++;
  cairo_surface_destroy (surface);
  return ink;
}

static void
test_breakdown_sizes (void)
{
  static const guint sizes[] = { 0, 1, 200 };

  for (guint k = 0; k < G_N_ELEMENTS (breakdown_kinds); k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(GPtrArray) rows = make_rows (sizes[s]);
        g_autoptr(KesuChart) chart = kesu_chart_new_breakdown (breakdown_kinds[k], "按类别",
                                                               "投诉（件）", rows);
        guint ink_light, ink_dark;

        g_assert_nonnull (chart);
        ink_light = render_count_ink (chart, FALSE);
        ink_dark = render_count_ink (chart, TRUE);
        g_test_message ("kind %d, %u rows: %u / %u pixels drawn", breakdown_kinds[k], sizes[s],
                        ink_light, ink_dark);
        /* Even the empty state draws its title and its message. */
        g_assert_cmpuint (ink_light, >, 500);
        g_assert_cmpuint (ink_dark, >, 500);
        g_assert_true (kesu_chart_is_empty (chart) == (sizes[s] == 0));
        /* Many rows are folded into "Other": a legible number of bars, never 200. */
        g_assert_cmpuint (kesu_chart_get_n_items (chart), <=, 12);
        if (sizes[s] == 200)
          {
            guint last = kesu_chart_get_n_items (chart) - 1;
            g_autofree char *tip = kesu_chart_dup_tooltip (chart, (int) last);
            g_autofree char *folded = g_strdup_printf ("(%u)", 200 - last);

            g_assert_null (kesu_chart_get_key (chart, (int) last));
            g_assert_nonnull (strstr (tip, folded));
          }
      }
}

static void
test_trend_and_histogram (void)
{
  for (int full = 0; full <= 1; full++)
    {
      g_autoptr(GArray) trend = make_trend (full);
      g_autoptr(GArray) hours = make_hours (full ? 200 : 0);
      g_autoptr(GArray) none = g_array_new (FALSE, TRUE, sizeof (KesuMonthCount));
      g_autoptr(KesuChart) t = kesu_chart_new_trend ("近12个月", trend);
      g_autoptr(KesuChart) h = kesu_chart_new_histogram ("结案用时", hours);
      g_autoptr(KesuChart) t0 = kesu_chart_new_trend ("近12个月", none);

      g_assert_cmpuint (render_count_ink (t, FALSE), >, 500);
      g_assert_cmpuint (render_count_ink (h, FALSE), >, 500);
      g_assert_cmpuint (render_count_ink (t0, TRUE), >, 500);
      g_assert_true (kesu_chart_is_empty (t) == !full);
      g_assert_true (kesu_chart_is_empty (h) == !full);
      g_assert_true (kesu_chart_is_empty (t0));
      g_assert_cmpuint (kesu_chart_get_n_items (t), ==, 12);
      g_assert_null (kesu_chart_get_key (t, 0));
      g_assert_null (kesu_chart_get_key (h, 0));
    }
}

static void
test_pareto_cumulative (void)
{
  static const guint sizes[] = { 1, 3, 7, 200 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GPtrArray) rows = make_rows (sizes[s]);
      g_autoptr(KesuChart) chart = kesu_chart_new_breakdown (KESU_CHART_PARETO, "原因",
                                                             "投诉（件）", rows);
      guint n = kesu_chart_get_n_items (chart);
      double previous = 0;

      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          double c = kesu_chart_get_cumulative (chart, i);

          g_assert_cmpfloat (c, >=, previous);
          previous = c;
        }
      g_assert_cmpfloat (kesu_chart_get_cumulative (chart, n - 1), ==, 100.0);
      g_assert_true (isnan (kesu_chart_get_cumulative (chart, n)));
    }

  /* Not a Pareto chart: no cumulative line. */
  {
    g_autoptr(GPtrArray) rows = make_rows (3);
    g_autoptr(KesuChart) bar = kesu_chart_new_breakdown (KESU_CHART_BAR, "x", "y", rows);

    g_assert_true (isnan (kesu_chart_get_cumulative (bar, 0)));
  }
}

/* The centre of row @index: scanned for, since only the chart knows its layout. */
static gboolean
find_point_of (KesuChart *chart,
               int        index,
               double    *out_x,
               double    *out_y)
{
  double sx = 0, sy = 0;
  guint n = 0;

  for (int y = 0; y < HEIGHT; y += 2)
    for (int x = 0; x < WIDTH; x += 2)
      if (kesu_chart_hit (chart, x, y) == index)
        {
          sx += x;
          sy += y;
          n++;
        }
  if (n == 0)
    return FALSE;
  *out_x = sx / n;
  *out_y = sy / n;
  /* A donut slice's centroid may lie in the hole: then its nearest point of the slice. */
  if (kesu_chart_hit (chart, *out_x, *out_y) != index)
    {
      double best = G_MAXDOUBLE, bx = 0, by = 0;

      for (int y = 0; y < HEIGHT; y += 2)
        for (int x = 0; x < WIDTH; x += 2)
          if (kesu_chart_hit (chart, x, y) == index)
            {
              double d = (x - *out_x) * (x - *out_x) + (y - *out_y) * (y - *out_y);

              if (d < best)
                {
                  best = d;
                  bx = x;
                  by = y;
                }
            }
      *out_x = bx;
      *out_y = by;
    }
  return TRUE;
}

static void
test_hit_and_tooltip (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  KesuBreakdownRow *row;
  double x, y;

  row = g_new0 (KesuBreakdownRow, 1);
  row->key = g_strdup ("attitude");
  row->label = g_strdup ("服务态度");
  row->count = 12;
  g_ptr_array_add (rows, row);
  row = g_new0 (KesuBreakdownRow, 1);
  row->key = g_strdup ("price");
  row->label = g_strdup ("价格收费");
  row->count = 53;
  g_ptr_array_add (rows, row);

  for (guint k = 0; k < G_N_ELEMENTS (breakdown_kinds); k++)
    {
      g_autoptr(KesuChart) chart = kesu_chart_new_breakdown (breakdown_kinds[k], "按类别",
                                                             "投诉（件）", rows);
      g_autofree char *tip0 = NULL;
      g_autofree char *tip1 = NULL;

      /* Nothing drawn yet: nothing to hit. */
      g_assert_cmpint (kesu_chart_hit (chart, WIDTH / 2, HEIGHT / 2), ==, -1);
      render_count_ink (chart, FALSE);
      g_assert_cmpuint (kesu_chart_get_n_items (chart), ==, 2);

      /* Sorted: the larger first. */
      g_assert_cmpstr (kesu_chart_get_key (chart, 0), ==, "price");
      g_assert_cmpstr (kesu_chart_get_key (chart, 1), ==, "attitude");
      g_assert_null (kesu_chart_get_key (chart, 2));
      g_assert_null (kesu_chart_get_key (chart, -1));

      for (int i = 0; i < 2; i++)
        {
          g_assert_true (find_point_of (chart, i, &x, &y));
          g_assert_cmpint (kesu_chart_hit (chart, x, y), ==, i);
        }
      g_assert_cmpint (kesu_chart_hit (chart, 1, 1), ==, -1);

      tip0 = kesu_chart_dup_tooltip (chart, 0);
      tip1 = kesu_chart_dup_tooltip (chart, 1);
      g_assert_nonnull (strstr (tip0, "价格收费"));
      g_assert_nonnull (strstr (tip0, "53"));
      g_assert_nonnull (strstr (tip0, "81.5%"));
      g_assert_nonnull (strstr (tip1, "服务态度"));
      g_assert_nonnull (strstr (tip1, "12"));
      g_assert_nonnull (strstr (tip1, "18.5%"));
      g_assert_null (kesu_chart_dup_tooltip (chart, 2));
    }

  /* A bar's centre hits that bar. */
  {
    g_autoptr(KesuChart) bar = kesu_chart_new_breakdown (KESU_CHART_PARETO, "按类别",
                                                         "投诉（件）", rows);
    double w = WIDTH, h = HEIGHT;
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    cairo_t *cr = cairo_create (surface);

    kesu_chart_draw (bar, cr, w, h);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
    g_assert_true (find_point_of (bar, 0, &x, &y));
    g_assert_cmpfloat (x, <, WIDTH / 2);
    g_assert_true (find_point_of (bar, 1, &x, &y));
    g_assert_cmpfloat (x, >, WIDTH / 2);
  }

  /* Trend and histogram tooltips carry the exact counts. */
  {
    g_autoptr(GArray) trend = make_trend (TRUE);
    g_autoptr(KesuChart) t = kesu_chart_new_trend ("趋势", trend);
    const KesuMonthCount *m = &g_array_index (trend, KesuMonthCount, 3);
    g_autofree char *tip = kesu_chart_dup_tooltip (t, 3);
    g_autofree char *received = g_strdup_printf ("%u", m->received);
    g_autofree char *closed = g_strdup_printf ("%u", m->closed);

    g_assert_nonnull (strstr (tip, received));
    g_assert_nonnull (strstr (tip, closed));
    render_count_ink (t, FALSE);
    g_assert_true (find_point_of (t, 3, &x, &y));
  }
  {
    g_autoptr(GArray) hours = g_array_new (FALSE, TRUE, sizeof (double));
    double values[] = { 2, 3, 30, 100 };
    g_autoptr(KesuChart) h = NULL;
    g_autofree char *tip = NULL;

    g_array_append_vals (hours, values, G_N_ELEMENTS (values));
    h = kesu_chart_new_histogram ("结案用时", hours);
    tip = kesu_chart_dup_tooltip (h, 0);
    /* Two of four under four hours. */
    g_assert_nonnull (strstr (tip, "2"));
    g_assert_nonnull (strstr (tip, "50.0%"));
  }
}

static void
assert_file_starts_with (const char *path,
                         const char *magic,
                         gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, length);
  g_assert_cmpmem (contents, length, magic, length);
}

static void
test_save (void)
{
  g_autoptr(GPtrArray) rows = make_rows (7);
  g_autoptr(KesuChart) chart = kesu_chart_new_breakdown (KESU_CHART_DONUT, "按渠道", "投诉（件）",
                                                         rows);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kesu-chart-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.SVG", NULL);
  g_autofree char *pdf = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *txt = g_build_filename (dir, "chart.txt", NULL);
  g_autofree char *part = g_strdup_printf ("%s.part", png);

  g_assert_no_error (error);
  g_assert_true (kesu_chart_save (chart, png, 600, 360, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_chart_save (chart, svg, 600, 360, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_chart_save (chart, pdf, 600, 360, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG\r\n\x1a\n", 8);
  assert_file_starts_with (svg, "<?xml", 5);
  assert_file_starts_with (pdf, "%PDF-", 5);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  g_assert_false (kesu_chart_save (chart, txt, 600, 360, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_tiny_sizes (void)
{
  g_autoptr(GPtrArray) rows = make_rows (200);
  static const double sizes[][2] = { { 0, 0 }, { 1, 1 }, { 40, 30 }, { 120, 2000 }, { 2000, 60 } };

  for (guint k = 0; k < G_N_ELEMENTS (breakdown_kinds); k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(KesuChart) chart = kesu_chart_new_breakdown (breakdown_kinds[k], "很长的标题",
                                                               "投诉（件）", rows);
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
        cairo_t *cr = cairo_create (surface);

        kesu_chart_draw (chart, cr, sizes[s][0], sizes[s][1]);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/chart/breakdown/0-1-200-rows", test_breakdown_sizes);
  g_test_add_func ("/chart/trend-histogram/empty-and-full", test_trend_and_histogram);
  g_test_add_func ("/chart/pareto/cumulative-ends-at-100", test_pareto_cumulative);
  g_test_add_func ("/chart/hit-and-tooltip", test_hit_and_tooltip);
  g_test_add_func ("/chart/save/png-svg-pdf", test_save);
  g_test_add_func ("/chart/tiny-sizes", test_tiny_sizes);

  return g_test_run ();
}
