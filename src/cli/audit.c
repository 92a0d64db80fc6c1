/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk audit [--actor ID] [--object OBJ] [--action A] [--from T]
 * [--to T] [--limit N] [--format table|json|csv]`: the audit log from the
 * operator's shell, by id, read page by page through app_audit_list() as
 * the system (GET /api/v1/audit is the same for admins).
 *
 * Formats: an aligned table (detail last, as stored); JSON Lines, one
 * object per row as the API renders it (http_render_audit), so a log of
 * any length streams; CSV (RFC 4180, util/csv.c) with the columns id, at,
 * actor_id, action, object, address, detail. Whether the rows are intact is
 * `loyaldesk check`'s question, not this command's.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "http/json_out.h"
#include "http/resource.h"
#include "util/csv.h"

const char cli_audit_help[] =
	"Usage: loyaldesk audit [--actor ID] [--object OBJ] [--action A] [--from T]\n"
	"                       [--to T] [--limit N] [--format table|json|csv]\n"
	"\n"
	"Prints the audit log, oldest first: who (actor account id, empty for the\n"
	"system or a refused login), what (action), which object, when, from which\n"
	"client address, and the detail (JSON). Failed logins are session.refused,\n"
	"403 answers access.refused.\n"
	"\n"
	"  --actor ID       rows of this account\n"
	"  --object OBJ     rows about this object, exactly (case/42, agent/3)\n"
	"  --action A       rows of this action, exactly (session.refused)\n"
	"  --from T         at or after T: a date (its UTC midnight) or ISO 8601\n"
	"  --to T           before T; a date alone includes that day\n"
	"  --limit N        at most N rows (default: all)\n"
	"  --format F       table (default), json (one object per line) or csv\n";

enum audit_format { AUDIT_TABLE, AUDIT_JSON, AUDIT_CSV };

enum audit_opt {
	AUDIT_OPT_ACTOR = CLI_OPT_FIRST_FREE,
	AUDIT_OPT_OBJECT,
	AUDIT_OPT_ACTION,
	AUDIT_OPT_FROM,
	AUDIT_OPT_TO,
	AUDIT_OPT_LIMIT,
	AUDIT_OPT_FORMAT,
};

/* --from/--to: a time; with `end_of_day`, a date alone means the midnight after it. */
static bool audit_time(const char *text, bool end_of_day, int64_t *out)
{
	if (!cli_parse_time(text, out))
		return false;
	if (end_of_day && strlen(text) == 10)
		*out += TIME_DAY_S;
	return true;
}

static void audit_print(enum audit_format format, const struct ld_audit *a)
{
	char at[24] = "", id[24], actor[24] = "";
	struct ld_err ignored;

	cli_format_time(a->at, at, sizeof at);
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	if (a->actor_id != 0)
		snprintf(actor, sizeof actor, "%lld", (long long)a->actor_id);
	if (format == AUDIT_JSON) {
		struct http_json j;

		http_json_init(&j, 256);
		http_render_audit(&j, NULL, a);
		puts(j.buf);
		http_json_free(&j);
	} else if (format == AUDIT_CSV) {
		const char *fields[] = { id,        at,         actor,    a->action,
					 a->object, a->address, a->detail };

		/* Text a spreadsheet would evaluate is neutralised (util/csv.h). */
		static const enum csv_cell cells[] = { CSV_CELL_NUMBER, CSV_CELL_TEXT,
						       CSV_CELL_NUMBER, CSV_CELL_TEXT,
						       CSV_CELL_TEXT,   CSV_CELL_TEXT,
						       CSV_CELL_TEXT };

		(void)csv_write(stdout, fields, cells, 7, &ignored);
	} else {
		printf("%-7s %-20s %-6s %-18s %-16s %-15s %s\n", id, at, actor,
		       a->action != NULL ? a->action : "", a->object != NULL ? a->object : "-",
		       a->address != NULL ? a->address : "-", a->detail != NULL ? a->detail : "");
	}
}

int cli_audit_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "actor", required_argument, NULL, AUDIT_OPT_ACTOR },
		{ "object", required_argument, NULL, AUDIT_OPT_OBJECT },
		{ "action", required_argument, NULL, AUDIT_OPT_ACTION },
		{ "from", required_argument, NULL, AUDIT_OPT_FROM },
		{ "to", required_argument, NULL, AUDIT_OPT_TO },
		{ "limit", required_argument, NULL, AUDIT_OPT_LIMIT },
		{ "format", required_argument, NULL, AUDIT_OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct store_audit_query q = { 0 };
	enum audit_format format = AUDIT_TABLE;
	struct ld_audit *page = NULL;
	struct app app = { 0 };
	struct ld_err err;
	int64_t left = INT64_MAX;
	bool started = false;
	int c, n = 0, rc;

	ld_err_clear(&err);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case AUDIT_OPT_ACTOR:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &q.actor_id))
				return cli_usage(cmd, "--actor must be an account id, not '%s'",
						 optarg);
			break;
		case AUDIT_OPT_OBJECT: q.object = optarg; break;
		case AUDIT_OPT_ACTION: q.action = optarg; break;
		case AUDIT_OPT_FROM:
			if (!audit_time(optarg, false, &q.from))
				return cli_usage(cmd, "--from must be a date or an ISO 8601 time, "
						      "not '%s'", optarg);
			break;
		case AUDIT_OPT_TO:
			if (!audit_time(optarg, true, &q.to))
				return cli_usage(cmd, "--to must be a date or an ISO 8601 time, "
						      "not '%s'", optarg);
			break;
		case AUDIT_OPT_LIMIT:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &left))
				return cli_usage(cmd, "--limit must be a positive number, not '%s'",
						 optarg);
			break;
		case AUDIT_OPT_FORMAT:
			if (strcmp(optarg, "table") == 0)
				format = AUDIT_TABLE;
			else if (strcmp(optarg, "json") == 0)
				format = AUDIT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				format = AUDIT_CSV;
			else
				return cli_usage(cmd, "--format must be table, json or csv");
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((q.object != NULL && q.object[0] == '\0') || (q.action != NULL && q.action[0] == '\0'))
		return cli_usage(cmd, "--object and --action must not be empty");
	if ((rc = cli_app_open_existing(&flags, &app)) != -1)
		return rc;
	if (format == AUDIT_CSV) {
		const char *head[] = { "id", "at", "actor_id", "action", "object", "address",
				       "detail" };
		(void)csv_write(stdout, head, NULL, 7, &err);
	}
	page = xcalloc(APP_LIST_MAX, sizeof *page);
	do {
		q.limit = left < APP_LIST_MAX ? (int)left : APP_LIST_MAX;
		if (app_audit_list(&app, NULL, &q, page, &n, &err) != LD_OK) {
			rc = cli_fail(&err);
			goto out;
		}
		for (int i = 0; i < n; i++) {
			audit_print(format, &page[i]);
			ld_audit_clear(&page[i]);
		}
		if (n > 0)
			q.after_id = page[n - 1].id;
		left -= n;
	} while (n == q.limit && left > 0);
	rc = fflush(stdout) == 0 && !ferror(stdout) ? CLI_EXIT_OK : CLI_EXIT_FAIL;
out:
	free(page);
	cli_app_close(&app);
	return rc;
}
