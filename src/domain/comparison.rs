//! Comparison sets (alternativsett): alternatives compared side by side with visible
//! weights. Each criterion is normalised within the set (min–max, with its direction
//! stated), multiplied by its weight, and the total is the weighted mean on 0–100. The
//! contribution of every criterion is kept, ranks allow ties, and a sensitivity check
//! says whether the ranking holds when any single weight moves ±20 %.

use serde::Serialize;

/// Whether more of a criterion is better or worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// A row of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Criterion {
    pub code: &'static str,
    pub nb: &'static str,
    pub en: &'static str,
    pub unit: &'static str,
    pub direction: Direction,
    pub default_weight: f64,
}

const fn c(
    code: &'static str,
    nb: &'static str,
    en: &'static str,
    unit: &'static str,
    direction: Direction,
    default_weight: f64,
) -> Criterion {
    Criterion {
        code,
        nb,
        en,
        unit,
        direction,
        default_weight,
    }
}

use Direction::{HigherIsBetter as Up, LowerIsBetter as Down};

/// The criteria, in the order of the table's rows.
pub const CRITERIA: &[Criterion] = &[
    c("size", "Ledig areal", "Available area", "daa", Up, 2.0),
    c(
        "readiness",
        "Byggeklarhet (0 idé … 4 byggeklar)",
        "Readiness (0 idea … 4 ready)",
        "trinn",
        Up,
        2.0,
    ),
    c(
        "power",
        "Ledig strøm nå (nedre ende)",
        "Free power now (lower end)",
        "MW",
        Up,
        2.0,
    ),
    c(
        "future_power",
        "Strøm etter planlagte tiltak (nedre ende)",
        "Power after planned measures (lower end)",
        "MW",
        Up,
        1.0,
    ),
    c(
        "e6_junction",
        "Avstand til E6-kryss",
        "Distance to an E6 junction",
        "km",
        Down,
        2.0,
    ),
    c(
        "rail_terminal",
        "Avstand til godsterminal (jernbane)",
        "Distance to a rail freight terminal",
        "km",
        Down,
        1.0,
    ),
    c(
        "skysstasjon",
        "Avstand til Lillehammer skysstasjon",
        "Distance to Lillehammer travel centre",
        "km",
        Down,
        1.0,
    ),
    c(
        "town_centre",
        "Avstand til sentrum",
        "Distance to a town centre",
        "km",
        Down,
        1.0,
    ),
    c("farmland", "Dyrka mark", "Farmland", "%", Down, 2.0),
    c("nature", "Verneområde", "Protected nature", "%", Down, 1.0),
    c("flood", "Flomsone", "Flood zone", "%", Down, 1.0),
    c(
        "heritage",
        "Kulturminne",
        "Cultural heritage",
        "%",
        Down,
        1.0,
    ),
    c(
        "public_land",
        "Offentlig grunneier (kommune, interkommunalt, stat)",
        "Public land control (municipal, intermunicipal, state)",
        "ja = 1",
        Up,
        1.0,
    ),
    c(
        "price",
        "Pris (laveste)",
        "Price (lowest)",
        "kr/m²",
        Down,
        1.0,
    ),
    c(
        "utilities",
        "Teknisk infrastruktur på plass (av 5)",
        "Utilities in place (of 5)",
        "antall",
        Up,
        1.0,
    ),
];

pub fn criterion(code: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.code == code)
}

/// The default weights, in the order of `CRITERIA`.
pub fn default_weights() -> Vec<f64> {
    CRITERIA.iter().map(|c| c.default_weight).collect()
}

/// Why a set cannot be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoringError {
    #[error("the weights add up to zero: give at least one criterion a weight above 0")]
    WeightsSumToZero,
    #[error("a weight must be a number from 0 to 100, not {0}")]
    BadWeight(String),
    #[error("unknown criterion {0:?}")]
    UnknownCriterion(String),
}

/// Read `weights=code:w,…` over `base` (codes not named keep their weight).
pub fn parse_weights(raw: &str, base: &[f64]) -> Result<Vec<f64>, ScoringError> {
    let mut out = base.to_vec();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (code, w) = item
            .split_once(':')
            .ok_or_else(|| ScoringError::BadWeight(item.to_string()))?;
        let i = CRITERIA
            .iter()
            .position(|c| c.code == code.trim())
            .ok_or_else(|| ScoringError::UnknownCriterion(code.trim().to_string()))?;
        out[i] = check_weight(w.trim())?;
    }
    if out.iter().sum::<f64>() <= 0.0 {
        return Err(ScoringError::WeightsSumToZero);
    }
    Ok(out)
}

fn check_weight(w: &str) -> Result<f64, ScoringError> {
    w.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
        .ok_or_else(|| ScoringError::BadWeight(w.to_string()))
}

/// Weights as stored (`{"size": 2, …}`) → in the order of `CRITERIA`; missing codes take
/// their default, unknown ones are refused.
pub fn weights_from_map(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<Vec<f64>, ScoringError> {
    let mut out = default_weights();
    for (code, w) in map {
        let i = CRITERIA
            .iter()
            .position(|c| c.code == code)
            .ok_or_else(|| ScoringError::UnknownCriterion(code.clone()))?;
        out[i] = w
            .as_f64()
            .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
            .ok_or_else(|| ScoringError::BadWeight(w.to_string()))?;
    }
    if out.iter().sum::<f64>() <= 0.0 {
        return Err(ScoringError::WeightsSumToZero);
    }
    Ok(out)
}

pub fn weights_to_map(weights: &[f64]) -> serde_json::Map<String, serde_json::Value> {
    CRITERIA
        .iter()
        .zip(weights)
        .map(|(c, w)| (c.code.to_string(), serde_json::json!(w)))
        .collect()
}

/// One criterion across the alternatives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub code: &'static str,
    pub weight: f64,
    /// The raw values, one per alternative (None = not known).
    pub values: Vec<Option<f64>>,
    /// 0 (worst in the set) … 1 (best); all equal → 1 for each; unknown → None.
    pub normalised: Vec<Option<f64>>,
    /// Indexes of the best and worst alternatives (empty when all are equal or unknown).
    pub best: Vec<usize>,
    pub worst: Vec<usize>,
}

/// What the set's scoring came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scoring {
    pub rows: Vec<Row>,
    /// 0–100 per alternative.
    pub totals: Vec<f64>,
    /// 1 = best; equal totals share a rank (1, 1, 3).
    pub ranks: Vec<usize>,
    /// Points per alternative per criterion (they add up to the total).
    pub contributions: Vec<Vec<f64>>,
    pub sensitivity: Sensitivity,
}

/// Does the ranking hold when one weight moves ±20 %?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub holds: bool,
    /// Each single-weight change that changes the ranking, with the ranks it gives.
    pub changes: Vec<WeightChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightChange {
    pub code: &'static str,
    /// −20 or +20 (%).
    pub percent: i32,
    pub ranks: Vec<usize>,
}

/// Score alternatives: `values[a][k]` is alternative a's value of `CRITERIA[k]`.
pub fn score(values: &[Vec<Option<f64>>], weights: &[f64]) -> Result<Scoring, ScoringError> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || !sum.is_finite() {
        return Err(ScoringError::WeightsSumToZero);
    }
    let rows: Vec<Row> = CRITERIA
        .iter()
        .enumerate()
        .map(|(k, c)| row(c, weights[k], values.iter().map(|v| v[k]).collect()))
        .collect();
    let (totals, contributions) = totals_for(&rows, weights);
    let ranks = ranks(&totals);
    let mut changes = Vec::new();
    for (k, c) in CRITERIA.iter().enumerate() {
        if weights[k] <= 0.0 {
            continue;
        }
        for percent in [-20, 20] {
            let mut w = weights.to_vec();
            w[k] *= 1.0 + f64::from(percent) / 100.0;
            let (t, _) = totals_for(&rows, &w);
            let r = self::ranks(&t);
            if r != ranks {
                changes.push(WeightChange {
                    code: c.code,
                    percent,
                    ranks: r,
                });
            }
        }
    }
    Ok(Scoring {
        rows,
        totals,
        ranks,
        contributions,
        sensitivity: Sensitivity {
            holds: changes.is_empty(),
            changes,
        },
    })
}

fn row(c: &Criterion, weight: f64, values: Vec<Option<f64>>) -> Row {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let equal = known.is_empty() || (hi - lo).abs() < 1e-12;
    let normalised: Vec<Option<f64>> = values
        .iter()
        .map(|v| {
            v.map(|v| {
                if equal {
                    1.0
                } else {
                    match c.direction {
                        Up => (v - lo) / (hi - lo),
                        Down => (hi - v) / (hi - lo),
                    }
                }
            })
        })
        .collect();
    let at = |target: f64| -> Vec<usize> {
        if equal {
            return Vec::new();
        }
        normalised
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_some_and(|n| (n - target).abs() < 1e-12))
            .map(|(i, _)| i)
            .collect()
    };
    Row {
        code: c.code,
        weight,
        best: at(1.0),
        worst: at(0.0),
        values,
        normalised,
    }
}

/// Totals and contributions: an unknown value contributes nothing (as the worst).
fn totals_for(rows: &[Row], weights: &[f64]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let sum: f64 = weights.iter().sum();
    let n = rows.first().map_or(0, |r| r.normalised.len());
    let contributions: Vec<Vec<f64>> = (0..n)
        .map(|a| {
            rows.iter()
                .zip(weights)
                .map(|(r, w)| 100.0 * w * r.normalised[a].unwrap_or(0.0) / sum)
                .collect()
        })
        .collect();
    let totals = contributions.iter().map(|c| c.iter().sum()).collect();
    (totals, contributions)
}

/// Competition ranking: equal totals (within 1e-9) share the better rank.
fn ranks(totals: &[f64]) -> Vec<usize> {
    totals
        .iter()
        .map(|t| 1 + totals.iter().filter(|o| **o > t + 1e-9).count())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(code: &str) -> usize {
        CRITERIA.iter().position(|c| c.code == code).expect("code")
    }

    /// Only the named criteria weigh; the rest are 0.
    fn weights(pairs: &[(&str, f64)]) -> Vec<f64> {
        let mut w = vec![0.0; CRITERIA.len()];
        for (code, v) in pairs {
            w[idx(code)] = *v;
        }
        w
    }

    fn alternatives(rows: &[&[(&str, Option<f64>)]]) -> Vec<Vec<Option<f64>>> {
        rows.iter()
            .map(|r| {
                let mut v = vec![Some(1.0); CRITERIA.len()];
                for (code, x) in *r {
                    v[idx(code)] = *x;
                }
                v
            })
            .collect()
    }

    #[test]
    fn hand_computed_small_set() {
        // size (up): 10, 30, 20 → 0, 1, 0.5; e6 (down): 1, 5, 3 km → 1, 0, 0.5
        let values = alternatives(&[
            &[("size", Some(10.0)), ("e6_junction", Some(1.0))],
            &[("size", Some(30.0)), ("e6_junction", Some(5.0))],
            &[("size", Some(20.0)), ("e6_junction", Some(3.0))],
        ]);
        let s = score(&values, &weights(&[("size", 1.0), ("e6_junction", 3.0)])).expect("scores");
        // totals = 100 × (1·n_size + 3·n_e6) / 4
        assert_eq!(s.totals, vec![75.0, 25.0, 50.0]);
        assert_eq!(s.ranks, vec![1, 3, 2]);
        assert_eq!(s.contributions[0][idx("e6_junction")], 75.0);
        assert_eq!(s.contributions[2][idx("size")], 12.5);
        let size = &s.rows[idx("size")];
        assert_eq!((size.best.clone(), size.worst.clone()), (vec![1], vec![0]));
        assert_eq!(size.normalised, vec![Some(0.0), Some(1.0), Some(0.5)]);
    }

    #[test]
    fn ties_share_a_rank_and_equal_values_count_the_same_for_all() {
        let values = alternatives(&[
            &[("size", Some(10.0)), ("power", Some(4.0))],
            &[("size", Some(30.0)), ("power", Some(4.0))],
            &[("size", Some(30.0)), ("power", Some(4.0))],
        ]);
        let s = score(&values, &weights(&[("size", 1.0), ("power", 1.0)])).expect("scores");
        // power is equal everywhere: 1 for each, it moves no one
        assert_eq!(s.rows[idx("power")].normalised, vec![Some(1.0); 3]);
        assert!(s.rows[idx("power")].best.is_empty());
        assert_eq!(s.totals, vec![50.0, 100.0, 100.0]);
        assert_eq!(s.ranks, vec![3, 1, 1]);
    }

    #[test]
    fn an_unknown_value_counts_as_the_worst_and_is_shown_as_unknown() {
        let values = alternatives(&[
            &[("price", Some(500.0))],
            &[("price", None)],
            &[("price", Some(900.0))],
        ]);
        let s = score(&values, &weights(&[("price", 2.0)])).expect("scores");
        assert_eq!(
            s.rows[idx("price")].normalised,
            vec![Some(1.0), None, Some(0.0)]
        );
        assert_eq!(s.totals, vec![100.0, 0.0, 0.0]);
        assert_eq!(s.ranks, vec![1, 2, 2]);
    }

    #[test]
    fn weights_that_sum_to_zero_are_a_clear_error_not_nan() {
        let values = alternatives(&[&[], &[]]);
        assert_eq!(
            score(&values, &vec![0.0; CRITERIA.len()]),
            Err(ScoringError::WeightsSumToZero)
        );
        let zero: String = CRITERIA
            .iter()
            .map(|c| format!("{}:0", c.code))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            parse_weights(&zero, &default_weights()),
            Err(ScoringError::WeightsSumToZero)
        );
        assert!(matches!(
            parse_weights("size:-1", &default_weights()),
            Err(ScoringError::BadWeight(_))
        ));
        assert!(matches!(
            parse_weights("beauty:1", &default_weights()),
            Err(ScoringError::UnknownCriterion(_))
        ));
        let w = parse_weights("size:5", &default_weights()).expect("valid");
        assert_eq!(w[idx("size")], 5.0);
        assert_eq!(w[idx("power")], 2.0, "others keep their weight");
    }

    #[test]
    fn sensitivity_reports_the_weights_that_flip_the_ranking() {
        // A is better on size, B on e6; with size 1.0 and e6 1.1 B leads narrowly:
        // −20 % on e6 (0.88) or +20 % on size (1.2) turns it round
        let values = alternatives(&[
            &[("size", Some(30.0)), ("e6_junction", Some(5.0))],
            &[("size", Some(10.0)), ("e6_junction", Some(1.0))],
        ]);
        let s = score(&values, &weights(&[("size", 1.0), ("e6_junction", 1.1)])).expect("s");
        assert_eq!(s.ranks, vec![2, 1]);
        assert!(!s.sensitivity.holds);
        let flips: Vec<(&str, i32)> = s
            .sensitivity
            .changes
            .iter()
            .map(|c| (c.code, c.percent))
            .collect();
        assert_eq!(flips, vec![("size", 20), ("e6_junction", -20)]);
        // a clear lead holds
        let s = score(&values, &weights(&[("size", 1.0), ("e6_junction", 3.0)])).expect("s");
        assert!(s.sensitivity.holds);
    }
}
