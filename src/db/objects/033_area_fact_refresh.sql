-- Facts follow the outline: computed when an area is created and whenever its outline
-- changes, in the same transaction; and when its entered arealformål changes (the zoning
-- facts say whether it agrees with the plan register).
create function area_fact_refresh() returns trigger language plpgsql as $$
begin
    perform refresh_area_facts(array[new.id]);
    return null;
end
$$;
create trigger area_fact_on_insert after insert on area
    for each row execute function area_fact_refresh();
create trigger area_fact_on_outline after update of geom, land_use_list, land_use_code on area
    -- compared as EWKB: the bytea operator is found with any search_path (pg_restore's
    -- is empty, where geometry's own operator is not)
    for each row when (old.geom::bytea is distinct from new.geom::bytea
                       or (old.land_use_list, old.land_use_code)
                          is distinct from (new.land_use_list, new.land_use_code))
    execute function area_fact_refresh();
