-- People who may sign in: admins (everything), planners (edit areas of the
-- municipalities assigned to them) and viewers (read unpublished data).
create table app_user (
    id            uuid primary key default gen_random_uuid(),
    username      text not null check (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    display_name  text not null check (length(btrim(display_name)) between 1 and 200),
    role          text not null check (role in ('admin', 'planner', 'viewer')),
    -- argon2id in PHC string format; never a plain password
    password_hash text not null check (password_hash like '$argon2id$%'),
    disabled_at   timestamptz,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint app_user_username_unique unique (username)
);

create trigger app_user_touch_updated_at before update on app_user
    for each row execute function touch_updated_at();

-- Which municipalities a planner edits.
create table app_user_municipality (
    user_id      uuid not null references app_user (id) on delete cascade,
    municipality text not null references municipality (number),
    primary key (user_id, municipality)
);
