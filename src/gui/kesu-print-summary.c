/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-print-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-clock.h"
#include "kesu-gui-util.h"
#include "kesu-print-summary.h"
#include "kesu-summary.h"

/* A GtkPrintOperation that draws a KesuSummary, as kesu-print.c draws the customer's
 * papers: paginated in begin-print with the print context's cairo_t and size (points, the
 * whole sheet), one page per draw-page. */

#define KESU_TYPE_SUMMARY_OPERATION (kesu_summary_operation_get_type ())
G_DECLARE_FINAL_TYPE (KesuSummaryOperation, kesu_summary_operation, KESU, SUMMARY_OPERATION,
                      GtkPrintOperation)

struct _KesuSummaryOperation
{
  GtkPrintOperation  parent_instance;

  KesuSummary       *summary;
  GtkWindow         *parent;   /* weak: for error messages */
  gboolean           error_shown;
};

G_DEFINE_FINAL_TYPE (KesuSummaryOperation, kesu_summary_operation, GTK_TYPE_PRINT_OPERATION)

static GtkPrintSettings *last_settings;

static void
kesu_summary_operation_begin_print (GtkPrintOperation *operation,
                                    GtkPrintContext   *context)
{
  KesuSummaryOperation *self = KESU_SUMMARY_OPERATION (operation);
  int n_pages;

  n_pages = kesu_summary_paginate (self->summary, gtk_print_context_get_cairo_context (context),
                                   gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
kesu_summary_operation_draw_page (GtkPrintOperation *operation,
                                  GtkPrintContext   *context,
                                  int                page_nr)
{
  KesuSummaryOperation *self = KESU_SUMMARY_OPERATION (operation);

  kesu_summary_draw_page (self->summary, gtk_print_context_get_cairo_context (context), page_nr,
                          gtk_print_context_get_width (context),
                          gtk_print_context_get_height (context));
}

static void
kesu_summary_operation_done (GtkPrintOperation       *operation,
                             GtkPrintOperationResult  result)
{
  KesuSummaryOperation *self = KESU_SUMMARY_OPERATION (operation);

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      self->error_shown = TRUE;
      kesu_show_error (self->parent, _("The summary could not be printed"),
                       error != NULL ? error->message : NULL);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
}

static void
kesu_summary_operation_dispose (GObject *object)
{
  KesuSummaryOperation *self = KESU_SUMMARY_OPERATION (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->summary, kesu_summary_free);

  G_OBJECT_CLASS (kesu_summary_operation_parent_class)->dispose (object);
}

static void
kesu_summary_operation_class_init (KesuSummaryOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->dispose = kesu_summary_operation_dispose;
  operation_class->begin_print = kesu_summary_operation_begin_print;
  operation_class->draw_page = kesu_summary_operation_draw_page;
  operation_class->done = kesu_summary_operation_done;
}

static void
kesu_summary_operation_init (KesuSummaryOperation *self)
{
}

void
kesu_print_summary (GtkWindow *parent,
                    KesuStore *store,
                    int        year,
                    int        month)
{
  g_autoptr(KesuSummaryOperation) self = NULL;
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_name = NULL;
  KesuSummary *summary;
  GtkPrintOperationResult result;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (KESU_IS_STORE (store));

  summary = kesu_summary_new (store, year, month, &error);
  if (summary == NULL)
    {
      kesu_show_error (parent, _("The summary could not be printed"), error->message);
      return;
    }
  self = g_object_new (KESU_TYPE_SUMMARY_OPERATION, NULL);
  self->summary = summary;
  g_set_weak_pointer (&self->parent, parent);

  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  settings = last_settings != NULL ? gtk_print_settings_copy (last_settings)
                                   : gtk_print_settings_new ();
  job_name = g_strdup_printf ("%s %s", kesu_summary_get_title (summary),
                              kesu_summary_get_period_label (summary));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, job_name);

  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), job_name);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), page_setup);
  gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (self), settings);
  /* The summary keeps its own 15 mm margins, in points from the sheet's corner. */
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (self), TRUE);

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (self),
                                    GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !self->error_shown)
    kesu_show_error (parent, _("The summary could not be printed"),
                     error != NULL ? error->message : NULL);
}

/* ---- which month ---- */

typedef struct
{
  GtkWindow  *parent;   /* weak */
  KesuStore  *store;
  GtkWidget  *year;
  GtkWidget  *month;
} Ask;

static void
ask_free (gpointer data)
{
  Ask *ask = data;

  g_clear_weak_pointer (&ask->parent);
  g_clear_object (&ask->store);
  g_free (ask);
}

static void
ask_response_cb (GtkDialog *dialog,
                 int        response,
                 gpointer   user_data)
{
  Ask *ask = g_object_get_data (G_OBJECT (dialog), "kesu-ask");
  int year = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (ask->year));
  int month = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (ask->month));
  g_autoptr(KesuStore) store = g_object_ref (ask->store);
  GtkWindow *parent = ask->parent;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    kesu_print_summary (parent, store, year, month);
}

void
kesu_print_summary_ask (GtkWindow *parent,
                        KesuStore *store)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  g_autoptr(GDateTime) last = g_date_time_add_months (now, -1);
  GtkWidget *dialog, *grid, *label;
  Ask *ask;

  g_return_if_fail (KESU_IS_STORE (store));

  dialog = gtk_dialog_new_with_buttons (_("Print Monthly Summary"), parent,
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                        | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Print…"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  ask = g_new0 (Ask, 1);
  g_set_weak_pointer (&ask->parent, parent);
  ask->store = g_object_ref (store);
  g_object_set_data_full (G_OBJECT (dialog), "kesu-ask", ask, ask_free);

  grid = kesu_dialog_grid_new (8);

  label = gtk_label_new (_("The summary of which month?"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 2, 1);

  ask->year = gtk_spin_button_new_with_range (2000, 2100, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ask->year), g_date_time_get_year (last));
  label = gtk_label_new_with_mnemonic (_("_Year"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), ask->year);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), ask->year, 1, 1, 1, 1);

  ask->month = gtk_spin_button_new_with_range (1, 12, 1);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (ask->month), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ask->month), g_date_time_get_month (last));
  label = gtk_label_new_with_mnemonic (_("_Month"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), ask->month);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), ask->month, 1, 2, 1, 1);

  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);
  g_signal_connect (dialog, "response", G_CALLBACK (ask_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
