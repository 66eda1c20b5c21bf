-- Business-land areas (næringsareal): see shared DATA-MODEL.md "Area".
-- Power, logistics and conflict facts are computed from reference layers and come later.

create table area (
    -- identity and life
    id                  uuid primary key default gen_random_uuid(),
    reference           text not null check (reference ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'),
    name                text not null check (length(btrim(name)) between 1 and 200),
    municipality        text not null references municipality (number),
    kind                text not null check (kind in ('available', 'transformation', 'candidate')),
    geom                geometry(MultiPolygon, 25832) not null
                        check (ST_IsValid(geom) and not ST_IsEmpty(geom)),
    previously_part_of  uuid references area (id),
    first_added         date not null default current_date,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    last_confirmed      date,
    end_date            date,
    end_reason          text,
    published           boolean not null default false,
    version             integer not null default 1 check (version >= 1),
    data_quality        text not null default 'indicative'
                        check (data_quality in ('indicative', 'checked', 'authoritative')),
    -- demo rows are never real facts; the UI says so while any are visible
    demo                boolean not null default false,

    -- size (square metres in EPSG:25832); gross area is computed, never typed
    area_gross_m2        double precision generated always as (ST_Area(geom)) stored,
    area_available_m2    double precision check (area_available_m2 >= 0),
    largest_free_plot_m2 double precision check (largest_free_plot_m2 >= 0),

    -- readiness and availability
    readiness       text not null default 'idea'
                    check (readiness in ('idea', 'in_planning', 'zoned', 'serviced', 'ready')),
    availability    text not null default 'available'
                    check (availability in ('available', 'reserved', 'partly_taken', 'taken')),
    available_from  date,

    -- planning (SOSI code lists)
    plan_type         smallint references code_plan_type (code),
    plan_status       smallint references code_plan_status (code),
    land_use_list     text check (land_use_list in ('kp', 'rp')),
    land_use_code     integer,
    land_use_status   smallint check (land_use_status in (1, 2, 3)),
    plan_id           text check (plan_id ~ '^[0-9]{4}[A-Za-z0-9_.-]{1,30}$'),
    plan_name         text,
    plan_url          text check (plan_url ~ '^https?://'),
    utilization_type  text check (utilization_type in ('BYA', '%-BYA', 'BRA', '%-BRA')),
    utilization_value double precision check (utilization_value >= 0),

    -- ownership and price
    land_control      text not null default 'unknown'
                      check (land_control in ('municipal', 'state', 'intermunicipal', 'developer',
                                              'private', 'company', 'mixed', 'unknown')),
    owner_name        text, -- personal data: planners only, never public
    price_nok_per_m2_min numeric(12, 2) check (price_nok_per_m2_min >= 0),
    price_nok_per_m2_max numeric(12, 2) check (price_nok_per_m2_max >= 0),
    lease_possible    boolean,

    -- utilities
    water            text not null default 'unknown' check (water in ('yes', 'no', 'planned', 'unknown')),
    sewage           text not null default 'unknown' check (sewage in ('yes', 'no', 'planned', 'unknown')),
    stormwater       text not null default 'unknown' check (stormwater in ('yes', 'no', 'planned', 'unknown')),
    fibre            text not null default 'unknown' check (fibre in ('yes', 'no', 'planned', 'unknown')),
    district_heating text not null default 'unknown' check (district_heating in ('yes', 'no', 'planned', 'unknown')),

    -- transformation (kind = transformation)
    current_use     text,
    proposed_use    text,
    outdated        boolean,
    outdated_cause  text,

    -- text and contact
    description     text check (length(description) <= 10000),
    internal_notes  text check (length(internal_notes) <= 10000), -- never public
    contact_name    text,
    contact_email   text check (contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    contact_phone   text check (contact_phone ~ '^\+?[0-9 ]{5,20}$'),

    -- RFC 7946 geometry (CRS84, exterior rings counterclockwise, 7 decimals ≈ 1 cm),
    -- built once per write so that reads only concatenate text
    geometry_geojson text generated always as
        (ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7)) stored,

    constraint area_reference_unique unique (municipality, reference),
    constraint area_available_le_gross check (area_available_m2 <= area_gross_m2 * 1.000001),
    constraint area_largest_plot_le_available
        check (largest_free_plot_m2 <= coalesce(area_available_m2, area_gross_m2) * 1.000001),
    constraint area_price_range check (price_nok_per_m2_min <= price_nok_per_m2_max),
    constraint area_land_use_code foreign key (land_use_list, land_use_code)
        references code_land_use (list, code),
    constraint area_land_use_pair check ((land_use_list is null) = (land_use_code is null)),
    constraint area_end_reason check (end_date is null or end_reason is not null)
);

create index area_geom_idx on area using gist (geom);
-- what the public sees, in key order: keyset paging walks this index
create index area_published_id_idx on area (id) where published;
create index area_municipality_idx on area (municipality);

create function touch_updated_at() returns trigger language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end $$;

create trigger area_touch_updated_at before update on area
    for each row execute function touch_updated_at();
