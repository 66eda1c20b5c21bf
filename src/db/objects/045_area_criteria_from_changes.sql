-- A new or changed area, and new, recomputed or removed facts, rebuild the areas' search
-- criteria in the same statement (a removed area takes its row with it: on delete cascade).
create function area_criteria_from_changes() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'area' then
        perform refresh_area_criteria(array(select id from new_rows));
    elsif tg_op = 'DELETE' then
        perform refresh_area_criteria(array(select area_id from old_rows));
    else
        perform refresh_area_criteria(array(select area_id from new_rows));
    end if;
    return null;
end
$$;
create trigger area_criteria_on_insert after insert on area
    referencing new table as new_rows for each statement
    execute function area_criteria_from_changes();
create trigger area_criteria_on_update after update on area
    referencing new table as new_rows for each statement
    execute function area_criteria_from_changes();
create trigger area_criteria_on_fact_insert after insert on area_fact
    referencing new table as new_rows for each statement
    execute function area_criteria_from_changes();
create trigger area_criteria_on_fact_update after update on area_fact
    referencing new table as new_rows for each statement
    execute function area_criteria_from_changes();
create trigger area_criteria_on_fact_delete after delete on area_fact
    referencing old table as old_rows for each statement
    execute function area_criteria_from_changes();
