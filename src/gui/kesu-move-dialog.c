/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-move-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-approval-dialog.h"
#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-move-dialog.h"
#include "kesu-signature-dialog.h"
#include "kesu-signature.h"
#include "kesu-validate.h"

typedef enum
{
  FIELD_HANDLER,
  FIELD_CAUSE,
  FIELD_RESPONSIBILITY,
  FIELD_RECURRING,
  FIELD_SOLUTION,
  FIELD_MEASURES,
  FIELD_AMOUNT,
  FIELD_DEADLINE,
  FIELD_AGREED,
  FIELD_AGREEMENT_NOTE,
  FIELD_MEASURES_RESULT,
  FIELD_SATISFACTION,
  FIELD_SATISFACTION_COMMENT,
  FIELD_REASON,
  N_FIELDS
} Field;

typedef enum
{
  KIND_STAFF,
  KIND_CHOICE,
  KIND_TEXT,
  KIND_ENTRY,
  KIND_DATETIME,
  KIND_CHECK,
  KIND_RATING,
} FieldKind;

typedef struct
{
  Field        field;
  KesuNeeds    needs;
  FieldKind    kind;
  gboolean     required;
  const char  *label;  /* N_() */
  const char  *text;   /* N_(): a check button's own text, an entry's placeholder; or NULL */
} FieldSpec;

/* In the order the dialog shows them; a move shows the rows of what it needs. */
static const FieldSpec field_specs[] = {
  { FIELD_HANDLER, KESU_NEEDS_HANDLER, KIND_STAFF, TRUE, N_("Handler"), NULL },
  { FIELD_CAUSE, KESU_NEEDS_FINDING, KIND_TEXT, TRUE, N_("Cause"), NULL },
  { FIELD_RESPONSIBILITY, KESU_NEEDS_FINDING, KIND_CHOICE, TRUE, N_("Responsibility"), NULL },
  { FIELD_RECURRING, KESU_NEEDS_FINDING, KIND_CHECK, FALSE, N_("Scope"),
    N_("One of several of the same kind") },
  { FIELD_SOLUTION, KESU_NEEDS_SOLUTION, KIND_CHOICE, TRUE, N_("Solution"), NULL },
  { FIELD_MEASURES, KESU_NEEDS_SOLUTION, KIND_TEXT, TRUE, N_("Measures"), NULL },
  { FIELD_AMOUNT, KESU_NEEDS_SOLUTION, KIND_ENTRY, TRUE, N_("Amount (CNY)"),
    N_("e.g. 1200 or 1,200.50; 0 when no money is involved") },
  { FIELD_DEADLINE, KESU_NEEDS_SOLUTION, KIND_DATETIME, TRUE, N_("Deadline"),
    N_("YYYY-MM-DD HH:MM") },
  { FIELD_AGREED, KESU_NEEDS_AGREEMENT, KIND_CHECK, TRUE, N_("Agreement"),
    N_("The customer agrees") },
  { FIELD_AGREEMENT_NOTE, KESU_NEEDS_AGREEMENT, KIND_ENTRY, FALSE, N_("How"),
    N_("Signature, recorded call, WeChat message…") },
  { FIELD_MEASURES_RESULT, KESU_NEEDS_MEASURES_DONE, KIND_TEXT, TRUE, N_("What was done"),
    NULL },
  { FIELD_SATISFACTION, KESU_NEEDS_SATISFACTION, KIND_RATING, TRUE, N_("Satisfaction"), NULL },
  { FIELD_SATISFACTION_COMMENT, KESU_NEEDS_SATISFACTION, KIND_TEXT, TRUE,
    N_("What the customer said"), NULL },
  { FIELD_REASON, KESU_NEEDS_REASON, KIND_TEXT, TRUE, N_("Reason"), NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_specs) == N_FIELDS);

typedef struct
{
  const FieldSpec *spec;
  GtkWidget       *input;        /* NULL when the move does not ask for the field */
  GtkWidget       *styled;       /* what takes the error look */
  GtkWidget       *error_label;
  gboolean         touched;
} FieldRow;

struct _KesuMoveDialog
{
  GtkWindow         parent_instance;

  KesuStore        *store;
  gint64            complaint_id;
  KesuState         from;
  KesuState         to;
  KesuNeeds         needs;
  KesuMoveDoneFunc  done;
  gpointer          done_data;
  gboolean          finished;
  gboolean          show_all_problems;
  gboolean          filling;       /* set while the dialog writes its own widgets */
  gint64            agreed_at;     /* kept from the store until the check is changed */
  GArray           *staff_ids;     /* gint64, by position in the staff drop-down */
  FieldRow          rows[N_FIELDS];
  GtkWidget        *rating_buttons[KESU_SATISFACTION_MAX];
  GtkWidget        *rating_word;
  GtkWidget        *rating_hint;
  /* Signatures taken on screen for the agreement, stored with the move. */
  GBytes           *customer_png;
  GPtrArray        *customer_strokes;
  GBytes           *branch_png;
  GPtrArray        *branch_strokes;
  GtkWidget        *signed_label;
  /* The note that blocks the move to the customer while the amount is beyond the
   * handler's limit, with the two ways on (approve now, or leave it awaiting approval). */
  GtkWidget        *approval_box;
  GtkWidget        *approval_icon;
  GtkWidget        *approval_label;
  GtkWidget        *approval_buttons;

  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkLabel         *intro_label;
  GtkWidget        *error_box;
  GtkLabel         *error_label;
  GtkGrid          *fields_grid;
  GtkLabel         *status_label;
  GtkWidget        *confirm_button;
};

G_DEFINE_FINAL_TYPE (KesuMoveDialog, kesu_move_dialog, GTK_TYPE_WINDOW)

/* The dialog open now, for tests; modal, so there is one at most. */
static KesuMoveDialog *current_dialog;

/* ---- reading and writing the widgets ---- */

static gboolean
row_shown (KesuMoveDialog *self,
           Field           field)
{
  return self->rows[field].input != NULL;
}

static guint
row_get_selected (FieldRow *row)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (row->input));
}

static gboolean
row_get_active (FieldRow *row)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (row->input));
}

static gint64
staff_at (KesuMoveDialog *self,
          guint           position)
{
  return kesu_staff_ids_get (self->staff_ids, position);
}

static int
rating_get (KesuMoveDialog *self)
{
  for (int i = 0; i < KESU_SATISFACTION_MAX; i++)
    if (self->rating_buttons[i] != NULL
        && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->rating_buttons[i])))
      return i + 1;
  return 0;
}

/* "1200" or "1200.50": the amount as a user would type it. */
static char *
amount_to_text (gint64 fen)
{
  if (fen % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, fen / 100);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

/* The case data as the dialog holds it now: the rows it shows, nothing else. */
static KesuCaseData *
build_input (KesuMoveDialog *self)
{
  KesuCaseData *input = kesu_case_data_new ();
  FieldRow *rows = self->rows;

  if (row_shown (self, FIELD_HANDLER))
    input->handler_id = staff_at (self, row_get_selected (&rows[FIELD_HANDLER]));
  if (row_shown (self, FIELD_CAUSE))
    input->cause = kesu_input_dup_text (rows[FIELD_CAUSE].input);
  if (row_shown (self, FIELD_RESPONSIBILITY))
    input->responsibility = row_get_selected (&rows[FIELD_RESPONSIBILITY]);
  if (row_shown (self, FIELD_RECURRING))
    input->recurring = row_get_active (&rows[FIELD_RECURRING]);
  if (row_shown (self, FIELD_SOLUTION))
    input->solution = row_get_selected (&rows[FIELD_SOLUTION]);
  if (row_shown (self, FIELD_MEASURES))
    input->measures = kesu_input_dup_text (rows[FIELD_MEASURES].input);
  if (row_shown (self, FIELD_AMOUNT))
    {
      g_autofree char *text = kesu_input_dup_text (rows[FIELD_AMOUNT].input);
      gint64 fen = -1;

      if (kesu_parse_amount (text, &fen, NULL))
        input->amount_fen = fen;
    }
  if (row_shown (self, FIELD_DEADLINE))
    {
      g_autofree char *text = kesu_input_dup_text (rows[FIELD_DEADLINE].input);
      g_autoptr(GDateTime) deadline = NULL;

      if (kesu_validate_datetime (text, &deadline, NULL))
        input->solution_deadline = g_date_time_to_unix (deadline);
    }
  if (row_shown (self, FIELD_AGREED) && row_get_active (&rows[FIELD_AGREED]))
    input->agreed_at = self->agreed_at > 0 ? self->agreed_at : kesu_clock_now_unix ();
  if (row_shown (self, FIELD_AGREEMENT_NOTE))
    input->agreement_note = kesu_input_dup_text (rows[FIELD_AGREEMENT_NOTE].input);
  if (row_shown (self, FIELD_MEASURES_RESULT))
    input->measures_result = kesu_input_dup_text (rows[FIELD_MEASURES_RESULT].input);
  if (row_shown (self, FIELD_SATISFACTION))
    input->satisfaction = rating_get (self);
  if (row_shown (self, FIELD_SATISFACTION_COMMENT))
    input->satisfaction_comment = kesu_input_dup_text (rows[FIELD_SATISFACTION_COMMENT].input);
  if (row_shown (self, FIELD_REASON))
    input->reason = kesu_input_dup_text (rows[FIELD_REASON].input);
  return input;
}

/* ---- problems beside the fields ---- */

/* Mirrors kesu_workflow_check_move one field at a time, so that each problem shows
 * beside its field; the store checks again on confirming and has the last word. */
static char *
text_problem (FieldRow   *row,
              gsize       max_chars,
              const char *when_blank)
{
  g_autofree char *text = kesu_input_dup_text (row->input);
  g_autoptr(GError) error = NULL;

  if (kesu_text_is_blank (text))
    return when_blank != NULL ? g_strdup (when_blank) : NULL;
  if (!kesu_validate_text (text, max_chars, FALSE, &error))
    return g_strdup (error->message);
  return NULL;
}

static char *
field_problem (KesuMoveDialog *self,
               Field           field)
{
  FieldRow *row = &self->rows[field];
  g_autoptr(GError) error = NULL;

  switch (field)
    {
    case FIELD_HANDLER:
      if (staff_at (self, row_get_selected (row)) > 0)
        return NULL;
      return g_strdup (_("A handler must be assigned."));
    case FIELD_CAUSE:
      return text_problem (row, KESU_TEXT_MAX_CHARS,
                           _("Record the cause that the investigation found."));
    case FIELD_RESPONSIBILITY:
      if (row_get_selected (row) != KESU_RESPONSIBILITY_NONE)
        return NULL;
      return g_strdup (_("Say who is responsible."));
    case FIELD_RECURRING:
      return NULL;
    case FIELD_SOLUTION:
      if (row_get_selected (row) != KESU_SOLUTION_NONE)
        return NULL;
      return g_strdup (_("Choose the kind of solution."));
    case FIELD_MEASURES:
      return text_problem (row, KESU_TEXT_MAX_CHARS, _("Describe the agreed measures."));
    case FIELD_AMOUNT:
      {
        g_autofree char *text = kesu_input_dup_text (row->input);

        if (kesu_text_is_blank (text))
          return g_strdup (_("Enter the amount in CNY (0 when no money is involved)."));
        if (!kesu_parse_amount (text, NULL, &error))
          return g_strdup (error->message);
        return NULL;
      }
    case FIELD_DEADLINE:
      {
        g_autofree char *text = kesu_input_dup_text (row->input);

        if (kesu_text_is_blank (text))
          return g_strdup (_("Set the deadline for the measures."));
        if (!kesu_validate_datetime (text, NULL, &error))
          return g_strdup (error->message);
        return NULL;
      }
    case FIELD_AGREED:
      if (row_get_active (row))
        return NULL;
      return g_strdup (_("The customer's agreement is missing (a signature or recorded "
                         "consent)."));
    case FIELD_AGREEMENT_NOTE:
      return text_problem (row, KESU_SHORT_TEXT_MAX_CHARS, NULL);
    case FIELD_MEASURES_RESULT:
      return text_problem (row, KESU_TEXT_MAX_CHARS, _("Describe what was done."));
    case FIELD_SATISFACTION:
      if (rating_get (self) > 0)
        return NULL;
      return g_strdup (_("Record the customer's satisfaction, from 1 to 5."));
    case FIELD_SATISFACTION_COMMENT:
      return text_problem (row, KESU_TEXT_MAX_CHARS,
                           _("Record what the customer said at the follow-up."));
    case FIELD_REASON:
      return text_problem (row, KESU_TEXT_MAX_CHARS, _("Give the reason."));
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean update_approval (KesuMoveDialog *self);

/* Shows the problems of the fields the user has reached (all of them after a confirm)
 * and returns how many there are; *out_first is the first field with one. */
static guint
revalidate (KesuMoveDialog *self,
            Field          *out_first)
{
  guint n_problems = 0;

  for (guint f = 0; f < N_FIELDS; f++)
    {
      FieldRow *row = &self->rows[f];
      g_autofree char *problem = NULL;
      gboolean show;

      if (row->input == NULL)
        continue;
      problem = field_problem (self, f);
      if (problem != NULL && n_problems++ == 0 && out_first != NULL)
        *out_first = f;

      show = problem != NULL && (row->touched || self->show_all_problems);
      kesu_show_field_problem (row->error_label, row->styled, show ? problem : NULL);
    }

  if (update_approval (self))
    gtk_label_set_text (self->status_label,
                        _("Blocked: the amount needs approval before the customer is offered "
                          "it."));
  else if (n_problems == 0)
    {
      g_autofree char *text =
        g_strdup_printf (_("Ready: the case moves to “%s” when you confirm."),
                         kesu_state_to_label (self->to));

      gtk_label_set_text (self->status_label, text);
    }
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u field still needs attention.",
                                      "%u fields still need attention.", n_problems),
                         n_problems);

      gtk_label_set_text (self->status_label, text);
    }
  return n_problems;
}

static void
update_rating_words (KesuMoveDialog *self)
{
  int rating = rating_get (self);

  if (self->rating_word == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->rating_word),
                      rating > 0 ? kesu_satisfaction_to_label (rating) : _("Not rated yet"));
  /* The store reopens the case instead of closing it: say so before the user confirms. */
  if (rating > 0 && rating <= KESU_SATISFACTION_DISSATISFIED)
    gtk_widget_add_css_class (self->rating_hint, "kesu-severity-important");
  else
    gtk_widget_remove_css_class (self->rating_hint, "kesu-severity-important");
}

static void
field_changed (KesuMoveDialog *self,
               FieldRow       *row)
{
  if (self->filling)
    return;
  row->touched = TRUE;
  revalidate (self, NULL);
}

static void
entry_changed_cb (GtkEditable    *editable,
                  KesuMoveDialog *self)
{
  field_changed (self, g_object_get_data (G_OBJECT (editable), "kesu-row"));
}

static void
buffer_changed_cb (GtkTextBuffer  *buffer,
                   KesuMoveDialog *self)
{
  field_changed (self, g_object_get_data (G_OBJECT (buffer), "kesu-row"));
}

static void
dropdown_selected_cb (GtkDropDown    *dropdown,
                      GParamSpec     *pspec,
                      KesuMoveDialog *self)
{
  field_changed (self, g_object_get_data (G_OBJECT (dropdown), "kesu-row"));
}

static void
check_toggled_cb (GtkCheckButton *check,
                  KesuMoveDialog *self)
{
  FieldRow *row = g_object_get_data (G_OBJECT (check), "kesu-row");

  /* The agreement is dated when the user says it was given. */
  if (row->spec->field == FIELD_AGREED && !self->filling)
    self->agreed_at = gtk_check_button_get_active (check) ? kesu_clock_now_unix () : 0;
  field_changed (self, row);
}

static void
rating_toggled_cb (GtkToggleButton *button,
                   KesuMoveDialog  *self)
{
  update_rating_words (self);
  field_changed (self, &self->rows[FIELD_SATISFACTION]);
}

/* ---- building the rows ---- */

static GtkWidget *
make_choice_input (FieldRow *row)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  /* Position 0 is the enum's "not decided yet", so a position is the enum value. */
  if (row->spec->field == FIELD_RESPONSIBILITY)
    for (guint i = 0; i < KESU_N_RESPONSIBILITIES; i++)
      gtk_string_list_append (list, kesu_responsibility_to_label (i));
  else
    for (guint i = 0; i < KESU_N_SOLUTIONS; i++)
      gtk_string_list_append (list, kesu_solution_to_label (i));

  row->input = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  gtk_widget_set_hexpand (row->input, TRUE);
  return row->input;
}

static GtkWidget *
make_staff_input (KesuMoveDialog *self,
                  FieldRow       *row)
{
  GtkStringList *names;

  g_clear_pointer (&self->staff_ids, g_array_unref);
  names = kesu_staff_names_new (self->store, _("Choose a handler…"), &self->staff_ids);
  row->input = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
  gtk_widget_set_hexpand (row->input, TRUE);
  return row->input;
}

static GtkWidget *
make_datetime_input (FieldRow *row)
{
  /* A day picked before any time is typed: the end of the working day, as
   * set_default_deadline () says. */
  GtkWidget *box = kesu_datetime_input_new (18, &row->input);

  row->styled = row->input;
  gtk_entry_set_activates_default (GTK_ENTRY (row->input), TRUE);
  return box;
}

static GtkWidget *
make_rating_input (KesuMoveDialog *self,
                   FieldRow       *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *hint = NULL;

  gtk_widget_add_css_class (buttons, "linked");
  for (int i = 0; i < KESU_SATISFACTION_MAX; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      g_autofree char *tooltip = kesu_format_satisfaction (i + 1);
      GtkWidget *button = gtk_toggle_button_new_with_label (number);

      gtk_widget_set_size_request (button, 44, -1);
      gtk_widget_set_tooltip_text (button, tooltip);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                     GTK_TOGGLE_BUTTON (self->rating_buttons[0]));
      g_signal_connect_object (button, "toggled", G_CALLBACK (rating_toggled_cb), self, 0);
      gtk_box_append (GTK_BOX (buttons), button);
      self->rating_buttons[i] = button;
    }

  self->rating_word = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->rating_word), 0.0);
  gtk_widget_add_css_class (self->rating_word, "heading");
  gtk_box_append (GTK_BOX (line), buttons);
  gtk_box_append (GTK_BOX (line), self->rating_word);

  hint = g_strdup_printf (_("1 is very dissatisfied, 5 very satisfied. A rating of %d or lower "
                            "reopens the case: it goes back to investigation instead of "
                            "closing."), KESU_SATISFACTION_DISSATISFIED);
  self->rating_hint = gtk_label_new (hint);
  gtk_label_set_xalign (GTK_LABEL (self->rating_hint), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->rating_hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->rating_hint), 50);
  gtk_widget_add_css_class (self->rating_hint, "caption");

  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), self->rating_hint);
  row->input = box;
  update_rating_words (self);
  return box;
}

/* ---- signing the agreement on screen ---- */

static void
update_signed_label (KesuMoveDialog *self)
{
  const char *text = NULL;

  if (self->signed_label == NULL)
    return;
  if (self->customer_png != NULL && self->branch_png != NULL)
    text = _("Signed on screen by the customer and the branch.");
  else if (self->customer_png != NULL)
    text = _("Signed on screen by the customer.");
  else if (self->branch_png != NULL)
    text = _("Signed on screen by the branch.");
  gtk_label_set_text (GTK_LABEL (self->signed_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->signed_label, text != NULL);
}

static void
signature_signed_cb (KesuSignatureDialog *dialog,
                     GBytes              *png,
                     GPtrArray           *strokes,
                     KesuMoveDialog      *self)
{
  gboolean branch = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kesu-branch"));

  if (branch)
    {
      g_clear_pointer (&self->branch_png, g_bytes_unref);
      g_clear_pointer (&self->branch_strokes, g_ptr_array_unref);
      self->branch_png = g_bytes_ref (png);
      self->branch_strokes = g_ptr_array_ref (strokes);
    }
  else
    {
      FieldRow *note = &self->rows[FIELD_AGREEMENT_NOTE];

      g_clear_pointer (&self->customer_png, g_bytes_unref);
      g_clear_pointer (&self->customer_strokes, g_ptr_array_unref);
      self->customer_png = g_bytes_ref (png);
      self->customer_strokes = g_ptr_array_ref (strokes);
      /* The signature is the agreement: tick it, and say how it was given. */
      self->agreed_at = kesu_clock_now_unix ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->rows[FIELD_AGREED].input), TRUE);
      if (note->input != NULL)
        {
          g_autofree char *text = kesu_input_dup_text (note->input);

          if (kesu_text_is_blank (text))
            kesu_input_set_text (note->input, _("Signed on screen"));
        }
    }
  update_signed_label (self);
}

static GtkWindow *
open_signature (KesuMoveDialog *self,
                gboolean        branch)
{
  KesuSignatureDialog *dialog;

  dialog = kesu_signature_dialog_new (GTK_WINDOW (self),
                                      branch ? _("Branch Signs the Agreement")
                                             : _("Customer Signs the Agreement"),
                                      branch ? _("The branch's representative signs to confirm "
                                                 "the agreed solution.")
                                             : _("By signing, the customer agrees to the "
                                                 "solution: the measures, the amount and the "
                                                 "deadline."));
  g_object_set_data (G_OBJECT (dialog), "kesu-branch", GINT_TO_POINTER (branch));
  g_signal_connect_object (dialog, "signed", G_CALLBACK (signature_signed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
customer_signs_clicked_cb (GtkButton      *button,
                           KesuMoveDialog *self)
{
  open_signature (self, FALSE);
}

static void
branch_signs_clicked_cb (GtkButton      *button,
                         KesuMoveDialog *self)
{
  open_signature (self, TRUE);
}

/* The agreement's check with the buttons that take the signatures. */
static GtkWidget *
make_agreement_input (KesuMoveDialog *self,
                      FieldRow       *row,
                      GtkWidget      *check)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *customer = gtk_button_new_with_mnemonic (_("Customer _Signs…"));
  GtkWidget *branch = gtk_button_new_with_mnemonic (_("_Branch Signs…"));

  gtk_widget_set_hexpand (check, TRUE);
  gtk_box_append (GTK_BOX (line), check);
  g_signal_connect_object (customer, "clicked", G_CALLBACK (customer_signs_clicked_cb), self, 0);
  g_signal_connect_object (branch, "clicked", G_CALLBACK (branch_signs_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (line), customer);
  gtk_box_append (GTK_BOX (line), branch);
  gtk_box_append (GTK_BOX (box), line);
  self->signed_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->signed_label), 0.0);
  gtk_widget_add_css_class (self->signed_label, "dim-label");
  gtk_widget_set_visible (self->signed_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->signed_label);
  return box;
}

static void
build_row (KesuMoveDialog  *self,
           const FieldSpec *spec,
           int             *next)
{
  FieldRow *row = &self->rows[spec->field];
  g_autofree char *title = NULL;
  GtkWidget *shown;
  gboolean tall = spec->kind == KIND_TEXT || spec->kind == KIND_RATING;

  row->spec = spec;
  title = spec->required ? g_strdup_printf ("%s *", _(spec->label)) : g_strdup (_(spec->label));

  switch (spec->kind)
    {
    case KIND_STAFF:
      shown = make_staff_input (self, row);
      break;
    case KIND_CHOICE:
      shown = make_choice_input (row);
      break;
    case KIND_TEXT:
      row->styled = shown = kesu_text_input_new (72, &row->input);
      break;
    case KIND_ENTRY:
      row->input = row->styled = shown = gtk_entry_new ();
      gtk_entry_set_activates_default (GTK_ENTRY (shown), TRUE);
      gtk_widget_set_hexpand (shown, TRUE);
      break;
    case KIND_DATETIME:
      shown = make_datetime_input (row);
      break;
    case KIND_CHECK:
      row->input = shown = gtk_check_button_new_with_label (_(spec->text));
      if (spec->field == FIELD_AGREED)
        shown = make_agreement_input (self, row, shown);
      break;
    case KIND_RATING:
      shown = make_rating_input (self, row);
      break;
    default:
      g_assert_not_reached ();
    }

  if (spec->text != NULL && GTK_IS_ENTRY (row->input))
    gtk_entry_set_placeholder_text (GTK_ENTRY (row->input), _(spec->text));
  row->error_label = kesu_form_grid_add_row (self->fields_grid, next, title, shown, row->input,
                                             tall);

  if (GTK_IS_TEXT_VIEW (row->input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->input));

      g_object_set_data (G_OBJECT (buffer), "kesu-row", row);
      g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, 0);
    }
  else if (GTK_IS_EDITABLE (row->input))
    {
      g_object_set_data (G_OBJECT (row->input), "kesu-row", row);
      g_signal_connect_object (row->input, "changed", G_CALLBACK (entry_changed_cb), self, 0);
    }
  else if (GTK_IS_DROP_DOWN (row->input))
    {
      g_object_set_data (G_OBJECT (row->input), "kesu-row", row);
      g_signal_connect_object (row->input, "notify::selected",
                               G_CALLBACK (dropdown_selected_cb), self, 0);
    }
  else if (GTK_IS_CHECK_BUTTON (row->input))
    {
      g_object_set_data (G_OBJECT (row->input), "kesu-row", row);
      g_signal_connect_object (row->input, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
    }
}

/* Writes the set values of @data into the rows shown; unset values leave a row as it is. */
static void
fill_from (KesuMoveDialog     *self,
           const KesuCaseData *data)
{
  FieldRow *rows = self->rows;
  guint position;

  self->filling = TRUE;
  if (row_shown (self, FIELD_HANDLER) && data->handler_id > 0
      && kesu_staff_ids_find (self->staff_ids, data->handler_id, &position))
    gtk_drop_down_set_selected (GTK_DROP_DOWN (rows[FIELD_HANDLER].input), position);
  if (row_shown (self, FIELD_CAUSE) && !kesu_text_is_blank (data->cause))
    kesu_input_set_text (rows[FIELD_CAUSE].input, data->cause);
  if (row_shown (self, FIELD_RESPONSIBILITY) && data->responsibility != KESU_RESPONSIBILITY_NONE
      && (guint) data->responsibility < KESU_N_RESPONSIBILITIES)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (rows[FIELD_RESPONSIBILITY].input),
                                data->responsibility);
  if (row_shown (self, FIELD_RECURRING) && data->recurring)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (rows[FIELD_RECURRING].input), TRUE);
  if (row_shown (self, FIELD_SOLUTION) && data->solution != KESU_SOLUTION_NONE
      && (guint) data->solution < KESU_N_SOLUTIONS)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (rows[FIELD_SOLUTION].input), data->solution);
  if (row_shown (self, FIELD_MEASURES) && !kesu_text_is_blank (data->measures))
    kesu_input_set_text (rows[FIELD_MEASURES].input, data->measures);
  if (row_shown (self, FIELD_AMOUNT) && data->amount_fen >= 0)
    {
      g_autofree char *text = amount_to_text (data->amount_fen);

      kesu_input_set_text (rows[FIELD_AMOUNT].input, text);
    }
  if (row_shown (self, FIELD_DEADLINE) && data->solution_deadline > 0)
    {
      g_autofree char *text = kesu_format_time (data->solution_deadline);

      kesu_input_set_text (rows[FIELD_DEADLINE].input, text);
    }
  if (row_shown (self, FIELD_AGREED) && data->agreed_at > 0)
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (rows[FIELD_AGREED].input), TRUE);
      self->agreed_at = data->agreed_at;
    }
  if (row_shown (self, FIELD_AGREEMENT_NOTE) && !kesu_text_is_blank (data->agreement_note))
    kesu_input_set_text (rows[FIELD_AGREEMENT_NOTE].input, data->agreement_note);
  if (row_shown (self, FIELD_MEASURES_RESULT) && !kesu_text_is_blank (data->measures_result))
    kesu_input_set_text (rows[FIELD_MEASURES_RESULT].input, data->measures_result);
  if (row_shown (self, FIELD_SATISFACTION) && data->satisfaction >= 1
      && data->satisfaction <= KESU_SATISFACTION_MAX)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rating_buttons[data->satisfaction - 1]),
                                  TRUE);
  if (row_shown (self, FIELD_SATISFACTION_COMMENT)
      && !kesu_text_is_blank (data->satisfaction_comment))
    kesu_input_set_text (rows[FIELD_SATISFACTION_COMMENT].input, data->satisfaction_comment);
  if (row_shown (self, FIELD_REASON) && !kesu_text_is_blank (data->reason))
    kesu_input_set_text (rows[FIELD_REASON].input, data->reason);
  self->filling = FALSE;

  update_rating_words (self);
  revalidate (self, NULL);
}

/* The measures' deadline when none is stored: three days from now, at the end of the
 * working day. */
static void
set_default_deadline (KesuMoveDialog *self)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d 18:00",
                                           g_date_time_get_year (later),
                                           g_date_time_get_month (later),
                                           g_date_time_get_day_of_month (later));

  self->filling = TRUE;
  kesu_input_set_text (self->rows[FIELD_DEADLINE].input, text);
  self->filling = FALSE;
}

static void
build_rows (KesuMoveDialog *self)
{
  int next = 0;

  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    if (field_specs[i].needs & self->needs)
      build_row (self, &field_specs[i], &next);
  if (row_shown (self, FIELD_DEADLINE))
    set_default_deadline (self);
}

/* ---- confirming and giving up ---- */

/* Hands the result to the caller, once. */
static void
finish (KesuMoveDialog *self,
        gboolean        moved,
        KesuState       state)
{
  KesuMoveDoneFunc done = self->done;
  gpointer done_data = self->done_data;

  if (self->finished)
    return;
  self->finished = TRUE;
  self->done = NULL;
  self->done_data = NULL;
  if (current_dialog == self)
    current_dialog = NULL;
  if (done != NULL)
    done (moved, state, done_data);
}

static void
focus_row (KesuMoveDialog *self,
           FieldRow       *row)
{
  if (row->spec->kind == KIND_RATING)
    gtk_widget_grab_focus (self->rating_buttons[0]);
  else
    gtk_widget_grab_focus (row->input);
}

/* ---- approval of an amount beyond the handler's limit ---- */

/* The amount the move would record: the one typed when the dialog asks for it (-2 while
 * it is not a valid amount yet), else the stored one (-1). */
static gint64
approval_amount (KesuMoveDialog *self)
{
  g_autofree char *text = NULL;
  gint64 fen = -1;

  if (!row_shown (self, FIELD_AMOUNT))
    return -1;
  text = kesu_input_dup_text (self->rows[FIELD_AMOUNT].input);
  if (!kesu_parse_amount (text, &fen, NULL))
    return -2;
  return fen;
}

/* Shows or hides the approval note; TRUE when the move is blocked.  Only the move that
 * records the customer's agreement offers the amount to the customer. */
static gboolean
update_approval (KesuMoveDialog *self)
{
  g_autofree char *note = NULL;
  gboolean approved = FALSE;
  gint64 amount;

  if (self->approval_box == NULL)
    return FALSE;
  amount = approval_amount (self);
  if (self->from == KESU_STATE_PROPOSING && self->to == KESU_STATE_EXECUTING && amount != -2)
    {
      note = kesu_approval_dup_note (self->store, self->complaint_id, amount);
      if (note == NULL)
        {
          g_autoptr(KesuCaseData) stored = kesu_store_get_case_data (self->store,
                                                                     self->complaint_id, NULL);
          gint64 limit = 0;

          /* Not needed although beyond the limit: somebody approved this amount. */
          kesu_store_approval_needed (self->store, self->complaint_id, amount, &limit);
          if (amount < 0 && stored != NULL)
            amount = stored->amount_fen;
          approved = amount > limit;
        }
    }

  gtk_widget_remove_css_class (self->approval_box, "kesu-approval-blocked");
  gtk_widget_remove_css_class (self->approval_label, "kesu-field-error");
  gtk_widget_remove_css_class (self->approval_label, "success");
  if (note != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->approval_label), note);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->approval_icon), "dialog-warning-symbolic");
      gtk_widget_add_css_class (self->approval_icon, "kesu-field-error");
      gtk_widget_remove_css_class (self->approval_icon, "success");
      gtk_widget_add_css_class (self->approval_box, "kesu-approval-blocked");
      gtk_widget_add_css_class (self->approval_label, "kesu-field-error");
      gtk_widget_set_visible (self->approval_buttons, TRUE);
      gtk_widget_set_visible (self->approval_box, TRUE);
    }
  else if (approved)
    {
      g_autoptr(GPtrArray) events = kesu_store_list_events (self->store, self->complaint_id,
                                                            NULL);
      const char *approver = NULL;
      g_autofree char *text = NULL;

      for (guint i = events != NULL ? events->len : 0; i > 0 && approver == NULL; i--)
        {
          KesuEvent *e = g_ptr_array_index (events, i - 1);

          if (e->kind == KESU_EVENT_APPROVED)
            approver = e->staff_name;
        }
      /* Translators: in the move dialog, once the amount is approved; who approved it */
      text = approver != NULL
             ? g_strdup_printf (_("Approved by %s: the amount may be offered to the customer."),
                                approver)
             : g_strdup (_("Approved: the amount may be offered to the customer."));
      gtk_label_set_text (GTK_LABEL (self->approval_label), text);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->approval_icon), "emblem-ok-symbolic");
      gtk_widget_remove_css_class (self->approval_icon, "kesu-field-error");
      gtk_widget_add_css_class (self->approval_icon, "success");
      gtk_widget_add_css_class (self->approval_label, "success");
      gtk_widget_set_visible (self->approval_buttons, FALSE);
      gtk_widget_set_visible (self->approval_box, TRUE);
    }
  else
    gtk_widget_set_visible (self->approval_box, FALSE);
  gtk_widget_set_sensitive (self->confirm_button, note == NULL);
  return note != NULL;
}

static void
approved_cb (gboolean approved,
             gpointer user_data)
{
  KesuMoveDialog *self = user_data;

  if (approved && !self->finished)
    revalidate (self, NULL);
  g_object_unref (self);
}

static GtkWidget *
approve_now (KesuMoveDialog *self)
{
  gint64 amount = approval_amount (self);

  if (amount == -2 || !update_approval (self))
    return NULL;
  return kesu_approval_dialog_run_for (GTK_WINDOW (self), self->store, self->complaint_id,
                                       amount, approved_cb, g_object_ref (self));
}

static void
approve_now_clicked_cb (GtkButton      *button,
                        KesuMoveDialog *self)
{
  approve_now (self);
}

static void finish (KesuMoveDialog *self,
                    gboolean        moved,
                    KesuState       state);

/* Records the solution as typed without moving the case, so that it waits in the lists
 * of those who may approve it; the dialog closes without moving. */
static gboolean
leave_awaiting (KesuMoveDialog *self)
{
  g_autoptr(KesuCaseData) input = NULL;
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;
  GtkWindow *parent;
  Field first = N_FIELDS;
  static const Field solution_fields[] = {
    FIELD_SOLUTION, FIELD_MEASURES, FIELD_AMOUNT, FIELD_DEADLINE,
  };

  if (self->finished || !update_approval (self))
    return FALSE;
  self->show_all_problems = TRUE;
  revalidate (self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (solution_fields); i++)
    {
      g_autofree char *problem = NULL;

      if (!row_shown (self, solution_fields[i]))
        continue;
      problem = field_problem (self, solution_fields[i]);
      if (problem != NULL && first == N_FIELDS)
        first = solution_fields[i];
    }
  if (first != N_FIELDS)
    {
      focus_row (self, &self->rows[first]);
      return FALSE;
    }

  input = build_input (self);
  stored = kesu_store_get_case_data (self->store, self->complaint_id, NULL);
  /* Only a changed solution is recorded again: leaving it waiting twice adds nothing. */
  if (row_shown (self, FIELD_AMOUNT)
      && (stored == NULL || stored->solution != input->solution
          || stored->amount_fen != input->amount_fen
          || stored->solution_deadline != input->solution_deadline
          || g_strcmp0 (stored->measures, input->measures) != 0)
      && !kesu_store_propose_solution (self->store, self->complaint_id, input, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (self->error_box, TRUE);
      return FALSE;
    }

  amount = kesu_format_amount (input->amount_fen >= 0 ? input->amount_fen
                               : stored != NULL ? stored->amount_fen : 0);
  text = g_strdup_printf (_("The solution is recorded and waits in “Awaiting My Approval” "
                            "of everyone whose limit covers %s. Record the customer's "
                            "agreement once it is approved."), amount);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_object_ref (self);
  {
    KesuMoveDoneFunc done = self->done;
    gpointer done_data = self->done_data;

    self->done = NULL;
    finish (self, FALSE, self->from);
    gtk_window_destroy (GTK_WINDOW (self));
    kesu_show_message (parent, GTK_MESSAGE_INFO, _("Awaiting approval"), text);
    if (done != NULL)
      done (FALSE, self->from, done_data);
  }
  g_object_unref (self);
  return TRUE;
}

static void
leave_awaiting_clicked_cb (GtkButton      *button,
                           KesuMoveDialog *self)
{
  leave_awaiting (self);
}

static void
build_approval_box (KesuMoveDialog *self)
{
  GtkWidget *approve = gtk_button_new_with_mnemonic (_("_Approve Now…"));
  GtkWidget *leave = gtk_button_new_with_mnemonic (_("_Leave Awaiting Approval"));
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *hint;

  self->approval_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_name (self->approval_box, "approval");
  self->approval_icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_set_valign (self->approval_icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (line), self->approval_icon);
  self->approval_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->approval_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->approval_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->approval_label), TRUE);
  gtk_widget_set_hexpand (self->approval_label, TRUE);
  gtk_widget_add_css_class (self->approval_label, "heading");
  gtk_box_append (GTK_BOX (line), self->approval_label);
  gtk_box_append (GTK_BOX (self->approval_box), line);

  self->approval_buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  hint = gtk_label_new (_("Someone whose limit covers the amount can approve it now on this "
                          "computer with their own PIN, or the case waits in their "
                          "“Awaiting My Approval” list."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (self->approval_buttons), hint);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (approve, "suggested-action");
  g_signal_connect_object (approve, "clicked", G_CALLBACK (approve_now_clicked_cb), self, 0);
  g_signal_connect_object (leave, "clicked", G_CALLBACK (leave_awaiting_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (line), approve);
  gtk_box_append (GTK_BOX (line), leave);
  gtk_box_append (GTK_BOX (self->approval_buttons), line);
  gtk_box_append (GTK_BOX (self->approval_box), self->approval_buttons);
  gtk_widget_set_visible (self->approval_box, FALSE);
  /* At the top, beside the store's refusals: it is why the move cannot happen. */
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->error_box)),
                              self->approval_box, self->error_box);
}

static gboolean
confirm (KesuMoveDialog *self)
{
  g_autoptr(KesuCaseData) input = NULL;
  g_autoptr(GError) error = NULL;
  KesuState new_state = self->from;
  Field first = N_FIELDS;

  if (self->finished)
    return FALSE;

  self->show_all_problems = TRUE;
  if (revalidate (self, &first) > 0)
    {
      focus_row (self, &self->rows[first]);
      return FALSE;
    }
  if (update_approval (self))
    return FALSE;

  input = build_input (self);
  if (self->customer_png != NULL || self->branch_png != NULL
      ? !kesu_store_move_signed (self->store, self->complaint_id, self->to, input,
                                 KESU_SIGNATURE_AGREEMENT, self->customer_png,
                                 self->customer_strokes, self->branch_png, self->branch_strokes,
                                 kesu_store_get_operator (self->store), &new_state, &error)
      : !kesu_store_move (self->store, self->complaint_id, self->to, input, &new_state, &error))
    {
      /* Everything typed stays, so the user can put it right and confirm again. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (self->error_box, TRUE);
      return FALSE;
    }

  g_object_ref (self);
  {
    KesuMoveDoneFunc done = self->done;
    gpointer done_data = self->done_data;

    /* Closed before the caller hears of it, so that it may open the next window. */
    self->done = NULL;
    finish (self, TRUE, new_state);
    gtk_window_destroy (GTK_WINDOW (self));
    if (done != NULL)
      done (TRUE, new_state, done_data);
  }
  g_object_unref (self);
  return TRUE;
}

static void
confirm_clicked_cb (KesuMoveDialog *self,
                    GtkButton      *button)
{
  confirm (self);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  confirm (KESU_MOVE_DIALOG (widget));
}

static gboolean
kesu_move_dialog_close_request (GtkWindow *window)
{
  KesuMoveDialog *self = KESU_MOVE_DIALOG (window);

  finish (self, FALSE, self->from);
  if (GTK_WINDOW_CLASS (kesu_move_dialog_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (kesu_move_dialog_parent_class)->close_request (window);
  return FALSE;
}

/* ---- GObject ---- */

static void
kesu_move_dialog_dispose (GObject *object)
{
  KesuMoveDialog *self = KESU_MOVE_DIALOG (object);

  /* Destroyed with its parent, or by anyone else: the move was given up. */
  finish (self, FALSE, self->from);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_MOVE_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_move_dialog_parent_class)->dispose (object);
}

static void
kesu_move_dialog_finalize (GObject *object)
{
  KesuMoveDialog *self = KESU_MOVE_DIALOG (object);

  g_clear_pointer (&self->staff_ids, g_array_unref);
  g_clear_pointer (&self->customer_png, g_bytes_unref);
  g_clear_pointer (&self->customer_strokes, g_ptr_array_unref);
  g_clear_pointer (&self->branch_png, g_bytes_unref);
  g_clear_pointer (&self->branch_strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_move_dialog_parent_class)->finalize (object);
}

static void
kesu_move_dialog_class_init (KesuMoveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kesu_move_dialog_dispose;
  object_class->finalize = kesu_move_dialog_finalize;
  window_class->close_request = kesu_move_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-move-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, KesuMoveDialog, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_install_action (widget_class, "move.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_move_dialog_init (KesuMoveDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Return in a multi-line field starts a new line; Ctrl+Return confirms from anywhere,
   * so it is caught before the text view would take it as a new line. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (
                                                            GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("move.confirm")));
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* ---- starting a move ---- */

static void
open_dialog (GtkWindow           *parent,
             KesuStore           *store,
             KesuComplaint       *complaint,
             const KesuCaseData  *stored,
             KesuState            to,
             KesuMoveDoneFunc     done,
             gpointer             user_data)
{
  KesuMoveDialog *self;
  const char *label;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *intro = NULL;
  Field first = N_FIELDS;

  self = g_object_new (KESU_TYPE_MOVE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = kesu_complaint_get_id (complaint);
  self->from = kesu_complaint_get_state (complaint);
  self->to = to;
  self->needs = kesu_workflow_move_needs (self->from, to);
  self->done = done;
  self->done_data = user_data;

  label = kesu_workflow_move_label (self->from, to);
  /* Translators: a dialog's title: the move, then the complaint number */
  title = g_strdup_printf (_("%s — %s"), label, kesu_complaint_get_number (complaint));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, label);
  subtitle = g_strdup_printf ("%s · %s", kesu_complaint_get_number (complaint),
                              kesu_complaint_get_intake (complaint)->customer_name);
  gtk_label_set_text (self->subtitle_label, subtitle);
  intro = g_strdup_printf (_("The case moves from “%s” to “%s”. Fill in what the move needs; "
                             "fields marked * are required."),
                           kesu_state_to_label (self->from), kesu_state_to_label (to));
  gtk_label_set_text (self->intro_label, intro);

  gtk_button_set_label (GTK_BUTTON (self->confirm_button), label);
  gtk_widget_add_css_class (self->confirm_button, to == KESU_STATE_WITHDRAWN
                                                  ? "destructive-action" : "suggested-action");
  gtk_window_set_default_widget (GTK_WINDOW (self), self->confirm_button);

  build_approval_box (self);
  build_rows (self);
  fill_from (self, stored);

  current_dialog = self;
  gtk_window_present (GTK_WINDOW (self));
  /* Straight to the first thing still missing. */
  revalidate (self, &first);
  if (first != N_FIELDS)
    focus_row (self, &self->rows[first]);
}

void
kesu_move_start (GtkWindow        *parent,
                 KesuStore        *store,
                 gint64            complaint_id,
                 KesuState         to,
                 KesuMoveDoneFunc  done,
                 gpointer          user_data)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  KesuState from, new_state;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (KESU_IS_STORE (store));
  g_return_if_fail ((guint) to < KESU_N_STATES);

  complaint = kesu_store_get_complaint (store, complaint_id, &error);
  if (complaint == NULL)
    {
      kesu_show_error (parent, _("The case was not moved"), error->message);
      /* Its state is unknown; the caller reloads whatever it shows. */
      if (done != NULL)
        done (FALSE, KESU_STATE_RECEIVED, user_data);
      return;
    }
  from = kesu_complaint_get_state (complaint);

  if (!kesu_workflow_move_allowed (from, to))
    {
      g_autofree char *why = kesu_workflow_check_move (from, to, NULL);

      kesu_show_message (parent, GTK_MESSAGE_WARNING, _("This move is not possible"), why);
      if (done != NULL)
        done (FALSE, from, user_data);
      return;
    }

  stored = kesu_store_get_case_data (store, complaint_id, &error);
  if (stored == NULL)
    {
      kesu_show_error (parent, _("The case was not moved"), error->message);
      if (done != NULL)
        done (FALSE, from, user_data);
      return;
    }

  missing = kesu_workflow_check_move (from, to, stored);
  /* An amount beyond the handler's limit blocks the move: the dialog says so and offers
   * the ways on, even when nothing else is missing. */
  if (missing != NULL
      || (from == KESU_STATE_PROPOSING && to == KESU_STATE_EXECUTING
          && kesu_store_approval_needed (store, complaint_id, -1, NULL)))
    {
      open_dialog (parent, store, complaint, stored, to, done, user_data);
      return;
    }

  /* The case has everything the move needs: nothing to ask. */
  new_state = from;
  if (!kesu_store_move (store, complaint_id, to, NULL, &new_state, &error))
    {
      kesu_show_error (parent, _("The case was not moved"), error->message);
      if (done != NULL)
        done (FALSE, from, user_data);
      return;
    }
  if (done != NULL)
    done (TRUE, new_state, user_data);
}

KesuMoveDialog *
_kesu_move_dialog_get_current (void)
{
  return current_dialog;
}

gboolean
_kesu_move_dialog_submit (KesuMoveDialog     *self,
                          const KesuCaseData *input)
{
  g_return_val_if_fail (KESU_IS_MOVE_DIALOG (self), FALSE);

  if (input != NULL)
    fill_from (self, input);
  return confirm (self);
}

GtkWindow *
_kesu_move_dialog_open_signature (KesuMoveDialog *self,
                                  gboolean        branch)
{
  g_return_val_if_fail (KESU_IS_MOVE_DIALOG (self), NULL);
  g_return_val_if_fail (row_shown (self, FIELD_AGREED), NULL);
  return open_signature (self, branch);
}

const char *
_kesu_move_dialog_get_approval_note (KesuMoveDialog *self)
{
  g_return_val_if_fail (KESU_IS_MOVE_DIALOG (self), NULL);
  if (!update_approval (self))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->approval_label));
}

GtkWidget *
_kesu_move_dialog_approve_now (KesuMoveDialog *self)
{
  g_return_val_if_fail (KESU_IS_MOVE_DIALOG (self), NULL);
  return approve_now (self);
}

gboolean
_kesu_move_dialog_leave_awaiting (KesuMoveDialog *self)
{
  g_return_val_if_fail (KESU_IS_MOVE_DIALOG (self), FALSE);
  return leave_awaiting (self);
}
