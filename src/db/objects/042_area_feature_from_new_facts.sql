-- New or recomputed facts rebuild their areas' Feature texts.
create function area_feature_from_new_facts() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(select area_id from new_rows));
    return null;
end
$$;
create trigger area_feature_on_fact_insert after insert on area_fact
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_facts();
create trigger area_feature_on_fact_update after update on area_fact
    referencing new table as new_rows for each statement
    execute function area_feature_from_new_facts();
