//! Plan features from GeoJSON (the register's OGC API, `ogr2ogr` output) and from the
//! tables of a GeoPackage (read as GeoJSON features): attributes flattened to their leaf
//! names, whether nested (`arealplanId: {planidentifikasjon}`) or dotted
//! (`arealplanId.planidentifikasjon`).

use serde_json::Value;

use super::{normalise, RawFeature};

/// The features of one layer (a GeoJSON FeatureCollection or a GeoPackage table);
/// `layer` is its name when the file says it (`name` of an `ogr2ogr` FeatureCollection, the
/// table's name).
pub fn from_geojson_features(features: &[Value], layer: Option<&str>) -> Vec<RawFeature> {
    features
        .iter()
        .map(|f| {
            let mut raw = RawFeature {
                type_name: layer.map(str::to_string),
                id: f["id"].as_str().map(str::to_string),
                ..RawFeature::default()
            };
            if let Some(props) = f["properties"].as_object() {
                for (k, v) in props {
                    flatten(k, v, &mut raw);
                }
            }
            raw.geometry = serde_json::from_value::<geojson::Geometry>(f["geometry"].clone())
                .ok()
                .and_then(|g| geo::Geometry::try_from(g.value).ok());
            raw
        })
        .collect()
}

fn flatten(key: &str, value: &Value, raw: &mut RawFeature) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                flatten(k, v, raw);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                flatten(key, first, raw);
            }
        }
        Value::Null => {}
        Value::String(s) => {
            raw.props.entry(normalise(key)).or_insert_with(|| s.clone());
        }
        other => {
            raw.props
                .entry(normalise(key))
                .or_insert_with(|| other.to_string());
        }
    }
}

/// The layers of a GeoJSON document: one FeatureCollection (its `name`, if any, is the
/// layer) or a JSON array of them.
pub fn geojson_layers(doc: &Value) -> Vec<(Option<String>, Vec<Value>)> {
    let one = |fc: &Value| {
        (
            fc["name"].as_str().map(str::to_string),
            fc["features"].as_array().cloned().unwrap_or_default(),
        )
    };
    match doc {
        Value::Array(items) => items
            .iter()
            .filter(|v| v["type"] == "FeatureCollection")
            .map(one)
            .collect(),
        _ if doc["type"] == "FeatureCollection" => vec![one(doc)],
        _ => Vec::new(),
    }
}
