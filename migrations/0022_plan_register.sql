-- The municipality's plans as the national plan register publishes them: master plans
-- (kp: kommuneplan, kommunedelplan) and zoning plans (rp: reguleringsplan) with their
-- ground-level arealformål areas. The plan data's licence is restricted ("Norge digitalt
-- begrenset"): the geometry is kept to compute each area's zoning, never served; only the
-- derived facts and the plan's link are.
create table plan_import (
    id             bigint generated always as identity primary key,
    municipalities text[] not null,
    source         text not null,
    format         text not null,
    as_of          date not null,
    loaded_by      text not null,
    loaded_at      timestamptz not null default now(),
    plans          integer not null,
    purposes       integer not null
);

create table plan (
    id            bigint generated always as identity primary key,
    import_id     bigint not null references plan_import (id),
    level         text not null check (level in ('kp', 'rp')),
    municipality  text not null,
    ident         text not null,
    plan_type     smallint,
    status        smallint,
    name          text,
    in_force      date,
    adopted       date,
    link          text,
    geom          geometry(MultiPolygon, 25832),
    constraint plan_identity unique (level, municipality, ident)
);
create index plan_geom_idx on plan using gist (geom);

create table plan_purpose (
    id          bigint generated always as identity primary key,
    plan_id     bigint not null references plan (id) on delete cascade,
    code        integer not null,
    -- arealbruksstatus of a master plan's purpose: 1 nåværende, 2 framtidig, 3 videreutvikling
    status      smallint check (status in (1, 2, 3)),
    field_name  text,
    area_name   text,
    geom        geometry(MultiPolygon, 25832) not null
);
create index plan_purpose_geom_idx on plan_purpose using gist (geom);
create index plan_purpose_plan_idx on plan_purpose (plan_id);

-- Each area's zoning computed by overlay (area_zoning): the share under each purpose of
-- the governing plans, the dominant one, the import it comes from.
alter table area_fact add column zoning jsonb;
