-- What the public may read: published areas that have not ended, each with its
-- RFC 7946 Feature built by PostGIS. Private fields (owner_name, internal_notes) are
-- not in this view at all, so no public query can leak them.
create view area_public as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.geom, a.demo, a.updated_at,
    '{"type":"Feature","id":"' || a.id::text || '","geometry":' || a.geometry_geojson
    || ',"properties":' || json_build_object(
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
    )::text || '}' as feature
from area a
where a.published and (a.end_date is null or a.end_date > current_date);
