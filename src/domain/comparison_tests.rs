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
