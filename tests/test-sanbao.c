/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sanbao"

#include "config.h"

#include <sqlite3.h>

#include "kesu-calendar.h"
#include "kesu-cli.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-sanbao.h"
#include "kesu-signature.h"
#include "kesu-store.h"
#include "kesu-summary.h"
#include "kesu-test-core.h"
#include "kesu-validate.h"
#include "kesu-vehicle.h"

/* The auto three-guarantee rules (SAMR Order No. 43): each article's limit just inside and
 * just outside, the Art. 28 clocks in working days, the usage fee, the flag with who
 * confirmed or dismissed it, and the retention minimum.  The figures of the law are
 * written out here, independently of the table in kesu-sanbao.c.  Times are Asia/Shanghai. */

#define HOUR ((gint64) 3600)
#define DAY  (24 * HOUR)

static KesuVehicle *
vehicle_new (const char *invoice,
             const char *delivery,
             gint64      price_fen)
{
  KesuVehicle *v = kesu_vehicle_new ();

  v->vin = kesu_test_make_vin ("LSVNV2180N2100001");
  v->plate = g_strdup ("沪A12345");
  v->model = g_strdup ("大众 途观L");
  v->invoice_date = g_strdup (invoice);
  v->delivery_date = g_strdup (delivery);
  v->price_fen = price_fen;
  return v;
}

/* A repair starting at 10:00 on the day @day after 2026-01-01 (the tests' invoice date),
 * @hours long (0: still in the shop). */
static KesuRepair *
repair_on (int              day,
           gint64           hours,
           gint64           km,
           KesuFaultSystem  system,
           const char      *part)
{
  KesuRepair *r = kesu_repair_new ();

  r->vin = kesu_test_make_vin ("LSVNV2180N2100001");
  r->started_at = kesu_test_local_unix (2026, 1, 1, 10, 0) + day * DAY;
  r->finished_at = hours > 0 ? r->started_at + hours * HOUR : 0;
  r->mileage_km = km;
  r->system = system;
  r->fault = g_strdup ("故障");
  r->part_replaced = g_strdup (part);
  return r;
}

static GPtrArray *
repairs_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_repair_free);
}

static gint64
day_after_invoice (int day)
{
  return kesu_test_local_unix (2026, 1, 1, 15, 0) + day * DAY;
}

static const KesuSanbaoLine *
line_of (const KesuSanbaoAssessment *a,
         KesuSanbaoRule              rule)
{
  return kesu_sanbao_assessment_get_line (a, rule);
}

static gboolean
is_condition (const KesuSanbaoAssessment *a,
              KesuSanbaoRule              rule)
{
  const KesuSanbaoLine *line = line_of (a, rule);

  return line != NULL && line->condition && line->level == KESU_SANBAO_MAY_QUALIFY;
}

/* ---- pure rules ---- */

static void
test_repair_days (void)
{
  g_autoptr(KesuRepair) r = kesu_repair_new ();

  r->started_at = 1000000;
  r->finished_at = r->started_at + 1;
  g_assert_cmpint (kesu_repair_days (r, 0), ==, 1);
  r->finished_at = r->started_at + DAY;
  g_assert_cmpint (kesu_repair_days (r, 0), ==, 1);
  r->finished_at = r->started_at + DAY + 1;
  g_assert_cmpint (kesu_repair_days (r, 0), ==, 2);
  r->finished_at = r->started_at + 30 * DAY;
  g_assert_cmpint (kesu_repair_days (r, 0), ==, 30);
  /* Art. 40: 30 days and one hour are 31 days. */
  r->finished_at = r->started_at + 30 * DAY + HOUR;
  g_assert_cmpint (kesu_repair_days (r, 0), ==, 31);
  /* Still in the shop: counted to now. */
  r->finished_at = 0;
  g_assert_cmpint (kesu_repair_days (r, r->started_at + 5 * DAY + 1), ==, 6);
  g_assert_cmpint (kesu_repair_days (r, r->started_at - 10), ==, 0);
}

static void
test_limits_table (void)
{
  g_autofree char *art = kesu_sanbao_limit_article (KESU_SANBAO_LIMIT_SEVEN_DAYS);
  g_autofree char *art24 = kesu_sanbao_rule_article (KESU_SANBAO_RULE_REPAIR_COUNT);

  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_PERIOD_YEARS), ==, 2);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_PERIOD_KM), ==, 50000);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_WARRANTY_YEARS), ==, 3);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_WARRANTY_KM), ==, 60000);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_REPAIR_DAYS), ==, 30);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_ANSWER_DAYS), ==, 10);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_COMPLETE_DAYS), ==, 20);
  g_assert_cmpint (kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_RETENTION_YEARS), ==,
                   KESU_RETENTION_MIN_YEARS_REPAIRS);
  g_assert_cmpstr (art, ==, "Art. 22");
  g_assert_cmpstr (art24, ==, "Art. 24(4)");
}

static void
test_period_start (void)
{
  g_autoptr(KesuVehicle) same = vehicle_new ("2026-01-01", "2026-01-01", 0);
  g_autoptr(KesuVehicle) later = vehicle_new ("2026-01-01", "2026-01-05", 0);
  g_autoptr(KesuSanbaoAssessment) from_invoice = NULL;
  g_autoptr(KesuSanbaoAssessment) from_delivery = NULL;

  g_assert_cmpstr (kesu_vehicle_period_start (same), ==, "2026-01-01");
  g_assert_cmpstr (kesu_vehicle_period_start (later), ==, "2026-01-05");

  /* On 2026-01-12 the car is 11 days past the invoice, but only 7 past the delivery. */
  from_invoice = kesu_sanbao_assess (same, NULL, day_after_invoice (11), 500, 50,
                                     day_after_invoice (11));
  from_delivery = kesu_sanbao_assess (later, NULL, day_after_invoice (11), 500, 50,
                                      day_after_invoice (11));
  g_assert_cmpint (from_invoice->age_days, ==, 11);
  g_assert_cmpint (from_delivery->age_days, ==, 7);
  g_assert_cmpint (line_of (from_invoice, KESU_SANBAO_RULE_SEVEN_DAYS)->level, ==,
                   KESU_SANBAO_OUTSIDE);
  g_assert_cmpint (line_of (from_delivery, KESU_SANBAO_RULE_SEVEN_DAYS)->level, ==,
                   KESU_SANBAO_WITHIN);
  g_assert_nonnull (strstr (line_of (from_delivery, KESU_SANBAO_RULE_PERIOD)->text,
                            "delivered 2026-01-05"));
  g_assert_nonnull (strstr (line_of (from_invoice, KESU_SANBAO_RULE_PERIOD)->text,
                            "invoice 2026-01-01"));
  g_assert_false (from_invoice->may_qualify);
  g_assert_null (from_invoice->reason);
}

static void
test_no_vehicle (void)
{
  g_autoptr(KesuSanbaoAssessment) a = kesu_sanbao_assess (NULL, NULL, day_after_invoice (3), -1,
                                                          50, day_after_invoice (3));

  g_assert_cmpuint (a->lines->len, ==, 1);
  g_assert_cmpint (line_of (a, KESU_SANBAO_RULE_PERIOD)->level, ==, KESU_SANBAO_INFO);
  g_assert_false (a->may_qualify);
}

/* Art. 22: a main-component part replaced on day 7 qualifies; on day 8 it does not. */
static void
test_seven_days (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 0);

  for (int day = 6; day <= 9; day++)
    {
      g_autoptr(GPtrArray) repairs = repairs_new ();
      g_autoptr(KesuSanbaoAssessment) a = NULL;

      g_ptr_array_add (repairs, repair_on (day, 5, 300, KESU_FAULT_SYSTEM_ENGINE, "缸盖"));
      a = kesu_sanbao_assess (v, repairs, day_after_invoice (day), 300, 50,
                              day_after_invoice (day));
      g_assert_cmpint (is_condition (a, KESU_SANBAO_RULE_SEVEN_DAYS), ==, day <= 7);
      if (day <= 7)
        {
          g_assert_nonnull (strstr (a->reason, "Art. 22: "));
          g_assert_nonnull (strstr (a->reason_key, "art22:engine"));
        }
    }
  /* Without a part replaced there is nothing to replace the car for (Art. 22). */
  {
    g_autoptr(GPtrArray) repairs = repairs_new ();
    g_autoptr(KesuSanbaoAssessment) a = NULL;

    g_ptr_array_add (repairs, repair_on (3, 5, 300, KESU_FAULT_SYSTEM_ENGINE, NULL));
    a = kesu_sanbao_assess (v, repairs, day_after_invoice (3), 300, 50, day_after_invoice (3));
    g_assert_false (is_condition (a, KESU_SANBAO_RULE_SEVEN_DAYS));
    g_assert_cmpint (line_of (a, KESU_SANBAO_RULE_SEVEN_DAYS)->level, ==, KESU_SANBAO_WITHIN);
  }
}

/* Art. 20: 60 days and 3,000 km, whichever first. */
static void
test_sixty_days (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 0);
  const struct { int day; gint64 km; gboolean in; } cases[] = {
    { 30, 2999, TRUE }, { 30, 3000, TRUE }, { 30, 3001, FALSE },
    { 60, 100, TRUE }, { 61, 100, FALSE }, { 20, -1, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) repairs = repairs_new ();
      g_autoptr(KesuSanbaoAssessment) a = NULL;

      g_ptr_array_add (repairs, repair_on (cases[i].day, 20, cases[i].km,
                                           KESU_FAULT_SYSTEM_GEARBOX, NULL));
      a = kesu_sanbao_assess (v, repairs, day_after_invoice (cases[i].day), cases[i].km, 50,
                              day_after_invoice (cases[i].day + 1));
      g_assert_cmpint (is_condition (a, KESU_SANBAO_RULE_SIXTY_DAYS), ==, cases[i].in);
      g_assert_cmpint (a->may_qualify, ==, cases[i].in);
      if (cases[i].in)
        g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_SIXTY_DAYS)->text, "Gearbox"));
    }
  /* A suspension repair is not a main component. */
  {
    g_autoptr(GPtrArray) repairs = repairs_new ();
    g_autoptr(KesuSanbaoAssessment) a = NULL;

    g_ptr_array_add (repairs, repair_on (10, 20, 800, KESU_FAULT_SYSTEM_SUSPENSION, NULL));
    a = kesu_sanbao_assess (v, repairs, day_after_invoice (10), 800, 50, day_after_invoice (11));
    g_assert_false (a->may_qualify);
    g_assert_cmpint (line_of (a, KESU_SANBAO_RULE_SIXTY_DAYS)->level, ==, KESU_SANBAO_WITHIN);
  }
}

/* Art. 23: steering, brakes or body inside 60 days / 3,000 km. */
static void
test_safety (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 0);
  g_autoptr(GPtrArray) in = repairs_new ();
  g_autoptr(GPtrArray) out = repairs_new ();
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(KesuSanbaoAssessment) b = NULL;

  g_ptr_array_add (in, repair_on (10, 4, 900, KESU_FAULT_SYSTEM_BRAKES, NULL));
  g_ptr_array_add (out, repair_on (10, 4, 3001, KESU_FAULT_SYSTEM_BRAKES, NULL));
  a = kesu_sanbao_assess (v, in, day_after_invoice (10), 900, 50, day_after_invoice (11));
  b = kesu_sanbao_assess (v, out, day_after_invoice (10), 3001, 50, day_after_invoice (11));
  g_assert_true (is_condition (a, KESU_SANBAO_RULE_SAFETY));
  g_assert_nonnull (strstr (a->reason_key, "art23:brakes"));
  g_assert_null (line_of (b, KESU_SANBAO_RULE_SAFETY));
  g_assert_false (b->may_qualify);
}

/* Art. 24(4): the same fault repaired more than 4 times, inside the 三包 period. */
static void
test_repair_count (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 0);

  for (guint n = 4; n <= 5; n++)
    {
      g_autoptr(GPtrArray) repairs = repairs_new ();
      g_autoptr(KesuSanbaoAssessment) a = NULL;

      /* Past 60 days, so that only Art. 24 looks at them. */
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (repairs, repair_on (100 + 20 * (int) i, 10, 8000 + 1000 * i,
                                             KESU_FAULT_SYSTEM_SUSPENSION, NULL));
      a = kesu_sanbao_assess (v, repairs, day_after_invoice (200), 15000, 50,
                              day_after_invoice (200));
      g_assert_cmpint (is_condition (a, KESU_SANBAO_RULE_REPAIR_COUNT), ==, n == 5);
      g_assert_cmpint (a->may_qualify, ==, n == 5);
      g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_REPAIR_COUNT)->text,
                                n == 5 ? "Suspension repaired 5 times"
                                       : "Suspension repaired 4 times"));
    }
  /* Five repairs of five systems are not the same fault. */
  {
    g_autoptr(GPtrArray) repairs = repairs_new ();
    g_autoptr(KesuSanbaoAssessment) a = NULL;
    KesuFaultSystem systems[] = { KESU_FAULT_SYSTEM_SUSPENSION, KESU_FAULT_SYSTEM_BODY,
                                  KESU_FAULT_SYSTEM_DRIVETRAIN, KESU_FAULT_SYSTEM_EMISSIONS,
                                  KESU_FAULT_SYSTEM_SUSPENSION };

    for (guint i = 0; i < G_N_ELEMENTS (systems); i++)
      g_ptr_array_add (repairs, repair_on (100 + 20 * (int) i, 10, 8000, systems[i], NULL));
    a = kesu_sanbao_assess (v, repairs, day_after_invoice (200), 15000, 50,
                            day_after_invoice (200));
    g_assert_false (a->may_qualify);
  }
}

/* Art. 24(4) with Art. 40: more than 30 repair days; a started day counts whole. */
static void
test_repair_days_total (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 0);
  const struct { gint64 second_hours; int total; gboolean over; } cases[] = {
    { 10 * 24, 30, FALSE },        /* 20 + 10 days */
    { 10 * 24 + 1, 31, TRUE },     /* 20 days + 10 days and one hour */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) repairs = repairs_new ();
      g_autoptr(KesuSanbaoAssessment) a = NULL;

      g_ptr_array_add (repairs, repair_on (100, 20 * 24, 9000, KESU_FAULT_SYSTEM_BODY, NULL));
      g_ptr_array_add (repairs, repair_on (150, cases[i].second_hours, 9500,
                                           KESU_FAULT_SYSTEM_SUSPENSION, NULL));
      a = kesu_sanbao_assess (v, repairs, day_after_invoice (200), 10000, 50,
                              day_after_invoice (200));
      g_assert_cmpint (a->repair_days, ==, cases[i].total);
      g_assert_cmpint (is_condition (a, KESU_SANBAO_RULE_REPAIR_DAYS), ==, cases[i].over);
      g_assert_cmpint (a->may_qualify, ==, cases[i].over);
    }
  /* 30 days and one hour in a single visit are 31 days too. */
  {
    g_autoptr(GPtrArray) repairs = repairs_new ();
    g_autoptr(KesuSanbaoAssessment) a = NULL;

    g_ptr_array_add (repairs, repair_on (100, 30 * 24 + 1, 9000, KESU_FAULT_SYSTEM_BODY, NULL));
    a = kesu_sanbao_assess (v, repairs, day_after_invoice (200), 10000, 50,
                            day_after_invoice (200));
    g_assert_cmpint (a->repair_days, ==, 31);
    g_assert_true (is_condition (a, KESU_SANBAO_RULE_REPAIR_DAYS));
  }
}

/* Art. 21: over 5 days in one visit; a courtesy car from day 6 (not a replacement). */
static void
test_long_repair (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 0);
  g_autoptr(GPtrArray) five = repairs_new ();
  g_autoptr(GPtrArray) six = repairs_new ();
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(KesuSanbaoAssessment) b = NULL;

  g_ptr_array_add (five, repair_on (100, 5 * 24, 9000, KESU_FAULT_SYSTEM_BODY, NULL));
  g_ptr_array_add (six, repair_on (100, 5 * 24 + 1, 9000, KESU_FAULT_SYSTEM_BODY, NULL));
  a = kesu_sanbao_assess (v, five, day_after_invoice (110), 9000, 50, day_after_invoice (110));
  b = kesu_sanbao_assess (v, six, day_after_invoice (110), 9000, 50, day_after_invoice (110));
  g_assert_null (line_of (a, KESU_SANBAO_RULE_LONG_REPAIR));
  g_assert_cmpint (line_of (b, KESU_SANBAO_RULE_LONG_REPAIR)->level, ==, KESU_SANBAO_MAY_QUALIFY);
  g_assert_false (line_of (b, KESU_SANBAO_RULE_LONG_REPAIR)->condition);
  g_assert_false (b->may_qualify);
  g_assert_nonnull (strstr (line_of (b, KESU_SANBAO_RULE_LONG_REPAIR)->text, "6 days"));
}

/* Art. 24(2)(3): the same main part twice; two different parts do not count. */
static void
test_part_twice (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2026-01-01", NULL, 20000000);
  g_autoptr(GPtrArray) same = repairs_new ();
  g_autoptr(GPtrArray) different = repairs_new ();
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(KesuSanbaoAssessment) b = NULL;

  g_ptr_array_add (same, repair_on (100, 30, 9000, KESU_FAULT_SYSTEM_STEERING, "Steering rack"));
  g_ptr_array_add (same, repair_on (140, 30, 12000, KESU_FAULT_SYSTEM_SUSPENSION,
                                    "Shock absorber"));
  g_ptr_array_add (same, repair_on (160, 30, 13000, KESU_FAULT_SYSTEM_STEERING, " steering  RACK"));
  g_ptr_array_add (different, repair_on (100, 30, 9000, KESU_FAULT_SYSTEM_STEERING,
                                         "Steering rack"));
  g_ptr_array_add (different, repair_on (160, 30, 13000, KESU_FAULT_SYSTEM_STEERING,
                                         "Power steering pump"));
  a = kesu_sanbao_assess (v, same, day_after_invoice (170), 13000, 50, day_after_invoice (170));
  b = kesu_sanbao_assess (v, different, day_after_invoice (170), 13000, 50,
                          day_after_invoice (170));
  g_assert_true (is_condition (a, KESU_SANBAO_RULE_PART_TWICE));
  g_assert_nonnull (strstr (a->reason_key, "art24-2:steering/steering rack"));
  g_assert_false (is_condition (b, KESU_SANBAO_RULE_PART_TWICE));
  g_assert_cmpint (line_of (b, KESU_SANBAO_RULE_PART_TWICE)->level, ==, KESU_SANBAO_WITHIN);
  /* Steering repaired twice is Art. 24(1) in both. */
  g_assert_true (is_condition (a, KESU_SANBAO_RULE_SAFETY_REPEAT));
  g_assert_true (is_condition (b, KESU_SANBAO_RULE_SAFETY_REPEAT));
  /* An Art. 24 case shows the usage fee: 200,000 × 13,000 ÷ 1000 × 0.5% = 13,000 CNY. */
  g_assert_cmpint (a->usage_fee_fen, ==, 1300000);
  g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_USAGE_FEE)->text, "¥13,000.00"));
}

/* Art. 18: 2 years / 50,000 km; Art. 24 counts only repairs inside them. */
static void
test_period_boundaries (void)
{
  g_autoptr(KesuVehicle) v = vehicle_new ("2024-11-24", NULL, 0);
  const struct { int y, m, d; gint64 km; KesuSanbaoLevel period, warranty; } cases[] = {
    { 2026, 11, 24, 20000, KESU_SANBAO_WITHIN, KESU_SANBAO_WITHIN },
    { 2026, 11, 25, 20000, KESU_SANBAO_OUTSIDE, KESU_SANBAO_WITHIN },
    { 2026, 1, 10, 50000, KESU_SANBAO_WITHIN, KESU_SANBAO_WITHIN },
    { 2026, 1, 10, 50001, KESU_SANBAO_OUTSIDE, KESU_SANBAO_WITHIN },
    { 2027, 11, 24, 60000, KESU_SANBAO_OUTSIDE, KESU_SANBAO_WITHIN },
    { 2027, 11, 25, 30000, KESU_SANBAO_OUTSIDE, KESU_SANBAO_OUTSIDE },
    { 2026, 1, 10, 60001, KESU_SANBAO_OUTSIDE, KESU_SANBAO_OUTSIDE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 t = kesu_test_local_unix (cases[i].y, cases[i].m, cases[i].d, 9, 0);
      g_autoptr(KesuSanbaoAssessment) a = kesu_sanbao_assess (v, NULL, t, cases[i].km, 50, t);

      g_assert_cmpint (line_of (a, KESU_SANBAO_RULE_PERIOD)->level, ==, cases[i].period);
      g_assert_cmpint (line_of (a, KESU_SANBAO_RULE_WARRANTY)->level, ==, cases[i].warranty);
    }

  /* Five gearbox repairs, the fifth at 50,001 km: four count, no Art. 24(4). */
  {
    g_autoptr(GPtrArray) repairs = repairs_new ();
    g_autoptr(KesuSanbaoAssessment) a = NULL;
    gint64 t = kesu_test_local_unix (2026, 6, 1, 9, 0);

    for (int i = 0; i < 5; i++)
      {
        KesuRepair *r = kesu_repair_new ();

        r->vin = g_strdup (v->vin);
        r->started_at = kesu_test_local_unix (2025, 6, 1, 9, 0) + i * 30 * DAY;
        r->finished_at = r->started_at + 5 * HOUR;
        r->mileage_km = i < 4 ? 40000 + 1000 * i : 50001;
        r->system = KESU_FAULT_SYSTEM_GEARBOX;
        r->fault = g_strdup ("换挡冲击");
        g_ptr_array_add (repairs, r);
      }
    a = kesu_sanbao_assess (v, repairs, t, 50001, 50, t);
    g_assert_false (is_condition (a, KESU_SANBAO_RULE_REPAIR_COUNT));
    g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_REPAIR_COUNT)->text, "4 times"));
    ((KesuRepair *) repairs->pdata[4])->mileage_km = 49999;
    g_clear_pointer (&a, kesu_sanbao_assessment_free);
    a = kesu_sanbao_assess (v, repairs, t, 49999, 50, t);
    g_assert_true (is_condition (a, KESU_SANBAO_RULE_REPAIR_COUNT));
  }
}

/* Art. 27: price × km ÷ 1000 × n %, in fen, rounded; n at most 0.5. */
static void
test_usage_fee (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *half = kesu_sanbao_format_rate (50);
  g_autofree char *quarter = kesu_sanbao_format_rate (25);
  g_autofree char *small = kesu_sanbao_format_rate (5);
  guint bp = 0;

  /* ¥200,000 × 1,850 km ÷ 1000 × 0.5 % = ¥1,850.00 */
  g_assert_cmpint (kesu_sanbao_usage_fee (20000000, 1850, 50), ==, 185000);
  /* ¥123,456.78 × 1,234 km ÷ 1000 × 0.35 % = ¥533.209832… → ¥533.21 */
  g_assert_cmpint (kesu_sanbao_usage_fee (12345678, 1234, 35), ==, 53321);
  /* Half a fen rounds up, less rounds down: 1,000 fen × 1 km × 0.05 % … */
  g_assert_cmpint (kesu_sanbao_usage_fee (100000, 1000, 50), ==, 500);
  g_assert_cmpint (kesu_sanbao_usage_fee (1000000, 1, 5), ==, 1);     /* 0.5 fen → 1 */
  g_assert_cmpint (kesu_sanbao_usage_fee (999999, 1, 5), ==, 0);      /* 0.4999995 → 0 */
  g_assert_cmpint (kesu_sanbao_usage_fee (20000000, 0, 50), ==, 0);
  g_assert_cmpint (kesu_sanbao_usage_fee (20000000, 1850, 51), ==, -1);
  g_assert_cmpint (kesu_sanbao_usage_fee (-1, 1850, 50), ==, -1);

  g_assert_true (kesu_sanbao_parse_rate ("0.5", &bp, &error));
  g_assert_cmpuint (bp, ==, 50);
  g_assert_true (kesu_sanbao_parse_rate (" 0.35% ", &bp, &error));
  g_assert_cmpuint (bp, ==, 35);
  g_assert_true (kesu_sanbao_parse_rate ("0.2", &bp, &error));
  g_assert_cmpuint (bp, ==, 20);
  g_assert_no_error (error);
  g_assert_false (kesu_sanbao_parse_rate ("0.51", &bp, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Art. 27"));
  g_clear_error (&error);
  g_assert_false (kesu_sanbao_parse_rate ("0.555", &bp, &error));
  g_clear_error (&error);
  g_assert_false (kesu_sanbao_parse_rate ("abc", &bp, &error));
  g_clear_error (&error);
  g_assert_false (kesu_sanbao_parse_rate ("-0.1", &bp, &error));
  g_clear_error (&error);
  g_assert_cmpstr (half, ==, "0.5");
  g_assert_cmpstr (quarter, ==, "0.25");
  g_assert_cmpstr (small, ==, "0.05");
}

/* Art. 28: 10 and 20 working days from the next day, weekends, holidays and make-up days. */
static void
test_working_days (void)
{
  g_autoptr(KesuWorkCalendar) cal = kesu_work_calendar_new ();
  gint64 tuesday = kesu_test_local_unix (2026, 11, 24, 10, 0);
  gint64 friday = kesu_test_local_unix (2026, 11, 27, 15, 0);

  /* Wed 25 … Tue 8 Dec are ten working days across a weekend: due at 00:00 on 9 Dec. */
  g_assert_cmpint (kesu_sanbao_working_days_due (cal, tuesday, 10), ==,
                   kesu_test_local_unix (2026, 12, 9, 0, 0));
  g_assert_cmpint (kesu_sanbao_working_days_due (NULL, tuesday, 10), ==,
                   kesu_test_local_unix (2026, 12, 9, 0, 0));
  g_assert_cmpint (kesu_sanbao_working_days_due (cal, tuesday, 20), ==,
                   kesu_test_local_unix (2026, 12, 23, 0, 0));
  /* Raised on a Friday: the count starts on Monday. */
  g_assert_cmpint (kesu_sanbao_working_days_due (cal, friday, 10), ==,
                   kesu_test_local_unix (2026, 12, 12, 0, 0));
  /* A holiday on Tuesday 1 Dec moves it a day… */
  kesu_work_calendar_add_exception (cal, "2026-12-01", FALSE);
  g_assert_cmpint (kesu_sanbao_working_days_due (cal, tuesday, 10), ==,
                   kesu_test_local_unix (2026, 12, 10, 0, 0));
  /* …and a make-up working Saturday (调休) moves it back. */
  kesu_work_calendar_add_exception (cal, "2026-11-28", TRUE);
  g_assert_cmpint (kesu_sanbao_working_days_due (cal, tuesday, 10), ==,
                   kesu_test_local_unix (2026, 12, 9, 0, 0));
}

/* ---- the store ---- */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     operator_id;
  gint64     handler_id;
  gint64     now;
  char      *vin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->now = kesu_test_local_unix (2026, 11, 24, 10, 0);  /* a Tuesday */
  kesu_test_set_clock (f->now);
  f->store = kesu_test_store_new ("kesu-sanbao", KESU_ROLE_SERVICE_ADVISOR, &f->dir, NULL,
                                  &f->operator_id, &f->handler_id);
  f->vin = kesu_test_make_vin ("LFV2A21K0M3000001");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  g_free (f->vin);
  kesu_clock_set_fixed (NULL);
}

/* The car bought six weeks ago: invoice 2026-10-13, ¥189,900. */
static void
add_vehicle (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuVehicle) v = kesu_vehicle_new ();

  v->vin = g_ascii_strdown (f->vin, -1);  /* any letter case */
  v->plate = g_strdup ("沪AD12345");
  v->model = g_strdup ("大众 ID.4 X");
  v->invoice_date = g_strdup ("2026-10-13");
  v->price_fen = 18990000;
  g_assert_true (kesu_store_upsert_vehicle (f->store, v, &error));
  g_assert_no_error (error);
}

static gint64
add_complaint (Fixture    *f,
               const char *vin)
{
  g_autoptr(KesuIntake) in = kesu_test_intake_new (f->now - HOUR, f->operator_id, f->handler_id,
                                                   "赵敏", "13912340000",
                                                   "变速箱顿挫，已修两次仍未解决。",
                                                   "要求更换变速箱");

  in->channel = KESU_CHANNEL_WALK_IN;
  in->vin = g_strdup (vin);
  in->mileage = g_strdup ("1850");
  in->category = KESU_CATEGORY_VEHICLE_QUALITY;
  in->severity = KESU_SEVERITY_IMPORTANT;
  return kesu_test_add_intake (f->store, in);
}

static gint64
add_repair (Fixture         *f,
            gint64           complaint_id,
            gint64           started,
            gint64           finished,
            KesuFaultSystem  system,
            const char      *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuRepair) r = kesu_repair_new ();
  gint64 id;

  r->vin = g_strdup (f->vin);
  r->started_at = started;
  r->finished_at = finished;
  r->mileage_km = 1200;
  r->system = system;
  r->fault = g_strdup ("2挡升3挡冲击");
  r->part_replaced = g_strdup (part);
  r->complaint_id = complaint_id;
  id = kesu_store_add_repair (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static guint
count_events (KesuStore     *store,
              gint64         complaint_id,
              KesuEventKind  kind,
              gint64        *out_staff)
{
  g_autoptr(GPtrArray) events = kesu_store_list_events (store, complaint_id, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      KesuEvent *e = events->pdata[i];

      if (e->kind == kind)
        {
          n++;
          if (out_staff != NULL)
            *out_staff = e->staff_id;
        }
    }
  return n;
}

static void
test_vehicle_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuVehicle) bad = kesu_vehicle_new ();
  g_autoptr(KesuVehicle) got = NULL;
  g_autoptr(KesuRepair) r = kesu_repair_new ();
  g_autoptr(GPtrArray) list = NULL;

  /* Bad input: a message, nothing written. */
  bad->vin = g_strdup ("LFV2A21K0M300000X");
  bad->invoice_date = g_strdup ("2026-10-13");
  g_assert_false (kesu_store_upsert_vehicle (f->store, bad, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->vin);
  bad->vin = g_strdup (f->vin);
  g_free (bad->invoice_date);
  bad->invoice_date = g_strdup ("2026-12-01");  /* after the clock's today */
  g_assert_false (kesu_store_upsert_vehicle (f->store, bad, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->invoice_date);
  bad->invoice_date = g_strdup ("2026-10-13");
  bad->delivery_date = g_strdup ("2026-10-01");
  g_assert_false (kesu_store_upsert_vehicle (f->store, bad, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kesu_store_get_vehicle (f->store, f->vin, &error));
  g_assert_no_error (error);

  add_vehicle (f);
  got = kesu_store_get_vehicle (f->store, f->vin, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->vin, ==, f->vin);
  g_assert_cmpstr (got->invoice_date, ==, "2026-10-13");
  g_assert_null (got->delivery_date);
  g_assert_cmpint (got->price_fen, ==, 18990000);

  /* A repair needs a fault, and cannot end before it began. */
  r->vin = g_strdup (f->vin);
  r->started_at = f->now - 3 * DAY;
  g_assert_cmpint (kesu_store_add_repair (f->store, r, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  r->fault = g_strdup ("异响");
  r->finished_at = r->started_at - 1;
  g_assert_cmpint (kesu_store_add_repair (f->store, r, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  r->finished_at = 0;
  r->id = kesu_store_add_repair (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->id, >, 0);
  /* Handed back: the update keeps the id. */
  r->finished_at = r->started_at + 26 * HOUR;
  g_assert_true (kesu_store_update_repair (f->store, r, &error));
  g_assert_no_error (error);
  list = kesu_store_list_repairs (f->store, f->vin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KesuRepair *) list->pdata[0])->finished_at, ==, r->finished_at);
  g_assert_cmpint (kesu_repair_days (list->pdata[0], f->now), ==, 2);
}

/* The showcase: a six-week-old car, gearbox repaired twice → Art. 20 may qualify, the flag
 * is raised once, urgent, with the Art. 28 clocks. */
static void
test_flag (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(KesuComplaint) c = NULL;
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(GListModel) overdue = NULL;
  gboolean raised = TRUE;
  gint64 id, staff = -1;

  add_vehicle (f);
  id = add_complaint (f, f->vin);
  /* No repair yet: the car is 42 days old, nothing to flag. */
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 0);

  add_repair (f, id, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, &staff), ==, 1);
  g_assert_cmpint (staff, ==, 0);  /* Kesu raised it, not a person */
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_REPAIR, NULL), ==, 1);
  add_repair (f, id, kesu_test_local_unix (2026, 11, 10, 9, 0),
              kesu_test_local_unix (2026, 11, 12, 11, 0),
              KESU_FAULT_SYSTEM_GEARBOX, "阀体");
  /* Raised once only. */
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 1);
  g_assert_true (kesu_store_sanbao_refresh (f->store, id, &raised, &error));
  g_assert_no_error (error);
  g_assert_false (raised);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 1);

  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kesu_complaint_get_sanbao_flag (c), ==, KESU_SANBAO_FLAG_RAISED);
  g_assert_cmpint (kesu_complaint_get_intake (c)->severity, ==, KESU_SEVERITY_URGENT);
  /* Raised on Tuesday 24 Nov: 10 and 20 working days from Wednesday. */
  g_assert_cmpint (kesu_complaint_get_sanbao_answer_due (c), ==,
                   kesu_test_local_unix (2026, 12, 9, 0, 0));
  g_assert_cmpint (kesu_complaint_get_sanbao_complete_due (c), ==,
                   kesu_test_local_unix (2026, 12, 23, 0, 0));
  g_assert_cmpint (kesu_complaint_get_sanbao_due (c), ==, kesu_test_local_unix (2026, 12, 9, 0, 0));
  g_clear_object (&c);

  a = kesu_store_sanbao_for_complaint (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (a->may_qualify);
  g_assert_cmpint (a->age_days, ==, 42);
  g_assert_cmpint (a->mileage_km, ==, 1850);
  g_assert_true (is_condition (a, KESU_SANBAO_RULE_SIXTY_DAYS));
  g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_SIXTY_DAYS)->text,
                            "Car is 42 days old (invoice 2026-10-13), 1,850 km: within 60 days"));
  g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_SIXTY_DAYS)->text,
                            "Gearbox repaired 2 times"));
  g_assert_cmpint (a->flag, ==, KESU_SANBAO_FLAG_RAISED);
  g_assert_nonnull (strstr (line_of (a, KESU_SANBAO_RULE_ANSWER)->text, "by 2026-12-08"));
  g_assert_cmpstr (line_of (a, KESU_SANBAO_RULE_ANSWER)->article, ==, "Art. 28");

  /* Past the answer due, the case is overdue like any other. */
  kesu_test_set_clock (kesu_test_local_unix (2026, 12, 9, 0, 1));
  filter->overdue_only = TRUE;
  overdue = kesu_store_query_complaints (f->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 1);
  kesu_test_set_clock (f->now);

  /* A person decides; dismissing needs a reason. */
  g_assert_false (kesu_store_sanbao_dismiss (f->store, id, "  ", &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kesu_store_sanbao_confirm (f->store, id, "厂家技术支持确认", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_CONFIRMED, &staff), ==, 1);
  g_assert_cmpint (staff, ==, f->operator_id);
  g_assert_false (kesu_store_sanbao_confirm (f->store, id, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_cmpint (kesu_complaint_get_sanbao_due (c), ==,
                   kesu_test_local_unix (2026, 12, 23, 0, 0));
  g_clear_object (&c);
}

static void
test_dismiss (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuComplaint) c = NULL;
  gboolean raised = TRUE;
  gint64 id, staff = -1;

  add_vehicle (f);
  id = add_complaint (f, f->vin);
  add_repair (f, id, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  g_assert_true (kesu_store_sanbao_dismiss (f->store, id, "客户改装了变速箱程序（第32条免责）",
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_DISMISSED, &staff), ==, 1);
  g_assert_cmpint (staff, ==, f->operator_id);
  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_cmpint (kesu_complaint_get_sanbao_flag (c), ==, KESU_SANBAO_FLAG_DISMISSED);
  g_assert_cmpint (kesu_complaint_get_sanbao_due (c), ==, 0);
  g_clear_object (&c);

  /* The same reason is not raised again: another gearbox repair keeps art20:gearbox. */
  add_repair (f, id, kesu_test_local_unix (2026, 11, 20, 9, 0),
              kesu_test_local_unix (2026, 11, 20, 12, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  g_assert_true (kesu_store_sanbao_refresh (f->store, id, &raised, &error));
  g_assert_false (raised);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 1);

  /* A new reason is: brakes inside 60 days (Art. 23). */
  add_repair (f, id, kesu_test_local_unix (2026, 11, 22, 9, 0),
              kesu_test_local_unix (2026, 11, 22, 12, 0),
              KESU_FAULT_SYSTEM_BRAKES, NULL);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 2);
  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_cmpint (kesu_complaint_get_sanbao_flag (c), ==, KESU_SANBAO_FLAG_RAISED);
}

/* Holidays of the branch's calendar move the Art. 28 clocks. */
static void
test_flag_calendar (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (f->store);
  g_autoptr(KesuComplaint) c = NULL;
  gint64 id;

  kesu_work_calendar_add_exception (policy->calendar, "2026-12-01", FALSE);
  kesu_work_calendar_add_exception (policy->calendar, "2026-12-02", FALSE);
  kesu_test_set_deadline_policy (f->store, policy);
  add_vehicle (f);
  id = add_complaint (f, f->vin);
  add_repair (f, id, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_ENGINE, NULL);
  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_cmpint (kesu_complaint_get_sanbao_answer_due (c), ==,
                   kesu_test_local_unix (2026, 12, 11, 0, 0));
}

/* A complaint about a car the branch already knows is flagged at intake. */
static void
test_flag_at_intake (Fixture       *f,
                     gconstpointer  data)
{
  gint64 first, second;

  add_vehicle (f);
  first = add_complaint (f, f->vin);
  add_repair (f, 0, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  /* The repair is on no complaint, but the open one about the VIN is flagged. */
  g_assert_cmpuint (count_events (f->store, first, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 1);
  g_assert_cmpuint (count_events (f->store, first, KESU_EVENT_REPAIR, NULL), ==, 0);
  second = add_complaint (f, f->vin);
  g_assert_cmpuint (count_events (f->store, second, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 1);
}

/* The VIN given only later, by correcting the record, is checked like one given at
 * intake. */
static void
test_flag_after_correction (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) correction = kesu_intake_new ();
  gint64 id;

  add_vehicle (f);
  add_repair (f, 0, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  id = add_complaint (f, NULL);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 0);
  correction->vin = g_strdup (f->vin);
  g_assert_true (kesu_store_update_intake (f->store, id, correction, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_CORRECTED, NULL), ==, 1);
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_SANBAO_FLAGGED, NULL), ==, 1);
}

static void
test_usage_fee_setting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (kesu_store_get_usage_fee_rate (f->store), ==, 50);
  g_assert_true (kesu_store_set_usage_fee_rate (f->store, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_get_usage_fee_rate (f->store), ==, 30);
  g_assert_false (kesu_store_set_usage_fee_rate (f->store, 51, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpuint (kesu_store_get_usage_fee_rate (f->store), ==, 30);
}

/* Art. 17: at least 6 years once repairs exist; repairs are never deleted. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = kesu_db_get_handle (kesu_store_get_db (f->store));
  char *message = NULL;

  g_assert_cmpuint (kesu_store_get_retention_years (f->store), ==, 6);
  g_assert_cmpuint (kesu_store_get_retention_min_years (f->store), ==, 1);
  g_assert_true (kesu_store_set_retention_years (f->store, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_get_retention_years (f->store), ==, 3);
  g_assert_false (kesu_store_set_retention_years (f->store, 0, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  add_vehicle (f);
  add_repair (f, 0, f->now - 2 * DAY, f->now - DAY, KESU_FAULT_SYSTEM_BODY, NULL);
  g_assert_cmpuint (kesu_store_get_retention_min_years (f->store), ==, 6);
  g_assert_false (kesu_store_set_retention_years (f->store, 5, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Art. 17"));
  g_clear_error (&error);
  g_assert_cmpuint (kesu_store_get_retention_years (f->store), ==, 3);
  g_assert_true (kesu_store_set_retention_years (f->store, 6, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_store_set_retention_years (f->store, 10, &error));

  /* Not even raw SQL deletes a repair or a vehicle. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM repair", NULL, NULL, &message), !=, SQLITE_OK);
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM vehicle", NULL, NULL, &message), !=, SQLITE_OK);
  sqlite3_free (message);
  {
    g_autoptr(GPtrArray) list = kesu_store_list_repairs (f->store, f->vin, &error);

    g_assert_cmpuint (list->len, ==, 1);
  }
}

static void
test_link_vehicle (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuVehicle) v = NULL;
  g_autoptr(KesuComplaint) c = NULL;
  gint64 id;

  id = add_complaint (f, NULL);
  g_assert_null (kesu_store_get_vehicle_for_complaint (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_link_vehicle (f->store, id, f->vin, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_FOUND);
  g_clear_error (&error);
  add_vehicle (f);
  g_assert_true (kesu_store_link_vehicle (f->store, id, f->vin, &error));
  g_assert_no_error (error);
  v = kesu_store_get_vehicle_for_complaint (f->store, id, &error);
  g_assert_nonnull (v);
  g_assert_cmpstr (v->vin, ==, f->vin);
  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_cmpstr (kesu_complaint_get_intake (c)->plate, ==, "沪AD12345");
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_CORRECTED, NULL), ==, 1);
  /* Again: nothing to do, no second event. */
  g_assert_true (kesu_store_link_vehicle (f->store, id, f->vin, &error));
  g_assert_cmpuint (count_events (f->store, id, KESU_EVENT_CORRECTED, NULL), ==, 1);
}

/* The monthly summary lists the flagged case with its articles and legal deadlines, and
 * the open case past its Art. 28 answer due among the overdue ones. */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSummary) summary = NULL;
  g_autoptr(KesuSummary) later = NULL;
  g_autoptr(KesuComplaint) c = NULL;
  g_autofree char *text = NULL;
  g_autofree char *later_text = NULL;
  g_autofree char *row = NULL;
  gint64 id;

  add_vehicle (f);
  id = add_complaint (f, f->vin);
  add_repair (f, id, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  c = kesu_store_get_complaint (f->store, id, &error);
  g_assert_no_error (error);

  summary = kesu_summary_new (f->store, 2026, 11, &error);
  g_assert_no_error (error);
  text = kesu_summary_dup_text (summary);
  g_assert_nonnull (strstr (text, "三包 cases and legal deadlines"));
  row = g_strdup_printf ("%s\t赵敏", kesu_complaint_get_number (c));
  g_assert_nonnull (strstr (text, row));
  g_assert_nonnull (strstr (text, "\tArt. 20\t三包: may qualify\t2026-12-08\t2026-12-22\n"));

  /* Dismissed in November, it stays in November's list, greyed, with no clock. */
  g_assert_true (kesu_store_sanbao_dismiss (f->store, id, "车主私自刷写变速箱程序", &error));
  later = kesu_summary_new (f->store, 2026, 11, &error);
  later_text = kesu_summary_dup_text (later);
  g_assert_nonnull (strstr (later_text, "\tArt. 20\t三包: dismissed\t"));
}

/* Past the answer due the flagged case counts among the overdue ones. */
static void
test_summary_overdue (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSummary) summary = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  g_autoptr(KesuDeadlinePolicy) policy = kesu_store_get_deadline_policy (f->store);

  /* The branch's own limits far away, so that only the legal clock can make it late. */
  policy->resolution_seconds[KESU_SEVERITY_URGENT] = 90 * DAY;
  kesu_test_set_deadline_policy (f->store, policy);
  add_vehicle (f);
  id = add_complaint (f, f->vin);
  add_repair (f, id, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  g_assert_true (kesu_store_record_contact (f->store, id, KESU_CHANNEL_PHONE, "已受理",
                                            f->now + 30 * DAY, &error));
  g_assert_no_error (error);
  kesu_test_set_clock (kesu_test_local_unix (2026, 12, 8, 23, 0));
  {
    g_autoptr(KesuComplaint) c = kesu_store_get_complaint (f->store, id, &error);

    g_assert_false (kesu_complaint_is_overdue (c));
    g_assert_cmpint (kesu_complaint_get_next_due (c), ==, kesu_test_local_unix (2026, 12, 9, 0, 0));
  }
  kesu_test_set_clock (kesu_test_local_unix (2026, 12, 9, 9, 0));
  {
    g_autoptr(KesuComplaint) c = kesu_store_get_complaint (f->store, id, &error);

    g_assert_true (kesu_complaint_is_overdue (c));
    g_assert_cmpint (kesu_complaint_get_next_due (c), <=, kesu_test_local_unix (2026, 12, 9, 0, 0));
  }
  summary = kesu_summary_new (f->store, 2026, 12, &error);
  g_assert_no_error (error);
  text = kesu_summary_dup_text (summary);
  /* Still running in December, though raised in November. */
  g_assert_nonnull (strstr (text, "\tArt. 20\t三包: may qualify\t2026-12-08\t2026-12-22\n"));
}

static GString *printed;

static void
capture_print (const char *text)
{
  g_string_append (printed, text);
}

/* --sanbao NUMBER prints the lines with their articles, the clocks and the duplicates. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(KesuComplaint) c = NULL;
  GPrintFunc old_print, old_printerr;
  gint64 id, dup;
  int status, missing;

  add_vehicle (f);
  dup = add_complaint (f, f->vin);
  id = add_complaint (f, f->vin);
  add_repair (f, id, kesu_test_local_unix (2026, 10, 25, 9, 0),
              kesu_test_local_unix (2026, 10, 25, 17, 0),
              KESU_FAULT_SYSTEM_GEARBOX, NULL);
  c = kesu_store_get_complaint (f->store, id, NULL);

  printed = g_string_new (NULL);
  old_print = g_set_print_handler (capture_print);
  old_printerr = g_set_printerr_handler (capture_print);
  status = kesu_cli_sanbao (f->store, kesu_complaint_get_number (c));
  missing = kesu_cli_sanbao (f->store, "KS-209901-9999");
  g_set_print_handler (old_print);
  g_set_printerr_handler (old_printerr);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (missing, ==, 1);
  g_assert_nonnull (strstr (printed->str, "— 三包: may qualify\n"));
  g_assert_nonnull (strstr (printed->str, "  [May qualify] Art. 20 — Car is 42 days old"));
  g_assert_nonnull (strstr (printed->str, "  Art. 28 — Answer the customer by 2026-12-08"));
  g_assert_nonnull (strstr (printed->str, "Maybe the same problem: KS-"));
  g_assert_nonnull (strstr (printed->str, "Same phone, Same VIN"));
  g_assert_nonnull (strstr (printed->str, "There is no complaint numbered “KS-209901-9999”."));
  g_assert_cmpint (dup, !=, id);
  g_string_free (printed, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/sanbao/rules/repair-days", test_repair_days);
  g_test_add_func ("/sanbao/rules/limits-table", test_limits_table);
  g_test_add_func ("/sanbao/rules/period-start", test_period_start);
  g_test_add_func ("/sanbao/rules/no-vehicle", test_no_vehicle);
  g_test_add_func ("/sanbao/rules/art22-seven-days", test_seven_days);
  g_test_add_func ("/sanbao/rules/art20-sixty-days", test_sixty_days);
  g_test_add_func ("/sanbao/rules/art23-safety", test_safety);
  g_test_add_func ("/sanbao/rules/art24-repair-count", test_repair_count);
  g_test_add_func ("/sanbao/rules/art24-repair-days", test_repair_days_total);
  g_test_add_func ("/sanbao/rules/art21-long-repair", test_long_repair);
  g_test_add_func ("/sanbao/rules/art24-part-twice", test_part_twice);
  g_test_add_func ("/sanbao/rules/art18-periods", test_period_boundaries);
  g_test_add_func ("/sanbao/rules/art27-usage-fee", test_usage_fee);
  g_test_add_func ("/sanbao/rules/art28-working-days", test_working_days);
  ADD ("/sanbao/store/vehicle", test_vehicle_store);
  ADD ("/sanbao/store/flag", test_flag);
  ADD ("/sanbao/store/dismiss", test_dismiss);
  ADD ("/sanbao/store/flag-calendar", test_flag_calendar);
  ADD ("/sanbao/store/flag-at-intake", test_flag_at_intake);
  ADD ("/sanbao/store/flag-after-correction", test_flag_after_correction);
  ADD ("/sanbao/store/usage-fee-setting", test_usage_fee_setting);
  ADD ("/sanbao/store/retention", test_retention);
  ADD ("/sanbao/store/link-vehicle", test_link_vehicle);
  ADD ("/sanbao/summary/listed", test_summary);
  ADD ("/sanbao/summary/overdue", test_summary_overdue);
  ADD ("/sanbao/cli/assessment", test_cli);

  return g_test_run ();
}
