-- The facts each criterion reads, per area (the domain normalises and weighs them).
create view comparison_facts as
select
    a.id, a.name, a.reference, a.municipality, a.kind, a.readiness, a.availability,
    area_is_public(a.published, a.end_date) as public,
    a.demo, a.plan_status, a.plan_type, a.land_use_list, a.land_use_code, a.plan_url,
    a.land_control, a.available_from, a.last_confirmed,
    coalesce(a.area_available_m2, a.area_gross_m2) / 1000 as size,
    readiness_rank(a.readiness)::float8 as readiness_steps,
    s.free_capacity_mw_min as power,
    s.free_capacity_mw_max as power_max,
    s.future_capacity_mw_min as future_power,
    s.future_capacity_mw_max as future_power_max,
    s.expected_year, s.measure, s.name as substation_name, s.as_of as substation_as_of, s.demo as substation_demo,
    f.e6_junction_m / 1000 as e6_junction,
    f.rail_terminal_m / 1000 as rail_terminal,
    f.skysstasjon_m / 1000 as skysstasjon,
    f.town_centre_m / 1000 as town_centre,
    100 * coalesce((f.conflicts -> 'farmland' ->> 'share')::float8, 0) as farmland,
    coalesce((f.conflicts -> 'farmland' ->> 'm2')::float8, 0) / 1000 as farmland_daa,
    100 * coalesce((f.conflicts -> 'protected_nature' ->> 'share')::float8, 0) as nature,
    coalesce((f.conflicts -> 'protected_nature' ->> 'm2')::float8, 0) / 1000 as nature_daa,
    100 * coalesce((f.conflicts -> 'flood_zone' ->> 'share')::float8, 0) as flood,
    coalesce((f.conflicts -> 'flood_zone' ->> 'm2')::float8, 0) / 1000 as flood_daa,
    100 * coalesce((f.conflicts -> 'cultural_heritage' ->> 'share')::float8, 0) as heritage,
    coalesce((f.conflicts -> 'cultural_heritage' ->> 'm2')::float8, 0) / 1000 as heritage_daa,
    case when a.land_control = 'unknown' then null
         when a.land_control in ('municipal', 'intermunicipal', 'state') then 1.0 else 0.0 end as public_land,
    a.price_nok_per_m2_min::float8 as price,
    (case when a.water = 'yes' then 1 else 0 end + case when a.sewage = 'yes' then 1 else 0 end
     + case when a.stormwater = 'yes' then 1 else 0 end + case when a.fibre = 'yes' then 1 else 0 end
     + case when a.district_heating = 'yes' then 1 else 0 end)::float8 as utilities,
    a.geometry_geojson
from area a
left join area_fact f on f.area_id = a.id
left join substation s on s.id = f.substation_id;
