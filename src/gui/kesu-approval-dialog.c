/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-approval-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-approval-dialog-private.h"
#include "kesu-auth.h"
#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-validate.h"
#include "kesu-workflow.h"

/* Who may approve what is decided in core (kesu_store_approve checks the PIN, counts
 * wrong ones and compares the approver's limit with the amount): these windows collect
 * the approver, their PIN and, for a refusal, the reason, and show the store's answer. */

char *
kesu_approval_dup_note (KesuStore *store,
                        gint64     complaint_id,
                        gint64     amount_fen)
{
  g_autoptr(KesuCaseData) data = NULL;
  g_autoptr(KesuStaff) handler = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *limit = NULL;
  gint64 limit_fen = 0;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (!kesu_store_approval_needed (store, complaint_id, amount_fen, &limit_fen))
    return NULL;
  data = kesu_store_get_case_data (store, complaint_id, NULL);
  if (amount_fen < 0 && data != NULL)
    amount_fen = data->amount_fen;
  if (data != NULL && data->handler_id > 0)
    handler = kesu_store_get_staff (store, data->handler_id);
  amount = kesu_format_amount (MAX (amount_fen, 0));
  limit = kesu_format_amount (limit_fen);
  if (handler == NULL)
    return g_strdup_printf (_("%s is beyond the handler's limit of %s: it needs the approval "
                              "of someone whose limit covers it."), amount, limit);
  /* Translators: the amount, the handler's name, their limit */
  return g_strdup_printf (_("%s is beyond %s's limit of %s: it needs the approval of someone "
                            "whose limit covers it."), amount, handler->name, limit);
}

/* ---- approving or refusing one case ---- */

struct _KesuApprovalDialog
{
  GtkWindow             parent_instance;

  KesuStore            *store;
  gint64                complaint_id;
  gint64                amount_fen;     /* -1: the amount stored on the case */
  gint64                approver_id;    /* 0: picked in the drop-down */
  gboolean              refuse;
  KesuApprovalDoneFunc  done;
  gpointer              done_data;
  gboolean              finished;
  GArray               *approver_ids;

  GtkWidget            *approver;
  GtkWidget            *pin;
  GtkWidget            *reason;
  GtkWidget            *error;
  GtkWidget            *confirm_button;
};

G_DEFINE_FINAL_TYPE (KesuApprovalDialog, kesu_approval_dialog, GTK_TYPE_WINDOW)

static void
finish (KesuApprovalDialog *self,
        gboolean            approved)
{
  KesuApprovalDoneFunc done = self->done;
  gpointer data = self->done_data;

  if (self->finished)
    return;
  self->finished = TRUE;
  self->done = NULL;
  if (done != NULL)
    done (approved, data);
}

static void
show_problem (KesuApprovalDialog *self,
              const char         *problem)
{
  kesu_show_field_problem (self->error, NULL, problem);
}

static gboolean
confirm (KesuApprovalDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = kesu_input_dup_text (self->pin);
  g_autofree char *reason = NULL;
  gint64 approver_id = self->approver_id;
  gboolean ok;

  if (self->finished)
    return FALSE;
  if (approver_id == 0)
    approver_id = kesu_staff_ids_get (self->approver_ids,
                                      gtk_drop_down_get_selected (GTK_DROP_DOWN (self->approver)));
  if (approver_id <= 0)
    {
      show_problem (self, _("Choose who approves."));
      gtk_widget_grab_focus (self->approver);
      return FALSE;
    }
  if (pin[0] == '\0')
    {
      show_problem (self, _("Enter the approver's PIN."));
      gtk_widget_grab_focus (self->pin);
      return FALSE;
    }
  if (self->refuse)
    {
      reason = kesu_input_dup_text (self->reason);
      if (kesu_text_is_blank (reason))
        {
          show_problem (self, _("Give the reason for the refusal: the handler and the "
                                "timeline need it."));
          gtk_widget_grab_focus (self->reason);
          return FALSE;
        }
      ok = kesu_store_refuse_approval (self->store, self->complaint_id, self->amount_fen,
                                       approver_id, pin, reason, &error);
    }
  else
    ok = kesu_store_approve (self->store, self->complaint_id, self->amount_fen, approver_id,
                             pin, &error);

  /* The PIN is never kept, right or wrong. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin), "");
  if (!ok)
    {
      show_problem (self, error->message);
      gtk_widget_grab_focus (self->pin);
      return FALSE;
    }

  g_object_ref (self);
  finish (self, !self->refuse);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
  return TRUE;
}

static void
confirm_clicked_cb (GtkButton          *button,
                    KesuApprovalDialog *self)
{
  confirm (self);
}

static gboolean
kesu_approval_dialog_close_request (GtkWindow *window)
{
  finish (KESU_APPROVAL_DIALOG (window), FALSE);
  return GTK_WINDOW_CLASS (kesu_approval_dialog_parent_class)->close_request (window);
}

static void
kesu_approval_dialog_dispose (GObject *object)
{
  KesuApprovalDialog *self = KESU_APPROVAL_DIALOG (object);

  finish (self, FALSE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->approver_ids, g_array_unref);

  G_OBJECT_CLASS (kesu_approval_dialog_parent_class)->dispose (object);
}

static void
kesu_approval_dialog_class_init (KesuApprovalDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kesu_approval_dialog_dispose;
  window_class->close_request = kesu_approval_dialog_close_request;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_approval_dialog_init (KesuApprovalDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, -1);
}

static void
form_row (GtkGrid    *grid,
          int        *row,
          const char *mnemonic,
          GtkWidget  *input,
          GtkWidget  *shown)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_yalign (GTK_LABEL (label), 0.5);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), input);
  gtk_widget_add_css_class (label, "kesu-field-label");
  gtk_widget_set_hexpand (shown, TRUE);
  gtk_grid_attach (grid, label, 0, *row, 1, 1);
  gtk_grid_attach (grid, shown, 1, (*row)++, 1, 1);
}

/* "KS-202611-0001 · 陈静: ¥8,000.00, service advisor 李强 (limit ¥500.00)". */
static char *
describe_case (KesuStore *store,
               gint64     complaint_id,
               gint64     amount_fen)
{
  g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (store, complaint_id, NULL);
  g_autoptr(KesuCaseData) data = kesu_store_get_case_data (store, complaint_id, NULL);
  g_autoptr(KesuStaff) handler = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *solution = NULL;

  if (complaint == NULL || data == NULL)
    return g_strdup ("");
  if (amount_fen < 0)
    amount_fen = data->amount_fen;
  amount = kesu_format_amount (MAX (amount_fen, 0));
  if (data->handler_id > 0)
    handler = kesu_store_get_staff (store, data->handler_id);
  limit = kesu_format_amount (handler != NULL ? handler->limit_fen : 0);
  /* The solution is stored once the case waits for approval; approved on the spot, it is
   * still only in the move dialog. */
  if (data->solution != KESU_SOLUTION_NONE)
    {
      g_autofree char *with = g_strdup_printf ("%s（%s）", amount,
                                               kesu_solution_to_label (data->solution));

      g_free (amount);
      amount = g_steal_pointer (&with);
    }
  /* Translators: approving a case: number, customer, amount, handler, their role, their
   * limit */
  return g_strdup_printf (_("%s · %s\nAmount: %s\nHandler: %s, %s, limit %s"),
                          kesu_complaint_get_number (complaint),
                          kesu_complaint_get_intake (complaint)->customer_name, amount,
                          handler != NULL ? handler->name : "—",
                          handler != NULL ? kesu_role_to_label (handler->role) : "—", limit);
}

static KesuApprovalDialog *
approval_dialog_new (GtkWindow            *parent,
                     KesuStore            *store,
                     gint64                complaint_id,
                     gint64                amount_fen,
                     gint64                approver_id,
                     gboolean              refuse,
                     KesuApprovalDoneFunc  done,
                     gpointer              user_data)
{
  KesuApprovalDialog *self;
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *grid = kesu_dialog_grid_new (8);
  GtkWidget *summary;
  g_autofree char *text = describe_case (store, complaint_id, amount_fen);
  int row = 0;

  self = g_object_new (KESU_TYPE_APPROVAL_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = complaint_id;
  self->amount_fen = amount_fen;
  self->approver_id = approver_id;
  self->refuse = refuse;
  self->done = done;
  self->done_data = user_data;

  gtk_window_set_title (GTK_WINDOW (self), refuse ? _("Refuse Approval") : _("Approve the Amount"));
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  self->confirm_button = gtk_button_new_with_mnemonic (refuse ? _("_Refuse") : _("_Approve"));
  gtk_widget_add_css_class (self->confirm_button, refuse ? "destructive-action"
                                                         : "suggested-action");
  g_signal_connect_object (self->confirm_button, "clicked", G_CALLBACK (confirm_clicked_cb),
                           self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), self->confirm_button);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->confirm_button);

  summary = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_grid_attach (GTK_GRID (grid), summary, 0, row++, 2, 1);

  if (approver_id > 0)
    {
      g_autoptr(KesuStaff) staff = kesu_store_get_staff (store, approver_id);
      g_autofree char *limit = kesu_format_amount (staff != NULL ? staff->limit_fen : 0);
      /* Translators: who approves: name, their limit */
      g_autofree char *who = g_strdup_printf (_("%s (limit %s)"),
                                              staff != NULL ? staff->name : "—", limit);
      GtkWidget *label = gtk_label_new (who);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      self->approver = label;
      form_row (GTK_GRID (grid), &row, refuse ? _("Refused by") : _("Approved by"), label,
                label);
    }
  else
    {
      /* Everyone who could sign in; the store refuses those whose limit is too small, with
       * a message that says so, rather than the list hiding them without a word. */
      g_autoptr(GPtrArray) staff = kesu_store_list_staff (store);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      gint64 nobody = 0, operator_id = kesu_store_get_operator (store);
      gint64 needed = amount_fen;
      guint preselect = 0;

      if (needed < 0)
        {
          g_autoptr(KesuCaseData) data = kesu_store_get_case_data (store, complaint_id, NULL);

          needed = data != NULL ? data->amount_fen : 0;
        }
      self->approver_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gtk_string_list_append (names, _("Choose who approves…"));
      g_array_append_val (self->approver_ids, nobody);
      for (guint i = 0; staff != NULL && i < staff->len; i++)
        {
          KesuStaff *s = g_ptr_array_index (staff, i);
          g_autofree char *limit = NULL;
          g_autofree char *label = NULL;

          if (!s->has_pin || s->limit_fen <= 0)
            continue;
          limit = kesu_format_amount (s->limit_fen);
          /* Translators: an approver in the drop-down: name, role, limit */
          label = g_strdup_printf (_("%s（%s, limit %s）"), s->name,
                                   kesu_role_to_label (s->role), limit);
          gtk_string_list_append (names, label);
          g_array_append_val (self->approver_ids, s->id);
          if (s->id == operator_id && s->limit_fen >= needed)
            preselect = self->approver_ids->len - 1;
        }
      self->approver = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
      gtk_widget_set_name (self->approver, "approver");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->approver), preselect);
      form_row (GTK_GRID (grid), &row, _("_Approver"), self->approver, self->approver);
    }

  self->pin = gtk_password_entry_new ();
  gtk_widget_set_name (self->pin, "pin");
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->pin), FALSE);
  g_object_set (self->pin, "activates-default", TRUE, NULL);
  form_row (GTK_GRID (grid), &row, _("Their _PIN"), self->pin, self->pin);

  if (refuse)
    {
      GtkWidget *shown = kesu_text_input_new (72, &self->reason);

      gtk_widget_set_name (self->reason, "reason");
      form_row (GTK_GRID (grid), &row, _("_Reason"), self->reason, shown);
    }

  self->error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error), 0);
  gtk_widget_add_css_class (self->error, "error");
  gtk_widget_set_visible (self->error, FALSE);
  gtk_grid_attach (GTK_GRID (grid), self->error, 0, row++, 2, 1);
  gtk_window_set_child (GTK_WINDOW (self), grid);
  return self;
}

GtkWidget *
kesu_approval_dialog_run_for (GtkWindow            *parent,
                              KesuStore            *store,
                              gint64                complaint_id,
                              gint64                amount_fen,
                              KesuApprovalDoneFunc  done,
                              gpointer              user_data)
{
  KesuApprovalDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = approval_dialog_new (parent, store, complaint_id, amount_fen, 0, FALSE, done,
                              user_data);
  gtk_window_present (GTK_WINDOW (self));
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->approver)) > 0)
    gtk_widget_grab_focus (self->pin);
  return GTK_WIDGET (self);
}

gboolean
_kesu_approval_dialog_submit (KesuApprovalDialog *self,
                              gint64              approver_id,
                              const char         *pin,
                              const char         *reason)
{
  g_return_val_if_fail (KESU_IS_APPROVAL_DIALOG (self), FALSE);

  if (approver_id > 0 && self->approver_ids != NULL)
    {
      guint position;

      if (kesu_staff_ids_find (self->approver_ids, approver_id, &position))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->approver), position);
      else
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->approver), 0);
    }
  if (pin != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->pin), pin);
  if (reason != NULL && self->reason != NULL)
    kesu_input_set_text (self->reason, reason);
  return confirm (self);
}

const char *
_kesu_approval_dialog_get_error (KesuApprovalDialog *self)
{
  g_return_val_if_fail (KESU_IS_APPROVAL_DIALOG (self), NULL);
  return gtk_widget_get_visible (self->error) ? gtk_label_get_text (GTK_LABEL (self->error))
                                              : NULL;
}

/* ---- "Awaiting My Approval" ---- */

struct _KesuApprovalListDialog
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  GPtrArray  *requests;   /* KesuApprovalRequest, as shown */
  GtkWidget  *list;
  GtkWidget  *empty;
  GtkWidget  *message;
};

G_DEFINE_FINAL_TYPE (KesuApprovalListDialog, kesu_approval_list_dialog, GTK_TYPE_WINDOW)

static void list_refresh (KesuApprovalListDialog *self);

static void
list_done_cb (gboolean approved,
              gpointer user_data)
{
  KesuApprovalListDialog *self = user_data;

  list_refresh (self);
  g_object_unref (self);
}

static KesuApprovalDialog *
list_open (KesuApprovalListDialog *self,
           guint                   index,
           gboolean                refuse)
{
  KesuApprovalRequest *request;
  KesuApprovalDialog *dialog;

  if (self->requests == NULL || index >= self->requests->len)
    return NULL;
  request = g_ptr_array_index (self->requests, index);
  /* The amount as listed: if someone changes it meanwhile, the store refuses. */
  dialog = approval_dialog_new (GTK_WINDOW (self), self->store, request->complaint_id,
                                request->amount_fen, kesu_store_get_operator (self->store),
                                refuse, list_done_cb, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (dialog->pin);
  return dialog;
}

static void
approve_clicked_cb (GtkButton              *button,
                    KesuApprovalListDialog *self)
{
  list_open (self, kesu_index_button_get_index (button), FALSE);
}

static void
refuse_clicked_cb (GtkButton              *button,
                   KesuApprovalListDialog *self)
{
  list_open (self, kesu_index_button_get_index (button), TRUE);
}

static void
open_clicked_cb (GtkButton              *button,
                 KesuApprovalListDialog *self)
{
  guint index = kesu_index_button_get_index (button);
  KesuApprovalRequest *request;

  if (self->requests == NULL || index >= self->requests->len)
    return;
  request = g_ptr_array_index (self->requests, index);
  kesu_complaint_view_present (GTK_WINDOW (self), self->store, request->complaint_id);
}

/* A value of a request; "—" for none. */
static GtkWidget *
value_label (const char *text)
{
  return kesu_value_label_new (text != NULL && text[0] != '\0' ? text : "—", TRUE);
}

static GtkWidget *
request_row (KesuApprovalListDialog *self,
             KesuApprovalRequest    *r,
             guint                   index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title, *button;
  g_autofree char *heading = g_strdup_printf ("%s · %s", r->number, r->customer_name);
  g_autofree char *amount = kesu_format_amount (r->amount_fen);
  g_autofree char *limit = kesu_format_amount (r->handler_limit_fen);
  /* Translators: the amount asked for, then the handler's limit */
  g_autofree char *amount_text = g_strdup_printf (_("%s (the handler's limit: %s)"), amount,
                                                  limit);
  g_autofree char *when = kesu_format_time (r->requested_at);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  title = gtk_label_new (heading);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (top), title);
  gtk_widget_set_hexpand (buttons, TRUE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), kesu_index_button_new (_("_Open"), index,
                                                            G_CALLBACK (open_clicked_cb), self));
  gtk_box_append (GTK_BOX (buttons),
                  kesu_index_button_new (_("_Refuse…"), index, G_CALLBACK (refuse_clicked_cb),
                                         self));
  button = kesu_index_button_new (_("_Approve…"), index, G_CALLBACK (approve_clicked_cb), self);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (top), buttons);
  gtk_box_append (GTK_BOX (box), top);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  kesu_grid_attach_titled (GTK_GRID (grid), 0, _("Amount"), value_label (amount_text));
  kesu_grid_attach_titled (GTK_GRID (grid), 1, _("Handler"), value_label (r->handler_name));
  kesu_grid_attach_titled (GTK_GRID (grid), 2, _("Solution"), value_label (r->solution_label));
  kesu_grid_attach_titled (GTK_GRID (grid), 3, _("Measures"), value_label (r->measures));
  kesu_grid_attach_titled (GTK_GRID (grid), 4, _("Asked"), value_label (when));
  gtk_box_append (GTK_BOX (box), grid);
  return box;
}

static void
list_refresh (KesuApprovalListDialog *self)
{
  gint64 operator_id;
  GtkWidget *child;

  /* An approval window may outlive this one for a moment (destroyed with it). */
  if (self->store == NULL)
    return;
  operator_id = kesu_store_get_operator (self->store);
  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_clear_pointer (&self->requests, g_ptr_array_unref);

  self->requests = kesu_store_list_awaiting_approval (self->store, operator_id);
  for (guint i = 0; self->requests != NULL && i < self->requests->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list),
                         request_row (self, g_ptr_array_index (self->requests, i), i));

  if (self->requests == NULL || self->requests->len == 0)
    {
      gint64 limit = kesu_store_get_staff_limit (self->store, operator_id);

      if (limit <= 0)
        gtk_label_set_text (GTK_LABEL (self->empty),
                            _("Your role may grant no compensation, so nothing waits for "
                              "your approval."));
      else
        {
          g_autofree char *amount = kesu_format_amount (limit);
          g_autofree char *text =
            g_strdup_printf (_("Nothing awaits your approval. Solutions up to your limit of "
                               "%s that are beyond their handler's limit will appear here."),
                             amount);

          gtk_label_set_text (GTK_LABEL (self->empty), text);
        }
    }
  gtk_widget_set_visible (self->empty, self->requests == NULL || self->requests->len == 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->list),
                          self->requests != NULL && self->requests->len > 0);
}

static void
list_store_changed_cb (KesuStore              *store,
                       KesuApprovalListDialog *self)
{
  list_refresh (self);
}

static void
kesu_approval_list_dialog_dispose (GObject *object)
{
  KesuApprovalListDialog *self = KESU_APPROVAL_LIST_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->requests, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_approval_list_dialog_parent_class)->dispose (object);
}

static void
kesu_approval_list_dialog_class_init (KesuApprovalListDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_approval_list_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_approval_list_dialog_init (KesuApprovalListDialog *self)
{
  GtkWidget *box = kesu_list_body_new (&self->list, &self->empty);

  gtk_window_set_title (GTK_WINDOW (self), _("Awaiting My Approval"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  gtk_window_set_titlebar (GTK_WINDOW (self), gtk_header_bar_new ());
  gtk_window_set_child (GTK_WINDOW (self), box);
}

GtkWidget *
kesu_approval_list_dialog_new (GtkWindow *parent,
                               KesuStore *store)
{
  KesuApprovalListDialog *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (kesu_store_get_operator (store) <= 0)
    return kesu_message_new (parent, GTK_MESSAGE_WARNING,
                             _("Sign in to see what awaits your approval"), NULL);

  self = g_object_new (KESU_TYPE_APPROVAL_LIST_DIALOG, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "complaints-changed", G_CALLBACK (list_store_changed_cb),
                           self, 0);
  list_refresh (self);
  return GTK_WIDGET (self);
}

guint
_kesu_approval_list_dialog_get_n_requests (KesuApprovalListDialog *self)
{
  g_return_val_if_fail (KESU_IS_APPROVAL_LIST_DIALOG (self), 0);
  return self->requests != NULL ? self->requests->len : 0;
}

KesuApprovalDialog *
_kesu_approval_list_dialog_open (KesuApprovalListDialog *self,
                                 guint                   index,
                                 gboolean                refuse)
{
  g_return_val_if_fail (KESU_IS_APPROVAL_LIST_DIALOG (self), NULL);
  return list_open (self, index, refuse);
}
