//! `/tiles/{collection}/{z}/{x}/{y}.mvt`: vector tiles of the public areas (the same
//! visibility as the items), kept in memory under the data version
//! (`store::tile_cache`); `X-Cache: hit` says a kept one was served. Validators and 304s
//! come from the HTTP middleware.

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::params::ParamError;
use super::problem::Problem;
use super::AppState;
use crate::store;

pub const MVT: &str = "application/vnd.mapbox-vector-tile";

pub fn router() -> Router<AppState> {
    Router::new().route("/tiles/{collection}/{z}/{x}/{y}", get(tile))
}

async fn tile(
    State(state): State<AppState>,
    Path((collection, z, x, y)): Path<(String, String, String, String)>,
) -> Result<Response, Problem> {
    if collection != "areas" {
        return Err(Problem::not_found(format!(
            "there are no tiles of {collection:?}; tiled collections: areas"
        )));
    }
    let (z, x, y) = address(&z, &x, &y).map_err(Problem::bad_parameters)?;
    let cache = &state.tiles;
    let (body, kept) = match cache.get((z, x, y)) {
        Some(body) => (body, "hit"),
        None => {
            let version = cache.version();
            let body = Bytes::from(store::tiles::areas(&state.pool, z, x, y).await?);
            cache.put((z, x, y), version, body.clone());
            (body, "miss")
        }
    };
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(MVT));
    headers.insert("x-cache", HeaderValue::from_static(kept));
    Ok(res)
}

/// After every request that may write (anything but GET, HEAD and OPTIONS) the data
/// version advances, so that the writer's next tile is built afresh even before the
/// database's notification of the change arrives.
pub async fn writes_advance_the_version(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.run(req).await;
    if writes {
        state.tiles.version.advance();
    }
    res
}

/// z/x/y of a web-mercator tile (`y` may end in `.mvt`), checked against the zoom level.
fn address(z: &str, x: &str, y: &str) -> Result<(i32, i32, i32), Vec<ParamError>> {
    let bad = |p: &str, v: &str, m: &str, a: &str| ParamError {
        parameter: p.into(),
        value: v.chars().take(40).collect(),
        message: m.into(),
        accepted: a.into(),
    };
    let z_num = z
        .parse::<i32>()
        .ok()
        .filter(|z| (0..=22).contains(z))
        .ok_or_else(|| vec![bad("z", z, "zoom level out of range", "0 to 22")])?;
    let max = 1i64 << z_num;
    let coord = |name: &str, v: &str| {
        v.parse::<i64>()
            .ok()
            .filter(|n| (0..max).contains(n))
            .map(|n| n as i32)
            .ok_or_else(|| {
                bad(
                    name,
                    v,
                    "tile index out of range for this zoom",
                    &format!("0 to {}", max - 1),
                )
            })
    };
    let y = y.strip_suffix(".mvt").unwrap_or(y);
    match (coord("x", x), coord("y", y)) {
        (Ok(x), Ok(y)) => Ok((z_num, x, y)),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_addresses_are_checked_against_their_zoom() {
        assert_eq!(address("12", "2167", "1125.mvt"), Ok((12, 2167, 1125)));
        assert!(address("23", "0", "0").is_err());
        assert!(address("2", "4", "0").is_err());
        assert!(address("2", "0", "-1.mvt").is_err());
        assert!(address("x", "0", "0").is_err());
    }
}
