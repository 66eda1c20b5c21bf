//! In a real headless Chromium: a company sees the sites it can obtain; the council's
//! candidates and ideas only when it asks, marked as such, and never called "Ledig".

use std::time::Duration;

use fantoccini::Locator;

use super::driver::{browser, click, result_ids, text_of, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_logistics_search_shows_obtainable_sites_and_candidates_only_when_asked() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let candidates: Vec<String> = sqlx::query_scalar(
        "select id::text from area where published and (kind = 'candidate' or readiness = 'idea')",
    )
    .fetch_all(&app.pool)
    .await
    .expect("candidates");
    assert!(!candidates.is_empty(), "the demo has candidates");
    let (_driver, c, _profile) = browser().await;
    // a logistics firm: at least 20 daa and 2 MW (the profile adds E6 within 5 km)
    c.goto(&app.url("/?profile=logistics&min_daa=20&min_mw=2"))
        .await
        .expect("open the search");
    wait_for("results", || async { !result_ids(&c).await.is_empty() }).await;
    tokio::time::sleep(Duration::from_millis(600)).await; // the debounced search settles
    let offered = result_ids(&c).await;
    assert!(
        offered.iter().all(|id| !candidates.contains(id)),
        "no candidate or idea among the offers: {offered:?}"
    );
    assert!(text_of(&c, "#results-list")
        .await
        .find("Mulig framtidig areal")
        .is_none());
    // the link carries every criterion in force, the profile's default included, and the
    // page says in words what is asked
    let url = c.current_url().await.expect("url").to_string();
    assert!(url.contains("max_e6_km=5"), "{url}");
    let summary = text_of(&c, "#results-summary").await;
    assert!(
        summary.contains("Arealkrevende") && summary.contains("Ledig strøm minst 2 MW"),
        "{summary}"
    );
    let score = text_of(&c, "#results-list li.result .score").await;
    assert!(score.ends_with("/100"), "the score says its scale: {score}");

    // asked for: the possible future areas come too, marked
    click(&c, "#search-more > summary").await;
    click(&c, "input[name=future]").await;
    wait_for("candidates in the results", || async {
        result_ids(&c)
            .await
            .iter()
            .any(|id| candidates.contains(id))
    })
    .await;
    let id = result_ids(&c)
        .await
        .into_iter()
        .find(|id| candidates.contains(id))
        .expect("a candidate");
    let card = text_of(&c, &format!("#results-list li[data-id='{id}']")).await;
    assert!(
        card.contains("Mulig framtidig areal – ikke ledig i dag"),
        "{card}"
    );
    assert!(c
        .current_url()
        .await
        .expect("url")
        .as_str()
        .contains("future=true"));

    // its datasheet never calls it available
    c.goto(&app.url(&format!("/areas/{id}/datasheet")))
        .await
        .expect("datasheet");
    wait_for("the datasheet rendered", || async {
        c.find(Locator::Css("body[data-ready=true]")).await.is_ok()
    })
    .await;
    let key = text_of(&c, "#key").await;
    assert!(
        key.contains("Mulig framtidig areal – ikke ledig i dag"),
        "{key}"
    );
    assert!(!key.contains("Ledig\n") && !key.ends_with("Ledig"), "{key}");
}
