//! While drawing: which current areas an outline overlaps and by how much; bad outlines
//! are refused by field, in words; only planners and admins ask.

use serde_json::{json, Value};

use crate::helpers::spawn_app;

#[tokio::test]
async fn an_outline_is_told_which_areas_it_overlaps_and_bad_outlines_are_refused_by_field() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let vera = app.account("vera", "viewer", &[]).await;
    // an outline: the demo area 3405-N-001 grown by 20 m, in CRS84
    let (id, outline, inside_m2): (String, String, f64) = sqlx::query_as(
        "select id::text, st_asgeojson(st_transform(st_buffer(geom, 20), 4326), 9), st_area(geom)
         from area where reference = '3405-N-001'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("outline");
    let geometry: Value = serde_json::from_str(&outline).expect("geometry");
    let ask = |token: &str, body: Value| {
        let (app, token) = (&app, token.to_string());
        async move {
            app.post_as(&token, "/api/areas/overlaps", body.to_string().into_bytes())
                .await
        }
    };
    let (s, doc) = ask(&kari, json!({"geometry": geometry})).await;
    assert_eq!(s, 200, "{doc}");
    let hit = doc["overlaps"]
        .as_array()
        .expect("overlaps")
        .iter()
        .find(|o| o["id"] == id.as_str())
        .unwrap_or_else(|| panic!("the area under it: {doc}"))
        .clone();
    // the whole area lies inside the grown outline (up to the CRS84 round trip)
    let m2 = hit["m2"].as_f64().expect("m2");
    assert!(
        (m2 - inside_m2).abs() / inside_m2 < 0.001,
        "{m2} vs {inside_m2}"
    );
    assert_eq!(hit["reference"], "3405-N-001");
    // the area being edited is not its own overlap
    let (_, doc) = ask(&kari, json!({"geometry": geometry, "except": id})).await;
    assert!(doc["overlaps"]
        .as_array()
        .expect("list")
        .iter()
        .all(|o| o["id"] != id.as_str()));

    // bad input: by field, never a 500
    for (body, field) in [
        (
            json!({"geometry": {"type": "Point", "coordinates": [10.4, 61.1]}}),
            "geometry",
        ),
        (
            json!({"geometry": {"type": "Polygon", "coordinates": [[[10.4, 61.1], [10.5, 61.1], [10.4, 61.1]]]}}),
            "geometry",
        ),
        (
            json!({"geometry": {"type": "Polygon", "coordinates": [[[1000, 61.1], [10.5, 61.1], [10.5, 61.2], [1000, 61.1]]]}}),
            "geometry",
        ),
        (json!({"geometry": "nonsense"}), "geometry"),
        (
            json!({"geometry": geometry, "except": "not-a-uuid"}),
            "except",
        ),
    ] {
        let (s, p) = ask(&kari, body.clone()).await;
        assert_eq!(s, 422, "{body}: {p}");
        assert_eq!(p["issues"][0]["field"], field, "{p}");
    }
    // a self-crossing outline (a bow tie) is checked, not refused
    let bow = json!({"type": "Polygon", "coordinates": [[[10.40, 61.10], [10.41, 61.11], [10.41, 61.10], [10.40, 61.11], [10.40, 61.10]]]});
    assert_eq!(ask(&kari, json!({"geometry": bow})).await.0, 200);
    assert_eq!(ask(&vera, json!({"geometry": geometry})).await.0, 403);
    let anonymous = app
        .http
        .post(app.url("/api/areas/overlaps"))
        .body(json!({"geometry": geometry}).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(anonymous.status().as_u16(), 401);
    // in bokmål for the Norwegian UI
    let res = app
        .http
        .post(app.url("/api/areas/overlaps"))
        .bearer_auth(&kari)
        .header("Accept-Language", "nb")
        .body(json!({"geometry": {"type": "Point", "coordinates": [10.4, 61.1]}}).to_string())
        .send()
        .await
        .expect("post");
    let p: Value = res.json().await.expect("json");
    assert_eq!(
        p["issues"][0]["message"], "et omriss er en Polygon eller en MultiPolygon",
        "{p}"
    );
}
