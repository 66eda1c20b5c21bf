//! Demo data and reference data shipped with the binary (see `seeds/README.md`).

use serde_json::Value;
use sqlx::PgPool;

use crate::domain::import::parse_feature_collection;
use crate::domain::Issue;
use crate::store::municipalities::{self, NewMunicipality};
use crate::store::{self, StoreError};

/// Kartverket N1000 boundaries of 3405, 3440 and 3441 (CC BY 4.0).
pub const MUNICIPALITIES: &str = include_str!("../seeds/kommuner-3405-3440-3441.n1000.geojson");
/// Invented demo areas, each marked `"demo": true`.
pub const DEMO_AREAS: &str = include_str!("../seeds/demo-areas.geojson");

/// The reference layers (`scripts/make-reference-layers.py`): kind and GeoJSON. Where
/// each comes from, its licence and date are in `seeds/layers/manifest.json`.
const LAYERS: &[(&str, &str)] = &[
    ("e6", include_str!("../seeds/layers/e6.geojson")),
    (
        "e6_junction",
        include_str!("../seeds/layers/e6_junction.geojson"),
    ),
    (
        "main_road",
        include_str!("../seeds/layers/main_road.geojson"),
    ),
    ("railway", include_str!("../seeds/layers/railway.geojson")),
    (
        "passenger_station",
        include_str!("../seeds/layers/passenger_station.geojson"),
    ),
    (
        "rail_terminal",
        include_str!("../seeds/layers/rail_terminal.geojson"),
    ),
    (
        "skysstasjon",
        include_str!("../seeds/layers/skysstasjon.geojson"),
    ),
    (
        "town_centre",
        include_str!("../seeds/layers/town_centre.geojson"),
    ),
    ("farmland", include_str!("../seeds/layers/farmland.geojson")),
    (
        "protected_nature",
        include_str!("../seeds/layers/protected_nature.geojson"),
    ),
    (
        "flood_zone",
        include_str!("../seeds/layers/flood_zone.geojson"),
    ),
    (
        "landslide_hazard",
        include_str!("../seeds/layers/landslide_hazard.geojson"),
    ),
    (
        "cultural_heritage",
        include_str!("../seeds/layers/cultural_heritage.geojson"),
    ),
];
const LAYER_MANIFEST: &str = include_str!("../seeds/layers/manifest.json");
/// Substation positions with demo capacity figures.
const SUBSTATIONS: &str = include_str!("../seeds/layers/substations.geojson");

const BOUNDARY_SOURCE: &str = "Kartverket N1000 (R package N1000 25.1.1), 1:1 000 000";
const BOUNDARY_LICENCE: &str = "CC BY 4.0";
const BOUNDARY_ATTRIBUTION: &str = "© Kartverket";

/// What went wrong while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the shipped seed file is not valid: {0}")]
    BadSeedFile(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the demo areas do not pass validation: {}", .0.iter().map(Issue::line).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Issue>),
}

/// What a seed run added.
#[derive(Debug, Default, Clone, Copy)]
pub struct SeedReport {
    pub municipalities: usize,
    pub areas: usize,
    pub layers: usize,
}

/// Load boundaries and demo areas, skipping what is already there.
pub async fn seed(pool: &PgPool) -> Result<SeedReport, SeedError> {
    let mut report = SeedReport {
        municipalities: seed_municipalities(pool).await?,
        areas: 0,
        layers: seed_layers(pool, true).await?,
    };
    let codes = store::codes::load(pool).await?;
    let parsed = parse_feature_collection(DEMO_AREAS.as_bytes(), None, &codes)
        .map_err(SeedError::Invalid)?;
    let existing = store::areas::existing_references(pool).await?;
    let missing: Vec<_> = parsed
        .areas
        .into_iter()
        .filter(|a| !existing.contains(&(a.municipality.clone(), a.reference.clone())))
        .collect();
    if !missing.is_empty() {
        match store::areas::insert_all(
            pool,
            &missing,
            &store::areas::ChangedBy {
                user_id: None,
                name: "seed",
            },
        )
        .await
        {
            Ok(ids) => report.areas = ids.len(),
            Err(StoreError::Rejected(issues)) => return Err(SeedError::Invalid(issues)),
            Err(e) => return Err(e.into()),
        }
    }
    seed_comparison(pool).await?;
    store::municipalities::mark_seeded(pool, "demo").await?;
    Ok(report)
}

/// The demo comparison set: the four demo alternatives for Lillehammer kommunestyre sak
/// 73/2025 pkt. 4, public, with the default weights (once; kept if already there).
async fn seed_comparison(pool: &PgPool) -> Result<bool, SeedError> {
    if store::comparisons::list(pool).await?.iter().any(|c| c.demo) {
        return Ok(false);
    }
    let refs = ["3405-K-006", "3405-K-007", "3405-K-008", "3405-K-009"];
    let found = store::comparisons::area_ids(pool, "3405", &refs).await?;
    let notes = [
        "Nær E6 og godsterminal; dyrka mark i deler av arealet.",
        "Stort og nær E6 ved Storhove; i dag LNF.",
        "Vingrom, sør for Lillehammer: nær E6, lite strøm i dag.",
        "Rudsbygd øst: påbegynt planarbeid, nær Rv. 4.",
    ];
    let members: Vec<Value> = refs
        .iter()
        .zip(notes)
        .filter_map(|(r, note)| {
            found
                .iter()
                .find(|(x, _)| x == r)
                .map(|(_, id)| serde_json::json!({"area_id": id, "note": note}))
        })
        .collect();
    if members.len() != refs.len() {
        return Ok(false); // the demo areas were changed or removed: nothing to compare
    }
    let doc = serde_json::json!({
        "municipality": "3405",
        "title": "KPA-revisjon 2026: næringsarealalternativer (eksempeldata)",
        "decision_reference": "Lillehammer kommunestyre 23.10.2025, sak 73/2025 pkt. 4",
        "description": "Eksempeldata: fire oppdiktede alternativer for nye næringsarealer, uavhengig av dagens planstatus, \
            slik kommunestyret ba om (sak 73/2025 pkt. 4). Til framlegg for formannskapet / næringsutvalget. \
            Demo data: four invented alternatives.",
        "visibility": "public",
        "members": members,
    });
    let set = crate::domain::comparison_set::parse(doc.to_string().as_bytes())
        .map_err(SeedError::Invalid)?;
    store::comparisons::create(pool, &set, "seed", true).await?;
    Ok(true)
}

/// Load the reference layers that are not loaded yet; with `demo`, also the demo layers and
/// the substations (whose capacity figures are demo values).
pub async fn seed_layers(pool: &PgPool, demo: bool) -> Result<usize, SeedError> {
    use crate::domain::layer::{parse_layer, Provenance};
    use crate::spatial::Crs;
    let manifest: Vec<Value> =
        serde_json::from_str(LAYER_MANIFEST).map_err(|e| SeedError::BadSeedFile(e.to_string()))?;
    let loaded: Vec<String> = store::layers::list(pool)
        .await?
        .into_iter()
        .filter(|l| l.loaded_at.is_some())
        .map(|l| l.kind)
        .collect();
    let mut count = 0;
    for (kind, doc) in LAYERS {
        if loaded.iter().any(|k| k == kind) {
            continue;
        }
        let entry = manifest
            .iter()
            .find(|m| m["kind"] == *kind)
            .ok_or_else(|| SeedError::BadSeedFile(format!("{kind} is not in the manifest")))?;
        let text = |k: &str| entry[k].as_str().unwrap_or_default().to_string();
        if !demo && entry["demo"].as_bool().unwrap_or(true) {
            continue;
        }
        let provenance = Provenance {
            source: text("source"),
            licence: text("licence"),
            as_of: chrono::NaiveDate::parse_from_str(&text("as_of"), "%Y-%m-%d")
                .map_err(|e| SeedError::BadSeedFile(format!("{kind}: {e}")))?,
            demo: entry["demo"].as_bool().unwrap_or(true),
        };
        let features = parse_layer(doc.as_bytes(), kind, Crs::Crs84).map_err(SeedError::Invalid)?;
        store::layers::replace(pool, kind, &features, &provenance, "seed").await?;
        count += 1;
    }
    if demo && store::substations::count(pool).await? == 0 {
        let stations =
            crate::domain::substation::parse_substations(SUBSTATIONS.as_bytes(), Crs::Crs84)
                .map_err(SeedError::Invalid)?;
        store::substations::replace_all(pool, &stations, "seed").await?;
    }
    Ok(count)
}

/// Seed on first start only: until a demo seed has completed once.
pub async fn seed_if_empty(pool: &PgPool) -> Result<Option<SeedReport>, SeedError> {
    if store::municipalities::seeded(pool, "demo").await? {
        return Ok(None);
    }
    seed(pool).await.map(Some)
}

/// Load only the municipality boundaries (tests and installations without demo data).
pub async fn seed_municipalities(pool: &PgPool) -> Result<usize, SeedError> {
    let doc: Value =
        serde_json::from_str(MUNICIPALITIES).map_err(|e| SeedError::BadSeedFile(e.to_string()))?;
    let features = doc["features"].as_array().cloned().unwrap_or_default();
    let mut added = 0;
    for f in &features {
        let number = f["properties"]["kommunenummer"]
            .as_str()
            .unwrap_or_default();
        let name = f["properties"]["kommunenavn"].as_str().unwrap_or_default();
        let geometry = f["geometry"].to_string();
        let m = NewMunicipality {
            number,
            name,
            geometry_geojson: &geometry,
            source: BOUNDARY_SOURCE,
            licence: BOUNDARY_LICENCE,
            attribution: BOUNDARY_ATTRIBUTION,
        };
        if municipalities::insert_if_missing(pool, &m).await? {
            added += 1;
        }
    }
    Ok(added)
}
