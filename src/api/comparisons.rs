//! Comparison sets: `GET/POST /api/comparisons`, `GET/PUT /api/comparisons/{id}` (the
//! same numbers the page shows; `?weights=` tries other weights without saving them,
//! `f=csv` gives the table), and the pages `/comparisons/{id}` and `/comparisons/{id}/report`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use uuid::Uuid;

use super::areas::{readable, required_version};
use super::auth::{has_credentials, private, Principal};
use super::links::BaseUrl;
use super::params::ParamError;
use super::problem::Problem;
use super::AppState;
use crate::domain::comparison::{
    default_weights, parse_weights, score, weights_from_map, weights_to_map, Scoring, CRITERIA,
};
use crate::domain::comparison_set::{self, Reader, Visibility};
use crate::formats::csv;
use crate::store;
use crate::store::comparisons::{Member, Stored};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/comparisons", get(list).post(create))
        .route("/api/comparisons/criteria", get(criteria))
        .route("/api/comparisons/{id}", get(read).put(replace))
        .route("/comparisons/{id}", get(page))
        .route("/comparisons/{id}/report", get(report))
}

/// The caller: anonymous when no credentials were sent; bad credentials are an error.
fn caller(
    p: Result<Principal, Problem>,
    headers: &HeaderMap,
) -> Result<Option<Principal>, Problem> {
    match p {
        Ok(p) => Ok(Some(p)),
        Err(e) if has_credentials(headers) => Err(e),
        Err(_) => Ok(None),
    }
}

fn reader(p: &Option<Principal>) -> Reader<'_> {
    match p {
        Some(p) => Reader {
            role: Some(p.role),
            municipalities: &p.municipalities,
        },
        None => Reader::ANONYMOUS,
    }
}

fn visibility(s: &Stored) -> Visibility {
    Visibility::parse(&s.visibility).unwrap_or(Visibility::Draft)
}

/// A set this caller may read, or 404 (a draft's existence is not revealed).
async fn readable_set(
    state: &AppState,
    id: &str,
    who: &Option<Principal>,
) -> Result<Stored, Problem> {
    let missing = || Problem::not_found("there is no comparison set with this id that you may see");
    let id = Uuid::parse_str(id).map_err(|_| missing())?;
    let set = store::comparisons::get(&state.pool, id)
        .await?
        .ok_or_else(missing)?;
    if reader(who).may_read(&set.municipality, visibility(&set)) {
        Ok(set)
    } else {
        Err(missing())
    }
}

async fn list(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    headers: HeaderMap,
    p: Result<Principal, Problem>,
) -> Result<Response, Problem> {
    let who = caller(p, &headers)?;
    let r = reader(&who);
    let sets: Vec<Value> = store::comparisons::list(&state.pool)
        .await?
        .into_iter()
        .filter(|s| r.may_read(&s.municipality, visibility(s)))
        .map(|s| {
            json!({
                "id": s.id, "title": s.title, "municipality": s.municipality,
                "decision_reference": s.decision_reference, "visibility": s.visibility,
                "members": s.members, "demo": s.demo, "updated_at": s.updated_at,
                "may_edit": r.may_edit(&s.municipality),
                "links": {"page": format!("{base}/comparisons/{}", s.id),
                          "report": format!("{base}/comparisons/{}/report", s.id),
                          "api": format!("{base}/api/comparisons/{}", s.id)},
            })
        })
        .collect();
    Ok(private(
        Json(json!({ "comparisons": sets })).into_response(),
        &who,
    ))
}

async fn criteria() -> Json<Value> {
    Json(json!({ "criteria": CRITERIA }))
}

async fn read(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    p: Result<Principal, Problem>,
) -> Result<Response, Problem> {
    let who = caller(p, &headers)?;
    let set = readable_set(&state, &id, &who).await?;
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let mut weights = None;
    let mut csv_wanted = false;
    for (k, v) in &pairs {
        match k.as_str() {
            "weights" => weights = Some(v.clone()),
            "f" if v == "csv" => csv_wanted = true,
            "f" if v == "json" => {}
            "lang" => {}
            _ => {
                return Err(Problem::bad_parameters(vec![ParamError {
                    parameter: k.clone(),
                    value: v.chars().take(120).collect(),
                    message: "unknown parameter or value".into(),
                    accepted: "weights=code:w,… and f=json|csv".into(),
                }]))
            }
        }
    }
    let members = visible_members(&state, &set, &who).await?;
    let doc = document(&base, &set, &members, weights.as_deref(), &who)?;
    if csv_wanted {
        let mut res = table_csv(&doc).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        res.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"alternativer.csv\""),
        );
        return Ok(private(res, &who));
    }
    Ok(with_etag(Json(doc).into_response(), set.version, &who))
}

/// Members this caller may see: the public sees only published, current areas.
async fn visible_members(
    state: &AppState,
    set: &Stored,
    who: &Option<Principal>,
) -> Result<Vec<Member>, Problem> {
    let all = store::comparisons::members(&state.pool, set.id).await?;
    let sees_all = reader(who).sees_unpublished();
    Ok(all
        .into_iter()
        .filter(|m| sees_all || m.facts["public"] == Value::Bool(true))
        .collect())
}

/// The whole comparison as the page, the report and API clients read it.
fn document(
    base: &str,
    set: &Stored,
    members: &[Member],
    weights: Option<&str>,
    who: &Option<Principal>,
) -> Result<Value, Problem> {
    let saved = set
        .weights
        .as_object()
        .and_then(|m| weights_from_map(m).ok())
        .unwrap_or_else(default_weights);
    let used = match weights {
        Some(raw) => parse_weights(raw, &saved).map_err(|e| {
            Problem::bad_parameters(vec![ParamError {
                parameter: "weights".into(),
                value: raw.chars().take(120).collect(),
                message: e.to_string(),
                accepted: format!(
                    "code:weight pairs from 0 to 100, not all 0; codes: {}",
                    CRITERIA
                        .iter()
                        .map(|c| c.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }])
        })?,
        None => saved.clone(),
    };
    let values: Vec<Vec<Option<f64>>> = members
        .iter()
        .map(|m| {
            CRITERIA
                .iter()
                .map(|c| m.facts[column(c.code)].as_f64())
                .collect()
        })
        .collect();
    let scoring = score(&values, &used).map_err(|e| {
        Problem::bad_parameters(vec![ParamError {
            parameter: "weights".into(),
            value: String::new(),
            message: e.to_string(),
            accepted: "at least one weight above 0".into(),
        }])
    })?;
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8).to_string();
    let alternatives: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let contributions: serde_json::Map<String, Value> = CRITERIA
                .iter()
                .zip(&scoring.contributions[i])
                .map(|(c, v)| (c.code.to_string(), json!(round(*v))))
                .collect();
            json!({
                "letter": letter(i),
                "area_id": m.area_id,
                "position": m.position,
                "note": m.note,
                "facts": m.facts,
                "geometry": serde_json::from_str::<Value>(&m.geometry).unwrap_or(Value::Null),
                "score": round(scoring.totals[i]),
                "rank": scoring.ranks[i],
                "contributions": contributions,
                "links": {"datasheet": format!("{base}/areas/{}/datasheet", m.area_id)},
            })
        })
        .collect();
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by_key(|i| (scoring.ranks[*i], *i));
    let criteria: Vec<Value> = CRITERIA
        .iter()
        .zip(&scoring.rows)
        .map(|(c, r)| {
            json!({
                "code": c.code, "title": {"nb": c.nb, "en": c.en}, "unit": c.unit,
                "direction": c.direction, "weight": r.weight, "saved_weight": saved[CRITERIA.iter().position(|x| x.code == c.code).unwrap_or(0)],
                "values": r.values, "normalised": r.normalised.iter().map(|n| n.map(|v| (v * 1000.0).round() / 1000.0)).collect::<Vec<_>>(),
                "best": r.best, "worst": r.worst,
            })
        })
        .collect();
    let letters: Vec<String> = (0..members.len()).map(letter).collect();
    Ok(json!({
        "id": set.id,
        "title": set.title,
        "description": set.description,
        "decision_reference": set.decision_reference,
        "municipality": set.municipality,
        "visibility": set.visibility,
        "demo": set.demo || members.iter().any(|m| m.facts["demo"] == Value::Bool(true)),
        "version": set.version,
        "updated_at": set.updated_at,
        "updated_by": set.updated_by,
        "may_edit": reader(who).may_edit(&set.municipality),
        "hidden_members": set.members - members.len() as i64,
        "weights": {"saved": weights_to_map(&saved), "used": weights_to_map(&used), "overridden": weights.is_some()},
        "criteria": criteria,
        "alternatives": alternatives,
        "ranking": order.iter().map(|i| members[*i].area_id).collect::<Vec<_>>(),
        "sensitivity": sensitivity(&scoring, &letters),
        "method": METHOD,
    }))
}

/// The method in plain words (the README says the same).
const METHOD: &str = "Hvert kriterium skaleres innenfor settet: det beste alternativet får 1, det svakeste 0, \
og de andre i forhold til avstanden mellom dem (for avstander, konflikter og pris er lavere bedre; for areal, \
byggeklarhet, strøm og infrastruktur er høyere bedre). Er alle like, får alle 1. Mangler en verdi, teller den som 0 \
og vises som «ukjent». Hver skalert verdi ganges med vekten, og summen deles på summen av vektene: poengsummen \
(0–100) er et vektet gjennomsnitt. Bidraget fra hvert kriterium vises, så det er mulig å se hvorfor et alternativ \
rangeres først. Følsomheten sjekkes ved å endre én og én vekt med ±20 % og se om rangeringen endres.";

fn sensitivity(s: &Scoring, letters: &[String]) -> Value {
    let order = |ranks: &[usize]| {
        let mut idx: Vec<usize> = (0..ranks.len()).collect();
        idx.sort_by_key(|i| (ranks[*i], *i));
        idx.iter()
            .map(|i| letters[*i].clone())
            .collect::<Vec<_>>()
            .join(" – ")
    };
    let changes: Vec<Value> = s
        .sensitivity
        .changes
        .iter()
        .map(|c| {
            let crit = CRITERIA.iter().find(|x| x.code == c.code);
            let sign = if c.percent > 0 { "+" } else { "−" };
            json!({
                "code": c.code, "percent": c.percent, "ranks": c.ranks,
                "text": {
                    "nb": format!("{} {sign}20 %: {}", crit.map_or("", |x| x.nb), order(&c.ranks)),
                    "en": format!("{} {sign}20 %: {}", crit.map_or("", |x| x.en), order(&c.ranks)),
                },
            })
        })
        .collect();
    let text = if s.sensitivity.holds {
        json!({"nb": format!("Rangeringen ({}) holder når én og én vekt endres med ±20 %.", order(&s.ranks)),
               "en": format!("The ranking ({}) holds when any single weight moves ±20 %.", order(&s.ranks))})
    } else {
        json!({"nb": format!("Rangeringen ({}) er følsom: den endres når én vekt endres med 20 % ({} tilfeller).", order(&s.ranks), changes.len()),
               "en": format!("The ranking ({}) is sensitive: it changes when a single weight moves 20 % ({} cases).", order(&s.ranks), changes.len())})
    };
    json!({"holds": s.sensitivity.holds, "text": text, "changes": changes})
}

/// The facts column a criterion reads (`comparison_facts`).
fn column(code: &str) -> &str {
    match code {
        "readiness" => "readiness_steps",
        other => other,
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn table_csv(doc: &Value) -> String {
    let alts = doc["alternatives"].as_array().cloned().unwrap_or_default();
    let mut columns: Vec<String> = ["criterion", "unit", "direction", "weight"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for a in &alts {
        columns.push(format!(
            "{}: {}",
            a["letter"].as_str().unwrap_or_default(),
            a["facts"]["name"].as_str().unwrap_or_default()
        ));
    }
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for c in doc["criteria"].as_array().into_iter().flatten() {
        let mut row = vec![
            c["title"]["nb"].clone(),
            c["unit"].clone(),
            c["direction"].clone(),
            c["weight"].clone(),
        ];
        row.extend(c["values"].as_array().into_iter().flatten().cloned());
        rows.push(row);
    }
    for (label, key) in [("Poengsum (0–100)", "score"), ("Rangering", "rank")] {
        let mut row = vec![json!(label), Value::Null, Value::Null, Value::Null];
        row.extend(alts.iter().map(|a| a[key].clone()));
        rows.push(row);
    }
    csv::write(&columns, &rows)
}

async fn create(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    p: Principal,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let body = readable(body)?;
    let new = comparison_set::parse(&body).map_err(Problem::invalid_data)?;
    let who = Some(p);
    if !reader(&who).may_edit(&new.municipality) {
        return Err(Problem::forbidden(format!(
            "only admins and planners of municipality {} may make its comparison sets",
            new.municipality
        )));
    }
    let name = who.as_ref().map(|p| p.username.clone()).unwrap_or_default();
    let (id, _) = store::comparisons::create(&state.pool, &new, &name, false).await?;
    let set = store::comparisons::get(&state.pool, id)
        .await?
        .ok_or_else(Problem::internal)?;
    let members = store::comparisons::members(&state.pool, id).await?;
    let doc = document(&base, &set, &members, None, &who)?;
    let mut res = (StatusCode::CREATED, Json(doc)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("{base}/api/comparisons/{id}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(with_etag(res, set.version, &who))
}

async fn replace(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
    headers: HeaderMap,
    p: Principal,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let who = Some(p);
    let set = readable_set(&state, &id, &who).await?;
    let r = reader(&who);
    let expected = required_version(&headers)?;
    let body = readable(body)?;
    let new = comparison_set::parse(&body).map_err(Problem::invalid_data)?;
    if !r.may_edit(&set.municipality) || !r.may_edit(&new.municipality) {
        return Err(Problem::forbidden(format!(
            "only admins and planners of municipality {} may change this set",
            set.municipality
        )));
    }
    let name = who.as_ref().map(|p| p.username.clone()).unwrap_or_default();
    store::comparisons::replace(&state.pool, set.id, expected, &new, &name).await?;
    let set = store::comparisons::get(&state.pool, set.id)
        .await?
        .ok_or_else(Problem::internal)?;
    let members = store::comparisons::members(&state.pool, set.id).await?;
    let doc = document(&base, &set, &members, None, &who)?;
    Ok(with_etag(Json(doc).into_response(), set.version, &who))
}

async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    p: Result<Principal, Problem>,
) -> Response {
    html_page(&state, &id, &headers, p, "comparison.html").await
}

async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    p: Result<Principal, Problem>,
) -> Response {
    html_page(&state, &id, &headers, p, "report.html").await
}

async fn html_page(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    p: Result<Principal, Problem>,
    file: &str,
) -> Response {
    let who = p.ok();
    match readable_set(state, id, &who).await {
        Ok(_) => crate::web::page(file, headers),
        Err(_) => super::datasheet::not_found_page(
            "Fant ikke alternativsettet",
            "Settet finnes ikke, eller du har ikke tilgang til det (logg inn). \
             <em>The comparison set does not exist, or you may not see it (sign in).</em>",
        ),
    }
}

fn with_etag(res: Response, version: i32, who: &Option<Principal>) -> Response {
    let mut res = private(res, who);
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}
