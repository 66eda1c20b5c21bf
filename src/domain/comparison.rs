//! Comparison sets (alternativsett): alternatives compared side by side with visible
//! weights. Each criterion is normalised within the set (min–max, with its direction
//! stated), multiplied by its weight, and the total is the weighted mean on 0–100. The
//! contribution of every criterion is kept, ranks allow ties, each pair of neighbours in
//! the ranking is explained both ways (where the one ahead is better and where it is
//! worse), and a sensitivity check gives the margins between ranks, whether the ranking
//! holds when any single weight moves ±20 %, and the smallest single weight change that
//! gives first place to another alternative.

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
    /// Each alternative against the next one down the ranking (rank order).
    pub pairs: Vec<Pair>,
    pub sensitivity: Sensitivity,
}

/// One alternative against the one ranked just below it, both ways: the points each
/// criterion gives the one ahead over the other (`better`, largest first) and the points
/// it loses to it (`worse`, as positive numbers, largest first). `margin` is the
/// difference of their totals (= Σ better − Σ worse).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub ahead: usize,
    pub behind: usize,
    pub margin: f64,
    pub better: Vec<Points>,
    pub worse: Vec<Points>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Points {
    pub code: &'static str,
    pub points: f64,
}

/// How firm the ranking is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// No single ±20 % weight change changes the ranking.
    pub holds: bool,
    /// Each single-weight change that changes the ranking, with the ranks it gives.
    pub changes: Vec<WeightChange>,
    /// Points between neighbours in the ranking: `margins[i]` = total of the i-th minus
    /// the (i+1)-th in rank order.
    pub margins: Vec<f64>,
    /// The smallest change of one weight (on the 0–100 weight scale) at which another
    /// alternative draws level with the first and beyond which it leads; `None` when no
    /// single weight within 0–100 can do it, or the first place is already shared.
    pub tipping: Option<Tipping>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tipping {
    pub code: &'static str,
    pub from: f64,
    pub to: f64,
    /// The alternative that would take first place.
    pub takes_first: usize,
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
    let order = rank_order(&ranks);
    let pairs = order
        .windows(2)
        .map(|w| pair(&contributions, &totals, w[0], w[1]))
        .collect();
    let margins = order
        .windows(2)
        .map(|w| totals[w[0]] - totals[w[1]])
        .collect();
    let tipping = tipping(&rows, weights, &ranks);
    Ok(Scoring {
        rows,
        totals,
        ranks,
        contributions,
        pairs,
        sensitivity: Sensitivity {
            holds: changes.is_empty(),
            changes,
            margins,
            tipping,
        },
    })
}

/// Indexes in rank order (ties in the set's order).
pub fn rank_order(ranks: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..ranks.len()).collect();
    order.sort_by_key(|i| (ranks[*i], *i));
    order
}

/// Differences below this many points are not named (they round to 0.0).
const NEGLIGIBLE: f64 = 0.05;

fn pair(contributions: &[Vec<f64>], totals: &[f64], ahead: usize, behind: usize) -> Pair {
    let diffs = CRITERIA
        .iter()
        .enumerate()
        .map(|(k, c)| (c.code, contributions[ahead][k] - contributions[behind][k]));
    let mut better: Vec<Points> = diffs
        .clone()
        .filter(|(_, d)| *d >= NEGLIGIBLE)
        .map(|(code, points)| Points { code, points })
        .collect();
    let mut worse: Vec<Points> = diffs
        .filter(|(_, d)| *d <= -NEGLIGIBLE)
        .map(|(code, d)| Points { code, points: -d })
        .collect();
    better.sort_by(|a, b| b.points.total_cmp(&a.points));
    worse.sort_by(|a, b| b.points.total_cmp(&a.points));
    Pair {
        ahead,
        behind,
        margin: totals[ahead] - totals[behind],
        better,
        worse,
    }
}

/// The smallest single weight change that lets another alternative draw level with a
/// sole first. With S_a = Σ w_j·n_aj and one weight moved by d, alternative b draws level
/// with the first f where S_b − S_f + d·(n_bk − n_fk) = 0 (the common divisor Σw + d
/// stays positive), so d = (S_f − S_b) / (n_bk − n_fk); the new weight must stay in 0–100
/// and some weight must remain.
fn tipping(rows: &[Row], weights: &[f64], ranks: &[usize]) -> Option<Tipping> {
    let firsts: Vec<usize> = (0..ranks.len()).filter(|i| ranks[*i] == 1).collect();
    let [f] = firsts[..] else { return None };
    let n = |a: usize, k: usize| rows[k].normalised[a].unwrap_or(0.0);
    let sum = |a: usize| -> f64 { (0..rows.len()).map(|k| weights[k] * n(a, k)).sum() };
    let total: f64 = weights.iter().sum();
    let mut best: Option<(f64, Tipping)> = None;
    for b in (0..ranks.len()).filter(|b| *b != f) {
        let lead = sum(f) - sum(b);
        for (k, c) in CRITERIA.iter().enumerate() {
            let gain = n(b, k) - n(f, k);
            if gain.abs() < 1e-12 {
                continue;
            }
            let d = lead / gain;
            let to = weights[k] + d;
            if !(0.0..=100.0).contains(&to) || total + d <= 0.0 {
                continue;
            }
            if best.as_ref().is_none_or(|(bd, _)| d.abs() < *bd) {
                let t = Tipping {
                    code: c.code,
                    from: weights[k],
                    to,
                    takes_first: b,
                };
                best = Some((d.abs(), t));
            }
        }
    }
    best.map(|(_, t)| t)
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
#[path = "comparison_tests.rs"]
mod tests;
