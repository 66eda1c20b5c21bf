//! A company's search: which published areas are in scope (where, which municipality,
//! kind, availability), which criteria they must meet, how results are ranked. The same
//! query parameters drive the map's URL, `/api/search`, `/feed.atom` and datasheets.
//!
//! Scope is hard: an area outside it is never shown. Criteria are soft in one way: an
//! area that misses exactly one criterion is a *near miss*, reported with that criterion.

use uuid::Uuid;

pub use super::criteria::{Criteria, SiteFacts, Sort};
use super::profile::{self, Factor, Part, Profile};

/// Matches returned when the client asks for no `limit`.
pub const DEFAULT_LIMIT: i64 = 500;
pub const MAX_LIMIT: i64 = 10_000;
/// Near misses returned at most.
pub const NEAR_MISS_LIMIT: usize = 100;
/// Largest drawn search polygon, in vertices.
pub const MAX_POLYGON_POINTS: usize = 500;

/// Where to look (always met by every result).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    pub municipality: Option<Vec<String>>,
    pub kind: Option<Vec<String>>,
    pub availability: Option<Vec<String>>,
    /// min lon, min lat, max lon, max lat (CRS84): the map view.
    pub bbox: Option<[f64; 4]>,
    /// A drawn polygon (CRS84, closed ring).
    pub polygon: Option<Vec<[f64; 2]>>,
    /// A clicked point (CRS84) and a radius in metres from the area's outline.
    pub near: Option<([f64; 2], f64)>,
    /// One area only (a datasheet asking how its area fits the search).
    pub id: Option<Uuid>,
    /// Also the possible future areas: candidates and areas at the idea stage, which a
    /// company cannot obtain today ("vis også mulige framtidige arealer"). Off by default.
    pub include_future: bool,
}

/// Whether a company can obtain the site today: an available or transformation area
/// beyond the idea stage (candidates and ideas are possible future areas).
pub fn obtainable(kind: &str, readiness: &str) -> bool {
    kind != "candidate" && readiness != "idea"
}

/// Output formats of `/api/search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GeoJSON with near misses (the map's format).
    Json,
    /// GeoJSON download of the matches.
    GeoJson,
    /// CSV download of the matches.
    Csv,
}

/// A parsed search.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub scope: Scope,
    pub criteria: Criteria,
    pub profile: Profile,
    /// The parts of the score after `weights`.
    pub parts: Vec<Part>,
    pub weights: Vec<(Factor, f64)>,
    pub sort: Sort,
    pub limit: i64,
    pub format: Format,
    /// The request's parameters that define the search (for links to the same search).
    pub carried: Vec<(String, String)>,
}

impl PartialEq for Profile {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// A site found by a search, with its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub site: SiteFacts,
    pub fit: profile::Fit,
}

/// A search's results: the matches and near misses to show, and how many there are.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub matches: Vec<Hit>,
    pub near_misses: Vec<Hit>,
    pub number_matched: usize,
    pub number_near_misses: usize,
}

/// Score every candidate, order them as the search asks, and keep what is shown.
pub fn rank(s: &Search, candidates: Vec<SiteFacts>) -> Ranked {
    let (mut matches, mut near): (Vec<Hit>, Vec<Hit>) = candidates
        .into_iter()
        .map(|site| Hit {
            fit: profile::fit(&s.parts, &site),
            site,
        })
        .partition(|h| h.site.missed.is_empty());
    let key = |h: &Hit| -> f64 {
        let f = &h.site;
        // ascending key; missing values sort last
        let last = f64::INFINITY;
        match s.sort {
            Sort::Fit => -h.fit.score.unwrap_or(-1.0),
            Sort::Size => -f.available_m2,
            Sort::Power => -f.free_mw_min.unwrap_or(-1.0),
            Sort::Distance => f.distance_m.unwrap_or(last),
            Sort::E6 => f.e6_junction_m.unwrap_or(last),
            Sort::Centre => f.town_centre_m.unwrap_or(last),
            Sort::Skysstasjon => f.skysstasjon_m.unwrap_or(last),
            Sort::Rail => f.rail_terminal_m.unwrap_or(last),
        }
    };
    let order = |a: &Hit, b: &Hit| {
        key(a)
            .total_cmp(&key(b))
            .then(b.site.available_m2.total_cmp(&a.site.available_m2))
            .then(a.site.id.cmp(&b.site.id))
    };
    matches.sort_by(order);
    near.sort_by(order);
    let (number_matched, number_near_misses) = (matches.len(), near.len());
    matches.truncate(usize::try_from(s.limit).unwrap_or(usize::MAX));
    near.truncate(NEAR_MISS_LIMIT);
    Ranked {
        matches,
        near_misses: near,
        number_matched,
        number_near_misses,
    }
}
