-- API tokens for scripts and GIS clients: the secret is shown once; only its SHA-256 is kept.
create table api_token (
    id           uuid primary key default gen_random_uuid(),
    user_id      uuid not null references app_user (id) on delete cascade,
    name         text not null check (length(btrim(name)) between 1 and 100),
    token_sha256 bytea not null check (length(token_sha256) = 32),
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    constraint api_token_sha256_unique unique (token_sha256),
    constraint api_token_name_unique unique (user_id, name)
);

-- Every change to an area, written in the same transaction as the change: who, when,
-- what, and the full previous state (geometry included) so any version can be restored.
create table area_history (
    id             bigint generated always as identity primary key,
    area_id        uuid not null references area (id),
    version        integer not null,
    action         text not null check (action in ('create', 'update', 'end', 'restore', 'publish', 'unpublish')),
    changed_by     uuid references app_user (id),
    changed_by_name text not null,
    changed_at     timestamptz not null default now(),
    changed_fields text[] not null default '{}',
    previous       jsonb
);

create index area_history_area_idx on area_history (area_id, version);
