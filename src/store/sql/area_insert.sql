insert into area (
    reference, name, municipality, kind, geom, published, demo, data_quality,
    first_added, last_confirmed, end_date, end_reason, area_available_m2, largest_free_plot_m2,
    readiness, availability, available_from, plan_type, plan_status, land_use_list, land_use_code,
    land_use_status, plan_id, plan_name, plan_url, utilization_type, utilization_value,
    land_control, owner_name, price_nok_per_m2_min, price_nok_per_m2_max, lease_possible,
    water, sewage, stormwater, fibre, district_heating, current_use, proposed_use, outdated,
    outdated_cause, description, internal_notes, contact_name, contact_email, contact_phone
) values (
    $1, $2, $3, $4, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 25832)), $6, $7, $8,
    coalesce($9, current_date), $10, $11, $12, $13, $14,
    $15, $16, $17, $18, $19, $20, $21,
    $22, $23, $24, $25, $26, $27,
    $28, $29, $30::float8, $31::float8, $32,
    $33, $34, $35, $36, $37, $38, $39, $40,
    $41, $42, $43, $44, $45, $46
)
returning id
