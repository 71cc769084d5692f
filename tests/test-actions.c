/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "kesu-actions.h"
#include "kesu-clock.h"
#include "kesu-db.h"
#include "kesu-error.h"
#include "kesu-store.h"
#include "kesu-test-core.h"

/* Improvement actions (整改措施): created with an owner, a due day and linked complaints;
 * moved open → done → effective | not-effective → open, and nothing else; overdue by the
 * clock; never deleted. */

typedef struct
{
  char      *dir;
  KesuStore *store;
  gint64     operator_id;
  gint64     handler_id;
  gint64     complaint[2];
} Fixture;

static void
set_now (int year,
         int month,
         int day)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (year, month, day, 10, 0, 0);

  kesu_clock_set_fixed (now);
}

static gint64
add_complaint (Fixture    *f,
               const char *phone)
{
  g_autoptr(KesuIntake) in = kesu_test_intake_new (kesu_test_local_unix (2026, 11, 2, 9, 0),
                                                   f->operator_id, f->handler_id, "陈静", phone,
                                                   "空调不制冷", "修好");

  in->vehicle_model = g_strdup ("本田 雅阁");
  return kesu_test_add_intake (f->store, in);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  set_now (2026, 11, 10);
  f->store = kesu_test_store_new ("kesu-actions", KESU_ROLE_AFTER_SALES_MANAGER, &f->dir, NULL,
                                  &f->operator_id, &f->handler_id);
  f->complaint[0] = add_complaint (f, "13987654321");
  f->complaint[1] = add_complaint (f, "13987654322");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kesu_test_store_close (&f->store, &f->dir);
  kesu_clock_set_fixed (NULL);
}

static void
input_for (Fixture         *f,
           KesuActionInput *input)
{
  kesu_action_input_init (input);
  input->root_cause = "  交车前检查表缺少空调项  ";
  input->measures = "检查表增加空调制冷测试；服务顾问培训";
  input->owner_id = f->handler_id;
  input->due_on = "2026-11-30";
  input->complaint_ids = f->complaint;
  input->n_complaints = 2;
}

static gint64
add_action (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KesuActionInput input;
  gint64 id;

  input_for (f, &input);
  id = kesu_store_add_action (f->store, &input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KesuImprovementAction) action = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *numbers = NULL;
  gint64 id = add_action (f);

  action = kesu_store_get_action (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (action->root_cause, ==, "交车前检查表缺少空调项");
  g_assert_cmpint (action->owner_id, ==, f->handler_id);
  g_assert_cmpstr (action->owner_name, ==, "李强");
  g_assert_cmpstr (action->due_on, ==, "2026-11-30");
  g_assert_cmpint (action->state, ==, KESU_ACTION_OPEN);
  g_assert_cmpint (action->created_by, ==, f->operator_id);
  g_assert_cmpint (action->issue_category, ==, -1);
  g_assert_false (action->overdue);
  g_assert_cmpuint (action->complaint_ids->len, ==, 2);
  numbers = kesu_improvement_action_dup_numbers (action);
  g_assert_true (g_str_has_prefix (numbers, "KS-202611-"));
  g_assert_nonnull (strstr (numbers, ", "));

  events = kesu_store_list_action_events (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((KesuActionEvent *) events->pdata[0])->from_state, ==, -1);
  g_assert_cmpint (((KesuActionEvent *) events->pdata[0])->staff_id, ==, f->operator_id);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  KesuActionInput input;
  gint64 missing = 99999;
  struct
  {
    const char *cause;
    const char *measures;
    gint64      owner;
    const char *due;
  } bad[] = {
    { "", "做点什么", 0, "2026-11-30" },
    { "原因", "  ", 0, "2026-11-30" },
    { "原因", "措施", 424242, "2026-11-30" },
    { "原因", "措施", 0, "2026-11-09" },  /* yesterday */
    { "原因", "措施", 0, "2026-02-30" },
    { "原因", "措施", 0, "下周" },
    { "原因", "措施", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      input_for (f, &input);
      input.root_cause = bad[i].cause;
      input.measures = bad[i].measures;
      if (bad[i].owner != 0)
        input.owner_id = bad[i].owner;
      input.due_on = bad[i].due;
      g_assert_cmpint (kesu_store_add_action (f->store, &input, &error), ==, 0);
      g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
    }

  /* Today is fine. */
  {
    g_autoptr(GError) error = NULL;

    input_for (f, &input);
    input.due_on = "2026/11/10";
    g_assert_cmpint (kesu_store_add_action (f->store, &input, &error), >, 0);
    g_assert_no_error (error);
  }

  /* An unknown complaint: nothing is written, not even the action. */
  {
    g_autoptr(GError) error = NULL;

    input_for (f, &input);
    input.complaint_ids = &missing;
    input.n_complaints = 1;
    g_assert_cmpint (kesu_store_add_action (f->store, &input, &error), ==, 0);
    g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_FOUND);
  }
  all = kesu_store_list_actions (f->store, KESU_ACTIONS_ALL, 0, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (((KesuImprovementAction *) all->pdata[0])->due_on, ==, "2026-11-10");
}

static void
move_ok (Fixture         *f,
         gint64           id,
         KesuActionState  to,
         const char      *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kesu_store_set_action_state (f->store, id, to, note, &error));
  g_assert_no_error (error);
}

static void
move_refused (Fixture         *f,
              gint64           id,
              KesuActionState  to,
              const char      *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kesu_store_set_action_state (f->store, id, to, note, &error));
  g_assert_error (error, KESU_ERROR, KESU_ERROR_INVALID);
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KesuImprovementAction) action = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 id = add_action (f);

  move_refused (f, id, KESU_ACTION_EFFECTIVE, "好了");
  move_refused (f, id, KESU_ACTION_NOT_EFFECTIVE, "没用");
  move_refused (f, id, KESU_ACTION_OPEN, NULL);
  move_ok (f, id, KESU_ACTION_DONE, "检查表已更新");
  move_refused (f, id, KESU_ACTION_DONE, NULL);
  move_refused (f, id, KESU_ACTION_OPEN, NULL);
  /* A check needs a note. */
  move_refused (f, id, KESU_ACTION_NOT_EFFECTIVE, "  ");
  move_ok (f, id, KESU_ACTION_NOT_EFFECTIVE, "12月仍有2起同类投诉");
  move_refused (f, id, KESU_ACTION_DONE, NULL);
  move_ok (f, id, KESU_ACTION_OPEN, NULL);
  move_ok (f, id, KESU_ACTION_DONE, NULL);
  move_ok (f, id, KESU_ACTION_EFFECTIVE, "一个月内无同类投诉");
  move_refused (f, id, KESU_ACTION_OPEN, NULL);
  move_refused (f, id, KESU_ACTION_NOT_EFFECTIVE, "反悔");

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kesu_store_set_action_state (f->store, 4242, KESU_ACTION_DONE, NULL,
                                                 &error));
    g_assert_error (error, KESU_ERROR, KESU_ERROR_NOT_FOUND);
  }

  action = kesu_store_get_action (f->store, id, NULL);
  g_assert_cmpint (action->state, ==, KESU_ACTION_EFFECTIVE);
  g_assert_cmpstr (action->verified_note, ==, "一个月内无同类投诉");
  events = kesu_store_list_action_events (f->store, id, NULL);
  g_assert_cmpuint (events->len, ==, 6);
  g_assert_cmpint (((KesuActionEvent *) events->pdata[2])->to_state, ==,
                   KESU_ACTION_NOT_EFFECTIVE);
  g_assert_cmpstr (((KesuActionEvent *) events->pdata[2])->note, ==, "12月仍有2起同类投诉");

  g_assert_true (kesu_action_state_can_move (KESU_ACTION_NOT_EFFECTIVE, KESU_ACTION_OPEN));
  g_assert_false (kesu_action_state_can_move (KESU_ACTION_EFFECTIVE, KESU_ACTION_OPEN));
  g_assert_cmpstr (kesu_action_state_to_key (KESU_ACTION_NOT_EFFECTIVE), ==, "not-effective");
  g_assert_cmpstr (kesu_action_state_to_label (KESU_ACTION_EFFECTIVE), ==,
                   "Verified effective");
}

static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) later = NULL;
  KesuActionInput input;
  gint64 first = add_action (f), second;

  input_for (f, &input);
  input.due_on = "2026-12-15";
  input.n_complaints = 0;
  second = kesu_store_add_action (f->store, &input, NULL);
  g_assert_cmpint (second, >, 0);

  /* The due day itself is not overdue; the day after is. */
  set_now (2026, 11, 30);
  open = kesu_store_list_actions (f->store, KESU_ACTIONS_OPEN, 0, NULL);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_false (((KesuImprovementAction *) open->pdata[0])->overdue);

  set_now (2026, 12, 1);
  later = kesu_store_list_actions (f->store, KESU_ACTIONS_OPEN, 0, NULL);
  g_assert_cmpint (((KesuImprovementAction *) later->pdata[0])->id, ==, first);
  g_assert_true (((KesuImprovementAction *) later->pdata[0])->overdue);
  g_assert_false (((KesuImprovementAction *) later->pdata[1])->overdue);

  /* Done in time or late, it is no longer overdue. */
  move_ok (f, first, KESU_ACTION_DONE, NULL);
  g_assert_false (kesu_action_is_overdue (KESU_ACTION_DONE, "2026-11-30"));
  g_assert_true (kesu_action_is_overdue (KESU_ACTION_OPEN, "2026-11-30"));
  {
    g_autoptr(KesuImprovementAction) action = kesu_store_get_action (f->store, first, NULL);

    g_assert_false (action->overdue);
  }
}

static void
test_links (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) for_first = NULL;
  g_autoptr(GPtrArray) for_second = NULL;
  g_autoptr(GPtrArray) all = NULL;
  KesuActionInput input;
  gint64 both = add_action (f), only;

  input_for (f, &input);
  input.complaint_ids = &f->complaint[1];
  input.n_complaints = 1;
  input.issue_category = KESU_CATEGORY_REPAIR_QUALITY;
  input.issue_model = "本田 雅阁";
  only = kesu_store_add_action (f->store, &input, NULL);
  g_assert_cmpint (only, >, 0);

  for_first = kesu_store_list_actions (f->store, KESU_ACTIONS_FOR_COMPLAINT, f->complaint[0],
                                       NULL);
  g_assert_cmpuint (for_first->len, ==, 1);
  g_assert_cmpint (((KesuImprovementAction *) for_first->pdata[0])->id, ==, both);
  for_second = kesu_store_list_actions (f->store, KESU_ACTIONS_FOR_COMPLAINT, f->complaint[1],
                                        NULL);
  g_assert_cmpuint (for_second->len, ==, 2);
  all = kesu_store_list_actions (f->store, KESU_ACTIONS_ALL, 0, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    {
      KesuImprovementAction *action = all->pdata[i];

      if (action->id == only)
        {
          g_assert_cmpint (action->issue_category, ==, KESU_CATEGORY_REPAIR_QUALITY);
          g_assert_cmpstr (action->issue_model, ==, "本田 雅阁");
        }
    }
}

static void
test_never_deleted (Fixture       *f,
                    gconstpointer  data)
{
  sqlite3 *db = kesu_db_get_handle (kesu_store_get_db (f->store));
  const char *sql[] = {
    "DELETE FROM improvement_action",
    "DELETE FROM improvement_link",
    "DELETE FROM improvement_event",
    "UPDATE improvement_event SET note = 'x'",
  };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 id = add_action (f);

  move_ok (f, id, KESU_ACTION_DONE, "完成");
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    g_assert_cmpint (sqlite3_exec (db, sql[i], NULL, NULL, NULL), !=, SQLITE_OK);

  all = kesu_store_list_actions (f->store, KESU_ACTIONS_ALL, 0, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpuint (((KesuImprovementAction *) all->pdata[0])->complaint_ids->len, ==, 2);
  events = kesu_store_list_action_events (f->store, id, NULL);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (kesu_store_get_schema_version (f->store), >=, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/actions/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create", test_create);
  ADD ("refused", test_refused);
  ADD ("transitions", test_transitions);
  ADD ("overdue", test_overdue);
  ADD ("links", test_links);
  ADD ("never-deleted", test_never_deleted);
#undef ADD

  return g_test_run ();
}
