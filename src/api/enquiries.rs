//! Enquiries: `POST /api/areas/{id}/enquiries` (anyone, about a published area: name,
//! company, e-mail, need, message; limited per e-mail address and per area each hour),
//! `GET /api/enquiries` (the planners of the area's municipality and admins: unhandled
//! first) and `POST /api/enquiries/{id}/handled` (`{"handled": true|false}`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use uuid::Uuid;

use super::areas::readable;
use super::auth::{private, Principal};
use super::problem::Problem;
use super::AppState;
use crate::domain::enquiry;
use crate::domain::user::Role;
use crate::domain::{Issue, IssueType};
use crate::store;
use crate::store::enquiries::Stored;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/areas/{id}/enquiries", post(send))
        .route("/api/enquiries", get(list))
        .route("/api/enquiries/{id}/handled", post(handled))
}

async fn send(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let missing = || {
        Problem::not_found(format!(
            "there is no published area with id {id} to enquire about"
        ))
    };
    let area = Uuid::parse_str(&id).map_err(|_| missing())?;
    let body = readable(body)?;
    let new = enquiry::parse(&body).map_err(Problem::invalid_data)?;
    match store::enquiries::add(&state.pool, area, &new).await? {
        Stored::Saved(id) => Ok((
            StatusCode::CREATED,
            Json(json!({
                "id": id,
                "message": {
                    "nb": "Takk! Henvendelsen er sendt til kommunen, som svarer på e-post.",
                    "en": "Thank you! The enquiry was sent to the municipality, which answers by e-mail.",
                },
            })),
        )
            .into_response()),
        Stored::NoArea => Err(missing()),
        Stored::TooManyFromEmail(m) => Err(Problem::too_many_enquiries(
            format!("too many enquiries from this e-mail address in the last hour; try again in {m} minutes"),
            m,
        )),
        Stored::TooManyAboutArea(m) => Err(Problem::too_many_enquiries(
            format!("too many enquiries about this area in the last hour; try again in {m} minutes"),
            m,
        )),
    }
}

/// The municipalities whose enquiries `who` reads (`None`: all, for admins).
fn readable_by(who: &Principal) -> Result<Option<&[String]>, Problem> {
    match who.role {
        Role::Admin => Ok(None),
        Role::Planner => Ok(Some(&who.municipalities)),
        Role::Viewer => Err(Problem::forbidden(
            "only planners and admins read enquiries; viewers cannot",
        )),
    }
}

async fn list(State(state): State<AppState>, who: Principal) -> Result<Response, Problem> {
    let found = store::enquiries::list(&state.pool, readable_by(&who)?).await?;
    let open = found.iter().filter(|e| e.handled_at.is_none()).count();
    let who = Some(who);
    Ok(private(
        Json(json!({"unhandled": open, "enquiries": found})).into_response(),
        &who,
    ))
}

async fn handled(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let missing =
        || Problem::not_found(format!("there is no enquiry with id {id} that you may see"));
    let uuid = Uuid::parse_str(&id).map_err(|_| missing())?;
    let body = readable(body)?;
    let doc: Value = serde_json::from_slice(&body)
        .map_err(|e| Problem::invalid_json(e, "{\"handled\": true}"))?;
    let Some(flag) = doc.get("handled").and_then(Value::as_bool) else {
        return Err(Problem::invalid_data(vec![Issue::new(
            IssueType::MissingValue,
            "handled",
            doc.get("handled").map(Value::to_string),
            "a required value is missing",
            "true or false",
        )]));
    };
    let e =
        store::enquiries::set_handled(&state.pool, uuid, readable_by(&who)?, flag, &who.username)
            .await?
            .ok_or_else(missing)?;
    let who = Some(who);
    Ok(private(Json(json!(e)).into_response(), &who))
}
