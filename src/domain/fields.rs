//! Every field of an area, declared once: name, type, unit, code list, who may read it,
//! whether a person enters it or the registry computes it, labels in bokmål and English,
//! where it sits in the editor's form, whether filters and `sortby` may name it, and where
//! its value is kept. Everything else is derived from [`AREA_FIELDS`]: the names imports
//! read, the queryables and the filter's columns, the Feature text the database keeps, the
//! export columns, the OpenAPI schema of an area and what `/api/config` gives the editor.
//!
//! Adding a public field: one entry here and one migration that adds the column.

/// The value's type, as JSON carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// text of at most this many characters
    Text(usize),
    Number,
    Integer,
    Boolean,
    Date,
    Timestamp,
    /// a JSON object or array
    Json,
}

impl Type {
    /// As JSON Schema (`type`, `format`) names it.
    pub fn json_schema(self) -> (&'static str, Option<&'static str>) {
        match self {
            Type::Text(_) => ("string", None),
            Type::Number => ("number", None),
            Type::Integer => ("integer", None),
            Type::Boolean => ("boolean", None),
            Type::Date => ("string", Some("date")),
            Type::Timestamp => ("string", Some("date-time")),
            Type::Json => ("object", None),
        }
    }
}

/// Who may read a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// everyone (in the public Feature text)
    Public,
    /// signed-in readers (viewers, planners, admins)
    SignedIn,
    /// planners and admins: personal data and internal notes
    Private,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// a person enters it (form, import, API)
    Entered,
    /// the registry keeps it (area size from the outline, timestamps, version)
    Computed,
    /// computed from the reference layers and the substations
    Fact,
}

/// Where the value is kept, in words the store turns into SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// the area's column of the field's name
    Area,
    /// the computed facts' column of the field's name
    Fact,
    /// a column of the nearest substation
    Substation(&'static str),
    /// the area (m²) or share (0–1) of a constraint layer over the area
    Conflict(&'static str, Measure),
    /// farmland m² per AR5 class
    FarmlandClasses,
    /// the suggested location profile (A/B/C), or the facts that decided it
    LocationProfile,
    LocationProfileReasons,
    /// whether the substation's figures are older than the configured days (read time)
    SubstationStale,
    /// when the facts were computed
    FactsComputedAt,
    /// only in exports (the whole row of the area)
    ExportOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    SquareMetres,
    Share,
}

/// The groups of the editor's form, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Basics,
    Size,
    Readiness,
    Plan,
    Ownership,
    Utilities,
    Transformation,
    Quality,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Basics,
        Group::Size,
        Group::Readiness,
        Group::Plan,
        Group::Ownership,
        Group::Utilities,
        Group::Transformation,
        Group::Quality,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Group::Basics => "basics",
            Group::Size => "size",
            Group::Readiness => "readiness",
            Group::Plan => "plan",
            Group::Ownership => "ownership",
            Group::Utilities => "utilities",
            Group::Transformation => "transformation",
            Group::Quality => "quality",
        }
    }

    /// (bokmål, English)
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Group::Basics => ("Grunnopplysninger", "Basics"),
            Group::Size => ("Størrelse", "Size"),
            Group::Readiness => ("Byggeklarhet og tilgang", "Readiness and access"),
            Group::Plan => ("Plan", "Plan"),
            Group::Ownership => ("Eierskap og pris", "Ownership and price"),
            Group::Utilities => ("Teknisk infrastruktur", "Utilities"),
            Group::Transformation => ("Transformasjon", "Transformation"),
            Group::Quality => ("Kvalitet og kontakt", "Quality and contact"),
        }
    }
}

/// How the editor's form asks for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    Textarea,
    Url,
    Email,
    Number,
    Date,
    /// a checkbox (false when unticked)
    Check,
    /// yes / no / not known
    YesNo,
    /// a drop-down of the field's code list
    Code,
    /// the municipalities the planner may edit
    Municipality,
    /// the land-use purposes of the chosen list (kp or rp)
    LandUse,
}

impl Input {
    pub fn id(self) -> &'static str {
        match self {
            Input::Text => "text",
            Input::Textarea => "textarea",
            Input::Url => "url",
            Input::Email => "email",
            Input::Number => "number",
            Input::Date => "date",
            Input::Check => "bool",
            Input::YesNo => "tri",
            Input::Code => "code",
            Input::Municipality => "municipality",
            Input::LandUse => "land_use",
        }
    }
}

/// One field of an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    /// "m²", "m", "MW", "kV", "kr/m²", "0–1"
    pub unit: Option<&'static str>,
    /// decimals the Feature text rounds a number to
    pub decimals: Option<u8>,
    /// the name of its code list in `/api/config`'s `codes`
    pub codes: Option<&'static str>,
    pub access: Access,
    pub source: Source,
    pub kept: Kept,
    /// (bokmål, English)
    pub labels: (&'static str, &'static str),
    /// what it means, for the OpenAPI schema
    pub about: &'static str,
    /// required when entered
    pub required: bool,
    /// the value an area gets when none is given (a code, or "true"/"false")
    pub default: Option<&'static str>,
    /// only set when the area is created (a later change keeps the stored value)
    pub on_create_only: bool,
    /// in the editor's form: its group and input
    pub form: Option<(Group, Input)>,
    /// may be named in a CQL2 filter and in `sortby`
    pub queryable: bool,
}

const fn entered(name: &'static str, ty: Type, labels: (&'static str, &'static str)) -> Field {
    Field {
        name,
        ty,
        unit: None,
        decimals: None,
        codes: None,
        access: Access::Public,
        source: Source::Entered,
        kept: Kept::Area,
        labels,
        about: "",
        required: false,
        default: None,
        on_create_only: false,
        form: None,
        queryable: true,
    }
}

const fn fact(name: &'static str, ty: Type, labels: (&'static str, &'static str)) -> Field {
    Field {
        source: Source::Fact,
        kept: Kept::Fact,
        queryable: false,
        ..entered(name, ty, labels)
    }
}

impl Field {
    const fn form(self, group: Group, input: Input) -> Self {
        Field {
            form: Some((group, input)),
            ..self
        }
    }
    const fn default(self, value: &'static str) -> Self {
        Field {
            default: Some(value),
            ..self
        }
    }
    const fn on_create_only(self) -> Self {
        Field {
            on_create_only: true,
            ..self
        }
    }
    const fn required(self) -> Self {
        Field {
            required: true,
            ..self
        }
    }
    const fn codes(self, list: &'static str) -> Self {
        Field {
            codes: Some(list),
            ..self
        }
    }
    const fn unit(self, unit: &'static str) -> Self {
        Field {
            unit: Some(unit),
            ..self
        }
    }
    const fn metres(self) -> Self {
        Field {
            unit: Some("m"),
            decimals: Some(1),
            ..self
        }
    }
    const fn square_metres(self) -> Self {
        Field {
            unit: Some("m²"),
            decimals: Some(1),
            ..self
        }
    }
    const fn access(self, access: Access) -> Self {
        Field { access, ..self }
    }
    const fn computed(self, kept: Kept) -> Self {
        Field {
            source: Source::Computed,
            kept,
            ..self
        }
    }
    const fn kept(self, kept: Kept) -> Self {
        Field { kept, ..self }
    }
    const fn queryable(self, queryable: bool) -> Self {
        Field { queryable, ..self }
    }
    const fn about(self, about: &'static str) -> Self {
        Field { about, ..self }
    }

    /// The label in a language ("nb" or anything else for English).
    pub fn label(&self, lang: &str) -> &'static str {
        if lang == "nb" {
            self.labels.0
        } else {
            self.labels.1
        }
    }
}

use Group as G;
use Input as I;
use Type::*;

const fn utility(name: &'static str, labels: (&'static str, &'static str)) -> Field {
    entered(name, Text(40), labels)
        .codes("utility")
        .default("unknown")
        .form(G::Utilities, I::Code)
        .about("yes, planned, no or unknown")
}

const fn conflict(
    name: &'static str,
    layer: &'static str,
    measure: Measure,
    labels: (&'static str, &'static str),
) -> Field {
    let f = fact(name, Number, labels).kept(Kept::Conflict(layer, measure));
    match measure {
        Measure::SquareMetres => f.unit("m²"),
        Measure::Share => f.unit("0–1").queryable(true),
    }
}

const fn substation(
    name: &'static str,
    ty: Type,
    column: &'static str,
    labels: (&'static str, &'static str),
) -> Field {
    fact(name, ty, labels).kept(Kept::Substation(column))
}

/// Every field of an area, in the order of exports and of the Feature text.
pub static AREA_FIELDS: &[Field] = &[
    entered("reference", Text(40), ("Referanse", "Reference"))
        .required()
        .form(G::Basics, I::Text)
        .about("Stable human reference, unique per municipality, never reused (e.g. 3405-N-012)"),
    entered("name", Text(200), ("Navn", "Name"))
        .required()
        .form(G::Basics, I::Text),
    entered("municipality", Text(4), ("Kommune", "Municipality"))
        .required()
        .form(G::Basics, I::Municipality)
        .about("kommunenummer"),
    entered("kind", Text(40), ("Type", "Kind"))
        .required()
        .codes("kind")
        .form(G::Basics, I::Code)
        .about("available, transformation or candidate"),
    entered(
        "published",
        Boolean,
        (
            "Publisert (synlig for alle)",
            "Published (visible to everyone)",
        ),
    )
    .access(Access::SignedIn)
    .default("false")
    .form(G::Basics, I::Check)
    .queryable(false),
    entered("demo", Boolean, ("Eksempeldata", "Demo data"))
        .default("false")
        .on_create_only()
        .form(G::Basics, I::Check)
        .about("invented for demonstration, not a real offer"),
    entered("data_quality", Text(40), ("Datakvalitet", "Data quality"))
        .codes("data_quality")
        .default("indicative")
        .form(G::Quality, I::Code),
    entered("first_added", Date, ("Først registrert", "First added"))
        .on_create_only()
        .form(G::Quality, I::Date),
    entered("last_confirmed", Date, ("Sist bekreftet", "Last confirmed")).form(G::Quality, I::Date),
    entered("end_date", Date, ("Avsluttet", "Ended"))
        .access(Access::SignedIn)
        .queryable(false)
        .about("the day the area stopped being registered (sold, built, withdrawn)"),
    entered("end_reason", Text(1000), ("Hvorfor avsluttet", "Why ended"))
        .access(Access::SignedIn)
        .queryable(false),
    entered(
        "area_available_m2",
        Number,
        ("Ledig areal (m²)", "Available area (m²)"),
    )
    .square_metres()
    .form(G::Size, I::Number)
    .about("Available area in m² (≤ gross)"),
    entered(
        "largest_free_plot_m2",
        Number,
        ("Største ledige tomt (m²)", "Largest free plot (m²)"),
    )
    .square_metres()
    .form(G::Size, I::Number),
    entered("readiness", Text(40), ("Byggeklarhet", "Readiness"))
        .codes("readiness")
        .default("idea")
        .form(G::Readiness, I::Code),
    entered(
        "availability",
        Text(40),
        ("Tilgjengelighet", "Availability"),
    )
    .codes("availability")
    .default("available")
    .form(G::Readiness, I::Code),
    entered("available_from", Date, ("Ledig fra", "Available from")).form(G::Readiness, I::Date),
    entered("plan_type", Integer, ("Plantype", "Plan type"))
        .codes("plan_type")
        .form(G::Plan, I::Code)
        .about("SOSI PlanType code"),
    entered("plan_status", Integer, ("Planstatus", "Plan status"))
        .codes("plan_status")
        .form(G::Plan, I::Code)
        .about("SOSI Planstatus code"),
    entered(
        "land_use_list",
        Text(40),
        ("Arealformål fra", "Land-use purpose from"),
    )
    .codes("land_use_list")
    .form(G::Plan, I::Code)
    .about("kp (master plan) or rp (zoning plan): the list land_use_code is from"),
    entered(
        "land_use_code",
        Integer,
        ("Arealformål", "Land-use purpose"),
    )
    .codes("land_use")
    .form(G::Plan, I::LandUse)
    .about("SOSI arealformål of the list in land_use_list"),
    entered(
        "land_use_status",
        Integer,
        ("Arealformålets status", "Land-use status"),
    )
    .codes("land_use_status")
    .form(G::Plan, I::Code)
    .about("1 nåværende, 2 framtidig, 3 videreutvikling"),
    entered("plan_id", Text(34), ("Nasjonal planID", "National plan ID"))
        .form(G::Plan, I::Text)
        .about("kommunenummer + planidentifikasjon"),
    entered("plan_name", Text(300), ("Plannavn", "Plan name")).form(G::Plan, I::Text),
    entered(
        "plan_url",
        Text(2000),
        ("Lenke til planen", "Link to the plan"),
    )
    .form(G::Plan, I::Url)
    .queryable(false),
    entered(
        "utilization_type",
        Text(40),
        ("Utnyttingstype", "Utilisation type"),
    )
    .codes("utilization_type")
    .form(G::Plan, I::Code),
    entered(
        "utilization_value",
        Number,
        ("Utnyttingsgrad", "Utilisation"),
    )
    .form(G::Plan, I::Number),
    entered("land_control", Text(40), ("Eierform", "Land control"))
        .codes("land_control")
        .default("unknown")
        .form(G::Ownership, I::Code),
    entered(
        "owner_name",
        Text(300),
        ("Grunneier (internt)", "Owner (internal)"),
    )
    .access(Access::Private)
    .form(G::Ownership, I::Text)
    .queryable(false),
    entered(
        "price_nok_per_m2_min",
        Number,
        ("Pris fra (kr/m²)", "Price from (NOK/m²)"),
    )
    .unit("kr/m²")
    .form(G::Ownership, I::Number),
    entered(
        "price_nok_per_m2_max",
        Number,
        ("Pris til (kr/m²)", "Price to (NOK/m²)"),
    )
    .unit("kr/m²")
    .form(G::Ownership, I::Number),
    entered("lease_possible", Boolean, ("Kan leies", "Can be leased")).form(G::Ownership, I::YesNo),
    entered("rail_siding", Boolean, ("Sidespor", "Rail siding"))
        .form(G::Utilities, I::YesNo)
        .about("a rail siding on or next to the site"),
    utility("water", ("Vann", "Water")),
    utility("sewage", ("Avløp", "Sewage")),
    utility("stormwater", ("Overvann", "Stormwater")),
    utility("fibre", ("Fiber", "Fibre")),
    utility("district_heating", ("Fjernvarme", "District heating")),
    entered("current_use", Text(1000), ("Dagens bruk", "Current use"))
        .form(G::Transformation, I::Textarea),
    entered(
        "proposed_use",
        Text(1000),
        ("Foreslått bruk", "Proposed use"),
    )
    .form(G::Transformation, I::Textarea),
    entered("outdated", Boolean, ("Utdatert bruk", "Outdated use"))
        .form(G::Transformation, I::YesNo),
    entered(
        "outdated_cause",
        Text(1000),
        ("Hvorfor utdatert", "Why outdated"),
    )
    .form(G::Transformation, I::Text)
    .queryable(false),
    entered("description", Text(10_000), ("Beskrivelse", "Description"))
        .form(G::Basics, I::Textarea),
    entered(
        "internal_notes",
        Text(10_000),
        (
            "Interne notater (vises aldri offentlig)",
            "Internal notes (never public)",
        ),
    )
    .access(Access::Private)
    .form(G::Quality, I::Textarea)
    .queryable(false),
    entered(
        "contact_name",
        Text(200),
        ("Kontaktperson", "Contact person"),
    )
    .form(G::Quality, I::Text)
    .queryable(false),
    entered("contact_email", Text(200), ("E-post", "Email"))
        .form(G::Quality, I::Email)
        .queryable(false),
    entered("contact_phone", Text(20), ("Telefon", "Phone"))
        .form(G::Quality, I::Text)
        .queryable(false),
    // kept by the registry
    entered(
        "area_gross_m2",
        Number,
        ("Bruttoareal (m²)", "Gross area (m²)"),
    )
    .square_metres()
    .computed(Kept::Area)
    .about("Gross area in m², computed by PostGIS in EPSG:25832 (planar)"),
    entered("created_at", Timestamp, ("Opprettet", "Created"))
        .computed(Kept::ExportOnly)
        .access(Access::SignedIn)
        .queryable(false),
    entered("updated_at", Timestamp, ("Sist endret", "Last changed")).computed(Kept::Area),
    entered("version", Integer, ("Versjon", "Version"))
        .computed(Kept::Area)
        .access(Access::SignedIn)
        .queryable(false)
        .about("increases with every change; send it back as If-Match"),
    entered(
        "previously_part_of",
        Text(40),
        ("Tidligere del av", "Previously part of"),
    )
    .computed(Kept::ExportOnly)
    .access(Access::SignedIn)
    .queryable(false),
    // computed from the reference layers and the substations
    fact(
        "e6_junction_m",
        Number,
        ("Avstand til E6-kryss (m)", "Distance to an E6 junction (m)"),
    )
    .metres()
    .queryable(true),
    fact(
        "main_road_m",
        Number,
        ("Avstand til hovedvei (m)", "Distance to a main road (m)"),
    )
    .metres()
    .queryable(true),
    fact(
        "rail_terminal_m",
        Number,
        (
            "Avstand til jernbaneterminal (m)",
            "Distance to a rail terminal (m)",
        ),
    )
    .metres()
    .queryable(true),
    fact(
        "passenger_station_m",
        Number,
        ("Avstand til stasjon (m)", "Distance to a station (m)"),
    )
    .metres()
    .queryable(true),
    fact(
        "skysstasjon_m",
        Number,
        (
            "Avstand til skysstasjon (m)",
            "Distance to the travel centre (m)",
        ),
    )
    .metres()
    .queryable(true),
    fact(
        "town_centre_m",
        Number,
        ("Avstand til sentrum (m)", "Distance to a town centre (m)"),
    )
    .metres()
    .queryable(true),
    fact(
        "substation_m",
        Number,
        (
            "Avstand til transformatorstasjon (m)",
            "Distance to the substation (m)",
        ),
    )
    .metres()
    .queryable(true),
    substation(
        "substation_name",
        Text(200),
        "name",
        ("Transformatorstasjon", "Substation"),
    )
    .queryable(true),
    substation(
        "substation_operator",
        Text(200),
        "operator",
        ("Nettselskap", "Grid operator"),
    ),
    substation(
        "substation_voltage_kv",
        Number,
        "voltage_kv",
        ("Spenning (kV)", "Voltage (kV)"),
    )
    .unit("kV"),
    substation(
        "substation_free_mw_min",
        Number,
        "free_capacity_mw_min",
        ("Ledig kapasitet MW (lav)", "Free capacity MW (low)"),
    )
    .unit("MW")
    .queryable(true),
    substation(
        "substation_free_mw_max",
        Number,
        "free_capacity_mw_max",
        ("Ledig kapasitet MW (høy)", "Free capacity MW (high)"),
    )
    .unit("MW")
    .queryable(true),
    substation(
        "substation_future_mw_min",
        Number,
        "future_capacity_mw_min",
        (
            "Kapasitet etter tiltak MW (lav)",
            "Capacity after measures MW (low)",
        ),
    )
    .unit("MW"),
    substation(
        "substation_future_mw_max",
        Number,
        "future_capacity_mw_max",
        (
            "Kapasitet etter tiltak MW (høy)",
            "Capacity after measures MW (high)",
        ),
    )
    .unit("MW"),
    substation(
        "substation_measure",
        Text(1000),
        "measure",
        ("Planlagt tiltak", "Planned measure"),
    ),
    substation(
        "substation_expected_year",
        Integer,
        "expected_year",
        ("Forventet år", "Expected year"),
    ),
    substation(
        "substation_queue_status",
        Text(40),
        "queue_status",
        ("Kø", "Queue"),
    ),
    substation(
        "substation_source_url",
        Text(2000),
        "source_url",
        ("Kilde", "Source"),
    ),
    substation(
        "substation_as_of",
        Date,
        "as_of",
        ("Tall per", "Figures as of"),
    ),
    fact("substation_stale", Boolean, ("Gamle tall", "Old figures")).kept(Kept::SubstationStale),
    substation(
        "substation_demo",
        Boolean,
        "demo",
        ("Eksempeltall", "Demo figures"),
    ),
    conflict(
        "farmland_m2",
        "farmland",
        Measure::SquareMetres,
        ("Dyrka mark (m²)", "Farmland (m²)"),
    ),
    conflict(
        "farmland_share",
        "farmland",
        Measure::Share,
        ("Andel dyrka mark", "Farmland share"),
    ),
    fact(
        "farmland_classes_m2",
        Json,
        (
            "Dyrka mark per AR5-klasse (m²)",
            "Farmland per AR5 class (m²)",
        ),
    )
    .kept(Kept::FarmlandClasses),
    conflict(
        "protected_nature_m2",
        "protected_nature",
        Measure::SquareMetres,
        ("Vernet natur (m²)", "Protected nature (m²)"),
    ),
    conflict(
        "protected_nature_share",
        "protected_nature",
        Measure::Share,
        ("Andel vernet natur", "Protected nature share"),
    ),
    conflict(
        "flood_zone_m2",
        "flood_zone",
        Measure::SquareMetres,
        ("Flomsone (m²)", "Flood zone (m²)"),
    ),
    conflict(
        "flood_zone_share",
        "flood_zone",
        Measure::Share,
        ("Andel flomsone", "Flood zone share"),
    ),
    conflict(
        "landslide_hazard_m2",
        "landslide_hazard",
        Measure::SquareMetres,
        ("Skredfare (m²)", "Landslide hazard (m²)"),
    ),
    conflict(
        "landslide_hazard_share",
        "landslide_hazard",
        Measure::Share,
        ("Andel skredfare", "Landslide hazard share"),
    ),
    conflict(
        "cultural_heritage_m2",
        "cultural_heritage",
        Measure::SquareMetres,
        ("Kulturminne (m²)", "Cultural heritage (m²)"),
    ),
    conflict(
        "cultural_heritage_share",
        "cultural_heritage",
        Measure::Share,
        ("Andel kulturminne", "Cultural heritage share"),
    ),
    fact(
        "location_profile",
        Text(1),
        ("Lokaliseringsprofil", "Location profile"),
    )
    .kept(Kept::LocationProfile),
    fact(
        "location_profile_reasons",
        Json,
        ("Grunnlag for profilen", "Why this profile"),
    )
    .kept(Kept::LocationProfileReasons),
    fact(
        "facts_computed_at",
        Timestamp,
        ("Fakta beregnet", "Facts computed"),
    )
    .kept(Kept::FactsComputedAt),
];

/// A field by name.
pub fn field(name: &str) -> Option<&'static Field> {
    AREA_FIELDS.iter().find(|f| f.name == name)
}

/// The fields a person enters (what imports and writes read).
pub fn entered_fields() -> impl Iterator<Item = &'static Field> {
    AREA_FIELDS.iter().filter(|f| f.source == Source::Entered)
}

/// Whether `name` is a field a person enters.
pub fn is_entered(name: &str) -> bool {
    field(name).is_some_and(|f| f.source == Source::Entered)
}

/// Whether `name` is a field the registry computes or keeps (ignored when sent back).
pub fn is_computed(name: &str) -> bool {
    name == "id" || field(name).is_some_and(|f| f.source != Source::Entered)
}

/// The utilities an area may have in place (the fields with the utility code list).
pub fn utilities() -> impl Iterator<Item = &'static str> {
    AREA_FIELDS
        .iter()
        .filter(|f| f.codes == Some("utility"))
        .map(|f| f.name)
}

/// Entered fields of a type (file formats without booleans or dates need to know).
pub fn entered_of_type(ty: Type) -> impl Iterator<Item = &'static str> {
    entered_fields().filter(move |f| f.ty == ty).map(|f| f.name)
}

#[cfg(test)]
mod tests {
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
}
