-- Replace an area's facts (and its outline when $5 is given), bumping its version. An
-- outline within 2 cm of the stored one (e.g. the same outline after a round trip through
-- CRS84 with 7 decimals) keeps the stored one, so it is not recorded as a change.
update area set
    reference = $2, name = $3, municipality = $4,
    geom = coalesce(
        (select case when ST_HausdorffDistance(n.g, area.geom) <= 0.02 then area.geom else n.g end
         from (select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5::text), 25832)) as g) n
         where n.g is not null),
        geom),
    kind = $6, published = $7, data_quality = $8,
    last_confirmed = $9, end_date = $10, end_reason = $11, area_available_m2 = $12,
    largest_free_plot_m2 = $13, readiness = $14, availability = $15, available_from = $16,
    plan_type = $17, plan_status = $18, land_use_list = $19, land_use_code = $20,
    land_use_status = $21, plan_id = $22, plan_name = $23, plan_url = $24,
    utilization_type = $25, utilization_value = $26, land_control = $27, owner_name = $28,
    price_nok_per_m2_min = $29::float8, price_nok_per_m2_max = $30::float8, lease_possible = $31,
    water = $32, sewage = $33, stormwater = $34, fibre = $35, district_heating = $36,
    current_use = $37, proposed_use = $38, outdated = $39, outdated_cause = $40,
    description = $41, internal_notes = $42, contact_name = $43, contact_email = $44,
    contact_phone = $45,
    version = version + 1
where id = $1
returning version
