-- What the public may see — published and not ended — as its own view, so that queries
-- that need every column of an area (CQL2 filters, sorting) read the same rule as
-- area_public without joining the area table twice. area_public is the same as in 0016,
-- now on top of it.
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
