/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _KesuDb            KesuDb;
typedef struct _KesuStatement     KesuStatement;
typedef struct _KesuStore         KesuStore;
typedef struct _KesuComplaint     KesuComplaint;
typedef struct _KesuIntake        KesuIntake;
typedef struct _KesuAttachment    KesuAttachment;
typedef struct _KesuBranch        KesuBranch;
typedef struct _KesuStaff         KesuStaff;
typedef struct _KesuCustomer      KesuCustomer;
typedef struct _KesuFieldProblem  KesuFieldProblem;
typedef struct _KesuCaseData      KesuCaseData;
typedef struct _KesuEvent         KesuEvent;
typedef struct _KesuDeadlinePolicy KesuDeadlinePolicy;
typedef struct _KesuFilter        KesuFilter;

G_END_DECLS
