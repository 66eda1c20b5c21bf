//! An area (område) as it is registered: typed, checked values ready for the store.

use geo::MultiPolygon;
use serde_json::{Map, Value};

use super::codes::{CodeLists, Kind, LandUseList};
mod reader;

use super::fields;
use super::issue::{Issue, IssueType};
use reader::Reader;

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
