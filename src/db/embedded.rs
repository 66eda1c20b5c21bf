//! The embedded default database: a PostgreSQL cluster that arealbank runs itself from
//! the machine's PostgreSQL binaries, in a folder of its own, reachable only through a
//! Unix socket in that folder (no TCP port to collide with).
//!
//! PostgreSQL refuses to run as root; when arealbank runs as root the cluster runs as
//! the unprivileged `postgres` user (or `AREALBANK_PG_USER`).

use std::ffi::OsStr;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::process::Command;

/// Name of the database arealbank keeps its data in.
pub const DATABASE: &str = "arealbank";
/// Superuser created by `initdb` for the embedded cluster.
pub const USER: &str = "arealbank";

const INSTALL_HINT: &str = "install PostgreSQL and PostGIS, e.g. on Debian 12: \
apt-get install postgresql-15 postgresql-15-postgis-3 (or run scripts/install-deps), \
or set DATABASE_URL to a PostgreSQL server with PostGIS";

/// What went wrong with the embedded cluster, and what it was doing at the time.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found: {INSTALL_HINT}"
    )]
    PostgresMissing,
    #[error("PostGIS is not installed for PostgreSQL in {bindir}: {INSTALL_HINT}")]
    PostgisMissing { bindir: String },
    #[error("arealbank runs as root, so the embedded cluster must run as the unprivileged user {user:?}, which does not exist; create it (useradd --system {user}) or set AREALBANK_PG_USER")]
    NoUnprivilegedUser { user: String },
    #[error("the user {user:?} that runs the embedded cluster cannot write to {dir}; choose another --data-dir (for example /var/lib/arealbank)")]
    NotWritable { user: String, dir: String },
    #[error("the data folder path {0} is too long for a Unix socket; choose a shorter --data-dir")]
    PathTooLong(String),
    #[error("I/O error while {doing} ({path}): {source}")]
    Io {
        doing: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{doing} failed: {detail}")]
    Command { doing: &'static str, detail: String },
    #[error("could not connect to the embedded cluster while {doing}: {source}")]
    Connect {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

/// A running embedded cluster.
#[derive(Debug)]
pub struct Cluster {
    root: PathBuf,
    bindir: PathBuf,
    run_as: Option<String>,
    started_here: bool,
}

impl Cluster {
    /// Start the cluster in `dir` (creating it on first use), or attach to it when it is
    /// already running. Creates the `arealbank` database if it is missing.
    pub async fn start(dir: &Path) -> Result<Self, ClusterError> {
        let bindir = find_bindir()?;
        let root = absolute(dir)?;
        let socket = root.join("run");
        if socket.join(".s.PGSQL.5432").as_os_str().len() > 100 {
            return Err(ClusterError::PathTooLong(root.display().to_string()));
        }
        for sub in ["", "run", "log"] {
            let path = root.join(sub);
            std::fs::create_dir_all(&path).map_err(|source| ClusterError::Io {
                doing: "creating the data folder",
                path: path.display().to_string(),
                source,
            })?;
        }
        let run_as = unprivileged_user().await?;
        if let Some(user) = &run_as {
            run(
                "giving the data folder to the cluster's user",
                Command::new("chown")
                    .arg("-R")
                    .arg(format!("{user}:"))
                    .arg(&root),
            )
            .await?;
            let writable = Command::new("runuser")
                .args(["-u", user, "--", "test", "-w"])
                .arg(&root)
                .status()
                .await
                .map(|s| s.success())
                .unwrap_or(false);
            if !writable {
                return Err(ClusterError::NotWritable {
                    user: user.clone(),
                    dir: root.display().to_string(),
                });
            }
        }
        let mut cluster = Self {
            root,
            bindir,
            run_as,
            started_here: false,
        };
        if !cluster.pgdata().join("PG_VERSION").exists() {
            tracing::info!(path = %cluster.pgdata().display(), "creating the embedded PostgreSQL cluster");
            let pgdata = cluster.pgdata();
            cluster
                .pg(
                    "initdb",
                    "initdb",
                    [
                        OsStr::new("-D"),
                        pgdata.as_os_str(),
                        OsStr::new("-U"),
                        OsStr::new(USER),
                        OsStr::new("--auth=trust"),
                        OsStr::new("--encoding=UTF8"),
                        OsStr::new("--locale=C.UTF-8"),
                    ],
                )
                .await?;
        }
        if cluster.is_running().await {
            tracing::info!(path = %cluster.root.display(), "attaching to the running embedded PostgreSQL cluster");
        } else {
            tracing::info!(path = %cluster.root.display(), "starting the embedded PostgreSQL cluster");
            let pgdata = cluster.pgdata();
            let log = cluster.root.join("log").join("postgres.log");
            let settings = format!(
                "-c listen_addresses='' -c unix_socket_directories='{}' -c unix_socket_permissions=0700",
                cluster.socket_dir().display()
            );
            cluster
                .pg(
                    "pg_ctl",
                    "starting PostgreSQL (pg_ctl start; see log/postgres.log in the data folder)",
                    [
                        OsStr::new("-D"),
                        pgdata.as_os_str(),
                        OsStr::new("-l"),
                        log.as_os_str(),
                        OsStr::new("-w"),
                        OsStr::new("-t"),
                        OsStr::new("60"),
                        OsStr::new("-o"),
                        OsStr::new(&settings),
                        OsStr::new("start"),
                    ],
                )
                .await?;
            cluster.started_here = true;
        }
        cluster.ensure_database(DATABASE).await?;
        Ok(cluster)
    }

    /// Connection options for a database in this cluster (Unix socket).
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(self.socket_dir())
            .username(USER)
            .database(database)
    }

    /// A connection URL for tools such as psql or `cargo sqlx`.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{USER}@localhost/{database}?host={}",
            self.socket_dir().display()
        )
    }

    /// Create `database` unless it exists.
    pub async fn ensure_database(&self, database: &str) -> Result<(), ClusterError> {
        let mut conn = PgConnection::connect_with(&self.connect_options("postgres"))
            .await
            .map_err(|source| ClusterError::Connect {
                doing: "creating the database",
                source,
            })?;
        let exists: bool =
            sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
                .bind(database)
                .fetch_one(&mut conn)
                .await
                .map_err(|source| ClusterError::Connect {
                    doing: "looking for the database",
                    source,
                })?;
        if !exists {
            // identifiers cannot be bound; quote_ident makes the name safe
            let name: String = sqlx::query_scalar("select quote_ident($1)")
                .bind(database)
                .fetch_one(&mut conn)
                .await
                .map_err(|source| ClusterError::Connect {
                    doing: "quoting the database name",
                    source,
                })?;
            sqlx::raw_sql(&format!("create database {name}"))
                .execute(&mut conn)
                .await
                .map_err(|source| ClusterError::Connect {
                    doing: "creating the database",
                    source,
                })?;
        }
        Ok(())
    }

    /// Stop the cluster if this process started it; leave it alone otherwise.
    pub async fn stop(self) -> Result<(), ClusterError> {
        if self.started_here {
            self.stop_now().await
        } else {
            Ok(())
        }
    }

    /// Stop the cluster whoever started it (fast shutdown: open sessions are ended).
    pub async fn stop_now(&self) -> Result<(), ClusterError> {
        tracing::info!(path = %self.root.display(), "stopping the embedded PostgreSQL cluster");
        let pgdata = self.pgdata();
        self.pg(
            "pg_ctl",
            "stopping PostgreSQL (pg_ctl stop)",
            [
                OsStr::new("-D"),
                pgdata.as_os_str(),
                OsStr::new("-m"),
                OsStr::new("fast"),
                OsStr::new("-w"),
                OsStr::new("stop"),
            ],
        )
        .await
    }

    /// Attach to a cluster without starting it (for `arealbank db stop`).
    pub async fn existing(dir: &Path) -> Result<Self, ClusterError> {
        Ok(Self {
            root: absolute(dir)?,
            bindir: find_bindir()?,
            run_as: unprivileged_user().await?,
            started_here: false,
        })
    }

    async fn is_running(&self) -> bool {
        let pgdata = self.pgdata();
        self.pg(
            "pg_ctl",
            "checking the cluster",
            [OsStr::new("-D"), pgdata.as_os_str(), OsStr::new("status")],
        )
        .await
        .is_ok()
    }

    fn pgdata(&self) -> PathBuf {
        self.root.join("pgdata")
    }

    fn socket_dir(&self) -> PathBuf {
        self.root.join("run")
    }

    async fn pg<I, S>(
        &self,
        program: &str,
        doing: &'static str,
        args: I,
    ) -> Result<(), ClusterError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let exe = self.bindir.join(program);
        let mut cmd = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.args(args).current_dir(&self.root);
        run(doing, &mut cmd).await
    }
}

async fn run(doing: &'static str, cmd: &mut Command) -> Result<(), ClusterError> {
    let out = cmd.output().await.map_err(|e| ClusterError::Command {
        doing,
        detail: e.to_string(),
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(ClusterError::Command {
            doing,
            detail: format!(
                "{}; {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        })
    }
}

fn absolute(dir: &Path) -> Result<PathBuf, ClusterError> {
    std::path::absolute(dir).map_err(|source| ClusterError::Io {
        doing: "resolving the data folder",
        path: dir.display().to_string(),
        source,
    })
}

/// The newest PostgreSQL installation that has PostGIS, or `AREALBANK_PG_BINDIR`.
fn find_bindir() -> Result<PathBuf, ClusterError> {
    find_bindir_in(
        std::env::var_os("AREALBANK_PG_BINDIR").map(PathBuf::from),
        Path::new("/usr/lib/postgresql"),
        Path::new("/usr/share/postgresql"),
    )
}

fn find_bindir_in(
    explicit: Option<PathBuf>,
    lib: &Path,
    share: &Path,
) -> Result<PathBuf, ClusterError> {
    let has_server = |bin: &Path| {
        bin.join("postgres").exists() && bin.join("initdb").exists() && bin.join("pg_ctl").exists()
    };
    if let Some(bin) = explicit {
        return if has_server(&bin) {
            Ok(bin)
        } else {
            Err(ClusterError::PostgresMissing)
        };
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(lib)
        .map_err(|_| ClusterError::PostgresMissing)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_server(bin))
        .collect();
    versions.sort();
    let (version, bindir) = versions.pop().ok_or(ClusterError::PostgresMissing)?;
    if !share
        .join(version.to_string())
        .join("extension/postgis.control")
        .exists()
    {
        return Err(ClusterError::PostgisMissing {
            bindir: bindir.display().to_string(),
        });
    }
    Ok(bindir)
}

/// `None` when not root; otherwise the unprivileged user that must run PostgreSQL.
async fn unprivileged_user() -> Result<Option<String>, ClusterError> {
    let euid = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(u32::MAX);
    if euid != 0 {
        return Ok(None);
    }
    let user = std::env::var("AREALBANK_PG_USER").unwrap_or_else(|_| "postgres".into());
    let known = Command::new("id")
        .arg("-u")
        .arg(&user)
        .output()
        .await
        .map(|o| o.status.success())
        .unwrap_or(false);
    if known {
        Ok(Some(user))
    } else {
        Err(ClusterError::NoUnprivilegedUser { user })
    }
}

#[cfg(test)]
#[path = "embedded_tests.rs"]
mod tests;
