-- Reading the facts cheaply. `area_fact_properties` looked its substation up with a query
-- per call (about 0.24 ms per area, most of the cost of a page of items); this version
-- takes the substation row from the caller's join and is a single expression, which
-- PostgreSQL inlines into the query (about 5x faster). Same properties, same values.

create function area_fact_json(f area_fact, s substation, gross_m2 float8) returns json
language sql stable as $$
    select json_build_object(
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
        'location_profile', location_profile(f.town_centre_m, least(f.passenger_station_m, f.skysstasjon_m),
                                            f.e6_junction_m, gross_m2) -> 'profile',
        'location_profile_reasons', location_profile(f.town_centre_m, least(f.passenger_station_m, f.skysstasjon_m),
                                                    f.e6_junction_m, gross_m2) -> 'reasons',
        'facts_computed_at', f.computed_at)
$$;

create or replace function area_fact_properties(f area_fact, gross_m2 float8) returns jsonb
language sql stable as $$
    select area_fact_json(f, s, gross_m2)::jsonb
    from (select) one
    left join substation s on s.id = f.substation_id
$$;

-- Public items carry the computed facts (distances, power, conflicts, profile); the
-- substation is joined here, once per query, not looked up per row.
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
    || coalesce(',' || substr(area_fact_json(f, s, a.area_gross_m2)::text, 2), '}')
    || '}' as feature,
    a.version
from area a
left join area_fact f on f.area_id = a.id
left join substation s on s.id = f.substation_id
where a.published and (a.end_date is null or a.end_date > current_date);
