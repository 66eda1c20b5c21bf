//! The arealregnskap measured in PostGIS: for each line of `domain::land_account::LINES`,
//! the part of each alternative (and of their union) inside the union of the line's
//! layer features.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};
use crate::domain::land_account::{Measured, LINES};

type Row = (
    String,
    Vec<f64>,
    f64,
    bool,
    bool,
    Option<String>,
    Option<String>,
);

/// The account of the areas `ids` (in this order), one `Measured` per line.
pub async fn measure(pool: &PgPool, ids: &[Uuid]) -> Result<Vec<Measured>, StoreError> {
    let lines = json!(LINES
        .iter()
        .map(|l| json!({"code": l.code, "kind": l.layer, "classes": l.classes, "other": l.other}))
        .collect::<Vec<_>>());
    let rows = sqlx::query_as::<_, Row>(
        "with line as (
             select e.j ->> 'code' as code, e.j ->> 'kind' as kind,
                    case when jsonb_typeof(e.j -> 'classes') = 'array' then
                        array(select jsonb_array_elements_text(e.j -> 'classes')) end as classes,
                    (e.j ->> 'other')::boolean as other, e.n
             from jsonb_array_elements($2) with ordinality e(j, n)),
         member as (
             select a.id, a.geom, m.n
             from unnest($1::uuid[]) with ordinality m(id, n) join area a on a.id = m.id),
         everything as (select st_union(geom) as geom from member),
         feature as (
             select line.code, l.geom
             from line join layer_feature l on l.kind = line.kind
             where line.classes is null
                or ((l.class = any(line.classes)) is true) <> line.other)
         select line.code,
                coalesce((select array_agg(x.m2 order by x.n) from (
                    select member.n, coalesce((
                        select st_area(st_intersection(member.geom, st_union(f.geom)))
                        from feature f
                        where f.code = line.code and f.geom && member.geom
                          and st_intersects(f.geom, member.geom)), 0) as m2
                    from member) x), '{}'),
                coalesce((select st_area(st_intersection(e.geom, (
                              select st_union(f.geom) from feature f
                              where f.code = line.code and f.geom && e.geom
                                and st_intersects(f.geom, e.geom))))
                          from everything e), 0),
                exists (select 1 from feature f where f.code = line.code),
                y.demo, y.source, y.as_of::text
         from line join layer y on y.kind = line.kind
         order by line.n",
    )
    .bind(ids)
    .bind(lines)
    .fetch_all(pool)
    .await
    .map_err(doing("measuring the arealregnskap of a comparison set"))?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, m2, set_m2, loaded, demo, source, as_of)| {
            let line = LINES.iter().find(|l| l.code == code)?;
            Some(Measured {
                code: line.code,
                m2,
                set_m2,
                loaded,
                demo,
                source,
                as_of,
            })
        })
        .collect())
}
