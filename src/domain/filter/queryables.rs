//! The properties of an area a filter or `sortby` may name, with their types: the same
//! names as in the GeoJSON `properties`, plus `geometry` for the outline.

/// The type of a queryable, as JSON Schema describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QType {
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    Timestamp,
    Geometry,
}

impl QType {
    pub fn words(self) -> &'static str {
        match self {
            QType::Text => "text",
            QType::Number => "a number",
            QType::Integer => "a whole number",
            QType::Boolean => "true or false",
            QType::Date => "a date",
            QType::Timestamp => "a timestamp",
            QType::Geometry => "a geometry",
        }
    }
}

/// One property that may be filtered and sorted on.
#[derive(Debug, PartialEq)]
pub struct Queryable {
    pub name: &'static str,
    pub qtype: QType,
    pub title: &'static str,
}

const fn q(name: &'static str, qtype: QType, title: &'static str) -> Queryable {
    Queryable { name, qtype, title }
}

use QType::*;

/// Every queryable of the areas collection.
pub static QUERYABLES: &[Queryable] = &[
    q("geometry", Geometry, "Omriss / Outline"),
    q("reference", Text, "Referanse / Reference"),
    q("name", Text, "Navn / Name"),
    q("municipality", Text, "Kommunenummer / Municipality number"),
    q(
        "kind",
        Text,
        "Type område / Kind (available, transformation, candidate)",
    ),
    q("readiness", Text, "Modenhet / Readiness"),
    q("availability", Text, "Tilgjengelighet / Availability"),
    q("available_from", Date, "Ledig fra / Available from"),
    q("area_gross_m2", Number, "Bruttoareal m² / Gross area m²"),
    q(
        "area_available_m2",
        Number,
        "Ledig areal m² / Available area m²",
    ),
    q(
        "largest_free_plot_m2",
        Number,
        "Største ledige tomt m² / Largest free plot m²",
    ),
    q("plan_type", Integer, "Plantype (SOSI) / Plan type"),
    q("plan_status", Integer, "Planstatus (SOSI) / Plan status"),
    q(
        "land_use_list",
        Text,
        "Arealformålsliste / Land-use code list",
    ),
    q("land_use_code", Integer, "Arealformål / Land-use purpose"),
    q(
        "land_use_status",
        Integer,
        "Arealbruksstatus / Land-use status",
    ),
    q("plan_id", Text, "PlanID"),
    q("plan_name", Text, "Plannavn / Plan name"),
    q(
        "utilization_type",
        Text,
        "Utnyttingstype / Utilisation type",
    ),
    q("utilization_value", Number, "Utnytting / Utilisation"),
    q("land_control", Text, "Grunneierforhold / Land control"),
    q(
        "price_nok_per_m2_min",
        Number,
        "Pris fra kr/m² / Price from NOK/m²",
    ),
    q(
        "price_nok_per_m2_max",
        Number,
        "Pris til kr/m² / Price to NOK/m²",
    ),
    q("lease_possible", Boolean, "Kan leies / Lease possible"),
    q("water", Text, "Vann / Water"),
    q("sewage", Text, "Avløp / Sewage"),
    q("stormwater", Text, "Overvann / Stormwater"),
    q("fibre", Text, "Fiber / Fibre"),
    q("district_heating", Text, "Fjernvarme / District heating"),
    q("current_use", Text, "Dagens bruk / Current use"),
    q("proposed_use", Text, "Foreslått bruk / Proposed use"),
    q("outdated", Boolean, "Utdatert / Outdated"),
    q("description", Text, "Beskrivelse / Description"),
    q("data_quality", Text, "Datakvalitet / Data quality"),
    q("first_added", Date, "Først registrert / First added"),
    q("last_confirmed", Date, "Sist bekreftet / Last confirmed"),
    q("updated_at", Timestamp, "Sist endret / Last changed"),
    q("demo", Boolean, "Eksempeldata / Demo data"),
    q(
        "e6_junction_m",
        Number,
        "Avstand til E6-kryss m / Distance to E6 junction m",
    ),
    q(
        "main_road_m",
        Number,
        "Avstand til hovedvei m / Distance to main road m",
    ),
    q(
        "rail_terminal_m",
        Number,
        "Avstand til jernbaneterminal m / Distance to rail terminal m",
    ),
    q(
        "passenger_station_m",
        Number,
        "Avstand til stasjon m / Distance to station m",
    ),
    q(
        "skysstasjon_m",
        Number,
        "Avstand til skysstasjon m / Distance to travel centre m",
    ),
    q(
        "town_centre_m",
        Number,
        "Avstand til sentrum m / Distance to town centre m",
    ),
    q(
        "substation_m",
        Number,
        "Avstand til transformatorstasjon m / Distance to substation m",
    ),
    q("substation_name", Text, "Transformatorstasjon / Substation"),
    q(
        "substation_free_mw_min",
        Number,
        "Ledig kapasitet MW (lav) / Free capacity MW (low)",
    ),
    q(
        "substation_free_mw_max",
        Number,
        "Ledig kapasitet MW (høy) / Free capacity MW (high)",
    ),
    q(
        "farmland_share",
        Number,
        "Andel dyrka mark / Farmland share (0–1)",
    ),
    q(
        "protected_nature_share",
        Number,
        "Andel vernet natur / Protected nature share (0–1)",
    ),
    q(
        "flood_zone_share",
        Number,
        "Andel flomsone / Flood zone share (0–1)",
    ),
    q(
        "landslide_hazard_share",
        Number,
        "Andel skredfare / Landslide hazard share (0–1)",
    ),
    q(
        "cultural_heritage_share",
        Number,
        "Andel kulturminne / Cultural heritage share (0–1)",
    ),
];

/// A queryable by name (as written in the properties; case matters, as in JSON).
pub fn queryable(name: &str) -> Option<&'static Queryable> {
    QUERYABLES.iter().find(|q| q.name == name)
}
