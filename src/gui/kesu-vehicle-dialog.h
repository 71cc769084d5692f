/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* The vehicle record of a complaint (KesuVehicle, kesu-vehicle.h): VIN, plate, model,
 * invoice and delivery dates and the invoice price, which the 三包 periods and the usage
 * fee are worked out from.  Saving stores the vehicle (kesu_store_upsert_vehicle) and,
 * when the complaint named no VIN or another one, points it at this vehicle
 * (kesu_store_link_vehicle).  "saved" is emitted once the store took it. */

#define KESU_TYPE_VEHICLE_DIALOG (kesu_vehicle_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KesuVehicleDialog, kesu_vehicle_dialog, KESU, VEHICLE_DIALOG, GtkWindow)

KesuVehicleDialog *kesu_vehicle_dialog_new  (GtkWindow  *parent,
                                             KesuStore  *store,
                                             gint64      complaint_id);

/* For tests: fills the form (NULL: left as it is) and presses Save. */
void               _kesu_vehicle_dialog_fill (KesuVehicleDialog *self,
                                              const char        *vin,
                                              const char        *invoice_date,
                                              const char        *delivery_date,
                                              const char        *price);
gboolean           _kesu_vehicle_dialog_save (KesuVehicleDialog *self);

G_END_DECLS
