-- Search over public areas: one row per area with the facts a company searches by (the
-- criteria of /api/search), flat and typed, so that each criterion is a plain comparison.
-- Scope filters (municipality, kind, availability, where) use the area's own indexes; the
-- criteria are judged per row so that near misses can be told apart.
create view area_search as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.available_from,
    coalesce(a.area_available_m2, a.area_gross_m2) as available_m2,
    a.land_control,
    a.price_nok_per_m2_min::float8 as price_min,
    a.fibre,
    array_remove(array[
        case when a.water = 'yes' then 'water' end,
        case when a.sewage = 'yes' then 'sewage' end,
        case when a.stormwater = 'yes' then 'stormwater' end,
        case when a.fibre = 'yes' then 'fibre' end,
        case when a.district_heating = 'yes' then 'district_heating' end], null) as utilities_present,
    f.e6_junction_m, f.rail_terminal_m, f.skysstasjon_m, f.town_centre_m, f.main_road_m,
    s.name as substation_name,
    s.free_capacity_mw_min as free_mw_min,
    s.free_capacity_mw_max as free_mw_max,
    coalesce((f.conflicts -> 'farmland' ->> 'share')::float8, 0) as farmland_share,
    coalesce((f.conflicts -> 'protected_nature' ->> 'share')::float8, 0) as nature_share,
    coalesce((f.conflicts -> 'flood_zone' ->> 'share')::float8, 0) as flood_share,
    coalesce((f.conflicts -> 'landslide_hazard' ->> 'share')::float8, 0) as landslide_share,
    coalesce((f.conflicts -> 'quick_clay' ->> 'share')::float8, 0) as quick_clay_share,
    a.geom
from area_visible a
left join area_fact f on f.area_id = a.id
left join substation s on s.id = f.substation_id;
