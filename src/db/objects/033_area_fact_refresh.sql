-- Facts follow the outline: computed when an area is created and whenever its outline
-- changes, in the same transaction.
create function area_fact_refresh() returns trigger language plpgsql as $$
begin
    perform refresh_area_facts(array[new.id]);
    return null;
end
$$;
create trigger area_fact_on_insert after insert on area
    for each row execute function area_fact_refresh();
create trigger area_fact_on_outline after update of geom on area
    for each row when (old.geom is distinct from new.geom) execute function area_fact_refresh();
