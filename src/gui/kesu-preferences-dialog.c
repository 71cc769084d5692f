/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-auth.h"
#include "kesu-preferences-dialog-private.h"
#include "kesu-validate.h"

#define SECONDS_PER_HOUR 3600
#define SECONDS_PER_DAY  86400

/* Limits are whole hours or whole days, up to a month either way. */
#define MAX_HOURS 720
#define MAX_DAYS  30

enum {
  UNIT_HOURS,
  UNIT_DAYS,
};

enum {
  KIND_DAY_OFF,
  KIND_WORKING_DAY,
};

typedef struct
{
  GtkSpinButton *first_response;
  GtkSpinButton *resolution;
  GtkDropDown   *unit;
  guint          unit_shown;  /* what the resolution spin counts in now */
} LimitRow;

struct _KesuPreferencesDialog
{
  GtkWindow         parent_instance;

  KesuStore        *store;
  /* The holidays and make-up days as edited; the working week is read from the buttons
   * when saving. */
  KesuWorkCalendar *calendar;

  LimitRow          limits[KESU_N_SEVERITIES];
  GtkCheckButton   *weekdays[7];

  GtkLabel         *error_label;
  GtkGrid          *limits_grid;
  GtkCheckButton   *calendar_time_check;
  GtkCheckButton   *working_days_check;
  GtkBox           *week_box;
  GtkListBox       *exception_list;
  GtkEditable      *exception_entry;
  GtkDropDown      *exception_kind;
  GtkButton        *add_exception_button;
  GtkLabel         *exception_problem;
  GtkSpinButton    *idle_lock_spin;
  GtkLabel         *idle_lock_hint;
  GtkWidget        *save_button;
};

G_DEFINE_FINAL_TYPE (KesuPreferencesDialog, kesu_preferences_dialog, GTK_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Monday first, as GDateTime and KesuWorkCalendar count. */
static const struct
{
  const char *short_name;
  const char *name;
} weekday_names[7] = {
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Mon"), N_("Monday") },
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Tue"), N_("Tuesday") },
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Wed"), N_("Wednesday") },
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Thu"), N_("Thursday") },
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Fri"), N_("Friday") },
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Sat"), N_("Saturday") },
  /* Translators: a button of the working week; the full name is in its tooltip */
  { N_("Sun"), N_("Sunday") },
};

static gint64
spin_seconds (GtkSpinButton *spin,
              guint          unit)
{
  gint64 value = gtk_spin_button_get_value_as_int (spin);

  return value * (unit == UNIT_DAYS ? SECONDS_PER_DAY : SECONDS_PER_HOUR);
}

static int
seconds_to_hours (gint64 seconds)
{
  gint64 hours = (seconds + SECONDS_PER_HOUR / 2) / SECONDS_PER_HOUR;

  return (int) CLAMP (hours, 1, MAX_HOURS);
}

static void
set_resolution (LimitRow *row,
                gint64    seconds)
{
  /* The branch speaks of "24 hours" but of "3 days": whole days count as days from two
   * on. */
  if (seconds % SECONDS_PER_DAY == 0 && seconds >= 2 * SECONDS_PER_DAY
      && seconds / SECONDS_PER_DAY <= MAX_DAYS)
    {
      row->unit_shown = UNIT_DAYS;
      gtk_spin_button_set_range (row->resolution, 1, MAX_DAYS);
      gtk_spin_button_set_value (row->resolution, (double) (seconds / SECONDS_PER_DAY));
    }
  else
    {
      row->unit_shown = UNIT_HOURS;
      gtk_spin_button_set_range (row->resolution, 1, MAX_HOURS);
      gtk_spin_button_set_value (row->resolution, seconds_to_hours (seconds));
    }
  gtk_drop_down_set_selected (row->unit, row->unit_shown);
}

static void
show_problem (KesuPreferencesDialog *self,
              const char            *message)
{
  gtk_label_set_text (self->exception_problem, message);
  gtk_widget_set_visible (GTK_WIDGET (self->exception_problem), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->exception_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->exception_entry), "error");
}

static void remove_exception_clicked_cb (KesuPreferencesDialog *self,
                                         GtkButton             *button);

static GtkWidget *
exception_row_new (KesuPreferencesDialog *self,
                   const char            *day,
                   gboolean               working)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *date_label = gtk_label_new (day);
  GtkWidget *weekday_label = gtk_label_new (NULL);
  GtkWidget *kind_label = gtk_label_new (working ? _("Working day") : _("Day off"));
  GtkWidget *remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *remove_name = NULL;
  GDate date;

  if (kesu_validate_date (day, &date, NULL))
    gtk_label_set_text (GTK_LABEL (weekday_label),
                        _(weekday_names[g_date_get_weekday (&date) - 1].name));
  gtk_label_set_xalign (GTK_LABEL (weekday_label), 0);
  gtk_widget_set_hexpand (weekday_label, TRUE);
  gtk_widget_add_css_class (weekday_label, "dim-label");

  gtk_label_set_width_chars (GTK_LABEL (date_label), 11);
  gtk_label_set_xalign (GTK_LABEL (date_label), 0);

  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "flat");
  gtk_widget_set_tooltip_text (remove_button, _("Remove"));
  /* Translators: the accessible name of a button; %s is a day such as 2026-10-01 */
  remove_name = g_strdup_printf (_("Remove %s"), day);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data_full (G_OBJECT (remove_button), "kesu-day", g_strdup (day), g_free);
  g_signal_connect_object (remove_button, "clicked", G_CALLBACK (remove_exception_clicked_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), date_label);
  gtk_box_append (GTK_BOX (box), weekday_label);
  gtk_box_append (GTK_BOX (box), kind_label);
  gtk_box_append (GTK_BOX (box), remove_button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static void
rebuild_exception_list (KesuPreferencesDialog *self)
{
  g_autoptr(GList) exceptions = kesu_work_calendar_get_exceptions (self->calendar);
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->exception_list, 0)) != NULL)
    gtk_list_box_remove (self->exception_list, GTK_WIDGET (row));

  /* The list alternates day and flag. */
  for (GList *l = exceptions; l != NULL && l->next != NULL; l = l->next->next)
    gtk_list_box_append (self->exception_list,
                         exception_row_new (self, l->data, GPOINTER_TO_INT (l->next->data)));
}

static void
remove_exception_clicked_cb (KesuPreferencesDialog *self,
                             GtkButton             *button)
{
  const char *day = g_object_get_data (G_OBJECT (button), "kesu-day");
  g_autoptr(GList) exceptions = kesu_work_calendar_get_exceptions (self->calendar);
  KesuWorkCalendar *calendar = kesu_work_calendar_new ();

  /* The calendar cannot forget a day: build it again without this one. */
  for (int weekday = 1; weekday <= 7; weekday++)
    kesu_work_calendar_set_weekday (calendar, weekday,
                                    kesu_work_calendar_get_weekday (self->calendar, weekday));
  for (GList *l = exceptions; l != NULL && l->next != NULL; l = l->next->next)
    if (g_strcmp0 (l->data, day) != 0)
      kesu_work_calendar_add_exception (calendar, l->data, GPOINTER_TO_INT (l->next->data));

  g_clear_pointer (&exceptions, g_list_free);
  kesu_work_calendar_free (self->calendar);
  self->calendar = calendar;
  /* Rebuilding destroys @button: @day is not used after this. */
  rebuild_exception_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->exception_entry));
}

/* Adds what the entry holds; FALSE, with the problem beside the entry, when it is not a
 * day. */
static gboolean
add_exception (KesuPreferencesDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  GDate date;

  if (!kesu_validate_date (gtk_editable_get_text (self->exception_entry), &date, &error))
    {
      show_problem (self, error->message);
      return FALSE;
    }

  day = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date));
  kesu_work_calendar_add_exception (self->calendar, day,
                                    gtk_drop_down_get_selected (self->exception_kind)
                                      == KIND_WORKING_DAY);
  rebuild_exception_list (self);
  gtk_editable_set_text (self->exception_entry, "");
  show_problem (self, NULL);
  return TRUE;
}

static void
add_exception_clicked_cb (KesuPreferencesDialog *self,
                          GtkButton             *button)
{
  if (add_exception (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->exception_entry));
}

static void
exception_entry_activate_cb (KesuPreferencesDialog *self,
                             GtkEntry              *entry)
{
  add_exception (self);
}

static void
exception_entry_changed_cb (KesuPreferencesDialog *self,
                            GtkEditable           *entry)
{
  /* The problem was about what was there before. */
  show_problem (self, NULL);
}

static void
unit_selected_cb (KesuPreferencesDialog *self,
                  GParamSpec            *pspec,
                  GtkDropDown           *unit)
{
  LimitRow *row = NULL;
  guint selected = gtk_drop_down_get_selected (unit);
  int value;

  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    if (self->limits[i].unit == unit)
      row = &self->limits[i];
  g_assert (row != NULL);

  if (selected == row->unit_shown || selected == GTK_INVALID_LIST_POSITION)
    return;

  /* Keep the same time, as near as the new unit allows (never shorter by rounding). */
  value = gtk_spin_button_get_value_as_int (row->resolution);
  row->unit_shown = selected;
  if (selected == UNIT_DAYS)
    {
      gtk_spin_button_set_range (row->resolution, 1, MAX_DAYS);
      gtk_spin_button_set_value (row->resolution, (value + 23) / 24);
    }
  else
    {
      gtk_spin_button_set_range (row->resolution, 1, MAX_HOURS);
      gtk_spin_button_set_value (row->resolution, MIN (value * 24, MAX_HOURS));
    }
}

static void
show_policy (KesuPreferencesDialog    *self,
             const KesuDeadlinePolicy *policy)
{
  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    {
      gtk_spin_button_set_value (self->limits[i].first_response,
                                 seconds_to_hours (policy->first_response_seconds[i]));
      set_resolution (&self->limits[i], policy->resolution_seconds[i]);
    }

  if (policy->working_days)
    gtk_check_button_set_active (self->working_days_check, TRUE);
  else
    gtk_check_button_set_active (self->calendar_time_check, TRUE);

  kesu_work_calendar_free (self->calendar);
  self->calendar = policy->calendar != NULL ? kesu_work_calendar_copy (policy->calendar)
                                            : kesu_work_calendar_new ();
  for (int weekday = 1; weekday <= 7; weekday++)
    gtk_check_button_set_active (self->weekdays[weekday - 1],
                                  kesu_work_calendar_get_weekday (self->calendar, weekday));
  rebuild_exception_list (self);
}

gboolean
_kesu_preferences_dialog_save (KesuPreferencesDialog *self)
{
  g_autoptr(KesuDeadlinePolicy) policy = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), FALSE);

  /* A day typed but not yet added is meant to be kept. */
  if (gtk_editable_get_text (self->exception_entry)[0] != '\0' && !add_exception (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->exception_entry));
      return FALSE;
    }

  policy = kesu_deadline_policy_new_default ();
  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    {
      LimitRow *row = &self->limits[i];

      /* Typed but not yet taken in by the spin button (no Enter, focus still there). */
      gtk_spin_button_update (row->first_response);
      gtk_spin_button_update (row->resolution);
      policy->first_response_seconds[i] = spin_seconds (row->first_response, UNIT_HOURS);
      policy->resolution_seconds[i] = spin_seconds (row->resolution, row->unit_shown);
    }
  policy->working_days = gtk_check_button_get_active (self->working_days_check);
  g_clear_pointer (&policy->calendar, kesu_work_calendar_free);
  policy->calendar = kesu_work_calendar_copy (self->calendar);
  for (int weekday = 1; weekday <= 7; weekday++)
    kesu_work_calendar_set_weekday (policy->calendar, weekday,
                                    gtk_check_button_get_active (self->weekdays[weekday - 1]));

  /* The idle time is the branch's, changed only by who may change settings; the spin is
   * insensitive for the others, so an unchanged value is not a change to refuse. */
  gtk_spin_button_update (self->idle_lock_spin);
  if ((guint) gtk_spin_button_get_value_as_int (self->idle_lock_spin) !=
        kesu_store_get_idle_lock_minutes (self->store) &&
      !kesu_store_set_idle_lock_minutes (self->store,
                                         gtk_spin_button_get_value_as_int (self->idle_lock_spin),
                                         &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  if (!kesu_store_set_deadline_policy (self->store, policy, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _kesu_preferences_dialog_save (KESU_PREFERENCES_DIALOG (widget));
}

static GtkWidget *
hours_spin_new (const char *accessible_name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (1, MAX_HOURS, 1);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 0);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 3);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  return spin;
}

static void
add_limit_rows (KesuPreferencesDialog *self)
{
  /* The unit drop-downs line up whatever unit each shows. */
  g_autoptr(GtkSizeGroup) unit_sizes = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  for (guint i = 0; i < KESU_N_SEVERITIES; i++)
    {
      LimitRow *row = &self->limits[i];
      const char *severity = kesu_severity_to_label (i);
      g_autoptr(GtkStringList) units = gtk_string_list_new (NULL);
      g_autofree char *first_name = NULL;
      g_autofree char *resolution_name = NULL;
      g_autofree char *unit_name = NULL;
      GtkWidget *label = gtk_label_new (severity);
      GtkWidget *first_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *resolution_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *hours_label = gtk_label_new (_("hours"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      if (i == KESU_SEVERITY_URGENT)
        gtk_widget_add_css_class (label, "kesu-severity-urgent");
      else if (i == KESU_SEVERITY_IMPORTANT)
        gtk_widget_add_css_class (label, "kesu-severity-important");

      /* Translators: the accessible name of a number field; %s is a severity */
      first_name = g_strdup_printf (_("First response for %s, in hours"), severity);
      row->first_response = GTK_SPIN_BUTTON (hours_spin_new (first_name));
      gtk_box_append (GTK_BOX (first_box), GTK_WIDGET (row->first_response));
      gtk_box_append (GTK_BOX (first_box), hours_label);

      /* Translators: the accessible name of a number field; %s is a severity */
      resolution_name = g_strdup_printf (_("Resolution target for %s"), severity);
      row->resolution = GTK_SPIN_BUTTON (hours_spin_new (resolution_name));
      gtk_string_list_append (units, _("hours"));
      gtk_string_list_append (units, _("days"));
      row->unit = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&units)),
                                                    NULL));
      gtk_widget_set_valign (GTK_WIDGET (row->unit), GTK_ALIGN_CENTER);
      gtk_size_group_add_widget (unit_sizes, GTK_WIDGET (row->unit));
      /* Translators: the accessible name of a drop-down (hours or days); %s is a severity */
      unit_name = g_strdup_printf (_("Unit of the resolution target for %s"), severity);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->unit),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, unit_name, -1);
      g_signal_connect_object (row->unit, "notify::selected", G_CALLBACK (unit_selected_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (resolution_box), GTK_WIDGET (row->resolution));
      gtk_box_append (GTK_BOX (resolution_box), GTK_WIDGET (row->unit));

      gtk_grid_attach (self->limits_grid, label, 0, (int) i + 1, 1, 1);
      gtk_grid_attach (self->limits_grid, first_box, 1, (int) i + 1, 1, 1);
      gtk_grid_attach (self->limits_grid, resolution_box, 2, (int) i + 1, 1, 1);
    }
}

static void
add_weekday_buttons (KesuPreferencesDialog *self)
{
  for (int i = 0; i < 7; i++)
    {
      GtkWidget *button = gtk_check_button_new_with_label (_(weekday_names[i].short_name));

      gtk_widget_set_tooltip_text (button, _(weekday_names[i].name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(weekday_names[i].name), -1);
      gtk_box_append (self->week_box, button);
      self->weekdays[i] = GTK_CHECK_BUTTON (button);
    }
}

static void
kesu_preferences_dialog_dispose (GObject *object)
{
  KesuPreferencesDialog *self = KESU_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_preferences_dialog_parent_class)->dispose (object);
}

static void
kesu_preferences_dialog_finalize (GObject *object)
{
  KesuPreferencesDialog *self = KESU_PREFERENCES_DIALOG (object);

  g_clear_pointer (&self->calendar, kesu_work_calendar_free);

  G_OBJECT_CLASS (kesu_preferences_dialog_parent_class)->finalize (object);
}

static void
kesu_preferences_dialog_class_init (KesuPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_preferences_dialog_dispose;
  object_class->finalize = kesu_preferences_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, limits_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog,
                                        calendar_time_check);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog,
                                        working_days_check);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, week_box);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, exception_list);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, exception_entry);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, exception_kind);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog,
                                        add_exception_button);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog,
                                        exception_problem);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, idle_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, idle_lock_hint);
  gtk_widget_class_bind_template_child (widget_class, KesuPreferencesDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, add_exception_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, exception_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, exception_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "preferences.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_preferences_dialog_init (KesuPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->calendar = kesu_work_calendar_new ();
  add_limit_rows (self);
  add_weekday_buttons (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
}

KesuPreferencesDialog *
kesu_preferences_dialog_new (GtkWindow *parent,
                             KesuStore *store)
{
  KesuPreferencesDialog *self;
  g_autoptr(KesuDeadlinePolicy) policy = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  policy = kesu_store_get_deadline_policy (store);
  if (policy == NULL)
    policy = kesu_deadline_policy_new_default ();
  show_policy (self, policy);

  gtk_spin_button_set_value (self->idle_lock_spin, kesu_store_get_idle_lock_minutes (store));
  if (!kesu_store_can (store, kesu_store_get_operator (store), KESU_PERMISSION_MANAGE_SETTINGS))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->idle_lock_spin), FALSE);
      gtk_label_set_text (self->idle_lock_hint,
                          _("0: never. Ctrl+L locks at once. Only a manager or the "
                            "administrator changes the idle time."));
    }

  return self;
}

GtkSpinButton *
_kesu_preferences_dialog_get_idle_lock (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->idle_lock_spin;
}

/* ---- for tests ---- */

GtkSpinButton *
_kesu_preferences_dialog_get_first_response (KesuPreferencesDialog *self,
                                             KesuSeverity           severity)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  g_return_val_if_fail (severity < KESU_N_SEVERITIES, NULL);
  return self->limits[severity].first_response;
}

GtkSpinButton *
_kesu_preferences_dialog_get_resolution (KesuPreferencesDialog *self,
                                         KesuSeverity           severity)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  g_return_val_if_fail (severity < KESU_N_SEVERITIES, NULL);
  return self->limits[severity].resolution;
}

GtkDropDown *
_kesu_preferences_dialog_get_resolution_unit (KesuPreferencesDialog *self,
                                              KesuSeverity           severity)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  g_return_val_if_fail (severity < KESU_N_SEVERITIES, NULL);
  return self->limits[severity].unit;
}

GtkCheckButton *
_kesu_preferences_dialog_get_calendar_time (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->calendar_time_check;
}

GtkCheckButton *
_kesu_preferences_dialog_get_working_days (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->working_days_check;
}

GtkCheckButton *
_kesu_preferences_dialog_get_weekday (KesuPreferencesDialog *self,
                                      int                    weekday)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, NULL);
  return self->weekdays[weekday - 1];
}

GtkListBox *
_kesu_preferences_dialog_get_exception_list (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->exception_list;
}

GtkEditable *
_kesu_preferences_dialog_get_exception_entry (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->exception_entry;
}

GtkDropDown *
_kesu_preferences_dialog_get_exception_kind (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->exception_kind;
}

GtkButton *
_kesu_preferences_dialog_get_add_exception (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->add_exception_button;
}

GtkLabel *
_kesu_preferences_dialog_get_exception_problem (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->exception_problem;
}

GtkLabel *
_kesu_preferences_dialog_get_error_label (KesuPreferencesDialog *self)
{
  g_return_val_if_fail (KESU_IS_PREFERENCES_DIALOG (self), NULL);
  return self->error_label;
}
