//! Tests of `search`.

use super::*;
use crate::api::params::tests::pairs;
use crate::domain::search::{rank, SiteFacts};

#[test]
fn a_profile_presets_criteria_that_the_request_can_change_or_clear() {
    let s = parse_search(&pairs("profile=logistics")).expect("valid");
    assert_eq!(s.criteria.min_daa, Some(10.0));
    assert_eq!(s.criteria.max_e6_km, Some(5.0));
    let s = parse_search(&pairs("profile=logistics&min_daa=30&max_e6_km=")).expect("valid");
    assert_eq!(s.criteria.min_daa, Some(30.0));
    assert_eq!(s.criteria.max_e6_km, None);
    assert_eq!(s.profile.code, "logistics");
}

#[test]
fn reads_scope_and_keeps_it_for_links_but_ignores_map_state() {
    let s = parse_search(&pairs(
        "municipality=3405,3440&near=10.47,61.12&radius_km=3&map=12/61.1/10.4&area=x&f=csv&sort=distance",
    ))
    .expect("valid");
    assert_eq!(s.scope.near, Some(([10.47, 61.12], 3000.0)));
    assert_eq!(s.format, Format::Csv);
    let names: Vec<&str> = s.carried.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["municipality", "near", "radius_km", "sort"]);
}

#[test]
fn rejects_bad_values_with_the_parameter_named() {
    for bad in [
        "min_daa=-1",
        "min_daa=abc",
        "min_daa=40&max_daa=20",
        "max_farmland_pct=120",
        "min_readiness=soon",
        "available_by=31.12.2026",
        "near=61.12,10.47",
        "radius_km=3",
        "sort=distance",
        "polygon=10.4 61.1,10.5 61.2,10.5 61.1,10.4 61.2",
        "polygon=10.4 61.1,10.5 61.1",
        "weights=beauty:3",
        "weights=size:-1",
        "profile=mining",
        "utilities=gold",
        "colour=red",
        "min_mw=1&min_mw=2",
        "bbox=10,62,11,61",
    ] {
        let errors = parse_search(&pairs(bad)).expect_err(bad);
        assert!(!errors[0].parameter.is_empty(), "{bad}");
    }
}

#[test]
fn ranks_by_the_chosen_order_and_splits_near_misses() {
    let site = |n: u128, daa: f64, e6: Option<f64>, missed: &[&str]| SiteFacts {
        id: Uuid::from_u128(n),
        available_m2: daa * 1000.0,
        readiness: "zoned".into(),
        e6_junction_m: e6,
        missed: missed.iter().map(|m| m.to_string()).collect(),
        ..SiteFacts::default()
    };
    let sites = vec![
        site(1, 10.0, Some(4000.0), &[]),
        site(2, 40.0, None, &[]),
        site(3, 25.0, Some(500.0), &[]),
        site(4, 50.0, Some(9000.0), &["max_e6_km"]),
    ];
    let s = parse_search(&pairs("sort=e6")).expect("valid");
    let r = rank(&s, sites.clone());
    let ids: Vec<u128> = r.matches.iter().map(|h| h.site.id.as_u128()).collect();
    assert_eq!(ids, [3, 1, 2], "nearest first, unknown last");
    assert_eq!((r.number_matched, r.number_near_misses), (3, 1));
    let s = parse_search(&pairs("sort=size&limit=2")).expect("valid");
    let r = rank(&s, sites);
    let ids: Vec<u128> = r.matches.iter().map(|h| h.site.id.as_u128()).collect();
    assert_eq!(ids, [2, 3]);
    assert_eq!(
        r.number_matched, 3,
        "the count is of all matches, not the page"
    );
}

#[test]
fn a_drawn_polygon_is_closed() {
    let s = parse_search(&pairs("polygon=10.4 61.1,10.5 61.1,10.5 61.2")).expect("valid");
    assert_eq!(
        s.scope.polygon,
        Some(vec![[10.4, 61.1], [10.5, 61.1], [10.5, 61.2], [10.4, 61.1]])
    );
}
