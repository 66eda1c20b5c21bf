//! The properties of an area a filter or `sortby` may name, with their types: the same
//! names as in the GeoJSON `properties`, plus `geometry` for the outline. Derived from the
//! field table ([`crate::domain::fields`]).

use std::sync::LazyLock;

use crate::domain::fields::{Type, AREA_FIELDS};

/// The type of a queryable, as JSON Schema describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QType {
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    Timestamp,
    Geometry,
}

impl QType {
    pub fn words(self) -> &'static str {
        match self {
            QType::Text => "text",
            QType::Number => "a number",
            QType::Integer => "a whole number",
            QType::Boolean => "true or false",
            QType::Date => "a date",
            QType::Timestamp => "a timestamp",
            QType::Geometry => "a geometry",
        }
    }
}

/// One property that may be filtered and sorted on.
#[derive(Debug, PartialEq)]
pub struct Queryable {
    pub name: &'static str,
    pub qtype: QType,
    /// "bokmål / English"
    pub title: String,
    /// "m²", "MW", … when the field has a unit
    pub unit: Option<&'static str>,
}

/// Every queryable of the areas collection: the outline and the fields marked queryable.
pub static QUERYABLES: LazyLock<Vec<Queryable>> = LazyLock::new(|| {
    let geometry = Queryable {
        name: "geometry",
        qtype: QType::Geometry,
        title: "Omriss / Outline".into(),
        unit: None,
    };
    std::iter::once(geometry)
        .chain(
            AREA_FIELDS
                .iter()
                .filter(|f| f.queryable)
                .map(|f| Queryable {
                    name: f.name,
                    qtype: match f.ty {
                        Type::Text(_) => QType::Text,
                        Type::Number => QType::Number,
                        Type::Integer => QType::Integer,
                        Type::Boolean => QType::Boolean,
                        Type::Date => QType::Date,
                        Type::Timestamp => QType::Timestamp,
                        Type::Json => unreachable!("JSON fields are not queryable"),
                    },
                    title: format!("{} / {}", f.labels.0, f.labels.1),
                    unit: f.unit,
                }),
        )
        .collect()
});

/// A queryable by name (as written in the properties; case matters, as in JSON).
pub fn queryable(name: &str) -> Option<&'static Queryable> {
    QUERYABLES.iter().find(|q| q.name == name)
}
