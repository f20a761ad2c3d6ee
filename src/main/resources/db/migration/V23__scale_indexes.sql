-- Issue 18 (scale): the opt-out page and a claim's official associations read association by claim
-- (AssociationRegister.ofClaim). Without an index that was a scan of every association per page:
-- with 1,000,000 associations the opt-out page's p95 grew with the table.
create index association_claim_idx on association (claim_id);
