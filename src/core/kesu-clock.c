/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-clock"

#include "config.h"

#include "kesu-clock.h"

static GDateTime *fixed_now;

GDateTime *
kesu_clock_now (void)
{
  if (fixed_now != NULL)
    return g_date_time_ref (fixed_now);
  return g_date_time_new_now_local ();
}

gint64
kesu_clock_now_unix (void)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  return g_date_time_to_unix (now);
}

void
kesu_clock_set_fixed (GDateTime *fixed)
{
  g_clear_pointer (&fixed_now, g_date_time_unref);
  if (fixed != NULL)
    fixed_now = g_date_time_to_local (fixed);
}

GDateTime *
kesu_clock_dup_fixed (void)
{
  return fixed_now != NULL ? g_date_time_ref (fixed_now) : NULL;
}

char *
kesu_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}
