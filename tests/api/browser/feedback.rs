//! In a real headless Chromium: a planner publishes and unpublishes as an explicit action
//! with a confirmation and the result shown; while drawing, an outline over another area
//! is warned of with its name and overlap, and a corner that would make the outline cross
//! itself is refused with the reason shown.

use fantoccini::Locator;

use super::driver::browser;
use super::driver::{click, click_map, open_area, sign_in, text_of, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn publishing_asks_first_and_drawing_warns_of_overlaps_and_crossings() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    let (_driver, c, _profile) = browser().await;
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    let name = "Storhove næringsområde";
    let published = || async {
        sqlx::query_scalar::<_, bool>(
            "select published from area where name like 'Storhove næringsområde%'",
        )
        .fetch_one(&app.pool)
        .await
        .expect("published")
    };
    assert!(published().await);

    // unpublish: asked first; "no" changes nothing, "yes" unpublishes and says so
    open_area(&c, name).await;
    assert_eq!(text_of(&c, "#publish-area").await, "Avpubliser");
    click(&c, "#publish-area").await;
    let question = c.get_alert_text().await.expect("a confirmation");
    assert!(
        question.contains("Avpublisere") && question.contains(name),
        "{question}"
    );
    c.dismiss_alert().await.expect("no");
    assert!(published().await, "dismissed: nothing changed");
    click(&c, "#publish-area").await;
    c.accept_alert().await.expect("yes");
    wait_for("the result shown", || async {
        text_of(&c, "#publish-note").await == "Avpublisert – bare synlig for innloggede."
    })
    .await;
    assert!(!published().await);
    let action: String = sqlx::query_scalar(
        "select h.action from area_history h join area a on a.id = h.area_id
         where a.name like 'Storhove næringsområde%' order by h.version desc limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("history");
    assert_eq!(action, "unpublish");
    assert_eq!(text_of(&c, "#publish-area").await, "Publiser");

    // drawing over it: the overlap is named while drawing, before anything is saved
    click(&c, "#new-area").await;
    wait_for("the form for a new area", || async {
        c.find(Locator::Id("area-form")).await.is_ok()
    })
    .await;
    let square = [(-40.0, -40.0), (40.0, -40.0), (40.0, 40.0), (-40.0, 40.0)];
    click_map(&c, &square).await;
    click_map(&c, &square[..1]).await;
    wait_for("the overlap warning", || async {
        let t = text_of(&c, "#draw-warning .overlaps").await;
        t.contains("Omrisset overlapper andre områder") && t.contains(name) && t.contains("m²")
    })
    .await;
    // a second part drawn as a bow tie: the fourth corner would cross a side
    click(&c, ".leaflet-pm-toolbar .leaflet-pm-icon-polygon").await;
    let bow = [
        (60.0, -120.0),
        (140.0, -40.0),
        (140.0, -120.0),
        (60.0, -40.0),
    ];
    click_map(&c, &bow).await;
    wait_for("the crossing explained", || async {
        text_of(&c, "#draw-warning .crossing")
            .await
            .starts_with("Omrisset kan ikke krysse seg selv")
    })
    .await;
}
