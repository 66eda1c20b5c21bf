//! OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) under `/ogc`.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use uuid::Uuid;

use super::auth::{private, Caller, Principal};
use super::links::{link, BaseUrl};
use super::params::items::{parse_items_query, supported_crs};
use super::params::ParamError;
use super::problem::Problem;
use super::AppState;
use crate::domain::query::{Cursor, ItemsQuery};
use crate::domain::user::Audience;
use crate::spatial::Crs;
use crate::store;

use super::links::{CRS84, GEOJSON, JSON};
/// `numberMatched` is given while the matches are at most this many (a bounded count).
pub const COUNT_CAP: i64 = 10_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/api", get(super::openapi::document))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{collection}", get(collection))
        .route(
            "/ogc/collections/areas/queryables",
            get(super::queryables::queryables),
        )
        .route(
            "/ogc/collections/areas/sortables",
            get(super::queryables::sortables),
        )
        .route(
            "/ogc/collections/areas/items",
            get(area_items)
                .post(super::areas::create)
                .options(super::allow::area_items_options),
        )
        .route(
            "/ogc/collections/areas/items/{id}",
            get(area_item)
                .put(super::areas::replace)
                .patch(super::areas::patch)
                .delete(super::areas::end)
                .options(super::allow::area_item_options),
        )
        .route(
            "/ogc/collections/{collection}/items",
            get(super::reference::items).options(super::allow::reference_options),
        )
        .route(
            "/ogc/collections/{collection}/items/{id}",
            get(super::reference::item).options(super::allow::reference_item_options),
        )
        .nest("/ogc", Router::new().fallback(super::not_found))
        .layer(axum::middleware::from_fn(super::allow::basic_challenge))
}

async fn landing(BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({
        "title": "arealbank",
        "description": "Registry of business land (næringsareal) with zoning, power and logistics facts",
        "links": [
            link(format!("{base}/ogc"), "self", JSON, "This document"),
            link(format!("{base}/ogc/api"), "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition (OpenAPI 3.0)"),
            link(format!("{base}/ogc/api.html"), "service-doc", "text/html", "API-dokumentasjon / The API documentation (HTML)"),
            link(format!("{base}/ogc/conformance"), "conformance", JSON, "Conformance classes"),
            link(format!("{base}/ogc/collections"), "data", JSON, "Collections"),
        ]
    }))
}

async fn conformance() -> Json<Value> {
    Json(json!({
        "conformsTo": [
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            // the draft names of the spatial classes, which older clients look for
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
            "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
            "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting",
            // Part 4 is a draft; these are its class names as the draft and QGIS use them
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
        ]
    }))
}

async fn collections(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
) -> Result<Json<Value>, Problem> {
    let mut all = vec![describe_areas(&state, &base).await?];
    for c in super::reference::collections(&state).await? {
        all.push(super::reference::describe(&base, &c));
    }
    Ok(Json(json!({
        "links": [link(format!("{base}/ogc/collections"), "self", JSON, "Collections")],
        "collections": all,
    })))
}

async fn collection(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    if id == "areas" {
        return Ok(Json(describe_areas(&state, &base).await?));
    }
    super::reference::collections(&state)
        .await?
        .iter()
        .find(|c| c.id == id)
        .map(|c| Json(super::reference::describe(&base, c)))
        .ok_or_else(|| Problem::not_found(format!("there is no collection {id:?}")))
}

async fn describe_areas(state: &AppState, base: &str) -> Result<Value, Problem> {
    let extent = store::areas::public_extent(&state.pool).await?;
    let mut c = describe(base, "areas", "Næringsarealer / Business land",
        "Published business-land areas: available land, transformation areas and candidate alternatives");
    if let Some(e) = extent {
        c["extent"] = json!({
            "spatial": {"bbox": [e.bbox], "crs": CRS84},
            // `datetime` filters on the time an area last changed
            "temporal": {"interval": [[e.changed.0, e.changed.1]],
                         "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"},
        });
    }
    if let Some(links) = c["links"].as_array_mut() {
        links.push(link(
            format!("{base}/ogc/collections/areas/queryables"),
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            "application/schema+json",
            "Properties a filter may name",
        ));
        links.push(link(
            format!("{base}/ogc/collections/areas/sortables"),
            "http://www.opengis.net/def/rel/ogc/1.0/sortables",
            "application/schema+json",
            "Properties sortby may name",
        ));
    }
    c["crs"] = json!(Crs::ALL.iter().map(|c| c.uri()).collect::<Vec<_>>());
    c["storageCrs"] = json!(Crs::Epsg25832.uri());
    Ok(c)
}

fn describe(base: &str, id: &str, title: &str, description: &str) -> Value {
    json!({
        "id": id,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            link(format!("{base}/ogc/collections/{id}"), "self", JSON, title),
            link(format!("{base}/ogc/collections/{id}/items"), "items", GEOJSON, "Features"),
        ]
    })
}

/// `/ogc/collections/areas/items`: a keyset-paged FeatureCollection built from the
/// Feature texts PostGIS made, without parsing them again.
async fn area_items(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Caller(who): Caller,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let audience = Audience::of(who.as_ref().map(|p| p.role));
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let q = parse_items_query(&pairs).map_err(Problem::bad_parameters)?;
    // the features are written first, straight after this opening, as the rows arrive;
    // counts and links follow them (they depend on the page's last row)
    let opening = r#"{"type":"FeatureCollection","features":["#.to_string();
    let (page, matched) = if q.nothing_can_match {
        (store::areas::Page::empty(opening), Some(0))
    } else {
        // the first page's numberMatched: counted beside the page (on a second connection)
        // only when the count reads nothing but the covering index (attribute filters);
        // a bbox, datetime, CQL2 filter or sort would make the count repeat the page's
        // work over every match, so then it is given when the first page holds them all
        let cheap_count =
            q.filter.bbox.is_none() && q.filter.changed.is_none() && audience == Audience::Public;
        let count = async {
            if q.cursor == Cursor::First && cheap_count {
                store::areas::count_capped(&state.pool, &q.filter, COUNT_CAP).await
            } else {
                Ok(None)
            }
        };
        let (page, counted) = match q.expression() {
            None => {
                let page = store::areas::page(
                    &state.pool,
                    audience,
                    &q.filter,
                    q.cursor,
                    q.limit,
                    q.crs,
                    opening,
                );
                tokio::try_join!(page, count)?
            }
            Some(expr) => {
                let page = store::filter::page(
                    &state.pool,
                    audience,
                    &expr,
                    &q.sort,
                    q.cursor,
                    q.limit,
                    q.crs,
                    opening,
                )
                .await?;
                (page, None)
            }
        };
        let whole = (q.cursor == Cursor::First && !page.more_after).then_some(page.count as i64);
        (page, counted.or(whole))
    };
    let items_url = format!("{base}/ogc/collections/areas/items");
    let mut links = vec![
        link(page_url(&items_url, &q, None), "self", GEOJSON, "This page"),
        link(
            format!("{base}/ogc/collections/areas"),
            "collection",
            JSON,
            "The collection",
        ),
    ];
    if let (true, Some(last)) = (page.more_after, page.last) {
        links.push(link(
            page_url(&items_url, &q, Some(("after", last))),
            "next",
            GEOJSON,
            "Next page",
        ));
    }
    if let (true, Some(first)) = (page.more_before, page.first) {
        links.push(link(
            page_url(&items_url, &q, Some(("before", first))),
            "prev",
            GEOJSON,
            "Previous page",
        ));
    }
    let mut body = page.body;
    body.push_str(&format!(r#"],"numberReturned":{},"#, page.count));
    if let Some(n) = matched {
        body.push_str(&format!(r#""numberMatched":{n},"#));
    }
    body.push_str(&format!(
        r#""timeStamp":{},"links":{}}}"#,
        json!(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        Value::Array(links)
    ));
    Ok(for_caller(geojson_response(body, q.crs), &who))
}

/// Anonymous answers are left to the validators and caches as before; an answer for a
/// signed-in caller is private.
fn for_caller(res: Response, who: &Option<Principal>) -> Response {
    match who {
        None => res,
        Some(_) => private(res, who),
    }
}

/// The items URL with the request's parameters (in order) and an optional cursor.
fn page_url(items_url: &str, q: &ItemsQuery, cursor: Option<(&str, Uuid)>) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &q.carried {
        ser.append_pair(k, v);
    }
    if let Some((k, id)) = cursor {
        ser.append_pair(k, &id.to_string());
    }
    let query = ser.finish();
    if query.is_empty() {
        items_url.to_string()
    } else {
        format!("{items_url}?{query}")
    }
}

async fn area_item(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Caller(who): Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let crs = item_crs(raw.as_deref())?;
    let audience = Audience::of(who.as_ref().map(|p| p.role));
    let not_found = || match audience {
        Audience::Public => {
            Problem::not_found(format!("there is no published area with id {id:?}"))
        }
        _ => Problem::not_found(format!("there is no current area with id {id:?}")),
    };
    let uuid = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let (feature, version) = store::areas::feature_for(&state.pool, audience, uuid, crs)
        .await?
        .ok_or_else(not_found)?;
    let links = json!([
        link(
            format!("{base}/ogc/collections/areas/items/{uuid}"),
            "self",
            GEOJSON,
            "This area"
        ),
        link(
            format!("{base}/ogc/collections/areas"),
            "collection",
            JSON,
            "The collection"
        ),
    ]);
    // add links before the closing brace of the Feature text PostGIS built
    let open = feature.trim_end().strip_suffix('}').unwrap_or(&feature);
    let body = format!("{open},\"links\":{links}}}");
    let mut res = geojson_response(body, crs);
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(for_caller(res, &who))
}

fn geojson_response(body: String, crs: Crs) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    if let Ok(v) = HeaderValue::from_str(&format!("<{}>", crs.uri())) {
        h.insert("content-crs", v);
    }
    res
}

/// The `crs` of a single item (Part 2); only `crs` and `f` are understood.
fn item_crs(raw: Option<&str>) -> Result<Crs, Problem> {
    let mut crs = Crs::Crs84;
    let mut bad = Vec::new();
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match (k.as_ref(), v.as_ref()) {
            ("f", "json" | "geojson") => {}
            ("crs", value) => match Crs::parse(value) {
                Ok(c) => crs = c,
                Err(e) => bad.push(ParamError {
                    parameter: "crs".into(),
                    value: value.chars().take(120).collect(),
                    message: e.to_string(),
                    accepted: supported_crs(),
                }),
            },
            (k, v) => bad.push(ParamError {
                parameter: k.into(),
                value: v.chars().take(120).collect(),
                message: "unknown parameter".into(),
                accepted: "crs, f=json".into(),
            }),
        }
    }
    if bad.is_empty() {
        Ok(crs)
    } else {
        Err(Problem::bad_parameters(bad))
    }
}
