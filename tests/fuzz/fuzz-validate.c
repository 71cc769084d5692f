/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the field checks (phone, VIN, plate, date, date-time, mileage, free
 * text), the amount parser and the evidence-file sniffer, with arbitrary bytes.  The
 * first byte picks the check; the rest, NUL-terminated, is the text.  Built with
 * -Dfuzzing=true and clang. */

#include <glib.h>
#include <string.h>

#include "kesu-intake.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;
  guint8 which;

  if (size == 0)
    return 0;
  which = data[0];
  text = g_strndup ((const char *) data + 1, size - 1);

  switch (which % 10)
    {
    case 0:
      if (kesu_validate_phone (text, &normalized, &error))
        {
          g_autofree char *masked = kesu_mask_phone (normalized);

          g_assert (normalized != NULL && masked != NULL);
          (void) kesu_phone_is_mobile (normalized);
        }
      break;
    case 1:
      if (kesu_validate_vin (text, &normalized, &error))
        g_assert (strlen (normalized) == 17);
      (void) kesu_vin_check_digit (text);
      break;
    case 2:
      (void) kesu_validate_plate (text, &normalized, &error);
      break;
    case 3:
      {
        GDate date;

        g_date_clear (&date, 1);
        if (kesu_validate_date (text, &date, &error))
          g_assert (g_date_valid (&date));
      }
      break;
    case 4:
      {
        GDateTime *dt = NULL;

        if (kesu_validate_datetime (text, &dt, &error))
          g_assert (dt != NULL);
        g_clear_pointer (&dt, g_date_time_unref);
      }
      break;
    case 5:
      {
        gint64 km = -1;

        if (kesu_validate_mileage (text, &km, &error))
          g_assert (km >= 0 && km <= 2000000);
      }
      break;
    case 6:
      (void) kesu_validate_text (text, 200, TRUE, &error);
      break;
    case 7:
      {
        g_autofree char *masked = kesu_mask_phone (text);

        g_assert (masked != NULL);
        (void) kesu_text_is_blank (text);
      }
      break;
    case 8:
      {
        gint64 fen = -1;

        if (kesu_parse_amount (text, &fen, &error))
          {
            g_autofree char *shown = kesu_format_amount (fen);

            g_assert (shown != NULL);
            g_assert (fen >= 0 && fen <= G_GINT64_CONSTANT (1000000000));
          }
      }
      break;
    case 9:
      /* The evidence sniffer, on the raw bytes. */
      (void) kesu_attachment_sniff (data + 1, size - 1);
      (void) kesu_attachment_type_for_name (text);
      break;
    }
  return 0;
}
