//! The small public collections of `/ogc` besides the areas: municipality boundaries,
//! substations, every loaded reference layer (`layer-e6`, `layer-farmland`, …) and the
//! members of every public comparison set (`comparison-<id>`, in the set's order). Each
//! is one FeatureCollection built by PostGIS, paged here by key (`after` = the last id of
//! the previous page) — no OFFSET — with `limit`, `bbox`, `next` links, single items
//! (`/items/{featureId}`) and the CRSs of Part 2 (`crs`, `bbox-crs`: coordinates
//! transformed by PostGIS).

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use geo::{BoundingRect, Intersects, Rect};
use serde_json::{json, Value};

use super::links::{link, BaseUrl};
use super::params::items::{bbox_in, supported_crs};
use super::params::ParamError;
use super::problem::Problem;
use super::AppState;
use crate::domain::query::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::spatial::Crs;
use crate::store;

use super::links::{CRS84, GEOJSON, JSON};

/// A collection: id, title, description.
pub(super) struct Small {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// Every small collection that has data now.
pub(super) async fn collections(state: &AppState) -> Result<Vec<Small>, Problem> {
    let mut out = vec![Small {
        id: "municipalities".into(),
        title: "Kommuner / Municipalities".into(),
        description:
            "Boundaries of the municipalities in the registry (Kartverket N1000, generalised)"
                .into(),
    }];
    if store::substations::count(&state.pool).await? > 0 {
        out.push(Small {
            id: "substations".into(),
            title: "Transformatorstasjoner / Substations".into(),
            description: "Substations with free and planned capacity, source and date".into(),
        });
    }
    for l in store::layers::list(&state.pool).await? {
        if l.feature_count > 0 {
            out.push(Small {
                id: format!("layer-{}", l.kind),
                title: format!("{} / {}", l.title_nb, l.title_en),
                description: format!(
                    "Reference layer: {}{}{}",
                    l.source.unwrap_or_default(),
                    l.as_of.map(|d| format!(", as of {d}")).unwrap_or_default(),
                    if l.demo { " (demo data)" } else { "" }
                ),
            });
        }
    }
    for set in store::comparisons::list(&state.pool).await? {
        if set.visibility == "public" {
            out.push(Small {
                id: format!("comparison-{}", set.id),
                title: format!("Alternativsett / Comparison set: {}", set.title),
                description: format!(
                    "The alternatives of a comparison set in its order, each with its position and note{}{}",
                    set.decision_reference
                        .map(|r| format!("; decision reference: {r}"))
                        .unwrap_or_default(),
                    if set.demo { " (demo data)" } else { "" }
                ),
            });
        }
    }
    Ok(out)
}

/// The collection's metadata (as in `/ogc/collections`).
pub(super) fn describe(base: &str, c: &Small) -> Value {
    json!({
        "id": c.id,
        "title": c.title,
        "description": c.description,
        "itemType": "feature",
        "crs": Crs::ALL.iter().map(|c| c.uri()).collect::<Vec<_>>(),
        "storageCrs": CRS84,
        "links": [
            link(format!("{base}/ogc/collections/{}", c.id), "self", JSON, &c.title),
            link(format!("{base}/ogc/collections/{}/items", c.id), "items", GEOJSON, "Features"),
        ]
    })
}

async fn document(state: &AppState, id: &str) -> Result<Option<String>, Problem> {
    Ok(match id {
        "municipalities" => Some(store::municipalities::feature_collection(&state.pool).await?),
        "substations" => Some(store::substations::geojson(&state.pool).await?),
        other => {
            if let Some(kind) = other.strip_prefix("layer-") {
                store::layers::features(&state.pool, kind).await?
            } else if let Some(set) = other
                .strip_prefix("comparison-")
                .and_then(|s| uuid::Uuid::parse_str(s).ok())
            {
                store::comparisons::public_members_geojson(&state.pool, set).await?
            } else {
                None
            }
        }
    })
}

/// `/ogc/collections/{id}/items` for the small collections.
pub(super) async fn items(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    // an unknown id has no document: no need to list the collections first
    let q = Query::parse(raw.as_deref()).map_err(Problem::bad_parameters)?;
    let features = features_of(&state, &id).await?;
    let bbox = match q.bbox {
        Some(b) if q.bbox_crs != Crs::Crs84 => {
            Some(store::reproject::bbox_to_crs84(&state.pool, b, q.bbox_crs).await?)
        }
        b => b,
    }
    .map(|[x0, y0, x1, y1]| Rect::new((x0, y0), (x1, y1)));
    let all: Vec<Value> = features
        .into_iter()
        .filter(|f| bbox.is_none_or(|b| overlaps(f, &b)))
        .collect();
    let start = match &q.after {
        Some(after) => all
            .iter()
            .position(|f| key(f) == *after)
            .map(|i| i + 1)
            .ok_or_else(|| {
                Problem::bad_parameters(vec![ParamError {
                    parameter: "after".into(),
                    value: after.clone(),
                    message: "not a page cursor of this collection".into(),
                    accepted: "the value from a next link".into(),
                }])
            })?,
        None => 0,
    };
    // the page: `limit` features after the cursor's position (keyset, in the document's order)
    let mut page: Vec<Value> = all[start..].iter().take(q.limit).cloned().collect();
    in_crs(&state, &mut page, q.crs).await?;
    let url = format!("{base}/ogc/collections/{id}/items");
    let mut links = vec![
        link(q.url(&url, None), "self", GEOJSON, "This page"),
        link(
            format!("{base}/ogc/collections/{id}"),
            "collection",
            JSON,
            "The collection",
        ),
    ];
    if start + page.len() < all.len() {
        if let Some(last) = page.last() {
            links.push(link(
                q.url(&url, Some(&key(last))),
                "next",
                GEOJSON,
                "Next page",
            ));
        }
    }
    let body = json!({
        "type": "FeatureCollection",
        "numberMatched": all.len(),
        "numberReturned": page.len(),
        "links": links,
        "features": page,
    });
    Ok(geojson(body.to_string(), q.crs))
}

/// `/ogc/collections/{id}/items/{featureId}` for the small collections: the feature the
/// collection lists under that id, with `self` and `collection` links.
pub(super) async fn item(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path((id, feature_id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let q = Query::parse_item(raw.as_deref()).map_err(Problem::bad_parameters)?;
    let mut found: Vec<Value> = features_of(&state, &id)
        .await?
        .into_iter()
        .filter(|f| key(f) == feature_id)
        .take(1)
        .collect();
    if found.is_empty() {
        return Err(Problem::not_found(format!(
            "the collection {id:?} has no feature {feature_id:?}"
        )));
    }
    in_crs(&state, &mut found, q.crs).await?;
    let mut feature = found.remove(0);
    feature["links"] = json!([
        link(
            format!("{base}/ogc/collections/{id}/items/{feature_id}"),
            "self",
            GEOJSON,
            "This feature"
        ),
        link(
            format!("{base}/ogc/collections/{id}"),
            "collection",
            JSON,
            "The collection"
        ),
    ]);
    Ok(geojson(feature.to_string(), q.crs))
}

/// Whether `id` names a collection that has data now (404 otherwise).
pub(super) async fn find(state: &AppState, id: &str) -> Result<(), Problem> {
    features_of(state, id).await.map(|_| ())
}

/// The features of a small collection, in its order; 404 for an unknown collection.
async fn features_of(state: &AppState, id: &str) -> Result<Vec<Value>, Problem> {
    // an unknown id has no document: no need to list the collections first
    let mut doc: Value = document(state, id)
        .await?
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| Problem::not_found(format!("there is no collection {id:?}")))?;
    Ok(match doc["features"].take() {
        Value::Array(features) => features,
        _ => Vec::new(),
    })
}

/// The id of a feature as it appears in paths and cursors.
fn key(f: &Value) -> String {
    match &f["id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The features' coordinates in `crs` (they are kept in CRS84).
async fn in_crs(state: &AppState, features: &mut [Value], crs: Crs) -> Result<(), Problem> {
    if crs == Crs::Crs84 || features.is_empty() {
        return Ok(());
    }
    let geometries: Vec<String> = features.iter().map(|f| f["geometry"].to_string()).collect();
    let moved = store::reproject::geometries(&state.pool, &geometries, crs).await?;
    for (f, g) in features.iter_mut().zip(moved) {
        f["geometry"] = serde_json::from_str(&g).map_err(|_| Problem::internal())?;
    }
    Ok(())
}

fn geojson(body: String, crs: Crs) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    if let Ok(v) = HeaderValue::from_str(&format!("<{}>", crs.uri())) {
        h.insert("content-crs", v);
    }
    res
}

fn overlaps(f: &Value, b: &Rect<f64>) -> bool {
    serde_json::from_value::<geojson::Geometry>(f["geometry"].clone())
        .ok()
        .and_then(|g| geo::Geometry::<f64>::try_from(g.value).ok())
        .and_then(|g| g.bounding_rect())
        .is_some_and(|r| r.intersects(b))
}

struct Query {
    limit: usize,
    after: Option<String>,
    /// In `bbox_crs`, longitude first.
    bbox: Option<[f64; 4]>,
    bbox_crs: Crs,
    crs: Crs,
    carried: Vec<(String, String)>,
}

impl Query {
    fn parse(raw: Option<&str>) -> Result<Query, Vec<ParamError>> {
        let mut q = Query {
            limit: DEFAULT_LIMIT as usize,
            after: None,
            bbox: None,
            bbox_crs: Crs::Crs84,
            crs: Crs::Crs84,
            carried: Vec::new(),
        };
        let mut raw_bbox = None;
        let mut errors = Vec::new();
        let mut bad = |p: &str, v: &str, m: &str, a: &str| {
            errors.push(ParamError {
                parameter: p.into(),
                value: v.chars().take(120).collect(),
                message: m.into(),
                accepted: a.into(),
            })
        };
        for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match k.as_ref() {
                "limit" => match v.parse::<usize>() {
                    Ok(n) if (1..=MAX_LIMIT as usize).contains(&n) => q.limit = n,
                    _ => bad(
                        "limit",
                        &v,
                        "limit must be a whole number in range",
                        "1 to 10000",
                    ),
                },
                "after" => {
                    q.after = Some(v.to_string());
                    continue;
                }
                "bbox" => raw_bbox = Some(v.to_string()),
                "crs" | "bbox-crs" => match Crs::parse(&v) {
                    Ok(c) if k == "crs" => q.crs = c,
                    Ok(c) => q.bbox_crs = c,
                    Err(e) => bad(&k, &v, &e.to_string(), &supported_crs()),
                },
                "f" if v == "json" || v == "geojson" => {}
                _ => bad(
                    &k,
                    &v,
                    "unknown parameter",
                    "limit, bbox, bbox-crs, crs, after, f=json",
                ),
            }
            q.carried.push((k.into_owned(), v.into_owned()));
        }
        if let Some(v) = raw_bbox {
            match bbox_in(&v, q.bbox_crs) {
                Ok(b) => q.bbox = Some(b),
                Err(m) => bad(
                    "bbox",
                    &v,
                    &m,
                    "min x,min y,max x,max y in bbox-crs (CRS84 by default; EPSG:4258 latitude first)",
                ),
            }
        }
        if errors.is_empty() {
            Ok(q)
        } else {
            Err(errors)
        }
    }

    /// The parameters of a single item: `crs` and `f` only.
    fn parse_item(raw: Option<&str>) -> Result<Query, Vec<ParamError>> {
        let q = Query::parse(raw)?;
        let paging = q
            .carried
            .iter()
            .find(|(k, _)| !matches!(k.as_str(), "crs" | "f"));
        match paging {
            Some((k, v)) => Err(vec![ParamError {
                parameter: k.clone(),
                value: v.chars().take(120).collect(),
                message: "unknown parameter for a single feature".into(),
                accepted: "crs, f=json".into(),
            }]),
            None if q.after.is_some() => Err(vec![ParamError {
                parameter: "after".into(),
                value: q.after.unwrap_or_default(),
                message: "unknown parameter for a single feature".into(),
                accepted: "crs, f=json".into(),
            }]),
            None => Ok(q),
        }
    }

    fn url(&self, base: &str, after: Option<&str>) -> String {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.carried {
            ser.append_pair(k, v);
        }
        if let Some(a) = after {
            ser.append_pair("after", a);
        }
        let s = ser.finish();
        if s.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{s}")
        }
    }
}
