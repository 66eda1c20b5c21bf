-- Enquiries from companies about an area ("Ta kontakt om dette området"): kept for the
-- area's municipality, which sees them when signed in and marks them handled. No e-mail
-- server is needed. Personal data: only the municipality's planners and admins read it.
create table enquiry (
    id           uuid primary key default gen_random_uuid(),
    area_id      uuid not null references area (id),
    municipality text not null references municipality (number),
    name         text not null check (length(name) between 1 and 200),
    company      text check (length(company) <= 200),
    email        text not null check (length(email) between 3 and 200),
    need         text check (length(need) <= 500),
    message      text not null check (length(message) between 1 and 5000),
    created_at   timestamptz not null default now(),
    handled_at   timestamptz,
    handled_by   text
);

create index enquiry_municipality_idx on enquiry (municipality, created_at desc);
create index enquiry_email_idx on enquiry (lower(email), created_at);
