//! RFC 9457 problem details (`application/problem+json`): the one error type of the API.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::params::ParamError;
use crate::domain::Issue;
use crate::store::StoreError;

/// The challenge of every 401: API tokens as Bearer.
pub const BEARER_CHALLENGE: &str = "Bearer realm=\"arealbank\"";

/// An error answer. Database causes are logged, never sent.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    #[serde(serialize_with = "status_code")]
    pub status: StatusCode,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Every invalid query parameter (400 on a bad request).
    #[serde(skip_serializing_if = "Vec::is_empty", rename = "invalid-params")]
    pub invalid_params: Vec<ParamError>,
    /// Every problem found in submitted data (422).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
    /// 401 answers say how to authenticate.
    #[serde(skip)]
    pub challenge: bool,
    /// Seconds after which trying again may succeed (`Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u32>,
    /// The database failed or could not be reached (counted in the metrics).
    #[serde(skip)]
    pub database_failure: bool,
}

/// Response extension: this answer is a database failure (read by `api::observe`).
#[derive(Debug, Clone, Copy)]
pub struct DatabaseFailure;

fn status_code<S: serde::Serializer>(s: &StatusCode, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_u16(s.as_u16())
}

impl Problem {
    fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            title,
            status,
            detail: detail.into(),
            instance: None,
            invalid_params: Vec::new(),
            issues: Vec::new(),
            challenge: false,
            retry_after: None,
            database_failure: false,
        }
    }

    /// A problem for an error status some layer answered without a body of its own
    /// (405, 408, 413, …), keeping its text as the detail.
    pub fn from_status(status: StatusCode, detail: impl Into<String>) -> Self {
        let (kind, title) = match status {
            StatusCode::METHOD_NOT_ALLOWED => {
                ("/problems/method-not-allowed", "Method not allowed")
            }
            StatusCode::NOT_FOUND => ("/problems/not-found", "Not found"),
            StatusCode::PAYLOAD_TOO_LARGE => ("/problems/bad-body", "Request body too large"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("/problems/bad-body", "Unsupported media type"),
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
                ("/problems/unavailable", "Service unavailable")
            }
            s if s.is_client_error() => ("/problems/bad-request", "Bad request"),
            _ => ("/problems/internal", "Internal error"),
        };
        Self::new(status, kind, title, detail)
    }

    /// 503: the database cannot be reached now (restarting, or too busy); try again.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        let mut p = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "/problems/unavailable",
            "Service unavailable",
            detail,
        );
        p.retry_after = Some(5);
        p
    }

    /// 401: no valid credentials.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        let mut p = Self::new(
            StatusCode::UNAUTHORIZED,
            "/problems/unauthorized",
            "Sign-in required",
            detail,
        );
        p.challenge = true;
        p
    }

    /// 403: signed in, but not allowed to do this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "/problems/forbidden",
            "Not allowed",
            detail,
        )
    }

    /// 429: too many failed sign-ins.
    pub fn too_many_attempts(minutes: i32) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "/problems/too-many-attempts",
            "Too many attempts",
            format!("too many failed sign-ins for this username; try again in {minutes} minutes"),
        )
    }

    /// 429: a client over its rate limit (`api::limits`).
    pub fn too_many_requests(what: &str, per_minute: u32, seconds: u64) -> Self {
        let mut p = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "/problems/too-many-requests",
            "Too many requests",
            format!(
                "too many {what} from your address: at most {per_minute} a minute; try again in {seconds} seconds"
            ),
        );
        p.retry_after = u32::try_from(seconds).ok();
        p
    }

    /// 429: too many enquiries; `detail` says whose and for how long.
    pub fn too_many_enquiries(detail: String, minutes: i32) -> Self {
        let mut p = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "/problems/too-many-enquiries",
            "Too many enquiries",
            detail,
        );
        p.retry_after = u32::try_from(minutes.max(1) * 60).ok();
        p
    }

    /// 428: a change without `If-Match`.
    pub fn version_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            "/problems/version-required",
            "If-Match required",
            "send the ETag you read as If-Match, so that nobody's change is overwritten unknowingly",
        )
    }

    /// 409: the change could not be applied (others kept writing).
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "/problems/conflict",
            "Conflict",
            detail,
        )
    }

    /// 400 for a request header that cannot be understood, naming it.
    pub fn bad_header(name: &str, what: &str, accepted: &str) -> Self {
        let mut p = Self::new(
            StatusCode::BAD_REQUEST,
            "/problems/invalid-header",
            "Invalid request header",
            format!("the header {name} {what} (accepted: {accepted})"),
        );
        p.invalid_params = vec![ParamError {
            parameter: name.to_string(),
            value: String::new(),
            message: what.to_string(),
            accepted: accepted.to_string(),
        }];
        p
    }

    /// 400/413/415 for a body that cannot be read at all.
    pub fn bad_body(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::new(
            status,
            "/problems/bad-body",
            "Unreadable request body",
            detail,
        )
    }

    /// 404: nothing public has this address.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "/problems/not-found",
            "Not found",
            detail,
        )
    }

    /// 400 with every bad query parameter listed.
    pub fn bad_parameters(params: Vec<ParamError>) -> Self {
        let detail = params
            .iter()
            .map(|p| {
                format!(
                    "{}={:?}: {} (accepted: {})",
                    p.parameter, p.value, p.message, p.accepted
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut p = Self::new(
            StatusCode::BAD_REQUEST,
            "/problems/invalid-parameter",
            "Invalid query parameter",
            detail,
        );
        p.invalid_params = params;
        p
    }

    /// 422 with every data problem listed.
    pub fn invalid_data(issues: Vec<Issue>) -> Self {
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/invalid-data",
            "The data has problems",
            format!("{} problem(s) found; nothing was written", issues.len()),
        );
        p.issues = issues;
        p
    }

    /// 422 for a body that is not JSON at all, saying what was expected.
    pub fn invalid_json(e: impl std::fmt::Display, accepted: &str) -> Self {
        Self::invalid_data(vec![Issue::new(
            crate::domain::IssueType::InvalidJson,
            "document",
            None,
            format!("the body is not valid JSON: {e}"),
            accepted,
        )])
    }

    /// 500 whose cause is in the log under the request id, not in the answer.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "/problems/internal",
            "Internal error",
            "something went wrong on the server; it has been logged",
        )
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Rejected(issues) => Problem::invalid_data(issues),
            StoreError::Conflict(detail) => Problem::conflict(detail),
            StoreError::NotFound(detail) => Problem::not_found(detail),
            e @ StoreError::Stale { .. } => Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "/problems/stale-version",
                "Changed by someone else",
                format!("{e}; read it again, then apply your change"),
            ),
            StoreError::Database { doing, source } => database_problem(doing, source),
        }
    }
}

/// A database failure as the client should see it: 503 (try again) when the database
/// cannot be reached or is restarting, 422 for a text PostgreSQL cannot store, else 500.
fn database_problem(doing: &'static str, source: sqlx::Error) -> Problem {
    let code = source
        .as_database_error()
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
        .unwrap_or_default();
    let unreachable = matches!(
        source,
        sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Protocol(_)
    ) || code.starts_with("08")
        || code.starts_with("57P")
        || code == "55000"
        || code == "53300";
    if unreachable {
        tracing::warn!(error = %source, doing, "database unavailable");
        let mut p = Problem::unavailable(
            "the database cannot be reached just now; nothing was changed by this request — try again in a few seconds",
        );
        p.database_failure = true;
        return p;
    }
    if code == "22003" || code == "22012" {
        // a filter's arithmetic overflowed
        return Problem::from_status(
            StatusCode::BAD_REQUEST,
            "a value computed by the filter is out of range; use smaller numbers",
        );
    }
    if code == "22021" || code == "22P05" {
        // a character the database cannot store, e.g. NUL in a filter's text
        return Problem::invalid_data(vec![Issue::new(
            crate::domain::IssueType::InvalidValue,
            "document",
            None,
            "a text contains a character that cannot be stored (NUL, \\u0000)",
            "text without control character NUL",
        )]);
    }
    tracing::error!(error = %source, doing, "database error");
    let mut p = Problem::internal();
    p.database_failure = true;
    p
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.database_failure {
            res.extensions_mut().insert(DatabaseFailure);
        }
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if self.challenge {
            // GIS clients that may send Basic get that challenge too (`api::ogc`)
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(BEARER_CHALLENGE),
            );
        }
        res
    }
}
