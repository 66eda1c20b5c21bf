//! The field table itself: every field of an area, one entry each, in the order of exports
//! and of the Feature text. Over 400 lines on purpose: it is the one list of fields, and
//! splitting it would make two places to look.

use super::Group as G;
use super::Input as I;
use super::Type::*;
use super::{entered, fact, Access, Field, Kept, Measure, Type};

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
    // computed from the plan register by overlay
    fact(
        "zoning_parts",
        Json,
        ("Arealformål i planregisteret", "Land use in the plan register"),
    )
    .kept(Kept::Zoning("parts"))
    .about("each arealformål of the governing plans over the area: list, code, labels, status, m2, share, plan_id, plan_name, plan_type, plan_status, plan_date, plan_url; largest first"),
    fact(
        "zoning_list",
        Text(2),
        ("Dominerende arealformål fra", "Dominant land use from"),
    )
    .kept(Kept::Zoning("dominant,list"))
    .codes("land_use_list")
    .queryable(true),
    fact(
        "zoning_code",
        Integer,
        ("Dominerende arealformål", "Dominant land use"),
    )
    .kept(Kept::Zoning("dominant,code"))
    .queryable(true),
    fact(
        "zoning_status",
        Integer,
        (
            "Dominerende arealformåls status",
            "Dominant land use's status",
        ),
    )
    .kept(Kept::Zoning("dominant,status"))
    .codes("land_use_status")
    .queryable(true),
    fact(
        "zoning_share",
        Number,
        ("Andel med dominerende formål", "Share of the dominant use"),
    )
    .kept(Kept::Zoning("dominant,share"))
    .unit("0–1")
    .queryable(true),
    fact(
        "zoning_plan_id",
        Text(34),
        ("Gjeldende plan (planID)", "Governing plan (plan ID)"),
    )
    .kept(Kept::Zoning("dominant,plan_id"))
    .queryable(true),
    fact(
        "zoning_plan_name",
        Text(300),
        ("Gjeldende plan", "Governing plan"),
    )
    .kept(Kept::Zoning("dominant,plan_name")),
    fact(
        "zoning_plan_url",
        Text(2000),
        ("Lenke til gjeldende plan", "Link to the governing plan"),
    )
    .kept(Kept::Zoning("dominant,plan_url")),
    fact(
        "zoning_covered_share",
        Number,
        ("Andel dekket av planer", "Share covered by plans"),
    )
    .kept(Kept::Zoning("covered_share"))
    .unit("0–1"),
    fact(
        "zoning_as_of",
        Date,
        ("Planregisteret per", "Plan register as of"),
    )
    .kept(Kept::Zoning("as_of"))
    .queryable(true),
    fact(
        "zoning_disagrees",
        Boolean,
        (
            "Avvik fra registrert arealformål",
            "Differs from the entered land use",
        ),
    )
    .kept(Kept::Zoning("disagrees"))
    .queryable(true),
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
        "substation_prod_mw",
        Number,
        "available_prod_mw",
        (
            "Ledig kapasitet for produksjon (MW)",
            "Free capacity for production (MW)",
        ),
    )
    .unit("MW"),
    substation(
        "substation_reserved_mw",
        Number,
        "reserved_cons_mw",
        ("Reservert kapasitet (MW)", "Reserved capacity (MW)"),
    )
    .unit("MW"),
    fact(
        "substation_served",
        Boolean,
        (
            "I stasjonens forsyningsområde",
            "In the station's service area",
        ),
    ),
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
        "substation_licence",
        Text(2000),
        "licence",
        ("Lisens for tallene", "Licence of the figures"),
    ),
    substation(
        "substation_rights_holder",
        Text(200),
        "rights_holder",
        ("Rettighetshaver", "Rights holder"),
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
    conflict(
        "quick_clay_m2",
        "quick_clay",
        Measure::SquareMetres,
        ("Kvikkleiresone (m²)", "Quick-clay zone (m²)"),
    ),
    conflict(
        "quick_clay_share",
        "quick_clay",
        Measure::Share,
        ("Andel i kvikkleiresone", "Quick-clay zone share"),
    ),
    conflict(
        "forest_m2",
        "forest",
        Measure::SquareMetres,
        ("Skog (m²)", "Forest (m²)"),
    ),
    conflict(
        "forest_share",
        "forest",
        Measure::Share,
        ("Andel skog", "Forest share"),
    ),
    conflict("bog_m2", "bog", Measure::SquareMetres, ("Myr (m²)", "Bog (m²)")),
    conflict("bog_share", "bog", Measure::Share, ("Andel myr", "Bog share")),
    fact(
        "conflicts",
        Json,
        (
            "Konflikter med kilder",
            "Conflicts with their sources",
        ),
    )
    .about("per constraint layer: m2, share, classes (m2 and the class in words), the named features overlapped or within 50 m (name, ref, link, class, m2, distance_m), source, as_of, version"),
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
