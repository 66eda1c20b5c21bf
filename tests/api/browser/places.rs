//! In a real headless Chromium: a planner finds Vingnes and a UTM coordinate from the box
//! above the list, and the map goes there.

use fantoccini::Locator;

use super::driver::{browser, open_ready, text_of, type_into, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_place_box_finds_vingnes_and_a_utm_coordinate() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_driver, c, _profile) = browser().await;
    open_ready(&c, &app.url("/"), "the place box", "#place-q").await;
    type_into(&c, "#place-q", "Vingnes").await;
    wait_for("Vingnes among the places", || async {
        text_of(&c, "#place-results")
            .await
            .contains("Vingnes (tettsted) · stedsnavn")
    })
    .await;
    c.find(Locator::Css("#place-results button"))
        .await
        .expect("a result")
        .click()
        .await
        .expect("go there");
    wait_for("the results closed and the place marked", || async {
        text_of(&c, "#place-results").await.is_empty()
            && c.find(Locator::Css("path.leaflet-interactive[stroke='#0b57d0']"))
                .await
                .is_ok()
    })
    .await;
    c.find(Locator::Id("place-q"))
        .await
        .expect("box")
        .clear()
        .await
        .expect("clear");
    type_into(&c, "#place-q", "32 578000 6776000").await;
    wait_for("the coordinate", || async {
        text_of(&c, "#place-results")
            .await
            .contains("578000 6776000 (UTM 32N) · koordinat")
    })
    .await;
}

/// A stand-in for Kartverket's stedsnavn API on loopback (the machine has no internet):
/// it answers `/stedsnavn/v1/navn?sok=…` in that API's format, with CORS as the real one
/// does, and records what it was asked.
async fn stedsnavn_service() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::extract::RawQuery;
    use axum::http::header;
    use axum::response::IntoResponse;
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let app = axum::Router::new().route(
        "/stedsnavn/v1/navn",
        axum::routing::get(move |RawQuery(q): RawQuery| {
            let log = log.clone();
            async move {
                log.lock().expect("log").push(q.unwrap_or_default());
                let body = serde_json::json!({
                    "metadata": {"treffPerSide": 10, "side": 1, "totaltAntallTreff": 1, "sokeStreng": "sok=Lysgårds*"},
                    "navn": [{
                        "skrivemåte": "Lysgårdsbakkene", "navneobjekttype": "Idrettsanlegg", "stedsnummer": 1,
                        "kommuner": [{"kommunenavn": "Lillehammer", "kommunenummer": "3405"}],
                        "representasjonspunkt": {"nord": 61.1228, "øst": 10.4905, "koordsys": 4258}
                    }]
                });
                ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], axum::Json(body)).into_response()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, asked)
}

#[tokio::test]
async fn the_place_box_also_asks_a_configured_online_place_name_service() {
    let (port, asked) = stedsnavn_service().await;
    let app = crate::helpers::spawn_app_with(arealbank::api::Settings {
        place_service_url: Some(format!(
            "http://127.0.0.1:{port}/stedsnavn/v1/navn?sok={{q}}*&treffPerSide=10&utkoordsys=4258"
        )),
        ..Default::default()
    })
    .await;
    app.seed_demo().await;
    let (_driver, c, _profile) = browser().await;
    open_ready(&c, &app.url("/"), "the place box", "#place-q").await;
    type_into(&c, "#place-q", "Lysgårds").await;
    wait_for("the online name among the places", || async {
        text_of(&c, "#place-results").await.contains(
            "Lysgårdsbakkene (Idrettsanlegg, Lillehammer) · stedsnavn (Kartverket, på nett)",
        )
    })
    .await;
    let asked = asked.lock().expect("log").clone();
    assert!(
        asked
            .iter()
            .any(|q| q == "sok=Lysg%C3%A5rds*&treffPerSide=10&utkoordsys=4258"),
        "{asked:?}"
    );
}
