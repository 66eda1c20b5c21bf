-- Lets the capped numberMatched count and key-ordered pages of public areas be answered
-- from the index alone: the visibility test (end_date) and the simple filters are in it.
drop index if exists area_published_id_idx;
create index area_published_id_idx on area (id)
    include (end_date, municipality, kind, readiness, availability)
    where published;
