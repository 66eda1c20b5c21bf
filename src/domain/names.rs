//! Attribute and layer names as the national datasets spell them in their many channels
//! (`arealformål`, `arealplanId.arealformål`, `arealformal`, `AREALFORMAL`), made comparable.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A name as the readers compare it: the part after the last dot, lower case, Norwegian
/// letters folded (`å`→`a`, `ø`→`o`, `æ`→`ae`), only letters and digits.
pub fn normalise(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    let mut out = String::with_capacity(last.len());
    for c in last.chars().flat_map(char::to_lowercase) {
        match c {
            'å' => out.push('a'),
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// A feature's attributes by normalised leaf name (nested objects flattened; the first
/// value of a name wins).
#[derive(Debug, Clone, Default)]
pub struct Attributes(BTreeMap<String, Value>);

impl Attributes {
    pub fn of(props: &Map<String, Value>) -> Self {
        fn walk(key: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
            match v {
                Value::Object(o) => o.iter().for_each(|(k, v)| walk(k, v, out)),
                Value::Null => {}
                other => {
                    out.entry(normalise(key)).or_insert_with(|| other.clone());
                }
            }
        }
        let mut out = BTreeMap::new();
        for (k, v) in props {
            walk(k, v, &mut out);
        }
        Self(out)
    }

    /// The first of `names` (as the dataset documents them) that has a non-empty value, as
    /// text.
    pub fn text(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|n| match self.0.get(&normalise(n))? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    }
}
