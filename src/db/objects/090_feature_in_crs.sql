-- OGC API – Features Part 2: an area's Feature text with its coordinates in another CRS.
-- `feature` is the RFC 7946 text of area_public (CRS84); `srid` null keeps it. EPSG:4258
-- is written latitude first (its axis order), projected CRSs to the centimetre. The
-- properties are kept byte for byte.
create function feature_in_crs(feature text, id uuid, geom geometry, srid integer)
returns text language sql immutable parallel safe as $$
    select case when srid is null then feature
           else '{"type":"Feature","id":"' || id::text || '","geometry":'
                || ST_AsGeoJSON(case when srid = 4258 then ST_FlipCoordinates(ST_Transform(geom, 4258))
                                     else ST_Transform(geom, srid) end,
                                case when srid in (4258, 4326) then 7 else 2 end)
                || substr(feature, strpos(feature, ',"properties":'))
           end
$$;
