/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-complaint-view"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kesu-approval-dialog.h"
#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-complaint-view-private.h"
#include "kesu-complaint.h"
#include "kesu-correct-dialog.h"
#include "kesu-gui-util.h"
#include "kesu-move-dialog.h"
#include "kesu-signature.h"
#include "kesu-print.h"
#include "kesu-actions-dialog.h"
#include "kesu-duplicates-dialog.h"
#include "kesu-duplicates.h"
#include "kesu-sanbao-panel.h"
#include "kesu-validate.h"

/* Below this width the timeline goes under the record instead of beside it. */
#define NARROW_WIDTH 980

typedef enum
{
  ACTION_NOTE,
  ACTION_CONTACT,
  ACTION_WAIT,
  ACTION_REASSIGN,
} ActionKind;

/* The small dialogs (note, contact, waiting, reassign): one plain GtkWindow built here,
 * holding this as its data. */
typedef struct
{
  KesuComplaintView *view;
  ActionKind         kind;
  GtkWidget         *window;
  GtkWidget         *text_view;
  GtkWidget         *text_error;
  GtkWidget         *channel_dropdown;
  GtkWidget         *next_entry;
  GtkWidget         *next_error;
  GtkWidget         *staff_dropdown;
  GtkWidget         *staff_error;
  GtkWidget         *error_box;
  GtkWidget         *error_label;
  GArray            *staff_ids;     /* gint64, by position in the staff drop-down */
  gboolean           text_touched;
  gboolean           next_touched;
  gboolean           staff_touched;
  gboolean           show_all_problems;
} ActionDialog;

struct _KesuComplaintView
{
  GtkWindow   parent_instance;

  KesuStore  *store;
  gint64      complaint_id;
  KesuState   state;
  gint64      handler_id;
  KesuChannel channel;
  GPtrArray  *attachments;     /* KesuAttachment, as the evidence section shows them */
  GtkWindow  *action_dialog;   /* the small dialog open now, or NULL */
  guint       restore_scroll_id;
  double      record_scroll;
  double      timeline_scroll;

  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkLabel   *state_label;
  GtkLabel   *severity_label;
  GtkLabel   *due_label;
  GtkLabel   *next_contact_label;
  GtkLabel   *handler_label;
  GtkPaned   *paned;
  GtkWidget  *record_scroller;
  GtkWidget  *content;
  GtkWidget  *timeline_scroller;
  GtkWidget  *timeline_list;
  GtkWidget  *move_box;
  GtkWidget  *contact_button;
  /* Kept across reloads (held here): its dialogs stay open while the record refills. */
  GtkWidget  *sanbao_panel;
};

G_DEFINE_FINAL_TYPE (KesuComplaintView, kesu_complaint_view, GTK_TYPE_WINDOW)

/* ---- the record ---- */

static GtkGrid *
add_section (KesuComplaintView *self,
             const char        *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (box, "kesu-form-section");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "kesu-section-title");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 16);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (self->content), box);
  return GTK_GRID (grid);
}

static void
add_value (GtkGrid    *grid,
           const char *title,
           const char *value)
{
  int row = 0;
  GtkWidget *child;
  GtkWidget *label, *value_label;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    row++;
  row /= 2;

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "kesu-field-label");

  value_label = gtk_label_new (value != NULL && value[0] != '\0' ? value : "—");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "kesu-view-value");

  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

/* Only what has been recorded: an empty handling section says nothing useful. */
static void
add_handling (KesuComplaintView  *self,
              const KesuCaseData *d)
{
  GtkGrid *grid;
  gboolean has_finding = !kesu_text_is_blank (d->cause)
                         || d->responsibility != KESU_RESPONSIBILITY_NONE;

  if (!has_finding && d->solution == KESU_SOLUTION_NONE && kesu_text_is_blank (d->measures)
      && d->amount_fen < 0 && d->solution_deadline <= 0 && d->agreed_at <= 0
      && kesu_text_is_blank (d->measures_result) && d->satisfaction <= 0
      && kesu_text_is_blank (d->satisfaction_comment))
    return;

  grid = add_section (self, _("Handling"));
  if (!kesu_text_is_blank (d->cause))
    add_value (grid, _("Cause"), d->cause);
  if (d->responsibility != KESU_RESPONSIBILITY_NONE)
    add_value (grid, _("Responsibility"), kesu_responsibility_to_label (d->responsibility));
  if (has_finding)
    add_value (grid, _("Scope"), d->recurring ? _("One of several of the same kind")
                                              : _("An isolated case"));
  if (d->solution != KESU_SOLUTION_NONE)
    add_value (grid, _("Solution"), kesu_solution_to_label (d->solution));
  if (!kesu_text_is_blank (d->measures))
    add_value (grid, _("Measures"), d->measures);
  if (d->amount_fen >= 0)
    {
      g_autofree char *amount = kesu_format_amount (d->amount_fen);

      add_value (grid, _("Amount"), amount);
    }
  if (d->solution_deadline > 0)
    {
      g_autofree char *deadline = kesu_format_time (d->solution_deadline);

      add_value (grid, _("Deadline"), deadline);
    }
  if (d->agreed_at > 0)
    {
      g_autofree char *agreed = kesu_format_time (d->agreed_at);

      add_value (grid, _("Customer agreed"), agreed);
      if (!kesu_text_is_blank (d->agreement_note))
        add_value (grid, _("How"), d->agreement_note);
    }
  if (!kesu_text_is_blank (d->measures_result))
    add_value (grid, _("What was done"), d->measures_result);
  if (d->satisfaction >= 1 && d->satisfaction <= KESU_SATISFACTION_MAX)
    {
      g_autofree char *rating = kesu_format_satisfaction (d->satisfaction);

      add_value (grid, _("Satisfaction"), rating);
    }
  if (!kesu_text_is_blank (d->satisfaction_comment))
    add_value (grid, _("What the customer said"), d->satisfaction_comment);
}

/* ---- evidence ---- */

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KesuAttachment  *attachment)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      gsize size = 0;
      gconstpointer data = g_bytes_get_data (attachment->data, &size);

      if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, NULL, &error))
        {
          GtkWindow *parent = gtk_native_dialog_get_transient_for (dialog);

          kesu_show_error (parent, _("The file was not saved"), error->message);
        }
    }
  kesu_attachment_free (attachment);
  g_object_unref (dialog);
}

static void
save_attachment_cb (GtkButton         *button,
                    KesuComplaintView *self)
{
  KesuAttachment *attachment = g_object_get_data (G_OBJECT (button), "kesu-attachment");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Evidence As"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), attachment->filename);
  /* A copy (the bytes are shared): a reload while the chooser is up replaces the list. */
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb),
                    kesu_attachment_new (attachment->filename, attachment->mime_type,
                                         attachment->data));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The evidence goes to a temporary copy under the user's cache folder, since the
 * application that shows it needs a file; one folder per attachment keeps its name. */
static GFile *
write_evidence_copy (KesuAttachment  *attachment,
                     GError         **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, attachment->id);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "kesu", "evidence",
                                           id_text, NULL);
  g_autofree char *base = g_path_get_basename (attachment->filename);
  g_autofree char *path = NULL;
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (attachment->data, &size);

  if (g_str_equal (base, ".") || g_str_equal (base, G_DIR_SEPARATOR_S) || base[0] == '\0')
    {
      g_free (base);
      base = g_strdup ("evidence");
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  path = g_build_filename (dir, base, NULL);
  if (!g_file_set_contents (path, data != NULL ? data : "", size, error))
    return NULL;
  return g_file_new_for_path (path);
}

static void
open_attachment_cb (GtkButton         *button,
                    KesuComplaintView *self)
{
  KesuAttachment *attachment = g_object_get_data (G_OBJECT (button), "kesu-attachment");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) copy = write_evidence_copy (attachment, &error);
  g_autofree char *uri = NULL;
  GdkAppLaunchContext *context;

  if (copy == NULL)
    {
      kesu_show_error (GTK_WINDOW (self), _("The file cannot be opened"), error->message);
      return;
    }
  uri = g_file_get_uri (copy);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  if (!g_app_info_launch_default_for_uri (uri, G_APP_LAUNCH_CONTEXT (context), &error))
    kesu_show_error (GTK_WINDOW (self), _("The file cannot be opened"), error->message);
  g_object_unref (context);
}

static void
add_evidence (KesuComplaintView *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Evidence"));

  gtk_widget_add_css_class (box, "kesu-form-section");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "kesu-section-title");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (self->content), box);

  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  self->attachments = kesu_store_list_attachments (self->store, self->complaint_id, &error);
  if (self->attachments == NULL || self->attachments->len == 0)
    {
      GtkWidget *none = gtk_label_new (error != NULL ? error->message : _("No files attached."));

      gtk_label_set_xalign (GTK_LABEL (none), 0.0);
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
      return;
    }

  for (guint i = 0; i < self->attachments->len; i++)
    {
      KesuAttachment *a = g_ptr_array_index (self->attachments, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *size = g_format_size (g_bytes_get_size (a->data));
      g_autofree char *content_type = g_content_type_from_mime_type (a->mime_type != NULL
                                                                     ? a->mime_type
                                                                     : "application/octet-stream");
      g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (content_type != NULL
                                                                ? content_type
                                                                : "application/octet-stream");
      GtkWidget *name = gtk_label_new (a->filename);
      GtkWidget *size_label = gtk_label_new (size);
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
      GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _As…"));

      gtk_box_append (GTK_BOX (row), gtk_image_new_from_gicon (icon));
      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (size_label, "dim-label");
      gtk_widget_add_css_class (buttons, "linked");
      g_object_set_data (G_OBJECT (open), "kesu-attachment", a);
      g_object_set_data (G_OBJECT (save), "kesu-attachment", a);
      g_signal_connect_object (open, "clicked", G_CALLBACK (open_attachment_cb), self, 0);
      g_signal_connect_object (save, "clicked", G_CALLBACK (save_attachment_cb), self, 0);
      gtk_box_append (GTK_BOX (buttons), open);
      gtk_box_append (GTK_BOX (buttons), save);
      gtk_box_append (GTK_BOX (row), name);
      gtk_box_append (GTK_BOX (row), size_label);
      gtk_box_append (GTK_BOX (row), buttons);
      gtk_box_append (GTK_BOX (box), row);
    }
}

/* ---- signatures ---- */

static GtkWidget *
signature_row (KesuComplaintView   *self,
               const KesuSignature *signature)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  g_autofree char *when = kesu_format_time (signature->signed_at);
  g_autofree char *meta = NULL;

  if (signature->png != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (signature->png, NULL);

      if (texture != NULL)
        {
          GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

          gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
          gtk_widget_set_size_request (picture, 180, 64);
          gtk_widget_add_css_class (picture, "kesu-signature-image");
          gtk_box_append (GTK_BOX (row), picture);
        }
    }

  label = gtk_label_new (kesu_signature_purpose_to_label (signature->purpose));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (text), label);

  if (signature->declined_reason != NULL)
    {
      /* Translators: the customer's reason for not signing */
      g_autofree char *declined = g_strdup_printf (_("Declined to sign: %s"),
                                                   signature->declined_reason);

      label = gtk_label_new (declined);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_box_append (GTK_BOX (text), label);
    }
  if (signature->signer_staff_id > 0)
    {
      g_autoptr(KesuStaff) staff = kesu_store_get_staff (self->store, signature->signer_staff_id);

      /* Translators: the time, then who signed for the branch */
      meta = g_strdup_printf (_("%s · signed by %s"), when, staff != NULL ? staff->name : "—");
    }
  label = gtk_label_new (meta != NULL ? meta : when);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (text), label);
  if (signature->changed_after)
    {
      label = gtk_label_new (_("Changed after signing"));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "kesu-severity-urgent");
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), text);
  return row;
}

/* The warning first, when what the customer signed no longer matches the record. */
static void
add_changed_banner (KesuComplaintView *self,
                    GPtrArray         *signatures)
{
  const KesuSignature *changed = NULL;
  GtkWidget *banner;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; signatures != NULL && i < signatures->len; i++)
    {
      const KesuSignature *s = g_ptr_array_index (signatures, i);

      if (s->purpose == KESU_SIGNATURE_INTAKE && s->declined_reason == NULL)
        changed = s->changed_after ? s : NULL;
    }
  if (changed == NULL)
    return;

  when = kesu_format_time (changed->signed_at);
  text = g_strdup_printf (_("Changed after the customer signed (%s): see the timeline for what "
                            "was corrected."), when);
  banner = kesu_banner_new ("kesu-signed-changed", "dialog-warning-symbolic", text, NULL);
  g_object_set_data (G_OBJECT (banner), "kesu-changed-banner", GINT_TO_POINTER (TRUE));
  gtk_box_append (GTK_BOX (self->content), banner);
}

/* A finished case's record is a manager's to correct (kesu-auth.h); an open one, anyone's
 * who works it. */
static gboolean
may_correct (KesuComplaintView *self)
{
  return kesu_state_is_open (self->state)
         || kesu_store_can (self->store, kesu_store_get_operator (self->store),
                            KESU_PERMISSION_EDIT_CLOSED);
}

static void
add_signatures (KesuComplaintView *self,
                GPtrArray         *signatures,
                const GError      *error)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (_("Signatures"));
  GtkWidget *correct = gtk_button_new_with_mnemonic (_("Co_rrect Details…"));

  gtk_widget_add_css_class (box, "kesu-form-section");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "kesu-section-title");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (correct), "case.correct");
  if (may_correct (self))
    gtk_widget_set_tooltip_text (correct, _("Correct the customer's details or what was "
                                            "recorded at intake"));
  else
    gtk_widget_set_tooltip_text (correct, _("This case is finished: only a manager corrects "
                                            "its record, with a reason"));
  gtk_box_append (GTK_BOX (title_row), title);
  gtk_box_append (GTK_BOX (title_row), correct);
  gtk_box_append (GTK_BOX (box), title_row);
  gtk_box_append (GTK_BOX (self->content), box);

  if (signatures == NULL || signatures->len == 0)
    {
      GtkWidget *none = gtk_label_new (error != NULL ? error->message
                                                     : _("Not signed on screen."));

      gtk_label_set_xalign (GTK_LABEL (none), 0.0);
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
      return;
    }
  for (guint i = 0; i < signatures->len; i++)
    gtk_box_append (GTK_BOX (box), signature_row (self, g_ptr_array_index (signatures, i)));
}

/* ---- the 三包 panel, linked and merged cases ---- */


static gboolean
is_about_vehicle (const KesuIntake *in)
{
  return !kesu_text_is_blank (in->vin) || !kesu_text_is_blank (in->plate)
         || !kesu_text_is_blank (in->vehicle_model)
         || in->category == KESU_CATEGORY_VEHICLE_QUALITY
         || in->category == KESU_CATEGORY_REPAIR_QUALITY;
}

static void
open_case_clicked_cb (GtkButton         *button,
                      KesuComplaintView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "kesu-complaint-id");

  kesu_complaint_view_present (GTK_WINDOW (self), self->store, *id);
}

/* A flat button that reads like a link and opens the case @id. */
static GtkWidget *
case_link_new (KesuComplaintView *self,
               gint64             id,
               const char        *text)
{
  GtkWidget *button = gtk_button_new_with_label (text);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "kesu-case-link");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (button), "kesu-complaint-id", g_memdup2 (&id, sizeof id),
                          g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (open_case_clicked_cb), self, 0);
  return button;
}

/* "KS-202611-0012 · 陈静 · Investigating · 2026-11-21" */
static char *
case_link_text (KesuComplaint *c)
{
  g_autofree char *day = g_date_time_format (kesu_complaint_get_intake (c)->received_at,
                                             "%Y-%m-%d");

  return g_strdup_printf ("%s · %s · %s · %s", kesu_complaint_get_number (c),
                          kesu_complaint_get_intake (c)->customer_name,
                          kesu_state_to_label (kesu_complaint_get_state (c)), day);
}

/* A case merged into another is handled there: say so first, with the way to it. */
static void
add_merged_banner (KesuComplaintView *self,
                   KesuComplaint     *complaint)
{
  gint64 into = kesu_complaint_get_merged_into (complaint);
  g_autoptr(KesuComplaint) target = NULL;
  g_autofree char *text = NULL;
  GtkWidget *banner, *label;

  if (into <= 0 || (target = kesu_store_get_complaint (self->store, into, NULL)) == NULL)
    return;
  /* Translators: %s is the number of the case this one was merged into */
  text = g_strdup_printf (_("Merged into %s: the case is handled there, and its timeline "
                            "shows this one's events too."), kesu_complaint_get_number (target));
  banner = kesu_banner_new ("kesu-returning", "emblem-shared-symbolic", text, &label);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (banner), case_link_new (self, into, _("Open")));
  gtk_box_append (GTK_BOX (self->content), banner);
}

static void
add_linked (KesuComplaintView *self)
{
  g_autoptr(GArray) ids = kesu_store_list_linked (self->store, self->complaint_id, NULL);
  GtkWidget *box, *title_row, *title, *find;

  if (ids == NULL || ids->len == 0)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  title = gtk_label_new (_("Linked Cases"));
  find = gtk_button_new_with_mnemonic (_("Find _Duplicates…"));
  gtk_widget_add_css_class (box, "kesu-form-section");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "kesu-section-title");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (find), "case.find-duplicates");
  gtk_box_append (GTK_BOX (title_row), title);
  gtk_box_append (GTK_BOX (title_row), find);
  gtk_box_append (GTK_BOX (box), title_row);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(KesuComplaint) c = kesu_store_get_complaint (self->store, id, NULL);
      g_autofree char *text = NULL;

      if (c == NULL)
        continue;
      text = case_link_text (c);
      gtk_box_append (GTK_BOX (box), case_link_new (self, id, text));
    }
  gtk_box_append (GTK_BOX (self->content), box);
}

static void reload (KesuComplaintView *self);

static void
approval_done_cb (gboolean approved,
                  gpointer user_data)
{
  KesuComplaintView *self = user_data;

  if (approved && self->store != NULL)
    reload (self);
  g_object_unref (self);
}

static void
approve_clicked_cb (GtkButton         *button,
                    KesuComplaintView *self)
{
  kesu_approval_dialog_run_for (GTK_WINDOW (self), self->store, self->complaint_id, -1,
                                approval_done_cb, g_object_ref (self));
}

/* A case whose amount is beyond its handler's limit and not approved yet says so at the
 * top, with the way to approve it. */
static void
add_approval_banner (KesuComplaintView *self,
                     KesuComplaint     *complaint)
{
  g_autofree char *note = NULL;
  GtkWidget *banner, *button;

  if (kesu_complaint_get_state (complaint) != KESU_STATE_PROPOSING)
    return;
  note = kesu_approval_dup_note (self->store, self->complaint_id, -1);
  if (note == NULL)
    return;
  banner = kesu_banner_new ("kesu-approval-blocked", "dialog-warning-symbolic", note, NULL);
  button = gtk_button_new_with_mnemonic (_("_Approve…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (approve_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (banner), button);
  g_object_set_data (G_OBJECT (banner), "kesu-approval-banner", GINT_TO_POINTER (TRUE));
  gtk_box_append (GTK_BOX (self->content), banner);
}

static void
fill_record (KesuComplaintView  *self,
             KesuComplaint      *complaint,
             const KesuCaseData *handling)
{
  const KesuIntake *in = kesu_complaint_get_intake (complaint);
  g_autofree char *received = g_date_time_format (in->received_at, "%Y-%m-%d %H:%M");
  g_autofree char *mileage = NULL;
  GtkGrid *grid;
  g_autoptr(GPtrArray) signatures = NULL;
  g_autoptr(GError) signatures_error = NULL;

  signatures = kesu_store_list_signatures (self->store, self->complaint_id, &signatures_error);
  add_changed_banner (self, signatures);
  add_merged_banner (self, complaint);
  add_approval_banner (self, complaint);

  /* About a car: what the 三包 rules may give the customer, and by when, comes first. */
  if (is_about_vehicle (in))
    {
      gtk_box_append (GTK_BOX (self->content), self->sanbao_panel);
      kesu_sanbao_panel_reload (KESU_SANBAO_PANEL (self->sanbao_panel));
    }
  add_linked (self);

  /* What the case is about and how far it got come first; who and which car after. */
  grid = add_section (self, _("Intake"));
  add_value (grid, _("Number"), kesu_complaint_get_number (complaint));
  add_value (grid, _("State"), kesu_state_to_label (kesu_complaint_get_state (complaint)));
  add_value (grid, _("Channel"), kesu_channel_to_label (in->channel));
  add_value (grid, _("Received at"), received);
  add_value (grid, _("Received by"), kesu_complaint_get_received_by_name (complaint));
  add_value (grid, _("Category"), kesu_category_to_label (in->category));
  add_value (grid, _("Severity"), kesu_severity_to_label (in->severity));
  add_value (grid, _("Handler"), kesu_complaint_get_handler_name (complaint));

  grid = add_section (self, _("The Complaint"));
  add_value (grid, _("What happened"), in->description);
  add_value (grid, _("When it happened"), in->occurred_on);
  add_value (grid, _("Where it happened"), in->occurred_place);
  add_value (grid, _("What the customer wants"), in->demand);
  add_value (grid, _("Contract / repair order"), in->order_number);
  add_value (grid, _("Staff involved"), in->staff_involved);
  add_value (grid, _("Emotional state"), kesu_emotion_to_label (in->emotion));
  add_value (grid, _("Customer type"), kesu_customer_type_to_label (in->customer_type));

  if (handling != NULL)
    add_handling (self, handling);
  add_signatures (self, signatures, signatures_error);
  add_evidence (self);

  /* Staff see the full number on screen: they must be able to call the customer. */
  grid = add_section (self, _("Customer"));
  add_value (grid, _("Name"), in->customer_name);
  add_value (grid, _("Phone"), in->customer_phone);
  add_value (grid, _("Other contact"), in->customer_other_contact);
  add_value (grid, _("Address"), in->customer_address);

  if (in->mileage != NULL && in->mileage[0] != '\0')
    /* Translators: a distance in kilometres */
    mileage = g_strdup_printf (_("%s km"), in->mileage);
  grid = add_section (self, _("Vehicle"));
  add_value (grid, _("Model"), in->vehicle_model);
  add_value (grid, _("VIN"), in->vin);
  add_value (grid, _("Plate"), in->plate);
  add_value (grid, _("Purchase date"), in->purchase_date);
  add_value (grid, _("Mileage"), mileage);
}

/* ---- the timeline ---- */

static const char *
event_icon_name (KesuEventKind kind)
{
  switch (kind)
    {
    case KESU_EVENT_RECEIVED: return "mail-unread-symbolic";
    case KESU_EVENT_MOVED: return "go-next-symbolic";
    case KESU_EVENT_REOPENED: return "view-refresh-symbolic";
    case KESU_EVENT_ASSIGNED: return "avatar-default-symbolic";
    case KESU_EVENT_NOTE: return "document-edit-symbolic";
    case KESU_EVENT_CONTACT: return "call-start-symbolic";
    case KESU_EVENT_ATTACHMENT: return "mail-attachment-symbolic";
    case KESU_EVENT_WAITING: return "media-playback-pause-symbolic";
    case KESU_EVENT_RESUMED: return "media-playback-start-symbolic";
    case KESU_EVENT_ESCALATED: return "dialog-warning-symbolic";
    case KESU_EVENT_FINDING: return "edit-find-symbolic";
    case KESU_EVENT_SOLUTION: return "emblem-ok-symbolic";
    case KESU_EVENT_SIGNED: return "input-tablet-symbolic";
    case KESU_EVENT_SIGNATURE_DECLINED: return "action-unavailable-symbolic";
    case KESU_EVENT_CORRECTED: return "document-edit-symbolic";
    case KESU_EVENT_SANBAO_FLAGGED: return "dialog-warning-symbolic";
    case KESU_EVENT_SANBAO_CONFIRMED: return "object-select-symbolic";
    case KESU_EVENT_SANBAO_DISMISSED: return "action-unavailable-symbolic";
    case KESU_EVENT_REPAIR: return "applications-engineering-symbolic";
    case KESU_EVENT_LINKED: return "insert-link-symbolic";
    case KESU_EVENT_MERGED: return "emblem-shared-symbolic";
    case KESU_EVENT_APPROVED: return "emblem-ok-symbolic";
    case KESU_EVENT_APPROVAL_REFUSED: return "action-unavailable-symbolic";
    case KESU_N_EVENT_KINDS:
    default: return "document-open-recent-symbolic";
    }
}

static const char *
state_label_or_dash (KesuState state)
{
  return (guint) state < KESU_N_STATES ? kesu_state_to_label (state) : "—";
}

/* One sentence for the event; *out_extra: a line to show under the detail, or NULL. */
static char *
event_sentence (const KesuEvent  *event,
                char            **out_extra)
{
  *out_extra = NULL;

  switch (event->kind)
    {
    case KESU_EVENT_MOVED:
      return g_strdup_printf (_("Moved from “%s” to “%s”"), state_label_or_dash (event->from_state),
                              state_label_or_dash (event->to_state));
    case KESU_EVENT_REOPENED:
      return g_strdup_printf (_("Reopened: back to “%s”"), state_label_or_dash (event->to_state));
    case KESU_EVENT_ASSIGNED:
      if (kesu_text_is_blank (event->ref_staff_name))
        break;
      return g_strdup_printf (_("Handler is now %s"), event->ref_staff_name);
    case KESU_EVENT_CONTACT:
      if (event->ref_time > 0)
        {
          g_autofree char *next = kesu_format_time (event->ref_time);

          *out_extra = g_strdup_printf (_("Next contact: %s"), next);
        }
      if ((guint) event->channel < KESU_N_CHANNELS)
        return g_strdup_printf (_("Contact with the customer (%s)"),
                                kesu_channel_to_label (event->channel));
      break;
    case KESU_EVENT_ATTACHMENT:
      if (kesu_text_is_blank (event->detail))
        break;
      return g_strdup_printf (_("Evidence attached: %s"), event->detail);
    case KESU_EVENT_WAITING:
      return g_strdup (_("Waiting: the deadline clock is stopped"));
    case KESU_EVENT_RESUMED:
      return g_strdup (_("Resumed: the deadline clock runs again"));
    case KESU_EVENT_ESCALATED:
      if (kesu_text_is_blank (event->ref_staff_name))
        break;
      return g_strdup_printf (_("Escalated to %s"), event->ref_staff_name);
    case KESU_EVENT_SIGNED:
      {
        KesuSignaturePurpose purpose;

        if (!kesu_signature_purpose_from_key (event->detail, &purpose))
          break;
        if (purpose == KESU_SIGNATURE_AGREEMENT_BRANCH)
          /* Translators: on the timeline; the purpose, e.g. "Solution agreement (branch)" */
          return g_strdup_printf (_("Signed for the branch: %s"),
                                  kesu_signature_purpose_to_label (purpose));
        /* Translators: on the timeline; the purpose, e.g. "Intake record" */
        return g_strdup_printf (_("The customer signed on screen: %s"),
                                kesu_signature_purpose_to_label (purpose));
      }
    case KESU_EVENT_SIGNATURE_DECLINED:
      return g_strdup (_("The customer declined to sign"));
    case KESU_EVENT_CORRECTED:
      return g_strdup (_("Details corrected"));
    case KESU_EVENT_LINKED:
      if (kesu_text_is_blank (event->detail))
        break;
      /* Translators: on the timeline; %s is another case's number */
      return g_strdup_printf (_("Linked to %s"), event->detail);
    case KESU_EVENT_MERGED:
      if (kesu_text_is_blank (event->detail))
        break;
      /* Translators: on the timeline; %s is the number of the case merged into this one */
      return g_strdup_printf (_("Merged in: %s"), event->detail);
    case KESU_EVENT_APPROVED:
      if (kesu_text_is_blank (event->detail))
        break;
      /* Translators: on the timeline; the amount approved, "¥8,000.00" */
      return g_strdup_printf (_("Amount approved: %s"), event->detail);
    case KESU_EVENT_APPROVAL_REFUSED:
      return g_strdup (_("Approval refused (the reason is below)"));
    case KESU_EVENT_RECEIVED:
    case KESU_EVENT_NOTE:
    case KESU_EVENT_FINDING:
    case KESU_EVENT_SOLUTION:
    case KESU_N_EVENT_KINDS:
    default:
      break;
    }
  if ((guint) event->kind < KESU_N_EVENT_KINDS)
    return g_strdup (kesu_event_kind_to_label (event->kind));
  return g_strdup ("—");
}

static GtkWidget *
event_row (const KesuEvent *event,
           const char      *from_number)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *icon = gtk_image_new_from_icon_name (event_icon_name (event->kind));
  g_autofree char *extra = NULL;
  g_autofree char *sentence = event_sentence (event, &extra);
  g_autofree char *when = kesu_format_time (event->at);
  g_autofree char *meta = NULL;
  GtkWidget *label;
  const char *who;

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_widget_add_css_class (icon, "dim-label");
  if (event->kind == KESU_EVENT_ESCALATED || event->kind == KESU_EVENT_REOPENED
      || event->kind == KESU_EVENT_CORRECTED || event->kind == KESU_EVENT_SANBAO_FLAGGED
      || event->kind == KESU_EVENT_APPROVAL_REFUSED)
    gtk_widget_add_css_class (icon, "kesu-severity-important");
  gtk_box_append (GTK_BOX (box), icon);

  label = kesu_wrapped_label_new (sentence);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (text), label);
  g_object_set_data_full (G_OBJECT (row), "kesu-sentence", g_strdup (sentence), g_free);

  /* A signature's detail is its purpose's key, already in the sentence. */
  if (!kesu_text_is_blank (event->detail) && event->kind != KESU_EVENT_ATTACHMENT
      && event->kind != KESU_EVENT_SIGNED && event->kind != KESU_EVENT_LINKED
      && event->kind != KESU_EVENT_MERGED && event->kind != KESU_EVENT_APPROVED)
    {
      label = kesu_wrapped_label_new (event->detail);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (text), label);
    }
  if (extra != NULL)
    gtk_box_append (GTK_BOX (text), kesu_wrapped_label_new (extra));

  /* Kesu itself acts too: escalations when a deadline passes. */
  who = !kesu_text_is_blank (event->staff_name) ? event->staff_name : _("Kesu");
  if (from_number != NULL)
    /* Translators: the time, who, and the number of the merged case it was recorded on */
    meta = g_strdup_printf (_("%s · %s · on %s"), when, who, from_number);
  else
    meta = g_strdup_printf ("%s · %s", when, who);
  label = kesu_wrapped_label_new (meta);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (text), label);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* Newest first: the handler opens the case to see what happened last. */
static void
fill_timeline (KesuComplaintView *self,
               GPtrArray         *events,
               const GError      *error)
{
  g_autoptr(GHashTable) numbers = NULL;

  kesu_remove_children (self->timeline_list);

  if (events == NULL)
    {
      GtkWidget *label = kesu_wrapped_label_new (error != NULL ? error->message : "");

      gtk_widget_add_css_class (label, "kesu-field-error");
      gtk_list_box_append (GTK_LIST_BOX (self->timeline_list), label);
      return;
    }
  /* A case merged in brings its events along: each says which case it was recorded on. */
  numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = events->len; i > 0; i--)
    {
      const KesuEvent *e = g_ptr_array_index (events, i - 1);
      const char *from = NULL;

      if (e->complaint_id > 0 && e->complaint_id != self->complaint_id)
        {
          from = g_hash_table_lookup (numbers, &e->complaint_id);
          if (from == NULL)
            {
              g_autoptr(KesuComplaint) c = kesu_store_get_complaint (self->store,
                                                                     e->complaint_id, NULL);
              char *number = g_strdup (c != NULL ? kesu_complaint_get_number (c) : "—");

              g_hash_table_insert (numbers, g_memdup2 (&e->complaint_id, sizeof (gint64)),
                                   number);
              from = number;
            }
        }
      gtk_list_box_append (GTK_LIST_BOX (self->timeline_list), event_row (e, from));
    }
}

/* ---- the status line and the actions ---- */

static void
set_status_label (GtkLabel   *label,
                  const char *text,
                  const char *css_class)
{
  const char *const classes[] = { "kesu-severity-urgent", "kesu-severity-important",
                                  "dim-label" };

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
}

static void
fill_status (KesuComplaintView *self,
             KesuComplaint     *complaint,
             GPtrArray         *events)
{
  const KesuIntake *in = kesu_complaint_get_intake (complaint);
  gint64 now = kesu_clock_now_unix ();
  g_autofree char *due = kesu_complaint_dup_due_text (complaint, now);
  g_autofree char *severity = NULL;
  g_autofree char *handler = NULL;
  g_autofree char *next_text = NULL;
  const char *next_class = NULL;
  gint64 next_contact = 0;
  gboolean open = kesu_state_is_open (self->state);

  set_status_label (self->state_label, kesu_state_to_label (self->state), NULL);

  /* Translators: the severity of a complaint, in the case window's status line */
  severity = g_strdup_printf (_("Severity: %s"), kesu_severity_to_label (in->severity));
  set_status_label (self->severity_label, severity,
                    in->severity == KESU_SEVERITY_URGENT ? "kesu-severity-urgent"
                    : in->severity == KESU_SEVERITY_IMPORTANT ? "kesu-severity-important"
                    : NULL);

  /* The legal clock (Art. 28) named when it is the nearest deadline, as on the board. */
  if (due != NULL && due[0] != '\0' && kesu_complaint_get_sanbao_due (complaint) > 0
      && kesu_complaint_get_sanbao_due (complaint) == kesu_complaint_get_next_due (complaint))
    {
      g_autofree char *plain = g_steal_pointer (&due);

      if (kesu_complaint_get_sanbao_due (complaint)
          == kesu_complaint_get_sanbao_answer_due (complaint))
        /* Translators: on a board card; %s is "due in 3 d" or "overdue 5 h" */
        due = g_strdup_printf (_("三包 answer %s"), plain);
      else
        /* Translators: on a board card; %s is "due in 3 d" or "overdue 5 h" */
        due = g_strdup_printf (_("三包 completion %s"), plain);
    }
  if (kesu_complaint_is_escalated (complaint) && open)
    {
      g_autofree char *plain = g_steal_pointer (&due);

      /* Translators: "overdue 3 h · escalated" */
      due = g_strdup_printf (_("%s · escalated"), plain != NULL && plain[0] != '\0'
                                                  ? plain : _("Overdue"));
    }
  set_status_label (self->due_label, open ? due : NULL,
                    kesu_complaint_is_overdue (complaint) ? "kesu-severity-urgent" : NULL);

  /* The customer was told when they will hear next: keep that promise in sight. */
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      KesuEvent *e = g_ptr_array_index (events, i);

      if (e->kind == KESU_EVENT_CONTACT && e->ref_time > 0)
        next_contact = e->ref_time;
    }
  if (open && next_contact > 0)
    {
      g_autofree char *when = kesu_format_time (next_contact);

      if (next_contact < now)
        {
          next_text = g_strdup_printf (_("Next contact was due %s"), when);
          next_class = "kesu-severity-urgent";
        }
      else
        next_text = g_strdup_printf (_("Next contact: %s"), when);
    }
  set_status_label (self->next_contact_label, next_text, next_class);

  if (!kesu_text_is_blank (kesu_complaint_get_handler_name (complaint)))
    handler = g_strdup_printf (_("Handler: %s"), kesu_complaint_get_handler_name (complaint));
  set_status_label (self->handler_label, handler, "dim-label");
}

static gboolean
is_waiting (KesuComplaint *complaint,
            GPtrArray     *events)
{
  gboolean waiting = FALSE;

  if (kesu_complaint_is_waiting (complaint))
    return TRUE;
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      KesuEvent *e = g_ptr_array_index (events, i);

      if (e->kind == KESU_EVENT_WAITING)
        waiting = TRUE;
      else if (e->kind == KESU_EVENT_RESUMED)
        waiting = FALSE;
    }
  return waiting;
}

/* One button per next step, the main one last (rightmost) and suggested, withdrawing
 * first and destructive. */
static void
fill_moves (KesuComplaintView *self)
{
  g_autoptr(GArray) targets = kesu_workflow_targets (self->state);
  KesuState main_target = KESU_N_STATES;
  GtkWidget *main_button = NULL;

  kesu_remove_children (self->move_box);

  for (guint i = 0; i < targets->len; i++)
    {
      KesuState to = g_array_index (targets, KesuState, i);

      if (to > self->state && to != KESU_STATE_WITHDRAWN)
        {
          main_target = to;
          break;
        }
    }

  for (guint i = 0; i < targets->len; i++)
    {
      KesuState to = g_array_index (targets, KesuState, i);
      GtkWidget *button = gtk_button_new_with_label (kesu_workflow_move_label (self->state, to));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.move");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (gint32) to);
      if (to == main_target)
        {
          gtk_widget_add_css_class (button, "suggested-action");
          main_button = button;
          continue;
        }
      if (to == KESU_STATE_WITHDRAWN)
        {
          gtk_widget_add_css_class (button, "destructive-action");
          gtk_box_prepend (GTK_BOX (self->move_box), button);
        }
      else
        gtk_box_append (GTK_BOX (self->move_box), button);
    }
  if (main_button != NULL)
    gtk_box_append (GTK_BOX (self->move_box), main_button);
}

static GtkAdjustment *
vadjustment (GtkWidget *scroller)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

static gboolean
restore_scroll_cb (gpointer user_data)
{
  KesuComplaintView *self = user_data;

  self->restore_scroll_id = 0;
  gtk_adjustment_set_value (vadjustment (self->record_scroller), self->record_scroll);
  gtk_adjustment_set_value (vadjustment (self->timeline_scroller), self->timeline_scroll);
  return G_SOURCE_REMOVE;
}

static void
reload (KesuComplaintView *self)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(KesuCaseData) handling = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) events_error = NULL;
  g_autofree char *subtitle = NULL;
  gboolean open, waiting;

  complaint = kesu_store_get_complaint (self->store, self->complaint_id, &error);
  if (complaint == NULL)
    {
      /* What is on screen stays; the status line says why it is not current. */
      set_status_label (self->due_label, error->message, "kesu-severity-urgent");
      return;
    }
  self->state = kesu_complaint_get_state (complaint);
  self->channel = kesu_complaint_get_intake (complaint)->channel;
  self->handler_id = kesu_complaint_get_intake (complaint)->handler_id;

  /* Without the handling facts the record still shows what it can. */
  handling = kesu_store_get_case_data (self->store, self->complaint_id, NULL);
  if (handling != NULL && handling->handler_id > 0)
    self->handler_id = handling->handler_id;
  events = kesu_store_list_events (self->store, self->complaint_id, &events_error);

  gtk_label_set_text (self->title_label, kesu_complaint_get_number (complaint));
  subtitle = g_strdup_printf ("%s · %s", kesu_complaint_get_intake (complaint)->customer_name,
                              kesu_state_to_label (self->state));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), kesu_complaint_get_number (complaint));

  /* A reload after each change must not throw the reader back to the top. */
  self->record_scroll = gtk_adjustment_get_value (vadjustment (self->record_scroller));
  self->timeline_scroll = gtk_adjustment_get_value (vadjustment (self->timeline_scroller));
  kesu_remove_children (self->content);
  fill_record (self, complaint, handling);
  fill_timeline (self, events, events_error);
  fill_status (self, complaint, events);
  fill_moves (self);
  if (self->restore_scroll_id == 0 && (self->record_scroll > 0 || self->timeline_scroll > 0))
    self->restore_scroll_id = g_idle_add (restore_scroll_cb, self);

  open = kesu_state_is_open (self->state);
  waiting = is_waiting (complaint, events);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.reassign", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.wait", open && !waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.resume", open && waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.correct", may_correct (self));
}

static void
store_complaints_changed_cb (KesuComplaintView *self,
                             KesuStore         *store)
{
  reload (self);
}

/* ---- the small dialogs: note, contact, waiting, reassign ---- */

static ActionDialog *
action_dialog_get (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "kesu-action-dialog");
}

static void
action_dialog_free (ActionDialog *ad)
{
  g_clear_pointer (&ad->staff_ids, g_array_unref);
  g_free (ad);
}

static gint64
action_staff (ActionDialog *ad)
{
  return kesu_staff_ids_get (ad->staff_ids,
                             gtk_drop_down_get_selected (GTK_DROP_DOWN (ad->staff_dropdown)));
}

static guint
action_dialog_revalidate (ActionDialog *ad)
{
  guint n_problems = 0;

  if (ad->text_view != NULL)
    {
      g_autofree char *text = kesu_input_dup_text (ad->text_view);
      g_autoptr(GError) error = NULL;
      const char *problem = NULL;

      if (!kesu_validate_text (text, KESU_TEXT_MAX_CHARS, TRUE, &error))
        problem = error->message;
      n_problems += problem != NULL;
      kesu_show_field_problem (ad->text_error, gtk_widget_get_parent (ad->text_view),
                               ad->text_touched || ad->show_all_problems ? problem : NULL);
    }
  if (ad->next_entry != NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *problem = NULL;

      if (!kesu_validate_datetime (gtk_editable_get_text (GTK_EDITABLE (ad->next_entry)), NULL,
                                   &error))
        problem = error->message;
      n_problems += problem != NULL;
      kesu_show_field_problem (ad->next_error, ad->next_entry,
                               ad->next_touched || ad->show_all_problems ? problem : NULL);
    }
  if (ad->staff_dropdown != NULL)
    {
      const char *problem = action_staff (ad) > 0 ? NULL : _("A handler must be assigned.");

      n_problems += problem != NULL;
      kesu_show_field_problem (ad->staff_error, ad->staff_dropdown,
                               ad->staff_touched || ad->show_all_problems ? problem : NULL);
    }
  return n_problems;
}

static void
action_text_changed_cb (GtkTextBuffer *buffer,
                        GtkWidget     *window)
{
  ActionDialog *ad = action_dialog_get (window);

  ad->text_touched = TRUE;
  action_dialog_revalidate (ad);
}

static void
action_next_changed_cb (GtkEditable *editable,
                        GtkWidget   *window)
{
  ActionDialog *ad = action_dialog_get (window);

  ad->next_touched = TRUE;
  action_dialog_revalidate (ad);
}

static void
action_staff_changed_cb (GtkDropDown *dropdown,
                         GParamSpec  *pspec,
                         GtkWidget   *window)
{
  ActionDialog *ad = action_dialog_get (window);

  ad->staff_touched = TRUE;
  action_dialog_revalidate (ad);
}

static gboolean
action_dialog_submit (ActionDialog *ad)
{
  KesuComplaintView *self = ad->view;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = FALSE;

  ad->show_all_problems = TRUE;
  if (action_dialog_revalidate (ad) > 0)
    return FALSE;

  if (ad->text_view != NULL)
    text = kesu_input_dup_text (ad->text_view);

  switch (ad->kind)
    {
    case ACTION_NOTE:
      ok = kesu_store_add_note (self->store, self->complaint_id, text, &error);
      break;
    case ACTION_CONTACT:
      {
        g_autoptr(GDateTime) next = NULL;

        kesu_validate_datetime (gtk_editable_get_text (GTK_EDITABLE (ad->next_entry)), &next,
                                NULL);
        ok = kesu_store_record_contact (self->store, self->complaint_id,
                                        gtk_drop_down_get_selected (
                                          GTK_DROP_DOWN (ad->channel_dropdown)),
                                        text, next != NULL ? g_date_time_to_unix (next) : 0,
                                        &error);
      }
      break;
    case ACTION_WAIT:
      ok = kesu_store_set_waiting (self->store, self->complaint_id, TRUE, text, &error);
      break;
    case ACTION_REASSIGN:
      ok = kesu_store_assign (self->store, self->complaint_id, action_staff (ad), &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      /* What was typed stays, with the store's reason above it. */
      gtk_label_set_text (GTK_LABEL (ad->error_label), error->message);
      gtk_widget_set_visible (ad->error_box, TRUE);
      return FALSE;
    }
  gtk_window_destroy (GTK_WINDOW (ad->window));
  return TRUE;
}

static void
action_confirm_clicked_cb (GtkButton *button,
                           GtkWidget *window)
{
  action_dialog_submit (action_dialog_get (window));
}

static gboolean
action_confirm_shortcut_cb (GtkWidget *window,
                            GVariant  *args,
                            gpointer   user_data)
{
  action_dialog_submit (action_dialog_get (window));
  return TRUE;
}

static void
action_dialog_destroy_cb (GtkWidget         *window,
                          KesuComplaintView *self)
{
  if (self->action_dialog == GTK_WINDOW (window))
    self->action_dialog = NULL;
}

/* When the customer will hear next, unless the user says otherwise: tomorrow morning. */
static char *
default_next_contact (void)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  return g_strdup_printf ("%04d-%02d-%02d 10:00", g_date_time_get_year (tomorrow),
                          g_date_time_get_month (tomorrow),
                          g_date_time_get_day_of_month (tomorrow));
}

static void
open_action_dialog (KesuComplaintView *self,
                    ActionKind         kind)
{
  ActionDialog *ad = g_new0 (ActionDialog, 1);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *confirm = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro = NULL;
  GtkWidget *grid = gtk_grid_new ();
  GtkEventController *shortcuts;
  const char *title = NULL, *confirm_label = NULL, *intro_text = NULL;
  int next = 0;

  if (self->action_dialog != NULL)
    gtk_window_destroy (self->action_dialog);

  ad->view = self;
  ad->kind = kind;
  ad->window = window;
  g_object_set_data_full (G_OBJECT (window), "kesu-action-dialog", ad,
                          (GDestroyNotify) action_dialog_free);

  switch (kind)
    {
    case ACTION_NOTE:
      title = _("Add Note");
      confirm_label = _("_Add Note");
      intro_text = _("The note goes on the case's timeline, for everyone who handles it.");
      break;
    case ACTION_CONTACT:
      title = _("Record Contact");
      confirm_label = _("_Record");
      intro_text = _("Tell the customer of every change, and when they will hear next.");
      break;
    case ACTION_WAIT:
      title = _("Waiting");
      confirm_label = _("_Start Waiting");
      intro_text = _("While the case waits on the customer or on parts, its deadline clock "
                     "stops until you resume it.");
      break;
    case ACTION_REASSIGN:
      title = _("Reassign");
      confirm_label = _("_Reassign");
      intro_text = _("One owner per complaint: the new handler owns the case until it is "
                     "closed.");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, -1);
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_window_set_titlebar (GTK_WINDOW (window), header);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  confirm = gtk_button_new_with_mnemonic (confirm_label);
  gtk_widget_add_css_class (confirm, "suggested-action");
  g_signal_connect_object (confirm, "clicked", G_CALLBACK (action_confirm_clicked_cb), window, 0);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), confirm);
  gtk_window_set_default_widget (GTK_WINDOW (window), confirm);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  /* Return in a multi-line field starts a new line; Ctrl+Return confirms from anywhere. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (
                                                            GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (
                                                            action_confirm_shortcut_cb,
                                                            NULL, NULL)));
  /* Before the text view, which would take Ctrl+Return as a new line. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (window, shortcuts);

  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  intro = kesu_wrapped_label_new (intro_text);
  gtk_label_set_max_width_chars (GTK_LABEL (intro), 50);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (box), intro);

  ad->error_box = kesu_error_box_new (&ad->error_label);
  gtk_label_set_wrap_mode (GTK_LABEL (ad->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (ad->error_label), TRUE);
  gtk_box_append (GTK_BOX (box), ad->error_box);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_box_append (GTK_BOX (box), grid);

  if (kind == ACTION_CONTACT)
    {
      g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
      g_autofree char *next_text = default_next_contact ();
      GtkWidget *scrolled, *shown;

      for (guint i = 0; i < KESU_N_CHANNELS; i++)
        gtk_string_list_append (channels, kesu_channel_to_label (i));
      ad->channel_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&channels)), NULL);
      /* Customers who wrote are answered in writing; everyone else is called. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (ad->channel_dropdown),
                                  self->channel == KESU_CHANNEL_WECHAT
                                  || self->channel == KESU_CHANNEL_EMAIL
                                  ? self->channel : KESU_CHANNEL_PHONE);
      gtk_widget_set_hexpand (ad->channel_dropdown, TRUE);
      kesu_form_grid_add_row (GTK_GRID (grid), &next, _("How *"), ad->channel_dropdown,
                              ad->channel_dropdown, FALSE);

      scrolled = kesu_text_input_new (96, &ad->text_view);
      ad->text_error = kesu_form_grid_add_row (GTK_GRID (grid), &next, _("What they were told *"),
                                               scrolled, ad->text_view, TRUE);

      /* A day picked before any time is typed: 10:00, as default_next_contact () says. */
      shown = kesu_datetime_input_new (10, &ad->next_entry);
      gtk_entry_set_activates_default (GTK_ENTRY (ad->next_entry), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (ad->next_entry), next_text);
      gtk_entry_set_placeholder_text (GTK_ENTRY (ad->next_entry), _("YYYY-MM-DD HH:MM"));
      ad->next_error = kesu_form_grid_add_row (GTK_GRID (grid), &next, _("Next contact *"),
                                               shown, ad->next_entry, FALSE);
      g_signal_connect_object (ad->next_entry, "changed", G_CALLBACK (action_next_changed_cb),
                               window, 0);
    }
  else if (kind == ACTION_REASSIGN)
    {
      GtkStringList *names = kesu_staff_names_new (self->store, _("Choose a handler…"),
                                                   &ad->staff_ids);
      guint selected = 0;

      kesu_staff_ids_find (ad->staff_ids, self->handler_id, &selected);
      ad->staff_dropdown = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (ad->staff_dropdown), selected);
      gtk_widget_set_hexpand (ad->staff_dropdown, TRUE);
      ad->staff_error = kesu_form_grid_add_row (GTK_GRID (grid), &next, _("New handler *"),
                                                ad->staff_dropdown, ad->staff_dropdown, FALSE);
      g_signal_connect_object (ad->staff_dropdown, "notify::selected",
                               G_CALLBACK (action_staff_changed_cb), window, 0);
    }
  else
    {
      GtkWidget *scrolled = kesu_text_input_new (96, &ad->text_view);

      ad->text_error = kesu_form_grid_add_row (GTK_GRID (grid), &next,
                                               kind == ACTION_NOTE ? _("Note *")
                                                                   : _("Waiting on *"),
                                               scrolled, ad->text_view, TRUE);
    }
  if (ad->text_view != NULL)
    g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (ad->text_view)),
                             "changed", G_CALLBACK (action_text_changed_cb), window, 0);

  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect_object (window, "destroy", G_CALLBACK (action_dialog_destroy_cb), self, 0);
  self->action_dialog = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  if (ad->text_view != NULL)
    gtk_widget_grab_focus (ad->text_view);
  else if (ad->staff_dropdown != NULL)
    gtk_widget_grab_focus (ad->staff_dropdown);
}

/* ---- actions ---- */

static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_action_dialog (KESU_COMPLAINT_VIEW (widget), ACTION_NOTE);
}

static void
contact_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_action_dialog (KESU_COMPLAINT_VIEW (widget), ACTION_CONTACT);
}

static void
wait_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_action_dialog (KESU_COMPLAINT_VIEW (widget), ACTION_WAIT);
}

static void
reassign_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_action_dialog (KESU_COMPLAINT_VIEW (widget), ACTION_REASSIGN);
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);

  /* The window reloads on the store's signal when the correction is saved. */
  kesu_correct_dialog_present (GTK_WINDOW (self), self->store, self->complaint_id);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!kesu_store_set_waiting (self->store, self->complaint_id, FALSE, NULL, &error))
    kesu_show_error (GTK_WINDOW (self), _("The case was not resumed"), error->message);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);
  int to = g_variant_get_int32 (parameter);

  if (to < 0 || to >= KESU_N_STATES)
    return;
  /* The window reloads on the store's signal; nothing to do when the move is done. */
  kesu_move_start (GTK_WINDOW (self), self->store, self->complaint_id, to, NULL, NULL);
}

gboolean
_kesu_complaint_view_attach_file (KesuComplaintView  *self,
                                  GFile              *file,
                                  GError            **error)
{
  g_autoptr(KesuAttachment) attachment = NULL;

  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  attachment = kesu_attachment_new_from_file_full (
    file, (gsize) kesu_store_get_attachment_limit (self->store) * 1024 * 1024, error);
  if (attachment == NULL)
    return FALSE;
  return kesu_store_add_attachment (self->store, self->complaint_id, attachment, error) > 0;
}

static void
attach_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    KesuComplaintView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GString) problems = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autoptr(GError) error = NULL;

          if (!_kesu_complaint_view_attach_file (self, file, &error))
            {
              g_autofree char *name = g_file_get_basename (file);

              if (problems->len > 0)
                g_string_append_c (problems, '\n');
              /* Translators: a file name, then why it was not attached */
              g_string_append_printf (problems, _("%s: %s"), name, error->message);
            }
        }
      if (problems->len > 0)
        kesu_show_error (GTK_WINDOW (self), _("Some files were not attached"), problems->str);
    }
  g_object_unref (dialog);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);
  GtkFileChooserNative *chooser = kesu_evidence_chooser_new (GTK_WINDOW (self));

  g_signal_connect_object (chooser, "response", G_CALLBACK (attach_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);

  kesu_print_complaint (GTK_WINDOW (self), self->store, self->complaint_id,
                        g_str_equal (action_name, "case.print-agreement")
                        ? KESU_PRINT_AGREEMENT : KESU_PRINT_RECEIPT);
}

/* A manager records what the branch will change so that complaints like this one stop:
 * the new-action form, linked to this complaint. */
static void
improvement_action_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);

  gtk_window_present (kesu_action_form_new (GTK_WINDOW (self), self->store,
                                            &self->complaint_id, 1));
}

static void
duplicates_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (widget);

  /* The window reloads on the store's signal when a case is linked or merged. */
  gtk_window_present (GTK_WINDOW (kesu_duplicates_dialog_new (GTK_WINDOW (self), self->store,
                                                              self->complaint_id)));
}

/* ---- layout ---- */

static void
update_layout (KesuComplaintView *self)
{
  int width = 0, height = 0;
  GtkOrientation orientation;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0)
    return;
  orientation = width < NARROW_WIDTH ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == orientation)
    return;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    gtk_paned_set_position (self->paned, width * 57 / 100);
  else if (height > 0)
    gtk_paned_set_position (self->paned, height * 55 / 100);
}

static void
default_size_changed_cb (KesuComplaintView *self,
                         GParamSpec        *pspec,
                         gpointer           user_data)
{
  update_layout (self);
}

/* ---- GObject ---- */

static void
kesu_complaint_view_dispose (GObject *object)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (object);

  if (self->action_dialog != NULL)
    gtk_window_destroy (self->action_dialog);
  g_clear_handle_id (&self->restore_scroll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KESU_TYPE_COMPLAINT_VIEW);
  g_clear_object (&self->sanbao_panel);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_complaint_view_parent_class)->dispose (object);
}

static void
kesu_complaint_view_finalize (GObject *object)
{
  KesuComplaintView *self = KESU_COMPLAINT_VIEW (object);

  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (kesu_complaint_view_parent_class)->finalize (object);
}

static void
kesu_complaint_view_class_init (KesuComplaintViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kesu_complaint_view_dispose;
  object_class->finalize = kesu_complaint_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/kesu-complaint-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, state_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, severity_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, due_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, next_contact_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, handler_label);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, paned);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, record_scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, content);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, move_box);
  gtk_widget_class_bind_template_child (widget_class, KesuComplaintView, contact_button);

  gtk_widget_class_install_action (widget_class, "case.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "case.note", NULL, note_action);
  gtk_widget_class_install_action (widget_class, "case.contact", NULL, contact_action);
  gtk_widget_class_install_action (widget_class, "case.wait", NULL, wait_action);
  gtk_widget_class_install_action (widget_class, "case.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "case.reassign", NULL, reassign_action);
  gtk_widget_class_install_action (widget_class, "case.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "case.correct", NULL, correct_action);
  gtk_widget_class_install_action (widget_class, "case.print-receipt", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "case.print-agreement", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "case.improvement-action", NULL,
                                   improvement_action_action);
  gtk_widget_class_install_action (widget_class, "case.find-duplicates", NULL,
                                   duplicates_action);
  /* Not kept in the struct: read once in init to add the item below. */
  gtk_widget_class_bind_template_child_full (widget_class, "more_menu", FALSE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kesu_complaint_view_init (KesuComplaintView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_size_changed_cb), NULL);
  self->sanbao_panel = g_object_ref_sink (kesu_sanbao_panel_new ());

  {
    GMenu *more = G_MENU (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                         KESU_TYPE_COMPLAINT_VIEW, "more_menu"));
    g_autoptr(GMenu) section = g_menu_new ();

    g_menu_append (section, _("_Improvement Action…"), "case.improvement-action");
    g_menu_append (section, _("Find _Duplicates…"), "case.find-duplicates");
    g_menu_append_section (more, NULL, G_MENU_MODEL (section));
  }
}

KesuComplaintView *
kesu_complaint_view_present (GtkWindow *parent,
                             KesuStore *store,
                             gint64     complaint_id)
{
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;
  KesuComplaintView *self;

  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  /* One window per case: opening it again brings the open one forward. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (KESU_IS_COMPLAINT_VIEW (window)
            && KESU_COMPLAINT_VIEW (window)->store == store
            && KESU_COMPLAINT_VIEW (window)->complaint_id == complaint_id)
          {
            gtk_window_present (GTK_WINDOW (window));
            return KESU_COMPLAINT_VIEW (window);
          }
      }
  }

  complaint = kesu_store_get_complaint (store, complaint_id, &error);
  if (complaint == NULL)
    {
      kesu_show_error (parent, _("The complaint cannot be shown"), error->message);
      return NULL;
    }

  self = g_object_new (KESU_TYPE_COMPLAINT_VIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = complaint_id;
  g_signal_connect_object (store, "complaints-changed",
                           G_CALLBACK (store_complaints_changed_cb), self, G_CONNECT_SWAPPED);
  kesu_sanbao_panel_set_complaint (KESU_SANBAO_PANEL (self->sanbao_panel), store, complaint_id);
  reload (self);
  update_layout (self);
  /* Focus on the most frequent step: the first selectable value would otherwise take it
   * and select its text; the move buttons could change the case on a stray Enter. */
  gtk_window_set_focus (GTK_WINDOW (self), self->contact_button);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/* ---- for tests ---- */

guint
_kesu_complaint_view_get_n_timeline_rows (KesuComplaintView *self)
{
  guint n = 0;

  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (self->timeline_list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "kesu-sentence") != NULL)
      n++;
  return n;
}

char *
_kesu_complaint_view_dup_timeline_text (KesuComplaintView *self,
                                        guint              position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), NULL);

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->timeline_list), position);
  if (row == NULL)
    return NULL;
  return g_strdup (g_object_get_data (G_OBJECT (row), "kesu-sentence"));
}

GtkWindow *
_kesu_complaint_view_get_action_dialog (KesuComplaintView *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), NULL);
  return self->action_dialog;
}

gboolean
_kesu_complaint_view_submit_action_dialog (KesuComplaintView *self,
                                           const char        *text,
                                           gint64             staff_id)
{
  ActionDialog *ad;
  guint position;

  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), FALSE);
  g_return_val_if_fail (self->action_dialog != NULL, FALSE);

  ad = action_dialog_get (GTK_WIDGET (self->action_dialog));
  if (ad->text_view != NULL && text != NULL)
    kesu_input_set_text (ad->text_view, text);
  if (ad->staff_dropdown != NULL && staff_id > 0
      && kesu_staff_ids_find (ad->staff_ids, staff_id, &position))
    gtk_drop_down_set_selected (GTK_DROP_DOWN (ad->staff_dropdown), position);
  return action_dialog_submit (ad);
}

GFile *
_kesu_complaint_view_write_evidence_copy (KesuComplaintView  *self,
                                          guint               position,
                                          GError            **error)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), NULL);
  g_return_val_if_fail (self->attachments != NULL && position < self->attachments->len, NULL);

  return write_evidence_copy (g_ptr_array_index (self->attachments, position), error);
}

gboolean
_kesu_complaint_view_shows_changed_banner (KesuComplaintView *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (self->content); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "kesu-changed-banner") != NULL)
      return TRUE;
  return FALSE;
}

GtkWidget *
_kesu_complaint_view_get_sanbao_panel (KesuComplaintView *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), NULL);
  return self->sanbao_panel;
}

static void
collect_links (GtkWidget *widget,
               GString   *text)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "kesu-case-link"))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (widget));

      if (GTK_IS_LABEL (label))
        g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (label)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_links (child, text);
}

char *
_kesu_complaint_view_dup_linked_text (KesuComplaintView *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), NULL);
  collect_links (self->content, text);
  return g_string_free (text, FALSE);
}

gboolean
_kesu_complaint_view_shows_approval_banner (KesuComplaintView *self)
{
  g_return_val_if_fail (KESU_IS_COMPLAINT_VIEW (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (self->content); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "kesu-approval-banner") != NULL)
      return TRUE;
  return FALSE;
}
