/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-vehicle"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-enums-private.h"
#include "kesu-error.h"
#include "kesu-intake.h"
#include "kesu-sanbao-private.h"
#include "kesu-store-private.h"
#include "kesu-store.h"
#include "kesu-validate.h"
#include "kesu-vehicle.h"

static const KesuEnumInfo fault_systems[] = {
  { "engine", N_("Engine") },
  { "gearbox", N_("Gearbox") },
  { "traction-battery", N_("Traction battery") },
  { "drive-motor", N_("Drive motor") },
  { "steering", N_("Steering") },
  { "brakes", N_("Brakes") },
  { "suspension", N_("Suspension") },
  { "drivetrain", N_("Drivetrain") },
  { "emissions", N_("Emissions control") },
  { "body", N_("Body") },
  { "other", N_("Other") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (fault_systems) == KESU_N_FAULT_SYSTEMS);

KESU_DEFINE_ENUM_FUNCS (KesuFaultSystem, fault_system, fault_systems, NULL)

gboolean
kesu_fault_system_is_main_component (KesuFaultSystem system)
{
  return system == KESU_FAULT_SYSTEM_ENGINE || system == KESU_FAULT_SYSTEM_GEARBOX
         || system == KESU_FAULT_SYSTEM_TRACTION_BATTERY
         || system == KESU_FAULT_SYSTEM_DRIVE_MOTOR;
}

/* ---- the records ---- */

KesuVehicle *
kesu_vehicle_new (void)
{
  return g_new0 (KesuVehicle, 1);
}

KesuVehicle *
kesu_vehicle_copy (const KesuVehicle *vehicle)
{
  KesuVehicle *copy;

  if (vehicle == NULL)
    return NULL;
  copy = g_memdup2 (vehicle, sizeof *vehicle);
  copy->vin = g_strdup (vehicle->vin);
  copy->plate = g_strdup (vehicle->plate);
  copy->model = g_strdup (vehicle->model);
  copy->invoice_date = g_strdup (vehicle->invoice_date);
  copy->delivery_date = g_strdup (vehicle->delivery_date);
  return copy;
}

void
kesu_vehicle_free (KesuVehicle *vehicle)
{
  if (vehicle == NULL)
    return;
  g_free (vehicle->vin);
  g_free (vehicle->plate);
  g_free (vehicle->model);
  g_free (vehicle->invoice_date);
  g_free (vehicle->delivery_date);
  g_free (vehicle);
}

KesuRepair *
kesu_repair_new (void)
{
  KesuRepair *repair = g_new0 (KesuRepair, 1);

  repair->mileage_km = -1;
  repair->system = KESU_FAULT_SYSTEM_OTHER;
  return repair;
}

KesuRepair *
kesu_repair_copy (const KesuRepair *repair)
{
  KesuRepair *copy;

  if (repair == NULL)
    return NULL;
  copy = g_memdup2 (repair, sizeof *repair);
  copy->vin = g_strdup (repair->vin);
  copy->fault = g_strdup (repair->fault);
  copy->part_replaced = g_strdup (repair->part_replaced);
  copy->complaint_number = g_strdup (repair->complaint_number);
  return copy;
}

void
kesu_repair_free (KesuRepair *repair)
{
  if (repair == NULL)
    return;
  g_free (repair->vin);
  g_free (repair->fault);
  g_free (repair->part_replaced);
  g_free (repair->complaint_number);
  g_free (repair);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && !kesu_text_is_blank (text);
}

const char *
kesu_vehicle_period_start (const KesuVehicle *vehicle)
{
  g_return_val_if_fail (vehicle != NULL, NULL);

  if (!is_set (vehicle->invoice_date))
    return NULL;
  /* Art. 18: from the invoice, or from the delivery when that is another day. */
  if (is_set (vehicle->delivery_date) && g_strcmp0 (vehicle->delivery_date,
                                                    vehicle->invoice_date) != 0)
    return vehicle->delivery_date;
  return vehicle->invoice_date;
}

int
kesu_repair_days (const KesuRepair *repair,
                  gint64            now)
{
  gint64 end, seconds;

  g_return_val_if_fail (repair != NULL, 0);

  end = repair->finished_at > 0 ? repair->finished_at : now;
  seconds = end - repair->started_at;
  if (seconds <= 0)
    return 0;
  /* Art. 40: each full 24 h is a day, and a remainder counts as a day. */
  return (int) MIN ((seconds + 86399) / 86400, G_MAXINT);
}

static void
today_from_unix (gint64  now,
                 GDate  *out)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
  int y, m, d;

  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

char *
kesu_vehicle_check (const KesuVehicle *vehicle,
                    gint64             now)
{
  g_autoptr(GError) error = NULL;
  GDate invoice, delivery, today;

  g_return_val_if_fail (vehicle != NULL, NULL);

  if (!is_set (vehicle->vin))
    return g_strdup (_("Enter the vehicle's VIN."));
  if (!kesu_validate_vin (vehicle->vin, NULL, &error))
    return g_strdup_printf (_("VIN: %s"), error->message);
  if (is_set (vehicle->plate) && !kesu_validate_plate (vehicle->plate, NULL, &error))
    return g_strdup_printf (_("Plate: %s"), error->message);
  if (is_set (vehicle->model)
      && !kesu_validate_text (vehicle->model, KESU_SHORT_TEXT_MAX_CHARS, FALSE, &error))
    return g_strdup_printf (_("Model: %s"), error->message);

  today_from_unix (now, &today);
  if (!is_set (vehicle->invoice_date))
    return g_strdup (_("Enter the date of the purchase invoice: the 三包 periods run from it."));
  g_date_clear (&invoice, 1);
  if (!kesu_validate_date (vehicle->invoice_date, &invoice, &error)
      || !kesu_validate_date_not_future (&invoice, &today, &error))
    return g_strdup_printf (_("Invoice date: %s"), error->message);
  if (is_set (vehicle->delivery_date))
    {
      g_date_clear (&delivery, 1);
      if (!kesu_validate_date (vehicle->delivery_date, &delivery, &error)
          || !kesu_validate_date_not_future (&delivery, &today, &error))
        return g_strdup_printf (_("Delivery date: %s"), error->message);
      if (g_date_compare (&delivery, &invoice) < 0)
        return g_strdup (_("The car cannot have been delivered before the invoice date."));
    }
  if (vehicle->price_fen < 0 || vehicle->price_fen > (gint64) 10000000 * 100)
    return g_strdup (_("The price must be between 0 and 10,000,000 CNY."));
  return NULL;
}

char *
kesu_repair_check (const KesuRepair *repair,
                   gint64            now)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (repair != NULL, NULL);

  if (!is_set (repair->vin) || !kesu_validate_vin (repair->vin, NULL, NULL))
    return g_strdup (_("The repair needs the vehicle's VIN."));
  if ((guint) repair->system >= KESU_N_FAULT_SYSTEMS)
    return g_strdup (_("Choose the system the fault was in."));
  if (!is_set (repair->fault))
    return g_strdup (_("Describe the fault that was repaired."));
  if (!kesu_validate_text (repair->fault, KESU_TEXT_MAX_CHARS, TRUE, &error))
    return g_strdup_printf (_("Fault: %s"), error->message);
  if (is_set (repair->part_replaced)
      && !kesu_validate_text (repair->part_replaced, KESU_SHORT_TEXT_MAX_CHARS, FALSE, &error))
    return g_strdup_printf (_("Part replaced: %s"), error->message);
  if (repair->started_at <= 0)
    return g_strdup (_("Enter when the car came into the workshop."));
  if (repair->started_at > now)
    return g_strdup (_("The car cannot come into the workshop in the future."));
  if (repair->finished_at != 0 && repair->finished_at < repair->started_at)
    return g_strdup (_("The car cannot be handed back before it came in."));
  if (repair->finished_at > now)
    return g_strdup (_("The car cannot be handed back in the future."));
  if (repair->mileage_km < -1 || repair->mileage_km > 2000000)
    return g_strdup (_("The mileage must be between 0 and 2,000,000 km."));
  return NULL;
}

/* ---- vehicles in the store ---- */

static char *
normalized_vin (const char *vin)
{
  char *out = NULL;

  if (vin == NULL || !kesu_validate_vin (vin, &out, NULL))
    return NULL;
  return out;
}

/* YYYY-MM-DD from any accepted spelling; NULL for unset. */
static char *
normalized_date (const char *text)
{
  GDate date;
  char buf[16];

  if (!is_set (text))
    return NULL;
  g_date_clear (&date, 1);
  if (!kesu_validate_date (text, &date, NULL))
    return NULL;
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
  return g_strdup (buf);
}

static KesuVehicle *
vehicle_from_row (KesuStatement *stmt)
{
  KesuVehicle *vehicle = kesu_vehicle_new ();

  vehicle->vin = kesu_statement_dup_text (stmt, 0);
  vehicle->plate = kesu_statement_is_null (stmt, 1) ? NULL : kesu_statement_dup_text (stmt, 1);
  vehicle->model = kesu_statement_is_null (stmt, 2) ? NULL : kesu_statement_dup_text (stmt, 2);
  vehicle->invoice_date = kesu_statement_dup_text (stmt, 3);
  vehicle->delivery_date = kesu_statement_is_null (stmt, 4)
                           ? NULL : kesu_statement_dup_text (stmt, 4);
  vehicle->price_fen = kesu_statement_get_int64 (stmt, 5);
  vehicle->created_at = kesu_statement_get_int64 (stmt, 6);
  vehicle->updated_at = kesu_statement_get_int64 (stmt, 7);
  return vehicle;
}

KesuVehicle *
kesu_store_get_vehicle (KesuStore   *store,
                        const char  *vin,
                        GError     **error)
{
  g_autofree char *key = NULL;
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;
  KesuVehicle *vehicle;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  key = normalized_vin (vin);
  if (key == NULL)
    return NULL;
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT vin, plate, model, invoice_date, delivery_date, price_fen,"
                          "  created_at, updated_at FROM vehicle WHERE vin = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, key);
  if (!kesu_statement_step (stmt, &local))
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  vehicle = vehicle_from_row (stmt);
  kesu_statement_reset (stmt);
  return vehicle;
}

gboolean
kesu_store_upsert_vehicle (KesuStore          *store,
                           const KesuVehicle  *vehicle,
                           GError            **error)
{
  KesuDb *db;
  g_autofree char *problem = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *model = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *delivery = NULL;
  KesuStatement *stmt;
  gint64 now;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (vehicle != NULL, FALSE);

  now = kesu_clock_now_unix ();
  problem = kesu_vehicle_check (vehicle, now);
  if (problem != NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, problem);
      return FALSE;
    }
  vin = normalized_vin (vehicle->vin);
  if (is_set (vehicle->plate))
    kesu_validate_plate (vehicle->plate, &plate, NULL);
  if (is_set (vehicle->model))
    model = g_strstrip (g_strdup (vehicle->model));
  invoice = normalized_date (vehicle->invoice_date);
  delivery = normalized_date (vehicle->delivery_date);

  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  stmt = kesu_db_prepare (db,
                          "INSERT INTO vehicle (vin, plate, model, invoice_date, delivery_date,"
                          "                     price_fen, created_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
                          " ON CONFLICT (vin) DO UPDATE SET plate = excluded.plate,"
                          "   model = excluded.model, invoice_date = excluded.invoice_date,"
                          "   delivery_date = excluded.delivery_date,"
                          "   price_fen = excluded.price_fen, updated_at = excluded.updated_at",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_text (stmt, 1, vin);
  kesu_statement_bind_text_or_null (stmt, 2, plate);
  kesu_statement_bind_text_or_null (stmt, 3, model);
  kesu_statement_bind_text (stmt, 4, invoice);
  kesu_statement_bind_text_or_null (stmt, 5, delivery);
  kesu_statement_bind_int64 (stmt, 6, vehicle->price_fen);
  kesu_statement_bind_int64 (stmt, 7, now);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  /* A corrected invoice date may put the car inside a period it was outside of. */
  if (!_kesu_sanbao_refresh_vin (store, vin, error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

/* The complaint's VIN and plate, as stored; FALSE with NOT_FOUND when there is none. */
static gboolean
complaint_vehicle_keys (KesuStore  *store,
                        gint64      complaint_id,
                        char      **out_vin,
                        char      **out_plate,
                        GError    **error)
{
  KesuStatement *stmt;

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT vin, plate FROM complaint WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  if (!kesu_statement_step_one (stmt, _("This complaint does not exist."), error))
    return FALSE;
  *out_vin = kesu_statement_is_null (stmt, 0) ? NULL : kesu_statement_dup_text (stmt, 0);
  if (out_plate != NULL)
    *out_plate = kesu_statement_is_null (stmt, 1) ? NULL : kesu_statement_dup_text (stmt, 1);
  kesu_statement_reset (stmt);
  return TRUE;
}

KesuVehicle *
kesu_store_get_vehicle_for_complaint (KesuStore  *store,
                                      gint64      complaint_id,
                                      GError    **error)
{
  g_autofree char *vin = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  if (!complaint_vehicle_keys (store, complaint_id, &vin, NULL, error) || !is_set (vin))
    return NULL;
  return kesu_store_get_vehicle (store, vin, error);
}

gboolean
kesu_store_link_vehicle (KesuStore   *store,
                         gint64       complaint_id,
                         const char  *vin,
                         GError     **error)
{
  g_autoptr(KesuVehicle) vehicle = NULL;
  g_autofree char *old_vin = NULL;
  g_autofree char *old_plate = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  KesuDb *db = NULL;
  KesuStatement *stmt;
  gboolean set_plate;
  gint64 now;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  vehicle = kesu_store_get_vehicle (store, vin, error);
  if (vehicle == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                             _("There is no vehicle record with this VIN."));
      return FALSE;
    }
  if (!complaint_vehicle_keys (store, complaint_id, &old_vin, &old_plate, error))
    return FALSE;
  if (g_strcmp0 (old_vin, vehicle->vin) == 0)
    return TRUE;

  set_plate = !is_set (old_plate) && is_set (vehicle->plate);
  /* The same "field: old → new" lines as the correction of intake details. */
  g_string_append_printf (changes, "%s: %s → %s", _("VIN"), is_set (old_vin) ? old_vin : "—",
                          vehicle->vin);
  if (set_plate)
    g_string_append_printf (changes, "\n%s: — → %s", _("Plate"), vehicle->plate);

  now = kesu_clock_now_unix ();
  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;
  stmt = kesu_db_prepare (db,
                          "UPDATE complaint SET vin = ?2,"
                          "  plate = CASE WHEN ?3 IS NULL THEN plate ELSE ?3 END,"
                          "  updated_at = ?4 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    goto fail;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  kesu_statement_bind_text (stmt, 2, vehicle->vin);
  kesu_statement_bind_text (stmt, 3, set_plate ? vehicle->plate : NULL);
  kesu_statement_bind_int64 (stmt, 4, now);
  if (!kesu_statement_run (stmt, error)
      || !_kesu_store_insert_event (store, complaint_id, now, kesu_store_get_operator (store),
                                    KESU_EVENT_CORRECTED, changes->str, 0, error)
      || !_kesu_sanbao_refresh_one (store, complaint_id, NULL, error))
    goto fail;
  return _kesu_store_commit_changed (store, error);

fail:
  kesu_db_rollback (db);
  return FALSE;
}

/* ---- repairs ---- */

#define REPAIR_COLUMNS                                                                   \
  "r.id, r.vin, r.started_at, coalesce (r.finished_at, 0), coalesce (r.mileage_km, -1),"   \
  " r.system, r.fault, r.part_replaced, coalesce (r.complaint_id, 0), c.number"

static KesuRepair *
repair_from_row (KesuStatement *stmt)
{
  KesuRepair *repair = kesu_repair_new ();

  repair->id = kesu_statement_get_int64 (stmt, 0);
  repair->vin = kesu_statement_dup_text (stmt, 1);
  repair->started_at = kesu_statement_get_int64 (stmt, 2);
  repair->finished_at = kesu_statement_get_int64 (stmt, 3);
  repair->mileage_km = kesu_statement_get_int64 (stmt, 4);
  if (!kesu_fault_system_from_key (kesu_statement_get_text (stmt, 5), &repair->system))
    repair->system = KESU_FAULT_SYSTEM_OTHER;
  repair->fault = kesu_statement_dup_text (stmt, 6);
  repair->part_replaced = kesu_statement_is_null (stmt, 7)
                          ? NULL : kesu_statement_dup_text (stmt, 7);
  repair->complaint_id = kesu_statement_get_int64 (stmt, 8);
  repair->complaint_number = kesu_statement_is_null (stmt, 9)
                             ? NULL : kesu_statement_dup_text (stmt, 9);
  return repair;
}

KesuRepair *
kesu_store_get_repair (KesuStore  *store,
                       gint64      repair_id,
                       GError    **error)
{
  KesuStatement *stmt;
  KesuRepair *repair;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT " REPAIR_COLUMNS " FROM repair r"
                          " LEFT JOIN complaint c ON c.id = r.complaint_id WHERE r.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_int64 (stmt, 1, repair_id);
  if (!kesu_statement_step_one (stmt, _("This repair record does not exist."), error))
    return NULL;
  repair = repair_from_row (stmt);
  kesu_statement_reset (stmt);
  return repair;
}

GPtrArray *
kesu_store_list_repairs (KesuStore   *store,
                         const char  *vin,
                         GError     **error)
{
  g_autoptr(GPtrArray) repairs = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_repair_free);
  g_autoptr(GError) local = NULL;
  g_autofree char *key = NULL;
  KesuStatement *stmt;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  key = normalized_vin (vin);
  if (key == NULL)
    return g_steal_pointer (&repairs);
  stmt = kesu_db_prepare (kesu_store_get_db (store),
                          "SELECT " REPAIR_COLUMNS " FROM repair r"
                          " LEFT JOIN complaint c ON c.id = r.complaint_id"
                          " WHERE r.vin = ?1 ORDER BY r.started_at, r.id",
                          error);
  if (stmt == NULL)
    return NULL;
  kesu_statement_bind_text (stmt, 1, key);
  while (kesu_statement_step (stmt, &local))
    g_ptr_array_add (repairs, repair_from_row (stmt));
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&repairs);
}

static gboolean
complaint_exists (KesuStore *store,
                  gint64     complaint_id)
{
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store),
                                         "SELECT 1 FROM complaint WHERE id = ?1", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, complaint_id);
  found = kesu_statement_step (stmt, NULL);
  kesu_statement_reset (stmt);
  return found;
}

/* "Gearbox: shifting jerks 2nd→3rd; replaced: valve body", for the timeline. */
static char *
repair_summary (const KesuRepair *repair)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s: %s", kesu_fault_system_to_label (repair->system),
                          repair->fault);
  if (is_set (repair->part_replaced))
    g_string_append_printf (s, _("; part replaced: %s"), repair->part_replaced);
  if (repair->finished_at > 0)
    {
      int days = kesu_repair_days (repair, repair->finished_at);

      g_string_append_printf (s, ngettext ("; %d repair day", "; %d repair days",
                                           (gulong) days), days);
    }
  else
    g_string_append (s, _("; still in the workshop"));
  return g_string_free (s, FALSE);
}

/* Checks, writes (insert when @repair->id is 0), puts the event on the linked complaint and
 * refreshes the VIN's complaints, in one transaction.  Returns the id, 0 on error. */
static gint64
save_repair (KesuStore         *store,
             const KesuRepair  *repair,
             GError           **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *fault = NULL;
  g_autofree char *part = NULL;
  g_autoptr(KesuVehicle) vehicle = NULL;
  g_autoptr(KesuRepair) stored = NULL;
  KesuDb *db = kesu_store_get_db (store);
  KesuStatement *stmt;
  gint64 now = kesu_clock_now_unix ();
  gint64 operator_id = kesu_store_get_operator (store);
  gint64 id = repair->id;

  problem = kesu_repair_check (repair, now);
  if (problem != NULL)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID, problem);
      return 0;
    }
  vin = normalized_vin (repair->vin);
  vehicle = kesu_store_get_vehicle (store, vin, error);
  if (vehicle == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                             _("Record the vehicle (VIN and invoice date) before its repairs."));
      return 0;
    }
  if (repair->complaint_id > 0 && !complaint_exists (store, repair->complaint_id))
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("The linked complaint does not exist."));
      return 0;
    }
  if (id > 0)
    {
      stored = kesu_store_get_repair (store, id, error);
      if (stored == NULL)
        return 0;
      if (g_strcmp0 (stored->vin, vin) != 0)
        {
          g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                               _("A repair record cannot move to another vehicle."));
          return 0;
        }
    }
  fault = g_strstrip (g_strdup (repair->fault));
  if (is_set (repair->part_replaced))
    part = g_strstrip (g_strdup (repair->part_replaced));

  if (!kesu_db_begin (db, error))
    return 0;
  if (id == 0)
    stmt = kesu_db_prepare (db,
                            "INSERT INTO repair (vin, started_at, finished_at, mileage_km, system,"
                            "  fault, part_replaced, complaint_id, created_at, created_by,"
                            "  updated_at)"
                            " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)",
                            error);
  else
    stmt = kesu_db_prepare (db,
                            "UPDATE repair SET started_at = ?3, finished_at = ?4, mileage_km = ?5,"
                            "  system = ?6, fault = ?7, part_replaced = ?8, complaint_id = ?9,"
                            "  updated_at = ?10"
                            " WHERE id = ?1 AND vin = ?2",
                            error);
  if (stmt == NULL)
    goto fail;
  if (id > 0)
    kesu_statement_bind_int64 (stmt, 1, id);
  kesu_statement_bind_text (stmt, 2, vin);
  kesu_statement_bind_int64 (stmt, 3, repair->started_at);
  if (repair->finished_at > 0)
    kesu_statement_bind_int64 (stmt, 4, repair->finished_at);
  if (repair->mileage_km >= 0)
    kesu_statement_bind_int64 (stmt, 5, repair->mileage_km);
  kesu_statement_bind_text (stmt, 6, kesu_fault_system_to_key (repair->system));
  kesu_statement_bind_text (stmt, 7, fault);
  kesu_statement_bind_text_or_null (stmt, 8, part);
  if (repair->complaint_id > 0)
    kesu_statement_bind_int64 (stmt, 9, repair->complaint_id);
  kesu_statement_bind_int64 (stmt, 10, now);
  if (id == 0 && operator_id > 0)
    kesu_statement_bind_int64 (stmt, 11, operator_id);
  if (!kesu_statement_run (stmt, error))
    goto fail;
  if (id == 0)
    id = kesu_db_last_insert_rowid (db);

  /* The case the visit answers shows it on its timeline. */
  if (repair->complaint_id > 0)
    {
      g_autoptr(KesuRepair) saved = kesu_repair_copy (repair);
      g_autofree char *summary = NULL;

      g_free (saved->fault);
      saved->fault = g_strdup (fault);
      g_free (saved->part_replaced);
      saved->part_replaced = g_strdup (part);
      summary = repair_summary (saved);
      if (!_kesu_store_insert_event (store, repair->complaint_id, now, operator_id,
                                     KESU_EVENT_REPAIR, summary, repair->started_at, error))
        goto fail;
    }
  if (!_kesu_sanbao_refresh_vin (store, vin, error))
    goto fail;
  if (!_kesu_store_commit_changed (store, error))
    return 0;
  return id;

fail:
  kesu_db_rollback (db);
  return 0;
}

gint64
kesu_store_add_repair (KesuStore         *store,
                       const KesuRepair  *repair,
                       GError           **error)
{
  g_autoptr(KesuRepair) copy = NULL;

  g_return_val_if_fail (KESU_IS_STORE (store), 0);
  g_return_val_if_fail (repair != NULL, 0);

  copy = kesu_repair_copy (repair);
  copy->id = 0;
  return save_repair (store, copy, error);
}

gboolean
kesu_store_update_repair (KesuStore         *store,
                          const KesuRepair  *repair,
                          GError           **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (repair != NULL, FALSE);

  if (repair->id <= 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_NOT_FOUND,
                           _("This repair record does not exist."));
      return FALSE;
    }
  return save_repair (store, repair, error) != 0;
}

/* ---- retention (Art. 17) ---- */

static gboolean
any_repairs (KesuStore *store)
{
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store),
                                         "SELECT EXISTS (SELECT 1 FROM repair)", NULL);
  gboolean any = FALSE;

  if (stmt == NULL)
    return TRUE;  /* when in doubt, keep the law's minimum */
  if (kesu_statement_step (stmt, NULL))
    {
      any = kesu_statement_get_int64 (stmt, 0) != 0;
      kesu_statement_reset (stmt);
    }
  return any;
}

guint
kesu_store_get_retention_years (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), KESU_RETENTION_MIN_YEARS_REPAIRS);

  return _kesu_store_get_setting_uint (store, "retention_years", 1, KESU_RETENTION_MAX_YEARS,
                                       KESU_RETENTION_MIN_YEARS_REPAIRS);
}

guint
kesu_store_get_retention_min_years (KesuStore *store)
{
  g_return_val_if_fail (KESU_IS_STORE (store), KESU_RETENTION_MIN_YEARS_REPAIRS);

  return any_repairs (store) ? KESU_RETENTION_MIN_YEARS_REPAIRS : 1;
}

gboolean
kesu_store_set_retention_years (KesuStore  *store,
                                guint       years,
                                GError    **error)
{
  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);

  if (years < 1 || years > KESU_RETENTION_MAX_YEARS)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("Records are kept between 1 and %d years."), KESU_RETENTION_MAX_YEARS);
      return FALSE;
    }
  if (years < KESU_RETENTION_MIN_YEARS_REPAIRS && any_repairs (store))
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   ngettext ("Vehicle repair records must be kept at least %d year "
                             "(三包 rules, Art. 17).",
                             "Vehicle repair records must be kept at least %d years "
                             "(三包 rules, Art. 17).",
                             KESU_RETENTION_MIN_YEARS_REPAIRS),
                   KESU_RETENTION_MIN_YEARS_REPAIRS);
      return FALSE;
    }
  return _kesu_store_set_setting_uint (store, "retention_years", years, error);
}
