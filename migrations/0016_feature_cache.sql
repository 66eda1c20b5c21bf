-- Public items are read far more often than areas change, and building an area's Feature
-- text (about 80 properties, two JSON objects and the location profile) cost about 90 µs
-- per row — most of a page's time. Each area's text is now kept ready in `area_feature`
-- and rebuilt by statement triggers in the same transaction whenever the area, its facts
-- or its substation change; reading a page copies text. Only `substation_stale`, which
-- depends on today's date, is added when read. Same properties and values as before.
--
-- `numberMatched` of the whole collection is also kept (`area_public_tally`): counting
-- 100 000 public areas for every first page is what makes other servers slow.

create table area_feature (
    area_id uuid primary key references area (id) on delete cascade,
    -- the Feature text without `substation_stale` and without its two closing braces;
    -- lz4 reads back several times faster than the default pglz
    body text compression lz4 not null,
    has_facts boolean not null,
    substation_as_of date
);

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

create function area_feature_from_new_areas() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(select id from new_rows));
    return null;
end
$$;
create function area_feature_from_new_facts() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(select area_id from new_rows));
    return null;
end
$$;
create function area_feature_from_old_facts() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(select area_id from old_rows));
    return null;
end
$$;
create function area_feature_from_substations() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(
        select f.area_id from area_fact f join new_rows n on n.id = f.substation_id));
    return null;
end
$$;

create trigger area_feature_on_insert after insert on area
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_areas();
create trigger area_feature_on_update after update on area
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_areas();
create trigger area_feature_on_fact_insert after insert on area_fact
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_facts();
create trigger area_feature_on_fact_update after update on area_fact
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_facts();
create trigger area_feature_on_fact_delete after delete on area_fact
    referencing old table as old_rows for each statement
    execute function area_feature_from_old_facts();
create trigger area_feature_on_substation_update after update on substation
    referencing new table as new_rows for each statement
    execute function area_feature_from_substations();

select refresh_area_feature(array(select id from area));

-- What the public may see — published and not ended — as its own view, so that queries
-- that need every column of an area (CQL2 filters, sorting) read the same rule as
-- area_public without joining the area table twice.
create view area_visible as
select * from area
where published and (end_date is null or end_date > current_date);

create or replace view area_public as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    c.body
    || case when c.has_facts then ',"substation_stale":' || coalesce((c.substation_as_of < current_date - coalesce(
            nullif(current_setting('arealbank.substation_stale_days', true), '')::int, 365))::text, 'null')
       else '' end
    || '}}' as feature,
    a.version
from area_visible a
-- a left join on the key: queries that do not read `feature` (counts, tiles) skip it
left join area_feature c on c.area_id = a.id;

-- How many published areas have no end date, kept by statement triggers; areas with an
-- end date are few and counted when asked (their end may pass at midnight).
create table area_public_tally (
    one boolean primary key default true check (one),
    open_published bigint not null
);
insert into area_public_tally (open_published)
select count(*) from area where published and end_date is null;
create index area_published_ending_idx on area (end_date) where published and end_date is not null;

create function area_tally_change() returns trigger language plpgsql as $$
declare
    delta bigint := 0;
begin
    if tg_op = 'TRUNCATE' then
        update area_public_tally set open_published = 0;
        return null;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        delta := delta + (select count(*) from new_rows where published and end_date is null);
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        delta := delta - (select count(*) from old_rows where published and end_date is null);
    end if;
    if delta <> 0 then
        update area_public_tally set open_published = open_published + delta;
    end if;
    return null;
end
$$;
create trigger area_tally_on_insert after insert on area
    referencing new table as new_rows for each statement execute function area_tally_change();
create trigger area_tally_on_update after update on area
    referencing old table as old_rows new table as new_rows for each statement
    execute function area_tally_change();
create trigger area_tally_on_delete after delete on area
    referencing old table as old_rows for each statement execute function area_tally_change();
create trigger area_tally_on_truncate after truncate on area
    for each statement execute function area_tally_change();

-- The number of areas in area_public, without counting them.
create function public_area_count() returns bigint language sql stable as $$
    select t.open_published
           + (select count(*) from area
              where published and end_date is not null and end_date > current_date)
    from area_public_tally t
$$;
