-- What anyone may see: public areas without private fields, each with its Feature text
-- as kept in area_feature plus `substation_stale`.
create view area_public as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    c.body || feature_stale_part(c.has_facts, c.substation_as_of) || '}}' as feature,
    a.version
from area_visible a
-- a left join on the key: queries that do not read `feature` (counts, tiles) skip it
left join area_feature c on c.area_id = a.id;
