/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kesu-preferences-dialog.h"

G_BEGIN_DECLS

/* For tests: what Save does (FALSE, with the reason shown in the dialog, when the store
 * refuses), and the widgets a user would touch. */
gboolean         _kesu_preferences_dialog_save                  (KesuPreferencesDialog *self);

GtkSpinButton   *_kesu_preferences_dialog_get_first_response    (KesuPreferencesDialog *self,
                                                                 KesuSeverity           severity);
GtkSpinButton   *_kesu_preferences_dialog_get_resolution        (KesuPreferencesDialog *self,
                                                                 KesuSeverity           severity);
/* Position 0: hours, 1: days. */
GtkDropDown     *_kesu_preferences_dialog_get_resolution_unit   (KesuPreferencesDialog *self,
                                                                 KesuSeverity           severity);
GtkCheckButton  *_kesu_preferences_dialog_get_calendar_time     (KesuPreferencesDialog *self);
GtkCheckButton  *_kesu_preferences_dialog_get_working_days      (KesuPreferencesDialog *self);
/* @weekday: 1 = Monday … 7 = Sunday. */
GtkCheckButton  *_kesu_preferences_dialog_get_weekday           (KesuPreferencesDialog *self,
                                                                 int                    weekday);
GtkListBox      *_kesu_preferences_dialog_get_exception_list    (KesuPreferencesDialog *self);
GtkEditable     *_kesu_preferences_dialog_get_exception_entry   (KesuPreferencesDialog *self);
/* Position 0: day off, 1: working day. */
GtkDropDown     *_kesu_preferences_dialog_get_exception_kind    (KesuPreferencesDialog *self);
GtkButton       *_kesu_preferences_dialog_get_add_exception     (KesuPreferencesDialog *self);
/* Visible only while it shows a problem. */
GtkLabel        *_kesu_preferences_dialog_get_exception_problem (KesuPreferencesDialog *self);
GtkLabel        *_kesu_preferences_dialog_get_error_label       (KesuPreferencesDialog *self);
/* Minutes without use before the window locks; 0: never. */
GtkSpinButton   *_kesu_preferences_dialog_get_idle_lock         (KesuPreferencesDialog *self);

G_END_DECLS
