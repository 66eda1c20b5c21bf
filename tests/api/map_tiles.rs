//! The map above its tile threshold, in headless Chromium: the areas come as vector tiles
//! drawn on canvas, the list holds the areas in view once zoomed in, and an area picked
//! on the map opens its panel.

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use serde_json::Value;

use crate::browser::{browser, text_of, wait_for};
use crate::helpers::spawn_app_with;
use arealbank::api::Settings;

/// Offset from the map's centre of a pixel inside a drawn area (fill, not stroke), and
/// how many canvas tiles hold a drawn pixel.
const FIND_AREA: &str = r#"
const m = document.getElementById('map').getBoundingClientRect();
let found = null, drawn = 0;
for (const cv of document.querySelectorAll('#map canvas')) {
  const r = cv.getBoundingClientRect();
  const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
  let any = false;
  for (let i = 3; i < d.length; i += 4) {
    if (d[i] === 0) continue;
    any = true;
    if (found || d[i] > 160) continue;
    const px = (i - 3) / 4, x = px % cv.width, y = Math.floor(px / cv.width);
    const sx = r.left + x * r.width / cv.width, sy = r.top + y * r.height / cv.height;
    if (sx > m.left + 20 && sx < m.right - 20 && sy > m.top + 20 && sy < m.bottom - 20)
      found = [sx - (m.left + m.width / 2), sy - (m.top + m.height / 2)];
  }
  if (any) drawn += 1;
}
return { found, drawn };
"#;

async fn find_area(c: &fantoccini::Client) -> Value {
    c.execute(FIND_AREA, vec![]).await.expect("script")
}

async fn click_at(c: &fantoccini::Client, at: (f64, f64)) {
    let map = c.find(Locator::Id("map")).await.expect("map");
    let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: map,
        duration: None,
        x: at.0,
        y: at.1,
    });
    let mouse = mouse
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(mouse).await.expect("click");
}

#[tokio::test]
async fn above_the_threshold_the_map_draws_tiles_and_lists_the_areas_in_view() {
    let app = spawn_app_with(Settings {
        map_tile_threshold: Some(5),
        ..Settings::default()
    })
    .await;
    app.seed_demo().await;
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");
    wait_for("tile mode", || async {
        c.find(Locator::Css("body[data-areas-mode='tiles']"))
            .await
            .is_ok()
    })
    .await;
    wait_for("areas drawn on canvas tiles", || async {
        !find_area(&c).await["found"].is_null()
    })
    .await;
    assert!(find_area(&c).await["drawn"].as_u64().expect("drawn") >= 1);
    assert!(
        c.find_all(Locator::Css("path.area-polygon"))
            .await
            .expect("paths")
            .is_empty(),
        "zoomed out, no area is loaded as a vector"
    );
    let count = text_of(&c, "#count").await;
    assert!(
        count.contains("17") && count.contains("zoom inn"),
        "{count}"
    );

    // a click on a drawn area opens its panel and zooms to it; the list then holds the
    // areas in view, the clicked one among them
    let spot = find_area(&c).await["found"].clone();
    click_at(
        &c,
        (spot[0].as_f64().expect("x"), spot[1].as_f64().expect("y")),
    )
    .await;
    wait_for("the panel of the clicked area", || async {
        !text_of(&c, "#panel h2").await.is_empty()
    })
    .await;
    let name = text_of(&c, "#panel h2").await;
    wait_for("the areas in view listed", || async {
        text_of(&c, "#count")
            .await
            .contains("i kartutsnittet av 17")
    })
    .await;
    let listed = c.find_all(Locator::Css("#list li")).await.expect("list");
    assert!(
        !listed.is_empty() && listed.len() < 17,
        "{} listed",
        listed.len()
    );
    assert!(
        text_of(&c, "#list").await.contains(&name),
        "{name} is listed"
    );
    assert_eq!(text_of(&c, "#panel h2").await, name, "the panel stays open");
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
