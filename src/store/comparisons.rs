//! Comparison sets and their members; the facts each criterion reads come from the
//! `comparison_facts` view.

use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{doing, StoreError};
use crate::domain::comparison::weights_to_map;
use crate::domain::comparison_set::{NewComparison, Visibility};
use crate::domain::{Issue, IssueType};

/// A stored set (without its members).
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: Uuid,
    pub municipality: String,
    pub title: String,
    pub description: Option<String>,
    pub decision_reference: Option<String>,
    pub visibility: String,
    pub weights: Value,
    pub demo: bool,
    pub version: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub updated_by: String,
    pub members: i64,
}

/// One alternative: its place, the planner's note, the facts and the outline (CRS84).
#[derive(Debug, Clone)]
pub struct Member {
    pub area_id: Uuid,
    pub position: i32,
    pub note: Option<String>,
    /// The row of `comparison_facts` as JSON (criteria values and what the table shows).
    pub facts: Value,
    pub geometry: String,
}

/// Every set (the API filters by who may see it).
pub async fn list(pool: &PgPool) -> Result<Vec<Stored>, StoreError> {
    sqlx::query_as!(
        Stored,
        r#"select c.id, c.municipality, c.title, c.description, c.decision_reference,
                  c.visibility, c.weights, c.demo, c.version, c.updated_at, c.updated_by,
                  (select count(*) from comparison_member m where m.comparison_id = c.id) as "members!"
           from comparison c order by c.updated_at desc"#
    )
    .fetch_all(pool)
    .await
    .map_err(doing("listing comparison sets"))
}

pub async fn get(pool: &PgPool, id: Uuid) -> Result<Option<Stored>, StoreError> {
    sqlx::query_as!(
        Stored,
        r#"select c.id, c.municipality, c.title, c.description, c.decision_reference,
                  c.visibility, c.weights, c.demo, c.version, c.updated_at, c.updated_by,
                  (select count(*) from comparison_member m where m.comparison_id = c.id) as "members!"
           from comparison c where c.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading a comparison set"))
}

/// Ids of a municipality's areas by reference.
pub async fn area_ids(
    pool: &PgPool,
    municipality: &str,
    references: &[&str],
) -> Result<Vec<(String, Uuid)>, StoreError> {
    let refs: Vec<String> = references.iter().map(|r| r.to_string()).collect();
    let rows = sqlx::query!(
        "select reference, id from area where municipality = $1 and reference = any($2)",
        municipality,
        &refs
    )
    .fetch_all(pool)
    .await
    .map_err(doing("finding areas by reference"))?;
    Ok(rows.into_iter().map(|r| (r.reference, r.id)).collect())
}

/// The members of a set in their order, with their facts.
pub async fn members(pool: &PgPool, id: Uuid) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query!(
        r#"select m.area_id, m.position, m.note,
                  to_jsonb(cf) - 'geometry_geojson' as "facts!",
                  cf.geometry_geojson as "geometry!"
           from comparison_member m
           join comparison_facts cf on cf.id = m.area_id
           where m.comparison_id = $1
           order by m.position"#,
        id
    )
    .fetch_all(pool)
    .await
    .map_err(doing("reading the alternatives of a comparison set"))?;
    Ok(rows
        .into_iter()
        .map(|r| Member {
            area_id: r.area_id,
            position: r.position,
            note: r.note,
            facts: r.facts,
            geometry: r.geometry,
        })
        .collect())
}

/// Store a new set with its members in one transaction; returns its id and version.
pub async fn create(
    pool: &PgPool,
    c: &NewComparison,
    by: &str,
    demo: bool,
) -> Result<(Uuid, i32), StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a transaction"))?;
    check_members(&mut tx, c).await?;
    let id = sqlx::query_scalar!(
        r#"insert into comparison (municipality, title, description, decision_reference,
                                   visibility, weights, demo, updated_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8) returning id"#,
        c.municipality,
        c.title,
        c.description,
        c.decision_reference,
        c.visibility.as_str(),
        Value::Object(weights_to_map(&c.weights)),
        demo,
        by
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| municipality_or(e, "storing a comparison set"))?;
    insert_members(&mut tx, id, c).await?;
    tx.commit()
        .await
        .map_err(doing("committing a comparison set"))?;
    Ok((id, 1))
}

/// Replace a set if it is still at `expected` version; returns the new version.
pub async fn replace(
    pool: &PgPool,
    id: Uuid,
    expected: i32,
    c: &NewComparison,
    by: &str,
) -> Result<i32, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a transaction"))?;
    let current = sqlx::query_scalar!(
        "select version from comparison where id = $1 for update",
        id
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(doing("locking a comparison set"))?
    .ok_or_else(|| StoreError::NotFound("there is no such comparison set".into()))?;
    if current != expected {
        return Err(StoreError::Stale { expected, current });
    }
    check_members(&mut tx, c).await?;
    let version = sqlx::query_scalar!(
        r#"update comparison set municipality = $2, title = $3, description = $4,
               decision_reference = $5, visibility = $6, weights = $7, updated_by = $8,
               version = version + 1
           where id = $1 returning version"#,
        id,
        c.municipality,
        c.title,
        c.description,
        c.decision_reference,
        c.visibility.as_str(),
        Value::Object(weights_to_map(&c.weights)),
        by
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| municipality_or(e, "changing a comparison set"))?;
    sqlx::query!("delete from comparison_member where comparison_id = $1", id)
        .execute(&mut *tx)
        .await
        .map_err(doing("replacing the alternatives"))?;
    insert_members(&mut tx, id, c).await?;
    tx.commit()
        .await
        .map_err(doing("committing a comparison set"))?;
    Ok(version)
}

async fn insert_members(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    c: &NewComparison,
) -> Result<(), StoreError> {
    let ids: Vec<Uuid> = c.members.iter().map(|(a, _)| *a).collect();
    let notes: Vec<Option<String>> = c.members.iter().map(|(_, n)| n.clone()).collect();
    sqlx::query!(
        r#"insert into comparison_member (comparison_id, area_id, position, note)
           select $1, m.area_id, m.position::int, m.note
           from unnest($2::uuid[], $3::text[]) with ordinality as m(area_id, note, position)"#,
        id,
        &ids,
        &notes as &[Option<String>]
    )
    .execute(&mut **tx)
    .await
    .map_err(doing("storing the alternatives"))?;
    Ok(())
}

/// Every member must be an area; a public set may hold only published, current areas.
async fn check_members(
    tx: &mut Transaction<'_, Postgres>,
    c: &NewComparison,
) -> Result<(), StoreError> {
    let ids: Vec<Uuid> = c.members.iter().map(|(a, _)| *a).collect();
    let found = sqlx::query!(
        r#"select id, area_is_public(published, end_date) as "public!"
           from area where id = any($1)"#,
        &ids
    )
    .fetch_all(&mut **tx)
    .await
    .map_err(doing("checking the alternatives"))?;
    let mut issues = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match found.iter().find(|r| r.id == *id) {
            None => issues.push(Issue::new(
                IssueType::InvalidValue,
                format!("members[{i}]"),
                Some(id.to_string()),
                "there is no area with this id",
                "the id of an area in the registry",
            )),
            Some(r) if !r.public && c.visibility == Visibility::Public => {
                issues.push(Issue::new(
                    IssueType::Inconsistent,
                    format!("members[{i}]"),
                    Some(id.to_string()),
                    "a public set may only hold published, current areas; this one is not published (or has ended)",
                    "publish the area first, or keep the set for viewers (visibility viewers)",
                ))
            }
            Some(_) => {}
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Rejected(issues))
    }
}

fn municipality_or(e: sqlx::Error, what: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.constraint() == Some("comparison_municipality_fkey") => {
            StoreError::Rejected(vec![Issue::new(
                IssueType::InvalidCode,
                "municipality",
                None,
                "no such municipality in the registry",
                "a municipality number the registry knows, e.g. 3405",
            )])
        }
        _ => doing(what)(e),
    }
}

/// A public set's members that the public may see, as a FeatureCollection text in the
/// set's order: each area's public Feature with `comparison_position` and
/// `comparison_note` added. `None` when the set is unknown or not public.
pub async fn public_members_geojson(pool: &PgPool, id: Uuid) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object('type', 'FeatureCollection', 'features', coalesce(
                  (select json_agg((left(p.feature, -2)
                                    || ',"comparison_position":' || m.position
                                    || ',"comparison_note":' || coalesce(to_json(m.note)::text, 'null')
                                    || '}}')::json order by m.position)
                   from comparison_member m join area_public p on p.id = m.area_id
                   where m.comparison_id = c.id), '[]'::json))::text as "doc!"
           from comparison c where c.id = $1 and c.visibility = 'public'"#,
        id
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading a public comparison set's members"))
}
