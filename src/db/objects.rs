//! Database objects that are not data — views, functions, triggers — as repeatable SQL in
//! `src/db/objects/`, one object per file (a trigger function together with the triggers
//! that run it), named `NNN_<object>.sql` and created in file-name order, so that a file
//! only uses objects of files before it. Versioned migrations hold tables, indexes and data.
//! Lists of fields are written `{{…}}` and expanded from the field table
//! (`store::fields::expand`); the checksum is of the expanded SQL, so a new field recreates
//! the objects and rebuilds the Feature texts.
//!
//! At start-up, when a migration is pending or an object's SQL differs from what the
//! database last applied (`db_object`), one transaction drops every object (in reverse
//! order), runs the pending migrations on the bare tables, drops again what old migrations
//! may have created, creates every object, and runs the `-- on change:` statement of each
//! file whose objects now read differently in the catalog (rebuilding what was derived with
//! the old definition, e.g. the kept Feature texts). Otherwise nothing is touched.

use std::collections::BTreeMap;

use rust_embed::RustEmbed;
use sha2::{Digest, Sha384};
use sqlx::{PgConnection, PgPool};

use super::{DbError, MIGRATOR};

#[derive(RustEmbed)]
#[folder = "src/db/objects"]
#[include = "*.sql"]
struct Files;

/// Objects that files once created and no longer do, dropped with the others.
const RETIRED: &[&str] = &[
    "drop function if exists signed_in_part",
    "drop function if exists private_part",
];

/// Serialises start-ups of several instances on one database.
const LOCK: i64 = 0x6172_6561_6c62_616e; // "arealban"

/// One file of `src/db/objects/`.
#[derive(Debug)]
pub struct Object {
    pub file: String,
    pub sql: String,
    checksum: Vec<u8>,
    /// `drop … if exists` for what the file creates, in the order to run them
    pub drops: Vec<String>,
    /// the names of what it creates
    names: Vec<String>,
    on_change: Option<String>,
}

/// Every object file in creation order.
pub fn objects() -> Vec<Object> {
    let mut names: Vec<_> = Files::iter().collect();
    names.sort();
    names
        .into_iter()
        .map(|file| {
            let bytes = Files::get(&file).expect("listed file").data;
            let text = String::from_utf8(bytes.into_owned()).expect("object files are UTF-8");
            let sql = crate::store::fields::expand(&text);
            let drops = drops(&sql);
            let names = drops
                .iter()
                .map(|d| d.split_whitespace().nth(4).unwrap_or_default().to_string())
                .collect();
            let on_change = sql
                .lines()
                .find_map(|l| l.strip_prefix("-- on change:"))
                .map(|s| s.trim().to_string());
            Object {
                checksum: Sha384::digest(sql.as_bytes()).to_vec(),
                file: file.into_owned(),
                sql,
                drops,
                names,
                on_change,
            }
        })
        .collect()
}

/// The objects a file creates, as `drop` statements in reverse order of creation (a
/// trigger before its function). Every statement of an object file starts with `create`.
fn drops(sql: &str) -> Vec<String> {
    let mut drops: Vec<String> = sql
        .lines()
        .filter_map(|l| l.strip_prefix("create "))
        .map(|rest| {
            let rest = rest.strip_prefix("or replace ").unwrap_or(rest);
            let mut words = rest.split_whitespace();
            let kind = words.next().unwrap_or_default();
            let name = words
                .next()
                .unwrap_or_default()
                .split('(')
                .next()
                .unwrap_or_default();
            match kind {
                "trigger" => {
                    let table = words
                        .skip_while(|w| *w != "on")
                        .nth(1)
                        .expect("create trigger … on <table> on one line");
                    format!("drop trigger if exists {name} on {table}")
                }
                "view" | "function" => format!("drop {kind} if exists {name}"),
                other => panic!("object files create views, functions and triggers, not {other}"),
            }
        })
        .collect();
    drops.reverse();
    drops
}

/// Run pending migrations and bring the objects up to date, in one transaction.
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    let query = |doing: &'static str| move |source| DbError::Query { doing, source };
    let objects = objects();
    let mut tx = pool
        .begin()
        .await
        .map_err(query("starting the migration"))?;
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(LOCK)
        .execute(&mut *tx)
        .await
        .map_err(query("waiting for another instance's migration"))?;
    let applied = applied_objects(&mut tx)
        .await
        .map_err(query("reading the applied database objects"))?;
    let unchanged = objects
        .iter()
        .all(|o| applied.get(&o.file) == Some(&o.checksum))
        && applied.len() == objects.len();
    if unchanged
        && !migrations_pending(&mut tx)
            .await
            .map_err(query("reading the applied migrations"))?
    {
        return tx.commit().await.map_err(query("ending the check"));
    }
    let before = definitions(&mut tx, &objects)
        .await
        .map_err(query("reading the definitions of the database objects"))?;
    drop_all(&mut tx, &objects).await?;
    MIGRATOR.run(&mut *tx).await?;
    drop_all(&mut tx, &objects).await?;
    for o in &objects {
        sqlx::raw_sql(&o.sql)
            .execute(&mut *tx)
            .await
            .map_err(query("creating the database views and functions"))?;
    }
    let after = definitions(&mut tx, &objects)
        .await
        .map_err(query("reading the definitions of the database objects"))?;
    // what changed in meaning as PostgreSQL reads it (comments and layout outside the
    // function bodies do not count) rebuilds what it derived
    let changed = |o: &&Object| {
        o.names
            .iter()
            .any(|n| !before.contains_key(n) || before.get(n) != after.get(n))
    };
    for o in objects.iter().filter(changed) {
        if let Some(sql) = &o.on_change {
            tracing::info!(object = %o.file, "rebuilding what this database object derives");
            sqlx::raw_sql(sql)
                .execute(&mut *tx)
                .await
                .map_err(query("rebuilding derived data after a changed object"))?;
        }
    }
    sqlx::query("delete from db_object")
        .execute(&mut *tx)
        .await
        .map_err(query("recording the database objects"))?;
    for o in &objects {
        sqlx::query("insert into db_object (file, checksum) values ($1, $2)")
            .bind(&o.file)
            .bind(&o.checksum)
            .execute(&mut *tx)
            .await
            .map_err(query("recording the database objects"))?;
    }
    tx.commit().await.map_err(query("committing the migration"))
}

async fn drop_all(conn: &mut PgConnection, objects: &[Object]) -> Result<(), DbError> {
    let sql: Vec<&str> = objects
        .iter()
        .rev()
        .flat_map(|o| o.drops.iter().map(String::as_str))
        .chain(RETIRED.iter().copied())
        .collect();
    // "does not exist, skipping" notices are the normal case on a new database
    let sql = format!(
        "set local client_min_messages = warning;\n{};",
        sql.join(";\n")
    );
    sqlx::raw_sql(&sql)
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|source| DbError::Query {
            doing: "dropping the database views and functions",
            source,
        })
}

/// Each object's definition as the catalog holds it, by name.
async fn definitions(
    conn: &mut PgConnection,
    objects: &[Object],
) -> Result<BTreeMap<String, String>, sqlx::Error> {
    let names: Vec<&str> = objects
        .iter()
        .flat_map(|o| o.names.iter().map(String::as_str))
        .collect();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select p.proname::text, pg_get_functiondef(p.oid) from pg_proc p
          where p.pronamespace = current_schema()::regnamespace and p.proname = any($1)
         union all
         select c.relname::text, pg_get_viewdef(c.oid) from pg_class c
          where c.relkind = 'v' and c.relnamespace = current_schema()::regnamespace
            and c.relname = any($1)
         union all
         select t.tgname::text, pg_get_triggerdef(t.oid) from pg_trigger t
          where not t.tgisinternal and t.tgname = any($1)",
    )
    .bind(&names)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().collect())
}

async fn applied_objects(
    conn: &mut PgConnection,
) -> Result<BTreeMap<String, Vec<u8>>, sqlx::Error> {
    let exists: bool = sqlx::query_scalar("select to_regclass('db_object') is not null")
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(String, Vec<u8>)> = sqlx::query_as("select file, checksum from db_object")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn migrations_pending(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    let exists: bool = sqlx::query_scalar("select to_regclass('_sqlx_migrations') is not null")
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(true);
    }
    let applied: BTreeMap<i64, Vec<u8>> = sqlx::query_as::<_, (i64, Vec<u8>)>(
        "select version, checksum from _sqlx_migrations where success",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    Ok(MIGRATOR
        .iter()
        .any(|m| applied.get(&m.version).map(Vec::as_slice) != Some(&*m.checksum)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One object per file, named after it; every statement a `create` we know how to drop.
    #[test]
    fn every_file_creates_the_object_it_is_named_after() {
        let objects = objects();
        assert!(objects.len() > 20, "object files embedded");
        for o in &objects {
            let (order, name) = o
                .file
                .trim_end_matches(".sql")
                .split_once('_')
                .expect("NNN_name.sql");
            assert!(
                order.len() == 3 && order.parse::<u16>().is_ok(),
                "{}: NNN_ prefix",
                o.file
            );
            let first = o.drops.last().expect("creates something");
            assert!(
                first.ends_with(&format!(" {name}")) || first.contains(&format!(" {name} on ")),
                "{}: first object is {first}",
                o.file
            );
            let creates =
                o.sql.matches("\ncreate ").count() + usize::from(o.sql.starts_with("create "));
            assert_eq!(
                creates,
                o.drops.len(),
                "{}: every create at a line's start",
                o.file
            );
        }
    }

    #[test]
    fn triggers_are_dropped_before_their_function() {
        let o = objects()
            .into_iter()
            .find(|o| o.file.ends_with("_touch_updated_at.sql"))
            .expect("the touch_updated_at file");
        assert_eq!(
            o.drops.last().expect("drops"),
            "drop function if exists touch_updated_at"
        );
        assert_eq!(
            o.drops[0],
            "drop trigger if exists comparison_touch_updated_at on comparison"
        );
    }
}
