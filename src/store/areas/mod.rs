//! Areas in the store: pages and items as each audience may read them (here), writes
//! (`write`: insert, import, update, all-or-nothing), history and versions (`history`),
//! and the rows of exports (`export`).

use futures_util::TryStreamExt;
use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};
use crate::domain::query::{AreaFilter, Cursor};
use crate::domain::user::Audience;
use crate::spatial::Crs;

mod export;
mod history;
mod write;

pub use export::{export_all, export_rows, ExportRow};
pub use history::{
    feature_at_version, full_feature, history, stored_state_at_version, HistoryEntry,
};
pub use write::{check_all, import_all, insert_all, update, Imported};

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
    let sql = include_str!("../sql/area_page.sql");
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
        .persistent(false) // planned for its filters: db::tuned
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
    let mut tx = super::planned_per_call(pool).await?;
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
    .fetch_one(&mut *tx)
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

/// Who makes a change, as the history records it.
#[derive(Debug, Clone, Copy)]
pub struct ChangedBy<'a> {
    /// The account, when a person (or their token) made the change.
    pub user_id: Option<Uuid>,
    /// Username, or what made the change, e.g. "seed" or "import (command line)".
    pub name: &'a str,
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
