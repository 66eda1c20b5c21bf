//! Reading a GeoJSON FeatureCollection of areas: every feature is checked, and every
//! problem is reported with its feature and field. Nothing here writes anything.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::area::NewArea;
use super::codes::CodeLists;
use super::fields;
use super::geometry::GeometryReader;
use super::issue::{Issue, IssueType};
use crate::spatial::Crs;

/// A file whose features all passed the checks.
#[derive(Debug)]
pub struct ParsedImport {
    pub areas: Vec<NewArea>,
    /// The CRS the coordinates were read in.
    pub crs: Crs,
    /// Properties present in the file that arealbank does not know (left out).
    pub ignored_properties: BTreeSet<String>,
}

/// Parse and check a FeatureCollection. `crs` is the CRS given by the caller (a flag or
/// parameter); a CRS declared in the file must agree with it.
pub fn parse_feature_collection(
    bytes: &[u8],
    crs: Option<Crs>,
    codes: &CodeLists,
) -> Result<ParsedImport, Vec<Issue>> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![Issue::new(
            IssueType::InvalidJson,
            "document",
            None,
            format!("the file is not valid JSON: {e}"),
            "a GeoJSON FeatureCollection (RFC 7946)",
        )]
    })?;
    let file_issue = |t, field: &str, value: Option<String>, msg: &str, accepted: &str| {
        vec![Issue::new(t, field, value, msg, accepted)]
    };
    match doc.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        other => {
            return Err(file_issue(
                IssueType::UnexpectedGeometryType,
                "type",
                Some(other.unwrap_or("(none)").to_string()),
                "the document is not a FeatureCollection",
                "{\"type\": \"FeatureCollection\", \"features\": [...]}",
            ))
        }
    }
    let declared = match doc.get("crs") {
        None | Some(Value::Null) => None,
        Some(c) => {
            let name = c
                .pointer("/properties/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match Crs::parse(name) {
                Ok(crs) => Some(crs),
                Err(e) => {
                    return Err(file_issue(
                        IssueType::UnsupportedCrs,
                        "crs",
                        Some(name.to_string()),
                        &e.to_string(),
                        "CRS84, EPSG:4326, EPSG:4258, EPSG:25832 or EPSG:25833",
                    ))
                }
            }
        }
    };
    let crs = match (declared, crs) {
        (Some(d), Some(given)) if d != given => {
            return Err(file_issue(
                IssueType::Inconsistent,
                "crs",
                Some(format!("file says {d}, request says {given}")),
                "the CRS declared in the file differs from the one given",
                "the same CRS in both places, or only one of them",
            ))
        }
        (Some(d), _) => d,
        (None, Some(given)) => given,
        (None, None) => Crs::Crs84,
    };
    let features = match doc.get("features").and_then(Value::as_array) {
        Some(f) if !f.is_empty() => f,
        _ => {
            return Err(file_issue(
                IssueType::MissingValue,
                "features",
                None,
                "the collection has no features",
                "one or more Polygon or MultiPolygon features",
            ))
        }
    };
    parse_features(features, crs, codes)
}

/// Parse and check one GeoJSON Feature (the body of a create request) in `crs`.
pub fn parse_feature(bytes: &[u8], crs: Crs, codes: &CodeLists) -> Result<NewArea, Vec<Issue>> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![Issue::new(
            IssueType::InvalidJson,
            "document",
            None,
            format!("the body is not valid JSON: {e}"),
            "a GeoJSON Feature (RFC 7946)",
        )]
    })?;
    if doc.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(vec![Issue::new(
            IssueType::UnexpectedGeometryType,
            "type",
            doc.get("type").map(|t| t.to_string()),
            "the body is not a GeoJSON Feature",
            "{\"type\": \"Feature\", \"geometry\": …, \"properties\": …}",
        )]);
    }
    let mut parsed = parse_features(std::slice::from_ref(&doc), crs, codes)?;
    Ok(parsed.areas.remove(0))
}

/// Whether a property name is one the registry stores, computes or keeps.
fn known_property(name: &str) -> bool {
    name == "id" || fields::field(name).is_some()
}

/// A problem for each property the registry does not know, with the nearest known name
/// when one is close (a typo such as `price_nok_per_m2` would otherwise lose its value).
/// Single writes are refused with these; file imports list them as ignored instead.
pub fn unknown_properties(props: &serde_json::Map<String, Value>) -> Vec<Issue> {
    props
        .iter()
        .filter(|(k, _)| !known_property(k))
        .map(|(k, v)| {
            let accepted = match nearest_field(k) {
                Some(near) => format!("did you mean {near:?}? The properties are listed in /ogc/collections/areas/queryables"),
                None => "a property of the data model (listed in /ogc/collections/areas/queryables)".to_string(),
            };
            Issue::new(
                IssueType::UnknownProperty,
                k.as_str(),
                Some(v.to_string()),
                "the registry has no such property, so its value would be lost",
                accepted,
            )
        })
        .collect()
}

/// The stored field nearest to `name` by edit distance, when it is close.
fn nearest_field(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    fields::entered_fields()
        .map(|f| (edit_distance(&lower, f.name), f.name))
        .filter(|(d, f)| *d <= 3.max(f.len() / 4) || f.starts_with(&lower) && lower.len() >= 4)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn parse_features(
    features: &[Value],
    crs: Crs,
    codes: &CodeLists,
) -> Result<ParsedImport, Vec<Issue>> {
    let file_issue = |t, field: &str, value: Option<String>, msg: &str, accepted: &str| {
        vec![Issue::new(t, field, value, msg, accepted)]
    };
    let reader = GeometryReader::new(crs).map_err(|e| {
        file_issue(
            IssueType::UnsupportedCrs,
            "crs",
            Some(crs.to_string()),
            &format!("PROJ could not set up the transform: {e}"),
            "EPSG:25832",
        )
    })?;

    let mut issues = Vec::new();
    let mut areas = Vec::with_capacity(features.len());
    let mut ignored = BTreeSet::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let empty = serde_json::Map::new();
    for (i, feature) in features.iter().enumerate() {
        let props = feature
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let reference = props.get("reference").and_then(Value::as_str);
        if feature.get("type").and_then(Value::as_str) != Some("Feature") {
            issues.push(
                Issue::new(
                    IssueType::UnexpectedGeometryType,
                    "type",
                    None,
                    "the item is not a Feature",
                    "{\"type\": \"Feature\", …}",
                )
                .at(i, reference),
            );
            continue;
        }
        ignored.extend(props.keys().filter(|k| !known_property(k)).cloned());
        let outline = reader.read(feature.get("geometry"));
        let (geometry, gross) = match outline {
            Ok(o) => (o.geometry, o.area_m2),
            Err(problems) => {
                issues.extend(problems.into_iter().map(|p| p.at(i, reference)));
                // still check the properties, so that one run lists everything
                (geo::MultiPolygon(vec![]), f64::INFINITY)
            }
        };
        match NewArea::from_properties(props, geometry, gross, codes) {
            Ok(area) => {
                let key = (area.municipality.clone(), area.reference.clone());
                if let Some(first) = seen.insert(key, i) {
                    issues.push(
                        Issue::new(
                            IssueType::DuplicateReference,
                            "reference",
                            Some(area.reference.clone()),
                            format!(
                                "feature {first} already uses this reference in municipality {}",
                                area.municipality
                            ),
                            "a reference used once per municipality",
                        )
                        .at(i, reference),
                    );
                }
                areas.push(area);
            }
            Err(problems) => issues.extend(problems.into_iter().map(|p| p.at(i, reference))),
        }
    }
    if issues.is_empty() {
        Ok(ParsedImport {
            areas,
            crs,
            ignored_properties: ignored,
        })
    } else {
        Err(issues)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Label;

    fn codes() -> CodeLists {
        let mut c = CodeLists::default();
        c.plan_status.insert(
            3,
            Label {
                nb: "Endelig vedtatt arealplan".into(),
                en: "Adopted".into(),
            },
        );
        c
    }

    fn feature(reference: &str, lon: f64) -> Value {
        serde_json::json!({"type": "Feature", "properties": {"reference": reference, "name": "Test", "municipality": "3405", "kind": "available"},
            "geometry": {"type": "Polygon", "coordinates": [[[lon, 61.1], [lon + 0.003, 61.1], [lon + 0.003, 61.102], [lon, 61.102], [lon, 61.1]]]}})
    }

    fn fc(features: Vec<Value>) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({"type": "FeatureCollection", "features": features}))
            .expect("json")
    }

    #[test]
    fn reads_valid_features() {
        let parsed = parse_feature_collection(
            &fc(vec![feature("A-1", 10.40), feature("A-2", 10.41)]),
            None,
            &codes(),
        )
        .expect("valid");
        assert_eq!(parsed.areas.len(), 2);
        assert_eq!(parsed.crs, Crs::Crs84);
    }

    #[test]
    fn lists_every_problem_with_its_feature() {
        let mut bad = feature("B-1", 10.40);
        bad["properties"]["kind"] = "factory".into();
        bad["properties"]["plan_status"] = 77.into();
        let dup = feature("A-1", 10.42);
        let issues =
            parse_feature_collection(&fc(vec![feature("A-1", 10.40), bad, dup]), None, &codes())
                .expect_err("invalid");
        let summary: Vec<(Option<usize>, &str, IssueType)> = issues
            .iter()
            .map(|i| (i.feature, i.field.as_str(), i.issue_type))
            .collect();
        assert!(
            summary.contains(&(Some(1), "kind", IssueType::InvalidCode)),
            "{summary:?}"
        );
        assert!(
            summary.contains(&(Some(1), "plan_status", IssueType::InvalidCode)),
            "{summary:?}"
        );
        assert!(
            summary.contains(&(Some(2), "reference", IssueType::DuplicateReference)),
            "{summary:?}"
        );
    }

    #[test]
    fn unknown_properties_are_named_with_the_nearest_field() {
        let props = serde_json::json!({"name": "x", "price_nok_per_m2": 450, "area_gross_m2": 1, "e6_junction_m": 3, "colour": "red"});
        let issues = unknown_properties(props.as_object().expect("object"));
        let named: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(named, ["colour", "price_nok_per_m2"]);
        assert!(
            issues[1].accepted.contains("price_nok_per_m2_m"),
            "{}",
            issues[1].accepted
        );
        assert!(
            !issues[0].accepted.contains("did you mean"),
            "{}",
            issues[0].accepted
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn rejects_malformed_json_and_unknown_crs() {
        let issues =
            parse_feature_collection(b"{\"type\": \"FeatureCollection\", ", None, &codes())
                .expect_err("bad json");
        assert_eq!(issues[0].issue_type, IssueType::InvalidJson);
        let doc = serde_json::json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}, "features": [feature("A-1", 10.4)]});
        let issues =
            parse_feature_collection(&serde_json::to_vec(&doc).expect("json"), None, &codes())
                .expect_err("crs");
        assert_eq!(issues[0].issue_type, IssueType::UnsupportedCrs);
    }
}
