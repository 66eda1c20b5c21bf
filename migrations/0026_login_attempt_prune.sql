-- Sign-in attempts older than a day are deleted at every sign-in (they only serve the
-- throttle of the last minutes); this index finds them without reading the table.
create index login_attempt_age_idx on login_attempt (attempted_at);
