-- Demo customer tenants, so that the domain/tenant check has something to match.
-- Repeatable and idempotent, so that later versioned migrations never sort behind it.
insert into customer_tenant (tenant_id, domain_name)
select '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7', 'contoso.com'
where not exists (select 1 from customer_tenant where tenant_id = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7');
insert into customer_tenant (tenant_id, domain_name)
select '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d', 'fabrikam.com'
where not exists (select 1 from customer_tenant where tenant_id = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d');
