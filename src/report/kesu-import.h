/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kesu-csv.h"
#include "kesu-intake.h"
#include "kesu-store.h"

G_BEGIN_DECLS

/* Bringing an existing complaint log (a CSV file) into the store.
 *
 * Each source column goes to one intake field (a KesuField other than
 * KESU_FIELD_ATTACHMENTS) or is ignored.  The mapping is guessed from the header in
 * Chinese or English (客户姓名/姓名/Name → customer name, 电话/手机/Phone → phone …) and may
 * be changed.  Values are read as people type them: dates as 2026-03-05, 2026/3/5 or
 * 2026年3月5日, with or without a time (a received date without a time is taken as 00:00);
 * channels, categories, severities, emotions and customer types by their Chinese or
 * English label or their key; handlers and receivers by a staff member's name.
 *
 * Defaults for what a log does not say: channel "Other", category "Other", severity
 * "Normal", emotion "Calm"; an empty handler or receiver is the default handler (the
 * operator unless set).  A handler name that is no active staff member is a problem of
 * its row, unless kesu_import_set_create_staff () asked for such names to be added as
 * service advisors when importing.
 *
 * How a case ended, when the log says so (KESU_IMPORT_STATE, 状态/处理状态/Status): a log of
 * cases settled long ago must not arrive as hundreds of open, overdue cases that escalate
 * to the managers.  The state's words, compared like the choices above:
 *   closed:    已结案 结案 已关闭 关闭 已处理 处理完毕 已解决 已完成 closed done resolved
 *   withdrawn: 已撤诉 撤诉 已撤销 撤销 撤回 withdrawn cancelled
 *   open, the case comes in as "received": empty, 已受理 受理 未处理 待处理 处理中 跟进中
 *              进行中 未结案 open pending "in progress", and the labels and keys of Kesu's
 *              open states (调查中, 方案协商, 执行中, 待回访, investigating …)
 * Any other word is a problem of its row.  A closed or withdrawn case ends at the time of
 * its "closed on" column (KESU_IMPORT_CLOSED_AT, 结案日期/Closed on), or at its received
 * time when that is empty; a closing day without a time is 00:00, or the received time on
 * the day it was received.  A closing time with an empty state means closed; with an open
 * state it is a problem.  The later steps (finding, solution, satisfaction) are not in a
 * form Kesu can check and are not made up: the case goes straight to its end with
 * kesu_store_set_imported_state, and its "result" column (KESU_IMPORT_RESULT,
 * 处理结果/Result) goes into that timeline entry, or into a note for an open case.
 *
 * Complaints keep their received time, so they are numbered in their own months; within
 * a month they are added in the order they were received.  The timeline's entries carry
 * the time of the import and the operator.
 *
 * All or nothing: kesu_import_run checks every row first and imports only when no row
 * has a problem, in one transaction. */

typedef struct _KesuImport KesuImport;

/* Where a source column goes: a KesuField, or this. */
#define KESU_IMPORT_IGNORE (-1)

/* Or one of these: what the log says about the case's end, which is no intake field.
 * They follow the KesuField values, so that one int (and the KesuField lists below) holds
 * either. */
typedef enum
{
  KESU_IMPORT_STATE = KESU_N_FIELDS,
  KESU_IMPORT_CLOSED_AT,
  KESU_IMPORT_RESULT,
  KESU_IMPORT_N_TARGETS
} KesuImportTarget;

typedef struct
{
  guint  line;     /* the physical line where the row starts; the header's for mapping
                    * problems */
  char  *column;   /* the source column's header, or the field's label; NULL: the row */
  char  *message;  /* in the user's language */
} KesuImportProblem;

KesuImport   *kesu_import_new               (KesuCsvTable  *table);  /* transfer full */
KesuImport   *kesu_import_new_from_file     (GFile         *file,
                                             GError       **error);
void          kesu_import_free              (KesuImport    *self);

const KesuCsvTable *kesu_import_get_table   (KesuImport    *self);
guint         kesu_import_get_n_columns     (KesuImport    *self);
guint         kesu_import_get_n_rows        (KesuImport    *self);
/* The header of source column @column. */
const char   *kesu_import_get_column_name   (KesuImport    *self,
                                             guint          column);
/* A KesuField, a KesuImportTarget or KESU_IMPORT_IGNORE. */
int           kesu_import_get_mapping       (KesuImport    *self,
                                             guint          column);
void          kesu_import_set_mapping       (KesuImport    *self,
                                             guint          column,
                                             int            target);
/* Staff member for rows that name no handler or receiver; 0: the operator. */
void          kesu_import_set_default_staff (KesuImport    *self,
                                             gint64         staff_id);
void          kesu_import_set_create_staff  (KesuImport    *self,
                                             gboolean       create);

/* The field a header names (a KesuField or KesuImportTarget), or KESU_IMPORT_IGNORE. */
int           kesu_import_guess_field       (const char    *header);
/* The fields a column may go to, in the order a menu shows them: KesuField values, then
 * the KesuImportTarget values (cast). */
const KesuField *kesu_import_list_fields    (guint         *out_n);
/* The field's (or target's) name, translated ("Phone"). */
const char   *kesu_import_field_to_label    (KesuField      field);

/* Checks the mapping and every row against @store (its staff and the clock's now) and
 * returns every problem, in line order (element KesuImportProblem); empty when the file
 * may be imported.  Writes nothing. */
GPtrArray    *kesu_import_check             (KesuImport    *self,
                                             KesuStore     *store);
/* kesu_import_check, then, unless @dry_run or a problem was found, adds every row in one
 * transaction.  Returns the number of complaints imported (0 for a dry run or when
 * nothing was imported); *out_problems (may be NULL) gets the problems.  Fails with
 * @error only when the store refuses to write; nothing is imported then either. */
guint         kesu_import_run               (KesuImport    *self,
                                             KesuStore     *store,
                                             gboolean       dry_run,
                                             GPtrArray    **out_problems,
                                             GError       **error);

/* "Line 12: Phone: Not a mainland mobile or landline number.", translated. */
char         *kesu_import_problem_format    (const KesuImportProblem *problem);
void          kesu_import_problem_free      (KesuImportProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuImport, kesu_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KesuImportProblem, kesu_import_problem_free)

G_END_DECLS
