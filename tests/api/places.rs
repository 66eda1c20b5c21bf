//! Finding a place: N1000 place names offline, the registry's areas and municipalities,
//! and coordinates as latitude/longitude or UTM 32/33.

use crate::helpers::spawn_app;

#[tokio::test]
async fn place_names_areas_municipalities_and_coordinates_are_found() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, doc) = app.get_json("/api/places?q=Vingnes", 200).await;
    let first = &doc["places"][0];
    assert_eq!(
        (first["name"].as_str(), first["kind"].as_str()),
        (Some("Vingnes"), Some("place")),
        "{doc}"
    );
    assert!(doc["attribution"]
        .as_str()
        .unwrap_or("")
        .contains("Kartverket"));
    let (_, doc) = app.get_json("/api/places?q=storhove", 200).await;
    assert!(
        doc["places"]
            .as_array()
            .expect("places")
            .iter()
            .any(|p| p["kind"] == "area" && p["detail"] == "3405-N-002" && p["id"].is_string()),
        "{doc}"
    );
    let (_, doc) = app.get_json("/api/places?q=Gausdal", 200).await;
    assert!(
        doc["places"]
            .as_array()
            .expect("places")
            .iter()
            .any(|p| p["kind"] == "municipality" && p["detail"] == "3441"),
        "{doc}"
    );
    // an unpublished area is not found by the public
    let (_, doc) = app
        .get_json("/api/places?q=Nordre%20industriomr", 200)
        .await;
    assert!(
        doc["places"]
            .as_array()
            .expect("places")
            .iter()
            .all(|p| p["kind"] != "area"),
        "{doc}"
    );
    let (_, doc) = app
        .get_json("/api/places?q=32V%20578000%206776000", 200)
        .await;
    let c = &doc["places"][0];
    assert_eq!(
        (c["kind"].as_str(), c["detail"].as_str()),
        (Some("coordinate"), Some("UTM 32N"))
    );
    // the same point read back through PROJ
    let (x, y): (f64, f64) = sqlx::query_as(
        "select st_x(p), st_y(p) from (select st_transform(st_setsrid(st_makepoint($1, $2), 4326), 25832) p) t",
    )
    .bind(c["lon"].as_f64().expect("lon"))
    .bind(c["lat"].as_f64().expect("lat"))
    .fetch_one(&app.pool)
    .await
    .expect("transform");
    assert!(
        (x - 578_000.0).abs() < 0.01 && (y - 6_776_000.0).abs() < 0.01,
        "{x} {y}"
    );
    let (_, doc) = app.get_json("/api/places?q=61.1146,%2010.4611", 200).await;
    assert_eq!(
        (
            doc["places"][0]["lat"].as_f64(),
            doc["places"][0]["lon"].as_f64()
        ),
        (Some(61.1146), Some(10.4611))
    );
    let long = "x".repeat(101);
    let (_, p) = app.get_json(&format!("/api/places?q={long}"), 400).await;
    assert_eq!(p["invalid-params"][0]["parameter"], "q");
}
