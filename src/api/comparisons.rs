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
use crate::domain::comparison::CRITERIA;
use crate::domain::comparison_set::{self, Reader, Visibility};
use crate::domain::land_account::Measured;
use crate::service::comparisons::{self as comparing, WeightsError};
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
    let account = land_account(&state, &members).await?;
    let doc = comparing::document(
        &base,
        &set,
        &members,
        &account,
        weights.as_deref(),
        reader(&who).may_edit(&set.municipality),
    )
    .map_err(weights_problem)?;
    if csv_wanted {
        let mut res = comparing::table_csv(&doc).into_response();
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
    let (set, doc) = saved_document(&state, &base, id, &who).await?;
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
    let (set, doc) = saved_document(&state, &base, set.id, &who).await?;
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
        Ok(_) => super::assets::page(file, headers),
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

/// A set as just stored, and its document with the saved weights (after a write).
async fn saved_document(
    state: &AppState,
    base: &str,
    id: Uuid,
    who: &Option<Principal>,
) -> Result<(Stored, Value), Problem> {
    let set = store::comparisons::get(&state.pool, id)
        .await?
        .ok_or_else(Problem::internal)?;
    let members = store::comparisons::members(&state.pool, id).await?;
    let may_edit = reader(who).may_edit(&set.municipality);
    let account = land_account(state, &members).await?;
    let doc = comparing::document(base, &set, &members, &account, None, may_edit)
        .map_err(weights_problem)?;
    Ok((set, doc))
}

/// The arealregnskap of the alternatives shown.
async fn land_account(state: &AppState, members: &[Member]) -> Result<Vec<Measured>, Problem> {
    let ids: Vec<Uuid> = members.iter().map(|m| m.area_id).collect();
    Ok(store::land_account::measure(&state.pool, &ids).await?)
}

/// Weights that cannot be used, as the problem names them.
fn weights_problem(e: WeightsError) -> Problem {
    let (value, message, accepted) = match e {
        WeightsError::Unreadable { raw, message } => (
            raw.chars().take(120).collect(),
            message,
            format!(
                "code:weight pairs from 0 to 100, not all 0; codes: {}",
                CRITERIA
                    .iter()
                    .map(|c| c.code)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        WeightsError::NothingWeighs(message) => (
            String::new(),
            message,
            "at least one weight above 0".to_string(),
        ),
    };
    Problem::bad_parameters(vec![ParamError {
        parameter: "weights".into(),
        value,
        message,
        accepted,
    }])
}
