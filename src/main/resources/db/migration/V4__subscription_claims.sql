-- Subscription claims: for pre-sales (OSA Sell) and Business Applications one partner holds the
-- customer's subscription, not each workload; Dynamics 365 claims name the customer's technical
-- contact, revenue-association claims the solution seller, the customer's name and the ISV product.
alter table claim add column customer_technical_contact_name varchar(200);
alter table claim add column customer_technical_contact_email varchar(320);
alter table claim add column solution_seller_name varchar(200);
alter table claim add column customer_name varchar(200);
alter table claim add column isv_product_name varchar(200);
create index claim_subscription_idx on claim (customer_tenant_id, subscription_id, status);

alter table association add column subscription_id varchar(64);
create index association_subscription_idx on association (customer_tenant_id, subscription_id, status);
