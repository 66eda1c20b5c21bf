//! What operators watch: one log line per request (method, route, status, duration,
//! request id — never headers, cookies, tokens or bodies) and the Prometheus metrics
//! served at `/metrics` (requests and latency by route and status, the database pool,
//! database errors, imports). Each app has its own registry, so several apps in one
//! process (the tests) count apart.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use tracing::Instrument;

use super::problem::{DatabaseFailure, Problem};
use super::AppState;

/// The label of requests no route matched (a path would make the label set unbounded).
const UNMATCHED: &str = "unmatched";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ImportLabels {
    route: String,
    outcome: String,
}

type LatencyFamily = Family<RequestLabels, Histogram, fn() -> Histogram>;

/// The app's metrics and the registry they are encoded from.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    database_errors: Family<RouteLabels, Counter>,
    imports: Family<ImportLabels, Counter>,
    csp_violations: Counter,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms … about 16 s
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("arealbank");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        let database_errors = Family::<RouteLabels, Counter>::default();
        let imports = Family::<ImportLabels, Counter>::default();
        let csp_violations = Counter::default();
        let (pool_size, pool_idle, pool_max) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route and status",
            latency.clone(),
        );
        registry.register(
            "database_errors",
            "Requests that failed because the database failed or could not be reached",
            database_errors.clone(),
        );
        registry.register(
            "imports",
            "Imports through the API, by route and outcome (loaded, dry_run, refused, failed)",
            imports.clone(),
        );
        registry.register(
            "csp_violations",
            "Reports from browsers of something the Content-Security-Policy blocked",
            csp_violations.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Connections the database pool holds",
            pool_size.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Connections of the pool not in use",
            pool_idle.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "Most connections the pool may open",
            pool_max.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            database_errors,
            imports,
            csp_violations,
            pool_size,
            pool_idle,
            pool_max,
        }
    }
}

impl Metrics {
    pub fn csp_violation(&self) {
        self.csp_violations.inc();
    }

    fn record(
        &self,
        method: &Method,
        route: &str,
        response: &Response,
        seconds: f64,
        dry_run: bool,
    ) {
        let status = response.status();
        let labels = RequestLabels {
            method: method.as_str().to_string(),
            route: route.to_string(),
            status: status.as_u16().to_string(),
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
        if response.extensions().get::<DatabaseFailure>().is_some() {
            self.database_errors
                .get_or_create(&RouteLabels {
                    route: route.to_string(),
                })
                .inc();
        }
        if method == Method::POST && route.ends_with("/import") {
            let outcome = match () {
                _ if status.is_server_error() => "failed",
                _ if !status.is_success() => "refused",
                _ if dry_run => "dry_run",
                _ => "loaded",
            };
            self.imports
                .get_or_create(&ImportLabels {
                    route: route.to_string(),
                    outcome: outcome.to_string(),
                })
                .inc();
        }
    }
}

/// Middleware: log and count every request. The span carries the request id, so what
/// a handler logs can be found by it.
pub async fn requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| UNMATCHED.to_string());
    let dry_run = req
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "dry_run=true"));
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let span = tracing::info_span!("http", request.id = %id);
    let response = next.run(req).instrument(span).await;
    let elapsed = start.elapsed();
    state
        .metrics
        .record(&method, &route, &response, elapsed.as_secs_f64(), dry_run);
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        duration_ms = (elapsed.as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
        request_id = %id,
        "request"
    );
    response
}

/// `GET /metrics`: OpenMetrics text, as Prometheus scrapes it.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let m = &state.metrics;
    let pool = &state.pool;
    m.pool_size.set(i64::from(pool.size()));
    m.pool_idle
        .set(i64::try_from(pool.num_idle()).unwrap_or(i64::MAX));
    m.pool_max
        .set(i64::from(pool.options().get_max_connections()));
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, &m.registry).is_err() {
        return Problem::internal().into_response();
    }
    let mut res = text.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    res
}
