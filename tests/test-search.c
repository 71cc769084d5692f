/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-db.h"
#include "kesu-demo.h"
#include "kesu-migrations.h"
#include "kesu-search.h"
#include "kesu-signature.h"
#include "kesu-store.h"
#include "kesu-store-private.h"
#include "kesu-test-core.h"

/* The search through its indexes (kesu-search.h) against what the LIKE scan it replaced
 * finds: the same complaints, for short and long words, phones, plates and VINs. */

typedef struct
{
  char      *dir;
  char      *path;
  KesuStore *store;
  gint64     staff_id;
  gint64     handler_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);

  kesu_clock_set_fixed (now);
  f->store = kesu_test_store_new ("kesu-search", KESU_ROLE_FRONT_DESK, &f->dir, &f->path,
                                  &f->staff_id, &f->handler_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  kesu_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  kesu_clock_set_fixed (NULL);
}

static KesuIntake *
intake (Fixture    *f,
        const char *name,
        const char *phone,
        const char *plate,
        const char *vin,
        const char *model,
        const char *description,
        int         day)
{
  KesuIntake *in = kesu_intake_new ();

  in->channel = KESU_CHANNEL_PHONE;
  in->received_at = g_date_time_new_local (2026, 11, day, 9, 30, 0);
  in->received_by = f->staff_id;
  in->customer_name = g_strdup (name);
  in->customer_phone = g_strdup (phone);
  in->vehicle_model = g_strdup (model);
  in->vin = g_strdup (vin);
  in->plate = g_strdup (plate);
  in->description = g_strdup (description);
  in->demand = g_strdup ("要求尽快处理");
  in->emotion = KESU_EMOTION_CALM;
  in->customer_type = KESU_CUSTOMER_TYPE_GRUMBLER;
  in->category = KESU_CATEGORY_REPAIR_QUALITY;
  in->severity = KESU_SEVERITY_NORMAL;
  in->handler_id = f->handler_id;
  return in;
}

static gint64
add (Fixture    *f,
     KesuIntake *in)
{
  g_autoptr(GError) error = NULL;
  gint64 id = kesu_store_add_complaint (f->store, in, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  kesu_intake_free (in);
  return id;
}

/* The ids @search finds, sorted, as "1,3,4". */
static char *
found (KesuStore  *store,
       const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = kesu_store_search_complaints (store, search, &error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);
      gint64 id = kesu_complaint_get_id (c);

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    for (guint j = i + 1; j < ids->len; j++)
      if (g_array_index (ids, gint64, j) < g_array_index (ids, gint64, i))
        {
          gint64 t = g_array_index (ids, gint64, i);

          g_array_index (ids, gint64, i) = g_array_index (ids, gint64, j);
          g_array_index (ids, gint64, j) = t;
        }
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                            g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

#define assert_found(store, search, expected)                                          \
  G_STMT_START {                                                                        \
    g_autofree char *got_ = found ((store), (search));                                  \
    g_autofree char *want_ = g_strdup (expected);                                        \
    if (g_strcmp0 (got_, want_) != 0)                                                    \
      g_error ("search “%s”: found [%s], expected [%s]", (const char *) (search), got_, want_);      \
  } G_STMT_END

static void
test_fixtures (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *ab = NULL, *ac = NULL;
  g_autofree char *cd = NULL, *acd = NULL, *all = NULL;
  gint64 ia, ib, ic, id;

  ia = add (f, intake (f, "张伟", "13812345678", "京A12345", "LSVAU218XN2183294", "大众 途观L",
                       "发动机异响，怠速时明显", 20));
  ib = add (f, intake (f, "李娜", "021-62340000", "沪B54321", NULL, "丰田 凯美瑞",
                       "刹车时有异响，刹车片更换后仍然如此", 21));
  ic = add (f, intake (f, "王小明", "13900009999", "京B88888", "LFV2A21K4N3012345", "Audi A4L",
                       "服务态度差，底盘漏油", 22));
  id = add (f, intake (f, "赵敏", "13700001234", NULL, NULL, "Tesla Model 3",
                       "车门密封条漏水; 100% sure, a_b", 23));
  a = g_strdup_printf ("%" G_GINT64_FORMAT, ia);
  b = g_strdup_printf ("%" G_GINT64_FORMAT, ib);
  c = g_strdup_printf ("%" G_GINT64_FORMAT, ic);
  d = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  ab = g_strdup_printf ("%s,%s", a, b);
  ac = g_strdup_printf ("%s,%s", a, c);
  cd = g_strdup_printf ("%s,%s", c, d);
  acd = g_strdup_printf ("%s,%s,%s", a, c, d);
  all = g_strdup_printf ("%s,%s,%s,%s", a, b, c, d);

  /* Two characters: most Chinese words — the trigram index alone finds nothing. */
  assert_found (f->store, "异响", ab);
  assert_found (f->store, "刹车", b);
  assert_found (f->store, "态度", c);
  /* One character. */
  assert_found (f->store, "漏", cd);
  assert_found (f->store, "伟", a);
  /* Five. */
  assert_found (f->store, "发动机异响", a);
  assert_found (f->store, "刹车片更换后", b);
  /* Phone fragments: the last four digits, the middle, with and without dashes. */
  assert_found (f->store, "5678", a);
  /* …also in c's VIN (…3012345). */
  assert_found (f->store, "1234", acd);
  assert_found (f->store, "8123", a);
  assert_found (f->store, "1-6234", b);
  assert_found (f->store, "0216234", b);
  assert_found (f->store, "021-6", b);
  assert_found (f->store, "99", c);
  /* Plates and VINs, any letter case. */
  assert_found (f->store, "京A1", a);
  assert_found (f->store, "京a1", a);
  assert_found (f->store, "A1", a);
  assert_found (f->store, "b8", c);
  assert_found (f->store, "xn218", a);
  assert_found (f->store, "K4N30", c);
  assert_found (f->store, "audi", c);
  assert_found (f->store, "AUDI a4", c);
  assert_found (f->store, "model", d);
  /* The number. */
  assert_found (f->store, "KS-202611-0003", c);
  assert_found (f->store, "ks-202611", all);
  /* Words are ANDed; white space of any kind between them. */
  assert_found (f->store, "异响 刹车", b);
  assert_found (f->store, "异响\u3000京", a);
  assert_found (f->store, "  异响   大众 ", a);
  assert_found (f->store, "异响 漏", "");
  /* Nothing that is not there: no match across two fields, no wildcards. */
  assert_found (f->store, "明显京", "");
  assert_found (f->store, "L发", "");
  assert_found (f->store, "观L发", "");
  assert_found (f->store, "%", d);
  assert_found (f->store, "_", d);
  assert_found (f->store, "a_b", d);
  assert_found (f->store, "x%", "");
  assert_found (f->store, "没有", "");
  assert_found (f->store, "异响异响", "");
  assert_found (f->store, "\"", "");
  assert_found (f->store, "\"异响\" OR 漏", "");
  assert_found (f->store, "NEAR(a b)", "");
  assert_found (f->store, "9", ac);
  /* No query: everything, newest first. */
  assert_found (f->store, "", all);
  assert_found (f->store, NULL, all);
  assert_found (f->store, " \t ", all);
  {
    g_autoptr(GListModel) list = kesu_store_search_complaints (f->store, "", NULL);
    g_autoptr(KesuComplaint) first = g_list_model_get_item (list, 0);

    g_assert_cmpint (kesu_complaint_get_id (first), ==, id);
  }
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuIntake) corrected = kesu_intake_new ();
  g_autofree char *ia = NULL;
  g_autofree char *ib = NULL;
  gint64 a, b;

  a = add (f, intake (f, "张伟", "13812345678", "京A12345", NULL, "大众 途观L",
                      "发动机异响", 20));
  b = add (f, intake (f, "李娜", "13912340000", NULL, NULL, "丰田", "空调不制冷", 21));
  ia = g_strdup_printf ("%" G_GINT64_FORMAT, a);
  assert_found (f->store, "异响", ia);

  /* The description corrected: found by the new words, no more by the old. */
  corrected->description = g_strdup ("变速箱顿挫明显");
  g_assert_true (kesu_store_update_intake (f->store, a, corrected, NULL, &error));
  g_assert_no_error (error);
  assert_found (f->store, "异响", "");
  assert_found (f->store, "发动机", "");
  assert_found (f->store, "顿挫", ia);
  assert_found (f->store, "变速箱顿挫", ia);

  /* The customer comes back under another name: the record follows. */
  {
    g_autofree char *both = g_strdup_printf ("%s,%" G_GINT64_FORMAT, ia, b + 1);

    add (f, intake (f, "张伟强", "138 1234 5678", NULL, NULL, "大众", "再次来电询问进度", 22));
    assert_found (f->store, "伟强", both);
    assert_found (f->store, "张伟强", both);
  }
  /* Renamed and given a new phone in a correction. */
  g_clear_pointer (&corrected->description, g_free);
  corrected->customer_name = g_strdup ("李娜娜");
  g_assert_true (kesu_store_update_intake (f->store, b, corrected, NULL, &error));
  g_assert_no_error (error);
  ib = g_strdup_printf ("%" G_GINT64_FORMAT, b);
  assert_found (f->store, "娜娜", ib);
  corrected->customer_phone = g_strdup ("13655557777");
  g_assert_true (kesu_store_update_intake (f->store, b, corrected, NULL, &error));
  g_assert_no_error (error);
  assert_found (f->store, "5557", ib);
  assert_found (f->store, "12340000", "");

  /* Everything survives closing and opening the file. */
  g_clear_object (&f->store);
  f->store = kesu_store_open (f->path, &error);
  g_assert_no_error (error);
  assert_found (f->store, "顿挫", ia);
  assert_found (f->store, "异响", "");
}

/* ---- the same answers as the LIKE scan ---- */

/* What the LIKE search found for one word: every field it looked at, and for a word of
 * digits and dashes the phone without its dashes too. */
static GHashTable *
like_scan (KesuStore  *store,
           const char *word)
{
  KesuDb *db = kesu_store_get_db (store);
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GString *pattern = g_string_new ("%");
  GString *digits = g_string_new ("%");
  gboolean phone_like = TRUE;
  KesuStatement *stmt;

  for (const char *p = word; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '-')
        phone_like = FALSE;
    }
  g_string_append_c (pattern, '%');
  g_string_append_c (digits, '%');
  if (digits->len == 2)
    phone_like = FALSE;

  stmt = kesu_db_prepare (db,
                          "SELECT c.id FROM complaint c JOIN customer cu ON cu.id = c.customer_id"
                          " WHERE c.number LIKE ?1 ESCAPE '\\'"
                          "    OR cu.name LIKE ?1 ESCAPE '\\'"
                          "    OR cu.phone LIKE ?1 ESCAPE '\\'"
                          "    OR replace (cu.phone, '-', '') LIKE ?2"
                          "    OR c.plate LIKE ?1 ESCAPE '\\'"
                          "    OR c.vin LIKE ?1 ESCAPE '\\'"
                          "    OR c.vehicle_model LIKE ?1 ESCAPE '\\'"
                          "    OR c.description LIKE ?1 ESCAPE '\\'"
                          "    OR c.demand LIKE ?1 ESCAPE '\\'",
                          NULL);
  g_assert_nonnull (stmt);
  kesu_statement_bind_text (stmt, 1, pattern->str);
  kesu_statement_bind_text (stmt, 2, phone_like ? digits->str : NULL);
  while (kesu_statement_step (stmt, NULL))
    {
      gint64 *id = g_new (gint64, 1);

      *id = kesu_statement_get_int64 (stmt, 0);
      g_hash_table_add (ids, id);
    }
  g_string_free (pattern, TRUE);
  g_string_free (digits, TRUE);
  return ids;
}

static void
check_like_parity (KesuStore  *store,
                   const char *search)
{
  g_auto(GStrv) words = g_strsplit_set (search, " ", -1);
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  guint n;

  for (guint i = 0; words[i] != NULL; i++)
    {
      GHashTable *one;

      if (words[i][0] == '\0')
        continue;
      one = like_scan (store, words[i]);
      if (expected == NULL)
        expected = one;
      else
        {
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, expected);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (!g_hash_table_contains (one, key))
              g_hash_table_iter_remove (&iter);
          g_hash_table_unref (one);
        }
    }
  g_assert_nonnull (expected);

  model = kesu_store_search_complaints (store, search, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);
      gint64 id = kesu_complaint_get_id (c);

      if (!g_hash_table_contains (expected, &id))
        g_error ("search “%s” found %" G_GINT64_FORMAT ", which LIKE does not", search, id);
    }
  if (n != g_hash_table_size (expected))
    g_error ("search “%s” found %u complaints, LIKE %u", search, n,
             g_hash_table_size (expected));
}

/* A piece of @text, @length characters from a random place; NULL when it is shorter. */
static char *
piece (GRand      *rand,
       const char *text,
       glong       length)
{
  glong n = g_utf8_strlen (text, -1);
  glong start;
  const char *from, *to;

  if (n < length)
    return NULL;
  start = g_rand_int_range (rand, 0, (gint32) (n - length + 1));
  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, length);
  return g_strndup (from, (gsize) (to - from));
}

static void
check_piece (KesuStore  *store,
             GRand      *rand,
             const char *text,
             glong       length,
             guint      *n_checked)
{
  g_autofree char *p = NULL;

  if (text == NULL)
    return;
  p = piece (rand, text, length);
  if (p == NULL || strchr (p, ' ') != NULL || g_utf8_strchr (p, -1, 0x3000) != NULL)
    return;
  /* Letters in another case than stored, now and then. */
  if (g_rand_boolean (rand))
    {
      g_autofree char *up = g_ascii_strup (p, -1);

      check_like_parity (store, up);
    }
  else
    check_like_parity (store, p);
  (*n_checked)++;
}

static void
test_like_parity (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(GListModel) all = NULL;
  guint n_checked = 0;
  guint n;

  g_assert_true (kesu_demo_generate (f->store, 400, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  all = kesu_store_search_complaints (f->store, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (all);
  g_assert_cmpuint (n, >=, 400);

  for (guint i = 0; i < n; i += 7)
    {
      g_autoptr(KesuComplaint) listed = g_list_model_get_item (all, i);
      g_autoptr(KesuComplaint) c = kesu_store_get_complaint (f->store,
                                                             kesu_complaint_get_id (listed),
                                                             &error);
      const KesuIntake *in;
      glong len = 1 + (glong) (i / 7) % 5;

      g_assert_no_error (error);
      in = kesu_complaint_get_intake (c);
      check_piece (f->store, rand, in->description, len, &n_checked);
      check_piece (f->store, rand, in->demand, len, &n_checked);
      check_piece (f->store, rand, in->customer_name, MIN (len, 2), &n_checked);
      check_piece (f->store, rand, in->customer_phone, 4, &n_checked);
      check_piece (f->store, rand, in->customer_phone, 2, &n_checked);
      check_piece (f->store, rand, in->plate, 3, &n_checked);
      check_piece (f->store, rand, in->plate, 2, &n_checked);
      check_piece (f->store, rand, in->vin, 5, &n_checked);
      check_piece (f->store, rand, in->vehicle_model, len, &n_checked);
      check_piece (f->store, rand, kesu_complaint_get_number (c), 1 + len * 2, &n_checked);
      /* Two words from different fields. */
      {
        g_autofree char *w1 = piece (rand, in->description, 2);
        g_autofree char *w2 = piece (rand, in->customer_phone, 3);

        if (w1 != NULL && w2 != NULL && strchr (w1, ' ') == NULL)
          {
            g_autofree char *both = g_strdup_printf ("%s %s", w1, w2);

            check_like_parity (f->store, both);
            n_checked++;
          }
      }
    }
  /* Some that find nothing or almost everything. */
  check_like_parity (f->store, "KS");
  check_like_parity (f->store, "0");
  check_like_parity (f->store, "的");
  check_like_parity (f->store, "没有这种");
  check_like_parity (f->store, "-");
  check_like_parity (f->store, "1-3");
  g_assert_cmpuint (n_checked, >, 300);
}

/* ids of @model in order */
static GArray *
ids_of (GListModel *model)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (model, i);
      gint64 id = kesu_complaint_get_id (c);

      g_array_append_val (ids, id);
    }
  return ids;
}

/* A limit keeps the newest matches, whichever way they are read (many matches are read
 * walking the complaints newest first, few are looked up). */
static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  const char *searches[] = { "KS", "的", "异响", "13", "A1" };
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_demo_generate (f->store, 1500, KESU_DEMO_DEFAULT_SEED, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    for (int with_state = 0; with_state < 2; with_state++)
      {
        g_autoptr(KesuFilter) filter = kesu_filter_new ();
        g_autoptr(GListModel) all = NULL;
        g_autoptr(GListModel) newest = NULL;
        g_autoptr(GArray) all_ids = NULL;
        g_autoptr(GArray) newest_ids = NULL;

        filter->search = g_strdup (searches[i]);
        if (with_state)
          filter->state = KESU_STATE_CLOSED;
        all = kesu_store_query_complaints (f->store, filter, &error);
        g_assert_no_error (error);
        filter->limit = 25;
        newest = kesu_store_query_complaints (f->store, filter, &error);
        g_assert_no_error (error);
        all_ids = ids_of (all);
        newest_ids = ids_of (newest);
        if (i == 0 && !with_state)
          g_assert_cmpuint (all_ids->len, ==, 1500);
        g_assert_cmpuint (newest_ids->len, ==, MIN (25, all_ids->len));
        g_assert_cmpmem (newest_ids->data, newest_ids->len * sizeof (gint64),
                         all_ids->data, newest_ids->len * sizeof (gint64));
      }
}

/* A database from before the search indexes gets them, with the complaints and customers
 * already there in them. */
static void
test_migration_builds_index (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "old.db", NULL);
  KesuDb *db = kesu_db_open (path, &error);

  g_assert_no_error (error);
  /* The search step is the newest; should another be added after it, the steps run here
   * include the search's triggers, which then fill the index as the rows go in. */
  g_assert_true (_kesu_search_register (kesu_db_get_handle (db), &error));
  /* The audit triggers of the steps before call these; who acts is f->store's operator. */
  g_assert_true (_kesu_audit_register (f->store, kesu_db_get_handle (db), &error));
  g_assert_true (_kesu_migrations_run_until (db, 0, KESU_SCHEMA_VERSION - 1, &error));
  g_assert_no_error (error);
  g_assert_true (kesu_db_exec (db,
                               "INSERT INTO staff (id, name, role, created_at)"
                               "  VALUES (1, '李强', 'service-advisor', 0);"
                               "INSERT INTO customer (id, name, phone, created_at, updated_at)"
                               "  VALUES (1, '张伟', '13812345678', 0, 0),"
                               "         (2, '李娜', '021-62340000', 0, 0);"
                               "INSERT INTO complaint (id, number, channel, received_at,"
                               "  received_by, customer_id, vehicle_model, plate, description,"
                               "  demand, emotion, category, severity, handler_id, created_at,"
                               "  updated_at)"
                               "  VALUES (1, 'KS-202611-0001', 'phone', 0, 1, 1, '大众', '京A12345',"
                               "          '发动机异响', '维修', 'calm', 'repair-quality', 'normal',"
                               "          1, 0, 0),"
                               "         (2, 'KS-202611-0002', 'phone', 0, 1, 2, '丰田', NULL,"
                               "          '空调不制冷', '退款', 'calm', 'repair-quality', 'normal',"
                               "          1, 0, 0);",
                               &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                            KESU_SCHEMA_VERSION - 1);

    g_assert_true (kesu_db_exec (db, sql, &error));
    g_assert_no_error (error);
  }
  kesu_db_close (db);

  g_clear_object (&f->store);
  f->store = kesu_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kesu_store_get_schema_version (f->store), ==, KESU_SCHEMA_VERSION);
  assert_found (f->store, "异响", "1");
  assert_found (f->store, "发动机异响", "1");
  assert_found (f->store, "5678", "1");
  assert_found (f->store, "伟", "1");
  assert_found (f->store, "京a", "1");
  assert_found (f->store, "0216234", "2");
  assert_found (f->store, "制冷 娜", "2");
  assert_found (f->store, "KS-2026", "1,2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/fixtures", Fixture, NULL, fixture_set_up, test_fixtures,
              fixture_tear_down);
  g_test_add ("/search/changes", Fixture, NULL, fixture_set_up, test_changes,
              fixture_tear_down);
  g_test_add ("/search/like-parity", Fixture, NULL, fixture_set_up, test_like_parity,
              fixture_tear_down);
  g_test_add ("/search/limit", Fixture, NULL, fixture_set_up, test_limit,
              fixture_tear_down);
  g_test_add ("/search/migration", Fixture, NULL, fixture_set_up,
              test_migration_builds_index, fixture_tear_down);

  return g_test_run ();
}
