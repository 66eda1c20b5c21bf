-- One page of public areas in key order, as RFC 7946 Feature texts.
-- $1 after / $2 before: keyset cursors. $8 true pages backwards (nearest rows before $2
-- first); the caller reverses them. Optional filters are written `($n is null or …)`:
-- with custom plans (see db::tuned) PostgreSQL drops the unused branches, folds the CASE
-- in ORDER BY to a plain `id` or `id desc`, and walks the primary key or the GiST index.
-- $7 bbox in SRID $10 (longitude first), densified and transformed as a polygon.
-- $11 the SRID of the answer's coordinates (null: CRS84, the stored GeoJSON text).
-- $12, $13 last changed from / to (`datetime`).
select id as "id!", feature_in_crs(feature, id, geom, $11::int) as "feature!"
from area_public
where ($1::uuid is null or id > $1)
  and ($2::uuid is null or id < $2)
  and ($3::text[] is null or municipality = any($3))
  and ($4::text[] is null or kind = any($4))
  and ($5::text[] is null or readiness = any($5))
  and ($6::text[] is null or availability = any($6))
  and ($7::float8[] is null or ST_Intersects(geom,
        ST_Transform(ST_Segmentize(ST_MakeEnvelope($7[1], $7[2], $7[3], $7[4], $10::int),
                                   case when $10 in (4326, 4258) then 0.02 else 2000 end), 25832)))
  and ($12::timestamptz is null or updated_at >= $12)
  and ($13::timestamptz is null or updated_at <= $13)
order by case when $8::bool then id end desc, id
limit $9
