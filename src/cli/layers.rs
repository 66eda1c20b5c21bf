//! `arealbank layer list` and `arealbank layer import` (reference layers and substations).

use std::process::ExitCode;

use anyhow::Context;
use sqlx::PgPool;

use super::substations::fact_line;
use super::{report_rejection, Outcome};
use crate::config::LayerCommand;
use crate::domain::layer::Provenance;
use crate::formats;
use crate::service::layers::{self, default_source, AttributeNames, LayerImportError};
use crate::spatial::Crs;
use crate::store;

pub async fn run(pool: &PgPool, cmd: LayerCommand) -> anyhow::Result<Outcome> {
    match cmd {
        LayerCommand::List => {
            for l in store::layers::list(pool).await? {
                println!(
                    "{:<18} v{:<3} {:>6} features  {}{}  {}  {}",
                    l.kind,
                    l.version,
                    l.feature_count,
                    l.as_of.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    if l.demo { " (demo)" } else { "" },
                    l.source.unwrap_or_else(|| "not loaded".into()),
                    l.licence.unwrap_or_default()
                );
            }
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        LayerCommand::Import(args) => {
            let crs = args.crs.as_deref().map(Crs::parse).transpose()?;
            let bytes = std::fs::read(&args.file)
                .with_context(|| format!("reading {}", args.file.display()))?;
            if args.kind == "substations" {
                let parsed = formats::layer_upload(&bytes, args.layer.as_deref(), crs)
                    .and_then(|(doc, crs)| crate::domain::substation::parse_substations(&doc, crs));
                let stations = match parsed {
                    Ok(s) => s,
                    Err(issues) => return Ok(Outcome::Done(report_rejection(&issues))),
                };
                let r = store::substations::replace_all(pool, &stations, "command line").await?;
                println!(
                    "substations: {} added, {} updated (history kept), {} removed; facts recomputed",
                    r.created, r.updated, r.removed
                );
                return Ok(Outcome::Done(ExitCode::SUCCESS));
            }
            // (a kind without a default source and no --source is refused by the import)
            let source = args
                .source
                .clone()
                .or_else(|| default_source(&args.kind).map(str::to_string))
                .unwrap_or_default();
            let provenance = Provenance {
                source,
                licence: args.licence.clone(),
                as_of: args.as_of,
                demo: args.demo,
            };
            let names = AttributeNames {
                name: args.name_attribute.clone(),
                class: args.class_attribute.clone(),
                reference: args.id_attribute.clone(),
                link: args.link_attribute.clone(),
            };
            let done = match layers::import(
                pool,
                &args.kind,
                &bytes,
                &names,
                args.layer.as_deref(),
                crs,
                &provenance,
                "command line",
                args.dry_run,
            )
            .await
            {
                Ok(d) => d,
                Err(LayerImportError::Invalid(issues)) => {
                    return Ok(Outcome::Done(report_rejection(&issues)))
                }
                Err(LayerImportError::Store(e)) => return Err(e.into()),
            };
            for (kind, count) in &done.done.layers {
                println!(
                    "layer {kind}: {count} features{}",
                    done.dataset
                        .map(|d| format!(" (read as {d})"))
                        .unwrap_or_default()
                );
            }
            if done.skipped > 0 {
                println!(
                    "{} features of types no layer holds were not used",
                    done.skipped
                );
            }
            println!("{} area facts changed", done.done.areas.len());
            for a in &done.done.areas {
                println!("  {}", fact_line(a));
            }
            if args.dry_run {
                println!("dry run: nothing was written");
            }
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
    }
}
