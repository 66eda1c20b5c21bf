//! `arealbank plan import FILE… [--dry-run]`: the municipality's plan data.

use std::process::ExitCode;

use anyhow::Context;
use sqlx::PgPool;

use super::substations::fact_line;
use super::{report_rejection, Outcome};
use crate::config::PlanCommand;
use crate::service::plans::{self, PlanFile, PlanImportError};
use crate::spatial::Crs;
use crate::store;

pub async fn run(pool: &PgPool, cmd: PlanCommand) -> anyhow::Result<Outcome> {
    let PlanCommand::Import {
        files,
        dry_run,
        crs,
        as_of,
    } = cmd;
    let crs = crs.as_deref().map(Crs::parse).transpose()?;
    let mut read = Vec::new();
    for path in &files {
        read.push(PlanFile {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
        });
    }
    let codes = store::codes::load(pool).await?;
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let done = match plans::import(pool, &codes, &read, crs, as_of, "command line", dry_run).await {
        Ok(d) => d,
        Err(PlanImportError::Invalid(issues)) => {
            return Ok(Outcome::Done(report_rejection(&issues)))
        }
        Err(PlanImportError::Store(e)) => return Err(e.into()),
    };
    let d = &done.data;
    println!(
        "plans of {} ({}): {} plans, {} purpose areas at ground level{}{}{}",
        done.done.municipalities.join(", "),
        done.formats.join(", "),
        d.plans.len(),
        d.purposes.len(),
        if d.other_levels > 0 {
            format!("; {} above or below ground not used", d.other_levels)
        } else {
            String::new()
        },
        if d.other_types > 0 {
            format!("; {} features of other types not used", d.other_types)
        } else {
            String::new()
        },
        if done.done.repaired > 0 {
            format!("; {} invalid surfaces made valid", done.done.repaired)
        } else {
            String::new()
        },
    );
    println!("{} area facts changed", done.done.areas.len());
    for a in &done.done.areas {
        println!("  {}", fact_line(a));
    }
    if dry_run {
        println!("dry run: nothing was written");
    }
    Ok(Outcome::Done(ExitCode::SUCCESS))
}
