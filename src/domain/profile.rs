//! Business-type profiles from the region's strategic plan and the fit score they give a
//! site. A score is a sum of visible parts: each part turns one fact into points between
//! 0 and its weight (a benefit) or between minus its weight and 0 (a penalty), on a
//! straight line between a "better" and a "worse" value. No black box: every part says
//! which fact, what value and how many points.

use serde::Serialize;

use super::codes::Readiness;
use super::criteria::{Criteria, SiteFacts};

/// One fact a fit part reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Available area in daa.
    Size,
    /// Lower end of the free capacity at the nearest substation, MW.
    Power,
    /// Readiness rank 0 (idea) … 4 (ready to build).
    Readiness,
    E6Junction,
    RailTerminal,
    Skysstasjon,
    TownCentre,
    MainRoad,
    /// Share (0–1) of the area on farmland.
    Farmland,
    /// Share (0–1) of the area in protected nature.
    Nature,
    /// Fibre: yes 1, planned 0.5, otherwise 0.
    Fibre,
}

impl Factor {
    pub const ALL: &'static [Factor] = &[
        Factor::Size,
        Factor::Power,
        Factor::Readiness,
        Factor::E6Junction,
        Factor::RailTerminal,
        Factor::Skysstasjon,
        Factor::TownCentre,
        Factor::MainRoad,
        Factor::Farmland,
        Factor::Nature,
        Factor::Fibre,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Size => "size",
            Factor::Power => "power",
            Factor::Readiness => "readiness",
            Factor::E6Junction => "e6_junction",
            Factor::RailTerminal => "rail_terminal",
            Factor::Skysstasjon => "skysstasjon",
            Factor::TownCentre => "town_centre",
            Factor::MainRoad => "main_road",
            Factor::Farmland => "farmland",
            Factor::Nature => "nature",
            Factor::Fibre => "fibre",
        }
    }

    pub fn parse(s: &str) -> Option<Factor> {
        Factor::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    /// The fact's value for a site, in the unit the part's limits use.
    pub fn value(self, s: &SiteFacts) -> Option<f64> {
        match self {
            Factor::Size => Some(s.available_m2 / 1000.0),
            Factor::Power => s.free_mw_min,
            Factor::Readiness => Readiness::parse(&s.readiness).map(readiness_rank),
            Factor::E6Junction => s.e6_junction_m,
            Factor::RailTerminal => s.rail_terminal_m,
            Factor::Skysstasjon => s.skysstasjon_m,
            Factor::TownCentre => s.town_centre_m,
            Factor::MainRoad => s.main_road_m,
            Factor::Farmland => s.farmland_share,
            Factor::Nature => s.nature_share,
            Factor::Fibre => match s.fibre.as_str() {
                "yes" => Some(1.0),
                "planned" => Some(0.5),
                "no" => Some(0.0),
                _ => None,
            },
        }
    }
}

/// 0 (idea) … 4 (ready to build).
pub fn readiness_rank(r: Readiness) -> f64 {
    Readiness::ALL.iter().position(|x| *x == r).unwrap_or(0) as f64
}

/// One part of a profile's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Part {
    pub factor: Factor,
    /// At this value (or beyond, towards better) the part gives all its points; for a
    /// penalty, no penalty.
    pub better: f64,
    /// At this value (or beyond) a benefit gives nothing; a penalty takes all its points.
    pub worse: f64,
    pub weight: f64,
    pub penalty: bool,
}

const fn benefit(factor: Factor, better: f64, worse: f64, weight: f64) -> Part {
    Part {
        factor,
        better,
        worse,
        weight,
        penalty: false,
    }
}

const fn penalty(factor: Factor, better: f64, worse: f64, weight: f64) -> Part {
    Part {
        factor,
        better,
        worse,
        weight,
        penalty: true,
    }
}

/// A business type: its preset filters and the parts of its score.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub code: &'static str,
    pub title_nb: &'static str,
    pub title_en: &'static str,
    pub about_nb: &'static str,
    pub about_en: &'static str,
    /// Filters the profile sets unless the request says otherwise.
    pub preset: Criteria,
    pub parts: Vec<Part>,
}

/// The three business types of the strategic plan, and a general one used when no
/// profile is chosen.
pub fn profiles() -> Vec<Profile> {
    use Factor::*;
    vec![
        Profile {
            code: "logistics",
            title_nb: "Arealkrevende og logistikkavhengige",
            title_en: "Area-hungry and logistics-dependent",
            about_nb: "Store tomter med rask tilgang til E6 og jernbane, unna sentrum og boliger, med strøm.",
            about_en: "Large plots with fast access to the E6 and rail, away from town centres and homes, with power.",
            preset: Criteria {
                min_daa: Some(10.0),
                max_e6_km: Some(5.0),
                ..Criteria::default()
            },
            parts: vec![
                benefit(Size, 50.0, 5.0, 3.0),
                benefit(E6Junction, 1000.0, 10_000.0, 3.0),
                benefit(Power, 10.0, 0.0, 2.0),
                benefit(RailTerminal, 2000.0, 20_000.0, 1.0),
                benefit(Readiness, 4.0, 0.0, 1.0),
                penalty(Farmland, 0.0, 0.5, 2.0),
                penalty(TownCentre, 2000.0, 0.0, 1.0),
            ],
        },
        Profile {
            code: "knowledge",
            title_nb: "Kunnskapsintensive",
            title_en: "Knowledge-intensive",
            about_nb: "Nær kompetent arbeidskraft, kollektivknutepunkt og et attraktivt sentrum.",
            about_en: "Close to skilled labour, transport hubs and an attractive centre.",
            preset: Criteria {
                max_skysstasjon_km: Some(3.0),
                ..Criteria::default()
            },
            parts: vec![
                benefit(Skysstasjon, 500.0, 5000.0, 3.0),
                benefit(TownCentre, 500.0, 5000.0, 2.0),
                benefit(Fibre, 1.0, 0.0, 1.0),
                benefit(Readiness, 4.0, 0.0, 1.0),
                penalty(Farmland, 0.0, 0.5, 1.0),
            ],
        },
        Profile {
            code: "population",
            title_nb: "Tjenesteytende",
            title_en: "Population-serving",
            about_nb: "Nær folk de betjener: kort vei til sentrum og hovedveg.",
            about_en: "Close to the people they serve: near a town centre and a main road.",
            preset: Criteria {
                max_centre_km: Some(5.0),
                ..Criteria::default()
            },
            parts: vec![
                benefit(TownCentre, 1000.0, 8000.0, 3.0),
                benefit(MainRoad, 200.0, 2000.0, 1.0),
                benefit(Skysstasjon, 1000.0, 10_000.0, 1.0),
                benefit(Readiness, 4.0, 0.0, 1.0),
                penalty(Farmland, 0.0, 0.5, 1.0),
            ],
        },
    ]
}

/// The score used when no business type is chosen.
pub fn general() -> Profile {
    use Factor::*;
    Profile {
        code: "general",
        title_nb: "Generell",
        title_en: "General",
        about_nb: "Størrelse, byggeklarhet, strøm og nærhet til E6, minus dyrka mark.",
        about_en: "Size, readiness, power and nearness to the E6, minus farmland.",
        preset: Criteria::default(),
        parts: vec![
            benefit(Size, 30.0, 0.0, 1.0),
            benefit(Readiness, 4.0, 0.0, 1.0),
            benefit(Power, 5.0, 0.0, 1.0),
            benefit(E6Junction, 1000.0, 10_000.0, 1.0),
            penalty(Farmland, 0.0, 0.5, 1.0),
        ],
    }
}

pub fn profile(code: &str) -> Option<Profile> {
    profiles().into_iter().find(|p| p.code == code)
}

/// One part of a site's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub factor: Factor,
    pub value: Option<f64>,
    pub weight: f64,
    pub penalty: bool,
    /// Between 0 and `weight` for a benefit, between `-weight` and 0 for a penalty.
    pub points: f64,
}

/// A site's score: 100 × (sum of points) / (sum of benefit weights), at least 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// `None` when no benefit has any weight (nothing to score by).
    pub score: Option<f64>,
    pub parts: Vec<Scored>,
}

/// Score a site with the given parts.
pub fn fit(parts: &[Part], site: &SiteFacts) -> Fit {
    let scored: Vec<Scored> = parts
        .iter()
        .map(|p| {
            let value = p.factor.value(site);
            let points = value.map_or(0.0, |v| {
                let towards_better = ((v - p.worse) / (p.better - p.worse)).clamp(0.0, 1.0);
                if p.penalty {
                    -p.weight * (1.0 - towards_better)
                } else {
                    p.weight * towards_better
                }
            });
            Scored {
                factor: p.factor,
                value,
                weight: p.weight,
                penalty: p.penalty,
                points,
            }
        })
        .collect();
    let max: f64 = parts.iter().filter(|p| !p.penalty).map(|p| p.weight).sum();
    let total: f64 = scored.iter().map(|s| s.points).sum();
    Fit {
        score: (max > 0.0).then(|| (100.0 * total / max).max(0.0)),
        parts: scored,
    }
}

/// Apply `weights=factor:w,…` to a profile's parts: a listed factor takes the new weight
/// (0 removes its effect); a factor the profile lacks is added as a benefit with the
/// general profile's limits (or the first profile that has it).
pub fn reweighted(parts: &[Part], weights: &[(Factor, f64)]) -> Vec<Part> {
    let mut out = parts.to_vec();
    for &(factor, weight) in weights {
        if let Some(p) = out.iter_mut().find(|p| p.factor == factor) {
            p.weight = weight;
        } else if let Some(template) = std::iter::once(general())
            .chain(profiles())
            .flat_map(|p| p.parts)
            .find(|p| p.factor == factor)
        {
            out.push(Part { weight, ..template });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteFacts {
        SiteFacts {
            available_m2: 27_500.0,
            readiness: "zoned".into(),
            e6_junction_m: Some(5500.0),
            farmland_share: Some(0.25),
            town_centre_m: Some(3000.0),
            fibre: "planned".into(),
            ..SiteFacts::default()
        }
    }

    #[test]
    fn parts_are_straight_lines_between_better_and_worse() {
        let parts = [
            benefit(Factor::Size, 50.0, 5.0, 3.0),
            benefit(Factor::E6Junction, 1000.0, 10_000.0, 3.0),
            penalty(Factor::Farmland, 0.0, 0.5, 2.0),
            benefit(Factor::Power, 10.0, 0.0, 2.0),
        ];
        let f = fit(&parts, &site());
        let points: Vec<f64> = f.parts.iter().map(|p| p.points).collect();
        // size: (27.5 - 5) / 45 = 0.5 → 1.5; E6: (5500 - 10000) / -9000 = 0.5 → 1.5;
        // farmland: halfway to the worst → -1.0; power unknown → 0
        assert_eq!(points, vec![1.5, 1.5, -1.0, 0.0]);
        // (1.5 + 1.5 - 1.0) / (3 + 3 + 2) = 0.25
        assert_eq!(f.score, Some(25.0));
    }

    #[test]
    fn values_beyond_the_limits_are_clamped_and_the_score_is_never_negative() {
        let parts = [
            benefit(Factor::TownCentre, 500.0, 2000.0, 1.0),
            penalty(Factor::Farmland, 0.0, 0.1, 5.0),
        ];
        let f = fit(&parts, &site());
        assert_eq!(f.parts[0].points, 0.0, "3 km is beyond the worse limit");
        assert_eq!(f.parts[1].points, -5.0, "25 % is beyond the full penalty");
        assert_eq!(f.score, Some(0.0));
        let fibre = fit(&[benefit(Factor::Fibre, 1.0, 0.0, 2.0)], &site());
        assert_eq!(fibre.score, Some(50.0), "planned fibre is half");
    }

    #[test]
    fn weights_override_and_extend_a_profile() {
        let base = profile("knowledge").expect("profile").parts;
        let changed = reweighted(&base, &[(Factor::Skysstasjon, 0.0), (Factor::Power, 2.0)]);
        assert_eq!(
            changed
                .iter()
                .find(|p| p.factor == Factor::Skysstasjon)
                .map(|p| p.weight),
            Some(0.0)
        );
        assert!(changed
            .iter()
            .any(|p| p.factor == Factor::Power && p.weight == 2.0));
        let none = reweighted(&base, &[]);
        assert_eq!(none, base);
        let zero: Vec<Part> = base.iter().map(|p| Part { weight: 0.0, ..*p }).collect();
        assert_eq!(fit(&zero, &site()).score, None, "nothing to score by");
    }
}
