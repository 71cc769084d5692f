/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kesu-store.h"

G_BEGIN_DECLS

/* Set-up shared by the test programs; GLib and the core library only, so that the core
 * tests stay free of GTK. */

/* A new store, not set up yet, in a new temporary folder whose name starts with @prefix
 * ("kesu-ui").  *out_dir (for kesu_test_remove_dir ()) and *out_path, the database file,
 * are newly allocated; @out_path may be NULL. */
KesuStore *kesu_test_store_open (const char  *prefix,
                                 char       **out_dir,
                                 char       **out_path);

/* The PIN kesu_test_store_new gives 王芳 and 李强. */
#define KESU_TEST_PIN "2580"

/* The same, set up for the branch 星河汽车4S店 with 王芳 (in @operator_role) as the
 * operator, signed in, and 李强, a service advisor, to handle cases; both have the PIN
 * KESU_TEST_PIN.  Their ids go to *out_operator and *out_handler; either may be NULL. */
KesuStore *kesu_test_store_new  (const char  *prefix,
                                 KesuRole     operator_role,
                                 char       **out_dir,
                                 char       **out_path,
                                 gint64      *out_operator,
                                 gint64      *out_handler);

/* kesu_store_add_staff for a fixture's set-up, whatever the operator's role: a test of
 * something else should not need a manager signed in to have its people. */
gint64     kesu_test_add_staff  (KesuStore   *store,
                                 const char  *name,
                                 KesuRole     role,
                                 const char  *phone,
                                 GError     **error);

/* Saves @policy as a manager would (time limits and the branch's calendar are a
 * manager's to set), whatever the operator's role; the operator stays who it was. */
void       kesu_test_set_deadline_policy (KesuStore                *store,
                                          const KesuDeadlinePolicy *policy);

/* The Unix time of a local wall-clock time, to the minute. */
gint64     kesu_test_local_unix (int          year,
                                 int          month,
                                 int          day,
                                 int          hour,
                                 int          minute);

/* Stops Kesu's clock at @t (Unix time); kesu_clock_set_fixed (NULL) starts it again. */
void       kesu_test_set_clock  (gint64       t);

/* A valid VIN from 17 characters whose 9th is replaced by the check digit. */
char      *kesu_test_make_vin   (const char  *base);

/* A complaint by phone, received at @received (Unix time) by @received_by and given to
 * @handler_id, from @name (@phone) about @description, wanting @demand: repair quality,
 * normal severity.  The caller adds or changes what its test needs. */
KesuIntake *kesu_test_intake_new (gint64      received,
                                  gint64      received_by,
                                  gint64      handler_id,
                                  const char *name,
                                  const char *phone,
                                  const char *description,
                                  const char *demand);

/* How many of @events (KesuEvent) are of @kind. */
guint      kesu_test_count_events (GPtrArray     *events,
                                   KesuEventKind  kind);

/* Adds @intake, which must succeed; the new complaint's id. */
gint64     kesu_test_add_intake (KesuStore        *store,
                                 const KesuIntake *intake);

/* Closes *@store and removes *@dir (as kesu_test_store_new made them), clearing both. */
void       kesu_test_store_close (KesuStore **store,
                                  char      **dir);

/* Removes @dir and everything in it: the database with its -wal and -shm files, and
 * whatever a test wrote there.  Close the store first. */
void       kesu_test_remove_dir (const char  *dir);

/* The stored state of a complaint that must exist. */
KesuState  kesu_test_state_of   (KesuStore   *store,
                                 gint64       complaint_id);

/* Reading PDFs back with poppler's tools.  TRUE when all of @tools (NULL-terminated) are
 * installed; otherwise the test is skipped. */
gboolean   kesu_test_have_tools (const char *const *tools);

/* The standard output of @argv (found in PATH), which must succeed. */
char      *kesu_test_run        (const char *const *argv);

/* @text without any white space: lines break anywhere in Chinese. */
char      *kesu_test_without_space (const char *text);

/* The text of @pdf without any white space (pdftotext). */
char      *kesu_test_pdf_text   (const char  *pdf);

/* What pdfinfo says after @key ("Pages:", "Page size:"), stripped. */
char      *kesu_test_pdf_info   (const char  *pdf,
                                 const char  *key);

/* How many pages @pdf has. */
int        kesu_test_pdf_n_pages (const char *pdf);

/* How many images pdfimages lists in @pdf. */
guint      kesu_test_pdf_n_images (const char *pdf);

/* Sends what g_print () prints nowhere, and what g_printerr () prints to @err (or nowhere
 * when it is NULL), until kesu_test_unhush (): keeps the messages of the command-line
 * functions out of the TAP output. */
void       kesu_test_hush       (GString     *err);
void       kesu_test_unhush     (void);

G_END_DECLS
