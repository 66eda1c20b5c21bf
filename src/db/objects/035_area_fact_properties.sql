-- The same facts looking the substation up (the export reads areas one row at a time).
create function area_fact_properties(f area_fact, gross_m2 float8) returns jsonb
language sql stable as $$
    select area_fact_json(f, s, gross_m2)::jsonb
    from (select) one
    left join substation s on s.id = f.substation_id
$$;
