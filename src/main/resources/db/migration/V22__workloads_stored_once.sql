-- A claim's workloads are stored once: one row per workload in claim_workload (what the competing
-- check joins and indexes), now with the place the partner gave it in the list (ordinal, from 0).
-- The comma-separated copy in claim.workloads goes.
alter table claim_workload add column ordinal int default 0 not null;

-- The order the partner gave is the order in the comma-separated copy: a workload's place is the
-- number of the claim's other workloads found earlier in ",<copy>," (a workload the copy does not
-- name, which no code wrote, comes last, in name order).
update claim_workload w set ordinal = (
    select count(*) from claim_workload o join claim c on c.id = o.claim_id
    where o.claim_id = w.claim_id and o.workload <> w.workload
      and (case when position(',' || o.workload || ',' in ',' || coalesce(c.workloads, '') || ',') = 0
                then 100000 else position(',' || o.workload || ',' in ',' || coalesce(c.workloads, '') || ',') end,
           o.workload)
        < (case when position(',' || w.workload || ',' in ',' || coalesce(c.workloads, '') || ',') = 0
                then 100000 else position(',' || w.workload || ',' in ',' || coalesce(c.workloads, '') || ',') end,
           w.workload));

alter table claim drop column workloads;

