//! In a real headless Chromium: a planner sees which of the municipality's areas are due
//! for confirmation, confirms one with one click, and the list and the area say so; a
//! company's search results say how fresh each result is.

use fantoccini::Locator;

use super::driver::{browser, click, result_ids, sign_in, text_of, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_planner_confirms_an_old_area_in_one_click_and_companies_see_how_fresh_results_are() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    sqlx::query(
        "update area set last_confirmed = current_date - 500 where reference = '3405-N-001'",
    )
    .execute(&app.pool)
    .await
    .expect("old");
    let (id, name): (String, String) =
        sqlx::query_as("select id::text, name from area where reference = '3405-N-001'")
            .fetch_one(&app.pool)
            .await
            .expect("area");

    let (_driver, c, _profile) = browser().await;
    // a company's search: each result says when its facts were confirmed
    c.goto(&app.url("/?min_daa=1"))
        .await
        .expect("open the search");
    wait_for("results", || async { !result_ids(&c).await.is_empty() }).await;
    let card = text_of(&c, &format!("#results-list li[data-id='{id}'] .freshness")).await;
    assert!(
        card.contains("Opplysningene: bekreftet")
            && card.contains("måneder siden")
            && card.starts_with('⚠'),
        "{card}"
    );

    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    wait_for("the list of areas due", || async {
        c.find(Locator::Css(&format!("#due-list li[data-id='{id}']")))
            .await
            .is_ok()
    })
    .await;
    let title = text_of(&c, "#due-title").await;
    assert!(title.starts_with("Må bekreftes ("), "{title}");
    let before: usize = title
        .trim_start_matches("Må bekreftes (")
        .trim_end_matches(')')
        .parse()
        .expect("a count");
    click(&c, "#due summary").await;
    click(&c, &format!("#due-list li[data-id='{id}'] button.confirm")).await;
    wait_for("the confirmation shown", || async {
        text_of(&c, "#due-note").await == format!("Bekreftet: {name}")
    })
    .await;
    wait_for("the list one shorter", || async {
        text_of(&c, "#due-title").await == format!("Må bekreftes ({})", before - 1)
    })
    .await;
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        app.public_properties("3405-N-001").await["last_confirmed"],
        today.as_str()
    );
    let action: String = sqlx::query_scalar(
        "select action from area_history where area_id = $1::uuid order by version desc limit 1",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .expect("history");
    assert_eq!(action, "confirm");
}

#[tokio::test]
async fn a_company_sends_an_enquiry_from_the_datasheet_and_the_planner_marks_it_handled() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    let id: String = sqlx::query_scalar("select id::text from area where reference = '3405-N-001'")
        .fetch_one(&app.pool)
        .await
        .expect("area");
    let (_driver, c, _profile) = browser().await;
    c.goto(&app.url(&format!("/areas/{id}/datasheet")))
        .await
        .expect("datasheet");
    wait_for("the contact form", || async {
        c.find(Locator::Css("body[data-ready=true] #enquiry-form"))
            .await
            .is_ok()
    })
    .await;
    assert_eq!(
        text_of(&c, "#enquiry-title").await,
        "Ta kontakt om dette området"
    );
    // sent empty: each problem next to its field, in bokmål
    click(&c, "#enquiry-form button[type=submit]").await;
    wait_for("the problems shown", || async {
        text_of(&c, "#enquiry-name-problem")
            .await
            .starts_with("en verdi som må fylles ut")
    })
    .await;
    for (field, text) in [
        ("name", "Per Lager"),
        ("company", "Lager AS"),
        ("email", "per@lager.no"),
        ("need", "20 daa"),
        ("message", "Er området ledig?"),
    ] {
        super::driver::type_into(&c, &format!("#enquiry-form [name={field}]"), text).await;
    }
    click(&c, "#enquiry-form button[type=submit]").await;
    wait_for("the thanks", || async {
        text_of(&c, "#enquiry-status").await.starts_with("Takk!")
    })
    .await;

    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    wait_for("the enquiry listed", || async {
        text_of(&c, "#enquiries-title").await == "Henvendelser (1 ubehandlet)"
    })
    .await;
    click(&c, "#enquiries summary").await;
    let item = text_of(&c, "#enquiry-list li").await;
    assert!(
        item.contains("Per Lager, Lager AS") && item.contains("Er området ledig?"),
        "{item}"
    );
    click(&c, "#enquiry-list li button.mark").await;
    wait_for("marked handled", || async {
        text_of(&c, "#enquiries-title").await == "Henvendelser (0 ubehandlet)"
    })
    .await;
}
