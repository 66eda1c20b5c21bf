-- 0 (idea) … 4 (ready to build); null for an unknown code
create function readiness_rank(r text) returns integer language sql immutable parallel safe as $$
    select array_position(array['idea', 'in_planning', 'zoned', 'serviced', 'ready'], r) - 1
$$;
