//! The criteria and orders of a company's search, declared once: each criterion's
//! parameter name, what it takes (a number within a range and its unit, a readiness, a date
//! or a list of codes), whether it is a lower or an upper bound, and its labels in bokmål
//! and English. The query parser (`api::params::search`) and the search panel (served by
//! `/api/search/profiles`) read them from here; with them the typed criteria of one search,
//! the orders and the facts of a site they are judged on. The sentences that say why a
//! near miss misses are written per criterion in `domain::explain`.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::codes::Readiness;

/// Conditions a site must meet. `None` = no condition.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Criteria {
    pub min_daa: Option<f64>,
    pub max_daa: Option<f64>,
    pub min_readiness: Option<Readiness>,
    pub available_by: Option<NaiveDate>,
    pub min_mw: Option<f64>,
    pub max_e6_km: Option<f64>,
    pub max_rail_km: Option<f64>,
    pub max_skysstasjon_km: Option<f64>,
    pub max_centre_km: Option<f64>,
    pub max_farmland_pct: Option<f64>,
    pub max_nature_pct: Option<f64>,
    pub max_flood_pct: Option<f64>,
    pub max_landslide_pct: Option<f64>,
    pub max_quick_clay_pct: Option<f64>,
    pub land_control: Option<Vec<String>>,
    pub max_price: Option<f64>,
    pub utilities: Option<Vec<String>>,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Highest fit score first.
    Fit,
    /// Most available area first.
    Size,
    /// Most free power (lower end of the range) first.
    Power,
    /// Nearest to the clicked point (`near`) first.
    Distance,
    /// Nearest to an E6 junction first.
    E6,
    /// Nearest to a town centre first.
    Centre,
    /// Nearest to Lillehammer skysstasjon first.
    Skysstasjon,
    /// Nearest to a rail freight terminal first.
    Rail,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        ORDERS.iter().find(|o| o.code == s).map(|o| o.sort)
    }
    pub fn accepted() -> String {
        ORDERS.iter().map(|o| o.code).collect::<Vec<_>>().join(", ")
    }
}

/// Everything the search knows about one site, as the store reads it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteFacts {
    pub id: Uuid,
    pub available_m2: f64,
    pub readiness: String,
    pub availability: String,
    pub available_from: Option<NaiveDate>,
    pub free_mw_min: Option<f64>,
    pub free_mw_max: Option<f64>,
    pub substation_name: Option<String>,
    pub e6_junction_m: Option<f64>,
    pub rail_terminal_m: Option<f64>,
    pub skysstasjon_m: Option<f64>,
    pub town_centre_m: Option<f64>,
    pub main_road_m: Option<f64>,
    pub farmland_share: Option<f64>,
    pub nature_share: Option<f64>,
    /// Shares (0–1) of the area in NVE's flood, landslide and quick-clay zones.
    pub flood_share: Option<f64>,
    pub landslide_share: Option<f64>,
    pub quick_clay_share: Option<f64>,
    /// available, transformation or candidate
    pub kind: String,
    pub land_control: String,
    pub price_min: Option<f64>,
    pub fibre: String,
    /// Utilities that are in place ("yes").
    pub utilities_present: Vec<String>,
    /// From the clicked point, when the search has one.
    pub distance_m: Option<f64>,
    /// Criteria (parameter names) the site misses.
    pub missed: Vec<String>,
}

/// What a criterion takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Takes {
    /// a number from `min` to `max` in `unit`
    Number {
        min: f64,
        max: f64,
        unit: &'static str,
    },
    /// a readiness code (at least)
    Readiness,
    /// a date (YYYY-MM-DD)
    Date,
    /// a comma-separated list of the codes of this code list (any of them)
    Codes(&'static str),
    /// the utilities that must all be in place
    Utilities,
}

/// Whether meeting the criterion means being above or below its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    AtLeast,
    AtMost,
    /// one of (lists), by (dates)
    Matches,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Criterion {
    pub name: &'static str,
    pub takes: Takes,
    pub bound: Bound,
    /// (bokmål, English)
    pub labels: (&'static str, &'static str),
}

const fn number(
    name: &'static str,
    bound: Bound,
    max: f64,
    unit: &'static str,
    labels: (&'static str, &'static str),
) -> Criterion {
    Criterion {
        name,
        takes: Takes::Number {
            min: 0.0,
            max,
            unit,
        },
        bound,
        labels,
    }
}

use Bound::*;

/// Every criterion, in the order the search panel shows them.
pub static CRITERIA: &[Criterion] = &[
    number(
        "min_daa",
        AtLeast,
        1e6,
        "daa",
        ("Minst ledig areal", "Available area at least"),
    ),
    number(
        "max_daa",
        AtMost,
        1e6,
        "daa",
        ("Høyst ledig areal", "Available area at most"),
    ),
    number(
        "min_mw",
        AtLeast,
        10_000.0,
        "MW",
        ("Ledig strøm minst", "Free power at least"),
    ),
    number(
        "max_e6_km",
        AtMost,
        2000.0,
        "km",
        ("Til E6-kryss høyst", "To an E6 junction at most"),
    ),
    number(
        "max_rail_km",
        AtMost,
        2000.0,
        "km",
        ("Til godsterminal høyst", "To a rail terminal at most"),
    ),
    number(
        "max_skysstasjon_km",
        AtMost,
        2000.0,
        "km",
        ("Til skysstasjonen høyst", "To the travel centre at most"),
    ),
    number(
        "max_centre_km",
        AtMost,
        2000.0,
        "km",
        ("Til sentrum høyst", "To a town centre at most"),
    ),
    number(
        "max_farmland_pct",
        AtMost,
        100.0,
        "%",
        ("Dyrka mark høyst", "Farmland at most"),
    ),
    number(
        "max_nature_pct",
        AtMost,
        100.0,
        "%",
        ("Verneområde høyst", "Protected nature at most"),
    ),
    number(
        "max_flood_pct",
        AtMost,
        100.0,
        "%",
        ("Flomsone høyst", "Flood zone at most"),
    ),
    number(
        "max_landslide_pct",
        AtMost,
        100.0,
        "%",
        ("Skredfaresone høyst", "Landslide zone at most"),
    ),
    number(
        "max_quick_clay_pct",
        AtMost,
        100.0,
        "%",
        ("Kvikkleiresone høyst", "Quick-clay zone at most"),
    ),
    number(
        "max_price",
        AtMost,
        1e7,
        "kr/m²",
        ("Pris høyst", "Price at most"),
    ),
    Criterion {
        name: "min_readiness",
        takes: Takes::Readiness,
        bound: AtLeast,
        labels: ("Byggeklarhet minst", "Readiness at least"),
    },
    Criterion {
        name: "available_by",
        takes: Takes::Date,
        bound: Matches,
        labels: ("Ledig innen", "Available by"),
    },
    Criterion {
        name: "land_control",
        takes: Takes::Codes("land_control"),
        bound: Matches,
        labels: ("Eierform", "Land control"),
    },
    Criterion {
        name: "utilities",
        takes: Takes::Utilities,
        bound: Matches,
        labels: ("På plass", "In place"),
    },
];

/// A criterion by its parameter name.
pub fn criterion(name: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.name == name)
}

/// The value slot of a number criterion in [`Criteria`].
pub fn number_slot<'a>(c: &'a mut Criteria, name: &str) -> Option<&'a mut Option<f64>> {
    Some(match name {
        "min_daa" => &mut c.min_daa,
        "max_daa" => &mut c.max_daa,
        "min_mw" => &mut c.min_mw,
        "max_e6_km" => &mut c.max_e6_km,
        "max_rail_km" => &mut c.max_rail_km,
        "max_skysstasjon_km" => &mut c.max_skysstasjon_km,
        "max_centre_km" => &mut c.max_centre_km,
        "max_farmland_pct" => &mut c.max_farmland_pct,
        "max_nature_pct" => &mut c.max_nature_pct,
        "max_flood_pct" => &mut c.max_flood_pct,
        "max_landslide_pct" => &mut c.max_landslide_pct,
        "max_quick_clay_pct" => &mut c.max_quick_clay_pct,
        "max_price" => &mut c.max_price,
        _ => return None,
    })
}

/// An order of the results.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Order {
    pub code: &'static str,
    pub sort: Sort,
    /// (bokmål, English)
    pub labels: (&'static str, &'static str),
}

/// Every order, in the order the search panel offers them.
pub static ORDERS: &[Order] = &[
    Order {
        code: "fit",
        sort: Sort::Fit,
        labels: ("Best egnet", "Best fit"),
    },
    Order {
        code: "size",
        sort: Sort::Size,
        labels: ("Størst ledig areal", "Largest available area"),
    },
    Order {
        code: "power",
        sort: Sort::Power,
        labels: ("Mest ledig strøm", "Most free power"),
    },
    Order {
        code: "distance",
        sort: Sort::Distance,
        labels: ("Nærmest punktet", "Nearest the point"),
    },
    Order {
        code: "e6",
        sort: Sort::E6,
        labels: ("Nærmest E6-kryss", "Nearest an E6 junction"),
    },
    Order {
        code: "centre",
        sort: Sort::Centre,
        labels: ("Nærmest sentrum", "Nearest a town centre"),
    },
    Order {
        code: "skysstasjon",
        sort: Sort::Skysstasjon,
        labels: ("Nærmest skysstasjonen", "Nearest the travel centre"),
    },
    Order {
        code: "rail",
        sort: Sort::Rail,
        labels: ("Nærmest godsterminal", "Nearest a rail terminal"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_criterion_has_a_slot_and_every_sort_an_order() {
        let mut c = Criteria::default();
        for k in CRITERIA {
            let numeric = matches!(k.takes, Takes::Number { .. });
            assert_eq!(number_slot(&mut c, k.name).is_some(), numeric, "{}", k.name);
        }
        for o in ORDERS {
            assert_eq!(ORDERS.iter().filter(|x| x.sort == o.sort).count(), 1);
        }
    }
}
