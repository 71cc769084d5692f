/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-enums.h"
#include "kesu-types.h"

G_BEGIN_DECLS

/* The vehicle record (整车档案) and its repair history at this branch, the facts the
 * auto three-guarantee rules (SAMR Order No. 43, kesu-sanbao.h) are worked out from.
 *
 * A vehicle is keyed by its VIN (17 characters, stored upper-case).  A complaint keeps
 * its own vin / plate / mileage as recorded at intake; it belongs to the vehicle whose
 * VIN it names (kesu_store_get_vehicle_for_complaint).  Repair records are kept at least
 * six years (Art. 17): nothing in Kesu deletes one, and the database refuses to. */

/* The system a repair was about.  The stable keys ("engine", "gearbox", …) are stored;
 * the labels are translated ("Gearbox" / "变速器"). */
typedef enum
{
  KESU_FAULT_SYSTEM_ENGINE,
  KESU_FAULT_SYSTEM_GEARBOX,
  KESU_FAULT_SYSTEM_TRACTION_BATTERY,
  KESU_FAULT_SYSTEM_DRIVE_MOTOR,
  KESU_FAULT_SYSTEM_STEERING,
  KESU_FAULT_SYSTEM_BRAKES,
  KESU_FAULT_SYSTEM_SUSPENSION,
  KESU_FAULT_SYSTEM_DRIVETRAIN,
  KESU_FAULT_SYSTEM_EMISSIONS,
  KESU_FAULT_SYSTEM_BODY,
  KESU_FAULT_SYSTEM_OTHER,
  KESU_N_FAULT_SYSTEMS
} KesuFaultSystem;

KESU_DECLARE_ENUM_FUNCS (KesuFaultSystem, fault_system)

/* Engine, gearbox, traction battery or drive motor: the main components (主要总成) of
 * Art. 20, 22 and 24(2). */
gboolean      kesu_fault_system_is_main_component (KesuFaultSystem system);

typedef struct _KesuVehicle KesuVehicle;
typedef struct _KesuRepair  KesuRepair;

/* Strings are owned by the struct; NULL and "" both mean "not given". */
struct _KesuVehicle
{
  char   *vin;            /* required: 17 characters; stored upper-case */
  char   *plate;
  char   *model;
  char   *invoice_date;   /* YYYY-MM-DD, required: the purchase invoice (购车发票) */
  char   *delivery_date;  /* YYYY-MM-DD; NULL: delivered on the invoice date */
  gint64  price_fen;      /* the price on the invoice, CNY × 100, for the usage fee
                           * (Art. 27); 0: not recorded */
  gint64  created_at;     /* unix seconds; set by the store */
  gint64  updated_at;
};

/* One visit of the car to this branch's workshop. */
struct _KesuRepair
{
  gint64           id;               /* 0 until stored */
  char            *vin;              /* the vehicle's VIN (required) */
  gint64           started_at;       /* unix seconds the car came in (required) */
  gint64           finished_at;      /* unix seconds it was handed back; 0: still in the shop */
  gint64           mileage_km;       /* at the visit; -1: not recorded */
  KesuFaultSystem  system;
  char            *fault;            /* what was wrong (required) */
  char            *part_replaced;    /* the main part replaced; NULL or "": none */
  gint64           complaint_id;     /* the complaint this visit answers; 0: none */
  char            *complaint_number; /* read from the store with the list; NULL: none */
};

KesuVehicle  *kesu_vehicle_new       (void);
KesuVehicle  *kesu_vehicle_copy      (const KesuVehicle *vehicle);
void          kesu_vehicle_free      (KesuVehicle *vehicle);
/* mileage_km = -1, system = OTHER, everything else unset. */
KesuRepair   *kesu_repair_new        (void);
KesuRepair   *kesu_repair_copy       (const KesuRepair *repair);
void          kesu_repair_free       (KesuRepair *repair);

/* The day the 三包 and warranty periods run from: the invoice date, or the delivery date
 * when that is a different day (Art. 18: "自销售者开具购车发票之日起计算；开具购车发票
 * 日期与交付家用汽车产品日期不一致的，自交付之日起计算").  NULL when the invoice date
 * is not set.  Points into @vehicle. */
const char   *kesu_vehicle_period_start (const KesuVehicle *vehicle);

/* Days the car was in the shop for @repair, as the rules count them (Art. 40): every
 * started 24 h is a day, so 30 days and one hour are 31.  A repair still in the shop
 * (finished_at 0) counts up to @now.  0 for a repair that has not started by then. */
int           kesu_repair_days       (const KesuRepair *repair,
                                      gint64            now);

/* NULL when @vehicle may be stored (VIN of 17 valid characters, a real invoice date not
 * after @now, a delivery date not before the invoice date and not after @now, price not
 * negative and at most 10,000,000 CNY, texts within limits); otherwise the first
 * problem, translated.  transfer full */
char         *kesu_vehicle_check     (const KesuVehicle *vehicle,
                                      gint64             now);
/* The same for a repair: VIN, fault text, started not in the future, finished not
 * before started and not in the future, mileage -1 or 0 to 2,000,000, a known system. */
char         *kesu_repair_check      (const KesuRepair  *repair,
                                      gint64             now);

/* ---- the store ---- */

/* The vehicle with @vin (any letter case, spaces around ignored); NULL when there is
 * none (then *error is left unset) or on a database error (set). transfer full */
KesuVehicle  *kesu_store_get_vehicle (KesuStore         *store,
                                      const char        *vin,
                                      GError           **error);
/* Adds the vehicle or updates the one with its VIN, in one transaction, after
 * kesu_vehicle_check (KESU_ERROR_INVALID with its message).  The store then looks again
 * at every open complaint about this VIN (kesu_store_sanbao_refresh): a changed invoice
 * date may raise the 三包 flag. */
gboolean      kesu_store_upsert_vehicle (KesuStore         *store,
                                         const KesuVehicle *vehicle,
                                         GError           **error);
/* The vehicle of a complaint: the one whose VIN the complaint names; NULL when the
 * complaint names no VIN or there is no record for it (error unset). */
KesuVehicle  *kesu_store_get_vehicle_for_complaint (KesuStore  *store,
                                                    gint64      complaint_id,
                                                    GError    **error);
/* Points the complaint at the vehicle @vin (which must have a record): sets the
 * complaint's VIN (and its plate when it has none) with a "Details corrected" event
 * listing the change, then refreshes its 三包 assessment.  One transaction.  Nothing
 * happens (TRUE) when the complaint already names that VIN. */
gboolean      kesu_store_link_vehicle (KesuStore  *store,
                                       gint64      complaint_id,
                                       const char *vin,
                                       GError    **error);

/* Records a visit after kesu_repair_check; the vehicle must exist.  When the repair is
 * linked to a complaint, that complaint's timeline gets a "Repair recorded" event, and
 * every open complaint about the VIN has its 三包 assessment refreshed (which may raise
 * the flag).  One transaction.  Returns the new id, 0 on error. */
gint64        kesu_store_add_repair  (KesuStore         *store,
                                      const KesuRepair  *repair,
                                      GError           **error);
/* Changes the stored repair with @repair->id (for instance its finished_at when the car
 * is handed back); the VIN cannot change.  Same checks, event and refresh as adding. */
gboolean      kesu_store_update_repair (KesuStore        *store,
                                        const KesuRepair *repair,
                                        GError          **error);
KesuRepair   *kesu_store_get_repair  (KesuStore         *store,
                                      gint64             repair_id,
                                      GError           **error);
/* The vehicle's repairs, oldest first (by started_at). element KesuRepair, transfer full */
GPtrArray    *kesu_store_list_repairs (KesuStore        *store,
                                       const char       *vin,
                                       GError          **error);

/* ---- retention (Art. 17) ---- */

/* Repair records are kept at least this many years (Art. 17). */
#define KESU_RETENTION_MIN_YEARS_REPAIRS 6
#define KESU_RETENTION_MAX_YEARS         30

/* How many years complaint records are kept (setting retention_years; default
 * KESU_RETENTION_MIN_YEARS_REPAIRS). */
guint         kesu_store_get_retention_years (KesuStore *store);
/* 1 to KESU_RETENTION_MAX_YEARS, and never below KESU_RETENTION_MIN_YEARS_REPAIRS while
 * any vehicle repair is recorded: refused then with KESU_ERROR_INVALID and a translated
 * message citing Art. 17. */
gboolean      kesu_store_set_retention_years (KesuStore  *store,
                                              guint       years,
                                              GError    **error);
/* The smallest value kesu_store_set_retention_years accepts now. */
guint         kesu_store_get_retention_min_years (KesuStore *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuVehicle, kesu_vehicle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuRepair, kesu_repair_free)

G_END_DECLS
