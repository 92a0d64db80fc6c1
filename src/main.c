/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The loyaldesk executable: hands argv to the command-line adapter. Nothing
 * else lives here (cli/cli.c owns commands, configuration and exit codes).
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
