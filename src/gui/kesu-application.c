/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-application"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kesu-application.h"
#include "kesu-auth.h"
#include "kesu-backup.h"
#include "kesu-cli.h"
#include "kesu-complaint-view.h"
#include "kesu-complaint.h"
#include "kesu-demo.h"
#include "kesu-clock.h"
#include "kesu-error.h"
#include "kesu-gui-util.h"
#include "kesu-resources.h"
#include "kesu-setup-dialog.h"
#include "kesu-window.h"

struct _KesuApplication
{
  GtkApplication  parent_instance;

  char           *database_path;
  KesuStore      *store;
  guint           overdue_timer;
  gboolean        daily_backup_started;
  GThread        *check_thread;   /* the start's file check: see start_file_check */
};

G_DEFINE_FINAL_TYPE (KesuApplication, kesu_application, GTK_TYPE_APPLICATION)

void
kesu_application_init_i18n (void)
{
  g_autofree char *localedir = NULL;

  {
    const char *locale = setlocale (LC_ALL, "");

#ifdef G_OS_UNIX
    /* gettext ignores LANGUAGE under the plain C locale, which is what a fresh machine
     * or a CI runner often has; C.UTF-8 behaves the same otherwise and honours it. */
    if (locale == NULL || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX"))
      setlocale (LC_ALL, "C.UTF-8");
#else
    (void) locale;
#endif
  }
#ifdef G_OS_WIN32
  {
    g_autofree char *base = g_win32_get_package_installation_directory_of_module (NULL);

    localedir = g_build_filename (base, "share", "locale", NULL);
  }
#else
  localedir = g_strdup (LOCALEDIR);
#endif
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
kesu_application_load_ui (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) css = NULL;

  if (loaded)
    return;
  loaded = TRUE;

  kesu_register_resource ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kesu_application_finalize (GObject *object)
{
  KesuApplication *self = KESU_APPLICATION (object);

  g_clear_handle_id (&self->overdue_timer, g_source_remove);
  /* Another Kesu had the file open and was asked to show it: the check was not needed. */
  if (self->check_thread != NULL)
    {
      GError *unused = g_thread_join (g_steal_pointer (&self->check_thread));

      g_clear_error (&unused);
    }
  g_clear_pointer (&self->database_path, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kesu_application_parent_class)->finalize (object);
}

static int
run_demo_data (const char *path,
               const char *count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = NULL;
  gint64 n = 0;

  if (!g_ascii_string_to_signed (count, 10, 1, 10000000, &n, NULL))
    {
      g_printerr (_("--demo-data needs a number of complaints between 1 and 10000000, "
                    "not “%s”.\n"), count);
      return 2;
    }
  store = kesu_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!kesu_demo_generate (store, (guint) n, KESU_DEMO_DEFAULT_SEED, &error))
    {
      g_printerr (_("No demo data was added: %s\n"), error->message);
      return 1;
    }
  g_print (_("Added %u demo complaints to %s (%u in all).\n"),
           (guint) n, path, kesu_store_count_complaints (store));
  return 0;
}

/* The quick check of the database file (kesu_db_file_check) reads all of it: a few tenths
 * of a second for years of complaints.  It starts in a thread as soon as the file is
 * known, while GTK starts up, and activate waits for it before the file is opened: still
 * nothing writes to a file that was not checked.  Returns the GError, NULL when good. */
static gpointer
file_check_thread (gpointer data)
{
  g_autofree char *path = data;
  GError *error = NULL;

  kesu_db_file_check (path, &error);
  return error;
}

static void
start_file_check (KesuApplication *self)
{
  if (self->check_thread == NULL && g_file_test (self->database_path, G_FILE_TEST_EXISTS))
    self->check_thread = g_thread_new ("kesu-file-check", file_check_thread,
                                       g_strdup (self->database_path));
}

/* The headless commands other than --demo-data; -1 when the options ask for none. */
static int
run_headless (const char   *path,
              GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KesuStore) store = NULL;
  const char *receipt = NULL, *agreement = NULL, *pdf = NULL;
  const char *export = NULL, *month = NULL, *from = NULL, *to = NULL;
  const char *import = NULL, *summary = NULL;
  const char *backup = NULL, *restore = NULL, *sanbao = NULL;
  const char *user = NULL;
  gboolean unmasked = g_variant_dict_contains (options, "unmasked");
  gboolean verify = g_variant_dict_contains (options, "verify-audit");

  g_variant_dict_lookup (options, "print-receipt", "&s", &receipt);
  g_variant_dict_lookup (options, "print-agreement", "&s", &agreement);
  g_variant_dict_lookup (options, "pdf", "^&ay", &pdf);
  g_variant_dict_lookup (options, "export-xlsx", "^&ay", &export);
  g_variant_dict_lookup (options, "month", "&s", &month);
  g_variant_dict_lookup (options, "from", "&s", &from);
  g_variant_dict_lookup (options, "to", "&s", &to);
  g_variant_dict_lookup (options, "import-csv", "^&ay", &import);
  g_variant_dict_lookup (options, "summary-pdf", "^&ay", &summary);
  g_variant_dict_lookup (options, "backup", "^&ay", &backup);
  g_variant_dict_lookup (options, "restore", "^&ay", &restore);
  g_variant_dict_lookup (options, "sanbao", "&s", &sanbao);
  g_variant_dict_lookup (options, "user", "&s", &user);

  /* These work on the file, without opening it as a store: a damaged database can still
   * be replaced, and nothing is migrated on the way. */
  if (backup != NULL || restore != NULL)
    {
      if (backup != NULL && restore != NULL)
        {
          g_printerr (_("Give one of --backup and --restore at a time.\n"));
          return 2;
        }
      return backup != NULL ? kesu_cli_backup (path, backup) : kesu_cli_restore (path, restore);
    }

  if (receipt == NULL && agreement == NULL && export == NULL && import == NULL &&
      summary == NULL && sanbao == NULL && !verify)
    {
      if (pdf != NULL || month != NULL || from != NULL || to != NULL)
        {
          g_printerr (_("--pdf goes with --print-receipt or --print-agreement, and --month, "
                        "--from and --to with --export-xlsx.\n"));
          return 2;
        }
      return -1;
    }
  if ((receipt != NULL) + (agreement != NULL) + (export != NULL) + (import != NULL)
      + (summary != NULL) + (sanbao != NULL) + verify > 1)
    {
      g_printerr (_("Give one of --print-receipt, --print-agreement, --export-xlsx and "
                    "--import-csv at a time.\n"));
      return 2;
    }

  store = kesu_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (receipt != NULL || agreement != NULL)
    return kesu_cli_print (store, receipt != NULL ? "receipt" : "agreement",
                           receipt != NULL ? receipt : agreement, pdf,
                           g_variant_dict_contains (options, "a5"), unmasked);
  if (export != NULL)
    return kesu_cli_export_xlsx (store, export, month, from, to, unmasked);
  if (summary != NULL)
    return kesu_cli_summary_pdf (store, summary, month);
  if (sanbao != NULL)
    return kesu_cli_sanbao (store, sanbao);
  if (verify)
    return kesu_cli_verify_audit (store);
  {
    /* Writing needs a name: --user, signed in with a PIN (kesu-cli-audit.c). */
    int status = user != NULL ? kesu_cli_sign_in (store, user) : 0;

    if (status == 0)
      status = kesu_cli_import_csv (store, import, g_variant_dict_contains (options, "dry-run"));
    if (kesu_store_is_signed_in (store))
      kesu_store_sign_out (store);
    return status;
  }
}

static int
kesu_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  KesuApplication *self = KESU_APPLICATION (application);
  const char *database = NULL;
  const char *demo = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("Kesu %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &database) && database[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (database);

      g_free (self->database_path);
      self->database_path = g_file_get_path (file);
    }
  if (self->database_path == NULL)
    self->database_path = kesu_store_default_path ();

  if (g_variant_dict_lookup (options, "demo-data", "&s", &demo))
    return run_demo_data (self->database_path, demo);

  {
    int status = run_headless (self->database_path, options);

    if (status >= 0)
      return status;
  }

  /* One running Kesu per database file: a second start with the same file brings its
   * window forward, a start with another file gets a window of its own. */
  {
    g_autofree char *default_path = kesu_store_default_path ();

    if (g_strcmp0 (default_path, self->database_path) != 0)
      {
        g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1,
                                                               self->database_path, -1);
        g_autofree char *id = NULL;

        hash[12] = '\0';
        id = g_strconcat (APP_ID, ".File_", hash, NULL);
        g_application_set_application_id (application, id);
      }
  }

  start_file_check (self);
  return -1;
}

static void
show_open_error (KesuApplication *self,
                 const GError    *error)
{
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   _("Kesu cannot open its database"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Cases that passed their deadline go to the handler's manager once, and the people at
 * this PC hear of it. */
static void
check_overdue (KesuApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) escalated = NULL;

  if (self->store == NULL)
    return;
  escalated = kesu_store_escalate_overdue (self->store, &error);
  if (escalated == NULL)
    {
      g_warning ("Could not escalate overdue complaints: %s", error->message);
      return;
    }

  for (guint i = 0; i < escalated->len; i++)
    {
      gint64 id = g_array_index (escalated, gint64, i);
      g_autoptr(KesuComplaint) complaint = kesu_store_get_complaint (self->store, id, NULL);
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *body = NULL;
      g_autofree char *notification_id = NULL;

      if (complaint == NULL)
        continue;
      notification = g_notification_new (_("A complaint is overdue"));
      /* While Kesu is locked, the desktop shows no customer's name either. */
      if (!kesu_store_is_signed_in (self->store))
        body = g_strdup_printf (_("%s passed its deadline and has been escalated to the "
                                  "manager. Sign in to Kesu to see it."),
                                kesu_complaint_get_number (complaint));
      else
        /* Translators: complaint number, customer name, handler name */
        body = g_strdup_printf (_("%s (%s) passed its deadline; %s is the handler. It has "
                                  "been escalated to the manager."),
                                kesu_complaint_get_number (complaint),
                                kesu_complaint_get_intake (complaint)->customer_name,
                                kesu_complaint_get_handler_name (complaint));
      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_set_default_action_and_target (notification, "app.open-complaint", "x",
                                                    id);
      notification_id = g_strdup_printf ("overdue-%" G_GINT64_FORMAT, id);
      g_application_send_notification (G_APPLICATION (self), notification_id, notification);
    }
}

static gboolean
overdue_timer_cb (gpointer user_data)
{
  check_overdue (KESU_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
start_overdue_watch (KesuApplication *self)
{
  if (self->overdue_timer != 0)
    return;
  check_overdue (self);
  self->overdue_timer = g_timeout_add_seconds (60, overdue_timer_cb, self);
}

static void
open_complaint_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  KesuApplication *self = KESU_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->store == NULL)
    return;
  if (window != NULL)
    gtk_window_present (window);
  /* A locked window shows nothing of a case until someone signs in. */
  if (KESU_IS_WINDOW (window) && kesu_window_is_locked (KESU_WINDOW (window)))
    return;
  kesu_complaint_view_present (window, self->store, g_variant_get_int64 (parameter));
}

static void start_daily_backup (KesuApplication *self);

static void
setup_done_cb (KesuSetupDialog *dialog,
               KesuApplication *self)
{
  KesuWindow *window = kesu_window_new (self, self->store);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  start_overdue_watch (self);
  start_daily_backup (self);
}

/* ---- backups ---- */

typedef struct
{
  char      *path;
  GDateTime *today;
  guint      days;
  guint      months;
} DailyBackupJob;

static void
daily_backup_job_free (gpointer data)
{
  DailyBackupJob *job = data;

  g_free (job->path);
  g_date_time_unref (job->today);
  g_free (job);
}

static void
daily_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DailyBackupJob *job = task_data;
  g_autoptr(GError) error = NULL;
  char *written = NULL;

  if (kesu_backup_daily_at (job->path, job->today, job->days, job->months, &written, &error))
    g_task_return_pointer (task, written, g_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
daily_backup_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL)
    g_warning ("The daily backup failed: %s", error->message);
  else if (written != NULL)
    g_debug ("Daily backup written to %s", written);
  g_application_release (G_APPLICATION (source));
}

/* The first start of a day backs the database up, in a thread with its own read-only
 * connection, so the window does not wait. */
static void
start_daily_backup (KesuApplication *self)
{
  g_autoptr(GTask) task = NULL;
  DailyBackupJob *job;

  if (self->store == NULL || self->daily_backup_started)
    return;
  self->daily_backup_started = TRUE;

  job = g_new0 (DailyBackupJob, 1);
  job->path = g_strdup (kesu_store_get_path (self->store));
  job->today = kesu_clock_now ();
  kesu_backup_get_keep (self->store, &job->days, &job->months);

  g_application_hold (G_APPLICATION (self));
  task = g_task_new (self, NULL, daily_backup_done_cb, NULL);
  g_task_set_task_data (task, job, daily_backup_job_free);
  g_task_run_in_thread (task, daily_backup_thread);
}

/* Closes every window and the store, puts the backup @source in place of the database,
 * and starts again with a fresh store (or with the damaged-file dialog). */
static void
restore_and_reopen (KesuApplication *self,
                    const char      *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  GList *windows;
  GtkWindow *window;
  gboolean ok;

  g_application_hold (G_APPLICATION (self));

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  /* Closing lets each window save its state; what does not close is destroyed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    if (g_list_find (gtk_application_get_windows (GTK_APPLICATION (self)), l->data) != NULL)
      gtk_window_destroy (l->data);
  g_list_free_full (windows, g_object_unref);

  g_clear_handle_id (&self->overdue_timer, g_source_remove);
  g_clear_object (&self->store);

  ok = kesu_restore_from_file (self->database_path, source, &saved, &error);

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!ok)
    kesu_show_error (window, _("Nothing was restored"), error->message);
  else
    {
      g_autofree char *secondary = NULL;

      if (saved != NULL)
        secondary = g_strdup_printf (_("What the database held before was kept as “%s”."),
                                     saved);
      kesu_show_message (window, GTK_MESSAGE_INFO, _("The backup was restored"), secondary);
    }

  g_application_release (G_APPLICATION (self));
}

static void
restore_from_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  restore_and_reopen (KESU_APPLICATION (user_data), g_variant_get_bytestring (parameter));
}

static void
damaged_dialog_response_cb (GtkDialog       *dialog,
                            int              response,
                            KesuApplication *self)
{
  g_autofree char *backup = g_strdup (g_object_get_data (G_OBJECT (dialog), "backup-path"));

  g_application_hold (G_APPLICATION (self));
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT && backup != NULL)
    restore_and_reopen (self, backup);
  g_application_release (G_APPLICATION (self));
}

/* "made today", "1 day old", "12 days old" */
static char *
backup_age_text (GDateTime *date)
{
  g_autoptr(GDateTime) now = kesu_clock_now ();
  GDate then, today;
  int days;

  g_date_clear (&then, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&then, g_date_time_get_day_of_month (date), g_date_time_get_month (date),
                  g_date_time_get_year (date));
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  days = MAX (g_date_days_between (&then, &today), 0);
  if (days == 0)
    return g_strdup (_("made today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day old", "%d days old", days),
                          days);
}

/* The database cannot be read safely: say so in plain words, change nothing, and offer
 * the newest backup that passes the check. */
static void
show_damaged_database (KesuApplication *self,
                       const GError    *error)
{
  g_autofree char *dir = kesu_backup_dir_for (self->database_path);
  g_autoptr(KesuBackupInfo) newest = kesu_backup_find_newest_good (dir);
  g_autoptr(GString) secondary = g_string_new (NULL);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR, GTK_BUTTONS_NONE,
                                   _("The database file is damaged"));
  g_string_append_printf (secondary,
                          _("Kesu cannot read “%s” safely, so it has not opened it, and it "
                            "will not change or delete it."),
                          self->database_path);
  g_string_append (secondary, "\n\n");
  g_string_append (secondary, error->message);
  g_string_append (secondary, "\n\n");
  if (newest != NULL)
    {
      g_autofree char *day = g_date_time_format (newest->date, "%Y-%m-%d");
      g_autofree char *age = backup_age_text (newest->date);
      g_autofree char *label = NULL;

      g_string_append_printf (secondary,
                              _("The newest good backup is from %s (%s). Kesu can put it in "
                                "place; a copy of the damaged file is kept beside it. What was "
                                "entered after that backup is not in it."),
                              day, age);
      /* Translators: the day of the backup, then how old it is ("1 day old") */
      label = g_strdup_printf (_("Open Newest Backup (from %s, %s)"), day, age);
      gtk_dialog_add_button (GTK_DIALOG (dialog), label, GTK_RESPONSE_ACCEPT);
      g_object_set_data_full (G_OBJECT (dialog), "backup-path", g_strdup (newest->path),
                              g_free);
    }
  else
    g_string_append_printf (secondary,
                            _("No good backup was found in “%s”. Keep the damaged file: it "
                              "may still be repaired."),
                            dir);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Quit"), GTK_RESPONSE_CLOSE);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog),
                                   newest != NULL ? GTK_RESPONSE_ACCEPT : GTK_RESPONSE_CLOSE);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary->str);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (damaged_dialog_response_cb), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kesu_application_activate (GApplication *application)
{
  KesuApplication *self = KESU_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *early = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->store == NULL)
    {
      if (self->database_path == NULL)
        self->database_path = kesu_store_default_path ();
      /* The window needs no file to be built: it is, while the file check runs (a good
       * part of the start with years of complaints), and given the store after. */
      if (self->check_thread != NULL)
        early = GTK_WINDOW (kesu_window_new_unattached ());
      /* A quick check, read-only, before anything may write to the file; started early
       * (start_file_check) unless this is a start again after a restore. */
      if (self->check_thread != NULL)
        error = g_thread_join (g_steal_pointer (&self->check_thread));
      else if (g_file_test (self->database_path, G_FILE_TEST_EXISTS))
        kesu_db_file_check (self->database_path, &error);
      if (error != NULL)
        {
          if (g_error_matches (error, KESU_ERROR, KESU_ERROR_DATABASE))
            {
              show_damaged_database (self, error);
              g_clear_pointer (&early, gtk_window_destroy);
              return;
            }
          g_clear_error (&error);  /* kesu_store_open says what is wrong */
        }
      self->store = kesu_store_open (self->database_path, &error);
      if (self->store == NULL)
        {
          if (g_error_matches (error, KESU_ERROR, KESU_ERROR_DATABASE))
            show_damaged_database (self, error);
          else
            show_open_error (self, error);
          g_clear_pointer (&early, gtk_window_destroy);
          return;
        }
    }

  if (kesu_store_needs_setup (self->store))
    {
      KesuSetupDialog *dialog = kesu_setup_dialog_new (self->store);

      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      g_signal_connect_object (dialog, "done", G_CALLBACK (setup_done_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      g_clear_pointer (&early, gtk_window_destroy);
      return;
    }

  /* The PIN check of KESU_AUTO_SIGN_IN runs while the window is built. */
  kesu_window_start_auto_sign_in (self->store);
  if (early != NULL)
    kesu_window_attach (KESU_WINDOW (early), self, self->store);
  else
    early = GTK_WINDOW (kesu_window_new (self, self->store));
  gtk_window_present (early);
  start_overdue_watch (self);
  start_daily_backup (self);
}

static void
kesu_application_startup (GApplication *application)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (kesu_application_parent_class)->startup (application);

  kesu_application_load_ui ();
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

/* On quit, today's backup is written again with the day's work: quick for a file of a few
 * megabytes, and the last one written is only replaced once the new one is checked. */
static void
kesu_application_shutdown (GApplication *application)
{
  KesuApplication *self = KESU_APPLICATION (application);

  if (self->store != NULL && !kesu_store_needs_setup (self->store))
    {
      g_autoptr(GError) error = NULL;

      if (!kesu_backup_on_quit (self->store, &error))
        g_warning ("The backup on quit failed: %s", error->message);
    }

  G_APPLICATION_CLASS (kesu_application_parent_class)->shutdown (application);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows lets each save its state. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *authors[] = { "Kesu developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Kesu"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Customer complaints at a car-dealership branch, from the "
                                       "first call to the monthly summary."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "open-complaint", open_complaint_activated, "x", NULL, NULL, { 0 } },
  { "restore-from", restore_from_activated, "ay", NULL, NULL, { 0 } },
};

static void
kesu_application_class_init (KesuApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kesu_application_finalize;
  app_class->handle_local_options = kesu_application_handle_local_options;
  app_class->activate = kesu_application_activate;
  app_class->startup = kesu_application_startup;
  app_class->shutdown = kesu_application_shutdown;
}

static void
kesu_application_init (KesuApplication *self)
{
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use this database file instead of the default one"), N_("FILE") },
    { "demo-data", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Add N realistic demo complaints (from a fixed seed) and exit"), N_("N") },
    { "print-receipt", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Write the intake receipt of complaint NUMBER as a PDF (with --pdf) and exit"),
      N_("NUMBER") },
    { "print-agreement", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Write the solution agreement of complaint NUMBER as a PDF (with --pdf) and exit"),
      N_("NUMBER") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The PDF file to write"), N_("FILE") },
    { "a5", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print on A5 paper instead of A4"), NULL },
    { "export-xlsx", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write the complaints of a period to an Excel workbook and exit"), N_("FILE") },
    { "month", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The period: one month"), N_("YYYY-MM") },
    { "from", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The period: the first day"),
      N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The period: the last day"),
      N_("YYYY-MM-DD") },
    { "unmasked", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show phone numbers in full on paper and in exports"), NULL },
    { "summary-pdf", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write the monthly complaint summary of --month as a PDF and exit"), N_("FILE") },
    { "sanbao", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show what the 三包 rules may give the customer of complaint NUMBER and exit"),
      N_("NUMBER") },
    { "import-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Import an existing complaint log (CSV) and exit"), N_("FILE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --import-csv: check every row and report, but import nothing"), NULL },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write a checked copy of the database to FILE and exit"), N_("FILE") },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Replace the database with the backup FILE (keeping a copy of it first) and exit"),
      N_("FILE") },
    { "verify-audit", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Check that the audit history was not changed outside Kesu and exit"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --import-csv: sign in as NAME (the PIN from the variable KESU_PIN or the first "
         "line of standard input). Demo staff's PIN is 1234"), N_("NAME") },
    { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Kesu — customer complaints at a car dealership."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
}

KesuApplication *
kesu_application_new (void)
{
  return g_object_new (KESU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
