//! `arealbank layer list` and `arealbank layer import` (reference layers and substations).

use std::process::ExitCode;

use anyhow::Context;
use sqlx::PgPool;

use super::{report_rejection, Outcome};
use crate::config::LayerCommand;
use crate::domain::layer::{parse_layer, Provenance};
use crate::formats;
use crate::spatial::Crs;
use crate::store::{self, StoreError};

pub async fn run(pool: &PgPool, cmd: LayerCommand) -> anyhow::Result<Outcome> {
    match cmd {
        LayerCommand::List => {
            for l in store::layers::list(pool).await? {
                println!(
                    "{:<18} {:>6} features  {}{}  {}  {}",
                    l.kind,
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
            let parsed = formats::layer_upload(&bytes, args.layer.as_deref(), crs)
                .and_then(|(doc, crs)| parse_layer(&doc, &args.kind, crs));
            let features = match parsed {
                Ok(f) => f,
                Err(issues) => return Ok(Outcome::Done(report_rejection(&issues))),
            };
            let provenance = Provenance {
                source: args.source,
                licence: args.licence,
                as_of: args.as_of,
                demo: args.demo,
            };
            match store::layers::replace(pool, &args.kind, &features, &provenance, "command line")
                .await
            {
                Ok(areas) => {
                    println!(
                        "layer {} replaced: {} features; facts recomputed for {areas} areas",
                        args.kind,
                        features.len()
                    );
                    Ok(Outcome::Done(ExitCode::SUCCESS))
                }
                Err(StoreError::Rejected(issues)) => Ok(Outcome::Done(report_rejection(&issues))),
                Err(e) => Err(e.into()),
            }
        }
    }
}
