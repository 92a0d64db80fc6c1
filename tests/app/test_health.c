/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The health verdict (app/health.c): ok, "storage_full" after a write was
 * refused for lack of room (the driver's page cap stands in for a full
 * disk) until a write commits, "low_disk_space" when the filesystem has less
 * free room than configured, the refused write winning over little room, and
 * the free bytes of a file database (unknown in memory).
 */
#include "../scratch.h"

#include "app/app.h"
#include "store/sqlite/sqlite_store.h" /* the page cap test hook */
#include "store/store.h"

#define NOTES_LEN 1500 /* bytes of notes per customer */
#define FILL_MAX 20000 /* customers before a capped database must be full */

struct hx {
	struct scratch_db db; /* the database file, dir "" for ":memory:" */
	struct store *store;  /* owned */
	struct app app;       /* over it */
};

/* Opens `h` on a file in a fresh directory (`file`) or in memory, with `min_free`. */
static void hx_open(struct hx *h, bool file, int64_t min_free)
{
	struct app_config cfg;
	struct ld_err err;

	memset(h, 0, sizeof *h);
	snprintf(h->db.path, sizeof h->db.path, ":memory:");
	if (file)
		scratch_db_make(&h->db, "health");
	if (store_open(h->db.path, &h->store, &err) != LD_OK)
		fail_msg("store_open: %s", err.message);
	app_config_defaults(&cfg);
	cfg.min_free_bytes = min_free;
	app_init(&h->app, h->store, &cfg);
}

static void hx_close(struct hx *h)
{
	app_fini(&h->app);
	store_close(h->store);
	if (h->db.dir[0] != '\0')
		scratch_db_remove(&h->db);
}

static struct app_health health_of(struct hx *h)
{
	struct app_health out;
	struct ld_err err;

	assert_int_equal(app_health(&h->app, &out, &err), LD_OK);
	assert_true(out.schema_version > 0);
	return out;
}

static ld_status customer_new(struct hx *h, size_t notes_len, struct ld_err *err)
{
	struct ld_customer c;
	ld_status rc;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Health check");
	c.preferred_channel = -1;
	c.notes = notes_len > 0 ? scratch_text(notes_len) : NULL;
	rc = app_customer_create(&h->app, NULL, &c, err);
	ld_customer_clear(&c);
	return rc;
}

/* Caps the database and writes until a write is refused. */
static void fill(struct hx *h)
{
	struct ld_err err;
	ld_status rc = LD_OK;

	sq_test_cap_pages(true);
	for (int i = 0; i < FILL_MAX && rc == LD_OK; i++)
		rc = customer_new(h, NOTES_LEN, &err);
	assert_int_equal(rc, LD_ERR_FULL);
	assert_string_equal(err.code, "storage_full");
}

static void test_health_ok_in_memory(void **state)
{
	struct hx h;
	struct app_health out;

	(void)state;
	hx_open(&h, false, 0);
	out = health_of(&h);
	assert_null(out.cause);
	assert_int_equal(out.free_bytes, -1);
	hx_close(&h);
}

static void test_health_storage_full_until_a_write(void **state)
{
	struct hx h;
	struct ld_err err;

	(void)state;
	hx_open(&h, false, -1);
	fill(&h);
	assert_string_equal(health_of(&h).cause, "storage_full");
	/* Room is back, but until a write commits nothing shows it. */
	sq_test_cap_pages(false);
	assert_string_equal(health_of(&h).cause, "storage_full");
	assert_int_equal(customer_new(&h, 0, &err), LD_OK);
	assert_null(health_of(&h).cause);
	hx_close(&h);
}

static void test_health_low_disk_space(void **state)
{
	struct hx h;
	struct app_health out;

	(void)state;
	/* More free room wanted than any disk has. */
	hx_open(&h, true, INT64_MAX);
	out = health_of(&h);
	assert_true(out.free_bytes > 0);
	assert_string_equal(out.cause, "low_disk_space");
	/* A refused write is what users see: it wins. */
	fill(&h);
	sq_test_cap_pages(false);
	assert_string_equal(health_of(&h).cause, "storage_full");
	hx_close(&h);

	/* The check off. */
	hx_open(&h, true, -1);
	out = health_of(&h);
	assert_true(out.free_bytes > 0);
	assert_null(out.cause);
	hx_close(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_ok_in_memory),
		cmocka_unit_test(test_health_storage_full_until_a_write),
		cmocka_unit_test(test_health_low_disk_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
