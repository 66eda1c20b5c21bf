-- on change: select refresh_area_facts(array(select id from area))
-- An area's zoning by overlay with the plan register's plans: the part of the area under
-- each arealformål of the plans that govern it. Plans in force count (planstatus 3
-- endelig vedtatt; a plan without a status counts as in force); where plans of one level
-- overlap the newest governs (by ikrafttredelsesdato, else the adoption date); a
-- reguleringsplan governs over the master plan where both apply. NULL when no plan data
-- were ever loaded for the area's municipality (the zoning is then as entered by hand).
-- `disagrees`: the dominant purpose is not the one entered by hand (list and code).
create function area_zoning(g geometry, area_municipality text, entered_list text,
                            entered_code integer) returns jsonb
language sql stable as $$
    with loaded as (
        select i.id, i.as_of, i.loaded_at from plan_import i
        where area_municipality = any(i.municipalities)
        order by i.id desc limit 1
    ),
    governing as (
        select p.*, row_number() over (partition by p.level
                   order by coalesce(p.in_force, p.adopted) desc nulls last, p.id desc) as rank
        from plan p
        where p.geom && g and st_intersects(p.geom, g) and coalesce(p.status, 3) = 3
    ),
    shadow as (
        -- what covers each plan over the area: newer plans of its level, and for a master
        -- plan every zoning plan
        select p.id, st_union(o.geom) as geom
        from governing p
        join governing o on (o.level = p.level and o.rank < p.rank)
                         or (p.level = 'kp' and o.level = 'rp')
        group by p.id
    ),
    pieces as (
        select p.level, u.code, u.status as land_use_status, p.municipality as m, p.ident,
               p.name, p.plan_type, p.status as plan_status,
               coalesce(p.in_force, p.adopted) as plan_date, p.link,
               st_area(case when s.geom is null then st_intersection(u.geom, g)
                            else st_difference(st_intersection(u.geom, g), s.geom) end) as m2
        from governing p
        join plan_purpose u on u.plan_id = p.id and u.geom && g and st_intersects(u.geom, g)
        left join shadow s on s.id = p.id
    ),
    parts as (
        select level, code, land_use_status, m, ident, name, plan_type, plan_status,
               plan_date, link, sum(m2) as m2
        from pieces group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        having sum(m2) >= 0.5
    ),
    listed as (
        select coalesce(jsonb_agg(jsonb_build_object(
                   'list', t.level, 'code', t.code,
                   'label_nb', c.label_nb, 'label_en', c.label_en,
                   'status', t.land_use_status,
                   'm2', round(t.m2::numeric, 1),
                   'share', round((t.m2 / nullif(st_area(g), 0))::numeric, 4),
                   'plan_id', t.m || t.ident, 'plan_name', t.name,
                   'plan_type', t.plan_type, 'plan_status', t.plan_status,
                   'plan_date', t.plan_date, 'plan_url', t.link)
                 order by t.m2 desc, t.level desc, t.code), '[]'::jsonb) as parts
        from parts t
        left join code_land_use c on c.list = t.level and c.code = t.code
    )
    select jsonb_build_object(
               'parts', l.parts,
               'dominant', l.parts -> 0,
               'covered_share', coalesce((select sum((p ->> 'share')::numeric)
                                          from jsonb_array_elements(l.parts) p), 0),
               'disagrees', case when l.parts -> 0 is null or entered_code is null then null
                                 else (entered_list, entered_code) is distinct from
                                      (l.parts -> 0 ->> 'list', (l.parts -> 0 ->> 'code')::int) end,
               'as_of', i.as_of,
               'import', i.id)
    from loaded i, listed l
$$;
