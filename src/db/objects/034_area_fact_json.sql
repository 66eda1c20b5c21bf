-- The computed facts of an area as flat GeoJSON properties (easy to filter and to read in
-- QGIS), with its substation's figures. A single expression, which PostgreSQL inlines.
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
