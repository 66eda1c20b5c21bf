//! Areas: inserting checked areas all-or-nothing, and reading public pages and items.

use futures_util::TryStreamExt;
use geojson::GeometryValue;
use serde_json::Value;
use sqlx::{Acquire, PgConnection, PgPool};
use uuid::Uuid;

use super::{doing, fields, StoreError};
use crate::domain::issue::{Issue, IssueType};
use crate::domain::query::{AreaFilter, Cursor};
use crate::domain::user::Audience;
use crate::domain::NewArea;
use crate::spatial::Crs;

/// How far outside its municipality's boundary an area may reach (m). The shipped
/// boundaries are generalised (Kartverket N1000, about ±500 m).
pub const BOUNDARY_TOLERANCE_M: f64 = 1000.0;

/// One public area as a GeoJSON Feature text.
pub struct FeatureRow {
    pub id: Uuid,
    pub feature: String,
}

/// A page in key order: its Feature texts written after the caller's opening text
/// (comma-separated), and whether rows exist beyond each end.
pub struct Page {
    pub body: String,
    pub count: usize,
    pub first: Option<Uuid>,
    pub last: Option<Uuid>,
    pub more_after: bool,
    pub more_before: bool,
}

impl Page {
    /// An empty page whose body starts with `opening`.
    pub fn empty(opening: String) -> Page {
        Page {
            body: opening,
            count: 0,
            first: None,
            last: None,
            more_after: false,
            more_before: false,
        }
    }

    /// Append one Feature text.
    fn push(&mut self, row: FeatureRow) {
        if self.count > 0 {
            self.body.push(',');
        }
        self.body.push_str(&row.feature);
        self.first.get_or_insert(row.id);
        self.last = Some(row.id);
        self.count += 1;
    }

    /// Read a page from rows in paging direction, `limit + 1` at most (the extra row says
    /// more exist that way). Forward pages are written as PostgreSQL sends the rows, so a
    /// page of 10 000 features is held once, as the answer's text; backward pages (few)
    /// are collected and turned round. `had_before`: a forward page not at the start.
    pub async fn read<S>(
        mut rows: S,
        opening: String,
        limit: i64,
        backwards: bool,
        had_before: bool,
    ) -> Result<Page, sqlx::Error>
    where
        S: futures_util::Stream<Item = Result<FeatureRow, sqlx::Error>> + Unpin,
    {
        use futures_util::TryStreamExt;
        let mut page = Page::empty(opening);
        let limit = limit as usize;
        if backwards {
            let mut all: Vec<FeatureRow> = rows.try_collect().await?;
            page.more_before = all.len() > limit;
            all.truncate(limit);
            for row in all.into_iter().rev() {
                page.push(row);
            }
            page.more_after = true;
            return Ok(page);
        }
        while let Some(row) = rows.try_next().await? {
            if page.count == limit {
                page.more_after = true;
                break;
            }
            page.push(row);
        }
        page.more_before = had_before;
        Ok(page)
    }
}

/// The view whose `feature` texts an audience reads (same columns as `area_public`).
pub(super) fn feature_view(audience: Audience) -> &'static str {
    match audience {
        Audience::Public => "area_public",
        Audience::Readers => "area_for_readers",
        Audience::Editors => "area_for_editors",
    }
}

/// The view of the areas an audience may see, with every column of `area`.
pub(super) fn row_view(audience: Audience) -> &'static str {
    match audience {
        Audience::Public => "area_visible",
        Audience::Readers | Audience::Editors => "area_current",
    }
}

/// `area_page.sql` over each audience's view (the public one as written).
static PAGE_SQL: std::sync::LazyLock<[String; 3]> = std::sync::LazyLock::new(|| {
    let sql = include_str!("sql/area_page.sql");
    [Audience::Public, Audience::Readers, Audience::Editors]
        .map(|a| sql.replace("from area_public", &format!("from {}", feature_view(a))))
});

fn page_sql(audience: Audience) -> &'static str {
    &PAGE_SQL[match audience {
        Audience::Public => 0,
        Audience::Readers => 1,
        Audience::Editors => 2,
    }]
}

/// Read up to `limit` areas `audience` may see from `cursor` in key order.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    pool: &PgPool,
    audience: Audience,
    filter: &AreaFilter,
    cursor: Cursor,
    limit: i64,
    crs: Crs,
    opening: String,
) -> Result<Page, StoreError> {
    let (after, before, backwards) = match cursor {
        Cursor::First => (None, None, false),
        Cursor::After(id) => (Some(id), None, false),
        Cursor::Before(id) => (None, Some(id), true),
    };
    let bbox = filter.bbox.map(|b| b.to_vec());
    let (changed_from, changed_to) = filter.changed.unwrap_or((None, None));
    let rows = sqlx::query_as::<_, (Uuid, String)>(page_sql(audience))
        .bind(after)
        .bind(before)
        .bind(filter.municipality.as_deref())
        .bind(filter.kind.as_deref())
        .bind(filter.readiness.as_deref())
        .bind(filter.availability.as_deref())
        .bind(bbox.as_deref())
        .bind(backwards)
        .bind(limit + 1)
        .bind(filter.bbox_crs.srid())
        .bind((crs != Crs::Crs84).then(|| crs.srid()))
        .bind(changed_from)
        .bind(changed_to)
        .fetch(pool)
        .map_ok(|(id, feature)| FeatureRow { id, feature });
    Page::read(rows, opening, limit, backwards, after.is_some())
        .await
        .map_err(doing("reading a page of areas"))
}

/// Count matching public areas, up to `cap`; `None` when there are more than `cap`.
/// The whole collection is never counted: its number is kept (`public_area_count`) and
/// given exactly, however large.
pub async fn count_capped(
    pool: &PgPool,
    filter: &AreaFilter,
    cap: i64,
) -> Result<Option<i64>, StoreError> {
    let unfiltered = AreaFilter {
        bbox_crs: filter.bbox_crs,
        ..AreaFilter::default()
    };
    if *filter == unfiltered {
        let n = sqlx::query_scalar!(r#"select public_area_count() as "n!""#)
            .fetch_one(pool)
            .await
            .map_err(doing("reading the number of public areas"))?;
        return Ok(Some(n));
    }
    let bbox = filter.bbox.map(|b| b.to_vec());
    let (changed_from, changed_to) = filter.changed.unwrap_or((None, None));
    let n = sqlx::query_file_scalar!(
        "src/store/sql/area_count.sql",
        filter.municipality.as_deref(),
        filter.kind.as_deref(),
        filter.readiness.as_deref(),
        filter.availability.as_deref(),
        bbox.as_deref(),
        cap + 1,
        filter.bbox_crs.srid(),
        changed_from,
        changed_to
    )
    .fetch_one(pool)
    .await
    .map_err(doing("counting areas"))?;
    Ok((n <= cap).then_some(n))
}

/// One area `audience` may see as a Feature text (coordinates in `crs`:
/// `feature_in_crs`) with its version; `None` if unknown or not for this audience.
pub async fn feature_for(
    pool: &PgPool,
    audience: Audience,
    id: Uuid,
    crs: Crs,
) -> Result<Option<(String, i32)>, StoreError> {
    let srid = (crs != Crs::Crs84).then(|| crs.srid());
    let sql = format!(
        "select feature_in_crs(feature, id, geom, $2::int), version from {} where id = $1",
        feature_view(audience)
    );
    sqlx::query_as::<_, (String, i32)>(&sql)
        .bind(id)
        .bind(srid)
        .fetch_optional(pool)
        .await
        .map_err(doing("reading an area"))
}

/// The municipality of a current (not ended) area; `None` if there is none.
pub async fn municipality_of(pool: &PgPool, id: Uuid) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar::<_, String>("select municipality from area_current where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(doing("reading an area's municipality"))
}

/// Whether any visible area is demo data (the UI then shows the demo notice).
pub async fn demo_visible(pool: &PgPool) -> Result<bool, StoreError> {
    sqlx::query_scalar!(r#"select exists(select 1 from area_public where demo) as "demo!""#)
        .fetch_one(pool)
        .await
        .map_err(doing("looking for demo data"))
}

/// Every area, including unpublished and ended ones and private fields, as a GeoJSON
/// FeatureCollection (CRS84) that `import` reads back.
pub async fn export_all(pool: &PgPool) -> Result<String, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object(
               'type', 'FeatureCollection',
               'features', coalesce(json_agg(json_build_object(
                   'type', 'Feature',
                   'id', a.id,
                   'geometry', a.geometry_geojson::json,
                   'properties', (to_jsonb(a) - array['geom', 'geometry_geojson'])
                                 || area_fact_properties(f, a.area_gross_m2)
               ) order by a.municipality, a.reference), '[]'::json)
           )::text as "doc!"
           from area a left join area_fact f on f.area_id = a.id"#
    )
    .fetch_one(pool)
    .await
    .map_err(doing("exporting areas"))
}

/// One area for a file export: its properties and computed facts (JSON text), and its
/// geometry in EPSG:25832
/// as WKB and WKT with its bounding box.
pub struct ExportRow {
    pub id: Uuid,
    pub properties: String,
    pub wkb: Vec<u8>,
    pub wkt: String,
    pub bbox: [f64; 4],
}

/// Every area for a CSV or GeoPackage export, in the order of [`export_all`].
pub async fn export_rows(pool: &PgPool) -> Result<Vec<ExportRow>, StoreError> {
    let rows = sqlx::query!(
        r#"select a.id, ((to_jsonb(a) - array['geom', 'geometry_geojson', 'id'])
                          || area_fact_properties(f, a.area_gross_m2))::text as "properties!",
                  st_asbinary(a.geom, 'NDR') as "wkb!", st_astext(a.geom) as "wkt!",
                  st_xmin(a.geom) as "xmin!", st_ymin(a.geom) as "ymin!",
                  st_xmax(a.geom) as "xmax!", st_ymax(a.geom) as "ymax!"
           from area a left join area_fact f on f.area_id = a.id
           order by a.municipality, a.reference"#
    )
    .fetch_all(pool)
    .await
    .map_err(doing("exporting areas"))?;
    Ok(rows
        .into_iter()
        .map(|r| ExportRow {
            id: r.id,
            properties: r.properties,
            wkb: r.wkb,
            wkt: r.wkt,
            bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
        })
        .collect())
}

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

/// Who makes a change, as the history records it.
#[derive(Debug, Clone, Copy)]
pub struct ChangedBy<'a> {
    /// The account, when a person (or their token) made the change.
    pub user_id: Option<Uuid>,
    /// Username, or what made the change, e.g. "seed" or "import (command line)".
    pub name: &'a str,
}

/// One area with every field, private ones included (for its editors), as a Feature
/// with its version.
pub async fn full_feature(pool: &PgPool, id: Uuid) -> Result<Option<(String, i32)>, StoreError> {
    let row = sqlx::query!(
        r#"select json_build_object(
               'type', 'Feature',
               'id', a.id,
               'geometry', a.geometry_geojson::json,
               'properties', to_jsonb(a) - array['geom', 'geometry_geojson', 'id']
           )::text as "feature!", a.version
           from area a where a.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading an area"))?;
    Ok(row.map(|r| (r.feature, r.version)))
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

/// The history of an area, newest first: (version, action, who, when, changed fields).
pub async fn history(pool: &PgPool, id: Uuid) -> Result<Vec<HistoryEntry>, StoreError> {
    let rows = sqlx::query_as!(
        HistoryEntry,
        "select version, action, changed_by_name, changed_at, changed_fields from area_history where area_id = $1 order by id desc",
        id
    )
    .fetch_all(pool)
    .await
    .map_err(doing("reading an area's history"))?;
    Ok(rows)
}

/// One change in an area's history.
#[derive(Debug, serde::Serialize)]
pub struct HistoryEntry {
    pub version: i32,
    pub action: String,
    #[serde(rename = "changed_by")]
    pub changed_by_name: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub changed_fields: Vec<String>,
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

/// (municipality, reference) of every stored area.
pub async fn existing_references(
    pool: &PgPool,
) -> Result<std::collections::HashSet<(String, String)>, StoreError> {
    let rows = sqlx::query!("select municipality, reference from area")
        .fetch_all(pool)
        .await
        .map_err(doing("reading references"))?;
    Ok(rows
        .into_iter()
        .map(|r| (r.municipality, r.reference))
        .collect())
}

/// The bounding box (CRS84) of all public areas: the envelope of their EPSG:25832
/// extent, transformed, so it never cuts an area off.
/// The extent of the public areas: bbox in CRS84, and the first and last time one changed.
pub struct Extent {
    pub bbox: [f64; 4],
    pub changed: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
}

pub async fn public_extent(pool: &PgPool) -> Result<Option<Extent>, StoreError> {
    let r = sqlx::query!(
        r#"select ST_XMin(b) as x0, ST_YMin(b) as y0, ST_XMax(b) as x1, ST_YMax(b) as y1, t0, t1
           from (select ST_Envelope(ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 25832), 4326)) as b,
                        min(updated_at) as t0, max(updated_at) as t1
                 from area_public) e"#
    )
    .fetch_one(pool)
    .await
    .map_err(doing("computing the extent of areas"))?;
    Ok(match (r.x0, r.y0, r.x1, r.y1, r.t0, r.t1) {
        (Some(a), Some(b), Some(c), Some(d), Some(t0), Some(t1)) => Some(Extent {
            bbox: [a, b, c, d],
            changed: (t0, t1),
        }),
        _ => None,
    })
}

/// An area as it was at `version`, as a Feature text in CRS84 with every field; `None`
/// when the area or that version does not exist. (History row N keeps the state before
/// change N, that is, version N − 1.)
pub async fn feature_at_version(
    pool: &PgPool,
    id: Uuid,
    version: i32,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        r#"with state as (
               select h.previous as s from area_history h
               where h.area_id = $1 and h.version = $2 + 1 and h.previous is not null
               union all
               select to_jsonb(a) - array['geometry_geojson'] from area a where a.id = $1 and a.version = $2
           )
           select json_build_object(
               'type', 'Feature',
               'id', $1::uuid,
               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(ST_GeomFromGeoJSON(s ->> 'geom'), 4326)), 7)::json,
               'properties', s - array['geom', 'id']
           )::text as "feature!"
           from state limit 1"#,
        id,
        version
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading an earlier version"))
}

/// The stored state at `version` in EPSG:25832 (for restoring it), as a Feature text.
pub async fn stored_state_at_version(
    pool: &PgPool,
    id: Uuid,
    version: i32,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object('type', 'Feature', 'geometry', h.previous -> 'geom',
                                    'properties', h.previous - array['geom', 'id'])::text as "feature!"
           from area_history h
           where h.area_id = $1 and h.version = $2 + 1 and h.previous is not null"#,
        id,
        version
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading an earlier version"))
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
