//! Where Norway is: a coarse box around mainland Norway used to catch coordinates that
//! are plainly elsewhere (wrong CRS, swapped axes, missing sign).

/// Mainland Norway with a small margin: (min lon, min lat, max lon, max lat) in degrees.
pub const NORWAY_LON_LAT: (f64, f64, f64, f64) = (4.0, 57.8, 31.5, 71.3);

/// Is this longitude/latitude inside the box around mainland Norway?
pub fn in_norway(lon: f64, lat: f64) -> bool {
    let (x0, y0, x1, y1) = NORWAY_LON_LAT;
    (x0..=x1).contains(&lon) && (y0..=y1).contains(&lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lillehammer_is_in_norway_and_swapped_is_not() {
        assert!(in_norway(10.46, 61.11));
        assert!(!in_norway(61.11, 10.46));
        assert!(!in_norway(2.35, 48.85)); // Paris
    }
}
