-- Reference layers: what an area lies near (roads, railway, stations, centres) and what
-- it would take from (farmland, nature, flood and landslide zones, cultural heritage).
-- Each layer records where its data came from; `arealbank layer import` replaces one.

create extension if not exists btree_gist;

create table layer (
    kind          text primary key,
    title_nb      text not null,
    title_en      text not null,
    geometry_type text not null check (geometry_type in ('point', 'line', 'polygon')),
    role          text not null check (role in ('transport', 'centre', 'constraint')),
    source        text,
    licence       text,
    as_of         date,
    demo          boolean not null default false,
    loaded_at     timestamptz,
    loaded_by     text,
    feature_count integer not null default 0
);

insert into layer (kind, title_nb, title_en, geometry_type, role) values
    ('e6',                'E6',                          'E6',                           'line',    'transport'),
    ('e6_junction',       'Kryss på E6',                 'E6 junctions',                 'point',   'transport'),
    ('main_road',         'Andre hovedveger',            'Other main roads',             'line',    'transport'),
    ('railway',           'Jernbane',                    'Railway',                      'line',    'transport'),
    ('passenger_station', 'Jernbanestasjoner',           'Passenger stations',           'point',   'transport'),
    ('rail_terminal',     'Godsterminaler (jernbane)',   'Rail freight terminals',       'point',   'transport'),
    ('skysstasjon',       'Lillehammer skysstasjon',     'Lillehammer travel centre',    'point',   'transport'),
    ('town_centre',       'Sentrum',                     'Town centres',                 'point',   'centre'),
    ('farmland',          'Dyrka mark (AR5)',            'Farmland (AR5)',               'polygon', 'constraint'),
    ('protected_nature',  'Verneområder',                'Protected nature',             'polygon', 'constraint'),
    ('flood_zone',        'Flomsoner',                   'Flood zones',                  'polygon', 'constraint'),
    ('landslide_hazard',  'Skredfaresoner',              'Landslide hazard zones',       'polygon', 'constraint'),
    ('cultural_heritage', 'Kulturminner',                'Cultural heritage',            'polygon', 'constraint');

create table layer_feature (
    id         bigint generated always as identity primary key,
    kind       text not null references layer (kind),
    name       text,
    -- a class within the layer, e.g. the AR5 area type of farmland (21, 22, 23)
    class      text,
    properties jsonb not null default '{}',
    geom       geometry(Geometry, 25832) not null,
    constraint layer_feature_valid check (st_isvalid(geom))
);

-- nearest-feature (KNN, <->) and overlap queries filter by kind: one GiST over both
create index layer_feature_kind_geom_idx on layer_feature using gist (kind, geom);

-- Substations (DATA-MODEL "Substation"). Capacity belongs to the substation's supply
-- area, never to a municipality. Planners keep the figures current; history as for areas.
create table substation (
    id                     uuid primary key default gen_random_uuid(),
    name                   text not null,
    operator               text not null,
    voltage_kv             double precision check (voltage_kv > 0),
    geom                   geometry(Point, 25832) not null,
    free_capacity_mw_min   double precision check (free_capacity_mw_min >= 0),
    free_capacity_mw_max   double precision check (free_capacity_mw_max >= 0),
    future_capacity_mw_min double precision check (future_capacity_mw_min >= 0),
    future_capacity_mw_max double precision check (future_capacity_mw_max >= 0),
    measure                text,
    expected_year          integer check (expected_year between 2000 and 2100),
    queue_status           text check (queue_status in ('free', 'limited', 'queue')),
    source_url             text,
    as_of                  date,
    demo                   boolean not null default false,
    version                integer not null default 1,
    updated_at             timestamptz not null default now(),
    constraint substation_free_range check (free_capacity_mw_min <= free_capacity_mw_max),
    constraint substation_future_range check (future_capacity_mw_min <= future_capacity_mw_max),
    constraint substation_name_unique unique (operator, name)
);
create index substation_geom_idx on substation using gist (geom);

-- (no foreign key: the history of a substation outlives its removal from the register)
create table substation_history (
    id              bigint generated always as identity primary key,
    substation_id   uuid not null,
    version         integer not null,
    changed_by      uuid references app_user (id),
    changed_by_name text not null,
    changed_at      timestamptz not null default now(),
    changed_fields  text[] not null default '{}',
    previous        jsonb
);
create index substation_history_idx on substation_history (substation_id, version);

-- Facts computed from the reference layers for every area; rewritten in the same
-- transaction as the area's outline or a layer changes (refresh_area_facts).
create table area_fact (
    area_id             uuid primary key references area (id),
    e6_junction_m       double precision,
    main_road_m         double precision,
    rail_terminal_m     double precision,
    passenger_station_m double precision,
    skysstasjon_m       double precision,
    town_centre_m       double precision,
    substation_id       uuid references substation (id) on delete set null,
    substation_m        double precision,
    -- per constraint layer that the area overlaps: {"farmland": {"m2": …, "share": …}, …}
    conflicts           jsonb not null default '{}',
    -- farmland m² per AR5 class: {"21": …, "22": …}
    farmland_classes    jsonb not null default '{}',
    computed_at         timestamptz not null default now()
);
create index area_fact_substation_idx on area_fact (substation_id);

-- Distances are from the area's outline (0 when the feature touches or lies inside it)
-- to the nearest feature, in metres of EPSG:25832; each nearest feature is found with
-- the GiST index (KNN, <->), never by scanning a layer.
create function refresh_area_facts(ids uuid[]) returns void
language sql as $$
    insert into area_fact as f (area_id, e6_junction_m, main_road_m, rail_terminal_m,
        passenger_station_m, skysstasjon_m, town_centre_m, substation_id, substation_m,
        conflicts, farmland_classes, computed_at)
    select a.id,
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'e6_junction'
          order by l.geom <-> a.geom limit 1),
        least(
          (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'main_road'
            order by l.geom <-> a.geom limit 1),
          (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'e6'
            order by l.geom <-> a.geom limit 1)),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'rail_terminal'
          order by l.geom <-> a.geom limit 1),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'passenger_station'
          order by l.geom <-> a.geom limit 1),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'skysstasjon'
          order by l.geom <-> a.geom limit 1),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'town_centre'
          order by l.geom <-> a.geom limit 1),
        s.id, s.distance,
        coalesce((
          select jsonb_object_agg(c.kind, jsonb_build_object(
                     'm2', round(c.m2::numeric, 1),
                     'share', round((c.m2 / nullif(st_area(a.geom), 0))::numeric, 4)))
          from (select l.kind, st_area(st_intersection(a.geom, st_union(l.geom))) as m2
                from layer_feature l
                join layer y on y.kind = l.kind and y.role = 'constraint'
                where l.geom && a.geom and st_intersects(l.geom, a.geom)
                group by l.kind) c
          where c.m2 > 0), '{}'),
        coalesce((
          select jsonb_object_agg(c.class, round(c.m2::numeric, 1))
          from (select coalesce(l.class, 'unknown') as class,
                       st_area(st_intersection(a.geom, st_union(l.geom))) as m2
                from layer_feature l
                where l.kind = 'farmland' and l.geom && a.geom and st_intersects(l.geom, a.geom)
                group by 1) c
          where c.m2 > 0), '{}'),
        now()
    from area a
    left join lateral (
        select n.id, st_distance(a.geom, n.geom) as distance
        from substation n order by n.geom <-> a.geom limit 1
    ) s on true
    where a.id = any(ids)
    on conflict (area_id) do update set
        e6_junction_m = excluded.e6_junction_m, main_road_m = excluded.main_road_m,
        rail_terminal_m = excluded.rail_terminal_m,
        passenger_station_m = excluded.passenger_station_m,
        skysstasjon_m = excluded.skysstasjon_m, town_centre_m = excluded.town_centre_m,
        substation_id = excluded.substation_id, substation_m = excluded.substation_m,
        conflicts = excluded.conflicts, farmland_classes = excluded.farmland_classes,
        computed_at = excluded.computed_at
$$;

-- A suggested location profile after the ABC principle, with the facts that decided it:
--   A  central, for knowledge-intensive work with many visitors: town centre and a
--      passenger station (or the skysstasjon) each within 1 km;
--   C  car/truck-oriented and area-hungry: an E6 junction within 3 km and the town centre
--      more than 3 km away, or 30 daa or more with an E6 junction within 5 km;
--   B  mixed: everything else.
-- Each reason: {"code", "value_m" (or value_m2), "limit", "met"}.
create function location_profile(centre_m float8, station_m float8, junction_m float8, gross_m2 float8)
returns jsonb language sql immutable as $$
    with r as (
        select
            coalesce(centre_m <= 1000, false) as centre_near,
            coalesce(station_m <= 1000, false) as station_near,
            coalesce(junction_m <= 3000, false) as junction_near,
            coalesce(centre_m > 3000, true) as centre_far,
            coalesce(gross_m2 >= 30000, false) as big,
            coalesce(junction_m <= 5000, false) as junction_reachable
    )
    select case
        when centre_near and station_near then jsonb_build_object('profile', 'A', 'reasons', jsonb_build_array(
            jsonb_build_object('code', 'town_centre', 'value_m', round(centre_m), 'limit', '<= 1000', 'met', true),
            jsonb_build_object('code', 'station', 'value_m', round(station_m), 'limit', '<= 1000', 'met', true)))
        when junction_near and centre_far then jsonb_build_object('profile', 'C', 'reasons', jsonb_build_array(
            jsonb_build_object('code', 'e6_junction', 'value_m', round(junction_m), 'limit', '<= 3000', 'met', true),
            jsonb_build_object('code', 'town_centre', 'value_m', round(centre_m), 'limit', '> 3000', 'met', true)))
        when big and junction_reachable then jsonb_build_object('profile', 'C', 'reasons', jsonb_build_array(
            jsonb_build_object('code', 'area', 'value_m2', round(gross_m2), 'limit', '>= 30000', 'met', true),
            jsonb_build_object('code', 'e6_junction', 'value_m', round(junction_m), 'limit', '<= 5000', 'met', true)))
        else jsonb_build_object('profile', 'B', 'reasons', jsonb_build_array(
            jsonb_build_object('code', 'town_centre', 'value_m', round(centre_m), 'limit', '<= 1000', 'met', centre_near),
            jsonb_build_object('code', 'station', 'value_m', round(station_m), 'limit', '<= 1000', 'met', station_near),
            jsonb_build_object('code', 'e6_junction', 'value_m', round(junction_m), 'limit', '<= 3000', 'met', junction_near)))
        end
    from r
$$;

-- Facts follow the outline: computed when an area is created and whenever its outline
-- changes, in the same transaction.
create function area_fact_refresh() returns trigger language plpgsql as $$
begin
    perform refresh_area_facts(array[new.id]);
    return null;
end
$$;
create trigger area_fact_on_insert after insert on area
    for each row execute function area_fact_refresh();
create trigger area_fact_on_outline after update of geom on area
    for each row when (old.geom is distinct from new.geom) execute function area_fact_refresh();

-- The computed facts as flat GeoJSON properties (easy to filter and to read in QGIS).
-- A substation's figures are stale when older than `arealbank.substation_stale_days`
-- (set per connection from the configuration; 365 when unset).
create function area_fact_properties(f area_fact, gross_m2 float8) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'e6_junction_m', round(f.e6_junction_m::numeric, 1),
        'main_road_m', round(f.main_road_m::numeric, 1),
        'rail_terminal_m', round(f.rail_terminal_m::numeric, 1),
        'passenger_station_m', round(f.passenger_station_m::numeric, 1),
        'skysstasjon_m', round(f.skysstasjon_m::numeric, 1),
        'town_centre_m', round(f.town_centre_m::numeric, 1),
        'substation_m', round(f.substation_m::numeric, 1),
        'substation_name', s.name,
        'substation_operator', s.operator,
        'substation_voltage_kv', s.voltage_kv,
        'substation_free_mw_min', s.free_capacity_mw_min,
        'substation_free_mw_max', s.free_capacity_mw_max,
        'substation_future_mw_min', s.future_capacity_mw_min,
        'substation_future_mw_max', s.future_capacity_mw_max,
        'substation_measure', s.measure,
        'substation_expected_year', s.expected_year,
        'substation_queue_status', s.queue_status,
        'substation_source_url', s.source_url,
        'substation_as_of', s.as_of,
        'substation_stale', s.as_of < current_date - coalesce(
            nullif(current_setting('arealbank.substation_stale_days', true), '')::int, 365),
        'substation_demo', s.demo,
        'farmland_m2', coalesce(f.conflicts -> 'farmland' -> 'm2', '0'),
        'farmland_share', coalesce(f.conflicts -> 'farmland' -> 'share', '0'),
        'farmland_classes_m2', f.farmland_classes,
        'protected_nature_m2', coalesce(f.conflicts -> 'protected_nature' -> 'm2', '0'),
        'protected_nature_share', coalesce(f.conflicts -> 'protected_nature' -> 'share', '0'),
        'flood_zone_m2', coalesce(f.conflicts -> 'flood_zone' -> 'm2', '0'),
        'flood_zone_share', coalesce(f.conflicts -> 'flood_zone' -> 'share', '0'),
        'landslide_hazard_m2', coalesce(f.conflicts -> 'landslide_hazard' -> 'm2', '0'),
        'landslide_hazard_share', coalesce(f.conflicts -> 'landslide_hazard' -> 'share', '0'),
        'cultural_heritage_m2', coalesce(f.conflicts -> 'cultural_heritage' -> 'm2', '0'),
        'cultural_heritage_share', coalesce(f.conflicts -> 'cultural_heritage' -> 'share', '0'),
        'location_profile', p -> 'profile',
        'location_profile_reasons', p -> 'reasons',
        'facts_computed_at', f.computed_at)
    from (select location_profile(f.town_centre_m, least(f.passenger_station_m, f.skysstasjon_m),
                                  f.e6_junction_m, gross_m2) as p) prof
    left join substation s on s.id = f.substation_id
$$;

-- Public items carry the computed facts (distances, power, conflicts, profile).
create or replace view area_public as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    '{"type":"Feature","id":"' || a.id::text || '","geometry":' || a.geometry_geojson
    || ',"properties":' || left(json_build_object(
        'reference', a.reference,
        'name', a.name,
        'municipality', a.municipality,
        'kind', a.kind,
        'readiness', a.readiness,
        'availability', a.availability,
        'available_from', a.available_from,
        'area_gross_m2', round(a.area_gross_m2::numeric, 1),
        'area_available_m2', round(a.area_available_m2::numeric, 1),
        'largest_free_plot_m2', round(a.largest_free_plot_m2::numeric, 1),
        'plan_type', a.plan_type,
        'plan_status', a.plan_status,
        'land_use_list', a.land_use_list,
        'land_use_code', a.land_use_code,
        'land_use_status', a.land_use_status,
        'plan_id', a.plan_id,
        'plan_name', a.plan_name,
        'plan_url', a.plan_url,
        'utilization_type', a.utilization_type,
        'utilization_value', a.utilization_value,
        'land_control', a.land_control,
        'price_nok_per_m2_min', a.price_nok_per_m2_min,
        'price_nok_per_m2_max', a.price_nok_per_m2_max,
        'lease_possible', a.lease_possible,
        'water', a.water,
        'sewage', a.sewage,
        'stormwater', a.stormwater,
        'fibre', a.fibre,
        'district_heating', a.district_heating,
        'current_use', a.current_use,
        'proposed_use', a.proposed_use,
        'outdated', a.outdated,
        'outdated_cause', a.outdated_cause,
        'description', a.description,
        'contact_name', a.contact_name,
        'contact_email', a.contact_email,
        'contact_phone', a.contact_phone,
        'data_quality', a.data_quality,
        'first_added', a.first_added,
        'last_confirmed', a.last_confirmed,
        'updated_at', a.updated_at,
        'demo', a.demo
    )::text, -1)
    || coalesce(',' || substr(area_fact_properties(f, a.area_gross_m2)::text, 2), '}')
    || '}' as feature,
    a.version
from area a
left join area_fact f on f.area_id = a.id
where a.published and (a.end_date is null or a.end_date > current_date);
