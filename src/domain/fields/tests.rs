//! Tests of the field table.

use super::*;

#[test]
fn names_are_unique_and_fit_every_file_format() {
    let mut seen = std::collections::BTreeSet::new();
    for f in AREA_FIELDS {
        assert!(seen.insert(f.name), "{} twice", f.name);
        assert!(
            f.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{}: a plain column name",
            f.name
        );
        assert!(
            !f.labels.0.is_empty() && !f.labels.1.is_empty(),
            "{}: labels",
            f.name
        );
        if f.form.is_some() {
            assert_eq!(
                f.source,
                Source::Entered,
                "{}: only entered fields in the form",
                f.name
            );
        }
        if f.form.is_some_and(|(_, i)| i == Input::Code) {
            assert!(
                f.codes.is_some(),
                "{}: a drop-down needs its code list",
                f.name
            );
        }
    }
}

#[test]
fn private_fields_are_never_public_or_queryable() {
    for f in AREA_FIELDS.iter().filter(|f| f.access == Access::Private) {
        assert!(!f.queryable, "{} would leak through filters", f.name);
    }
    for f in AREA_FIELDS.iter().filter(|f| f.access != Access::Public) {
        assert!(
            !f.queryable,
            "{}: anonymous filters may name only public fields",
            f.name
        );
    }
}
