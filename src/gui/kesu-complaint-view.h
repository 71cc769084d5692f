/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-store.h"

G_BEGIN_DECLS

#define KESU_TYPE_COMPLAINT_VIEW (kesu_complaint_view_get_type ())
G_DECLARE_FINAL_TYPE (KesuComplaintView, kesu_complaint_view, KESU, COMPLAINT_VIEW, GtkWindow)

/* The whole record of one complaint, read-only, in a window of its own. */
KesuComplaintView *kesu_complaint_view_present (GtkWindow *parent,
                                                KesuStore *store,
                                                gint64     complaint_id);

G_END_DECLS
