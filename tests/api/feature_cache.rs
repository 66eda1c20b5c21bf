//! Public items are served from each area's ready-made Feature text (`area_feature`): it
//! must equal a fresh build after every kind of change — the area, its outline (and so
//! its facts), its facts alone, its substation's figures — and `substation_stale`
//! follows today's date. The search's criteria (`area_criteria`) are kept the same way
//! and checked beside them.

use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{spawn_app, TestApp};

/// Areas whose row in `table` (kept by triggers) differs from a fresh build by `refresh`,
/// or that have none; rebuilt inside a rolled-back transaction, so the check changes
/// nothing.
async fn stale_rows(app: &TestApp, table: &str, refresh: &str) -> i64 {
    let mut tx = app.pool.begin().await.expect("tx");
    for sql in [
        format!("create temp table kept on commit drop as select * from {table}"),
        format!("select {refresh}(array(select id from area))"),
    ] {
        sqlx::query(&sql).execute(&mut *tx).await.expect(&sql);
    }
    let n: i64 = sqlx::query_scalar(&format!(
        "select (select count(*) from (table kept except table {table}) d)
              + (select count(*) from (table {table} except table kept) d)
              + (select count(*) from area a where not exists
                    (select 1 from kept k where k.area_id = a.id))"
    ))
    .fetch_one(&mut *tx)
    .await
    .expect("compare");
    tx.rollback().await.expect("rollback");
    n
}

/// The kept Feature texts and search criteria equal a fresh build.
async fn all_fresh(app: &TestApp, when: &str) {
    let texts = stale_rows(app, "area_feature", "refresh_area_feature").await;
    assert_eq!(texts, 0, "Feature texts {when}");
    let criteria = stale_rows(app, "area_criteria", "refresh_area_criteria").await;
    assert_eq!(criteria, 0, "search criteria {when}");
}

async fn item(app: &TestApp, id: Uuid) -> Value {
    app.get_json(&format!("/ogc/collections/areas/items/{id}"), 200)
        .await
        .1
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql)
        .execute(&app.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn kept_feature_texts_follow_every_change() {
    let app = spawn_app().await;
    app.seed_demo().await;
    all_fresh(&app, "after seeding").await;
    let id: Uuid = sqlx::query_scalar(
        "select a.id from area a join area_fact f on f.area_id = a.id
         where a.published and f.substation_id is not null order by a.reference limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("an area with a substation");

    exec(
        &app,
        &format!("update area set name = 'Nytt navn «test»' where id = '{id}'"),
    )
    .await;
    assert_eq!(
        item(&app, id).await["properties"]["name"],
        "Nytt navn «test»"
    );
    all_fresh(&app, "after a field change").await;
    exec(
        &app,
        &format!(
            "update area set water = 'yes', readiness = 'ready', price_nok_per_m2_min = 150,
             price_nok_per_m2_max = 200, land_control = 'municipal' where id = '{id}'"
        ),
    )
    .await;
    all_fresh(&app, "after a change of what the search reads").await;

    let before = item(&app, id).await["properties"]["e6_junction_m"].clone();
    exec(
        &app,
        &format!("update area set geom = ST_Translate(geom, 1500, 0) where id = '{id}'"),
    )
    .await;
    let after = item(&app, id).await;
    assert_ne!(
        after["properties"]["e6_junction_m"], before,
        "facts follow the outline"
    );
    all_fresh(&app, "after an outline change").await;

    exec(&app, &format!(
        "update substation set free_capacity_mw_min = 7.5, free_capacity_mw_max = 9, as_of = current_date - 400
         where id = (select substation_id from area_fact where area_id = '{id}')"
    ))
    .await;
    let p = item(&app, id).await["properties"].clone();
    assert_eq!(p["substation_free_mw_min"], 7.5, "{p}");
    assert_eq!(p["substation_stale"], true, "older than a year");
    exec(&app, &format!(
        "update substation set as_of = current_date where id = (select substation_id from area_fact where area_id = '{id}')"
    ))
    .await;
    assert_eq!(
        item(&app, id).await["properties"]["substation_stale"],
        false
    );
    all_fresh(&app, "after substation changes").await;

    exec(
        &app,
        "select refresh_area_facts(array(select id from area))",
    )
    .await;
    exec(
        &app,
        &format!("delete from area_fact where area_id = '{id}'"),
    )
    .await;
    let p = item(&app, id).await["properties"].clone();
    assert!(
        p.get("e6_junction_m").is_none() && p.get("substation_stale").is_none(),
        "no facts, no fact properties: {p}"
    );
    all_fresh(&app, "after facts were recomputed and removed").await;

    // unpublished and ended areas keep their text but are not served
    exec(
        &app,
        &format!("update area set published = false where id = '{id}'"),
    )
    .await;
    app.get_json(&format!("/ogc/collections/areas/items/{id}"), 404)
        .await;
    all_fresh(&app, "after unpublishing").await;
}

async fn tally_agrees(app: &TestApp, when: &str) {
    let (kept, counted): (i64, i64) =
        sqlx::query_as("select public_area_count(), (select count(*) from area_public)")
            .fetch_one(&app.pool)
            .await
            .expect("counts");
    assert_eq!(kept, counted, "kept number of public areas {when}");
    let (_, page) = app
        .get_json("/ogc/collections/areas/items?limit=1", 200)
        .await;
    assert_eq!(page["numberMatched"], counted, "numberMatched {when}");
}

#[tokio::test]
async fn the_kept_number_of_public_areas_follows_every_change() {
    let app = spawn_app().await;
    tally_agrees(&app, "when empty").await;
    app.seed_demo().await;
    tally_agrees(&app, "after seeding").await;
    let ids: Vec<Uuid> = sqlx::query_scalar("select id from area_public order by id limit 4")
        .fetch_all(&app.pool)
        .await
        .expect("ids");
    exec(
        &app,
        &format!("update area set published = false where id = '{}'", ids[0]),
    )
    .await;
    tally_agrees(&app, "after unpublishing").await;
    exec(
        &app,
        &format!("update area set published = true where id = '{}'", ids[0]),
    )
    .await;
    tally_agrees(&app, "after publishing again").await;
    exec(
        &app,
        &format!(
            "update area set end_date = current_date + 30, end_reason = 'sold' where id = '{}'",
            ids[1]
        ),
    )
    .await;
    tally_agrees(&app, "with an end date ahead").await;
    exec(
        &app,
        &format!(
            "update area set end_date = current_date - 1, end_reason = 'sold' where id = '{}'",
            ids[2]
        ),
    )
    .await;
    tally_agrees(&app, "after an area ended").await;
    exec(
        &app,
        &format!(
            "update area set name = name || ' (endret)' where id = '{}'",
            ids[3]
        ),
    )
    .await;
    tally_agrees(&app, "after a change that does not touch visibility").await;
    exec(&app, "update area set published = not published").await;
    tally_agrees(&app, "after flipping every area").await;
    exec(
        &app,
        &format!("delete from area_history where area_id = '{}'", ids[3]),
    )
    .await;
    exec(
        &app,
        &format!("delete from comparison_member where area_id = '{}'", ids[3]),
    )
    .await;
    exec(
        &app,
        &format!("delete from area_fact where area_id = '{}'", ids[3]),
    )
    .await;
    exec(&app, &format!("delete from area where id = '{}'", ids[3])).await;
    tally_agrees(&app, "after a delete").await;
    exec(&app, "truncate area cascade").await;
    tally_agrees(&app, "after truncate").await;
}
