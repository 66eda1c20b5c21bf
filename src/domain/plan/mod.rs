//! The municipality's plans as the national plan register publishes them (SOSI Plan 4.5 and
//! 5.0): master plans (`KpOmråde` with their `KpArealformålOmråde`) and zoning plans
//! (`RpOmråde` with their ground-level `RpArealformålOmråde`). Files come as GML, GeoPackage
//! or GeoJSON, with names in Norwegian letters (`arealformål`), flattened with dots
//! (`arealplanId.planidentifikasjon`) or in ASCII (`arealformal`): every reader turns its
//! features into [`RawFeature`]s with normalised names, and [`resolve`] makes checked plans
//! and purpose areas of them, in EPSG:25832.

pub mod features;
pub mod gml;
mod resolve;

pub use super::names::normalise;
pub use resolve::resolve;

use std::collections::BTreeMap;

use geo::{Geometry, MultiPolygon};

use crate::spatial::Crs;

/// Master plan (kommuneplan, kommunedelplan) or zoning plan (reguleringsplan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanLevel {
    Kp,
    Rp,
}

impl PlanLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanLevel::Kp => "kp",
            PlanLevel::Rp => "rp",
        }
    }
}

/// The feature types arealbank reads from plan data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanType {
    /// SOSI 5.0's plan object (identity, type, status, name), linked from `RpOmråde`
    Arealplan,
    /// a plan's outline with (4.5, national register) or without (5.0) its attributes
    Area(PlanLevel),
    /// an arealformål area of a plan
    Purpose(PlanLevel),
}

/// The feature type a layer or element name means, with the vertical level a layer name
/// carries (`RpArealformålOmråde_vn2`); `None` for other types (boundaries, provisions …).
pub fn plan_type(name: &str) -> Option<(PlanType, Option<i32>)> {
    let n = normalise(name);
    let (base, level) = match n.rfind("vn") {
        Some(i) if n.len() == i + 3 && n[i + 2..].chars().all(|c| c.is_ascii_digit()) => {
            (&n[..i], n[i + 2..].parse().ok())
        }
        _ => (n.as_str(), None),
    };
    let t = match base {
        "arealplan" => PlanType::Arealplan,
        "kpomrade" => PlanType::Area(PlanLevel::Kp),
        "rpomrade" => PlanType::Area(PlanLevel::Rp),
        "kparealformalomrade" => PlanType::Purpose(PlanLevel::Kp),
        "rparealformalomrade" => PlanType::Purpose(PlanLevel::Rp),
        _ => return None,
    };
    Some((t, level))
}

/// One feature of a plan file as read, before it is understood.
#[derive(Debug, Clone, Default)]
pub struct RawFeature {
    /// the feature type's name (layer, element or `objekttype`)
    pub type_name: Option<String>,
    /// the GML id (for the links of SOSI 5.0)
    pub id: Option<String>,
    /// attributes by normalised leaf name; the first value of each name
    pub props: BTreeMap<String, String>,
    /// xlink references: normalised property name → target id (without `#`)
    pub links: Vec<(String, String)>,
    /// in `crs`, x east and y north (longitude, latitude)
    pub geometry: Option<Geometry<f64>>,
    pub crs: Crs,
}

impl RawFeature {
    fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.props.get(*k))
            .map(String::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn link(&self, name: &str) -> Option<&str> {
        self.links
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A plan (its outline and attributes), EPSG:25832.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub level: PlanLevel,
    pub municipality: String,
    pub ident: String,
    pub plan_type: Option<i16>,
    pub status: Option<i16>,
    pub name: Option<String>,
    pub in_force: Option<chrono::NaiveDate>,
    pub adopted: Option<chrono::NaiveDate>,
    pub link: Option<String>,
    pub outline: Option<MultiPolygon<f64>>,
}

/// One arealformål area of a plan, EPSG:25832.
#[derive(Debug, Clone, PartialEq)]
pub struct Purpose {
    pub level: PlanLevel,
    pub municipality: String,
    pub ident: String,
    pub code: i32,
    /// arealbruksstatus (master plans): 1 nåværende, 2 framtidig, 3 videreutvikling
    pub status: Option<i16>,
    pub field_name: Option<String>,
    pub area_name: Option<String>,
    pub geometry: MultiPolygon<f64>,
}

/// What a plan file held, checked.
#[derive(Debug, Clone, Default)]
pub struct PlanData {
    pub plans: Vec<Plan>,
    pub purposes: Vec<Purpose>,
    /// purpose areas above or below ground (vertikalnivå other than 2), not used
    pub other_levels: usize,
    /// features of other types (boundaries, provisions, lines …), not used
    pub other_types: usize,
}

impl PlanData {
    /// The municipalities the file covers (an import replaces their plans only).
    pub fn municipalities(&self) -> Vec<String> {
        let mut m: Vec<String> = self.plans.iter().map(|p| p.municipality.clone()).collect();
        m.sort();
        m.dedup();
        m
    }
}

/// An area's zoning in words: "82 % 1300 Næringsbebyggelse, framtidig · 18 % 5100 LNFR-…"
/// (parts as `area_zoning` lists them, bokmål, the official labels); `None` for no parts.
pub fn summary(parts: &serde_json::Value) -> Option<String> {
    let parts = parts.as_array().filter(|p| !p.is_empty())?;
    let text: Vec<String> = parts
        .iter()
        .map(|p| {
            let share = p["share"].as_f64().unwrap_or(0.0) * 100.0;
            let status = match p["status"].as_i64() {
                Some(1) => ", nåværende",
                Some(2) => ", framtidig",
                Some(3) => ", videreutvikling",
                _ => "",
            };
            let level = if p["list"] == "rp" {
                " (reguleringsplan)"
            } else {
                ""
            };
            format!(
                "{share:.0} % {} {}{status}{level}",
                p["code"],
                p["label_nb"].as_str().unwrap_or("")
            )
        })
        .collect();
    Some(text.join(" · "))
}
