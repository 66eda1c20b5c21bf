//! The command line: one function per subcommand, over the same domain and store as the
//! HTTP API (imports and exports through [`crate::service::transfer`]). `main.rs` parses the flags
//! and calls [`run`].

mod accounts;
mod areas;
mod backup;
mod db;
mod layers;
mod plans;
mod substations;

use std::net::SocketAddr;
use std::process::ExitCode;

use crate::api::Settings;
use crate::config::{Cli, Command};
use crate::db::{self as database, Database};
use crate::{app, seed};

/// Run one subcommand; the embedded cluster, when one was started, is stopped again.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Db(cmd) = &cli.command {
        return db::run(cmd, &cli).await;
    }
    let db = Database::open(&cli.database).await?;
    if matches!(
        cli.command,
        Command::Backup { .. } | Command::Restore { .. }
    ) {
        // before any migration: a backup keeps the database as it was
        let result = backup::run(&db, &cli.command).await;
        db.close().await;
        return result;
    }
    // whatever happens next, the embedded cluster is stopped again
    let result = with_database(&db, cli.command).await;
    match result {
        Ok(Outcome::Serve(settings, addr)) => {
            app::serve(db, *settings, addr).await?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(Outcome::Done(code)) => {
            db.close().await;
            Ok(code)
        }
        Err(e) => {
            db.close().await;
            Err(e)
        }
    }
}

/// What a subcommand leaves to do once the database work is over.
pub enum Outcome {
    Serve(Box<Settings>, SocketAddr),
    Done(ExitCode),
}

async fn with_database(db: &Database, command: Command) -> anyhow::Result<Outcome> {
    let pool = &db.pool;
    let postgis = database::prepare(pool).await?;
    tracing::info!(postgis = %postgis, "database ready");
    match command {
        Command::Serve(args) => {
            if !args.no_demo {
                if let Some(r) = seed::seed_if_empty(pool).await? {
                    tracing::info!(
                        municipalities = r.municipalities,
                        layers = r.layers,
                        areas = r.areas,
                        "first start: demo data loaded"
                    );
                }
            } else {
                // boundaries and the real (not demo) reference layers only
                let m = seed::seed_municipalities(pool).await?;
                let l = seed::seed_layers(pool, false).await?;
                tracing::info!(
                    municipalities = m,
                    layers = l,
                    "reference data loaded (no demo data)"
                );
            }
            let settings = Settings {
                public_url: args.public_url,
                basemap_url: args.basemap_url,
                basemap_attribution: args.basemap_attribution,
                cors_origins: args.cors_origins,
                map_tile_threshold: args.map_tile_threshold,
                tile_cache_mb: args.tile_cache_mb,
                request_timeout: args.request_timeout.map(std::time::Duration::from_secs),
                confirm_within_days: args.confirm_within_days,
                place_service_url: args.place_service_url,
                rate_limits: crate::api::limits::RateLimits {
                    sign_in_per_minute: args.sign_in_per_minute,
                    writes_per_minute: args.writes_per_minute,
                    imports_per_minute: args.imports_per_minute,
                },
                trusted_proxies: args.trusted_proxies,
            };
            Ok(Outcome::Serve(
                Box::new(settings),
                SocketAddr::new(args.host, args.port),
            ))
        }
        Command::Migrate => {
            println!("migrations applied (PostGIS {postgis})");
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        Command::Seed => {
            let r = seed::seed(pool).await?;
            println!(
                "seeded {} municipalities, {} reference layers and {} demo areas (what was already there was kept)",
                r.municipalities, r.layers, r.areas
            );
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        Command::Import(args) => areas::import(pool, args).await,
        Command::Export(args) => areas::export(pool, args).await,
        Command::Layer(cmd) => layers::run(pool, cmd).await,
        Command::Substation(cmd) => substations::run(pool, cmd).await,
        Command::Plan(cmd) => plans::run(pool, cmd).await,
        Command::User(cmd) => {
            accounts::user(pool, cmd).await?;
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        Command::Token(cmd) => {
            accounts::token(pool, cmd).await?;
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        Command::Db(_) => unreachable!("handled before the database is opened"),
        Command::Backup { .. } | Command::Restore { .. } => {
            unreachable!("handled before the database is migrated")
        }
    }
}

/// Tell why nothing was written, one problem a line; exit status 2.
fn report_rejection(issues: &[crate::domain::Issue]) -> ExitCode {
    eprintln!("nothing was imported: {} problem(s)", issues.len());
    for i in issues {
        eprintln!("  {}", i.line());
    }
    ExitCode::from(2)
}
