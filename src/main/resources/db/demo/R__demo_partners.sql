-- Demo partner organisations (fictional), so that customers and validators see who claims.
-- Repeatable and idempotent, like the demo tenants.
insert into partner_organisation (partner_id, name, country, website, updated_at)
select '1000001', 'Northwind Traders', 'NL', 'https://partner-one.example.com', current_timestamp
where not exists (select 1 from partner_organisation where partner_id = '1000001');
insert into partner_verified_domain (partner_id, domain)
select '1000001', 'partner-one.example.com'
where not exists (select 1 from partner_verified_domain where partner_id = '1000001' and domain = 'partner-one.example.com');
insert into partner_organisation (partner_id, name, country, website, updated_at)
select '1000002', 'Tailspin Toys', 'DE', 'https://partner-two.example.com', current_timestamp
where not exists (select 1 from partner_organisation where partner_id = '1000002');
insert into partner_verified_domain (partner_id, domain)
select '1000002', 'partner-two.example.com'
where not exists (select 1 from partner_verified_domain where partner_id = '1000002' and domain = 'partner-two.example.com');
