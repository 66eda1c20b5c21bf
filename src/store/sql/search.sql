-- The areas of a search: every published area in scope that misses at most one
-- criterion, with the criteria it misses and the facts to score and explain it.
-- $1 municipality[] $2 kind[] $3 availability[] $4 id  $5 bbox WKT $6 polygon WKT (CRS84)
-- $7 lon $8 lat $9 radius m  $10 min_daa $11 max_daa $12 min readiness rank
-- $13 available_by $14 min_mw $15 max_e6_km $16 max_rail_km $17 max_skysstasjon_km
-- $18 max_centre_km $19 max_farmland_pct $20 max_nature_pct $21 land_control[]
-- $22 max_price $23 utilities[] $24 max_flood_pct $25 max_landslide_pct
-- $26 max_quick_clay_pct $27 also the possible future areas (candidates, ideas)
with scope as (
    select s.*,
        case when $7::float8 is null then null::float8
             else st_distance(s.geom, st_transform(st_setsrid(st_makepoint($7, $8), 4326), 25832))
        end as distance_m
    from area_search s
    where ($1::text[] is null or s.municipality = any($1))
      and ($2::text[] is null or s.kind = any($2))
      and ($3::text[] is null or s.availability = any($3))
      and ($4::uuid is null or s.id = $4)
      and ($27::bool or $4::uuid is not null or (s.kind <> 'candidate' and s.readiness <> 'idea'))
      and ($5::text is null or st_intersects(s.geom, st_transform(st_geomfromtext($5, 4326), 25832)))
      and ($6::text is null or st_intersects(s.geom, st_transform(st_geomfromtext($6, 4326), 25832)))
      and ($7::float8 is null or st_dwithin(s.geom,
              st_transform(st_setsrid(st_makepoint($7, $8), 4326), 25832), $9::float8))
), judged as (
    select scope.*, array_remove(array[
        case when $10::float8 is not null and not (available_m2 >= $10 * 1000) then 'min_daa' end,
        case when $11::float8 is not null and not (available_m2 <= $11 * 1000) then 'max_daa' end,
        case when $12::int is not null and not coalesce(readiness_rank(readiness) >= $12, false)
             then 'min_readiness' end,
        -- available by a date: from a date on or before it, or ready to build with no date
        case when $13::date is not null
              and not coalesce(available_from <= $13, readiness = 'ready') then 'available_by' end,
        case when $14::float8 is not null and not coalesce(free_mw_min >= $14, false) then 'min_mw' end,
        case when $15::float8 is not null and not coalesce(e6_junction_m <= $15 * 1000, false)
             then 'max_e6_km' end,
        case when $16::float8 is not null and not coalesce(rail_terminal_m <= $16 * 1000, false)
             then 'max_rail_km' end,
        case when $17::float8 is not null and not coalesce(skysstasjon_m <= $17 * 1000, false)
             then 'max_skysstasjon_km' end,
        case when $18::float8 is not null and not coalesce(town_centre_m <= $18 * 1000, false)
             then 'max_centre_km' end,
        case when $19::float8 is not null and not (farmland_share * 100 <= $19) then 'max_farmland_pct' end,
        case when $20::float8 is not null and not (nature_share * 100 <= $20) then 'max_nature_pct' end,
        case when $21::text[] is not null and not (land_control = any($21)) then 'land_control' end,
        case when $24::float8 is not null and not (flood_share * 100 <= $24) then 'max_flood_pct' end,
        case when $25::float8 is not null and not (landslide_share * 100 <= $25) then 'max_landslide_pct' end,
        case when $26::float8 is not null and not (quick_clay_share * 100 <= $26) then 'max_quick_clay_pct' end,
        case when $22::float8 is not null and not coalesce(price_min <= $22, false) then 'max_price' end,
        case when $23::text[] is not null and not ($23 <@ utilities_present) then 'utilities' end
    ], null) as missed
    from scope
)
select
    id as "id!", available_m2 as "available_m2!", readiness as "readiness!",
    availability as "availability!", available_from, free_mw_min, free_mw_max, substation_name,
    e6_junction_m, rail_terminal_m, skysstasjon_m, town_centre_m, main_road_m,
    farmland_share as "farmland_share!", nature_share as "nature_share!",
    flood_share as "flood_share!", landslide_share as "landslide_share!",
    quick_clay_share as "quick_clay_share!", kind as "kind!",
    land_control as "land_control!", price_min, fibre as "fibre!",
    utilities_present as "utilities_present!", distance_m, missed as "missed!"
from judged
where cardinality(missed) <= 1
