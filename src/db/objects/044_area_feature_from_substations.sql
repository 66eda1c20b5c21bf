-- An edited substation rebuilds the Feature texts of the areas it serves.
create function area_feature_from_substations() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(
        select f.area_id from area_fact f join new_rows n on n.id = f.substation_id));
    return null;
end
$$;
create trigger area_feature_on_substation_update after update on substation
    referencing new table as new_rows for each statement
    execute function area_feature_from_substations();
