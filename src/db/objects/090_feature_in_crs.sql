-- OGC API – Features Part 2: an area's Feature text with its coordinates in another CRS.
-- `feature` is the RFC 7946 text of area_public (CRS84); `srid` null keeps it. EPSG:4258
-- is written latitude first (its axis order), projected CRSs to the centimetre. The
-- properties are kept byte for byte.
--
-- PL/pgSQL, not SQL: `feature` is used twice and its argument is an expression, so a SQL
-- function would not be inlined, and a SQL function that is not inlined is parsed and
-- planned again in every statement that calls it (a single item at 8 clients: 7 700
-- statements per second with it, 19 600 without; PL/pgSQL keeps its plans per session).
create function feature_in_crs(feature text, id uuid, geom geometry, srid integer)
returns text language plpgsql immutable parallel safe as $$
begin
    if srid is null then
        return feature;
    end if;
    return '{"type":"Feature","id":"' || id::text || '","geometry":'
        || ST_AsGeoJSON(case when srid = 4258 then ST_FlipCoordinates(ST_Transform(geom, 4258))
                             else ST_Transform(geom, srid) end,
                        case when srid in (4258, 4326) then 7 else 2 end)
        || substr(feature, strpos(feature, ',"properties":'));
end
$$;
