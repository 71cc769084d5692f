/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-print"

#include "config.h"

#include <glib/gi18n.h>

#include "kesu-gui-util.h"
#include "kesu-paper.h"
#include "kesu-print.h"

/* A GtkPrintOperation that draws a KesuPaper: paginated in begin-print with the print
 * context's cairo_t and size (points, the whole sheet), one page per draw-page. */

#define KESU_TYPE_PRINT_OPERATION (kesu_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (KesuPrintOperation, kesu_print_operation, KESU, PRINT_OPERATION,
                      GtkPrintOperation)

struct _KesuPrintOperation
{
  GtkPrintOperation  parent_instance;

  KesuStore         *store;
  gint64             complaint_id;
  KesuPaperKind      kind;
  gboolean           unmasked;
  GtkWidget         *unmasked_check;
  KesuPaper         *paper;
  GtkWindow         *parent;   /* weak: for error messages */
  gboolean           error_shown;
};

G_DEFINE_FINAL_TYPE (KesuPrintOperation, kesu_print_operation, GTK_TYPE_PRINT_OPERATION)

/* The choices of the last print, so the next one starts from them. */
static GtkPrintSettings *last_settings;
static GtkPageSetup *last_page_setup;

static void
kesu_print_operation_begin_print (GtkPrintOperation *operation,
                                  GtkPrintContext   *context)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (operation);
  g_autoptr(GError) error = NULL;
  int n_pages;

  g_clear_pointer (&self->paper, kesu_paper_free);
  self->paper = kesu_paper_new (self->store, self->kind, self->complaint_id, self->unmasked,
                                &error);
  if (self->paper == NULL)
    {
      self->error_shown = TRUE;
      kesu_show_error (self->parent, _("The document could not be printed"), error->message);
      gtk_print_operation_cancel (operation);
      return;
    }
  n_pages = kesu_paper_paginate (self->paper, gtk_print_context_get_cairo_context (context),
                                 gtk_print_context_get_width (context),
                                 gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, n_pages);
  g_set_object (&last_page_setup, gtk_print_context_get_page_setup (context));
}

static void
kesu_print_operation_draw_page (GtkPrintOperation *operation,
                                GtkPrintContext   *context,
                                int                page_nr)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (operation);

  if (self->paper == NULL)
    return;
  kesu_paper_draw_page (self->paper, gtk_print_context_get_cairo_context (context), page_nr,
                        gtk_print_context_get_width (context),
                        gtk_print_context_get_height (context));
}

static void
kesu_print_operation_end_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (operation);

  g_clear_pointer (&self->paper, kesu_paper_free);
}

static GtkWidget *
kesu_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (operation);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *hint;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->unmasked_check = gtk_check_button_new_with_mnemonic (_("Print phone numbers in _full"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->unmasked_check), self->unmasked);
  gtk_box_append (GTK_BOX (box), self->unmasked_check);

  hint = gtk_label_new (_("Otherwise the customer’s phone number is printed masked, such as "
                          "138****1234."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_margin_start (hint, 28);
  gtk_box_append (GTK_BOX (box), hint);
  return box;
}

static void
kesu_print_operation_custom_widget_apply (GtkPrintOperation *operation,
                                          GtkWidget         *widget)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (operation);

  if (self->unmasked_check != NULL)
    self->unmasked = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->unmasked_check));
}

static void
kesu_print_operation_done (GtkPrintOperation       *operation,
                           GtkPrintOperationResult  result)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (operation);

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      self->error_shown = TRUE;
      kesu_show_error (self->parent, _("The document could not be printed"),
                       error != NULL ? error->message : NULL);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
}

static void
kesu_print_operation_dispose (GObject *object)
{
  KesuPrintOperation *self = KESU_PRINT_OPERATION (object);

  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->paper, kesu_paper_free);

  G_OBJECT_CLASS (kesu_print_operation_parent_class)->dispose (object);
}

static void
kesu_print_operation_class_init (KesuPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->dispose = kesu_print_operation_dispose;
  operation_class->begin_print = kesu_print_operation_begin_print;
  operation_class->draw_page = kesu_print_operation_draw_page;
  operation_class->end_print = kesu_print_operation_end_print;
  operation_class->create_custom_widget = kesu_print_operation_create_custom_widget;
  operation_class->custom_widget_apply = kesu_print_operation_custom_widget_apply;
  operation_class->done = kesu_print_operation_done;
}

static void
kesu_print_operation_init (KesuPrintOperation *self)
{
}

void
kesu_print_complaint (GtkWindow     *parent,
                      KesuStore     *store,
                      gint64         complaint_id,
                      KesuPrintKind  kind)
{
  g_autoptr(KesuPrintOperation) self = NULL;
  g_autoptr(KesuPaper) check = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_name = NULL;
  g_autofree char *basename = NULL;
  GtkPrintOperationResult result;
  KesuPaperKind paper_kind = kind == KESU_PRINT_AGREEMENT ? KESU_PAPER_AGREEMENT
                                                          : KESU_PAPER_RECEIPT;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (KESU_IS_STORE (store));

  /* Say at once when there is nothing to print (an agreement without a solution), rather
   * than after the dialog. */
  check = kesu_paper_new (store, paper_kind, complaint_id, FALSE, &error);
  if (check == NULL)
    {
      kesu_show_error (parent, _("The document could not be printed"), error->message);
      return;
    }

  self = g_object_new (KESU_TYPE_PRINT_OPERATION, NULL);
  self->store = g_object_ref (store);
  self->complaint_id = complaint_id;
  self->kind = paper_kind;
  g_set_weak_pointer (&self->parent, parent);

  if (last_page_setup != NULL)
    page_setup = gtk_page_setup_copy (last_page_setup);
  else
    {
      g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

      page_setup = gtk_page_setup_new ();
      gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
    }
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  settings = last_settings != NULL ? gtk_print_settings_copy (last_settings)
                                   : gtk_print_settings_new ();
  basename = g_strdup_printf ("%s %s", kesu_paper_get_number (check),
                              kesu_paper_get_title (check));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, basename);
  job_name = g_strdup_printf ("%s %s", kesu_paper_get_title (check),
                              kesu_paper_get_number (check));

  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), job_name);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), page_setup);
  gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (self), settings);
  /* The paper keeps its own margins, in points from the sheet's corner. */
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  /* A4 or A5 is chosen in the dialog itself. */
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_custom_tab_label (GTK_PRINT_OPERATION (self), _("Privacy"));
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (self), TRUE);

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (self),
                                    GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !self->error_shown)
    kesu_show_error (parent, _("The document could not be printed"),
                     error != NULL ? error->message : NULL);
}
