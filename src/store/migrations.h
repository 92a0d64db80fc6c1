/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Migrations compiled into the binary (generated from migrations/<backend>/
 * by cmake/embed_migrations.cmake). Applied in version order at store_open().
 */
#ifndef LD_STORE_MIGRATIONS_H
#define LD_STORE_MIGRATIONS_H

struct store_migration {
	int version;       /* NNNN of NNNN_name.sql */
	const char *name;  /* file name */
	const char *sql;   /* the script */
};

extern const struct store_migration store_sqlite_migrations[];
extern const int store_sqlite_migrations_len;

#endif
