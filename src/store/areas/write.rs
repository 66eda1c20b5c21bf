//! Writing areas: insert and import all-or-nothing (checked against stored data first),
//! update with optimistic locking and a history row in the same transaction.

use geojson::GeometryValue;
use serde_json::Value;
use sqlx::{Acquire, PgConnection, PgPool};
use uuid::Uuid;

use super::{ChangedBy, BOUNDARY_TOLERANCE_M};
use crate::domain::issue::{Issue, IssueType};
use crate::domain::NewArea;
use crate::store::{doing, fields, StoreError};

/// Insert checked areas in one transaction: all of them, or none when any breaks a rule
/// that needs the database (unknown municipality, outside its boundary, reference taken).
/// Every such problem is reported, not only the first.
pub async fn insert_all(
    pool: &PgPool,
    areas: &[NewArea],
    by: &ChangedBy<'_>,
) -> Result<Vec<Uuid>, StoreError> {
    let mut tx = pool.begin().await.map_err(doing("starting the import"))?;
    let geometries = geometries_of(areas);
    let issues =
        check_against_stored(&mut tx, areas, &geometries, &vec![None; areas.len()]).await?;
    if !issues.is_empty() {
        return Err(StoreError::Rejected(issues));
    }
    let mut ids = Vec::with_capacity(areas.len());
    for (i, (a, geometry)) in areas.iter().zip(&geometries).enumerate() {
        ids.push(insert_one(&mut tx, i, a, geometry, by).await?);
    }
    tx.commit().await.map_err(doing("committing the import"))?;
    Ok(ids)
}

fn geometries_of(areas: &[NewArea]) -> Vec<String> {
    areas
        .iter()
        .map(|a| GeometryValue::from(&a.geometry).to_string())
        .collect()
}

/// Insert one checked area (the `i`-th of a file) and its "create" history entry.
async fn insert_one(
    conn: &mut PgConnection,
    i: usize,
    a: &NewArea,
    geometry: &str,
    by: &ChangedBy<'_>,
) -> Result<Uuid, StoreError> {
    let id = sqlx::query_scalar::<_, Uuid>(&fields::insert_sql(&a.values))
        .bind(Value::Object(a.values.clone()))
        .bind(geometry)
        .fetch_one(&mut *conn)
        .await;
    let id = match id {
        Ok(id) => id,
        Err(e) => return Err(constraint_issue(e, i, a)),
    };
    sqlx::query!(
        "insert into area_history (area_id, version, action, changed_by, changed_by_name)
         values ($1, 1, 'create', $2, $3)",
        id,
        by.user_id,
        by.name
    )
    .execute(&mut *conn)
    .await
    .map_err(doing("recording the area's history"))?;
    Ok(id)
}

/// What an import did — or, in a dry run, would do — by the position in the file.
#[derive(Debug, Default)]
pub struct Imported {
    pub created: Vec<(usize, Uuid)>,
    /// Position, id, new version and the names of the changed fields.
    pub updated: Vec<(usize, Uuid, i32, Vec<String>)>,
    pub unchanged: Vec<(usize, Uuid)>,
}

/// Import areas in one transaction, all or nothing: an area whose municipality already
/// has its reference updates that area (a new version with history, unless nothing
/// changed); any other is created. A file exported at an older version than the stored
/// one is refused for that area. A dry run does all of it and rolls back, so it reports
/// exactly what the real run would do.
pub async fn import_all(
    pool: &PgPool,
    areas: &[NewArea],
    by: &ChangedBy<'_>,
    dry_run: bool,
) -> Result<Imported, StoreError> {
    let mut tx = pool.begin().await.map_err(doing("starting the import"))?;
    let municipalities: Vec<String> = areas.iter().map(|a| a.municipality.clone()).collect();
    let references: Vec<String> = areas.iter().map(|a| a.reference.clone()).collect();
    let rows = sqlx::query!(
        r#"select t.i::int as "i!", a.id, a.version
           from unnest($1::text[], $2::text[]) with ordinality as t(municipality, reference, i)
           join area a on a.municipality = t.municipality and a.reference = t.reference
           for update of a"#,
        &municipalities,
        &references
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(doing("finding the areas an import updates"))?;
    let mut matched: Vec<Option<(Uuid, i32)>> = vec![None; areas.len()];
    for r in rows {
        if let Some(m) = usize::try_from(r.i - 1)
            .ok()
            .and_then(|i| matched.get_mut(i))
        {
            *m = Some((r.id, r.version));
        }
    }
    let mut issues = Vec::new();
    for (i, (a, m)) in areas.iter().zip(&matched).enumerate() {
        if let (Some((_, stored)), Some(file)) = (m, a.based_on_version) {
            if *stored != file {
                issues.push(
                    Issue::new(
                        IssueType::InvalidValue,
                        "version",
                        Some(file.to_string()),
                        format!("the area was changed after this file was made: it is at version {stored}"),
                        format!("version {stored}: export again and redo the change, or leave out `version` to overwrite"),
                    )
                    .at(i, Some(&a.reference)),
                );
            }
        }
    }
    let geometries = geometries_of(areas);
    let excepts: Vec<Option<Uuid>> = matched.iter().map(|m| m.map(|(id, _)| id)).collect();
    issues.extend(check_against_stored(&mut tx, areas, &geometries, &excepts).await?);
    if !issues.is_empty() {
        return Err(StoreError::Rejected(issues));
    }
    let mut out = Imported::default();
    for (i, ((a, geometry), m)) in areas.iter().zip(&geometries).zip(&matched).enumerate() {
        match m {
            None => out
                .created
                .push((i, insert_one(&mut tx, i, a, geometry, by).await?)),
            Some((id, version)) => {
                // a savepoint: an update that changes nothing is undone, not versioned
                let mut sp = tx.begin().await.map_err(doing("starting an update"))?;
                let (new_version, changed) =
                    update_in(&mut sp, i, *id, *version, a, true, "update", by).await?;
                if changed.is_empty() {
                    sp.rollback()
                        .await
                        .map_err(doing("undoing an empty update"))?;
                    out.unchanged.push((i, *id));
                } else {
                    sp.commit().await.map_err(doing("keeping an update"))?;
                    out.updated.push((i, *id, new_version, changed));
                }
            }
        }
    }
    if dry_run {
        tx.rollback().await.map_err(doing("ending a dry run"))?;
    } else {
        tx.commit().await.map_err(doing("committing the import"))?;
    }
    Ok(out)
}

/// Replace an area's facts in one transaction, only if it is still at `expected`
/// version: checks against stored data, the update, and a history entry with the full
/// previous state and the names of the changed fields. `geometry_changed` false keeps
/// the stored outline exactly. Returns the new version.
pub async fn update(
    pool: &PgPool,
    id: Uuid,
    expected: i32,
    a: &NewArea,
    geometry_changed: bool,
    action: &str,
    by: &ChangedBy<'_>,
) -> Result<i32, StoreError> {
    let mut tx = pool.begin().await.map_err(doing("starting an update"))?;
    let (version, _) = update_in(&mut tx, 0, id, expected, a, geometry_changed, action, by).await?;
    tx.commit().await.map_err(doing("committing the update"))?;
    Ok(version)
}

/// [`update`] inside a transaction; `i` is the area's position in a file. Returns the new
/// version and the names of the fields that changed.
#[allow(clippy::too_many_arguments)]
async fn update_in(
    conn: &mut PgConnection,
    i: usize,
    id: Uuid,
    expected: i32,
    a: &NewArea,
    geometry_changed: bool,
    action: &str,
    by: &ChangedBy<'_>,
) -> Result<(i32, Vec<String>), StoreError> {
    let current = sqlx::query!(
        r#"select version, to_jsonb(a) - array['geometry_geojson'] as "state!" from area a where id = $1 for update"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(doing("locking the area"))?
    .ok_or_else(|| StoreError::NotFound(format!("there is no area with id {id}")))?;
    if current.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: current.version,
        });
    }
    let geometry = GeometryValue::from(&a.geometry).to_string();
    let issues = check_against_stored(
        conn,
        std::slice::from_ref(a),
        std::slice::from_ref(&geometry),
        &[Some(id)],
    )
    .await?
    .into_iter()
    .map(|issue| issue.at(i, Some(&a.reference)))
    .collect::<Vec<_>>();
    if !issues.is_empty() {
        return Err(StoreError::Rejected(issues));
    }
    let new_geometry = geometry_changed.then_some(geometry);
    let version = sqlx::query_scalar::<_, i32>(&fields::update_sql())
        .bind(id)
        .bind(Value::Object(a.values.clone()))
        .bind(new_geometry)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| constraint_issue(e, i, a))?;
    let changed = sqlx::query_scalar!(
        r#"insert into area_history (area_id, version, action, changed_by, changed_by_name, changed_fields, previous)
           select a.id, a.version, $2, $3, $4,
                  array(select n.key from jsonb_each(to_jsonb(a) - array['geometry_geojson', 'updated_at', 'version']) n
                        where n.value is distinct from ($5::jsonb -> n.key) order by n.key),
                  $5::jsonb
           from area a where a.id = $1
           returning changed_fields"#,
        id,
        action,
        by.user_id,
        by.name,
        current.state
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(doing("recording the area's history"))?;
    Ok((version, changed))
}

/// Rules that need stored data, checked for the whole batch at once.
async fn check_against_stored(
    conn: &mut PgConnection,
    areas: &[NewArea],
    geometries: &[String],
    except: &[Option<Uuid>],
) -> Result<Vec<Issue>, StoreError> {
    let municipalities: Vec<String> = areas.iter().map(|a| a.municipality.clone()).collect();
    let references: Vec<String> = areas.iter().map(|a| a.reference.clone()).collect();
    let rows = sqlx::query!(
        r#"select t.i::int as "i!",
                  m.number is not null as "known!",
                  coalesce(ST_CoveredBy(ST_SetSRID(ST_GeomFromGeoJSON(t.geojson), 25832),
                                        ST_Buffer(m.geom, $4)), false) as "inside!",
                  exists(select 1 from area a where a.municipality = t.municipality
                                               and a.reference = t.reference
                                               and a.id is distinct from t.keep_id) as "taken!"
           from unnest($1::text[], $2::text[], $3::text[], $5::uuid[]) with ordinality
                as t(municipality, reference, geojson, keep_id, i)
           left join municipality m on m.number = t.municipality
           order by t.i"#,
        &municipalities,
        &references,
        geometries,
        BOUNDARY_TOLERANCE_M,
        except as &[Option<Uuid>]
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(doing("checking areas against stored data"))?;
    let mut issues = Vec::new();
    for r in rows {
        let i = (r.i - 1) as usize;
        let Some(a) = areas.get(i) else { continue };
        let reference = Some(a.reference.as_str());
        if !r.known {
            issues.push(
                Issue::new(
                    IssueType::InvalidCode,
                    "municipality",
                    Some(a.municipality.clone()),
                    "this municipality is not registered in arealbank",
                    "a municipality whose boundary is loaded (arealbank seed)",
                )
                .at(i, reference),
            );
        } else if !r.inside {
            issues.push(
                Issue::new(IssueType::OutOfBounds, "geometry", None,
                    format!("the area lies outside municipality {} (tolerance {BOUNDARY_TOLERANCE_M} m)", a.municipality),
                    "an outline inside the municipality it is registered in")
                .at(i, reference),
            );
        }
        if r.taken {
            issues.push(
                Issue::new(IssueType::DuplicateReference, "reference", Some(a.reference.clone()),
                    format!("municipality {} already has an area with this reference", a.municipality),
                    "a reference not used before in this municipality (references are never reused)")
                .at(i, reference),
            );
        }
    }
    Ok(issues)
}

/// Turn a constraint violation during insert into an issue; anything else stays an error.
fn constraint_issue(e: sqlx::Error, i: usize, a: &NewArea) -> StoreError {
    let constraint = e
        .as_database_error()
        .and_then(|d| d.constraint())
        .map(str::to_string);
    let reference = Some(a.reference.as_str());
    let issue = match constraint.as_deref() {
        Some("area_reference_unique") => Issue::new(
            IssueType::DuplicateReference,
            "reference",
            Some(a.reference.clone()),
            "another area took this reference at the same time",
            "a reference not used before in this municipality",
        ),
        Some("area_available_le_gross") => Issue::new(
            IssueType::Inconsistent,
            "area_available_m2",
            a.number("area_available_m2").map(|v| v.to_string()),
            "the available area is larger than the gross area",
            "a value no larger than the gross area",
        ),
        Some(name) => Issue::new(
            IssueType::InvalidValue,
            name,
            None,
            format!("the value breaks the rule {name}"),
            "a value the field accepts (see /ogc/collections/areas/queryables and /ogc/api)",
        ),
        None => {
            return StoreError::Database {
                doing: "storing an area",
                source: e,
            }
        }
    };
    StoreError::Rejected(vec![issue.at(i, reference)])
}

/// Check a batch against stored data (municipality, boundary, references) without
/// writing anything: the dry run of an import.
pub async fn check_all(pool: &PgPool, areas: &[NewArea]) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.map_err(doing("starting a dry run"))?;
    let geometries = geometries_of(areas);
    let issues =
        check_against_stored(&mut tx, areas, &geometries, &vec![None; areas.len()]).await?;
    tx.rollback().await.map_err(doing("ending a dry run"))?;
    if issues.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Rejected(issues))
    }
}
