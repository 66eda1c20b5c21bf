//! Finding a place on the map: Kartverket's N1000 place names (offline, compiled in), the
//! areas and municipalities (from the store), and coordinates typed as latitude/longitude
//! or UTM 32/33 easting/northing.

use std::sync::LazyLock;

use serde::Serialize;

use super::names::normalise;
use crate::spatial::{Crs, Transformer};

/// N1000 place-name label anchors for the region (CC BY 4.0 © Kartverket): cartographic
/// text positions at 1:1 000 000, within a few km of the place.
const PLACE_NAMES: &str = include_str!("../../seeds/placenames.n1000.geojson");

/// One place found: where to go, and what it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    /// `place`, `area`, `municipality` or `coordinate`
    pub kind: &'static str,
    /// e.g. "tettsted", an area's reference, "UTM 32N"
    pub detail: Option<String>,
    pub lon: f64,
    pub lat: f64,
    /// an area's id (to open it)
    pub id: Option<String>,
}

/// (name, type of place, longitude, latitude)
type PlaceName = (String, String, f64, f64);

static NAMES: LazyLock<Vec<PlaceName>> = LazyLock::new(|| {
    let doc: serde_json::Value = serde_json::from_str(PLACE_NAMES).unwrap_or_default();
    doc["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let c = f["geometry"]["coordinates"].as_array()?;
            Some((
                f["properties"]["navn"].as_str()?.to_string(),
                f["properties"]["navneobjekttype"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                c.first()?.as_f64()?,
                c.get(1)?.as_f64()?,
            ))
        })
        .collect()
});

/// Place names that start with (or contain) what was typed, the ones starting with it first.
pub fn place_names(q: &str, limit: usize) -> Vec<Place> {
    let wanted = normalise(q);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, &PlaceName)> = NAMES
        .iter()
        .filter_map(|n| {
            let name = normalise(&n.0);
            name.contains(&wanted)
                .then(|| (!name.starts_with(&wanted), n))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1 .0.cmp(&b.1 .0)));
    found
        .into_iter()
        .take(limit)
        .map(|(_, (name, kind, lon, lat))| Place {
            name: name.clone(),
            kind: "place",
            detail: Some(kind.clone()).filter(|k| !k.is_empty()),
            lon: *lon,
            lat: *lat,
            id: None,
        })
        .collect()
}

/// A coordinate typed in one of the ways people write them: `61.12, 10.47` or
/// `61.12 N 10.47 E` (latitude first), `32 578000 6776000` / `32V 578000 6776000` /
/// `578000 6776000` (UTM zone 32, easting then northing) or `33 265000 6790000`.
pub fn coordinate(q: &str) -> Option<Place> {
    let cleaned: String = q
        .chars()
        .map(|c| if c == ',' || c == ';' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|w| !matches!(w.to_ascii_uppercase().as_str(), "N" | "E" | "Ø" | "O"))
        .collect();
    let number = |w: &str| w.replace(['N', 'E', 'Ø', '°'], "").parse::<f64>().ok();
    // UTM: optional zone (32, 33, 32V, 33W), then easting and northing in metres
    let (zone, rest) = match words
        .first()
        .map(|w| w.trim_end_matches(char::is_alphabetic))
    {
        Some("32") if words.len() == 3 => (Some(Crs::Epsg25832), &words[1..]),
        Some("33") if words.len() == 3 => (Some(Crs::Epsg25833), &words[1..]),
        _ => (None, &words[..]),
    };
    if rest.len() != 2 {
        return None;
    }
    let (a, b) = (number(rest[0])?, number(rest[1])?);
    if zone.is_none() && (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&b) {
        return Some(Place {
            name: format!("{a:.5}, {b:.5}"),
            kind: "coordinate",
            detail: Some("WGS 84 / ETRS89".into()),
            lon: b,
            lat: a,
            id: None,
        });
    }
    let crs = zone.unwrap_or(Crs::Epsg25832);
    if !(100_000.0..=1_000_000.0).contains(&a) || !(6_000_000.0..=8_000_000.0).contains(&b) {
        return None;
    }
    let (lon, lat) = Transformer::new(crs, Crs::Crs84).ok()?.point(a, b).ok()?;
    Some(Place {
        name: format!("{a:.0} {b:.0}"),
        kind: "coordinate",
        detail: Some(
            if crs == Crs::Epsg25833 {
                "UTM 33N"
            } else {
                "UTM 32N"
            }
            .into(),
        ),
        lon,
        lat,
        id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_are_found_in_any_spelling() {
        let found = place_names("vingn", 5);
        assert_eq!(found[0].name, "Vingnes");
        assert_eq!(found[0].detail.as_deref(), Some("tettsted"));
        assert!(place_names("FABERG", 5).iter().any(|p| p.name == "Fåberg"));
        assert!(place_names("", 5).is_empty());
    }

    #[test]
    fn coordinates_are_read_as_people_write_them() {
        let p = coordinate("61.1146, 10.4611").expect("lat, lon");
        assert_eq!((p.lat, p.lon), (61.1146, 10.4611));
        let utm = coordinate("32V 578000 6776000").expect("UTM 32");
        assert!(
            (utm.lon - 10.47).abs() < 0.05 && (utm.lat - 61.1).abs() < 0.05,
            "{utm:?}"
        );
        let utm33 = coordinate("33 265000 6790000").expect("UTM 33");
        assert!(
            (utm33.lon - 10.63).abs() < 0.01 && (utm33.lat - 61.17).abs() < 0.01,
            "{utm33:?}"
        );
        assert_eq!(utm33.detail.as_deref(), Some("UTM 33N"));
        assert!(coordinate("Vingnes").is_none());
        assert!(coordinate("12").is_none());
    }
}
