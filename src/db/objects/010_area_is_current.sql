-- The current rule: an area is current until its end date has passed.
create function area_is_current(end_date date) returns boolean
language sql stable parallel safe as $$
    select end_date is null or end_date > current_date
$$;
