/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk init`: opens the store — cli_open() creates the database's
 * directory when missing, the store applies pending migrations — and prints
 * the schema version.
 * Idempotent: on an existing database it only upgrades the schema.
 */
#include "cli/cli.h"

#include <stdio.h>

int cli_init_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };
	struct cli_flags flags = { 0 };
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	bool started = false;
	int version = 0;
	int c, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		return CLI_EXIT_USAGE;
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (app_schema_version(&app, &version, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("database %s is at schema version %d\n", cfg.db, version);
	rc = CLI_EXIT_OK;
out:
	cli_app_close(&app);
	return rc;
}
