//! An enquiry about an area, as a company sends it from the datasheet: who (name,
//! company, e-mail), what they need, and a message. Read and checked here; every problem
//! is named by its field. How many may be sent is limited (`LIMITS`), so the form cannot
//! be used to flood a municipality.

use serde_json::Value;

use super::{Issue, IssueType};

#[derive(Debug, Clone, PartialEq)]
pub struct NewEnquiry {
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub need: Option<String>,
    pub message: String,
}

/// At most this many enquiries within an hour: from one e-mail address, about one area.
pub const PER_EMAIL_PER_HOUR: i64 = 3;
pub const PER_AREA_PER_HOUR: i64 = 20;

const FIELDS: &[&str] = &["name", "company", "email", "need", "message"];

/// Read an enquiry from its JSON body; every problem at once.
pub fn parse(body: &[u8]) -> Result<NewEnquiry, Vec<Issue>> {
    let doc: Value = serde_json::from_slice(body).map_err(|e| {
        vec![Issue::new(
            IssueType::InvalidJson,
            "body",
            None,
            format!("not JSON: {e}"),
            "{\"name\": …, \"company\": …, \"email\": …, \"need\": …, \"message\": …}",
        )]
    })?;
    let Some(map) = doc.as_object() else {
        return Err(vec![Issue::new(
            IssueType::InvalidJson,
            "body",
            None,
            "the enquiry must be a JSON object",
            "{\"name\": …, \"email\": …, \"message\": …}",
        )]);
    };
    let mut issues = Vec::new();
    for key in map.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        issues.push(Issue::new(
            IssueType::UnknownProperty,
            key.clone(),
            None,
            "an enquiry has no such field; it would be lost",
            FIELDS.join(", "),
        ));
    }
    let mut text = |field: &str, max: usize, required: bool| -> Option<String> {
        let v = map.get(field).and_then(Value::as_str).map(str::trim);
        match v {
            None | Some("") if required => {
                issues.push(Issue::new(
                    IssueType::MissingValue,
                    field,
                    None,
                    "a required value is missing",
                    format!("a non-empty text (at most {max} characters)"),
                ));
                None
            }
            None | Some("") => None,
            Some(s) if s.chars().count() > max => {
                issues.push(Issue::new(
                    IssueType::InvalidValue,
                    field,
                    Some(s.to_string()),
                    "the text is too long",
                    format!("at most {max} characters"),
                ));
                None
            }
            Some(s) if s.contains('\0') => {
                issues.push(Issue::new(
                    IssueType::InvalidValue,
                    field,
                    None,
                    "the text holds a NUL character",
                    "text without control characters",
                ));
                None
            }
            Some(s) => Some(s.to_string()),
        }
    };
    let name = text("name", 200, true);
    let company = text("company", 200, false);
    let email = text("email", 200, true);
    let need = text("need", 500, false);
    let message = text("message", 5000, true);
    if let Some(e) = &email {
        if !plausible_email(e) {
            issues.push(Issue::new(
                IssueType::InvalidValue,
                "email",
                Some(e.clone()),
                "not an e-mail address",
                "an address like navn@firma.no",
            ));
        }
    }
    match (name, email, message) {
        (Some(name), Some(email), Some(message)) if issues.is_empty() => Ok(NewEnquiry {
            name,
            company,
            email,
            need,
            message,
        }),
        _ => Err(issues),
    }
}

/// One @, something before it, a dot in the domain, no spaces.
fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_named_by_its_field() {
        let issues = parse(br#"{"name": " ", "email": "nobody", "message": "", "fax": 1}"#)
            .expect_err("refused");
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, vec!["fax", "name", "message", "email"]);
        let ok = parse(
            br#"{"name": "Kari", "company": "Lager AS", "email": "kari@lager.no", "need": "20 daa", "message": "Hei"}"#,
        )
        .expect("accepted");
        assert_eq!(ok.company.as_deref(), Some("Lager AS"));
        assert!(!plausible_email("a@b"));
        assert!(plausible_email("a.b@c.no"));
    }
}
