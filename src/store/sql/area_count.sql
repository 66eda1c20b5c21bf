-- How many public areas match the filters of area_page.sql, counting no further than $6
-- so that a large collection never pays for a full count. $5 bbox in SRID $7;
-- $8, $9 last changed from / to.
select count(*) as "n!"
from (
    select 1
    from area_public
    where ($1::text[] is null or municipality = any($1))
      and ($2::text[] is null or kind = any($2))
      and ($3::text[] is null or readiness = any($3))
      and ($4::text[] is null or availability = any($4))
      and ($5::float8[] is null or ST_Intersects(geom,
            ST_Transform(ST_Segmentize(ST_MakeEnvelope($5[1], $5[2], $5[3], $5[4], $7::int),
                                       case when $7 in (4326, 4258) then 0.02 else 2000 end), 25832)))
      and ($8::timestamptz is null or updated_at >= $8)
      and ($9::timestamptz is null or updated_at <= $9)
    limit $6
) capped
