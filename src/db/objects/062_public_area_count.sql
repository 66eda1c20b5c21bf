-- The number of areas in area_public, without counting them: the kept tally of those with
-- no end date plus the few public ones whose end date is still ahead.
create function public_area_count() returns bigint language sql stable as $$
    select t.open_published
           + (select count(*) from area_visible where end_date is not null)
    from area_public_tally t
$$;
