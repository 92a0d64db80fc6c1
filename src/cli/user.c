/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk user add|list|passwd`: accounts from the operator's shell. The
 * operator acts as the system (actor NULL), so every role may be created.
 * Passwords are never taken from the command line (they would show in `ps`
 * and shell history): only from standard input, with echo off on a terminal.
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

enum user_opt {
	USER_OPT_EMAIL = CLI_OPT_FIRST_FREE,
	USER_OPT_NAME,
	USER_OPT_ROLE,
	USER_OPT_TEAM,
	USER_OPT_CUSTOMER,
	USER_OPT_LANGUAGES,
	USER_OPT_SKILLS,
	USER_OPT_SENIOR,
	USER_OPT_PASSWORD_STDIN,
	USER_OPT_FORMAT,
};

static const struct option user_longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "email", required_argument, NULL, USER_OPT_EMAIL },
	{ "name", required_argument, NULL, USER_OPT_NAME },
	{ "role", required_argument, NULL, USER_OPT_ROLE },
	{ "team", required_argument, NULL, USER_OPT_TEAM },
	{ "customer", required_argument, NULL, USER_OPT_CUSTOMER },
	{ "languages", required_argument, NULL, USER_OPT_LANGUAGES },
	{ "skills", required_argument, NULL, USER_OPT_SKILLS },
	{ "senior", no_argument, NULL, USER_OPT_SENIOR },
	{ "password-stdin", no_argument, NULL, USER_OPT_PASSWORD_STDIN },
	{ "format", required_argument, NULL, USER_OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

/* Everything the three subcommands may be given. */
struct user_args {
	struct cli_flags flags;   /* --db, --config */
	const char *email;        /* --email */
	const char *name;         /* --name */
	const char *role;         /* --role */
	const char *team;         /* --team */
	const char *customer;     /* --customer */
	const char *languages;    /* --languages */
	const char *skills;       /* --skills */
	bool senior;              /* --senior */
	bool password_stdin;      /* --password-stdin */
	const char *format;       /* --format */
};

/* Parses options; returns -1 to go on, else an exit code. */
static int user_parse(const struct cli_command *cmd, int argc, char **argv, struct user_args *a)
{
	bool started = false;
	int c;

	memset(a, 0, sizeof *a);
	while ((c = cli_getopt(cmd, argc, argv, "h", user_longopts, &a->flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case USER_OPT_EMAIL: a->email = optarg; break;
		case USER_OPT_NAME: a->name = optarg; break;
		case USER_OPT_ROLE: a->role = optarg; break;
		case USER_OPT_TEAM: a->team = optarg; break;
		case USER_OPT_CUSTOMER: a->customer = optarg; break;
		case USER_OPT_LANGUAGES: a->languages = optarg; break;
		case USER_OPT_SKILLS: a->skills = optarg; break;
		case USER_OPT_SENIOR: a->senior = true; break;
		case USER_OPT_PASSWORD_STDIN: a->password_stdin = true; break;
		case USER_OPT_FORMAT: a->format = optarg; break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* Copies `value` into a bounded field, refusing (never truncating) a long one. */
static ld_status user_copy(char *dst, size_t dst_len, const char *value, const char *field,
			   struct ld_err *err)
{
	if (value == NULL)
		value = "";
	if (strlen(value) >= dst_len)
		return ld_fail(err, LD_ERR_TOO_LARGE, "too_long", field,
			       "--%s is longer than %zu bytes", field, dst_len - 1);
	memcpy(dst, value, strlen(value) + 1);
	return LD_OK;
}

static int user_add(const struct cli_command *cmd, const struct user_args *a)
{
	char password[APP_PASSWORD_MAX + 2];
	struct ld_agent ag;
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	int64_t id = 0;
	int rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	memset(&ag, 0, sizeof ag);
	password[0] = '\0';
	if (a->email == NULL || a->name == NULL || a->role == NULL)
		return cli_usage(cmd, "user add needs --email, --name and --role");
	ag.role = ld_role_parse(a->role);
	if (ag.role < 0)
		return cli_usage(cmd, "--role must be admin, manager, agent or customer");
	if (a->team != NULL && !cli_parse_i64(a->team, 1, INT64_MAX, &ag.team_id))
		return cli_usage(cmd, "--team must be a team id");
	if (a->customer != NULL && !cli_parse_i64(a->customer, 1, INT64_MAX, &id))
		return cli_usage(cmd, "--customer must be a customer id");
	ag.customer_id = id;
	if (user_copy(ag.email, sizeof ag.email, a->email, "email", &err) != LD_OK ||
	    user_copy(ag.name, sizeof ag.name, a->name, "name", &err) != LD_OK ||
	    user_copy(ag.languages, sizeof ag.languages, a->languages, "languages", &err) != LD_OK ||
	    user_copy(ag.skills, sizeof ag.skills, a->skills, "skills", &err) != LD_OK)
		return cli_fail(&err);
	ag.senior = a->senior;
	ag.active = true;
	if (cli_config(&a->flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (a->password_stdin &&
	    cli_read_secret(stdin, "Password: ", password, sizeof password, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (app_user_add(&app, NULL, &ag, a->password_stdin ? password : NULL, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("added %s %s <%s> (id %lld)\n", ld_role_name(ag.role), ag.name, ag.email,
	       (long long)ag.id);
	if (!a->password_stdin)
		printf("no password was set; set one with: loyaldesk user passwd --email %s --password-stdin\n",
		       ag.email);
	rc = CLI_EXIT_OK;
out:
	explicit_bzero(password, sizeof password);
	cli_app_close(&app);
	return rc;
}

static void user_print_table(const struct ld_agent *list, int n)
{
	static const char *const head[] = { "ID", "EMAIL", "NAME", "ROLE", "TEAM", "ACTIVE" };
	size_t w_email = strlen(head[1]), w_name = strlen(head[2]);
	int i;

	for (i = 0; i < n; i++) {
		size_t we = cli_text_width(list[i].email), wn = cli_text_width(list[i].name);
		w_email = we > w_email ? we : w_email;
		w_name = wn > w_name ? wn : w_name;
	}
	printf("%-6s  %-*s  %-*s  %-8s  %-5s  %s\n", head[0], (int)w_email, head[1], (int)w_name,
	       head[2], head[3], head[4], head[5]);
	for (i = 0; i < n; i++) {
		const struct ld_agent *g = &list[i];
		char team[24];
		/* pad by display width, not bytes: names carry diacritics */
		int pad_e = (int)(w_email - cli_text_width(g->email));
		int pad_n = (int)(w_name - cli_text_width(g->name));
		snprintf(team, sizeof team, "%lld", (long long)g->team_id);
		printf("%-6lld  %s%*s  %s%*s  %-8s  %-5s  %s\n", (long long)g->id, g->email, pad_e,
		       "", g->name, pad_n, "", ld_role_name(g->role),
		       g->team_id != 0 ? team : "-", g->active ? "yes" : "no");
	}
}

static json_t *user_json(const struct ld_agent *g)
{
	char created[32];

	cli_format_time(g->created_at, created, sizeof created);
	/* ids of nothing are null, not 0 */
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:b, s:b, s:s}", "id",
			 (json_int_t)g->id, "email", g->email, "name", g->name, "role",
			 ld_role_name(g->role), "team_id",
			 g->team_id != 0 ? json_integer(g->team_id) : json_null(), "customer_id",
			 g->customer_id != 0 ? json_integer(g->customer_id) : json_null(),
			 "languages", g->languages, "skills", g->skills, "senior", g->senior,
			 "active", g->active, "created_at", created);
}

static int user_list(const struct cli_command *cmd, const struct user_args *a)
{
	struct ld_agent *page = NULL;
	struct ld_agent *all = NULL;
	size_t all_len = 0, all_cap = 0;
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	int64_t after = 0;
	bool json = false;
	int role = -1, n = 0, i, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	if (a->format != NULL && strcmp(a->format, "json") == 0)
		json = true;
	else if (a->format != NULL && strcmp(a->format, "table") != 0)
		return cli_usage(cmd, "--format must be table or json");
	if (a->role != NULL && (role = ld_role_parse(a->role)) < 0)
		return cli_usage(cmd, "--role must be admin, manager, agent or customer");
	if (cli_config(&a->flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	page = xcalloc(APP_LIST_MAX, sizeof *page);
	do {
		if (app_agent_list(&app, NULL, role, after, APP_LIST_MAX, page, &n, &err) != LD_OK) {
			rc = cli_fail(&err);
			goto out;
		}
		all = xgrow(all, sizeof *all, all_len + (size_t)n, &all_cap);
		memcpy(all + all_len, page, (size_t)n * sizeof *page);
		all_len += (size_t)n;
		if (n > 0)
			after = page[n - 1].id;
	} while (n == APP_LIST_MAX);
	if (json) {
		json_t *arr = json_array();
		for (i = 0; i < (int)all_len; i++)
			json_array_append_new(arr, user_json(&all[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(arr);
	} else {
		user_print_table(all, (int)all_len);
	}
	rc = CLI_EXIT_OK;
out:
	free(page);
	free(all);
	cli_app_close(&app);
	return rc;
}

static int user_passwd(const struct cli_command *cmd, const struct user_args *a)
{
	char password[APP_PASSWORD_MAX + 2];
	struct ld_agent ag;
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	int rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	password[0] = '\0';
	if (a->email == NULL)
		return cli_usage(cmd, "user passwd needs --email");
	if (!a->password_stdin)
		return cli_usage(cmd, "user passwd needs --password-stdin (passwords are never "
				      "taken from the command line)");
	if (strlen(a->email) > LD_EMAIL_MAX)
		return cli_usage(cmd, "--email is too long");
	if (cli_config(&a->flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_read_secret(stdin, "New password: ", password, sizeof password, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (app_agent_find_email(&app, NULL, a->email, &ag, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (app_user_set_password(&app, NULL, ag.id, password, NULL, NULL, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("password set for %s\n", ag.email);
	rc = CLI_EXIT_OK;
out:
	explicit_bzero(password, sizeof password);
	cli_app_close(&app);
	return rc;
}

int cli_user_run(const struct cli_command *cmd, int argc, char **argv)
{
	struct user_args a;
	const char *sub;
	int rc;

	if (argc < 2)
		return cli_usage(cmd, "missing subcommand (add, list or passwd)");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(cmd);
	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "passwd") != 0)
		return cli_usage(cmd, "unknown subcommand '%s' (add, list or passwd)", sub);
	rc = user_parse(cmd, argc - 1, argv + 1, &a);
	if (rc != -1)
		return rc;
	if (strcmp(sub, "add") == 0)
		return user_add(cmd, &a);
	if (strcmp(sub, "list") == 0)
		return user_list(cmd, &a);
	return user_passwd(cmd, &a);
}
