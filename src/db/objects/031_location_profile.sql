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
