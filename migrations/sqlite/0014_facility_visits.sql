-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Branch visits (app/reports.c app_facility_summary, the case list's
-- facility filter): the contacts at a facility, by when they started, so a
-- branch's summary and its cases are read from its own contacts only. It
-- covers what the summary reads of them (case, customer, channel,
-- direction), so the rows themselves are not visited.
CREATE INDEX interaction_facility_idx
	ON interaction (facility_id, started_at, case_id, customer_id, channel, direction)
	WHERE facility_id IS NOT NULL;
