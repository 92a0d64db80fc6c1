/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The authorisation matrix: every route of the API (and the survey page)
 * called by every kind of caller, with the exact status each must get.
 *
 * Callers (the columns): nobody (no token), customer A's portal account,
 * customer B's portal account (another customer), an agent of team T, a
 * manager and an admin. Rows address customer A's objects, so column B is
 * always "another customer's data": B must get what the product answers for
 * a record it may not know of (404 where existence is hidden, else 403),
 * never A's data.
 *
 * A row is one line of AUTHZ_ROWS: method and pattern as in the router's
 * table (or "/survey/{key}" for the page outside it), the request target
 * and JSON body with {placeholders}, the six expected statuses and checks.
 * test_authz_rows_cover_every_route fails when a route of the table has no
 * row or a row names no route, so a new route is a new row.
 *
 * Placeholders are expanded for each cell. {case_a}, {cust_a}, {team_t} …
 * name objects the fixture made once and that no cell changes (a write cell
 * on them sends a body that leaves them as they were, e.g. PATCH
 * customers/{cust_a} with the notes it already has). {fresh_*} name an
 * object made for this cell alone (by the admin, over the API, just before
 * the call), so every write cell — deletes, merges, answers, logouts — runs
 * on its own object and the cells are independent of each other's order.
 * {fresh_customer} is a new customer without a portal account, for a write
 * that would spoil A (an erasure): the customer columns then address a
 * record that is not theirs. {n} is a number unique to the cell, for
 * names and e-mails that must not clash. {me} is the acting account. {missing} is an id nobody has: the
 * rows with it show that a customer gets for another customer's record
 * exactly what it gets for no record at all.
 *
 * Checks. Every answer that is not 2xx/3xx must be an {"error":…} object
 * (the page's are HTML). A list row marked OWN checks, for the customer
 * columns, that every item belongs to the caller's customer (customer_id);
 * SOME also that the list is not empty, so the check looked at something.
 * NO_INTERNAL checks that a customer gets none of the desk's internal rows
 * of an interaction list (the fixture wrote one on case_a) and staff do;
 * NO_NOTES that a customer reading its record gets no desk notes.
 * FRESH_SESSION runs the cell on a session logged in for it (logging out
 * must not end the session the other cells use); FRESH_ACCOUNT on a new
 * account of the column's role (a password change ends the account's other
 * sessions).
 *
 * Agents are not restricted to their team's cases: the product lets every
 * agent work every case (app.h), and the agent's lists are checked to hold
 * team U's case too (AGENT_SEES_ALL), so a restriction added later has to
 * change this row knowingly.
 */
#include "../http/http_fixture.h"
#include "app/mail.h"

#include "http/survey_page.h"

/* ------------------------------------------------------------ callers --- */

enum authz_role { R_ANON, R_CUST_A, R_CUST_B, R_AGENT, R_MANAGER, R_ADMIN, R_COUNT };

static const char *const ROLE_NAMES[R_COUNT] = {
	"anonymous", "customer A", "customer B", "agent", "manager", "admin",
};

/* The fixture's data and accounts. */
struct authz_fixture {
	int64_t cust_a, cust_b;         /* the two customers */
	int64_t team_t, team_u;         /* the agent's team, another team */
	int64_t case_a, case_b;         /* a case of each (team T) */
	int64_t case_a_u;               /* a case of A in team U */
	int64_t sub_a, sub_b;           /* a subscription of each */
	int64_t survey_a, survey_b;     /* an unanswered survey of each */
	char token_a[APP_TOKEN_LEN + 1]; /* survey_a's link token */
	int64_t followup_a, followup_b; /* a follow-up task of each */
	int64_t org;                    /* an organisation */
	int64_t facility;               /* a branch */
	int64_t calendar;               /* a calendar with a holiday */
	int64_t policy;                 /* an SLA policy */
	int64_t attachment_a;           /* a file on case_a (received by mail) */
	int64_t integration;            /* a telephone system's integration */
	int64_t call_a;                 /* a call it reported (ringing) */
	char cti_token[APP_TOKEN_LEN + 1]; /* the integration's token */
	int64_t widget;                 /* a chat widget */
	char widget_key[LD_CHAT_KEY_LEN + 1]; /* its public key */
	int64_t chat_a;                 /* a chat begun through it */
	char chat_token[APP_TOKEN_LEN + 1]; /* that chat's visitor token */
	int64_t webhook;                /* an endpoint taking every event */
	int64_t claim_a, compliment_a;  /* customer A's claim and compliment */
	char data_dir[64];              /* where its bytes are */
	int64_t account[R_COUNT];       /* each column's account id (0 for nobody) */
	char email[R_COUNT][64];        /* each column's login */
	char token[R_COUNT][APP_TOKEN_LEN + 1]; /* each column's session */
	int serial;                     /* {n}: one per expanded cell */
	int rule_serial;                /* survey rules made: their (category, channel) */
};

static struct authz_fixture AZ;

/* {missing}: an id no object has. */
#define AUTHZ_MISSING_ID 999999

/* ------------------------------------------------------------- the rows --- */

#define OWN 1u           /* customer columns: every item is the caller's */
#define SOME 2u          /* and there is at least one */
#define FRESH_SESSION 4u /* a session of its own for the cell */
#define FRESH_ACCOUNT 8u /* an account of its own for the cell ({me}) */
#define AGENT_SEES_ALL 16u /* the agent's list holds team U's case */
#define NO_INTERNAL 32u  /* interactions: customers get no internal row, staff do */
#define NO_NOTES 64u     /* a customer record: customers get notes null, staff the notes */

struct authz_row {
	const char *method;      /* as in the route table */
	const char *pattern;     /* the table's pattern, or "/survey/{key}" */
	const char *target;      /* request target, with placeholders */
	const char *body;        /* JSON body with placeholders, NULL = none */
	int expect[R_COUNT];     /* status per column (enum authz_role order) */
	unsigned flags;          /* OWN, SOME, FRESH_* */
};

/* Expected statuses: nobody, customer A, customer B, agent, manager, admin. */
#define E(anon, a, b, agent, manager, admin) { anon, a, b, agent, manager, admin }

#define CASE_BODY "{\"customer_id\":{cust_a},\"subject\":\"Wrong invoice {n}\",\"channel\":\"email\"," \
		  "\"body\":\"My invoice is wrong.\"}"
#define CASE_BODY_PRIORITY "{\"customer_id\":{cust_a},\"subject\":\"Urgent {n}\",\"channel\":\"email\"," \
			   "\"priority\":\"high\"}"
#define PAGE "/survey/{key}"

static const struct authz_row AUTHZ_ROWS[] = {
	{"GET", "health", "/api/v1/health", NULL, E(200, 200, 200, 200, 200, 200), 0},
	{"POST", "sessions", "/api/v1/sessions", "{\"email\":\"agent@example.com\",\"password\":\"" FX_PASSWORD "\"}",
	 E(201, 201, 201, 201, 201, 201), 0},
	{"GET", "sessions/current", "/api/v1/sessions/current", NULL, E(401, 200, 200, 200, 200, 200), 0},
	{"DELETE", "sessions/current", "/api/v1/sessions/current", NULL, E(401, 204, 204, 204, 204, 204), FRESH_SESSION},

	{"POST", "organizations", "/api/v1/organizations", "{\"name\":\"Org {n}\"}", E(401, 403, 403, 201, 201, 201), 0},
	{"GET", "organizations", "/api/v1/organizations", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "organizations/{id}", "/api/v1/organizations/{org}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "organizations/{id}", "/api/v1/organizations/{fresh_org}", "{\"name\":\"Org {n}\"}", E(401, 403, 403, 200, 200, 200), 0},

	{"POST", "customers", "/api/v1/customers", "{\"name\":\"Customer {n}\",\"email\":\"c{n}@example.com\"}", E(401, 403, 403, 201, 201, 201), 0},
	{"GET", "customers", "/api/v1/customers", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "customers", "/api/v1/customers?order=risk", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "customers/{id}", "/api/v1/customers/{cust_a}", NULL, E(401, 200, 404, 200, 200, 200), NO_NOTES},
	{"PATCH", "customers/{id}", "/api/v1/customers/{cust_a}", "{\"notes\":\"VIP\"}", E(401, 403, 404, 200, 200, 200), 0},
	{"PATCH", "customers/{id}", "/api/v1/customers/{missing}", "{\"notes\":\"VIP\"}", E(401, 404, 404, 404, 404, 404), 0},
	{"GET", "customers/{id}/timeline", "/api/v1/customers/{cust_a}/timeline", NULL, E(401, 200, 404, 200, 200, 200), OWN | SOME | NO_INTERNAL},
	{"GET", "customers/{id}/loyalty", "/api/v1/customers/{cust_a}/loyalty", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "customers/{id}/export", "/api/v1/customers/{cust_a}/export", NULL, E(401, 403, 403, 403, 403, 200), 0},
	{"POST", "customers/{id}/erase", "/api/v1/customers/{fresh_customer}/erase", "{\"reason\":\"request of the person\"}", E(401, 403, 403, 403, 403, 200), 0},

	{"POST", "teams", "/api/v1/teams", "{\"name\":\"Team {n}\",\"kind\":\"queue\"}", E(401, 403, 403, 403, 201, 201), 0},
	{"GET", "teams", "/api/v1/teams", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "teams/{id}", "/api/v1/teams/{team_t}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "teams/{id}", "/api/v1/teams/{fresh_team}", "{\"name\":\"Team {n}\"}", E(401, 403, 403, 403, 200, 200), 0},

	{"POST", "agents", "/api/v1/agents", "{\"name\":\"Agent {n}\",\"email\":\"a{n}@example.com\",\"role\":\"agent\"}", E(401, 403, 403, 403, 201, 201), 0},
	{"POST", "agents", "/api/v1/agents", "{\"name\":\"Admin {n}\",\"email\":\"a{n}@example.com\",\"role\":\"admin\"}", E(401, 403, 403, 403, 403, 201), 0},
	{"GET", "agents", "/api/v1/agents", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "agents/{id}", "/api/v1/agents/{agent}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "agents/{id}", "/api/v1/agents/{me}", NULL, E(401, 200, 200, 200, 200, 200), 0},
	{"PATCH", "agents/{id}", "/api/v1/agents/{fresh_agent}", "{\"skills\":\"billing\"}", E(401, 403, 403, 403, 200, 200), 0},
	{"PATCH", "agents/{id}", "/api/v1/agents/{fresh_admin}", "{\"skills\":\"billing\"}", E(401, 403, 403, 403, 403, 200), 0},
	{"PUT", "agents/{id}/password", "/api/v1/agents/{fresh_agent}/password", "{\"password\":\"another horse battery\"}", E(401, 403, 403, 403, 204, 204), 0},
	{"PUT", "agents/{id}/password", "/api/v1/agents/{me}/password",
	 "{\"password\":\"another horse battery\",\"current_password\":\"" FX_PASSWORD "\"}", E(401, 204, 204, 204, 204, 204), FRESH_ACCOUNT},
	{"PUT", "agents/{id}/password", "/api/v1/agents/{fresh_admin}/password", "{\"password\":\"another horse battery\"}", E(401, 403, 403, 403, 403, 204), 0},
	{"PUT", "agents/{id}/password", "/api/v1/agents/{missing}/password", "{\"password\":\"another horse battery\"}", E(401, 404, 404, 404, 404, 404), 0},

	{"POST", "facilities", "/api/v1/facilities", "{\"name\":\"Branch {n}\"}", E(401, 403, 403, 403, 201, 201), 0},
	{"GET", "facilities", "/api/v1/facilities", NULL, E(401, 200, 200, 200, 200, 200), 0},
	{"GET", "facilities/{id}", "/api/v1/facilities/{facility}", NULL, E(401, 200, 200, 200, 200, 200), 0},
	{"PATCH", "facilities/{id}", "/api/v1/facilities/{fresh_facility}", "{\"name\":\"Branch {n}\"}", E(401, 403, 403, 403, 200, 200), 0},

	{"POST", "cases", "/api/v1/cases", CASE_BODY, E(401, 201, 404, 201, 201, 201), 0},
	{"POST", "cases", "/api/v1/cases", CASE_BODY_PRIORITY, E(401, 403, 404, 201, 201, 201), 0},
	{"GET", "cases", "/api/v1/cases", NULL, E(401, 200, 200, 200, 200, 200), OWN | SOME | AGENT_SEES_ALL},
	{"GET", "cases", "/api/v1/cases?customer_id={cust_a}", NULL, E(401, 200, 200, 200, 200, 200), OWN},
	{"GET", "cases/{id}", "/api/v1/cases/{case_a}", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"GET", "cases/{id}", "/api/v1/cases/{case_a_u}", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"GET", "cases/{id}", "/api/v1/cases/{missing}", NULL, E(401, 404, 404, 404, 404, 404), 0},
	{"PATCH", "cases/{id}", "/api/v1/cases/{fresh_case_a}", "{\"subject\":\"Invoice {n}\"}", E(401, 403, 403, 200, 200, 200), 0},
	{"POST", "cases/{id}/interactions", "/api/v1/cases/{fresh_case_a}/interactions",
	 "{\"channel\":\"email\",\"body\":\"One more thing.\"}", E(401, 201, 404, 201, 201, 201), 0},
	{"POST", "cases/{id}/interactions", "/api/v1/cases/{fresh_case_a}/interactions",
	 "{\"channel\":\"email\",\"direction\":\"out\",\"body\":\"We fixed it.\"}", E(401, 403, 404, 201, 201, 201), 0},
	{"GET", "cases/{id}/interactions", "/api/v1/cases/{case_a}/interactions", NULL, E(401, 200, 404, 200, 200, 200), OWN | SOME | NO_INTERNAL},
	{"POST", "cases/{id}/transfer", "/api/v1/cases/{fresh_case_a}/transfer", "{\"to_team_id\":{team_u}}", E(401, 403, 403, 200, 200, 200), 0},
	{"POST", "cases/{id}/merge", "/api/v1/cases/{fresh_case_a}/merge", "{\"into_id\":{fresh_case_a2}}", E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "cases/{id}/attachments", "/api/v1/cases/{case_a}/attachments", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"GET", "cases/{id}/attachments", "/api/v1/cases/{missing}/attachments", NULL, E(401, 404, 404, 404, 404, 404), 0},
	{"GET", "attachments/{id}", "/api/v1/attachments/{attachment_a}", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"GET", "attachments/{id}", "/api/v1/attachments/{missing}", NULL, E(401, 404, 404, 404, 404, 404), 0},

	{"POST", "subscriptions", "/api/v1/subscriptions",
	 "{\"customer_id\":{cust_a},\"product\":\"Plan {n}\",\"period\":\"yearly\",\"renews_at\":\"2027-06-01T00:00:00Z\"}",
	 E(401, 403, 403, 201, 201, 201), 0},
	{"GET", "subscriptions", "/api/v1/subscriptions", NULL, E(401, 200, 200, 200, 200, 200), OWN | SOME},
	{"GET", "subscriptions", "/api/v1/subscriptions?customer_id={cust_a}", NULL, E(401, 200, 200, 200, 200, 200), OWN},
	{"GET", "subscriptions/{id}", "/api/v1/subscriptions/{sub_a}", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"PATCH", "subscriptions/{id}", "/api/v1/subscriptions/{fresh_sub_a}", "{\"product\":\"Plan {n}\"}", E(401, 403, 404, 200, 200, 200), 0},

	{"GET", "reports/effort", "/api/v1/reports/effort", NULL, E(401, 403, 403, 403, 200, 200), 0},
	{"GET", "reports/nps", "/api/v1/reports/nps", NULL, E(401, 403, 403, 403, 200, 200), 0},
	{"GET", "reports/csat", "/api/v1/reports/csat", NULL, E(401, 403, 403, 403, 200, 200), 0},
	{"GET", "reports/ces", "/api/v1/reports/ces", NULL, E(401, 403, 403, 403, 200, 200), 0},
	{"GET", "reports/servqual", "/api/v1/reports/servqual", NULL, E(401, 403, 403, 403, 200, 200), 0},
	{"GET", "reports/loyalty", "/api/v1/reports/loyalty", NULL, E(401, 403, 403, 403, 200, 200), 0},

	{"POST", "surveys", "/api/v1/surveys", "{\"kind\":\"csat\",\"customer_id\":{cust_a}}", E(401, 403, 403, 201, 201, 201), 0},
	{"GET", "surveys", "/api/v1/surveys", NULL, E(401, 200, 200, 200, 200, 200), OWN | SOME},
	{"GET", "surveys", "/api/v1/surveys?customer_id={cust_a}", NULL, E(401, 200, 200, 200, 200, 200), OWN},
	{"GET", "surveys/{id}", "/api/v1/surveys/{survey_a}", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"GET", "surveys/by-token/{key}", "/api/v1/surveys/by-token/{token_a}", NULL, E(200, 200, 403, 200, 200, 200), 0},
	{"POST", "surveys/by-token/{key}", "/api/v1/surveys/by-token/{fresh_token_a}", "{\"score\":4}", E(200, 200, 403, 200, 200, 200), 0},
	{"GET", PAGE, "/survey/{token_a}", NULL, E(200, 200, 403, 200, 200, 200), 0},
	{"POST", PAGE, "/survey/{fresh_token_a}", "score=4", E(200, 200, 403, 200, 200, 200), 0},
	{"POST", "survey-rules", "/api/v1/survey-rules", "{\"kind\":\"csat\",\"category\":\"{rule_category}\",\"channel\":\"{rule_channel}\"}",
	 E(401, 403, 403, 403, 201, 201), 0},
	{"GET", "survey-rules", "/api/v1/survey-rules", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"DELETE", "survey-rules/{id}", "/api/v1/survey-rules/{fresh_rule}", NULL, E(401, 403, 403, 403, 204, 204), 0},
	{"GET", "outbox", "/api/v1/outbox", NULL, E(401, 403, 403, 403, 200, 200), 0},
	{"POST", "outbox/{id}/sent", "/api/v1/outbox/{fresh_message}/sent", "{}", E(401, 403, 403, 403, 200, 200), 0},
	/* A message that did not fail: the roles that may retry get 409. */
	{"POST", "outbox/{id}/retry", "/api/v1/outbox/{fresh_message}/retry", "{}", E(401, 403, 403, 403, 409, 409), 0},
	{"GET", "followups", "/api/v1/followups", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "followups/{id}", "/api/v1/followups/{followup_a}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "followups/{id}", "/api/v1/followups/{fresh_followup_a}", "{\"status\":\"done\",\"note\":\"Called back.\"}",
	 E(401, 403, 403, 200, 200, 200), 0},

	{"POST", "calendars", "/api/v1/calendars", "{\"name\":\"Hours {n}\",\"tz\":\"Europe/Prague\",\"hours\":\"mon-fri 08:00-17:00\"}",
	 E(401, 403, 403, 403, 201, 201), 0},
	{"GET", "calendars", "/api/v1/calendars", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "calendars/{id}", "/api/v1/calendars/{calendar}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "calendars/{id}", "/api/v1/calendars/{fresh_calendar}", "{\"hours\":\"mon-fri 09:00-17:00\"}", E(401, 403, 403, 403, 200, 200), 0},
	{"POST", "calendars/{id}/holidays", "/api/v1/calendars/{fresh_calendar}/holidays", "{\"date\":\"2026-12-24\",\"name\":\"Christmas Eve\"}",
	 E(401, 403, 403, 403, 201, 201), 0},
	{"GET", "calendars/{id}/holidays", "/api/v1/calendars/{calendar}/holidays", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"DELETE", "calendars/{id}/holidays/{key}", "/api/v1/calendars/{fresh_calendar}/holidays/2026-12-25", NULL, E(401, 403, 403, 403, 204, 204), 0},
	{"POST", "sla-policies", "/api/v1/sla-policies", "{\"name\":\"Policy {n}\",\"priority\":\"urgent\",\"category\":\"compliment\",\"first_response_s\":3600}",
	 E(401, 403, 403, 403, 201, 201), 0},
	{"GET", "sla-policies", "/api/v1/sla-policies", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "sla-policies/{id}", "/api/v1/sla-policies/{policy}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "sla-policies/{id}", "/api/v1/sla-policies/{fresh_policy}", "{\"first_response_s\":7200}", E(401, 403, 403, 403, 200, 200), 0},
	{"DELETE", "sla-policies/{id}", "/api/v1/sla-policies/{fresh_policy}", NULL, E(401, 403, 403, 403, 204, 204), 0},

	/* Public: every caller gets the same answer, known address or not. */
	{"POST", "portal/links", "/api/v1/portal/links", "{\"email\":\"nobody{n}@example.com\"}",
	 E(202, 202, 202, 202, 202, 202), 0},
	{"POST", "portal/sessions", "/api/v1/portal/sessions", "{\"token\":\"{missing}\"}",
	 E(401, 401, 401, 401, 401, 401), 0},
	/* A session is no integration: every account's token is refused here. */
	{"POST", "calls", "/api/v1/calls", "{\"event\":\"ringing\",\"call_id\":\"authz-{n}\",\"caller\":\"+420603000111\"}",
	 E(401, 401, 401, 401, 401, 401), 0},
	{"GET", "calls", "/api/v1/calls", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "calls/{id}", "/api/v1/calls/{call_a}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "calls/{id}", "/api/v1/calls/{fresh_call}", "{\"case_id\":{case_a}}", E(401, 403, 403, 200, 200, 200), 0},
	{"POST", "integrations", "/api/v1/integrations", "{\"name\":\"PBX {n}\",\"kind\":\"cti\"}",
	 E(401, 403, 403, 403, 403, 201), 0},
	{"GET", "integrations", "/api/v1/integrations", NULL, E(401, 403, 403, 403, 403, 200), 0},
	{"GET", "integrations/{id}", "/api/v1/integrations/{integration}", NULL, E(401, 403, 403, 403, 403, 200), 0},
	{"POST", "integrations/{id}/revoke", "/api/v1/integrations/{fresh_integration}/revoke", "{}",
	 E(401, 403, 403, 403, 403, 200), 0},

	/* Chats: the visitor's side is public, by the chat's token in the path
	 * (an account's bearer token changes nothing there); the agent's side
	 * is the staff's; widgets are the admins'. */
	{"POST", "chats", "/api/v1/chats", "{\"widget\":\"{widget_key}\",\"message\":\"Hi {n}\"}",
	 E(201, 201, 201, 201, 201, 201), 0},
	{"GET", "chats", "/api/v1/chats", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "chats/events", "/api/v1/chats/events", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "chats/{id}", "/api/v1/chats/{chat_a}", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"PATCH", "chats/{id}", "/api/v1/chats/{fresh_chat}", "{\"case_id\":{case_a}}",
	 E(401, 403, 403, 200, 200, 200), 0},
	{"POST", "chats/{id}/accept", "/api/v1/chats/{fresh_chat}/accept", "{}",
	 E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "chats/{id}/messages", "/api/v1/chats/{chat_a}/messages", NULL,
	 E(401, 403, 403, 200, 200, 200), 0},
	{"POST", "chats/{id}/messages", "/api/v1/chats/{fresh_chat}/messages", "{\"body\":\"On it.\"}",
	 E(401, 403, 403, 201, 201, 201), 0},
	{"GET", "chats/{id}/events", "/api/v1/chats/{chat_a}/events", NULL,
	 E(401, 403, 403, 200, 200, 200), 0},
	{"POST", "chats/{id}/close", "/api/v1/chats/{fresh_chat}/close", "{}",
	 E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "chat/{key}", "/api/v1/chat/{chat_token}", NULL, E(200, 200, 200, 200, 200, 200), 0},
	{"GET", "chat/{key}/messages", "/api/v1/chat/{chat_token}/messages", NULL,
	 E(200, 200, 200, 200, 200, 200), 0},
	{"POST", "chat/{key}/messages", "/api/v1/chat/{fresh_chat_token}/messages",
	 "{\"body\":\"Still there?\"}", E(201, 201, 201, 201, 201, 201), 0},
	{"GET", "chat/{key}/events", "/api/v1/chat/{chat_token}/events", NULL,
	 E(200, 200, 200, 200, 200, 200), 0},
	{"POST", "chat/{key}/close", "/api/v1/chat/{fresh_chat_token}/close", "{}",
	 E(200, 200, 200, 200, 200, 200), 0},
	{"POST", "chat-widgets", "/api/v1/chat-widgets", "{\"name\":\"Widget {n}\"}",
	 E(401, 403, 403, 403, 403, 201), 0},
	{"GET", "chat-widgets", "/api/v1/chat-widgets", NULL, E(401, 403, 403, 403, 403, 200), 0},
	{"GET", "chat-widgets/{id}", "/api/v1/chat-widgets/{widget}", NULL,
	 E(401, 403, 403, 403, 403, 200), 0},
	{"PATCH", "chat-widgets/{id}", "/api/v1/chat-widgets/{widget}", "{\"bot\":true}",
	 E(401, 403, 403, 403, 403, 200), 0},

	{"POST", "webhooks", "/api/v1/webhooks", "{\"url\":\"https://hooks.example/{n}\",\"events\":[\"case.created\"]}",
	 E(401, 403, 403, 403, 403, 201), 0},
	{"GET", "webhooks", "/api/v1/webhooks", NULL, E(401, 403, 403, 403, 403, 200), 0},
	{"GET", "webhooks/{id}", "/api/v1/webhooks/{webhook}", NULL, E(401, 403, 403, 403, 403, 200), 0},
	{"PATCH", "webhooks/{id}", "/api/v1/webhooks/{fresh_webhook}", "{\"active\":false}",
	 E(401, 403, 403, 403, 403, 200), 0},
	{"DELETE", "webhooks/{id}", "/api/v1/webhooks/{fresh_webhook}", NULL, E(401, 403, 403, 403, 403, 204), 0},
	{"GET", "webhooks/{id}/deliveries", "/api/v1/webhooks/{webhook}/deliveries", NULL,
	 E(401, 403, 403, 403, 403, 200), 0},
	{"POST", "webhooks/{id}/ping", "/api/v1/webhooks/{fresh_webhook}/ping", "{}", E(401, 403, 403, 403, 403, 202), 0},

	{"GET", "facilities/{id}/summary", "/api/v1/facilities/{facility}/summary?from=2026-01-01", NULL,
	 E(401, 403, 403, 403, 200, 200), 0},

	/* Filed for customer A: by A (the portal) and by staff; B does not know
	 * A; without a session it is the public form, which files for the
	 * address it gives, never for a customer id. */
	{"POST", "claims", "/api/v1/claims",
	 "{\"customer_id\":{cust_a},\"subject\":\"Rude {n}\",\"text\":\"He hung up.\",\"team_id\":{team_t}}",
	 E(403, 201, 404, 201, 201, 201), 0},
	{"GET", "claims", "/api/v1/claims", NULL, E(401, 200, 200, 200, 200, 200), OWN},
	{"GET", "claims/{id}", "/api/v1/claims/{claim_a}", NULL, E(401, 200, 404, 200, 200, 200), 0},
	{"PATCH", "claims/{id}", "/api/v1/claims/{claim_a}", "{\"facility_id\":{facility}}",
	 E(401, 403, 403, 403, 200, 200), 0},
	{"POST", "compliments", "/api/v1/compliments",
	 "{\"customer_id\":{cust_a},\"subject\":\"Thanks {n}\",\"text\":\"Quick help.\",\"agent_id\":{agent}}",
	 E(403, 201, 404, 201, 201, 201), 0},
	{"GET", "compliments", "/api/v1/compliments", NULL, E(401, 200, 200, 200, 200, 200), OWN},
	{"GET", "compliments/{id}", "/api/v1/compliments/{compliment_a}", NULL,
	 E(401, 200, 404, 200, 200, 200), 0},
	{"PATCH", "compliments/{id}", "/api/v1/compliments/{compliment_a}", "{\"team_id\":{team_u}}",
	 E(401, 403, 403, 403, 200, 200), 0},
	{"GET", "reports/feedback", "/api/v1/reports/feedback?by=agent", NULL,
	 E(401, 403, 403, 403, 200, 200), 0},

	{"GET", "renewals/calendar", "/api/v1/renewals/calendar", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "renewals/outreach", "/api/v1/renewals/outreach", NULL, E(401, 403, 403, 200, 200, 200), 0},
	{"GET", "audit", "/api/v1/audit", NULL, E(401, 403, 403, 403, 403, 200), 0},
};

#define AUTHZ_ROWS_LEN (sizeof AUTHZ_ROWS / sizeof AUTHZ_ROWS[0])

/* ------------------------------------------------------- fresh objects --- */

/* POSTs `body` as the admin and returns the new object's id (member `id`). */
static int64_t admin_create(const char *path, const char *body)
{
	json_t *j = fx_expect("POST", path, AZ.token[R_ADMIN], body, 201);
	int64_t id = fx_int(j, "id");

	json_decref(j);
	return id;
}

static int64_t make_case(int64_t customer_id, int64_t team_id, const char *subject)
{
	char body[320];

	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"team_id\":%lld,\"subject\":\"%s\",\"channel\":\"email\","
		 "\"body\":\"Hello, my invoice is wrong.\"}",
		 (long long)customer_id, (long long)team_id, subject);
	return admin_create("/api/v1/cases", body);
}

static int64_t make_subscription(int64_t customer_id)
{
	char body[200];

	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"product\":\"Gold\",\"period\":\"monthly\","
		 "\"renews_at\":\"2026-12-24T00:00:00Z\"}",
		 (long long)customer_id);
	return admin_create("/api/v1/subscriptions", body);
}

/* Sends a CSAT survey to `customer_id`; copies its token; [out] its outbox message. */
static int64_t make_survey(int64_t customer_id, char token[APP_TOKEN_LEN + 1], int64_t *message_id)
{
	char body[96];
	json_t *j;
	int64_t id;

	snprintf(body, sizeof body, "{\"kind\":\"csat\",\"customer_id\":%lld}", (long long)customer_id);
	j = fx_expect("POST", "/api/v1/surveys", AZ.token[R_ADMIN], body, 201);
	id = fx_int(j, "id");
	memcpy(token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	if (message_id != NULL)
		*message_id = fx_int(j, "message_id");
	json_decref(j);
	return id;
}

/* A follow-up task of `customer_id`: a survey answered with the lowest score. */
static int64_t make_followup(int64_t customer_id)
{
	char token[APP_TOKEN_LEN + 1], target[128];
	json_t *j, *items;
	int64_t id = 0;

	make_survey(customer_id, token, NULL);
	snprintf(target, sizeof target, "/api/v1/surveys/by-token/%s", token);
	json_decref(fx_expect("POST", target, NULL, "{\"score\":1}", 200));
	snprintf(target, sizeof target, "/api/v1/followups?customer_id=%lld&limit=200",
		 (long long)customer_id);
	j = fx_expect("GET", target, AZ.token[R_ADMIN], NULL, 200);
	items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (fx_int(json_array_get(items, i), "id") > id)
			id = fx_int(json_array_get(items, i), "id");
	json_decref(j);
	assert_true(id > 0);
	return id;
}

static int64_t make_calendar(int n)
{
	char body[160];
	int64_t id;

	snprintf(body, sizeof body,
		 "{\"name\":\"Calendar %d\",\"tz\":\"Europe/Prague\",\"hours\":\"mon-fri 08:00-17:00\"}", n);
	id = admin_create("/api/v1/calendars", body);
	snprintf(body, sizeof body, "/api/v1/calendars/%lld/holidays", (long long)id);
	json_decref(fx_expect("POST", body, AZ.token[R_ADMIN],
			      "{\"date\":\"2026-12-25\",\"name\":\"Christmas Day\"}", 201));
	return id;
}

static int64_t make_policy(int n)
{
	char body[200];

	snprintf(body, sizeof body,
		 "{\"name\":\"Policy fresh %d\",\"priority\":\"urgent\",\"category\":\"compliment\","
		 "\"resolution_s\":86400}",
		 n);
	return admin_create("/api/v1/sla-policies", body);
}

/* The (category, channel) pair of the next survey rule: each pair is unique. */
static const char *const RULE_CATEGORIES[] = {"question", "request", "problem", "complaint", "compliment"};
static const char *const RULE_CHANNELS[] = {"email", "phone", "chat", "web", "visit", "social", "bot"};

static int64_t make_rule(int serial)
{
	char body[160];

	snprintf(body, sizeof body, "{\"kind\":\"nps\",\"category\":\"%s\",\"channel\":\"%s\"}",
		 RULE_CATEGORIES[serial % 5], RULE_CHANNELS[(serial / 5) % 7]);
	return admin_create("/api/v1/survey-rules", body);
}

/* A new account "account<n>@example.com" of `role` (created over the API by the admin). */
static int64_t make_account(const char *role, int n, int64_t customer_id, int64_t team_id,
			    bool with_password)
{
	char body[320], link[48] = "", team[32] = "", pw[64] = "";

	if (customer_id != 0)
		snprintf(link, sizeof link, ",\"customer_id\":%lld", (long long)customer_id);
	if (team_id != 0)
		snprintf(team, sizeof team, ",\"team_id\":%lld", (long long)team_id);
	if (with_password)
		snprintf(pw, sizeof pw, ",\"password\":\"%s\"", FX_PASSWORD);
	snprintf(body, sizeof body,
		 "{\"name\":\"Account %d\",\"email\":\"account%d@example.com\",\"role\":\"%s\"%s%s%s}",
		 n, n, role, link, team, pw);
	return admin_create("/api/v1/agents", body);
}

static const char *const ROLE_OF[R_COUNT] = {
	NULL, "customer", "customer", "agent", "manager", "admin",
};

/* ------------------------------------------------------------- a cell --- */

/* What one cell has made and resolved so far (a placeholder named twice is one object). */
struct cell {
	enum authz_role role;           /* the column */
	int n;                          /* {n} */
	int64_t me;                     /* {me}: the acting account */
	int64_t fresh_case_a, fresh_case_a2, fresh_sub_a, fresh_followup_a, fresh_org;
	int64_t fresh_customer;         /* a customer of nobody's portal account */
	int64_t fresh_team, fresh_agent, fresh_admin, fresh_facility, fresh_calendar;
	int64_t fresh_policy, fresh_rule, fresh_message, fresh_integration, fresh_webhook, fresh_call;
	char fresh_token_a[APP_TOKEN_LEN + 1];
	int64_t fresh_chat;             /* a chat of this cell's own … */
	char fresh_chat_token[APP_TOKEN_LEN + 1]; /* … and its visitor token */
	int rule_serial;                /* {rule_category}/{rule_channel} of this cell, -1 = none */
};

/* Expands `name` (without braces) into `out`; fails the test for an unknown one. */
static void resolve(struct cell *c, const char *name, char *out, size_t cap)
{
#define ID(v) snprintf(out, cap, "%lld", (long long)(v))
#define FRESH(field, make) do { if (c->field == 0) c->field = (make); ID(c->field); } while (0)
	if (strcmp(name, "n") == 0)
		snprintf(out, cap, "%d", c->n);
	else if (strcmp(name, "me") == 0)
		ID(c->me);
	else if (strcmp(name, "missing") == 0)
		ID(AUTHZ_MISSING_ID);
	else if (strcmp(name, "cust_a") == 0)
		ID(AZ.cust_a);
	else if (strcmp(name, "team_t") == 0)
		ID(AZ.team_t);
	else if (strcmp(name, "team_u") == 0)
		ID(AZ.team_u);
	else if (strcmp(name, "case_a") == 0)
		ID(AZ.case_a);
	else if (strcmp(name, "attachment_a") == 0)
		ID(AZ.attachment_a);
	else if (strcmp(name, "case_a_u") == 0)
		ID(AZ.case_a_u);
	else if (strcmp(name, "sub_a") == 0)
		ID(AZ.sub_a);
	else if (strcmp(name, "survey_a") == 0)
		ID(AZ.survey_a);
	else if (strcmp(name, "token_a") == 0)
		snprintf(out, cap, "%s", AZ.token_a);
	else if (strcmp(name, "followup_a") == 0)
		ID(AZ.followup_a);
	else if (strcmp(name, "org") == 0)
		ID(AZ.org);
	else if (strcmp(name, "facility") == 0)
		ID(AZ.facility);
	else if (strcmp(name, "calendar") == 0)
		ID(AZ.calendar);
	else if (strcmp(name, "policy") == 0)
		ID(AZ.policy);
	else if (strcmp(name, "integration") == 0)
		ID(AZ.integration);
	else if (strcmp(name, "call_a") == 0)
		ID(AZ.call_a);
	else if (strcmp(name, "webhook") == 0)
		ID(AZ.webhook);
	else if (strcmp(name, "widget") == 0)
		ID(AZ.widget);
	else if (strcmp(name, "claim_a") == 0)
		ID(AZ.claim_a);
	else if (strcmp(name, "compliment_a") == 0)
		ID(AZ.compliment_a);
	else if (strcmp(name, "widget_key") == 0)
		snprintf(out, cap, "%s", AZ.widget_key);
	else if (strcmp(name, "chat_a") == 0)
		ID(AZ.chat_a);
	else if (strcmp(name, "chat_token") == 0)
		snprintf(out, cap, "%s", AZ.chat_token);
	else if (strcmp(name, "agent") == 0)
		ID(AZ.account[R_AGENT]);
	else if (strcmp(name, "fresh_case_a") == 0)
		FRESH(fresh_case_a, make_case(AZ.cust_a, AZ.team_t, "Fresh case"));
	else if (strcmp(name, "fresh_case_a2") == 0)
		FRESH(fresh_case_a2, make_case(AZ.cust_a, AZ.team_t, "Fresh case, again"));
	else if (strcmp(name, "fresh_sub_a") == 0)
		FRESH(fresh_sub_a, make_subscription(AZ.cust_a));
	else if (strcmp(name, "fresh_followup_a") == 0)
		FRESH(fresh_followup_a, make_followup(AZ.cust_a));
	else if (strcmp(name, "fresh_customer") == 0) {
		char body[96];

		snprintf(body, sizeof body,
			 "{\"name\":\"Customer fresh %d\",\"email\":\"fresh%d@example.com\"}", c->n, c->n);
		FRESH(fresh_customer, admin_create("/api/v1/customers", body));
	} else if (strcmp(name, "fresh_org") == 0) {
		char body[64];

		snprintf(body, sizeof body, "{\"name\":\"Org fresh %d\"}", c->n);
		FRESH(fresh_org, admin_create("/api/v1/organizations", body));
	} else if (strcmp(name, "fresh_team") == 0) {
		char body[64];

		snprintf(body, sizeof body, "{\"name\":\"Team fresh %d\"}", c->n);
		FRESH(fresh_team, admin_create("/api/v1/teams", body));
	} else if (strcmp(name, "fresh_facility") == 0) {
		char body[64];

		snprintf(body, sizeof body, "{\"name\":\"Branch fresh %d\"}", c->n);
		FRESH(fresh_facility, admin_create("/api/v1/facilities", body));
	} else if (strcmp(name, "fresh_integration") == 0) {
		char body[96];

		snprintf(body, sizeof body, "{\"name\":\"PBX fresh %d\",\"kind\":\"cti\"}", c->n);
		FRESH(fresh_integration, admin_create("/api/v1/integrations", body));
	} else if (strcmp(name, "fresh_call") == 0) {
		if (c->fresh_call == 0) {
			char body[128];
			json_t *j;

			snprintf(body, sizeof body,
				 "{\"event\":\"ringing\",\"call_id\":\"fresh.%d\",\"caller\":\"+420603000999\"}",
				 c->n);
			j = fx_expect("POST", "/api/v1/calls", AZ.cti_token, body, 201);
			c->fresh_call = fx_int(json_object_get(j, "call"), "id");
			json_decref(j);
		}
		ID(c->fresh_call);
	} else if (strcmp(name, "fresh_chat") == 0 || strcmp(name, "fresh_chat_token") == 0) {
		if (c->fresh_chat == 0) {
			char body[160];
			json_t *j;

			snprintf(body, sizeof body, "{\"widget\":\"%s\",\"message\":\"Hello %d\"}",
				 AZ.widget_key, c->n);
			j = fx_expect("POST", "/api/v1/chats", NULL, body, 201);
			c->fresh_chat = fx_int(json_object_get(j, "chat"), "id");
			snprintf(c->fresh_chat_token, sizeof c->fresh_chat_token, "%s",
				 fx_str(j, "token"));
			json_decref(j);
		}
		if (strcmp(name, "fresh_chat") == 0)
			ID(c->fresh_chat);
		else
			snprintf(out, cap, "%s", c->fresh_chat_token);
	} else if (strcmp(name, "fresh_webhook") == 0) {
		char body[128];

		snprintf(body, sizeof body,
			 "{\"url\":\"https://hooks.example/fresh/%d\",\"events\":[\"case.created\"]}", c->n);
		FRESH(fresh_webhook, admin_create("/api/v1/webhooks", body));
	} else if (strcmp(name, "fresh_agent") == 0)
		FRESH(fresh_agent, make_account("agent", 100000 + c->n, 0, AZ.team_t, false));
	else if (strcmp(name, "fresh_admin") == 0)
		FRESH(fresh_admin, make_account("admin", 100000 + c->n, 0, 0, false));
	else if (strcmp(name, "fresh_calendar") == 0)
		FRESH(fresh_calendar, make_calendar(c->n));
	else if (strcmp(name, "fresh_policy") == 0)
		FRESH(fresh_policy, make_policy(c->n));
	else if (strcmp(name, "fresh_rule") == 0)
		FRESH(fresh_rule, make_rule(AZ.rule_serial++));
	else if (strcmp(name, "fresh_message") == 0) {
		char token[APP_TOKEN_LEN + 1];

		if (c->fresh_message == 0)
			make_survey(AZ.cust_a, token, &c->fresh_message);
		ID(c->fresh_message);
	} else if (strcmp(name, "fresh_token_a") == 0) {
		if (c->fresh_token_a[0] == '\0')
			make_survey(AZ.cust_a, c->fresh_token_a, NULL);
		snprintf(out, cap, "%s", c->fresh_token_a);
	} else if (strcmp(name, "rule_category") == 0 || strcmp(name, "rule_channel") == 0) {
		if (c->rule_serial < 0)
			c->rule_serial = AZ.rule_serial++;
		snprintf(out, cap, "%s",
			 name[5] == 'c' && name[6] == 'a' ? RULE_CATEGORIES[c->rule_serial % 5]
							  : RULE_CHANNELS[(c->rule_serial / 5) % 7]);
	} else
		fail_msg("unknown placeholder {%s}", name);
#undef FRESH
#undef ID
}

/* Copies `tmpl` into `out`, each {name} (lower case, digits, '_') expanded. */
static void expand(struct cell *c, const char *tmpl, char *out, size_t cap)
{
	size_t o = 0;

	for (const char *p = tmpl; *p != '\0';) {
		size_t len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");

		if (*p == '{' && len > 0 && p[1 + len] == '}') {
			char name[32], value[128];

			assert_true(len < sizeof name);
			memcpy(name, p + 1, len);
			name[len] = '\0';
			resolve(c, name, value, sizeof value);
			o += (size_t)snprintf(out + o, cap - o, "%s", value);
			p += len + 2;
		} else {
			o += (size_t)snprintf(out + o, cap - o, "%c", *p);
			p++;
		}
		assert_true(o < cap);
	}
	out[o] = '\0';
}

/* The items of a list answer that are not `customer_id`'s; how many items there are. */
static size_t foreign_items(const json_t *j, int64_t customer_id, size_t *n)
{
	json_t *items = json_object_get(j, "items");
	size_t foreign = 0;

	if (!json_is_array(items))
		fail_msg("not a list answer");
	*n = json_array_size(items);
	for (size_t i = 0; i < *n; i++)
		if (fx_int(json_array_get(items, i), "customer_id") != customer_id)
			foreign++;
	return foreign;
}

/* Whether a list answer holds an item with id `id`. */
static bool list_has(const json_t *j, int64_t id)
{
	json_t *items = json_object_get(j, "items");

	for (size_t i = 0; i < json_array_size(items); i++)
		if (fx_int(json_array_get(items, i), "id") == id)
			return true;
	return false;
}

/* The internal rows (notes, transfers, status changes) of an interaction list. */
static size_t internal_rows(const json_t *j)
{
	json_t *items = json_object_get(j, "items");
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(items); i++)
		n += strcmp(fx_str(json_array_get(items, i), "direction"), "internal") == 0;
	return n;
}

/* A session of the column's own account, logged in for this cell. */
static void fresh_session(enum authz_role role, char token[APP_TOKEN_LEN + 1])
{
	struct ld_err err;

	if (app_login(&FX.app, NULL, AZ.email[role], FX_PASSWORD, token, NULL, &err) != LD_OK)
		fail_msg("app_login %s: %s", AZ.email[role], err.message);
}

/*
 * Runs one cell; returns the status it got and, in `why`, what is wrong
 * besides the status ("" = nothing).
 */
static int run_cell(const struct authz_row *row, enum authz_role role, char target[512],
		    char *why, size_t why_cap)
{
	struct cell c;
	struct http_response res;
	char body[1024], token[APP_TOKEN_LEN + 1];
	const char *bearer = role == R_ANON ? NULL : AZ.token[role];
	struct http_request req;
	char path[512], auth[128];
	int status;

	memset(&c, 0, sizeof c);
	c.role = role;
	c.n = ++AZ.serial;
	/* Nobody has no account: {me} is then someone's, the call is refused first. */
	c.me = AZ.account[role == R_ANON ? R_AGENT : role];
	c.rule_serial = -1;
	why[0] = '\0';
	if (role != R_ANON && (row->flags & FRESH_SESSION)) {
		fresh_session(role, token);
		bearer = token;
	}
	if (role != R_ANON && (row->flags & FRESH_ACCOUNT)) {
		int64_t customer = role == R_CUST_A ? AZ.cust_a : role == R_CUST_B ? AZ.cust_b : 0;
		char email[64];
		struct ld_err err;

		c.me = make_account(ROLE_OF[role], c.n, customer, role == R_AGENT ? AZ.team_t : 0,
				    true);
		snprintf(email, sizeof email, "account%d@example.com", c.n);
		if (app_login(&FX.app, NULL, email, FX_PASSWORD, token, NULL, &err) != LD_OK)
			fail_msg("app_login %s: %s", email, err.message);
		bearer = token;
	}
	expand(&c, row->target, target, 512);
	if (row->body != NULL)
		expand(&c, row->body, body, sizeof body);
	fx_request(&req, row->method, target, bearer, row->body != NULL ? body : NULL, path,
		   sizeof path, auth, sizeof auth);
	if (row->body != NULL && row->pattern[0] == '/')
		req.content_type = "application/x-www-form-urlencoded";
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	status = res.status;

	if (row->pattern[0] != '/' && status >= 400) {
		json_t *j = fx_json(&res);

		if (j == NULL || !json_is_string(json_object_get(json_object_get(j, "error"), "code")))
			snprintf(why, why_cap, "no error object");
		json_decref(j);
	} else if (status == 200 && (row->flags & (OWN | AGENT_SEES_ALL | NO_INTERNAL | NO_NOTES))) {
		json_t *j = fx_json(&res);
		size_t n = 0;

		if ((role == R_CUST_A || role == R_CUST_B) && (row->flags & OWN)) {
			int64_t mine = role == R_CUST_A ? AZ.cust_a : AZ.cust_b;
			size_t foreign = foreign_items(j, mine, &n);

			if (foreign > 0)
				snprintf(why, why_cap, "%zu of %zu items are another customer's",
					 foreign, n);
			else if (n == 0 && (row->flags & SOME))
				snprintf(why, why_cap, "the list is empty");
		}
		if (role == R_AGENT && (row->flags & AGENT_SEES_ALL) && !list_has(j, AZ.case_a_u))
			snprintf(why, why_cap, "team U's case is not listed");
		if ((row->flags & NO_INTERNAL) &&
		    (internal_rows(j) == 0) != (role == R_CUST_A || role == R_CUST_B))
			snprintf(why, why_cap, "%zu internal rows", internal_rows(j));
		if ((row->flags & NO_NOTES) &&
		    json_is_null(json_object_get(j, "notes")) != (role == R_CUST_A || role == R_CUST_B))
			snprintf(why, why_cap, "notes shown or hidden wrongly");
		json_decref(j);
	}
	http_response_clear(&res);
	return status;
}

/* -------------------------------------------------------------- fixture --- */

/* A file on case_a, as mailgate files one: Jana replies with the case tag. */
static void make_attachment(void)
{
	static const struct mail_headers person = { 0 };
	struct app_mail_file file = { "faktura.pdf", "application/pdf", "%PDF-1.4", 8, false };
	struct ld_attachment list[2];
	struct app_mail_result r;
	struct ld_err err;
	char subject[64];
	int n = 0;

	snprintf(AZ.data_dir, sizeof AZ.data_dir, "/tmp/ld-authz-XXXXXX");
	assert_non_null(mkdtemp(AZ.data_dir));
	FX.app.cfg.data_dir = AZ.data_dir;
	snprintf(subject, sizeof subject, "Re: [#%lld] invoice", (long long)AZ.case_a);
	struct app_mail_in in = {
		.from_address = "jana@example.cz", .subject = subject, .message_id = "az@x",
		.text = "Attached.", .headers = &person, .files = &file, .n_files = 1,
	};
	assert_int_equal(app_mail_receive(&FX.app, NULL, &in, &r, &err), LD_OK);
	assert_int_equal(r.case_id, AZ.case_a);
	assert_int_equal(app_attachment_list(&FX.app, NULL, AZ.case_a, 0, 2, list, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	AZ.attachment_a = list[0].id;
}

/* Sets a column's account and login, and its session: `token`, or a new login when NULL. */
static void set_column(enum authz_role role, int64_t account, const char *email, const char *token)
{
	AZ.account[role] = account;
	snprintf(AZ.email[role], sizeof AZ.email[role], "%s", email);
	if (token != NULL)
		memcpy(AZ.token[role], token, APP_TOKEN_LEN + 1);
	else
		fx_login(email, AZ.token[role]);
}

/*
 * The HTTP fixture's store and accounts (its admin, its agent, its customer
 * "Jana" as A with her portal account, "Petr" as B), plus a manager, B's
 * portal account, teams T (the agent's) and U, and every object the rows
 * name.
 */
static int authz_setup(void **state)
{
	char body[256], target[160], token[APP_TOKEN_LEN + 1];
	json_t *j;

	fx_setup(state);
	memset(&AZ, 0, sizeof AZ);
	set_column(R_ADMIN, FX.admin_id, "admin@example.com", FX.admin);
	set_column(R_CUST_A, FX.cust_account_id, "jana@example.cz", FX.cust);
	AZ.cust_a = FX.customer_id;
	AZ.cust_b = FX.other_customer_id;
	set_column(R_CUST_B, fx_add_account("petr@example.cz", LD_ROLE_CUSTOMER, AZ.cust_b),
		   "petr@example.cz", NULL);
	set_column(R_MANAGER, fx_add_account("manager@example.com", LD_ROLE_MANAGER, 0),
		   "manager@example.com", NULL);

	AZ.team_t = admin_create("/api/v1/teams", "{\"name\":\"Team T\",\"kind\":\"queue\"}");
	AZ.team_u = admin_create("/api/v1/teams", "{\"name\":\"Team U\",\"kind\":\"queue\"}");
	set_column(R_AGENT, FX.agent_id, "agent@example.com", FX.agent);
	snprintf(target, sizeof target, "/api/v1/agents/%lld", (long long)FX.agent_id);
	snprintf(body, sizeof body, "{\"team_id\":%lld}", (long long)AZ.team_t);
	json_decref(fx_expect("PATCH", target, AZ.token[R_ADMIN], body, 200));

	AZ.org = admin_create("/api/v1/organizations", "{\"name\":\"Jana's firm\"}");
	snprintf(target, sizeof target, "/api/v1/customers/%lld", (long long)AZ.cust_a);
	snprintf(body, sizeof body, "{\"consent\":true,\"notes\":\"VIP\",\"org_id\":%lld}",
		 (long long)AZ.org);
	json_decref(fx_expect("PATCH", target, AZ.token[R_ADMIN], body, 200));
	snprintf(target, sizeof target, "/api/v1/customers/%lld", (long long)AZ.cust_b);
	json_decref(fx_expect("PATCH", target, AZ.token[R_ADMIN], "{\"consent\":true}", 200));
	AZ.facility = admin_create("/api/v1/facilities", "{\"name\":\"Main branch\"}");
	AZ.calendar = make_calendar(0);
	AZ.policy = admin_create("/api/v1/sla-policies",
				 "{\"name\":\"Standard\",\"first_response_s\":3600,\"resolution_s\":86400}");
	snprintf(target, sizeof target, "/api/v1/teams/%lld", (long long)AZ.team_t);
	snprintf(body, sizeof body, "{\"calendar_id\":%lld}", (long long)AZ.calendar);
	json_decref(fx_expect("PATCH", target, AZ.token[R_ADMIN], body, 200));

	AZ.case_a = make_case(AZ.cust_a, AZ.team_t, "Anna's invoice");
	AZ.case_a_u = make_case(AZ.cust_a, AZ.team_u, "Anna's delivery");
	AZ.case_b = make_case(AZ.cust_b, AZ.team_t, "Boris's invoice");
	snprintf(target, sizeof target, "/api/v1/cases/%lld/interactions", (long long)AZ.case_a);
	json_decref(fx_expect("POST", target, AZ.token[R_AGENT],
			      "{\"channel\":\"phone\",\"direction\":\"internal\",\"kind\":\"note\","
			      "\"body\":\"Second invoice error this year.\"}",
			      201));
	make_attachment();
	AZ.sub_a = make_subscription(AZ.cust_a);
	AZ.sub_b = make_subscription(AZ.cust_b);
	AZ.followup_a = make_followup(AZ.cust_a);
	AZ.followup_b = make_followup(AZ.cust_b);
	AZ.survey_a = make_survey(AZ.cust_a, AZ.token_a, NULL);
	AZ.survey_b = make_survey(AZ.cust_b, token, NULL);
	j = fx_expect("POST", "/api/v1/integrations", AZ.token[R_ADMIN],
		      "{\"name\":\"PBX\",\"kind\":\"cti\"}", 201);
	AZ.integration = fx_int(j, "id");
	memcpy(AZ.cti_token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	json_decref(j);
	j = fx_expect("POST", "/api/v1/calls", AZ.cti_token,
		      "{\"event\":\"ringing\",\"call_id\":\"a.1\",\"caller\":\"+420603000111\"}", 201);
	AZ.call_a = fx_int(json_object_get(j, "call"), "id");
	json_decref(j);
	j = fx_expect("POST", "/api/v1/chat-widgets", AZ.token[R_ADMIN],
		      "{\"name\":\"Shop\",\"bot\":true}", 201);
	AZ.widget = fx_int(j, "id");
	snprintf(AZ.widget_key, sizeof AZ.widget_key, "%s", fx_str(j, "key"));
	json_decref(j);
	{
		char start[128];
		snprintf(start, sizeof start, "{\"widget\":\"%s\",\"message\":\"My parcel?\"}",
			 AZ.widget_key);
		j = fx_expect("POST", "/api/v1/chats", NULL, start, 201);
		AZ.chat_a = fx_int(json_object_get(j, "chat"), "id");
		snprintf(AZ.chat_token, sizeof AZ.chat_token, "%s", fx_str(j, "token"));
		json_decref(j);
	}
	AZ.webhook = admin_create("/api/v1/webhooks",
				  "{\"url\":\"https://hooks.example/all\",\"events\":[\"case.created\","
				  "\"case.updated\",\"interaction.created\",\"survey.answered\"]}");
	j = fx_expect("GET", "/api/v1/cases?limit=200", AZ.token[R_ADMIN], NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"Late parcel\",\"team_id\":%lld,"
		 "\"case_id\":%lld}", (long long)AZ.cust_a, (long long)AZ.team_t,
		 (long long)AZ.case_a_u);
	AZ.claim_a = admin_create("/api/v1/claims", body);
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"Kind agent\",\"text\":\"Thank you.\","
		 "\"team_id\":%lld}", (long long)AZ.cust_a, (long long)AZ.team_t);
	AZ.compliment_a = admin_create("/api/v1/compliments", body);
	return 0;
}

static int authz_teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", AZ.data_dir);
	if (AZ.data_dir[0] != '\0' && system(cmd) != 0)
		return -1;
	return fx_teardown(state);
}

/* --------------------------------------------------------------- tests --- */

/* Whether the route table has `method` `pattern`. */
static bool route_exists(const char *method, const char *pattern)
{
	for (size_t i = 0; i < http_route_count(); i++) {
		const char *m, *p;

		http_route_at(i, &m, &p);
		if (strcmp(m, method) == 0 && strcmp(p, pattern) == 0)
			return true;
	}
	return false;
}

static void test_authz_rows_cover_every_route(void **state)
{
	int missing = 0;

	(void)state;
	assert_true(http_route_count() > 0);
	for (size_t i = 0; i < http_route_count(); i++) {
		const char *m, *p;
		bool covered = false;

		http_route_at(i, &m, &p);
		for (size_t r = 0; r < AUTHZ_ROWS_LEN && !covered; r++)
			covered = strcmp(AUTHZ_ROWS[r].method, m) == 0 &&
				  strcmp(AUTHZ_ROWS[r].pattern, p) == 0;
		if (!covered) {
			print_error("route %s %s has no row in the authorisation matrix\n", m, p);
			missing++;
		}
	}
	for (size_t r = 0; r < AUTHZ_ROWS_LEN; r++) {
		const struct authz_row *row = &AUTHZ_ROWS[r];
		bool known = row->pattern[0] == '/'
				     ? strcmp(row->pattern, HTTP_SURVEY_PAGE_PREFIX "{key}") == 0
				     : route_exists(row->method, row->pattern);

		if (!known) {
			print_error("matrix row %s %s names no route\n", row->method, row->pattern);
			missing++;
		}
		if (strncmp(row->target, row->pattern[0] == '/' ? HTTP_SURVEY_PAGE_PREFIX : "/api/v1/",
			    row->pattern[0] == '/' ? sizeof HTTP_SURVEY_PAGE_PREFIX - 1 : 8) != 0) {
			print_error("matrix row %s %s: target %s is not under its prefix\n",
				    row->method, row->pattern, row->target);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	print_message("authorisation matrix: %zu routes, %zu rows x %d callers = %zu cells\n",
		      http_route_count(), AUTHZ_ROWS_LEN, R_COUNT, AUTHZ_ROWS_LEN * R_COUNT);
}

static void test_authz_matrix(void **state)
{
	int wrong = 0;

	(void)state;
	for (size_t r = 0; r < AUTHZ_ROWS_LEN; r++) {
		const struct authz_row *row = &AUTHZ_ROWS[r];

		for (int role = 0; role < R_COUNT; role++) {
			char why[160], target[512];
			int got = run_cell(row, (enum authz_role)role, target, why, sizeof why);

			if (got != row->expect[role] || why[0] != '\0') {
				print_error("%s %s (%s) as %s: expected %d, got %d%s%s\n",
					    row->method, row->target, target, ROLE_NAMES[role],
					    row->expect[role], got, why[0] != '\0' ? ": " : "", why);
				wrong++;
			}
		}
	}
	assert_int_equal(wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_authz_rows_cover_every_route),
		cmocka_unit_test(test_authz_matrix),
	};

	return cmocka_run_group_tests(tests, authz_setup, authz_teardown);
}
