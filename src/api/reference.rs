//! The small public collections of `/ogc` besides the areas: municipality boundaries,
//! substations, every loaded reference layer (`layer-e6`, `layer-farmland`, …) and the
//! members of every public comparison set (`comparison-<id>`, in the set's order). Each
//! is one FeatureCollection built by PostGIS, paged here by key (`after` = the last id of
//! the previous page) — no OFFSET — with `limit`, `bbox` (CRS84) and `next` links.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use geo::{BoundingRect, Intersects, Rect};
use serde_json::{json, Value};

use super::links::{link, BaseUrl};
use super::problem::Problem;
use super::AppState;
use crate::domain::query::{ParamError, DEFAULT_LIMIT, MAX_LIMIT};
use crate::store;

const GEOJSON: &str = "application/geo+json";
const JSON: &str = "application/json";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

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
        "crs": [CRS84],
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
    let missing = || Problem::not_found(format!("there is no collection {id:?}"));
    let q = Query::parse(raw.as_deref()).map_err(Problem::bad_parameters)?;
    let doc: Value = document(&state, &id)
        .await?
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(missing)?;
    let all: Vec<Value> = doc["features"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| q.bbox.is_none_or(|b| overlaps(f, &b)))
        .collect();
    let key = |f: &Value| f["id"].to_string().trim_matches('"').to_string();
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
    let page: Vec<Value> = all[start..].iter().take(q.limit).cloned().collect();
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
    let mut res = body.to_string().into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    h.insert(
        "content-crs",
        HeaderValue::from_static("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"),
    );
    Ok(res)
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
    bbox: Option<Rect<f64>>,
    carried: Vec<(String, String)>,
}

impl Query {
    fn parse(raw: Option<&str>) -> Result<Query, Vec<ParamError>> {
        let mut q = Query {
            limit: DEFAULT_LIMIT as usize,
            after: None,
            bbox: None,
            carried: Vec::new(),
        };
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
                "bbox" => {
                    let n: Vec<f64> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
                    match n.as_slice() {
                        [x0, y0, x1, y1] if x0 <= x1 && y0 <= y1 => {
                            q.bbox = Some(Rect::new((*x0, *y0), (*x1, *y1)))
                        }
                        _ => bad(
                            "bbox",
                            &v,
                            "bbox must be four numbers, minimum first",
                            "min lon,min lat,max lon,max lat (CRS84)",
                        ),
                    }
                }
                "f" if v == "json" || v == "geojson" => {}
                _ => bad(&k, &v, "unknown parameter", "limit, bbox, after, f=json"),
            }
            q.carried.push((k.into_owned(), v.into_owned()));
        }
        if errors.is_empty() {
            Ok(q)
        } else {
            Err(errors)
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
