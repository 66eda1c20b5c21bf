//! Database connections: a pool to the configured server or to the embedded cluster,
//! PostGIS checks, migrations and the database objects (views, functions, triggers).

pub mod backup;
pub mod embedded;
pub mod objects;

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use crate::config::DatabaseArgs;
pub use embedded::{Cluster, ClusterError};

/// Migrations compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// What went wrong while getting a usable database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    #[error("could not connect to PostgreSQL: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("the database has no PostGIS: {0}. Install it (Debian: apt-get install postgresql-15-postgis-3) or ask the database administrator to run CREATE EXTENSION postgis")]
    NoPostgis(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed while {doing}: {source}")]
    Query {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

/// A pool plus, when arealbank started one, the embedded cluster behind it.
pub struct Database {
    pub pool: PgPool,
    cluster: Option<Cluster>,
    /// How PostgreSQL's own tools (pg_dump, pg_restore) reach the same database.
    pub target: backup::Target,
}

impl Database {
    /// Connect to `DATABASE_URL`, or start the embedded cluster in the data folder.
    pub async fn open(args: &DatabaseArgs) -> Result<Self, DbError> {
        let (options, cluster, url) = match &args.database_url {
            Some(url) => {
                let options: PgConnectOptions = url.parse().map_err(DbError::Connect)?;
                (options, None, url.clone())
            }
            None => {
                let cluster = Cluster::start(&args.data_dir).await?;
                let url = cluster.url(embedded::DATABASE);
                (
                    cluster.connect_options(embedded::DATABASE),
                    Some(cluster),
                    url,
                )
            }
        };
        let pool = pool_options()
            .connect_with(tuned(options).options([(
                "arealbank.substation_stale_days",
                args.substation_stale_days.to_string(),
            )]))
            .await
            .map_err(DbError::Connect)?;
        Ok(Self {
            pool,
            cluster,
            target: backup::Target::from_url(&url),
        })
    }

    /// Close the pool and stop the embedded cluster if this process started it.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(cluster) = self.cluster {
            if let Err(e) = cluster.stop().await {
                tracing::error!(error = %e, "stopping the embedded PostgreSQL cluster failed");
            }
        }
    }
}

/// A pooled connection idle for longer than this is tested before it is handed out.
const TEST_IDLE_AFTER: Duration = Duration::from_secs(5);

/// Pool settings shared by the server and tests.
///
/// sqlx tests every connection when it comes back (a round trip after each request). It
/// would test it again when it is taken, a second round trip before every statement; that
/// test is kept only for connections that have been idle for a while, where the server may
/// have dropped them (a single item at 1 client: ~0.1 ms of its ~0.3 ms).
pub fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > TEST_IDLE_AFTER {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

/// Session settings every connection gets. Statements are prepared once per connection
/// and PostgreSQL may keep a generic plan of them (a single item or a tile is then not
/// planned again on every request). Queries whose optional filters are written
/// `($1 is null or …)`, and the CQL2 pages whose geometry literals must be folded into
/// the plan, need a plan made for their values so that the branches that do not apply go
/// and the spatial index is used: they are sent unprepared (`.persistent(false)`, an
/// unnamed statement is planned with its values each time) or, as compile-checked
/// macros, run in [`crate::store::planned_per_call`].
///
/// No parallel workers: a request is one statement among many running at once, and
/// starting a worker costs more than a page's scan (a CQL2 page at 10 000 areas: 76 ms
/// → 47 ms at 1 client, 21 → 30 per second at 8, measured with pgbench).
pub fn tuned(options: PgConnectOptions) -> PgConnectOptions {
    options
        .application_name("arealbank")
        .options([("max_parallel_workers_per_gather", "0")])
}

/// Make sure PostGIS is there (creating it if allowed), then migrate.
pub async fn prepare(pool: &PgPool) -> Result<String, DbError> {
    let available = sqlx::query_scalar!(
        r#"select exists(select 1 from pg_available_extensions where name = 'postgis') as "ok!""#
    )
    .fetch_one(pool)
    .await
    .map_err(|source| DbError::Query {
        doing: "looking for the PostGIS extension",
        source,
    })?;
    if !available {
        return Err(DbError::NoPostgis(
            "the server has no postgis extension installed".into(),
        ));
    }
    objects::migrate(pool).await?;
    let version = sqlx::query_scalar!(r#"select postgis_lib_version() as "v!""#)
        .fetch_one(pool)
        .await
        .map_err(|e| DbError::NoPostgis(e.to_string()))?;
    Ok(version)
}

/// How many of the compiled-in migrations the database has not applied (0: migrated).
/// A database this binary never migrated has no `_sqlx_migrations` and counts them all.
pub async fn pending_migrations(pool: &PgPool) -> Result<usize, sqlx::Error> {
    let applied: Vec<i64> =
        match sqlx::query_scalar("select version from _sqlx_migrations where success")
            .fetch_all(pool)
            .await
        {
            Ok(v) => v,
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P01") => Vec::new(),
            Err(e) => return Err(e),
        };
    Ok(MIGRATOR
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .count())
}

#[cfg(test)]
mod tests {
    use super::MIGRATOR;

    /// Landed migrations are frozen: sqlx refuses to start on a database whose recorded
    /// checksum of an applied migration differs from the compiled one. Every migration
    /// compiled in must have the checksum it had when it landed: those up to 0020 in
    /// `migrations/landed.sha384` (frozen itself), each later one in a file of its own,
    /// `migrations/landed/<migration>.sha384`, added with the migration — so landing a
    /// migration adds files and never edits one.
    #[test]
    fn landed_migrations_are_unchanged() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut text = std::fs::read_to_string(dir.join("landed.sha384")).expect("landed.sha384");
        let mut files: Vec<_> = std::fs::read_dir(dir.join("landed"))
            .expect("migrations/landed")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "sha384"))
            .collect();
        files.sort();
        for f in files {
            text.push('\n');
            text.push_str(&std::fs::read_to_string(f).expect("checksum file"));
        }
        let landed: std::collections::BTreeMap<&str, &str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split_once(' ').expect("file name, space, checksum"))
            .collect();
        let mut problems = Vec::new();
        let mut compiled = std::collections::BTreeSet::new();
        for m in MIGRATOR.iter() {
            let file = format!("{:04}_{}.sql", m.version, m.description.replace(' ', "_"));
            let hex: String = m.checksum.iter().map(|b| format!("{b:02x}")).collect();
            compiled.insert(file.clone());
            match landed.get(file.as_str()) {
                Some(sum) if *sum == hex => {}
                Some(_) => problems.push(format!(
                    "{file} changed after it landed: restore it and put the change in a new migration"
                )),
                None => problems.push(format!(
                    "{file} is new: add the file migrations/landed/{file}.sha384 holding this line:\n{file} {hex}"
                )),
            }
        }
        for file in landed.keys().filter(|f| !compiled.contains(**f)) {
            problems.push(format!("{file} landed and is gone: put it back"));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
