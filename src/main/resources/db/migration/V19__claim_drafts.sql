-- Drafts (status DRAFT) are deleted once unchanged for 30 days: the daily clean-up finds them by
-- status and last change without reading the whole claim table.
create index claim_status_updated_idx on claim (status, updated_at);
