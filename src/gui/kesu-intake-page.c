/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-intake-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-complaint-view.h"
#include "kesu-draft.h"
#include "kesu-duplicates.h"
#include "kesu-error.h"
#include "kesu-gui-util.h"
#include "kesu-intake-page-private.h"
#include "kesu-print.h"
#include "kesu-review-page.h"
#include "kesu-signature.h"
#include "kesu-validate.h"

typedef enum
{
  KIND_ENTRY,
  KIND_DATE,
  KIND_DATETIME,
  KIND_TEXT,
  KIND_CHOICE,
  KIND_STAFF,
} FieldKind;

typedef enum
{
  SECTION_INTAKE,
  SECTION_CLASS,
  SECTION_CUSTOMER,
  SECTION_VEHICLE,
  SECTION_CONTENT,
} Section;

typedef struct
{
  KesuField    field;
  Section      section;
  FieldKind    kind;
  gboolean     required;
  const char  *label;        /* N_() */
  const char  *placeholder;  /* N_() or NULL */
} FieldSpec;

static const FieldSpec field_specs[] = {
  { KESU_FIELD_CHANNEL, SECTION_INTAKE, KIND_CHOICE, TRUE, N_("Channel"), NULL },
  { KESU_FIELD_RECEIVED_AT, SECTION_INTAKE, KIND_DATETIME, TRUE, N_("Received at"),
    N_("YYYY-MM-DD HH:MM") },
  { KESU_FIELD_RECEIVED_BY, SECTION_INTAKE, KIND_STAFF, TRUE, N_("Received by"), NULL },
  { KESU_FIELD_CATEGORY, SECTION_CLASS, KIND_CHOICE, TRUE, N_("Category"), NULL },
  { KESU_FIELD_SEVERITY, SECTION_CLASS, KIND_CHOICE, TRUE, N_("Severity"), NULL },
  { KESU_FIELD_HANDLER, SECTION_CLASS, KIND_STAFF, TRUE, N_("Handler"), NULL },
  { KESU_FIELD_CUSTOMER_NAME, SECTION_CUSTOMER, KIND_ENTRY, TRUE, N_("Name"), NULL },
  { KESU_FIELD_CUSTOMER_PHONE, SECTION_CUSTOMER, KIND_ENTRY, TRUE, N_("Phone"),
    N_("Mobile or landline, e.g. 13812345678") },
  { KESU_FIELD_CUSTOMER_OTHER_CONTACT, SECTION_CUSTOMER, KIND_ENTRY, FALSE,
    N_("Other contact"), N_("WeChat ID, e-mail, second number…") },
  { KESU_FIELD_CUSTOMER_ADDRESS, SECTION_CUSTOMER, KIND_ENTRY, FALSE, N_("Address"), NULL },
  { KESU_FIELD_VEHICLE_MODEL, SECTION_VEHICLE, KIND_ENTRY, FALSE, N_("Model"), NULL },
  { KESU_FIELD_VIN, SECTION_VEHICLE, KIND_ENTRY, FALSE, N_("VIN"), N_("17 characters") },
  { KESU_FIELD_PLATE, SECTION_VEHICLE, KIND_ENTRY, FALSE, N_("Plate"), N_("e.g. 沪A12345") },
  { KESU_FIELD_PURCHASE_DATE, SECTION_VEHICLE, KIND_DATE, FALSE, N_("Purchase date"),
    N_("YYYY-MM-DD") },
  { KESU_FIELD_MILEAGE, SECTION_VEHICLE, KIND_ENTRY, FALSE, N_("Mileage (km)"), NULL },
  { KESU_FIELD_DESCRIPTION, SECTION_CONTENT, KIND_TEXT, TRUE, N_("What happened"), NULL },
  { KESU_FIELD_OCCURRED_ON, SECTION_CONTENT, KIND_DATE, FALSE, N_("When it happened"),
    N_("YYYY-MM-DD") },
  { KESU_FIELD_OCCURRED_PLACE, SECTION_CONTENT, KIND_ENTRY, FALSE, N_("Where it happened"),
    NULL },
  { KESU_FIELD_DEMAND, SECTION_CONTENT, KIND_TEXT, TRUE, N_("What the customer wants"), NULL },
  { KESU_FIELD_ORDER_NUMBER, SECTION_CONTENT, KIND_ENTRY, FALSE, N_("Contract / repair order"),
    NULL },
  { KESU_FIELD_STAFF_INVOLVED, SECTION_CONTENT, KIND_ENTRY, FALSE, N_("Staff involved"), NULL },
  { KESU_FIELD_EMOTION, SECTION_CONTENT, KIND_CHOICE, TRUE, N_("Emotional state"), NULL },
  { KESU_FIELD_CUSTOMER_TYPE, SECTION_CONTENT, KIND_CHOICE, FALSE, N_("Customer type"), NULL },
};

typedef struct
{
  const FieldSpec *spec;
  GtkWidget       *input;        /* GtkEntry, GtkTextView or GtkDropDown */
  GtkWidget       *focus_widget;
  GtkWidget       *error_label;
  gboolean         touched;
} FieldRow;

struct _KesuIntakePage
{
  GtkWidget        parent_instance;

  KesuStore       *store;
  GArray          *staff_ids;     /* gint64, position in the staff drop-downs */
  GPtrArray       *attachments;   /* KesuAttachment */
  FieldRow         rows[KESU_N_FIELDS];
  gboolean         show_all_problems;
  gboolean         filling;       /* set while the page writes its own widgets */
  KesuCustomer    *returning;

  GtkWidget       *intake_grid;
  GtkWidget       *class_grid;
  GtkWidget       *customer_grid;
  GtkWidget       *vehicle_grid;
  GtkWidget       *content_grid;
  GtkWidget       *evidence_list;
  GtkWidget       *evidence_error;
  GtkWidget       *status_label;
  GtkWidget       *returning_box;
  GtkWidget       *returning_label;
  GtkWidget       *scroller;
  GtkStack        *stack;
  GtkWidget       *review_page;
  GtkWidget       *review_button;
  GtkWidget       *save_button;

  /* The draft: saved a second after the last change, and every few seconds while the
   * form changes; offered back on the next start. */
  GtkWidget       *draft_banner;
  GtkWidget       *draft_label;
  guint            draft_timeout_id;
  guint            draft_periodic_id;
  gboolean         draft_dirty;
  gboolean         draft_offered;  /* the banner shows: the old draft is kept as it is */

  /* The same customer or vehicle in an open or recent case: looked for when the phone,
   * VIN or plate changed and typing paused, or the field was left. */
  GtkWidget       *dup_banner;
  GtkWidget       *dup_label;
  GPtrArray       *duplicates;     /* KesuDuplicate, as the banner shows them */
  guint            dup_timeout_id;
  GtkWindow       *dup_question;   /* the choice on save, open now */
  int              dup_choice;     /* DupChoice for the save under way */
  gint64           dup_target;
};

G_DEFINE_FINAL_TYPE (KesuIntakePage, kesu_intake_page, GTK_TYPE_WIDGET)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What to do with a complaint that matches an existing case, chosen on save. */
typedef enum
{
  DUP_NONE,
  DUP_LINK,       /* record as new and link it to the existing case */
  DUP_MERGE,      /* record it into the existing case */
  DUP_UNRELATED,  /* record as new, on its own */
} DupChoice;

static void revalidate (KesuIntakePage *self);
static void schedule_draft_save (KesuIntakePage *self);
static void schedule_duplicate_check (KesuIntakePage *self);

/* ---- reading and writing the widgets ---- */

static guint
row_get_selected (FieldRow *row)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (row->input));
}

static gint64
staff_at (KesuIntakePage *self,
          guint           position)
{
  return kesu_staff_ids_get (self->staff_ids, position);
}

static void
select_staff (KesuIntakePage *self,
              KesuField       field,
              gint64          staff_id)
{
  guint position = 0;

  kesu_staff_ids_find (self->staff_ids, staff_id, &position);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->rows[field].input), position);
}

/* The intake as the form holds it now. */
static KesuIntake *
build_intake (KesuIntakePage *self)
{
  KesuIntake *intake = kesu_intake_new ();
  FieldRow *rows = self->rows;
  g_autofree char *received = NULL;

  intake->channel = row_get_selected (&rows[KESU_FIELD_CHANNEL]);
  received = kesu_input_dup_text (rows[KESU_FIELD_RECEIVED_AT].input);
  kesu_validate_datetime (received, &intake->received_at, NULL);
  intake->received_by = staff_at (self, row_get_selected (&rows[KESU_FIELD_RECEIVED_BY]));

  intake->customer_name = kesu_input_dup_text (rows[KESU_FIELD_CUSTOMER_NAME].input);
  intake->customer_phone = kesu_input_dup_text (rows[KESU_FIELD_CUSTOMER_PHONE].input);
  intake->customer_other_contact =
    kesu_input_dup_text (rows[KESU_FIELD_CUSTOMER_OTHER_CONTACT].input);
  intake->customer_address = kesu_input_dup_text (rows[KESU_FIELD_CUSTOMER_ADDRESS].input);
  intake->vehicle_model = kesu_input_dup_text (rows[KESU_FIELD_VEHICLE_MODEL].input);
  intake->vin = kesu_input_dup_text (rows[KESU_FIELD_VIN].input);
  intake->plate = kesu_input_dup_text (rows[KESU_FIELD_PLATE].input);
  intake->purchase_date = kesu_input_dup_text (rows[KESU_FIELD_PURCHASE_DATE].input);
  intake->mileage = kesu_input_dup_text (rows[KESU_FIELD_MILEAGE].input);
  intake->order_number = kesu_input_dup_text (rows[KESU_FIELD_ORDER_NUMBER].input);
  intake->staff_involved = kesu_input_dup_text (rows[KESU_FIELD_STAFF_INVOLVED].input);
  intake->description = kesu_input_dup_text (rows[KESU_FIELD_DESCRIPTION].input);
  intake->occurred_on = kesu_input_dup_text (rows[KESU_FIELD_OCCURRED_ON].input);
  intake->occurred_place = kesu_input_dup_text (rows[KESU_FIELD_OCCURRED_PLACE].input);
  intake->demand = kesu_input_dup_text (rows[KESU_FIELD_DEMAND].input);
  intake->emotion = row_get_selected (&rows[KESU_FIELD_EMOTION]);
  intake->customer_type = row_get_selected (&rows[KESU_FIELD_CUSTOMER_TYPE]);
  intake->category = row_get_selected (&rows[KESU_FIELD_CATEGORY]);
  intake->severity = row_get_selected (&rows[KESU_FIELD_SEVERITY]);
  intake->handler_id = staff_at (self, row_get_selected (&rows[KESU_FIELD_HANDLER]));
  /* The live check beside the evidence uses the limit the store will apply. */
  if (self->store != NULL)
    intake->attachment_max_bytes =
      (gsize) kesu_store_get_attachment_limit (self->store) * 1024 * 1024;

  for (guint i = 0; i < self->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (self->attachments, i);

      kesu_intake_add_attachment (intake, kesu_attachment_new (a->filename, a->mime_type,
                                                               a->data));
    }
  return intake;
}

/* ---- problems beside the fields ---- */

/* g_set_str is GLib 2.76. */
static void
replace_string (char       **slot,
                  const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static void
revalidate (KesuIntakePage *self)
{
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint n_problems = 0;

  if (self->store == NULL)
    return;

  intake = build_intake (self);
  now = kesu_clock_now ();

  for (guint f = 0; f < KESU_N_FIELDS; f++)
    {
      FieldRow *row = &self->rows[f];
      g_autofree char *message = kesu_intake_check_field (intake, f, now);
      gboolean show;

      /* The intake holds the received time only once it parses: say why it does not. */
      if (f == KESU_FIELD_RECEIVED_AT && intake->received_at == NULL)
        {
          g_autofree char *text = kesu_input_dup_text (row->input);
          g_autoptr(GError) error = NULL;

          if (g_strstrip (text)[0] != '\0' && !kesu_validate_datetime (text, NULL, &error))
            replace_string (&message, error->message);
        }

      if (message != NULL)
        n_problems++;
      if (row->error_label == NULL)
        continue;

      /* A field the user has not reached yet is not an error yet. */
      show = message != NULL && (row->touched || self->show_all_problems);
      kesu_show_field_problem (row->error_label,
                               GTK_IS_TEXT_VIEW (row->input)
                               ? gtk_widget_get_parent (row->input) : row->input,
                               show ? message : NULL);
    }

  if (n_problems == 0)
    gtk_label_set_text (GTK_LABEL (self->status_label), _("Ready to save."));
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u field still needs attention.",
                                      "%u fields still need attention.", n_problems),
                         n_problems);
      gtk_label_set_text (GTK_LABEL (self->status_label), text);
    }
}

static void
update_returning_customer (KesuIntakePage *self)
{
  g_autofree char *phone = kesu_input_dup_text (self->rows[KESU_FIELD_CUSTOMER_PHONE].input);
  g_autofree char *text = NULL;

  g_clear_pointer (&self->returning, kesu_customer_free);
  if (self->store != NULL)
    self->returning = kesu_store_find_customer (self->store, phone);

  if (self->returning == NULL)
    {
      gtk_widget_set_visible (self->returning_box, FALSE);
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Returning customer: %s, %u earlier complaint.",
                                       "Returning customer: %s, %u earlier complaints.",
                                       self->returning->n_complaints),
                          self->returning->name, self->returning->n_complaints);
  gtk_label_set_text (GTK_LABEL (self->returning_label), text);
  gtk_widget_set_visible (self->returning_box, TRUE);
}

static gboolean
form_is_pristine (KesuIntakePage *self)
{
  for (guint f = 0; f < KESU_N_FIELDS; f++)
    if (self->rows[f].touched)
      return FALSE;
  return self->attachments->len == 0;
}

/* The form may have waited, cleared, since the morning: the complaint is received when
 * the first thing about it is typed, unless the user set the time on purpose. */
static void
restart_received_time (KesuIntakePage *self)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");

  self->filling = TRUE;
  kesu_input_set_text (self->rows[KESU_FIELD_RECEIVED_AT].input, now_text);
  self->filling = FALSE;
}

/* Face to face, the customer reads back and signs (DOMAIN.md): that is the main step. */
static void
update_main_button (KesuIntakePage *self)
{
  gboolean walk_in = row_get_selected (&self->rows[KESU_FIELD_CHANNEL]) == KESU_CHANNEL_WALK_IN;

  if (walk_in)
    {
      gtk_widget_add_css_class (self->review_button, "suggested-action");
      gtk_widget_remove_css_class (self->save_button, "suggested-action");
    }
  else
    {
      gtk_widget_remove_css_class (self->review_button, "suggested-action");
      gtk_widget_add_css_class (self->save_button, "suggested-action");
    }
}

static void
field_changed (KesuIntakePage *self,
               FieldRow       *row)
{
  if (row->spec->field == KESU_FIELD_CHANNEL)
    update_main_button (self);
  if (self->filling)
    return;
  if (row->spec->field != KESU_FIELD_RECEIVED_AT && form_is_pristine (self))
    restart_received_time (self);
  row->touched = TRUE;
  if (row->spec->field == KESU_FIELD_CUSTOMER_PHONE)
    update_returning_customer (self);
  if (row->spec->field == KESU_FIELD_CUSTOMER_PHONE || row->spec->field == KESU_FIELD_VIN
      || row->spec->field == KESU_FIELD_PLATE)
    schedule_duplicate_check (self);
  revalidate (self);
  schedule_draft_save (self);
}

static void
entry_changed_cb (GtkEditable    *editable,
                  KesuIntakePage *self)
{
  FieldRow *row = g_object_get_data (G_OBJECT (editable), "kesu-row");

  field_changed (self, row);
}

static void
buffer_changed_cb (GtkTextBuffer  *buffer,
                   KesuIntakePage *self)
{
  FieldRow *row = g_object_get_data (G_OBJECT (buffer), "kesu-row");

  field_changed (self, row);
}

static void
dropdown_selected_cb (GtkDropDown    *dropdown,
                      GParamSpec     *pspec,
                      KesuIntakePage *self)
{
  FieldRow *row = g_object_get_data (G_OBJECT (dropdown), "kesu-row");

  field_changed (self, row);
}

static void
use_stored_details_cb (GtkButton      *button,
                       KesuIntakePage *self)
{
  if (self->returning == NULL)
    return;

  kesu_input_set_text (self->rows[KESU_FIELD_CUSTOMER_NAME].input, self->returning->name);
  if (self->returning->other_contact[0] != '\0')
    kesu_input_set_text (self->rows[KESU_FIELD_CUSTOMER_OTHER_CONTACT].input,
                         self->returning->other_contact);
  if (self->returning->address[0] != '\0')
    kesu_input_set_text (self->rows[KESU_FIELD_CUSTOMER_ADDRESS].input,
                         self->returning->address);
}

/* ---- the same customer or vehicle ---- */

/* "today", "yesterday", "3 days ago" */
static char *
format_ago (gint64 when)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) then = g_date_time_to_local (utc);
  GDate a, b;
  int days;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, g_date_time_get_day_of_month (then), g_date_time_get_month (then),
                  g_date_time_get_year (then));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  days = g_date_days_between (&a, &b);
  if (days <= 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                          days);
}

static void
update_duplicates (KesuIntakePage *self)
{
  g_autofree char *phone = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *ago = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  const KesuDuplicate *d;

  g_clear_handle_id (&self->dup_timeout_id, g_source_remove);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  if (self->store != NULL)
    {
      phone = kesu_input_dup_text (self->rows[KESU_FIELD_CUSTOMER_PHONE].input);
      vin = kesu_input_dup_text (self->rows[KESU_FIELD_VIN].input);
      plate = kesu_input_dup_text (self->rows[KESU_FIELD_PLATE].input);
      self->duplicates = kesu_store_find_duplicates (self->store, g_strstrip (phone),
                                                     g_strstrip (vin), g_strstrip (plate), 0,
                                                     0, &error);
      /* Only a help: the form goes on without it. */
      if (error != NULL)
        g_debug ("Duplicates were not looked for: %s", error->message);
    }
  if (self->duplicates == NULL || self->duplicates->len == 0)
    {
      gtk_widget_set_visible (self->dup_banner, FALSE);
      return;
    }

  d = g_ptr_array_index (self->duplicates, 0);
  ago = format_ago (d->received_at);
  /* Translators: why it matched ("Same phone, same VIN"), the case number, its state and
   * when it was received ("3 days ago") */
  text = g_string_new (NULL);
  g_string_printf (text, _("%s: %s (%s, %s)"), d->why, d->number,
                   kesu_state_to_label (d->state), ago);
  if (self->duplicates->len > 1)
    {
      guint more = self->duplicates->len - 1;

      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more case",
                                                 "and %u more cases", more), more);
    }
  gtk_label_set_text (GTK_LABEL (self->dup_label), text->str);
  gtk_widget_set_visible (self->dup_banner, TRUE);
}

static gboolean
duplicate_timeout_cb (gpointer data)
{
  KesuIntakePage *self = data;

  self->dup_timeout_id = 0;
  update_duplicates (self);
  return G_SOURCE_REMOVE;
}

/* Not on every keystroke: when typing pauses, or at once when the field is left. */
static void
schedule_duplicate_check (KesuIntakePage *self)
{
  g_clear_handle_id (&self->dup_timeout_id, g_source_remove);
  self->dup_timeout_id = g_timeout_add (800, duplicate_timeout_cb, self);
}

static void
duplicate_field_leave_cb (GtkEventControllerFocus *controller,
                          KesuIntakePage          *self)
{
  if (self->dup_timeout_id != 0)
    update_duplicates (self);
}

static void
show_duplicate_clicked_cb (GtkButton      *button,
                           KesuIntakePage *self)
{
  const KesuDuplicate *d;

  if (self->store == NULL || self->duplicates == NULL || self->duplicates->len == 0)
    return;
  d = g_ptr_array_index (self->duplicates, 0);
  kesu_complaint_view_present (kesu_widget_get_window (GTK_WIDGET (self)), self->store,
                               d->complaint_id);
}

static void
build_duplicate_banner (KesuIntakePage *self)
{
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show"));
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

  self->dup_banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->dup_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->dup_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->dup_label), 0.0);
  gtk_widget_set_hexpand (self->dup_label, TRUE);
  gtk_widget_add_css_class (self->dup_banner, "kesu-returning");
  gtk_widget_add_css_class (self->dup_banner, "kesu-duplicate-banner");
  gtk_widget_set_margin_start (self->dup_banner, 18);
  gtk_widget_set_margin_end (self->dup_banner, 18);
  gtk_widget_set_margin_top (self->dup_banner, 12);
  gtk_widget_set_tooltip_text (show, _("Open the existing case"));
  g_signal_connect_object (show, "clicked", G_CALLBACK (show_duplicate_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (self->dup_banner), icon);
  gtk_box_append (GTK_BOX (self->dup_banner), self->dup_label);
  gtk_box_append (GTK_BOX (self->dup_banner), show);
  gtk_widget_set_visible (self->dup_banner, FALSE);
  /* Under the draft offer, above the form: seen whatever part of the form is in view. */
  gtk_widget_insert_after (self->dup_banner, gtk_widget_get_parent (self->scroller),
                           self->draft_banner);
}

/* After the complaint @id was saved: link it or record it into the case chosen. */
static void
apply_duplicate_choice (KesuIntakePage *self,
                        gint64          id)
{
  g_autoptr(GError) error = NULL;
  DupChoice choice = self->dup_choice;
  gboolean ok = TRUE;

  self->dup_choice = DUP_NONE;
  if (self->store == NULL || self->dup_target <= 0)
    return;
  if (choice == DUP_LINK)
    ok = kesu_store_link_complaints (self->store, id, self->dup_target, &error);
  else if (choice == DUP_MERGE)
    ok = kesu_store_merge_complaint (self->store, id, self->dup_target, &error);
  /* The complaint itself is saved: only the link is missing, and can be made later. */
  if (!ok)
    kesu_show_error (kesu_widget_get_window (GTK_WIDGET (self)),
                     _("The complaint was saved, but not linked to the existing case"),
                     error->message);
}

/* ---- building the form ---- */

static GtkStringList *
choice_model (KesuField field)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  switch (field)
    {
    case KESU_FIELD_CHANNEL:
      for (guint i = 0; i < KESU_N_CHANNELS; i++)
        gtk_string_list_append (list, kesu_channel_to_label (i));
      break;
    case KESU_FIELD_CATEGORY:
      for (guint i = 0; i < KESU_N_CATEGORIES; i++)
        gtk_string_list_append (list, kesu_category_to_label (i));
      break;
    case KESU_FIELD_SEVERITY:
      for (guint i = 0; i < KESU_N_SEVERITIES; i++)
        gtk_string_list_append (list, kesu_severity_to_label (i));
      break;
    case KESU_FIELD_EMOTION:
      for (guint i = 0; i < KESU_N_EMOTIONS; i++)
        gtk_string_list_append (list, kesu_emotion_to_label (i));
      break;
    case KESU_FIELD_CUSTOMER_TYPE:
      for (guint i = 0; i < KESU_N_CUSTOMER_TYPES; i++)
        gtk_string_list_append (list, kesu_customer_type_to_label (i));
      break;
    default:
      g_assert_not_reached ();
    }
  return list;
}

static GtkWidget *
grid_for_section (KesuIntakePage *self,
                  Section         section)
{
  switch (section)
    {
    case SECTION_INTAKE: return self->intake_grid;
    case SECTION_CLASS: return self->class_grid;
    case SECTION_CUSTOMER: return self->customer_grid;
    case SECTION_VEHICLE: return self->vehicle_grid;
    case SECTION_CONTENT: return self->content_grid;
    default: g_assert_not_reached ();
    }
}

static void
build_field (KesuIntakePage  *self,
             const FieldSpec *spec,
             int             *grid_rows)
{
  FieldRow *row = &self->rows[spec->field];
  GtkGrid *grid = GTK_GRID (grid_for_section (self, spec->section));
  int *next = &grid_rows[spec->section];
  g_autofree char *title = NULL;
  GtkWidget *shown;

  row->spec = spec;
  title = spec->required ? g_strdup_printf ("%s *", _(spec->label)) : g_strdup (_(spec->label));

  switch (spec->kind)
    {
    case KIND_ENTRY:
    case KIND_DATETIME:
      row->input = shown = gtk_entry_new ();
      gtk_widget_set_hexpand (shown, TRUE);
      break;
    case KIND_DATE:
      shown = kesu_date_input_new (&row->input);
      break;
    case KIND_TEXT:
      shown = kesu_text_input_new (84, &row->input);
      break;
    case KIND_CHOICE:
      row->input = shown = gtk_drop_down_new (G_LIST_MODEL (choice_model (spec->field)), NULL);
      gtk_widget_set_hexpand (shown, TRUE);
      break;
    case KIND_STAFF:
      row->input = shown = gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (NULL)), NULL);
      gtk_widget_set_hexpand (shown, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
  row->focus_widget = row->input;

  if (spec->placeholder != NULL && GTK_IS_ENTRY (row->input))
    gtk_entry_set_placeholder_text (GTK_ENTRY (row->input), _(spec->placeholder));
  row->error_label = kesu_form_grid_add_row (grid, next, title, shown, row->input,
                                             spec->kind == KIND_TEXT);

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
      if (spec->field == KESU_FIELD_CUSTOMER_PHONE || spec->field == KESU_FIELD_VIN
          || spec->field == KESU_FIELD_PLATE)
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          g_signal_connect_object (focus, "leave", G_CALLBACK (duplicate_field_leave_cb), self,
                                   0);
          gtk_widget_add_controller (row->input, focus);
        }
    }
  else
    {
      g_object_set_data (G_OBJECT (row->input), "kesu-row", row);
      g_signal_connect_object (row->input, "notify::selected",
                               G_CALLBACK (dropdown_selected_cb), self, 0);
    }

  /* The returning-customer note sits right under the phone. */
  if (spec->field == KESU_FIELD_CUSTOMER_PHONE)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use Stored Details"));

      self->returning_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      self->returning_label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (self->returning_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (self->returning_label), 0.0);
      gtk_widget_set_hexpand (self->returning_label, TRUE);
      gtk_widget_add_css_class (self->returning_box, "kesu-returning");
      gtk_box_append (GTK_BOX (self->returning_box), self->returning_label);
      gtk_box_append (GTK_BOX (self->returning_box), button);
      g_signal_connect_object (button, "clicked", G_CALLBACK (use_stored_details_cb), self, 0);
      gtk_widget_set_visible (self->returning_box, FALSE);
      gtk_grid_attach (grid, self->returning_box, 1, *next, 1, 1);
      *next += 1;
    }
}

static void
build_form (KesuIntakePage *self)
{
  int grid_rows[SECTION_CONTENT + 1] = { 0 };
  GtkWidget *grids[] = { self->intake_grid, self->class_grid, self->customer_grid,
                         self->vehicle_grid, self->content_grid };

  for (guint i = 0; i < G_N_ELEMENTS (grids); i++)
    {
      gtk_grid_set_row_spacing (GTK_GRID (grids[i]), 4);
      gtk_grid_set_column_spacing (GTK_GRID (grids[i]), 12);
    }
  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    build_field (self, &field_specs[i], grid_rows);
}

/* ---- evidence ---- */

static void refresh_evidence (KesuIntakePage *self);

static void
remove_attachment_cb (GtkButton      *button,
                      KesuIntakePage *self)
{
  KesuAttachment *attachment = g_object_get_data (G_OBJECT (button), "kesu-attachment");

  g_ptr_array_remove (self->attachments, attachment);
  refresh_evidence (self);
  schedule_draft_save (self);
}

static void
refresh_evidence (KesuIntakePage *self)
{
  GtkWidget *child;
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autofree char *problem = NULL;

  while ((child = gtk_widget_get_first_child (self->evidence_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->evidence_list), child);

  for (guint i = 0; i < self->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (self->attachments, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *size = g_format_size (g_bytes_get_size (a->data));
      g_autofree char *content_type = g_content_type_from_mime_type (a->mime_type);
      g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (content_type
                                                                ? content_type
                                                                : "application/octet-stream");
      GtkWidget *name = gtk_label_new (a->filename);
      GtkWidget *size_label = gtk_label_new (size);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_gicon (icon));
      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (box), name);
      gtk_widget_add_css_class (size_label, "dim-label");
      gtk_box_append (GTK_BOX (box), size_label);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this file"));
      g_object_set_data (G_OBJECT (remove), "kesu-attachment", a);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_attachment_cb), self, 0);
      gtk_box_append (GTK_BOX (box), remove);
      gtk_list_box_append (GTK_LIST_BOX (self->evidence_list), box);
    }
  gtk_widget_set_visible (self->evidence_list, self->attachments->len > 0);

  intake = build_intake (self);
  problem = kesu_intake_check_field (intake, KESU_FIELD_ATTACHMENTS, now);
  gtk_label_set_text (GTK_LABEL (self->evidence_error), problem ? problem : "");
  gtk_widget_set_visible (self->evidence_error, problem != NULL);
  revalidate (self);
}

static void
show_evidence_error (KesuIntakePage *self,
                     const char     *message)
{
  gtk_label_set_text (GTK_LABEL (self->evidence_error), message);
  gtk_widget_set_visible (self->evidence_error, TRUE);
}

gboolean
_kesu_intake_page_attach_file (KesuIntakePage  *self,
                               GFile           *file,
                               GError         **error)
{
  KesuAttachment *attachment;

  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), FALSE);

  if (self->attachments->len >= KESU_ATTACHMENT_MAX_COUNT)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_INVALID,
                   _("At most %d files can be attached."), KESU_ATTACHMENT_MAX_COUNT);
      return FALSE;
    }
  /* The branch's own limit (Preferences), not only the built-in default. */
  attachment = kesu_attachment_new_from_file_full (
    file, (gsize) kesu_store_get_attachment_limit (self->store) * 1024 * 1024, error);
  if (attachment == NULL)
    return FALSE;
  g_ptr_array_add (self->attachments, attachment);
  refresh_evidence (self);
  schedule_draft_save (self);
  return TRUE;
}

static void
attach_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    KesuIntakePage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GString) problems = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autoptr(GError) error = NULL;

          if (!_kesu_intake_page_attach_file (self, file, &error))
            {
              if (problems->len > 0)
                g_string_append_c (problems, '\n');
              g_string_append (problems, error->message);
            }
        }
      if (problems->len > 0)
        show_evidence_error (self, problems->str);
    }
  g_object_unref (dialog);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (widget);
  GtkFileChooserNative *chooser = kesu_evidence_chooser_new (kesu_widget_get_window (widget));

  g_signal_connect_object (chooser, "response", G_CALLBACK (attach_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the staff drop-downs ---- */

static void
reload_staff (KesuIntakePage *self)
{
  g_autoptr(GtkStringList) handler_names = NULL;
  g_autoptr(GtkStringList) receiver_names = NULL;

  g_clear_pointer (&self->staff_ids, g_array_unref);
  if (self->store == NULL)
    return;

  /* Both drop-downs list the same staff in the same order, so one array serves both. */
  handler_names = kesu_staff_names_new (self->store, _("Choose a handler…"), &self->staff_ids);
  receiver_names = kesu_staff_names_new (self->store, _("Choose…"), NULL);

  self->filling = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->rows[KESU_FIELD_HANDLER].input),
                           G_LIST_MODEL (handler_names));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->rows[KESU_FIELD_RECEIVED_BY].input),
                           G_LIST_MODEL (receiver_names));
  self->filling = FALSE;
}

/* ---- clear and save ---- */

static void discard_draft (KesuIntakePage *self);
static void cancel_draft_timeout (KesuIntakePage *self);

/* Empties the form; the draft is left alone. */
static void
clear_form (KesuIntakePage *self)
{
  self->filling = TRUE;
  for (guint f = 0; f < KESU_N_FIELDS; f++)
    {
      FieldRow *row = &self->rows[f];

      row->touched = FALSE;
      if (row->input == NULL)
        continue;
      if (GTK_IS_DROP_DOWN (row->input))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (row->input), 0);
      else
        kesu_input_set_text (row->input, "");
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->rows[KESU_FIELD_CATEGORY].input),
                              KESU_CATEGORY_VEHICLE_QUALITY);
  if (self->store != NULL)
    select_staff (self, KESU_FIELD_RECEIVED_BY, kesu_store_get_operator (self->store));
  self->filling = FALSE;
  restart_received_time (self);

  g_ptr_array_set_size (self->attachments, 0);
  self->show_all_problems = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "form");
  update_returning_customer (self);
  update_duplicates (self);
  refresh_evidence (self);
}

/* Empties the form for the next complaint: what was typed is saved or given up, so its
 * draft goes too. */
void
kesu_intake_page_clear (KesuIntakePage *self)
{
  g_return_if_fail (KESU_IS_INTAKE_PAGE (self));

  clear_form (self);
  /* A draft still on offer is another complaint's: it waits for Resume or Discard. */
  if (self->draft_offered)
    {
      cancel_draft_timeout (self);
      self->draft_dirty = FALSE;
    }
  else
    discard_draft (self);
}

/* The intake when the form is valid; otherwise NULL, with every problem shown beside its
 * field and the first one focused. */
static KesuIntake *
checked_intake (KesuIntakePage *self)
{
  g_autoptr(KesuIntake) intake = build_intake (self);
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GPtrArray) problems = kesu_intake_check (intake, now);

  if (problems->len > 0)
    {
      KesuFieldProblem *first = g_ptr_array_index (problems, 0);

      self->show_all_problems = TRUE;
      revalidate (self);
      if (self->rows[first->field].focus_widget != NULL)
        gtk_widget_grab_focus (self->rows[first->field].focus_widget);
      return NULL;
    }
  return g_steal_pointer (&intake);
}

gint64
kesu_intake_page_save (KesuIntakePage *self)
{
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  gint64 id;

  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), 0);
  g_return_val_if_fail (self->store != NULL, 0);

  intake = checked_intake (self);
  if (intake == NULL)
    return 0;

  id = kesu_store_add_complaint (self->store, intake, &number, &error);
  if (id == 0)
    {
      /* The form keeps everything that was typed, so the user can try again. */
      kesu_show_error (kesu_widget_get_window (GTK_WIDGET (self)),
                       _("The complaint was not saved"), error->message);
      return 0;
    }

  apply_duplicate_choice (self, id);
  g_signal_emit (self, signals[SAVED], 0, id, number);
  kesu_intake_page_clear (self);
  return id;
}

/* ---- reading back and signing ---- */

static void
print_offer_response_cb (GtkDialog      *dialog,
                         int             response,
                         KesuIntakePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "kesu-complaint-id"));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    kesu_print_complaint (parent, self->store, id, KESU_PRINT_RECEIPT);
}

/* Saved with the signature (or the refusal): the form is ready for the next customer,
 * and the receipt is one click away. */
static void
signed_intake_saved (KesuIntakePage *self,
                     gint64          id,
                     const char     *number,
                     gboolean        signed_by_customer)
{
  GtkWidget *dialog;
  g_autofree char *secondary = NULL;

  apply_duplicate_choice (self, id);
  g_signal_emit (self, signals[SAVED], 0, id, number);
  kesu_intake_page_clear (self);
  gtk_stack_set_visible_child_name (self->stack, "form");

  dialog = gtk_message_dialog_new (kesu_widget_get_window (GTK_WIDGET (self)),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_INFO, GTK_BUTTONS_NONE,
                                   _("Complaint %s saved"), number);
  secondary = g_strdup (signed_by_customer
                        ? _("The customer's signature is stored with it. Print the receipt "
                            "for the customer to take.")
                        : _("The customer's reason for not signing is stored with it. Print "
                            "the receipt for the customer to take."));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Close"), GTK_RESPONSE_CLOSE,
                          _("_Print Receipt"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  g_object_set_data (G_OBJECT (dialog), "kesu-complaint-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (print_offer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review (KesuIntakePage *self)
{
  g_autoptr(KesuIntake) intake = NULL;

  if (self->store == NULL)
    return;
  intake = checked_intake (self);
  if (intake == NULL)
    return;
  kesu_review_page_show_intake (KESU_REVIEW_PAGE (self->review_page), self->store, intake);
  gtk_stack_set_visible_child_name (self->stack, "review");
}

static void
review_back_cb (KesuReviewPage *review,
                KesuIntakePage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
review_confirm_cb (KesuReviewPage *review,
                   KesuIntakePage *self)
{
  KesuSignaturePad *pad = kesu_review_page_get_pad (review);
  g_autoptr(GPtrArray) strokes = kesu_signature_pad_dup_strokes (pad);
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  gint64 id;

  if (!kesu_strokes_check (strokes, &error))
    {
      kesu_review_page_set_problem (review, error->message);
      return;
    }
  /* What was read back is what the form holds: it cannot change while the review shows. */
  intake = checked_intake (self);
  if (intake == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "form");
      return;
    }
  png = kesu_signature_pad_to_png (pad);
  id = kesu_store_add_complaint_signed (self->store, intake, png, strokes, &number, &error);
  if (id == 0)
    {
      kesu_show_error (kesu_widget_get_window (GTK_WIDGET (self)),
                       _("The complaint was not saved"), error->message);
      return;
    }
  signed_intake_saved (self, id, number, TRUE);
}

static void
review_declined_cb (KesuReviewPage *review,
                    const char     *reason,
                    KesuIntakePage *self)
{
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  gint64 id;

  intake = checked_intake (self);
  if (intake == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "form");
      return;
    }
  id = kesu_store_add_complaint_declined (self->store, intake, reason, &number, &error);
  if (id == 0)
    {
      kesu_show_error (kesu_widget_get_window (GTK_WIDGET (self)),
                       _("The complaint was not saved"), error->message);
      return;
    }
  signed_intake_saved (self, id, number, FALSE);
}

/* ---- a complaint like an existing case: the choice on save ---- */

static void
dup_question_response_cb (GtkDialog      *dialog,
                          int             response,
                          KesuIntakePage *self)
{
  gboolean reviewing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kesu-review"));
  gint64 target = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "kesu-target");

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != DUP_LINK && response != DUP_MERGE && response != DUP_UNRELATED)
    return;
  self->dup_choice = response;
  self->dup_target = target;
  if (reviewing)
    review (self);
  else if (kesu_intake_page_save (self) == 0)
    self->dup_choice = DUP_NONE;
}

static void
dup_question_destroy_cb (GtkWindow      *question,
                         KesuIntakePage *self)
{
  if (self->dup_question == question)
    self->dup_question = NULL;
}

/* When the complaint matches an open or recent case, asks what it is before going on
 * (saving, or reading back when @reviewing); returns FALSE when it asked. */
static gboolean
check_duplicates_before (KesuIntakePage *self,
                         gboolean        reviewing)
{
  const KesuDuplicate *d;
  GtkWidget *dialog;
  g_autofree char *merge_label = NULL;
  g_autofree char *ago = NULL;

  self->dup_choice = DUP_NONE;
  if (self->store == NULL)
    return TRUE;
  /* Only a complete form is worth the question: the form's problems come first. */
  {
    g_autoptr(KesuIntake) intake = build_intake (self);
    g_autoptr(GDateTime) now = kesu_clock_now ();
    g_autoptr(GPtrArray) problems = kesu_intake_check (intake, now);

    if (problems->len > 0)
      return TRUE;
  }
  update_duplicates (self);
  if (self->duplicates == NULL || self->duplicates->len == 0)
    return TRUE;

  d = g_ptr_array_index (self->duplicates, 0);
  ago = format_ago (d->received_at);
  dialog = gtk_message_dialog_new (kesu_widget_get_window (GTK_WIDGET (self)),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   /* Translators: %s is an existing case's number */
                                   _("Is this the same problem as %s?"), d->number);
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog),
    /* Translators: why it matched, the state of the existing case and when it was received;
     * then its description */
    _("%s; that case is %s, received %s: “%s”.\n\nLink: recorded as a new case, linked to "
      "it. Merge: recorded into it, so that it is handled there (nothing is deleted)."),
    d->why, kesu_state_to_label (d->state), ago, d->description != NULL ? d->description : "");
  /* Translators: %s is an existing case's number */
  merge_label = g_strdup_printf (_("_Merge into %s"), d->number);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("Record as _Unrelated"), DUP_UNRELATED,
                          merge_label, DUP_MERGE,
                          _("Record and _Link"), DUP_LINK,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), DUP_LINK);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), DUP_LINK),
                            "suggested-action");
  /* A case closed or withdrawn cannot take another one in. */
  gtk_dialog_set_response_sensitive (GTK_DIALOG (dialog), DUP_MERGE,
                                     kesu_state_is_open (d->state));
  g_object_set_data (G_OBJECT (dialog), "kesu-review", GINT_TO_POINTER (reviewing));
  g_object_set_data_full (G_OBJECT (dialog), "kesu-target",
                          g_memdup2 (&d->complaint_id, sizeof d->complaint_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dup_question_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dup_question_destroy_cb), self, 0);
  self->dup_question = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (widget);

  if (check_duplicates_before (self, TRUE))
    review (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (widget);

  if (check_duplicates_before (self, FALSE))
    kesu_intake_page_save (self);
}

static gboolean
form_has_content (KesuIntakePage *self)
{
  for (guint f = 0; f < KESU_N_FIELDS; f++)
    {
      FieldRow *row = &self->rows[f];
      g_autofree char *text = NULL;

      if (row->input == NULL || GTK_IS_DROP_DOWN (row->input) || f == KESU_FIELD_RECEIVED_AT)
        continue;
      text = kesu_input_dup_text (row->input);
      if (g_strstrip (text)[0] != '\0')
        return TRUE;
    }
  return self->attachments->len > 0;
}

static void
clear_response_cb (GtkDialog      *dialog,
                   int             response,
                   KesuIntakePage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    kesu_intake_page_clear (self);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (widget);
  GtkWidget *dialog;

  if (!form_has_content (self))
    {
      kesu_intake_page_clear (self);
      return;
    }

  dialog = gtk_message_dialog_new (kesu_widget_get_window (widget),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Clear the form?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("What has been typed and attached is not saved "
                                              "and will be lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Keep Editing"), GTK_RESPONSE_CANCEL,
                          _("C_lear"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the draft ---- */

static void
cancel_draft_timeout (KesuIntakePage *self)
{
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
}

/* Saves the form as the draft if it changed; an empty form leaves no draft.  A draft that
 * cannot be written (the database locked, the disk full) stays due and is tried again at
 * the next change or tick: the form itself keeps everything. */
static void
save_draft_now (KesuIntakePage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  cancel_draft_timeout (self);
  if (self->store == NULL || self->draft_offered || !self->draft_dirty)
    return;

  if (form_has_content (self))
    {
      g_autoptr(KesuIntake) intake = build_intake (self);

      ok = kesu_store_save_draft (self->store, intake, &error);
    }
  else
    ok = kesu_store_discard_draft (self->store, &error);

  if (ok)
    self->draft_dirty = FALSE;
  else
    g_debug ("The draft was not saved: %s", error->message);
}

static gboolean
draft_timeout_cb (gpointer data)
{
  KesuIntakePage *self = data;

  self->draft_timeout_id = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
draft_periodic_cb (gpointer data)
{
  KesuIntakePage *self = data;

  if (self->draft_dirty)
    save_draft_now (self);
  return G_SOURCE_CONTINUE;
}

static void
schedule_draft_save (KesuIntakePage *self)
{
  if (self->store == NULL || self->filling)
    return;
  self->draft_dirty = TRUE;
  cancel_draft_timeout (self);
  self->draft_timeout_id = g_timeout_add (1000, draft_timeout_cb, self);
  /* While typing goes on without a pause, the periodic save still catches it. */
  if (self->draft_periodic_id == 0)
    self->draft_periodic_id = g_timeout_add_seconds (5, draft_periodic_cb, self);
}

static void
discard_draft (KesuIntakePage *self)
{
  g_autoptr(GError) error = NULL;

  cancel_draft_timeout (self);
  self->draft_dirty = FALSE;
  self->draft_offered = FALSE;
  gtk_widget_set_visible (self->draft_banner, FALSE);
  if (self->store != NULL && !kesu_store_discard_draft (self->store, &error))
    g_debug ("The draft was not discarded: %s", error->message);
}

/* Puts @intake (a draft) into the form. */
static void
fill_form (KesuIntakePage   *self,
           const KesuIntake *intake)
{
  struct { KesuField field; const char *text; } texts[] = {
    { KESU_FIELD_CUSTOMER_NAME, intake->customer_name },
    { KESU_FIELD_CUSTOMER_PHONE, intake->customer_phone },
    { KESU_FIELD_CUSTOMER_OTHER_CONTACT, intake->customer_other_contact },
    { KESU_FIELD_CUSTOMER_ADDRESS, intake->customer_address },
    { KESU_FIELD_VEHICLE_MODEL, intake->vehicle_model },
    { KESU_FIELD_VIN, intake->vin },
    { KESU_FIELD_PLATE, intake->plate },
    { KESU_FIELD_PURCHASE_DATE, intake->purchase_date },
    { KESU_FIELD_MILEAGE, intake->mileage },
    { KESU_FIELD_ORDER_NUMBER, intake->order_number },
    { KESU_FIELD_STAFF_INVOLVED, intake->staff_involved },
    { KESU_FIELD_DESCRIPTION, intake->description },
    { KESU_FIELD_OCCURRED_ON, intake->occurred_on },
    { KESU_FIELD_OCCURRED_PLACE, intake->occurred_place },
    { KESU_FIELD_DEMAND, intake->demand },
  };
  struct { KesuField field; guint position; } choices[] = {
    { KESU_FIELD_CHANNEL, intake->channel },
    { KESU_FIELD_EMOTION, intake->emotion },
    { KESU_FIELD_CUSTOMER_TYPE, intake->customer_type },
    { KESU_FIELD_CATEGORY, intake->category },
    { KESU_FIELD_SEVERITY, intake->severity },
  };

  clear_form (self);

  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      kesu_input_set_text (self->rows[texts[i].field].input, texts[i].text ? texts[i].text : "");
      self->rows[texts[i].field].touched = texts[i].text != NULL && texts[i].text[0] != '\0';
    }
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->rows[choices[i].field].input),
                                  choices[i].position);
      self->rows[choices[i].field].touched = TRUE;
    }
  select_staff (self, KESU_FIELD_RECEIVED_BY, intake->received_by);
  select_staff (self, KESU_FIELD_HANDLER, intake->handler_id);
  self->rows[KESU_FIELD_RECEIVED_BY].touched = TRUE;
  self->rows[KESU_FIELD_HANDLER].touched = intake->handler_id != 0;
  if (intake->received_at != NULL)
    {
      g_autofree char *text = g_date_time_format (intake->received_at, "%Y-%m-%d %H:%M");

      kesu_input_set_text (self->rows[KESU_FIELD_RECEIVED_AT].input, text);
      self->rows[KESU_FIELD_RECEIVED_AT].touched = TRUE;
    }
  self->filling = FALSE;

  g_ptr_array_set_size (self->attachments, 0);
  for (guint i = 0; i < intake->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (intake->attachments, i);

      g_ptr_array_add (self->attachments, kesu_attachment_new (a->filename, a->mime_type,
                                                               a->data));
    }
  update_main_button (self);
  update_returning_customer (self);
  update_duplicates (self);
  refresh_evidence (self);
}

static void
resume_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (widget);
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || !self->draft_offered)
    return;
  intake = kesu_store_load_draft (self->store, NULL, &error);
  self->draft_offered = FALSE;
  gtk_widget_set_visible (self->draft_banner, FALSE);
  if (intake == NULL)
    {
      if (error != NULL)
        kesu_show_error (kesu_widget_get_window (widget),
                         _("The unsaved complaint could not be resumed"), error->message);
      return;
    }
  fill_form (self, intake);
  /* The draft in the database already holds all this. */
  self->draft_dirty = FALSE;
}

static void
discard_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (widget);
  gboolean typed = self->draft_dirty || form_has_content (self);

  discard_draft (self);
  /* What was typed while the offer showed becomes the draft now. */
  if (typed)
    schedule_draft_save (self);
}

/* On start: a draft left by a crash or a closed window is offered back. */
static void
offer_draft (KesuIntakePage *self)
{
  g_autoptr(KesuIntake) intake = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *text = NULL;
  gint64 updated_at = 0;

  self->draft_offered = FALSE;
  gtk_widget_set_visible (self->draft_banner, FALSE);
  if (self->store == NULL)
    return;
  intake = kesu_store_load_draft (self->store, &updated_at, &error);
  if (intake == NULL)
    {
      if (error != NULL)
        g_debug ("No draft could be read: %s", error->message);
      return;
    }

  when = g_date_time_new_from_unix_local (updated_at);
  now = kesu_clock_now ();
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    time_text = g_date_time_format (when, "%H:%M");
  else
    time_text = g_date_time_format (when, "%Y-%m-%d %H:%M");
  /* TRANSLATORS: %s is a time ("14:03") or a date and time ("2026-11-23 14:03"). */
  text = g_strdup_printf (_("An unsaved complaint from %s was found."), time_text);
  gtk_label_set_text (GTK_LABEL (self->draft_label), text);
  gtk_widget_set_visible (self->draft_banner, TRUE);
  self->draft_offered = TRUE;
}

static void
build_draft_banner (KesuIntakePage *self)
{
  GtkWidget *resume = gtk_button_new_with_mnemonic (_("_Resume"));
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard"));

  self->draft_banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->draft_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->draft_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->draft_label), 0.0);
  gtk_widget_set_hexpand (self->draft_label, TRUE);
  gtk_widget_add_css_class (self->draft_banner, "kesu-returning");
  gtk_widget_add_css_class (self->draft_banner, "kesu-draft-banner");
  gtk_widget_set_margin_start (self->draft_banner, 18);
  gtk_widget_set_margin_end (self->draft_banner, 18);
  gtk_widget_set_margin_top (self->draft_banner, 12);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (resume), "intake.resume-draft");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (discard), "intake.discard-draft");
  gtk_widget_add_css_class (resume, "suggested-action");
  gtk_box_append (GTK_BOX (self->draft_banner), self->draft_label);
  gtk_box_append (GTK_BOX (self->draft_banner), discard);
  gtk_box_append (GTK_BOX (self->draft_banner), resume);
  gtk_widget_set_visible (self->draft_banner, FALSE);
  /* Above the form, inside the page the form sits in. */
  gtk_box_prepend (GTK_BOX (gtk_widget_get_parent (self->scroller)), self->draft_banner);
}

/* ---- GObject ---- */

static void
kesu_intake_page_dispose (GObject *object)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (object);
  GtkWidget *child;

  /* A window closed with the form half filled keeps it as the draft. */
  if (self->draft_timeout_id != 0 || self->draft_dirty)
    save_draft_now (self);
  cancel_draft_timeout (self);
  g_clear_handle_id (&self->draft_periodic_id, g_source_remove);
  g_clear_handle_id (&self->dup_timeout_id, g_source_remove);
  if (self->dup_question != NULL)
    gtk_window_destroy (self->dup_question);

  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_INTAKE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_intake_page_parent_class)->dispose (object);
}

static void
kesu_intake_page_finalize (GObject *object)
{
  KesuIntakePage *self = KESU_INTAKE_PAGE (object);

  g_clear_pointer (&self->staff_ids, g_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->returning, kesu_customer_free);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_intake_page_parent_class)->finalize (object);
}

static void
kesu_intake_page_class_init (KesuIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_intake_page_dispose;
  object_class->finalize = kesu_intake_page_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, intake_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, class_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, customer_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, vehicle_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, content_grid);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, evidence_error);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, stack);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, review_page);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, review_button);
  gtk_widget_class_bind_template_child (widget_class, KesuIntakePage, save_button);
  gtk_widget_class_bind_template_callback (widget_class, review_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_declined_cb);

  gtk_widget_class_install_action (widget_class, "intake.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "intake.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "intake.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "intake.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "intake.resume-draft", NULL,
                                   resume_draft_action);
  gtk_widget_class_install_action (widget_class, "intake.discard-draft", NULL,
                                   discard_draft_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "intake.save", NULL);
}

static void
kesu_intake_page_init (KesuIntakePage *self)
{
  g_type_ensure (KESU_TYPE_REVIEW_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_attachment_free);
  build_form (self);
  build_draft_banner (self);
  build_duplicate_banner (self);
  update_main_button (self);
}

void
kesu_intake_page_set_store (KesuIntakePage *self,
                            KesuStore      *store)
{
  g_return_if_fail (KESU_IS_INTAKE_PAGE (self));
  g_return_if_fail (store == NULL || KESU_IS_STORE (store));

  /* What the form holds belongs to the old store's draft. */
  if (self->store != NULL && store != self->store)
    save_draft_now (self);
  cancel_draft_timeout (self);
  self->draft_dirty = FALSE;
  if (!g_set_object (&self->store, store))
    return;
  reload_staff (self);
  clear_form (self);
  offer_draft (self);
}

void
_kesu_intake_page_flush_draft (KesuIntakePage *self)
{
  g_return_if_fail (KESU_IS_INTAKE_PAGE (self));
  save_draft_now (self);
}

GtkWidget *
_kesu_intake_page_get_draft_banner (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return self->draft_banner;
}

GtkWidget *
_kesu_intake_page_get_draft_label (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return self->draft_label;
}

GtkWidget *
_kesu_intake_page_get_input (KesuIntakePage *self,
                             KesuField       field)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  g_return_val_if_fail ((guint) field < KESU_N_FIELDS, NULL);
  return self->rows[field].input;
}

GtkWidget *
_kesu_intake_page_get_error_label (KesuIntakePage *self,
                                   KesuField       field)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  g_return_val_if_fail ((guint) field < KESU_N_FIELDS, NULL);
  return self->rows[field].error_label;
}

GtkWidget *
_kesu_intake_page_get_returning_box (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return self->returning_box;
}

GtkWidget *
_kesu_intake_page_get_review_page (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return self->review_page;
}

gboolean
_kesu_intake_page_is_reviewing (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0;
}

GtkWidget *
_kesu_intake_page_get_duplicate_banner (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return self->dup_banner;
}

const char *
_kesu_intake_page_get_duplicate_text (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->dup_label));
}

gboolean
_kesu_intake_page_is_checking_duplicates (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), FALSE);
  return self->dup_timeout_id != 0;
}

void
_kesu_intake_page_check_duplicates_now (KesuIntakePage *self)
{
  g_return_if_fail (KESU_IS_INTAKE_PAGE (self));
  update_duplicates (self);
}

GtkWindow *
_kesu_intake_page_get_duplicate_question (KesuIntakePage *self)
{
  g_return_val_if_fail (KESU_IS_INTAKE_PAGE (self), NULL);
  return self->dup_question;
}
