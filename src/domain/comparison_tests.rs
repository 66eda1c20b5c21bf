//! Tests of `comparison`.

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

#[test]
fn each_pair_is_explained_both_ways_and_adds_up_to_the_margin() {
    // A: big and far from E6; B: small and close; C: in between
    let values = alternatives(&[
        &[("size", Some(30.0)), ("e6_junction", Some(5.0))],
        &[("size", Some(10.0)), ("e6_junction", Some(1.0))],
        &[("size", Some(20.0)), ("e6_junction", Some(4.0))],
    ]);
    let s = score(&values, &weights(&[("size", 2.0), ("e6_junction", 1.0)])).expect("s");
    assert_eq!(rank_order(&s.ranks), vec![0, 2, 1]);
    assert_eq!(s.pairs.len(), 2);
    let p = &s.pairs[0];
    assert_eq!((p.ahead, p.behind), (0, 2));
    assert_eq!(p.better[0].code, "size");
    assert_eq!(
        p.worse[0].code, "e6_junction",
        "where the first is worse is named"
    );
    let net: f64 = p.better.iter().map(|x| x.points).sum::<f64>()
        - p.worse.iter().map(|x| x.points).sum::<f64>();
    assert!((net - p.margin).abs() < 1e-9);
    assert!((p.margin - (s.totals[0] - s.totals[2])).abs() < 1e-9);
    assert_eq!(s.sensitivity.margins.len(), 2);
    assert!((s.sensitivity.margins[0] - p.margin).abs() < 1e-9);
}

/// The first place under these weights (None when shared).
fn sole_first(values: &[Vec<Option<f64>>], w: &[f64]) -> Option<usize> {
    let s = score(values, w).ok()?;
    let firsts: Vec<usize> = (0..s.ranks.len()).filter(|i| s.ranks[*i] == 1).collect();
    (firsts.len() == 1).then(|| firsts[0])
}

#[test]
fn the_smallest_weight_change_that_changes_the_first_place_matches_a_brute_force() {
    // a small deterministic generator: many sets of 3–5 alternatives over 4 criteria
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 10_000) as f64 / 100.0
    };
    let codes = ["size", "power", "e6_junction", "farmland"];
    let mut checked = 0;
    for _ in 0..40 {
        let n = 3 + (next() as usize) % 3;
        let values: Vec<Vec<Option<f64>>> = (0..n)
            .map(|_| {
                let mut v = vec![Some(1.0); CRITERIA.len()];
                for c in codes {
                    v[idx(c)] = Some(next());
                }
                v
            })
            .collect();
        let w = weights(&codes.map(|c| (c, 1.0 + (next() / 20.0).floor())));
        let s = score(&values, &w).expect("scores");
        let Some(first) = sole_first(&values, &w) else {
            continue;
        };
        // brute force: move each weight that differs between alternatives in steps of
        // 0.02 up and down (as far as 10), find the first step at which the first place
        // changes; the other criteria are equal for all and move no one
        const STEP: f64 = 0.02;
        let mut brute: Option<f64> = None;
        for k in codes.map(idx) {
            for dir in [-1.0, 1.0] {
                let mut step = 1;
                loop {
                    let d = dir * f64::from(step) * STEP;
                    let to = w[k] + d;
                    if d.abs() > 10.0
                        || !(0.0..=100.0).contains(&to)
                        || w.iter().sum::<f64>() + d <= 0.0
                    {
                        break;
                    }
                    let mut moved = w.clone();
                    moved[k] = to;
                    if sole_first(&values, &moved) != Some(first) {
                        if brute.is_none_or(|b| d.abs() < b) {
                            brute = Some(d.abs());
                        }
                        break;
                    }
                    step += 1;
                    if brute.is_some_and(|b| d.abs() > b) {
                        break;
                    }
                }
            }
        }
        match (&s.sensitivity.tipping, brute) {
            (Some(t), None) if (t.to - t.from).abs() > 10.0 - STEP => {}
            (Some(t), Some(b)) => {
                let d = (t.to - t.from).abs();
                assert!(
                    d <= b + 1e-9 && b - d <= STEP + 1e-9,
                    "analytic {d} vs brute force {b}"
                );
                assert_ne!(t.takes_first, first);
                checked += 1;
            }
            (None, None) => {}
            (t, b) => panic!("analytic {t:?} vs brute force {b:?}"),
        }
    }
    assert!(checked > 20, "only {checked} sets had a tipping weight");
}
