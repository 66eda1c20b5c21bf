-- 100 000 synthetic areas (90 % published) in the Lillehammer region for the search
-- benchmark (scripts/bench-search), with random facts: sizes, readiness, dates, land
-- control, prices, utilities. Loaded in bulk (the import's per-area checks are not what
-- is measured), then their facts are computed from the seeded reference layers.
-- `psql -v areas=N` loads N instead (the test suite's smoke run uses a few hundred).
\set ON_ERROR_STOP on
\pset pager off
\if :{?areas}
\else
\set areas 100000
\endif
select setseed(0.5);
-- the seeded demo areas go, with everything that refers to them (history, facts, the
-- demo comparison set's members, enquiries)
truncate area cascade;
alter table area disable trigger area_fact_on_insert;
insert into area (reference, name, municipality, kind, geom, published, demo, readiness,
                  availability, available_from, area_available_m2, land_control,
                  price_nok_per_m2_min, price_nok_per_m2_max, water, sewage, fibre)
select 'BENCH-' || i, 'Syntetisk område ' || i, m.number,
       (array['available', 'transformation', 'candidate'])[1 + i % 3],
       g.geom, random() < 0.9, true,
       (array['idea', 'in_planning', 'zoned', 'serviced', 'ready'])[1 + floor(random() * 5)::int],
       (array['available', 'available', 'reserved', 'partly_taken', 'taken'])[1 + floor(random() * 5)::int],
       case when random() < 0.5 then date '2025-01-01' + (random() * 1500)::int end,
       case when random() < 0.6 then st_area(g.geom) * (0.3 + 0.7 * random()) end,
       (array['municipal', 'private', 'company', 'developer', 'unknown'])[1 + floor(random() * 5)::int],
       p.price, p.price + 200,
       (array['yes', 'no', 'planned', 'unknown'])[1 + floor(random() * 4)::int],
       (array['yes', 'no', 'planned', 'unknown'])[1 + floor(random() * 4)::int],
       (array['yes', 'no', 'planned', 'unknown'])[1 + floor(random() * 4)::int]
from generate_series(1, 2 * :areas) i
cross join lateral (
    -- a polygon of 3–150 daa somewhere in the three municipalities (`i` makes the
    -- subquery run per row: an uncorrelated one would run once)
    select st_multi(st_buffer(st_setsrid(st_makepoint(516000 + random() * 84000 + 0 * i,
                                                        6765000 + random() * 52000), 25832),
                              30 + random() * 190, 3)) as geom
) g
cross join lateral (select case when random() < 0.6 + 0 * i
                               then round((200 + random() * 1200)::numeric) end as price) p
join municipality m on st_intersects(m.geom, st_centroid(g.geom))
limit :areas;
alter table area enable trigger area_fact_on_insert;
select count(*) as areas, count(*) filter (where published) as published from area;
\echo '== computing facts for every area (GiST/KNN per layer)'
\timing on
select count(*) from (select refresh_area_facts(array(select id from area))) r;
\timing off
vacuum analyze area;
vacuum analyze area_fact;
