//! The coordinate reference systems arealbank accepts, and transforms between them.
//!
//! Transforms are PROJ pipelines on the GRS80 ellipsoid. ETRS89 (EPSG:4258) and WGS 84
//! (CRS84) are treated as the same datum, as Norwegian mapping practice does: they differ
//! by well under a metre, below the accuracy of any business-area outline.

use std::fmt;

use geo::MultiPolygon;
use proj::{Proj, Transform};

/// A coordinate reference system arealbank reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Crs {
    /// WGS 84 longitude/latitude, the RFC 7946 default (also accepted as EPSG:4326).
    #[default]
    Crs84,
    /// ETRS89 (EUREF89) geographic, longitude/latitude order as in GeoJSON.
    Epsg4258,
    /// ETRS89 / UTM zone 32N — the storage CRS.
    Epsg25832,
    /// ETRS89 / UTM zone 33N.
    Epsg25833,
}

/// A CRS name that arealbank does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported coordinate reference system {0:?}; accepted: CRS84 (EPSG:4326), EPSG:4258, EPSG:25832, EPSG:25833")]
pub struct CrsError(pub String);

impl Crs {
    /// Every accepted CRS.
    pub const ALL: [Crs; 4] = [Crs::Crs84, Crs::Epsg4258, Crs::Epsg25832, Crs::Epsg25833];

    /// Parse the usual spellings: `EPSG:25832`, `25832`, `urn:ogc:def:crs:EPSG::25832`,
    /// `http://www.opengis.net/def/crs/EPSG/0/25832`, `CRS84`, `OGC:CRS84`, …
    pub fn parse(name: &str) -> Result<Crs, CrsError> {
        let n = name.trim().to_ascii_uppercase();
        let tail = n
            .rsplit(['/', ':'])
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        match tail {
            "CRS84" | "4326" => Ok(Crs::Crs84),
            "4258" => Ok(Crs::Epsg4258),
            "25832" => Ok(Crs::Epsg25832),
            "25833" => Ok(Crs::Epsg25833),
            _ => Err(CrsError(name.to_string())),
        }
    }

    /// The OGC URI of this CRS.
    pub fn uri(self) -> &'static str {
        match self {
            Crs::Crs84 => "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
            Crs::Epsg4258 => "http://www.opengis.net/def/crs/EPSG/0/4258",
            Crs::Epsg25832 => "http://www.opengis.net/def/crs/EPSG/0/25832",
            Crs::Epsg25833 => "http://www.opengis.net/def/crs/EPSG/0/25833",
        }
    }

    /// The PostGIS SRID (CRS84 is 4326 with longitude first, as PostGIS stores it).
    pub fn srid(self) -> i32 {
        match self {
            Crs::Crs84 => 4326,
            Crs::Epsg4258 => 4258,
            Crs::Epsg25832 => 25832,
            Crs::Epsg25833 => 25833,
        }
    }

    /// EPSG:4258 has latitude first (OGC API – Features Part 2 follows the CRS's axis
    /// order; GeoJSON input here stays longitude first, as files are written).
    pub fn latitude_first(self) -> bool {
        self == Crs::Epsg4258
    }

    /// Longitude/latitude in degrees (as opposed to projected metres).
    pub fn is_geographic(self) -> bool {
        matches!(self, Crs::Crs84 | Crs::Epsg4258)
    }

    /// The PROJ step from longitude/latitude in radians into this CRS (none when geographic).
    fn projection(self) -> Option<&'static str> {
        match self {
            Crs::Crs84 | Crs::Epsg4258 => None,
            Crs::Epsg25832 => Some("+proj=utm +zone=32 +ellps=GRS80"),
            Crs::Epsg25833 => Some("+proj=utm +zone=33 +ellps=GRS80"),
        }
    }
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Crs::Crs84 => "CRS84",
            Crs::Epsg4258 => "EPSG:4258",
            Crs::Epsg25832 => "EPSG:25832",
            Crs::Epsg25833 => "EPSG:25833",
        })
    }
}

/// A coordinate transform from one accepted CRS to another.
pub struct Transformer {
    proj: Option<Proj>,
}

impl Transformer {
    /// Build the PROJ pipeline `from` → `to`. Fails only if PROJ itself is broken.
    pub fn new(from: Crs, to: Crs) -> Result<Self, proj::ProjCreateError> {
        if from == to || (from.is_geographic() && to.is_geographic()) {
            return Ok(Self { proj: None });
        }
        let mut steps = String::from("+proj=pipeline");
        match from.projection() {
            Some(p) => steps.push_str(&format!(" +step +inv {p}")),
            None => steps.push_str(" +step +proj=unitconvert +xy_in=deg +xy_out=rad"),
        }
        match to.projection() {
            Some(p) => steps.push_str(&format!(" +step {p}")),
            None => steps.push_str(" +step +proj=unitconvert +xy_in=rad +xy_out=deg"),
        }
        Ok(Self {
            proj: Some(Proj::new(&steps)?),
        })
    }

    /// Transform one coordinate pair.
    pub fn point(&self, x: f64, y: f64) -> Result<(f64, f64), proj::ProjError> {
        match &self.proj {
            None => Ok((x, y)),
            Some(p) => p.convert((x, y)),
        }
    }

    /// Transform a geometry in place.
    pub fn multi_polygon(&self, geom: &mut MultiPolygon<f64>) -> Result<(), proj::ProjError> {
        match &self.proj {
            None => Ok(()),
            Some(p) => geom.transform(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        for s in [
            "EPSG:25832",
            "25832",
            "urn:ogc:def:crs:EPSG::25832",
            "http://www.opengis.net/def/crs/EPSG/0/25832",
        ] {
            assert_eq!(Crs::parse(s), Ok(Crs::Epsg25832), "{s}");
        }
        assert_eq!(Crs::parse("urn:ogc:def:crs:OGC:1.3:CRS84"), Ok(Crs::Crs84));
        assert_eq!(Crs::parse("EPSG:4326"), Ok(Crs::Crs84));
        assert_eq!(Crs::parse("epsg:4258"), Ok(Crs::Epsg4258));
        assert!(Crs::parse("EPSG:3857").is_err());
        assert!(Crs::parse("").is_err());
    }

    #[test]
    fn lillehammer_station_round_trips() {
        // Lillehammer station (N1000): 10.461010 E, 61.114625 N
        let to_utm = Transformer::new(Crs::Crs84, Crs::Epsg25832).expect("pipeline");
        let (e, n) = to_utm.point(10.461010, 61.114625).expect("transform");
        // UTM 32N: about 578 km east, 6 776 km north
        assert!((577_000.0..580_000.0).contains(&e), "easting {e}");
        assert!((6_774_000.0..6_778_000.0).contains(&n), "northing {n}");
        let back = Transformer::new(Crs::Epsg25832, Crs::Crs84).expect("pipeline");
        let (lon, lat) = back.point(e, n).expect("transform");
        assert!((lon - 10.461010).abs() < 1e-9 && (lat - 61.114625).abs() < 1e-9);
        let to33 = Transformer::new(Crs::Epsg25832, Crs::Epsg25833).expect("pipeline");
        let (e33, _) = to33.point(e, n).expect("transform");
        assert!(
            (200_000.0..300_000.0).contains(&e33),
            "zone 33 easting {e33}"
        );
    }
}
