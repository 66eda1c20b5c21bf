-- The properties only signed-in readers get, as a JSON object's members after a comma.
create function signed_in_part(published boolean, version integer, end_date date, end_reason text)
returns text language sql immutable parallel safe as $$
    select ',"published":' || published::text
        || ',"version":' || version::text
        || ',"end_date":' || coalesce(to_json(end_date)::text, 'null')
        || ',"end_reason":' || coalesce(to_json(end_reason)::text, 'null')
$$;
