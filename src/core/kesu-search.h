/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "kesu-db.h"

G_BEGIN_DECLS

/* Search over complaints: what the list's and the board's search box covers — the
 * number, the customer's name and phone (also as bare digits, so "1381234" finds
 * 138-1234…), the plate, the VIN, the model, the description and the demand.
 *
 * Each word of the query (words are split at white space and all must match) is a
 * substring, ASCII letters in any case, exactly like the LIKE '%word%' it replaces.  Two
 * indexes answer it, kept up to date by the triggers of the search migration:
 *
 * - complaint_tri / customer_tri: FTS5 with the trigram tokenizer, for words of three
 *   characters or more (a phrase of the word's trigrams is an exact substring match).
 * - complaint_gram / customer_gram: FTS5 over every one- and two-character gram of the
 *   same texts, for shorter words — SQLite 3.40's trigram index silently finds nothing
 *   for those, and most Chinese words are two characters (异响, 刹车, 漏油).  Each gram is
 *   written as the hex of its UTF-8 bytes (ASCII lowered) and indexed with the "ascii"
 *   tokenizer and detail=none, so no custom tokenizer is needed to read it and each
 *   (gram, complaint) pair costs a byte or two of doclist.
 *
 * Both indexes are contentless: nothing of the texts is stored twice. */

/* The SQL functions the search triggers call, kesu_search_text () and
 * kesu_search_grams (); registered on every connection that writes complaints or
 * customers (kesu_store_open does it before the migrations run). */
gboolean  _kesu_search_register  (sqlite3     *handle,
                                  GError     **error);

/* The ids (gint64, ascending) of the complaints matching every word of @search; NULL
 * with *error unset when @search has no words (everything matches). */
GArray   *_kesu_search_ids       (KesuDb      *db,
                                  const char  *search,
                                  GError     **error);

/* The fixed statements _kesu_search_ids runs, for the query-plan test. */
#define KESU_SEARCH_SQL_COMPLAINT_TRI                                                  \
  "SELECT rowid FROM complaint_tri WHERE complaint_tri MATCH ?1"
#define KESU_SEARCH_SQL_COMPLAINT_GRAM                                                 \
  "SELECT rowid FROM complaint_gram WHERE complaint_gram MATCH ?1"
#define KESU_SEARCH_SQL_CUSTOMER_TRI                                                   \
  "SELECT c.id FROM complaint c WHERE c.customer_id IN"                                \
  " (SELECT rowid FROM customer_tri WHERE customer_tri MATCH ?1)"
#define KESU_SEARCH_SQL_CUSTOMER_GRAM                                                  \
  "SELECT c.id FROM complaint c WHERE c.customer_id IN"                                \
  " (SELECT rowid FROM customer_gram WHERE customer_gram MATCH ?1)"

G_END_DECLS
