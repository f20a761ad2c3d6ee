-- Claim analytics (GET /api/analytics/claims/..., the Cockpit plugin "CPOR claims", the cpor_ gauges):
-- every question reads through an index instead of the whole table. Versioned after main's V12 so that a
-- database already migrated by it takes this one too (Flyway refuses a pending version below the latest).

-- Flow per day and stage durations: the events of some types in a period, then the claim's event of
-- another type before or after each (both indexes hold every column these queries read).
create index claim_event_type_idx on claim_event (type, occurred_at, claim_id);
create index claim_event_claim_type_idx on claim_event (claim_id, type, occurred_at);

-- Claims per status, and the finished ones (OFFICIAL, REJECTED) by the day they finished.
create index claim_status_idx on claim (status, updated_at);

-- Reviews overdue now: UNDER_REVIEW with a due time in the past.
create index claim_review_due_idx on claim (status, review_due_at);

-- Finished claims searched by the customer's domain (its tenant ID has claim_tenant_idx).
create index claim_domain_idx on claim (customer_domain, status);
