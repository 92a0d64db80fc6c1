/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Customers in the SQLite store: table `customer` and its search index
 * `customer_fts` (FTS5, kept in step by search_index() below, migration 0006).
 *
 * Owns: the SQL and row layout of customers, the search key a row is found
 * by, and the translation of a user's search text into an FTS5 query. Must
 * not decide what is valid input (core/validate.c, app/ do that).
 *
 * Search. DESIGN.md §5 asks that "dvorak" find "Dvořák". Folding happens in
 * C with core/validate.h text_fold(), on both sides, so the index and the
 * query agree whatever SQLite's tokenizer knows (ß → ss, ł → l are beyond
 * unicode61's remove_diacritics). The key of a row is
 *
 *	fold(name) " " fold(email) " " digits [" " digit suffixes]
 *
 * where digits are the phone number's digits without an international "00"
 * prefix. People read phone numbers out in pieces and without the country
 * code, so the key also holds every suffix of the digits of at least
 * PHONE_SUFFIX_MIN digits: "601123456" and "3456" then find
 * "+420 601 123 456" by prefix. The cost is a few short tokens per customer.
 *
 * A query is folded the same way and split at white space; each term becomes
 * an FTS5 string with a prefix star, "term"*, terms AND-ed. Inside a string
 * FTS5 sees no operators, columns or NEAR, so user text can never be FTS5
 * syntax: `name:x OR *` is three words to look for. A query that is only
 * phone characters ("+420 601 123 456") collapses to its digits, one term. A
 * term without a letter or digit ("'", "--") would be an empty phrase; a query
 * without any usable term matches nothing, not everything. Results come in
 * id order, so the usual after_id cursor pages through them.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

#define CUSTOMER_COLS                                                                     \
	"c.id, c.org_id, c.name, c.email, c.phone, c.language, c.preferred_channel, c.notes," \
	" c.consent, c.created_at, c.updated_at, c.erased_at, c.case_count"

/* Shortest phone-digit suffix put into the search key. */
#define PHONE_SUFFIX_MIN 4
/* Folding never lengthens name or e-mail; the digit suffixes add the rest. */
#define SEARCH_KEY_MAX (LD_NAME_MAX + LD_EMAIL_MAX + (LD_PHONE_MAX + 2) * LD_PHONE_MAX + 8)
/* Longest search text accepted, bytes, and most terms. */
#define QUERY_MAX 256
#define QUERY_TERMS_MAX 8
/* Worst case: every byte a doubled quote, plus `"…"* ` around each term. */
#define MATCH_MAX (2 * QUERY_MAX + 4 * QUERY_TERMS_MAX + 1)

/* ====================================================================
 * Search key and query
 * ==================================================================== */

/*
 * The digits of `phone` into `out` (out_len ≥ LD_PHONE_MAX + 1), dropping an
 * international "00" prefix so "+420…" and "00420…" agree. Returns the count.
 */
static size_t phone_digits(const char *phone, char *out, size_t out_len)
{
	size_t n = 0;

	for (const char *p = phone; p != NULL && *p != '\0' && n + 1 < out_len; p++) {
		if (*p >= '0' && *p <= '9')
			out[n++] = *p;
	}
	out[n] = '\0';
	if (n >= 2 && out[0] == '0' && out[1] == '0') {
		memmove(out, out + 2, n - 1);
		n -= 2;
	}
	return n;
}

/* Appends " " + text to key (key_len bytes), never past its end. */
static size_t key_append(char *key, size_t used, size_t key_len, const char *text)
{
	size_t len = strlen(text);

	if (len == 0 || used + 1 + len + 1 > key_len)
		return used;
	key[used++] = ' ';
	memcpy(key + used, text, len + 1);
	return used + len;
}

/* The search key of `c` (module comment) into key[key_len]. */
static void search_key(const struct ld_customer *c, char *key, size_t key_len)
{
	char email[LD_EMAIL_MAX * 2 + 1];
	char digits[LD_PHONE_MAX + 1];
	size_t used = text_fold(c->name, key, key_len);
	size_t n;

	text_fold(c->email, email, sizeof email);
	used = key_append(key, used, key_len, email);
	n = phone_digits(c->phone, digits, sizeof digits);
	used = key_append(key, used, key_len, digits);
	for (size_t k = 1; k + PHONE_SUFFIX_MIN <= n; k++)
		used = key_append(key, used, key_len, digits + k);
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* Only digits, white space and + - ( ) . / — and at least one digit. */
static bool is_phone_query(const char *q)
{
	bool digit = false;

	for (const char *p = q; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (!is_space(*p) && strchr("+-()./", *p) == NULL)
			return false;
	}
	return digit;
}

/* A letter or digit for the tokenizer: ASCII alphanumerics, any non-ASCII. */
static bool term_usable(const char *term, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)term[i];
		if (ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z'))
			return true;
	}
	return false;
}

/* Appends `"term"* ` with inner quotes doubled; out has MATCH_MAX bytes. */
static size_t match_append(char *out, size_t used, const char *term, size_t len)
{
	out[used++] = '"';
	for (size_t i = 0; i < len; i++) {
		if (term[i] == '"')
			out[used++] = '"';
		out[used++] = term[i];
	}
	memcpy(out + used, "\"* ", 4);
	return used + 3;
}

/*
 * The FTS5 MATCH expression of search text `q` into out[MATCH_MAX]; *terms =
 * how many usable terms it holds (0: the query matches nothing).
 */
static ld_status match_expr(const char *q, char out[MATCH_MAX], int *terms, struct ld_err *err)
{
	char folded[QUERY_MAX * 2 + 1];
	char digits[QUERY_MAX + 1];
	size_t used = 0;

	*terms = 0;
	out[0] = '\0';
	if (strlen(q) > QUERY_MAX)
		return ld_fail(err, LD_ERR_INVALID, "query_too_long", "q",
			       "search text is longer than %d bytes", QUERY_MAX);
	if (is_phone_query(q)) {
		size_t n = phone_digits(q, digits, sizeof digits);
		if (n > 0) {
			used = match_append(out, used, digits, n);
			*terms = 1;
		}
		out[used] = '\0';
		return LD_OK;
	}
	text_fold(q, folded, sizeof folded);
	for (const char *p = folded; *p != '\0';) {
		const char *start;
		while (is_space(*p))
			p++;
		start = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		if (p == start || !term_usable(start, (size_t)(p - start)))
			continue;
		if (*terms == QUERY_TERMS_MAX)
			return ld_fail(err, LD_ERR_INVALID, "query_too_long", "q",
				       "search text has more than %d words", QUERY_TERMS_MAX);
		used = match_append(out, used, start, (size_t)(p - start));
		(*terms)++;
	}
	out[used] = '\0';
	return LD_OK;
}

/* ====================================================================
 * Rows
 * ==================================================================== */

static ld_status customer_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_customer *c = out;
	struct sq_row r;
	ld_status rc;

	memset(c, 0, sizeof *c);
	sq_row_start(&r, st);
	c->id = sq_col_i64(&r);
	c->org_id = sq_col_i64(&r);
	sq_col_text(&r, c->name, sizeof c->name);
	sq_col_text(&r, c->email, sizeof c->email);
	sq_col_text(&r, c->phone, sizeof c->phone);
	sq_col_text(&r, c->language, sizeof c->language);
	c->preferred_channel = sq_col_enum(&r, ld_channel_parse, true);
	c->notes = sq_col_strdup(&r);
	c->consent = sq_col_bool(&r);
	c->created_at = sq_col_i64(&r);
	c->updated_at = sq_col_i64(&r);
	c->erased_at = sq_col_i64(&r);
	c->case_count = sq_col_int(&r);
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		ld_customer_clear(c);
	return rc;
}

static void customer_clear(void *c)
{
	ld_customer_clear(c);
}

/*
 * Binds org_id, name, email, phone, language, preferred_channel, notes,
 * consent, updated_at, erased_at, search_key: the columns insert and update
 * share, in that order. `key` must outlive the step.
 */
static void customer_bind(struct sq_bind *b, const struct ld_customer *c, int64_t updated_at,
			  const char *key)
{
	sq_bind_opt_i64(b, c->org_id);
	sq_bind_text(b, c->name);
	sq_bind_opt_text(b, c->email);
	sq_bind_opt_text(b, c->phone);
	sq_bind_opt_text(b, c->language);
	sq_bind_enum(b, ld_channel_name, c->preferred_channel, true, "preferred_channel");
	sq_bind_opt_text(b, c->notes);
	sq_bind_bool(b, c->consent);
	sq_bind_i64(b, updated_at);
	sq_bind_opt_i64(b, c->erased_at);
	sq_bind_text(b, key);
}

/*
 * The search index entry of customer `id` (key `key`): added with `add`,
 * else dropped. customer_fts is an external-content FTS5 table, so an entry
 * is dropped by naming the key it was added with. Plain statements, not
 * triggers (migration 0006 says why).
 */
static ld_status search_index(struct sq_store *s, bool add, int64_t id, const char *key,
			      struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if (add)
		rc = sq_stmt(s, SQ_CUSTOMER_FTS_ADD,
			     "INSERT INTO customer_fts (rowid, search_key) VALUES (?, ?)", &st, err);
	else
		rc = sq_stmt(s, SQ_CUSTOMER_FTS_DROP,
			     "INSERT INTO customer_fts (customer_fts, rowid, search_key)"
			     " VALUES ('delete', ?, ?)",
			     &st, err);
	if (rc != LD_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sq_step_done(s, st, "customer", NULL, 0, err);
	sq_release(st);
	return rc;
}

/* The stored search key of customer `id` into key[key_len]; not found when missing. */
static ld_status search_key_stored(struct sq_store *s, int64_t id, char *key, size_t key_len,
				   struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc = sq_stmt(s, SQ_CUSTOMER_KEY_GET,
			       "SELECT search_key FROM customer WHERE id = ?", &st, err);

	if (rc != LD_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "customer", id, err)) == LD_OK) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		snprintf(key, key_len, "%s", v != NULL ? (const char *)v : "");
	}
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Operations
 * ==================================================================== */

ld_status sq_customer_insert(struct store *store, struct ld_customer *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	char key[SEARCH_KEY_MAX];
	int64_t created_at = c->created_at != 0 ? c->created_at : sq_now();
	int64_t updated_at = c->updated_at != 0 ? c->updated_at : created_at;
	const struct sq_ref refs[] = { { SQ_T_ORG, c->org_id, "org_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_CUSTOMER_INSERT,
		     "INSERT INTO customer (created_at, org_id, name, email, phone, language,"
		     " preferred_channel, notes, consent, updated_at, erased_at, search_key)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	search_key(c, key, sizeof key);
	sq_bind_start(&b, st);
	sq_bind_i64(&b, created_at);
	customer_bind(&b, c, updated_at, key);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "customer", refs, 1, err)) != LD_OK)
		goto out;
	c->id = sqlite3_last_insert_rowid(s->db);
	if ((rc = search_index(s, true, c->id, key, err)) != LD_OK)
		goto out;
	c->created_at = created_at;
	c->updated_at = updated_at;
	c->case_count = 0;
out:
	sq_release(st);
	return rc;
}

ld_status sq_customer_get(struct store *store, int64_t id, struct ld_customer *out,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CUSTOMER_GET, "SELECT " CUSTOMER_COLS " FROM customer c WHERE c.id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "customer", id, err)) != LD_OK)
		goto out;
	rc = customer_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_customer_update(struct store *store, const struct ld_customer *c,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	char key[SEARCH_KEY_MAX], old_key[SEARCH_KEY_MAX];
	const struct sq_ref refs[] = { { SQ_T_ORG, c->org_id, "org_id" } };
	ld_status rc;

	if ((rc = search_key_stored(s, c->id, old_key, sizeof old_key, err)) != LD_OK)
		return rc;
	rc = sq_stmt(s, SQ_CUSTOMER_UPDATE,
		     "UPDATE customer SET org_id = ?, name = ?, email = ?, phone = ?, language = ?,"
		     " preferred_channel = ?, notes = ?, consent = ?, updated_at = ?,"
		     " erased_at = ?, search_key = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	search_key(c, key, sizeof key);
	sq_bind_start(&b, st);
	customer_bind(&b, c, c->updated_at != 0 ? c->updated_at : sq_now(), key);
	sq_bind_i64(&b, c->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "customer", refs, 1, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = sq_not_found("customer", c->id, err);
		goto out;
	}
	if (strcmp(old_key, key) != 0 && (rc = search_index(s, false, c->id, old_key, err)) == LD_OK)
		rc = search_index(s, true, c->id, key, err);
out:
	sq_release(st);
	return rc;
}

/* Filter bits of the customer list variants. */
enum { CUSTOMER_BY_TEXT = 1, CUSTOMER_BY_ORG = 2 };

/* The SQL of list variant `mask` into sql[sql_len]; parameters in bind order. */
static void customer_list_sql(int mask, char *sql, size_t sql_len)
{
	if (mask & CUSTOMER_BY_TEXT)
		snprintf(sql, sql_len,
			 "SELECT " CUSTOMER_COLS " FROM customer_fts"
			 " JOIN customer c ON c.id = customer_fts.rowid"
			 " WHERE customer_fts MATCH ? AND customer_fts.rowid > ?%s"
			 " ORDER BY customer_fts.rowid LIMIT ?",
			 mask & CUSTOMER_BY_ORG ? " AND c.org_id = ?" : "");
	else
		snprintf(sql, sql_len,
			 "SELECT " CUSTOMER_COLS " FROM customer c WHERE c.id > ?%s"
			 " ORDER BY c.id LIMIT ?",
			 mask & CUSTOMER_BY_ORG ? " AND c.org_id = ?" : "");
}

ld_status sq_customer_list(struct store *store, const struct store_customer_query *q,
			   struct ld_customer *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	char match[MATCH_MAX];
	char sql[1024];
	int terms = 0;
	int mask = 0;
	ld_status rc;

	sql[0] = '\0';
	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	if (q->q != NULL) {
		if ((rc = match_expr(q->q, match, &terms, err)) != LD_OK || terms == 0)
			return rc;
		mask |= CUSTOMER_BY_TEXT;
	}
	if (q->org_id != 0)
		mask |= CUSTOMER_BY_ORG;
	if (!sq_stmt_ready(s, (enum sq_stmt)(SQ_CUSTOMER_LIST + mask)))
		customer_list_sql(mask, sql, sizeof sql);
	rc = sq_stmt(s, (enum sq_stmt)(SQ_CUSTOMER_LIST + mask), sql, &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	if (mask & CUSTOMER_BY_TEXT)
		sq_bind_text(&b, match);
	sq_bind_i64(&b, q->after_id);
	if (mask & CUSTOMER_BY_ORG)
		sq_bind_i64(&b, q->org_id);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "customer", out, sizeof *out, q->limit, n, customer_decode,
			customer_clear, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_customer_find_email(struct store *store, const char *email, struct ld_customer *out,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if (email == NULL || email[0] == '\0')
		return sq_not_found("customer", 0, err);
	/* "email IS NOT NULL" lets SQLite use the partial unique index. */
	rc = sq_stmt(s, SQ_CUSTOMER_FIND_EMAIL,
		     "SELECT " CUSTOMER_COLS " FROM customer c"
		     " WHERE lower(c.email) = lower(?) AND c.email IS NOT NULL",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, email);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "customer", 0, err)) != LD_OK)
		goto out;
	rc = customer_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Loyalty feature vectors (column loyalty_key, written by rollup_apply())
 * ==================================================================== */

ld_status sq_customer_loyalty_key(struct store *store, int64_t customer_id,
				  char key[STORE_LOYALTY_KEY_MAX + 1], struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_row r;
	ld_status rc;

	rc = sq_stmt(s, SQ_CUSTOMER_LOYALTY_KEY, "SELECT loyalty_key FROM customer WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, customer_id);
	if ((rc = sq_step_row(s, st, "customer", customer_id, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	sq_col_text(&r, key, STORE_LOYALTY_KEY_MAX + 1);
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_customer_list_by_key(struct store *store, const char *key, int64_t after_id,
				  int limit, struct ld_customer *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_CUSTOMER_LIST_BY_KEY,
		     "SELECT " CUSTOMER_COLS " FROM customer c INDEXED BY customer_loyalty_idx"
		     " WHERE c.loyalty_key = ? AND c.id > ? ORDER BY c.id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, key);
	sq_bind_i64(&b, after_id);
	sq_bind_i64(&b, limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "customer", out, sizeof *out, limit, n, customer_decode,
			customer_clear, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_loyalty_cells(struct store *store, int from_month, int to_month,
			   store_loyalty_fn fn, void *ctx, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	rc = sq_stmt(s, SQ_LOYALTY_CELLS,
		     "SELECT key, renewal, month, customers FROM loyalty_agg WHERE customers > 0"
		     " AND (month = 0 OR ((?1 = 0 OR month >= ?1) AND (?2 = 0 OR month <= ?2)))"
		     " ORDER BY key",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int(st, 1, from_month);
	sqlite3_bind_int(st, 2, to_month);
	while ((rc = sq_step_next(s, st, "loyalty_agg", &more, err)) == LD_OK && more) {
		struct store_loyalty_cell cell;
		struct sq_row r;
		char renewal[16];

		sq_row_start(&r, st);
		sq_col_text(&r, cell.key, sizeof cell.key);
		sq_col_text(&r, renewal, sizeof renewal);
		cell.month = sq_col_int(&r);
		cell.customers = sq_col_i64(&r);
		if ((rc = sq_row_check(&r, err)) != LD_OK)
			break;
		cell.outcome = strcmp(renewal, "renewed") == 0 ? 1
			       : strcmp(renewal, "lapsed") == 0 ? 2
								: 0;
		if ((rc = fn(ctx, &cell, err)) != LD_OK)
			break;
	}
out:
	sq_release(st);
	return rc;
}
