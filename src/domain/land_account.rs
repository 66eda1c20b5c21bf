//! Arealregnskap: how much of each kind of land an alternative would take, in daa — the
//! farmland by AR5 class, forest, bog, protected nature and the hazard zones — as the
//! national guide *Arealregnskap i kommuneplan* (2023) asks municipalities to account
//! for. Each line reads one reference layer (optionally some of its classes); PostGIS
//! intersects the area with the union of that layer's features, so overlapping features
//! count once, and the set's line intersects the union of its alternatives, so
//! alternatives that overlap count once too.

use serde::Serialize;

/// One line of the account.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Line {
    pub code: &'static str,
    /// The reference layer it reads.
    pub layer: &'static str,
    /// Only these classes of the layer (`None`: every feature).
    pub classes: Option<&'static [&'static str]>,
    /// The features *outside* `classes` instead (farmland with no AR5 class, say).
    pub other: bool,
    pub nb: &'static str,
    pub en: &'static str,
}

const AR5_FARMLAND: &[&str] = &["21", "22", "23"];

const fn line(
    code: &'static str,
    layer: &'static str,
    classes: Option<&'static [&'static str]>,
    nb: &'static str,
    en: &'static str,
) -> Line {
    Line {
        code,
        layer,
        classes,
        other: false,
        nb,
        en,
    }
}

/// The lines, in the order of the guide: farmland first, then other land cover,
/// protected nature, hazards.
pub const LINES: &[Line] = &[
    line(
        "fully_cultivated",
        "farmland",
        Some(&["21"]),
        "Fulldyrka jord",
        "Fully cultivated land",
    ),
    line(
        "surface_cultivated",
        "farmland",
        Some(&["22"]),
        "Overflatedyrka jord",
        "Surface-cultivated land",
    ),
    line(
        "pasture",
        "farmland",
        Some(&["23"]),
        "Innmarksbeite",
        "Home-field pasture",
    ),
    Line {
        code: "farmland_unclassified",
        layer: "farmland",
        classes: Some(AR5_FARMLAND),
        other: true,
        nb: "Dyrka mark uten AR5-klasse",
        en: "Farmland without an AR5 class",
    },
    line("forest", "forest", None, "Skog", "Forest"),
    line("bog", "bog", None, "Myr", "Bog"),
    line(
        "protected_nature",
        "protected_nature",
        None,
        "Verneområde",
        "Protected nature",
    ),
    line("flood_zone", "flood_zone", None, "Flomsone", "Flood zone"),
    line(
        "landslide_hazard",
        "landslide_hazard",
        None,
        "Skredfaresone",
        "Landslide hazard zone",
    ),
    line(
        "quick_clay",
        "quick_clay",
        None,
        "Kvikkleiresone",
        "Quick-clay hazard zone",
    ),
];

/// What the store measured for one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    pub code: &'static str,
    /// m² per alternative, in the set's order.
    pub m2: Vec<f64>,
    /// m² of the union of the alternatives.
    pub set_m2: f64,
    /// Whether the layer (with these classes) holds any feature at all: 0 m² from an
    /// empty layer is "not known", not "none".
    pub loaded: bool,
    pub demo: bool,
    pub source: Option<String>,
    pub as_of: Option<String>,
}
