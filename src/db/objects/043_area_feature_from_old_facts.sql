-- Removed facts rebuild their areas' Feature texts.
create function area_feature_from_old_facts() returns trigger language plpgsql as $$
begin
    perform refresh_area_feature(array(select area_id from old_rows));
    return null;
end
$$;
create trigger area_feature_on_fact_delete after delete on area_fact
    referencing old table as old_rows for each statement
    execute function area_feature_from_old_facts();
