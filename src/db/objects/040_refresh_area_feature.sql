-- on change: select refresh_area_feature(array(select id from area))
-- Each area's Feature text, kept ready in `area_feature` (without `substation_stale`, which
-- depends on today's date, and without its two closing braces), rebuilt by the triggers
-- below whenever the area, its facts or its substation change.
create function refresh_area_feature(ids uuid[]) returns void
language sql as $$
    insert into area_feature as c (area_id, body, has_facts, substation_as_of)
    select a.id,
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
        || coalesce(',' || substr(x.facts, 2, length(x.facts) - 2), ''),
        f.area_id is not null,
        s.as_of
    from area a
    left join area_fact f on f.area_id = a.id
    left join substation s on s.id = f.substation_id
    cross join lateral (
        select case when f.area_id is not null
                    then (area_fact_json(f, s, a.area_gross_m2)::jsonb - 'substation_stale')::text
               end as facts
    ) x
    where a.id = any(ids)
    on conflict (area_id) do update set
        body = excluded.body, has_facts = excluded.has_facts,
        substation_as_of = excluded.substation_as_of
$$;
