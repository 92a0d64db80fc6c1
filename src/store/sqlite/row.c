/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Between C values and SQLite parameters and columns, for the SQLite store.
 *
 * Owns: the one place where the backend's storage conventions are applied
 * (0001_init.sql states them): "none" values — id 0, time 0, empty optional
 * text, enum -1, sentiment NAN — become SQL NULL and come back as such;
 * enums travel as their wire names (core/model.c). Must not know any table.
 *
 * Both helpers are cursors over a statement that keep the first failure, so
 * an entity file binds or reads a whole row straight through and checks once.
 */
#include "store/sqlite/sqlite_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters ---- */

void sq_bind_start(struct sq_bind *b, sqlite3_stmt *st)
{
	b->st = st;
	b->next = 1;
	b->rc = SQLITE_OK;
	b->bad_field = NULL;
}

/* Keeps the first bind failure, advances to the next parameter. */
static void bound(struct sq_bind *b, int rc)
{
	if (b->rc == SQLITE_OK)
		b->rc = rc;
	b->next++;
}

void sq_bind_i64(struct sq_bind *b, int64_t v)
{
	bound(b, sqlite3_bind_int64(b->st, b->next, v));
}

void sq_bind_opt_i64(struct sq_bind *b, int64_t v)
{
	bound(b, v == 0 ? sqlite3_bind_null(b->st, b->next)
			: sqlite3_bind_int64(b->st, b->next, v));
}

void sq_bind_bool(struct sq_bind *b, bool v)
{
	bound(b, sqlite3_bind_int(b->st, b->next, v ? 1 : 0));
}

void sq_bind_text(struct sq_bind *b, const char *v)
{
	bound(b, sqlite3_bind_text(b->st, b->next, v ? v : "", -1, SQLITE_STATIC));
}

void sq_bind_opt_text(struct sq_bind *b, const char *v)
{
	bound(b, v == NULL || v[0] == '\0'
			 ? sqlite3_bind_null(b->st, b->next)
			 : sqlite3_bind_text(b->st, b->next, v, -1, SQLITE_STATIC));
}

void sq_bind_opt_double(struct sq_bind *b, double v)
{
	bound(b, isnan(v) ? sqlite3_bind_null(b->st, b->next)
			  : sqlite3_bind_double(b->st, b->next, v));
}

void sq_bind_blob(struct sq_bind *b, const void *p, int len)
{
	/* A zero-length blob is still a blob (NOT NULL), never SQL NULL. */
	bound(b, len == 0 ? sqlite3_bind_zeroblob(b->st, b->next, 0)
			  : sqlite3_bind_blob(b->st, b->next, p, len, SQLITE_STATIC));
}

void sq_bind_opt_blob(struct sq_bind *b, const void *p, int len)
{
	bound(b, p == NULL ? sqlite3_bind_null(b->st, b->next)
			   : sqlite3_bind_blob(b->st, b->next, p, len, SQLITE_STATIC));
}

void sq_bind_enum(struct sq_bind *b, const char *(*name)(int), int v, bool optional,
		  const char *field)
{
	const char *text;

	if (optional && v == -1) {
		bound(b, sqlite3_bind_null(b->st, b->next));
		return;
	}
	text = name(v);
	if (text == NULL) {
		if (b->bad_field == NULL)
			b->bad_field = field;
		bound(b, sqlite3_bind_null(b->st, b->next));
		return;
	}
	bound(b, sqlite3_bind_text(b->st, b->next, text, -1, SQLITE_STATIC));
}

void sq_bind_filter_enum(struct sq_bind *b, const char *(*name)(int), int v,
			 const char *field)
{
	const char *text = v == -1 ? "" : name(v);

	if (text == NULL) {
		if (b->bad_field == NULL)
			b->bad_field = field;
		text = "";
	}
	bound(b, sqlite3_bind_text(b->st, b->next, text, -1, SQLITE_STATIC));
}

ld_status sq_bind_check(const struct sq_bind *b, struct ld_err *err)
{
	char code[LD_ERR_CODE_MAX];

	if (b->bad_field != NULL) {
		snprintf(code, sizeof code, "invalid_%s", b->bad_field);
		return ld_fail(err, LD_ERR_INVALID, code, b->bad_field, "%s has no such value",
			       b->bad_field);
	}
	if (b->rc != SQLITE_OK)
		return ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL,
			       "binding parameter %d: %s", b->next - 1, sqlite3_errstr(b->rc));
	return LD_OK;
}

/* ---- columns ---- */

void sq_row_start(struct sq_row *r, sqlite3_stmt *st)
{
	r->st = st;
	r->col = 0;
	r->bad_col = -1;
	r->oom = false;
}

/* Marks the column being read as failed (the first failure wins). */
static void bad(struct sq_row *r, int col, bool oom)
{
	if (r->bad_col < 0) {
		r->bad_col = col;
		r->oom = oom;
	}
}

int64_t sq_col_i64(struct sq_row *r)
{
	return sqlite3_column_int64(r->st, r->col++);
}

int sq_col_int(struct sq_row *r)
{
	int col = r->col++;
	int64_t v = sqlite3_column_int64(r->st, col);

	if (v < -2147483647 - 1 || v > 2147483647) {
		bad(r, col, false);
		return 0;
	}
	return (int)v;
}

bool sq_col_bool(struct sq_row *r)
{
	return sqlite3_column_int64(r->st, r->col++) != 0;
}

void sq_col_text(struct sq_row *r, char *buf, size_t buf_len)
{
	int col = r->col++;
	const unsigned char *text = sqlite3_column_text(r->st, col);
	size_t len = (size_t)sqlite3_column_bytes(r->st, col);

	buf[0] = '\0';
	if (text == NULL) {
		if (sqlite3_column_type(r->st, col) != SQLITE_NULL)
			bad(r, col, true);
		return;
	}
	if (len >= buf_len) {
		bad(r, col, false);
		return;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
}

char *sq_col_strdup(struct sq_row *r)
{
	int col = r->col++;
	const unsigned char *text = sqlite3_column_text(r->st, col);
	size_t len = (size_t)sqlite3_column_bytes(r->st, col);
	char *copy;

	if (text == NULL) {
		if (sqlite3_column_type(r->st, col) != SQLITE_NULL)
			bad(r, col, true);
		return NULL;
	}
	copy = malloc(len + 1);
	if (copy == NULL) {
		bad(r, col, true);
		return NULL;
	}
	memcpy(copy, text, len + 1);
	return copy;
}

double sq_col_opt_double(struct sq_row *r)
{
	int col = r->col++;

	if (sqlite3_column_type(r->st, col) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(r->st, col);
}

int sq_col_enum(struct sq_row *r, int (*parse)(const char *), bool optional)
{
	int col = r->col++;
	const char *text = (const char *)sqlite3_column_text(r->st, col);
	int v;

	if (text == NULL) {
		if (!optional || sqlite3_column_type(r->st, col) != SQLITE_NULL)
			bad(r, col, sqlite3_column_type(r->st, col) != SQLITE_NULL);
		return -1;
	}
	v = parse(text);
	if (v < 0)
		bad(r, col, false);
	return v;
}

const void *sq_col_blob(struct sq_row *r, int *len)
{
	int col = r->col++;
	const void *p = sqlite3_column_blob(r->st, col);

	*len = sqlite3_column_bytes(r->st, col);
	return p;
}

ld_status sq_row_check(const struct sq_row *r, struct ld_err *err)
{
	const char *name;

	if (r->bad_col < 0)
		return LD_OK;
	if (r->oom)
		return ld_fail(err, LD_ERR_INTERNAL, "out_of_memory", NULL,
			       "out of memory reading a row");
	name = sqlite3_column_name(r->st, r->bad_col);
	return ld_fail(err, LD_ERR_INTERNAL, "corrupt_row", NULL,
		       "stored %s does not fit its field or has an unknown value",
		       name ? name : "column");
}
