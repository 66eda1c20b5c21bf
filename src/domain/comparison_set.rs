//! A comparison set as a planner writes it (title, decision reference, members in order
//! with notes, visibility, weights), its checks, and who may read or change it.

use serde::Deserialize;
use uuid::Uuid;

use super::comparison::{weights_from_map, ScoringError};
use super::issue::{Issue, IssueType};
use super::user::{may_edit, Role};

/// Most alternatives in one set.
pub const MAX_MEMBERS: usize = 12;

/// Who sees a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Planners of the municipality and admins only.
    Draft,
    /// Every signed-in user.
    Viewers,
    /// Everyone; every member must then be published.
    Public,
}

impl Visibility {
    pub fn parse(s: &str) -> Option<Visibility> {
        match s {
            "draft" => Some(Visibility::Draft),
            "viewers" => Some(Visibility::Viewers),
            "public" => Some(Visibility::Public),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Draft => "draft",
            Visibility::Viewers => "viewers",
            Visibility::Public => "public",
        }
    }
}

/// The reader, as far as a set's visibility cares.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub role: Option<Role>,
    pub municipalities: &'a [String],
}

impl Reader<'_> {
    pub const ANONYMOUS: Reader<'static> = Reader {
        role: None,
        municipalities: &[],
    };

    /// May this reader see a set of this municipality and visibility?
    pub fn may_read(&self, municipality: &str, visibility: Visibility) -> bool {
        match visibility {
            Visibility::Public => true,
            Visibility::Viewers => self.role.is_some(),
            Visibility::Draft => self.may_edit(municipality),
        }
    }

    pub fn may_edit(&self, municipality: &str) -> bool {
        self.role
            .is_some_and(|r| may_edit(r, self.municipalities, municipality))
    }

    /// Signed-in readers see members that are not (or no longer) published.
    pub fn sees_unpublished(&self) -> bool {
        self.role.is_some()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    municipality: Option<String>,
    title: Option<String>,
    description: Option<String>,
    decision_reference: Option<String>,
    visibility: Option<String>,
    weights: Option<serde_json::Map<String, serde_json::Value>>,
    members: Option<Vec<MemberInput>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberInput {
    area_id: Option<String>,
    note: Option<String>,
}

/// A checked set, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComparison {
    pub municipality: String,
    pub title: String,
    pub description: Option<String>,
    pub decision_reference: Option<String>,
    pub visibility: Visibility,
    /// In the order of `comparison::CRITERIA`.
    pub weights: Vec<f64>,
    /// In the set's order (position 1, 2, …).
    pub members: Vec<(Uuid, Option<String>)>,
}

/// Read and check a set from a JSON body; every problem is listed.
pub fn parse(body: &[u8]) -> Result<NewComparison, Vec<Issue>> {
    let input: Input = serde_json::from_slice(body).map_err(|e| {
        vec![Issue::new(
            IssueType::InvalidJson,
            "document",
            None,
            format!("the body is not a comparison set: {e}"),
            "a JSON object with title, municipality, members [{area_id, note}], visibility, weights",
        )]
    })?;
    let mut issues = Vec::new();
    let mut problem =
        |kind: IssueType, field: &str, value: Option<String>, msg: String, ok: &str| {
            issues.push(Issue::new(kind, field, value, msg, ok))
        };
    let text = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let municipality = text(input.municipality).unwrap_or_default();
    if !(municipality.len() == 4 && municipality.chars().all(|c| c.is_ascii_digit())) {
        problem(
            IssueType::MissingValue,
            "municipality",
            Some(municipality.clone()),
            "the set belongs to a municipality (whose planners may change it)".into(),
            "a four-digit municipality number, e.g. 3405",
        );
    }
    let title = text(input.title).unwrap_or_default();
    if title.is_empty() || title.chars().count() > 200 {
        problem(
            IssueType::MissingValue,
            "title",
            Some(title.chars().take(40).collect()),
            "a set needs a title of at most 200 characters".into(),
            "e.g. \"KPA-revisjon 2026: næringsarealalternativer\"",
        );
    }
    let description = text(input.description);
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 10_000)
    {
        problem(
            IssueType::TooLarge,
            "description",
            None,
            "the description is longer than 10 000 characters".into(),
            "at most 10 000 characters",
        );
    }
    let decision_reference = text(input.decision_reference);
    if decision_reference
        .as_ref()
        .is_some_and(|d| d.chars().count() > 500)
    {
        problem(
            IssueType::TooLarge,
            "decision_reference",
            None,
            "the decision reference is longer than 500 characters".into(),
            "e.g. \"Lillehammer kommunestyre 23.10.2025, sak 73/2025 pkt. 4\"",
        );
    }
    let visibility_text = text(input.visibility).unwrap_or_else(|| "draft".into());
    let visibility = Visibility::parse(&visibility_text).unwrap_or_else(|| {
        problem(
            IssueType::InvalidCode,
            "visibility",
            Some(visibility_text.clone()),
            "unknown visibility".into(),
            "draft (planners only), viewers (signed-in users) or public",
        );
        Visibility::Draft
    });
    let weights = match weights_from_map(&input.weights.unwrap_or_default()) {
        Ok(w) => w,
        Err(e) => {
            let kind = match e {
                ScoringError::UnknownCriterion(_) => IssueType::InvalidCode,
                _ => IssueType::InvalidValue,
            };
            problem(
                kind,
                "weights",
                None,
                e.to_string(),
                "{\"size\": 2, \"power\": 2, …}: weights from 0 to 100 for the criteria of GET /api/comparisons/criteria, not all 0",
            );
            Vec::new()
        }
    };
    let mut members: Vec<(Uuid, Option<String>)> = Vec::new();
    let given = input.members.unwrap_or_default();
    if given.len() > MAX_MEMBERS {
        problem(
            IssueType::TooLarge,
            "members",
            Some(given.len().to_string()),
            format!("a set compares at most {MAX_MEMBERS} alternatives"),
            "a decision usually weighs 3–5",
        );
    }
    for (i, m) in given.into_iter().enumerate() {
        let field = format!("members[{i}]");
        match m.area_id.as_deref().map(Uuid::parse_str) {
            Some(Ok(id)) if members.iter().any(|(x, _)| *x == id) => problem(
                IssueType::Inconsistent,
                &field,
                Some(id.to_string()),
                "the area is in the set twice".into(),
                "each area once",
            ),
            Some(Ok(id)) => {
                let note = text(m.note);
                if note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
                    problem(
                        IssueType::TooLarge,
                        &field,
                        None,
                        "the note is longer than 2 000 characters".into(),
                        "at most 2 000 characters",
                    );
                }
                members.push((id, note));
            }
            _ => problem(
                IssueType::MissingValue,
                &field,
                m.area_id.clone(),
                "a member needs the id of an area".into(),
                "{\"area_id\": \"<uuid>\", \"note\": \"…\"}",
            ),
        }
    }
    if visibility != Visibility::Draft && members.len() < 2 {
        problem(
            IssueType::Inconsistent,
            "members",
            Some(members.len().to_string()),
            "a set shown to others compares at least two alternatives".into(),
            "at least 2 members, or visibility draft",
        );
    }
    if issues.is_empty() {
        Ok(NewComparison {
            municipality,
            title,
            description,
            decision_reference,
            visibility,
            weights,
            members,
        })
    } else {
        Err(issues)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_set_and_lists_every_problem() {
        let id = Uuid::new_v4();
        let ok = serde_json::json!({"municipality": "3405", "title": " Alternativer ",
            "visibility": "public", "weights": {"size": 3},
            "members": [{"area_id": id, "note": "nær E6"}, {"area_id": Uuid::new_v4()}]});
        let set = parse(ok.to_string().as_bytes()).expect("valid");
        assert_eq!(set.title, "Alternativer");
        assert_eq!(set.members[0], (id, Some("nær E6".into())));
        assert_eq!(set.weights[0], 3.0);
        let bad = serde_json::json!({"municipality": "34", "title": "", "visibility": "secret",
            "weights": {"size": 0, "readiness": 0, "power": 0, "future_power": 0, "e6_junction": 0,
                "rail_terminal": 0, "skysstasjon": 0, "town_centre": 0, "farmland": 0, "nature": 0,
                "flood": 0, "heritage": 0, "public_land": 0, "price": 0, "utilities": 0},
            "members": [{"area_id": id}, {"area_id": id}, {"area_id": "x"}]});
        let issues = parse(bad.to_string().as_bytes()).expect_err("invalid");
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "municipality",
                "title",
                "visibility",
                "weights",
                "members[1]",
                "members[2]"
            ]
        );
        assert!(parse(b"{\"title\": 1}").is_err());
        assert!(
            parse(b"{\"colour\": \"red\"}").is_err(),
            "unknown fields are refused"
        );
    }

    #[test]
    fn drafts_stay_with_their_planners() {
        let lh = ["3405".to_string()];
        let planner = Reader {
            role: Some(Role::Planner),
            municipalities: &lh,
        };
        let viewer = Reader {
            role: Some(Role::Viewer),
            municipalities: &[],
        };
        assert!(planner.may_read("3405", Visibility::Draft));
        assert!(!planner.may_read("3440", Visibility::Draft));
        assert!(!viewer.may_read("3405", Visibility::Draft));
        assert!(viewer.may_read("3405", Visibility::Viewers));
        assert!(!Reader::ANONYMOUS.may_read("3405", Visibility::Viewers));
        assert!(Reader::ANONYMOUS.may_read("3405", Visibility::Public));
        assert!(!viewer.may_edit("3405") && planner.may_edit("3405"));
    }
}
