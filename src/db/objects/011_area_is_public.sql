-- The public rule, written once: published and current. Every view, trigger and query
-- that asks "may anyone see this area" reads this function (or area_visible, built on it).
create function area_is_public(published boolean, end_date date) returns boolean
language sql stable parallel safe as $$
    select published and area_is_current(end_date)
$$;
