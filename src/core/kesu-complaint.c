/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-complaint"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-calendar.h"
#include "kesu-complaint.h"
#include "kesu-workflow.h"

struct _KesuComplaint
{
  GObject     parent_instance;

  gint64      id;
  char       *number;
  KesuState   state;
  KesuIntake *intake;
  char       *handler_name;
  char       *received_by_name;
  guint       n_attachments;
  gint64      next_due;
  gboolean    overdue;
  gboolean    waiting;
  gboolean    escalated;
  KesuSanbaoFlag sanbao_flag;
  gint64      sanbao_answer_due;
  gint64      sanbao_complete_due;
  gint64      merged_into;
};

G_DEFINE_FINAL_TYPE (KesuComplaint, kesu_complaint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_RECEIVED_AT,
  PROP_RECEIVED_TEXT,
  PROP_CUSTOMER_NAME,
  PROP_VEHICLE_MODEL,
  PROP_CATEGORY,
  PROP_CATEGORY_LABEL,
  PROP_SEVERITY,
  PROP_SEVERITY_LABEL,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_HANDLER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kesu_complaint_finalize (GObject *object)
{
  KesuComplaint *self = KESU_COMPLAINT (object);

  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->intake, kesu_intake_free);
  g_clear_pointer (&self->handler_name, g_free);
  g_clear_pointer (&self->received_by_name, g_free);

  G_OBJECT_CLASS (kesu_complaint_parent_class)->finalize (object);
}

static void
kesu_complaint_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KesuComplaint *self = KESU_COMPLAINT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_RECEIVED_AT:
      g_value_set_int64 (value, kesu_complaint_get_received_unix (self));
      break;
    case PROP_RECEIVED_TEXT:
      g_value_take_string (value, self->intake->received_at
                           ? g_date_time_format (self->intake->received_at, "%Y-%m-%d %H:%M")
                           : g_strdup (""));
      break;
    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->intake->customer_name);
      break;
    case PROP_VEHICLE_MODEL:
      g_value_set_string (value, self->intake->vehicle_model);
      break;
    case PROP_CATEGORY:
      g_value_set_int (value, self->intake->category);
      break;
    case PROP_CATEGORY_LABEL:
      g_value_set_string (value, kesu_category_to_label (self->intake->category));
      break;
    case PROP_SEVERITY:
      g_value_set_int (value, self->intake->severity);
      break;
    case PROP_SEVERITY_LABEL:
      g_value_set_string (value, kesu_severity_to_label (self->intake->severity));
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, kesu_state_to_label (self->state));
      break;
    case PROP_HANDLER_NAME:
      g_value_set_string (value, self->handler_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kesu_complaint_class_init (KesuComplaintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kesu_complaint_finalize;
  object_class->get_property = kesu_complaint_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_RECEIVED_AT] =
    g_param_spec_int64 ("received-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_RECEIVED_TEXT] = g_param_spec_string ("received-text", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER_NAME] = g_param_spec_string ("customer-name", NULL, NULL, NULL, flags);
  properties[PROP_VEHICLE_MODEL] = g_param_spec_string ("vehicle-model", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] = g_param_spec_int ("category", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_CATEGORY_LABEL] =
    g_param_spec_string ("category-label", NULL, NULL, NULL, flags);
  properties[PROP_SEVERITY] = g_param_spec_int ("severity", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SEVERITY_LABEL] =
    g_param_spec_string ("severity-label", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_HANDLER_NAME] = g_param_spec_string ("handler-name", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kesu_complaint_init (KesuComplaint *self)
{
}

KesuComplaint *
kesu_complaint_new (gint64      id,
                    const char *number,
                    KesuState   state,
                    KesuIntake *intake)
{
  KesuComplaint *self;

  g_return_val_if_fail (intake != NULL, NULL);

  self = g_object_new (KESU_TYPE_COMPLAINT, NULL);
  self->id = id;
  self->number = g_strdup (number);
  self->state = state;
  self->intake = intake;
  self->handler_name = g_strdup ("");
  self->received_by_name = g_strdup ("");
  return self;
}

void
_kesu_complaint_set_names (KesuComplaint *self,
                           const char    *handler_name,
                           const char    *received_by_name,
                           guint          n_attachments)
{
  g_free (self->handler_name);
  self->handler_name = g_strdup (handler_name ? handler_name : "");
  g_free (self->received_by_name);
  self->received_by_name = g_strdup (received_by_name ? received_by_name : "");
  self->n_attachments = n_attachments;
}

gint64
kesu_complaint_get_id (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->id;
}

const char *
kesu_complaint_get_number (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), NULL);
  return self->number;
}

KesuState
kesu_complaint_get_state (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), KESU_STATE_RECEIVED);
  return self->state;
}

const KesuIntake *
kesu_complaint_get_intake (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), NULL);
  return self->intake;
}

gint64
kesu_complaint_get_received_unix (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->intake->received_at ? g_date_time_to_unix (self->intake->received_at) : 0;
}

const char *
kesu_complaint_get_handler_name (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), NULL);
  return self->handler_name;
}

const char *
kesu_complaint_get_received_by_name (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), NULL);
  return self->received_by_name;
}

guint
kesu_complaint_get_n_attachments (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->n_attachments;
}

void
_kesu_complaint_set_deadline (KesuComplaint *self,
                              gint64         next_due,
                              gboolean       overdue,
                              gboolean       waiting,
                              gboolean       escalated)
{
  self->next_due = next_due;
  self->overdue = overdue;
  self->waiting = waiting;
  self->escalated = escalated;
}

void
_kesu_complaint_set_sanbao (KesuComplaint  *self,
                            KesuSanbaoFlag  flag,
                            gint64          answer_due,
                            gint64          complete_due,
                            gint64          merged_into)
{
  self->sanbao_flag = flag;
  self->sanbao_answer_due = answer_due;
  self->sanbao_complete_due = complete_due;
  self->merged_into = merged_into;
}

KesuSanbaoFlag
kesu_complaint_get_sanbao_flag (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), KESU_SANBAO_FLAG_NONE);
  return self->sanbao_flag;
}

gint64
kesu_complaint_get_sanbao_answer_due (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->sanbao_answer_due;
}

gint64
kesu_complaint_get_sanbao_complete_due (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->sanbao_complete_due;
}

gint64
kesu_complaint_get_sanbao_due (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return kesu_sanbao_running_due (self->sanbao_flag, self->sanbao_answer_due,
                                  self->sanbao_complete_due, kesu_state_is_open (self->state));
}

gint64
kesu_complaint_get_merged_into (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->merged_into;
}

gint64
kesu_complaint_get_next_due (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), 0);
  return self->next_due;
}

gboolean
kesu_complaint_is_overdue (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), FALSE);
  return self->overdue;
}

gboolean
kesu_complaint_is_waiting (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), FALSE);
  return self->waiting;
}

gboolean
kesu_complaint_is_escalated (KesuComplaint *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT (self), FALSE);
  return self->escalated;
}

char *
kesu_complaint_dup_due_text (KesuComplaint *self,
                             gint64         now)
{
  g_autofree char *duration = NULL;

  g_return_val_if_fail (KESU_IS_COMPLAINT (self), NULL);

  if (self->waiting)
    return g_strdup (_("waiting"));
  if (self->next_due <= 0)
    return g_strdup ("");
  duration = kesu_format_duration (self->next_due - now);
  if (self->next_due < now)
    /* Translators: %s is a duration such as "3 h" */
    return g_strdup_printf (_("overdue %s"), duration);
  /* Translators: %s is a duration such as "3 h" */
  return g_strdup_printf (_("due in %s"), duration);
}

int
kesu_complaint_compare_urgency (KesuComplaint *a,
                                KesuComplaint *b)
{
  gint64 due_a, due_b;

  /* Late cases first, the latest of them at the top. */
  if (a->overdue != b->overdue)
    return a->overdue ? -1 : 1;
  /* Then the nearest deadline; a case without one (waiting, closed) goes last. */
  due_a = a->next_due > 0 && !a->waiting ? a->next_due : G_MAXINT64;
  due_b = b->next_due > 0 && !b->waiting ? b->next_due : G_MAXINT64;
  if (due_a != due_b)
    return due_a < due_b ? -1 : 1;
  if (a->intake->severity != b->intake->severity)
    return a->intake->severity > b->intake->severity ? -1 : 1;
  /* Closed and withdrawn cases: the most recent first. */
  if (kesu_complaint_get_received_unix (a) != kesu_complaint_get_received_unix (b))
    return kesu_complaint_get_received_unix (a) > kesu_complaint_get_received_unix (b) ? -1 : 1;
  return a->id < b->id ? -1 : (a->id > b->id);
}
