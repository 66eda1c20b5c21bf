//! Backups with PostgreSQL's own tools: `pg_dump` in its custom format and `pg_restore`,
//! for the embedded cluster and for a server given by `DATABASE_URL`. A restore goes
//! into an empty database (or, when told, one whose contents are dropped first), in one
//! transaction, and is then migrated to this binary's version like any older database.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use sqlx::PgPool;
use tokio::process::Command;

/// What went wrong with a backup or a restore.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{tool} was not found; install PostgreSQL's client programs (Debian: apt-get install postgresql-client-15) or set AREALBANK_PG_BINDIR")]
    ToolMissing { tool: &'static str },
    #[error("{tool} failed: {detail}")]
    Tool { tool: &'static str, detail: String },
    #[error("the database is not empty ({tables} tables, e.g. {example}); restore refuses to overwrite it: restore into an empty database, or add --replace to delete what is in it first")]
    NotEmpty { tables: i64, example: String },
    #[error("{0} is not a backup made by `arealbank backup` (pg_dump's custom format)")]
    NotABackup(String),
    #[error("database query failed while {doing}: {source}")]
    Query {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

/// How PostgreSQL's tools reach the database: a libpq URL without the password, and the
/// password (handed over in `PGPASSWORD`, so that it never shows in a process list).
#[derive(Debug, Clone)]
pub struct Target {
    url: String,
    password: Option<String>,
}

impl Target {
    /// From a `postgres://` URL as `DATABASE_URL` gives it.
    pub fn from_url(url: &str) -> Self {
        match url::Url::parse(url) {
            Ok(mut u) => {
                let password = u.password().map(|p| {
                    percent_encoding::percent_decode_str(p)
                        .decode_utf8_lossy()
                        .into_owned()
                });
                let _ = u.set_password(None);
                Self {
                    url: u.to_string(),
                    password,
                }
            }
            Err(_) => Self {
                url: url.to_string(),
                password: None,
            },
        }
    }

    fn command(&self, tool: &Path) -> Command {
        let mut c = Command::new(tool);
        if let Some(p) = &self.password {
            c.env("PGPASSWORD", p);
        }
        c.kill_on_drop(true);
        c
    }
}

/// The newest PostgreSQL client program of this name (it reads dumps of older servers),
/// from `AREALBANK_PG_BINDIR`, Debian's /usr/lib/postgresql/N/bin, or the PATH.
fn tool(name: &'static str) -> Result<PathBuf, BackupError> {
    if let Some(dir) = std::env::var_os("AREALBANK_PG_BINDIR") {
        let p = PathBuf::from(dir).join(name);
        return p
            .exists()
            .then_some(p)
            .ok_or(BackupError::ToolMissing { tool: name });
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let p = e.path().join("bin").join(name);
            p.exists().then_some((v, p))
        })
        .collect();
    found.sort();
    if let Some((_, p)) = found.pop() {
        return Ok(p);
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .ok_or(BackupError::ToolMissing { tool: name })
}

async fn run(tool_name: &'static str, mut cmd: Command) -> Result<(), BackupError> {
    let out = cmd.output().await.map_err(|e| BackupError::Tool {
        tool: tool_name,
        detail: e.to_string(),
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool {
            tool: tool_name,
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// Write the whole database to `file` (custom format, compressed).
pub async fn backup(target: &Target, file: &Path) -> Result<(), BackupError> {
    let pg_dump = tool("pg_dump")?;
    let mut cmd = target.command(&pg_dump);
    cmd.arg("--format=custom")
        .arg("--no-owner")
        .arg("--no-privileges")
        .arg("--file")
        .arg(file)
        .arg("--dbname")
        .arg(&target.url);
    run("pg_dump", cmd).await
}

/// Tables (and other relations) of the database that an extension does not own.
async fn contents(pool: &PgPool) -> Result<(i64, String), BackupError> {
    sqlx::query_as::<_, (i64, Option<String>)>(
        "select count(*), min(n.nspname || '.' || c.relname)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p', 'v', 'm', 'f')
           and n.nspname not in ('pg_catalog', 'information_schema')
           and n.nspname not like 'pg\\_%'
           and not exists (select 1 from pg_depend d
                           where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')",
    )
    .fetch_one(pool)
    .await
    .map(|(n, example)| (n, example.unwrap_or_default()))
    .map_err(|source| BackupError::Query {
        doing: "looking at what the database holds",
        source,
    })
}

/// Restore `file` into the database. Refuses a database that holds tables unless
/// `replace`, which first drops the public schema (and with it PostGIS and every table).
/// All of the backup or nothing: it is loaded in one transaction.
pub async fn restore(
    pool: &PgPool,
    target: &Target,
    file: &Path,
    replace: bool,
) -> Result<(), BackupError> {
    let pg_restore = tool("pg_restore")?;
    // is it a backup at all? (`--list` reads the table of contents only)
    let mut list = target.command(&pg_restore);
    list.arg("--list").arg(file);
    if run("pg_restore", list).await.is_err() {
        return Err(BackupError::NotABackup(file.display().to_string()));
    }
    let (tables, example) = contents(pool).await?;
    if tables > 0 {
        if !replace {
            return Err(BackupError::NotEmpty { tables, example });
        }
        sqlx::raw_sql("drop schema public cascade; create schema public;")
            .execute(pool)
            .await
            .map_err(|source| BackupError::Query {
                doing: "emptying the database (--replace)",
                source,
            })?;
    }
    load(target, &pg_restore, file).await
}

/// The line pg_restore writes before its statements, and what we put in its place.
const EMPTY_SEARCH_PATH: &str = "SELECT pg_catalog.set_config('search_path', '', false);";
const PUBLIC_SEARCH_PATH: &str =
    "SELECT pg_catalog.set_config('search_path', 'public, pg_catalog', false);";

/// pg_restore's SQL into psql, in one transaction committed only when pg_restore has
/// written all of it and psql has run every statement. The search path is public's
/// instead of pg_restore's empty one: definitions written in a database whose search path
/// has PostGIS (a trigger's `WHEN`, a view) then mean what they meant there.
async fn load(target: &Target, pg_restore: &Path, file: &Path) -> Result<(), BackupError> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let psql = tool("psql")?;
    let mut reader = target.command(pg_restore);
    reader
        .args(["--no-owner", "--no-privileges", "--file", "-"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut writer = target.command(&psql);
    writer
        .args([
            "--no-psqlrc",
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
            "--dbname",
        ])
        .arg(&target.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let spawn_failed = |tool: &'static str| {
        move |e: std::io::Error| BackupError::Tool {
            tool,
            detail: e.to_string(),
        }
    };
    let mut reader = reader.spawn().map_err(spawn_failed("pg_restore"))?;
    let mut writer = writer.spawn().map_err(spawn_failed("psql"))?;
    let (Some(out), Some(mut input)) = (reader.stdout.take(), writer.stdin.take()) else {
        return Err(BackupError::Tool {
            tool: "psql",
            detail: "no pipe".into(),
        });
    };
    let mut lines = BufReader::new(out).lines();
    let mut copying = false;
    let mut fed = input.write_all(b"BEGIN;\n").await.is_ok();
    while let Ok(Some(line)) = lines.next_line().await {
        // rows of a COPY are data, never rewritten
        if copying {
            copying = line != "\\.";
        } else if line.starts_with("COPY ") && line.ends_with("FROM stdin;") {
            copying = true;
        }
        let line = if !copying && line == EMPTY_SEARCH_PATH {
            PUBLIC_SEARCH_PATH
        } else {
            line.as_str()
        };
        if !fed
            || input.write_all(line.as_bytes()).await.is_err()
            || input.write_all(b"\n").await.is_err()
        {
            // psql stopped at an error: its message says which
            fed = false;
            break;
        }
    }
    let read = reader
        .wait_with_output()
        .await
        .map_err(spawn_failed("pg_restore"))?;
    if fed && read.status.success() {
        // everything was read and run: only now is it committed
        let _ = input.write_all(b"COMMIT;\n").await;
    }
    drop(input);
    let written = writer
        .wait_with_output()
        .await
        .map_err(spawn_failed("psql"))?;
    if !read.status.success() {
        return Err(BackupError::Tool {
            tool: "pg_restore",
            detail: String::from_utf8_lossy(&read.stderr).trim().to_string(),
        });
    }
    if !written.status.success() || !fed {
        return Err(BackupError::Tool {
            tool: "psql",
            detail: String::from_utf8_lossy(&written.stderr).trim().to_string(),
        });
    }
    Ok(())
}
