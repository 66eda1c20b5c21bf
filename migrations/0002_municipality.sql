-- Municipalities the registry covers, with their boundaries (a reference layer).
create table municipality (
    number      text primary key check (number ~ '^[0-9]{4}$'),
    name        text not null check (length(btrim(name)) > 0),
    geom        geometry(MultiPolygon, 25832) not null check (ST_IsValid(geom)),
    source      text not null,
    licence     text not null,
    attribution text not null,
    created_at  timestamptz not null default now()
);

create index municipality_geom_idx on municipality using gist (geom);
