-- Views, functions and triggers now live as repeatable SQL in src/db/objects/ and are
-- recreated at start-up when one changes; this table records the checksum of each file
-- as last applied, so that an unchanged database is not touched.
create table db_object (
    file text primary key,
    checksum bytea not null,
    applied_at timestamptz not null default now()
);
