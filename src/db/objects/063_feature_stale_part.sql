-- The `substation_stale` property, which depends on today's date, added when read (as
-- area_public does); one definition for every Feature text built from area_feature.
create function feature_stale_part(has_facts boolean, as_of date) returns text
language sql stable parallel safe as $$
    select case when has_facts then ',"substation_stale":' || coalesce((as_of < current_date - coalesce(
            nullif(current_setting('arealbank.substation_stale_days', true), '')::int, 365))::text, 'null')
           else '' end
$$;
