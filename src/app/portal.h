/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The customer portal's sign-in by e-mail link (docs/portal.md). A customer
 * asks with the address the desk knows them by; the desk mails a link
 * ({public_url}/portal/login?token=…) that works once, for
 * portal_link_ttl_s; redeeming it opens a session of the customer's portal
 * account — made then, without a password, for a customer who has none. The
 * rest of the portal is the API as a customer account sees it: their cases
 * and contacts, replies, branches, surveys.
 */
#ifndef LD_APP_PORTAL_H
#define LD_APP_PORTAL_H

#include "app/app.h"

#define APP_LINKS_PER_HOUR 5      /* links one customer is sent per hour at most */
#define APP_LINK_ADDRESS_REQUESTS 20 /* link requests from one client address before
				      * they are slowed down (429 with Retry-After) */

/*
 * Sends a sign-in link to the customer whose e-mail is `email` (public: no
 * actor). A well-formed address always gets LD_OK — known or not, over its
 * hourly limit or not — so the answer tells nobody who is a customer; what
 * happened is in the audit log ("portal.link", "portal.link_refused" with
 * the reason). One client `address` asking too often is 429
 * "too_many_attempts" with err->retry_after_s, whatever the e-mail.
 * `token_out` (NULL = not wanted) gets the token when a link
 * was sent, "" else: for tests and the CLI, never for the HTTP answer.
 */
ld_status app_portal_link_request(struct app *app, const char *address, const char *email,
				  char *token_out, struct ld_err *err);

/*
 * Signs in with a link's token: 401 "link_invalid" for a token that is no
 * link's, 410 "link_expired" after its time, 410 "link_used" the second
 * time (a replay, audited), 401 "account_disabled" for a login an admin
 * turned off. [out] session token and the account.
 */
ld_status app_portal_link_redeem(struct app *app, const char *address, const char *token,
				 char session[APP_TOKEN_LEN + 1], struct ld_agent *account,
				 struct ld_err *err);

#endif
