//! Query strings read into the typed requests of `domain`: one module per endpoint family
//! and one `bbox` reader. Mistakes become [`ParamError`]s, which the problem body lists as
//! `invalid-params`.

mod bbox;
pub mod import;
pub mod items;
pub mod search;

/// A parameter the client got wrong.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParamError {
    pub parameter: String,
    pub value: String,
    pub message: String,
    pub accepted: String,
}

#[cfg(test)]
pub(crate) mod tests {
    /// The pairs of a query string, as the handlers hand them over.
    pub fn pairs(q: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect()
    }
}
