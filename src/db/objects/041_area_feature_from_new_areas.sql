-- A new or changed area gets its Feature text rebuilt in the same statement.
create function area_feature_from_new_areas() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(select id from new_rows));
    return null;
end
$$;
create trigger area_feature_on_insert after insert on area
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_areas();
create trigger area_feature_on_update after update on area
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_areas();
