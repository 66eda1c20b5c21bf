-- Every statement that writes areas, their facts, their kept Feature texts or
-- substations tells the running instances at commit (NOTIFY on `arealbank_data`, the
-- channel named in src/store/data_version.rs), so that what they keep in memory from
-- those tables (vector tiles) is built afresh. Notifications of one transaction on one
-- channel with the same text arrive as one.
create function data_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('arealbank_data', '');
    return null;
end
$$;
create trigger area_data_changed after insert or update or delete or truncate on area
    for each statement execute function data_changed();
create trigger area_fact_data_changed after insert or update or delete or truncate on area_fact
    for each statement execute function data_changed();
create trigger area_feature_data_changed after insert or update or delete or truncate on area_feature
    for each statement execute function data_changed();
create trigger substation_data_changed after insert or update or delete or truncate on substation
    for each statement execute function data_changed();
