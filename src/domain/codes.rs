//! Code lists: the small fixed vocabularies (kind, readiness, …) as Rust enums, and the
//! national SOSI lists (plan type, plan status, land-use purpose) as loaded from the
//! database, where they are kept with their Norwegian and English labels.

use std::collections::BTreeMap;

use serde::Serialize;

/// Defines a closed vocabulary stored as lowercase text.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal, $nb:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used in the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Norwegian (bokmål) and English labels.
            pub fn labels(self) -> (&'static str, &'static str) {
                match self { $($name::$variant => ($nb, $en)),+ }
            }

            /// Parse a code; `None` if unknown.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The accepted codes, for error messages.
            pub fn accepted() -> String {
                [$($code),+].join(", ")
            }
        }
    };
}

vocabulary!(
    /// What sort of area this is.
    Kind {
        Available => "available", "Ledig næringsareal", "Available business land";
        Transformation => "transformation", "Transformasjonsområde", "Transformation area";
        Candidate => "candidate", "Mulig alternativ", "Possible alternative";
    }
);

vocabulary!(
    /// How far the area is from being ready to build on.
    Readiness {
        Idea => "idea", "Idé", "Idea";
        InPlanning => "in_planning", "Under planlegging", "In planning";
        Zoned => "zoned", "Regulert", "Zoned";
        Serviced => "serviced", "Opparbeidet (vann, avløp, vei)", "Serviced (water, sewage, road)";
        Ready => "ready", "Byggeklar", "Ready to build";
    }
);

vocabulary!(
    /// Whether the area can still be had.
    Availability {
        Available => "available", "Ledig", "Available";
        Reserved => "reserved", "Reservert", "Reserved";
        PartlyTaken => "partly_taken", "Delvis tatt i bruk", "Partly taken";
        Taken => "taken", "Tatt i bruk", "Taken";
    }
);

vocabulary!(
    /// How much the facts can be trusted.
    DataQuality {
        Indicative => "indicative", "Veiledende", "Indicative";
        Checked => "checked", "Kontrollert", "Checked";
        Authoritative => "authoritative", "Autoritativ", "Authoritative";
    }
);

vocabulary!(
    /// Who controls the land.
    LandControl {
        Municipal => "municipal", "Kommunal", "Municipal";
        State => "state", "Statlig", "State";
        Intermunicipal => "intermunicipal", "Interkommunal", "Intermunicipal";
        Developer => "developer", "Utbygger", "Developer";
        Private => "private", "Privat", "Private";
        Company => "company", "Selskap", "Company";
        Mixed => "mixed", "Blandet", "Mixed";
        Unknown => "unknown", "Ukjent", "Unknown";
    }
);

vocabulary!(
    /// Whether a utility (water, sewage, …) is present.
    Utility {
        Yes => "yes", "Ja", "Yes";
        No => "no", "Nei", "No";
        Planned => "planned", "Planlagt", "Planned";
        Unknown => "unknown", "Ukjent", "Unknown";
    }
);

vocabulary!(
    /// Which SOSI land-use list a code belongs to.
    LandUseList {
        Kp => "kp", "Kommuneplan (KpArealformål)", "Municipal master plan";
        Rp => "rp", "Reguleringsplan (RpArealformål)", "Zoning plan";
    }
);

vocabulary!(
    /// How the permitted utilisation is expressed (SOSI utnyttingstype).
    UtilizationType {
        Bya => "BYA", "Bebygd areal (m²)", "Built-up area (m²)";
        ByaPercent => "%-BYA", "Prosent bebygd areal", "Built-up area (%)";
        Bra => "BRA", "Bruksareal (m²)", "Usable floor area (m²)";
        BraPercent => "%-BRA", "Prosent bruksareal", "Usable floor area (%)";
    }
);

/// A code with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub nb: String,
    pub en: String,
}

/// The national SOSI code lists as the database holds them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CodeLists {
    pub plan_type: BTreeMap<i16, Label>,
    pub plan_status: BTreeMap<i16, Label>,
    /// Keyed by list (`kp`/`rp`), then code.
    pub land_use: BTreeMap<String, BTreeMap<i32, Label>>,
}

/// A small vocabulary by the name fields and `/api/config` give its list: every code with
/// its (bokmål, English) labels, in order. `None` for the national lists, which come from
/// the database.
pub fn vocabulary(list: &str) -> Option<Vec<(&'static str, (&'static str, &'static str))>> {
    fn all<T: Copy>(
        values: &[T],
        code: fn(T) -> &'static str,
        labels: fn(T) -> (&'static str, &'static str),
    ) -> Vec<(&'static str, (&'static str, &'static str))> {
        values.iter().map(|v| (code(*v), labels(*v))).collect()
    }
    Some(match list {
        "kind" => all(Kind::ALL, Kind::as_str, Kind::labels),
        "readiness" => all(Readiness::ALL, Readiness::as_str, Readiness::labels),
        "availability" => all(
            Availability::ALL,
            Availability::as_str,
            Availability::labels,
        ),
        "land_control" => all(LandControl::ALL, LandControl::as_str, LandControl::labels),
        "data_quality" => all(DataQuality::ALL, DataQuality::as_str, DataQuality::labels),
        "utility" => all(Utility::ALL, Utility::as_str, Utility::labels),
        "utilization_type" => all(
            UtilizationType::ALL,
            UtilizationType::as_str,
            UtilizationType::labels,
        ),
        "land_use_list" => all(LandUseList::ALL, LandUseList::as_str, LandUseList::labels),
        "land_use_status" => vec![
            ("1", ("Nåværende", "Current")),
            ("2", ("Framtidig", "Future")),
            (
                "3",
                (
                    "Videreutvikling av nåværende",
                    "Further development of current",
                ),
            ),
        ],
        _ => return None,
    })
}

/// The names of the small vocabularies [`vocabulary`] knows.
pub const VOCABULARIES: &[&str] = &[
    "kind",
    "readiness",
    "availability",
    "land_control",
    "data_quality",
    "utility",
    "utilization_type",
    "land_use_list",
    "land_use_status",
];

impl CodeLists {
    /// Comma-separated codes of a list, for error messages.
    pub fn accepted<K: ToString>(codes: impl Iterator<Item = K>) -> String {
        codes.map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Readiness::parse("in_planning"), Some(Readiness::InPlanning));
        assert_eq!(Readiness::parse("In_Planning"), None);
        assert_eq!(
            UtilizationType::parse("%-BYA"),
            Some(UtilizationType::ByaPercent)
        );
        assert!(Kind::accepted().contains("candidate"));
    }
}
