/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kesu-search"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kesu-error.h"
#include "kesu-search.h"

/* Why two FTS5 tables and not a (gram, complaint_id) WITHOUT ROWID table for the short
 * words: measured on 100,000 demo complaints, such a table holds one b-tree row of about
 * 12 bytes for every distinct gram of every complaint (a few hundred per complaint), some
 * 300 MB; FTS5 with detail=none keeps the same pairs as delta-encoded rowid lists, a byte
 * or two each.  And why hex tokens and not a custom unigram+bigram tokenizer: a table
 * whose tokenizer is not built in cannot even be read by a connection that lacks it
 * (the sqlite3 shell, a backup check); hex tokens go through the built-in "ascii"
 * tokenizer.  Only writing complaints or customers needs our functions. */

/* The indexes are contentless: a change removes a row's old tokens by computing them
 * again from the old values.  So what kesu_search_text () and kesu_search_grams ()
 * return for a given text must never change, unless a new migration rebuilds the
 * indexes ('delete-all', then everything inserted again). */

static const char hex_digits[] = "0123456789ABCDEF";

/* Text as Kesu's LIKE saw it: ASCII letters folded, everything else as it is. */
static void
append_hex_lowered (GString    *out,
                    const char *start,
                    const char *end)
{
  for (const char *p = start; p < end; p++)
    {
      guchar c = (guchar) g_ascii_tolower (*p);

      g_string_append_c (out, hex_digits[c >> 4]);
      g_string_append_c (out, hex_digits[c & 0xf]);
    }
}

static const char *
valid_text (const char  *text,
            char       **to_free)
{
  *to_free = NULL;
  if (text == NULL)
    return "";
  if (!g_utf8_validate (text, -1, NULL))
    text = *to_free = g_utf8_make_valid (text, -1);
  return text;
}

/* Every one- and two-character gram of @text that holds no white space (a query word
 * never does), each as @tag and the hex of its bytes, space separated.  Duplicates are
 * left in: FTS5 with detail=none keeps one entry per (token, row) anyway. */
static void
append_grams (GString    *out,
              const char *tag,
              const char *text)
{
  char *to_free;
  const char *p = valid_text (text, &to_free);

  while (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);

      if (!g_unichar_isspace (g_utf8_get_char (p)))
        {
          g_string_append (out, tag);
          append_hex_lowered (out, p, next);
          g_string_append_c (out, ' ');
          if (*next != '\0' && !g_unichar_isspace (g_utf8_get_char (next)))
            {
              g_string_append (out, tag);
              append_hex_lowered (out, p, g_utf8_next_char (next));
              g_string_append_c (out, ' ');
            }
        }
      p = next;
    }
  g_free (to_free);
}

/* kesu_search_grams (tag, text, …): the grams of each text, for a *_gram table. */
static void
search_grams_func (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *tag;
  GString *out;

  if (argc < 1)
    {
      sqlite3_result_error (context, "kesu_search_grams needs a tag", -1);
      return;
    }
  tag = (const char *) sqlite3_value_text (argv[0]);
  out = g_string_sized_new (256);
  for (int i = 1; i < argc; i++)
    append_grams (out, tag != NULL ? tag : "", (const char *) sqlite3_value_text (argv[i]));
  sqlite3_result_text64 (context, out->str, out->len, g_free, SQLITE_UTF8);
  g_string_free (out, FALSE);
}

/* kesu_search_text (text, …): the texts with ASCII letters lowered, one per line, for a
 * *_tri table.  A query word holds no line break, so no match spans two fields. */
static void
search_text_func (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  GString *out = g_string_sized_new (256);

  for (int i = 0; i < argc; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);

      if (i > 0)
        g_string_append_c (out, '\n');
      for (const char *p = text; p != NULL && *p != '\0'; p++)
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  sqlite3_result_text64 (context, out->str, out->len, g_free, SQLITE_UTF8);
  g_string_free (out, FALSE);
}

gboolean
_kesu_search_register (sqlite3  *handle,
                       GError  **error)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  rc = sqlite3_create_function_v2 (handle, "kesu_search_grams", -1, flags, NULL,
                                   search_grams_func, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (handle, "kesu_search_text", -1, flags, NULL,
                                     search_text_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KESU_ERROR, KESU_ERROR_DATABASE,
                   _("The search could not be set up: %s"), sqlite3_errmsg (handle));
      return FALSE;
    }
  return TRUE;
}

/* ---- queries ---- */

/* An FTS5 phrase: the word in double quotes, its own quotes doubled. */
static void
append_phrase (GString    *query,
               const char *prefix,
               const char *word)
{
  if (query->len > 0)
    g_string_append (query, " OR ");
  g_string_append (query, prefix);
  g_string_append_c (query, '"');
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');
}

static void
append_gram_token (GString    *query,
                   const char *tag,
                   const char *word)
{
  if (query->len > 0)
    g_string_append (query, " OR ");
  g_string_append_c (query, '"');
  g_string_append (query, tag);
  append_hex_lowered (query, word, word + strlen (word));
  g_string_append_c (query, '"');
}

/* A word of digits and dashes stands for a phone fragment too: its digits, looked for
 * in the phone without dashes.  NULL for other words. */
static char *
phone_digits (const char *word)
{
  GString *s = g_string_new (NULL);

  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (s, *p);
      else if (*p != '-')
        {
          g_string_free (s, TRUE);
          return NULL;
        }
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static int
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Appends the ids one statement finds for @query. */
static gboolean
collect (KesuDb      *db,
         const char  *sql,
         const char  *query,
         GArray      *ids,
         GError     **error)
{
  g_autoptr(GError) local = NULL;
  KesuStatement *stmt;

  if (query == NULL || query[0] == '\0')
    return TRUE;
  stmt = kesu_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  kesu_statement_bind_text (stmt, 1, query);
  while (kesu_statement_step (stmt, &local))
    {
      gint64 id = kesu_statement_get_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* The complaints one word finds, sorted, each once. */
static GArray *
word_ids (KesuDb      *db,
          const char  *word,
          GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) complaint_tri = g_string_new (NULL);
  g_autoptr(GString) complaint_gram = g_string_new (NULL);
  g_autoptr(GString) customer_tri = g_string_new (NULL);
  g_autoptr(GString) customer_gram = g_string_new (NULL);
  g_autofree char *digits = phone_digits (word);
  guint n = 0;

  if (g_utf8_strlen (word, -1) >= 3)
    {
      append_phrase (complaint_tri, "", word);
      append_phrase (customer_tri, "", word);
    }
  else
    {
      append_gram_token (complaint_gram, "", word);
      append_gram_token (customer_gram, "", word);
    }
  if (digits != NULL && strlen (digits) >= 3)
    append_phrase (customer_tri, "digits : ", digits);
  else if (digits != NULL)
    append_gram_token (customer_gram, "P", digits);

  if (!collect (db, KESU_SEARCH_SQL_COMPLAINT_TRI, complaint_tri->str, ids, error) ||
      !collect (db, KESU_SEARCH_SQL_COMPLAINT_GRAM, complaint_gram->str, ids, error) ||
      !collect (db, KESU_SEARCH_SQL_CUSTOMER_TRI, customer_tri->str, ids, error) ||
      !collect (db, KESU_SEARCH_SQL_CUSTOMER_GRAM, customer_gram->str, ids, error))
    return NULL;

  g_array_sort (ids, compare_id);
  for (guint i = 0; i < ids->len; i++)
    if (n == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, n - 1))
      g_array_index (ids, gint64, n++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, n);
  return g_steal_pointer (&ids);
}

/* Keeps in @into (sorted) only what is also in @other (sorted). */
static void
intersect (GArray       *into,
           const GArray *other)
{
  guint i = 0, j = 0, n = 0;

  while (i < into->len && j < other->len)
    {
      gint64 a = g_array_index (into, gint64, i);
      gint64 b = g_array_index (other, gint64, j);

      if (a < b)
        i++;
      else if (a > b)
        j++;
      else
        {
          g_array_index (into, gint64, n++) = a;
          i++;
          j++;
        }
    }
  g_array_set_size (into, n);
}

GArray *
_kesu_search_ids (KesuDb      *db,
                  const char  *search,
                  GError     **error)
{
  g_autofree char *to_free = NULL;
  g_autofree char *lowered = NULL;
  GArray *result = NULL;
  const char *p;

  g_return_val_if_fail (db != NULL, NULL);

  lowered = g_ascii_strdown (valid_text (search, &to_free), -1);
  p = lowered;
  while (*p != '\0')
    {
      const char *start, *end;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      end = p;

      {
        g_autofree char *word = g_strndup (start, (gsize) (end - start));
        GArray *ids = word_ids (db, word, error);

        if (ids == NULL)
          {
            g_clear_pointer (&result, g_array_unref);
            return NULL;
          }
        if (result == NULL)
          result = ids;
        else
          {
            intersect (result, ids);
            g_array_unref (ids);
          }
        /* Nothing left for the other words to narrow. */
        if (result->len == 0)
          break;
      }
    }
  return result;
}
