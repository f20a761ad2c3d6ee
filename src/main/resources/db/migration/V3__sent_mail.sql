-- Every mail sent, by its deduplication key: a step that runs again after a crash finds its mail here
-- and does not send it twice. Written in its own transaction right after the SMTP server accepted it.
create table sent_mail (
    dedup_key   varchar(200)  not null primary key,
    claim_id    varchar(64)   not null,
    recipient   varchar(320)  not null,
    subject     varchar(500)  not null,
    sent_at     timestamp     not null
);
create index sent_mail_claim_idx on sent_mail (claim_id);
