-- Benchmark of the facts computation (issues 4 and 15): 10 000 areas against layers of
-- realistic size (5 000 road segments, 20 000 farmland polygons) in the Lillehammer region,
-- then again with a plan register (a master plan of 3 000 purpose areas, 400 zoning plans
-- of 4 purposes each) and 500 named protected areas (the zoning overlay and the conflicts'
-- per-feature detail), both in the same run.
-- Run by scripts/bench-facts on a fresh, seeded database. `psql -v scale=F` multiplies
-- every synthetic count by F (the test suite's smoke run uses 0.02).
\set ON_ERROR_STOP on
\if :{?scale}
\else
\set scale 1
\endif
\pset pager off
select setseed(0.42);

\echo '== synthetic layers: 5 000 road segments, 20 000 farmland polygons'
insert into layer_feature (kind, name, geom)
select 'main_road', 'bench road ' || i,
       st_makeline(p, st_translate(p, 150 + 250 * random() * cos(a), 150 + 250 * random() * sin(a)))
from (select i, random() * 2 * pi() as a,
             st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832) as p
      from generate_series(1, ceil(5000 * :scale)::int) i) s;
insert into layer_feature (kind, name, class, geom)
select 'farmland', 'bench field ' || i, (array['21', '22', '23'])[1 + i % 3],
       st_buffer(p, 40 + random() * 120, 3)
from (select i, st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832) as p
      from generate_series(1, ceil(20000 * :scale)::int) i) s;
analyze layer_feature;
select kind, count(*) from layer_feature group by kind order by count(*) desc;

\echo '== 10 000 synthetic areas (facts not computed while loading)'
alter table area disable trigger area_fact_on_insert;
insert into area (reference, name, municipality, kind, geom, demo)
select 'BENCH-' || i, 'Bench area ' || i, '3405', 'available',
       st_multi(st_buffer(st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832),
                          50 + random() * 150, 4)), true
from generate_series(1, ceil(10000 * :scale)::int) i;
alter table area enable trigger area_fact_on_insert;
analyze area;
select count(*) as areas from area;

\echo '== the plan for one area (auto_explain of the statements inside refresh_area_facts)'
load 'auto_explain';
set auto_explain.log_min_duration = 0;
set auto_explain.log_nested_statements = on;
set auto_explain.log_analyze = on;
set auto_explain.log_timing = off;
set auto_explain.log_level = notice;
select count(*) from (select refresh_area_facts(array(select id from area where reference = 'BENCH-1'))) r;
set auto_explain.log_min_duration = -1;

\echo '== recompute the facts of every area, GiST/KNN as designed (reference layers only)'
\timing on
select count(*) from (select refresh_area_facts(array(select id from area))) r;
\timing off

\echo '== synthetic plan register: a master plan of 3 000 purpose areas, 400 zoning plans (4 purposes each, 80 % in force); 500 named protected areas'
insert into plan_import (municipalities, source, format, as_of, loaded_by, plans, purposes)
values ('{3405}', 'bench', 'bench', current_date, 'bench', 401, 4600);
insert into plan (import_id, level, municipality, ident, plan_type, status, name, in_force, geom)
values ((select max(id) from plan_import), 'kp', '3405', 'BENCH-KP', 20, 3, 'Bench KPA', '2011-06-01',
        st_multi(st_makeenvelope(557000, 6766000, 595000, 6792000, 25832)));
insert into plan_purpose (plan_id, code, status, geom)
select (select id from plan where ident = 'BENCH-KP'), (array[1300, 5100, 1130, 1800])[1 + (x + y) % 4],
       1 + (x * y) % 2,
       st_multi(st_makeenvelope(557000 + x * 633.3, 6766000 + y * 520, 557000 + (x + 1) * 633.3,
                                6766000 + (y + 1) * 520, 25832))
from generate_series(0, 59) x, generate_series(0, 49) y;
insert into plan (import_id, level, municipality, ident, plan_type, status, name, in_force, geom)
select (select max(id) from plan_import), 'rp', '3405', 'BENCH-RP-' || i, 35,
       case when random() < 0.8 then 3 else 2 end, 'Bench plan ' || i,
       date '2000-01-01' + (random() * 9000)::int,
       st_multi(st_makeenvelope(x, y, x + 400, y + 400, 25832))
from (select i, 557000 + random() * 37600 as x, 6766000 + random() * 25600 as y
      from generate_series(1, ceil(400 * :scale)::int) i) s;
insert into plan_purpose (plan_id, code, geom)
select p.id, (array[1340, 2011, 1300, 3040])[q + 1],
       st_multi(st_makeenvelope(st_xmin(p.geom) + (q % 2) * 200, st_ymin(p.geom) + (q / 2) * 200,
                                st_xmin(p.geom) + (q % 2 + 1) * 200, st_ymin(p.geom) + (q / 2 + 1) * 200, 25832))
from plan p, generate_series(0, 3) q where p.level = 'rp';
insert into layer_feature (kind, name, class, class_nb, class_en, ref, link, geom)
select 'protected_nature', 'Bench reserve ' || i, 'NR', 'naturreservat', 'nature reserve', 'VV' || i,
       'https://faktaark.naturbase.no/?id=VV' || i,
       st_buffer(st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832),
                 100 + random() * 200, 4)
from generate_series(1, ceil(500 * :scale)::int) i;
analyze plan; analyze plan_purpose; analyze layer_feature;

\echo '== recompute the facts of every area with the plan register and the named features'
\timing on
select count(*) from (select refresh_area_facts(array(select id from area))) r;
\timing off
select count(*) filter (where jsonb_array_length(zoning -> 'parts') > 0) as areas_with_zoning,
       count(*) filter (where conflicts ? 'protected_nature') as areas_near_protected_nature
from area_fact;
select count(*) as areas_with_facts from area_fact;

\echo '== baseline in the same run: 500 areas with index scans switched off (what a scan per area costs)'
set enable_indexscan = off;
set enable_bitmapscan = off;
\timing on
select count(*) from (select refresh_area_facts(array(select id from area order by id limit ceil(500 * :scale)::int))) r;
\timing off
reset enable_indexscan;
reset enable_bitmapscan;

\echo '== the same 500 areas with the indexes'
\timing on
select count(*) from (select refresh_area_facts(array(select id from area order by id limit ceil(500 * :scale)::int))) r;
\timing off
