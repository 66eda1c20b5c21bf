//! `arealbank backup FILE` and `arealbank restore FILE [--replace]`.

use std::process::ExitCode;

use crate::config::Command;
use crate::db::backup::{self, BackupError};
use crate::db::{self, Database};

pub async fn run(db: &Database, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Backup { file } => {
            backup::backup(&db.target, file).await?;
            let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            println!(
                "backup written to {} ({} kB)",
                file.display(),
                size.div_ceil(1024)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file, replace } => {
            match backup::restore(&db.pool, &db.target, file, *replace).await {
                Ok(()) => {}
                Err(e @ (BackupError::NotEmpty { .. } | BackupError::NotABackup(_))) => {
                    eprintln!("nothing was restored: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            }
            // a backup of an older version is brought up to this one
            let postgis = db::prepare(&db.pool).await?;
            let areas: i64 = sqlx::query_scalar("select count(*) from area")
                .fetch_one(&db.pool)
                .await?;
            println!(
                "restored {} ({areas} areas), migrated to this version (PostGIS {postgis})",
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("only backup and restore come here"),
    }
}
