/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kesu-auth.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-demo.h"
#include "kesu-enums.h"
#include "kesu-error.h"
#include "kesu-intake.h"
#include "kesu-signature.h"
#include "kesu-store.h"
#include "kesu-store-private.h"
#include "kesu-validate.h"
#include "kesu-vehicle.h"

/* Demo data for screenshots, training and load tests.  Everything Chinese below is
 * data a customer or a branch would type, not interface text: it is never translated.
 *
 * The data goes through kesu_store_add_complaint () like a complaint typed at the front
 * desk, so it is checked by the same rules; a refusal is a bug here and is reported. */

/* A store with fewer active staff than this gets the demo roster too. */
#define MIN_STAFF       4
#define DAYS_BACK       365
#define REPEAT_PERCENT  15
/* Returning customers are drawn from the latest ones, which bounds memory for large n. */
#define MAX_REMEMBERED  65536
/* Complaints received this many days before now are still being worked on. */
#define RECENT_DAYS     14

#define MINUTE ((gint64) 60)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* ---- the branch and its people ------------------------------------------------------ */

static const KesuBranch demo_branch = {
  (char *) "星河汽车4S店（闵行店）",
  (char *) "上海市闵行区沪闵路6088号",
  (char *) "021-64881234",
};

typedef struct
{
  const char *name;
  KesuRole    role;
  const char *phone;
} RosterEntry;

/* The first one sets the store up and becomes the operator. */
static const RosterEntry roster[] = {
  { "陈志刚", KESU_ROLE_AFTER_SALES_MANAGER, "13816620381" },
  { "李婷婷", KESU_ROLE_FRONT_DESK, "13901752264" },
  { "王雪", KESU_ROLE_FRONT_DESK, "15821093376" },
  { "张伟", KESU_ROLE_SERVICE_ADVISOR, "13764218890" },
  { "刘洋", KESU_ROLE_SERVICE_ADVISOR, "18616035527" },
  { "赵磊", KESU_ROLE_SERVICE_ADVISOR, "13585920413" },
  { "孙丽娜", KESU_ROLE_SERVICE_ADVISOR, "15900817642" },
  { "周杰", KESU_ROLE_SALES_CONSULTANT, "13661938205" },
  { "吴倩", KESU_ROLE_SALES_CONSULTANT, "18721460539" },
  { "徐浩", KESU_ROLE_SALES_CONSULTANT, "17717302986" },
  { "郑凯", KESU_ROLE_SALES_MANAGER, "13918845170" },
  { "黄建国", KESU_ROLE_GENERAL_MANAGER, "13801607725" },
};

/* How a customer names the staff member's job; indexed by KesuRole. */
static const char *const role_titles[] = {
  "前台接待", "销售顾问", "服务顾问", "售后经理", "销售经理", "总经理", "系统管理员",
};
G_STATIC_ASSERT (G_N_ELEMENTS (role_titles) == KESU_N_ROLES);

/* ---- customers ----------------------------------------------------------------------- */

/* Roughly in order of frequency: picked with a bias to the front. */
static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
  "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
  "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
  "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
  "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
  "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "诸葛",
};

static const char *const given_names[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "霞", "平", "刚", "鑫", "斌", "宇", "浩", "凯", "健", "俊", "帆", "秀英",
  "桂英", "建华", "建国", "国强", "志强", "志明", "海燕", "晓东", "晓燕", "丽华", "红梅",
  "春梅", "玉兰", "文杰", "子轩", "浩然", "宇航", "俊杰", "欣怡", "雨萱", "思远", "婷婷",
  "佳怡", "梓涵", "一鸣", "嘉怡", "伟华", "建军", "永刚", "海波", "立新", "慧敏", "雪梅",
  "晓峰", "春华", "金凤", "宏伟", "振华", "志勇", "丹丹", "亚楠", "晨曦", "若曦", "子豪",
  "梦瑶", "天宇", "诗涵", "博文", "明轩", "秀兰", "德明", "卫东", "美玲", "国平", "丽君",
};

static const char *const mobile_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151",
  "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
  "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
};

static const char *const shanghai_roads[] = {
  "闵行区莲花南路", "闵行区七莘路", "闵行区春申路", "闵行区都市路", "闵行区虹梅南路",
  "闵行区沪闵路", "徐汇区漕溪北路", "徐汇区田林路", "徐汇区龙华中路", "浦东新区张杨路",
  "浦东新区锦绣路", "浦东新区康桥路", "松江区人民北路", "松江区谷阳北路", "长宁区天山路",
  "宝山区共和新路", "嘉定区城中路", "奉贤区南桥路", "青浦区公园路",
};
static const char *const suzhou_roads[] = {
  "昆山市前进中路", "昆山市长江北路", "吴中区东吴北路", "工业园区星湖街",
};
static const char *const jiaxing_roads[] = {
  "南湖区中山东路", "秀洲区洪兴西路", "嘉善县罗星街道体育南路",
};

typedef struct
{
  const char        *city;
  const char *const *roads;
  guint              n_roads;
  const char        *plate_offices;  /* letters after the province */
  const char        *plate_province;
  const char        *area_code;
  guint              weight;
} Region;

static const Region regions[] = {
  { "上海市", shanghai_roads, G_N_ELEMENTS (shanghai_roads), "ABCDEFGHJKLMN", "沪", "021", 85 },
  { "江苏省苏州市", suzhou_roads, G_N_ELEMENTS (suzhou_roads), "E", "苏", "0512", 8 },
  { "浙江省嘉兴市", jiaxing_roads, G_N_ELEMENTS (jiaxing_roads), "F", "浙", "0573", 7 },
};

/* ---- vehicles ------------------------------------------------------------------------ */

typedef enum
{
  POWER_ICE,
  POWER_BEV,
  POWER_PHEV,
} Power;

typedef struct
{
  const char *brand;
  const char *name;
  const char *wmi;    /* a manufacturer code that really is Chinese */
  const char *vds;    /* VIN positions 4–7 */
  const char *trims;  /* choices for position 8 */
  char        plant;  /* position 11 */
  Power       power;
  guint       weight;
} Model;

static const Model models[] = {
  { "大众", "朗逸", "LSV", "AL4B", "RSV", 'N', POWER_ICE, 12 },
  { "大众", "帕萨特", "LSV", "A63C", "BX", 'A', POWER_ICE, 6 },
  { "大众", "途观L", "LSV", "XA6C", "BDX", 'A', POWER_ICE, 6 },
  { "大众", "速腾", "LFV", "A24F", "V3", 'B', POWER_ICE, 6 },
  { "大众", "迈腾", "LFV", "A48E", "V3", 'C', POWER_ICE, 4 },
  { "丰田", "凯美瑞", "LVG", "BD3K", "E5", 'G', POWER_ICE, 7 },
  { "丰田", "卡罗拉", "LFM", "A1BE", "0X", 'T', POWER_ICE, 8 },
  { "丰田", "RAV4荣放", "LFM", "KA3F", "V", 'T', POWER_ICE, 5 },
  { "本田", "雅阁", "LHG", "CV1F", "8", 'H', POWER_ICE, 6 },
  { "本田", "CR-V", "LVH", "RW1H", "5", 'W', POWER_ICE, 6 },
  { "本田", "思域", "LVH", "FC1E", "3", 'W', POWER_ICE, 4 },
  { "比亚迪", "汉EV", "LGX", "CE4C", "B", 'S', POWER_BEV, 5 },
  { "比亚迪", "秦PLUS DM-i", "LGX", "C16D", "F", 'X', POWER_PHEV, 9 },
  { "比亚迪", "宋PLUS DM-i", "LGX", "CH4F", "F", 'C', POWER_PHEV, 7 },
  { "比亚迪", "元PLUS", "LGX", "C36B", "B", 'C', POWER_BEV, 4 },
  { "吉利", "星越L", "L6T", "7944", "Z", 'N', POWER_ICE, 5 },
  { "吉利", "帝豪", "L6T", "7522", "S", 'N', POWER_ICE, 4 },
  { "长安", "CS75 PLUS", "LS5", "A3DE", "R", 'B', POWER_ICE, 5 },
  { "别克", "GL8", "LSG", "UV8A", "L", 'S', POWER_ICE, 4 },
  { "日产", "轩逸", "LGB", "H52E", "0", 'F', POWER_ICE, 9 },
};

/* ---- what customers say ---------------------------------------------------------------
 *
 * In a story: {M} model, {K} kilometres when it happened, {R} the service interval it
 * was in for, {D} the day it happened ("3月5日"), {S} the staff member involved, {A} an
 * amount in yuan, {B} the smaller amount first quoted, {N} days from then until the
 * complaint, {Y} the age of the car then. */

typedef enum
{
  NEEDS_ANY,
  NEEDS_ENGINE,   /* petrol or plug-in hybrid */
  NEEDS_BATTERY,  /* electric or plug-in hybrid */
} Needs;

/* No involved role of its own: the category's. */
#define ROLE_DEFAULT (-1)

typedef struct
{
  const char *text;
  Needs       needs;
  char        severity;   /* 'n', 'i', 'u': how serious such a case usually is */
  const char *places;     /* "a|b|c", or NULL for the category's */
  int         involved;   /* KesuRole of {S}, or ROLE_DEFAULT */
  guint       amount_min; /* {A}, or 0 for the category's range */
  guint       amount_max;
} Story;

static const Story vehicle_quality_stories[] = {
  { "冷车启动时发动机有明显的“哒哒”异响，热车后稍微减轻。车才开了{K}公里，之前来店检查说是"
    "正常现象，但声音越来越大。", NEEDS_ENGINE, 'i', "小区地下车库|家门口路边|公司停车场",
    ROLE_DEFAULT, 0, 0 },
  { "{D}在高速上以一百公里左右的时速刹车时，方向盘明显抖动，松开刹车就好了，担心刹车系统有"
    "安全隐患。", NEEDS_ANY, 'u', "高速公路上|城市快速路上", ROLE_DEFAULT, 0, 0 },
  { "空调不制冷，开到最低温度吹出来的还是热风。今年夏天已经是第二次出现，家里老人孩子坐车根本"
    "受不了。", NEEDS_ANY, 'i', "城市道路上|小区停车场", ROLE_DEFAULT, 0, 0 },
  { "{D}早上发现车辆无法启动，仪表提示蓄电池电量低。提车才{Y}就出现这种问题，当天上班也迟到"
    "了。", NEEDS_ANY, 'n', "小区地下车库|家门口路边", ROLE_DEFAULT, 0, 0 },
  { "{D}正常行驶中仪表突然亮起发动机故障灯，车辆动力明显下降，只能靠边停车叫了救援拖到店里。",
    NEEDS_ENGINE, 'u', "高速公路上|城市道路上|高架路上", ROLE_DEFAULT, 0, 0 },
  { "低速行驶时变速箱顿挫严重，特别是一挡升二挡时车身一冲一冲的，来店反映过两次都没有解决。",
    NEEDS_ENGINE, 'i', "城市道路上", ROLE_DEFAULT, 0, 0 },
  { "下雨天过后发现副驾驶脚垫全湿了，车内有明显霉味，怀疑天窗排水管或者车门密封条有问题。",
    NEEDS_ANY, 'n', "小区停车场|家门口路边", ROLE_DEFAULT, 0, 0 },
  { "{M}的中控大屏经常黑屏死机，倒车影像也时有时无，倒车时非常危险。车才开了{K}公里。",
    NEEDS_ANY, 'i', "小区地下车库|商场停车场", ROLE_DEFAULT, 0, 0 },
  { "充满电显示续航五百多公里，实际开不到三百公里就要充电，冬天更严重，和购车时宣传的差别"
    "太大。", NEEDS_BATTERY, 'n', "城市道路上|高速公路上", ROLE_DEFAULT, 0, 0 },
  { "{D}充电时仪表提示“动力电池故障，请尽快维修”，无法继续充电，现在车都不敢开了。",
    NEEDS_BATTERY, 'u', "小区充电桩|公共充电站", ROLE_DEFAULT, 0, 0 },
  { "{D}行驶中方向盘突然变得很沉，转向助力失效，差点撞上护栏，一家人都吓坏了。", NEEDS_ANY,
    'u', "高速公路上|高架路上|城市道路上", ROLE_DEFAULT, 0, 0 },
  { "左前车窗升降时有“咯吱”异响，有时升到一半就卡住不动，下雨天关不上窗。", NEEDS_ANY, 'n',
    NULL, ROLE_DEFAULT, 0, 0 },
  { "车辆行驶到{K}公里，发现机油消耗异常，每一千公里要补半升机油，怀疑烧机油。", NEEDS_ENGINE,
    'i', "店内维修车间", ROLE_DEFAULT, 0, 0 },
  { "车速六十公里左右时底盘有“嗡嗡”的异响，轮胎刚换过，怀疑是轴承或者悬挂有问题。",
    NEEDS_ANY, 'n', "城市道路上|高架路上", ROLE_DEFAULT, 0, 0 },
};

static const Story repair_quality_stories[] = {
  { "{D}在店里做了{R}公里保养，第二天发现车库地面有一摊油迹，检查是机油滤芯没有拧紧导致"
    "漏油。", NEEDS_ENGINE, 'i', "店内维修车间|小区地下车库", ROLE_DEFAULT, 0, 0 },
  { "来店更换前刹车片，修完后刹车时仍然有“吱吱”声。服务顾问{S}说是正常磨合，但已经过去{N}"
    "天了还是一样。", NEEDS_ANY, 'n', "店内维修车间", KESU_ROLE_SERVICE_ADVISOR, 0, 0 },
  { "车辆在店里维修空调，取车不到三天又不制冷了，前后已经来回跑了三趟。", NEEDS_ANY, 'n',
    "店内维修车间", ROLE_DEFAULT, 0, 0 },
  { "做完四轮定位后车子跑偏更严重了，松开方向盘车就往右边跑，高速上很危险。", NEEDS_ANY, 'i',
    "店内维修车间|高速公路上", ROLE_DEFAULT, 0, 0 },
  { "保养取车后发现座椅和方向盘上有油污手印，中控台有一道明显划痕，送车前是没有的。",
    NEEDS_ANY, 'n', "店内维修车间|交车区", ROLE_DEFAULT, 0, 0 },
  { "钣喷维修后左后门的颜色和原车明显不一样，漆面还有流挂和颗粒，完全不是原厂的水平。",
    NEEDS_ANY, 'n', "店内钣喷车间", ROLE_DEFAULT, 0, 0 },
  { "更换变速箱油后换挡冲击比之前更严重了，怀疑加错了油品或者油量不对。", NEEDS_ENGINE, 'i',
    "店内维修车间", ROLE_DEFAULT, 0, 0 },
  { "维修取车后发现行车记录仪的电源线被拔了，右前轮胎压报警灯一直亮着。", NEEDS_ANY, 'n',
    "店内维修车间|交车区", ROLE_DEFAULT, 0, 0 },
  { "{D}因为发动机抖动来店维修，换了点火线圈，开回去不到一百公里又开始抖，等于白修。",
    NEEDS_ENGINE, 'i', "店内维修车间", ROLE_DEFAULT, 0, 0 },
};

static const Story promise_stories[] = {
  { "买车时销售顾问{S}承诺送一年免费保养和全车贴膜，现在来做首保却说没有这个活动，合同上也"
    "没写。", NEEDS_ANY, 'n', "展厅|售后接待区", KESU_ROLE_SALES_CONSULTANT, 0, 0 },
  { "购车时说好的置换补贴{A}元到现在还没到账，每次打电话问，销售都说还在走流程。", NEEDS_ANY,
    'i', "电话沟通", ROLE_DEFAULT, 3000, 10000 },
  { "当时承诺交车时赠送原厂脚垫和行车记录仪，提车时说没货，答应一周内补上，现在{N}天过去了"
    "还是没有消息。", NEEDS_ANY, 'n', "展厅|交车区", ROLE_DEFAULT, 0, 0 },
  { "销售顾问{S}说贷款是零利率，签合同后才发现每个月还要交服务费，算下来多出{A}元。",
    NEEDS_ANY, 'i', "展厅洽谈区", KESU_ROLE_SALES_CONSULTANT, 2000, 9000 },
  { "购车时承诺终身免费基础保养，现在来保养却被告知只有前三次免费，之后要按原价收费。",
    NEEDS_ANY, 'n', "售后接待区", ROLE_DEFAULT, 0, 0 },
  { "上次反映问题后店里说三天内给答复，已经等了{N}天，没有任何人联系过我。", NEEDS_ANY, 'i',
    "电话沟通", ROLE_DEFAULT, 0, 0 },
};

static const Story delivery_delay_stories[] = {
  { "合同约定{D}前交车，定金已经交了，到现在还没交车。销售顾问{S}一直说车在路上，给不出具体"
    "时间。", NEEDS_ANY, 'i', "展厅", KESU_ROLE_SALES_CONSULTANT, 0, 0 },
  { "原定{D}上午提车，我请了假带着家人过来，到店后才说车辆PDI检查还没做完要等到下午，事先"
    "没有任何通知。", NEEDS_ANY, 'n', "交车区|展厅", ROLE_DEFAULT, 0, 0 },
  { "订车时说是现车，交了全款后又说要等厂家调车，已经拖了{N}天，严重影响我上班用车。",
    NEEDS_ANY, 'i', "展厅", ROLE_DEFAULT, 0, 0 },
  { "提车日期一推再推，已经延期{N}天，要求给个准确的交车时间，否则就退定金。", NEEDS_ANY, 'i',
    "展厅|电话沟通", ROLE_DEFAULT, 0, 0 },
  { "交车时发现车辆颜色和配置与合同不一致，店里说要重新调车，又要再等两周。", NEEDS_ANY, 'n',
    "交车区", ROLE_DEFAULT, 0, 0 },
};

static const Story price_stories[] = {
  { "做{R}公里保养，接车时服务顾问{S}报价{B}元，结账时变成了{A}元，多出来的项目事先没有告诉"
    "我。", NEEDS_ANY, 'n', "售后接待区|收银台", KESU_ROLE_SERVICE_ADVISOR, 600, 2800 },
  { "更换一个前大灯总成收费{A}元，比外面其他店贵了将近一倍，要求给出配件价格明细。",
    NEEDS_ANY, 'n', "收银台|售后接待区", ROLE_DEFAULT, 2800, 7800 },
  { "保养时被推销燃油系统清洗和空调清洗，我当时明确没有同意，结账时却收了这两项的费用。",
    NEEDS_ENGINE, 'n', "收银台", ROLE_DEFAULT, 0, 0 },
  { "购车时收取的“金融服务费”{A}元，没有发票也没有任何说明。", NEEDS_ANY, 'i', "展厅洽谈区",
    ROLE_DEFAULT, 1500, 6000 },
  { "一个简单的换灯泡收了{A}元工时费，收费标准一点都不透明。", NEEDS_ANY, 'n', "收银台",
    ROLE_DEFAULT, 120, 380 },
  { "车辆还在保修期内，这次维修却被要求自费{A}元，说是人为损坏，但没有给出任何检测报告。",
    NEEDS_ANY, 'i', "售后接待区", ROLE_DEFAULT, 1200, 9000 },
};

static const Story attitude_stories[] = {
  { "{D}到店保养，前台接待态度冷淡，等了二十多分钟都没人接待，问了一句还被不耐烦地打发。",
    NEEDS_ANY, 'n', "售后接待区", KESU_ROLE_FRONT_DESK, 0, 0 },
  { "打电话询问维修进度，服务顾问{S}说话很冲，没说几句就直接挂了电话。", NEEDS_ANY, 'n',
    "电话沟通", KESU_ROLE_SERVICE_ADVISOR, 0, 0 },
  { "投诉后一直没有人回电话，打了五六次都说负责人不在，让我等通知。", NEEDS_ANY, 'i',
    "电话沟通", ROLE_DEFAULT, 0, 0 },
  { "在客户休息区等车时，听到员工议论我是“难缠的客户”，感觉受到了侮辱。", NEEDS_ANY, 'i',
    "客户休息区", ROLE_DEFAULT, 0, 0 },
  { "销售顾问{S}成交前非常热情，交车后问他问题就一直不回微信。", NEEDS_ANY, 'n', "微信沟通",
    KESU_ROLE_SALES_CONSULTANT, 0, 0 },
  { "取车时车辆没有清洗，跟服务顾问{S}提了一句，对方说“免费洗车又不是必须的”，态度很差。",
    NEEDS_ANY, 'n', "交车区", KESU_ROLE_SERVICE_ADVISOR, 0, 0 },
};

static const Story parts_stories[] = {
  { "右前大灯损坏来店维修，配件要从厂家订货，已经等了{N}天还没到，车一直不能开。", NEEDS_ANY,
    'i', "店内维修车间", ROLE_DEFAULT, 0, 0 },
  { "变速箱维修需要更换阀体，店里说全国缺货，给不出到货时间，也不提供代步车。", NEEDS_ENGINE,
    'i', "店内维修车间", ROLE_DEFAULT, 0, 0 },
  { "订的原厂雨刮片和空调滤芯到了两次都是错的型号，白跑了两趟。", NEEDS_ANY, 'n',
    "配件部|售后接待区", ROLE_DEFAULT, 0, 0 },
  { "事故车维修等配件已经超过{N}天，保险公司也在催，店里一直说在调货。", NEEDS_ANY, 'i',
    "店内钣喷车间", ROLE_DEFAULT, 0, 0 },
  { "订了一套原厂轮毂，付了全款{A}元，现在说停产了，要么换款式要么退款，退款还要等一个月。",
    NEEDS_ANY, 'n', "配件部", ROLE_DEFAULT, 4000, 9600 },
  { "动力电池模组需要更换，店里说要等厂家审批和发货，车已经在店里停了{N}天。", NEEDS_BATTERY,
    'i', "店内维修车间", ROLE_DEFAULT, 0, 0 },
};

static const Story insurance_finance_stories[] = {
  { "买车时在店里办的车险，出险后理赔一直拖着，报案已经{N}天了还没定损。", NEEDS_ANY, 'i',
    "店内钣喷车间|事故现场", ROLE_DEFAULT, 0, 0 },
  { "车贷已经提前还清，解押手续办了一个多月还没办好，车辆登记证书一直拿不回来。", NEEDS_ANY,
    'n', "展厅|电话沟通", ROLE_DEFAULT, 0, 0 },
  { "续保时店里的报价比保险公司直接报价高出{A}元，还说必须在店里续保才给保养优惠。",
    NEEDS_ANY, 'n', "售后接待区|电话沟通", ROLE_DEFAULT, 600, 2500 },
  { "贷款购车时被捆绑了{A}元的“延保”和“GPS服务费”，签合同前没有任何说明。", NEEDS_ANY, 'i',
    "展厅洽谈区", ROLE_DEFAULT, 0, 0 },
  { "保险公司的定损金额和店里的维修报价差了{A}元，双方互相推诿，让我自己去协调。", NEEDS_ANY,
    'n', "店内钣喷车间", ROLE_DEFAULT, 0, 0 },
};

static const Story licensing_stories[] = {
  { "提车已经{N}天了，店里代办的上牌一直没办好，临时牌照马上到期，车没法开了。", NEEDS_ANY, 'i',
    "展厅|电话沟通", ROLE_DEFAULT, 0, 0 },
  { "代办上牌收了{A}元服务费，结果还要我自己去车管所跑了两趟。", NEEDS_ANY, 'n', "车管所|展厅",
    ROLE_DEFAULT, 0, 0 },
  { "合格证和发票迟迟不给，说要等贷款审批完成，耽误了我办理上牌。", NEEDS_ANY, 'n', "展厅",
    ROLE_DEFAULT, 0, 0 },
  { "车辆发票上的车主姓名写错了，店里说要重开，但已经{N}天没有下文。", NEEDS_ANY, 'n',
    "展厅|电话沟通", ROLE_DEFAULT, 0, 0 },
  { "新能源车上绿牌需要的材料店里没有提前告诉我，来回跑了三趟，耽误了上牌时间。",
    NEEDS_BATTERY, 'n', "车管所", ROLE_DEFAULT, 0, 0 },
};

static const Story other_stories[] = {
  { "店里停车位太少，每次来保养都只能停在路边，上次还被贴了罚单。", NEEDS_ANY, 'n', "店外路边",
    ROLE_DEFAULT, 0, 0 },
  { "在客户休息区丢了一个手提包，店里说那个位置的监控坏了，没法查看。", NEEDS_ANY, 'i',
    "客户休息区", ROLE_DEFAULT, 0, 0 },
  { "经常接到店里的营销电话，已经说过很多次不需要，还是每周都打来。", NEEDS_ANY, 'n', "电话",
    ROLE_DEFAULT, 0, 0 },
  { "预约了周六上午的保养，到店后被告知预约没有登记，只能重新排队，等了两个多小时。",
    NEEDS_ANY, 'n', "售后接待区", ROLE_DEFAULT, 0, 0 },
  { "店里洗车时把后排的儿童安全座椅拆了下来，取车时没有装回去，也没有告诉我。", NEEDS_ANY,
    'n', "洗车房|交车区", ROLE_DEFAULT, 0, 0 },
  { "参加店里的车主活动，说好的抽奖礼品到现在还没有发放。", NEEDS_ANY, 'n', "展厅",
    ROLE_DEFAULT, 0, 0 },
};

static const char *const vehicle_quality_demands[] = {
  "要求彻底检查并免费维修", "要求免费维修并提供代步车", "要求按三包规定更换新车",
  "要求退车并赔偿损失", "要求出具书面检测报告", "要求延长整车质保作为补偿",
  "要求给出明确的维修方案和完成时间",
};
static const char *const repair_quality_demands[] = {
  "要求免费返工并赔偿误工费", "要求承担清洗和修复费用", "要求重新维修并书面道歉",
  "要求退还本次维修费用", "要求赔偿损失{A}元", "要求换一位维修技师",
};
static const char *const promise_demands[] = {
  "要求兑现购车时的承诺", "要求按承诺折现{A}元", "要求销售顾问书面道歉",
  "要求补发承诺的赠品", "要求退还多收的费用", "要求给出书面答复",
};
static const char *const delivery_delay_demands[] = {
  "要求明确交车时间并给予补偿", "要求退还定金", "要求赔偿误工费和交通费",
  "要求按合同违约条款赔偿", "要求一周内交车",
};
static const char *const price_demands[] = {
  "要求退还多收费用", "要求提供收费明细", "要求按报价结算", "要求店方书面道歉",
  "要求说明收费依据",
};
static const char *const attitude_demands[] = {
  "要求当事员工当面道歉", "要求店方书面道歉", "要求更换服务顾问", "要求对当事员工进行处理",
  "要求店长出面给个说法",
};
static const char *const parts_demands[] = {
  "要求明确配件到货时间", "要求提供代步车", "要求退款", "要求赔偿交通费用",
  "要求尽快修好车辆",
};
static const char *const insurance_finance_demands[] = {
  "要求尽快完成理赔", "要求尽快办理解押手续", "要求退还多收的保费", "要求退还捆绑收取的费用",
  "要求店方出面协调保险公司",
};
static const char *const licensing_demands[] = {
  "要求尽快办好上牌", "要求退还代办服务费", "要求赔偿交通费和误工费",
  "要求尽快开具正确的发票",
};
static const char *const other_demands[] = {
  "要求给个说法", "要求不再拨打营销电话", "要求赔偿损失", "要求店方书面道歉",
  "要求改进预约流程",
};

static const char *const angry_tails[] = {
  "如果今天还不给解决，我就去12315投诉。", "再拖下去我就发到网上曝光。",
  "我已经来了好几趟了，对你们的处理非常不满意。", "要求你们领导出面解决。",
};
static const char *const anxious_tails[] = {
  "这车每天上下班都要用，请尽快处理。", "家里孩子上学接送全靠这辆车，很着急。",
  "下周要跑长途，希望尽快给个答复。",
};
static const char *const calm_tails[] = {
  "希望店里重视这个问题。", "请尽快给我一个处理方案。",
};

/* Where a third-party platform case came from; the last ones involve a regulator or the
 * press, which makes a case at least important. */
static const char *const platform_sources[] = {
  "【厂家客服热线转办】", "【12315平台转办】", "【汽车投诉网】", "【市场监管局转办】",
  "【本地电视台民生栏目来电】",
};
#define PLATFORM_SERIOUS_FROM 3

/* ---- how each story ends --------------------------------------------------------------
 *
 * One outcome per story, in the same order: what the investigation found and who was
 * responsible, the solution agreed with the customer, what was done, and the part the
 * case may wait for (配件), if any.  {A} in the measures is the amount in yuan. */

typedef enum
{
  AMOUNT_NONE,    /* no money: 0 */
  AMOUNT_RANGE,   /* between min and max yuan */
  AMOUNT_STORY,   /* the story's {A} */
  AMOUNT_DIFF,    /* the story's {A} less its {B}: what was charged over the quote */
} AmountKind;

typedef struct
{
  const char         *cause;
  KesuResponsibility  responsibility;
  KesuSolution        solution;
  const char         *measures;
  AmountKind          amount_kind;
  guint               amount_min;
  guint               amount_max;
  const char         *done;
  const char         *part;
} Outcome;

#define NO_MONEY   AMOUNT_NONE, 0, 0
#define YUAN(a, b) AMOUNT_RANGE, (a), (b)
#define STORY_SUM  AMOUNT_STORY, 0, 0
#define OVER_QUOTE AMOUNT_DIFF, 0, 0

#define R_UNDETERMINED       KESU_RESPONSIBILITY_UNDETERMINED
#define R_SALES              KESU_RESPONSIBILITY_DEALER_SALES
#define R_AFTER_SALES        KESU_RESPONSIBILITY_DEALER_AFTER_SALES
#define R_STAFF              KESU_RESPONSIBILITY_DEALER_STAFF
#define R_MANUFACTURER       KESU_RESPONSIBILITY_MANUFACTURER
#define R_THIRD_PARTY        KESU_RESPONSIBILITY_THIRD_PARTY
#define R_CUSTOMER           KESU_RESPONSIBILITY_CUSTOMER

static const Outcome vehicle_quality_outcomes[] = {
  { "经技师拆检，液压挺柱磨损导致冷车异响，属零部件质量问题。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "按质保免费更换液压挺柱，维修期间提供代步车。", NO_MONEY,
    "已更换液压挺柱，冷车启动无异响。", "液压挺柱" },
  { "检测发现前制动盘端面跳动超差，为制动盘热变形，在质保范围内。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "免费更换前制动盘和刹车片，并做四轮定位。", NO_MONEY,
    "已更换前制动盘和刹车片，高速试车制动平稳。", "前制动盘" },
  { "空调压缩机电磁离合器线圈烧蚀，压缩机不工作。", R_MANUFACTURER,
    KESU_SOLUTION_COMPENSATION, "按质保免费更换空调压缩机，并补偿交通费{A}元。",
    YUAN (200, 500), "已更换压缩机并加注冷媒，出风温度正常，交通费已转账。", "空调压缩机" },
  { "蓄电池检测合格，亏电原因为加装的行车记录仪停车监控持续耗电。", R_CUSTOMER,
    KESU_SOLUTION_APOLOGY, "向客户说明亏电原因，免费为蓄电池充电并调整记录仪停车监控设置。",
    NO_MONEY, "已充电并调整记录仪设置，连续三天观察启动正常。", NULL },
  { "读取故障码为涡轮增压器泄压阀卡滞，导致增压不足、动力下降。", R_MANUFACTURER,
    KESU_SOLUTION_COMPENSATION, "免费更换涡轮增压器泄压阀，报销救援拖车费{A}元。",
    YUAN (300, 800), "已更换泄压阀并清除故障码，路试动力正常，拖车费已报销。",
    "涡轮增压器泄压阀" },
  { "变速箱控制单元程序版本过旧，换挡逻辑存在缺陷，厂家已发布技术通报。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "免费升级变速箱控制程序并做自适应学习，变速箱质保延长一年。",
    NO_MONEY, "已升级程序并完成自适应学习，路试换挡平顺。", NULL },
  { "天窗前排水管接头脱落，雨水沿A柱流入副驾驶脚坑。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "免费重新安装天窗排水管，清洗烘干地毯并做除味处理。", NO_MONEY,
    "排水管已重新固定，淋水试验无渗漏，地毯已烘干。", NULL },
  { "中控主机软件存在已知缺陷，厂家已发布升级程序。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "免费升级中控主机软件，如仍复现则更换主机。", NO_MONEY,
    "已升级至最新版本，连续三天测试未再黑屏。", "中控主机" },
  { "动力电池容量检测正常，续航差异主要与冬季低温和空调使用有关，宣传续航为CLTC工况数据。",
    R_CUSTOMER, KESU_SOLUTION_APOLOGY,
    "向客户解释续航测试标准并提供冬季用车建议，赠送一次电池健康检测。", NO_MONEY,
    "已当面解释并完成电池健康检测，健康度98%。", NULL },
  { "厂家远程诊断确认动力电池模组单体电压异常，需更换电池模组。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "按三包规定免费更换动力电池模组，维修期间提供代步车。", NO_MONEY,
    "已更换电池模组，充放电测试正常。", "动力电池模组" },
  { "电动助力转向机控制模块故障，属严重安全隐患，已上报厂家。", R_MANUFACTURER,
    KESU_SOLUTION_REPLACEMENT, "免费更换电动助力转向机总成，并补偿交通费{A}元。",
    YUAN (500, 2000), "已更换转向机总成，路试转向助力正常。", "电动助力转向机" },
  { "左前车窗升降器导轨变形，玻璃升降卡滞。", R_MANUFACTURER, KESU_SOLUTION_REPAIR,
    "免费更换左前玻璃升降器。", NO_MONEY, "已更换升降器，升降顺畅无异响。", "玻璃升降器" },
  { "机油消耗测试为每千公里约0.5升，超出厂家标准，系活塞环积碳卡滞所致。", R_MANUFACTURER,
    KESU_SOLUTION_REPAIR, "免费清洗积碳并更换活塞环，发动机质保延长两年。", NO_MONEY,
    "已完成维修，复测机油消耗正常。", "活塞环" },
  { "检测发现右前轮毂轴承磨损，行驶时产生异响。", R_MANUFACTURER, KESU_SOLUTION_REPAIR,
    "按质保免费更换右前轮毂轴承。", NO_MONEY, "已更换轮毂轴承，路试异响消除。", "轮毂轴承" },
};

static const Outcome repair_quality_outcomes[] = {
  { "维修技师更换机油滤芯后未按规定扭矩紧固，属维修操作失误。", R_STAFF,
    KESU_SOLUTION_COMPENSATION, "免费重新紧固并清洗发动机舱和车库地面油迹，赔偿误工费{A}元。",
    YUAN (200, 600), "已重新紧固并清洗，试车无渗漏，赔偿款已转账。", NULL },
  { "更换刹车片时未做倒角、未涂抹消音膏，导致制动异响。", R_AFTER_SALES,
    KESU_SOLUTION_REPAIR, "免费重新处理刹车片并更换消音垫片。", NO_MONEY,
    "已重新处理，路试制动无异响。", NULL },
  { "前次维修只加注冷媒，未查出冷凝器管路的渗漏点。", R_AFTER_SALES,
    KESU_SOLUTION_PARTIAL_REFUND, "免费更换冷凝器管路并保压检漏，退还前两次维修费用{A}元。",
    YUAN (300, 900), "已更换管路，保压24小时无泄漏，维修费已退还。", "冷凝器管路" },
  { "四轮定位仪未按期校准，前束参数调整错误。", R_AFTER_SALES, KESU_SOLUTION_REPAIR,
    "设备校准后免费重新做四轮定位，并检查轮胎磨损。", NO_MONEY, "已重新定位，路试不跑偏。",
    NULL },
  { "交车前未按流程做车内清洁和外观检查，划痕为维修时工具刮碰所致。", R_STAFF,
    KESU_SOLUTION_FREE_SERVICE, "免费清洁内饰、修复中控台划痕，并赠送一次精洗。", NO_MONEY,
    "已完成清洁和划痕修复，客户验车认可。", NULL },
  { "调漆时未做比色试板，存在色差；喷涂时除尘不到位。", R_AFTER_SALES,
    KESU_SOLUTION_REPAIR, "免费重新喷涂左后门，由钣喷主管全程监督。", NO_MONEY,
    "已重新喷涂，比色一致，漆面无流挂。", NULL },
  { "核查工单发现加注的变速箱油型号错误。", R_STAFF, KESU_SOLUTION_COMPENSATION,
    "免费更换原厂变速箱油并清洗油路，赔偿{A}元。", YUAN (500, 1500),
    "已更换原厂油品并做自适应学习，换挡平顺，赔偿款已支付。", NULL },
  { "维修拆装饰板时拔下记录仪电源，复装时遗漏；胎压传感器未重新匹配。", R_STAFF,
    KESU_SOLUTION_APOLOGY, "恢复记录仪接线并匹配胎压传感器，当事技师书面致歉。", NO_MONEY,
    "已恢复接线并完成胎压匹配，报警灯熄灭。", NULL },
  { "复检发现火花塞同样老化，前次维修只更换点火线圈，诊断不彻底。", R_AFTER_SALES,
    KESU_SOLUTION_PARTIAL_REFUND, "免费更换全套火花塞，并退还前次工时费{A}元。",
    YUAN (150, 400), "已更换火花塞，发动机运转平稳，工时费已退还。", NULL },
};

static const Outcome promise_outcomes[] = {
  { "核实为销售顾问口头承诺的赠送项目未写入合同，属销售环节失误。", R_SALES,
    KESU_SOLUTION_FREE_SERVICE, "按承诺补送一年免费保养和全车贴膜。", NO_MONEY,
    "已办理保养卡并完成贴膜。", NULL },
  { "置换补贴资料缺少旧车行驶证复印件，被厂家退回，销售顾问未及时告知客户。", R_SALES,
    KESU_SOLUTION_COMPENSATION, "店方先行垫付置换补贴{A}元。", STORY_SUM,
    "置换补贴已转账至客户账户。", NULL },
  { "赠品库存不足，采购补货延误，销售顾问未主动跟进。", R_SALES, KESU_SOLUTION_FREE_SERVICE,
    "三日内补送原厂脚垫和行车记录仪并免费安装。", NO_MONEY, "赠品已安装，客户签收。",
    "原厂脚垫" },
  { "金融方案中的服务费条款未向客户充分说明，属销售告知不到位。", R_SALES,
    KESU_SOLUTION_PARTIAL_REFUND, "退还服务费{A}元并书面致歉。", STORY_SUM,
    "服务费已退还，致歉函已寄出。", NULL },
  { "终身免费基础保养为厂家限时活动，本车不在活动范围内，销售顾问介绍有误。", R_SALES,
    KESU_SOLUTION_COMPENSATION, "按原承诺折算赠送保养券{A}元。", YUAN (1000, 3000),
    "保养券已发放至客户账户。", NULL },
  { "首次反映后未登记投诉，没有第一责任人，无人跟进。", R_AFTER_SALES,
    KESU_SOLUTION_PROCESS_CHANGE, "店长当面致歉，指定专人负责并每周回访；完善投诉登记流程。",
    NO_MONEY, "已致歉并完成流程整改培训。", NULL },
};

static const Outcome delivery_delay_outcomes[] = {
  { "厂家排产调整，车辆下线推迟，销售顾问未及时告知客户。", R_MANUFACTURER,
    KESU_SOLUTION_COMPENSATION, "明确交车日期，补偿交通费{A}元。", YUAN (1000, 3000),
    "车辆已交付，补偿款已支付。", NULL },
  { "交车排期安排失误，PDI检查未提前完成。", R_SALES, KESU_SOLUTION_COMPENSATION,
    "书面致歉，赠送一次保养并补偿误工费{A}元。", YUAN (200, 500),
    "已交车，保养券和补偿已发放。", NULL },
  { "该车已被其他门店调走，库存信息未及时更新。", R_SALES, KESU_SOLUTION_COMPENSATION,
    "从厂家紧急调车，期间提供代步车，并补偿{A}元。", YUAN (1000, 3000),
    "新车已到店交付。", NULL },
  { "物流承运商运输途中延误。", R_THIRD_PARTY, KESU_SOLUTION_COMPENSATION,
    "明确交车时间，赠送{A}元精品券。", YUAN (1000, 2000), "车辆已交付，精品券已发放。", NULL },
  { "厂家发运车辆的颜色和配置与订单不符。", R_MANUFACTURER, KESU_SOLUTION_REPLACEMENT,
    "重新调配与合同一致的车辆，并补偿{A}元。", YUAN (1000, 3000), "已交付合同约定的车辆。",
    NULL },
};

static const Outcome price_outcomes[] = {
  { "服务顾问增加项目未经客户确认，违反先报价后施工的流程。", R_STAFF,
    KESU_SOLUTION_PARTIAL_REFUND, "退还未经确认项目的费用{A}元。", OVER_QUOTE,
    "差额已退还。", NULL },
  { "配件价格为厂家指导价，服务顾问未向客户解释清楚。", R_CUSTOMER, KESU_SOLUTION_APOLOGY,
    "出示配件价格明细及厂家指导价文件，向客户说明。", NO_MONEY,
    "已出示价格依据，客户接受。", NULL },
  { "两项清洗服务未经客户签字确认即施工。", R_STAFF, KESU_SOLUTION_PARTIAL_REFUND,
    "全额退还两项清洗费用{A}元。", YUAN (300, 600), "费用已退还。", NULL },
  { "金融服务费收取不规范，未开具发票。", R_SALES, KESU_SOLUTION_FULL_REFUND,
    "全额退还金融服务费{A}元。", STORY_SUM, "已全额退还。", NULL },
  { "工时费误按整车电器检测项目计算。", R_AFTER_SALES, KESU_SOLUTION_PARTIAL_REFUND,
    "按标准工时重新结算，退还{A}元。", YUAN (80, 250), "已退还多收的工时费。", NULL },
  { "重新检测确认损坏并非人为原因，属于质保范围。", R_MANUFACTURER, KESU_SOLUTION_FULL_REFUND,
    "按质保处理，退还客户自费的{A}元。", STORY_SUM, "费用已退还，维修按质保结算。", NULL },
};

static const Outcome attitude_outcomes[] = {
  { "调取监控确认前台高峰期未按流程接待，态度冷淡。", R_STAFF, KESU_SOLUTION_APOLOGY,
    "当事员工当面致歉，赠送一次免费洗车；前台增加高峰期排班。", NO_MONEY,
    "已当面致歉，客户接受。", NULL },
  { "调取通话录音，确认服务顾问语气生硬并先行挂断电话。", R_STAFF, KESU_SOLUTION_APOLOGY,
    "服务顾问电话致歉，由服务经理跟进维修进度。", NO_MONEY, "已致歉，客户接受。", NULL },
  { "投诉未指定第一责任人，前台未登记来电。", R_AFTER_SALES, KESU_SOLUTION_PROCESS_CHANGE,
    "售后经理当面致歉，建立来电登记和回电时限制度。", NO_MONEY,
    "已致歉并完成制度培训。", NULL },
  { "约谈当事员工，确认存在不当议论。", R_STAFF, KESU_SOLUTION_PROCESS_CHANGE,
    "当事员工书面致歉，全员参加服务礼仪培训。", NO_MONEY, "已书面致歉并完成培训。", NULL },
  { "销售顾问交车后未按流程回访，微信消息未及时回复。", R_STAFF, KESU_SOLUTION_APOLOGY,
    "销售经理致歉，指定新的销售顾问负责后续服务。", NO_MONEY, "已更换顾问，客户认可。",
    NULL },
  { "交车前未按流程免费洗车，服务顾问解释不当。", R_STAFF, KESU_SOLUTION_FREE_SERVICE,
    "服务顾问致歉，赠送三次免费精洗。", NO_MONEY, "已致歉，洗车券已发放。", NULL },
};

static const Outcome parts_outcomes[] = {
  { "右前大灯总成厂家缺货，订货后排期发运。", R_MANUFACTURER, KESU_SOLUTION_FREE_SERVICE,
    "配件到货前提供代步车，到货后优先安排维修。", NO_MONEY,
    "大灯已到货更换，代步车已收回。", "右前大灯总成" },
  { "变速箱阀体全国缺货，厂家配件中心排期供货。", R_MANUFACTURER, KESU_SOLUTION_COMPENSATION,
    "提供代步车并补偿交通费{A}元，到货后优先维修。", YUAN (500, 1500),
    "阀体到货已更换，路试换挡正常。", "变速箱阀体" },
  { "配件部按旧款车型查询订货，型号填写错误。", R_AFTER_SALES, KESU_SOLUTION_FREE_SERVICE,
    "重新订货并上门免费安装，赠送一次空调清洗。", NO_MONEY, "正确配件已上门安装。",
    "雨刮片和空调滤芯" },
  { "钣金件需从厂家订货，保险公司定损延误导致订货推迟。", R_THIRD_PARTY,
    KESU_SOLUTION_FREE_SERVICE, "协调保险公司加快定损，期间提供代步车。", NO_MONEY,
    "配件到货，维修完成并交车。", "前保险杠和翼子板" },
  { "原厂轮毂已停产，厂家通知不再供货。", R_MANUFACTURER, KESU_SOLUTION_FULL_REFUND,
    "七个工作日内全额退款{A}元。", STORY_SUM, "已全额退款。", NULL },
  { "动力电池模组更换需厂家审批，审批流程较长。", R_MANUFACTURER, KESU_SOLUTION_REPAIR,
    "加急申请厂家审批，维修期间提供代步车。", NO_MONEY, "电池模组已更换，充放电测试正常。",
    "动力电池模组" },
};

static const Outcome insurance_finance_outcomes[] = {
  { "保险公司查勘员排期不足，定损延误。", R_THIRD_PARTY, KESU_SOLUTION_FREE_SERVICE,
    "店方协调保险公司三日内定损，期间提供代步车。", NO_MONEY, "已完成定损和维修。", NULL },
  { "解押资料在金融机构与店方之间交接遗漏。", R_SALES, KESU_SOLUTION_APOLOGY,
    "专人加急办理解押，办结后送证上门。", NO_MONEY, "登记证书已送达客户。", NULL },
  { "店内续保报价包含附加险种，未向客户说明。", R_SALES, KESU_SOLUTION_APOLOGY,
    "按客户需求重新报价，保养优惠不再与续保挂钩。", NO_MONEY, "客户已按新报价续保。", NULL },
  { "延保和GPS服务费未单独告知并取得客户同意。", R_SALES, KESU_SOLUTION_FULL_REFUND,
    "退还捆绑收取的延保和GPS服务费{A}元。", YUAN (2000, 5000), "费用已退还。", NULL },
  { "定损金额与维修报价的差异源于配件价格标准不同。", R_THIRD_PARTY,
    KESU_SOLUTION_COMPENSATION, "店方按保险定损金额维修，差额{A}元由店方承担。", STORY_SUM,
    "已按定损金额完成维修。", NULL },
};

static const Outcome licensing_outcomes[] = {
  { "车管所预约排期已满，代办人员未及时告知客户。", R_SALES, KESU_SOLUTION_FREE_SERVICE,
    "加急预约上牌，临时牌照到期前免费代办续期。", NO_MONEY, "已上牌，行驶证已送交客户。",
    NULL },
  { "代办服务未按约定全程代办。", R_SALES, KESU_SOLUTION_FULL_REFUND,
    "全额退还代办服务费{A}元。", STORY_SUM, "服务费已退还。", NULL },
  { "合格证按流程需在贷款审批后发放，销售顾问未提前说明。", R_SALES, KESU_SOLUTION_APOLOGY,
    "协调金融机构加快审批，审批通过当日交付合格证和发票。", NO_MONEY, "合格证和发票已交付。",
    NULL },
  { "开票员录入错误，重开发票需走红冲流程。", R_STAFF, KESU_SOLUTION_APOLOGY,
    "三个工作日内重开发票并快递给客户。", NO_MONEY, "正确的发票已寄达。", NULL },
  { "未向客户提供新能源号牌所需的材料清单。", R_SALES, KESU_SOLUTION_COMPENSATION,
    "补偿交通费{A}元，专人陪同办理。", YUAN (200, 500), "已办好绿牌，补偿已支付。", NULL },
};

static const Outcome other_outcomes[] = {
  { "店内停车位不足，高峰期未安排引导。", R_AFTER_SALES, KESU_SOLUTION_COMPENSATION,
    "报销罚款{A}元，开放员工停车场供客户使用。", YUAN (100, 200),
    "罚款已报销，已新增客户车位。", NULL },
  { "休息区监控摄像头损坏未及时维修，无法确认物品丢失的经过。", R_UNDETERMINED,
    KESU_SOLUTION_COMPENSATION, "协助报警处理，出于善意补偿{A}元并修复监控。", YUAN (500, 3000),
    "补偿已支付，监控已修复。", NULL },
  { "客户的拒绝意愿未录入系统，营销名单未及时更新。", R_AFTER_SALES,
    KESU_SOLUTION_PROCESS_CHANGE, "将客户号码加入免打扰名单，整改营销外呼流程。", NO_MONEY,
    "已加入免打扰名单，一个月内未再来电。", NULL },
  { "预约系统与前台登记不同步，预约信息遗漏。", R_AFTER_SALES, KESU_SOLUTION_FREE_SERVICE,
    "致歉并赠送一次免费保养工时。", NO_MONEY, "已发放工时券。", NULL },
  { "洗车工拆下安全座椅后未复装，也未告知客户。", R_STAFF, KESU_SOLUTION_APOLOGY,
    "上门重新安装安全座椅并致歉，规范洗车交接流程。", NO_MONEY, "已上门安装，客户确认。",
    NULL },
  { "活动奖品采购延误，市场部未及时通知中奖客户。", R_SALES, KESU_SOLUTION_FREE_SERVICE,
    "一周内补发奖品并附赠精品礼包。", NO_MONEY, "奖品已送达。", NULL },
};

#undef R_UNDETERMINED
#undef R_SALES
#undef R_AFTER_SALES
#undef R_STAFF
#undef R_MANUFACTURER
#undef R_THIRD_PARTY
#undef R_CUSTOMER

#define OUTCOMES_FOR(s) G_STATIC_ASSERT (G_N_ELEMENTS (s##_outcomes) == G_N_ELEMENTS (s##_stories))
OUTCOMES_FOR (vehicle_quality);
OUTCOMES_FOR (repair_quality);
OUTCOMES_FOR (promise);
OUTCOMES_FOR (delivery_delay);
OUTCOMES_FOR (price);
OUTCOMES_FOR (attitude);
OUTCOMES_FOR (parts);
OUTCOMES_FOR (insurance_finance);
OUTCOMES_FOR (licensing);
OUTCOMES_FOR (other);
#undef OUTCOMES_FOR

static const Outcome *const outcomes[] = {
  [KESU_CATEGORY_VEHICLE_QUALITY] = vehicle_quality_outcomes,
  [KESU_CATEGORY_REPAIR_QUALITY] = repair_quality_outcomes,
  [KESU_CATEGORY_PROMISE] = promise_outcomes,
  [KESU_CATEGORY_DELIVERY_DELAY] = delivery_delay_outcomes,
  [KESU_CATEGORY_PRICE] = price_outcomes,
  [KESU_CATEGORY_ATTITUDE] = attitude_outcomes,
  [KESU_CATEGORY_PARTS] = parts_outcomes,
  [KESU_CATEGORY_INSURANCE_FINANCE] = insurance_finance_outcomes,
  [KESU_CATEGORY_LICENSING] = licensing_outcomes,
  [KESU_CATEGORY_OTHER] = other_outcomes,
};
G_STATIC_ASSERT (G_N_ELEMENTS (outcomes) == KESU_N_CATEGORIES);

/* After a dissatisfied follow-up: what the second look found, and what was added; for a
 * repair, and for everything else. */
static const char *const recheck_causes[2][2] = {
  { "复查发现首次维修未彻底排除故障，需进一步更换相关部件。",
    "经厂家技术支持复检，确认原因分析不完整，需更换总成。" },
  { "重新核实客户的实际损失，原方案考虑不周。",
    "复查确认客户的主要诉求未得到充分回应。" },
};
static const char *const recheck_measures[2][2] = {
  { "由技术经理亲自复检并重新维修，相关部件质保延长一年。",
    "更换总成，并追加补偿交通费{A}元。" },
  { "在原方案基础上追加补偿{A}元。", "店长当面致歉，并指定专人跟进至客户满意。" },
};

/* What the handler writes down along the way. */
static const char *const first_contact_texts[] = {
  "已致电客户致歉，告知将安排专人调查，并约定回复时间。",
  "已回电安抚客户情绪，说明处理流程和回复时间。",
  "已通过微信联系客户，告知投诉已受理并约定回电时间。",
  "已致电客户，约定到店检查的时间。",
};
static const char *const walk_in_contact_texts[] = {
  "客户在店时当面致歉，复述记录内容，说明处理流程和回复时间。",
  "当面接待客户，确认诉求并约定回复时间。",
};
static const char *const finding_contact_texts[] = {
  "已告知客户调查结果和初步处理方案。",
  "已电话向客户说明原因，约定到店商谈方案。",
  "已通过微信发送检测报告，约定电话沟通方案。",
};
static const char *const wait_contact_texts[] = {
  "已告知客户配件订货情况和预计到货时间。",
  "已告知客户配件仍在途，到货后第一时间通知。",
};
static const char *const done_contact_texts[] = {
  "已通知客户处理完毕，约定回访时间。",
  "已通知客户取车，并说明处理情况。",
  "已告知客户方案已执行完毕，请客户确认。",
};
static const char *const reopen_contact_texts[] = {
  "已向客户致歉，告知将重新调查处理。",
  "已联系客户，约定到店复查的时间。",
};
static const char *const notes[] = {
  "已调取维修工单和施工记录。", "已联系厂家技术支持协助诊断。", "已调取接待区监控录像。",
  "已约谈当事员工了解情况。", "已查阅购车合同及附件。", "已与客户约定到店时间。",
};
static const char *const agreement_notes[] = {
  "客户在《处理方案确认书》上签字确认。", "客户电话同意方案，通话已录音。",
  "客户通过微信确认同意方案。", "客户到店当面确认并签字。",
};
static const char *const withdraw_reasons[] = {
  "客户表示问题已自行解决，申请撤回投诉。", "客户与厂家直接协商解决，撤回投诉。",
  "客户接受解释，不再追究。", "客户车辆已出售，申请撤诉。",
  "客户通过保险公司理赔解决，撤回投诉。",
};
/* Follow-up comments by rating (1–5). */
static const char *const follow_up_comments[5][2] = {
  { "维修后故障再次出现，客户非常不满。", "客户认为店方推诿责任，要求重新处理。" },
  { "客户表示问题依旧，要求重新处理。", "客户对处理方案不满意，认为补偿不足。" },
  { "客户基本接受处理结果，但认为处理时间较长。", "客户接受结果，建议加强沟通。" },
  { "客户认可处理结果。", "客户对处理结果满意，建议今后加强沟通。" },
  { "客户表示非常满意，感谢及时处理。", "回访客户，车辆使用正常，对处理结果满意。" },
};

/* ---- categories ---------------------------------------------------------------------- */

typedef enum
{
  SIDE_AFTER_SALES,
  SIDE_SALES,
} Side;

typedef enum
{
  ORDER_NONE,
  ORDER_REPAIR,    /* RO + day of the visit + sequence */
  ORDER_CONTRACT,  /* HT + day of the contract + sequence */
} OrderKind;

typedef enum
{
  VEHICLE_IN_USE,
  VEHICLE_NOT_DELIVERED,  /* no plate, no mileage, VIN only when allocated */
  VEHICLE_UNREGISTERED,   /* delivered, no plate yet */
} VehicleState;

typedef struct
{
  const Story        *stories;
  guint               n_stories;
  const char *const  *demands;
  guint               n_demands;
  const char         *places;
  guint               weight;
  Side                side;
  OrderKind           order_kind;
  guint               order_percent;
  VehicleState        vehicle_state;
  guint               min_age;     /* days from purchase to the event */
  guint               max_age;
  guint               amount_min;  /* {A} in yuan */
  guint               amount_max;
  int                 involved;    /* KesuRole of the staff member usually involved */
} CategoryInfo;

#define STORIES(s) s, G_N_ELEMENTS (s)

static const CategoryInfo categories[] = {
  [KESU_CATEGORY_VEHICLE_QUALITY] = {
    STORIES (vehicle_quality_stories), STORIES (vehicle_quality_demands),
    "城市道路上|小区停车场", 20, SIDE_AFTER_SALES, ORDER_REPAIR, 50, VEHICLE_IN_USE,
    7, 1460, 500, 8000, KESU_ROLE_SERVICE_ADVISOR },
  [KESU_CATEGORY_REPAIR_QUALITY] = {
    STORIES (repair_quality_stories), STORIES (repair_quality_demands),
    "店内维修车间", 16, SIDE_AFTER_SALES, ORDER_REPAIR, 85, VEHICLE_IN_USE,
    60, 2900, 200, 3000, KESU_ROLE_SERVICE_ADVISOR },
  [KESU_CATEGORY_PROMISE] = {
    STORIES (promise_stories), STORIES (promise_demands),
    "展厅", 8, SIDE_SALES, ORDER_CONTRACT, 75, VEHICLE_IN_USE,
    20, 400, 1000, 8000, KESU_ROLE_SALES_CONSULTANT },
  [KESU_CATEGORY_DELIVERY_DELAY] = {
    STORIES (delivery_delay_stories), STORIES (delivery_delay_demands),
    "展厅", 6, SIDE_SALES, ORDER_CONTRACT, 90, VEHICLE_NOT_DELIVERED,
    15, 75, 2000, 20000, KESU_ROLE_SALES_CONSULTANT },
  [KESU_CATEGORY_PRICE] = {
    STORIES (price_stories), STORIES (price_demands),
    "收银台", 13, SIDE_AFTER_SALES, ORDER_REPAIR, 80, VEHICLE_IN_USE,
    60, 2900, 300, 3000, KESU_ROLE_SERVICE_ADVISOR },
  [KESU_CATEGORY_ATTITUDE] = {
    STORIES (attitude_stories), STORIES (attitude_demands),
    "售后接待区", 12, SIDE_AFTER_SALES, ORDER_REPAIR, 40, VEHICLE_IN_USE,
    10, 2900, 0, 0, KESU_ROLE_FRONT_DESK },
  [KESU_CATEGORY_PARTS] = {
    STORIES (parts_stories), STORIES (parts_demands),
    "店内维修车间", 7, SIDE_AFTER_SALES, ORDER_REPAIR, 80, VEHICLE_IN_USE,
    60, 2500, 800, 9000, KESU_ROLE_SERVICE_ADVISOR },
  [KESU_CATEGORY_INSURANCE_FINANCE] = {
    STORIES (insurance_finance_stories), STORIES (insurance_finance_demands),
    "展厅洽谈区", 6, SIDE_SALES, ORDER_CONTRACT, 60, VEHICLE_IN_USE,
    20, 1100, 500, 6000, KESU_ROLE_SALES_CONSULTANT },
  [KESU_CATEGORY_LICENSING] = {
    STORIES (licensing_stories), STORIES (licensing_demands),
    "展厅", 5, SIDE_SALES, ORDER_CONTRACT, 80, VEHICLE_UNREGISTERED,
    0, 5, 300, 1500, KESU_ROLE_SALES_CONSULTANT },
  [KESU_CATEGORY_OTHER] = {
    STORIES (other_stories), STORIES (other_demands),
    "店内", 7, SIDE_AFTER_SALES, ORDER_NONE, 0, VEHICLE_IN_USE,
    10, 2900, 100, 2000, ROLE_DEFAULT },
};
G_STATIC_ASSERT (G_N_ELEMENTS (categories) == KESU_N_CATEGORIES);

/* Phone and walk-in first, as at a real front desk. */
static const guint channel_weights[] = { 34, 30, 3, 5, 14, 9, 5 };
G_STATIC_ASSERT (G_N_ELEMENTS (channel_weights) == KESU_N_CHANNELS);

/* Severity by how serious the story usually is ('n', 'i', 'u'). */
static const guint severity_weights[3][KESU_N_SEVERITIES] = {
  { 82, 15, 3 },
  { 38, 53, 9 },
  { 10, 35, 55 },
};

/* Emotion by severity. */
static const guint emotion_weights[KESU_N_SEVERITIES][KESU_N_EMOTIONS] = {
  { 50, 35, 15 },
  { 25, 40, 35 },
  { 5, 40, 55 },
};

static const guint customer_type_weights[] = { 58, 12, 18, 12 };
G_STATIC_ASSERT (G_N_ELEMENTS (customer_type_weights) == KESU_N_CUSTOMER_TYPES);

/* ---- the generator ------------------------------------------------------------------- */

typedef struct
{
  guint8   surname;
  guint8   given;
  guint8   region;
  guint8   road;
  guint8   customer_type;
  guint8   model;
  guint8   km_per_day;
  gboolean has_vehicle;
  guint16  lane;
  guint16  building;
  guint16  room;
  gboolean has_address;
  guint32  purchase;     /* Julian day */
  char     phone[24];
  char     other[48];
  char     vin[18];
  char     plate[16];
} Customer;

/* What a complaint is made to go through regardless of chance, so that even a small demo
 * shows every column of the board. */
typedef enum
{
  FORCE_NONE       = 0,
  FORCE_NO_CONTACT = 1 << 0,  /* nobody has called the customer back: overdue */
  FORCE_WAIT       = 1 << 1,  /* waits on parts while the measures are carried out */
  FORCE_WITHDRAW   = 1 << 2,
} Force;

/* One complaint before its details: what must be spread evenly is decided first, then
 * the rows are put in time order so that the numbers follow the calendar. */
typedef struct
{
  gint64  received;
  guint32 seq;
  guint16 days_back;
  guint8  channel;
  guint8  category;
  gint8   severity;  /* forced, or -1 */
  gint8   stop;      /* the state it is left in, or -1: wherever time takes it */
  guint8  force;     /* Force */
} Slot;

typedef struct
{
  KesuStore  *store;
  GRand      *rand;
  GPtrArray  *staff;                    /* KesuStaff, active */
  GPtrArray  *by_role[KESU_N_ROLES];    /* borrowed from staff */

  GArray     *customers;                /* Customer, the latest MAX_REMEMBERED */
  guint       n_customers;
  guint       n_mobiles;
  guint       n_landlines;
  guint32     mobile_offset;
  guint32     landline_offset;

  gint64      now_unix;
  guint32     today;                    /* Julian day */
  gint64      day_start[DAYS_BACK];     /* local midnight, days back from today */
  double      day_weight_sum[DAYS_BACK];

  GString    *buf;
  GString    *buf2;
} Generator;

static guint
pick (GRand *rand,
      guint  n)
{
  g_assert (n > 0);
  return (guint) g_rand_int_range (rand, 0, (gint32) n);
}

static guint
range (GRand *rand,
       guint  lo,
       guint  hi)
{
  g_assert (lo <= hi);
  return lo + (guint) g_rand_int_range (rand, 0, (gint32) (hi - lo + 1));
}

static gboolean
chance (GRand *rand,
        guint  percent)
{
  return (guint) g_rand_int_range (rand, 0, 100) < percent;
}

static guint
pick_weighted (GRand       *rand,
               const guint *weights,
               guint        n)
{
  guint total = 0, r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = pick (rand, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  g_assert_not_reached ();
}

/* An index biased towards the front of a list sorted by frequency. */
static guint
pick_frequent (GRand *rand,
               guint  n)
{
  double u = g_rand_double (rand);

  return MIN ((guint) (u * u * n), n - 1);
}

/* One of "a|b|c". */
static void
append_choice (GString    *out,
               GRand      *rand,
               const char *choices)
{
  guint n = 1, k;
  const char *p, *end;

  for (p = choices; *p; p++)
    if (*p == '|')
      n++;
  k = pick (rand, n);
  for (p = choices; k > 0; p++)
    if (*p == '|')
      k--;
  end = strchr (p, '|');
  g_string_append_len (out, p, end ? end - p : (gssize) strlen (p));
}

static void
set_text (char       **field,
          const char  *value)
{
  g_free (*field);
  *field = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;
}

static void
julian_to_date (guint32  julian,
                GDate   *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

static void
format_day (char    *out,
            gsize    size,
            guint32  julian)
{
  GDate date;

  julian_to_date (julian, &date);
  g_snprintf (out, size, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

/* ---- staff ---- */

static gboolean
has_staff_named (GPtrArray  *staff,
                 const char *name)
{
  for (guint i = 0; i < staff->len; i++)
    if (g_str_equal (((KesuStaff *) g_ptr_array_index (staff, i))->name, name))
      return TRUE;
  return FALSE;
}

static gboolean
has_roster_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (roster); i++)
    if (g_str_equal (roster[i].name, name))
      return TRUE;
  return FALSE;
}

static gboolean
ensure_staff (Generator  *gen,
              GError    **error)
{
  g_autoptr(GPtrArray) staff = NULL;

  if (kesu_store_needs_setup (gen->store))
    {
      g_autoptr(KesuBranch) existing = kesu_store_get_branch (gen->store);
      const KesuBranch *branch = existing ? existing : &demo_branch;

      if (!kesu_store_setup (gen->store, branch, roster[0].name, roster[0].role,
                             roster[0].phone, NULL, error))
        return FALSE;
    }

  staff = kesu_store_list_staff (gen->store);
  if (staff->len < MIN_STAFF)
    {
      /* The demo brings its own people, whoever is signed in. */
      for (guint i = 0; i < G_N_ELEMENTS (roster); i++)
        if (!has_staff_named (staff, roster[i].name) &&
            _kesu_store_add_staff_unchecked (gen->store, roster[i].name, roster[i].role,
                                             roster[i].phone, error) == 0)
          return FALSE;
      g_clear_pointer (&staff, g_ptr_array_unref);
      staff = kesu_store_list_staff (gen->store);
    }

  /* The demo's people sign in with KESU_DEMO_PIN (README): one hash for all of them, as
   * a tenth of a second each would add up. */
  {
    g_autofree char *hash = NULL;

    for (guint i = 0; i < staff->len; i++)
      {
        KesuStaff *s = g_ptr_array_index (staff, i);

        if (s->has_pin || !has_roster_name (s->name))
          continue;
        if (hash == NULL && (hash = _kesu_pin_hash (KESU_DEMO_PIN, error)) == NULL)
          return FALSE;
        if (!_kesu_store_set_pin_hash (gen->store, s->id, hash, error))
          return FALSE;
        s->has_pin = TRUE;
      }
  }

  if (staff->len == 0)
    {
      g_set_error_literal (error, KESU_ERROR, KESU_ERROR_INVALID,
                           _("There are no active staff members to receive the complaints."));
      return FALSE;
    }

  gen->staff = g_steal_pointer (&staff);
  for (guint r = 0; r < KESU_N_ROLES; r++)
    gen->by_role[r] = g_ptr_array_new ();
  for (guint i = 0; i < gen->staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (gen->staff, i);

      g_ptr_array_add (gen->by_role[s->role], s);
    }
  return TRUE;
}

/* Someone with the first role in @roles that the branch has, or anyone. */
static KesuStaff *
pick_staff (Generator *gen,
            KesuRole   first,
            KesuRole   second,
            KesuRole   third)
{
  const KesuRole roles[] = { first, second, third };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      GPtrArray *pool = gen->by_role[roles[i]];

      if (pool->len > 0)
        return g_ptr_array_index (pool, pick (gen->rand, pool->len));
    }
  return g_ptr_array_index (gen->staff, pick (gen->rand, gen->staff->len));
}

static KesuStaff *
pick_staff_in_role (Generator *gen,
                    KesuRole   role)
{
  switch (role)
    {
    case KESU_ROLE_SERVICE_ADVISOR:
      return pick_staff (gen, role, KESU_ROLE_AFTER_SALES_MANAGER, KESU_ROLE_GENERAL_MANAGER);
    case KESU_ROLE_SALES_CONSULTANT:
      return pick_staff (gen, role, KESU_ROLE_SALES_MANAGER, KESU_ROLE_GENERAL_MANAGER);
    case KESU_ROLE_AFTER_SALES_MANAGER:
      return pick_staff (gen, role, KESU_ROLE_GENERAL_MANAGER, KESU_ROLE_SERVICE_ADVISOR);
    case KESU_ROLE_SALES_MANAGER:
      return pick_staff (gen, role, KESU_ROLE_GENERAL_MANAGER, KESU_ROLE_SALES_CONSULTANT);
    case KESU_ROLE_GENERAL_MANAGER:
      return pick_staff (gen, role, KESU_ROLE_AFTER_SALES_MANAGER, KESU_ROLE_SALES_MANAGER);
    case KESU_ROLE_FRONT_DESK:
      return pick_staff (gen, role, KESU_ROLE_SERVICE_ADVISOR, KESU_ROLE_SALES_CONSULTANT);
    case KESU_ROLE_ADMINISTRATOR:
    case KESU_N_ROLES:
    default:
      return pick_staff (gen, role, KESU_ROLE_FRONT_DESK, KESU_ROLE_GENERAL_MANAGER);
    }
}

static KesuStaff *
pick_receiver (Generator   *gen,
               KesuChannel  channel,
               Side         side)
{
  KesuRole advisor = side == SIDE_SALES ? KESU_ROLE_SALES_CONSULTANT : KESU_ROLE_SERVICE_ADVISOR;
  KesuRole manager = side == SIDE_SALES ? KESU_ROLE_SALES_MANAGER
                                        : KESU_ROLE_AFTER_SALES_MANAGER;

  switch (channel)
    {
    case KESU_CHANNEL_WALK_IN:
      return pick_staff_in_role (gen, chance (gen->rand, 55) ? KESU_ROLE_FRONT_DESK : advisor);
    case KESU_CHANNEL_PHONE:
      return pick_staff_in_role (gen, chance (gen->rand, 75) ? KESU_ROLE_FRONT_DESK : advisor);
    case KESU_CHANNEL_WECHAT:
      return pick_staff_in_role (gen, chance (gen->rand, 70) ? advisor : KESU_ROLE_FRONT_DESK);
    case KESU_CHANNEL_LETTER:
    case KESU_CHANNEL_EMAIL:
      return pick_staff_in_role (gen, chance (gen->rand, 60) ? KESU_ROLE_FRONT_DESK : manager);
    case KESU_CHANNEL_PLATFORM:
      return pick_staff_in_role (gen, chance (gen->rand, 60) ? manager : KESU_ROLE_FRONT_DESK);
    case KESU_CHANNEL_OTHER:
    case KESU_N_CHANNELS:
    default:
      return pick_staff_in_role (gen, KESU_ROLE_FRONT_DESK);
    }
}

static KesuStaff *
pick_handler (Generator    *gen,
              KesuSeverity  severity,
              Side          side,
              KesuStaff    *involved)
{
  KesuRole advisor = side == SIDE_SALES ? KESU_ROLE_SALES_CONSULTANT : KESU_ROLE_SERVICE_ADVISOR;
  KesuRole manager = side == SIDE_SALES ? KESU_ROLE_SALES_MANAGER
                                        : KESU_ROLE_AFTER_SALES_MANAGER;
  KesuStaff *handler;

  switch (severity)
    {
    case KESU_SEVERITY_URGENT:
      handler = pick_staff_in_role (gen, chance (gen->rand, 70) ? manager
                                                                 : KESU_ROLE_GENERAL_MANAGER);
      break;
    case KESU_SEVERITY_IMPORTANT:
      handler = pick_staff_in_role (gen, chance (gen->rand, 50) ? manager : advisor);
      break;
    case KESU_SEVERITY_NORMAL:
    case KESU_N_SEVERITIES:
    default:
      handler = pick_staff_in_role (gen, chance (gen->rand, 85) ? advisor : manager);
      break;
    }

  /* Nobody handles a complaint about themselves. */
  if (involved != NULL && handler->id == involved->id)
    handler = pick_staff_in_role (gen, manager);
  if (involved != NULL && handler->id == involved->id)
    handler = pick_staff_in_role (gen, KESU_ROLE_GENERAL_MANAGER);
  return handler;
}

/* ---- time ---- */

static void
prepare_days (Generator *gen)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) midnight = NULL;
  GDate today;
  double sum = 0;

  gen->now_unix = g_date_time_to_unix (now);
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  gen->today = g_date_get_julian (&today);

  for (guint d = 0; d < DAYS_BACK; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (midnight, -(int) d);
      GDate date;
      double w;

      gen->day_start[d] = g_date_time_to_unix (day);
      julian_to_date (gen->today - d, &date);

      /* Weekends are busy at a dealership; 3·15 (consumer rights day), the summer (air
       * conditioning) and the year end (deliveries) bring more complaints, the Spring
       * Festival fewer. */
      w = g_date_get_weekday (&date) >= G_DATE_SATURDAY ? 1.35 : 1.0;
      switch (g_date_get_month (&date))
        {
        case G_DATE_MARCH: w *= 1.2; break;
        case G_DATE_JULY:
        case G_DATE_AUGUST: w *= 1.15; break;
        case G_DATE_DECEMBER: w *= 1.15; break;
        case G_DATE_FEBRUARY: w *= 0.75; break;
        default: break;
        }
      sum += w;
      gen->day_weight_sum[d] = sum;
    }
}

static guint
pick_day (Generator *gen)
{
  double target = g_rand_double (gen->rand) * gen->day_weight_sum[DAYS_BACK - 1];
  guint lo = 0, hi = DAYS_BACK - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (gen->day_weight_sum[mid] <= target)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Minute of the day: mostly office hours 08:30–18:30, busiest in the morning. */
static guint
pick_minute (GRand       *rand,
             KesuChannel  channel)
{
  static const guint working_percent[] = { 88, 100, 100, 65, 70, 85, 90 };
  G_STATIC_ASSERT (G_N_ELEMENTS (working_percent) == KESU_N_CHANNELS);

  if (chance (rand, working_percent[channel]))
    {
      guint r = pick (rand, 100);

      if (r < 48)
        return range (rand, 8 * 60 + 30, 12 * 60 - 1);
      if (r < 55)
        return range (rand, 12 * 60, 13 * 60 - 1);
      return range (rand, 13 * 60, 18 * 60 + 29);
    }
  if ((channel == KESU_CHANNEL_EMAIL || channel == KESU_CHANNEL_PLATFORM) && chance (rand, 40))
    return range (rand, 0, 24 * 60 - 1);
  if (chance (rand, 75))
    return range (rand, 18 * 60 + 30, 22 * 60 - 1);
  return range (rand, 7 * 60, 8 * 60 + 29);
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const Slot *x = a, *y = b;

  if (x->received != y->received)
    return x->received < y->received ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}

/* The latest complaints are left in each open state in turn, one waiting on parts, and
 * one a little older with nobody having called back; one older case is withdrawn.  The
 * rest go wherever their time takes them. */
static void
spread_states (Generator *gen,
               Slot      *slots,
               guint      n)
{
  static const struct
  {
    KesuState stop;
    Force     force;
  } spread[] = {
    { KESU_STATE_RECEIVED, FORCE_NONE },
    { KESU_STATE_INVESTIGATING, FORCE_NONE },
    { KESU_STATE_PROPOSING, FORCE_NONE },
    { KESU_STATE_EXECUTING, FORCE_WAIT },
    { KESU_STATE_FOLLOW_UP, FORCE_NONE },
  };
  guint k = 0;
  gboolean late_done = FALSE;

  for (guint i = n; i-- > 0 && (k < G_N_ELEMENTS (spread) || !late_done);)
    {
      Slot *s = &slots[i];
      gint64 age = gen->now_unix - s->received;

      if (age > RECENT_DAYS * DAY)
        break;
      if (k < G_N_ELEMENTS (spread))
        {
          s->stop = spread[k].stop;
          s->force = spread[k].force;
          k++;
        }
      else if (age > 30 * HOUR)
        {
          s->stop = KESU_STATE_RECEIVED;
          s->force = FORCE_NO_CONTACT;
          late_done = TRUE;
        }
    }
  if (n >= 20 && slots[n / 2].stop < 0)
    slots[n / 2].force = FORCE_WITHDRAW;
}

static Slot *
make_slots (Generator *gen,
            guint      n)
{
  Slot *slots = g_new0 (Slot, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      Slot *s = &slots[i];

      s->seq = i;
      /* Every value shows up at least once; the sort below scatters them. */
      if (i < KESU_N_CHANNELS)
        s->channel = i;
      else
        s->channel = pick_weighted (gen->rand, channel_weights, KESU_N_CHANNELS);
      if (i >= KESU_N_CHANNELS && i < KESU_N_CHANNELS + KESU_N_CATEGORIES)
        s->category = i - KESU_N_CHANNELS;
      else
        {
          guint weights[KESU_N_CATEGORIES];

          for (guint c = 0; c < KESU_N_CATEGORIES; c++)
            weights[c] = categories[c].weight;
          s->category = pick_weighted (gen->rand, weights, KESU_N_CATEGORIES);
        }
      s->severity = -1;
      s->stop = -1;
      if (i >= KESU_N_CHANNELS + KESU_N_CATEGORIES &&
          i < KESU_N_CHANNELS + KESU_N_CATEGORIES + KESU_N_SEVERITIES)
        s->severity = i - KESU_N_CHANNELS - KESU_N_CATEGORIES;

      do
        {
          s->days_back = pick_day (gen);
          s->received = gen->day_start[s->days_back]
                        + 60 * (gint64) pick_minute (gen->rand, s->channel);
        }
      while (s->received > gen->now_unix);
    }
  qsort (slots, n, sizeof (Slot), compare_slots);
  spread_states (gen, slots, n);
  return slots;
}

/* ---- customers and vehicles ---- */

static char
random_digit (GRand *rand)
{
  return (char) ('0' + pick (rand, 10));
}

/* Plates have no I or O. */
static char
random_letter (GRand *rand)
{
  static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";

  return letters[pick (rand, sizeof letters - 1)];
}

static char
model_year_code (guint year)
{
  static const char codes[] = "ABCDEFGHJKLMNPRSTVWXY123456789";

  /* 1980 and 2010 are A: the codes repeat every 30 years. */
  return codes[(year - 1980) % 30];
}

static void
make_vehicle (Generator *gen,
              Customer  *c,
              Needs      needs,
              guint32    purchase)
{
  const Region *region = &regions[c->region];
  const Model *m;
  guint weights[G_N_ELEMENTS (models)];
  GDate date;
  guint year;
  char *p;

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      Power power = models[i].power;

      weights[i] = models[i].weight;
      if ((needs == NEEDS_ENGINE && power == POWER_BEV) ||
          (needs == NEEDS_BATTERY && power == POWER_ICE))
        weights[i] = 0;
    }
  c->model = pick_weighted (gen->rand, weights, G_N_ELEMENTS (models));
  m = &models[c->model];
  c->purchase = purchase;
  c->km_per_day = range (gen->rand, 15, 75);
  c->has_vehicle = TRUE;

  /* The model year is the year it was sold, a stock car's the year before, a late-year
   * car's often the next. */
  julian_to_date (purchase, &date);
  year = g_date_get_year (&date);
  if (g_date_get_month (&date) <= 3 && chance (gen->rand, 30))
    year--;
  else if (g_date_get_month (&date) >= 10 && chance (gen->rand, 35))
    year++;

  memcpy (c->vin, m->wmi, 3);
  memcpy (c->vin + 3, m->vds, 4);
  c->vin[7] = m->trims[pick (gen->rand, strlen (m->trims))];
  c->vin[8] = '0';
  c->vin[9] = model_year_code (year);
  c->vin[10] = m->plant;
  for (guint i = 11; i < 17; i++)
    c->vin[i] = random_digit (gen->rand);
  c->vin[17] = '\0';
  c->vin[8] = kesu_vin_check_digit (c->vin);
  g_assert (c->vin[8] != 0);

  /* 沪A12345, 沪AB1234, or for a new-energy car 沪AD12345 (electric) / 沪AF12345. */
  p = g_stpcpy (c->plate, region->plate_province);
  *p++ = region->plate_offices[pick (gen->rand, strlen (region->plate_offices))];
  if (m->power == POWER_ICE)
    {
      guint letter_at = chance (gen->rand, 35) ? pick (gen->rand, 2) : 5;

      for (guint i = 0; i < 5; i++)
        *p++ = i == letter_at ? random_letter (gen->rand) : random_digit (gen->rand);
    }
  else
    {
      *p++ = m->power == POWER_BEV ? 'D' : 'F';
      *p++ = chance (gen->rand, 30) ? random_letter (gen->rand) : random_digit (gen->rand);
      for (guint i = 0; i < 4; i++)
        *p++ = random_digit (gen->rand);
    }
  *p = '\0';
}

/* Distinct customers get distinct numbers: the last digits are a bijection of a counter
 * (the multipliers are prime to 10), shifted by a random offset. */
static void
make_phone (Generator *gen,
            Customer  *c)
{
  if (chance (gen->rand, 6))
    {
      guint32 local = (guint32) ((gen->n_landlines++ * 7919ULL + gen->landline_offset)
                                 % 10000000);
      const char *area = regions[c->region].area_code;

      /* Shanghai numbers have 8 digits; these suburbs too. */
      g_snprintf (c->phone, sizeof c->phone, "%s-%c%07u", area,
                  chance (gen->rand, 50) ? '6' : '5', local);
    }
  else
    {
      guint32 last = (guint32) ((gen->n_mobiles++ * 48271ULL + gen->mobile_offset)
                                % 100000000);

      g_snprintf (c->phone, sizeof c->phone, "%s%08u",
                  mobile_prefixes[pick (gen->rand, G_N_ELEMENTS (mobile_prefixes))], last);
    }
}

static Customer *
new_customer (Generator *gen)
{
  Customer c = { 0 };
  guint weights[G_N_ELEMENTS (regions)];
  guint r;

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    weights[i] = regions[i].weight;
  c.region = pick_weighted (gen->rand, weights, G_N_ELEMENTS (regions));
  c.surname = pick_frequent (gen->rand, G_N_ELEMENTS (surnames));
  c.given = pick (gen->rand, G_N_ELEMENTS (given_names));
  c.customer_type = pick_weighted (gen->rand, customer_type_weights, KESU_N_CUSTOMER_TYPES);
  make_phone (gen, &c);

  c.has_address = chance (gen->rand, 55);
  c.road = pick (gen->rand, regions[c.region].n_roads);
  c.lane = range (gen->rand, 1, 2999);
  c.building = range (gen->rand, 1, 60);
  c.room = range (gen->rand, 1, 28) * 100 + range (gen->rand, 1, 4);

  r = pick (gen->rand, 100);
  if (r < 12)
    g_strlcpy (c.other, "微信同号", sizeof c.other);
  else if (r < 22)
    g_snprintf (c.other, sizeof c.other, "%u@qq.com", range (gen->rand, 100000000, 1999999999));
  else if (r < 30)
    g_snprintf (c.other, sizeof c.other, "备用电话 %s%08u",
                mobile_prefixes[pick (gen->rand, G_N_ELEMENTS (mobile_prefixes))],
                range (gen->rand, 0, 99999999));

  if (gen->customers->len < MAX_REMEMBERED)
    g_array_append_val (gen->customers, c);
  else
    g_array_index (gen->customers, Customer, gen->n_customers % MAX_REMEMBERED) = c;
  return &g_array_index (gen->customers, Customer, gen->n_customers++ % MAX_REMEMBERED);
}

static gboolean
story_fits (const Story *story,
            Power        power)
{
  return story->needs == NEEDS_ANY ||
         (story->needs == NEEDS_ENGINE && power != POWER_BEV) ||
         (story->needs == NEEDS_BATTERY && power != POWER_ICE);
}

/* ---- text ---- */

typedef struct
{
  const char *model;
  const char *staff;
  guint       km;
  guint       service_km;
  guint       month;
  guint       day;
  guint       amount;
  guint       quote;
  guint       days;
  guint       age;
} Words;

static void
append_age (GString *out,
            guint    days)
{
  if (days < 31)
    g_string_append_printf (out, "%u天", MAX (days, 1));
  else if (days < 365)
    g_string_append_printf (out, "%u个月", days / 30);
  else if (days % 365 < 30)
    g_string_append_printf (out, "%u年", days / 365);
  else
    g_string_append_printf (out, "%u年多", days / 365);
}

static void
expand (GString     *out,
        const char  *text,
        const Words *w)
{
  const char *p = text;

  for (;;)
    {
      const char *open = strchr (p, '{');

      if (open == NULL || open[1] == '\0' || open[2] != '}')
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, open - p);
      switch (open[1])
        {
        case 'M': g_string_append (out, w->model); break;
        case 'S': g_string_append (out, w->staff ? w->staff : "工作人员"); break;
        case 'K': g_string_append_printf (out, "%u", w->km); break;
        case 'R': g_string_append_printf (out, "%u", w->service_km); break;
        case 'D': g_string_append_printf (out, "%u月%u日", w->month, w->day); break;
        case 'A': g_string_append_printf (out, "%u", w->amount); break;
        case 'B': g_string_append_printf (out, "%u", w->quote); break;
        case 'N': g_string_append_printf (out, "%u", w->days); break;
        case 'Y': append_age (out, w->age); break;
        default: g_assert_not_reached ();
        }
      p = open + 3;
    }
}

/* ---- one complaint ---- */

/* What the rest of the complaint's life needs to know of its intake. */
typedef struct
{
  const Outcome *outcome;
  Words          words;
  gboolean       told_before;  /* the customer says it happened before: recurring */
} Facts;

static void
fill_intake (Generator  *gen,
             const Slot *slot,
             KesuIntake *intake,
             Facts      *facts)
{
  const CategoryInfo *cat = &categories[slot->category];
  const Story *story;
  Customer *customer = NULL;
  KesuStaff *involved = NULL;
  KesuStaff *handler;
  Side side = cat->side;
  Words words = { 0 };
  guint32 received_day = gen->today - slot->days_back;
  guint32 occurred;
  guint severity_profile;
  gboolean repeat = FALSE;
  gboolean reuse_vehicle = FALSE;
  gboolean serious_source = FALSE;
  char day_text[16];
  GDate date;

  /* The customer: ~15% come back with the same phone. */
  if (gen->customers->len > 0 && chance (gen->rand, REPEAT_PERCENT))
    {
      customer = &g_array_index (gen->customers, Customer,
                                 pick (gen->rand, gen->customers->len));
      repeat = TRUE;
    }

  story = &cat->stories[pick (gen->rand, cat->n_stories)];
  if (repeat && customer->has_vehicle)
    for (guint tries = 0; tries < 8 && !story_fits (story, models[customer->model].power);
         tries++)
      story = &cat->stories[pick (gen->rand, cat->n_stories)];

  /* When it happened: stories of waiting name how long; others are a few days old. */
  if (strstr (story->text, "{N}") != NULL)
    words.days = range (gen->rand, 5, 35);
  else if (chance (gen->rand, 45))
    words.days = 0;
  else
    words.days = range (gen->rand, 1, chance (gen->rand, 80) ? 4 : 12);
  occurred = received_day - words.days;

  /* The car: the customer's own when its age fits the kind of complaint, else a new one
   * (a returning customer who bought another car). */
  if (repeat && customer->has_vehicle && customer->purchase <= occurred)
    {
      guint age = occurred - customer->purchase;

      reuse_vehicle = age >= cat->min_age && age <= cat->max_age &&
                      story_fits (story, models[customer->model].power);
    }
  if (customer == NULL)
    customer = new_customer (gen);
  if (!reuse_vehicle)
    {
      double u = g_rand_double (gen->rand);
      guint age = cat->min_age + (guint) (u * u * (cat->max_age - cat->min_age));

      make_vehicle (gen, customer, story->needs, occurred - age);
    }
  words.age = occurred - customer->purchase;
  words.model = models[customer->model].name;
  words.km = words.age * customer->km_per_day;
  words.service_km = MAX (5000, (words.km + 2500) / 5000 * 5000);
  julian_to_date (occurred, &date);
  words.month = g_date_get_month (&date);
  words.day = g_date_get_day (&date);
  {
    guint lo = story->amount_min ? story->amount_min : cat->amount_min;
    guint hi = story->amount_max ? story->amount_max : cat->amount_max;

    if (hi < lo + 10)
      hi = lo + 10;
    words.amount = range (gen->rand, lo, hi) / 10 * 10;
    words.quote = words.amount * range (gen->rand, 55, 85) / 100 / 10 * 10;
  }

  /* Who was involved: named in the story, or sometimes given anyway. */
  {
    int role = story->involved != ROLE_DEFAULT ? story->involved : cat->involved;

    if (role != ROLE_DEFAULT &&
        (strstr (story->text, "{S}") != NULL || story->involved != ROLE_DEFAULT ||
         chance (gen->rand, 35)))
      {
        involved = pick_staff_in_role (gen, role);
        words.staff = involved->name;
        if (role == KESU_ROLE_SALES_CONSULTANT)
          side = SIDE_SALES;
        else if (role == KESU_ROLE_SERVICE_ADVISOR)
          side = SIDE_AFTER_SALES;
      }
  }

  /* The description, as the receiver wrote it down. */
  g_string_truncate (gen->buf, 0);
  if (slot->channel == KESU_CHANNEL_PLATFORM)
    {
      guint source = pick (gen->rand, G_N_ELEMENTS (platform_sources));

      g_string_append (gen->buf, platform_sources[source]);
      serious_source = source >= PLATFORM_SERIOUS_FROM;
    }
  expand (gen->buf, story->text, &words);

  severity_profile = story->severity == 'u' ? 2 : story->severity == 'i' ? 1 : 0;
  if (slot->severity >= 0)
    intake->severity = slot->severity;
  else
    intake->severity = pick_weighted (gen->rand, severity_weights[severity_profile],
                                      KESU_N_SEVERITIES);
  if (serious_source && intake->severity == KESU_SEVERITY_NORMAL)
    intake->severity = KESU_SEVERITY_IMPORTANT;
  intake->emotion = pick_weighted (gen->rand, emotion_weights[intake->severity],
                                   KESU_N_EMOTIONS);

  facts->told_before = repeat && chance (gen->rand, 40);
  if (facts->told_before)
    g_string_append (gen->buf, "之前已经反映过一次，到现在还没有彻底解决。");
  switch (intake->emotion)
    {
    case KESU_EMOTION_ANGRY:
      if (chance (gen->rand, 70))
        g_string_append (gen->buf, angry_tails[pick (gen->rand, G_N_ELEMENTS (angry_tails))]);
      break;
    case KESU_EMOTION_ANXIOUS:
      if (chance (gen->rand, 60))
        g_string_append (gen->buf,
                         anxious_tails[pick (gen->rand, G_N_ELEMENTS (anxious_tails))]);
      break;
    case KESU_EMOTION_CALM:
    case KESU_N_EMOTIONS:
    default:
      if (chance (gen->rand, 40))
        g_string_append (gen->buf, calm_tails[pick (gen->rand, G_N_ELEMENTS (calm_tails))]);
      break;
    }
  set_text (&intake->description, gen->buf->str);

  /* What the customer wants: one demand, sometimes two. */
  {
    guint first = pick (gen->rand, cat->n_demands);

    g_string_truncate (gen->buf, 0);
    expand (gen->buf, cat->demands[first], &words);
    if (cat->n_demands > 1 && chance (gen->rand, 25))
      {
        guint second = (first + 1 + pick (gen->rand, cat->n_demands - 1)) % cat->n_demands;

        g_string_append (gen->buf, "；");
        expand (gen->buf, cat->demands[second], &words);
      }
    set_text (&intake->demand, gen->buf->str);
  }

  /* Where it happened. */
  g_string_truncate (gen->buf, 0);
  append_choice (gen->buf, gen->rand, story->places ? story->places : cat->places);
  set_text (&intake->occurred_place, gen->buf->str);
  format_day (day_text, sizeof day_text, occurred);
  set_text (&intake->occurred_on, chance (gen->rand, 92) ? day_text : NULL);

  /* The customer. */
  g_string_truncate (gen->buf, 0);
  g_string_append (gen->buf, surnames[customer->surname]);
  g_string_append (gen->buf, given_names[customer->given]);
  set_text (&intake->customer_name, gen->buf->str);
  set_text (&intake->customer_phone, customer->phone);
  if (slot->channel == KESU_CHANNEL_EMAIL && !g_str_has_suffix (customer->other, "@qq.com"))
    g_snprintf (customer->other, sizeof customer->other, "%u@qq.com",
                range (gen->rand, 100000000, 1999999999));
  set_text (&intake->customer_other_contact, customer->other);
  if (customer->has_address || slot->channel == KESU_CHANNEL_LETTER)
    {
      const Region *region = &regions[customer->region];

      customer->has_address = TRUE;
      g_string_truncate (gen->buf, 0);
      g_string_append_printf (gen->buf, "%s%s%u弄%u号%u室", region->city,
                              region->roads[customer->road], customer->lane, customer->building,
                              customer->room);
      set_text (&intake->customer_address, gen->buf->str);
    }
  else
    set_text (&intake->customer_address, NULL);
  intake->customer_type = customer->customer_type;

  /* The vehicle. */
  g_string_truncate (gen->buf, 0);
  g_string_append_printf (gen->buf, "%s %s", models[customer->model].brand,
                          models[customer->model].name);
  set_text (&intake->vehicle_model, gen->buf->str);
  format_day (day_text, sizeof day_text, customer->purchase);
  set_text (&intake->purchase_date, day_text);
  switch (cat->vehicle_state)
    {
    case VEHICLE_NOT_DELIVERED:
      set_text (&intake->vin, chance (gen->rand, 50) ? customer->vin : NULL);
      set_text (&intake->plate, NULL);
      set_text (&intake->mileage, NULL);
      break;
    case VEHICLE_UNREGISTERED:
      set_text (&intake->vin, customer->vin);
      set_text (&intake->plate, NULL);
      g_string_truncate (gen->buf2, 0);
      g_string_append_printf (gen->buf2, "%u",
                              (received_day - customer->purchase) * customer->km_per_day);
      set_text (&intake->mileage, gen->buf2->str);
      break;
    case VEHICLE_IN_USE:
    default:
      set_text (&intake->vin, chance (gen->rand, 90) ? customer->vin : NULL);
      set_text (&intake->plate, customer->plate);
      g_string_truncate (gen->buf2, 0);
      g_string_append_printf (gen->buf2, "%u",
                              (received_day - customer->purchase) * customer->km_per_day
                              + range (gen->rand, 0, 99));
      set_text (&intake->mileage, chance (gen->rand, 85) ? gen->buf2->str : NULL);
      break;
    }

  /* Papers. */
  g_string_truncate (gen->buf, 0);
  if (chance (gen->rand, cat->order_percent))
    {
      guint32 day = cat->order_kind == ORDER_CONTRACT ? customer->purchase : occurred;
      GDate d;

      julian_to_date (day, &d);
      /* RO2026110123: repair order of the visit; HT20260512007: sales contract. */
      if (cat->order_kind == ORDER_CONTRACT)
        g_string_append_printf (gen->buf, "HT%04u%02u%02u%03u", g_date_get_year (&d),
                                g_date_get_month (&d), g_date_get_day (&d),
                                range (gen->rand, 1, 30));
      else if (cat->order_kind == ORDER_REPAIR)
        g_string_append_printf (gen->buf, "RO%04u%02u%02u%02u", g_date_get_year (&d),
                                g_date_get_month (&d), g_date_get_day (&d),
                                range (gen->rand, 1, 60));
    }
  set_text (&intake->order_number, gen->buf->str);

  g_string_truncate (gen->buf, 0);
  if (involved != NULL)
    g_string_append_printf (gen->buf, "%s（%s）", involved->name, role_titles[involved->role]);
  set_text (&intake->staff_involved, gen->buf->str);

  /* Intake. */
  intake->channel = slot->channel;
  intake->category = slot->category;
  g_clear_pointer (&intake->received_at, g_date_time_unref);
  intake->received_at = g_date_time_new_from_unix_local (slot->received);
  intake->received_by = pick_receiver (gen, slot->channel, side)->id;
  handler = pick_handler (gen, intake->severity, side, involved);
  intake->handler_id = handler->id;

  facts->outcome = &outcomes[slot->category][story - cat->stories];
  facts->words = words;
}

/* ---- after intake: the life of a complaint ---- */

/* Each complaint is walked through the store's own actions (contact, moves with their
 * finding and solution, waiting, follow-up) with the clock set to when each happened,
 * so its timeline, deadlines and state are exactly what the branch would have had. */

typedef enum
{
  STEP_CONTACT,
  STEP_INVESTIGATE,
  STEP_NOTE,
  STEP_PROPOSE,
  STEP_AGREE,
  STEP_WAIT,
  STEP_RESUME,
  STEP_DONE,
  STEP_FOLLOW_UP,
  STEP_WITHDRAW,
} StepKind;

/* Which texts a contact picks from. */
typedef enum
{
  TOLD_FIRST,
  TOLD_AT_DESK,
  TOLD_FINDING,
  TOLD_WAIT,
  TOLD_DONE,
  TOLD_REOPEN,
} Told;

typedef struct
{
  gint64 at;
  guint8 kind;     /* StepKind */
  guint8 round;    /* 1 after a dissatisfied follow-up */
  guint8 text;     /* which text of its list */
  guint8 told;     /* STEP_CONTACT: Told */
  guint8 channel;  /* STEP_CONTACT: KesuChannel */
  guint8 rating;   /* STEP_FOLLOW_UP */
} Step;

#define MAX_STEPS 24

typedef struct
{
  Step   steps[MAX_STEPS];
  guint  n;
  int    stop_after;   /* a forced case stops after this step; -1: time decides */
  gint64 recorded;     /* when the complaint was typed in */
  guint  amount[2];    /* yuan, per round */
  gint64 deadline[2];  /* for the measures, per round */
} Life;

static gint64
minutes (GRand *rand,
         guint  lo,
         guint  hi)
{
  return MINUTE * range (rand, lo, hi);
}

/* Between @lo and @hi hours, times @scale: urgent cases move faster. */
static gint64
hours_scaled (GRand  *rand,
              guint   lo,
              guint   hi,
              double  scale)
{
  return (gint64) (scale * (double) (MINUTE * range (rand, lo * 60, hi * 60)));
}

/* Local midnight at or before @t, from the days prepared for the slots. */
static gint64
midnight_before (Generator *gen,
                 gint64     t)
{
  guint d;

  if (t >= gen->day_start[0])
    return gen->day_start[0] + (t - gen->day_start[0]) / DAY * DAY;
  d = (guint) MIN ((gen->day_start[0] - t + DAY - 1) / DAY, DAYS_BACK - 1);
  while (d + 1 < DAYS_BACK && gen->day_start[d] > t)
    d++;
  while (d > 0 && gen->day_start[d - 1] <= t)
    d--;
  return gen->day_start[d];
}

/* Staff work 08:30–18:30: what falls outside waits for the next morning. */
static gint64
office_time (Generator *gen,
             gint64     t)
{
  gint64 midnight = midnight_before (gen, t);
  gint64 since = t - midnight;

  if (since < 8 * HOUR + 30 * MINUTE)
    return midnight + 8 * HOUR + 30 * MINUTE + minutes (gen->rand, 0, 90);
  if (since > 18 * HOUR + 30 * MINUTE)
    return midnight_before (gen, midnight + DAY + 2 * HOUR) + 8 * HOUR + 30 * MINUTE
           + minutes (gen->rand, 0, 90);
  return t;
}

static Step *
add_step (Life     *life,
          StepKind  kind,
          gint64    at,
          guint     round)
{
  Step *step;

  g_assert (life->n < MAX_STEPS);
  step = &life->steps[life->n];
  memset (step, 0, sizeof *step);
  step->kind = kind;
  /* Never before what came earlier. */
  step->at = life->n > 0 ? MAX (at, life->steps[life->n - 1].at) : MAX (at, life->recorded);
  step->round = round;
  life->n++;
  return step;
}

static void
add_contact (Generator *gen,
             Life      *life,
             gint64     at,
             Told       told,
             guint      round)
{
  static const guint n_texts[] = {
    [TOLD_FIRST] = G_N_ELEMENTS (first_contact_texts),
    [TOLD_AT_DESK] = G_N_ELEMENTS (walk_in_contact_texts),
    [TOLD_FINDING] = G_N_ELEMENTS (finding_contact_texts),
    [TOLD_WAIT] = G_N_ELEMENTS (wait_contact_texts),
    [TOLD_DONE] = G_N_ELEMENTS (done_contact_texts),
    [TOLD_REOPEN] = G_N_ELEMENTS (reopen_contact_texts),
  };
  Step *step = add_step (life, STEP_CONTACT, at, round);

  step->told = told;
  step->text = pick (gen->rand, n_texts[told]);
  if (told == TOLD_AT_DESK)
    step->channel = KESU_CHANNEL_WALK_IN;
  else
    step->channel = chance (gen->rand, 75) ? KESU_CHANNEL_PHONE : KESU_CHANNEL_WECHAT;
}

static guint
outcome_amount (Generator     *gen,
                const Outcome *outcome,
                const Words   *words)
{
  switch (outcome->amount_kind)
    {
    case AMOUNT_RANGE:
      return range (gen->rand, outcome->amount_min, outcome->amount_max) / 10 * 10;
    case AMOUNT_STORY:
      return words->amount;
    case AMOUNT_DIFF:
      return words->amount > words->quote ? words->amount - words->quote : 0;
    case AMOUNT_NONE:
    default:
      return 0;
    }
}

static gboolean
is_repair (const Outcome *outcome)
{
  return outcome->solution == KESU_SOLUTION_REPAIR ||
         outcome->solution == KESU_SOLUTION_REPLACEMENT || outcome->part != NULL;
}

/* The measures, agreed once more, after a dissatisfied follow-up. */
static void
plan_second_round (Generator     *gen,
                   Life          *life,
                   const Outcome *outcome,
                   gint64         t,
                   double         scale)
{
  guint kind = is_repair (outcome) ? 0 : 1;
  gint64 agreed;
  Step *step;

  add_contact (gen, life, office_time (gen, t + minutes (gen->rand, 30, 240)), TOLD_REOPEN, 1);
  t = office_time (gen, t + hours_scaled (gen->rand, 12, 36, scale));
  step = add_step (life, STEP_PROPOSE, t, 1);
  step->text = pick (gen->rand, G_N_ELEMENTS (recheck_causes[kind]));
  add_contact (gen, life, t + minutes (gen->rand, 5, 40), TOLD_FINDING, 1);

  t = office_time (gen, t + hours_scaled (gen->rand, 4, 24, scale));
  step = add_step (life, STEP_AGREE, t, 1);
  step->text = pick (gen->rand, G_N_ELEMENTS (recheck_measures[kind]));
  life->amount[1] = life->amount[0];
  if (strstr (recheck_measures[kind][step->text], "{A}") != NULL)
    life->amount[1] += range (gen->rand, 20, 100) * 10;
  agreed = step->at;

  t = office_time (gen, agreed + hours_scaled (gen->rand, 12, 48, scale));
  life->deadline[1] = t + hours_scaled (gen->rand, 24, 72, MAX (scale, 0.4));
  add_step (life, STEP_DONE, t, 1);
  add_contact (gen, life, t + minutes (gen->rand, 5, 30), TOLD_DONE, 1);

  t = office_time (gen, t + hours_scaled (gen->rand, 24, 48, scale));
  step = add_step (life, STEP_FOLLOW_UP, t, 1);
  step->rating = range (gen->rand, 3, 5);
  step->text = pick (gen->rand, 2);
}

/* When each step of the complaint's life happens; what has not happened by now is left
 * for later (the step is not taken). */
static void
plan_life (Generator        *gen,
           const Slot       *slot,
           const KesuIntake *intake,
           const Facts      *facts,
           Life             *life)
{
  static const guint rating_weights[] = { 2, 5, 8, 30, 55 };
  const Outcome *outcome = facts->outcome;
  double scale = intake->severity == KESU_SEVERITY_URGENT ? 0.12
                 : intake->severity == KESU_SEVERITY_IMPORTANT ? 0.4 : 1.0;
  gboolean forced = slot->stop >= 0 || slot->force != FORCE_NONE;
  int withdraw_before = 0;  /* 1: investigating, 2: the finding, 3: the agreement */
  gint64 t, agreed;
  Step *step;

  life->n = 0;
  life->stop_after = -1;
  life->amount[0] = life->amount[1] = 0;
  life->deadline[0] = life->deadline[1] = 0;

  /* Typed in at once at the desk or on the phone; mail waits for office hours. */
  t = slot->received;
  if (slot->channel == KESU_CHANNEL_LETTER || slot->channel == KESU_CHANNEL_EMAIL ||
      slot->channel == KESU_CHANNEL_PLATFORM)
    t = office_time (gen, t + minutes (gen->rand, 5, 40));
  else
    t += minutes (gen->rand, 1, 8);
  life->recorded = MIN (t, gen->now_unix);
  if (slot->force & FORCE_NO_CONTACT)
    return;

  /* The first contact: mostly within hours, some late. */
  t = life->recorded;
  if (slot->channel == KESU_CHANNEL_WALK_IN && chance (gen->rand, 70))
    add_contact (gen, life, t + minutes (gen->rand, 3, 20), TOLD_AT_DESK, 0);
  else if (intake->severity == KESU_SEVERITY_URGENT)
    add_contact (gen, life, t + minutes (gen->rand, 10, 90), TOLD_FIRST, 0);
  else
    {
      guint r = pick (gen->rand, 100);

      if (r < 85)
        t += minutes (gen->rand, 15, 300);
      else if (r < 97)
        t += minutes (gen->rand, 25 * 60, 50 * 60);
      else
        t += minutes (gen->rand, 72 * 60, 140 * 60);
      add_contact (gen, life, office_time (gen, t), TOLD_FIRST, 0);
    }
  if (slot->stop == KESU_STATE_RECEIVED)
    life->stop_after = (int) life->n - 1;
  t = life->steps[life->n - 1].at;

  if (slot->force & FORCE_WITHDRAW)
    withdraw_before = 2;
  else if (!forced && chance (gen->rand, 3))
    withdraw_before = (int) range (gen->rand, 1, 3);

  /* Investigating: the handler takes it on. */
  t = office_time (gen, t + minutes (gen->rand, 2, 60));
  if (withdraw_before == 1)
    {
      step = add_step (life, STEP_WITHDRAW,
                       office_time (gen, t + hours_scaled (gen->rand, 2, 48, scale)), 0);
      step->text = pick (gen->rand, G_N_ELEMENTS (withdraw_reasons));
      return;
    }
  add_step (life, STEP_INVESTIGATE, t, 0);
  if (slot->stop == KESU_STATE_INVESTIGATING)
    life->stop_after = (int) life->n - 1;

  /* The finding, sometimes long in coming; the customer is told. */
  {
    gint64 investigating = t;

    t += hours_scaled (gen->rand, 12, 48, scale);
    if (chance (gen->rand, 8))
      t += minutes (gen->rand, 72 * 60, 190 * 60);
    t = office_time (gen, t);
    if (chance (gen->rand, 25))
      {
        gint64 at = investigating + (t - investigating) * range (gen->rand, 10, 60) / 100;

        step = add_step (life, STEP_NOTE, MIN (office_time (gen, at), t), 0);
        step->text = pick (gen->rand, G_N_ELEMENTS (notes));
      }
  }
  if (withdraw_before == 2)
    {
      step = add_step (life, STEP_WITHDRAW, t, 0);
      step->text = pick (gen->rand, G_N_ELEMENTS (withdraw_reasons));
      return;
    }
  add_step (life, STEP_PROPOSE, t, 0);
  add_contact (gen, life, t + minutes (gen->rand, 5, 40), TOLD_FINDING, 0);
  if (slot->stop == KESU_STATE_PROPOSING)
    life->stop_after = (int) life->n - 1;
  t = life->steps[life->n - 1].at;

  /* The customer agrees to a solution. */
  t = office_time (gen, t + hours_scaled (gen->rand, 5, 24, scale));
  if (withdraw_before == 3)
    {
      step = add_step (life, STEP_WITHDRAW, t, 0);
      step->text = pick (gen->rand, G_N_ELEMENTS (withdraw_reasons));
      return;
    }
  step = add_step (life, STEP_AGREE, t, 0);
  step->text = pick (gen->rand, G_N_ELEMENTS (agreement_notes));
  life->amount[0] = outcome_amount (gen, outcome, &facts->words);
  agreed = step->at;
  t = agreed;

  /* Parts on order stop the clock. */
  if ((slot->force & FORCE_WAIT) ||
      (outcome->part != NULL && !forced &&
       chance (gen->rand, slot->category == KESU_CATEGORY_PARTS ? 70 : 25)))
    {
      t = office_time (gen, t + minutes (gen->rand, 60, 20 * 60));
      add_step (life, STEP_WAIT, t, 0);
      add_contact (gen, life, t + minutes (gen->rand, 5, 30), TOLD_WAIT, 0);
      if (slot->stop == KESU_STATE_EXECUTING)
        life->stop_after = (int) life->n - 1;
      t += minutes (gen->rand, 48 * 60,
                    (slot->category == KESU_CATEGORY_PARTS ? 288 : 144) * 60);
      t = office_time (gen, t);
      add_step (life, STEP_RESUME, t, 0);
    }
  else if (slot->stop == KESU_STATE_EXECUTING)
    life->stop_after = (int) life->n - 1;

  /* The measures are carried out, mostly by their deadline. */
  t = office_time (gen, t + hours_scaled (gen->rand, 12, 48, scale));
  life->deadline[0] = t + hours_scaled (gen->rand, 24, 72, MAX (scale, 0.4));
  if (chance (gen->rand, 5))
    t = office_time (gen, t + minutes (gen->rand, 72 * 60, 168 * 60));
  add_step (life, STEP_DONE, t, 0);
  add_contact (gen, life, t + minutes (gen->rand, 5, 30), TOLD_DONE, 0);
  if (slot->stop == KESU_STATE_FOLLOW_UP)
    life->stop_after = (int) life->n - 1;
  t = life->steps[life->n - 1].at;

  /* The return call: most are satisfied; a dissatisfied one reopens the case. */
  t = office_time (gen, t + hours_scaled (gen->rand, 24, 48, scale));
  step = add_step (life, STEP_FOLLOW_UP, t, 0);
  step->rating = 1 + pick_weighted (gen->rand, rating_weights, G_N_ELEMENTS (rating_weights));
  step->text = pick (gen->rand, 2);
  if (step->rating <= KESU_SATISFACTION_DISSATISFIED)
    plan_second_round (gen, life, outcome, step->at, scale);
}

/* A forced case must reach its state before now: its life is squeezed to fit. */
static void
fit_before_now (Generator *gen,
                Life      *life)
{
  gint64 target = gen->now_unix - (gen->now_unix - life->recorded) / 10;
  gint64 end, span;

  if (life->stop_after < 0)
    return;
  end = life->steps[life->stop_after].at;
  if (end <= target || end <= life->recorded)
    return;
  span = MAX (target - life->recorded, 0);
#define SQUEEZE(t) ((t) = life->recorded + ((t) - life->recorded) * span / (end - life->recorded))
  for (guint i = 0; i < life->n; i++)
    SQUEEZE (life->steps[i].at);
  for (guint r = 0; r < 2; r++)
    if (life->deadline[r] > 0)
      SQUEEZE (life->deadline[r]);
#undef SQUEEZE
}

static void
set_clock (gint64 t)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (t);

  kesu_clock_set_fixed (at);
}

/* The customer hears next by the next contact (or return call) planned, with a margin. */
static gint64
promise_after (Generator  *gen,
               const Life *life,
               guint       i)
{
  for (guint j = i + 1; j < life->n; j++)
    if (life->steps[j].kind == STEP_CONTACT || life->steps[j].kind == STEP_FOLLOW_UP)
      return life->steps[j].at + minutes (gen->rand, 60, 240);
  return life->steps[i].at + 2 * DAY;
}

static const char *
told_text (const Step *step)
{
  switch ((Told) step->told)
    {
    case TOLD_AT_DESK: return walk_in_contact_texts[step->text];
    case TOLD_FINDING: return finding_contact_texts[step->text];
    case TOLD_WAIT: return wait_contact_texts[step->text];
    case TOLD_DONE: return done_contact_texts[step->text];
    case TOLD_REOPEN: return reopen_contact_texts[step->text];
    case TOLD_FIRST:
    default:
      return first_contact_texts[step->text];
    }
}

/* An amount beyond the handler's limit is approved first, as the branch would: by the
 * manager with the smallest limit that covers it (an after-sales manager before the
 * general manager).  In a branch where no manager's limit covers it, the offer is what
 * the highest limit allows. */
static gboolean
approve_if_needed (Generator  *gen,
                   gint64      id,
                   gint64     *amount_fen,
                   GError    **error)
{
  KesuStaff *approver = NULL, *highest = NULL;
  gint64 handler_limit = 0;

  if (!kesu_store_approval_needed (gen->store, id, *amount_fen, &handler_limit))
    return TRUE;
  for (guint i = 0; i < gen->staff->len; i++)
    {
      KesuStaff *s = g_ptr_array_index (gen->staff, i);

      if (!kesu_role_can (s->role, KESU_PERMISSION_APPROVE))
        continue;
      if (s->limit_fen >= *amount_fen &&
          (approver == NULL || s->limit_fen < approver->limit_fen))
        approver = s;
      if (highest == NULL || s->limit_fen > highest->limit_fen)
        highest = s;
    }
  if (approver == NULL)
    {
      /* No manager at all: the handler offers what they may. */
      if (highest == NULL || highest->limit_fen <= handler_limit)
        {
          *amount_fen = handler_limit;
          return TRUE;
        }
      approver = highest;
      *amount_fen = highest->limit_fen;
      if (!kesu_store_approval_needed (gen->store, id, *amount_fen, NULL))
        return TRUE;
    }
  return _kesu_store_record_approval (gen->store, id, *amount_fen, approver->id, TRUE, NULL,
                                      error);
}

static gboolean
take_step (Generator    *gen,
           gint64        id,
           const Facts  *facts,
           const Life   *life,
           guint         i,
           GError      **error)
{
  const Step *step = &life->steps[i];
  const Outcome *outcome = facts->outcome;
  KesuCaseData in = { 0 };
  KesuState expected, state = KESU_N_STATES;
  Words words = facts->words;

  in.amount_fen = -1;
  switch ((StepKind) step->kind)
    {
    case STEP_CONTACT:
      return kesu_store_record_contact (gen->store, id, step->channel, told_text (step),
                                        promise_after (gen, life, i), error);
    case STEP_NOTE:
      return kesu_store_add_note (gen->store, id, notes[step->text], error);
    case STEP_WAIT:
      g_string_truncate (gen->buf2, 0);
      g_string_append_printf (gen->buf2, "等待配件（%s）到货",
                              outcome->part != NULL ? outcome->part : "维修所需配件");
      return kesu_store_set_waiting (gen->store, id, TRUE, gen->buf2->str, error);
    case STEP_RESUME:
      return kesu_store_set_waiting (gen->store, id, FALSE, NULL, error);
    case STEP_INVESTIGATE:
      expected = KESU_STATE_INVESTIGATING;
      break;
    case STEP_PROPOSE:
      expected = KESU_STATE_PROPOSING;
      in.cause = (char *) (step->round == 0 ? outcome->cause
                           : recheck_causes[is_repair (outcome) ? 0 : 1][step->text]);
      in.responsibility = outcome->responsibility;
      in.recurring = facts->told_before;
      break;
    case STEP_AGREE:
      expected = KESU_STATE_EXECUTING;
      /* The second time round, what is added follows what was agreed before. */
      g_string_truncate (gen->buf, 0);
      words.amount = life->amount[0];
      expand (gen->buf, outcome->measures, &words);
      if (step->round > 0)
        {
          words.amount = life->amount[1] - life->amount[0];
          g_string_append_c (gen->buf, '\n');
          expand (gen->buf, recheck_measures[is_repair (outcome) ? 0 : 1][step->text], &words);
        }
      in.solution = outcome->solution;
      in.measures = gen->buf->str;
      in.amount_fen = (gint64) life->amount[step->round] * 100;
      in.solution_deadline = life->deadline[step->round];
      in.agreed_at = step->at;
      /* (The second round's text is its measures': any note will do.) */
      in.agreement_note = (char *) agreement_notes[step->text % G_N_ELEMENTS (agreement_notes)];
      if (!approve_if_needed (gen, id, &in.amount_fen, error))
        return FALSE;
      break;
    case STEP_DONE:
      expected = KESU_STATE_FOLLOW_UP;
      in.measures_result = (char *) (step->round == 0 ? outcome->done
                                                      : "已按新方案处理完毕，客户确认。");
      break;
    case STEP_FOLLOW_UP:
      expected = step->rating <= KESU_SATISFACTION_DISSATISFIED ? KESU_STATE_INVESTIGATING
                                                                 : KESU_STATE_CLOSED;
      in.satisfaction = step->rating;
      in.satisfaction_comment = (char *) follow_up_comments[step->rating - 1][step->text];
      if (!kesu_store_move (gen->store, id, KESU_STATE_CLOSED, &in, &state, error))
        return FALSE;
      g_assert (state == expected);
      return TRUE;
    case STEP_WITHDRAW:
      expected = KESU_STATE_WITHDRAWN;
      in.reason = (char *) withdraw_reasons[step->text];
      break;
    default:
      g_assert_not_reached ();
    }
  return kesu_store_move (gen->store, id, expected, &in, &state, error);
}

/* Takes the planned steps that have happened by now. */
static gboolean
live (Generator    *gen,
      gint64        id,
      const Facts  *facts,
      const Life   *life,
      GError      **error)
{
  for (guint i = 0; i < life->n; i++)
    {
      if (life->steps[i].at > gen->now_unix ||
          (life->stop_after >= 0 && (int) i > life->stop_after))
        break;
      set_clock (life->steps[i].at);
      if (!take_step (gen, id, facts, life, i, error))
        return FALSE;
    }
  return TRUE;
}

/* A customer's signature as the pad records it: two or three quick strokes across the
 * box, from the generator's dice, so the same seed signs alike. */
static GPtrArray *
make_strokes (GRand *rand)
{
  GPtrArray *strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint n_strokes = 2 + g_rand_int_range (rand, 0, 2);
  double x = 0.12 + g_rand_double (rand) * 0.06;

  for (guint s = 0; s < n_strokes; s++)
    {
      GArray *points = g_array_new (FALSE, FALSE, sizeof (KesuStrokePoint));
      double span = 0.16 + g_rand_double (rand) * 0.12;
      double phase = g_rand_double (rand) * G_PI;
      guint n = 24 + g_rand_int_range (rand, 0, 12);

      for (guint i = 0; i < n; i++)
        {
          double t = (double) i / (n - 1);
          KesuStrokePoint p;

          p.x = x + t * span;
          p.y = 0.52 + 0.2 * sin (t * G_PI * (2 + s) + phase) * (1 - 0.35 * t)
                + (g_rand_double (rand) - 0.5) * 0.02;
          p.pressure = 0.45 + 0.45 * sin (t * G_PI);
          p.time_ms = (gint64) i * 12;
          g_array_append_val (points, p);
        }
      g_ptr_array_add (strokes, points);
      x += span + 0.03;
    }
  return strokes;
}

/* At the desk a walk-in customer reads the record back and signs; a few decline. */
static gboolean
sign_at_desk (Generator  *gen,
              gint64      complaint_id,
              GError    **error)
{
  g_autoptr(GPtrArray) strokes = NULL;
  g_autoptr(GBytes) png = NULL;

  if (chance (gen->rand, 8))
    return kesu_store_decline_signature (gen->store, complaint_id, KESU_SIGNATURE_INTAKE,
                                         "客户赶时间，表示稍后再签", error) > 0;
  strokes = make_strokes (gen->rand);
  png = kesu_strokes_to_png (strokes, 600, 220);
  if (png == NULL)
    return TRUE;
  return kesu_store_sign (gen->store, complaint_id, KESU_SIGNATURE_INTAKE, png, strokes, 0,
                          error) > 0;
}

/* ---- vehicles, repairs and the 三包 showcase ------------------------------------------ */

/* A demo of at least this many complaints ends with the showcase (two of the n). */
#define SHOWCASE_MIN_N   20
#define SHOWCASE_N       2
#define HISTORY_VEHICLES 8

static const char *const repair_faults[KESU_N_FAULT_SYSTEMS][2] = {
  [KESU_FAULT_SYSTEM_ENGINE] = { "冷启动异响，检查正时链条张紧器", "怠速抖动，清洗节气门" },
  [KESU_FAULT_SYSTEM_GEARBOX] = { "2挡升3挡顿挫，升级变速箱程序", "倒挡入挡冲击，检查阀体" },
  [KESU_FAULT_SYSTEM_TRACTION_BATTERY] = { "续航衰减异常，电池包均衡", "慢充中断，检查电池管理系统" },
  [KESU_FAULT_SYSTEM_DRIVE_MOTOR] = { "加速时电机啸叫", "电机控制器报警" },
  [KESU_FAULT_SYSTEM_STEERING] = { "方向盘回正不良", "转向异响，检查转向机" },
  [KESU_FAULT_SYSTEM_BRAKES] = { "刹车异响，打磨刹车盘", "制动踏板偏软，排空气" },
  [KESU_FAULT_SYSTEM_SUSPENSION] = { "过减速带异响，检查减震器", "四轮定位偏差" },
  [KESU_FAULT_SYSTEM_DRIVETRAIN] = { "半轴防尘套漏油", "传动轴异响" },
  [KESU_FAULT_SYSTEM_EMISSIONS] = { "发动机故障灯亮，更换氧传感器", "三元催化效率低" },
  [KESU_FAULT_SYSTEM_BODY] = { "天窗漏水，疏通排水管", "车门密封条异响" },
  [KESU_FAULT_SYSTEM_OTHER] = { "中控屏死机，升级车机", "空调不制冷，补加冷媒" },
};

static const char *const repair_parts[KESU_N_FAULT_SYSTEMS] = {
  [KESU_FAULT_SYSTEM_ENGINE] = "正时链条张紧器",
  [KESU_FAULT_SYSTEM_GEARBOX] = "阀体",
  [KESU_FAULT_SYSTEM_TRACTION_BATTERY] = "电池模组",
  [KESU_FAULT_SYSTEM_DRIVE_MOTOR] = "电机控制器",
  [KESU_FAULT_SYSTEM_STEERING] = "转向机",
  [KESU_FAULT_SYSTEM_BRAKES] = "刹车片",
  [KESU_FAULT_SYSTEM_SUSPENSION] = "前减震器",
  [KESU_FAULT_SYSTEM_DRIVETRAIN] = "半轴",
  [KESU_FAULT_SYSTEM_EMISSIONS] = "氧传感器",
  [KESU_FAULT_SYSTEM_BODY] = "天窗排水管",
  [KESU_FAULT_SYSTEM_OTHER] = NULL,
};

static gint64
local_time_on (const GDate *date,
               int          hour,
               int          minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static gboolean
add_demo_repair (Generator        *gen,
                 const char       *vin,
                 gint64            started,
                 gint64            hours,
                 gint64            km,
                 KesuFaultSystem   system,
                 const char       *fault,
                 const char       *part,
                 gint64            complaint_id,
                 GError          **error)
{
  g_autoptr(KesuRepair) r = kesu_repair_new ();

  r->vin = g_strdup (vin);
  r->started_at = started;
  r->finished_at = hours > 0 ? started + hours * HOUR : 0;
  r->mileage_km = km;
  r->system = system;
  r->fault = g_strdup (fault);
  r->part_replaced = g_strdup (part);
  r->complaint_id = complaint_id;
  return kesu_store_add_repair (gen->store, r, error) != 0;
}

/* The workshop history of a few cars whose complaints are settled: the vehicle record with
 * its invoice, and one to three visits between the purchase and the complaint. */
static gboolean
add_repair_histories (Generator  *gen,
                      GError    **error)
{
  g_autoptr(GPtrArray) vins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) purchases = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) received = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) kms = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) plates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) models_ = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  set_clock (gen->now_unix);
  stmt = kesu_db_prepare (kesu_store_get_db (gen->store),
                          "SELECT vin, plate, vehicle_model, purchase_date, received_at,"
                          "  coalesce (mileage_km, -1)"
                          " FROM complaint WHERE state = 'closed' AND vin IS NOT NULL"
                          "   AND purchase_date IS NOT NULL"
                          "   AND category IN ('vehicle-quality', 'repair-quality')"
                          "   AND vin NOT IN (SELECT vin FROM vehicle)"
                          " ORDER BY id LIMIT ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_int64 (stmt, 1, HISTORY_VEHICLES);
  while (kesu_statement_step (stmt, &local))
    {
      GDate date;
      guint32 julian;
      gint64 at = kesu_statement_get_int64 (stmt, 4);
      gint64 km = kesu_statement_get_int64 (stmt, 5);

      g_date_clear (&date, 1);
      if (!kesu_validate_date (kesu_statement_get_text (stmt, 3), &date, NULL))
        continue;
      julian = g_date_get_julian (&date);
      g_ptr_array_add (vins, kesu_statement_dup_text (stmt, 0));
      g_ptr_array_add (plates, kesu_statement_dup_text (stmt, 1));
      g_ptr_array_add (models_, kesu_statement_dup_text (stmt, 2));
      g_array_append_val (purchases, julian);
      g_array_append_val (received, at);
      g_array_append_val (kms, km);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  for (guint i = 0; i < vins->len; i++)
    {
      g_autoptr(KesuVehicle) v = kesu_vehicle_new ();
      guint32 purchase = g_array_index (purchases, guint32, i);
      gint64 complaint_at = g_array_index (received, gint64, i);
      gint64 km_then = g_array_index (kms, gint64, i);
      GDate invoice;
      gint64 span;
      guint n_visits = 1 + pick (gen->rand, 3);
      char buf[16];

      julian_to_date (purchase, &invoice);
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &invoice);
      v->vin = g_strdup (vins->pdata[i]);
      v->plate = g_strdup (plates->pdata[i]);
      v->model = g_strdup (models_->pdata[i]);
      v->invoice_date = g_strdup (buf);
      v->price_fen = (gint64) range (gen->rand, 90, 320) * 1000 * 100;
      if (!kesu_store_upsert_vehicle (gen->store, v, error))
        return FALSE;

      /* The visits fall between the purchase and the complaint. */
      span = complaint_at - local_time_on (&invoice, 9, 0);
      if (span < 3 * DAY)
        continue;
      for (guint k = 0; k < n_visits; k++)
        {
          KesuFaultSystem system = pick (gen->rand, KESU_N_FAULT_SYSTEMS);
          gint64 started = local_time_on (&invoice, 9, 0)
                           + (span - 2 * DAY) * (gint64) (k + 1) / (gint64) (n_visits + 1);
          gint64 km = km_then > 0 ? km_then * (gint64) (k + 1) / (gint64) (n_visits + 1) : -1;
          const char *part = chance (gen->rand, 40) ? repair_parts[system] : NULL;

          if (!add_demo_repair (gen, v->vin, started, range (gen->rand, 2, 60), km, system,
                                repair_faults[system][pick (gen->rand, 2)], part, 0, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The case a service advisor opens for the 三包 assistant: a car bought six weeks ago
 * (invoice 42 days before today), its gearbox repaired twice already (the valve body
 * replaced the second time), the customer back at the desk today — Art. 20 may qualify
 * and the Art. 28 clocks run.  Three days earlier the same customer phoned about it: a
 * duplicate to link or merge.  Fixed figures, so the screenshot is the same every time. */
static gboolean
add_showcase (Generator  *gen,
              GError    **error)
{
  const Model *m = &models[2];  /* 大众 途观L */
  g_autoptr(KesuVehicle) v = kesu_vehicle_new ();
  g_autoptr(KesuIntake) in = kesu_intake_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (gen->now_unix);
  KesuStaff *desk = pick_staff (gen, KESU_ROLE_FRONT_DESK, KESU_ROLE_SERVICE_ADVISOR,
                                KESU_ROLE_AFTER_SALES_MANAGER);
  KesuStaff *advisor = pick_staff (gen, KESU_ROLE_SERVICE_ADVISOR, KESU_ROLE_FRONT_DESK,
                                   KESU_ROLE_AFTER_SALES_MANAGER);
  GDate today, invoice, day;
  gint64 received, phoned, id;
  char vin[18], date_text[16];
  int y, mo, d;

  g_date_time_get_ymd (now, &y, &mo, &d);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) d, (GDateMonth) mo, (GDateYear) y);
  invoice = today;
  g_date_subtract_days (&invoice, 42);

  /* LSV XA6C D ? <year> A 041216 */
  memcpy (vin, m->wmi, 3);
  memcpy (vin + 3, m->vds, 4);
  vin[7] = 'D';
  vin[8] = '0';
  vin[9] = model_year_code (g_date_get_year (&invoice));
  vin[10] = m->plant;
  memcpy (vin + 11, "041216", 6);
  vin[17] = '\0';
  vin[8] = kesu_vin_check_digit (vin);

  g_date_strftime (date_text, sizeof date_text, "%Y-%m-%d", &invoice);
  v->vin = g_strdup (vin);
  v->plate = g_strdup ("沪AK7265");
  v->model = g_strdup_printf ("%s %s", m->brand, m->name);
  v->invoice_date = g_strdup (date_text);
  v->delivery_date = g_strdup (date_text);
  v->price_fen = (gint64) 229900 * 100;
  set_clock (gen->now_unix);
  if (!kesu_store_upsert_vehicle (gen->store, v, error))
    return FALSE;

  /* Day 12 and day 33: the gearbox, twice; the second time the valve body is replaced. */
  day = invoice;
  g_date_add_days (&day, 12);
  if (!add_demo_repair (gen, vin, local_time_on (&day, 9, 10), 7, 1020, KESU_FAULT_SYSTEM_GEARBOX,
                        "2挡升3挡顿挫，升级变速箱控制程序", NULL, 0, error))
    return FALSE;
  day = invoice;
  g_date_add_days (&day, 33);
  if (!add_demo_repair (gen, vin, local_time_on (&day, 8, 40), 51, 1640,
                        KESU_FAULT_SYSTEM_GEARBOX, "换挡顿挫复发，更换阀体后试车", "阀体", 0,
                        error))
    return FALSE;

  /* Three days ago, by phone. */
  day = today;
  g_date_subtract_days (&day, 3);
  phoned = MIN (local_time_on (&day, 16, 20), gen->now_unix - 3 * DAY);
  in->channel = KESU_CHANNEL_PHONE;
  in->received_at = g_date_time_new_from_unix_local (phoned);
  in->received_by = desk->id;
  in->customer_name = g_strdup ("周建国");
  in->customer_phone = g_strdup ("13761852046");
  in->vehicle_model = g_strdup (v->model);
  in->vin = g_strdup (vin);
  in->plate = g_strdup (v->plate);
  in->purchase_date = g_strdup (date_text);
  in->mileage = g_strdup ("1800");
  in->description = g_strdup ("来电反映新车变速箱换挡又开始顿挫，上次更换阀体后只好了几天。");
  in->demand = g_strdup ("尽快安排检查");
  in->emotion = KESU_EMOTION_ANXIOUS;
  in->category = KESU_CATEGORY_VEHICLE_QUALITY;
  in->severity = KESU_SEVERITY_IMPORTANT;
  in->handler_id = advisor->id;
  set_clock (phoned);
  kesu_store_set_operator (gen->store, desk->id);
  if (kesu_store_add_complaint (gen->store, in, NULL, error) == 0)
    return FALSE;

  /* Today at the desk, two hours ago. */
  received = gen->now_unix - 2 * HOUR;
  g_clear_pointer (&in->received_at, g_date_time_unref);
  in->received_at = g_date_time_new_from_unix_local (received);
  in->channel = KESU_CHANNEL_WALK_IN;
  g_free (in->mileage);
  in->mileage = g_strdup ("1850");
  g_free (in->description);
  in->description = g_strdup ("车辆购买六周，变速箱2挡升3挡时严重顿挫，已在本店维修两次"
                              "（第二次更换了阀体），问题仍未解决，客户担心行车安全。");
  g_free (in->demand);
  in->demand = g_strdup ("要求更换变速箱总成，否则退车");
  in->emotion = KESU_EMOTION_ANGRY;
  g_free (in->occurred_on);
  g_date_strftime (date_text, sizeof date_text, "%Y-%m-%d", &today);
  in->occurred_on = g_strdup (date_text);
  set_clock (received);
  id = kesu_store_add_complaint (gen->store, in, NULL, error);
  if (id == 0)
    return FALSE;

  /* The advisor answers at once (urgent-major now: two hours to respond). */
  set_clock (received + 25 * MINUTE);
  kesu_store_set_operator (gen->store, advisor->id);
  return kesu_store_record_contact (gen->store, id, KESU_CHANNEL_WALK_IN,
                                    "已告知客户按三包规定受理，变速箱留店检测，明天下午回复处理方案",
                                    received + DAY, error);
}

static gboolean
generate (Generator  *gen,
          guint       n,
          guint32     seed,
          GError    **error)
{
  g_autoptr(KesuIntake) intake = kesu_intake_new ();
  g_autofree Slot *slots = NULL;
  guint existing = kesu_store_count_complaints (gen->store);
  /* The first demo batch of a store ends with the 三包 showcase, which counts in @n. */
  guint n_showcase = existing == 0 && n >= SHOWCASE_MIN_N ? SHOWCASE_N : 0;

  /* A second batch into the same store continues rather than repeats the first. */
  if (existing == 0)
    gen->rand = g_rand_new_with_seed (seed);
  else
    {
      guint32 seeds[] = { seed, existing };

      gen->rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
    }

  if (!ensure_staff (gen, error))
    return FALSE;

  prepare_days (gen);
  gen->mobile_offset = g_rand_int (gen->rand) % 100000000;
  gen->landline_offset = g_rand_int (gen->rand) % 10000000;
  slots = make_slots (gen, n - n_showcase);

  for (guint i = 0; i < n - n_showcase; i++)
    {
      Facts facts;
      Life life;
      gint64 id;

      fill_intake (gen, &slots[i], intake, &facts);
      plan_life (gen, &slots[i], intake, &facts, &life);
      fit_before_now (gen, &life);

      /* Typed in by whoever received it, then worked on by the handler. */
      set_clock (life.recorded);
      kesu_store_set_operator (gen->store, intake->received_by);
      id = kesu_store_add_complaint (gen->store, intake, NULL, error);
      /* Recent walk-ins were signed on screen (older ones predate the signature pad). */
      if (id != 0 && intake->channel == KESU_CHANNEL_WALK_IN &&
          life.recorded > gen->now_unix - 60 * 24 * 3600 && !sign_at_desk (gen, id, error))
        id = 0;
      kesu_store_set_operator (gen->store, intake->handler_id);
      if (id == 0 || !live (gen, id, &facts, &life, error))
        {
          g_prefix_error (error, _("Demo complaint %u of %u was refused: "), i + 1, n);
          return FALSE;
        }
    }
  if (!add_repair_histories (gen, error))
    return FALSE;
  if (n_showcase > 0 && !add_showcase (gen, error))
    {
      g_prefix_error (error, _("Demo complaint %u of %u was refused: "), n, n);
      return FALSE;
    }
  return TRUE;
}

gboolean
kesu_demo_generate (KesuStore  *store,
                    guint       n,
                    guint32     seed,
                    GError    **error)
{
  Generator gen = { 0 };
  g_autoptr(GDateTime) saved_clock = NULL;
  gint64 saved_operator;
  KesuDb *db;
  gboolean ok;

  g_return_val_if_fail (KESU_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Each step of each complaint's life sets the clock to when it happened, and the
   * operator to who did it; both are put back afterwards, whatever happens.  NULL: the
   * real clock was running. */
  saved_clock = kesu_clock_dup_fixed ();
  saved_operator = kesu_store_get_operator (store);

  db = kesu_store_get_db (store);
  if (!kesu_db_begin (db, error))
    return FALSE;

  gen.store = store;
  gen.customers = g_array_sized_new (FALSE, FALSE, sizeof (Customer), MIN (n, MAX_REMEMBERED));
  gen.buf = g_string_sized_new (1024);
  gen.buf2 = g_string_sized_new (64);

  ok = generate (&gen, n, seed, error);
  if (ok)
    ok = kesu_db_commit (db, error);
  else
    kesu_db_rollback (db);
  kesu_clock_set_fixed (saved_clock);
  kesu_store_set_operator (store, saved_operator);

  g_string_free (gen.buf, TRUE);
  g_string_free (gen.buf2, TRUE);
  g_array_unref (gen.customers);
  for (guint r = 0; r < KESU_N_ROLES; r++)
    g_clear_pointer (&gen.by_role[r], g_ptr_array_unref);
  g_clear_pointer (&gen.staff, g_ptr_array_unref);
  g_clear_pointer (&gen.rand, g_rand_free);

  /* The store tells of each complaint only outside a transaction: tell once for all. */
  if (ok && n > 0)
    g_signal_emit_by_name (store, "complaints-changed");
  return ok;
}
