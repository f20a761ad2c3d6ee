-- A claim's workloads are stored once, in claim.workloads (in the catalogue's spelling, in the
-- partner's order). Competing and duplicate claims are found among the tenant's claims in flight
-- (claim_tenant_idx), which are few; the per-workload copy is no longer kept.
drop table claim_workload;
