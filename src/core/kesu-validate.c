/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-validate"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-validate.h"
#include "kesu-error.h"

#define MAX_MILEAGE_KM 2000000
#define MAX_EXTENSION_DIGITS 6

static gboolean set_invalid (GError    **error,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

/* Always returns FALSE, so that a check can end with "return set_invalid (…);". */
static gboolean
set_invalid (GError    **error,
             const char *format,
             ...)
{
  va_list args;
  char   *message;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, message);
  g_free (message);

  return FALSE;
}

/* A copy of @text with surrounding white space removed and the full-width forms that
 * Chinese input methods produce (１２３, Ａ, －, （）, the ideographic space) folded to ASCII,
 * so that the checks below need only look at ASCII.  NULL with an error when the text is
 * not UTF-8 or is empty. */
static char *
prepare_input (const char *text,
               GError    **error)
{
  GString    *out;
  const char *p;
  char       *result;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      set_invalid (error, _("The text is not valid UTF-8."));
      return NULL;
    }

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        g_string_append_c (out, (char) (c - 0xFEE0));
      else if (c == 0x3000 || c == 0x00A0 || c == 0x202F)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  result = g_strstrip (g_string_free (out, FALSE));
  if (*result == '\0')
    {
      g_free (result);
      set_invalid (error, _("This field is required."));
      return NULL;
    }

  return result;
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;

  return TRUE;
}

static gboolean
all_alnum (const char *s,
           gsize       len)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]))
      return FALSE;

  return TRUE;
}

static void
set_out_string (char **out,
                char  *value)
{
  if (out != NULL)
    *out = value;
  else
    g_free (value);
}

/* Phones ------------------------------------------------------------------------------- */

typedef enum
{
  PHONE_NONE,
  PHONE_MOBILE,
  PHONE_LANDLINE,
  PHONE_SERVICE,
} PhoneKind;

static gboolean
digits_are_mobile (const char *d,
                   gsize       len)
{
  return len == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && all_digits (d, len);
}

/* Length of the area code at the start of @d (010, 020–029, 0[3-9]xx), or 0. */
static gsize
area_code_length (const char *d,
                  gsize       len)
{
  if (len < 3 || d[0] != '0')
    return 0;
  if ((d[1] == '1' && d[2] == '0') || d[1] == '2')
    return 3;
  if (d[1] >= '3' && d[1] <= '9' && len >= 4)
    return 4;
  return 0;
}

/* Classifies @len digits of @d; on success *main_part is the normalized form without an
 * extension. */
static PhoneKind
classify_digits (const char *d,
                 gsize       len,
                 char      **main_part)
{
  gsize area_len;

  *main_part = NULL;

  if (digits_are_mobile (d, len))
    {
      *main_part = g_strndup (d, len);
      return PHONE_MOBILE;
    }

  if (len == 10 && (strncmp (d, "400", 3) == 0 || strncmp (d, "800", 3) == 0))
    {
      *main_part = g_strdup_printf ("%.3s-%.3s-%.4s", d, d + 3, d + 6);
      return PHONE_SERVICE;
    }

  area_len = area_code_length (d, len);
  if (area_len > 0)
    {
      const char *local = d + area_len;
      gsize       local_len = len - area_len;

      /* Local numbers never start with 0 (trunk prefix) or 1 (special services). */
      if ((local_len == 7 || local_len == 8) && local[0] != '0' && local[0] != '1')
        {
          *main_part = g_strdup_printf ("%.*s-%.*s", (int) area_len, d, (int) local_len, local);
          return PHONE_LANDLINE;
        }
    }

  return PHONE_NONE;
}

/* Finds an extension written as "转123", "ext 123", "ext.123" or "分机123": cuts it off
 * @s and returns it (trimmed), or NULL when there is none. */
static char *
split_extension (char *s)
{
  static const char *const markers[] = { "\xe8\xbd\xac" /* 转 */,
                                         "\xe5\x88\x86\xe6\x9c\xba" /* 分机 */ };
  char                    *mark = NULL;
  gsize                    mark_len = 0;
  char                    *ext;
  gsize                    i;

  for (i = 0; i < G_N_ELEMENTS (markers) && mark == NULL; i++)
    {
      mark = strstr (s, markers[i]);
      mark_len = strlen (markers[i]);
    }

  if (mark == NULL)
    {
      char *p;

      for (p = s; *p != '\0' && mark == NULL; p++)
        if (g_ascii_strncasecmp (p, "ext", 3) == 0)
          {
            mark = p;
            mark_len = p[3] == '.' ? 4 : 3;
          }
    }

  if (mark == NULL)
    return NULL;

  ext = g_strstrip (g_strdup (mark + mark_len));
  *mark = '\0';
  g_strchomp (s);

  return ext;
}

gboolean
kesu_validate_phone (const char  *text,
                     char       **normalized,
                     GError     **error)
{
  g_autofree char    *s = NULL;
  g_autofree char    *ext = NULL;
  g_autofree char    *main_part = NULL;
  g_autoptr (GString) digits = NULL;
  const char         *p;
  const char         *d;
  gsize               len;
  gsize               last_group_len = 0;
  guint               n_groups = 0;
  gboolean            last_group_after_dash = FALSE;
  gboolean            in_group = FALSE;
  gboolean            after_dash = FALSE;
  gboolean            leading_plus = FALSE;
  gboolean            international = FALSE;
  int                 open_parens = 0;
  int                 close_parens = 0;
  PhoneKind           kind;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  s = prepare_input (text, error);
  if (s == NULL)
    return FALSE;

  ext = split_extension (s);

  /* Collect the digits, remembering the last group in case it is an extension after a
   * dash ("010-62345678-123"). */
  digits = g_string_new (NULL);
  for (p = s; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (!in_group)
            {
              n_groups++;
              last_group_len = 0;
              last_group_after_dash = after_dash;
              after_dash = FALSE;
              in_group = TRUE;
            }
          g_string_append_c (digits, *p);
          last_group_len++;
          continue;
        }

      in_group = FALSE;
      if (*p == '-')
        {
          after_dash = TRUE;
        }
      else if (*p == ' ')
        {
          /* Spaces around a dash keep it: "010 - 62345678". */
        }
      else if (*p == '(' && open_parens == 0)
        {
          open_parens++;
        }
      else if (*p == ')' && open_parens == 1 && close_parens == 0)
        {
          close_parens++;
          after_dash = FALSE;
        }
      else if (*p == '+' && p == s)
        {
          leading_plus = TRUE;
        }
      else
        {
          return set_invalid (error, _("A phone number has only digits, spaces and dashes."));
        }
    }

  if (open_parens != close_parens || digits->len == 0)
    return set_invalid (error, _("Not a mainland mobile or landline number."));

  d = digits->str;
  len = digits->len;

  /* Country prefix and the trunk 0 some people put before mobiles. */
  if (leading_plus)
    {
      if (len < 2 || d[0] != '8' || d[1] != '6')
        return set_invalid (error, _("Not a mainland mobile or landline number."));
      d += 2;
      len -= 2;
      international = TRUE;
    }
  else if (len > 4 && strncmp (d, "0086", 4) == 0)
    {
      d += 4;
      len -= 4;
      international = TRUE;
    }
  else if (len == 13 && d[0] == '8' && d[1] == '6' && digits_are_mobile (d + 2, 11))
    {
      d += 2;
      len -= 2;
    }
  else if (len == 12 && d[0] == '0' && digits_are_mobile (d + 1, 11))
    {
      d += 1;
      len -= 1;
    }

  if (last_group_len > len)
    last_group_len = 0;

  /* From abroad the area code loses its 0: "+86 10 6234 5678". */
  if (international && len > 0 && d[0] != '0' && !digits_are_mobile (d, len)
      && !(len == 10 && (strncmp (d, "400", 3) == 0 || strncmp (d, "800", 3) == 0)))
    {
      gssize offset = d - digits->str;

      g_string_insert_c (digits, offset, '0');
      d = digits->str + offset;
      len++;
    }

  kind = classify_digits (d, len, &main_part);

  if (kind == PHONE_NONE && ext == NULL && n_groups >= 2 && last_group_after_dash
      && last_group_len >= 1 && last_group_len <= MAX_EXTENSION_DIGITS)
    {
      kind = classify_digits (d, len - last_group_len, &main_part);
      if (kind == PHONE_LANDLINE || kind == PHONE_SERVICE)
        ext = g_strndup (d + len - last_group_len, last_group_len);
      else
        {
          kind = PHONE_NONE;
          g_clear_pointer (&main_part, g_free);
        }
    }

  if (kind == PHONE_NONE)
    {
      if (d[0] == '1' && len != 11 && !international)
        return set_invalid (error, _("A mobile number has 11 digits; this one has %d."),
                            (int) len);
      if ((len == 7 || len == 8) && d[0] >= '2' && d[0] <= '9' && !international)
        return set_invalid (error, _("A landline number needs its area code, e.g. 010-62345678."));
      return set_invalid (error, _("Not a mainland mobile or landline number."));
    }

  if (ext != NULL)
    {
      gsize ext_len = strlen (ext);

      if (kind == PHONE_MOBILE)
        return set_invalid (error, _("Not a mainland mobile or landline number."));
      if (ext_len == 0 || ext_len > MAX_EXTENSION_DIGITS || !all_digits (ext, ext_len))
        return set_invalid (error, _("An extension has 1 to 6 digits."));

      set_out_string (normalized, g_strconcat (main_part, "-", ext, NULL));
      return TRUE;
    }

  set_out_string (normalized, g_steal_pointer (&main_part));
  return TRUE;
}

gboolean
kesu_phone_is_mobile (const char *normalized)
{
  if (normalized == NULL)
    return FALSE;

  return digits_are_mobile (normalized, strlen (normalized));
}

/* VIN ---------------------------------------------------------------------------------- */

#define VIN_LENGTH 17

/* ISO 3779 transliteration of A–Z; 0 for I, O and Q, which a VIN may not hold. */
static const guint8 vin_letter_values[26] = {
  1, 2, 3, 4, 5, 6, 7, 8, 0, /* A–I */
  1, 2, 3, 4, 5, 0, 7, 0, 9, /* J–R */
  2, 3, 4, 5, 6, 7, 8, 9,    /* S–Z */
};

static const guint8 vin_weights[VIN_LENGTH] = {
  8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2,
};

/* The transliterated value of @c, or -1 when a VIN may not hold it. */
static int
vin_char_value (char c)
{
  c = g_ascii_toupper (c);

  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z' && vin_letter_values[c - 'A'] != 0)
    return vin_letter_values[c - 'A'];

  return -1;
}

char
kesu_vin_check_digit (const char *vin)
{
  guint sum = 0;
  guint i;

  g_return_val_if_fail (vin != NULL, 0);

  if (strlen (vin) != VIN_LENGTH)
    return 0;

  for (i = 0; i < VIN_LENGTH; i++)
    {
      int value;

      if (i == 8)
        continue;

      value = vin_char_value (vin[i]);
      if (value < 0)
        return 0;
      sum += (guint) value * vin_weights[i];
    }

  sum %= 11;

  return sum == 10 ? 'X' : (char) ('0' + sum);
}

gboolean
kesu_validate_vin (const char  *text,
                   char       **normalized,
                   GError     **error)
{
  g_autofree char *s = NULL;
  const char      *p;
  char            *q;
  glong            n_chars;
  char             check;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  s = prepare_input (text, error);
  if (s == NULL)
    return FALSE;

  /* Drop inner spaces ("LSV AU218 XN2183294") and upper-case the ASCII letters. */
  for (p = s, q = s; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      *q++ = g_ascii_toupper (*p);
  *q = '\0';

  n_chars = g_utf8_strlen (s, -1);
  if (n_chars != VIN_LENGTH)
    return set_invalid (error, _("A VIN has 17 characters; this one has %d."), (int) n_chars);

  for (p = s; *p != '\0'; p++)
    {
      if (*p == 'I' || *p == 'O' || *p == 'Q')
        return set_invalid (error, _("A VIN never contains I, O or Q; did you mean 1 or 0?"));
      if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
        return set_invalid (error, _("A VIN has only capital letters and digits."));
    }

  check = kesu_vin_check_digit (s);
  g_assert (check != 0);
  if (s[8] != check)
    return set_invalid (error,
                        _("The check digit (9th character) should be %c; please check the VIN."),
                        check);

  set_out_string (normalized, g_steal_pointer (&s));
  return TRUE;
}

/* Plates ------------------------------------------------------------------------------- */

static const char plate_provinces[] =
  "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
static const char plate_suffixes[] = "学警挂领港澳";

/* Whether the single character at @p is one of the characters in @set. */
static gboolean
utf8_char_in (const char *p,
              const char *set)
{
  gunichar    c = g_utf8_get_char (p);
  const char *s;

  for (s = set; *s != '\0'; s = g_utf8_next_char (s))
    if (g_utf8_get_char (s) == c)
      return TRUE;

  return FALSE;
}

static gboolean
is_plate_separator (gunichar c)
{
  /* The dot printed on plates (·), its look-alikes, dashes and spaces. */
  return c == ' ' || c == '-' || c == '.' || c == 0x00B7 || c == 0x2022 || c == 0x30FB
         || c == 0x2219 || c == 0x2027;
}

gboolean
kesu_validate_plate (const char  *text,
                     char       **normalized,
                     GError     **error)
{
  g_autofree char *s = NULL;
  g_autofree char *plate = NULL;
  GString         *out;
  const char      *p;
  const char      *rest;
  glong            n_chars;
  gsize            rest_len;
  gboolean         ok = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  s = prepare_input (text, error);
  if (s == NULL)
    return FALSE;

  out = g_string_new (NULL);
  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_plate_separator (c))
        continue;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_toupper ((char) c));
      else
        g_string_append_unichar (out, c);
    }
  plate = g_string_free (out, FALSE);

  if (*plate == '\0' || !utf8_char_in (plate, plate_provinces))
    return set_invalid (error,
                        _("A plate starts with a province abbreviation such as 京 or 粤."));

  n_chars = g_utf8_strlen (plate, -1);
  if (n_chars != 7 && n_chars != 8)
    return set_invalid (error, _("A plate has 7 characters, or 8 for a new-energy vehicle."));

  /* After the province: the letter of the issuing office, then the number. */
  p = g_utf8_next_char (plate);
  if (g_ascii_isupper (*p))
    {
      rest = p + 1;
      rest_len = strlen (rest);

      if (n_chars == 7)
        {
          /* Ordinary: 5 letters or digits; the last may be 学, 警, 挂, 领, 港 or 澳. */
          ok = rest_len >= 5 && all_alnum (rest, 4)
               && (rest_len == 5 ? g_ascii_isalnum (rest[4])
                                 : utf8_char_in (rest + 4, plate_suffixes));
        }
      else
        {
          /* New energy: D (electric) or F (hybrid) first (small cars) or last (large). */
          ok = rest_len == 6 && all_alnum (rest, 6)
               && (rest[0] == 'D' || rest[0] == 'F' || rest[5] == 'D' || rest[5] == 'F');
        }
    }

  if (!ok)
    return set_invalid (error,
                        _("Not a mainland plate number; expected e.g. 粤B12345 or 粤BD12345."));

  set_out_string (normalized, g_steal_pointer (&plate));
  return TRUE;
}

/* Dates and times ---------------------------------------------------------------------- */

#define MIN_YEAR 1900
#define MAX_YEAR 2999

/* Reads 1 to @max_digits digits (exactly @max_digits when @exact) at *p. */
static gboolean
read_number (const char **p,
             guint        max_digits,
             gboolean     exact,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit ((*p)[0]))
    {
      *value = *value * 10 + (guint) ((*p)[0] - '0');
      (*p)++;
      n++;
    }

  return exact ? n == max_digits : n > 0;
}

static gboolean
skip_literal (const char **p,
              const char  *literal)
{
  gsize len = strlen (literal);

  if (strncmp (*p, literal, len) != 0)
    return FALSE;

  *p += len;
  return TRUE;
}

/* Reads "YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD" or "YYYY年MM月DD日" (month and day may
 * have one digit) at *p; only the form is checked. */
static gboolean
read_ymd (const char **p,
          guint       *year,
          guint       *month,
          guint       *day)
{
  char sep;

  if (!read_number (p, 4, TRUE, year))
    return FALSE;

  if (skip_literal (p, "年"))
    {
      if (!read_number (p, 2, FALSE, month) || !skip_literal (p, "月")
          || !read_number (p, 2, FALSE, day))
        return FALSE;
      skip_literal (p, "日");
      return TRUE;
    }

  sep = **p;
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  (*p)++;

  if (!read_number (p, 2, FALSE, month) || **p != sep)
    return FALSE;
  (*p)++;

  return read_number (p, 2, FALSE, day);
}

/* Checks the range of the year and that the day exists. */
static gboolean
check_ymd (guint    year,
           guint    month,
           guint    day,
           GError **error)
{
  if (year < MIN_YEAR || year > MAX_YEAR)
    return set_invalid (error, _("The year should be between 1900 and 2999."));

  if (month < 1 || month > 12 || day < 1
      || day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return set_invalid (error, _("This date does not exist."));

  return TRUE;
}

gboolean
kesu_validate_date (const char  *text,
                    GDate       *out_date,
                    GError     **error)
{
  g_autofree char *s = NULL;
  const char      *p;
  guint            year, month, day;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = prepare_input (text, error);
  if (s == NULL)
    return FALSE;

  p = s;
  if (!read_ymd (&p, &year, &month, &day) || *p != '\0')
    return set_invalid (error, _("Use the form YYYY-MM-DD."));

  if (!check_ymd (year, month, day, error))
    return FALSE;

  if (out_date != NULL)
    g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

gboolean
kesu_validate_date_not_future (const GDate *date,
                               const GDate *today,
                               GError     **error)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_date_compare (date, today) > 0)
    return set_invalid (error, _("The date is in the future."));

  return TRUE;
}

gboolean
kesu_validate_datetime (const char  *text,
                        GDateTime  **out_datetime,
                        GError     **error)
{
  g_autofree char *s = NULL;
  const char      *p;
  guint            year, month, day;
  guint            hour, minute, second = 0;
  GDateTime       *dt;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_datetime != NULL)
    *out_datetime = NULL;

  s = prepare_input (text, error);
  if (s == NULL)
    return FALSE;

  p = s;
  if (!read_ymd (&p, &year, &month, &day) || (*p != ' ' && *p != 'T'))
    return set_invalid (error, _("Use the form YYYY-MM-DD HH:MM."));
  if (*p == 'T')
    p++;
  else
    while (*p == ' ')
      p++;

  if (!read_number (&p, 2, FALSE, &hour) || *p++ != ':' || !read_number (&p, 2, TRUE, &minute))
    return set_invalid (error, _("Use the form YYYY-MM-DD HH:MM."));
  if (*p == ':')
    {
      p++;
      if (!read_number (&p, 2, TRUE, &second))
        return set_invalid (error, _("Use the form YYYY-MM-DD HH:MM."));
    }
  if (*p != '\0')
    return set_invalid (error, _("Use the form YYYY-MM-DD HH:MM."));

  if (!check_ymd (year, month, day, error))
    return FALSE;

  if (hour > 23 || minute > 59 || second > 59)
    return set_invalid (error, _("This time of day does not exist."));

  dt = g_date_time_new_local ((int) year, (int) month, (int) day, (int) hour, (int) minute,
                              (gdouble) second);
  if (dt == NULL)
    return set_invalid (error, _("This time of day does not exist."));

  if (out_datetime != NULL)
    *out_datetime = dt;
  else
    g_date_time_unref (dt);

  return TRUE;
}

/* Mileage ------------------------------------------------------------------------------ */

static gboolean
strip_suffix (char       *s,
              const char *suffix,
              gboolean    ignore_case)
{
  gsize len = strlen (s);
  gsize suffix_len = strlen (suffix);
  char *tail;

  if (len < suffix_len)
    return FALSE;

  tail = s + len - suffix_len;
  if (ignore_case ? g_ascii_strcasecmp (tail, suffix) != 0 : strcmp (tail, suffix) != 0)
    return FALSE;

  *tail = '\0';
  g_strchomp (s);
  return TRUE;
}

gboolean
kesu_validate_mileage (const char  *text,
                       gint64      *out_km,
                       GError     **error)
{
  g_autofree char *s = NULL;
  const char      *p;
  gint64           km = 0;
  gboolean         too_large = FALSE;
  char             separator = 0;
  guint            group_len = 0;
  guint            n_groups = 1;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = prepare_input (text, error);
  if (s == NULL)
    return FALSE;

  if (s[0] == '-' && g_ascii_isdigit (s[1]))
    return set_invalid (error, _("Mileage cannot be negative."));

  if (!strip_suffix (s, "km", TRUE))
    if (!strip_suffix (s, "公里", FALSE))
      strip_suffix (s, "千米", FALSE);

  /* Digits, optionally grouped by thousands with commas or spaces ("12,345", "12 345"). */
  for (p = s; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          group_len++;
          if (n_groups > 1 && group_len > 3)
            break;
          if (!too_large)
            {
              km = km * 10 + (*p - '0');
              too_large = km > MAX_MILEAGE_KM;
            }
          continue;
        }

      if ((*p != ',' && *p != ' ') || (separator != 0 && *p != separator))
        break;
      if (group_len == 0 || (n_groups == 1 && group_len > 3) || (n_groups > 1 && group_len != 3))
        break;
      separator = *p;
      group_len = 0;
      n_groups++;
    }

  if (*p != '\0' || group_len == 0 || (n_groups > 1 && group_len != 3))
    return set_invalid (error, _("Mileage is a whole number of kilometres, e.g. 12345."));

  if (too_large)
    return set_invalid (error, _("Mileage cannot be more than 2,000,000 km."));

  if (out_km != NULL)
    *out_km = km;

  return TRUE;
}

/* Free text ---------------------------------------------------------------------------- */

gboolean
kesu_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
kesu_validate_text (const char *text,
                    gsize       max_chars,
                    gboolean    required,
                    GError    **error)
{
  const char *p;
  gboolean    blank = TRUE;
  glong       n_chars;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    return set_invalid (error, _("The text is not valid UTF-8."));

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Pasted text can carry form feeds, escapes and the like that print as nothing. */
      if ((c < 0x20 && c != '\n' && c != '\t' && !(c == '\r' && p[1] == '\n'))
          || (c >= 0x7F && c <= 0x9F))
        return set_invalid (error,
                            _("The text contains invisible control characters; please retype it."));

      if (!g_unichar_isspace (c))
        blank = FALSE;
    }

  if (required && blank)
    return set_invalid (error, _("This field is required."));

  n_chars = g_utf8_strlen (text, -1);
  if (max_chars > 0 && (gsize) n_chars > max_chars)
    return set_invalid (error,
                        ngettext ("Too long: at most %lu character, this text has %lu.",
                                  "Too long: at most %lu characters, this text has %lu.",
                                  (unsigned long) max_chars),
                        (unsigned long) max_chars, (unsigned long) n_chars);

  return TRUE;
}

/* Masking ------------------------------------------------------------------------------ */

static void
append_last_digits (GString    *out,
                    const char *digits,
                    gsize       n)
{
  gsize len = strlen (digits);

  g_string_append (out, len > n ? digits + len - n : digits);
}

/* A landline that does not validate (old data, "010-12345678"): an area code group and a
 * number group of at least 5 digits. */
static char *
mask_loose_landline (const char *s)
{
  g_auto (GStrv) groups = NULL;
  g_autoptr (GPtrArray) digit_groups = g_ptr_array_new ();
  const char *p;
  gsize       i;
  gsize       area_len;

  for (p = s; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr (" -()", *p) == NULL)
      return NULL;

  groups = g_strsplit_set (s, " -()", -1);
  for (i = 0; groups[i] != NULL; i++)
    if (groups[i][0] != '\0')
      g_ptr_array_add (digit_groups, groups[i]);

  if (digit_groups->len < 2)
    return NULL;

  area_len = strlen (g_ptr_array_index (digit_groups, 0));
  if ((area_len != 3 && area_len != 4)
      || area_code_length (g_ptr_array_index (digit_groups, 0), area_len) != area_len
      || strlen (g_ptr_array_index (digit_groups, 1)) < 5)
    return NULL;

  return g_strdup_printf ("%s-****%s", (char *) g_ptr_array_index (digit_groups, 0),
                          (char *) g_ptr_array_index (digit_groups, 1)
                            + strlen (g_ptr_array_index (digit_groups, 1)) - 4);
}

char *
kesu_mask_phone (const char *phone)
{
  g_autofree char *normalized = NULL;
  g_autofree char *valid = NULL;
  GString         *out;
  char            *loose;
  const char      *p;
  glong            n_chars;
  glong            i;

  if (phone == NULL)
    return g_strdup ("");

  if (kesu_validate_phone (phone, &normalized, NULL))
    {
      out = g_string_new (NULL);
      if (kesu_phone_is_mobile (normalized))
        {
          g_string_append_len (out, normalized, 3);
          g_string_append (out, "****");
          append_last_digits (out, normalized, 4);
        }
      else
        {
          /* "AREA-LOCAL[-EXT]" or "400-123-4567[-EXT]": keep the first group and the last
           * 4 digits of the number; an extension is dropped. */
          g_auto (GStrv) parts = g_strsplit (normalized, "-", -1);
          gboolean       service = g_strv_length (parts) >= 3 && strlen (parts[1]) == 3;
          g_autofree char *number = service ? g_strconcat (parts[1], parts[2], NULL)
                                            : g_strdup (parts[1]);

          g_string_append (out, parts[0]);
          g_string_append (out, service ? "-***-" : "-****");
          append_last_digits (out, number, 4);
        }
      return g_string_free (out, FALSE);
    }

  valid = g_utf8_make_valid (phone, -1);
  g_strstrip (valid);

  loose = mask_loose_landline (valid);
  if (loose != NULL)
    return loose;

  /* Anything else: the first 3 and last 4 characters when there are more than 7. */
  out = g_string_new (NULL);
  n_chars = g_utf8_strlen (valid, -1);
  for (p = valid, i = 0; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      if (n_chars > 7 && (i < 3 || i >= n_chars - 4))
        g_string_append_unichar (out, g_utf8_get_char (p));
      else
        g_string_append_c (out, '*');
    }

  return g_string_free (out, FALSE);
}
