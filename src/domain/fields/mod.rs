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
    /// a member of the zoning computed from the plan register, by its JSON path
    /// (`dominant,code`)
    Zoning(&'static str),
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

pub(crate) const fn entered(
    name: &'static str,
    ty: Type,
    labels: (&'static str, &'static str),
) -> Field {
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

pub(crate) const fn fact(
    name: &'static str,
    ty: Type,
    labels: (&'static str, &'static str),
) -> Field {
    Field {
        source: Source::Fact,
        kept: Kept::Fact,
        queryable: false,
        ..entered(name, ty, labels)
    }
}

impl Field {
    pub(crate) const fn form(self, group: Group, input: Input) -> Self {
        Field {
            form: Some((group, input)),
            ..self
        }
    }
    pub(crate) const fn default(self, value: &'static str) -> Self {
        Field {
            default: Some(value),
            ..self
        }
    }
    pub(crate) const fn on_create_only(self) -> Self {
        Field {
            on_create_only: true,
            ..self
        }
    }
    pub(crate) const fn required(self) -> Self {
        Field {
            required: true,
            ..self
        }
    }
    pub(crate) const fn codes(self, list: &'static str) -> Self {
        Field {
            codes: Some(list),
            ..self
        }
    }
    pub(crate) const fn unit(self, unit: &'static str) -> Self {
        Field {
            unit: Some(unit),
            ..self
        }
    }
    pub(crate) const fn metres(self) -> Self {
        Field {
            unit: Some("m"),
            decimals: Some(1),
            ..self
        }
    }
    pub(crate) const fn square_metres(self) -> Self {
        Field {
            unit: Some("m²"),
            decimals: Some(1),
            ..self
        }
    }
    pub(crate) const fn access(self, access: Access) -> Self {
        Field { access, ..self }
    }
    pub(crate) const fn computed(self, kept: Kept) -> Self {
        Field {
            source: Source::Computed,
            kept,
            ..self
        }
    }
    pub(crate) const fn kept(self, kept: Kept) -> Self {
        Field { kept, ..self }
    }
    pub(crate) const fn queryable(self, queryable: bool) -> Self {
        Field { queryable, ..self }
    }
    pub(crate) const fn about(self, about: &'static str) -> Self {
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

mod table;

pub use table::AREA_FIELDS;

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
mod tests;
