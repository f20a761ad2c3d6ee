-- Ending an official association (issue 21): the customer through the opt-out link, the partner through
-- the API, or the subscription's end. The association keeps who ended it and why (status ENDED, ended_at).
alter table association add column ended_by varchar(30);
alter table association add column end_reason varchar(2000);

-- Subscription claims (pre-sales, Business Applications) may name the subscription's last day; the
-- association made official from the claim keeps it, and the daily job ends it once that day has passed.
alter table claim add column subscription_end_date date;
alter table association add column subscription_end_date date;
create index association_subscription_end_idx on association (status, subscription_end_date);
