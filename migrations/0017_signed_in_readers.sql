-- Signed-in readers see more than the public through the same OGC API: planners and
-- viewers also unpublished areas (so that an area a planner just created in QGIS stays in
-- their layer), planners and admins also the private fields. Ended areas stay out, as an
-- ended (deleted) feature must leave a GIS client's layer.
--
-- The current rule (not ended) is declared once here; area_visible adds "published".

create view area_current as
select * from area
where end_date is null or end_date > current_date;

-- The `substation_stale` property, which depends on today's date, added when read (as
-- area_public does); one definition for every Feature text built from area_feature.
create function feature_stale_part(has_facts boolean, as_of date) returns text
language sql stable parallel safe as $$
    select case when has_facts then ',"substation_stale":' || coalesce((as_of < current_date - coalesce(
            nullif(current_setting('arealbank.substation_stale_days', true), '')::int, 365))::text, 'null')
           else '' end
$$;

-- The properties only signed-in readers get, as a JSON object's members after a comma.
create function signed_in_part(published boolean, version integer, end_date date, end_reason text)
returns text language sql immutable parallel safe as $$
    select ',"published":' || published::text
        || ',"version":' || version::text
        || ',"end_date":' || coalesce(to_json(end_date)::text, 'null')
        || ',"end_reason":' || coalesce(to_json(end_reason)::text, 'null')
$$;

-- The private fields (personal data and internal notes): planners and admins only.
create function private_part(owner_name text, internal_notes text)
returns text language sql immutable parallel safe as $$
    select ',"owner_name":' || coalesce(to_json(owner_name)::text, 'null')
        || ',"internal_notes":' || coalesce(to_json(internal_notes)::text, 'null')
$$;

-- Viewers: every current area, published or not, without private fields.
create view area_for_readers as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    c.body || feature_stale_part(c.has_facts, c.substation_as_of)
    || signed_in_part(a.published, a.version, a.end_date, a.end_reason) || '}}' as feature,
    a.version
from area_current a
left join area_feature c on c.area_id = a.id;

-- Planners and admins: the same with the private fields.
create view area_for_editors as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    c.body || feature_stale_part(c.has_facts, c.substation_as_of)
    || signed_in_part(a.published, a.version, a.end_date, a.end_reason)
    || private_part(a.owner_name, a.internal_notes) || '}}' as feature,
    a.version
from area_current a
left join area_feature c on c.area_id = a.id;
