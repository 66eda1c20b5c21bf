//! `GET /api/search`: published areas that fit a company's needs, scored and explained,
//! with near misses; as GeoJSON for the map, or as a GeoJSON or CSV download.

use crate::domain::criteria::{Bound, Takes, CRITERIA, ORDERS};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::links::{link, BaseUrl};
use super::params::search::parse_search;
use super::problem::Problem;
use super::AppState;
use crate::domain::profile;
use crate::domain::search::{Format, Search};
use crate::formats::csv;
use crate::service::search::run;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/search/profiles", get(profiles))
}

/// Query pairs of a raw query string.
pub(super) fn pairs_of(raw: Option<String>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// `path?query` with the search's own parameters (and `extra`), for links.
pub(super) fn url_with(path: &str, s: &Search, extra: &[(&str, &str)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &s.carried {
        q.append_pair(k, v);
    }
    for (k, v) in extra {
        q.append_pair(k, v);
    }
    let q = q.finish();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

async fn search(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let s = parse_search(&pairs_of(raw)).map_err(Problem::bad_parameters)?;
    let found = run(&state.pool, &s).await?;
    match s.format {
        Format::Json => {
            let (matches, returned) = found.array_text(&found.ranked.matches, &s);
            let (near, _) = found.array_text(&found.ranked.near_misses, &s);
            let head = json!({
                "type": "FeatureCollection",
                "numberMatched": found.ranked.number_matched,
                "numberReturned": returned,
                "numberNearMisses": found.ranked.number_near_misses,
                "search": {
                    "profile": {"code": s.profile.code, "title": {"nb": s.profile.title_nb, "en": s.profile.title_en}},
                    "criteria": s.criteria,
                    "parts": s.parts,
                    "sort": s.sort,
                },
                "links": [
                    link(url_with(&format!("{base}/api/search"), &s, &[]), "self", "application/geo+json", "This search"),
                    link(url_with(&format!("{base}/"), &s, &[]), "alternate", "text/html", "The search on the map"),
                    link(url_with(&format!("{base}/feed.atom"), &s, &[]), "alternate", "application/atom+xml", "New and changed areas that fit (Atom)"),
                    link(url_with(&format!("{base}/api/search"), &s, &[("f", "csv")]), "alternate", "text/csv", "The matches as CSV"),
                    link(url_with(&format!("{base}/api/search"), &s, &[("f", "geojson")]), "alternate", "application/geo+json", "The matches as a GeoJSON file"),
                ],
            })
            .to_string();
            // the head's closing brace gives way to the two feature arrays
            let body = format!(
                "{},\"features\":{matches},\"nearMisses\":{near}}}",
                &head[..head.len() - 1]
            );
            Ok(with_type(body, "application/geo+json", None))
        }
        Format::GeoJson => {
            let (matches, _) = found.array_text(&found.ranked.matches, &s);
            Ok(with_type(
                format!("{{\"type\":\"FeatureCollection\",\"features\":{matches}}}"),
                "application/geo+json",
                Some("arealbank-sok.geojson"),
            ))
        }
        Format::Csv => Ok(with_type(
            results_csv(&base, &found.collection(&found.ranked.matches, &s)),
            "text/csv; charset=utf-8",
            Some("arealbank-sok.csv"),
        )),
    }
}

/// Columns of the CSV download: the facts a company compares, one row per match.
const CSV_COLUMNS: &[(&str, &str)] = &[
    ("reference", "reference"),
    ("name", "name"),
    ("municipality", "municipality"),
    ("kind", "kind"),
    ("readiness", "readiness"),
    ("availability", "availability"),
    ("available_from", "available_from"),
    ("area_gross_m2", "area_gross_m2"),
    ("area_available_m2", "area_available_m2"),
    ("plan_status", "plan_status"),
    ("plan_url", "plan_url"),
    ("land_control", "land_control"),
    ("price_nok_per_m2_min", "price_nok_per_m2_min"),
    ("price_nok_per_m2_max", "price_nok_per_m2_max"),
    ("substation_name", "substation_name"),
    ("substation_free_mw_min", "substation_free_mw_min"),
    ("substation_free_mw_max", "substation_free_mw_max"),
    ("substation_as_of", "substation_as_of"),
    ("e6_junction_m", "e6_junction_m"),
    ("rail_terminal_m", "rail_terminal_m"),
    ("skysstasjon_m", "skysstasjon_m"),
    ("town_centre_m", "town_centre_m"),
    ("farmland_share", "farmland_share"),
    ("protected_nature_share", "protected_nature_share"),
    ("contact_email", "contact_email"),
    ("demo", "demo"),
];

fn results_csv(base: &str, features: &[Value]) -> String {
    let mut columns: Vec<String> = vec!["rank".into(), "id".into(), "fit_score".into()];
    columns.extend(CSV_COLUMNS.iter().map(|(c, _)| c.to_string()));
    columns.extend(["fit_parts".to_string(), "datasheet".to_string()]);
    let rows: Vec<Vec<Value>> = features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = &f["properties"];
            let mut row = vec![json!(i + 1), f["id"].clone(), p["search"]["score"].clone()];
            row.extend(CSV_COLUMNS.iter().map(|(_, key)| p[*key].clone()));
            let parts: Vec<&str> = p["search"]["parts"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x["text"]["nb"].as_str())
                .collect();
            row.push(json!(parts.join("; ")));
            row.push(json!(format!(
                "{base}/areas/{}/datasheet",
                f["id"].as_str().unwrap_or_default()
            )));
            row
        })
        .collect();
    csv::write(&columns, &rows)
}

fn with_type(body: String, kind: &'static str, download: Option<&str>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(name) = download {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

/// The business-type profiles (their preset filters and score parts), the criteria and the
/// orders: what the map's search panel offers, and what a client needs to explain a score.
async fn profiles() -> axum::Json<Value> {
    let general = profile::general();
    let criteria: Vec<Value> = CRITERIA
        .iter()
        .map(|c| {
            let (takes, unit, min, max, codes) = match c.takes {
                Takes::Number { min, max, unit } => ("number", Some(unit), Some(min), Some(max), None),
                Takes::Readiness => ("code", None, None, None, Some("readiness")),
                Takes::Date => ("date", None, None, None, None),
                Takes::Codes(list) => ("codes", None, None, None, Some(list)),
                Takes::Utilities => ("utilities", None, None, None, None),
            };
            json!({
                "name": c.name, "takes": takes, "unit": unit, "min": min, "max": max, "codes": codes,
                "bound": match c.bound { Bound::AtLeast => "at_least", Bound::AtMost => "at_most", Bound::Matches => "matches" },
                "labels": {"nb": c.labels.0, "en": c.labels.1},
            })
        })
        .collect();
    let orders: Vec<Value> = ORDERS
        .iter()
        .map(|o| json!({"code": o.code, "labels": {"nb": o.labels.0, "en": o.labels.1}}))
        .collect();
    axum::Json(json!({
        "profiles": profile::profiles(),
        "general": general,
        "factors": profile::Factor::ALL,
        "criteria": criteria,
        "orders": orders,
    }))
}
