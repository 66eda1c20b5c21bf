-- on change: update area_public_tally set open_published = (select count(*) from area where area_is_public(published, end_date) and end_date is null)
-- How many public areas have no end date (`area_public_tally`), kept by statement
-- triggers; areas with an end date are few and counted when asked (their end may pass at
-- midnight).
create function area_tally_change() returns trigger language plpgsql as $$
declare
    delta bigint := 0;
begin
    if tg_op = 'TRUNCATE' then
        update area_public_tally set open_published = 0;
        return null;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        delta := delta + (select count(*) from new_rows
                          where area_is_public(published, end_date) and end_date is null);
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        delta := delta - (select count(*) from old_rows
                          where area_is_public(published, end_date) and end_date is null);
    end if;
    if delta <> 0 then
        update area_public_tally set open_published = open_published + delta;
    end if;
    return null;
end
$$;
create trigger area_tally_on_insert after insert on area
    referencing new table as new_rows for each statement execute function area_tally_change();
create trigger area_tally_on_update after update on area
    referencing old table as old_rows new table as new_rows for each statement
    execute function area_tally_change();
create trigger area_tally_on_delete after delete on area
    referencing old table as old_rows for each statement execute function area_tally_change();
create trigger area_tally_on_truncate after truncate on area
    for each statement execute function area_tally_change();
