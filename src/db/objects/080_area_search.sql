-- Search over public areas: one row per area with the facts a company searches by (the
-- criteria of /api/search), flat and typed, so that each criterion is a plain comparison.
-- The rows are the narrow `area_criteria` kept by 036/045 and the substation's capacity
-- as it is now; `geom` comes from `area` only for a search with a place or a shape (the
-- planner drops the join to `area` when no condition reads it). The criteria are judged
-- per row so that near misses can be told apart.
create view area_search as
select
    c.area_id as id, c.municipality, c.kind, c.readiness, c.availability, c.available_from,
    c.available_m2, c.land_control, c.price_min, c.fibre, c.utilities_present,
    c.e6_junction_m, c.rail_terminal_m, c.skysstasjon_m, c.town_centre_m, c.main_road_m,
    s.name as substation_name,
    s.free_capacity_mw_min as free_mw_min,
    s.free_capacity_mw_max as free_mw_max,
    c.farmland_share, c.nature_share, c.flood_share, c.landslide_share, c.quick_clay_share,
    a.geom
from area_criteria c
left join area a on a.id = c.area_id
left join substation s on s.id = c.substation_id
where area_is_public(c.published, c.end_date);
