//! The map's static files, embedded in the binary: our own (`web/static`), Leaflet and
//! Leaflet-Geoman, Leaflet.VectorGrid and Swagger UI (the API's HTML documentation) from npm (`web/node_modules`, installed by build.rs from the lock file).

use std::borrow::Cow;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::{EmbeddedFile, RustEmbed};

use super::problem::Problem;

#[derive(RustEmbed)]
#[folder = "web/static"]
struct Own;

#[derive(RustEmbed)]
#[folder = "web/node_modules/leaflet/dist"]
#[include = "leaflet.js"]
#[include = "leaflet.css"]
#[include = "images/*"]
struct Leaflet;

#[derive(RustEmbed)]
#[folder = "web/node_modules/@geoman-io/leaflet-geoman-free/dist"]
#[include = "leaflet-geoman.min.js"]
#[include = "leaflet-geoman.css"]
struct Geoman;

/// Leaflet.VectorGrid: draws the areas' vector tiles when a layer is too large to load whole.
#[derive(RustEmbed)]
#[folder = "web/node_modules/leaflet.vectorgrid/dist"]
#[include = "Leaflet.VectorGrid.bundled.min.js"]
struct VectorGrid;

/// Swagger UI: the OpenAPI document as browsable HTML documentation (`/ogc/api.html`).
#[derive(RustEmbed)]
#[folder = "web/node_modules/swagger-ui-dist"]
#[include = "swagger-ui-bundle.js"]
#[include = "swagger-ui.css"]
struct SwaggerUi;

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/",
            get(|h: HeaderMap| async move {
                serve(Own::get("index.html"), "index.html", &h, REVALIDATE)
            }),
        )
        // the sign-in page is the map with its sign-in form open
        .route(
            "/login",
            get(|h: HeaderMap| async move {
                serve(Own::get("index.html"), "index.html", &h, REVALIDATE)
            }),
        )
        .route(
            "/static/{*path}",
            get(|Path(p): Path<String>, h: HeaderMap| async move {
                serve(Own::get(&p), &p, &h, REVALIDATE)
            }),
        )
        .route(
            "/vendor/leaflet/{*path}",
            get(|Path(p): Path<String>, h: HeaderMap| async move {
                serve(Leaflet::get(&p), &p, &h, ONE_DAY)
            }),
        )
        .route(
            "/vendor/geoman/{*path}",
            get(|Path(p): Path<String>, h: HeaderMap| async move {
                serve(Geoman::get(&p), &p, &h, ONE_DAY)
            }),
        )
        .route(
            "/ogc/api.html",
            get(|h: HeaderMap| async move {
                serve(Own::get("api.html"), "api.html", &h, REVALIDATE)
            }),
        )
        .route(
            "/vendor/swagger-ui/{*path}",
            get(|Path(p): Path<String>, h: HeaderMap| async move {
                serve(SwaggerUi::get(&p), &p, &h, ONE_DAY)
            }),
        )
        .route(
            "/vendor/vectorgrid/{*path}",
            get(|Path(p): Path<String>, h: HeaderMap| async move {
                serve(VectorGrid::get(&p), &p, &h, ONE_DAY)
            }),
        )
}

/// One of our own pages (e.g. `datasheet.html`), always revalidated.
pub fn page(name: &str, request: &HeaderMap) -> Response {
    serve(Own::get(name), name, request, REVALIDATE)
}

/// Our own files change with every release: always revalidate (cheap, thanks to the ETag).
const REVALIDATE: &str = "no-cache";
/// Third-party files change only when the lock file does.
const ONE_DAY: &str = "public, max-age=86400";

fn serve(
    file: Option<EmbeddedFile>,
    path: &str,
    request: &HeaderMap,
    cache: &'static str,
) -> Response {
    let Some(file) = file else {
        return Problem::not_found(format!("there is no file {path:?}")).into_response();
    };
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..12]));
    let cached = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut res = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body: Cow<'static, [u8]> = file.data;
        body.into_response()
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
