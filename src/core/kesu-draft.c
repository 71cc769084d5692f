/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-draft"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-draft.h"
#include "kesu-error.h"

/* The intake form is the only form with a draft so far; the column leaves room for more. */
#define DRAFT_FORM "intake"
#define GROUP      "intake"

typedef struct
{
  const char *key;
  gsize       offset;
} TextField;

static const TextField text_fields[] = {
  { "customer-name", G_STRUCT_OFFSET (KesuIntake, customer_name) },
  { "customer-phone", G_STRUCT_OFFSET (KesuIntake, customer_phone) },
  { "customer-other-contact", G_STRUCT_OFFSET (KesuIntake, customer_other_contact) },
  { "customer-address", G_STRUCT_OFFSET (KesuIntake, customer_address) },
  { "vehicle-model", G_STRUCT_OFFSET (KesuIntake, vehicle_model) },
  { "vin", G_STRUCT_OFFSET (KesuIntake, vin) },
  { "plate", G_STRUCT_OFFSET (KesuIntake, plate) },
  { "purchase-date", G_STRUCT_OFFSET (KesuIntake, purchase_date) },
  { "mileage", G_STRUCT_OFFSET (KesuIntake, mileage) },
  { "order-number", G_STRUCT_OFFSET (KesuIntake, order_number) },
  { "staff-involved", G_STRUCT_OFFSET (KesuIntake, staff_involved) },
  { "description", G_STRUCT_OFFSET (KesuIntake, description) },
  { "occurred-on", G_STRUCT_OFFSET (KesuIntake, occurred_on) },
  { "occurred-place", G_STRUCT_OFFSET (KesuIntake, occurred_place) },
  { "demand", G_STRUCT_OFFSET (KesuIntake, demand) },
};

#define TEXT_SLOT(intake, field) \
  ((char **) G_STRUCT_MEMBER_P ((intake), text_fields[(field)].offset))

char *
kesu_draft_serialize (const KesuIntake *intake)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  const char *key;

  g_return_val_if_fail (intake != NULL, NULL);

  g_key_file_set_integer (file, GROUP, "version", 1);
  if ((key = kesu_channel_to_key (intake->channel)) != NULL)
    g_key_file_set_string (file, GROUP, "channel", key);
  if (intake->received_at != NULL)
    g_key_file_set_int64 (file, GROUP, "received-at",
                          g_date_time_to_unix (intake->received_at));
  g_key_file_set_int64 (file, GROUP, "received-by", intake->received_by);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      /* The struct is const; the slot is only read. */
      const char *value = *TEXT_SLOT ((KesuIntake *) intake, i);

      if (value != NULL && value[0] != '\0')
        g_key_file_set_string (file, GROUP, text_fields[i].key, value);
    }
  if ((key = kesu_emotion_to_key (intake->emotion)) != NULL)
    g_key_file_set_string (file, GROUP, "emotion", key);
  if ((key = kesu_customer_type_to_key (intake->customer_type)) != NULL)
    g_key_file_set_string (file, GROUP, "customer-type", key);
  if ((key = kesu_category_to_key (intake->category)) != NULL)
    g_key_file_set_string (file, GROUP, "category", key);
  if ((key = kesu_severity_to_key (intake->severity)) != NULL)
    g_key_file_set_string (file, GROUP, "severity", key);
  g_key_file_set_int64 (file, GROUP, "handler", intake->handler_id);

  return g_key_file_to_data (file, NULL, NULL);
}

KesuIntake *
kesu_draft_deserialize (const char  *text,
                        GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(KesuIntake) intake = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (file, GROUP))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                   _("The unsaved complaint could not be read back."));
      return NULL;
    }

  intake = kesu_intake_new ();
#define ENUM_FIELD(name, lower, member)                                    \
  G_STMT_START {                                                            \
    g_autofree char *k = g_key_file_get_string (file, GROUP, name, NULL);   \
    if (k != NULL)                                                          \
      kesu_##lower##_from_key (k, &intake->member);                         \
  } G_STMT_END
  ENUM_FIELD ("channel", channel, channel);
  ENUM_FIELD ("emotion", emotion, emotion);
  ENUM_FIELD ("customer-type", customer_type, customer_type);
  ENUM_FIELD ("category", category, category);
  ENUM_FIELD ("severity", severity, severity);
#undef ENUM_FIELD

  if (g_key_file_has_key (file, GROUP, "received-at", NULL))
    intake->received_at =
      g_date_time_new_from_unix_local (g_key_file_get_int64 (file, GROUP, "received-at", NULL));
  intake->received_by = g_key_file_get_int64 (file, GROUP, "received-by", NULL);
  intake->handler_id = g_key_file_get_int64 (file, GROUP, "handler", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    *TEXT_SLOT (intake, i) = g_key_file_get_string (file, GROUP, text_fields[i].key, NULL);

  return g_steal_pointer (&intake);
}

/* What identifies the evidence of @intake: names, types and contents.  Unchanged, the
 * files are not written again on every keystroke. */
static char *
attachments_key (const KesuIntake *intake)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; intake->attachments != NULL && i < intake->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (intake->attachments, i);
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, a->data);

      g_string_append_printf (key, "%s\n%s\n%s\n", a->filename, a->mime_type, sum);
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static gboolean
save_draft_in_transaction (KesuDb           *db,
                           gint64            operator_id,
                           const KesuIntake *intake,
                           GError          **error)
{
  g_autofree char *content = kesu_draft_serialize (intake);
  g_autofree char *key = attachments_key (intake);
  g_autofree char *old_key = NULL;
  gboolean had_row = FALSE;
  KesuStatement *stmt;

  stmt = kesu_db_prepare (db,
                          "SELECT attachments_key FROM draft WHERE operator_id = ?1 AND form = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, operator_id);
  kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
  if (kesu_statement_step (stmt, NULL))
    {
      had_row = TRUE;
      old_key = kesu_statement_dup_text (stmt, 0);
      kesu_statement_reset (stmt);
    }

  stmt = kesu_db_prepare (db,
                          "INSERT INTO draft (operator_id, form, content, attachments_key,"
                          "                   updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)"
                          " ON CONFLICT (operator_id, form) DO UPDATE SET"
                          "   content = excluded.content,"
                          "   attachments_key = excluded.attachments_key,"
                          "   updated_at = excluded.updated_at",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, operator_id);
  kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
  kesu_statement_bind_text (stmt, 3, content);
  kesu_statement_bind_text (stmt, 4, key);
  kesu_statement_bind_int64 (stmt, 5, kesu_clock_now_unix ());
  if (!kesu_statement_run (stmt, error))
    return FALSE;

  if (had_row && g_strcmp0 (old_key, key) == 0)
    return TRUE;

  stmt = kesu_db_prepare (db,
                          "DELETE FROM draft_attachment WHERE operator_id = ?1 AND form = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, operator_id);
  kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
  if (!kesu_statement_run (stmt, error))
    return FALSE;

  for (guint i = 0; intake->attachments != NULL && i < intake->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (intake->attachments, i);

      stmt = kesu_db_prepare (db,
                              "INSERT INTO draft_attachment (operator_id, form, position,"
                              "                              filename, mime_type, data)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
      if (stmt == NULL)
        return FALSE;
      kesu_statement_bind_int64 (stmt, 1, operator_id);
      kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
      kesu_statement_bind_int64 (stmt, 3, i);
      kesu_statement_bind_text (stmt, 4, a->filename);
      kesu_statement_bind_text (stmt, 5, a->mime_type);
      kesu_statement_bind_blob (stmt, 6, a->data);
      if (!kesu_statement_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kesu_store_save_draft (KesuStore         *self,
                       const KesuIntake  *intake,
                       GError           **error)
{
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (intake != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = kesu_store_get_db (self);
  if (!kesu_db_begin (db, error))
    return FALSE;
  if (!save_draft_in_transaction (db, kesu_store_get_operator (self), intake, error))
    {
      kesu_db_rollback (db);
      return FALSE;
    }
  return kesu_db_commit (db, error);
}

KesuIntake *
kesu_store_load_draft (KesuStore  *self,
                       gint64     *out_updated_at,
                       GError    **error)
{
  g_autoptr(KesuIntake) intake = NULL;
  g_autofree char *content = NULL;
  gint64 operator_id;
  gint64 updated_at;
  KesuStatement *stmt;
  GError *local_error = NULL;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = kesu_store_get_db (self);
  operator_id = kesu_store_get_operator (self);
  /* Read in one transaction, so the fields and the files belong to the same save. */
  if (!kesu_db_begin (db, error))
    return NULL;

  stmt = kesu_db_prepare (db,
                          "SELECT content, updated_at FROM draft"
                          " WHERE operator_id = ?1 AND form = ?2",
                          error);
  if (stmt == NULL)
    goto failed;
  kesu_statement_bind_int64 (stmt, 1, operator_id);
  kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
  if (!kesu_statement_step (stmt, &local_error))
    {
      kesu_db_rollback (db);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }
  content = kesu_statement_dup_text (stmt, 0);
  updated_at = kesu_statement_get_int64 (stmt, 1);
  kesu_statement_reset (stmt);

  intake = kesu_draft_deserialize (content, error);
  if (intake == NULL)
    goto failed;

  stmt = kesu_db_prepare (db,
                          "SELECT filename, mime_type, data FROM draft_attachment"
                          " WHERE operator_id = ?1 AND form = ?2 ORDER BY position",
                          error);
  if (stmt == NULL)
    goto failed;
  kesu_statement_bind_int64 (stmt, 1, operator_id);
  kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
  while (kesu_statement_step (stmt, &local_error))
    {
      g_autoptr(GBytes) data = kesu_statement_dup_blob (stmt, 2);

      kesu_intake_add_attachment (intake,
                                  kesu_attachment_new (kesu_statement_get_text (stmt, 0),
                                                       kesu_statement_get_text (stmt, 1),
                                                       data));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto failed;
    }
  if (!kesu_db_commit (db, error))
    return NULL;

  if (out_updated_at != NULL)
    *out_updated_at = updated_at;
  return g_steal_pointer (&intake);

failed:
  kesu_db_rollback (db);
  return NULL;
}

gboolean
kesu_store_discard_draft (KesuStore  *self,
                          GError    **error)
{
  static const char *const statements[] = {
    "DELETE FROM draft_attachment WHERE operator_id = ?1 AND form = ?2",
    "DELETE FROM draft WHERE operator_id = ?1 AND form = ?2",
  };
  gint64 operator_id;
  KesuDb *db;

  g_return_val_if_fail (KESU_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = kesu_store_get_db (self);
  operator_id = kesu_store_get_operator (self);
  if (!kesu_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      KesuStatement *stmt = kesu_db_prepare (db, statements[i], error);

      if (stmt == NULL)
        {
          kesu_db_rollback (db);
          return FALSE;
        }
      kesu_statement_bind_int64 (stmt, 1, operator_id);
      kesu_statement_bind_text (stmt, 2, DRAFT_FORM);
      if (!kesu_statement_run (stmt, error))
        {
          kesu_db_rollback (db);
          return FALSE;
        }
    }
  return kesu_db_commit (db, error);
}
