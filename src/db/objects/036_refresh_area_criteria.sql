-- on change: select refresh_area_criteria(array(select id from area))
-- Each area's search criteria, kept ready in `area_criteria` as typed columns, rebuilt by
-- the triggers of 045 whenever the area or its facts change (the substation's capacity
-- is read live: area_search joins it by `substation_id`).
create function refresh_area_criteria(ids uuid[]) returns void
language sql as $$
    insert into area_criteria as c (
        area_id, published, end_date, municipality, kind, readiness, availability,
        available_from, available_m2, land_control, price_min, fibre, utilities_present,
        substation_id, e6_junction_m, rail_terminal_m, skysstasjon_m, town_centre_m,
        main_road_m, farmland_share, nature_share, flood_share, landslide_share,
        quick_clay_share)
    select
        a.id, a.published, a.end_date, a.municipality, a.kind, a.readiness, a.availability,
        a.available_from,
        coalesce(a.area_available_m2, a.area_gross_m2),
        a.land_control,
        a.price_nok_per_m2_min::float8,
        a.fibre,
        array_remove(array[
            case when a.water = 'yes' then 'water' end,
            case when a.sewage = 'yes' then 'sewage' end,
            case when a.stormwater = 'yes' then 'stormwater' end,
            case when a.fibre = 'yes' then 'fibre' end,
            case when a.district_heating = 'yes' then 'district_heating' end], null),
        f.substation_id, f.e6_junction_m, f.rail_terminal_m, f.skysstasjon_m,
        f.town_centre_m, f.main_road_m,
        coalesce((f.conflicts -> 'farmland' ->> 'share')::float8, 0),
        coalesce((f.conflicts -> 'protected_nature' ->> 'share')::float8, 0),
        coalesce((f.conflicts -> 'flood_zone' ->> 'share')::float8, 0),
        coalesce((f.conflicts -> 'landslide_hazard' ->> 'share')::float8, 0),
        coalesce((f.conflicts -> 'quick_clay' ->> 'share')::float8, 0)
    from area a
    left join area_fact f on f.area_id = a.id
    where a.id = any(ids)
    on conflict (area_id) do update set
        published = excluded.published, end_date = excluded.end_date,
        municipality = excluded.municipality, kind = excluded.kind,
        readiness = excluded.readiness, availability = excluded.availability,
        available_from = excluded.available_from, available_m2 = excluded.available_m2,
        land_control = excluded.land_control, price_min = excluded.price_min,
        fibre = excluded.fibre, utilities_present = excluded.utilities_present,
        substation_id = excluded.substation_id, e6_junction_m = excluded.e6_junction_m,
        rail_terminal_m = excluded.rail_terminal_m, skysstasjon_m = excluded.skysstasjon_m,
        town_centre_m = excluded.town_centre_m, main_road_m = excluded.main_road_m,
        farmland_share = excluded.farmland_share, nature_share = excluded.nature_share,
        flood_share = excluded.flood_share, landslide_share = excluded.landslide_share,
        quick_clay_share = excluded.quick_clay_share
$$;
