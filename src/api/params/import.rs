//! The query of an admin's import (`dry_run`, `crs`, dates, names): read once for the
//! plan, layer and grid capacity imports, each mistake a problem naming its parameter.

use super::ParamError;
use crate::api::problem::Problem;
use crate::spatial::Crs;

/// The parameters of an import request, by name.
pub struct ImportQuery(Vec<(String, String)>);

/// A problem about one parameter.
pub fn bad(parameter: &str, value: &str, message: impl Into<String>, accepted: &str) -> Problem {
    Problem::bad_parameters(vec![ParamError {
        parameter: parameter.into(),
        value: value.into(),
        message: message.into(),
        accepted: accepted.into(),
    }])
}

impl ImportQuery {
    pub fn parse(raw: Option<String>) -> Self {
        Self(
            url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .into_owned()
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    /// `true` or `1`.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name).as_deref(), Some("true" | "1"))
    }

    pub fn crs(&self) -> Result<Option<Crs>, Problem> {
        self.get("crs")
            .map(|c| {
                Crs::parse(&c).map_err(|e| {
                    bad(
                        "crs",
                        &c,
                        e.to_string(),
                        "EPSG:25832, EPSG:25833, EPSG:4258 or CRS84",
                    )
                })
            })
            .transpose()
    }

    pub fn date(&self, name: &str) -> Result<Option<chrono::NaiveDate>, Problem> {
        self.get(name)
            .map(|d| {
                chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| bad(name, &d, "not a date", "YYYY-MM-DD"))
            })
            .transpose()
    }
}
