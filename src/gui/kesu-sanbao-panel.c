/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-sanbao-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-gui-util.h"
#include "kesu-repair-dialog.h"
#include "kesu-sanbao-panel.h"
#include "kesu-sanbao.h"
#include "kesu-validate.h"
#include "kesu-vehicle-dialog.h"
#include "kesu-vehicle.h"
#include "kesu-workflow.h"

/* The rules live in core (kesu-sanbao.c): this panel shows kesu_store_sanbao_for_complaint
 * and calls kesu_store_sanbao_confirm / _dismiss; the vehicle and repair dialogs call the
 * store's vehicle functions. */

typedef enum
{
  DECISION_CONFIRM,
  DECISION_DISMISS,
} DecisionKind;

struct _KesuSanbaoPanel
{
  GtkWidget     parent_instance;

  KesuStore    *store;
  gint64        complaint_id;
  char         *vin;            /* the vehicle's, when it has a record */

  GtkWidget    *banner;         /* in banner_slot, or NULL */
  GtkWindow    *decision;       /* the Confirm / Dismiss question open now */
  DecisionKind  decision_kind;
  GtkWidget    *decision_view;
  GtkWidget    *decision_error;
  GtkWindow    *dialog;         /* the repair or vehicle dialog open now */

  GtkWidget    *vehicle_button;
  GtkWidget    *repair_button;
  GtkWidget    *banner_slot;
  GtkWidget    *lines_box;
  GtkWidget    *vehicle_grid;
  GtkWidget    *repairs_title;
  GtkWidget    *repairs_list;
};

G_DEFINE_FINAL_TYPE (KesuSanbaoPanel, kesu_sanbao_panel, GTK_TYPE_WIDGET)

/* ---- small pieces ---- */

/* A due time is the end (midnight) of its last working day: the day shown is that day. */
static char *
format_due_day (gint64 due)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due - 1);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  /* Translators: a day in the Art. 28 clocks, as strftime; "%-m月%-d日" in Chinese */
  return g_date_time_format (local, _("%b %-d"));
}

static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d");
}

static char *
format_km (gint64 km)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT, km);
  gsize len = strlen (plain);

  /* 12,345 km: thousands are grouped in Chinese too. */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (digits, ',');
      g_string_append_c (digits, plain[i]);
    }
  /* Translators: a distance in kilometres */
  return g_strdup_printf (_("%s km"), digits->str);
}

static const char *
level_word (KesuSanbaoLevel level)
{
  switch (level)
    {
    case KESU_SANBAO_MAY_QUALIFY: return _("May qualify");
    case KESU_SANBAO_WITHIN: return _("Within");
    case KESU_SANBAO_OUTSIDE: return _("Outside");
    case KESU_SANBAO_INFO:
    default: return _("Note");
    }
}

static const char *
level_icon (KesuSanbaoLevel level)
{
  switch (level)
    {
    case KESU_SANBAO_MAY_QUALIFY: return "dialog-warning-symbolic";
    case KESU_SANBAO_WITHIN: return "object-select-symbolic";
    case KESU_SANBAO_OUTSIDE: return "action-unavailable-symbolic";
    case KESU_SANBAO_INFO:
    default: return "dialog-information-symbolic";
    }
}

static const char *
level_class (KesuSanbaoLevel level)
{
  switch (level)
    {
    case KESU_SANBAO_MAY_QUALIFY: return "kesu-sanbao-may-qualify";
    case KESU_SANBAO_WITHIN: return "kesu-sanbao-within";
    case KESU_SANBAO_OUTSIDE: return "kesu-sanbao-outside";
    case KESU_SANBAO_INFO:
    default: return "kesu-sanbao-info";
    }
}

/* What the service advisor must see first: what may be owed, then what still holds,
 * then what has run out; plain figures last. */
static int
level_rank (KesuSanbaoLevel level)
{
  switch (level)
    {
    case KESU_SANBAO_MAY_QUALIFY: return 0;
    case KESU_SANBAO_WITHIN: return 1;
    case KESU_SANBAO_OUTSIDE: return 2;
    case KESU_SANBAO_INFO:
    default: return 3;
    }
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const KesuSanbaoLine *la = *(const KesuSanbaoLine * const *) a;
  const KesuSanbaoLine *lb = *(const KesuSanbaoLine * const *) b;
  int ra = level_rank (la->level), rb = level_rank (lb->level);

  if (ra != rb)
    return ra - rb;
  return (int) la->rule - (int) lb->rule;
}

/* ---- the banner ---- */

static char *
operator_name (KesuSanbaoPanel *self)
{
  g_autoptr(KesuStaff) staff = kesu_store_get_staff (self->store,
                                                     kesu_store_get_operator (self->store));

  return g_strdup (staff != NULL ? staff->name : "—");
}

static void decision_open (KesuSanbaoPanel *self,
                           DecisionKind     kind);

static void
confirm_clicked_cb (KesuSanbaoPanel *self)
{
  decision_open (self, DECISION_CONFIRM);
}

static void
dismiss_clicked_cb (KesuSanbaoPanel *self)
{
  decision_open (self, DECISION_DISMISS);
}

/* "Answer by 12月8日 (10 working days)", red and saying so once it has passed. */
static GtkWidget *
clock_label (const char *text,
             gboolean    overdue)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (overdue ? "dialog-warning-symbolic"
                                                          : "alarm-symbolic");
  GtkWidget *label = kesu_wrapped_label_new (text);

  gtk_widget_add_css_class (box, "kesu-sanbao-clock");
  if (overdue)
    gtk_widget_add_css_class (box, "kesu-sanbao-clock-overdue");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
answer_clock (const KesuSanbaoAssessment *a,
              gint64                      now)
{
  guint days = (guint) kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_ANSWER_DAYS);
  g_autofree char *day = format_due_day (a->answer_due);
  g_autofree char *text = NULL;

  if (a->answer_due < now)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Overdue: the answer was due by %s (%u working day)",
                                         "Overdue: the answer was due by %s (%u working days)",
                                         days), day, days);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Answer the customer by %s (%u working day)",
                                         "Answer the customer by %s (%u working days)", days),
                            day, days);
  return clock_label (text, a->answer_due < now);
}

static GtkWidget *
complete_clock (const KesuSanbaoAssessment *a,
                gint64                      now)
{
  guint days = (guint) kesu_sanbao_limit_value (KESU_SANBAO_LIMIT_COMPLETE_DAYS);
  g_autofree char *day = format_due_day (a->complete_due);
  g_autofree char *text = NULL;

  if (a->complete_due < now)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Overdue: completion was due by %s (%u working day)",
                                         "Overdue: completion was due by %s (%u working days)",
                                         days), day, days);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Complete by %s (%u working day)",
                                         "Complete by %s (%u working days)", days),
                            day, days);
  return clock_label (text, a->complete_due < now);
}

/* The reason as one line: "Art. 20: …; Art. 24(4): …". */
static char *
reason_one_line (const char *reason)
{
  g_auto(GStrv) parts = g_strsplit (reason != NULL ? reason : "", "\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (!kesu_text_is_blank (parts[i]))
      g_ptr_array_add (kept, g_strstrip (parts[i]));
  g_ptr_array_add (kept, NULL);
  /* Translators: between the conditions of a 三包 reason */
  return g_strjoinv (_("; "), (char **) kept->pdata);
}

/* The latest confirm or dismiss on the timeline: who, when and what they wrote. */
static const KesuEvent *
last_decision (GPtrArray *events)
{
  const KesuEvent *found = NULL;

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const KesuEvent *e = g_ptr_array_index (events, i);

      if (e->kind == KESU_EVENT_SANBAO_CONFIRMED || e->kind == KESU_EVENT_SANBAO_DISMISSED)
        found = e;
    }
  return found;
}

static void
fill_banner (KesuSanbaoPanel            *self,
             const KesuSanbaoAssessment *a,
             GPtrArray                  *events,
             gboolean                    open)
{
  GtkWidget *banner, *head, *icon, *title, *text_box, *clocks, *actions;
  g_autofree char *reason = NULL;
  g_autofree char *heading = NULL;
  const KesuEvent *decision = last_decision (events);
  gint64 now = kesu_clock_now_unix ();

  self->banner = NULL;
  if (a->flag == KESU_SANBAO_FLAG_NONE || a->flag >= KESU_N_SANBAO_FLAGS)
    return;

  /* While the flag stands, the figures as they are now (a repair since may have added to
   * them); a dismissal names what was dismissed. */
  if (a->flag != KESU_SANBAO_FLAG_DISMISSED && a->may_qualify && a->reason != NULL)
    reason = reason_one_line (a->reason);
  else
    reason = reason_one_line (a->flag_reason != NULL ? a->flag_reason : a->reason);
  banner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (banner, "kesu-sanbao-banner");
  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (text_box, TRUE);

  switch (a->flag)
    {
    case KESU_SANBAO_FLAG_RAISED:
      gtk_widget_add_css_class (banner, "kesu-sanbao-raised");
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      /* Translators: the banner of a case that may fall under the three-guarantee rules;
       * %s is the reason, e.g. "Art. 20: gearbox fault within 60 days" */
      heading = g_strdup_printf (_("三包: may qualify — %s"), reason);
      break;
    case KESU_SANBAO_FLAG_CONFIRMED:
      gtk_widget_add_css_class (banner, "kesu-sanbao-confirmed");
      icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      /* Translators: %s is the reason */
      heading = g_strdup_printf (_("三包: confirmed — %s"), reason);
      break;
    case KESU_SANBAO_FLAG_DISMISSED:
    case KESU_SANBAO_FLAG_NONE:
    case KESU_N_SANBAO_FLAGS:
    default:
      gtk_widget_add_css_class (banner, "kesu-sanbao-dismissed");
      icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");
      /* Translators: %s is the reason Kesu raised the flag for */
      heading = g_strdup_printf (_("三包: dismissed — %s"), reason);
      break;
    }
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (head), icon);
  title = kesu_wrapped_label_new (heading);
  gtk_widget_add_css_class (title, "kesu-sanbao-banner-title");
  gtk_box_append (GTK_BOX (text_box), title);

  /* Who decided, when, and what they wrote: the timeline has it too. */
  if (a->flag != KESU_SANBAO_FLAG_RAISED && decision != NULL)
    {
      g_autofree char *when = kesu_format_time (decision->at);
      const char *who = !kesu_text_is_blank (decision->staff_name) ? decision->staff_name : "—";
      g_autofree char *meta = NULL;

      if (decision->kind == KESU_EVENT_SANBAO_CONFIRMED)
        /* Translators: who confirmed the 三包 flag, and when */
        meta = g_strdup_printf (_("Confirmed by %s, %s"), who, when);
      else
        /* Translators: who dismissed the 三包 flag, and when */
        meta = g_strdup_printf (_("Dismissed by %s, %s"), who, when);
      gtk_box_append (GTK_BOX (text_box), kesu_wrapped_label_new (meta));
      if (!kesu_text_is_blank (decision->detail))
        {
          GtkWidget *note = kesu_wrapped_label_new (decision->detail);

          gtk_widget_add_css_class (note, "kesu-sanbao-banner-note");
          gtk_box_append (GTK_BOX (text_box), note);
        }
    }
  gtk_box_append (GTK_BOX (head), text_box);
  gtk_box_append (GTK_BOX (banner), head);

  /* The legal clocks (Art. 28), while they run. */
  clocks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (clocks, 34);
  if (a->flag == KESU_SANBAO_FLAG_RAISED && a->answer_due > 0)
    gtk_box_append (GTK_BOX (clocks), answer_clock (a, now));
  if (a->flag == KESU_SANBAO_FLAG_CONFIRMED && a->answered_at > 0)
    {
      g_autofree char *when = format_day (a->answered_at);
      /* Translators: the Art. 28 answer clock, met; %s is a date */
      g_autofree char *text = g_strdup_printf (_("Answered on %s (Art. 28)"), when);
      GtkWidget *label = kesu_wrapped_label_new (text);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (clocks), label);
    }
  if ((a->flag == KESU_SANBAO_FLAG_RAISED || (a->flag == KESU_SANBAO_FLAG_CONFIRMED && open))
      && a->complete_due > 0)
    gtk_box_append (GTK_BOX (clocks), complete_clock (a, now));
  gtk_widget_set_visible (clocks, gtk_widget_get_first_child (clocks) != NULL);
  gtk_box_append (GTK_BOX (banner), clocks);

  if (a->flag == KESU_SANBAO_FLAG_RAISED || a->flag == KESU_SANBAO_FLAG_CONFIRMED)
    {
      GtkWidget *hint =
        kesu_wrapped_label_new (_("Kesu says “may qualify”: the decision stays with "
                                  "people, and is recorded on the timeline with who "
                                  "made it."));
      GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss…"));

      actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_set_margin_start (actions, 34);
      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_set_hexpand (hint, TRUE);
      gtk_widget_set_valign (hint, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (actions), hint);
      g_signal_connect_object (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (actions), dismiss);
      if (a->flag == KESU_SANBAO_FLAG_RAISED)
        {
          GtkWidget *confirm = gtk_button_new_with_mnemonic (_("C_onfirm…"));

          gtk_widget_add_css_class (confirm, "suggested-action");
          gtk_widget_set_valign (confirm, GTK_ALIGN_CENTER);
          g_signal_connect_object (confirm, "clicked", G_CALLBACK (confirm_clicked_cb), self,
                                   G_CONNECT_SWAPPED);
          gtk_box_append (GTK_BOX (actions), confirm);
        }
      gtk_box_append (GTK_BOX (banner), actions);
    }

  gtk_box_append (GTK_BOX (self->banner_slot), banner);
  self->banner = banner;
}

/* ---- the lines ---- */

static GtkWidget *
line_row (const KesuSanbaoLine *line,
          GtkSizeGroup         *badges,
          GtkSizeGroup         *articles)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (level_icon (line->level));
  GtkWidget *word = gtk_label_new (level_word (line->level));
  GtkWidget *article = gtk_label_new (line->article != NULL ? line->article : "");
  GtkWidget *text = kesu_wrapped_label_new (line->text);

  gtk_widget_add_css_class (row, "kesu-sanbao-line");
  gtk_widget_add_css_class (row, level_class (line->level));
  /* The colour helps; the icon and the word say it to everyone. */
  gtk_widget_add_css_class (badge, "kesu-sanbao-level");
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  /* Badges and articles in columns, so that the sentences line up. */
  gtk_size_group_add_widget (badges, badge);
  gtk_box_append (GTK_BOX (badge), icon);
  gtk_box_append (GTK_BOX (badge), word);
  gtk_box_append (GTK_BOX (row), badge);

  gtk_label_set_xalign (GTK_LABEL (article), 0.0);
  gtk_size_group_add_widget (articles, article);
  gtk_widget_set_valign (article, GTK_ALIGN_START);
  gtk_widget_add_css_class (article, "kesu-sanbao-article");
  gtk_box_append (GTK_BOX (row), article);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (row), text);
  return row;
}

static void
fill_lines (KesuSanbaoPanel            *self,
            const KesuSanbaoAssessment *a)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GtkSizeGroup) badges = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GtkSizeGroup) articles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  for (guint i = 0; a->lines != NULL && i < a->lines->len; i++)
    {
      KesuSanbaoLine *line = g_ptr_array_index (a->lines, i);

      /* The banner shows the Art. 28 clocks already. */
      if (line->rule == KESU_SANBAO_RULE_ANSWER && self->banner != NULL)
        continue;
      g_ptr_array_add (sorted, line);
    }
  g_ptr_array_sort (sorted, compare_lines);
  for (guint i = 0; i < sorted->len; i++)
    gtk_box_append (GTK_BOX (self->lines_box),
                    line_row (g_ptr_array_index (sorted, i), badges, articles));
}

/* ---- the vehicle ---- */

static void
add_fact (GtkGrid    *grid,
          int         position,
          const char *title,
          const char *value)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *value_label =
    kesu_wrapped_label_new (value != NULL && value[0] != '\0' ? value : "—");
  int row = position / 2, column = (position % 2) * 2;

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "kesu-field-label");
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  gtk_grid_attach (grid, value_label, column + 1, row, 1, 1);
}

static void
fill_vehicle (KesuSanbaoPanel            *self,
              const KesuVehicle          *vehicle,
              const KesuIntake           *in,
              const KesuSanbaoAssessment *a)
{
  GtkGrid *grid = GTK_GRID (self->vehicle_grid);
  g_autofree char *age = NULL;
  g_autofree char *mileage = NULL;
  g_autofree char *price = NULL;
  int n = 0;

  if (vehicle == NULL)
    {
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (in != NULL && !kesu_text_is_blank (in->vin))
        /* Translators: %s is a VIN */
        text = g_strdup_printf (_("No vehicle record for %s yet: add its invoice date with "
                                  "“Add Vehicle…” to check the 三包 periods."), in->vin);
      else
        text = g_strdup (_("No VIN is recorded for this complaint: add the vehicle with "
                           "“Add Vehicle…” to check the 三包 periods."));
      label = kesu_wrapped_label_new (text);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (grid, label, 0, 0, 4, 1);
      return;
    }

  if (a->age_days >= 0)
    /* Translators: the car's age, then the day the periods run from */
    age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day (from %s)",
                                        "%d days (from %s)", a->age_days),
                           a->age_days, kesu_vehicle_period_start (vehicle));
  if (a->mileage_km >= 0)
    mileage = format_km (a->mileage_km);
  if (vehicle->price_fen > 0)
    price = kesu_format_amount (vehicle->price_fen);

  add_fact (grid, n++, _("VIN"), vehicle->vin);
  add_fact (grid, n++, _("Plate"), vehicle->plate);
  add_fact (grid, n++, _("Invoice date"), vehicle->invoice_date);
  add_fact (grid, n++, _("Delivery date"), !kesu_text_is_blank (vehicle->delivery_date)
                                           ? vehicle->delivery_date : vehicle->invoice_date);
  add_fact (grid, n++, _("Age"), age);
  add_fact (grid, n++, _("Mileage"), mileage);
  add_fact (grid, n++, _("Model"), vehicle->model);
  add_fact (grid, n++, _("Price"), price);
}

/* ---- the repairs ---- */

static void open_dialog (KesuSanbaoPanel *self,
                         GtkWindow       *dialog);

static void
edit_repair_clicked_cb (GtkButton       *button,
                        KesuSanbaoPanel *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "kesu-repair-id");

  open_dialog (self, GTK_WINDOW (kesu_repair_dialog_new (kesu_widget_get_window (GTK_WIDGET (self)),
                                                         self->store, self->vin,
                                                         self->complaint_id, *id)));
}

static GtkWidget *
repair_row (KesuSanbaoPanel  *self,
            const KesuRepair *r,
            gint64            now)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *system = gtk_label_new (kesu_fault_system_to_label (r->system));
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autofree char *started = format_day (r->started_at);
  g_autofree char *span = NULL;
  g_autofree char *period = NULL;
  g_autoptr(GString) meta = g_string_new (NULL);
  GtkWidget *label;
  int days = kesu_repair_days (r, now);

  if (r->finished_at > 0)
    {
      g_autofree char *finished = format_day (r->finished_at);

      span = g_strdup_printf ("%s – %s", started, finished);
    }
  else
    /* Translators: %s is the day the car came in */
    span = g_strdup_printf (_("%s – still in the shop"), started);
  /* Translators: repair days as Art. 40 counts them (each started 24 h is a day) */
  period = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d repair day",
                                         "%s · %d repair days", days), span, days);

  label = gtk_label_new (period);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (head), label);
  gtk_widget_add_css_class (system, "kesu-card-category");
  gtk_widget_set_valign (system, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (head), system);
  gtk_box_append (GTK_BOX (text), head);
  gtk_box_append (GTK_BOX (text), kesu_wrapped_label_new (r->fault));

  if (!kesu_text_is_blank (r->part_replaced))
    /* Translators: the main part replaced in a repair */
    g_string_append_printf (meta, _("Replaced: %s"), r->part_replaced);
  if (r->mileage_km >= 0)
    {
      g_autofree char *km = format_km (r->mileage_km);

      if (meta->len > 0)
        g_string_append (meta, " · ");
      g_string_append (meta, km);
    }
  if (!kesu_text_is_blank (r->complaint_number))
    {
      if (meta->len > 0)
        g_string_append (meta, " · ");
      g_string_append (meta, r->complaint_number);
    }
  if (meta->len > 0)
    {
      label = kesu_wrapped_label_new (meta->str);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), text);

  gtk_widget_set_tooltip_text (edit, _("Edit this repair"));
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  g_object_set_data_full (G_OBJECT (edit), "kesu-repair-id", g_memdup2 (&r->id, sizeof r->id),
                          g_free);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_repair_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (row), edit);

  gtk_widget_set_margin_start (row, 10);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  return row;
}

static void
fill_repairs (KesuSanbaoPanel *self,
              GPtrArray       *repairs)
{
  gint64 now = kesu_clock_now_unix ();

  /* The latest visit first: it is the one the customer is talking about. */
  for (guint i = repairs != NULL ? repairs->len : 0; i > 0; i--)
    gtk_list_box_append (GTK_LIST_BOX (self->repairs_list),
                         repair_row (self, g_ptr_array_index (repairs, i - 1), now));
}

/* ---- reading it all ---- */

void
kesu_sanbao_panel_reload (KesuSanbaoPanel *self)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuSanbaoAssessment) a = NULL;
  g_autoptr(KesuVehicle) vehicle = NULL;
  g_autoptr(GPtrArray) repairs = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const KesuIntake *in = NULL;
  gboolean open = TRUE;

  g_return_if_fail (KESU_IS_SANBAO_PANEL (self));

  kesu_remove_children (self->banner_slot);
  kesu_remove_children (self->lines_box);
  kesu_remove_children (self->vehicle_grid);
  kesu_remove_children (self->repairs_list);
  self->banner = NULL;
  g_clear_pointer (&self->vin, g_free);
  if (self->store == NULL)
    return;

  complaint = kesu_store_get_complaint (self->store, self->complaint_id, NULL);
  if (complaint != NULL)
    {
      in = kesu_complaint_get_intake (complaint);
      open = kesu_state_is_open (kesu_complaint_get_state (complaint));
    }
  a = kesu_store_sanbao_for_complaint (self->store, self->complaint_id, &error);
  if (a == NULL)
    {
      GtkWidget *label = kesu_wrapped_label_new (error->message);

      gtk_widget_add_css_class (label, "kesu-field-error");
      gtk_box_append (GTK_BOX (self->lines_box), label);
      return;
    }
  g_clear_error (&error);
  vehicle = kesu_store_get_vehicle_for_complaint (self->store, self->complaint_id, &error);
  if (vehicle != NULL)
    {
      self->vin = g_strdup (vehicle->vin);
      repairs = kesu_store_list_repairs (self->store, vehicle->vin, NULL);
    }
  events = kesu_store_list_events (self->store, self->complaint_id, NULL);

  fill_banner (self, a, events, open);
  /* Without a vehicle record the only line says so; the vehicle part says it with the
   * way to add one. */
  if (vehicle != NULL)
    fill_lines (self, a);
  fill_vehicle (self, vehicle, in, a);
  fill_repairs (self, repairs);

  gtk_button_set_label (GTK_BUTTON (self->vehicle_button),
                        vehicle != NULL ? _("Edit _Vehicle…") : _("Add _Vehicle…"));
  gtk_widget_set_sensitive (self->repair_button, vehicle != NULL);
  gtk_widget_set_tooltip_text (self->repair_button,
                               vehicle != NULL ? _("Record a visit of this car to the workshop")
                                               : _("Add the vehicle first"));
  gtk_widget_set_visible (self->repairs_title, vehicle != NULL);
  gtk_widget_set_visible (self->repairs_list, vehicle != NULL);
}

/* ---- the dialogs ---- */

static void
dialog_saved_cb (KesuSanbaoPanel *self)
{
  kesu_sanbao_panel_reload (self);
}

static void
dialog_destroy_cb (GtkWindow       *dialog,
                   KesuSanbaoPanel *self)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
}

static void
open_dialog (KesuSanbaoPanel *self,
             GtkWindow       *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  self->dialog = dialog;
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), self, 0);
  gtk_window_present (dialog);
}

static void
vehicle_clicked_cb (KesuSanbaoPanel *self)
{
  if (self->store == NULL)
    return;
  open_dialog (self, GTK_WINDOW (kesu_vehicle_dialog_new (kesu_widget_get_window (GTK_WIDGET (self)),
                                                          self->store, self->complaint_id)));
}

static void
add_repair_clicked_cb (KesuSanbaoPanel *self)
{
  if (self->store == NULL || self->vin == NULL)
    return;
  open_dialog (self, GTK_WINDOW (kesu_repair_dialog_new (kesu_widget_get_window (GTK_WIDGET (self)),
                                                         self->store, self->vin,
                                                         self->complaint_id, 0)));
}

/* ---- confirm and dismiss ---- */

static gboolean
decision_submit (KesuSanbaoPanel *self)
{
  g_autofree char *text = kesu_input_dup_text (self->decision_view);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->decision_kind == DECISION_DISMISS && kesu_text_is_blank (text))
    {
      kesu_show_field_problem (self->decision_error, gtk_widget_get_parent (self->decision_view),
                               _("Give the reason: Art. 28 asks for reasons when the "
                                 "branch refuses."));
      return FALSE;
    }
  if (self->decision_kind == DECISION_CONFIRM)
    ok = kesu_store_sanbao_confirm (self->store, self->complaint_id,
                                    kesu_text_is_blank (text) ? NULL : g_strstrip (text),
                                    &error);
  else
    ok = kesu_store_sanbao_dismiss (self->store, self->complaint_id, g_strstrip (text), &error);
  if (!ok)
    {
      kesu_show_field_problem (self->decision_error, NULL, error->message);
      return FALSE;
    }
  gtk_window_destroy (self->decision);
  kesu_sanbao_panel_reload (self);
  return TRUE;
}

static void
decision_clicked_cb (GtkButton       *button,
                     KesuSanbaoPanel *self)
{
  decision_submit (self);
}

static void
decision_destroy_cb (GtkWindow       *window,
                     KesuSanbaoPanel *self)
{
  if (self->decision == window)
    {
      self->decision = NULL;
      self->decision_view = NULL;
      self->decision_error = NULL;
    }
}

static void
decision_open (KesuSanbaoPanel *self,
               DecisionKind     kind)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *confirm;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *intro, *who, *scroller;
  g_autofree char *name = operator_name (self);
  g_autofree char *who_text = NULL;

  if (self->decision != NULL)
    gtk_window_destroy (self->decision);

  self->decision = GTK_WINDOW (window);
  self->decision_kind = kind;
  gtk_window_set_title (GTK_WINDOW (window), kind == DECISION_CONFIRM ? _("Confirm 三包")
                                                                      : _("Dismiss 三包"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), kesu_widget_get_window (GTK_WIDGET (self)));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, -1);
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  confirm = gtk_button_new_with_mnemonic (kind == DECISION_CONFIRM ? _("C_onfirm")
                                                                   : _("_Dismiss"));
  gtk_widget_add_css_class (confirm, kind == DECISION_CONFIRM ? "suggested-action"
                                                              : "destructive-action");
  g_signal_connect_object (confirm, "clicked", G_CALLBACK (decision_clicked_cb), self, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), confirm);
  gtk_window_set_titlebar (GTK_WINDOW (window), header);

  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  intro = kesu_wrapped_label_new (kind == DECISION_CONFIRM
                                  ? _("The case qualifies for a replacement or refund under "
                                      "the 三包 rules: the answer clock is met, and the case "
                                      "must be completed within the 20 working days. A note "
                                      "(optional):")
                                  : _("Why does the case not qualify? The customer must be "
                                      "given the reasons (Art. 28). The same reason is not "
                                      "raised again."));
  gtk_label_set_max_width_chars (GTK_LABEL (intro), 50);
  gtk_box_append (GTK_BOX (box), intro);
  scroller = kesu_text_input_new (80, &self->decision_view);
  gtk_box_append (GTK_BOX (box), scroller);
  self->decision_error = kesu_wrapped_label_new (NULL);
  gtk_widget_add_css_class (self->decision_error, "kesu-field-error");
  gtk_widget_set_visible (self->decision_error, FALSE);
  gtk_box_append (GTK_BOX (box), self->decision_error);
  /* Translators: %s is the name of the person using Kesu */
  who_text = g_strdup_printf (_("Recorded on the timeline as decided by %s."), name);
  who = kesu_wrapped_label_new (who_text);
  gtk_widget_add_css_class (who, "dim-label");
  gtk_widget_add_css_class (who, "caption");
  gtk_box_append (GTK_BOX (box), who);
  gtk_window_set_child (GTK_WINDOW (window), box);

  g_signal_connect_object (window, "destroy", G_CALLBACK (decision_destroy_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (self->decision_view);
}

/* ---- GObject ---- */

static void
kesu_sanbao_panel_dispose (GObject *object)
{
  KesuSanbaoPanel *self = KESU_SANBAO_PANEL (object);
  GtkWidget *child;

  if (self->decision != NULL)
    gtk_window_destroy (self->decision);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_SANBAO_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_sanbao_panel_parent_class)->dispose (object);
}

static void
kesu_sanbao_panel_finalize (GObject *object)
{
  KesuSanbaoPanel *self = KESU_SANBAO_PANEL (object);

  g_free (self->vin);

  G_OBJECT_CLASS (kesu_sanbao_panel_parent_class)->finalize (object);
}

static void
kesu_sanbao_panel_class_init (KesuSanbaoPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_sanbao_panel_dispose;
  object_class->finalize = kesu_sanbao_panel_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-sanbao-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, vehicle_button);
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, repair_button);
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, banner_slot);
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, lines_box);
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, vehicle_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, repairs_title);
  gtk_widget_class_bind_template_child (widget_class, KesuSanbaoPanel, repairs_list);
  gtk_widget_class_bind_template_callback (widget_class, vehicle_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_repair_clicked_cb);
}

static void
kesu_sanbao_panel_init (KesuSanbaoPanel *self)
{
  GtkWidget *none;

  gtk_widget_init_template (GTK_WIDGET (self));
  none = kesu_wrapped_label_new (_("No repairs recorded at this branch."));
  gtk_widget_add_css_class (none, "dim-label");
  gtk_widget_set_margin_start (none, 10);
  gtk_widget_set_margin_top (none, 8);
  gtk_widget_set_margin_bottom (none, 8);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->repairs_list), none);
}

GtkWidget *
kesu_sanbao_panel_new (void)
{
  return g_object_new (KESU_TYPE_SANBAO_PANEL, NULL);
}

void
kesu_sanbao_panel_set_complaint (KesuSanbaoPanel *self,
                                 KesuStore       *store,
                                 gint64           complaint_id)
{
  g_return_if_fail (KESU_IS_SANBAO_PANEL (self));
  g_return_if_fail (KESU_IS_STORE (store));

  g_set_object (&self->store, store);
  self->complaint_id = complaint_id;
  kesu_sanbao_panel_reload (self);
}

/* ---- for tests ---- */

GtkWidget *
_kesu_sanbao_panel_get_banner (KesuSanbaoPanel *self)
{
  g_return_val_if_fail (KESU_IS_SANBAO_PANEL (self), NULL);
  return self->banner;
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
_kesu_sanbao_panel_dup_text (KesuSanbaoPanel *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (KESU_IS_SANBAO_PANEL (self), NULL);
  collect_text (GTK_WIDGET (self), text);
  return g_string_free (text, FALSE);
}

void
_kesu_sanbao_panel_confirm (KesuSanbaoPanel *self)
{
  g_return_if_fail (KESU_IS_SANBAO_PANEL (self));
  decision_open (self, DECISION_CONFIRM);
}

void
_kesu_sanbao_panel_dismiss (KesuSanbaoPanel *self)
{
  g_return_if_fail (KESU_IS_SANBAO_PANEL (self));
  decision_open (self, DECISION_DISMISS);
}

void
_kesu_sanbao_panel_add_repair (KesuSanbaoPanel *self)
{
  g_return_if_fail (KESU_IS_SANBAO_PANEL (self));
  add_repair_clicked_cb (self);
}

void
_kesu_sanbao_panel_edit_vehicle (KesuSanbaoPanel *self)
{
  g_return_if_fail (KESU_IS_SANBAO_PANEL (self));
  vehicle_clicked_cb (self);
}

GtkWindow *
_kesu_sanbao_panel_get_decision (KesuSanbaoPanel *self)
{
  g_return_val_if_fail (KESU_IS_SANBAO_PANEL (self), NULL);
  return self->decision;
}

gboolean
_kesu_sanbao_panel_submit_decision (KesuSanbaoPanel *self,
                                    const char      *text)
{
  g_return_val_if_fail (KESU_IS_SANBAO_PANEL (self), FALSE);
  g_return_val_if_fail (self->decision != NULL, FALSE);

  kesu_input_set_text (self->decision_view, text);
  return decision_submit (self);
}

GtkWindow *
_kesu_sanbao_panel_get_dialog (KesuSanbaoPanel *self)
{
  g_return_val_if_fail (KESU_IS_SANBAO_PANEL (self), NULL);
  return self->dialog;
}
