/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-error.h"
#include "kesu-intake.h"
#include "kesu-validate.h"

/* Clock skew between the PC and the customer's watch is not a reason to refuse. */
#define FUTURE_SLACK_SECONDS 120

KesuIntake *
kesu_intake_new (void)
{
  KesuIntake *intake = g_new0 (KesuIntake, 1);

  intake->channel = KESU_CHANNEL_PHONE;
  intake->emotion = KESU_EMOTION_CALM;
  intake->customer_type = KESU_CUSTOMER_TYPE_UNSPECIFIED;
  intake->category = KESU_CATEGORY_OTHER;
  intake->severity = KESU_SEVERITY_NORMAL;
  intake->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_attachment_free);
  return intake;
}

void
kesu_intake_free (KesuIntake *intake)
{
  if (intake == NULL)
    return;
  g_clear_pointer (&intake->received_at, g_date_time_unref);
  g_free (intake->customer_name);
  g_free (intake->customer_phone);
  g_free (intake->customer_other_contact);
  g_free (intake->customer_address);
  g_free (intake->vehicle_model);
  g_free (intake->vin);
  g_free (intake->plate);
  g_free (intake->purchase_date);
  g_free (intake->mileage);
  g_free (intake->order_number);
  g_free (intake->staff_involved);
  g_free (intake->description);
  g_free (intake->occurred_on);
  g_free (intake->occurred_place);
  g_free (intake->demand);
  g_clear_pointer (&intake->attachments, g_ptr_array_unref);
  g_free (intake);
}

KesuAttachment *
kesu_attachment_new (const char *filename,
                     const char *mime_type,
                     GBytes     *data)
{
  KesuAttachment *attachment = g_new0 (KesuAttachment, 1);

  attachment->filename = g_strdup (filename ? filename : "");
  attachment->mime_type = g_strdup (mime_type ? mime_type : "application/octet-stream");
  attachment->data = data ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
  return attachment;
}

KesuAttachment *
kesu_attachment_new_from_file (GFile   *file,
                               GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  const char *content_type;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("“%s” is not a file."), g_file_info_get_display_name (info));
      return NULL;
    }
  if (g_file_info_get_size (info) > KESU_ATTACHMENT_MAX_BYTES)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("“%s” is larger than %d MB and cannot be attached."),
                   g_file_info_get_display_name (info),
                   KESU_ATTACHMENT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  /* The file may have grown between the two looks. */
  if (g_bytes_get_size (bytes) > KESU_ATTACHMENT_MAX_BYTES)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("“%s” is larger than %d MB and cannot be attached."),
                   g_file_info_get_display_name (info),
                   KESU_ATTACHMENT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  content_type = g_file_info_get_content_type (info);
  if (content_type != NULL)
    mime = g_content_type_get_mime_type (content_type);

  return kesu_attachment_new (g_file_info_get_display_name (info), mime, bytes);
}

void
kesu_attachment_free (KesuAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->filename);
  g_free (attachment->mime_type);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment);
}

void
kesu_intake_add_attachment (KesuIntake     *intake,
                            KesuAttachment *attachment)
{
  g_return_if_fail (intake != NULL);
  g_return_if_fail (attachment != NULL);
  g_ptr_array_add (intake->attachments, attachment);
}

void
kesu_field_problem_free (KesuFieldProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

static char *
check_text (const char *text,
            gsize       max_chars,
            gboolean    required)
{
  g_autoptr(GError) error = NULL;

  if (!kesu_validate_text (text ? text : "", max_chars, required, &error))
    return g_strdup (error->message);
  return NULL;
}

/* An optional date that may not be after the day the complaint was received (nor today). */
static char *
check_past_date (const char *text,
                 GDateTime  *received_at,
                 GDateTime  *now,
                 const char *after_received_message)
{
  g_autoptr(GError) error = NULL;
  GDate date, today;

  if (kesu_text_is_blank (text))
    return NULL;
  if (!kesu_validate_date (text, &date, &error))
    return g_strdup (error->message);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!kesu_validate_date_not_future (&date, &today, &error))
    return g_strdup (error->message);

  if (received_at != NULL)
    {
      GDate received;

      g_date_clear (&received, 1);
      g_date_set_dmy (&received,
                      g_date_time_get_day_of_month (received_at),
                      g_date_time_get_month (received_at),
                      g_date_time_get_year (received_at));
      if (g_date_compare (&date, &received) > 0)
        return g_strdup (after_received_message);
    }
  return NULL;
}

char *
kesu_intake_check_field (const KesuIntake *intake,
                         KesuField         field,
                         GDateTime        *now)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (intake != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  switch (field)
    {
    case KESU_FIELD_CHANNEL:
      if ((guint) intake->channel >= KESU_N_CHANNELS)
        return g_strdup (_("Choose how the complaint came in."));
      return NULL;

    case KESU_FIELD_RECEIVED_AT:
      if (intake->received_at == NULL)
        return g_strdup (_("Enter when the complaint was received."));
      if (g_date_time_difference (intake->received_at, now)
          > (GTimeSpan) FUTURE_SLACK_SECONDS * G_TIME_SPAN_SECOND)
        return g_strdup (_("The received time is in the future."));
      return NULL;

    case KESU_FIELD_RECEIVED_BY:
      if (intake->received_by <= 0)
        return g_strdup (_("Choose who received the complaint."));
      return NULL;

    case KESU_FIELD_CUSTOMER_NAME:
      return check_text (intake->customer_name, KESU_SHORT_TEXT_MAX_CHARS, TRUE);

    case KESU_FIELD_CUSTOMER_PHONE:
      if (kesu_text_is_blank (intake->customer_phone))
        return g_strdup (_("This field is required."));
      if (!kesu_validate_phone (intake->customer_phone, NULL, &error))
        return g_strdup (error->message);
      return NULL;

    case KESU_FIELD_CUSTOMER_OTHER_CONTACT:
      return check_text (intake->customer_other_contact, KESU_SHORT_TEXT_MAX_CHARS, FALSE);

    case KESU_FIELD_CUSTOMER_ADDRESS:
      return check_text (intake->customer_address, KESU_SHORT_TEXT_MAX_CHARS, FALSE);

    case KESU_FIELD_VEHICLE_MODEL:
      return check_text (intake->vehicle_model, KESU_SHORT_TEXT_MAX_CHARS, FALSE);

    case KESU_FIELD_VIN:
      if (kesu_text_is_blank (intake->vin))
        return NULL;
      if (!kesu_validate_vin (intake->vin, NULL, &error))
        return g_strdup (error->message);
      return NULL;

    case KESU_FIELD_PLATE:
      if (kesu_text_is_blank (intake->plate))
        return NULL;
      if (!kesu_validate_plate (intake->plate, NULL, &error))
        return g_strdup (error->message);
      return NULL;

    case KESU_FIELD_PURCHASE_DATE:
      return check_past_date (intake->purchase_date, intake->received_at, now,
                              _("The purchase date is after the complaint was received."));

    case KESU_FIELD_MILEAGE:
      if (kesu_text_is_blank (intake->mileage))
        return NULL;
      if (!kesu_validate_mileage (intake->mileage, NULL, &error))
        return g_strdup (error->message);
      return NULL;

    case KESU_FIELD_ORDER_NUMBER:
      return check_text (intake->order_number, KESU_SHORT_TEXT_MAX_CHARS, FALSE);

    case KESU_FIELD_STAFF_INVOLVED:
      return check_text (intake->staff_involved, KESU_SHORT_TEXT_MAX_CHARS, FALSE);

    case KESU_FIELD_DESCRIPTION:
      return check_text (intake->description, KESU_TEXT_MAX_CHARS, TRUE);

    case KESU_FIELD_OCCURRED_ON:
      return check_past_date (intake->occurred_on, intake->received_at, now,
                              _("It cannot have happened after the complaint was received."));

    case KESU_FIELD_OCCURRED_PLACE:
      return check_text (intake->occurred_place, KESU_SHORT_TEXT_MAX_CHARS, FALSE);

    case KESU_FIELD_DEMAND:
      return check_text (intake->demand, KESU_TEXT_MAX_CHARS, TRUE);

    case KESU_FIELD_EMOTION:
      if ((guint) intake->emotion >= KESU_N_EMOTIONS)
        return g_strdup (_("Choose the customer's emotional state."));
      return NULL;

    case KESU_FIELD_CUSTOMER_TYPE:
      if ((guint) intake->customer_type >= KESU_N_CUSTOMER_TYPES)
        return g_strdup (_("Choose the customer type."));
      return NULL;

    case KESU_FIELD_CATEGORY:
      if ((guint) intake->category >= KESU_N_CATEGORIES)
        return g_strdup (_("Choose a category."));
      return NULL;

    case KESU_FIELD_SEVERITY:
      if ((guint) intake->severity >= KESU_N_SEVERITIES)
        return g_strdup (_("Choose a severity."));
      return NULL;

    case KESU_FIELD_HANDLER:
      if (intake->handler_id <= 0)
        return g_strdup (_("Choose the handler who will own this complaint."));
      return NULL;

    case KESU_FIELD_ATTACHMENTS:
      if (intake->attachments == NULL)
        return NULL;
      if (intake->attachments->len > KESU_ATTACHMENT_MAX_COUNT)
        return g_strdup_printf (_("At most %d files can be attached."),
                                KESU_ATTACHMENT_MAX_COUNT);
      for (guint i = 0; i < intake->attachments->len; i++)
        {
          KesuAttachment *a = g_ptr_array_index (intake->attachments, i);

          if (g_bytes_get_size (a->data) > KESU_ATTACHMENT_MAX_BYTES)
            return g_strdup_printf (_("“%s” is larger than %d MB and cannot be attached."),
                                    a->filename, KESU_ATTACHMENT_MAX_BYTES / (1024 * 1024));
          if (!kesu_validate_text (a->filename, 255, TRUE, NULL))
            return g_strdup (_("An attached file has no usable name."));
        }
      return NULL;

    case KESU_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

GPtrArray *
kesu_intake_check (const KesuIntake *intake,
                   GDateTime        *now)
{
  GPtrArray *problems;

  g_return_val_if_fail (intake != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_field_problem_free);
  for (guint f = 0; f < KESU_N_FIELDS; f++)
    {
      char *message = kesu_intake_check_field (intake, f, now);

      if (message != NULL)
        {
          KesuFieldProblem *problem = g_new0 (KesuFieldProblem, 1);

          problem->field = f;
          problem->message = message;
          g_ptr_array_add (problems, problem);
        }
    }
  return problems;
}
