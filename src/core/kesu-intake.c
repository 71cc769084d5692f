/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-intake"

#include "config.h"

#include <string.h>

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
  return kesu_attachment_new_from_file_full (file, 0, error);
}

static char *
too_large_message (const char *name,
                   gsize       max_bytes)
{
  return g_strdup_printf (_("“%s” is larger than %d MB and cannot be attached."), name,
                          (int) MAX (max_bytes / (1024 * 1024), 1));
}

KesuAttachment *
kesu_attachment_new_from_file_full (GFile   *file,
                                    gsize    max_bytes,
                                    GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  g_autoptr(KesuAttachment) attachment = NULL;
  g_autofree char *problem = NULL;
  const char *content_type;
  const char *claimed;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (max_bytes == 0)
    max_bytes = KESU_ATTACHMENT_MAX_BYTES;

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
  if (g_file_info_get_size (info) < 0 || (guint64) g_file_info_get_size (info) > max_bytes)
    {
      problem = too_large_message (g_file_info_get_display_name (info), max_bytes);
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, problem);
      return NULL;
    }

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  /* The file may have grown between the two looks. */
  if (g_bytes_get_size (bytes) > max_bytes)
    {
      problem = too_large_message (g_file_info_get_display_name (info), max_bytes);
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, problem);
      return NULL;
    }

  /* The type the name claims, when it is an evidence type; else what GIO says. */
  claimed = kesu_attachment_type_for_name (g_file_info_get_display_name (info));
  if (claimed != NULL)
    mime = g_strdup (claimed);
  else
    {
      content_type = g_file_info_get_content_type (info);
      if (content_type != NULL)
        mime = g_content_type_get_mime_type (content_type);
    }

  attachment = kesu_attachment_new (g_file_info_get_display_name (info), mime, bytes);
  problem = kesu_attachment_check (attachment, max_bytes);
  if (problem != NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, problem);
      return NULL;
    }
  return g_steal_pointer (&attachment);
}

/* ---- what the content is ---- */

typedef struct
{
  const char *ext;
  const char *mime;
} ExtType;

/* The evidence types: photos, scans, recordings, videos. */
static const ExtType ext_types[] = {
  { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "jpe", "image/jpeg" },
  { "jfif", "image/jpeg" },
  { "png", "image/png" },
  { "gif", "image/gif" },
  { "webp", "image/webp" },
  { "heic", "image/heic" }, { "heif", "image/heic" },
  { "pdf", "application/pdf" },
  { "mp3", "audio/mpeg" },
  { "m4a", "audio/mp4" },
  { "aac", "audio/aac" },
  { "wav", "audio/x-wav" },
  { "amr", "audio/amr" },
  { "ogg", "audio/ogg" }, { "oga", "audio/ogg" }, { "opus", "audio/ogg" },
  { "flac", "audio/flac" },
  { "mp4", "video/mp4" }, { "m4v", "video/mp4" },
  { "mov", "video/quicktime" },
  { "3gp", "video/3gpp" },
  { "avi", "video/x-msvideo" },
  { "webm", "video/webm" }, { "mkv", "video/x-matroska" },
};

/* Names of programs, which may hold a program. */
static const char *const program_exts[] = {
  "exe", "dll", "msi", "com", "scr", "sys", "so", "bin", "elf", "out", "dylib", "app", NULL
};

#define HAS(off, lit) (size >= (off) + sizeof (lit) - 1 \
                       && memcmp (data + (off), lit, sizeof (lit) - 1) == 0)

static const char *
sniff_program (const guint8 *data,
               gsize         size)
{
  if (HAS (0, "\x7f" "ELF") || HAS (0, "MZ")
      || HAS (0, "\xfe\xed\xfa\xce") || HAS (0, "\xfe\xed\xfa\xcf")
      || HAS (0, "\xce\xfa\xed\xfe") || HAS (0, "\xcf\xfa\xed\xfe"))
    return "application/x-executable";
  return NULL;
}

const char *
kesu_attachment_sniff (const guint8 *data,
                       gsize         size)
{
  if (data == NULL || size == 0)
    return NULL;

  if (HAS (0, "\xff\xd8\xff"))
    return "image/jpeg";
  if (HAS (0, "\x89PNG"))
    return "image/png";
  if (HAS (0, "GIF8"))
    return "image/gif";
  if (HAS (0, "RIFF") && HAS (8, "WEBP"))
    return "image/webp";
  if (HAS (0, "RIFF") && HAS (8, "WAVE"))
    return "audio/x-wav";
  if (HAS (0, "RIFF") && HAS (8, "AVI "))
    return "video/x-msvideo";
  if (HAS (0, "%PDF-"))
    return "application/pdf";
  if (HAS (4, "ftyp") && size >= 12)
    {
      static const char *const heif_brands[] = {
        "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", NULL
      };

      for (guint i = 0; heif_brands[i] != NULL; i++)
        if (memcmp (data + 8, heif_brands[i], 4) == 0)
          return "image/heic";
      if (HAS (8, "M4A ") || HAS (8, "M4B "))
        return "audio/mp4";
      if (HAS (8, "qt  "))
        return "video/quicktime";
      if (HAS (8, "3gp") || HAS (8, "3g2"))
        return "video/3gpp";
      return "video/mp4";
    }
  if (HAS (4, "moov") || HAS (4, "mdat") || HAS (4, "wide") || HAS (4, "free")
      || HAS (4, "skip") || HAS (4, "pnot"))
    return "video/quicktime";
  if (HAS (0, "ID3"))
    return "audio/mpeg";
  if (HAS (0, "#!AMR"))
    return "audio/amr";
  if (HAS (0, "OggS"))
    return "audio/ogg";
  if (HAS (0, "fLaC"))
    return "audio/flac";
  if (HAS (0, "\x1a\x45\xdf\xa3"))
    return "video/webm";
  if (size >= 2 && data[0] == 0xff && (data[1] & 0xe0) == 0xe0)
    {
      /* An MPEG audio frame (layer bits set) or an ADTS (AAC) frame (layer bits 00). */
      if ((data[1] & 0x06) != 0)
        return "audio/mpeg";
      return "audio/aac";
    }
  if (sniff_program (data, size) != NULL)
    return sniff_program (data, size);
  /* A PDF may have a little junk before its header. */
  for (gsize i = 1; i + 5 <= size && i < 1024; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return "application/pdf";
  return NULL;
}

#undef HAS

static const char *
extension_of (const char *filename)
{
  const char *dot;

  if (filename == NULL)
    return NULL;
  dot = strrchr (filename, '.');
  if (dot == NULL || dot[1] == '\0' || strchr (dot, '/') != NULL)
    return NULL;
  return dot + 1;
}

const char *
kesu_attachment_type_for_name (const char *filename)
{
  const char *ext = extension_of (filename);

  if (ext == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (ext_types); i++)
    if (g_ascii_strcasecmp (ext, ext_types[i].ext) == 0)
      return ext_types[i].mime;
  return NULL;
}

static gboolean
is_evidence_type (const char *mime)
{
  if (mime == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (ext_types); i++)
    if (g_ascii_strcasecmp (mime, ext_types[i].mime) == 0)
      return TRUE;
  return FALSE;
}

/* Types that are one kind of container: MP4, M4A, QuickTime and 3GP are all ISO media
 * files; WebM is Matroska. */
static const char *
family_of (const char *mime)
{
  if (g_str_equal (mime, "video/mp4") || g_str_equal (mime, "audio/mp4")
      || g_str_equal (mime, "video/quicktime") || g_str_equal (mime, "video/3gpp"))
    return "iso-media";
  if (g_str_equal (mime, "video/webm") || g_str_equal (mime, "video/x-matroska"))
    return "matroska";
  return mime;
}

/* A short name of the format, the same in every language. */
static const char *
format_label (const char *mime)
{
  static const struct { const char *mime, *label; } labels[] = {
    { "image/jpeg", "JPEG" }, { "image/png", "PNG" }, { "image/gif", "GIF" },
    { "image/webp", "WebP" }, { "image/heic", "HEIC" }, { "application/pdf", "PDF" },
    { "audio/mpeg", "MP3" }, { "audio/mp4", "M4A" }, { "audio/aac", "AAC" },
    { "audio/x-wav", "WAV" }, { "audio/amr", "AMR" }, { "audio/ogg", "Ogg" },
    { "audio/flac", "FLAC" }, { "video/mp4", "MP4" }, { "video/quicktime", "QuickTime" },
    { "video/3gpp", "3GP" }, { "video/x-msvideo", "AVI" }, { "video/webm", "WebM" },
    { "video/x-matroska", "Matroska" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (mime, labels[i].mime))
      return labels[i].label;
  return mime;
}

static gboolean
name_is_program (const char *filename)
{
  const char *ext = extension_of (filename);

  if (ext == NULL)
    return FALSE;
  for (guint i = 0; program_exts[i] != NULL; i++)
    if (g_ascii_strcasecmp (ext, program_exts[i]) == 0)
      return TRUE;
  return FALSE;
}

/* NULL when the content is the kind of file the name (or the MIME type) says. */
static char *
check_content (const KesuAttachment *a)
{
  gsize size = 0;
  const guint8 *data = a->data ? g_bytes_get_data (a->data, &size) : NULL;
  const char *claimed = kesu_attachment_type_for_name (a->filename);
  const char *sniffed;

  if (claimed == NULL && is_evidence_type (a->mime_type))
    claimed = a->mime_type;

  if (claimed != NULL)
    {
      sniffed = kesu_attachment_sniff (data, size);
      if (sniffed != NULL && g_str_equal (family_of (sniffed), family_of (claimed)))
        return NULL;
      if (sniffed != NULL && sniff_program (data, size) != NULL)
        return g_strdup_printf (_("“%s” is not the kind of file its name says (the content "
                                  "is a program)."), a->filename);
      if (sniffed != NULL)
        return g_strdup_printf (_("“%s” is not the kind of file its name says (the name "
                                  "says %s, the content is %s)."),
                                a->filename, format_label (claimed), format_label (sniffed));
      return g_strdup_printf (_("“%s” is not the kind of file its name says (the name says "
                                "%s, the content is something else)."),
                              a->filename, format_label (claimed));
    }

  /* Any other kind of file: a program only under a program's name. */
  if (sniff_program (data, size) != NULL && !name_is_program (a->filename))
    return g_strdup_printf (_("“%s” is not the kind of file its name says (the content "
                              "is a program)."), a->filename);

  /* Then what GIO knows, when it is sure of both (it needs the shared MIME database). */
  if (size > 0)
    {
      gboolean name_uncertain = TRUE, data_uncertain = TRUE;
      g_autofree char *by_name = g_content_type_guess (a->filename, NULL, 0, &name_uncertain);
      g_autofree char *by_data = g_content_type_guess (NULL, data, MIN (size, 4096),
                                                       &data_uncertain);

      if (!name_uncertain && !data_uncertain
          && by_name != NULL && by_data != NULL
          && !g_content_type_is_unknown (by_name) && !g_content_type_is_unknown (by_data)
          && !g_content_type_is_a (by_data, "text/plain")
          && !g_content_type_is_a (by_name, by_data)
          && !g_content_type_is_a (by_data, by_name))
        {
          g_autofree char *name_mime = g_content_type_get_mime_type (by_name);
          g_autofree char *data_mime = g_content_type_get_mime_type (by_data);

          if (name_mime != NULL && data_mime != NULL && is_evidence_type (data_mime))
            return g_strdup_printf (_("“%s” is not the kind of file its name says (the name "
                                      "says %s, the content is %s)."),
                                    a->filename, name_mime, format_label (data_mime));
        }
    }
  return NULL;
}

char *
kesu_attachment_check (const KesuAttachment *attachment,
                       gsize                 max_bytes)
{
  g_return_val_if_fail (attachment != NULL, NULL);

  if (max_bytes == 0)
    max_bytes = KESU_ATTACHMENT_MAX_BYTES;
  if (!kesu_validate_text (attachment->filename, 255, TRUE, NULL)
      || strchr (attachment->filename, '/') != NULL)
    return g_strdup (_("An attached file has no usable name."));
  if (attachment->data != NULL && g_bytes_get_size (attachment->data) > max_bytes)
    return too_large_message (attachment->filename, max_bytes);
  return check_content (attachment);
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
          char *problem = kesu_attachment_check (a, intake->attachment_max_bytes);

          if (problem != NULL)
            return problem;
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
