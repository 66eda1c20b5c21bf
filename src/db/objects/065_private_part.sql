-- The private fields (personal data and internal notes): planners and admins only.
create function private_part(owner_name text, internal_notes text)
returns text language sql immutable parallel safe as $$
    select ',"owner_name":' || coalesce(to_json(owner_name)::text, 'null')
        || ',"internal_notes":' || coalesce(to_json(internal_notes)::text, 'null')
$$;
