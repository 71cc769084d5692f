/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-signature.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     operator_id;
  gint64     handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-signature", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  &f->operator_id, &f->handler_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

static KesuIntake *
walk_in_intake (Fixture *f)
{
  KesuIntake *in = kesu_intake_new ();

  in->channel = KESU_CHANNEL_WALK_IN;
  in->received_at = g_date_time_new_local (2026, 11, 24, 9, 45, 0);
  in->received_by = f->operator_id;
  in->customer_name = g_strdup ("陈静");
  in->customer_phone = g_strdup ("139 8765 4321");
  in->customer_address = g_strdup ("上海市静安区南京西路100号");
  in->vehicle_model = g_strdup ("本田 雅阁");
  in->vin = g_strdup ("lsvau218xn2183294");
  in->plate = g_strdup ("沪B 54321");
  in->mileage = g_strdup ("23,456");
  in->description = g_strdup ("空调不制冷，\n已经修过一次还是不行。");
  in->demand = g_strdup ("要求彻底修好并提供代步车");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = KESU_CATEGORY_VEHICLE_QUALITY;
  in->severity = KESU_SEVERITY_IMPORTANT;
  in->handler_id = f->handler_id;
  return in;
}

static GArray *
line_stroke (double x0, double y0, double x1, double y1, guint n)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (KesuStrokePoint));

  for (guint i = 0; i < n; i++)
    {
      double t = n > 1 ? (double) i / (n - 1) : 0;
      KesuStrokePoint p = { x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, 0.5 + 0.1 * (i % 3),
                            (gint64) i * 16 };

      g_array_append_val (points, p);
    }
  return points;
}

static GPtrArray *
name_strokes (void)
{
  GPtrArray *strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  g_ptr_array_add (strokes, line_stroke (0.10, 0.60, 0.45, 0.30, 20));
  g_ptr_array_add (strokes, line_stroke (0.30, 0.20, 0.35, 0.80, 15));
  g_ptr_array_add (strokes, line_stroke (0.50, 0.50, 0.90, 0.55, 25));
  return strokes;
}

/* A real PNG is not needed by the core: the magic bytes are what it checks. */
static GBytes *
fake_png (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13 };

  return g_bytes_new_static (png, sizeof png);
}

static gint64
add_complaint (Fixture *f)
{
  g_autoptr(KesuIntake) in = walk_in_intake (f);
  g_autoptr(GError) error = NULL;
  gint64 id = kesu_store_add_complaint (f->store, in, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gboolean
has_event (KesuStore     *store,
           gint64         id,
           KesuEventKind  kind,
           const char    *detail_part)
{
  g_autoptr(GPtrArray) events = kesu_store_list_events (store, id, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      KesuEvent *e = g_ptr_array_index (events, i);

      if (e->kind == kind && (detail_part == NULL || strstr (e->detail, detail_part) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
test_strokes_json (void)
{
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kesu_strokes_to_json (strokes);
  g_autofree char *again = NULL;

  g_assert_true (g_str_has_prefix (json, "[[[0.1000,0.6000,0.5000,0],"));
  back = kesu_strokes_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 3);
  g_assert_cmpuint (((GArray *) back->pdata[2])->len, ==, 25);
  again = kesu_strokes_to_json (back);
  g_assert_cmpstr (again, ==, json);

  g_clear_pointer (&back, g_ptr_array_unref);
  back = kesu_strokes_from_json (" [ ] ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 0);

  {
    const char *bad[] = { "", "[", "[[[1,2,3]]]", "[[[1,2,3,4]]", "[[[nan,1,1,1]]]",
                          "[[[1,2,3,4]]]x", "{\"a\":1}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) local = NULL;
        g_autoptr(GPtrArray) none = kesu_strokes_from_json (bad[i], &local);

        g_assert_null (none);
        g_assert_error (local, KESU_ERROR, KESU_ERROR_INVALID);
      }
  }
}

static void
test_strokes_check (void)
{
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) dot = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) tick = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) two_dots =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) name = name_strokes ();
  g_autoptr(GPtrArray) one_long = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GError) error = NULL;

  g_assert_false (kesu_strokes_check (NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kesu_strokes_check (empty, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_ptr_array_add (empty, line_stroke (0, 0, 0, 0, 0));
  g_assert_false (kesu_strokes_check (empty, &error));
  g_clear_error (&error);

  /* A tap, a small tick, two dots in a corner. */
  g_ptr_array_add (dot, line_stroke (0.5, 0.5, 0.5, 0.5, 3));
  g_assert_false (kesu_strokes_check (dot, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_ptr_array_add (tick, line_stroke (0.40, 0.50, 0.48, 0.58, 30));
  g_assert_false (kesu_strokes_check (tick, &error));
  g_clear_error (&error);
  g_ptr_array_add (two_dots, line_stroke (0.10, 0.10, 0.11, 0.11, 6));
  g_ptr_array_add (two_dots, line_stroke (0.12, 0.12, 0.13, 0.12, 6));
  g_assert_false (kesu_strokes_check (two_dots, &error));
  g_clear_error (&error);

  g_assert_true (kesu_strokes_check (name, &error));
  g_assert_no_error (error);
  /* One long flourish is a signature too. */
  g_ptr_array_add (one_long, line_stroke (0.1, 0.5, 0.8, 0.4, 40));
  g_assert_true (kesu_strokes_check (one_long, &error));
  g_assert_no_error (error);
}

static void
test_sign_stores_everything (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GBytes) png = fake_png ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSignature) signature = NULL;
  g_autoptr(KesuSignature) none = NULL;
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autofree char *content = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stored_json = NULL;
  gint64 id = add_complaint (f);
  gint64 sig_id;

  none = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_clear_pointer (&strokes, g_ptr_array_unref);
  strokes = name_strokes ();
  sig_id = kesu_store_sign (f->store, id, KESU_SIGNATURE_INTAKE, png, strokes, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sig_id, >, 0);

  signature = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signature);
  g_assert_cmpint (signature->id, ==, sig_id);
  g_assert_cmpint (signature->complaint_id, ==, id);
  g_assert_cmpint (signature->purpose, ==, KESU_SIGNATURE_INTAKE);
  g_assert_cmpint (signature->signed_at, ==, kesu_clock_now_unix ());
  g_assert_cmpint (signature->signer_staff_id, ==, 0);
  g_assert_true (g_bytes_equal (signature->png, png));
  g_assert_nonnull (signature->strokes);
  json = kesu_strokes_to_json (strokes);
  stored_json = kesu_strokes_to_json (signature->strokes);
  g_assert_cmpstr (stored_json, ==, json);
  g_assert_null (signature->declined_reason);
  g_assert_false (signature->changed_after);

  /* The hash is the SHA-256 of exactly the canonical content, which is the same whether
   * it is worked out from the form as typed or from the record as stored. */
  complaint = kesu_store_get_complaint (f->store, id, &error);
  g_assert_no_error (error);
  content = kesu_intake_signed_content (kesu_complaint_get_intake (complaint));
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  g_assert_cmpstr (signature->content_sha256, ==, expected);
  g_assert_cmpuint (strlen (signature->content_sha256), ==, 64);
  {
    g_autoptr(KesuIntake) typed = walk_in_intake (f);
    g_autofree char *typed_content = kesu_intake_signed_content (typed);

    g_assert_cmpstr (typed_content, ==, content);
  }
  g_assert_true (strstr (content, "customer_phone: 13987654321\n") != NULL);
  g_assert_true (strstr (content, "vin: LSVAU218XN2183294\n") != NULL);
  g_assert_true (strstr (content, "description: 空调不制冷，\\n已经修过一次还是不行。\n") != NULL);

  g_assert_true (has_event (f->store, id, KESU_EVENT_SIGNED, "intake"));
}

static void
test_edit_after_signing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GBytes) png = fake_png ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSignature) before = NULL;
  g_autoptr(KesuSignature) after = NULL;
  g_autoptr(KesuIntake) corrected = kesu_intake_new ();
  g_autoptr(KesuIntake) same = kesu_intake_new ();
  g_autoptr(KesuComplaint) complaint = NULL;
  g_autoptr(GPtrArray) events_before = NULL;
  g_autoptr(GPtrArray) events_after = NULL;
  gint64 id = add_complaint (f);

  g_assert_cmpint (kesu_store_sign (f->store, id, KESU_SIGNATURE_INTAKE, png, strokes, 0,
                                    &error), >, 0);
  g_assert_no_error (error);

  /* Typing the same thing again, in another spelling, changes nothing. */
  same->customer_phone = g_strdup ("+86 139-8765-4321");
  same->plate = g_strdup ("沪b54321");
  events_before = kesu_store_list_events (f->store, id, NULL);
  g_assert_true (kesu_store_update_intake (f->store, id, same, NULL, &error));
  g_assert_no_error (error);
  events_after = kesu_store_list_events (f->store, id, NULL);
  g_assert_cmpuint (events_after->len, ==, events_before->len);
  before = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_false (before->changed_after);

  /* A refused correction writes nothing. */
  corrected->customer_phone = g_strdup ("12345");
  g_assert_false (kesu_store_update_intake (f->store, id, corrected, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Phone: "));
  g_clear_error (&error);
  corrected->customer_phone = (g_free (corrected->customer_phone), NULL);
  corrected->demand = g_strdup ("  ");
  g_assert_false (kesu_store_update_intake (f->store, id, corrected, NULL, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (has_event (f->store, id, KESU_EVENT_CORRECTED, NULL));

  /* The address was wrong: corrected after the customer signed. */
  g_clear_pointer (&corrected->demand, g_free);
  corrected->customer_address = g_strdup ("上海市静安区南京西路200号");
  corrected->mileage = g_strdup ("");
  g_assert_true (kesu_store_update_intake (f->store, id, corrected, NULL, &error));
  g_assert_no_error (error);

  complaint = kesu_store_get_complaint (f->store, id, &error);
  g_assert_cmpstr (kesu_complaint_get_intake (complaint)->customer_address, ==,
                   "上海市静安区南京西路200号");
  g_assert_cmpstr (kesu_complaint_get_intake (complaint)->mileage, ==, "");
  g_assert_cmpstr (kesu_complaint_get_intake (complaint)->customer_name, ==, "陈静");

  after = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_no_error (error);
  g_assert_true (after->changed_after);
  g_assert_cmpstr (after->content_sha256, ==, before->content_sha256);
  g_assert_true (has_event (f->store, id, KESU_EVENT_CORRECTED,
                            "Address: 上海市静安区南京西路100号 → 上海市静安区南京西路200号"));
  g_assert_true (has_event (f->store, id, KESU_EVENT_CORRECTED, "Mileage (km): 23456 → —"));
}

static void
test_decline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuSignature) signature = NULL;
  gint64 id = add_complaint (f);

  g_assert_cmpint (kesu_store_decline_signature (f->store, id, KESU_SIGNATURE_INTAKE, "  ",
                                                 &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (kesu_store_decline_signature (f->store, id, KESU_SIGNATURE_INTAKE,
                                                 "客户表示要先咨询律师", &error), >, 0);
  g_assert_no_error (error);
  signature = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signature->declined_reason, ==, "客户表示要先咨询律师");
  g_assert_null (signature->png);
  g_assert_null (signature->strokes);
  g_assert_false (signature->changed_after);
  g_assert_true (has_event (f->store, id, KESU_EVENT_SIGNATURE_DECLINED, "咨询律师"));
  /* The case goes on. */
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_RECEIVED);
}

static void
test_refused_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) dot = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GBytes) png = fake_png ();
  g_autoptr(GBytes) not_png = g_bytes_new_static ("GIF89a", 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = add_complaint (f);

  g_ptr_array_add (dot, line_stroke (0.5, 0.5, 0.51, 0.5, 4));
  g_assert_cmpint (kesu_store_sign (f->store, id, KESU_SIGNATURE_INTAKE, png, dot, 0, &error),
                   ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kesu_store_sign (f->store, id, KESU_SIGNATURE_INTAKE, not_png, strokes, 0,
                                    &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  /* The branch's signature needs the person who signs. */
  g_assert_cmpint (kesu_store_sign (f->store, id, KESU_SIGNATURE_AGREEMENT_BRANCH, png, strokes,
                                    0, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  /* Nothing to agree to yet. */
  g_assert_cmpint (kesu_store_sign (f->store, id, KESU_SIGNATURE_AGREEMENT, png, strokes, 0,
                                    &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  list = kesu_store_list_signatures (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_false (has_event (f->store, id, KESU_EVENT_SIGNED, NULL));
}

static void
test_never_rewritten (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GBytes) png = fake_png ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = kesu_db_get_handle (kesu_store_get_db (f->store));
  gint64 id = add_complaint (f);

  g_assert_cmpint (kesu_store_sign (f->store, id, KESU_SIGNATURE_INTAKE, png, strokes, 0,
                                    &error), >, 0);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE signature SET content_sha256 = 'x'", NULL, NULL,
                                 NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM signature", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM signature", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  {
    g_autoptr(GPtrArray) list = kesu_store_list_signatures (f->store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
  }
}

static void
test_add_signed_is_atomic (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GPtrArray) dot = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GBytes) png = fake_png ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) in = walk_in_intake (f);
  g_autoptr(KesuSignature) signature = NULL;
  g_autofree char *number = NULL;
  gint64 id;

  /* A dot: neither the complaint nor the signature is stored. */
  g_ptr_array_add (dot, line_stroke (0.5, 0.5, 0.5, 0.5, 2));
  g_assert_cmpint (kesu_store_add_complaint_signed (f->store, in, png, dot, &number, &error),
                   ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  id = kesu_store_add_complaint_signed (f->store, in, png, strokes, &number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (number, ==, "KS-202611-0001");
  signature = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_nonnull (signature);
  g_assert_false (signature->changed_after);
  {
    g_autofree char *content = kesu_intake_signed_content (in);
    g_autofree char *sha = kesu_signed_content_hash (content);

    g_assert_cmpstr (signature->content_sha256, ==, sha);
  }

  /* Declining at the desk: saved with the reason. */
  g_clear_pointer (&number, g_free);
  id = kesu_store_add_complaint_declined (f->store, in, "不愿签字", &number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "KS-202611-0002");
  g_clear_pointer (&signature, kesu_signature_free);
  signature = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_INTAKE, &error);
  g_assert_cmpstr (signature->declined_reason, ==, "不愿签字");
}

static void
test_agreement_signed_with_move (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) strokes = name_strokes ();
  g_autoptr(GPtrArray) branch_strokes = name_strokes ();
  g_autoptr(GBytes) png = fake_png ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCaseData) finding = kesu_case_data_new ();
  g_autoptr(KesuCaseData) solution = kesu_case_data_new ();
  g_autoptr(KesuCaseData) agreement = kesu_case_data_new ();
  g_autoptr(KesuCaseData) stored = NULL;
  g_autoptr(KesuSignature) customer = NULL;
  g_autoptr(KesuSignature) branch = NULL;
  g_autoptr(KesuSignature) later = NULL;
  g_autofree char *content = NULL;
  g_autofree char *sha = NULL;
  gint64 id = add_complaint (f);
  KesuState state;

  g_assert_true (kesu_store_move (f->store, id, KESU_STATE_INVESTIGATING, NULL, NULL, &error));
  finding->cause = g_strdup ("冷凝器泄漏");
  finding->responsibility = KESU_RESPONSIBILITY_MANUFACTURER;
  g_assert_true (kesu_store_move (f->store, id, KESU_STATE_PROPOSING, finding, NULL, &error));
  g_assert_no_error (error);
  solution->solution = KESU_SOLUTION_REPAIR;
  solution->measures = g_strdup ("更换冷凝器，免费提供代步车");
  solution->amount_fen = 0;
  solution->solution_deadline = kesu_clock_now_unix () + 3 * 86400;
  agreement->agreed_at = kesu_clock_now_unix ();
  agreement->agreement_note = g_strdup ("signed on screen");
  agreement->solution = solution->solution;
  agreement->measures = g_strdup (solution->measures);
  agreement->amount_fen = solution->amount_fen;
  agreement->solution_deadline = solution->solution_deadline;

  /* The branch's signature refused (no signer): the move does not happen either. */
  g_assert_false (kesu_store_move_signed (f->store, id, KESU_STATE_EXECUTING, agreement,
                                          KESU_SIGNATURE_AGREEMENT, png, strokes, png,
                                          branch_strokes, 0, &state, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_PROPOSING);

  g_assert_true (kesu_store_move_signed (f->store, id, KESU_STATE_EXECUTING, agreement,
                                         KESU_SIGNATURE_AGREEMENT, png, strokes, png,
                                         branch_strokes, f->operator_id, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, KESU_STATE_EXECUTING);

  customer = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_AGREEMENT, &error);
  branch = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_AGREEMENT_BRANCH, &error);
  g_assert_nonnull (customer);
  g_assert_nonnull (branch);
  g_assert_cmpint (branch->signer_staff_id, ==, f->operator_id);
  stored = kesu_store_get_case_data (f->store, id, &error);
  content = kesu_solution_signed_content (stored);
  sha = kesu_signed_content_hash (content);
  g_assert_cmpstr (customer->content_sha256, ==, sha);
  g_assert_cmpstr (branch->content_sha256, ==, sha);
  g_assert_false (customer->changed_after);
  g_assert_true (strstr (content, "solution: repair\n") != NULL);
  g_assert_true (strstr (content, "amount_fen: 0\n") != NULL);

  /* The intake signature is untouched by the solution; a later edit of the intake does
   * not touch the agreement's. */
  {
    g_autoptr(KesuIntake) corrected = kesu_intake_new ();

    corrected->vehicle_model = g_strdup ("本田 雅阁 2024款");
    g_assert_true (kesu_store_update_intake (f->store, id, corrected, NULL, &error));
    g_assert_no_error (error);
  }
  later = kesu_store_get_signature (f->store, id, KESU_SIGNATURE_AGREEMENT, &error);
  g_assert_false (later->changed_after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/signature/strokes/json", test_strokes_json);
  g_test_add_func ("/signature/strokes/check", test_strokes_check);
  g_test_add ("/signature/sign/stores-everything", Fixture, NULL, fixture_set_up,
              test_sign_stores_everything, fixture_tear_down);
  g_test_add ("/signature/sign/edit-after", Fixture, NULL, fixture_set_up,
              test_edit_after_signing, fixture_tear_down);
  g_test_add ("/signature/sign/decline", Fixture, NULL, fixture_set_up, test_decline,
              fixture_tear_down);
  g_test_add ("/signature/sign/refused", Fixture, NULL, fixture_set_up, test_refused_input,
              fixture_tear_down);
  g_test_add ("/signature/sign/never-rewritten", Fixture, NULL, fixture_set_up,
              test_never_rewritten, fixture_tear_down);
  g_test_add ("/signature/intake/atomic", Fixture, NULL, fixture_set_up,
              test_add_signed_is_atomic, fixture_tear_down);
  g_test_add ("/signature/agreement/with-move", Fixture, NULL, fixture_set_up,
              test_agreement_signed_with_move, fixture_tear_down);

  return g_test_run ();
}
