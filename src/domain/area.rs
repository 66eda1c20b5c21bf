//! An area (område) as it is registered: typed, checked values ready for the store.

use chrono::NaiveDate;
use geo::MultiPolygon;
use serde_json::{Map, Value};

use super::codes::{vocabulary, CodeLists, Kind, LandUseList};
use super::fields;
use super::issue::{Issue, IssueType};

/// A checked area, geometry in EPSG:25832.
#[derive(Debug, Clone)]
pub struct NewArea {
    pub reference: String,
    pub name: String,
    pub municipality: String,
    pub kind: Kind,
    pub geometry: MultiPolygon<f64>,
    /// Every entered field of the field table with its checked value as JSON (codes as
    /// their codes, numbers, yes/no, dates as YYYY-MM-DD), its default when none was
    /// given, null otherwise. The store writes these columns as they are.
    pub values: Map<String, Value>,
    /// The version the file was exported at (`version`), when it says: an import that
    /// updates an existing area refuses to overwrite a newer one.
    pub based_on_version: Option<i32>,
}

impl NewArea {
    /// Whether the area is to be shown to everyone.
    pub fn published(&self) -> bool {
        self.values.get("published") == Some(&Value::Bool(true))
    }

    /// A number field's value.
    pub fn number(&self, field: &str) -> Option<f64> {
        self.values.get(field).and_then(Value::as_f64)
    }

    /// Build an area from GeoJSON properties and a checked outline, collecting every
    /// problem rather than stopping at the first.
    pub fn from_properties(
        props: &Map<String, Value>,
        geometry: MultiPolygon<f64>,
        area_gross_m2: f64,
        codes: &CodeLists,
    ) -> Result<Self, Vec<Issue>> {
        let mut r = Reader {
            props,
            issues: Vec::new(),
            values: Map::new(),
        };
        let reference = r.text("reference");
        if let Some(v) = &reference {
            let ok = v.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c));
            if !ok {
                r.push(IssueType::InvalidValue, "reference", Some(v.clone()), "the reference has characters that are not allowed", "letters A–Z, digits and . _ / -, starting with a letter or digit, e.g. 3405-N-012");
            }
        }
        let name = r.text("name");
        let municipality = r.text("municipality");
        if let Some(m) = &municipality {
            if m.len() != 4 || !m.chars().all(|c| c.is_ascii_digit()) {
                r.push(
                    IssueType::InvalidCode,
                    "municipality",
                    Some(m.clone()),
                    "a municipality number has four digits",
                    "a kommunenummer such as 3405",
                );
            }
        }
        let kind = r.code("kind", Kind::parse, Kind::accepted);
        let plan_type = r.int("plan_type").map(|v| v as i16);
        if let Some(c) = plan_type {
            if !codes.plan_type.contains_key(&c) {
                r.push(
                    IssueType::InvalidCode,
                    "plan_type",
                    Some(c.to_string()),
                    "unknown plan type (SOSI PlanType)",
                    &CodeLists::accepted(codes.plan_type.keys()),
                );
            }
        }
        let plan_status = r.int("plan_status").map(|v| v as i16);
        if let Some(c) = plan_status {
            if !codes.plan_status.contains_key(&c) {
                r.push(
                    IssueType::InvalidCode,
                    "plan_status",
                    Some(c.to_string()),
                    "unknown plan status (SOSI Planstatus)",
                    &CodeLists::accepted(codes.plan_status.keys()),
                );
            }
        }
        let land_use_list = r.code("land_use_list", LandUseList::parse, LandUseList::accepted);
        let land_use_code = r.int("land_use_code").map(|v| v as i32);
        match (land_use_list, land_use_code) {
            (Some(list), Some(code)) => {
                let known = codes.land_use.get(list.as_str());
                if !known.is_some_and(|k| k.contains_key(&code)) {
                    let accepted = known
                        .map(|k| CodeLists::accepted(k.keys()))
                        .unwrap_or_default();
                    r.push(
                        IssueType::InvalidCode,
                        "land_use_code",
                        Some(code.to_string()),
                        &format!("unknown land-use purpose in the {} list", list.as_str()),
                        &accepted,
                    );
                }
            }
            (None, Some(code)) => r.push(
                IssueType::MissingValue,
                "land_use_list",
                Some(code.to_string()),
                "a land-use code needs its list: kp (master plan) or rp (zoning plan)",
                "kp or rp",
            ),
            _ => {}
        }
        let land_use_status = r.int("land_use_status").map(|v| v as i16);
        if let Some(s) = land_use_status {
            if !(1..=3).contains(&s) {
                r.push(
                    IssueType::InvalidCode,
                    "land_use_status",
                    Some(s.to_string()),
                    "unknown land-use status",
                    "1 (nåværende), 2 (framtidig), 3 (videreutvikling)",
                );
            }
        }
        let plan_id = r.text("plan_id");
        if let Some(p) = &plan_id {
            if p.len() < 5 || !p[..4].chars().all(|c| c.is_ascii_digit()) {
                r.push(
                    IssueType::InvalidValue,
                    "plan_id",
                    Some(p.clone()),
                    "a national plan ID starts with the four-digit municipality number",
                    "kommunenummer + planidentifikasjon, e.g. 3405201801",
                );
            }
        }
        let plan_url = r.text("plan_url");
        if let Some(u) = &plan_url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                r.push(
                    IssueType::InvalidValue,
                    "plan_url",
                    Some(u.clone()),
                    "the plan link is not a web address",
                    "an http:// or https:// URL",
                );
            }
        }
        let area_available_m2 = r.non_negative("area_available_m2");
        let largest_free_plot_m2 = r.non_negative("largest_free_plot_m2");
        let price_min = r.non_negative("price_nok_per_m2_min");
        let price_max = r.non_negative("price_nok_per_m2_max");
        // tolerance: the gross area is recomputed by PostGIS and may differ in the last digits
        let gross = area_gross_m2 * 1.000001;
        if let Some(a) = area_available_m2 {
            if a > gross {
                r.push(IssueType::Inconsistent, "area_available_m2", Some(format!("{a}")), &format!("the available area is larger than the outline's gross area ({area_gross_m2:.0} m²)"), "a value no larger than the gross area");
            }
        }
        if let Some(p) = largest_free_plot_m2 {
            if p > area_available_m2.unwrap_or(area_gross_m2) * 1.000001 {
                r.push(
                    IssueType::Inconsistent,
                    "largest_free_plot_m2",
                    Some(format!("{p}")),
                    "the largest free plot is larger than the available area",
                    "a value no larger than area_available_m2",
                );
            }
        }
        if let (Some(lo), Some(hi)) = (price_min, price_max) {
            if lo > hi {
                r.push(
                    IssueType::Inconsistent,
                    "price_nok_per_m2_min",
                    Some(format!("{lo} > {hi}")),
                    "the lowest price is above the highest",
                    "price_nok_per_m2_min ≤ price_nok_per_m2_max",
                );
            }
        }
        let end_date = r.date("end_date");
        let end_reason = r.text("end_reason");
        if end_date.is_some() && end_reason.is_none() {
            r.push(
                IssueType::MissingValue,
                "end_reason",
                None,
                "an ended area needs the reason it ended",
                "a short text, e.g. \"sold and built\"",
            );
        }
        let contact_email = r.text("contact_email");
        if let Some(e) = &contact_email {
            let ok = e.split_once('@').is_some_and(|(a, d)| {
                !a.is_empty() && d.contains('.') && !e.contains(char::is_whitespace)
            });
            if !ok {
                r.push(
                    IssueType::InvalidValue,
                    "contact_email",
                    Some(e.clone()),
                    "not an e-mail address",
                    "name@example.no",
                );
            }
        }
        let contact_phone = r.text("contact_phone");
        if let Some(p) = &contact_phone {
            let digits = p.trim_start_matches('+');
            if p.len() < 5 || !digits.chars().all(|c| c.is_ascii_digit() || c == ' ') {
                r.push(
                    IssueType::InvalidValue,
                    "contact_phone",
                    Some(p.clone()),
                    "not a phone number",
                    "digits and spaces, optionally starting with +, e.g. +47 61 05 00 00",
                );
            }
        }

        let based_on_version = r.int("version").and_then(|v| i32::try_from(v).ok());
        // every other entered field, read as its type says; then the defaults
        for f in fields::entered_fields() {
            if !r.values.contains_key(f.name) {
                r.read(f);
            }
        }
        let mut values = std::mem::take(&mut r.values);
        for f in fields::entered_fields() {
            let v = values.entry(f.name).or_insert(Value::Null);
            if let (Value::Null, Some(d)) = (&*v, f.default) {
                *v = match d {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    code => Value::String(code.into()),
                };
            }
        }
        let area = NewArea {
            name: name.unwrap_or_default(),
            municipality: municipality.unwrap_or_default(),
            kind: kind.unwrap_or(Kind::Available),
            geometry,
            values,
            based_on_version,
            reference: reference.unwrap_or_default(),
        };
        if r.issues.is_empty() {
            Ok(area)
        } else {
            Err(r.issues)
        }
    }
}

/// Reads typed values out of a property map, keeps each entered field's checked value and
/// records what is wrong.
struct Reader<'a> {
    props: &'a Map<String, Value>,
    issues: Vec<Issue>,
    values: Map<String, Value>,
}

impl Reader<'_> {
    fn push(
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

    fn get(&self, field: &str) -> Option<&Value> {
        self.props.get(field).filter(|v| !v.is_null())
    }

    /// Keep a checked value of an entered field (the first reading of it counts).
    fn keep<T: Into<Value> + Clone>(&mut self, field: &str, value: &Option<T>) {
        if fields::is_entered(field) {
            let v = value.clone().map_or(Value::Null, Into::into);
            self.values.entry(field.to_string()).or_insert(v);
        }
    }

    /// Read a field by what the field table says of it.
    fn read(&mut self, f: &fields::Field) {
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
    fn text(&mut self, name: &str) -> Option<String> {
        let f = fields::field(name).expect("a field of the field table");
        let max_chars = match f.ty {
            fields::Type::Text(n) => n,
            _ => 40,
        };
        let v = self.read_text(name, f.required, max_chars);
        self.keep(name, &v);
        v
    }

    fn non_negative(&mut self, field: &str) -> Option<f64> {
        let v = self.read_non_negative(field);
        self.keep(field, &v);
        v
    }

    fn int(&mut self, field: &str) -> Option<i64> {
        let v = self.read_int(field);
        self.keep(field, &v);
        v
    }

    fn boolean(&mut self, field: &str) -> Option<bool> {
        let v = self.read_boolean(field);
        self.keep(field, &v);
        v
    }

    fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let v = self.read_date(field);
        self.keep(field, &v.map(|d| d.to_string()));
        v
    }

    fn read_text(&mut self, field: &str, required: bool, max_chars: usize) -> Option<String> {
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

    fn code<T>(
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

    fn number(&mut self, field: &str) -> Option<f64> {
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

    fn read_non_negative(&mut self, field: &str) -> Option<f64> {
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

    fn read_int(&mut self, field: &str) -> Option<i64> {
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

    fn read_boolean(&mut self, field: &str) -> Option<bool> {
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

    fn read_date(&mut self, field: &str) -> Option<NaiveDate> {
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
