/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-actions-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-actions.h"
#include "kesu-actions-dialog.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"

/* The rules live in core (kesu-actions.c): this window shows kesu_store_list_actions ()
 * and calls kesu_store_add_action () and kesu_store_set_action_state (). */

struct _KesuActionsDialog
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  GtkWidget  *list;
  GtkWidget  *empty;
};

G_DEFINE_FINAL_TYPE (KesuActionsDialog, kesu_actions_dialog, GTK_TYPE_WINDOW)

static void refresh (KesuActionsDialog *self);

/* ---- moving an action on ---- */

typedef struct
{
  KesuActionsDialog *self;
  gint64             action_id;
  KesuActionState    to;
  GtkWidget         *view;
  GtkWidget         *error;
} Move;

static void
move_free (gpointer data)
{
  Move *move = data;

  g_object_unref (move->self);
  g_free (move);
}

static void
note_response_cb (GtkDialog *dialog,
                  int        response,
                  gpointer   user_data)
{
  Move *move = g_object_get_data (G_OBJECT (dialog), "kesu-move");
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  note = kesu_input_dup_text (move->view);
  if (!kesu_store_set_action_state (move->self->store, move->action_id, move->to, note, &error))
    {
      kesu_show_field_problem (move->error, NULL, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
state_button_clicked_cb (GtkButton *button,
                         gpointer   user_data)
{
  KesuActionsDialog *self = user_data;
  Move *move = g_new0 (Move, 1);
  GtkWidget *dialog, *box, *label, *scroller;
  const char *prompt;

  move->self = g_object_ref (self);
  move->action_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "kesu-action");
  move->to = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kesu-to"));

  switch (move->to)
    {
    case KESU_ACTION_DONE:
      prompt = _("What was done? (optional)");
      break;
    case KESU_ACTION_EFFECTIVE:
    case KESU_ACTION_NOT_EFFECTIVE:
      prompt = _("What did the check find? Did complaints of this kind stop?");
      break;
    case KESU_ACTION_OPEN:
    case KESU_N_ACTION_STATES:
    default:
      prompt = _("Why is the action open again? (optional)");
      break;
    }

  dialog = gtk_dialog_new_with_buttons (kesu_action_state_to_label (move->to),
                                        GTK_WINDOW (self),
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                        | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Save"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 420, -1);
  g_object_set_data_full (G_OBJECT (dialog), "kesu-move", move, move_free);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  label = gtk_label_new (prompt);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  scroller = kesu_text_input_new (80, &move->view);
  gtk_box_append (GTK_BOX (box), scroller);
  move->error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (move->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (move->error), 0);
  gtk_widget_add_css_class (move->error, "error");
  gtk_widget_set_visible (move->error, FALSE);
  gtk_box_append (GTK_BOX (box), move->error);
  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), box);
  g_signal_connect (dialog, "response", G_CALLBACK (note_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_state_button (KesuActionsDialog           *self,
                  GtkWidget                   *box,
                  const KesuImprovementAction *action,
                  KesuActionState              to,
                  const char                  *mnemonic)
{
  GtkWidget *button;
  gint64 *id;

  if (!kesu_action_state_can_move (action->state, to))
    return;
  button = gtk_button_new_with_mnemonic (mnemonic);
  id = g_new (gint64, 1);
  *id = action->id;
  g_object_set_data_full (G_OBJECT (button), "kesu-action", id, g_free);
  g_object_set_data (G_OBJECT (button), "kesu-to", GINT_TO_POINTER (to));
  g_signal_connect_object (button, "clicked", G_CALLBACK (state_button_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);
}

/* ---- the list ---- */

static GtkWidget *
action_row (KesuActionsDialog           *self,
            const KesuImprovementAction *action)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *state, *due;
  g_autofree char *numbers = kesu_improvement_action_dup_numbers (action);
  g_autofree char *due_text = NULL;

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  state = gtk_label_new (kesu_action_state_to_label (action->state));
  gtk_widget_add_css_class (state, "heading");
  if (action->state == KESU_ACTION_NOT_EFFECTIVE)
    gtk_widget_add_css_class (state, "error");
  else if (action->state == KESU_ACTION_EFFECTIVE)
    gtk_widget_add_css_class (state, "success");
  gtk_box_append (GTK_BOX (top), state);
  if (action->overdue)
    {
      GtkWidget *flag = gtk_label_new (_("Overdue"));

      gtk_widget_add_css_class (flag, "error");
      gtk_widget_add_css_class (flag, "heading");
      gtk_box_append (GTK_BOX (top), flag);
    }
  gtk_widget_set_hexpand (buttons, TRUE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  add_state_button (self, buttons, action, KESU_ACTION_DONE, _("Mark _Done…"));
  add_state_button (self, buttons, action, KESU_ACTION_EFFECTIVE, _("_Effective…"));
  add_state_button (self, buttons, action, KESU_ACTION_NOT_EFFECTIVE, _("_Not Effective…"));
  add_state_button (self, buttons, action, KESU_ACTION_OPEN, _("_Reopen…"));
  gtk_box_append (GTK_BOX (top), buttons);
  gtk_box_append (GTK_BOX (box), top);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  kesu_grid_attach_titled (GTK_GRID (grid), 0, _("Root cause"),
                           kesu_value_label_new (action->root_cause, TRUE));
  kesu_grid_attach_titled (GTK_GRID (grid), 1, _("Measures"),
                           kesu_value_label_new (action->measures, TRUE));
  kesu_grid_attach_titled (GTK_GRID (grid), 2, _("Owner"),
                           kesu_value_label_new (action->owner_name, FALSE));
  due_text = action->overdue ? g_strdup_printf (_("%s — overdue"), action->due_on)
                             : g_strdup (action->due_on);
  due = kesu_value_label_new (due_text, FALSE);
  if (action->overdue)
    gtk_widget_add_css_class (due, "error");
  kesu_grid_attach_titled (GTK_GRID (grid), 3, _("Due"), due);
  kesu_grid_attach_titled (GTK_GRID (grid), 4, _("Linked complaints"),
                           kesu_value_label_new (numbers, TRUE));
  if (action->verified_note != NULL)
    kesu_grid_attach_titled (GTK_GRID (grid), 5, _("Note"),
                             kesu_value_label_new (action->verified_note, TRUE));
  gtk_box_append (GTK_BOX (box), grid);
  return box;
}

static void
refresh (KesuActionsDialog *self)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  actions = kesu_store_list_actions (self->store, KESU_ACTIONS_ALL, 0, &error);
  if (actions == NULL)
    {
      kesu_show_error (GTK_WINDOW (self), _("The improvement actions could not be read"),
                       error->message);
      return;
    }
  for (guint i = 0; i < actions->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list),
                         action_row (self, g_ptr_array_index (actions, i)));
  gtk_widget_set_visible (self->empty, actions->len == 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->list), actions->len > 0);
}

static void
store_changed_cb (KesuStore         *store,
                  KesuActionsDialog *self)
{
  refresh (self);
}

static void
new_action_clicked_cb (GtkButton         *button,
                       KesuActionsDialog *self)
{
  gtk_window_present (kesu_action_form_new (GTK_WINDOW (self), self->store, NULL, 0));
}

static void
kesu_actions_dialog_dispose (GObject *object)
{
  KesuActionsDialog *self = KESU_ACTIONS_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_actions_dialog_parent_class)->dispose (object);
}

static void
kesu_actions_dialog_class_init (KesuActionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_actions_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_actions_dialog_init (KesuActionsDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Action…"));
  GtkWidget *box = kesu_list_body_new (&self->list, &self->empty);

  gtk_window_set_title (GTK_WINDOW (self), _("Improvement Actions"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 600);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (new_action_clicked_cb), self);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), button);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  gtk_label_set_text (GTK_LABEL (self->empty),
                      _("No improvement actions yet. When complaints keep coming back "
                        "for the same reason, record what will be done about it: "
                        "New Action…"));
  gtk_window_set_child (GTK_WINDOW (self), box);
}

KesuActionsDialog *
kesu_actions_dialog_new (GtkWindow *parent,
                         KesuStore *store)
{
  KesuActionsDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_ACTIONS_DIALOG, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "complaints-changed", G_CALLBACK (store_changed_cb), self, 0);
  refresh (self);
  return self;
}

/* ---- the "New Action" form ---- */

typedef struct
{
  KesuStore  *store;
  GArray     *staff_ids;
  int         issue_category;  /* KesuCategory, or -1 */
  char       *issue_model;
  GtkWidget  *cause;
  GtkWidget  *measures;
  GtkWidget  *owner;
  GtkWidget  *due;
  GtkWidget  *numbers;
  GtkWidget  *error;
} Form;

static void
form_free (gpointer data)
{
  Form *form = data;

  g_clear_object (&form->store);
  g_clear_pointer (&form->staff_ids, g_array_unref);
  g_free (form->issue_model);
  g_free (form);
}

/* The complaint numbers typed, separated by commas, spaces or new lines. */
static gboolean
parse_numbers (Form    *form,
               GArray  *ids,
               GError **error)
{
  g_autofree char *text = kesu_input_dup_text (form->numbers);
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,，;；、]+", text, 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      if (parts[i][0] == '\0')
        continue;
      id = kesu_store_find_complaint_by_number (form->store, parts[i]);
      if (id <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No complaint has the number “%s”."), parts[i]);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }
  return TRUE;
}

static void
form_response_cb (GtkDialog *dialog,
                  int        response,
                  gpointer   user_data)
{
  Form *form = g_object_get_data (G_OBJECT (dialog), "kesu-form");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *cause = NULL;
  g_autofree char *measures = NULL;
  g_autofree char *due = NULL;
  KesuActionInput input;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (!parse_numbers (form, ids, &error))
    {
      kesu_show_field_problem (form->error, NULL, error->message);
      return;
    }
  cause = kesu_input_dup_text (form->cause);
  measures = kesu_input_dup_text (form->measures);
  due = kesu_input_dup_text (form->due);

  kesu_action_input_init (&input);
  input.root_cause = cause;
  input.measures = measures;
  input.owner_id = kesu_staff_ids_get (form->staff_ids,
                                       gtk_drop_down_get_selected (GTK_DROP_DOWN (form->owner)));
  input.due_on = due;
  input.issue_category = form->issue_category;
  input.issue_model = form->issue_model;
  input.complaint_ids = (const gint64 *) ids->data;
  input.n_complaints = ids->len;
  if (kesu_store_add_action (form->store, &input, &error) <= 0)
    {
      kesu_show_field_problem (form->error, NULL, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* kesu_form_grid_add_row, with the title's underline made the mnemonic of @input. */
static void
form_add_row (GtkGrid    *grid,
              int        *row,
              const char *title,
              GtkWidget  *shown,
              GtkWidget  *input,
              gboolean    tall)
{
  GtkWidget *label;

  kesu_form_grid_add_row (grid, row, title, shown, input, tall);
  label = gtk_grid_get_child_at (grid, 0, *row - 2);
  g_assert (GTK_IS_LABEL (label));
  gtk_label_set_use_underline (GTK_LABEL (label), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), input);
}

static GtkWindow *
form_new (GtkWindow    *parent,
          KesuStore    *store,
          int           issue_category,
          const char   *issue_model,
          const gint64 *complaint_ids,
          guint         n_complaints)
{
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GDateTime) in_a_month = NULL;
  g_autoptr(GString) numbers = g_string_new (NULL);
  GtkWidget *dialog, *grid, *shown, *hint;
  Form *form;
  int row = 0;

  g_assert (KESU_IS_STORE (store));

  dialog = gtk_dialog_new_with_buttons (_("New Improvement Action"), parent,
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                        | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Create"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  form = g_new0 (Form, 1);
  form->store = g_object_ref (store);
  form->issue_category = issue_category;
  form->issue_model = g_strdup (issue_model);
  g_object_set_data_full (G_OBJECT (dialog), "kesu-form", form, form_free);

  grid = kesu_dialog_grid_new (6);

  if (issue_category >= 0)
    {
      /* Translators: a recurring issue, its category and vehicle model: "Attitude · Accord" */
      g_autofree char *text = g_strdup_printf (_("%s · %s"),
                                               kesu_category_to_label (issue_category),
                                               issue_model != NULL ? issue_model : "—");
      GtkWidget *title = gtk_label_new (_("Recurring issue"));
      GtkWidget *value = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (title), 1);
      gtk_widget_add_css_class (title, "kesu-field-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_widget_set_name (value, "issue");
      gtk_grid_attach (GTK_GRID (grid), title, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value, 1, row++, 1, 1);
    }

  shown = kesu_text_input_new (64, &form->cause);
  gtk_widget_set_name (form->cause, "root-cause");
  if (issue_category >= 0)
    {
      /* Translators: the first words of an action's root cause for a recurring issue:
       * its category and vehicle model, "Recurring: Attitude on Honda Accord" */
      g_autofree char *cause = g_strdup_printf (_("Recurring: %s on %s"),
                                                kesu_category_to_label (issue_category),
                                                issue_model != NULL ? issue_model : "—");

      kesu_input_set_text (form->cause, cause);
    }
  form_add_row (GTK_GRID (grid), &row, _("_Root cause"), shown, form->cause, TRUE);
  shown = kesu_text_input_new (64, &form->measures);
  gtk_widget_set_name (form->measures, "measures");
  form_add_row (GTK_GRID (grid), &row, _("_Measures"), shown, form->measures, TRUE);

  names = kesu_staff_names_new (store, _("Choose an owner…"), &form->staff_ids);
  form->owner = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (form->owner, "owner");
  form_add_row (GTK_GRID (grid), &row, _("_Owner"), form->owner, form->owner, FALSE);

  shown = kesu_date_input_new (&form->due);
  gtk_widget_set_name (form->due, "due");
  {
    g_autoptr(GDateTime) now = kesu_clock_now ();

    in_a_month = g_date_time_add_months (now, 1);
  }
  {
    g_autofree char *text = g_date_time_format (in_a_month, "%Y-%m-%d");

    kesu_input_set_text (form->due, text);
  }
  form_add_row (GTK_GRID (grid), &row, _("_Due date"), shown, form->due, FALSE);

  form->numbers = gtk_entry_new ();
  gtk_widget_set_name (form->numbers, "numbers");
  for (guint i = 0; i < n_complaints; i++)
    {
      g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (store, complaint_ids[i],
                                                                     NULL);

      if (complaint == NULL)
        continue;
      if (numbers->len > 0)
        g_string_append (numbers, ", ");
      g_string_append (numbers, kesu_complaint_get_number (complaint));
    }
  kesu_input_set_text (form->numbers, numbers->str);
  gtk_entry_set_placeholder_text (GTK_ENTRY (form->numbers), "KS-202611-0001, KS-202611-0007");
  form_add_row (GTK_GRID (grid), &row, _("_Linked complaints"), form->numbers,
                          form->numbers, FALSE);
  hint = gtk_label_new (_("The complaints that showed the problem, by number, separated by "
                          "commas."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_grid_attach (GTK_GRID (grid), hint, 1, row++, 1, 1);

  form->error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (form->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (form->error), 0);
  gtk_widget_add_css_class (form->error, "error");
  gtk_widget_set_visible (form->error, FALSE);
  gtk_grid_attach (GTK_GRID (grid), form->error, 0, row++, 2, 1);

  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (form_response_cb), NULL);
  return GTK_WINDOW (dialog);
}

GtkWindow *
kesu_action_form_new (GtkWindow    *parent,
                      KesuStore    *store,
                      const gint64 *complaint_ids,
                      guint         n_complaints)
{
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail (complaint_ids != NULL || n_complaints == 0, NULL);

  return form_new (parent, store, -1, NULL, complaint_ids, n_complaints);
}

GtkWindow *
kesu_action_form_new_for_issue (GtkWindow    *parent,
                                KesuStore    *store,
                                int           category,
                                const char   *vehicle_model,
                                const gint64 *complaint_ids,
                                guint         n_complaints)
{
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);
  g_return_val_if_fail (category >= 0 && category < KESU_N_CATEGORIES, NULL);
  g_return_val_if_fail (complaint_ids != NULL || n_complaints == 0, NULL);

  return form_new (parent, store, category, vehicle_model, complaint_ids, n_complaints);
}
