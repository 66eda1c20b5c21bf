//! The `arealbank` command: parse flags, start logging, run one subcommand.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use arealbank::api::Settings;
use arealbank::config::{Cli, Command, DbCommand, LayerCommand, TokenCommand, UserCommand};
use arealbank::db::{self, Cluster, Database};
use arealbank::formats::{self, read_upload, ExportFormat};
use arealbank::spatial::Crs;
use arealbank::store::{self, StoreError};
use arealbank::{app, seed, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("arealbank: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Db(cmd) = &cli.command {
        return db_command(cmd, &cli).await;
    }
    let db = Database::open(&cli.database).await?;
    // whatever happens next, the embedded cluster is stopped again
    let result = with_database(&db, cli.command).await;
    match result {
        Ok(Outcome::Serve(settings, addr)) => {
            app::serve(db, settings, addr).await?;
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

enum Outcome {
    Serve(Settings, SocketAddr),
    Done(ExitCode),
}

async fn with_database(db: &Database, command: Command) -> anyhow::Result<Outcome> {
    let pool = &db.pool;
    let postgis = db::prepare(pool).await?;
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
                request_timeout: args.request_timeout.map(std::time::Duration::from_secs),
            };
            Ok(Outcome::Serve(
                settings,
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
        Command::Import(args) => {
            let crs = args.crs.as_deref().map(Crs::parse).transpose()?;
            let bytes = std::fs::read(&args.file)
                .with_context(|| format!("reading {}", args.file.display()))?;
            let codes = store::codes::load(pool).await?;
            let parsed = match read_upload(&bytes, args.layer.as_deref(), crs, &codes) {
                Ok((_, p)) => p,
                Err(issues) => return Ok(Outcome::Done(report_rejection(&issues))),
            };
            if !parsed.ignored_properties.is_empty() {
                eprintln!(
                    "ignored unknown properties: {}",
                    parsed
                        .ignored_properties
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let by = store::areas::ChangedBy {
                user_id: None,
                name: "import (command line)",
            };
            match store::areas::import_all(pool, &parsed.areas, &by, args.dry_run).await {
                Ok(done) => {
                    let verb = if args.dry_run { "would be" } else { "were" };
                    println!(
                        "{} areas {verb} created, {} updated, {} unchanged (coordinates read as {}){}",
                        done.created.len(),
                        done.updated.len(),
                        done.unchanged.len(),
                        parsed.crs,
                        if args.dry_run { "; dry run: nothing was written" } else { "" }
                    );
                    for (i, _, version, fields) in &done.updated {
                        println!(
                            "  {} → version {version}: {}",
                            parsed.areas[*i].reference,
                            fields.join(", ")
                        );
                    }
                    Ok(Outcome::Done(ExitCode::SUCCESS))
                }
                Err(StoreError::Rejected(issues)) => Ok(Outcome::Done(report_rejection(&issues))),
                Err(e) => Err(e.into()),
            }
        }
        Command::Export(args) => {
            let by_extension = args
                .output
                .as_ref()
                .and_then(|p| p.extension())
                .and_then(|e| ExportFormat::parse(&e.to_string_lossy()));
            let format = match args.format.as_deref() {
                Some(f) => ExportFormat::parse(f).with_context(|| {
                    format!("unknown export format {f:?}: use geojson, csv or gpkg")
                })?,
                None => by_extension.unwrap_or(ExportFormat::GeoJson),
            };
            let doc: Vec<u8> = match format {
                ExportFormat::GeoJson => store::areas::export_all(pool).await?.into_bytes(),
                ExportFormat::Csv => {
                    formats::export_csv(&store::areas::export_rows(pool).await?, &[]).into_bytes()
                }
                ExportFormat::GeoPackage => {
                    formats::export_gpkg(&store::areas::export_rows(pool).await?, &[])?
                }
            };
            match args.output {
                Some(path) => std::fs::write(&path, doc)
                    .with_context(|| format!("writing {}", path.display()))?,
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
        Command::Layer(LayerCommand::List) => {
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
        Command::Layer(LayerCommand::Import(args)) => {
            use arealbank::domain::layer::{parse_layer, Provenance};
            let crs = args.crs.as_deref().map(Crs::parse).transpose()?;
            let bytes = std::fs::read(&args.file)
                .with_context(|| format!("reading {}", args.file.display()))?;
            if args.kind == "substations" {
                let parsed = formats::layer_upload(&bytes, args.layer.as_deref(), crs).and_then(
                    |(doc, crs)| arealbank::domain::substation::parse_substations(&doc, crs),
                );
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
        Command::User(cmd) => {
            user_command(pool, cmd).await?;
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        Command::Token(cmd) => {
            token_command(pool, cmd).await?;
            Ok(Outcome::Done(ExitCode::SUCCESS))
        }
        Command::Db(_) => unreachable!("handled before the database is opened"),
    }
}

async fn user_command(pool: &sqlx::PgPool, cmd: UserCommand) -> anyhow::Result<()> {
    use arealbank::domain::user::{hash_password, parse_username, NewUser};
    use arealbank::store::users;
    match cmd {
        UserCommand::Add {
            username,
            role,
            name,
            municipality,
        } => {
            let password = read_password()?;
            let user = NewUser::new(&username, name.as_deref(), &role, &municipality, &password)?;
            users::add(pool, &user).await?;
            println!("added {} ({})", user.username, user.role.as_str());
        }
        UserCommand::List => {
            for u in users::list(pool).await? {
                let state = if u.disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role,
                    u.municipalities.join(","),
                    state,
                    u.display_name
                );
            }
        }
        UserCommand::Disable { username } => {
            users::set_disabled(pool, &parse_username(&username)?, true).await?
        }
        UserCommand::Enable { username } => {
            users::set_disabled(pool, &parse_username(&username)?, false).await?
        }
        UserCommand::Passwd { username } => {
            let username = parse_username(&username)?;
            let hash = hash_password(&read_password()?)?;
            users::set_password_hash(pool, &username, &hash).await?;
            println!("password changed for {username}");
        }
    }
    Ok(())
}

async fn token_command(pool: &sqlx::PgPool, cmd: TokenCommand) -> anyhow::Result<()> {
    use arealbank::domain::{token, user::parse_username};
    use arealbank::store::users;
    match cmd {
        TokenCommand::Add { username, name } => {
            let username = parse_username(&username)?;
            let (secret, digest) = token::generate();
            users::add_token(pool, &username, name.trim(), &digest).await?;
            eprintln!(
                "token {:?} for {username} (shown once; store it now):",
                name.trim()
            );
            println!("{secret}");
        }
        TokenCommand::Revoke { username, name } => {
            users::revoke_token(pool, &parse_username(&username)?, &name).await?;
            println!("revoked");
        }
    }
    Ok(())
}

/// A password from the terminal (hidden) or the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password("Password: ")?);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn report_rejection(issues: &[arealbank::domain::Issue]) -> ExitCode {
    eprintln!("nothing was imported: {} problem(s)", issues.len());
    for i in issues {
        eprintln!("  {}", i.line());
    }
    ExitCode::from(2)
}

async fn db_command(cmd: &DbCommand, cli: &Cli) -> anyhow::Result<ExitCode> {
    if cli.database.database_url.is_some() {
        anyhow::bail!("`arealbank db` manages the embedded cluster; unset DATABASE_URL to use it");
    }
    let dir = &cli.database.data_dir;
    match cmd {
        DbCommand::Start => {
            let cluster = Cluster::start(dir).await?;
            println!("{}", cluster.url(db::embedded::DATABASE));
        }
        DbCommand::Url => println!(
            "{}",
            Cluster::existing(dir).await?.url(db::embedded::DATABASE)
        ),
        DbCommand::Stop => Cluster::existing(dir).await?.stop_now().await?,
    }
    Ok(ExitCode::SUCCESS)
}
