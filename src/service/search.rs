//! Running a company's search: PostGIS judges the criteria, the domain scores and orders,
//! and the public features of the hits are read with their explanation spliced in. The
//! search API, the feed and the datasheet use it.

use serde_json::{json, Map, Value};
use sqlx::PgPool;

use crate::domain::explain;
use crate::domain::search::{rank, Hit, Ranked, Search};
use crate::store::{self, StoreError};

/// Run a search: candidates from PostGIS, scored and ordered, and the features shown.
pub async fn run(pool: &PgPool, s: &Search) -> Result<Found, StoreError> {
    let candidates = store::search::candidates(pool, s).await?;
    let ranked = rank(s, candidates);
    let ids: Vec<uuid::Uuid> = ranked
        .matches
        .iter()
        .chain(&ranked.near_misses)
        .map(|h| h.site.id)
        .collect();
    let features = store::search::features(pool, &ids)
        .await?
        .into_iter()
        .collect();
    Ok(Found { ranked, features })
}

/// What a search found: the ranked hits and their public features (by id).
pub struct Found {
    pub ranked: Ranked,
    pub features: std::collections::HashMap<uuid::Uuid, String>,
}

impl Found {
    /// The feature text of a hit with `properties.search` spliced in (PostGIS built the
    /// text and its properties object comes last, so nothing is parsed again); None if
    /// the area vanished meanwhile.
    pub fn feature_text(&self, hit: &Hit, s: &Search) -> Option<String> {
        let text = self.features.get(&hit.site.id)?;
        let open = text.strip_suffix("}}")?;
        Some(format!("{open},\"search\":{}}}}}", explanation(hit, s)))
    }

    /// The features of these hits as a JSON array's text.
    pub fn array_text(&self, hits: &[Hit], s: &Search) -> (String, usize) {
        let texts: Vec<String> = hits
            .iter()
            .filter_map(|h| self.feature_text(h, s))
            .collect();
        (format!("[{}]", texts.join(",")), texts.len())
    }

    /// The features of these hits as values (for the CSV and the feed).
    pub fn collection(&self, hits: &[Hit], s: &Search) -> Vec<Value> {
        hits.iter()
            .filter_map(|h| serde_json::from_str(&self.feature_text(h, s)?).ok())
            .collect()
    }
}

/// The score, its parts and (for a near miss) the missed criterion, in words.
pub fn explanation(hit: &Hit, s: &Search) -> Value {
    let parts: Vec<Value> = hit
        .fit
        .parts
        .iter()
        .map(|p| {
            json!({
                "factor": p.factor,
                "value": p.value,
                "weight": p.weight,
                "penalty": p.penalty,
                "points": round(p.points, 2),
                "text": explain::part(p, &hit.site),
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("score".into(), json!(hit.fit.score.map(|v| round(v, 1))));
    out.insert("parts".into(), Value::Array(parts));
    if let Some(criterion) = hit.site.missed.first() {
        out.insert(
            "missed".into(),
            json!({"criterion": criterion, "text": explain::missed(criterion, &hit.site, &s.criteria)}),
        );
    }
    if let Some(d) = hit.site.distance_m {
        out.insert("distance_m".into(), json!(round(d, 1)));
    }
    out.insert("free_mw_min".into(), json!(hit.site.free_mw_min));
    out.insert("free_mw_max".into(), json!(hit.site.free_mw_max));
    Value::Object(out)
}

fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}
