-- on change: select refresh_area_feature(array(select id from area))
-- Each area's Feature text, kept ready in `area_feature` (without `substation_stale`, which
-- depends on today's date, and without its two closing braces), rebuilt by the triggers
-- of the next files whenever the area, its facts or its substation change. The public
-- fields and the facts are listed by the field table (`{{…}}`, see store::fields).
create function refresh_area_feature(ids uuid[]) returns void
language sql as $$
    insert into area_feature as c (area_id, body, has_facts, substation_as_of)
    select a.id,
        '{"type":"Feature","id":"' || a.id::text || '","geometry":' || a.geometry_geojson
    || ',"properties":{' || {{public_properties}}
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
