/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-import"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-import.h"
#include "kesu-validate.h"

struct _KesuImport
{
  KesuCsvTable *table;
  int          *mapping;        /* per source column: a KesuField or KESU_IMPORT_IGNORE */
  gint64        default_staff;  /* 0: the operator */
  gboolean      create_staff;
};

/* One row as read: the intake to add, names of staff to create first, and how the case
 * ended when the log says so. */
typedef struct
{
  guint       line;
  KesuIntake *intake;
  char       *new_handler;
  char       *new_receiver;
  KesuState   state;     /* received (open), closed or withdrawn */
  gint64      ended_at;  /* closed or withdrawn: when */
  char       *note;      /* for the timeline; NULL: none */
} Row;

static void
row_free (Row *row)
{
  g_clear_pointer (&row->intake, kesu_intake_free);
  g_free (row->new_handler);
  g_free (row->new_receiver);
  g_free (row->note);
  g_free (row);
}

/* ---- fields and their names in logs ---- */

/* Aliases are compared after normalize_name (); a leading '=' means "the whole header
 * only", for words too general to be looked for inside a longer header. */
typedef struct
{
  int          field;  /* a KesuField or KesuImportTarget */
  const char  *label;
  const char  *aliases[16];
} FieldInfo;

static const FieldInfo fields[] = {
  { KESU_FIELD_CUSTOMER_NAME, N_("Customer name"),
    { "客户姓名", "=姓名", "=客户", "客户名称", "车主姓名", "=车主", "投诉人", "投诉人姓名",
      "=name", "customer", "customername", NULL } },
  { KESU_FIELD_CUSTOMER_PHONE, N_("Phone"),
    { "电话", "手机", "手机号", "联系电话", "客户电话", "电话号码", "手机号码", "联系方式",
      "phone", "mobile", "telephone", "=tel", NULL } },
  { KESU_FIELD_CUSTOMER_OTHER_CONTACT, N_("Other contact"),
    { "其他联系方式", "其它联系方式", "微信号", "othercontact", "wechatid", NULL } },
  { KESU_FIELD_CUSTOMER_ADDRESS, N_("Address"),
    { "地址", "客户地址", "联系地址", "住址", "address", NULL } },
  { KESU_FIELD_RECEIVED_AT, N_("Received at"),
    { "受理时间", "投诉时间", "投诉日期", "受理日期", "登记时间", "登记日期", "=日期", "=时间",
      "receivedat", "=received", "=date", "=time", "=datetime", NULL } },
  { KESU_FIELD_CHANNEL, N_("Channel"),
    { "投诉渠道", "渠道", "受理渠道", "投诉方式", "=来源", "=投诉来源", "channel", "=source",
      NULL } },
  { KESU_FIELD_RECEIVED_BY, N_("Received by"),
    { "受理人", "接待人", "登记人", "记录人", "接待员", "receivedby", "receiver", "recordedby",
      NULL } },
  { KESU_FIELD_VEHICLE_MODEL, N_("Model"),
    { "车型", "车辆型号", "车系", "=model", "vehiclemodel", "carmodel", "=vehicle", NULL } },
  { KESU_FIELD_VIN, N_("VIN"),
    { "车架号", "车辆识别代号", "车辆识别码", "底盘号", "=vin", "vinnumber", NULL } },
  { KESU_FIELD_PLATE, N_("Plate"),
    { "车牌", "车牌号", "车牌号码", "号牌", "plate", "licenceplate", "licenseplate", NULL } },
  { KESU_FIELD_PURCHASE_DATE, N_("Purchase date"),
    { "购车日期", "购买日期", "购车时间", "开票日期", "purchasedate", "=purchased", NULL } },
  { KESU_FIELD_MILEAGE, N_("Mileage (km)"),
    { "里程", "公里数", "行驶里程", "里程数", "mileage", "odometer", "=km", NULL } },
  { KESU_FIELD_DESCRIPTION, N_("What happened"),
    { "投诉内容", "问题描述", "事情经过", "投诉事项", "情况描述", "=内容", "=描述", "=问题",
      "description", "=complaint", "=details", "whathappened", NULL } },
  { KESU_FIELD_OCCURRED_ON, N_("When it happened"),
    { "发生时间", "发生日期", "occurredon", "=occurred", "whenithappened", NULL } },
  { KESU_FIELD_OCCURRED_PLACE, N_("Where it happened"),
    { "发生地点", "=地点", "occurredplace", "=place", "whereithappened", NULL } },
  { KESU_FIELD_DEMAND, N_("What the customer wants"),
    { "客户诉求", "诉求", "客户要求", "=要求", "demand", "whatthecustomerwants", "=request",
      NULL } },
  { KESU_FIELD_ORDER_NUMBER, N_("Contract / repair order"),
    { "合同号", "工单号", "合同/工单号", "维修工单号", "销售合同号", "=单号", "ordernumber",
      "contract", "repairorder", NULL } },
  { KESU_FIELD_STAFF_INVOLVED, N_("Staff involved"),
    { "涉及人员", "相关人员", "涉事员工", "涉及员工", "staffinvolved", NULL } },
  { KESU_FIELD_CATEGORY, N_("Category"),
    { "投诉类别", "类别", "投诉类型", "=分类", "=类型", "问题类别", "category", "=type", NULL } },
  { KESU_FIELD_SEVERITY, N_("Severity"),
    { "严重程度", "=等级", "=级别", "重要程度", "紧急程度", "severity", "=priority", NULL } },
  { KESU_FIELD_HANDLER, N_("Handler"),
    { "处理人", "负责人", "责任人", "第一责任人", "跟进人", "handler", "=owner",
      "=responsible", NULL } },
  { KESU_FIELD_EMOTION, N_("Emotional state"),
    { "情绪", "客户情绪", "emotion", "=mood", "emotionalstate", NULL } },
  { KESU_FIELD_CUSTOMER_TYPE, N_("Customer type"),
    { "客户类型", "customertype", NULL } },
  { KESU_IMPORT_STATE, N_("State"),
    { "=状态", "处理状态", "结案状态", "投诉状态", "=state", "=status", NULL } },
  { KESU_IMPORT_CLOSED_AT, N_("Closed on"),
    /* Whole headers only: "预计结案日期" (when it should close) is no closing date. */
    { "=结案日期", "=结案时间", "=关闭日期", "=关闭时间", "=closed", "=closedon", "=closedat",
      NULL } },
  { KESU_IMPORT_RESULT, N_("Result"),
    { "处理结果", "=结果", "结案结果", "=result", "=outcome", NULL } },
};

/* Fields an intake cannot be without: a log that has no column for one cannot be read. */
static const KesuField required_fields[] = {
  KESU_FIELD_CUSTOMER_NAME, KESU_FIELD_CUSTOMER_PHONE, KESU_FIELD_RECEIVED_AT,
  KESU_FIELD_DESCRIPTION, KESU_FIELD_DEMAND,
};

static const FieldInfo *
field_info (int field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].field == field)
      return &fields[i];
  return NULL;
}

const KesuField *
kesu_import_list_fields (guint *out_n)
{
  /* The order of the intake form. */
  static const KesuField list[] = {
    KESU_FIELD_CUSTOMER_NAME, KESU_FIELD_CUSTOMER_PHONE, KESU_FIELD_CUSTOMER_OTHER_CONTACT,
    KESU_FIELD_CUSTOMER_ADDRESS, KESU_FIELD_RECEIVED_AT, KESU_FIELD_CHANNEL,
    KESU_FIELD_RECEIVED_BY, KESU_FIELD_VEHICLE_MODEL, KESU_FIELD_VIN, KESU_FIELD_PLATE,
    KESU_FIELD_PURCHASE_DATE, KESU_FIELD_MILEAGE, KESU_FIELD_DESCRIPTION,
    KESU_FIELD_OCCURRED_ON, KESU_FIELD_OCCURRED_PLACE, KESU_FIELD_DEMAND,
    KESU_FIELD_ORDER_NUMBER, KESU_FIELD_STAFF_INVOLVED, KESU_FIELD_CATEGORY,
    KESU_FIELD_SEVERITY, KESU_FIELD_HANDLER, KESU_FIELD_EMOTION, KESU_FIELD_CUSTOMER_TYPE,
    (KesuField) KESU_IMPORT_STATE, (KesuField) KESU_IMPORT_CLOSED_AT,
    (KesuField) KESU_IMPORT_RESULT,
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (list) == G_N_ELEMENTS (fields));

  if (out_n != NULL)
    *out_n = G_N_ELEMENTS (list);
  return list;
}

const char *
kesu_import_field_to_label (KesuField field)
{
  const FieldInfo *info = field_info (field);

  g_return_val_if_fail (info != NULL, "");
  return _(info->label);
}

/* Case folded, without white space (also the ideographic space) and the marks people put
 * around headers: "客户姓名 *", "Customer Name:", "里程（km）". */
static char *
normalize_name (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000 || (c < 0x80 && strchr ("*:_-()", (int) c) != NULL) ||
          c == 0xFF1A /* ： */ || c == 0xFF08 /* （ */ || c == 0xFF09 /* ） */)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

int
kesu_import_guess_field (const char *header)
{
  g_autofree char *name = normalize_name (header);
  const FieldInfo *best = NULL;
  gsize best_len = 0;

  if (name[0] == '\0')
    return KESU_IMPORT_IGNORE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    for (guint k = 0; fields[i].aliases[k] != NULL; k++)
      {
        const char *alias = fields[i].aliases[k];

        if (alias[0] == '=')
          alias++;
        if (g_str_equal (name, alias))
          return fields[i].field;
      }

  /* Then the longest alias found inside the header: "车主联系电话" is a phone. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    for (guint k = 0; fields[i].aliases[k] != NULL; k++)
      {
        const char *alias = fields[i].aliases[k];
        gsize len = strlen (alias);

        if (alias[0] != '=' && len > best_len && strstr (name, alias) != NULL)
          {
            best = &fields[i];
            best_len = len;
          }
      }
  return best != NULL ? (int) best->field : KESU_IMPORT_IGNORE;
}

/* ---- choices: labels in Chinese and English, and keys ---- */

typedef enum
{
  CHOICE_CHANNEL,
  CHOICE_CATEGORY,
  CHOICE_SEVERITY,
  CHOICE_EMOTION,
  CHOICE_CUSTOMER_TYPE,
  CHOICE_STATE,
} ChoiceKind;

typedef struct
{
  int         value;
  const char *name;
} Alias;

/* The English and Chinese labels (as in kesu-enums.c and its translation) and words
 * that logs use; keys and the labels in the user's language are looked up as well. */
static const Alias channel_aliases[] = {
  { KESU_CHANNEL_PHONE, "Phone" }, { KESU_CHANNEL_PHONE, "电话" },
  { KESU_CHANNEL_PHONE, "来电" }, { KESU_CHANNEL_PHONE, "热线" },
  { KESU_CHANNEL_PHONE, "Telephone" },
  { KESU_CHANNEL_WALK_IN, "Walk-in" }, { KESU_CHANNEL_WALK_IN, "现场" },
  { KESU_CHANNEL_WALK_IN, "到店" }, { KESU_CHANNEL_WALK_IN, "来店" },
  { KESU_CHANNEL_WALK_IN, "面对面" }, { KESU_CHANNEL_WALK_IN, "Face to face" },
  { KESU_CHANNEL_LETTER, "Letter" }, { KESU_CHANNEL_LETTER, "信函" },
  { KESU_CHANNEL_LETTER, "来信" },
  { KESU_CHANNEL_EMAIL, "E-mail" }, { KESU_CHANNEL_EMAIL, "Email" },
  { KESU_CHANNEL_EMAIL, "邮件" }, { KESU_CHANNEL_EMAIL, "电子邮件" },
  { KESU_CHANNEL_WECHAT, "WeChat" }, { KESU_CHANNEL_WECHAT, "微信" },
  { KESU_CHANNEL_PLATFORM, "Third-party platform" }, { KESU_CHANNEL_PLATFORM, "第三方平台" },
  { KESU_CHANNEL_PLATFORM, "第三方" }, { KESU_CHANNEL_PLATFORM, "12315" },
  { KESU_CHANNEL_PLATFORM, "厂家转办" },
  { KESU_CHANNEL_OTHER, "Other" }, { KESU_CHANNEL_OTHER, "其他" }, { KESU_CHANNEL_OTHER, "其它" },
};

static const Alias category_aliases[] = {
  { KESU_CATEGORY_VEHICLE_QUALITY, "Vehicle quality" },
  { KESU_CATEGORY_VEHICLE_QUALITY, "车辆质量" }, { KESU_CATEGORY_VEHICLE_QUALITY, "产品质量" },
  { KESU_CATEGORY_REPAIR_QUALITY, "Repair / maintenance quality" },
  { KESU_CATEGORY_REPAIR_QUALITY, "Repair quality" },
  { KESU_CATEGORY_REPAIR_QUALITY, "维修质量" }, { KESU_CATEGORY_REPAIR_QUALITY, "维修保养质量" },
  { KESU_CATEGORY_PROMISE, "Sales promise not kept" }, { KESU_CATEGORY_PROMISE, "承诺未兑现" },
  { KESU_CATEGORY_DELIVERY_DELAY, "Delivery delay" }, { KESU_CATEGORY_DELIVERY_DELAY, "交车延迟" },
  { KESU_CATEGORY_PRICE, "Price and fees" }, { KESU_CATEGORY_PRICE, "价格收费" },
  { KESU_CATEGORY_PRICE, "收费" }, { KESU_CATEGORY_PRICE, "价格" },
  { KESU_CATEGORY_ATTITUDE, "Service attitude" }, { KESU_CATEGORY_ATTITUDE, "服务态度" },
  { KESU_CATEGORY_PARTS, "Parts availability" }, { KESU_CATEGORY_PARTS, "配件供应" },
  { KESU_CATEGORY_PARTS, "配件" },
  { KESU_CATEGORY_INSURANCE_FINANCE, "Insurance / finance" },
  { KESU_CATEGORY_INSURANCE_FINANCE, "保险金融" },
  { KESU_CATEGORY_LICENSING, "Licensing paperwork" }, { KESU_CATEGORY_LICENSING, "上牌手续" },
  { KESU_CATEGORY_LICENSING, "上牌" },
  { KESU_CATEGORY_OTHER, "Other" }, { KESU_CATEGORY_OTHER, "其他" }, { KESU_CATEGORY_OTHER, "其它" },
};

static const Alias severity_aliases[] = {
  { KESU_SEVERITY_NORMAL, "Normal" }, { KESU_SEVERITY_NORMAL, "一般" },
  { KESU_SEVERITY_NORMAL, "普通" },
  { KESU_SEVERITY_IMPORTANT, "Important" }, { KESU_SEVERITY_IMPORTANT, "重要" },
  { KESU_SEVERITY_URGENT, "Urgent / major" }, { KESU_SEVERITY_URGENT, "Urgent" },
  { KESU_SEVERITY_URGENT, "Major" }, { KESU_SEVERITY_URGENT, "紧急重大" },
  { KESU_SEVERITY_URGENT, "紧急" }, { KESU_SEVERITY_URGENT, "重大" },
};

static const Alias emotion_aliases[] = {
  { KESU_EMOTION_CALM, "Calm" }, { KESU_EMOTION_CALM, "平静" },
  { KESU_EMOTION_ANXIOUS, "Anxious" }, { KESU_EMOTION_ANXIOUS, "焦虑" },
  { KESU_EMOTION_ANXIOUS, "着急" },
  { KESU_EMOTION_ANGRY, "Angry" }, { KESU_EMOTION_ANGRY, "愤怒" },
  { KESU_EMOTION_ANGRY, "生气" },
};

static const Alias customer_type_aliases[] = {
  { KESU_CUSTOMER_TYPE_UNSPECIFIED, "Not assessed" },
  { KESU_CUSTOMER_TYPE_UNSPECIFIED, "未评估" },
  { KESU_CUSTOMER_TYPE_KNOW_IT_ALL, "Know-it-all" },
  { KESU_CUSTOMER_TYPE_KNOW_IT_ALL, "无所不知型" },
  { KESU_CUSTOMER_TYPE_GRUMBLER, "Grumbler" }, { KESU_CUSTOMER_TYPE_GRUMBLER, "发牢骚型" },
  { KESU_CUSTOMER_TYPE_DOMINEERING, "Domineering" },
  { KESU_CUSTOMER_TYPE_DOMINEERING, "盛气凌人型" },
};

/* What a log's state column says; every open state counts as received (see the header). */
static const Alias state_aliases[] = {
  { KESU_STATE_CLOSED, "已结案" }, { KESU_STATE_CLOSED, "结案" },
  { KESU_STATE_CLOSED, "已关闭" }, { KESU_STATE_CLOSED, "关闭" },
  { KESU_STATE_CLOSED, "已处理" }, { KESU_STATE_CLOSED, "处理完毕" },
  { KESU_STATE_CLOSED, "已解决" }, { KESU_STATE_CLOSED, "已完成" },
  { KESU_STATE_CLOSED, "Closed" }, { KESU_STATE_CLOSED, "Done" },
  { KESU_STATE_CLOSED, "Resolved" },
  { KESU_STATE_WITHDRAWN, "已撤诉" }, { KESU_STATE_WITHDRAWN, "撤诉" },
  { KESU_STATE_WITHDRAWN, "已撤销" }, { KESU_STATE_WITHDRAWN, "撤销" },
  { KESU_STATE_WITHDRAWN, "撤回" }, { KESU_STATE_WITHDRAWN, "Withdrawn" },
  { KESU_STATE_WITHDRAWN, "Cancelled" },
  { KESU_STATE_RECEIVED, "已受理" }, { KESU_STATE_RECEIVED, "受理" },
  { KESU_STATE_RECEIVED, "未处理" }, { KESU_STATE_RECEIVED, "待处理" },
  { KESU_STATE_RECEIVED, "处理中" }, { KESU_STATE_RECEIVED, "跟进中" },
  { KESU_STATE_RECEIVED, "进行中" }, { KESU_STATE_RECEIVED, "未结案" },
  { KESU_STATE_RECEIVED, "Open" }, { KESU_STATE_RECEIVED, "Pending" },
  { KESU_STATE_RECEIVED, "In progress" },
  { KESU_STATE_INVESTIGATING, "调查中" }, { KESU_STATE_PROPOSING, "方案协商" },
  { KESU_STATE_PROPOSING, "协商中" }, { KESU_STATE_EXECUTING, "执行中" },
  { KESU_STATE_FOLLOW_UP, "待回访" }, { KESU_STATE_FOLLOW_UP, "回访中" },
};

static const char *
choice_key (ChoiceKind kind,
            int        value)
{
  switch (kind)
    {
    case CHOICE_CHANNEL: return kesu_channel_to_key (value);
    case CHOICE_CATEGORY: return kesu_category_to_key (value);
    case CHOICE_SEVERITY: return kesu_severity_to_key (value);
    case CHOICE_EMOTION: return kesu_emotion_to_key (value);
    case CHOICE_CUSTOMER_TYPE: return kesu_customer_type_to_key (value);
    case CHOICE_STATE: return kesu_state_to_key (value);
    default: g_return_val_if_reached ("");
    }
}

static const char *
choice_label (ChoiceKind kind,
              int        value)
{
  switch (kind)
    {
    case CHOICE_CHANNEL: return kesu_channel_to_label (value);
    case CHOICE_CATEGORY: return kesu_category_to_label (value);
    case CHOICE_SEVERITY: return kesu_severity_to_label (value);
    case CHOICE_EMOTION: return kesu_emotion_to_label (value);
    case CHOICE_CUSTOMER_TYPE: return kesu_customer_type_to_label (value);
    case CHOICE_STATE: return kesu_state_to_label (value);
    default: g_return_val_if_reached ("");
    }
}

static gboolean
lookup_choice (ChoiceKind  kind,
               const char *text,
               int        *out_value)
{
  static const struct
  {
    const Alias *aliases;
    guint        n_aliases;
    int          n_values;
  } kinds[] = {
    [CHOICE_CHANNEL] = { channel_aliases, G_N_ELEMENTS (channel_aliases), KESU_N_CHANNELS },
    [CHOICE_CATEGORY] = { category_aliases, G_N_ELEMENTS (category_aliases),
                          KESU_N_CATEGORIES },
    [CHOICE_SEVERITY] = { severity_aliases, G_N_ELEMENTS (severity_aliases),
                          KESU_N_SEVERITIES },
    [CHOICE_EMOTION] = { emotion_aliases, G_N_ELEMENTS (emotion_aliases), KESU_N_EMOTIONS },
    [CHOICE_CUSTOMER_TYPE] = { customer_type_aliases, G_N_ELEMENTS (customer_type_aliases),
                               KESU_N_CUSTOMER_TYPES },
    [CHOICE_STATE] = { state_aliases, G_N_ELEMENTS (state_aliases), KESU_N_STATES },
  };
  g_autofree char *wanted = normalize_name (text);

  for (int v = 0; v < kinds[kind].n_values; v++)
    {
      g_autofree char *key = normalize_name (choice_key (kind, v));
      g_autofree char *label = normalize_name (choice_label (kind, v));

      if ((key[0] != '\0' && g_str_equal (wanted, key)) || g_str_equal (wanted, label))
        {
          *out_value = v;
          return TRUE;
        }
    }
  for (guint i = 0; i < kinds[kind].n_aliases; i++)
    {
      g_autofree char *name = normalize_name (kinds[kind].aliases[i].name);

      if (g_str_equal (wanted, name))
        {
          *out_value = kinds[kind].aliases[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
unknown_choice_message (ChoiceKind  kind,
                        const char *text)
{
  switch (kind)
    {
    case CHOICE_CHANNEL:
      return g_strdup_printf (_("“%s” is not a channel Kesu knows."), text);
    case CHOICE_CATEGORY:
      return g_strdup_printf (_("“%s” is not a category Kesu knows."), text);
    case CHOICE_SEVERITY:
      return g_strdup_printf (_("“%s” is not a severity Kesu knows."), text);
    case CHOICE_EMOTION:
      return g_strdup_printf (_("“%s” is not an emotional state Kesu knows."), text);
    case CHOICE_STATE:
      return g_strdup_printf (_("“%s” is not a state Kesu knows: closed, withdrawn, or empty "
                                "for an open case."), text);
    case CHOICE_CUSTOMER_TYPE:
    default:
      return g_strdup_printf (_("“%s” is not a customer type Kesu knows."), text);
    }
}

/* ---- dates ---- */

/* "2026年3月5日10:30" → "2026年3月5日 10:30", which kesu_validate_datetime reads. */
static char *
spaced_datetime (const char *text)
{
  g_autoptr(GString) s = g_string_new (text);
  const char *day = strstr (s->str, "日");

  if (day != NULL && g_ascii_isdigit (day[strlen ("日")]))
    g_string_insert_c (s, (day - s->str) + (gssize) strlen ("日"), ' ');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A received or closing time: a date with a time, or a date alone (taken as 00:00;
 * *out_date_only, may be NULL, says which). */
static GDateTime *
parse_received_at (const char  *text,
                   gboolean    *out_date_only,
                   GError     **error)
{
  g_autofree char *s = spaced_datetime (text);
  g_autoptr(GError) datetime_error = NULL;
  GDateTime *dt = NULL;
  GDate date;

  if (out_date_only != NULL)
    *out_date_only = FALSE;
  if (kesu_validate_datetime (s, &dt, &datetime_error))
    return dt;
  if (out_date_only != NULL)
    *out_date_only = TRUE;
  if (kesu_validate_date (s, &date, strchr (s, ':') != NULL ? NULL : error))
    return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date), 0, 0, 0);
  if (strchr (s, ':') != NULL)
    g_propagate_error (error, g_steal_pointer (&datetime_error));
  return NULL;
}

/* A day as the intake keeps it, YYYY-MM-DD; text that is no day is kept as it is, for
 * the intake's check to say why. */
static char *
normalize_date (const char *text)
{
  g_autofree char *s = spaced_datetime (text);
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (kesu_validate_date (s, &date, NULL))
    return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                            g_date_get_day (&date));
  if (kesu_validate_datetime (s, &dt, NULL))
    return g_date_time_format (dt, "%Y-%m-%d");
  return g_strdup (text);
}

/* ---- the import object ---- */

KesuImport *
kesu_import_new (KesuCsvTable *table)
{
  KesuImport *self;
  guint n;
  gboolean taken[KESU_IMPORT_N_TARGETS] = { FALSE };

  g_return_val_if_fail (table != NULL && table->header != NULL, NULL);

  self = g_new0 (KesuImport, 1);
  self->table = table;
  n = table->header->fields->len;
  self->mapping = g_new (int, n);
  for (guint i = 0; i < n; i++)
    {
      int field = kesu_import_guess_field (kesu_csv_record_get (table->header, i));

      /* Two columns that look alike: the first one counts. */
      if (field != KESU_IMPORT_IGNORE && taken[field])
        field = KESU_IMPORT_IGNORE;
      if (field != KESU_IMPORT_IGNORE)
        taken[field] = TRUE;
      self->mapping[i] = field;
    }
  return self;
}

KesuImport *
kesu_import_new_from_file (GFile   *file,
                           GError **error)
{
  KesuCsvTable *table = kesu_csv_read_file (file, error);

  return table != NULL ? kesu_import_new (table) : NULL;
}

void
kesu_import_free (KesuImport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->table, kesu_csv_table_free);
  g_free (self->mapping);
  g_free (self);
}

const KesuCsvTable *
kesu_import_get_table (KesuImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->table;
}

guint
kesu_import_get_n_columns (KesuImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->table->header->fields->len;
}

guint
kesu_import_get_n_rows (KesuImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->table->records->len;
}

const char *
kesu_import_get_column_name (KesuImport *self,
                             guint       column)
{
  g_return_val_if_fail (self != NULL, "");
  return kesu_csv_record_get (self->table->header, column);
}

int
kesu_import_get_mapping (KesuImport *self,
                         guint       column)
{
  g_return_val_if_fail (self != NULL, KESU_IMPORT_IGNORE);
  g_return_val_if_fail (column < kesu_import_get_n_columns (self), KESU_IMPORT_IGNORE);
  return self->mapping[column];
}

void
kesu_import_set_mapping (KesuImport *self,
                         guint       column,
                         int         target)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < kesu_import_get_n_columns (self));
  g_return_if_fail (target == KESU_IMPORT_IGNORE || field_info (target) != NULL);
  self->mapping[column] = target;
}

void
kesu_import_set_default_staff (KesuImport *self,
                               gint64      staff_id)
{
  g_return_if_fail (self != NULL);
  self->default_staff = staff_id;
}

void
kesu_import_set_create_staff (KesuImport *self,
                              gboolean    create)
{
  g_return_if_fail (self != NULL);
  self->create_staff = !!create;
}

/* ---- problems ---- */

void
kesu_import_problem_free (KesuImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

char *
kesu_import_problem_format (const KesuImportProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->column != NULL && problem->column[0] != '\0')
    /* Translators: a problem of an imported file: line number, column, what is wrong */
    return g_strdup_printf (_("line %u: %s: %s"), problem->line, problem->column,
                            problem->message);
  /* Translators: a problem of an imported file: line number, what is wrong */
  return g_strdup_printf (_("line %u: %s"), problem->line, problem->message);
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *column,
             char       *message)  /* transfer full */
{
  KesuImportProblem *problem = g_new0 (KesuImportProblem, 1);

  problem->line = line;
  problem->column = g_strdup (column);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* The source column of @field, or -1. */
static int
column_of (KesuImport *self,
           KesuField   field)
{
  for (guint i = 0; i < kesu_import_get_n_columns (self); i++)
    if (self->mapping[i] == (int) field)
      return (int) i;
  return -1;
}

/* How problems name a field: its source column's header, or its own name. */
static const char *
field_column_name (KesuImport *self,
                   KesuField   field)
{
  int column = column_of (self, field);

  if (column >= 0 && kesu_import_get_column_name (self, column)[0] != '\0')
    return kesu_import_get_column_name (self, column);
  return kesu_import_field_to_label (field);
}

/* Staff by name: the id, or -1 when two active staff members share the name. */
static GHashTable *
staff_by_name (KesuStore *store)
{
  g_autoptr(GPtrArray) staff = kesu_store_list_staff (store);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (staff, i);
      g_autofree char *name = g_strstrip (g_strdup (s->name));
      gint64 id = g_hash_table_contains (names, name) ? -1 : s->id;

      g_hash_table_insert (names, g_steal_pointer (&name), (gpointer) (gintptr) id);
    }
  return names;
}

static gboolean
check_mapping (KesuImport *self,
               GPtrArray  *problems,
               gboolean    skip[KESU_N_FIELDS])
{
  guint header_line = self->table->header->line;
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (required_fields); i++)
    if (column_of (self, required_fields[i]) < 0)
      {
        add_problem (problems, header_line, kesu_import_field_to_label (required_fields[i]),
                     g_strdup (_("No column is mapped to this field, and it is required.")));
        skip[required_fields[i]] = TRUE;
        ok = FALSE;
      }
  for (guint i = 0; i < kesu_import_get_n_columns (self); i++)
    for (guint k = 0; k < i; k++)
      if (self->mapping[i] != KESU_IMPORT_IGNORE && self->mapping[i] == self->mapping[k])
        {
          add_problem (problems, header_line, kesu_import_field_to_label (self->mapping[i]),
                       g_strdup_printf (_("Columns “%s” and “%s” both go to this field."),
                                        kesu_import_get_column_name (self, k),
                                        kesu_import_get_column_name (self, i)));
          ok = FALSE;
          break;
        }
  return ok;
}

static gboolean
set_staff (KesuImport  *self,
           GHashTable  *staff,
           const char  *name,
           const char  *column,
           guint        line,
           gint64      *out_id,
           char       **out_new_name,
           GPtrArray   *problems)
{
  gpointer value;

  if (g_hash_table_lookup_extended (staff, name, NULL, &value))
    {
      if ((gintptr) value < 0)
        {
          add_problem (problems, line, column,
                       g_strdup_printf (_("Two staff members are called “%s”."), name));
          return FALSE;
        }
      *out_id = (gint64) (gintptr) value;
      return TRUE;
    }
  if (self->create_staff && kesu_validate_text (name, KESU_SHORT_TEXT_MAX_CHARS, TRUE, NULL))
    {
      /* Added when importing; until then any id will do for the intake's check. */
      *out_id = G_MAXINT64;
      g_free (*out_new_name);
      *out_new_name = g_strdup (name);
      return TRUE;
    }
  add_problem (problems, line, column,
               g_strdup_printf (_("No active staff member is called “%s”."), name));
  return FALSE;
}

static char **
intake_text_slot (KesuIntake *intake,
                  KesuField   field)
{
  switch (field)
    {
    case KESU_FIELD_CUSTOMER_NAME: return &intake->customer_name;
    case KESU_FIELD_CUSTOMER_PHONE: return &intake->customer_phone;
    case KESU_FIELD_CUSTOMER_OTHER_CONTACT: return &intake->customer_other_contact;
    case KESU_FIELD_CUSTOMER_ADDRESS: return &intake->customer_address;
    case KESU_FIELD_VEHICLE_MODEL: return &intake->vehicle_model;
    case KESU_FIELD_VIN: return &intake->vin;
    case KESU_FIELD_PLATE: return &intake->plate;
    case KESU_FIELD_PURCHASE_DATE: return &intake->purchase_date;
    case KESU_FIELD_MILEAGE: return &intake->mileage;
    case KESU_FIELD_ORDER_NUMBER: return &intake->order_number;
    case KESU_FIELD_STAFF_INVOLVED: return &intake->staff_involved;
    case KESU_FIELD_DESCRIPTION: return &intake->description;
    case KESU_FIELD_OCCURRED_ON: return &intake->occurred_on;
    case KESU_FIELD_OCCURRED_PLACE: return &intake->occurred_place;
    case KESU_FIELD_DEMAND: return &intake->demand;
    default: return NULL;
    }
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* How the case ended, from what its row's state, "closed on" and result columns say (see
 * the header); problems go to @problems. */
static void
read_end (Row        *row,
          int         state_word,       /* a KesuState; -1: the log does not say */
          GDateTime  *ended,            /* NULL: the log does not say */
          gboolean    ended_date_only,
          const char *ended_column,
          const char *result,           /* NULL: none */
          const char *result_column,
          GDateTime  *now,
          GPtrArray  *problems)
{
  GDateTime *received = row->intake->received_at;
  g_autoptr(GError) error = NULL;

  if (state_word == KESU_STATE_CLOSED || state_word == KESU_STATE_WITHDRAWN)
    row->state = state_word;
  else if (ended != NULL && state_word < 0)
    row->state = KESU_STATE_CLOSED;  /* a closing time alone says it */
  else if (ended != NULL)
    {
      add_problem (problems, row->line, ended_column,
                   g_strdup (_("The log gives a closing time, but its state says the case is "
                               "open.")));
      return;
    }
  else
    row->state = KESU_STATE_RECEIVED;

  /* Without a received time (a problem already) there is nothing to compare with. */
  if (row->state != KESU_STATE_RECEIVED && received != NULL)
    {
      gint64 received_at = g_date_time_to_unix (received);

      row->ended_at = received_at;
      if (ended != NULL)
        {
          row->ended_at = g_date_time_to_unix (ended);
          /* "Closed on the day it came in": not at midnight, before it came in. */
          if (ended_date_only && same_day (ended, received))
            row->ended_at = MAX (row->ended_at, received_at);
          if (row->ended_at < received_at)
            add_problem (problems, row->line, ended_column,
                         g_strdup (_("A case cannot end before it was received.")));
          else if (row->ended_at > g_date_time_to_unix (now))
            add_problem (problems, row->line, ended_column,
                         g_strdup (_("The time the case ended is in the future.")));
        }
    }

  if (result != NULL)
    /* Translators: the timeline entry of a case brought in from an old log; %s is what the
     * log says was done */
    row->note = g_strdup_printf (_("Imported from the old complaint log. Result: %s"), result);
  else if (row->state != KESU_STATE_RECEIVED)
    /* Translators: the timeline entry of a case brought in from an old log as closed or
     * withdrawn */
    row->note = g_strdup (_("Imported from the old complaint log."));
  if (row->note != NULL && !kesu_validate_text (row->note, KESU_TEXT_MAX_CHARS, FALSE, &error))
    add_problem (problems, row->line, result_column, g_strdup (error->message));
}

/* Reads one record into a Row; its problems go to @problems.  NULL when it has any. */
static Row *
read_row (KesuImport          *self,
          const KesuCsvRecord *record,
          GHashTable          *staff,
          gint64               default_staff,
          GDateTime           *now,
          const gboolean       skip_fields[KESU_N_FIELDS],
          GPtrArray           *problems)
{
  Row *row = g_new0 (Row, 1);
  gboolean reported[KESU_N_FIELDS];
  guint n_columns = kesu_import_get_n_columns (self);
  guint n_before = problems->len;
  int state_word = -1;
  g_autoptr(GDateTime) ended = NULL;
  gboolean ended_date_only = FALSE;
  gboolean end_reported = FALSE;
  g_autofree char *result = NULL;
  const char *ended_column = NULL;
  const char *result_column = NULL;

  memcpy (reported, skip_fields, sizeof reported);
  row->line = record->line;
  row->intake = kesu_intake_new ();
  row->intake->channel = KESU_CHANNEL_OTHER;
  row->intake->category = KESU_CATEGORY_OTHER;

  /* A comma in an unquoted text splits it: the row is then longer than the header. */
  for (guint i = n_columns; i < record->fields->len; i++)
    if (!kesu_text_is_blank (g_ptr_array_index (record->fields, i)))
      {
        add_problem (problems, record->line, NULL,
                     g_strdup_printf (_("The row has %u fields but the header has %u. Is a "
                                        "text with a comma not in quotes?"),
                                      record->fields->len, n_columns));
        break;
      }

  for (guint i = 0; i < n_columns; i++)
    {
      int field = self->mapping[i];
      const char *raw = kesu_csv_record_get (record, i);
      const char *column;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      int value = 0;

      if (field == KESU_IMPORT_IGNORE || kesu_text_is_blank (raw))
        continue;
      column = kesu_import_get_column_name (self, i);
      text = g_strstrip (g_strdup (raw));

      switch (field)
        {
        case KESU_IMPORT_STATE:
          if (lookup_choice (CHOICE_STATE, text, &value))
            state_word = value;
          else
            {
              add_problem (problems, record->line, column,
                           unknown_choice_message (CHOICE_STATE, text));
              end_reported = TRUE;
            }
          break;

        case KESU_IMPORT_CLOSED_AT:
          ended_column = column;
          ended = parse_received_at (text, &ended_date_only, &error);
          if (ended == NULL)
            {
              add_problem (problems, record->line, column,
                           g_strdup (error != NULL ? error->message
                                                   : _("Use the form YYYY-MM-DD HH:MM.")));
              end_reported = TRUE;
            }
          break;

        case KESU_IMPORT_RESULT:
          result_column = column;
          result = g_steal_pointer (&text);
          break;

        case KESU_FIELD_CHANNEL:
        case KESU_FIELD_CATEGORY:
        case KESU_FIELD_SEVERITY:
        case KESU_FIELD_EMOTION:
        case KESU_FIELD_CUSTOMER_TYPE:
          {
            ChoiceKind kind = field == KESU_FIELD_CHANNEL ? CHOICE_CHANNEL
                              : field == KESU_FIELD_CATEGORY ? CHOICE_CATEGORY
                              : field == KESU_FIELD_SEVERITY ? CHOICE_SEVERITY
                              : field == KESU_FIELD_EMOTION ? CHOICE_EMOTION
                              : CHOICE_CUSTOMER_TYPE;

            if (!lookup_choice (kind, text, &value))
              {
                add_problem (problems, record->line, column,
                             unknown_choice_message (kind, text));
                reported[field] = TRUE;
              }
            else if (field == KESU_FIELD_CHANNEL)
              row->intake->channel = value;
            else if (field == KESU_FIELD_CATEGORY)
              row->intake->category = value;
            else if (field == KESU_FIELD_SEVERITY)
              row->intake->severity = value;
            else if (field == KESU_FIELD_EMOTION)
              row->intake->emotion = value;
            else
              row->intake->customer_type = value;
          }
          break;

        case KESU_FIELD_RECEIVED_AT:
          row->intake->received_at = parse_received_at (text, NULL, &error);
          if (row->intake->received_at == NULL)
            {
              add_problem (problems, record->line, column,
                           g_strdup (error != NULL ? error->message
                                                   : _("Use the form YYYY-MM-DD HH:MM.")));
              reported[field] = TRUE;
            }
          break;

        case KESU_FIELD_HANDLER:
          if (!set_staff (self, staff, text, column, record->line, &row->intake->handler_id,
                          &row->new_handler, problems))
            reported[field] = TRUE;
          break;

        case KESU_FIELD_RECEIVED_BY:
          if (!set_staff (self, staff, text, column, record->line, &row->intake->received_by,
                          &row->new_receiver, problems))
            reported[field] = TRUE;
          break;

        /* Two columns may go to one field: the later one wins (without leaking the
         * earlier one's text). */
        case KESU_FIELD_PURCHASE_DATE:
        case KESU_FIELD_OCCURRED_ON:
          g_free (*intake_text_slot (row->intake, field));
          *intake_text_slot (row->intake, field) = normalize_date (text);
          break;

        case KESU_FIELD_DESCRIPTION:
        case KESU_FIELD_DEMAND:
          /* The customer's own words, exactly as the log has them. */
          g_free (*intake_text_slot (row->intake, field));
          *intake_text_slot (row->intake, field) = g_strdup (raw);
          break;

        default:
          {
            char **slot = intake_text_slot (row->intake, field);

            g_assert (slot != NULL);
            g_free (*slot);
            *slot = g_steal_pointer (&text);
          }
          break;
        }
    }

  if (row->intake->handler_id == 0 && !reported[KESU_FIELD_HANDLER])
    row->intake->handler_id = default_staff;
  if (row->intake->received_by == 0 && !reported[KESU_FIELD_RECEIVED_BY])
    row->intake->received_by = default_staff;

  {
    g_autoptr(GPtrArray) found = kesu_intake_check (row->intake, now);

    for (guint i = 0; i < found->len; i++)
      {
        KesuFieldProblem *p = g_ptr_array_index (found, i);

        if (!reported[p->field])
          add_problem (problems, record->line, field_column_name (self, p->field),
                       g_strdup (p->message));
      }
  }

  if (!end_reported)
    read_end (row, state_word, ended, ended_date_only, ended_column, result, result_column,
              now, problems);

  if (problems->len > n_before)
    {
      row_free (row);
      return NULL;
    }
  return row;
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const KesuImportProblem *pa = *(KesuImportProblem * const *) a;
  const KesuImportProblem *pb = *(KesuImportProblem * const *) b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

/* Every row read, in @out_rows (may be NULL) when no problem was found. */
static GPtrArray *
check (KesuImport  *self,
       KesuStore   *store,
       GPtrArray  **out_rows)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GHashTable) staff = staff_by_name (store);
  g_autoptr(GDateTime) now = kesu_clock_now ();
  GPtrArray *problems;
  gboolean skip[KESU_N_FIELDS] = { FALSE };
  gint64 default_staff;

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kesu_import_problem_free);
  check_mapping (self, problems, skip);

  default_staff = self->default_staff > 0 ? self->default_staff
                                          : kesu_store_get_operator (store);

  if (self->table->records->len == 0)
    add_problem (problems, self->table->header->line, NULL,
                 g_strdup (_("The file has a header line but no complaints.")));

  for (guint i = 0; i < self->table->records->len; i++)
    {
      Row *row = read_row (self, g_ptr_array_index (self->table->records, i), staff,
                           default_staff, now, skip, problems);

      if (row != NULL)
        g_ptr_array_add (rows, row);
    }

  /* Stable: a row's problems stay in column order. */
  g_ptr_array_sort (problems, compare_problems);
  if (out_rows != NULL && problems->len == 0)
    *out_rows = g_steal_pointer (&rows);
  return problems;
}

GPtrArray *
kesu_import_check (KesuImport *self,
                   KesuStore  *store)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (KESU_IS_STORE (store), NULL);

  return check (self, store, NULL);
}

static int
compare_rows_by_time (gconstpointer a,
                      gconstpointer b)
{
  const Row *ra = *(Row * const *) a;
  const Row *rb = *(Row * const *) b;
  int by_time = g_date_time_compare (ra->intake->received_at, rb->intake->received_at);

  return by_time != 0 ? by_time : (ra->line > rb->line) - (ra->line < rb->line);
}

/* The id of the staff member called @name, added as a service advisor the first time. */
static gint64
created_staff (KesuStore   *store,
               GHashTable  *created,
               const char  *name,
               GError     **error)
{
  gpointer value;
  gint64 id;

  if (g_hash_table_lookup_extended (created, name, NULL, &value))
    return (gint64) (gintptr) value;
  id = kesu_store_add_staff (store, name, KESU_ROLE_SERVICE_ADVISOR, NULL, error);
  if (id > 0)
    g_hash_table_insert (created, g_strdup (name), (gpointer) (gintptr) id);
  return id;
}

guint
kesu_import_run (KesuImport  *self,
                 KesuStore   *store,
                 gboolean     dry_run,
                 GPtrArray  **out_problems,
                 GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) created = NULL;
  KesuDb *db;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (KESU_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  problems = check (self, store, &rows);
  if (out_problems != NULL)
    *out_problems = g_ptr_array_ref (problems);
  if (problems->len > 0 || dry_run)
    return 0;

  /* Numbers are given in the order complaints were received within each month. */
  g_ptr_array_sort (rows, compare_rows_by_time);

  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return 0;

  created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) local_error = NULL;

      if (row->new_handler != NULL)
        row->intake->handler_id = created_staff (store, created, row->new_handler,
                                                 &local_error);
      if (local_error == NULL && row->new_receiver != NULL)
        row->intake->received_by = created_staff (store, created, row->new_receiver,
                                                  &local_error);
      if (local_error == NULL)
        {
          gint64 id = kesu_store_add_complaint (store, row->intake, NULL, &local_error);
          gboolean ok = id > 0;

          /* A case the log says has ended does not come in open (see the header). */
          if (ok && row->state != KESU_STATE_RECEIVED)
            ok = kesu_store_set_imported_state (store, id, row->state, row->ended_at,
                                                row->note, &local_error);
          else if (ok && row->note != NULL)
            ok = kesu_store_add_note (store, id, row->note, &local_error);
          if (ok)
            {
              n++;
              continue;
            }
        }

      kesu_db_rollback (db);
      g_set_error (error, KESU_ERROR,
                   local_error != NULL && local_error->domain == KESU_ERROR
                   ? local_error->code : KESU_ERROR_DATABASE,
                   _("line %u: %s"), row->line,
                   local_error != NULL ? local_error->message : "");
      return 0;
    }

  if (!kesu_db_commit (db, error))
    return 0;

  /* The store tells its listeners of changes only outside a transaction: once, now. */
  if (n > 0 && kesu_db_transaction_depth (db) == 0)
    g_signal_emit_by_name (store, "complaints-changed");
  return n;
}
