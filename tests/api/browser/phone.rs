//! On a 390 × 844 phone in Chromium: the map and the list are switched by a toggle, the
//! banners stay compact, an area's panel is a sheet that opens at the area's name, and
//! the datasheet, the comparison and the report fit the screen's width.

use fantoccini::Locator;
use serde_json::Value;

use super::driver::{browser, click, demo_area_and_set, document_pages, open_ready, wait_for};
use crate::helpers::spawn_app;

async fn number(c: &fantoccini::Client, script: &str) -> f64 {
    match c.execute(script, vec![]).await.expect("script") {
        Value::Number(n) => n.as_f64().expect("number"),
        other => panic!("{script}: {other}"),
    }
}

#[tokio::test]
async fn on_a_phone_the_map_list_panel_and_pages_fit_the_screen() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (area, set) = demo_area_and_set(&app).await;
    let (_driver, c, _profile) = browser().await;
    c.set_window_size(390, 844).await.expect("phone size");
    assert_eq!(number(&c, "return window.innerWidth").await, 390.0);
    c.goto(&app.url("/")).await.expect("map");
    wait_for("the map's areas", || async {
        c.find(Locator::Css(".area-polygon")).await.is_ok()
    })
    .await;
    // compact banners: header, demo note and toggle take little of the screen
    let banners = number(
        &c,
        "return document.getElementById('map').getBoundingClientRect().top",
    )
    .await;
    let parts = c
        .execute(
            "return [...document.querySelectorAll('body > header, body > .demo, body > .notice, #view-toggle')]
               .filter((e) => e.offsetHeight).map((e) => `${e.id || e.className}: ${e.offsetHeight}`).join(', ')",
            vec![],
        )
        .await
        .expect("parts");
    // header, the demo note, the basemap note (no tiles in the tests) and the toggle
    assert!(
        banners <= 130.0,
        "the map starts {banners} px down: {parts}"
    );
    assert!(c
        .find(Locator::Id("show-list"))
        .await
        .expect("toggle")
        .is_displayed()
        .await
        .expect("shown"));
    assert!(
        !c.find(Locator::Css(".side #list"))
            .await
            .expect("list")
            .is_displayed()
            .await
            .expect("hidden"),
        "map first"
    );
    // the list, then an area from it: the panel is a sheet showing the area's name
    click(&c, "#show-list").await;
    assert!(!c
        .find(Locator::Id("map"))
        .await
        .expect("map")
        .is_displayed()
        .await
        .expect("state"));
    let item = format!("#list li[data-id='{area}']");
    wait_for("the list", || async {
        c.find(Locator::Css(&item)).await.is_ok()
    })
    .await;
    click(&c, &item).await;
    wait_for("the panel", || async {
        c.find(Locator::Css("#panel:not([hidden]) h2"))
            .await
            .is_ok()
    })
    .await;
    let top = number(
        &c,
        "return document.querySelector('#panel h2').getBoundingClientRect().top",
    )
    .await;
    let bottom = number(
        &c,
        "return document.querySelector('#panel h2').getBoundingClientRect().bottom",
    )
    .await;
    assert!(
        top >= 0.0 && bottom <= 844.0,
        "the name is on screen: {top}..{bottom}"
    );
    let height = number(
        &c,
        "return document.getElementById('panel').getBoundingClientRect().height",
    )
    .await;
    assert!(height > 250.0, "a sheet, not a strip: {height} px");
    // back to the map: the sheet stays over it
    click(&c, "#show-map").await;
    assert!(c
        .find(Locator::Id("map"))
        .await
        .expect("map")
        .is_displayed()
        .await
        .expect("state"));

    // the pages fit the width (a wide table scrolls inside its own box)
    for (name, path, ready) in document_pages(&area, &set) {
        open_ready(&c, &app.url(&path), name, ready).await;
        let width = number(&c, "return document.documentElement.scrollWidth").await;
        assert!(
            width <= 391.0,
            "{name} is {width} px wide on a 390 px screen"
        );
    }
}
