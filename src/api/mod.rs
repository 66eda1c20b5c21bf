//! HTTP: the router, shared state and middleware. Handlers parse and authorise, hand
//! typed values to `domain`/`store`, and turn errors into problem+json.

mod allow;
mod areas;
mod assets;
mod auth;
mod comparisons;
mod datasheet;
mod enquiries;
mod feed;
mod freshness;
mod history;
mod http;
pub(crate) mod language;
mod layers;
pub mod limits;
mod links;
mod meta;
pub mod observe;
mod ogc;
mod openapi;
mod overlaps;
pub mod params;
mod places;
mod plans;
pub mod problem;
mod queryables;
mod reference;
mod search;
mod security;
mod session;
mod tiles;
mod transfer;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::Router;
use sqlx::PgPool;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;

use crate::domain::CodeLists;
use crate::store;
use problem::Problem;

/// Settings the handlers need (from `serve`'s flags).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub public_url: Option<String>,
    pub basemap_url: String,
    pub basemap_attribution: String,
    /// Origins allowed to call the API from a browser (CORS); `*` for any, empty for none.
    pub cors_origins: Vec<String>,
    /// Above this many matching areas the map draws vector tiles instead of loading every
    /// area (`None`: DEFAULT_TILE_THRESHOLD).
    pub map_tile_threshold: Option<u64>,
    /// MB of vector tiles kept in memory (`None`: DEFAULT_TILE_CACHE_MB; 0: none).
    pub tile_cache_mb: Option<u32>,
    /// Longest a request may take (`None`: REQUEST_TIMEOUT).
    pub request_timeout: Option<Duration>,
    /// An area not confirmed for this many days is due for confirmation
    /// (`None`: DEFAULT_CONFIRM_WITHIN_DAYS).
    pub confirm_within_days: Option<u32>,
    /// An online place-name service the map's place box also asks (a URL with `{q}`,
    /// answering as Kartverket's stedsnavn API `/navn`); `None`: offline names only.
    pub place_service_url: Option<String>,
    /// Requests per minute and client IP for sign-in, writes and imports.
    pub rate_limits: limits::RateLimits,
    /// Proxies whose `X-Forwarded-For` names the client (for the rate limits).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// Areas are due for confirmation after a year unless configured.
pub const DEFAULT_CONFIRM_WITHIN_DAYS: u32 = 365;

impl Settings {
    pub fn confirm_within_days(&self) -> u32 {
        self.confirm_within_days
            .unwrap_or(DEFAULT_CONFIRM_WITHIN_DAYS)
    }
}

/// The map switches to vector tiles above this many areas.
pub const DEFAULT_TILE_THRESHOLD: u64 = 5_000;

/// Shared by every handler: one pointer, since every layer of every route holds a copy
/// and a request clones them.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] points to.
pub struct Shared {
    pub pool: PgPool,
    pub settings: Settings,
    pub codes: CodeLists,
    pub metrics: observe::Metrics,
    pub limiters: limits::Limiters,
    /// Tiles kept ready, keyed by the data version.
    pub tiles: store::tile_cache::TileCache,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Vector tiles kept in memory unless configured, in MB.
pub const DEFAULT_TILE_CACHE_MB: u32 = 32;

impl AppState {
    pub fn new(pool: PgPool, settings: Settings, codes: CodeLists) -> Self {
        let limiters = limits::Limiters::new(settings.rate_limits);
        let tile_mb = settings.tile_cache_mb.unwrap_or(DEFAULT_TILE_CACHE_MB) as usize;
        let tiles = store::tile_cache::TileCache::new(tile_mb * 1024 * 1024);
        Self(Arc::new(Shared {
            pool,
            settings,
            codes,
            metrics: observe::Metrics::default(),
            limiters,
            tiles,
        }))
    }
}

/// Longest a request may take before it is stopped, unless configured.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Largest request body accepted (imports through the API come later).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The whole application: API, OGC API – Features and the map.
pub fn router(state: AppState) -> Router {
    let timeout = state.settings.request_timeout.unwrap_or(REQUEST_TIMEOUT);
    let request_id = HeaderName::from_static("x-request-id");
    let router = Router::new()
        .merge(meta::router())
        .merge(ogc::router())
        .merge(history::router())
        .merge(freshness::router())
        .merge(overlaps::router())
        .merge(enquiries::router())
        .merge(session::router())
        .merge(transfer::router())
        .merge(layers::router())
        .merge(plans::router())
        .merge(places::router())
        .merge(search::router())
        .merge(feed::router())
        .merge(datasheet::router())
        .merge(comparisons::router())
        .merge(tiles::router())
        .nest("/api", Router::new().fallback(not_found))
        .merge(assets::router())
        .layer(axum::middleware::from_fn(http::conditional))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            tiles::writes_advance_the_version,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::limit,
        ));
    let router = match http::cors(&state.settings.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    let mut router = router.with_state(state.clone()).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                observe::requests,
            ))
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(axum::middleware::from_fn(http::problems))
            .layer(CatchPanicLayer::custom(|_| {
                axum::response::IntoResponse::into_response(Problem::internal())
            }))
            // a request that takes this long is stopped: 503, problem+json, Retry-After
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                timeout,
            ))
            .layer(CompressionLayer::new())
            // inside the compression, so that the handlers' problems are read as written
            .layer(axum::middleware::from_fn(language::problems_in_bokmal))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
    );
    for layer in security::layers(&state.settings) {
        router = router.layer(layer);
    }
    router
}

async fn not_found() -> Problem {
    Problem::not_found("there is nothing at this address")
}
