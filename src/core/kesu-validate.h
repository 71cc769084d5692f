/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Field checks shared by the intake form, the store, the command line and imports.
 * Each returns TRUE when the text is acceptable; otherwise FALSE with a KESU_ERROR_INVALID
 * GError whose message, in the user's language, says what is wrong (no field name in it:
 * the caller shows it beside the field). Input is trimmed of surrounding white space.
 * Full-width digits and letters (１２３, Ａ) count as their ASCII forms.  Empty or NULL text
 * is refused with "This field is required.": callers skip empty optional fields.  Result
 * pointers may be NULL; on failure string and GDateTime results are set to NULL, GDate and
 * gint64 results are left untouched. */

/* Mainland mobile (1[3-9]x, 11 digits, optional +86/86 prefix, spaces or dashes allowed)
 * or landline (area code 0xx/0xxx, 7–8 digit number, optional extension), or a 400/800
 * service number.  *normalized: mobile "13812345678", landline "010-12345678",
 * with extension "010-12345678-123", service "400-123-4567".  (These show the forms only: a
 * real local number never starts with 0 or 1, so "010-12345678" itself is refused.)  An
 * extension follows "-", "转" or "ext". */
gboolean kesu_validate_phone        (const char  *text,
                                     char       **normalized,
                                     GError     **error);
gboolean kesu_phone_is_mobile       (const char  *normalized);

/* 17 characters, digits and capital letters without I, O, Q; position 9 is the check
 * digit of ISO 3779 / GB 16735.  *normalized is upper-cased with spaces removed. */
gboolean kesu_validate_vin          (const char  *text,
                                     char       **normalized,
                                     GError     **error);
/* The check digit ('0'–'9' or 'X') for a 17-character VIN (position 9 ignored), or 0
 * when the VIN has a character that a VIN may not hold or is not 17 characters long
 * (lower case is accepted). */
char     kesu_vin_check_digit       (const char  *vin);

/* A mainland plate: province character, a letter, then 5 (ordinary) or 6 (new energy)
 * letters or digits; the last may be 学/警/挂/领/港/澳.  *normalized upper-cased,
 * without spaces, dots or dashes. */
gboolean kesu_validate_plate        (const char  *text,
                                     char       **normalized,
                                     GError     **error);

/* "YYYY-MM-DD" (also YYYY/MM/DD and YYYY.MM.DD) naming a real day: 2026-02-30 is refused. */
gboolean kesu_validate_date         (const char  *text,
                                     GDate       *out_date,
                                     GError     **error);
/* A day not after @today. */
gboolean kesu_validate_date_not_future (const GDate *date,
                                        const GDate *today,
                                        GError     **error);

/* "YYYY-MM-DD HH:MM" (seconds optional) in local time, a real instant. */
gboolean kesu_validate_datetime     (const char  *text,
                                     GDateTime  **out_datetime,
                                     GError     **error);

/* Kilometres: a whole number, not negative, at most 2,000,000; "12,345" and "12 345"
 * accepted. */
gboolean kesu_validate_mileage      (const char  *text,
                                     gint64      *out_km,
                                     GError     **error);

/* Free text: valid UTF-8, no control characters other than newline and tab, at most
 * @max_chars characters (not bytes; 0: no limit).  With @required, empty or blank text is
 * refused. */
gboolean kesu_validate_text         (const char  *text,
                                     gsize        max_chars,
                                     gboolean     required,
                                     GError     **error);
/* TRUE for NULL, "" and text of nothing but white space. */
gboolean kesu_text_is_blank         (const char  *text);

/* Personal data on paper and in exports: "138****1234" for mobiles; landlines keep the
 * area code and the last 4 digits (an extension is dropped).  Anything unrecognised keeps
 * its first 3 and last 4 characters when longer than 7, else is all stars.  Never NULL
 * (NULL gives ""). */
char    *kesu_mask_phone            (const char  *phone);

G_END_DECLS
