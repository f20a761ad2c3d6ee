-- The languages of the customer's mail and opt-out page and of the partner's mails (BCP 47 tags).
-- Claims from before knew only English.
alter table claim add column customer_language varchar(35) default 'en' not null;
alter table claim add column partner_language varchar(35) default 'en' not null;
