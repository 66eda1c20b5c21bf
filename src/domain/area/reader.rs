//! Reading one property map field by field: each typed read (text, code, number, whole
//! number, yes/no, date) checks the value as the field table says, keeps the checked value
//! of an entered field, and records what is wrong in words a planner understands.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::domain::codes::vocabulary;
use crate::domain::fields;
use crate::domain::issue::{Issue, IssueType};

/// Reads typed values out of a property map, keeps each entered field's checked value and
/// records what is wrong.
pub(super) struct Reader<'a> {
    pub(super) props: &'a Map<String, Value>,
    pub(super) issues: Vec<Issue>,
    pub(super) values: Map<String, Value>,
}

impl Reader<'_> {
    pub(super) fn push(
        &mut self,
        t: IssueType,
        field: &str,
        value: Option<String>,
        message: &str,
        accepted: &str,
    ) {
        self.issues
            .push(Issue::new(t, field, value, message, accepted));
    }

    pub(super) fn get(&self, field: &str) -> Option<&Value> {
        self.props.get(field).filter(|v| !v.is_null())
    }

    /// Keep a checked value of an entered field (the first reading of it counts).
    pub(super) fn keep<T: Into<Value> + Clone>(&mut self, field: &str, value: &Option<T>) {
        if fields::is_entered(field) {
            let v = value.clone().map_or(Value::Null, Into::into);
            self.values.entry(field.to_string()).or_insert(v);
        }
    }

    /// Read a field by what the field table says of it.
    pub(super) fn read(&mut self, f: &fields::Field) {
        match f.ty {
            fields::Type::Text(_) => match f.codes.and_then(vocabulary) {
                Some(codes) => {
                    if let Some(raw) = self.text(f.name) {
                        if !codes.iter().any(|(c, _)| *c == raw) {
                            let accepted: Vec<&str> = codes.iter().map(|(c, _)| *c).collect();
                            self.push(
                                IssueType::InvalidCode,
                                f.name,
                                Some(raw),
                                "unknown code",
                                &accepted.join(", "),
                            );
                        }
                    }
                }
                None => {
                    self.text(f.name);
                }
            },
            fields::Type::Number => {
                self.non_negative(f.name);
            }
            fields::Type::Integer => {
                self.int(f.name);
            }
            fields::Type::Boolean => {
                self.boolean(f.name);
            }
            fields::Type::Date => {
                self.date(f.name);
            }
            fields::Type::Timestamp | fields::Type::Json => {}
        }
    }

    /// A text field, required and as long as the field table says.
    pub(super) fn text(&mut self, name: &str) -> Option<String> {
        let f = fields::field(name).expect("a field of the field table");
        let max_chars = match f.ty {
            fields::Type::Text(n) => n,
            _ => 40,
        };
        let v = self.read_text(name, f.required, max_chars);
        self.keep(name, &v);
        v
    }

    pub(super) fn non_negative(&mut self, field: &str) -> Option<f64> {
        let v = self.read_non_negative(field);
        self.keep(field, &v);
        v
    }

    pub(super) fn int(&mut self, field: &str) -> Option<i64> {
        let v = self.read_int(field);
        self.keep(field, &v);
        v
    }

    pub(super) fn boolean(&mut self, field: &str) -> Option<bool> {
        let v = self.read_boolean(field);
        self.keep(field, &v);
        v
    }

    pub(super) fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let v = self.read_date(field);
        self.keep(field, &v.map(|d| d.to_string()));
        v
    }

    pub(super) fn read_text(
        &mut self,
        field: &str,
        required: bool,
        max_chars: usize,
    ) -> Option<String> {
        match self.get(field) {
            None if required => {
                self.push(
                    IssueType::MissingValue,
                    field,
                    None,
                    "a required value is missing",
                    "a non-empty text",
                );
                None
            }
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => {
                if required {
                    self.push(
                        IssueType::MissingValue,
                        field,
                        None,
                        "a required value is empty",
                        "a non-empty text",
                    );
                }
                None
            }
            Some(Value::String(s)) if s.contains('\0') => {
                self.push(
                    IssueType::InvalidValue,
                    field,
                    Some(s.replace('\0', "\\0")),
                    "the text contains a NUL character (\\u0000), which cannot be stored",
                    "text without control character NUL",
                );
                None
            }
            Some(Value::String(s)) if s.chars().count() > max_chars => {
                self.push(
                    IssueType::InvalidValue,
                    field,
                    Some(s.clone()),
                    "the text is too long",
                    &format!("at most {max_chars} characters"),
                );
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Number(n)) if field == "municipality" || field == "reference" => {
                Some(n.to_string())
            }
            Some(v) => {
                self.push(
                    IssueType::InvalidValue,
                    field,
                    Some(v.to_string()),
                    "expected a text",
                    "a JSON string",
                );
                None
            }
        }
    }

    pub(super) fn code<T>(
        &mut self,
        field: &str,
        parse: fn(&str) -> Option<T>,
        accepted: fn() -> String,
    ) -> Option<T> {
        let raw = self.text(field)?;
        let parsed = parse(&raw);
        if parsed.is_none() {
            self.push(
                IssueType::InvalidCode,
                field,
                Some(raw),
                "unknown code",
                &accepted(),
            );
        }
        parsed
    }

    pub(super) fn number(&mut self, field: &str) -> Option<f64> {
        match self.get(field) {
            None => None,
            Some(Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()),
            Some(Value::String(s))
                if s.trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .is_ok_and(f64::is_finite) =>
            {
                s.trim().replace(',', ".").parse().ok()
            }
            Some(v) => {
                self.push(
                    IssueType::InvalidValue,
                    field,
                    Some(v.to_string()),
                    "expected a number",
                    "a number such as 12500 or 12500.5",
                );
                None
            }
        }
    }

    pub(super) fn read_non_negative(&mut self, field: &str) -> Option<f64> {
        let v = self.number(field)?;
        if v < 0.0 {
            self.push(
                IssueType::InvalidValue,
                field,
                Some(v.to_string()),
                "the value is negative",
                "zero or more",
            );
            return None;
        }
        Some(v)
    }

    pub(super) fn read_int(&mut self, field: &str) -> Option<i64> {
        let v = self.number(field)?;
        if v.fract() != 0.0 || v.abs() > 1e9 {
            self.push(
                IssueType::InvalidCode,
                field,
                Some(v.to_string()),
                "expected a whole-number code",
                "an integer code",
            );
            return None;
        }
        Some(v as i64)
    }

    pub(super) fn read_boolean(&mut self, field: &str) -> Option<bool> {
        match self.get(field) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::String(s)) => match s.trim().to_lowercase().as_str() {
                "true" | "ja" | "yes" | "1" => Some(true),
                "false" | "nei" | "no" | "0" => Some(false),
                _ => {
                    self.push(
                        IssueType::InvalidValue,
                        field,
                        Some(s.clone()),
                        "expected yes or no",
                        "true or false",
                    );
                    None
                }
            },
            Some(v) => {
                self.push(
                    IssueType::InvalidValue,
                    field,
                    Some(v.to_string()),
                    "expected yes or no",
                    "true or false",
                );
                None
            }
        }
    }

    pub(super) fn read_date(&mut self, field: &str) -> Option<NaiveDate> {
        let raw = self.read_text(field, false, 40)?;
        let day = raw.get(..10).unwrap_or(&raw);
        match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.push(
                    IssueType::InvalidValue,
                    field,
                    Some(raw),
                    "not a date",
                    "a date as YYYY-MM-DD, e.g. 2026-06-01",
                );
                None
            }
        }
    }
}
