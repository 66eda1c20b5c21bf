//! `arealbank substation import FILE [--dry-run]`: a grid operator's capacity file.

use std::process::ExitCode;

use anyhow::Context;
use sqlx::PgPool;

use super::{report_rejection, Outcome};
use crate::config::SubstationCommand;
use crate::domain::plan::summary;
use crate::service::grid::{self, GridImportError};
use crate::store::layers::FactChange;
use crate::store::substations::{Figures, StationChange};

pub async fn run(pool: &PgPool, cmd: SubstationCommand) -> anyhow::Result<Outcome> {
    let SubstationCommand::Import { file, dry_run } = cmd;
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let (parsed, done) = match grid::import(pool, &bytes, "command line", dry_run).await {
        Ok(r) => r,
        Err(GridImportError::Invalid(issues)) => {
            return Ok(Outcome::Done(report_rejection(&issues)))
        }
        Err(GridImportError::Store(e)) => return Err(e.into()),
    };
    println!(
        "{}: {} stations of {}; licence {}, rights holder {}",
        parsed.title.as_deref().unwrap_or("grid capacity"),
        parsed.stations.len(),
        parsed.operators().join(", "),
        parsed.licence.as_deref().unwrap_or("not stated"),
        parsed.rights_holder.as_deref().unwrap_or("not stated"),
    );
    for s in &done.stations {
        println!("  {}", station_line(s));
    }
    println!("{} area facts changed", done.areas.len());
    for a in &done.areas {
        println!("  {}", fact_line(a));
    }
    if dry_run {
        println!("dry run: nothing was written");
    }
    Ok(Outcome::Done(ExitCode::SUCCESS))
}

fn figures(f: &Option<Figures>) -> String {
    let mw = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v} MW"));
    match f {
        None => "–".into(),
        Some(f) => format!(
            "consumption {}, production {}, reserved {} (as of {})",
            mw(f.available_cons_mw),
            mw(f.available_prod_mw),
            mw(f.reserved_cons_mw),
            f.as_of.map_or("–".to_string(), |d| d.to_string())
        ),
    }
}

fn station_line(s: &StationChange) -> String {
    let what = match s.change {
        "created" => format!("new: {}", figures(&s.after)),
        "removed" => format!("removed (was {})", figures(&s.before)),
        "unchanged" => format!("unchanged: {}", figures(&s.after)),
        _ => format!("{} → {}", figures(&s.before), figures(&s.after)),
    };
    format!("{} ({}): {what}", s.name, s.operator)
}

/// `3405-N-001 Area name: substation_free_mw_min 2 → 21`; a zoning breakdown in words.
pub(super) fn fact_line(a: &FactChange) -> String {
    let show = |v: &serde_json::Value| {
        if a.field == "zoning_parts" {
            summary(v).unwrap_or_else(|| "no plan".into())
        } else {
            v.to_string()
        }
    };
    format!(
        "{} {}: {} {} → {}",
        a.reference,
        a.name,
        a.field,
        show(&a.before),
        show(&a.after)
    )
}
