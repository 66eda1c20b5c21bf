//! RFC 9457 problem details (`application/problem+json`): the one error type of the API.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::query::ParamError;
use crate::domain::Issue;
use crate::store::StoreError;

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
}

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
        }
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

    /// 428: a change without `If-Match`.
    pub fn version_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            "/problems/version-required",
            "If-Match required",
            "send the ETag you read as If-Match, so that nobody's change is overwritten unknowingly",
        )
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
            StoreError::Conflict(detail) => Problem::new(
                StatusCode::CONFLICT,
                "/problems/conflict",
                "Conflict",
                detail,
            ),
            StoreError::NotFound(detail) => Problem::not_found(detail),
            e @ StoreError::Stale { .. } => Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "/problems/stale-version",
                "Changed by someone else",
                format!("{e}; read it again, then apply your change"),
            ),
            StoreError::Database { doing, source } => {
                tracing::error!(error = %source, doing, "database error");
                Problem::internal()
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.challenge {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"arealbank\""),
            );
        }
        res
    }
}
