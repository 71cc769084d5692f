/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-gui-util.h"
#include "kesu-review-page.h"
#include "kesu-validate.h"

struct _KesuReviewPage
{
  GtkWidget   parent_instance;

  GtkWidget  *reason_dialog;   /* the "why not" question open now, or NULL */
  GtkWidget  *reason_view;
  GtkWidget  *reason_error;

  GtkWidget  *scroller;
  GtkGrid    *values_grid;
  GtkWidget  *pad;
  GtkLabel   *problem_label;
};

G_DEFINE_FINAL_TYPE (KesuReviewPage, kesu_review_page, GTK_TYPE_WIDGET)

enum {
  BACK,
  CONFIRM,
  DECLINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the read-back ---- */

static void
clear_values (KesuReviewPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->values_grid))) != NULL)
    gtk_grid_remove (self->values_grid, child);
}

/* One row in large type; rows with nothing to read out are left out. @title is N_(). */
static void
add_row (KesuReviewPage *self,
         int            *row,
         const char     *title,
         const char     *value)
{
  GtkWidget *title_label, *value_label;

  if (kesu_text_is_blank (value))
    return;

  title_label = gtk_label_new (_(title));
  gtk_label_set_xalign (GTK_LABEL (title_label), 1.0);
  gtk_widget_set_valign (title_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (title_label, "kesu-review-label");

  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "kesu-review-value");
  g_object_set_data_full (G_OBJECT (value_label), "kesu-title", g_strdup (title), g_free);

  gtk_grid_attach (self->values_grid, title_label, 0, *row, 1, 1);
  gtk_grid_attach (self->values_grid, value_label, 1, *row, 1, 1);
  *row += 1;
}

static char *
join_nonblank (const char *separator,
               ...)
{
  GString *out = g_string_new (NULL);
  va_list args;
  const char *part;

  va_start (args, separator);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (part));

      if (trimmed[0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, trimmed);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

/* The form's text in the form the store will keep it (the customer reads their own
 * number as it will be called). */
static char *
normalized_or_typed (const char *text,
                     gboolean  (*normalize) (const char *, char **, GError **))
{
  char *result = NULL;

  if (kesu_text_is_blank (text))
    return g_strdup ("");
  if (normalize (text, &result, NULL))
    return result;
  return g_strdup (text);
}

void
kesu_review_page_show_intake (KesuReviewPage   *self,
                              KesuStore        *store,
                              const KesuIntake *intake)
{
  g_autoptr(KesuStaff) handler = NULL;
  g_autoptr(KesuDeadlinePolicy) policy = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *vehicle = NULL;
  g_autofree char *mileage = NULL;
  g_autofree char *purchase = NULL;
  g_autofree char *occurred = NULL;
  g_autofree char *contact_person = NULL;
  g_autofree char *contact_by = NULL;
  int row = 0;

  g_return_if_fail (KESU_IS_REVIEW_PAGE (self));
  g_return_if_fail (KESU_IS_STORE (store));
  g_return_if_fail (intake != NULL);

  clear_values (self);
  kesu_signature_pad_clear (KESU_SIGNATURE_PAD (self->pad));
  kesu_review_page_set_problem (self, NULL);

  phone = normalized_or_typed (intake->customer_phone, kesu_validate_phone);
  vin = normalized_or_typed (intake->vin, kesu_validate_vin);
  plate = normalized_or_typed (intake->plate, kesu_validate_plate);
  vehicle = join_nonblank (" · ", intake->vehicle_model ? intake->vehicle_model : "", plate,
                           vin, NULL);
  if (!kesu_text_is_blank (intake->purchase_date))
    /* Translators: on the customer's read-back: when the car was bought */
    purchase = g_strdup_printf (_("bought %s"), intake->purchase_date);
  if (!kesu_text_is_blank (intake->mileage))
    /* Translators: a distance in kilometres */
    mileage = g_strdup_printf (_("%s km"), intake->mileage);
  occurred = join_nonblank (" · ", intake->occurred_on ? intake->occurred_on : "",
                            intake->occurred_place ? intake->occurred_place : "", NULL);

  add_row (self, &row, N_("Name"), intake->customer_name);
  add_row (self, &row, N_("Phone"), phone);
  add_row (self, &row, N_("Other contact"), intake->customer_other_contact);
  add_row (self, &row, N_("Address"), intake->customer_address);
  add_row (self, &row, N_("Vehicle"), vehicle);
  {
    g_autofree char *details = join_nonblank (" · ", purchase ? purchase : "",
                                              mileage ? mileage : "", NULL);

    add_row (self, &row, N_("Purchase and mileage"), details);
  }
  add_row (self, &row, N_("Contract / repair order"), intake->order_number);
  add_row (self, &row, N_("What happened"), intake->description);
  add_row (self, &row, N_("When and where"), occurred);
  add_row (self, &row, N_("What you want"), intake->demand);

  /* Who will call, and by when: the first-response limit for this severity. */
  handler = kesu_store_get_staff (store, intake->handler_id);
  if (handler != NULL)
    contact_person = kesu_text_is_blank (handler->phone)
                     ? g_strdup (handler->name)
                     : g_strdup_printf ("%s（%s）", handler->name, handler->phone);
  add_row (self, &row, N_("Your contact person"), contact_person);
  policy = kesu_store_get_deadline_policy (store);
  if (policy != NULL && intake->received_at != NULL
      && (guint) intake->severity < KESU_N_SEVERITIES)
    {
      gint64 due = kesu_deadline_compute (policy->calendar,
                                          g_date_time_to_unix (intake->received_at),
                                          policy->first_response_seconds[intake->severity],
                                          policy->working_days, 0);
      g_autofree char *when = kesu_format_time (due);

      /* Translators: on the customer's read-back: the latest time they will be called */
      contact_by = g_strdup_printf (_("by %s at the latest"), when);
    }
  add_row (self, &row, N_("We will contact you"), contact_by);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

KesuSignaturePad *
kesu_review_page_get_pad (KesuReviewPage *self)
{
  g_return_val_if_fail (KESU_IS_REVIEW_PAGE (self), NULL);
  return KESU_SIGNATURE_PAD (self->pad);
}

void
kesu_review_page_set_problem (KesuReviewPage *self,
                              const char     *message)
{
  g_return_if_fail (KESU_IS_REVIEW_PAGE (self));

  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
}

static void
pad_changed_cb (KesuSignaturePad *pad,
                KesuReviewPage   *self)
{
  kesu_review_page_set_problem (self, NULL);
}

/* ---- declining ---- */

static void
reason_submit (KesuReviewPage *self)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog = self->reason_dialog;

  if (dialog == NULL)
    return;
  reason = kesu_input_dup_text (self->reason_view);
  if (!kesu_validate_text (reason, KESU_TEXT_MAX_CHARS, TRUE, &error))
    {
      kesu_show_field_problem (self->reason_error, gtk_widget_get_parent (self->reason_view),
                               kesu_text_is_blank (reason)
                               ? _("Record why the customer declines to sign.")
                               : error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_signal_emit (self, signals[DECLINED], 0, reason);
}

static void
reason_save_clicked_cb (GtkButton      *button,
                        KesuReviewPage *self)
{
  reason_submit (self);
}

static void
reason_dialog_destroy_cb (GtkWidget      *dialog,
                          KesuReviewPage *self)
{
  if (self->reason_dialog == dialog)
    {
      self->reason_dialog = NULL;
      self->reason_view = NULL;
      self->reason_error = NULL;
    }
}

static void
decline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KesuReviewPage *self = KESU_REVIEW_PAGE (widget);
  GtkWidget *window, *header, *cancel, *save, *box, *intro, *grid, *scrolled;
  int next = 0;

  if (self->reason_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->reason_dialog));
      return;
    }

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Customer Declines to Sign"));
  gtk_window_set_transient_for (GTK_WINDOW (window), kesu_widget_get_window (widget));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, -1);

  header = gtk_header_bar_new ();
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  save = gtk_button_new_with_mnemonic (_("_Save Without Signature"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_object (save, "clicked", G_CALLBACK (reason_save_clicked_cb), self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), save);
  gtk_window_set_titlebar (GTK_WINDOW (window), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  intro = gtk_label_new (_("The complaint is saved and handled all the same; the reason is "
                           "kept with it."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0.0);
  gtk_box_append (GTK_BOX (box), intro);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  scrolled = kesu_text_input_new (96, &self->reason_view);
  self->reason_error = kesu_form_grid_add_row (GTK_GRID (grid), &next, _("Reason *"), scrolled,
                                               self->reason_view, TRUE);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_window_set_child (GTK_WINDOW (window), box);

  g_signal_connect_object (window, "destroy", G_CALLBACK (reason_dialog_destroy_cb), self, 0);
  self->reason_dialog = window;
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (self->reason_view);
}

/* ---- actions ---- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[CONFIRM], 0);
}

/* ---- GObject ---- */

static void
kesu_review_page_dispose (GObject *object)
{
  KesuReviewPage *self = KESU_REVIEW_PAGE (object);
  GtkWidget *child;

  if (self->reason_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reason_dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_REVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kesu_review_page_parent_class)->dispose (object);
}

static void
kesu_review_page_class_init (KesuReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_review_page_dispose;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CONFIRM] = g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DECLINED] = g_signal_new ("declined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (KESU_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuReviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuReviewPage, values_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuReviewPage, pad);
  gtk_widget_class_bind_template_child (widget_class, KesuReviewPage, problem_label);

  gtk_widget_class_install_action (widget_class, "review.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "review.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "review.decline", NULL, decline_action);
}

static void
kesu_review_page_init (KesuReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->pad, "changed", G_CALLBACK (pad_changed_cb), self, 0);
}

/* ---- for tests ---- */

const char *
_kesu_review_page_get_value (KesuReviewPage *self,
                             const char     *title)
{
  g_return_val_if_fail (KESU_IS_REVIEW_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->values_grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "kesu-title"), title) == 0)
      return gtk_label_get_text (GTK_LABEL (child));
  return NULL;
}

void
_kesu_review_page_decline (KesuReviewPage *self,
                           const char     *reason)
{
  g_return_if_fail (KESU_IS_REVIEW_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "review.decline", NULL);
  g_return_if_fail (self->reason_dialog != NULL);
  kesu_input_set_text (self->reason_view, reason);
  reason_submit (self);
}
