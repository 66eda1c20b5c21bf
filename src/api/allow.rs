//! What each caller may do on the OGC API: `OPTIONS` answers with the `Allow` of this
//! caller (QGIS offers editing from it), and a 401 offers HTTP Basic to GIS clients.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::auth::{Caller, Principal};
use super::problem::Problem;
use super::AppState;
use crate::domain::user::{may_edit, Role};
use crate::store;

/// GIS clients (QGIS, GDAL) ask for a user name and password when a 401 offers HTTP
/// Basic; a browser with a session is not offered it (it would open its own dialog).
pub(super) async fn basic_challenge(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let browser = super::auth::session_secret(req.headers()).is_some()
        || req.headers().contains_key("x-csrf-token");
    let mut res = next.run(req).await;
    if res.status() == axum::http::StatusCode::UNAUTHORIZED && !browser {
        res.headers_mut().append(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"arealbank\", charset=\"UTF-8\""),
        );
    }
    res
}

const READ: &[&str] = &["GET", "HEAD", "OPTIONS"];

/// `204` with `Allow` listing what this caller may do here (RFC 9110 §9.3.7); QGIS
/// offers editing from it. `Accept-Patch` says which patches a PATCH takes.
fn allow(methods: &[&str], who: &Option<Principal>) -> Response {
    let mut res = axum::http::StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&methods.join(", ")) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    if methods.contains(&"PATCH") {
        res.headers_mut().insert(
            "accept-patch",
            HeaderValue::from_static("application/merge-patch+json"),
        );
    }
    super::auth::private(res, who)
}

/// `OPTIONS /ogc/collections/areas/items`: anyone reads; admins and planners create.
pub(super) async fn area_items_options(Caller(who): Caller) -> Response {
    let create = who.as_ref().is_some_and(|p| {
        p.role == Role::Admin || p.role == Role::Planner && !p.municipalities.is_empty()
    });
    if create {
        allow(&["GET", "HEAD", "OPTIONS", "POST"], &who)
    } else {
        allow(READ, &who)
    }
}

/// `OPTIONS /ogc/collections/areas/items/{id}`: anyone reads; an editor of the area's
/// municipality also replaces, patches and deletes (ends) it.
pub(super) async fn area_item_options(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let Some(p) = &who else {
        return Ok(allow(READ, &who));
    };
    let not_found = || Problem::not_found(format!("there is no current area with id {id:?}"));
    let uuid = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let municipality = store::areas::municipality_of(&state.pool, uuid)
        .await?
        .ok_or_else(not_found)?;
    Ok(if may_edit(p.role, &p.municipalities, &municipality) {
        allow(&["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"], &who)
    } else {
        allow(READ, &who)
    })
}

/// `OPTIONS` on the items of a read-only collection.
pub(super) async fn reference_options(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(collection): Path<String>,
) -> Result<Response, Problem> {
    super::reference::find(&state, &collection).await?;
    Ok(allow(READ, &who))
}

/// `OPTIONS` on an item of a read-only collection.
pub(super) async fn reference_item_options(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path((collection, _id)): Path<(String, String)>,
) -> Result<Response, Problem> {
    super::reference::find(&state, &collection).await?;
    Ok(allow(READ, &who))
}
