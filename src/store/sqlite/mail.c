/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Mail threading (table `mail_message`) and attachments (table `attachment`)
 * in the SQLite store, migration 0009. Owns their SQL and row layout. The
 * case and customer of either are those of its interaction, read by a join,
 * so a merge (which re-points interactions) is seen at once.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

ld_status sq_mail_message_insert(struct store *store, const char *message_id,
				 int64_t interaction_id, int direction, int64_t at,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_INTERACTION, interaction_id, "interaction_id" } };
	ld_status rc;

	if (direction != LD_DIR_IN && direction != LD_DIR_OUT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_mail_message", "direction",
			       "a mail is received or sent");
	rc = sq_stmt(s, SQ_MAIL_MESSAGE_INSERT,
		     "INSERT INTO mail_message (message_id, interaction_id, direction, created_at)"
		     " VALUES (?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, message_id);
	sq_bind_i64(&b, interaction_id);
	sq_bind_enum(&b, ld_direction_name, direction, false, "direction");
	sq_bind_i64(&b, at > 0 ? at : sq_now());
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "mail_message", refs, 1, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_mail_message_find(struct store *store, const char *message_id,
			       struct store_mail_ref *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_row r;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_MAIL_MESSAGE_FIND,
		     "SELECT m.interaction_id, i.case_id, i.customer_id, m.direction"
		     " FROM mail_message m JOIN interaction i ON i.id = m.interaction_id"
		     " WHERE m.message_id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_text(st, 1, message_id, -1, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "mail_message", 0, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	out->interaction_id = sq_col_i64(&r);
	out->case_id = sq_col_i64(&r);
	out->customer_id = sq_col_i64(&r);
	out->direction = sq_col_enum(&r, ld_direction_parse, false);
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}

#define ATTACHMENT_COLS                                                              \
	"a.id, a.interaction_id, i.case_id, i.customer_id, a.filename, a.content_type," \
	" a.size, a.sha256, a.created_at"

static ld_status attachment_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_attachment *a = out;
	struct sq_row r;

	memset(a, 0, sizeof *a);
	sq_row_start(&r, st);
	a->id = sq_col_i64(&r);
	a->interaction_id = sq_col_i64(&r);
	a->case_id = sq_col_i64(&r);
	a->customer_id = sq_col_i64(&r);
	sq_col_text(&r, a->filename, sizeof a->filename);
	sq_col_text(&r, a->content_type, sizeof a->content_type);
	a->size = sq_col_i64(&r);
	sq_col_text(&r, a->sha256, sizeof a->sha256);
	a->created_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

ld_status sq_attachment_insert(struct store *store, struct ld_attachment *a, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = a->created_at != 0 ? a->created_at : sq_now();
	const struct sq_ref refs[] = { { SQ_T_INTERACTION, a->interaction_id, "interaction_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_ATTACHMENT_INSERT,
		     "INSERT INTO attachment (interaction_id, filename, content_type, size, sha256,"
		     " created_at) VALUES (?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, a->interaction_id);
	sq_bind_text(&b, a->filename);
	sq_bind_text(&b, a->content_type);
	sq_bind_i64(&b, a->size);
	sq_bind_text(&b, a->sha256);
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "attachment", refs, 1, err)) != LD_OK)
		goto out;
	a->id = sqlite3_last_insert_rowid(s->db);
	a->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_attachment_get(struct store *store, int64_t id, struct ld_attachment *out,
			    struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_ATTACHMENT_GET,
		     "SELECT " ATTACHMENT_COLS " FROM attachment a"
		     " JOIN interaction i ON i.id = a.interaction_id WHERE a.id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "attachment", id, err)) != LD_OK)
		goto out;
	rc = attachment_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_attachment_list(struct store *store, int64_t case_id, int64_t after_id, int limit,
			     struct ld_attachment *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_ATTACHMENT_LIST,
		     "SELECT " ATTACHMENT_COLS " FROM interaction i"
		     " JOIN attachment a ON a.interaction_id = i.id"
		     " WHERE i.case_id = ?1 AND a.id > ?2 ORDER BY a.id LIMIT ?3",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	rc = sq_collect(s, st, "attachment", out, sizeof *out, limit, n, attachment_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_attachment_blob_used(struct store *store, const char *sha256, bool *used,
				  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	*used = false;
	rc = sq_stmt(s, SQ_ATTACHMENT_BLOB_USED,
		     "SELECT EXISTS (SELECT 1 FROM attachment WHERE sha256 = ?)", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "attachment", 0, err)) != LD_OK)
		goto out;
	*used = sqlite3_column_int(st, 0) != 0;
out:
	sq_release(st);
	return rc;
}

ld_status sq_mail_thread(struct store *store, int64_t case_id, struct store_mail_ref *out, int cap,
			 int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	*n = 0;
	rc = sq_stmt(s, SQ_MAIL_THREAD,
		     "SELECT m.interaction_id, i.case_id, i.customer_id, m.direction, m.message_id,"
		     " m.created_at FROM interaction i"
		     " JOIN mail_message m ON m.interaction_id = i.id"
		     " WHERE i.case_id = ?1 ORDER BY m.created_at DESC, i.id DESC LIMIT ?2",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int(st, 2, cap);
	while ((rc = sq_step_next(s, st, "mail_message", &more, err)) == LD_OK && more) {
		struct store_mail_ref *m = &out[*n];
		struct sq_row r;

		memset(m, 0, sizeof *m);
		sq_row_start(&r, st);
		m->interaction_id = sq_col_i64(&r);
		m->case_id = sq_col_i64(&r);
		m->customer_id = sq_col_i64(&r);
		m->direction = sq_col_enum(&r, ld_direction_parse, false);
		sq_col_text(&r, m->message_id, sizeof m->message_id);
		m->created_at = sq_col_i64(&r);
		if ((rc = sq_row_check(&r, err)) != LD_OK)
			break;
		(*n)++;
	}
out:
	sq_release(st);
	return rc;
}
