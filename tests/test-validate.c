/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-validate"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-validate.h"
#include "kesu-error.h"

/* Messages are checked by fragments of the English source text: the tests bind no
 * translation domain, so _() returns it unchanged. */
static void
assert_invalid (const char *input,
                GError     *error,
                const char *fragment)
{
  g_autofree char *shown = input ? g_utf8_make_valid (input, -1) : g_strdup ("(null)");

  /* Invalid UTF-8 in the TAP stream would confuse the test runner. */
  g_test_message ("input \"%s\": %s", shown, error ? error->message : "(no error)");
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    {
      g_test_message ("expected the message to contain \"%s\"", fragment);
      g_assert_not_reached ();
    }
}

typedef struct
{
  const char *input;
  const char *expected;
} StringCase;

typedef struct
{
  const char *input;
  const char *fragment;  /* part of the expected message, or NULL */
} BadCase;

/* Phones ------------------------------------------------------------------------------- */

static void
check_good_phones (const StringCase *cases,
                   gsize             n_cases,
                   gboolean          mobile)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("phone \"%s\"", cases[i].input);
      g_assert_true (kesu_validate_phone (cases[i].input, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].expected);
      g_assert_cmpint (kesu_phone_is_mobile (normalized), ==, mobile);
    }
}

static void
check_bad_phones (const BadCase *cases,
                  gsize          n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      char *normalized = (char *) "untouched";

      g_assert_false (kesu_validate_phone (cases[i].input, &normalized, &error));
      assert_invalid (cases[i].input, error, cases[i].fragment);
      g_assert_null (normalized);
    }
}

static void
test_phone_mobile (void)
{
  static const StringCase good[] = {
    { "13812345678", "13812345678" },
    { "  138 1234 5678 ", "13812345678" },
    { "138-1234-5678", "13812345678" },
    { "+86 138 1234 5678", "13812345678" },
    { "+8613812345678", "13812345678" },
    { "8613812345678", "13812345678" },
    { "0086 13812345678", "13812345678" },
    { "013812345678", "13812345678" },
    { "19912345678", "19912345678" },
    { "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93"
      "\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97\xef\xbc\x98", /* full width */
      "13812345678" },
  };
  static const BadCase bad[] = {
    { "1381234567", "11 digits; this one has 10" },
    { "138123456789", "11 digits; this one has 12" },
    { "12812345678", "Not a mainland" },
    { "138abc45678", "only digits" },
    { "+1 415 555 0100", "Not a mainland" },
    { "13812345678\xe8\xbd\xac" "12", "Not a mainland" },  /* a mobile has no extension */
    { "138-1234-5678-12", "this one has 13" },
  };

  check_good_phones (good, G_N_ELEMENTS (good), TRUE);
  check_bad_phones (bad, G_N_ELEMENTS (bad));
}

static void
test_phone_landline (void)
{
  static const StringCase good[] = {
    { "010-62345678", "010-62345678" },
    { "01062345678", "010-62345678" },
    { "(010)62345678", "010-62345678" },
    { "\xef\xbc\x88" "010" "\xef\xbc\x89" "62345678", "010-62345678" },  /* （010） */
    { "021 6234 5678", "021-62345678" },
    { "029-88888888", "029-88888888" },
    { "0755-8888888", "0755-8888888" },
    { "0755 2888 8888", "0755-28888888" },
    { "010-62345678-123", "010-62345678-123" },
    { "010-62345678\xe8\xbd\xac" "123", "010-62345678-123" },  /* 转 */
    { "010-62345678 ext. 123", "010-62345678-123" },
    { "010 62345678 EXT123", "010-62345678-123" },
    { "0755-8888888-12", "0755-8888888-12" },
    { "+86 10 6234 5678", "010-62345678" },
    { "0086-755-28888888", "0755-28888888" },
  };
  static const BadCase bad[] = {
    { "010-02345678", "Not a mainland" },      /* local number starts with 0 */
    { "010-12345678", "Not a mainland" },      /* … or with 1 */
    { "010-623456", "Not a mainland" },        /* too short */
    { "0123-4567890", "Not a mainland" },      /* no 01x area code but 010 */
    { "(010 62345678", "Not a mainland" },
    { "010-62345678\xe8\xbd\xac" "1234567", "extension" },
    { "010-62345678 ext abc", "extension" },
    { "010/62345678", "only digits" },
    { "6234 5678", "area code" },
    { "8888888", "area code" },
  };

  check_good_phones (good, G_N_ELEMENTS (good), FALSE);
  check_bad_phones (bad, G_N_ELEMENTS (bad));
}

static void
test_phone_service (void)
{
  static const StringCase good[] = {
    { "400-123-4567", "400-123-4567" },
    { "4001234567", "400-123-4567" },
    { "800 810 8888", "800-810-8888" },
    { "400-123-4567\xe8\xbd\xac" "2", "400-123-4567-2" },
  };
  static const BadCase bad[] = {
    { "400-123-456", "Not a mainland" },
    { "500-123-4567", "Not a mainland" },
  };

  check_good_phones (good, G_N_ELEMENTS (good), FALSE);
  check_bad_phones (bad, G_N_ELEMENTS (bad));
}

static void
test_phone_empty (void)
{
  static const BadCase bad[] = {
    { NULL, "required" },
    { "", "required" },
    { "  \t ", "required" },
    { "\xe3\x80\x80", "required" },  /* ideographic space */
    { "\xff\xfe", "UTF-8" },
  };

  check_bad_phones (bad, G_N_ELEMENTS (bad));

  /* A NULL result pointer is allowed. */
  g_assert_true (kesu_validate_phone ("13812345678", NULL, NULL));
  g_assert_false (kesu_validate_phone ("138", NULL, NULL));
}

static void
test_phone_is_mobile (void)
{
  g_assert_true (kesu_phone_is_mobile ("13812345678"));
  g_assert_true (kesu_phone_is_mobile ("19912345678"));
  g_assert_false (kesu_phone_is_mobile ("12812345678"));
  g_assert_false (kesu_phone_is_mobile ("1381234567"));
  g_assert_false (kesu_phone_is_mobile ("010-62345678"));
  g_assert_false (kesu_phone_is_mobile ("400-123-4567"));
  g_assert_false (kesu_phone_is_mobile (""));
  g_assert_false (kesu_phone_is_mobile (NULL));
}

/* VIN ---------------------------------------------------------------------------------- */

/* Check digits computed independently (Python) from the ISO 3779 table. */
static const char *const good_vins[] = {
  "1M8GDM9AXKP042788",
  "11111111111111111",
  "LHGCV1658M8000123",
  "LSVAU218XN2183294",
  "LFV2A21K8D4123456",
  "LGBH52E0XMY000001",
  "LSGPC52U1AF123456",
  "LVSHCAMB7CE012345",
  "LRW3E7FA6NC123456",
};

static void
test_vin_good (void)
{
  static const StringCase tidy[] = {
    { "lsvau218xn2183294", "LSVAU218XN2183294" },
    { " LSV AU218 XN2183294 ", "LSVAU218XN2183294" },
    { "\xef\xbc\xac" "SVAU218XN2183294", "LSVAU218XN2183294" },  /* full-width Ｌ */
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good_vins); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("VIN %s", good_vins[i]);
      g_assert_cmpint (kesu_vin_check_digit (good_vins[i]), ==, good_vins[i][8]);
      g_assert_true (kesu_validate_vin (good_vins[i], &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, good_vins[i]);
    }

  for (i = 0; i < G_N_ELEMENTS (tidy); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_assert_true (kesu_validate_vin (tidy[i].input, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, tidy[i].expected);
    }
}

static void
test_vin_check_digit (void)
{
  g_assert_cmpint (kesu_vin_check_digit ("1M8GDM9AXKP042788"), ==, 'X');
  g_assert_cmpint (kesu_vin_check_digit ("11111111111111111"), ==, '1');
  /* Position 9 is ignored. */
  g_assert_cmpint (kesu_vin_check_digit ("LSVAU2180N2183294"), ==, 'X');
  g_assert_cmpint (kesu_vin_check_digit ("LFV2A21K6D4123456"), ==, '8');
  g_assert_cmpint (kesu_vin_check_digit ("LFV2A21K?D4123456"), ==, '8');
  /* Characters a VIN may not hold, and wrong lengths. */
  g_assert_cmpint (kesu_vin_check_digit ("LFV2A21K8D4I23456"), ==, 0);
  g_assert_cmpint (kesu_vin_check_digit ("LFV2A21K8D4O23456"), ==, 0);
  g_assert_cmpint (kesu_vin_check_digit ("LFV2A21K8D412345-"), ==, 0);
  g_assert_cmpint (kesu_vin_check_digit ("LFV2A21K8D412345"), ==, 0);
  g_assert_cmpint (kesu_vin_check_digit (""), ==, 0);
}

static void
check_bad_vins (const BadCase *cases,
                gsize          n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      char *normalized = (char *) "untouched";

      g_assert_false (kesu_validate_vin (cases[i].input, &normalized, &error));
      assert_invalid (cases[i].input, error, cases[i].fragment);
      g_assert_null (normalized);
    }
}

static void
test_vin_bad_check_digit (void)
{
  static const BadCase bad[] = {
    { "LSVAU2180N2183294", "should be X" },
    { "LFV2A21K6D4123456", "should be 8" },
    { "1M8GDM9A0KP042788", "should be X" },
    { "11111111211111111", "should be 1" },
  };

  check_bad_vins (bad, G_N_ELEMENTS (bad));
}

static void
test_vin_bad_form (void)
{
  static const BadCase bad[] = {
    { NULL, "required" },
    { "   ", "required" },
    { "LSVAU218XN218329", "this one has 16" },
    { "LSVAU218XN21832945", "this one has 18" },
    { "LSVAU218XN2183294\xe5\x8f\xb7", "this one has 18" },  /* trailing 号 */
    { "LSVAU218XN2I83294", "I, O or Q" },
    { "LSVAU218XN2O83294", "I, O or Q" },
    { "qSVAU218XN2183294", "I, O or Q" },
    { "LSVAU218XN218329*", "letters and digits" },
    { "LSVAU218XN218329\xe5\x8f\xb7", "letters and digits" },
  };

  check_bad_vins (bad, G_N_ELEMENTS (bad));
}

/* Plates ------------------------------------------------------------------------------- */

static void
test_plate_good (void)
{
  static const StringCase good[] = {
    { "\xe7\xb2\xa4" "B12345", "\xe7\xb2\xa4" "B12345" },                 /* 粤B12345 */
    { " \xe7\xb2\xa4" "b 12345", "\xe7\xb2\xa4" "B12345" },
    { "\xe4\xba\xac" "A\xc2\xb7" "F0236", "\xe4\xba\xac" "AF0236" },      /* 京A·F0236 */
    { "\xe6\xb2\xaa" "A-D12345", "\xe6\xb2\xaa" "AD12345" },              /* 沪A-D12345 */
    { "\xe7\xb2\xa4" "B12345D", "\xe7\xb2\xa4" "B12345D" },               /* large NEV */
    { "\xe8\x8b\x8f" "EF1234A", "\xe8\x8b\x8f" "EF1234A" },               /* 苏EF1234A */
    { "\xe4\xba\xac" "A1234\xe8\xad\xa6", "\xe4\xba\xac" "A1234\xe8\xad\xa6" },  /* 京A1234警 */
    { "\xe7\xb2\xa4" "Z1234\xe6\xb8\xaf", "\xe7\xb2\xa4" "Z1234\xe6\xb8\xaf" },  /* 粤Z1234港 */
    { "\xe5\xb7\x9d" "A1234\xe5\xad\xa6", "\xe5\xb7\x9d" "A1234\xe5\xad\xa6" },  /* 川A1234学 */
    { "\xe7\x90\xbc" "A12345", "\xe7\x90\xbc" "A12345" },                 /* 琼, last of list */
    { "\xe7\xb2\xa4\xef\xbc\xa2\xef\xbc\x91" "2345", "\xe7\xb2\xa4" "B12345" },  /* full width */
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("plate \"%s\"", good[i].input);
      g_assert_true (kesu_validate_plate (good[i].input, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, good[i].expected);
    }
}

static void
test_plate_bad (void)
{
  static const BadCase bad[] = {
    { "", "required" },
    { "AB12345", "province" },
    { "\xe6\xb8\xaf" "A12345", "province" },                 /* 港 is no province */
    { "\xe4\xbd\xbf" "123456", "province" },                 /* 使 */
    { "\xe7\xb2\xa4" "12345", "7 characters" },              /* 粤12345 */
    { "\xe7\xb2\xa4" "B1234", "7 characters" },
    { "\xe7\xb2\xa4" "B1234567", "7 characters" },
    { "\xe7\xb2\xa4" "B123456", "Not a mainland plate" },    /* 8 without D/F */
    { "\xe7\xb2\xa4" "112345", "Not a mainland plate" },     /* no letter after province */
    { "\xe7\xb2\xa4" "B12#45", "Not a mainland plate" },
    { "\xe7\xb2\xa4" "B123\xe8\xad\xa6" "5", "Not a mainland plate" },  /* 警 not last */
    { "\xe7\xb2\xa4" "B1234\xe4\xb8\xad", "Not a mainland plate" },     /* 中 no suffix */
    { "\xe7\xb2\xa4" "BD1234\xe5\xad\xa6", "Not a mainland plate" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      char *normalized = (char *) "untouched";

      g_assert_false (kesu_validate_plate (bad[i].input, &normalized, &error));
      assert_invalid (bad[i].input, error, bad[i].fragment);
      g_assert_null (normalized);
    }
}

/* Dates -------------------------------------------------------------------------------- */

typedef struct
{
  const char *input;
  guint       year;
  guint       month;
  guint       day;
} DateCase;

static void
check_bad_dates (const BadCase *cases,
                 gsize          n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_assert_false (kesu_validate_date (cases[i].input, &date, &error));
      assert_invalid (cases[i].input, error, cases[i].fragment);
      g_assert_false (g_date_valid (&date));
    }
}

static void
test_date_good (void)
{
  static const DateCase good[] = {
    { "2026-03-05", 2026, 3, 5 },
    { "2024-02-29", 2024, 2, 29 },
    { "2000-02-29", 2000, 2, 29 },
    { "2026/3/5", 2026, 3, 5 },
    { "2026.12.31", 2026, 12, 31 },
    { "  2026-01-01 ", 2026, 1, 1 },
    { "2026\xe5\xb9\xb4" "3\xe6\x9c\x88" "5\xe6\x97\xa5", 2026, 3, 5 },  /* 2026年3月5日 */
    { "1900-01-01", 1900, 1, 1 },
    { "2999-12-31", 2999, 12, 31 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      GDate date;

      g_test_message ("date \"%s\"", good[i].input);
      g_date_clear (&date, 1);
      g_assert_true (kesu_validate_date (good[i].input, &date, &error));
      g_assert_no_error (error);
      g_assert_true (g_date_valid (&date));
      g_assert_cmpuint (g_date_get_year (&date), ==, good[i].year);
      g_assert_cmpuint (g_date_get_month (&date), ==, good[i].month);
      g_assert_cmpuint (g_date_get_day (&date), ==, good[i].day);
    }

  g_assert_true (kesu_validate_date ("2026-03-05", NULL, NULL));
}

static void
test_date_feb_30 (void)
{
  static const BadCase bad[] = {
    { "2026-02-30", "does not exist" },
    { "2025-02-29", "does not exist" },
    { "1900-02-29", "does not exist" },  /* 1900 was no leap year */
    { "2100-02-29", "does not exist" },
    { "2026-04-31", "does not exist" },
    { "2026-13-01", "does not exist" },
    { "2026-00-10", "does not exist" },
    { "2026-01-00", "does not exist" },
  };

  check_bad_dates (bad, G_N_ELEMENTS (bad));
}

static void
test_date_bad_form (void)
{
  static const BadCase bad[] = {
    { NULL, "required" },
    { "", "required" },
    { "26-02-03", "YYYY-MM-DD" },
    { "20260203", "YYYY-MM-DD" },
    { "2026-02/03", "YYYY-MM-DD" },
    { "2026-02-03x", "YYYY-MM-DD" },
    { "2026-002-03", "YYYY-MM-DD" },
    { "2026--03", "YYYY-MM-DD" },
    { "2026-02-03 10:00", "YYYY-MM-DD" },
    { "1899-12-31", "between 1900 and 2999" },
    { "3000-01-01", "between 1900 and 2999" },
  };

  check_bad_dates (bad, G_N_ELEMENTS (bad));
}

static void
test_date_not_future (void)
{
  g_autoptr (GError) error = NULL;
  GDate today, date;

  g_date_clear (&today, 1);
  g_date_clear (&date, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2026);

  g_date_set_dmy (&date, 28, G_DATE_FEBRUARY, 2026);
  g_assert_true (kesu_validate_date_not_future (&date, &today, &error));
  g_assert_no_error (error);

  g_date_set_dmy (&date, 1, G_DATE_MARCH, 2026);
  g_assert_true (kesu_validate_date_not_future (&date, &today, &error));
  g_assert_no_error (error);

  g_date_set_dmy (&date, 2, G_DATE_MARCH, 2026);
  g_assert_false (kesu_validate_date_not_future (&date, &today, &error));
  assert_invalid ("2026-03-02", error, "in the future");
}

typedef struct
{
  const char *input;
  int         year, month, day, hour, minute, second;
} DateTimeCase;

static void
test_datetime (void)
{
  static const DateTimeCase good[] = {
    { "2026-03-05 14:30", 2026, 3, 5, 14, 30, 0 },
    { "2026-03-05 14:30:59", 2026, 3, 5, 14, 30, 59 },
    { "2026-03-05T08:05", 2026, 3, 5, 8, 5, 0 },
    { "2026/3/5  8:05", 2026, 3, 5, 8, 5, 0 },
    { "2024-02-29 00:00:00", 2024, 2, 29, 0, 0, 0 },
    { "2026-12-31 23:59:59", 2026, 12, 31, 23, 59, 59 },
  };
  static const BadCase bad[] = {
    { "", "required" },
    { "2026-03-05 24:00", "time of day does not exist" },
    { "2026-03-05 12:60", "time of day does not exist" },
    { "2026-03-05 12:30:60", "time of day does not exist" },
    { "2026-02-30 10:00", "date does not exist" },
    { "1899-12-31 10:00", "between 1900 and 2999" },
    { "2026-03-05", "HH:MM" },
    { "2026-03-05 1430", "HH:MM" },
    { "2026-03-05 14:3", "HH:MM" },
    { "2026-03-05 14:30:5", "HH:MM" },
    { "2026-03-05 14:30 pm", "HH:MM" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GDateTime) dt = NULL;

      g_test_message ("datetime \"%s\"", good[i].input);
      g_assert_true (kesu_validate_datetime (good[i].input, &dt, &error));
      g_assert_no_error (error);
      g_assert_nonnull (dt);
      g_assert_cmpint (g_date_time_get_year (dt), ==, good[i].year);
      g_assert_cmpint (g_date_time_get_month (dt), ==, good[i].month);
      g_assert_cmpint (g_date_time_get_day_of_month (dt), ==, good[i].day);
      g_assert_cmpint (g_date_time_get_hour (dt), ==, good[i].hour);
      g_assert_cmpint (g_date_time_get_minute (dt), ==, good[i].minute);
      g_assert_cmpint (g_date_time_get_second (dt), ==, good[i].second);
    }

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      GDateTime *dt = (GDateTime *) &error;  /* anything but NULL */

      g_assert_false (kesu_validate_datetime (bad[i].input, &dt, &error));
      assert_invalid (bad[i].input, error, bad[i].fragment);
      g_assert_null (dt);
    }
}

/* Mileage ------------------------------------------------------------------------------ */

static void
test_mileage (void)
{
  static const struct
  {
    const char *input;
    gint64      km;
  } good[] = {
    { "0", 0 },
    { "12345", 12345 },
    { "12,345", 12345 },
    { "12 345", 12345 },
    { "1,234,567", 1234567 },
    { "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x8c\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95", 12345 },
    { " 12345 km", 12345 },
    { "12345KM", 12345 },
    { "12345\xe5\x85\xac\xe9\x87\x8c", 12345 },  /* 公里 */
    { "007", 7 },
    { "2,000,000", 2000000 },
    { "2000000", 2000000 },
  };
  static const BadCase bad[] = {
    { "", "required" },
    { NULL, "required" },
    { "-5", "negative" },
    { "-12,345", "negative" },
    { "2000001", "2,000,000" },
    { "99999999999999999999999999", "2,000,000" },
    { "12.5", "whole number" },
    { "12,34", "whole number" },
    { "1234,567", "whole number" },
    { "12,345 678", "whole number" },
    { "12,,345", "whole number" },
    { ",345", "whole number" },
    { "12,", "whole number" },
    { "abc", "whole number" },
    { "km", "whole number" },
    { "+12", "whole number" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 km = -1;

      g_test_message ("mileage \"%s\"", good[i].input);
      g_assert_true (kesu_validate_mileage (good[i].input, &km, &error));
      g_assert_no_error (error);
      g_assert_cmpint (km, ==, good[i].km);
    }

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 km = -1;

      g_assert_false (kesu_validate_mileage (bad[i].input, &km, &error));
      assert_invalid (bad[i].input, error, bad[i].fragment);
      g_assert_cmpint (km, ==, -1);
    }
}

/* Free text ---------------------------------------------------------------------------- */

static void
test_text_good (void)
{
  static const char *const good[] = {
    "Engine noise at 80 km/h",
    "\xe5\x8f\x91\xe5\x8a\xa8\xe6\x9c\xba\xe5\xbc\x82\xe5\x93\x8d",  /* 发动机异响 */
    "line one\nline two\tafter a tab",
    "windows\r\nline ends",
    "\xf0\xa0\xae\xb7\xe9\x87\x8e\xe5\xae\xb6",                      /* 𠮷野家 */
    "\xf0\x9f\x98\x80\xf0\x9f\x9a\x97",                              /* 😀🚗 */
    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x94\xa7",                  /* ZWJ sequence */
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("text \"%s\"", good[i]);
      g_assert_true (kesu_validate_text (good[i], 200, TRUE, &error));
      g_assert_no_error (error);
    }

  /* Optional fields may be empty or blank. */
  g_assert_true (kesu_validate_text (NULL, 10, FALSE, NULL));
  g_assert_true (kesu_validate_text ("", 10, FALSE, NULL));
  g_assert_true (kesu_validate_text ("   ", 10, FALSE, NULL));
}

static void
test_text_control_chars (void)
{
  static const char *const bad[] = {
    "a\x01" "b",
    "escape \x1b[31m red",
    "form\ffeed",
    "vertical\vtab",
    "old mac\rline",
    "trailing\r",
    "delete\x7f",
    "next line \xc2\x85 (U+0085)",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (kesu_validate_text (bad[i], 200, FALSE, &error));
      assert_invalid (bad[i], error, "control characters");
    }
}

static void
test_text_required (void)
{
  static const char *const blank[] = { NULL, "", "   ", "\n\t ", "\xe3\x80\x80" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (blank); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (kesu_validate_text (blank[i], 200, TRUE, &error));
      assert_invalid (blank[i], error, "required");
    }
}

static void
test_text_length (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *long_text = NULL;
  /* 5 characters of 4 bytes each: the limit counts characters, not bytes. */
  const char *five = "\xf0\xa0\xae\xb7\xf0\xa0\xae\xb7\xf0\xa0\xae\xb7\xf0\xa0\xae\xb7"
                     "\xf0\xa0\xae\xb7";
  const char *six = "\xf0\xa0\xae\xb7\xf0\xa0\xae\xb7\xf0\xa0\xae\xb7\xf0\xa0\xae\xb7"
                    "\xf0\xa0\xae\xb7\xe5\x90\x89";

  g_assert_true (kesu_validate_text (five, 5, TRUE, &error));
  g_assert_no_error (error);

  g_assert_false (kesu_validate_text (six, 5, TRUE, &error));
  assert_invalid (six, error, "at most 5 characters, this text has 6");
  g_clear_error (&error);

  /* 0: no limit. */
  long_text = g_strnfill (100000, 'a');
  g_assert_true (kesu_validate_text (long_text, 0, TRUE, &error));
  g_assert_no_error (error);

  g_assert_false (kesu_validate_text ("ab\xff" "cd", 0, FALSE, &error));
  assert_invalid ("ab\\xffcd", error, "UTF-8");
}

/* Masking ------------------------------------------------------------------------------ */

static void
test_mask (void)
{
  static const StringCase cases[] = {
    { "13812345678", "138****5678" },
    { "+86 138-1234-5678", "138****5678" },
    { "010-12345678", "010-****5678" },     /* not a valid number, but landline-shaped */
    { "(010)12345678", "010-****5678" },
    { "010-62345678", "010-****5678" },
    { "01062345678", "010-****5678" },
    { "0755-8888888", "0755-****8888" },
    { "010-62345678-123", "010-****5678" },
    { "400-123-4567", "400-***-4567" },
    { "12812345678", "128****5678" },
    { "abcdefghij", "abc***ghij" },
    { "12345678", "123*5678" },
    { "1234567", "*******" },
    { "12345", "*****" },
    { "  ", "" },
    { "", "" },
    { "\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0\xe7\x9a\x84\xe7\x94\xb5\xe8\xaf\x9d\xe5\x8f\xb7"
      "\xe7\xa0\x81",  /* 张三丰的电话号码 */
      "\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0*\xe7\x94\xb5\xe8\xaf\x9d\xe5\x8f\xb7\xe7\xa0\x81" },
  };
  gsize i;
  char *masked;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      masked = kesu_mask_phone (cases[i].input);
      g_test_message ("mask \"%s\" -> \"%s\"", cases[i].input, masked);
      g_assert_cmpstr (masked, ==, cases[i].expected);
      g_free (masked);
    }

  masked = kesu_mask_phone (NULL);
  g_assert_cmpstr (masked, ==, "");
  g_free (masked);

  /* Invalid UTF-8 still gives valid UTF-8. */
  masked = kesu_mask_phone ("1381234\xff" "5678");
  g_assert_true (g_utf8_validate (masked, -1, NULL));
  g_assert_true (g_str_has_prefix (masked, "138"));
  g_assert_true (g_str_has_suffix (masked, "5678"));
  g_free (masked);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/validate/phone/mobile", test_phone_mobile);
  g_test_add_func ("/validate/phone/landline", test_phone_landline);
  g_test_add_func ("/validate/phone/service", test_phone_service);
  g_test_add_func ("/validate/phone/empty", test_phone_empty);
  g_test_add_func ("/validate/phone/is-mobile", test_phone_is_mobile);
  g_test_add_func ("/validate/vin/good", test_vin_good);
  g_test_add_func ("/validate/vin/check-digit", test_vin_check_digit);
  g_test_add_func ("/validate/vin/bad-check-digit", test_vin_bad_check_digit);
  g_test_add_func ("/validate/vin/bad-form", test_vin_bad_form);
  g_test_add_func ("/validate/plate/good", test_plate_good);
  g_test_add_func ("/validate/plate/bad", test_plate_bad);
  g_test_add_func ("/validate/date/good", test_date_good);
  g_test_add_func ("/validate/date/feb-30", test_date_feb_30);
  g_test_add_func ("/validate/date/bad-form", test_date_bad_form);
  g_test_add_func ("/validate/date/not-future", test_date_not_future);
  g_test_add_func ("/validate/datetime", test_datetime);
  g_test_add_func ("/validate/mileage", test_mileage);
  g_test_add_func ("/validate/text/good", test_text_good);
  g_test_add_func ("/validate/text/control-chars", test_text_control_chars);
  g_test_add_func ("/validate/text/required", test_text_required);
  g_test_add_func ("/validate/text/length", test_text_length);
  g_test_add_func ("/validate/mask", test_mask);

  return g_test_run ();
}
