/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-complaint-view-private.h"
#include "kesu-correct-dialog.h"
#include "kesu-error.h"
#include "kesu-intake-page-private.h"
#include "kesu-review-page.h"
#include "kesu-signature-pad.h"
#include "kesu-test-util.h"
#include "kesu-window.h"

typedef struct
{
  char       *dir;
  KesuStore  *store;
  KesuWindow *window;
  gint64      staff_id;
  gint64      handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kesu_test_set_clock (kesu_test_local_unix (2026, 11, 24, 10, 0));
  f->store = kesu_test_store_new ("kesu-sign", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  &f->staff_id, &f->handler_id);
  f->window = kesu_test_window_new (f->store, "intake");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_close_messages ();
  kesu_test_tear_down (GTK_WINDOW (f->window), &f->store, &f->dir, NULL);
}

/* ---- strokes ---- */

/* A name-like scribble: three strokes across the pad. */
static void
sign_name (KesuSignaturePad *pad)
{
  KesuStrokePoint first[24], second[16], third[30];

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    first[i] = (KesuStrokePoint) { 0.10 + 0.015 * i, 0.55 - 0.2 * sin (i * 0.5), 1.0, i * 16 };
  for (guint i = 0; i < G_N_ELEMENTS (second); i++)
    second[i] = (KesuStrokePoint) { 0.35 + 0.005 * i, 0.25 + 0.035 * i, 1.0, i * 16 };
  for (guint i = 0; i < G_N_ELEMENTS (third); i++)
    third[i] = (KesuStrokePoint) { 0.45 + 0.016 * i, 0.6 + 0.12 * cos (i * 0.7), 1.0, i * 16 };
  _kesu_signature_pad_feed_stroke (pad, first, G_N_ELEMENTS (first));
  _kesu_signature_pad_feed_stroke (pad, second, G_N_ELEMENTS (second));
  _kesu_signature_pad_feed_stroke (pad, third, G_N_ELEMENTS (third));
  kesu_test_flush_events ();
}

/* How many pixels of @png are ink: visible and not white. */
typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static guint
count_ink (GBytes *png)
{
  PngReader reader = { NULL, 0, 0 };
  cairo_surface_t *surface;
  guint n = 0;
  int width, height, stride;
  const guint8 *pixels;

  reader.data = g_bytes_get_data (png, &reader.size);
  surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  stride = cairo_image_surface_get_stride (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = *(const guint32 *) (pixels + y * stride + x * 4);
        guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (a > 128 && (r < 200 || g < 200 || b < 200))
          n++;
      }
  cairo_surface_destroy (surface);
  return n;
}

static void
test_pad_gestures (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pad = kesu_signature_pad_new ();
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) empty_png = NULL;
  g_autoptr(GPtrArray) copy = NULL;
  g_autoptr(GError) error = NULL;
  KesuStrokePoint dot[] = { { 0.5, 0.5, 1, 0 }, { 0.502, 0.5, 1, 10 } };

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 240);
  gtk_window_set_child (GTK_WINDOW (window), pad);
  gtk_window_present (GTK_WINDOW (window));
  kesu_test_flush_events ();
  while (gtk_widget_get_width (pad) == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (kesu_signature_pad_is_empty (KESU_SIGNATURE_PAD (pad)));
  empty_png = kesu_signature_pad_render_png (KESU_SIGNATURE_PAD (pad), 300, 100);
  g_assert_cmpuint (count_ink (empty_png), ==, 0);

  /* A dot is taken by the pad but refused as a signature. */
  _kesu_signature_pad_feed_stroke (KESU_SIGNATURE_PAD (pad), dot, G_N_ELEMENTS (dot));
  g_assert_cmpuint (kesu_signature_pad_get_strokes (KESU_SIGNATURE_PAD (pad))->len, ==, 1);
  g_assert_false (kesu_strokes_check (kesu_signature_pad_get_strokes (KESU_SIGNATURE_PAD (pad)),
                                      &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  gtk_widget_activate_action (pad, "signature.undo", NULL);
  g_assert_true (kesu_signature_pad_is_empty (KESU_SIGNATURE_PAD (pad)));

  sign_name (KESU_SIGNATURE_PAD (pad));
  g_assert_cmpuint (kesu_signature_pad_get_strokes (KESU_SIGNATURE_PAD (pad))->len, ==, 3);
  copy = kesu_signature_pad_dup_strokes (KESU_SIGNATURE_PAD (pad));
  g_assert_true (kesu_strokes_check (copy, &error));
  g_assert_no_error (error);
  /* The points went through the drag gesture: pad coordinates again, in order. */
  {
    GArray *first = g_ptr_array_index (copy, 0);
    KesuStrokePoint *p = &g_array_index (first, KesuStrokePoint, 0);

    g_assert_cmpuint (first->len, ==, 24);
    g_assert_cmpfloat_with_epsilon (p->x, 0.10, 0.01);
    g_assert_cmpfloat_with_epsilon (p->y, 0.55, 0.01);
  }

  png = kesu_signature_pad_to_png (KESU_SIGNATURE_PAD (pad));
  g_assert_cmpuint (count_ink (png), >, 200);
  kesu_test_screenshot (window, "signature-pad");

  gtk_widget_activate_action (pad, "signature.undo", NULL);
  g_assert_cmpuint (kesu_signature_pad_get_strokes (KESU_SIGNATURE_PAD (pad))->len, ==, 2);
  gtk_widget_activate_action (pad, "signature.clear", NULL);
  g_assert_true (kesu_signature_pad_is_empty (KESU_SIGNATURE_PAD (pad)));

  gtk_window_destroy (GTK_WINDOW (window));
  kesu_test_flush_events ();
}

/* ---- the review at the desk ---- */

static void
fill_walk_in (Fixture *f)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  g_autoptr(GPtrArray) staff = kesu_store_list_staff (f->store);
  guint handler = 0;

  for (guint i = 0; i < staff->len; i++)
    if (((KesuStaff *) staff->pdata[i])->id == f->handler_id)
      handler = i + 1;
  kesu_test_choose (page, KESU_FIELD_CHANNEL, KESU_CHANNEL_WALK_IN);
  kesu_test_type_into (page, KESU_FIELD_CUSTOMER_NAME, "陈静");
  kesu_test_type_into (page, KESU_FIELD_CUSTOMER_PHONE, "139 8765 4321");
  kesu_test_type_into (page, KESU_FIELD_CUSTOMER_ADDRESS, "上海市静安区南京西路100号");
  kesu_test_type_into (page, KESU_FIELD_VEHICLE_MODEL, "本田 雅阁");
  kesu_test_type_into (page, KESU_FIELD_PLATE, "沪B54321");
  kesu_test_type_into (page, KESU_FIELD_DESCRIPTION, "空调不制冷，已经修过一次还是不行。");
  kesu_test_type_into (page, KESU_FIELD_DEMAND, "要求彻底修好并提供代步车");
  kesu_test_choose (page, KESU_FIELD_EMOTION, KESU_EMOTION_ANXIOUS);
  kesu_test_choose (page, KESU_FIELD_CATEGORY, KESU_CATEGORY_VEHICLE_QUALITY);
  kesu_test_choose (page, KESU_FIELD_SEVERITY, KESU_SEVERITY_IMPORTANT);
  kesu_test_choose (page, KESU_FIELD_HANDLER, handler);
  kesu_test_flush_events ();
}

static void
saved_cb (KesuIntakePage *page,
          gint64          id,
          const char     *number,
          gint64         *out_id)
{
  *out_id = id;
}

static KesuReviewPage *
open_review (Fixture *f)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  KesuReviewPage *review = KESU_REVIEW_PAGE (_kesu_intake_page_get_review_page (page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.review", NULL));
  kesu_test_flush_events ();
  g_assert_true (_kesu_intake_page_is_reviewing (page));
  for (int i = 0; i < 50 && gtk_widget_get_width (GTK_WIDGET (kesu_review_page_get_pad (review)))
                            == 0; i++)
    {
      g_usleep (10000);
      kesu_test_flush_events ();
    }
  return review;
}

static void
test_review_and_sign (Fixture       *f,
                      gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  KesuReviewPage *review;
  g_autoptr(KesuSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_signal_connect (page, "saved", G_CALLBACK (saved_cb), &id);

  /* An incomplete form is not read back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.review", NULL));
  g_assert_false (_kesu_intake_page_is_reviewing (page));

  fill_walk_in (f);
  review = open_review (f);
  g_assert_cmpstr (_kesu_review_page_get_value (review, "Name"), ==, "陈静");
  /* The customer reads their own number in full. */
  g_assert_cmpstr (_kesu_review_page_get_value (review, "Phone"), ==, "13987654321");
  g_assert_cmpstr (_kesu_review_page_get_value (review, "What you want"), ==,
                   "要求彻底修好并提供代步车");
  g_assert_nonnull (strstr (_kesu_review_page_get_value (review, "Your contact person"),
                            "李强"));
  /* Important: first response within 24 h of 09:.. today. */
  g_assert_nonnull (strstr (_kesu_review_page_get_value (review, "We will contact you"),
                            "2026-11-25 10:00"));
  kesu_test_screenshot (GTK_WIDGET (f->window), "review");

  /* Back to correct, then again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.back", NULL));
  g_assert_false (_kesu_intake_page_is_reviewing (page));
  kesu_test_type_into (page, KESU_FIELD_CUSTOMER_ADDRESS, "上海市静安区南京西路200号");
  review = open_review (f);
  g_assert_cmpstr (_kesu_review_page_get_value (review, "Address"), ==,
                   "上海市静安区南京西路200号");

  /* Nothing signed: refused, nothing saved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.confirm", NULL));
  kesu_test_flush_events ();
  g_assert_cmpint (id, ==, 0);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);
  g_assert_true (_kesu_intake_page_is_reviewing (page));

  sign_name (kesu_review_page_get_pad (review));
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (kesu_review_page_get_pad (review)),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  kesu_test_screenshot (GTK_WIDGET (f->window), "signature");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.confirm", NULL));
  kesu_test_flush_events ();

  g_assert_cmpint (id, >, 0);
  g_assert_false (_kesu_intake_page_is_reviewing (page));
  /* The offer to print the receipt. */
  g_assert_cmpuint (kesu_test_close_messages (), ==, 1);

  signature = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signature);
  g_assert_nonnull (signature->png);
  g_assert_cmpuint (count_ink (signature->png), >, 200);
  g_assert_cmpuint (signature->strokes->len, ==, 3);
  g_assert_false (signature->changed_after);
  {
    g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (f->store, id, &error);
    g_autofree char *content = kesu_intake_signed_content (kesu_complaint_get_intake (complaint));
    g_autofree char *sha = kesu_signed_content_hash (content);

    g_assert_cmpstr (signature->content_sha256, ==, sha);
    g_assert_cmpstr (kesu_complaint_get_intake (complaint)->customer_address, ==,
                     "上海市静安区南京西路200号");
  }
}

static void
test_review_declined (Fixture       *f,
                      gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  KesuReviewPage *review;
  g_autoptr(KesuSignature) signature = NULL;
  gint64 id = 0;

  g_signal_connect (page, "saved", G_CALLBACK (saved_cb), &id);
  fill_walk_in (f);
  review = open_review (f);
  _kesu_review_page_decline (review, "客户要先咨询家人");
  kesu_test_flush_events ();
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (kesu_test_close_messages (), ==, 1);
  signature = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, NULL);
  g_assert_cmpstr (signature->declined_reason, ==, "客户要先咨询家人");
}

static gboolean
timeline_has (KesuComplaintView *view,
              const char        *sentence)
{
  for (guint i = 0; i < _kesu_complaint_view_get_n_timeline_rows (view); i++)
    {
      g_autofree char *text = _kesu_complaint_view_dup_timeline_text (view, i);

      if (g_strcmp0 (text, sentence) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_case_window_correction (Fixture       *f,
                             gconstpointer  data)
{
  KesuIntakePage *page = kesu_test_intake_page (f->window);
  KesuReviewPage *review;
  KesuComplaintView *view;
  KesuCorrectDialog *dialog;
  gint64 id = 0;

  g_signal_connect (page, "saved", G_CALLBACK (saved_cb), &id);
  fill_walk_in (f);
  review = open_review (f);
  sign_name (kesu_review_page_get_pad (review));
  gtk_widget_activate_action (GTK_WIDGET (review), "review.confirm", NULL);
  kesu_test_flush_events ();
  kesu_test_close_messages ();
  g_assert_cmpint (id, >, 0);

  view = kesu_complaint_view_present (GTK_WINDOW (f->window), f->store, id);
  kesu_test_flush_events ();
  g_assert_false (_kesu_complaint_view_shows_changed_banner (view));
  g_assert_true (timeline_has (view, "The customer signed on screen: Intake record"));

  dialog = kesu_correct_dialog_present (GTK_WINDOW (view), f->store, id);
  gtk_editable_set_text (GTK_EDITABLE (_kesu_correct_dialog_get_input (dialog,
                                                                       KESU_FIELD_CUSTOMER_PHONE)),
                         "12345");
  g_assert_false (_kesu_correct_dialog_save (dialog));
  gtk_editable_set_text (GTK_EDITABLE (_kesu_correct_dialog_get_input (dialog,
                                                                       KESU_FIELD_CUSTOMER_PHONE)),
                         "13987654321");
  gtk_editable_set_text (GTK_EDITABLE (_kesu_correct_dialog_get_input (dialog,
                                                                       KESU_FIELD_PLATE)),
                         "沪B54322");
  g_assert_true (_kesu_correct_dialog_save (dialog));
  kesu_test_flush_events ();

  g_assert_true (_kesu_complaint_view_shows_changed_banner (view));
  g_assert_true (timeline_has (view, "Details corrected"));
  kesu_test_screenshot (GTK_WIDGET (view), "signed-case");
  gtk_window_destroy (GTK_WINDOW (view));
  kesu_test_flush_events ();
}

/* The case window of @id asked to correct its details: the dialog it opened, or NULL;
 * the case window is closed again. */
static KesuCorrectDialog *
correct_dialog_from_view (Fixture *f,
                          gint64   id)
{
  KesuComplaintView *view = kesu_complaint_view_present (GTK_WINDOW (f->window), f->store, id);
  KesuCorrectDialog *found = NULL;
  g_autoptr(GList) windows = NULL;

  kesu_test_flush_events ();
  gtk_widget_activate_action (GTK_WIDGET (view), "case.correct", NULL);
  kesu_test_flush_events ();
  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    if (KESU_IS_CORRECT_DIALOG (l->data))
      found = l->data;
  /* The dialog is the view's own (destroyed with it): keep it for the caller. */
  if (found != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (found), GTK_WINDOW (f->window));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (found), FALSE);
    }
  gtk_window_destroy (GTK_WINDOW (view));
  kesu_test_flush_events ();
  return found;
}

/* A finished case is corrected by a manager, who says why; the reason is on the
 * timeline with the changed field. */
static void
test_finished_case_correction (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(KesuIntake) intake = kesu_test_intake_new (kesu_test_local_unix (2026, 11, 23, 9, 0),
                                                       f->staff_id, f->handler_id, "陈静",
                                                       "13912345678", "保养后仪表报警",
                                                       "免费检查");
  g_autoptr(KesuCaseData) withdraw = kesu_case_data_new ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  KesuCorrectDialog *dialog;
  const KesuEvent *last;
  gint64 manager_id, id;

  manager_id = kesu_test_add_staff (f->store, "赵敏", KESU_ROLE_AFTER_SALES_MANAGER, NULL,
                                    &error);
  g_assert_no_error (error);
  id = kesu_test_add_intake (f->store, intake);
  kesu_store_set_operator (f->store, manager_id);
  withdraw->reason = g_strdup ("客户撤回投诉");
  g_assert_true (kesu_store_move (f->store, id, KESU_STATE_WITHDRAWN, withdraw, NULL, &error));
  g_assert_no_error (error);
  before = kesu_store_list_events (f->store, id, &error);
  g_assert_no_error (error);

  /* The front desk cannot even open the correction of a finished case; the manager can. */
  kesu_store_set_operator (f->store, f->staff_id);
  g_assert_null (correct_dialog_from_view (f, id));
  kesu_store_set_operator (f->store, manager_id);
  dialog = correct_dialog_from_view (f, id);
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  kesu_test_flush_events ();

  dialog = kesu_correct_dialog_present (GTK_WINDOW (f->window), f->store, id);
  g_assert_nonnull (_kesu_correct_dialog_get_reason (dialog));
  gtk_editable_set_text (GTK_EDITABLE (_kesu_correct_dialog_get_input (dialog, KESU_FIELD_PLATE)),
                         "沪A12345");
  /* No reason: refused, the dialog stays open and nothing is written. */
  g_assert_false (_kesu_correct_dialog_save (dialog));
  after = kesu_store_list_events (f->store, id, &error);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);
  kesu_test_screenshot (GTK_WIDGET (dialog), "correct-finished");

  gtk_editable_set_text (GTK_EDITABLE (_kesu_correct_dialog_get_reason (dialog)),
                         "客户出示了行驶证");
  g_assert_true (_kesu_correct_dialog_save (dialog));
  kesu_test_flush_events ();
  after = kesu_store_list_events (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  last = g_ptr_array_index (after, after->len - 1);
  g_assert_cmpint (last->kind, ==, KESU_EVENT_CORRECTED);
  g_assert_cmpint (last->staff_id, ==, manager_id);
  g_assert_nonnull (strstr (last->detail, "沪A12345"));
  g_assert_nonnull (strstr (last->detail, "客户出示了行驶证"));
}

int
main (int   argc,
      char *argv[])
{
  kesu_test_init_gui (&argc, &argv);

  g_test_add_func ("/signature-pad/gestures", test_pad_gestures);
  g_test_add ("/signature-pad/review/sign", Fixture, NULL, fixture_set_up, test_review_and_sign,
              fixture_tear_down);
  g_test_add ("/signature-pad/review/declined", Fixture, NULL, fixture_set_up,
              test_review_declined, fixture_tear_down);
  g_test_add ("/signature-pad/case/correction", Fixture, NULL, fixture_set_up,
              test_case_window_correction, fixture_tear_down);
  g_test_add ("/signature-pad/case/correction-finished", Fixture, NULL, fixture_set_up,
              test_finished_case_correction, fixture_tear_down);

  return g_test_run ();
}
