//! In a real headless Chromium: a planner finds Vingnes and a UTM coordinate from the box
//! above the list, and the map goes there.

use fantoccini::Locator;

use super::driver::{browser, text_of, type_into, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_place_box_finds_vingnes_and_a_utm_coordinate() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_driver, c, _profile) = browser().await;
    c.goto(&app.url("/")).await.expect("map");
    wait_for("the place box", || async {
        c.find(Locator::Id("place-q")).await.is_ok()
    })
    .await;
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
