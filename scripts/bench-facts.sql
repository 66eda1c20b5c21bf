-- Benchmark of the facts computation (issue 4): 10 000 areas against layers of realistic
-- size (5 000 road segments, 20 000 farmland polygons) in the Lillehammer region.
-- Run by scripts/bench-facts on a fresh, seeded database.
\set ON_ERROR_STOP on
\pset pager off
select setseed(0.42);

\echo '== synthetic layers: 5 000 road segments, 20 000 farmland polygons'
insert into layer_feature (kind, name, geom)
select 'main_road', 'bench road ' || i,
       st_makeline(p, st_translate(p, 150 + 250 * random() * cos(a), 150 + 250 * random() * sin(a)))
from (select i, random() * 2 * pi() as a,
             st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832) as p
      from generate_series(1, 5000) i) s;
insert into layer_feature (kind, name, class, geom)
select 'farmland', 'bench field ' || i, (array['21', '22', '23'])[1 + i % 3],
       st_buffer(p, 40 + random() * 120, 3)
from (select i, st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832) as p
      from generate_series(1, 20000) i) s;
analyze layer_feature;
select kind, count(*) from layer_feature group by kind order by count(*) desc;

\echo '== 10 000 synthetic areas (facts not computed while loading)'
alter table area disable trigger area_fact_on_insert;
insert into area (reference, name, municipality, kind, geom, demo)
select 'BENCH-' || i, 'Bench area ' || i, '3405', 'available',
       st_multi(st_buffer(st_setsrid(st_makepoint(557000 + random() * 38000, 6766000 + random() * 26000), 25832),
                          50 + random() * 150, 4)), true
from generate_series(1, 10000) i;
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

\echo '== recompute the facts of every area, GiST/KNN as designed'
\timing on
select count(*) from (select refresh_area_facts(array(select id from area))) r;
\timing off
select count(*) as areas_with_facts from area_fact;

\echo '== baseline in the same run: 500 areas with index scans switched off (what a scan per area costs)'
set enable_indexscan = off;
set enable_bitmapscan = off;
\timing on
select count(*) from (select refresh_area_facts(array(select id from area order by id limit 500))) r;
\timing off
reset enable_indexscan;
reset enable_bitmapscan;

\echo '== the same 500 areas with the indexes'
\timing on
select count(*) from (select refresh_area_facts(array(select id from area order by id limit 500))) r;
\timing off
