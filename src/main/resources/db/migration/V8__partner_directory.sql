-- Partners as organisations: the partner directory (partner ID -> organisation), the email domains
-- each organisation has verified, and the organisation's name as recorded on each claim when it
-- was submitted (kept even if the directory changes later).
create table partner_organisation (
    partner_id  varchar(64)   not null primary key,
    name        varchar(200)  not null,
    country     varchar(2),
    website     varchar(500),
    updated_at  timestamp     not null
);

create table partner_verified_domain (
    partner_id  varchar(64)   not null,
    domain      varchar(255)  not null,
    primary key (partner_id, domain)
);

alter table claim add column partner_name varchar(200);
