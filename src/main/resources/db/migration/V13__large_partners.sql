-- V13: above every version on main (V8, V12), so databases already migrated there take it in order.
-- Large partners (issue 24): the partner's lists are read newest first, a page at a time, by keyset
-- (the last row's sort key, not an offset). Each index matches one list's filter and sort, so the
-- first page reads as many index entries as it shows, whatever the partner holds, and needs no sort.

-- GET /api/claims and /api/claims.csv, without and with a status filter.
drop index claim_partner_idx;
create index claim_partner_submitted_idx on claim (partner_id, submitted_at desc, id desc);
create index claim_partner_status_submitted_idx on claim (partner_id, status, submitted_at desc, id desc);

-- GET /api/associations and /api/associations.csv: by status (OFFICIAL by default), and with a filter on
-- the customer tenant, the workload or the subscription.
drop index association_partner_idx;
create index association_partner_since_idx
    on association (partner_id, status, official_since desc, id desc);
create index association_partner_tenant_idx
    on association (partner_id, status, customer_tenant_id, official_since desc, id desc);
create index association_partner_workload_idx
    on association (partner_id, status, workload, official_since desc, id desc);
create index association_partner_subscription_idx
    on association (partner_id, status, subscription_id, official_since desc, id desc);
