//! Tests of `items`.

use super::*;
use crate::api::params::tests::pairs;

#[test]
fn reads_filters_and_keeps_them_for_links() {
    let q = parse_items_query(&pairs(
        "kind=available,candidate&municipality=3405&limit=5&bbox=10,61,11,62",
    ))
    .expect("valid");
    assert_eq!(q.limit, 5);
    assert_eq!(
        q.filter.kind.as_deref(),
        Some(&["available".to_string(), "candidate".to_string()][..])
    );
    assert_eq!(q.filter.bbox, Some([10.0, 61.0, 11.0, 62.0]));
    assert_eq!(q.carried.len(), 4);
}

#[test]
fn rejects_bad_parameters() {
    for bad in [
        "limit=0",
        "limit=10001",
        "limit=abc",
        "bbox=1,2,3",
        "bbox=10,62,11,61",
        "bbox=500000,6700000,600000,6800000",
        "kind=factory",
        "municipality=34",
        "colour=red",
        "after=xyz",
        "limit=1&limit=2",
    ] {
        assert!(parse_items_query(&pairs(bad)).is_err(), "{bad}");
    }
}

#[test]
fn reads_crs_and_bbox_crs_with_their_axis_order() {
    let q = parse_items_query(&pairs(
        "crs=http://www.opengis.net/def/crs/EPSG/0/25833&bbox=61.0,10.3,61.2,10.6&bbox-crs=EPSG:4258",
    ))
    .expect("valid");
    assert_eq!(q.crs, Crs::Epsg25833);
    assert_eq!(q.filter.bbox_crs, Crs::Epsg4258);
    assert_eq!(
        q.filter.bbox,
        Some([10.3, 61.0, 10.6, 61.2]),
        "longitude first"
    );
    let q = parse_items_query(&pairs(
        "bbox=560000,6770000,580000,6790000&bbox-crs=EPSG:25832",
    ))
    .expect("valid");
    assert_eq!(
        q.filter.bbox,
        Some([560000.0, 6770000.0, 580000.0, 6790000.0])
    );
    for bad in ["crs=EPSG:3857", "bbox-crs=EPSG:900913", "crs=a&crs=b"] {
        assert!(parse_items_query(&pairs(bad)).is_err(), "{bad}");
    }
}

#[test]
fn reads_datetime_instants_and_open_intervals() {
    let q = parse_items_query(&pairs("datetime=2026-01-01/..")).expect("valid");
    let (from, to) = q.filter.changed.expect("range");
    assert_eq!(
        from.map(|t| t.to_rfc3339()),
        Some("2026-01-01T00:00:00+00:00".into())
    );
    assert_eq!(to, None);
    let q = parse_items_query(&pairs("datetime=2026-11-27")).expect("valid");
    let (from, to) = q.filter.changed.expect("range");
    assert!(
        to.expect("end") > from.expect("start"),
        "a date is its whole day"
    );
    for bad in [
        "datetime=soon",
        "datetime=2026-02-01/2026-01-01",
        "datetime=..",
    ] {
        assert!(parse_items_query(&pairs(bad)).is_err(), "{bad}");
    }
}

#[test]
fn clips_bbox_to_norway() {
    let q = parse_items_query(&pairs("bbox=-180,-90,180,90")).expect("valid");
    assert_eq!(q.filter.bbox, None, "a world box filters nothing");
    let q = parse_items_query(&pairs("bbox=-80,10,-70,20")).expect("valid");
    assert!(q.nothing_can_match);
}
