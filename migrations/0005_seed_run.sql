-- Which shipped seeds have been loaded, so that the first start seeds once and only once.
create table seed_run (
    name       text primary key,
    applied_at timestamptz not null default now()
);
