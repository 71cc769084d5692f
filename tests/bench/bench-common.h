/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the benchmark programs share (header only: each program is one source file).
 * Every figure is printed as one row of the table build-aux/bench shows:
 *   name  value  baseline  ratio  target  PASS/FAIL
 * A benchmark reports; it never fails because a figure misses its target. */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int
bench_compare_double (const void *a,
                      const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

/* The @q quantile (0.5: the median) of @n values, nearest rank; sorts @values. */
static inline double
bench_quantile (double *values,
                guint   n,
                double  q)
{
  guint rank;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof *values, bench_compare_double);
  if (q == 0.5 && n % 2 == 0)
    return (values[n / 2 - 1] + values[n / 2]) / 2;
  rank = (guint) (q * n + 0.999999);
  return values[CLAMP (rank, 1, n) - 1];
}

static inline double
bench_median (GArray *values)
{
  return bench_quantile ((double *) (void *) values->data, values->len, 0.5);
}

static inline double
bench_ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* One row.  @baseline <= 0: none (the target is absolute), and no ratio. @max_ratio > 0:
 * the target is a ratio to the baseline; otherwise @max_value is (@value must be below
 * it; <= 0: no target, the figure is for information). */
static inline void
bench_row (const char *name,
           double      value,
           const char *unit,
           double      baseline,
           double      max_ratio,
           double      max_value)
{
  char v[32], b[32], r[32], t[32];
  const char *verdict = "info";

  g_snprintf (v, sizeof v, "%.1f%s", value, unit);
  if (baseline > 0)
    {
      g_snprintf (b, sizeof b, "%.1f%s", baseline, unit);
      g_snprintf (r, sizeof r, "%.2fx", value / baseline);
    }
  else
    {
      g_strlcpy (b, "-", sizeof b);
      g_strlcpy (r, "-", sizeof r);
    }
  if (max_ratio > 0 && baseline > 0)
    {
      g_snprintf (t, sizeof t, "<=%.1fx", max_ratio);
      verdict = value / baseline <= max_ratio ? "PASS" : "FAIL";
    }
  else if (max_value > 0)
    {
      g_snprintf (t, sizeof t, "<%.0f%s", max_value, unit);
      verdict = value < max_value ? "PASS" : "FAIL";
    }
  else
    g_strlcpy (t, "-", sizeof t);
  g_print ("%-30s %12s %12s %8s %10s %s\n", name, v, b, r, t, verdict);
  fflush (stdout);
}

/* A figure that cannot be measured here. */
static inline void
bench_row_na (const char *name,
              const char *why)
{
  g_print ("%-30s %12s %12s %8s %10s %s\n", name, "n/a", "-", "-", "-", why);
  fflush (stdout);
}

/* Peak resident memory (VmHWM) or resident memory (VmRSS) in kB; -1 where it cannot be
 * read. */
static inline gint64
bench_proc_status_kb (const char *key)
{
#if defined(G_OS_UNIX) && defined(__linux__)
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  return line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : -1;
#else
  (void) key;
  return -1;
#endif
}
