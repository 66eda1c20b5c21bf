//! A database created and filled before the views, functions and triggers moved out of the
//! versioned migrations (main at b3de577 had migrations 0001–0016; landed migrations are
//! frozen, so these files are byte for byte what it ran) starts on this binary with its
//! areas, history, accounts and comparison sets, and serves the same features. And a
//! database of the last release (migrations 0001–0025, main at 996be53, its objects and
//! data) is migrated by the new binary's `serve` and served as it was. (Long because a
//! database is filled the way each old release filled it; the two tests share the snapshot
//! and the comparison.)

use std::path::Path;

use arealbank::api::Settings;
use arealbank::app::Application;
use arealbank::db;
use serde_json::Value;
use sqlx::migrate::Migrator;
use sqlx::PgPool;

use crate::helpers::{serve, spawn_app};

/// The last migration of main at b3de577.
const PREVIOUS_RELEASE: i64 = 16;
/// The last migration of the release before this one (main at 996be53).
const LAST_RELEASE: i64 = 25;

async fn migrate_as_previous_release(pool: &PgPool) {
    migrate_upto(pool, PREVIOUS_RELEASE).await;
}

/// Run the landed migrations 0001..=`upto`, as the release that ended there did.
async fn migrate_upto(pool: &PgPool, upto: i64) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "migrations-upto-{upto}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("upgrade test step");
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .expect("upgrade test step")
    {
        let path = entry.expect("upgrade test step").path();
        let name = path
            .file_name()
            .expect("upgrade test step")
            .to_string_lossy()
            .to_string();
        let version: Option<i64> = name.split('_').next().and_then(|v| v.parse().ok());
        if name.ends_with(".sql") && version.is_some_and(|v| v <= upto) {
            std::fs::copy(&path, dir.join(&name)).expect("upgrade test step");
        }
    }
    let old = Migrator::new(dir.as_path()).await.expect("old migrations");
    assert_eq!(old.iter().count() as i64, upto);
    old.run(pool)
        .await
        .expect("migrate as the previous release did");
    std::fs::remove_dir_all(&dir).expect("upgrade test step");
}

/// What a reader of the database sees, table by table, in key order.
async fn snapshot(pool: &PgPool) -> Vec<(String, Vec<String>)> {
    let queries = [
        (
            "public features",
            "select feature from area_public order by id",
        ),
        ("public count", "select public_area_count()::text"),
        ("areas", "select to_jsonb(a)::text from area a order by id"),
        (
            "history",
            "select to_jsonb(h)::text from area_history h order by area_id, version",
        ),
        (
            "accounts",
            "select to_jsonb(u)::text from app_user u order by username",
        ),
        (
            "tokens",
            "select to_jsonb(t)::text from api_token t order by name",
        ),
        (
            "comparison sets",
            "select to_jsonb(c)::text from comparison c order by id",
        ),
        (
            "members",
            "select to_jsonb(m)::text from comparison_member m order by comparison_id, area_id",
        ),
        (
            "facts",
            "select to_jsonb(f) - 'computed_at' #>> '{}' from area_fact f order by area_id",
        ),
    ];
    let mut out = Vec::new();
    for (what, sql) in queries {
        let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(pool).await.expect(what);
        out.push((what.to_string(), rows));
    }
    out
}

/// Rows parsed as JSON where they are JSON (compared by value, not by text).
fn as_json(rows: &[String]) -> Vec<Value> {
    rows.iter()
        .map(|r| serde_json::from_str(r).unwrap_or_else(|_| Value::String(r.clone())))
        .collect()
}

/// The planner `planlegger` of 3405 with the API token `qgis`, through the store.
async fn add_planner_with_token(pool: &PgPool) {
    let user = arealbank::domain::user::NewUser::new(
        "planlegger",
        None,
        "planner",
        &["3405".to_string()],
        "a long test password",
    )
    .expect("upgrade test step");
    arealbank::store::users::add(pool, &user)
        .await
        .expect("account");
    let (_, digest) = arealbank::domain::token::generate();
    arealbank::store::users::add_token(pool, "planlegger", "qgis", &digest)
        .await
        .expect("token");
}

/// Every table of `after` keeps every row of `before`, row by row as JSON: the Feature
/// texts are rebuilt from the field table (same members and values, another order and
/// spacing).
fn assert_snapshot_kept(before: &[(String, Vec<String>)], after: &[(String, Vec<String>)]) {
    for ((what, old), (_, new)) in before.iter().zip(after) {
        assert_eq!(
            old.len(),
            new.len(),
            "{what}: rows lost or added by the upgrade"
        );
        for (o, n) in as_json(old).iter().zip(&as_json(new)) {
            assert_kept(o, n, what);
        }
    }
}

/// `new` holds everything `old` held, with the same values; fields added since (a later
/// migration's columns, in the Feature's properties or in a row) may only be empty — except
/// computed facts, which the new release may compute in more detail (members of a fact's
/// object may be added; what was there stays).
fn assert_kept(old: &Value, new: &Value, what: &str) {
    kept(old, new, what, false);
}

fn kept(old: &Value, new: &Value, what: &str, in_fact: bool) {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        if old.is_number() && new.is_number() {
            // numbers by value (0 and 0.0 are the same figure)
            assert_eq!(old.as_f64(), new.as_f64(), "{what} changed by the upgrade");
        } else {
            assert_eq!(old, new, "{what} changed by the upgrade");
        }
        return;
    };
    // a fact the new release computes (from the same layers) may be there already
    let fact = |k: &str| {
        matches!(k, "conflicts" | "zoning")
            || arealbank::domain::fields::field(k)
                .is_some_and(|f| f.source == arealbank::domain::fields::Source::Fact)
    };
    for (k, v) in n {
        let here = format!("{what}: {k}");
        match (o.get(k), k.as_str()) {
            // facts are recomputed when their definition changed: later, never earlier
            (Some(ov), "facts_computed_at" | "computed_at") => assert!(
                v.as_str() >= ov.as_str(),
                "{what}: facts computed earlier than before: {ov} → {v}"
            ),
            (Some(ov), _) => kept(ov, v, &here, in_fact || fact(k)),
            (None, k) if in_fact || fact(k) => {}
            (None, _) => assert!(v.is_null(), "{what}: new field {k} has a value: {v}"),
        }
    }
    for k in o.keys() {
        assert!(n.contains_key(k), "{what}: {k} lost by the upgrade");
    }
}

/// A database of our own beside the test's; its URL and a pool on it.
async fn own_database(app: &crate::helpers::TestApp, suffix: &str) -> (String, PgPool) {
    let name = format!("{}_{suffix}", app.database_name());
    let mut admin = app.admin_connection().await;
    sqlx::raw_sql(&format!("create database {name}"))
        .execute(&mut admin)
        .await
        .expect("upgrade test step");
    let url = app.database_url.replace(&app.database_name(), &name);
    let pool = db::pool_options()
        .max_connections(4)
        .connect_with(db::tuned(url.parse().expect("upgrade test step")))
        .await
        .expect("upgrade test step");
    (url, pool)
}

#[tokio::test]
async fn a_database_of_the_previous_release_starts_with_its_data() {
    // a database of our own, made the way the previous release made it
    let app = spawn_app().await;
    let (_, pool) = own_database(&app, "previous").await;
    migrate_as_previous_release(&pool).await;
    let objects: i64 =
        sqlx::query_scalar("select count(*) from pg_views where viewname = 'area_public'")
            .fetch_one(&pool)
            .await
            .expect("upgrade test step");
    assert_eq!(objects, 1, "the previous release's views are there");

    // filled through its tables: demo areas with facts, a planner with a token, an edit
    // (history), an ended area, the demo comparison set
    arealbank::seed::seed_municipalities(&pool)
        .await
        .expect("boundaries");
    // the substations in the previous release's columns (the seed writes today's), so
    // that the seed below leaves them as they are
    let stations: Value =
        serde_json::from_str(include_str!("../../seeds/layers/substations.geojson"))
            .expect("seed substations");
    for f in stations["features"].as_array().expect("features") {
        let p = &f["properties"];
        sqlx::query(
            "insert into substation (name, operator, voltage_kv, geom, free_capacity_mw_min,
                 free_capacity_mw_max, future_capacity_mw_min, future_capacity_mw_max, measure,
                 expected_year, queue_status, source_url, as_of, demo)
             values ($1, $2, $3, st_transform(st_setsrid(st_makepoint($4, $5), 4326), 25832),
                     $6, $7, $8, $9, $10, $11, $12, $13, $14::date, $15)",
        )
        .bind(p["name"].as_str())
        .bind(p["operator"].as_str())
        .bind(p["voltage_kv"].as_f64())
        .bind(f["geometry"]["coordinates"][0].as_f64())
        .bind(f["geometry"]["coordinates"][1].as_f64())
        .bind(p["free_capacity_mw_min"].as_f64())
        .bind(p["free_capacity_mw_max"].as_f64())
        .bind(p["future_capacity_mw_min"].as_f64())
        .bind(p["future_capacity_mw_max"].as_f64())
        .bind(p["measure"].as_str())
        .bind(p["expected_year"].as_i64().map(|y| y as i32))
        .bind(p["queue_status"].as_str())
        .bind(p["source_url"].as_str())
        .bind(p["as_of"].as_str())
        .bind(p["demo"].as_bool().unwrap_or(false))
        .execute(&pool)
        .await
        .expect("a substation in the previous release's columns");
    }
    // the reference layers too, through the previous release's columns
    let manifest: Value =
        serde_json::from_str(include_str!("../../seeds/layers/manifest.json")).expect("manifest");
    for entry in manifest.as_array().expect("layers") {
        let kind = entry["kind"].as_str().expect("kind");
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("seeds/layers/{kind}.geojson"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("layer file"))
            .expect("json");
        let features = doc["features"].as_array().expect("features");
        for f in features {
            let p = &f["properties"];
            sqlx::query(
                "insert into layer_feature (kind, name, class, properties, geom)
                 values ($1, $2, $3, $4, st_transform(st_setsrid(st_geomfromgeojson($5), 4326), 25832))",
            )
            .bind(kind)
            .bind(p["name"].as_str().or(p["navn"].as_str()))
            .bind(p["class"].as_str().map(str::to_string).or(p["arealtype"].as_i64().map(|c| c.to_string())))
            .bind(p)
            .bind(f["geometry"].to_string())
            .execute(&pool)
            .await
            .expect("a layer feature in the previous release's columns");
        }
        sqlx::query(
            "update layer set source = $2, licence = $3, as_of = $4::date, demo = $5,
                              loaded_at = now(), loaded_by = 'seed', feature_count = $6
             where kind = $1",
        )
        .bind(kind)
        .bind(entry["source"].as_str())
        .bind(entry["licence"].as_str())
        .bind(entry["as_of"].as_str())
        .bind(entry["demo"].as_bool().unwrap_or(true))
        .bind(features.len() as i32)
        .execute(&pool)
        .await
        .expect("the layer's source");
    }
    let codes = arealbank::store::codes::load(&pool)
        .await
        .expect("upgrade test step");
    let demo = arealbank::domain::import::parse_feature_collection(
        arealbank::seed::DEMO_AREAS.as_bytes(),
        None,
        &codes,
    )
    .expect("upgrade test step");
    let by = arealbank::store::areas::ChangedBy {
        user_id: None,
        name: "seed",
    };
    arealbank::store::areas::insert_all(&pool, &demo.areas, &by)
        .await
        .expect("demo areas");
    add_planner_with_token(&pool).await;
    sqlx::raw_sql(
        "with a as (select * from area where reference = '3405-K-006')
         insert into area_history (area_id, version, action, changed_by, changed_by_name,
                                   changed_fields, previous)
             select a.id, a.version, 'update', u.id, 'planlegger', '{name}', to_jsonb(a)
             from a, app_user u where u.username = 'planlegger';
         update area set name = name || ' (endret)', version = version + 1
             where reference = '3405-K-006';
         update area set end_date = current_date - 1, end_reason = 'solgt', version = version + 1
             where reference = '3405-K-007';
         insert into comparison (municipality, title, visibility, weights, updated_by)
             values ('3405', 'Næringsarealalternativer', 'public', '{\"size\": 2}', 'planlegger');
         insert into comparison_member (comparison_id, area_id, position, note)
             select c.id, a.id, row_number() over (order by a.reference), 'notat'
             from comparison c, area a where a.reference in ('3405-K-008', '3405-K-009');",
    )
    .execute(&pool)
    .await
    .expect("fill as the previous release");
    let before = snapshot(&pool).await;
    assert!(
        before[0].1.len() >= 5,
        "public features to compare: {}",
        before[0].1.len()
    );
    assert!(!before[3].1.is_empty() && !before[6].1.is_empty());

    // the new binary's start-up: objects recreated, the same data and features
    db::prepare(&pool)
        .await
        .expect("start on the previous release's database");
    let after = snapshot(&pool).await;
    assert_snapshot_kept(&before, &after);
    let recorded: i64 = sqlx::query_scalar("select count(*) from db_object")
        .fetch_one(&pool)
        .await
        .expect("upgrade test step");
    assert_eq!(recorded as usize, db::objects::objects().len());

    // and serves them: every public feature over the OGC API as it was
    let server = Application::build(
        pool.clone(),
        Settings::default(),
        "127.0.0.1:0".parse().expect("upgrade test step"),
    )
    .await
    .expect("upgrade test step");
    let address = server.local_addr().expect("upgrade test step");
    tokio::spawn(server.run_until(std::future::pending()));
    let page: Value = reqwest::get(format!(
        "http://{address}/ogc/collections/areas/items?limit=1000"
    ))
    .await
    .expect("upgrade test step")
    .json()
    .await
    .expect("upgrade test step");
    let served: Vec<Value> = page["features"]
        .as_array()
        .expect("upgrade test step")
        .clone();
    let expected = as_json(&before[0].1);
    assert_eq!(served.len(), expected.len());
    for (o, n) in expected.iter().zip(&served) {
        assert_kept(o, n, "served features");
    }

    // a second start finds nothing to do and leaves the objects as they are
    let applied_at: Vec<String> =
        sqlx::query_scalar("select applied_at::text from db_object order by file")
            .fetch_all(&pool)
            .await
            .expect("upgrade test step");
    db::prepare(&pool).await.expect("upgrade test step");
    let again: Vec<String> =
        sqlx::query_scalar("select applied_at::text from db_object order by file")
            .fetch_all(&pool)
            .await
            .expect("upgrade test step");
    assert_eq!(applied_at, again);

    // an object whose definition changed rebuilds what it derived: here the kept Feature
    // texts, left wrong by a different (older) definition of the function that builds them
    sqlx::raw_sql(
        "create or replace function refresh_area_feature(ids uuid[]) returns void
             language sql as $$ select $$;
         update area_feature set body = '{\"stale\":';
         update db_object set checksum = '\\x00' where file like '%refresh_area_feature%';",
    )
    .execute(&pool)
    .await
    .expect("upgrade test step");
    db::prepare(&pool).await.expect("upgrade test step");
    let rebuilt: Vec<String> = sqlx::query_scalar("select feature from area_public order by id")
        .fetch_all(&pool)
        .await
        .expect("upgrade test step");
    assert_eq!(
        as_json(&rebuilt),
        as_json(&after[0].1),
        "Feature texts rebuilt by the recreated function"
    );
    pool.close().await;
}

/// The search view as the last release defined it (over `area` and `area_fact`, before
/// the kept `area_criteria`).
const LAST_RELEASE_AREA_SEARCH: &str = r#"-- Search over public areas: one row per area with the facts a company searches by (the
-- criteria of /api/search), flat and typed, so that each criterion is a plain comparison.
-- Scope filters (municipality, kind, availability, where) use the area's own indexes; the
-- criteria are judged per row so that near misses can be told apart.
create view area_search as
select
    a.id, a.municipality, a.kind, a.readiness, a.availability, a.available_from,
    coalesce(a.area_available_m2, a.area_gross_m2) as available_m2,
    a.land_control,
    a.price_nok_per_m2_min::float8 as price_min,
    a.fibre,
    array_remove(array[
        case when a.water = 'yes' then 'water' end,
        case when a.sewage = 'yes' then 'sewage' end,
        case when a.stormwater = 'yes' then 'stormwater' end,
        case when a.fibre = 'yes' then 'fibre' end,
        case when a.district_heating = 'yes' then 'district_heating' end], null) as utilities_present,
    f.e6_junction_m, f.rail_terminal_m, f.skysstasjon_m, f.town_centre_m, f.main_road_m,
    s.name as substation_name,
    s.free_capacity_mw_min as free_mw_min,
    s.free_capacity_mw_max as free_mw_max,
    coalesce((f.conflicts -> 'farmland' ->> 'share')::float8, 0) as farmland_share,
    coalesce((f.conflicts -> 'protected_nature' ->> 'share')::float8, 0) as nature_share,
    coalesce((f.conflicts -> 'flood_zone' ->> 'share')::float8, 0) as flood_share,
    coalesce((f.conflicts -> 'landslide_hazard' ->> 'share')::float8, 0) as landslide_share,
    coalesce((f.conflicts -> 'quick_clay' ->> 'share')::float8, 0) as quick_clay_share,
    a.geom
from area_visible a
left join area_fact f on f.area_id = a.id
left join substation s on s.id = f.substation_id;
"#;

/// The database objects as the last release created and recorded them: today's files,
/// except those this release changed (033: the outline trigger compared geometries with
/// PostGIS's operator, not as EWKB; 080: the search read the wide rows) and without those
/// it added (036 and 045: the kept search criteria).
async fn objects_of_the_last_release(pool: &PgPool) {
    use sha2::{Digest, Sha384};
    let objects = db::objects::objects();
    // what the migrations before the objects moved out created, as every start drops it
    for drop in objects.iter().rev().flat_map(|o| &o.drops) {
        sqlx::raw_sql(&format!("{drop} cascade"))
            .execute(pool)
            .await
            .expect("drop an object of the old migrations");
    }
    for o in objects {
        if o.file.starts_with("036_") || o.file.starts_with("045_") {
            continue;
        }
        let sql = if o.file.starts_with("080_") {
            LAST_RELEASE_AREA_SEARCH.to_string()
        } else if o.file.starts_with("033_") {
            let old = o.sql.replace(
                "old.geom::bytea is distinct from new.geom::bytea",
                "old.geom is distinct from new.geom",
            );
            assert_ne!(old, o.sql, "the last release's trigger condition");
            old
        } else {
            o.sql.clone()
        };
        sqlx::raw_sql(&sql)
            .execute(pool)
            .await
            .expect("the last release's database objects");
        sqlx::query("insert into db_object (file, checksum) values ($1, $2)")
            .bind(&o.file)
            .bind(Sha384::digest(sql.as_bytes()).to_vec())
            .execute(pool)
            .await
            .expect("record an object");
    }
}

#[tokio::test]
async fn the_new_binary_starts_on_a_database_of_the_last_release() {
    let app = spawn_app().await;
    let (url, pool) = own_database(&app, "last_release").await;
    migrate_upto(&pool, LAST_RELEASE).await;
    objects_of_the_last_release(&pool).await;
    // the last release's data: the demo seed (areas, facts, layers, the comparison set), a
    // planner with a token, an edit and an ended area
    arealbank::seed::seed(&pool).await.expect("seed");
    add_planner_with_token(&pool).await;
    sqlx::raw_sql(
        "update area set name = name || ' (endret)', version = version + 1
             where reference = '3405-K-006';
         update area set end_date = current_date - 1, end_reason = 'solgt', version = version + 1
             where reference = '3405-K-007';",
    )
    .execute(&pool)
    .await
    .expect("edit as the last release");
    let before = snapshot(&pool).await;
    assert!(before[0].1.len() >= 5 && !before[6].1.is_empty());
    pool.close().await;

    // the new binary itself, as the service starts it
    let mut cli = std::process::Command::new(env!("CARGO_BIN_EXE_arealbank"));
    cli.env("DATABASE_URL", &url);
    let (mut child, base, _log) = serve(cli);
    let ready = reqwest::get(format!("{base}/health/ready"))
        .await
        .expect("ready");
    assert_eq!(ready.status(), 200, "migrated and ready");
    let page: Value = reqwest::get(format!("{base}/ogc/collections/areas/items?limit=1000"))
        .await
        .expect("items")
        .json()
        .await
        .expect("items");
    let _ = child.kill();
    let _ = child.wait();

    let pool = db::pool_options()
        .max_connections(2)
        .connect(&url)
        .await
        .expect("upgrade test step");
    let migrations: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations where success")
        .fetch_one(&pool)
        .await
        .expect("upgrade test step");
    assert!(migrations > LAST_RELEASE, "this release's migrations ran");
    let trigger: String = sqlx::query_scalar(
        "select pg_get_triggerdef(oid) from pg_trigger where tgname = 'area_fact_on_outline'",
    )
    .fetch_one(&pool)
    .await
    .expect("trigger");
    assert!(
        trigger.contains("bytea"),
        "the changed object recreated: {trigger}"
    );
    let (criteria, areas): (i64, i64) =
        sqlx::query_as("select (select count(*) from area_criteria), (select count(*) from area)")
            .fetch_one(&pool)
            .await
            .expect("upgrade test step");
    assert_eq!(
        criteria, areas,
        "the new search criteria built for every area"
    );
    let after = snapshot(&pool).await;
    pool.close().await;
    assert_snapshot_kept(&before, &after);
    let served = page["features"].as_array().expect("features");
    let expected = as_json(&before[0].1);
    assert_eq!(served.len(), expected.len());
    for (o, n) in expected.iter().zip(served) {
        assert_kept(o, n, "served features");
    }
}
