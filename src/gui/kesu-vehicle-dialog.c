/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-vehicle-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-validate.h"
#include "kesu-vehicle-dialog.h"
#include "kesu-vehicle.h"

/* The rules live in core (kesu_vehicle_check, kesu_store_upsert_vehicle): this window
 * reads what was typed and says what is wrong beside each field. */

typedef enum
{
  FIELD_VIN,
  FIELD_PLATE,
  FIELD_MODEL,
  FIELD_INVOICE,
  FIELD_DELIVERY,
  FIELD_PRICE,
  N_FIELDS
} Field;

struct _KesuVehicleDialog
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  gint64      complaint_id;
  char       *complaint_vin;  /* the VIN the complaint names now, or NULL */

  GtkWidget  *inputs[N_FIELDS];
  GtkWidget  *errors[N_FIELDS];
  gboolean    touched[N_FIELDS];
  gboolean    show_all_problems;
  GtkWidget  *error_box;
  GtkWidget  *error_label;
};

G_DEFINE_FINAL_TYPE (KesuVehicleDialog, kesu_vehicle_dialog, GTK_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
field_text (KesuVehicleDialog *self,
            Field              field)
{
  g_autofree char *text = kesu_input_dup_text (self->inputs[field]);

  return g_strdup (g_strstrip (text));
}

/* "120000", "120,000.50", "¥ 120000": CNY into fen; FALSE when it is not an amount. */
static gboolean
parse_price (const char *text,
             gint64     *out_fen)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  double value;
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ',' || c == 0xFF0C || c == 0xA5 || c == 0xFFE5 || g_unichar_isspace (c))
        continue;
      g_string_append_unichar (clean, c);
    }
  if (clean->len == 0)
    return FALSE;
  value = g_ascii_strtod (clean->str, &end);
  if (end == NULL || *end != '\0' || value < 0 || value > 1e9)
    return FALSE;
  *out_fen = (gint64) (value * 100 + 0.5);
  return TRUE;
}

/* The vehicle as the form holds it; problems[field] says why a field cannot be read. */
static guint
read_form (KesuVehicleDialog *self,
           KesuVehicle       *out,
           char             **problems)
{
  g_autofree char *vin = field_text (self, FIELD_VIN);
  g_autofree char *plate = field_text (self, FIELD_PLATE);
  g_autofree char *invoice = field_text (self, FIELD_INVOICE);
  g_autofree char *delivery = field_text (self, FIELD_DELIVERY);
  g_autofree char *price = field_text (self, FIELD_PRICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = kesu_clock_now ();
  GDate today;
  guint n = 0;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  if (vin[0] == '\0')
    problems[FIELD_VIN] = g_strdup (_("The VIN is needed to keep the vehicle's record."));
  else if (!kesu_validate_vin (vin, &out->vin, &error))
    problems[FIELD_VIN] = g_strdup (error->message);
  g_clear_error (&error);

  if (plate[0] != '\0' && !kesu_validate_plate (plate, &out->plate, &error))
    problems[FIELD_PLATE] = g_strdup (error->message);
  g_clear_error (&error);
  out->model = field_text (self, FIELD_MODEL);

  if (invoice[0] == '\0')
    problems[FIELD_INVOICE] = g_strdup (_("The invoice date is needed: the 三包 periods run "
                                          "from it."));
  else
    {
      GDate date;

      g_date_clear (&date, 1);
      if (!kesu_validate_date (invoice, &date, &error)
          || !kesu_validate_date_not_future (&date, &today, &error))
        problems[FIELD_INVOICE] = g_strdup (error->message);
      out->invoice_date = g_strdup (invoice);
    }
  g_clear_error (&error);

  if (delivery[0] != '\0')
    {
      GDate date;

      g_date_clear (&date, 1);
      if (!kesu_validate_date (delivery, &date, &error)
          || !kesu_validate_date_not_future (&date, &today, &error))
        problems[FIELD_DELIVERY] = g_strdup (error->message);
      out->delivery_date = g_strdup (delivery);
    }
  g_clear_error (&error);

  if (price[0] != '\0' && !parse_price (price, &out->price_fen))
    problems[FIELD_PRICE] = g_strdup (_("Enter the price in yuan, e.g. 189800."));

  for (guint f = 0; f < N_FIELDS; f++)
    n += problems[f] != NULL;
  return n;
}

static guint
revalidate (KesuVehicleDialog *self,
            KesuVehicle       *out)
{
  char *problems[N_FIELDS] = { NULL };
  g_autoptr(KesuVehicle) scratch = NULL;
  guint n;

  if (out == NULL)
    out = scratch = kesu_vehicle_new ();
  n = read_form (self, out, problems);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      kesu_show_field_problem (self->errors[f], self->inputs[f],
                               self->touched[f] || self->show_all_problems ? problems[f]
                                                                            : NULL);
      g_free (problems[f]);
    }
  return n;
}

static void
entry_changed_cb (GtkEditable       *editable,
                  KesuVehicleDialog *self)
{
  Field field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "kesu-field"));

  self->touched[field] = TRUE;
  gtk_widget_set_visible (self->error_box, FALSE);
  revalidate (self, NULL);
}

static void
show_problem (KesuVehicleDialog *self,
              const char        *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_box, TRUE);
}

static gboolean
save (KesuVehicleDialog *self)
{
  g_autoptr(KesuVehicle) vehicle = kesu_vehicle_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  self->show_all_problems = TRUE;
  if (revalidate (self, vehicle) > 0)
    return FALSE;
  problem = kesu_vehicle_check (vehicle, kesu_clock_now_unix ());
  if (problem != NULL)
    {
      show_problem (self, problem);
      return FALSE;
    }
  if (!kesu_store_upsert_vehicle (self->store, vehicle, &error))
    {
      show_problem (self, error->message);
      return FALSE;
    }
  /* The complaint now belongs to this vehicle, with the change on its timeline. */
  if (self->complaint_id > 0
      && (self->complaint_vin == NULL || g_ascii_strcasecmp (self->complaint_vin,
                                                             vehicle->vin) != 0)
      && !kesu_store_link_vehicle (self->store, self->complaint_id, vehicle->vin, &error))
    {
      show_problem (self, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_clicked_cb (GtkButton         *button,
                 KesuVehicleDialog *self)
{
  save (self);
}

static void
add_field (KesuVehicleDialog *self,
           GtkGrid           *grid,
           int               *next,
           Field              field,
           const char        *title,
           const char        *placeholder,
           gboolean           date)
{
  GtkWidget *shown, *entry;

  if (date)
    shown = kesu_date_input_new (&entry);
  else
    {
      shown = entry = gtk_entry_new ();
      gtk_widget_set_hexpand (entry, TRUE);
    }
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_object_set_data (G_OBJECT (entry), "kesu-field", GINT_TO_POINTER (field));
  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, 0);
  self->inputs[field] = entry;
  self->errors[field] = kesu_form_grid_add_row (grid, next, title, shown, entry, FALSE);
}

static void
kesu_vehicle_dialog_dispose (GObject *object)
{
  KesuVehicleDialog *self = KESU_VEHICLE_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_vehicle_dialog_parent_class)->dispose (object);
}

static void
kesu_vehicle_dialog_finalize (GObject *object)
{
  KesuVehicleDialog *self = KESU_VEHICLE_DIALOG (object);

  g_free (self->complaint_vin);

  G_OBJECT_CLASS (kesu_vehicle_dialog_parent_class)->finalize (object);
}

static void
kesu_vehicle_dialog_class_init (KesuVehicleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_vehicle_dialog_dispose;
  object_class->finalize = kesu_vehicle_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_vehicle_dialog_init (KesuVehicleDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *confirm = gtk_button_new_with_mnemonic (_("_Save Vehicle"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro;
  GtkWidget *grid = gtk_grid_new ();
  int next = 0;

  gtk_window_set_title (GTK_WINDOW (self), _("Vehicle Record"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, -1);
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  gtk_widget_add_css_class (confirm, "suggested-action");
  g_signal_connect_object (confirm, "clicked", G_CALLBACK (save_clicked_cb), self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), confirm);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  gtk_window_set_default_widget (GTK_WINDOW (self), confirm);

  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  intro = gtk_label_new (_("The 三包 and warranty periods run from the invoice date, or from "
                           "the delivery date when the car was handed over on another day. "
                           "The price is needed for the usage fee (Art. 27)."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (intro), 56);
  gtk_label_set_xalign (GTK_LABEL (intro), 0.0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (box), intro);

  self->error_box = kesu_error_box_new (&self->error_label);
  gtk_box_append (GTK_BOX (box), self->error_box);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  add_field (self, GTK_GRID (grid), &next, FIELD_VIN, _("VIN *"), _("17 characters"), FALSE);
  add_field (self, GTK_GRID (grid), &next, FIELD_PLATE, _("Plate"), _("e.g. 沪A12345"), FALSE);
  add_field (self, GTK_GRID (grid), &next, FIELD_MODEL, _("Model"), NULL, FALSE);
  add_field (self, GTK_GRID (grid), &next, FIELD_INVOICE, _("Invoice date *"),
             _("YYYY-MM-DD"), TRUE);
  add_field (self, GTK_GRID (grid), &next, FIELD_DELIVERY, _("Delivery date"),
             _("Empty: delivered on the invoice date"), TRUE);
  add_field (self, GTK_GRID (grid), &next, FIELD_PRICE, _("Price on the invoice (CNY)"),
             _("e.g. 189800"), FALSE);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_window_set_child (GTK_WINDOW (self), box);
}

KesuVehicleDialog *
kesu_vehicle_dialog_new (GtkWindow *parent,
                         KesuStore *store,
                         gint64     complaint_id)
{
  KesuVehicleDialog *self;
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuVehicle) vehicle = NULL;
  const KesuIntake *in = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  self = g_object_new (KESU_TYPE_VEHICLE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = complaint_id;

  complaint = kesu_store_get_complaint (store, complaint_id, NULL);
  if (complaint != NULL)
    in = kesu_complaint_get_intake (complaint);
  vehicle = kesu_store_get_vehicle_for_complaint (store, complaint_id, NULL);
  if (in != NULL && !kesu_text_is_blank (in->vin))
    self->complaint_vin = g_strdup (in->vin);

  /* What is known already: the vehicle's record, else what intake recorded. */
  if (vehicle != NULL)
    {
      g_autofree char *price = vehicle->price_fen > 0
                               ? g_strdup_printf ("%" G_GINT64_FORMAT ".%02d",
                                                  vehicle->price_fen / 100,
                                                  (int) (vehicle->price_fen % 100))
                               : g_strdup ("");

      kesu_input_set_text (self->inputs[FIELD_VIN], vehicle->vin);
      kesu_input_set_text (self->inputs[FIELD_PLATE], vehicle->plate);
      kesu_input_set_text (self->inputs[FIELD_MODEL], vehicle->model);
      kesu_input_set_text (self->inputs[FIELD_INVOICE], vehicle->invoice_date);
      kesu_input_set_text (self->inputs[FIELD_DELIVERY], vehicle->delivery_date);
      kesu_input_set_text (self->inputs[FIELD_PRICE], price);
    }
  else if (in != NULL)
    {
      kesu_input_set_text (self->inputs[FIELD_VIN], in->vin);
      kesu_input_set_text (self->inputs[FIELD_PLATE], in->plate);
      kesu_input_set_text (self->inputs[FIELD_MODEL], in->vehicle_model);
      /* The purchase date typed at intake is usually the invoice's. */
      kesu_input_set_text (self->inputs[FIELD_INVOICE], in->purchase_date);
    }
  for (guint f = 0; f < N_FIELDS; f++)
    self->touched[f] = FALSE;
  revalidate (self, NULL);
  return self;
}

void
_kesu_vehicle_dialog_fill (KesuVehicleDialog *self,
                           const char        *vin,
                           const char        *invoice_date,
                           const char        *delivery_date,
                           const char        *price)
{
  g_return_if_fail (KESU_IS_VEHICLE_DIALOG (self));

  if (vin != NULL)
    kesu_input_set_text (self->inputs[FIELD_VIN], vin);
  if (invoice_date != NULL)
    kesu_input_set_text (self->inputs[FIELD_INVOICE], invoice_date);
  if (delivery_date != NULL)
    kesu_input_set_text (self->inputs[FIELD_DELIVERY], delivery_date);
  if (price != NULL)
    kesu_input_set_text (self->inputs[FIELD_PRICE], price);
}

gboolean
_kesu_vehicle_dialog_save (KesuVehicleDialog *self)
{
  g_return_val_if_fail (KESU_IS_VEHICLE_DIALOG (self), FALSE);
  return save (self);
}
