-- A partner's dispute of a rejected claim: at most one per claim (the primary key), with the rejection it
-- disputes as it stood then and the reviewer's outcome. Versioned after issue 12, so that it sorts after
-- the migrations of the branches developed beside it (V4, V8) instead of clashing with them.
create table claim_dispute (
    claim_id            varchar(64)   not null primary key references claim (id),
    reason              varchar(4000) not null,
    proof_of_execution  varchar(2000),
    submitted_by        varchar(200)  not null,
    submitted_at        timestamp     not null,
    rejection_reason    varchar(60)   not null,
    rejection_detail    varchar(4000),
    rejected_by         varchar(200)  not null,
    rejected_at         timestamp     not null,
    outcome             varchar(20),
    decided_by          varchar(200),
    decided_at          timestamp,
    decision_comment    varchar(2000)
);
