-- on change: select refresh_area_facts(array(select id from area))
-- Distances are from the area's outline (0 when the feature touches or lies inside it)
-- to the nearest feature, in metres of EPSG:25832; each nearest feature is found with
-- the GiST index (KNN, <->), never by scanning a layer. An area's substation is the one
-- whose published service area holds the area's interior point (the smallest such area
-- where they overlap), else the nearest station; the distance is given only where the
-- station's own position is known.
create function refresh_area_facts(ids uuid[]) returns void
language sql as $$
    insert into area_fact as f (area_id, e6_junction_m, main_road_m, rail_terminal_m,
        passenger_station_m, skysstasjon_m, town_centre_m, substation_id, substation_m,
        substation_served, conflicts, farmland_classes, zoning, computed_at)
    select a.id,
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'e6_junction'
          order by l.geom <-> a.geom limit 1),
        least(
          (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'main_road'
            order by l.geom <-> a.geom limit 1),
          (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'e6'
            order by l.geom <-> a.geom limit 1)),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'rail_terminal'
          order by l.geom <-> a.geom limit 1),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'passenger_station'
          order by l.geom <-> a.geom limit 1),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'skysstasjon'
          order by l.geom <-> a.geom limit 1),
        (select st_distance(a.geom, l.geom) from layer_feature l where l.kind = 'town_centre'
          order by l.geom <-> a.geom limit 1),
        coalesce(served.id, s.id),
        case when served.id is null then s.distance
             when served.position_known then st_distance(a.geom, served.geom) end,
        served.id is not null,
        coalesce((
          -- per constraint layer: the part of the area inside it, per class (in words), the
          -- named features it overlaps or borders (within 50 m), and the layer's source
          select jsonb_object_agg(y.kind, jsonb_build_object(
                     'm2', round(t.m2::numeric, 1),
                     'share', round((t.m2 / nullif(st_area(a.geom), 0))::numeric, 4),
                     'classes', k.classes, 'features', n.features,
                     'source', y.source, 'as_of', y.as_of, 'version', y.version,
                     'demo', y.demo))
          from layer y
          cross join lateral (
              select coalesce(st_area(st_intersection(a.geom, st_union(l.geom))), 0) as m2
              from layer_feature l
              where l.kind = y.kind and l.geom && a.geom and st_intersects(l.geom, a.geom)) t
          cross join lateral (
              select jsonb_object_agg(x.class, jsonb_build_object(
                         'm2', round(x.m2::numeric, 1), 'nb', x.nb, 'en', x.en)) as classes
              from (select l.class, min(l.class_nb) as nb, min(l.class_en) as en,
                           st_area(st_intersection(a.geom, st_union(l.geom))) as m2
                    from layer_feature l
                    where l.kind = y.kind and l.class is not null
                      and l.geom && a.geom and st_intersects(l.geom, a.geom)
                    group by l.class) x
              where x.m2 > 0) k
          cross join lateral (
              select jsonb_agg(jsonb_build_object(
                         'name', x.name, 'ref', x.ref, 'link', x.link, 'class', x.class,
                         'nb', x.class_nb, 'en', x.class_en,
                         'm2', round(x.m2::numeric, 1), 'distance_m', round(x.d::numeric, 1))
                     order by x.m2 desc, x.d) as features
              from (select l.name, l.ref, l.link, l.class, l.class_nb, l.class_en,
                           st_area(st_intersection(l.geom, a.geom)) as m2,
                           st_distance(l.geom, a.geom) as d
                    from layer_feature l
                    where l.kind = y.kind and (l.name is not null or l.ref is not null)
                      and st_dwithin(l.geom, a.geom, 50)
                    order by 7 desc, 8 limit 5) x) n
          where y.role = 'constraint' and (t.m2 > 0 or n.features is not null)), '{}'),
        coalesce((
          select jsonb_object_agg(c.class, round(c.m2::numeric, 1))
          from (select coalesce(l.class, 'unknown') as class,
                       st_area(st_intersection(a.geom, st_union(l.geom))) as m2
                from layer_feature l
                where l.kind = 'farmland' and l.geom && a.geom and st_intersects(l.geom, a.geom)
                group by 1) c
          where c.m2 > 0), '{}'),
        area_zoning(a.geom, a.municipality, a.land_use_list, a.land_use_code),
        now()
    from area a
    left join lateral (
        select n.id, n.geom, n.position_known
        from substation n
        where n.service_area && a.geom and st_intersects(n.service_area, st_pointonsurface(a.geom))
        order by st_area(n.service_area), n.id limit 1
    ) served on true
    left join lateral (
        select n.id, case when n.position_known then st_distance(a.geom, n.geom) end as distance
        from substation n order by n.geom <-> a.geom limit 1
    ) s on true
    where a.id = any(ids)
    on conflict (area_id) do update set
        e6_junction_m = excluded.e6_junction_m, main_road_m = excluded.main_road_m,
        rail_terminal_m = excluded.rail_terminal_m,
        passenger_station_m = excluded.passenger_station_m,
        skysstasjon_m = excluded.skysstasjon_m, town_centre_m = excluded.town_centre_m,
        substation_id = excluded.substation_id, substation_m = excluded.substation_m,
        substation_served = excluded.substation_served,
        conflicts = excluded.conflicts, farmland_classes = excluded.farmland_classes,
        zoning = excluded.zoning,
        computed_at = excluded.computed_at
$$;
