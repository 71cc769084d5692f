/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "kesu-cli.h"
#include "kesu-clock.h"
#include "kesu-complaint.h"
#include "kesu-csv.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-import.h"
#include "kesu-store.h"
#include "kesu-test-core.h"
#include "kesu-validate.h"

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
  f->store = kesu_test_store_new ("kesu-import", KESU_ROLE_FRONT_DESK, &f->dir, NULL,
                                  &f->operator_id, &f->handler_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static KesuImport *
open_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KesuImport *import = kesu_import_new_from_file (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static KesuComplaint *
find_complaint (KesuStore  *store,
                const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = kesu_store_search_complaints (store, number, &error);
  g_autoptr(KesuComplaint) row = NULL;
  KesuComplaint *complaint;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  row = g_list_model_get_item (found, 0);
  g_assert_cmpstr (kesu_complaint_get_number (row), ==, number);
  complaint = kesu_store_get_complaint (store, kesu_complaint_get_id (row), &error);
  g_assert_no_error (error);
  return complaint;
}

static char *
format_received (const KesuIntake *intake)
{
  return g_date_time_format (intake->received_at, "%Y-%m-%d %H:%M");
}

/* ---- the reader ---- */

static void
test_csv_quoting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCsvTable) table = NULL;
  const char *text = "a,b,c\r\n"
                     "1,\"two, with comma\",\"three\r\nlines \"\"quoted\"\"\"\r\n"
                     "\r\n"
                     ",,\n"
                     "x,y\"z,\n";
  KesuCsvRecord *r;

  table = kesu_csv_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (table->encoding, ==, KESU_CSV_ENCODING_UTF8);
  g_assert_cmpint (table->delimiter, ==, ',');
  g_assert_cmpuint (table->header->line, ==, 1);
  g_assert_cmpuint (table->records->len, ==, 2);  /* the blank lines are left out */

  r = g_ptr_array_index (table->records, 0);
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_cmpstr (kesu_csv_record_get (r, 0), ==, "1");
  g_assert_cmpstr (kesu_csv_record_get (r, 1), ==, "two, with comma");
  g_assert_cmpstr (kesu_csv_record_get (r, 2), ==, "three\nlines \"quoted\"");
  g_assert_cmpstr (kesu_csv_record_get (r, 7), ==, "");

  r = g_ptr_array_index (table->records, 1);
  g_assert_cmpuint (r->line, ==, 6);
  g_assert_cmpstr (kesu_csv_record_get (r, 1), ==, "y\"z");
  g_assert_cmpstr (kesu_csv_record_get (r, 2), ==, "");
}

static void
test_csv_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) wide = g_string_new ("a\n\"");
  g_autoptr(GString) many = g_string_new (NULL);
  KesuCsvTable *table;

  table = kesu_csv_parse ("a,b\n1,\"open\nstill open\n", -1, &error);
  g_assert_null (table);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  for (int i = 0; i < KESU_CSV_MAX_FIELD_CHARS + 1; i++)
    g_string_append (wide, "长");
  g_string_append (wide, "\"\n");
  table = kesu_csv_parse (wide->str, (gssize) wide->len, &error);
  g_assert_null (table);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  for (int i = 0; i <= KESU_CSV_MAX_COLUMNS; i++)
    g_string_append (many, "c,");
  g_string_append (many, "c\n");
  table = kesu_csv_parse (many->str, (gssize) many->len, &error);
  g_assert_null (table);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  table = kesu_csv_parse ("PK\003\004\0\0junk", 10, &error);
  g_assert_null (table);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Excel"));
  g_clear_error (&error);

  /* Bytes that are neither UTF-8 nor GB18030. */
  table = kesu_csv_parse ("a,b\n\xff\xff\xff,\x80\n", -1, &error);
  g_assert_null (table);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);

  table = kesu_csv_parse ("\n\n", -1, &error);
  g_assert_null (table);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
}

static void
test_csv_encodings (void)
{
  const struct
  {
    const char      *name;
    KesuCsvEncoding  encoding;
  } files[] = {
    { "log-utf8.csv", KESU_CSV_ENCODING_UTF8 },
    { "log-utf8-bom.csv", KESU_CSV_ENCODING_UTF8_BOM },
    { "log-gbk.csv", KESU_CSV_ENCODING_GB18030 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(KesuImport) import = open_fixture (files[i].name);
      const KesuCsvTable *table = kesu_import_get_table (import);

      g_assert_cmpint (table->encoding, ==, files[i].encoding);
      g_assert_cmpint (table->delimiter, ==, ',');
      g_assert_cmpuint (kesu_import_get_n_rows (import), ==, 3);
      g_assert_cmpstr (kesu_import_get_column_name (import, 0), ==, "序号");
      g_assert_cmpstr (kesu_import_get_column_name (import, 3), ==, "客户姓名");
      g_assert_cmpstr (kesu_csv_record_get (g_ptr_array_index (table->records, 0), 10), ==,
                       "保养后发动机异响，\n第二天更严重。客户说：\"你们根本没修好\"");
    }
}

/* ---- mapping ---- */

static void
test_guess (void)
{
  const struct
  {
    const char *header;
    int         field;
  } cases[] = {
    { "客户姓名", KESU_FIELD_CUSTOMER_NAME },
    { "姓名", KESU_FIELD_CUSTOMER_NAME },
    { "Name", KESU_FIELD_CUSTOMER_NAME },
    { "Customer Name", KESU_FIELD_CUSTOMER_NAME },
    { "手机", KESU_FIELD_CUSTOMER_PHONE },
    { "联系电话 *", KESU_FIELD_CUSTOMER_PHONE },
    { "车主联系电话", KESU_FIELD_CUSTOMER_PHONE },
    { "Phone", KESU_FIELD_CUSTOMER_PHONE },
    { "其他联系方式", KESU_FIELD_CUSTOMER_OTHER_CONTACT },
    { "车型", KESU_FIELD_VEHICLE_MODEL },
    { "VIN", KESU_FIELD_VIN },
    { "车架号", KESU_FIELD_VIN },
    { "车牌号", KESU_FIELD_PLATE },
    { "购车日期", KESU_FIELD_PURCHASE_DATE },
    { "里程（km）", KESU_FIELD_MILEAGE },
    { "公里数", KESU_FIELD_MILEAGE },
    { "事情经过", KESU_FIELD_DESCRIPTION },
    { "Description", KESU_FIELD_DESCRIPTION },
    { "客户诉求", KESU_FIELD_DEMAND },
    { "Demand", KESU_FIELD_DEMAND },
    { "渠道", KESU_FIELD_CHANNEL },
    { "投诉时间", KESU_FIELD_RECEIVED_AT },
    { "日期", KESU_FIELD_RECEIVED_AT },
    { "Date", KESU_FIELD_RECEIVED_AT },
    { "发生时间", KESU_FIELD_OCCURRED_ON },
    { "发生地点", KESU_FIELD_OCCURRED_PLACE },
    { "投诉类别", KESU_FIELD_CATEGORY },
    { "Severity", KESU_FIELD_SEVERITY },
    { "负责人", KESU_FIELD_HANDLER },
    { "Handler", KESU_FIELD_HANDLER },
    { "受理人", KESU_FIELD_RECEIVED_BY },
    { "地址", KESU_FIELD_CUSTOMER_ADDRESS },
    { "工单号", KESU_FIELD_ORDER_NUMBER },
    { "情绪", KESU_FIELD_EMOTION },
    { "客户类型", KESU_FIELD_CUSTOMER_TYPE },
    { "回访时间", KESU_IMPORT_IGNORE },
    { "序号", KESU_IMPORT_IGNORE },
    { "状态", KESU_IMPORT_STATE },
    { "处理状态", KESU_IMPORT_STATE },
    { "Status", KESU_IMPORT_STATE },
    { "车辆状态", KESU_IMPORT_IGNORE },
    { "结案日期", KESU_IMPORT_CLOSED_AT },
    { "Closed on", KESU_IMPORT_CLOSED_AT },
    { "预计结案日期", KESU_IMPORT_IGNORE },
    { "处理结果", KESU_IMPORT_RESULT },
    { "Result", KESU_IMPORT_RESULT },
    { "", KESU_IMPORT_IGNORE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].header);
      g_assert_cmpint (kesu_import_guess_field (cases[i].header), ==, cases[i].field);
    }
}

/* ---- importing ---- */

static void
check_utf8_log (Fixture *f)
{
  g_autoptr(KesuComplaint) a = find_complaint (f->store, "KS-202603-0001");
  g_autoptr(KesuComplaint) b = find_complaint (f->store, "KS-202603-0002");
  g_autoptr(KesuComplaint) c = find_complaint (f->store, "KS-202604-0001");
  const KesuIntake *in;
  g_autofree char *received_a = NULL;
  g_autofree char *received_b = NULL;
  g_autofree char *received_c = NULL;

  /* Numbers follow the received time, not the order of the file. */
  in = kesu_complaint_get_intake (a);
  received_a = format_received (in);
  g_assert_cmpstr (received_a, ==, "2026-03-05 09:30");
  g_assert_cmpstr (in->customer_name, ==, "张伟");
  g_assert_cmpstr (in->customer_phone, ==, "13812345678");
  g_assert_cmpint (in->channel, ==, KESU_CHANNEL_PHONE);
  g_assert_cmpstr (in->vehicle_model, ==, "博越 1.5T");
  g_assert_cmpstr (in->vin, ==, "LSVAU218XN2183294");
  g_assert_cmpstr (in->plate, ==, "沪A12345");
  g_assert_cmpstr (in->purchase_date, ==, "2025-06-18");
  g_assert_cmpstr (in->mileage, ==, "12345");
  g_assert_cmpstr (in->description, ==, "交车时承诺的脚垫和行车记录仪至今未兑现");
  g_assert_cmpstr (in->demand, ==, "尽快补齐赠品");
  g_assert_cmpint (in->category, ==, KESU_CATEGORY_PROMISE);
  g_assert_cmpint (in->severity, ==, KESU_SEVERITY_NORMAL);
  g_assert_cmpint (in->emotion, ==, KESU_EMOTION_CALM);
  g_assert_cmpint (in->handler_id, ==, f->operator_id);
  g_assert_cmpint (in->received_by, ==, f->operator_id);  /* empty: the operator */
  g_assert_cmpint (kesu_complaint_get_state (a), ==, KESU_STATE_RECEIVED);

  in = kesu_complaint_get_intake (b);
  received_b = format_received (in);
  g_assert_cmpstr (received_b, ==, "2026-03-12 14:05");
  g_assert_cmpstr (in->customer_name, ==, "李娜");
  g_assert_cmpstr (in->customer_phone, ==, "021-62345678");
  g_assert_cmpint (in->channel, ==, KESU_CHANNEL_WALK_IN);
  g_assert_cmpstr (in->vehicle_model, ==, "星越L 2.0T");
  g_assert_cmpstr (in->vin, ==, "LGBH52E02PY123456");
  g_assert_cmpstr (in->plate, ==, "沪B6D789");
  g_assert_cmpstr (in->purchase_date, ==, "2025-08-01");
  g_assert_cmpstr (in->mileage, ==, "8800");
  g_assert_cmpstr (in->description, ==,
                   "保养后发动机异响，\n第二天更严重。客户说：\"你们根本没修好\"");
  g_assert_cmpstr (in->demand, ==, "免费重新检修并书面说明原因");
  g_assert_cmpint (in->category, ==, KESU_CATEGORY_REPAIR_QUALITY);
  g_assert_cmpint (in->severity, ==, KESU_SEVERITY_IMPORTANT);
  g_assert_cmpint (in->emotion, ==, KESU_EMOTION_ANGRY);
  g_assert_cmpint (in->handler_id, ==, f->handler_id);
  g_assert_cmpint (in->received_by, ==, f->operator_id);
  g_assert_cmpstr (in->customer_address, ==, "上海市徐汇区漕溪北路88号");
  g_assert_cmpstr (in->order_number, ==, "WO-2026-0311");
  g_assert_cmpstr (in->occurred_on, ==, "2026-03-11");
  g_assert_cmpstr (in->occurred_place, ==, "售后车间");
  /* The log says 已结案: the case comes in closed. */
  g_assert_cmpint (kesu_complaint_get_state (b), ==, KESU_STATE_CLOSED);

  in = kesu_complaint_get_intake (c);
  received_c = format_received (in);
  g_assert_cmpstr (received_c, ==, "2026-04-02 00:00");
  g_assert_cmpstr (in->customer_phone, ==, "13900001111");
  g_assert_cmpint (in->channel, ==, KESU_CHANNEL_WECHAT);
  g_assert_cmpint (in->category, ==, KESU_CATEGORY_REPAIR_QUALITY);
  g_assert_cmpint (in->severity, ==, KESU_SEVERITY_URGENT);
  g_assert_cmpint (in->emotion, ==, KESU_EMOTION_ANXIOUS);
  g_assert_cmpint (in->received_by, ==, f->handler_id);
  g_assert_true (in->vin == NULL || in->vin[0] == '\0');
  /* 调查中 is still open: it comes in as received. */
  g_assert_cmpint (kesu_complaint_get_state (c), ==, KESU_STATE_RECEIVED);
}

static void
test_import_encodings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) import = open_fixture (data);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(KesuComplaint) a = NULL;
  guint n;

  n = kesu_import_run (import, f->store, FALSE, &problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = kesu_import_problem_format (g_ptr_array_index (problems, i));

      g_test_message ("%s", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 3);
  check_utf8_log (f);

  /* The timeline's first entry is the import: its time and its operator. */
  a = find_complaint (f->store, "KS-202603-0001");
  events = kesu_store_list_events (f->store, kesu_complaint_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 1);
  g_assert_cmpint (((KesuEvent *) g_ptr_array_index (events, 0))->at, ==,
                   kesu_clock_now_unix ());
  g_assert_cmpint (((KesuEvent *) g_ptr_array_index (events, 0))->staff_id, ==, f->operator_id);
}

static void
test_import_tab (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) import = open_fixture ("log-tab.tsv");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KesuComplaint) a = NULL;
  g_autoptr(KesuComplaint) b = NULL;
  const KesuIntake *in;

  g_assert_cmpint (kesu_import_get_table (import)->delimiter, ==, '\t');
  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  a = find_complaint (f->store, "KS-202605-0001");
  in = kesu_complaint_get_intake (a);
  g_assert_cmpstr (in->customer_name, ==, "赵敏");
  g_assert_cmpstr (in->description, ==, "Paint\tdefect on the door; \"new\" car");
  g_assert_cmpint (in->channel, ==, KESU_CHANNEL_WALK_IN);
  g_assert_cmpint (in->category, ==, KESU_CATEGORY_VEHICLE_QUALITY);
  g_assert_cmpint (in->severity, ==, KESU_SEVERITY_IMPORTANT);
  g_assert_cmpint (in->handler_id, ==, f->handler_id);

  b = find_complaint (f->store, "KS-202605-0002");
  in = kesu_complaint_get_intake (b);
  g_assert_cmpint (in->channel, ==, KESU_CHANNEL_EMAIL);
  g_assert_cmpint (in->category, ==, KESU_CATEGORY_PRICE);
  g_assert_cmpint (in->severity, ==, KESU_SEVERITY_NORMAL);
  g_assert_cmpint (in->handler_id, ==, f->operator_id);
}

static void
test_import_newlines (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) import = open_fixture ("log-newline.csv");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KesuComplaint) a = NULL;
  g_autoptr(KesuComplaint) b = NULL;
  const KesuCsvTable *table = kesu_import_get_table (import);

  /* The second record starts on line 6: the first spans lines 2 to 5. */
  g_assert_cmpuint (((KesuCsvRecord *) g_ptr_array_index (table->records, 1))->line, ==, 6);
  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 2);
  g_assert_no_error (error);

  a = find_complaint (f->store, "KS-202606-0001");
  g_assert_cmpstr (kesu_complaint_get_intake (a)->description, ==,
                   "第一行\n第二行\n\n第四行，逗号, \"引号\"");
  g_assert_cmpstr (kesu_complaint_get_intake (a)->demand, ==, "只要\"说法\"");
  b = find_complaint (f->store, "KS-202606-0002");
  g_assert_cmpstr (kesu_complaint_get_intake (b)->customer_name, ==, "孔十一");
}

/* Every bad row is reported with its line; nothing at all is imported. */
static void
test_import_bad (Fixture       *f,
                 gconstpointer  data)
{
  const struct
  {
    guint       line;
    const char *column;
  } expected[] = {
    { 3, "受理时间" },
    { 4, "联系电话" },
    { 5, "投诉类别" },
    { 8, "处理人" },
    { 9, "受理时间" },
    { 10, "车架号" },
    { 10, "投诉内容" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) import = open_fixture ("log-bad.csv");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  KesuImportProblem *p;

  checked = kesu_import_check (import, f->store);
  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (checked->len, ==, problems->len);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = NULL;

      p = g_ptr_array_index (problems, i);
      text = kesu_import_problem_format (p);
      g_test_message ("%s", text);
      g_assert_cmpuint (p->line, ==, expected[i].line);
      g_assert_cmpstr (p->column, ==, expected[i].column);
      g_assert_cmpuint (((KesuImportProblem *) g_ptr_array_index (checked, i))->line, ==,
                        p->line);
    }
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->message, ==, "This date does not exist.");
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpstr (p->message, ==, "“外星人入侵” is not a category Kesu knows.");
  p = g_ptr_array_index (problems, 3);
  g_assert_cmpstr (p->message, ==, "No active staff member is called “赵六”.");
  p = g_ptr_array_index (problems, 4);
  g_assert_cmpstr (p->message, ==, "The received time is in the future.");
  p = g_ptr_array_index (problems, 6);
  g_assert_cmpstr (p->message, ==, "This field is required.");
  {
    g_autofree char *text = kesu_import_problem_format (g_ptr_array_index (problems, 2));

    g_assert_cmpstr (text, ==, "line 5: 投诉类别: “外星人入侵” is not a category Kesu knows.");
  }
}

/* Unknown handlers may be added as staff instead, when asked. */
static void
test_import_create_staff (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCsvTable) table = NULL;
  g_autoptr(KesuImport) import = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(KesuComplaint) a = NULL;
  gboolean found = FALSE;

  table = kesu_csv_parse ("日期,姓名,手机,内容,诉求,处理人\n"
                          "2026-07-01,甲,13800000021,事由一,要求一,赵六\n"
                          "2026-07-02,乙,13800000022,事由二,要求二,赵六\n", -1, &error);
  g_assert_no_error (error);
  import = kesu_import_new (g_steal_pointer (&table));

  g_assert_cmpuint (kesu_import_run (import, f->store, TRUE, &problems, &error), ==, 0);
  g_assert_cmpuint (problems->len, ==, 2);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Adding people is for someone who may manage staff: not the front desk (nothing is
   * imported then), a manager. */
  kesu_import_set_create_staff (import, TRUE);
  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 0);
  g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);
  {
    gint64 manager = kesu_test_add_staff (f->store, "陈经理", KESU_ROLE_AFTER_SALES_MANAGER,
                                          NULL, &error);

    g_assert_no_error (error);
    kesu_store_set_operator (f->store, manager);
  }
  g_assert_cmpuint (kesu_import_run (import, f->store, TRUE, &problems, &error), ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  staff = kesu_store_list_staff (f->store);
  g_assert_cmpuint (staff->len, ==, 3);  /* a dry run adds nobody */
  g_clear_pointer (&staff, g_ptr_array_unref);

  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 2);
  g_assert_no_error (error);
  staff = kesu_store_list_staff (f->store);
  g_assert_cmpuint (staff->len, ==, 4);  /* once, however many rows name them */
  a = find_complaint (f->store, "KS-202607-0002");
  for (guint i = 0; i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);

      if (g_str_equal (s->name, "赵六"))
        {
          g_assert_cmpint (s->role, ==, KESU_ROLE_SERVICE_ADVISOR);
          g_assert_cmpint (kesu_complaint_get_intake (a)->handler_id, ==, s->id);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_import_mapping (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) import = open_fixture ("log-utf8.csv");
  g_autoptr(GPtrArray) problems = NULL;
  KesuImportProblem *p;

  /* No column for the demand: one problem on the header line, not one a row. */
  g_assert_cmpint (kesu_import_get_mapping (import, 11), ==, KESU_FIELD_DEMAND);
  kesu_import_set_mapping (import, 11, KESU_IMPORT_IGNORE);
  problems = kesu_import_check (import, f->store);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (p->line, ==, 1);
  g_assert_cmpstr (p->column, ==, "What the customer wants");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Two columns for one field. */
  kesu_import_set_mapping (import, 11, KESU_FIELD_DEMAND);
  kesu_import_set_mapping (import, 0, KESU_FIELD_DEMAND);
  problems = kesu_import_check (import, f->store);
  g_assert_cmpuint (problems->len, >=, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (p->line, ==, 1);
  g_assert_nonnull (strstr (p->message, "序号"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  kesu_import_set_mapping (import, 0, KESU_IMPORT_IGNORE);
  g_assert_cmpuint (kesu_import_run (import, f->store, TRUE, &problems, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);  /* dry run */
}

/* A second import numbers on from the first, in each month. */
static void
test_import_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) first = open_fixture ("log-utf8.csv");
  g_autoptr(KesuImport) second = open_fixture ("log-gbk.csv");
  g_autoptr(KesuComplaint) c = NULL;

  g_assert_cmpuint (kesu_import_run (first, f->store, FALSE, NULL, &error), ==, 3);
  g_assert_cmpuint (kesu_import_run (second, f->store, FALSE, NULL, &error), ==, 3);
  g_assert_no_error (error);
  c = find_complaint (f->store, "KS-202603-0004");
  g_assert_cmpstr (kesu_complaint_get_intake (c)->customer_name, ==, "李娜");
}

/* ---- how cases ended ---- */

/* The stored closed_at of a complaint; 0 when NULL. */
static gint64
closed_at_of (KesuStore *store,
              gint64     id)
{
  g_autoptr(GError) error = NULL;
  KesuStatement *stmt = kesu_db_prepare (kesu_store_get_db (store),
                                         "SELECT coalesce (closed_at, 0) FROM complaint"
                                         " WHERE id = ?1",
                                         &error);
  gint64 at;

  g_assert_no_error (error);
  kesu_statement_bind_int64 (stmt, 1, id);
  g_assert_true (kesu_statement_step (stmt, &error));
  at = kesu_statement_get_int64 (stmt, 0);
  kesu_statement_reset (stmt);
  return at;
}

static KesuEvent *
last_event (KesuStore *store,
            gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = kesu_store_list_events (store, id, &error);
  KesuEvent *last;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 1);
  last = g_ptr_array_steal_index (events, events->len - 1);
  return last;
}

static gboolean
ids_contain (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Closed and withdrawn cases of an old log come in ended: not overdue, never escalated. */
static void
test_import_closed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuImport) import = open_fixture ("log-closed.csv");
  g_autoptr(KesuImport) good = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GListModel) overdue = NULL;
  g_autoptr(GArray) escalated = NULL;
  g_autoptr(KesuFilter) filter = kesu_filter_new ();
  g_autoptr(KesuCsvTable) table = NULL;
  g_autofree char *path = fixture_path ("log-closed.csv");
  g_autofree char *text = NULL;
  g_autofree char *formatted = NULL;
  gint64 now = kesu_clock_now_unix ();
  const char *operator_name;
  struct
  {
    const char *number;
    KesuState   state;
    gint64      closed_at;  /* 0: none */
    gint64      ended_at;   /* the MOVED event's ref_time; 0: no MOVED event */
    const char *note;       /* the last event's detail; "": none */
    gint64      id;
  } expected[] = {
    { "KS-202603-0001", KESU_STATE_CLOSED, kesu_test_local_unix (2026, 3, 10, 16, 30),
      kesu_test_local_unix (2026, 3, 10, 16, 30),
      "Imported from the old complaint log. Result: 已清洗空调，客户满意", 0 },
    { "KS-202603-0002", KESU_STATE_WITHDRAWN, 0, kesu_test_local_unix (2026, 3, 3, 10, 0),
      "Imported from the old complaint log. Result: 客户撤回投诉", 0 },
    { "KS-202603-0003", KESU_STATE_RECEIVED, 0, 0,
      "Imported from the old complaint log. Result: 等待配件", 0 },
    /* Closed without a date: at the received time. */
    { "KS-202603-0004", KESU_STATE_CLOSED, kesu_test_local_unix (2026, 3, 5, 12, 0),
      kesu_test_local_unix (2026, 3, 5, 12, 0), "Imported from the old complaint log.", 0 },
    /* A closing day alone, the day it came in: not before it came in. */
    { "KS-202603-0005", KESU_STATE_CLOSED, kesu_test_local_unix (2026, 3, 6, 13, 0),
      kesu_test_local_unix (2026, 3, 6, 13, 0), "Imported from the old complaint log.", 0 },
    { "KS-202603-0006", KESU_STATE_RECEIVED, 0, 0, "", 0 },
  };

  g_assert_cmpint (kesu_import_get_mapping (import, 5), ==, KESU_IMPORT_STATE);
  g_assert_cmpint (kesu_import_get_mapping (import, 6), ==, KESU_IMPORT_CLOSED_AT);
  g_assert_cmpint (kesu_import_get_mapping (import, 7), ==, KESU_IMPORT_RESULT);

  /* An unknown state is a problem of its row, in the dry run too: nothing comes in. */
  g_assert_cmpuint (kesu_import_run (import, f->store, TRUE, &problems, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, &problems, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  formatted = kesu_import_problem_format (g_ptr_array_index (problems, 0));
  g_assert_cmpstr (formatted, ==,
                   "line 8: 处理状态: “外星人处理” is not a state Kesu knows: closed, "
                   "withdrawn, or empty for an open case.");
  g_assert_cmpuint (kesu_store_count_complaints (f->store), ==, 0);

  /* Without that row, the rest comes in. */
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  *strstr (text, "2026-03-08") = '\0';
  table = kesu_csv_parse (text, -1, &error);
  g_assert_no_error (error);
  good = kesu_import_new (g_steal_pointer (&table));
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_cmpuint (kesu_import_run (good, f->store, FALSE, &problems, &error), ==, 6);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  {
    g_autoptr(KesuStaff) op = kesu_store_get_staff (f->store, f->operator_id);

    operator_name = g_intern_string (op->name);
  }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(KesuComplaint) c = find_complaint (f->store, expected[i].number);
      g_autoptr(KesuEvent) last = NULL;

      g_test_message ("%s", expected[i].number);
      expected[i].id = kesu_complaint_get_id (c);
      g_assert_cmpint (kesu_complaint_get_state (c), ==, expected[i].state);
      g_assert_cmpint (closed_at_of (f->store, expected[i].id), ==, expected[i].closed_at);

      last = last_event (f->store, expected[i].id);
      g_assert_cmpstr (last->detail != NULL ? last->detail : "", ==, expected[i].note);
      g_assert_cmpint (last->at, ==, now);  /* the import's own time */
      g_assert_cmpstr (last->staff_name, ==, operator_name);
      if (expected[i].ended_at > 0)
        {
          g_assert_cmpint (last->kind, ==, KESU_EVENT_MOVED);
          g_assert_cmpint (last->from_state, ==, KESU_STATE_RECEIVED);
          g_assert_cmpint (last->to_state, ==, expected[i].state);
          g_assert_cmpint (last->ref_time, ==, expected[i].ended_at);
        }
      else if (expected[i].note[0] != '\0')
        g_assert_cmpint (last->kind, ==, KESU_EVENT_NOTE);
      else
        g_assert_cmpint (last->kind, ==, KESU_EVENT_RECEIVED);
    }

  /* Only the open ones are overdue, and only they escalate. */
  filter->overdue_only = TRUE;
  overdue = kesu_store_query_complaints (f->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (overdue); i++)
    {
      g_autoptr(KesuComplaint) c = g_list_model_get_item (overdue, i);

      g_assert_cmpint (kesu_complaint_get_state (c), ==, KESU_STATE_RECEIVED);
    }
  escalated = kesu_store_escalate_overdue (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalated->len, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (ids_contain (escalated, expected[i].id), ==,
                     expected[i].state == KESU_STATE_RECEIVED);
}

/* What the state and the closing time may not say; each is its row's problem. */
static void
test_import_closed_problems (Fixture       *f,
                             gconstpointer  data)
{
  const struct
  {
    guint       line;
    const char *column;
    const char *message;
  } expected[] = {
    { 2, "结案日期", "The log gives a closing time, but its state says the case is open." },
    { 3, "结案日期", "A case cannot end before it was received." },
    { 4, "结案日期", "The time the case ended is in the future." },
    { 5, "结案日期", "A case cannot end before it was received." },
    { 6, "结案日期", "This date does not exist." },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCsvTable) table = NULL;
  g_autoptr(KesuImport) import = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  table = kesu_csv_parse ("受理时间,姓名,手机,内容,诉求,状态,结案日期\n"
                          "2026-07-01 10:00,甲,13800000041,事由一,要求一,处理中,2026-07-02\n"
                          "2026-07-02 10:00,乙,13800000042,事由二,要求二,已结案,2026-07-01\n"
                          "2026-07-03 10:00,丙,13800000043,事由三,要求三,已结案,2026-12-01\n"
                          "2026-07-04 10:00,丁,13800000044,事由四,要求四,已撤诉,"
                          "2026-07-04 09:00\n"
                          "2026-07-05 10:00,戊,13800000045,事由五,要求五,已结案,2026-02-30\n",
                          -1, &error);
  g_assert_no_error (error);
  import = kesu_import_new (g_steal_pointer (&table));
  g_assert_cmpuint (kesu_import_run (import, f->store, TRUE, &problems, &error), ==, 0);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = kesu_import_problem_format (g_ptr_array_index (problems, i));

      g_test_message ("%s", text);
    }
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < problems->len; i++)
    {
      KesuImportProblem *p = g_ptr_array_index (problems, i);

      g_assert_cmpuint (p->line, ==, expected[i].line);
      g_assert_cmpstr (p->column, ==, expected[i].column);
      g_assert_cmpstr (p->message, ==, expected[i].message);
    }
}

/* The bypass of the workflow is for a case just imported, to closed or withdrawn only. */
static void
test_imported_state_refusals (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuCsvTable) table = NULL;
  g_autoptr(KesuImport) import = NULL;
  g_autoptr(KesuComplaint) a = NULL;
  g_autoptr(KesuComplaint) b = NULL;
  g_autoptr(KesuComplaint) c = NULL;
  gint64 received, id;
  const char *note = "Imported from the old complaint log.";

  table = kesu_csv_parse ("受理时间,姓名,手机,内容,诉求\n"
                          "2026-07-01 10:00,甲,13800000051,事由一,要求一\n"
                          "2026-07-02 10:00,乙,13800000052,事由二,要求二\n"
                          "2026-07-03 10:00,丙,13800000053,事由三,要求三\n", -1, &error);
  g_assert_no_error (error);
  import = kesu_import_new (g_steal_pointer (&table));
  g_assert_cmpuint (kesu_import_run (import, f->store, FALSE, NULL, &error), ==, 3);
  g_assert_no_error (error);
  a = find_complaint (f->store, "KS-202607-0001");
  b = find_complaint (f->store, "KS-202607-0002");
  c = find_complaint (f->store, "KS-202607-0003");
  id = kesu_complaint_get_id (a);
  received = kesu_complaint_get_received_unix (a);

  /* Only to closed or withdrawn. */
  for (KesuState s = KESU_STATE_RECEIVED; s < KESU_N_STATES; s++)
    if (s != KESU_STATE_CLOSED && s != KESU_STATE_WITHDRAWN)
      {
        g_assert_false (kesu_store_set_imported_state (f->store, id, s, received, note,
                                                       &error));
        g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
        g_clear_error (&error);
      }
  /* Not before it was received, not in the future. */
  g_assert_false (kesu_store_set_imported_state (f->store, id, KESU_STATE_CLOSED, received - 60,
                                                 note, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A case cannot end before it was received.");
  g_clear_error (&error);
  g_assert_false (kesu_store_set_imported_state (f->store, id, KESU_STATE_CLOSED,
                                                 kesu_clock_now_unix () + 60, note, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, id), ==, KESU_STATE_RECEIVED);
  g_assert_cmpint (closed_at_of (f->store, id), ==, 0);

  /* A case that has moved on its own is no longer the old log's. */
  g_assert_true (kesu_store_move (f->store, kesu_complaint_get_id (b),
                                  KESU_STATE_INVESTIGATING, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_set_imported_state (f->store, kesu_complaint_get_id (b),
                                                 KESU_STATE_CLOSED,
                                                 kesu_complaint_get_received_unix (b), note,
                                                 &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, kesu_complaint_get_id (b)), ==,
                   KESU_STATE_INVESTIGATING);

  /* Nor one with anything recorded on it, though still received. */
  g_assert_true (kesu_store_add_note (f->store, kesu_complaint_get_id (c), "客户来电催问",
                                      &error));
  g_assert_no_error (error);
  g_assert_false (kesu_store_set_imported_state (f->store, kesu_complaint_get_id (c),
                                                 KESU_STATE_WITHDRAWN,
                                                 kesu_complaint_get_received_unix (c), note,
                                                 &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kesu_test_state_of (f->store, kesu_complaint_get_id (c)), ==,
                   KESU_STATE_RECEIVED);

  /* The one that qualifies: once. */
  g_assert_true (kesu_store_set_imported_state (f->store, id, KESU_STATE_CLOSED, received,
                                                note, &error));
  g_assert_no_error (error);
  g_assert_cmpint (closed_at_of (f->store, id), ==, received);
  g_assert_false (kesu_store_set_imported_state (f->store, id, KESU_STATE_CLOSED, received,
                                                 note, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
}

/* ---- the command line ---- */

static int
run_cli (const char *fixture,
         gboolean    dry_run,
         guint      *out_count)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = fixture_path (fixture);
  g_autoptr(KesuStore) store = NULL;
  int status;

  store = kesu_test_store_new ("kesu-import-cli", KESU_ROLE_FRONT_DESK, &dir, NULL, NULL,
                               NULL);
  status = kesu_cli_import_csv (store, path, dry_run);
  *out_count = kesu_store_count_complaints (store);
  g_clear_object (&store);
  kesu_test_remove_dir (dir);
  return status;
}

static void
test_cli (void)
{
  if (g_test_subprocess ())
    {
      const char *which = g_getenv ("KESU_TEST_CLI");
      g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 10, 0, 0);
      guint count = 0;
      int status;

      /* g_printerr writes in the locale's character set: Chinese needs UTF-8. */
      setlocale (LC_ALL, "C.UTF-8");
      kesu_clock_set_fixed (now);
      if (g_str_equal (which, "good"))
        {
          status = run_cli ("log-utf8.csv", FALSE, &count);
          g_assert_cmpuint (count, ==, 3);
        }
      else if (g_str_equal (which, "dry"))
        {
          status = run_cli ("log-utf8.csv", TRUE, &count);
          g_assert_cmpuint (count, ==, 0);
        }
      else if (g_str_equal (which, "bad"))
        {
          status = run_cli ("log-bad.csv", FALSE, &count);
          g_assert_cmpuint (count, ==, 0);
        }
      else
        {
          status = run_cli ("no-such-file.csv", FALSE, &count);
          g_assert_cmpuint (count, ==, 0);
        }
      /* exit () runs no cleanup: let go of the clock's time first. */
      kesu_clock_set_fixed (NULL);
      g_clear_pointer (&now, g_date_time_unref);
      exit (status);
    }

  g_setenv ("KESU_TEST_CLI", "good", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("Imported 3 complaints.\n");
  g_test_trap_assert_stderr ("");

  g_setenv ("KESU_TEST_CLI", "dry", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("3 rows checked: no problems. Nothing was imported (dry run).\n");

  g_setenv ("KESU_TEST_CLI", "bad", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("line 3: 受理时间: This date does not exist.\n"
                             "line 4: 联系电话: *\n"
                             "line 5: 投诉类别: “外星人入侵” is not a category Kesu knows.\n"
                             "line 8: 处理人: No active staff member is called “赵六”.\n"
                             "line 9: 受理时间: The received time is in the future.\n"
                             "line 10: 车架号: *\n"
                             "line 10: 投诉内容: This field is required.\n"
                             "Nothing was imported: 6 rows have problems.\n");

  g_setenv ("KESU_TEST_CLI", "missing", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*no-such-file.csv*");
  g_unsetenv ("KESU_TEST_CLI");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import/csv/quoting", test_csv_quoting);
  g_test_add_func ("/import/csv/refusals", test_csv_refusals);
  g_test_add_func ("/import/csv/encodings", test_csv_encodings);
  g_test_add_func ("/import/guess", test_guess);
#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/utf8", "log-utf8.csv", test_import_encodings);
  ADD ("/import/utf8-bom", "log-utf8-bom.csv", test_import_encodings);
  ADD ("/import/gbk", "log-gbk.csv", test_import_encodings);
  ADD ("/import/tab", NULL, test_import_tab);
  ADD ("/import/newlines", NULL, test_import_newlines);
  ADD ("/import/bad", NULL, test_import_bad);
  ADD ("/import/create-staff", NULL, test_import_create_staff);
  ADD ("/import/mapping", NULL, test_import_mapping);
  ADD ("/import/twice", NULL, test_import_twice);
  ADD ("/import/closed", NULL, test_import_closed);
  ADD ("/import/closed-problems", NULL, test_import_closed_problems);
  ADD ("/import/imported-state-refusals", NULL, test_imported_state_refusals);
#undef ADD
  g_test_add_func ("/import/cli", test_cli);

  return g_test_run ();
}
