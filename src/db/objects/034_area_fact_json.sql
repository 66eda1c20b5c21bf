-- The computed facts of an area as flat GeoJSON properties (easy to filter and to read in
-- QGIS), with its substation's figures. A single expression, which PostgreSQL inlines.
create function area_fact_json(f area_fact, s substation, gross_m2 float8) returns json
language sql stable as $$
    select ('{' || {{fact_properties}} || '}')::json
$$;
