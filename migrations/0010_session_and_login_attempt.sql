-- Signed-in browser sessions live in PostgreSQL (the app keeps no state): the cookie holds
-- a random secret, the table only its SHA-256. Idle and absolute timeouts are enforced
-- on every use.
create table user_session (
    token_sha256 bytea primary key check (length(token_sha256) = 32),
    user_id      uuid not null references app_user (id) on delete cascade,
    csrf_token   text not null,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at   timestamptz not null
);

create index user_session_user_idx on user_session (user_id);

-- Sign-in attempts, to slow down password guessing per username.
create table login_attempt (
    username     text not null,
    attempted_at timestamptz not null default now(),
    succeeded    boolean not null
);

create index login_attempt_recent_idx on login_attempt (username, attempted_at);
