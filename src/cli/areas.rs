//! `arealbank import` and `arealbank export`.

use std::process::ExitCode;

use anyhow::Context;
use sqlx::PgPool;

use super::{report_rejection, Outcome};
use crate::config::{ExportArgs, ImportArgs};
use crate::formats::ExportFormat;
use crate::service::transfer::{self, TransferError};
use crate::spatial::Crs;
use crate::store;

/// Import a file: all of its areas or none, as the command line (any municipality).
pub async fn import(pool: &PgPool, args: ImportArgs) -> anyhow::Result<Outcome> {
    let crs = args.crs.as_deref().map(Crs::parse).transpose()?;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let codes = store::codes::load(pool).await?;
    let by = store::areas::ChangedBy {
        user_id: None,
        name: "import (command line)",
    };
    let import = match transfer::import(
        pool,
        &codes,
        bytes,
        args.layer,
        crs,
        |_| true,
        &by,
        args.dry_run,
    )
    .await
    {
        Ok(i) => i,
        Err(TransferError::Invalid(issues)) => return Ok(Outcome::Done(report_rejection(&issues))),
        Err(e) => return Err(e.into()),
    };
    if !import.ignored_properties.is_empty() {
        eprintln!(
            "ignored unknown properties: {}",
            import
                .ignored_properties
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let done = &import.done;
    let verb = if args.dry_run { "would be" } else { "were" };
    println!(
        "{} areas {verb} created, {} updated, {} unchanged (coordinates read as {}){}",
        done.created.len(),
        done.updated.len(),
        done.unchanged.len(),
        import.crs,
        if args.dry_run {
            "; dry run: nothing was written"
        } else {
            ""
        }
    );
    for (i, _, version, fields) in &done.updated {
        println!(
            "  {} → version {version}: {}",
            import.areas[*i].reference,
            fields.join(", ")
        );
    }
    Ok(Outcome::Done(ExitCode::SUCCESS))
}

/// Write every area to a file (the format from `--format` or the file's extension) or, for
/// GeoJSON and CSV, to standard output.
pub async fn export(pool: &PgPool, args: ExportArgs) -> anyhow::Result<Outcome> {
    let by_extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| ExportFormat::parse(&e.to_string_lossy()));
    let format = match args.format.as_deref() {
        Some(f) => ExportFormat::parse(f)
            .with_context(|| format!("unknown export format {f:?}: use geojson, csv or gpkg"))?,
        None => by_extension.unwrap_or(ExportFormat::GeoJson),
    };
    let doc = transfer::export(pool, format, &[]).await?;
    match args.output {
        Some(path) => {
            std::fs::write(&path, doc).with_context(|| format!("writing {}", path.display()))?
        }
        None if format == ExportFormat::GeoPackage => {
            anyhow::bail!("a GeoPackage is a file: give it with --output areas.gpkg")
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&doc)?;
        }
    }
    Ok(Outcome::Done(ExitCode::SUCCESS))
}
