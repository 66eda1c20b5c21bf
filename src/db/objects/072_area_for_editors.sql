-- Planners and admins: the same with the private fields.
create view area_for_editors as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    c.body || feature_stale_part(c.has_facts, c.substation_as_of)
    || {{signed_in_properties}}
    || {{private_properties}} || '}}' as feature,
    a.version
from area_current a
left join area_feature c on c.area_id = a.id;
