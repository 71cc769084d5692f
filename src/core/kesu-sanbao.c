/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-sanbao"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-enums-private.h"
#include "kesu-error.h"
#include "kesu-sanbao-private.h"
#include "kesu-sanbao.h"
#include "kesu-store-private.h"
#include "kesu-store.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

/* ---- the one table of periods and limits (SAMR Order No. 43) ----
 *
 * A change of the rules is an edit of this table: every figure that the assessment, the
 * clocks, the usage fee and the retention minimum use comes from here. */

typedef struct
{
  KesuSanbaoLimit  limit;
  gint64           value;
  const char      *article;  /* N_() */
} LimitInfo;

static const LimitInfo limits[] = {
  { KESU_SANBAO_LIMIT_PERIOD_YEARS,      2,     N_("Art. 18") },
  { KESU_SANBAO_LIMIT_PERIOD_KM,         50000, N_("Art. 18") },
  { KESU_SANBAO_LIMIT_WARRANTY_YEARS,    3,     N_("Art. 18") },
  { KESU_SANBAO_LIMIT_WARRANTY_KM,       60000, N_("Art. 18") },
  { KESU_SANBAO_LIMIT_SEVEN_DAYS,        7,     N_("Art. 22") },
  { KESU_SANBAO_LIMIT_SIXTY_DAYS,        60,    N_("Art. 20, 23") },
  { KESU_SANBAO_LIMIT_SIXTY_DAYS_KM,     3000,  N_("Art. 20, 23") },
  { KESU_SANBAO_LIMIT_SAFETY_REPAIRS,    2,     N_("Art. 24(1)") },
  { KESU_SANBAO_LIMIT_PART_REPLACEMENTS, 2,     N_("Art. 24(2)(3)") },
  { KESU_SANBAO_LIMIT_REPAIR_COUNT,      4,     N_("Art. 24(4)") },
  { KESU_SANBAO_LIMIT_REPAIR_DAYS,       30,    N_("Art. 24(4)") },
  { KESU_SANBAO_LIMIT_LONG_REPAIR_DAYS,  5,     N_("Art. 21") },
  { KESU_SANBAO_LIMIT_USAGE_FEE_MAX_BP,  50,    N_("Art. 27") },
  { KESU_SANBAO_LIMIT_ANSWER_DAYS,       10,    N_("Art. 28") },
  { KESU_SANBAO_LIMIT_COMPLETE_DAYS,     20,    N_("Art. 28") },
  { KESU_SANBAO_LIMIT_RETENTION_YEARS,   6,     N_("Art. 17") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (limits) == KESU_N_SANBAO_LIMITS);

/* The article each line cites, and the stable key its condition is remembered by. */
static const struct
{
  const char *article;  /* N_() */
  const char *key;
} rules[] = {
  [KESU_SANBAO_RULE_PERIOD]        = { N_("Art. 18"), "art18-period" },
  [KESU_SANBAO_RULE_WARRANTY]      = { N_("Art. 18"), "art18-warranty" },
  [KESU_SANBAO_RULE_SEVEN_DAYS]    = { N_("Art. 22"), "art22" },
  [KESU_SANBAO_RULE_SIXTY_DAYS]    = { N_("Art. 20"), "art20" },
  [KESU_SANBAO_RULE_SAFETY]        = { N_("Art. 23"), "art23" },
  [KESU_SANBAO_RULE_SAFETY_REPEAT] = { N_("Art. 24(1)"), "art24-1" },
  [KESU_SANBAO_RULE_PART_TWICE]    = { N_("Art. 24(2)(3)"), "art24-2" },
  [KESU_SANBAO_RULE_REPAIR_COUNT]  = { N_("Art. 24(4)"), "art24-4-count" },
  [KESU_SANBAO_RULE_REPAIR_DAYS]   = { N_("Art. 24(4)"), "art24-4-days" },
  [KESU_SANBAO_RULE_LONG_REPAIR]   = { N_("Art. 21"), "art21" },
  [KESU_SANBAO_RULE_USAGE_FEE]     = { N_("Art. 27"), "art27" },
  [KESU_SANBAO_RULE_ANSWER]        = { N_("Art. 28"), "art28" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (rules) == KESU_N_SANBAO_RULES);

static const KesuEnumInfo sanbao_flags[] = {
  { "", N_("No 三包 flag") },
  { "raised", N_("三包: may qualify") },
  { "confirmed", N_("三包: confirmed") },
  { "dismissed", N_("三包: dismissed") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sanbao_flags) == KESU_N_SANBAO_FLAGS);

KESU_DEFINE_ENUM_FUNCS (KesuSanbaoFlag, sanbao_flag, sanbao_flags, "")

const char *
kesu_sanbao_level_to_label (KesuSanbaoLevel level)
{
  switch (level)
    {
    case KESU_SANBAO_WITHIN:
      return _("Within");
    case KESU_SANBAO_OUTSIDE:
      return _("Outside");
    case KESU_SANBAO_MAY_QUALIFY:
      return _("May qualify");
    case KESU_SANBAO_INFO:
    default:
      return "";
    }
}

gint64
kesu_sanbao_limit_value (KesuSanbaoLimit limit)
{
  g_return_val_if_fail ((guint) limit < KESU_N_SANBAO_LIMITS, 0);
  g_assert (limits[limit].limit == limit);
  return limits[limit].value;
}

char *
kesu_sanbao_limit_article (KesuSanbaoLimit limit)
{
  g_return_val_if_fail ((guint) limit < KESU_N_SANBAO_LIMITS, NULL);
  return g_strdup (_(limits[limit].article));
}

char *
kesu_sanbao_rule_article (KesuSanbaoRule rule)
{
  g_return_val_if_fail ((guint) rule < KESU_N_SANBAO_RULES, NULL);
  return g_strdup (_(rules[rule].article));
}

#define LIMIT(name) kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_##name)

/* ---- small helpers ---- */

/* "50,000" */
static char *
format_km (gint64 km)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (km));
  GString *s = g_string_new (km < 0 ? "-" : NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static void
local_date (gint64  t,
            GDate  *out)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (t);
  int y, m, d;

  g_date_clear (out, 1);
  if (local == NULL)
    {
      g_date_set_dmy (out, 1, 1, 1970);
      return;
    }
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static char *
format_date (const GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

/* "valve body" and " Valve  Body " are the same part. */
static char *
part_key (const char *part)
{
  g_autofree char *folded = NULL;
  GString *s;
  gboolean space = FALSE;

  if (part == NULL || kesu_text_is_blank (part))
    return NULL;
  folded = g_utf8_casefold (part, -1);
  s = g_string_new (NULL);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static void
line_free (KesuSanbaoLine *line)
{
  if (line == NULL)
    return;
  g_free (line->article);
  g_free (line->text);
  g_free (line);
}

static KesuSanbaoLine *
add_line (KesuSanbaoAssessment *a,
          KesuSanbaoRule        rule,
          KesuSanbaoLevel       level,
          gboolean              condition,
          char                 *text)  /* transfer full */
{
  KesuSanbaoLine *line = g_new0 (KesuSanbaoLine, 1);

  line->rule = rule;
  line->level = level;
  line->condition = condition;
  line->article = g_strdup (_(rules[rule].article));
  line->text = text;
  g_ptr_array_add (a->lines, line);
  return line;
}

void
kesu_sanbao_assessment_free (KesuSanbaoAssessment *assessment)
{
  if (assessment == NULL)
    return;
  g_clear_pointer (&assessment->lines, g_ptr_array_unref);
  g_free (assessment->reason);
  g_free (assessment->reason_key);
  g_free (assessment->flag_reason);
  g_free (assessment->decision_note);
  g_free (assessment);
}

const KesuSanbaoLine *
kesu_sanbao_assessment_get_line (const KesuSanbaoAssessment *assessment,
                                 KesuSanbaoRule              rule)
{
  g_return_val_if_fail (assessment != NULL, NULL);

  for (guint i = 0; i < assessment->lines->len; i++)
    {
      const KesuSanbaoLine *line = g_ptr_array_index (assessment->lines, i);

      if (line->rule == rule)
        return line;
    }
  return NULL;
}

/* ---- the usage fee (Art. 27) ---- */

gint64
kesu_sanbao_usage_fee (gint64 price_fen,
                       gint64 km,
                       guint  rate_bp)
{
  /* price × km ÷ 1000 × (bp ÷ 100) % = price × km × bp ÷ 10,000,000 */
  const gint64 divisor = 10000000;

  if (price_fen < 0 || km < 0 || (gint64) rate_bp > LIMIT (USAGE_FEE_MAX_BP))
    return -1;
  /* Bounds of what is accepted anywhere (10,000,000 CNY, 2,000,000 km), so the product
   * stays far inside 64 bits. */
  if (price_fen > (gint64) 10000000 * 100 || km > 2000000)
    return -1;
  /* Half a fen and more rounds up: fees are never negative. */
  return (price_fen * km * (gint64) rate_bp + divisor / 2) / divisor;
}

gboolean
kesu_sanbao_parse_rate (const char  *text,
                        guint       *out_rate_bp,
                        GError     **error)
{
  g_autofree char *s = NULL;
  const char *p;
  guint whole = 0, frac = 0, n_frac = 0, n_whole = 0;
  guint bp;

  s = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (g_str_has_suffix (s, "%"))
    {
      s[strlen (s) - 1] = '\0';
      g_strstrip (s);
    }
  p = s;
  for (; g_ascii_isdigit (*p) && n_whole < 4; p++, n_whole++)
    whole = whole * 10 + (guint) (*p - '0');
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p) && n_frac < 3; p++, n_frac++)
      frac = frac * 10 + (guint) (*p - '0');
  if (*p != '\0' || (n_whole == 0 && n_frac == 0) || n_frac > 2)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Enter n of the usage fee as a number with at most two decimals, "
                             "for example 0.5."));
      return FALSE;
    }
  if (n_frac == 1)
    frac *= 10;
  bp = whole * 100 + frac;
  if (bp > (guint) LIMIT (USAGE_FEE_MAX_BP))
    {
      g_autofree char *max = kesu_sanbao_format_rate ((guint) LIMIT (USAGE_FEE_MAX_BP));

      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("n of the usage fee is at most %s (三包 rules, Art. 27)."), max);
      return FALSE;
    }
  if (out_rate_bp != NULL)
    *out_rate_bp = bp;
  return TRUE;
}

char *
kesu_sanbao_format_rate (guint rate_bp)
{
  if (rate_bp % 100 == 0)
    return g_strdup_printf ("%u", rate_bp / 100);
  if (rate_bp % 10 == 0)
    return g_strdup_printf ("%u.%u", rate_bp / 100, (rate_bp % 100) / 10);
  return g_strdup_printf ("%u.%02u", rate_bp / 100, rate_bp % 100);
}

/* ---- Art. 28 clocks ---- */

gint64
kesu_sanbao_working_days_due (const KesuWorkCalendar *calendar,
                              gint64                  from,
                              guint                   working_days)
{
  g_autoptr(KesuWorkCalendar) fallback = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;
  int y, m, d;

  if (calendar == NULL)
    calendar = fallback = kesu_work_calendar_new ();
  /* The count starts the next day (Civil Code Art. 201) and a day is a whole day: the
   * deadline is the end of the last working day. */
  day = g_date_time_new_from_unix_local (from);
  g_date_time_get_ymd (day, &y, &m, &d);
  g_clear_pointer (&day, g_date_time_unref);
  day = g_date_time_new_local (y, m, d, 0, 0, 0);
  next = g_date_time_add_days (day, 1);
  return kesu_deadline_compute (calendar, g_date_time_to_unix (next),
                                (gint64) working_days * 86400, TRUE, 0);
}

gint64
kesu_sanbao_running_due (KesuSanbaoFlag flag,
                         gint64         answer_due,
                         gint64         complete_due,
                         gboolean       open)
{
  if (!open)
    return 0;
  if (flag == KESU_SANBAO_FLAG_RAISED)
    return answer_due;
  if (flag == KESU_SANBAO_FLAG_CONFIRMED)
    return complete_due;
  return 0;
}

/* ---- the assessment ---- */

typedef struct
{
  const KesuRepair *repair;
  int               day;       /* days after the period start */
  gboolean          in_period; /* inside the 三包 period */
  gboolean          in_warranty;
} RepairFacts;

static int
compare_facts (gconstpointer a,
               gconstpointer b)
{
  const RepairFacts *fa = a, *fb = b;

  if (fa->repair->started_at != fb->repair->started_at)
    return fa->repair->started_at < fb->repair->started_at ? -1 : 1;
  return fa->repair->id < fb->repair->id ? -1 : fa->repair->id > fb->repair->id;
}

/* Inside "N days / M km, whichever first": unknown mileage is judged by days alone. */
static gboolean
inside (int    day,
        gint64 km,
        gint64 max_days,
        gint64 max_km)
{
  return day >= 0 && day <= max_days && (km < 0 || max_km <= 0 || km <= max_km);
}

/* "Car is 42 days old (invoice 2026-10-13), 1,850 km" */
static char *
age_phrase (int         age,
            gboolean    from_delivery,
            const char *start,
            gint64      km)
{
  g_autofree char *days = NULL;
  g_autofree char *kms = NULL;

  if (from_delivery)
    /* TRANSLATORS: %d: days; %s: a date, YYYY-MM-DD */
    days = g_strdup_printf (ngettext ("Car is %d day old (delivered %s)",
                                      "Car is %d days old (delivered %s)", (gulong) MAX (age, 0)),
                            age, start);
  else
    days = g_strdup_printf (ngettext ("Car is %d day old (invoice %s)",
                                      "Car is %d days old (invoice %s)", (gulong) MAX (age, 0)),
                            age, start);
  if (km < 0)
    return g_strdup_printf (_("%s, mileage not recorded"), days);
  kms = format_km (km);
  return g_strdup_printf (_("%s, %s km"), days, kms);
}

static void
append_key (GString    *keys,
            const char *rule_key,
            const char *detail)
{
  if (keys->len > 0)
    g_string_append_c (keys, ';');
  g_string_append (keys, rule_key);
  if (detail != NULL)
    {
      g_string_append_c (keys, ':');
      /* The key is a list with ';' between items: keep the separator out of details. */
      for (const char *p = detail; *p; p++)
        g_string_append_c (keys, *p == ';' ? ',' : *p);
    }
}

/* "Gearbox, engine" */
static char *
systems_text (const gboolean *systems)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < KESU_N_FAULT_SYSTEMS; i++)
    if (systems[i])
      {
        if (s->len > 0)
          g_string_append (s, _(", "));
        g_string_append (s, kesu_fault_system_to_label (i));
      }
  return g_string_free (s, FALSE);
}

static void
period_line (KesuSanbaoAssessment *a,
             KesuSanbaoRule        rule,
             const char           *age,
             const GDate          *complaint_day,
             const GDate          *start,
             gint64                years,
             gint64                max_km)
{
  GDate end = *start;
  g_autofree char *end_text = NULL;
  g_autofree char *km_text = format_km (max_km);
  gboolean within;

  g_date_add_years (&end, (guint) years);
  end_text = format_date (&end);
  within = g_date_compare (complaint_day, &end) <= 0
           && (a->mileage_km < 0 || a->mileage_km <= max_km);
  if (rule == KESU_SANBAO_RULE_PERIOD)
    add_line (a, rule, within ? KESU_SANBAO_WITHIN : KESU_SANBAO_OUTSIDE, FALSE,
              within
              /* TRANSLATORS: "Car is 42 days old (invoice 2026-10-13), 1,850 km: within the
               * 三包 period of 2 years / 50,000 km (until 2028-10-13)" */
              ? g_strdup_printf (_("%s: within the 三包 period of %d years / %s km (until %s)"),
                                 age, (int) years, km_text, end_text)
              : g_strdup_printf (_("%s: outside the 三包 period of %d years / %s km (%s)"),
                                 age, (int) years, km_text, end_text));
  else
    add_line (a, rule, within ? KESU_SANBAO_WITHIN : KESU_SANBAO_OUTSIDE, FALSE,
              within
              ? g_strdup_printf (_("Within the warranty period of %d years / %s km (until %s)"),
                                 (int) years, km_text, end_text)
              : g_strdup_printf (_("Outside the warranty period of %d years / %s km (%s)"),
                                 (int) years, km_text, end_text));
}

KesuSanbaoAssessment *
kesu_sanbao_assess (const KesuVehicle *vehicle,
                    GPtrArray         *repairs,
                    gint64             complaint_at,
                    gint64             mileage_km,
                    guint              usage_fee_bp,
                    gint64             now)
{
  KesuSanbaoAssessment *a = g_new0 (KesuSanbaoAssessment, 1);
  g_autoptr(GArray) facts = g_array_new (FALSE, TRUE, sizeof (RepairFacts));
  g_autoptr(GString) reason = g_string_new (NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autofree char *age = NULL;
  g_autofree char *start_text = NULL;
  const char *start_key;
  GDate start, complaint_day, period_end, warranty_end;
  gboolean from_delivery;
  gboolean art24 = FALSE;

  a->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  a->age_days = -1;
  a->mileage_km = -1;
  a->usage_fee_fen = -1;

  start_key = vehicle != NULL ? kesu_vehicle_period_start (vehicle) : NULL;
  g_date_clear (&start, 1);
  if (start_key == NULL || !kesu_validate_date (start_key, &start, NULL))
    {
      add_line (a, KESU_SANBAO_RULE_PERIOD, KESU_SANBAO_INFO, FALSE,
                g_strdup (_("No vehicle record with an invoice date: record the vehicle "
                            "to check the 三包 rules.")));
      return a;
    }
  from_delivery = start_key != vehicle->invoice_date;
  start_text = format_date (&start);

  /* The mileage at the complaint; else the highest one a visit recorded. */
  a->mileage_km = mileage_km;
  if (a->mileage_km < 0 && repairs != NULL)
    for (guint i = 0; i < repairs->len; i++)
      a->mileage_km = MAX (a->mileage_km, ((KesuRepair *) repairs->pdata[i])->mileage_km);

  local_date (complaint_at, &complaint_day);
  a->age_days = g_date_days_between (&start, &complaint_day);
  age = age_phrase (a->age_days, from_delivery, start_text, a->mileage_km);

  period_end = start;
  g_date_add_years (&period_end, (guint) LIMIT (PERIOD_YEARS));
  warranty_end = start;
  g_date_add_years (&warranty_end, (guint) LIMIT (WARRANTY_YEARS));

  if (repairs != NULL)
    for (guint i = 0; i < repairs->len; i++)
      {
        const KesuRepair *r = repairs->pdata[i];
        RepairFacts f = { r, 0, FALSE, FALSE };
        GDate day;

        local_date (r->started_at, &day);
        f.day = g_date_days_between (&start, &day);
        f.in_period = f.day >= 0 && g_date_compare (&day, &period_end) <= 0
                      && (r->mileage_km < 0 || r->mileage_km <= LIMIT (PERIOD_KM));
        f.in_warranty = f.day >= 0 && g_date_compare (&day, &warranty_end) <= 0
                        && (r->mileage_km < 0 || r->mileage_km <= LIMIT (WARRANTY_KM));
        g_array_append_val (facts, f);
      }
  /* "The first" visit is the earliest, whatever order the caller gave. */
  g_array_sort (facts, compare_facts);

  /* Art. 18: the two periods. */
  period_line (a, KESU_SANBAO_RULE_PERIOD, age, &complaint_day, &start,
               LIMIT (PERIOD_YEARS), LIMIT (PERIOD_KM));
  period_line (a, KESU_SANBAO_RULE_WARRANTY, age, &complaint_day, &start,
               LIMIT (WARRANTY_YEARS), LIMIT (WARRANTY_KM));

  /* Art. 22: within 7 days, a main component or its main part replaced. */
  {
    gboolean systems[KESU_N_FAULT_SYSTEMS] = { FALSE };
    const RepairFacts *first = NULL;

    for (guint i = 0; i < facts->len; i++)
      {
        const RepairFacts *f = &g_array_index (facts, RepairFacts, i);

        if (kesu_fault_system_is_main_component (f->repair->system)
            && f->repair->part_replaced != NULL && !kesu_text_is_blank (f->repair->part_replaced)
            && f->day >= 0 && f->day <= LIMIT (SEVEN_DAYS))
          {
            systems[f->repair->system] = TRUE;
            if (first == NULL)
              first = f;
          }
      }
    if (first != NULL)
      {
        g_autofree char *which = systems_text (systems);

        for (guint i = 0; i < KESU_N_FAULT_SYSTEMS; i++)
          if (systems[i])
            append_key (keys, rules[KESU_SANBAO_RULE_SEVEN_DAYS].key,
                        kesu_fault_system_to_key (i));
        add_line (a, KESU_SANBAO_RULE_SEVEN_DAYS, KESU_SANBAO_MAY_QUALIFY, TRUE,
                  /* TRANSLATORS: "Gearbox: part replaced on day 5 (valve body), within 7 days:
                   * a new car or a refund may be due, at the customer's choice" */
                  g_strdup_printf (_("%s: part replaced on day %d (%s), within %d days: a new "
                                     "car or a refund may be due, at the customer's choice"),
                                   which, first->day, first->repair->part_replaced,
                                   (int) LIMIT (SEVEN_DAYS)));
      }
    else if (a->age_days >= 0 && a->age_days <= LIMIT (SEVEN_DAYS))
      add_line (a, KESU_SANBAO_RULE_SEVEN_DAYS, KESU_SANBAO_WITHIN, FALSE,
                g_strdup_printf (ngettext ("Car is %d day old: within %d days, a main component "
                                           "part to be replaced gives a new car or a refund",
                                           "Car is %d days old: within %d days, a main component "
                                           "part to be replaced gives a new car or a refund",
                                           (gulong) a->age_days),
                                 a->age_days, (int) LIMIT (SEVEN_DAYS)));
    else
      add_line (a, KESU_SANBAO_RULE_SEVEN_DAYS, KESU_SANBAO_OUTSIDE, FALSE,
                g_strdup_printf (ngettext ("Car is %d day old: past the first %d days",
                                           "Car is %d days old: past the first %d days",
                                           (gulong) MAX (a->age_days, 0)),
                                 a->age_days, (int) LIMIT (SEVEN_DAYS)));
  }

  /* Art. 20: within 60 days / 3,000 km, a main component failed; Art. 23: steering,
   * brakes, body in the same window. */
  {
    gboolean main_systems[KESU_N_FAULT_SYSTEMS] = { FALSE };
    gboolean safety_systems[KESU_N_FAULT_SYSTEMS] = { FALSE };
    const RepairFacts *first_main = NULL, *first_safety = NULL;
    guint n_main = 0;
    g_autofree char *window_km = format_km (LIMIT (SIXTY_DAYS_KM));
    gboolean car_inside = inside (a->age_days, a->mileage_km, LIMIT (SIXTY_DAYS),
                                  LIMIT (SIXTY_DAYS_KM));

    for (guint i = 0; i < facts->len; i++)
      {
        const RepairFacts *f = &g_array_index (facts, RepairFacts, i);
        KesuFaultSystem system = f->repair->system;

        if (!inside (f->day, f->repair->mileage_km, LIMIT (SIXTY_DAYS), LIMIT (SIXTY_DAYS_KM)))
          continue;
        if (kesu_fault_system_is_main_component (system))
          {
            main_systems[system] = TRUE;
            n_main++;
            if (first_main == NULL)
              first_main = f;
          }
        else if (system == KESU_FAULT_SYSTEM_STEERING || system == KESU_FAULT_SYSTEM_BRAKES
                 || system == KESU_FAULT_SYSTEM_BODY)
          {
            safety_systems[system] = TRUE;
            if (first_safety == NULL)
              first_safety = f;
          }
      }

    if (first_main != NULL)
      {
        g_autofree char *which = systems_text (main_systems);
        g_autofree char *visit_km = first_main->repair->mileage_km >= 0
                                    ? format_km (first_main->repair->mileage_km) : NULL;
        g_autofree char *finding = NULL;

        for (guint i = 0; i < KESU_N_FAULT_SYSTEMS; i++)
          if (main_systems[i])
            append_key (keys, rules[KESU_SANBAO_RULE_SIXTY_DAYS].key,
                        kesu_fault_system_to_key (i));
        if (visit_km != NULL)
          /* TRANSLATORS: "Gearbox repaired 2 times from day 12 (1,200 km)" */
          finding = g_strdup_printf (ngettext ("%s repaired %u time from day %d (%s km)",
                                               "%s repaired %u times from day %d (%s km)",
                                               n_main),
                                     which, n_main, first_main->day, visit_km);
        else
          finding = g_strdup_printf (ngettext ("%s repaired %u time from day %d",
                                               "%s repaired %u times from day %d", n_main),
                                     which, n_main, first_main->day);
        add_line (a, KESU_SANBAO_RULE_SIXTY_DAYS, KESU_SANBAO_MAY_QUALIFY, TRUE,
                  /* TRANSLATORS: "<age>: within 60 days / 3,000 km; <finding>: a main
                   * component — a free replacement of it may be due (engine, gearbox …)" */
                  g_strdup_printf (car_inside
                                   ? _("%s: within %d days / %s km; %s: a main component, a free "
                                       "replacement of that unit may be due")
                                   : _("%s: past %d days / %s km, but %s within them: a main "
                                       "component, a free replacement of that unit may be due"),
                                   age, (int) LIMIT (SIXTY_DAYS), window_km, finding));
      }
    else
      add_line (a, KESU_SANBAO_RULE_SIXTY_DAYS,
                car_inside ? KESU_SANBAO_WITHIN : KESU_SANBAO_OUTSIDE, FALSE,
                g_strdup_printf (car_inside ? _("%s: within %d days / %s km")
                                            : _("%s: past %d days / %s km"),
                                 age, (int) LIMIT (SIXTY_DAYS), window_km));

    if (first_safety != NULL)
      {
        g_autofree char *which = systems_text (safety_systems);

        for (guint i = 0; i < KESU_N_FAULT_SYSTEMS; i++)
          if (safety_systems[i])
            append_key (keys, rules[KESU_SANBAO_RULE_SAFETY].key, kesu_fault_system_to_key (i));
        add_line (a, KESU_SANBAO_RULE_SAFETY, KESU_SANBAO_MAY_QUALIFY, TRUE,
                  g_strdup_printf (_("%s repaired on day %d, within %d days / %s km: if it was a "
                                     "steering failure, a brake failure or body cracking, a new "
                                     "car or a refund may be due"),
                                   which, first_safety->day, (int) LIMIT (SIXTY_DAYS),
                                   window_km));
      }
  }

  /* Art. 24: inside the 三包 period only. */
  {
    guint per_system[KESU_N_FAULT_SYSTEMS] = { 0 };
    g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    const char *twice_part = NULL;
    KesuFaultSystem twice_system = KESU_FAULT_SYSTEM_OTHER;
    guint max_part = 0;
    const char *max_part_name = NULL;
    KesuFaultSystem most = KESU_FAULT_SYSTEM_OTHER;
    guint n_in_period = 0;
    int total_days = 0;

    for (guint i = 0; i < facts->len; i++)
      {
        const RepairFacts *f = &g_array_index (facts, RepairFacts, i);
        KesuFaultSystem system = f->repair->system;
        g_autofree char *pk = NULL;

        if (!f->in_period)
          continue;
        n_in_period++;
        total_days += kesu_repair_days (f->repair, now);
        if (system == KESU_FAULT_SYSTEM_OTHER)
          continue;
        per_system[system]++;
        if (per_system[system] > per_system[most] || most == KESU_FAULT_SYSTEM_OTHER)
          most = system;
        pk = part_key (f->repair->part_replaced);
        if (pk != NULL)
          {
            char *key = g_strdup_printf ("%s/%s", kesu_fault_system_to_key (system), pk);
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (parts, key)) + 1;

            g_hash_table_insert (parts, key, GUINT_TO_POINTER (n));
            if (n > max_part)
              {
                max_part = n;
                max_part_name = f->repair->part_replaced;
                if (n >= LIMIT (PART_REPLACEMENTS) && twice_part == NULL)
                  {
                    twice_part = f->repair->part_replaced;
                    twice_system = system;
                  }
              }
          }
      }
    a->repair_days = total_days;

    /* (1) a serious safety fault repaired twice */
    {
      KesuFaultSystem safety = per_system[KESU_FAULT_SYSTEM_BRAKES]
                               >= per_system[KESU_FAULT_SYSTEM_STEERING]
                               ? KESU_FAULT_SYSTEM_BRAKES : KESU_FAULT_SYSTEM_STEERING;

      if (per_system[safety] >= LIMIT (SAFETY_REPAIRS))
        {
          for (KesuFaultSystem s = KESU_FAULT_SYSTEM_STEERING; s <= KESU_FAULT_SYSTEM_BRAKES; s++)
            if (per_system[s] >= LIMIT (SAFETY_REPAIRS))
              append_key (keys, rules[KESU_SANBAO_RULE_SAFETY_REPEAT].key,
                          kesu_fault_system_to_key (s));
          art24 = TRUE;
          add_line (a, KESU_SANBAO_RULE_SAFETY_REPEAT, KESU_SANBAO_MAY_QUALIFY, TRUE,
                    g_strdup_printf (ngettext ("%s repaired %u time within the 三包 period: if "
                                               "the serious safety fault is still there, a new "
                                               "car or a refund may be due",
                                               "%s repaired %u times within the 三包 period: if "
                                               "the serious safety fault is still there, a new "
                                               "car or a refund may be due",
                                               per_system[safety]),
                                     kesu_fault_system_to_label (safety), per_system[safety]));
        }
    }

    /* (2)(3) the same main part replaced twice */
    if (twice_part != NULL)
      {
        g_autofree char *pk = part_key (twice_part);
        g_autofree char *detail = g_strdup_printf ("%s/%s", kesu_fault_system_to_key (twice_system),
                                                   pk);
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (parts, detail));

        append_key (keys, rules[KESU_SANBAO_RULE_PART_TWICE].key, detail);
        art24 = TRUE;
        add_line (a, KESU_SANBAO_RULE_PART_TWICE, KESU_SANBAO_MAY_QUALIFY, TRUE,
                  /* TRANSLATORS: "Gearbox: “valve body” replaced 2 times within the 三包 period:
                   * if still faulty, a new car or a refund may be due" */
                  g_strdup_printf (_("%s: “%s” replaced %u times within the 三包 period: if "
                                     "still faulty, a new car or a refund may be due"),
                                   kesu_fault_system_to_label (twice_system), twice_part, n));
      }
    else if (max_part == 1)
      add_line (a, KESU_SANBAO_RULE_PART_TWICE, KESU_SANBAO_WITHIN, FALSE,
                g_strdup_printf (_("No main part replaced twice (“%s” replaced once; twice "
                                   "may give a new car or a refund)"), max_part_name));

    /* (4) the same fault repaired more than 4 times */
    if (n_in_period > 0 && most != KESU_FAULT_SYSTEM_OTHER && per_system[most] > 0)
      {
        gboolean over = per_system[most] > LIMIT (REPAIR_COUNT);

        if (over)
          {
            for (guint s = 0; s < KESU_N_FAULT_SYSTEMS; s++)
              if (s != KESU_FAULT_SYSTEM_OTHER && per_system[s] > LIMIT (REPAIR_COUNT))
                append_key (keys, rules[KESU_SANBAO_RULE_REPAIR_COUNT].key,
                            kesu_fault_system_to_key (s));
            art24 = TRUE;
          }
        add_line (a, KESU_SANBAO_RULE_REPAIR_COUNT,
                  over ? KESU_SANBAO_MAY_QUALIFY : KESU_SANBAO_WITHIN, over,
                  over
                  ? g_strdup_printf (_("%s repaired %u times within the 三包 period, more than "
                                       "%d: a new car or a refund may be due"),
                                     kesu_fault_system_to_label (most), per_system[most],
                                     (int) LIMIT (REPAIR_COUNT))
                  /* TRANSLATORS: "Gearbox repaired 2 times (more than 4 may give a new car or
                   * a refund)" */
                  : g_strdup_printf (ngettext ("%s repaired %u time (more than %d may give a "
                                               "new car or a refund)",
                                               "%s repaired %u times (more than %d may give a "
                                               "new car or a refund)", per_system[most]),
                                     kesu_fault_system_to_label (most), per_system[most],
                                     (int) LIMIT (REPAIR_COUNT)));
      }

    /* (4) more than 30 repair days in total */
    if (n_in_period > 0)
      {
        gboolean over = total_days > LIMIT (REPAIR_DAYS);

        if (over)
          {
            append_key (keys, rules[KESU_SANBAO_RULE_REPAIR_DAYS].key, NULL);
            art24 = TRUE;
          }
        add_line (a, KESU_SANBAO_RULE_REPAIR_DAYS,
                  over ? KESU_SANBAO_MAY_QUALIFY : KESU_SANBAO_WITHIN, over,
                  over
                  ? g_strdup_printf (_("%d repair days in total within the 三包 period (each "
                                       "started 24 h is a day, Art. 40), more than %d: a new car "
                                       "or a refund may be due"),
                                     total_days, (int) LIMIT (REPAIR_DAYS))
                  : g_strdup_printf (ngettext ("%d repair day in total (each started 24 h is a "
                                               "day; more than %d may give a new car or a refund)",
                                               "%d repair days in total (each started 24 h is a "
                                               "day; more than %d may give a new car or a refund)",
                                               (gulong) total_days),
                                     total_days, (int) LIMIT (REPAIR_DAYS)));
      }
  }

  /* Art. 21: one repair over 5 days → courtesy car or transport compensation from day 6
   * (inside the warranty period). */
  {
    const RepairFacts *longest = NULL;
    int longest_days = 0;

    for (guint i = 0; i < facts->len; i++)
      {
        const RepairFacts *f = &g_array_index (facts, RepairFacts, i);
        int days = kesu_repair_days (f->repair, now);

        if (f->in_warranty && (days > longest_days
                               || (f->repair->finished_at == 0 && days == longest_days)))
          {
            longest = f;
            longest_days = days;
          }
      }
    if (longest != NULL && longest_days > LIMIT (LONG_REPAIR_DAYS))
      {
        GDate day;
        g_autofree char *since = NULL;

        local_date (longest->repair->started_at, &day);
        since = format_date (&day);
        add_line (a, KESU_SANBAO_RULE_LONG_REPAIR, KESU_SANBAO_MAY_QUALIFY, FALSE,
                  longest->repair->finished_at == 0
                  ? g_strdup_printf (_("In the workshop since %s, %d days: from day %d a "
                                       "courtesy car or transport compensation is due"),
                                     since, longest_days, (int) LIMIT (LONG_REPAIR_DAYS) + 1)
                  : g_strdup_printf (_("The repair from %s took %d days: from day %d a courtesy "
                                       "car or transport compensation was due"),
                                     since, longest_days, (int) LIMIT (LONG_REPAIR_DAYS) + 1));
      }
    else if (longest != NULL && longest->repair->finished_at == 0)
      add_line (a, KESU_SANBAO_RULE_LONG_REPAIR, KESU_SANBAO_INFO, FALSE,
                g_strdup_printf (ngettext ("In the workshop for %d day: from day %d a courtesy "
                                           "car or transport compensation is due",
                                           "In the workshop for %d days: from day %d a courtesy "
                                           "car or transport compensation is due",
                                           (gulong) longest_days),
                                 longest_days, (int) LIMIT (LONG_REPAIR_DAYS) + 1));
  }

  /* Art. 27: what the customer pays for the use so far if Art. 24 gives a new car or a
   * refund. */
  if (vehicle->price_fen > 0 && a->mileage_km >= 0)
    a->usage_fee_fen = kesu_sanbao_usage_fee (vehicle->price_fen, a->mileage_km, usage_fee_bp);
  if (art24)
    {
      if (a->usage_fee_fen >= 0)
        {
          g_autofree char *fee = kesu_format_amount (a->usage_fee_fen);
          g_autofree char *price = kesu_format_amount (vehicle->price_fen);
          g_autofree char *km = format_km (a->mileage_km);
          g_autofree char *rate = kesu_sanbao_format_rate (usage_fee_bp);

          add_line (a, KESU_SANBAO_RULE_USAGE_FEE, KESU_SANBAO_INFO, FALSE,
                    /* TRANSLATORS: "Usage fee on a new car or refund: ¥1,850.00 (price
                     * ¥200,000.00 × 1,850 km ÷ 1000 × 0.5%)" */
                    g_strdup_printf (_("Usage fee on a new car or refund: %s (price %s × %s km "
                                       "÷ 1000 × %s%%)"),
                                     fee, price, km, rate));
        }
      else
        add_line (a, KESU_SANBAO_RULE_USAGE_FEE, KESU_SANBAO_INFO, FALSE,
                  g_strdup (_("Usage fee on a new car or refund: record the price and the "
                              "mileage to work it out")));
    }

  for (guint i = 0; i < a->lines->len; i++)
    {
      const KesuSanbaoLine *line = g_ptr_array_index (a->lines, i);

      if (!line->condition)
        continue;
      a->may_qualify = TRUE;
      if (reason->len > 0)
        g_string_append_c (reason, '\n');
      g_string_append_printf (reason, "%s: %s", line->article, line->text);
    }
  if (a->may_qualify)
    {
      a->reason = g_strdup (reason->str);
      a->reason_key = g_strdup (keys->str);
    }
  return a;
}

/* ---- the store ---- */

guint
kesu_store_get_usage_fee_rate (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), (guint) LIMIT (USAGE_FEE_MAX_BP));

  return _kesu_store_get_setting_uint (store, "usage_fee_rate", 0,
                                       (guint) LIMIT (USAGE_FEE_MAX_BP),
                                       (guint) LIMIT (USAGE_FEE_MAX_BP));
}

gboolean
kesu_store_set_usage_fee_rate (KesuStore  *store,
                               guint       rate_bp,
                               GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (rate_bp > (guint) LIMIT (USAGE_FEE_MAX_BP))
    {
      g_autofree char *max = kesu_sanbao_format_rate ((guint) LIMIT (USAGE_FEE_MAX_BP));

      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("n of the usage fee is at most %s (三包 rules, Art. 27)."), max);
      return FALSE;
    }
  return _kesu_store_set_setting_uint (store, "usage_fee_rate", rate_bp, error);
}

typedef struct
{
  KesuState       state;
  gint64          received_at;
  gint64          mileage_km;
  char           *vin;
  KesuSeverity    severity;
  KesuSanbaoFlag  flag;
  char           *reason;
  char           *reason_key;
  gint64          flagged_at;
  gint64          answer_due;
  gint64          complete_due;
  gint64          answered_at;
  char           *note;
  char           *dismissed_keys;
} FlagRow;

static void
flag_row_clear (FlagRow *row)
{
  g_free (row->vin);
  g_free (row->reason);
  g_free (row->reason_key);
  g_free (row->note);
  g_free (row->dismissed_keys);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlagRow, flag_row_clear)

static char *
dup_or_null (KesuStatement *stmt,
             int            column)
{
  return kesu_statement_is_null (stmt, column) ? NULL : kesu_statement_dup_text (stmt, column);
}

static gboolean
read_flag_row (KesuStore  *store,
               gint64      complaint_id,
               FlagRow    *row,
               GError    **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT state, received_at, coalesce (mileage_km, -1), vin, severity,"
                          "  sanbao_flag, sanbao_reason, sanbao_reason_key,"
                          "  coalesce (sanbao_flagged_at, 0), coalesce (sanbao_answer_due, 0),"
                          "  coalesce (sanbao_complete_due, 0), coalesce (sanbao_answered_at, 0),"
                          "  sanbao_note, sanbao_dismissed_keys"
                          " FROM complaint WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step_one (stmt, _("This complaint does not exist."), error))
    return FALSE;
  if (!kesu_state_from_key (kesu_statement_get_text (stmt, 0), &row->state))
    row->state = KESU_STATE_RECEIVED;
  row->received_at = kesu_statement_get_int64 (stmt, 1);
  row->mileage_km = kesu_statement_get_int64 (stmt, 2);
  row->vin = dup_or_null (stmt, 3);
  if (!kesu_severity_from_key (kesu_statement_get_text (stmt, 4), &row->severity))
    row->severity = KESU_SEVERITY_NORMAL;
  if (!kesu_sanbao_flag_from_key (kesu_statement_get_text (stmt, 5), &row->flag))
    row->flag = KESU_SANBAO_FLAG_NONE;
  row->reason = dup_or_null (stmt, 6);
  row->reason_key = dup_or_null (stmt, 7);
  row->flagged_at = kesu_statement_get_int64 (stmt, 8);
  row->answer_due = kesu_statement_get_int64 (stmt, 9);
  row->complete_due = kesu_statement_get_int64 (stmt, 10);
  row->answered_at = kesu_statement_get_int64 (stmt, 11);
  row->note = dup_or_null (stmt, 12);
  row->dismissed_keys = kesu_statement_dup_text (stmt, 13);
  kesu_statement_reset (stmt);
  return TRUE;
}

static KesuSanbaoAssessment *
assess_row (KesuStore      *store,
            const FlagRow  *row,
            gint64          now,
            GError        **error)
{
  g_autoptr(KesuVehicle) vehicle = NULL;
  g_autoptr(GPtrArray) repairs = NULL;
  g_autoptr(GError) local = NULL;

  if (row->vin != NULL && row->vin[0] != '\0')
    {
      vehicle = kesu_store_get_vehicle (store, row->vin, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (vehicle != NULL)
        {
          repairs = kesu_store_list_repairs (store, vehicle->vin, error);
          if (repairs == NULL)
            return NULL;
        }
    }
  return kesu_sanbao_assess (vehicle, repairs, row->received_at, row->mileage_km,
                             kesu_store_get_usage_fee_rate (store), now);
}

/* The last day before @due (a local midnight): "2026-12-08". */
static char *
due_day_text (gint64 due)
{
  GDate day;

  local_date (due - 1, &day);
  return format_date (&day);
}

KesuSanbaoAssessment *
kesu_store_sanbao_for_complaint (KesuStore  *store,
                                 gint64      complaint_id,
                                 GError    **error)
{
  g_auto(FlagRow) row = { 0 };
  KesuSanbaoAssessment *a;
  gint64 now;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (!read_flag_row (store, complaint_id, &row, error))
    return NULL;
  now = kesu_clock_now_unix ();
  a = assess_row (store, &row, now, error);
  if (a == NULL)
    return NULL;

  a->flag = row.flag;
  a->flag_reason = g_strdup (row.reason);
  a->decision_note = g_strdup (row.note);
  a->flagged_at = row.flagged_at;
  a->answer_due = row.answer_due;
  a->complete_due = row.complete_due;
  a->answered_at = row.answered_at;

  if (row.flag == KESU_SANBAO_FLAG_RAISED || row.flag == KESU_SANBAO_FLAG_CONFIRMED)
    {
      g_autofree char *answer = due_day_text (row.answer_due);
      g_autofree char *complete = due_day_text (row.complete_due);
      gint64 running = kesu_sanbao_running_due (row.flag, row.answer_due, row.complete_due,
                                                kesu_state_is_open (row.state));
      KesuSanbaoLevel level = running > 0 && running < now ? KESU_SANBAO_OUTSIDE
                                                           : KESU_SANBAO_INFO;

      if (row.flag == KESU_SANBAO_FLAG_RAISED)
        add_line (a, KESU_SANBAO_RULE_ANSWER, level, FALSE,
                  /* TRANSLATORS: "Answer the customer by 2026-12-08 (10 working days) and
                   * complete by 2026-12-22 (20 working days)" */
                  g_strdup_printf (_("Answer the customer by %s (%d working days) and complete "
                                     "by %s (%d working days)"),
                                   answer, (int) LIMIT (ANSWER_DAYS), complete,
                                   (int) LIMIT (COMPLETE_DAYS)));
      else
        add_line (a, KESU_SANBAO_RULE_ANSWER, level, FALSE,
                  g_strdup_printf (_("Confirmed; complete by %s (%d working days; a replacement "
                                     "not done by then lets the customer ask for a refund)"),
                                   complete, (int) LIMIT (COMPLETE_DAYS)));
    }
  else if (row.flag == KESU_SANBAO_FLAG_DISMISSED)
    add_line (a, KESU_SANBAO_RULE_ANSWER, KESU_SANBAO_INFO, FALSE,
              g_strdup_printf (_("Dismissed: %s"), row.note != NULL ? row.note : ""));
  return a;
}

/* Whether the complaint names a VIN with a vehicle record; FALSE with @error set on a
 * database error. */
static gboolean
vehicle_known (KesuStore  *store,
               gint64      complaint_id,
               GError    **error)
{
  KesuStatement *stmt;
  gboolean known;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT 1 FROM complaint c JOIN vehicle v ON v.vin = c.vin"
                          " WHERE c.id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  known = kesu_statement_step (stmt, error);
  kesu_statement_reset (stmt);
  return known;
}

static gboolean
all_keys_dismissed (const char *keys,
                    const char *dismissed)
{
  g_auto(GStrv) current = g_strsplit (keys != NULL ? keys : "", ";", -1);
  g_auto(GStrv) done = g_strsplit (dismissed != NULL ? dismissed : "", ";", -1);

  for (guint i = 0; current[i] != NULL; i++)
    if (current[i][0] != '\0' && !g_strv_contains ((const char *const *) done, current[i]))
      return FALSE;
  return TRUE;
}

gboolean
_kesu_sanbao_refresh_one (KesuStore  *store,
                          gint64      complaint_id,
                          gboolean   *out_raised,
                          GError    **error)
{
  g_auto(FlagRow) row = { 0 };
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = NULL;
  g_autoptr(GString) detail = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  gint64 now, answer_due, complete_due;

  if (out_raised != NULL)
    *out_raised = FALSE;
  /* Most complaints are about a car without a record here: nothing to assess. */
  if (!vehicle_known (store, complaint_id, &local))
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!read_flag_row (store, complaint_id, &row, error))
    return FALSE;
  if (!kesu_state_is_open (row.state)
      || row.flag == KESU_SANBAO_FLAG_RAISED || row.flag == KESU_SANBAO_FLAG_CONFIRMED)
    return TRUE;

  now = kesu_clock_now_unix ();
  a = assess_row (store, &row, now, error);
  if (a == NULL)
    return FALSE;
  if (!a->may_qualify || all_keys_dismissed (a->reason_key, row.dismissed_keys))
    return TRUE;

  policy = kesu_store_get_deadline_policy (store);
  answer_due = kesu_sanbao_working_days_due (policy->calendar, now,
                                             (guint) LIMIT (ANSWER_DAYS));
  complete_due = kesu_sanbao_working_days_due (policy->calendar, now,
                                               (guint) LIMIT (COMPLETE_DAYS));

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "UPDATE complaint SET sanbao_flag = 'raised', sanbao_reason = ?2,"
                          "  sanbao_reason_key = ?3, sanbao_flagged_at = ?4,"
                          "  sanbao_answer_due = ?5, sanbao_complete_due = ?6,"
                          "  sanbao_answered_at = NULL, sanbao_note = NULL,"
                          "  severity = 'urgent', updated_at = ?4"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, a->reason);
  kesu_statement_bind_text (stmt, 3, a->reason_key);
  kesu_statement_bind_int64 (stmt, 4, now);
  kesu_statement_bind_int64 (stmt, 5, answer_due);
  kesu_statement_bind_int64 (stmt, 6, complete_due);
  if (!kesu_statement_run (stmt, error))
    return FALSE;

  detail = g_string_new (a->reason);
  if (row.severity != KESU_SEVERITY_URGENT)
    g_string_append_printf (detail, "\n%s", _("Severity raised to urgent / major."));
  {
    g_autofree char *answer = due_day_text (answer_due);
    g_autofree char *complete = due_day_text (complete_due);

    g_string_append_c (detail, '\n');
    g_string_append_printf (detail, _("Art. 28: answer by %s, complete by %s (working days)."),
                            answer, complete);
  }
  /* Kesu raises the flag, not a person: no staff on this event. */
  if (!_kesu_store_insert_event (store, complaint_id, now, 0, KESU_EVENT_SANBAO_FLAGGED,
                                 detail->str, answer_due, error))
    return FALSE;
  if (out_raised != NULL)
    *out_raised = TRUE;
  return TRUE;
}

gboolean
_kesu_sanbao_refresh_vin (KesuStore   *store,
                          const char  *vin,
                          GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  KesuStatement *stmt;

  if (vin == NULL || vin[0] == '\0')
    return TRUE;
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT id FROM complaint WHERE vin = ?1"
                          " AND state NOT IN ('closed', 'withdrawn') AND merged_into IS NULL",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_text (stmt, 1, vin);
  ids = kesu_statement_collect_int64 (stmt, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!_kesu_sanbao_refresh_one (store, g_array_index (ids, gint64, i), NULL, error))
      return FALSE;
  return TRUE;
}

gboolean
kesu_store_sanbao_refresh (KesuStore  *store,
                           gint64      complaint_id,
                           gboolean   *out_raised,
                           GError    **error)
{
  KesuDb *db;
  gboolean raised = FALSE;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!_kesu_sanbao_refresh_one (store, complaint_id, &raised, error))
    {
      kesu_db_rollback (db);
      return FALSE;
    }
  if (!kesu_db_commit (db, error))
    return FALSE;
  if (out_raised != NULL)
    *out_raised = raised;
  if (raised)
    _kesu_store_emit_changed (store);
  return TRUE;
}

static gboolean
decide (KesuStore       *store,
        gint64           complaint_id,
        KesuSanbaoFlag   to,
        const char      *note,
        GError         **error)
{
  g_auto(FlagRow) row = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *dismissed = NULL;
  KesuDb *db = kesu_store_get_db (store);
  KesuStatement *stmt;
  gint64 now = kesu_clock_now_unix ();

  if (note != NULL && !kesu_text_is_blank (note))
    {
      if (!kesu_validate_text (note, KESU_TEXT_MAX_CHARS, FALSE, error))
        return FALSE;
      text = g_strstrip (g_strdup (note));
    }
  if (to == KESU_SANBAO_FLAG_DISMISSED && text == NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("Give the reason for dismissing: the customer is owed reasons "
                             "(三包 rules, Art. 28)."));
      return FALSE;
    }

  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!read_flag_row (store, complaint_id, &row, error))
    goto fail;
  if (!(row.flag == KESU_SANBAO_FLAG_RAISED
        || (to == KESU_SANBAO_FLAG_DISMISSED && row.flag == KESU_SANBAO_FLAG_CONFIRMED)))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           to == KESU_SANBAO_FLAG_CONFIRMED
                           ? _("Only a raised 三包 flag can be confirmed.")
                           : _("There is no 三包 flag to dismiss."));
      goto fail;
    }
  /* The reasons dismissed are remembered, so the same ones are not raised again. */
  if (to == KESU_SANBAO_FLAG_DISMISSED)
    dismissed = row.dismissed_keys[0] != '\0'
                ? g_strconcat (row.dismissed_keys, ";", row.reason_key ? row.reason_key : "",
                               NULL)
                : g_strdup (row.reason_key ? row.reason_key : "");
  else
    dismissed = g_strdup (row.dismissed_keys);

  stmt = kesu_db_prepare (db,
                          "UPDATE complaint SET sanbao_flag = ?2, sanbao_note = ?3,"
                          "  sanbao_answered_at = coalesce (sanbao_answered_at, ?4),"
                          "  sanbao_dismissed_keys = ?5, updated_at = ?4"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, kesu_sanbao_flag_to_key (to));
  kesu_statement_bind_text_or_null (stmt, 3, text);
  kesu_statement_bind_int64 (stmt, 4, now);
  kesu_statement_bind_text (stmt, 5, dismissed);
  if (!kesu_statement_run (stmt, error)
      || !_kesu_store_insert_event (store, complaint_id, now, kesu_store_get_operator (store),
                                    to == KESU_SANBAO_FLAG_CONFIRMED ? KESU_EVENT_SANBAO_CONFIRMED
                                                                     : KESU_EVENT_SANBAO_DISMISSED,
                                    text, 0, error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

gboolean
kesu_store_sanbao_confirm (KesuStore   *store,
                           gint64       complaint_id,
                           const char  *note,
                           GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  return decide (store, complaint_id, KESU_SANBAO_FLAG_CONFIRMED, note, error);
}

gboolean
kesu_store_sanbao_dismiss (KesuStore   *store,
                           gint64       complaint_id,
                           const char  *reason,
                           GError     **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  return decide (store, complaint_id, KESU_SANBAO_FLAG_DISMISSED, reason, error);
}
