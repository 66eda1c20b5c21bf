//! Validation problems, named after the digital-land issue catalogue (`missing_value`,
//! `invalid_value`, …) so that a report reads the same as other registries'.

use serde::Serialize;

/// The kind of a validation problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueType {
    InvalidJson,
    InvalidGeometry,
    UnexpectedGeometryType,
    OutOfBounds,
    LatLonSwapped,
    UnsupportedCrs,
    MissingValue,
    InvalidValue,
    InvalidCode,
    DuplicateReference,
    TooSmall,
    TooLarge,
    Inconsistent,
    UnknownProperty,
}

/// One problem: where it is (feature, field), the value found and what is accepted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Position of the feature in the file (0-based); `None` for the file as a whole.
    pub feature: Option<usize>,
    /// The feature's `reference` when it has one, to find it in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The property or part of the document, e.g. `kind`, `geometry`, `crs`.
    pub field: String,
    #[serde(rename = "type")]
    pub issue_type: IssueType,
    /// The offending value, shortened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What would be accepted instead.
    pub accepted: String,
}

impl Issue {
    /// A problem with a field of one feature.
    pub fn new(
        issue_type: IssueType,
        field: impl Into<String>,
        value: Option<String>,
        message: impl Into<String>,
        accepted: impl Into<String>,
    ) -> Self {
        Self {
            feature: None,
            reference: None,
            field: field.into(),
            issue_type,
            value: value.map(|v| shorten(&v)),
            message: message.into(),
            accepted: accepted.into(),
        }
    }

    /// Attach the feature's position and reference.
    pub fn at(mut self, feature: usize, reference: Option<&str>) -> Self {
        self.feature = Some(feature);
        self.reference = reference.map(str::to_string);
        self
    }

    /// One line for a terminal: `feature 3 (3405-N-001) kind: invalid_code …`.
    pub fn line(&self) -> String {
        let place = match (self.feature, &self.reference) {
            (Some(i), Some(r)) => format!("feature {i} ({r})"),
            (Some(i), None) => format!("feature {i}"),
            (None, _) => "file".to_string(),
        };
        let value = self
            .value
            .as_deref()
            .map(|v| format!(" (value: {v})"))
            .unwrap_or_default();
        format!(
            "{place} · {}: {}{value}. Accepted: {}",
            self.field, self.message, self.accepted
        )
    }
}

fn shorten(v: &str) -> String {
    const MAX: usize = 120;
    if v.chars().count() <= MAX {
        v.to_string()
    } else {
        let cut: String = v.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
