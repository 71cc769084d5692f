/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-calendar.h"
#include "kesu-enums.h"
#include "kesu-types.h"
#include "kesu-vehicle.h"

G_BEGIN_DECLS

/* The auto three-guarantee rules (家用汽车产品修理更换退货责任规定, SAMR Order No. 43, in
 * force since 2022-01-01) applied to one vehicle and one complaint.  Kesu says what MAY
 * qualify and shows the figures behind it, citing the article; the decision stays with
 * people (kesu_store_sanbao_confirm / _dismiss).
 *
 * Every period and limit is one row of a table in kesu-sanbao.c, so a change of the rules
 * is one edit there.
 *
 * Counting, as implemented:
 * - Periods run from kesu_vehicle_period_start (invoice date, or delivery date if
 *   different; Art. 18).  A date's "day" is the number of calendar days after that start
 *   (the period begins the next day, as Civil Code Art. 201 counts): invoiced on 1 Nov, a
 *   fault on 8 Nov is on day 7 (within 7 days), on 9 Nov on day 8.  Years end on the
 *   same calendar day (29 Feb → 28 Feb).
 * - "Within N days or M km, whichever comes first": within when the day is at most N and
 *   the mileage at most M; an unrecorded mileage is judged by the days alone (the line
 *   says so).
 * - Art. 20/22/23 look at each repair (the fault's date and mileage are the visit's) and,
 *   for the car's age line, the complaint's date and mileage.
 * - Art. 24 counts the repairs started inside the 三包 period: repairs of the same fault
 *   are repairs of the same fault system; the same main part is the same system with the
 *   same part text (letter case and spaces ignored); repair days are counted per visit as
 *   Art. 40 says (kesu_repair_days) and added up. */

typedef enum
{
  KESU_SANBAO_INFO,         /* a figure, no judgement */
  KESU_SANBAO_WITHIN,       /* inside a period or limit */
  KESU_SANBAO_OUTSIDE,      /* outside it */
  KESU_SANBAO_MAY_QUALIFY,  /* a condition may be met: a person must look */
} KesuSanbaoLevel;

/* "Within", "Outside", "May qualify", "" (info): translated. */
const char   *kesu_sanbao_level_to_label (KesuSanbaoLevel level);

/* Which rule a line is about (one line per rule at most, in this order). */
typedef enum
{
  KESU_SANBAO_RULE_PERIOD,        /* Art. 18: 三包 period, 2 years / 50,000 km */
  KESU_SANBAO_RULE_WARRANTY,      /* Art. 18: warranty period, 3 years / 60,000 km */
  KESU_SANBAO_RULE_SEVEN_DAYS,    /* Art. 22: within 7 days, main component or part replaced */
  KESU_SANBAO_RULE_SIXTY_DAYS,    /* Art. 20: within 60 days / 3,000 km, main component */
  KESU_SANBAO_RULE_SAFETY,        /* Art. 23: within 60 days / 3,000 km, steering, brakes, body */
  KESU_SANBAO_RULE_SAFETY_REPEAT, /* Art. 24(1): steering or brakes repaired twice */
  KESU_SANBAO_RULE_PART_TWICE,    /* Art. 24(2)(3): the same main part replaced twice */
  KESU_SANBAO_RULE_REPAIR_COUNT,  /* Art. 24(4): the same fault repaired more than 4 times */
  KESU_SANBAO_RULE_REPAIR_DAYS,   /* Art. 24(4): more than 30 repair days in total (Art. 40) */
  KESU_SANBAO_RULE_LONG_REPAIR,   /* Art. 21: one repair over 5 days → courtesy car from day 6 */
  KESU_SANBAO_RULE_USAGE_FEE,     /* Art. 27: the usage fee for an Art. 24 replacement/refund */
  KESU_SANBAO_RULE_ANSWER,        /* Art. 28: answer in 10, complete in 20 working days */
  KESU_N_SANBAO_RULES
} KesuSanbaoRule;

/* The one table: each period or limit with its article. */
typedef enum
{
  KESU_SANBAO_LIMIT_PERIOD_YEARS,       /* 2        Art. 18 */
  KESU_SANBAO_LIMIT_PERIOD_KM,          /* 50,000   Art. 18 */
  KESU_SANBAO_LIMIT_WARRANTY_YEARS,     /* 3        Art. 18 */
  KESU_SANBAO_LIMIT_WARRANTY_KM,        /* 60,000   Art. 18 */
  KESU_SANBAO_LIMIT_SEVEN_DAYS,         /* 7        Art. 22 */
  KESU_SANBAO_LIMIT_SIXTY_DAYS,         /* 60       Art. 20, 23 */
  KESU_SANBAO_LIMIT_SIXTY_DAYS_KM,      /* 3,000    Art. 20, 23 */
  KESU_SANBAO_LIMIT_SAFETY_REPAIRS,     /* 2: repaired twice          Art. 24(1) */
  KESU_SANBAO_LIMIT_PART_REPLACEMENTS,  /* 2: replaced twice          Art. 24(2)(3) */
  KESU_SANBAO_LIMIT_REPAIR_COUNT,       /* 4: more than 4 repairs     Art. 24(4) */
  KESU_SANBAO_LIMIT_REPAIR_DAYS,        /* 30: more than 30 days      Art. 24(4) */
  KESU_SANBAO_LIMIT_LONG_REPAIR_DAYS,   /* 5: more than 5 days        Art. 21 */
  KESU_SANBAO_LIMIT_USAGE_FEE_MAX_BP,   /* 50: n at most 0.5 (%)      Art. 27 */
  KESU_SANBAO_LIMIT_ANSWER_DAYS,        /* 10 working days            Art. 28 */
  KESU_SANBAO_LIMIT_COMPLETE_DAYS,      /* 20 working days            Art. 28 */
  KESU_SANBAO_LIMIT_RETENTION_YEARS,    /* 6                          Art. 17 */
  KESU_N_SANBAO_LIMITS
} KesuSanbaoLimit;

/* The value of a limit (years, days, km, count or basis points as its comment says). */
gint64        kesu_sanbao_limit_value    (KesuSanbaoLimit limit);
/* Its article, translated: "Art. 18" / "第18条". */
char         *kesu_sanbao_limit_article  (KesuSanbaoLimit limit);

/* The article of a rule as shown in a line, translated: "Art. 24(4)" / "第24条第(四)项". */
char         *kesu_sanbao_rule_article   (KesuSanbaoRule rule);

/* The state of a complaint's 三包 flag (stored key: "", "raised", "confirmed",
 * "dismissed"; labels: "", "三包: may qualify", "三包: confirmed", "三包: dismissed"). */
typedef enum
{
  KESU_SANBAO_FLAG_NONE,
  KESU_SANBAO_FLAG_RAISED,      /* Kesu says a replacement/refund condition may be met */
  KESU_SANBAO_FLAG_CONFIRMED,   /* a person confirmed it */
  KESU_SANBAO_FLAG_DISMISSED,   /* a person dismissed it, with a reason */
  KESU_N_SANBAO_FLAGS
} KesuSanbaoFlag;

KESU_DECLARE_ENUM_FUNCS (KesuSanbaoFlag, sanbao_flag)

typedef struct
{
  KesuSanbaoRule   rule;
  KesuSanbaoLevel  level;
  char            *article;   /* translated: "Art. 22" / "第22条" */
  char            *text;      /* translated sentence with the figures behind it */
  gboolean         condition; /* a replacement/refund condition (Art. 20, 22, 23, 24) that
                               * may be met: what raises the flag */
} KesuSanbaoLine;

typedef struct _KesuSanbaoAssessment KesuSanbaoAssessment;

struct _KesuSanbaoAssessment
{
  GPtrArray      *lines;          /* KesuSanbaoLine, in KesuSanbaoRule order */
  gboolean        may_qualify;    /* some line has condition set */
  char           *reason;         /* the conditions met, one "Art. 20: …" line each,
                                   * translated; NULL when !may_qualify */
  char           *reason_key;     /* the same as stable keys ("art20:gearbox;art24-4:gearbox"),
                                   * what a dismissal is remembered by; NULL when !may_qualify */
  int             age_days;       /* the car's age at the complaint, in days; -1: unknown */
  gint64          mileage_km;     /* at the complaint (or the last visit); -1: unknown */
  gint64          usage_fee_fen;  /* Art. 27 fee at that mileage; -1: price or km unknown */
  int             repair_days;    /* Art. 24(4) total inside the 三包 period */

  /* Set only by kesu_store_sanbao_for_complaint (0 / NONE from kesu_sanbao_assess): */
  KesuSanbaoFlag  flag;
  char           *flag_reason;    /* the reason stored with the flag; NULL: none */
  char           *decision_note;  /* who decided is on the timeline; the note given */
  gint64          flagged_at;     /* unix seconds; 0: never raised */
  gint64          answer_due;     /* Art. 28 deadlines, unix seconds; 0: no clock */
  gint64          complete_due;
  gint64          answered_at;    /* when confirmed or dismissed; 0: not yet */
};

/* The assessment of @vehicle (NULL: no record — the result has one INFO line saying so)
 * with @repairs (KesuRepair, any order, may be NULL) for a complaint received at
 * @complaint_at (unix seconds) with @mileage_km on the clock (-1: unknown; then the
 * highest mileage of the repairs is used).  @usage_fee_bp is n of Art. 27 in hundredths
 * (50 = 0.5 %).  @now counts the days of a repair still in the shop.  Pure function of
 * its inputs: no store, no clock.  transfer full */
KesuSanbaoAssessment *kesu_sanbao_assess (const KesuVehicle *vehicle,
                                          GPtrArray         *repairs,
                                          gint64             complaint_at,
                                          gint64             mileage_km,
                                          guint              usage_fee_bp,
                                          gint64             now);
void          kesu_sanbao_assessment_free (KesuSanbaoAssessment *assessment);
/* The line about @rule, or NULL. */
const KesuSanbaoLine *kesu_sanbao_assessment_get_line (const KesuSanbaoAssessment *assessment,
                                                       KesuSanbaoRule              rule);

/* Art. 27: price × km ÷ 1000 × n %, in fen, rounded half up to the fen; @rate_bp is n
 * in hundredths (50 = 0.5 %).  -1 when @rate_bp is over
 * KESU_SANBAO_LIMIT_USAGE_FEE_MAX_BP, or a value is negative. */
gint64        kesu_sanbao_usage_fee      (gint64 price_fen,
                                          gint64 km,
                                          guint  rate_bp);
/* "0.5", "0.35", "0.5%": n of Art. 27 as typed, into hundredths; refuses (translated,
 * KESU_ERROR_INVALID) anything not a number, negative, with more than two decimals or
 * over 0.5. */
gboolean      kesu_sanbao_parse_rate     (const char  *text,
                                          guint       *out_rate_bp,
                                          GError     **error);
/* "0.5" for 50, "0.35" for 35, "0" for 0.  transfer full */
char         *kesu_sanbao_format_rate    (guint rate_bp);

/* Art. 28 clocks: the end (local midnight) of the @working_days-th working day after the
 * day of @from, under @calendar (weekdays, holidays and 调休 make-up days; NULL:
 * Monday to Friday).  The count starts the next day: raised on Tuesday 24 Nov 2026,
 * 10 working days end at 00:00 on Wednesday 9 Dec 2026 (no holidays). */
gint64        kesu_sanbao_working_days_due (const KesuWorkCalendar *calendar,
                                            gint64                  from,
                                            guint                   working_days);

/* ---- the store ---- */

/* n of Art. 27 in hundredths (setting usage_fee_rate; default 50, i.e. 0.5 %). */
guint         kesu_store_get_usage_fee_rate (KesuStore *store);
/* Refuses more than KESU_SANBAO_LIMIT_USAGE_FEE_MAX_BP (translated, citing Art. 27). */
gboolean      kesu_store_set_usage_fee_rate (KesuStore  *store,
                                             guint       rate_bp,
                                             GError    **error);

/* The assessment for a complaint: its vehicle (by VIN) and repairs, its received time and
 * mileage, the usage-fee rate, the clock's now; with the stored flag, its reason, the
 * Art. 28 due times and an Art. 28 line when a clock runs.  transfer full; NULL with
 * KESU_ERROR_NOT_FOUND when the complaint does not exist. */
KesuSanbaoAssessment *kesu_store_sanbao_for_complaint (KesuStore  *store,
                                                       gint64      complaint_id,
                                                       GError    **error);

/* Assesses the complaint again and raises the flag when a condition may now be met and
 * the flag is not up yet: flag "raised" with the reason, a "三包: may qualify" event by
 * Kesu (staff 0) whose detail is the reason, severity set to urgent-major, and the two
 * Art. 28 clocks started (answer: 10, complete: 20 working days from the next day, under
 * the branch's work calendar).  A reason a person dismissed before (same reason key) is
 * not raised again; a new condition is.  Closed and withdrawn complaints are left alone.
 * One transaction; *out_raised (may be NULL) tells whether it was raised now.  The store
 * calls this itself after repair and vehicle changes; the GUI may call it on demand. */
gboolean      kesu_store_sanbao_refresh   (KesuStore  *store,
                                           gint64      complaint_id,
                                           gboolean   *out_raised,
                                           GError    **error);
/* A person (the operator) confirms the raised flag: state "confirmed", the answer clock
 * is met (answered now), the completion clock runs on until the case is closed.
 * "三包 confirmed" event by the operator with @note (may be NULL).  Refused
 * (KESU_ERROR_INVALID) unless the flag is raised. */
gboolean      kesu_store_sanbao_confirm   (KesuStore  *store,
                                           gint64      complaint_id,
                                           const char *note,
                                           GError    **error);
/* A person dismisses the raised (or confirmed) flag with @reason (required: Art. 28 asks
 * for reasons when refusing): state "dismissed", both clocks stop, the reason key is
 * remembered so the same reason is not raised again.  "三包 dismissed" event by the
 * operator with the reason. */
gboolean      kesu_store_sanbao_dismiss   (KesuStore  *store,
                                           gint64      complaint_id,
                                           const char *reason,
                                           GError    **error);

/* The Art. 28 deadline that is still running for a complaint, at @now: the answer due
 * while the flag is raised and not answered, else the completion due while confirmed
 * and the case is open; 0 when none.  Helper for the board and the summary. */
gint64        kesu_sanbao_running_due     (KesuSanbaoFlag flag,
                                           gint64         answer_due,
                                           gint64         complete_due,
                                           gboolean       open);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuSanbaoAssessment, kesu_sanbao_assessment_free)

G_END_DECLS
