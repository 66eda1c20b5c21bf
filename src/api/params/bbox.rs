//! One reader of a `bbox` parameter, for items, tiles, the reference collections and the
//! search: four numbers, in CRS84 unless the request names another CRS, and the Norway box
//! every stored area lies in.

use crate::spatial::{Crs, NORWAY_LON_LAT};

/// Four finite numbers separated by commas.
fn four_numbers(raw: &str) -> Result<[f64; 4], String> {
    let parts: Vec<f64> = raw
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| "bbox must be four numbers separated by commas".to_string())?;
    let four = <[f64; 4]>::try_from(parts.as_slice())
        .map_err(|_| format!("bbox must have four numbers, not {}", parts.len()))?;
    if four.iter().any(|v| !v.is_finite()) {
        return Err("bbox numbers must be finite".into());
    }
    Ok(four)
}

/// A CRS84 bbox: min lon, min lat, max lon, max lat, within −180…180 / −90…90.
pub fn parse_crs84(raw: &str) -> Result<[f64; 4], String> {
    let [x0, y0, x1, y1] = four_numbers(raw)?;
    if !(-180.0..=180.0).contains(&x0)
        || !(-180.0..=180.0).contains(&x1)
        || !(-90.0..=90.0).contains(&y0)
        || !(-90.0..=90.0).contains(&y1)
    {
        return Err("bbox is outside longitude −180…180 / latitude −90…90 (is it in metres? bbox is read as CRS84)".into());
    }
    if x0 > x1 || y0 > y1 {
        return Err(
            "bbox minimum is above its maximum (boxes across the antimeridian are not supported)"
                .into(),
        );
    }
    Ok([x0, y0, x1, y1])
}

/// Every stored area lies inside the Norway box (checked on import), so a bbox can be
/// clipped to it without losing anything; `None` when they do not meet.
pub fn clip_to_norway([x0, y0, x1, y1]: [f64; 4]) -> Option<[f64; 4]> {
    let (nx0, ny0, nx1, ny1) = NORWAY_LON_LAT;
    let c = [x0.max(nx0), y0.max(ny0), x1.min(nx1), y1.min(ny1)];
    (c[0] <= c[2] && c[1] <= c[3]).then_some(c)
}

pub fn covers_norway([x0, y0, x1, y1]: [f64; 4]) -> bool {
    let (nx0, ny0, nx1, ny1) = NORWAY_LON_LAT;
    x0 <= nx0 && y0 <= ny0 && x1 >= nx1 && y1 >= ny1
}

/// A bbox in `crs` as min x, min y, max x, max y, longitude first (EPSG:4258 is given
/// latitude first and turned round), checked but not clipped.
pub fn bbox_in(raw: &str, crs: Crs) -> Result<[f64; 4], String> {
    if crs == Crs::Crs84 {
        return parse_crs84(raw);
    }
    let [a, b, c, d] = four_numbers(raw)?;
    // EPSG:4258 is latitude first: turn it round to longitude first for PostGIS
    let [x0, y0, x1, y1] = if crs.latitude_first() {
        [b, a, d, c]
    } else {
        [a, b, c, d]
    };
    if x0 > x1 || y0 > y1 {
        return Err("bbox minimum is above its maximum".into());
    }
    if crs.is_geographic() && (x0 < -180.0 || x1 > 180.0 || y0 < -90.0 || y1 > 90.0) {
        return Err("bbox is outside the range of latitude and longitude".into());
    }
    Ok([x0, y0, x1, y1])
}

/// A CRS84 bbox moved into the Norway box (so that the polygon the search draws stays
/// small); a box outside it shrinks to its edge and finds nothing.
pub fn clamp_to_norway([x0, y0, x1, y1]: [f64; 4]) -> [f64; 4] {
    let (nx0, ny0, nx1, ny1) = NORWAY_LON_LAT;
    [
        x0.clamp(nx0, nx1),
        y0.clamp(ny0, ny1),
        x1.clamp(nx0, nx1),
        y1.clamp(ny0, ny1),
    ]
}
