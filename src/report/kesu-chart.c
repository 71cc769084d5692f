/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include <cairo.h>
#ifdef CAIRO_HAS_SVG_SURFACE
#include <cairo-svg.h>
#endif
#ifdef CAIRO_HAS_PDF_SURFACE
#include <cairo-pdf.h>
#endif

#include "kesu-chart.h"

#define CHART_FONT \
  "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif"

/* Sizes in user units: pixels on screen, points on paper. */
#define TITLE_SIZE   15.0
#define LABEL_SIZE   12.0
#define SMALL_SIZE   11.0
#define PAD          10.0
#define MAX_LABEL_W  110.0

/* How many rows a chart shows before it folds the smallest into "Other (N)". */
#define MAX_BARS     12
#define MAX_SLICES   7

typedef struct
{
  double r, g, b;
} Rgb;

/* Okabe & Ito (2008), "Color Universal Design": told apart with every common kind of
 * colour blindness.  Black, the eighth, is the theme's text colour. */
static const Rgb okabe_ito[] = {
  { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },  /* blue */
  { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 },  /* orange */
  { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 },  /* bluish green */
  { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },  /* reddish purple */
  { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 },  /* sky blue */
  { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 },  /* vermillion */
  { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 },  /* yellow */
};

enum { OI_BLUE, OI_ORANGE, OI_GREEN, OI_PURPLE, OI_SKY, OI_VERMILLION, OI_YELLOW };

typedef struct
{
  char   *key;     /* NULL for "Other" */
  char   *label;
  guint   count;
  guint   order;   /* position in the caller's rows: ties keep it */
  guint   folded;  /* rows folded into this one ("Other") */
} Item;

typedef enum
{
  HIT_RECT,
  HIT_ARC,
} HitShape;

typedef struct
{
  HitShape  shape;
  int       index;
  double    x, y, w, h;          /* HIT_RECT */
  double    cx, cy, r0, r1;      /* HIT_ARC, angles from 12 o'clock, clockwise */
  double    a0, a1;
} Hit;

struct _KesuChart
{
  KesuChartKind  kind;
  char          *title;
  char          *value_axis_label;
  gboolean       dark;
  int            highlight;

  GPtrArray     *items;        /* Item: what is drawn, one per hit index */
  guint          total;        /* the sum of every row, folded ones too */
  double        *cumulative;   /* PARETO: percent per item */
  GArray        *trend;        /* KesuMonthCount */
  GArray        *hours;        /* double */

  GArray        *hits;         /* Hit, of the last draw */
  double         drawn_width;
  double         drawn_height;
};

/* Time to close: hand-picked bins (hours) that match how a branch thinks about it. */
static const double histogram_edges[] = { 0, 4, 24, 48, 72, 120, 168, 336, 720, INFINITY };
#define N_BINS (G_N_ELEMENTS (histogram_edges) - 1)

static const char *
histogram_bin_label (guint bin)
{
  switch (bin)
    {
    /* Translators: bins of the "time to close" chart; h = hours, d = days */
    case 0: return _("<4 h");
    case 1: return _("4–24 h");
    case 2: return _("1–2 d");
    case 3: return _("2–3 d");
    case 4: return _("3–5 d");
    case 5: return _("5–7 d");
    case 6: return _("7–14 d");
    case 7: return _("14–30 d");
    default: return _(">30 d");
    }
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->key);
  g_free (item->label);
  g_free (item);
}

static Item *
item_new (const char *key,
          const char *label,
          guint       count,
          guint       order)
{
  Item *item = g_new0 (Item, 1);

  item->key = g_strdup (key);
  item->label = g_strdup (label != NULL ? label : "");
  item->count = count;
  item->order = order;
  return item;
}

static int
item_compare_by_count (gconstpointer a,
                       gconstpointer b)
{
  const Item *ia = *(const Item * const *) a;
  const Item *ib = *(const Item * const *) b;

  if (ia->count != ib->count)
    return ia->count > ib->count ? -1 : 1;
  return ia->order < ib->order ? -1 : (ia->order > ib->order ? 1 : 0);
}

static KesuChart *
chart_new (KesuChartKind  kind,
           const char    *title,
           const char    *value_axis_label)
{
  KesuChart *self = g_new0 (KesuChart, 1);

  self->kind = kind;
  self->title = g_strdup (title != NULL ? title : "");
  self->value_axis_label = g_strdup (value_axis_label != NULL ? value_axis_label : "");
  self->highlight = -1;
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  return self;
}

KesuChart *
kesu_chart_new_breakdown (KesuChartKind  kind,
                          const char    *title,
                          const char    *value_axis_label,
                          GPtrArray     *rows)
{
  KesuChart *self;
  guint max_shown;

  g_return_val_if_fail (kind == KESU_CHART_BAR || kind == KESU_CHART_DONUT
                        || kind == KESU_CHART_PARETO, NULL);

  self = chart_new (kind, title, value_axis_label);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const KesuBreakdownRow *row = g_ptr_array_index (rows, i);

      if (row == NULL)
        continue;
      g_ptr_array_add (self->items, item_new (row->key, row->label, row->count, i));
      self->total += row->count;
    }
  g_ptr_array_sort (self->items, item_compare_by_count);

  /* Many rows: the largest ones, and the rest in one "Other (N)" at the end. */
  max_shown = kind == KESU_CHART_DONUT ? MAX_SLICES : MAX_BARS;
  if (self->items->len > max_shown)
    {
      guint folded = self->items->len - (max_shown - 1);
      guint sum = 0;
      g_autofree char *label = NULL;
      Item *other;

      for (guint i = max_shown - 1; i < self->items->len; i++)
        sum += ((Item *) g_ptr_array_index (self->items, i))->count;
      g_ptr_array_set_size (self->items, max_shown - 1);
      /* Translators: the bar or slice that holds the smallest rows; %u is how many */
      label = g_strdup_printf (_("Other (%u)"), folded);
      other = item_new (NULL, label, sum, G_MAXUINT);
      other->folded = folded;
      g_ptr_array_add (self->items, other);
    }

  if (kind == KESU_CHART_PARETO && self->items->len > 0)
    {
      guint running = 0;

      self->cumulative = g_new0 (double, self->items->len);
      for (guint i = 0; i < self->items->len; i++)
        {
          running += ((Item *) g_ptr_array_index (self->items, i))->count;
          self->cumulative[i] = self->total > 0 ? 100.0 * running / self->total : 0.0;
        }
      /* Every row is in a bar, so the line ends at 100% exactly, not at 99.999…%. */
      if (self->total > 0)
        self->cumulative[self->items->len - 1] = 100.0;
    }
  return self;
}

KesuChart *
kesu_chart_new_trend (const char *title,
                      GArray     *trend)
{
  KesuChart *self = chart_new (KESU_CHART_TREND, title, _("Complaints per month"));

  self->trend = g_array_new (FALSE, TRUE, sizeof (KesuMonthCount));
  if (trend != NULL)
    {
      g_return_val_if_fail (g_array_get_element_size (trend) == sizeof (KesuMonthCount), self);
      g_array_append_vals (self->trend, trend->data, trend->len);
    }
  for (guint i = 0; i < self->trend->len; i++)
    {
      const KesuMonthCount *m = &g_array_index (self->trend, KesuMonthCount, i);

      self->total += m->received + m->closed;
    }
  return self;
}

KesuChart *
kesu_chart_new_histogram (const char *title,
                          GArray     *hours)
{
  KesuChart *self = chart_new (KESU_CHART_HISTOGRAM, title, _("Complaints (number)"));
  guint bins[N_BINS] = { 0 };

  self->hours = g_array_new (FALSE, TRUE, sizeof (double));
  if (hours != NULL)
    {
      g_return_val_if_fail (g_array_get_element_size (hours) == sizeof (double), self);
      g_array_append_vals (self->hours, hours->data, hours->len);
    }
  for (guint i = 0; i < self->hours->len; i++)
    {
      double h = g_array_index (self->hours, double, i);

      if (isnan (h))
        continue;
      for (guint b = 0; b < N_BINS; b++)
        if (h < histogram_edges[b + 1] || b == N_BINS - 1)
          {
            bins[b]++;
            break;
          }
      self->total++;
    }
  for (guint b = 0; b < N_BINS; b++)
    g_ptr_array_add (self->items, item_new (NULL, histogram_bin_label (b), bins[b], b));
  return self;
}

void
kesu_chart_free (KesuChart *chart)
{
  if (chart == NULL)
    return;
  g_free (chart->title);
  g_free (chart->value_axis_label);
  g_ptr_array_unref (chart->items);
  g_free (chart->cumulative);
  g_clear_pointer (&chart->trend, g_array_unref);
  g_clear_pointer (&chart->hours, g_array_unref);
  g_array_unref (chart->hits);
  g_free (chart);
}

void
kesu_chart_set_dark (KesuChart *chart,
                     gboolean   dark)
{
  g_return_if_fail (chart != NULL);
  chart->dark = !!dark;
}

void
kesu_chart_set_highlight (KesuChart *chart,
                          int        index)
{
  g_return_if_fail (chart != NULL);
  chart->highlight = index;
}

KesuChartKind
kesu_chart_get_kind (KesuChart *chart)
{
  g_return_val_if_fail (chart != NULL, KESU_CHART_BAR);
  return chart->kind;
}

gboolean
kesu_chart_is_empty (KesuChart *chart)
{
  g_return_val_if_fail (chart != NULL, TRUE);
  return chart->total == 0;
}

double
kesu_chart_get_cumulative (KesuChart *chart,
                           guint      index)
{
  g_return_val_if_fail (chart != NULL, NAN);

  if (chart->cumulative == NULL || index >= chart->items->len)
    return NAN;
  return chart->cumulative[index];
}

guint
kesu_chart_get_n_items (KesuChart *chart)
{
  g_return_val_if_fail (chart != NULL, 0);

  if (chart->kind == KESU_CHART_TREND)
    return chart->trend->len;
  return chart->items->len;
}

const char *
kesu_chart_get_key (KesuChart *chart,
                    int        index)
{
  g_return_val_if_fail (chart != NULL, NULL);

  if (chart->kind == KESU_CHART_TREND || chart->kind == KESU_CHART_HISTOGRAM)
    return NULL;
  if (index < 0 || (guint) index >= chart->items->len)
    return NULL;
  return ((Item *) g_ptr_array_index (chart->items, index))->key;
}

char *
kesu_chart_dup_tooltip (KesuChart *chart,
                        int        index)
{
  const Item *item;
  double share;

  g_return_val_if_fail (chart != NULL, NULL);

  if (index < 0 || (guint) index >= kesu_chart_get_n_items (chart))
    return NULL;

  if (chart->kind == KESU_CHART_TREND)
    {
      const KesuMonthCount *m = &g_array_index (chart->trend, KesuMonthCount, index);

      /* Translators: the trend chart's tooltip: year-month, then the counts */
      return g_strdup_printf (_("%d-%02d: %u received, %u closed"),
                              m->year, m->month, m->received, m->closed);
    }

  item = g_ptr_array_index (chart->items, index);
  share = chart->total > 0 ? 100.0 * item->count / chart->total : 0.0;
  if (chart->kind == KESU_CHART_HISTOGRAM)
    /* Translators: the time-to-close chart's tooltip: bin, count, share of all */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u complaint (%.1f%%)",
                                         "%s: %u complaints (%.1f%%)", item->count),
                            item->label, item->count, share);
  if (chart->kind == KESU_CHART_PARETO)
    /* Translators: the Pareto chart's tooltip: row, count, share, cumulative share */
    return g_strdup_printf (_("%s: %u (%.1f%%), cumulative %.1f%%"),
                            item->label, item->count, share, chart->cumulative[index]);
  /* Translators: a bar's or slice's tooltip: row, count and its share of all */
  return g_strdup_printf (_("%s: %u (%.1f%%)"), item->label, item->count, share);
}

/* ---- drawing helpers ---- */

typedef struct
{
  double x, y, w, h;
} Rect;

typedef struct
{
  Rgb     text;
  Rgb     dim;
  Rgb     grid;
  Rgb     primary;   /* bars */
  Rgb     accent;    /* cumulative line, closed */
  Rgb     other;
  double  grid_alpha;
} Theme;

static void
theme_init (KesuChart *self,
            Theme     *theme)
{
  if (self->dark)
    {
      theme->text = (Rgb) { 0.96, 0.96, 0.96 };
      theme->dim = (Rgb) { 0.72, 0.72, 0.74 };
      theme->grid = (Rgb) { 1, 1, 1 };
      theme->grid_alpha = 0.14;
      /* The darker blue disappears on a dark background; sky blue is its partner. */
      theme->primary = okabe_ito[OI_SKY];
      theme->other = (Rgb) { 0.6, 0.6, 0.62 };
    }
  else
    {
      theme->text = (Rgb) { 0.12, 0.12, 0.13 };
      theme->dim = (Rgb) { 0.38, 0.38, 0.40 };
      theme->grid = (Rgb) { 0, 0, 0 };
      theme->grid_alpha = 0.10;
      theme->primary = okabe_ito[OI_BLUE];
      theme->other = (Rgb) { 0.62, 0.62, 0.64 };
    }
  theme->accent = okabe_ito[OI_VERMILLION];
}

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
set_rgba (cairo_t   *cr,
          const Rgb *c,
          double     alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

static const Rgb *
slice_colour (const Theme *theme,
              const Item  *item,
              guint        i)
{
  if (item->key == NULL && item->folded > 0)
    return &theme->other;
  return &okabe_ito[i % G_N_ELEMENTS (okabe_ito)];
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  PangoFontDescription *desc = pango_font_description_from_string (CHART_FONT);

  /* Without it Pango may draw the Chinese labels with Japanese glyph shapes. */
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (layout);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *w,
             double      *h)
{
  int pw, ph;

  pango_layout_get_pixel_size (layout, &pw, &ph);
  if (w != NULL)
    *w = pw;
  if (h != NULL)
    *h = ph;
}

static double
text_width (cairo_t    *cr,
            const char *text,
            double      size)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, FALSE);
  double w;

  layout_size (layout, &w, NULL);
  return w;
}

/* Draws @text with its anchor (0..1 of its width and height) at @x,@y; @max_w > 0
 * ellipsizes it.  Returns the height. */
static double
draw_text (cairo_t    *cr,
           const char *text,
           double      size,
           gboolean    bold,
           double      x,
           double      y,
           double      ax,
           double      ay,
           double      max_w)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, bold);
  double w, h;

  if (max_w > 0)
    {
      pango_layout_set_width (layout, (int) (max_w * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  layout_size (layout, &w, &h);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
  return h;
}

static double
line_height (cairo_t *cr,
             double   size)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, "国Ag", size, FALSE);
  double h;

  layout_size (layout, NULL, &h);
  return h;
}

/* A round step (1, 2 or 5 × 10^n, at least 1 for counts) that divides 0..@max into
 * about @n_target parts; *out_top is the axis end. */
static double
nice_step (double  max,
           int     n_target,
           double *out_top)
{
  double raw, magnitude, norm, step;

  if (!(max > 0))
    max = 1;
  raw = max / MAX (n_target, 1);
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  if (norm <= 1)
    step = 1;
  else if (norm <= 2)
    step = 2;
  else if (norm <= 5)
    step = 5;
  else
    step = 10;
  step *= magnitude;
  step = MAX (step, 1.0);
  *out_top = ceil (max / step - 1e-9) * step;
  if (*out_top <= 0)
    *out_top = step;
  return step;
}

static double
draw_title (KesuChart   *self,
            cairo_t     *cr,
            const Theme *theme,
            double       width)
{
  set_rgb (cr, &theme->text);
  return PAD + draw_text (cr, self->title, TITLE_SIZE, TRUE, PAD, PAD, 0, 0, width - 2 * PAD)
         + PAD * 0.6;
}

static void
draw_empty_state (KesuChart   *self,
                  cairo_t     *cr,
                  const Theme *theme,
                  double       top,
                  double       width,
                  double       height)
{
  double cy = top + (height - top) / 2;
  double r = 22;

  /* A quiet outline of a chart, so the box reads as "nothing here" and not "broken". */
  if (height - top > 3 * r + 40)
    {
      set_rgba (cr, &theme->dim, 0.35);
      cairo_set_line_width (cr, 2);
      for (int i = 0; i < 3; i++)
        {
          double bh = r * (0.8 + 0.6 * i);

          cairo_rectangle (cr, width / 2 - 1.5 * r + i * r + 3, cy - 6 - bh, r - 6, bh);
        }
      cairo_stroke (cr);
      cairo_move_to (cr, width / 2 - 1.8 * r, cy - 4);
      cairo_line_to (cr, width / 2 + 1.8 * r, cy - 4);
      cairo_stroke (cr);
      cy += 12;
    }
  set_rgb (cr, &theme->dim);
  draw_text (cr, _("No complaints in this period"), LABEL_SIZE + 1, FALSE, width / 2, cy, 0.5, 0,
             width - 2 * PAD);
}

static void
add_rect_hit (KesuChart *self,
              int        index,
              double     x,
              double     y,
              double     w,
              double     h)
{
  Hit hit = { .shape = HIT_RECT, .index = index, .x = x, .y = y, .w = w, .h = h };

  g_array_append_val (self->hits, hit);
}

typedef enum
{
  LEGEND_BOX,
  LEGEND_LINE,
  LEGEND_DASH,
} LegendMark;

typedef struct
{
  const char *label;
  const Rgb  *colour;
  LegendMark  mark;
} LegendEntry;

/* One row of legend entries from @x, @y; returns its height. */
static double
draw_legend_row (cairo_t           *cr,
                 const Theme       *theme,
                 const LegendEntry *entries,
                 guint              n,
                 double             x,
                 double             y,
                 double             max_x)
{
  double lh = line_height (cr, SMALL_SIZE);

  for (guint i = 0; i < n; i++)
    {
      double w = text_width (cr, entries[i].label, SMALL_SIZE);
      double cy = y + lh / 2;

      if (x + 22 + w > max_x && i > 0)
        break;
      set_rgb (cr, entries[i].colour);
      switch (entries[i].mark)
        {
        case LEGEND_BOX:
          cairo_rectangle (cr, x, cy - 5, 12, 10);
          cairo_fill (cr);
          break;
        case LEGEND_LINE:
          cairo_set_line_width (cr, 2.5);
          cairo_move_to (cr, x - 2, cy);
          cairo_line_to (cr, x + 14, cy);
          cairo_stroke (cr);
          cairo_arc (cr, x + 6, cy, 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
          break;
        case LEGEND_DASH:
          {
            static const double dash[] = { 4, 3 };

            cairo_set_line_width (cr, 1.5);
            cairo_set_dash (cr, dash, 2, 0);
            cairo_move_to (cr, x - 2, cy);
            cairo_line_to (cr, x + 14, cy);
            cairo_stroke (cr);
            cairo_set_dash (cr, NULL, 0, 0);
          }
          break;
        }
      set_rgb (cr, &theme->text);
      draw_text (cr, entries[i].label, SMALL_SIZE, FALSE, x + 18, y, 0, 0, 0);
      x += 18 + w + 16;
    }
  return lh;
}

/* The frame of a chart with vertical bars or points: the value axis on the left with its
 * title, grid lines, optionally a 0–100% axis on the right, and the row labels below
 * (rotated when they do not fit side by side).  Returns the plot rectangle. */
typedef struct
{
  const char  *y_title;
  const char  *y2_title;     /* NULL: no right axis */
  const char  *x_title;
  const char **labels;
  const char **sublabels;    /* optional second line per row (the year), may be NULL */
  guint        n;
  double       max;
  double       top;
} FrameSpec;

static Rect
draw_vertical_frame (cairo_t         *cr,
                     const Theme     *theme,
                     const FrameSpec *spec,
                     double           width,
                     double           height,
                     double          *out_axis_top)
{
  double lh = line_height (cr, SMALL_SIZE);
  double axis_top, step;
  g_autofree char *top_text = NULL;
  double y_label_w, y2_label_w = 0;
  double max_label_w = 0;
  double slot, label_h;
  gboolean rotate = FALSE;
  Rect plot;

  step = nice_step (spec->max, 5, &axis_top);
  top_text = g_strdup_printf ("%.0f", axis_top);
  y_label_w = MAX (text_width (cr, top_text, SMALL_SIZE), text_width (cr, "0", SMALL_SIZE));
  if (spec->y2_title != NULL)
    y2_label_w = text_width (cr, "100%", SMALL_SIZE);

  for (guint i = 0; i < spec->n; i++)
    max_label_w = MAX (max_label_w, text_width (cr, spec->labels[i], SMALL_SIZE));
  max_label_w = MIN (max_label_w, MAX_LABEL_W);

  plot.x = PAD + lh + 6 + y_label_w + 6;
  plot.w = width - plot.x - PAD - (spec->y2_title != NULL ? 6 + y2_label_w + 6 + lh : 0);
  plot.w = MAX (plot.w, 10);
  slot = plot.w / MAX (spec->n, 1);
  if (max_label_w > slot - 4)
    rotate = TRUE;
  label_h = rotate ? (max_label_w + lh) * G_SQRT2 / 2 + 4 : lh;
  if (spec->sublabels != NULL)
    label_h += lh;
  plot.y = spec->top + lh / 2;
  plot.h = height - plot.y - PAD - lh - 6 - label_h - 6;
  plot.h = MAX (plot.h, 10);

  /* Grid and value labels. */
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= axis_top + 1e-9; v += step)
    {
      double y = round (plot.y + plot.h - v / axis_top * plot.h) + 0.5;
      g_autofree char *text = g_strdup_printf ("%.0f", v);

      set_rgba (cr, &theme->grid, v == 0 ? theme->grid_alpha * 3 : theme->grid_alpha);
      cairo_move_to (cr, plot.x, y);
      cairo_line_to (cr, plot.x + plot.w, y);
      cairo_stroke (cr);
      set_rgb (cr, &theme->dim);
      draw_text (cr, text, SMALL_SIZE, FALSE, plot.x - 6, y, 1, 0.5, 0);
    }
  if (spec->y2_title != NULL)
    for (int p = 0; p <= 100; p += 20)
      {
        double y = plot.y + plot.h - p / 100.0 * plot.h;
        g_autofree char *text = g_strdup_printf ("%d%%", p);

        set_rgb (cr, &theme->dim);
        draw_text (cr, text, SMALL_SIZE, FALSE, plot.x + plot.w + 6, y, 0, 0.5, 0);
      }

  /* Axis titles: the value axis turned up the left side, the rows' below. */
  set_rgb (cr, &theme->dim);
  cairo_save (cr);
  cairo_translate (cr, PAD, plot.y + plot.h / 2);
  cairo_rotate (cr, -G_PI / 2);
  draw_text (cr, spec->y_title, SMALL_SIZE, FALSE, 0, 0, 0.5, 0, plot.h);
  cairo_restore (cr);
  if (spec->y2_title != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, width - PAD, plot.y + plot.h / 2);
      cairo_rotate (cr, G_PI / 2);
      draw_text (cr, spec->y2_title, SMALL_SIZE, FALSE, 0, 0, 0.5, 0, plot.h);
      cairo_restore (cr);
    }
  draw_text (cr, spec->x_title, SMALL_SIZE, FALSE, plot.x + plot.w / 2, height - PAD, 0.5, 1,
             plot.w);

  /* Row labels. */
  for (guint i = 0; i < spec->n; i++)
    {
      double cx = plot.x + slot * (i + 0.5);
      double y = plot.y + plot.h + 5;

      set_rgb (cr, &theme->text);
      if (rotate)
        {
          cairo_save (cr);
          cairo_translate (cr, cx + lh * 0.3, y);
          cairo_rotate (cr, -G_PI / 4);
          draw_text (cr, spec->labels[i], SMALL_SIZE, FALSE, 0, 0, 1, 0, MAX_LABEL_W);
          cairo_restore (cr);
        }
      else
        draw_text (cr, spec->labels[i], SMALL_SIZE, FALSE, cx, y, 0.5, 0, slot);
      if (spec->sublabels != NULL && spec->sublabels[i] != NULL)
        {
          set_rgb (cr, &theme->dim);
          draw_text (cr, spec->sublabels[i], SMALL_SIZE, FALSE, cx, y + lh, 0.5, 0, 0);
        }
    }

  *out_axis_top = axis_top;
  return plot;
}

static void
rounded_top_rect (cairo_t *cr,
                  double   x,
                  double   y,
                  double   w,
                  double   h,
                  double   r)
{
  r = MIN (r, MIN (w / 2, h));
  if (h <= 0)
    return;
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y + h);
  cairo_line_to (cr, x, y + r);
  cairo_arc (cr, x + r, y + r, r, G_PI, 1.5 * G_PI);
  cairo_arc (cr, x + w - r, y + r, r, 1.5 * G_PI, 2 * G_PI);
  cairo_line_to (cr, x + w, y + h);
  cairo_close_path (cr);
}

static void
rounded_right_rect (cairo_t *cr,
                    double   x,
                    double   y,
                    double   w,
                    double   h,
                    double   r)
{
  r = MIN (r, MIN (h / 2, w));
  if (w <= 0)
    return;
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y);
  cairo_arc (cr, x + w - r, y + r, r, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, 0.5 * G_PI);
  cairo_line_to (cr, x, y + h);
  cairo_close_path (cr);
}

/* ---- the kinds ---- */

/* Horizontal bars: long Chinese row names read best beside their bar. */
static void
draw_bar (KesuChart   *self,
          cairo_t     *cr,
          const Theme *theme,
          double       top,
          double       width,
          double       height)
{
  guint n = self->items->len;
  double lh = line_height (cr, SMALL_SIZE);
  double label_w = 0, count_w, axis_top, step, max = 0;
  double slot, bar_h;
  Rect plot;

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);

      label_w = MAX (label_w, text_width (cr, item->label, SMALL_SIZE));
      max = MAX (max, item->count);
    }
  label_w = MIN (label_w, MIN (MAX_LABEL_W + 20, width * 0.32));
  step = nice_step (max, 5, &axis_top);
  {
    g_autofree char *text = g_strdup_printf ("%u", (guint) max);

    count_w = text_width (cr, text, SMALL_SIZE) + 8;
  }

  plot.x = PAD + label_w + 8;
  plot.y = top;
  plot.w = MAX (width - plot.x - PAD - count_w, 10);
  plot.h = MAX (height - top - PAD - lh - 4 - lh - 6, 10);
  slot = plot.h / MAX (n, 1);
  bar_h = MIN (slot * 0.68, 26);

  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= axis_top + 1e-9; v += step)
    {
      double x = round (plot.x + v / axis_top * plot.w) + 0.5;
      g_autofree char *text = g_strdup_printf ("%.0f", v);

      set_rgba (cr, &theme->grid, v == 0 ? theme->grid_alpha * 3 : theme->grid_alpha);
      cairo_move_to (cr, x, plot.y);
      cairo_line_to (cr, x, plot.y + plot.h);
      cairo_stroke (cr);
      set_rgb (cr, &theme->dim);
      draw_text (cr, text, SMALL_SIZE, FALSE, x, plot.y + plot.h + 4, 0.5, 0, 0);
    }
  set_rgb (cr, &theme->dim);
  draw_text (cr, self->value_axis_label, SMALL_SIZE, FALSE, plot.x + plot.w / 2, height - PAD,
             0.5, 1, plot.w);

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);
      double cy = plot.y + slot * (i + 0.5);
      double w = item->count / axis_top * plot.w;
      g_autofree char *count = g_strdup_printf ("%u", item->count);
      const Rgb *colour = item->folded > 0 ? &theme->other : &theme->primary;

      set_rgba (cr, colour, (int) i == self->highlight ? 0.75 : 1.0);
      rounded_right_rect (cr, plot.x, cy - bar_h / 2, w, bar_h, 3);
      cairo_fill (cr);
      if (slot >= lh * 0.8 || i % (guint) ceil (lh / slot) == 0)
        {
          set_rgb (cr, &theme->text);
          draw_text (cr, item->label, SMALL_SIZE, FALSE, plot.x - 8, cy, 1, 0.5, label_w);
          if (slot >= lh * 0.8)
            draw_text (cr, count, SMALL_SIZE, FALSE, plot.x + w + 5, cy, 0, 0.5, 0);
        }
      /* The whole row answers, so a short bar is as easy to point at as a long one. */
      add_rect_hit (self, i, PAD, cy - slot / 2, width - 2 * PAD, slot);
    }
}

static void
draw_donut (KesuChart   *self,
            cairo_t     *cr,
            const Theme *theme,
            double       top,
            double       width,
            double       height)
{
  guint n = self->items->len;
  double lh = line_height (cr, SMALL_SIZE);
  double legend_w = 0, avail_h = height - top - PAD;
  double r1, r0, cx, cy, angle = 0, legend_x, legend_y, row_h;
  gboolean legend_below;
  g_autofree char *total_text = g_strdup_printf ("%u", self->total);

  double name_w = 0, count_w = 0, pct_w = text_width (cr, "100%", SMALL_SIZE);

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);
      g_autofree char *count = g_strdup_printf ("%u", item->count);

      name_w = MAX (name_w, text_width (cr, item->label, SMALL_SIZE));
      count_w = MAX (count_w, text_width (cr, count, SMALL_SIZE) + 2);
    }
  name_w = MIN (name_w, MAX (width * 0.55 - 18 - count_w - pct_w - 24, 30));
  legend_w = 18 + name_w + 12 + count_w + 12 + pct_w;
  row_h = lh + 4;
  /* Narrow: the legend goes under the ring. */
  legend_below = width - legend_w - 2 * PAD < avail_h * 0.9;
  if (legend_below)
    {
      double legend_h = n * row_h;

      r1 = MIN ((width - 2 * PAD) / 2, (avail_h - legend_h - PAD) / 2);
      r1 = MAX (r1, 20);
      cx = width / 2;
      cy = top + r1;
      legend_x = MAX (PAD, width / 2 - legend_w / 2);
      legend_y = cy + r1 + PAD;
    }
  else
    {
      /* Ring, gap, legend and both margins within the width: nothing is cut on paper. */
      r1 = MIN ((width - legend_w - 4 * PAD) / 2, avail_h / 2);
      r1 = MAX (r1, 20);
      cx = PAD + r1;
      cy = top + avail_h / 2;
      legend_x = cx + r1 + 2 * PAD;
      legend_y = cy - n * row_h / 2;
    }
  r0 = r1 * 0.58;

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);
      double sweep = self->total > 0 ? 2 * G_PI * item->count / self->total : 0;
      double grow = (int) i == self->highlight ? 4 : 0;
      double a0 = angle - G_PI / 2, a1 = angle + sweep - G_PI / 2;
      Hit hit = { .shape = HIT_ARC, .index = i, .cx = cx, .cy = cy, .r0 = r0, .r1 = r1 + grow,
                  .a0 = angle, .a1 = angle + sweep };

      if (sweep > 0)
        {
          set_rgb (cr, slice_colour (theme, item, i));
          cairo_new_sub_path (cr);
          cairo_arc (cr, cx, cy, r1 + grow, a0, a1);
          cairo_arc_negative (cr, cx, cy, r0, a1, a0);
          cairo_close_path (cr);
          cairo_fill_preserve (cr);
          /* A thin gap between slices keeps neighbours apart in any colour vision. */
          cairo_set_source_rgb (cr, self->dark ? 0.14 : 1, self->dark ? 0.14 : 1,
                                self->dark ? 0.15 : 1);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
          g_array_append_val (self->hits, hit);
        }
      angle += sweep;

      /* Legend row, which also answers to the pointer. */
      {
        double y = legend_y + i * row_h;
        g_autofree char *count = g_strdup_printf ("%u", item->count);
        g_autofree char *pct = g_strdup_printf ("%.0f%%", self->total > 0
                                                ? 100.0 * item->count / self->total : 0.0);

        set_rgb (cr, slice_colour (theme, item, i));
        cairo_rectangle (cr, legend_x, y + lh / 2 - 5, 12, 10);
        cairo_fill (cr);
        set_rgb (cr, &theme->text);
        draw_text (cr, item->label, SMALL_SIZE, FALSE, legend_x + 18, y, 0, 0, name_w + 1);
        draw_text (cr, count, SMALL_SIZE, TRUE, legend_x + 18 + name_w + 12 + count_w, y, 1, 0,
                   0);
        set_rgb (cr, &theme->dim);
        draw_text (cr, pct, SMALL_SIZE, FALSE, legend_x + legend_w, y, 1, 0, 0);
        add_rect_hit (self, i, legend_x, y, legend_w, row_h);
      }
    }

  /* The total in the hole. */
  set_rgb (cr, &theme->text);
  draw_text (cr, total_text, MIN (TITLE_SIZE * 1.6, r0 * 0.6), TRUE, cx, cy, 0.5, 0.75, r0 * 1.6);
  set_rgb (cr, &theme->dim);
  draw_text (cr, self->value_axis_label, SMALL_SIZE, FALSE, cx, cy + 2, 0.5, 0, r0 * 1.7);
}

static void
draw_vertical_bars (KesuChart   *self,
                    cairo_t     *cr,
                    const Theme *theme,
                    const Rgb   *colour,
                    Rect         plot,
                    double       axis_top,
                    double       fill)
{
  guint n = self->items->len;
  double slot = plot.w / MAX (n, 1);
  double bw = MAX (slot * fill, 1);

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);
      double h = item->count / axis_top * plot.h;
      double x = plot.x + slot * i + (slot - bw) / 2;

      set_rgba (cr, item->folded > 0 ? &theme->other : colour,
                (int) i == self->highlight ? 0.75 : 1.0);
      rounded_top_rect (cr, x, plot.y + plot.h - h, bw, h, 3);
      cairo_fill (cr);
      add_rect_hit (self, i, plot.x + slot * i, plot.y, slot, plot.h);
    }
}

static void
draw_pareto (KesuChart   *self,
             cairo_t     *cr,
             const Theme *theme,
             double       top,
             double       width,
             double       height)
{
  guint n = self->items->len;
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  double max = 0, axis_top, slot, y80;
  static const double dash[] = { 5, 4 };
  const LegendEntry legend[] = {
    { self->value_axis_label, &theme->primary, LEGEND_BOX },
    { _("Cumulative share"), &theme->accent, LEGEND_LINE },
    /* xgettext:no-c-format */
    { _("80% mark"), &theme->dim, LEGEND_DASH },
  };
  FrameSpec spec = { 0 };
  Rect plot;

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);

      labels[i] = item->label;
      max = MAX (max, item->count);
    }
  top += draw_legend_row (cr, theme, legend, G_N_ELEMENTS (legend), PAD, top, width - PAD) + 6;

  spec.y_title = self->value_axis_label;
  spec.y2_title = _("Cumulative share (%)");
  spec.x_title = NULL;
  spec.labels = labels;
  spec.n = n;
  spec.max = max;
  spec.top = top;
  plot = draw_vertical_frame (cr, theme, &spec, width, height, &axis_top);
  draw_vertical_bars (self, cr, theme, &theme->primary, plot, axis_top, 0.66);

  /* The 80% mark: the few rows left of where the line crosses it are "the vital few". */
  y80 = round (plot.y + plot.h * 0.2) + 0.5;
  set_rgb (cr, &theme->dim);
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, plot.x, y80);
  cairo_line_to (cr, plot.x + plot.w, y80);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  slot = plot.w / MAX (n, 1);
  set_rgb (cr, &theme->accent);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      double x = plot.x + slot * (i + 0.5);
      double y = plot.y + plot.h - self->cumulative[i] / 100.0 * plot.h;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double x = plot.x + slot * (i + 0.5);
      double y = plot.y + plot.h - self->cumulative[i] / 100.0 * plot.h;

      cairo_arc (cr, x, y, (int) i == self->highlight ? 5 : 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_histogram (KesuChart   *self,
                cairo_t     *cr,
                const Theme *theme,
                double       top,
                double       width,
                double       height)
{
  guint n = self->items->len;
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  double max = 0, axis_top;
  FrameSpec spec = { 0 };
  Rect plot;

  for (guint i = 0; i < n; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);

      labels[i] = item->label;
      max = MAX (max, item->count);
    }
  spec.y_title = self->value_axis_label;
  spec.x_title = _("Time from received to closed");
  spec.labels = labels;
  spec.n = n;
  spec.max = max;
  spec.top = top + 4;
  plot = draw_vertical_frame (cr, theme, &spec, width, height, &axis_top);
  draw_vertical_bars (self, cr, theme, &okabe_ito[OI_GREEN], plot, axis_top, 0.9);
}

static void
draw_trend (KesuChart   *self,
            cairo_t     *cr,
            const Theme *theme,
            double       top,
            double       width,
            double       height)
{
  guint n = self->trend->len;
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree const char **sublabels = g_new0 (const char *, n + 1);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const Rgb *received_colour = &theme->primary;
  const Rgb *closed_colour = &okabe_ito[OI_ORANGE];
  const LegendEntry legend[] = {
    { _("Received"), received_colour, LEGEND_LINE },
    { _("Closed"), closed_colour, LEGEND_LINE },
  };
  static const double dash[] = { 6, 3 };
  double max = 0, axis_top, slot;
  FrameSpec spec = { 0 };
  Rect plot;

  for (guint i = 0; i < n; i++)
    {
      const KesuMonthCount *m = &g_array_index (self->trend, KesuMonthCount, i);
      char *label = g_strdup_printf ("%d", m->month);

      g_ptr_array_add (texts, label);
      labels[i] = label;
      if (i == 0 || m->month == 1)
        {
          char *year = g_strdup_printf ("%d", m->year);

          g_ptr_array_add (texts, year);
          sublabels[i] = year;
        }
      max = MAX (max, MAX (m->received, m->closed));
    }
  top += draw_legend_row (cr, theme, legend, G_N_ELEMENTS (legend), PAD, top, width - PAD) + 6;

  spec.y_title = self->value_axis_label;
  spec.x_title = _("Month");
  spec.labels = labels;
  spec.sublabels = sublabels;
  spec.n = n;
  spec.max = max;
  spec.top = top;
  plot = draw_vertical_frame (cr, theme, &spec, width, height, &axis_top);
  slot = plot.w / MAX (n, 1);

  if (self->highlight >= 0 && (guint) self->highlight < n)
    {
      set_rgba (cr, &theme->grid, theme->grid_alpha * 0.6);
      cairo_rectangle (cr, plot.x + slot * self->highlight, plot.y, slot, plot.h);
      cairo_fill (cr);
    }

  /* Two series told apart by colour, by line style and by marker shape. */
  for (int series = 0; series < 2; series++)
    {
      const Rgb *colour = series == 0 ? received_colour : closed_colour;

      set_rgb (cr, colour);
      cairo_set_line_width (cr, 2.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (series == 1)
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      for (guint i = 0; i < n; i++)
        {
          const KesuMonthCount *m = &g_array_index (self->trend, KesuMonthCount, i);
          double v = series == 0 ? m->received : m->closed;
          double x = plot.x + slot * (i + 0.5);
          double y = plot.y + plot.h - v / axis_top * plot.h;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint i = 0; i < n; i++)
        {
          const KesuMonthCount *m = &g_array_index (self->trend, KesuMonthCount, i);
          double v = series == 0 ? m->received : m->closed;
          double x = plot.x + slot * (i + 0.5);
          double y = plot.y + plot.h - v / axis_top * plot.h;

          if (series == 0)
            cairo_arc (cr, x, y, 4, 0, 2 * G_PI);
          else
            cairo_rectangle (cr, x - 3.5, y - 3.5, 7, 7);
          cairo_fill (cr);
        }
    }
  for (guint i = 0; i < n; i++)
    add_rect_hit (self, i, plot.x + slot * i, plot.y, slot, plot.h);
}

void
kesu_chart_draw (KesuChart *chart,
                 cairo_t   *cr,
                 double     width,
                 double     height)
{
  Theme theme;
  double top;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);

  g_array_set_size (chart->hits, 0);
  chart->drawn_width = width;
  chart->drawn_height = height;
  if (width < 1 || height < 1)
    return;

  theme_init (chart, &theme);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  top = draw_title (chart, cr, &theme, width);
  if (chart->total == 0)
    draw_empty_state (chart, cr, &theme, top, width, height);
  else
    switch (chart->kind)
      {
      case KESU_CHART_BAR:
        draw_bar (chart, cr, &theme, top, width, height);
        break;
      case KESU_CHART_DONUT:
        draw_donut (chart, cr, &theme, top, width, height);
        break;
      case KESU_CHART_TREND:
        draw_trend (chart, cr, &theme, top, width, height);
        break;
      case KESU_CHART_PARETO:
        draw_pareto (chart, cr, &theme, top, width, height);
        break;
      case KESU_CHART_HISTOGRAM:
        draw_histogram (chart, cr, &theme, top, width, height);
        break;
      default:
        g_assert_not_reached ();
      }
  cairo_restore (cr);
}

int
kesu_chart_hit (KesuChart *chart,
                double     x,
                double     y)
{
  g_return_val_if_fail (chart != NULL, -1);

  for (guint i = 0; i < chart->hits->len; i++)
    {
      const Hit *hit = &g_array_index (chart->hits, Hit, i);

      if (hit->shape == HIT_RECT)
        {
          if (x >= hit->x && x < hit->x + hit->w && y >= hit->y && y < hit->y + hit->h)
            return hit->index;
        }
      else
        {
          double dx = x - hit->cx, dy = y - hit->cy;
          double r = sqrt (dx * dx + dy * dy);
          /* From 12 o'clock, clockwise, as the slices are laid out. */
          double a = atan2 (dx, -dy);

          if (a < 0)
            a += 2 * G_PI;
          if (r >= hit->r0 && r <= hit->r1 && a >= hit->a0 && a < hit->a1)
            return hit->index;
        }
    }
  return -1;
}

/* ---- saving ---- */

static void
paint_background (KesuChart *chart,
                  cairo_t   *cr)
{
  if (chart->dark)
    cairo_set_source_rgb (cr, 0.14, 0.14, 0.15);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: %s is a file name, then cairo's reason */
               _("Could not write the chart to “%s”: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

gboolean
kesu_chart_save (KesuChart   *chart,
                 const char  *path,
                 double       width,
                 double       height,
                 GError     **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  gboolean png = FALSE;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_utf8_strdown (path, -1);
  display = g_filename_display_name (path);
  width = MAX (width, 50);
  height = MAX (height, 50);
  /* Written beside the file and renamed over it: a failed save leaves no half chart. */
  tmp = g_strdup_printf ("%s.part", path);

  if (g_str_has_suffix (lower, ".png"))
    {
      /* Twice the pixels: sharp when pasted into a slide or a document. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * 2),
                                            (int) ceil (height * 2));
      png = TRUE;
    }
#ifdef CAIRO_HAS_SVG_SURFACE
  else if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (tmp, width, height);
#endif
#ifdef CAIRO_HAS_PDF_SURFACE
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create (tmp, width, height);
#endif
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: %s is a file name */
                   _("Cannot save “%s”: choose a name ending in .png, .svg or .pdf"), display);
      return FALSE;
    }

  cr = cairo_create (surface);
  if (png)
    cairo_scale (cr, 2, 2);
  paint_background (chart, cr);
  kesu_chart_draw (chart, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && png)
    status = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_cairo (status, display, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the chart to “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
