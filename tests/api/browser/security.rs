//! The Content-Security-Policy in a real Chromium: every page — map, search, datasheet,
//! comparison, report, sign-in, editor, API documentation — works under it without a
//! single blocked resource, and a script put into a page inline does not run and is
//! reported (`/api/csp-reports`, counted in `/metrics`). Names that look like markup are
//! shown as text on every page, never made into elements.

use fantoccini::Locator;
use serde_json::Value;

use super::driver::{
    browser, click, demo_area_and_set, document_pages, open_ready, sign_in, wait_for,
};
use crate::helpers::{spawn_app, TestApp};

/// A name that is markup if a page puts it in as HTML.
const HOSTILE: &str = "<img src=x onerror=alert(1)>";

async fn violations(app: &TestApp) -> f64 {
    let text = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    text.lines()
        .find(|l| l.starts_with("arealbank_csp_violations_total "))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .expect("the violation counter")
}

#[tokio::test]
async fn every_page_works_under_the_policy_and_an_inline_script_is_blocked_and_reported() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    let (area, set) = demo_area_and_set(&app).await;
    // what an attacker with a planner's account (or a hostile import) would name an area
    sqlx::raw_sql(&format!(
        "update area set name = '{HOSTILE}' || name, version = version + 1
             where reference in ('3405-N-001', '3405-K-006', '3405-K-007')"
    ))
    .execute(&app.pool)
    .await
    .expect("hostile names");
    let (_driver, c, _profile) = browser().await;
    let mut pages: Vec<(&str, String, &str)> = vec![
        ("map", "/".into(), "#list li"),
        (
            "search",
            "/?profile=logistics&min_daa=20".into(),
            "#results-list li",
        ),
        (
            "API documentation",
            "/ogc/api.html".into(),
            ".swagger-ui .info",
        ),
    ];
    pages.extend(document_pages(&area, &set));
    pages.push(("sign-in", "/login".into(), "#login"));
    let mut shown_as_text = 0;
    for (name, path, css) in &pages {
        open_ready(&c, &app.url(path), name, css).await;
        // the list and panels fill in after the first paint
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let seen = c
            .execute(
                "return [document.querySelectorAll('img[src=\"x\"], [onerror]').length,
                         document.body.innerText.includes(arguments[0])];",
                vec![Value::String(HOSTILE.into())],
            )
            .await
            .expect("look for injected markup");
        assert_eq!(seen[0], 0, "{name}: a name was made into markup");
        if seen[1] == true {
            shown_as_text += 1;
        }
    }
    assert!(
        shown_as_text >= 3,
        "the hostile names were shown as text on {shown_as_text} pages"
    );
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    click(&c, "#new-area").await;
    wait_for("the editor's form", || async {
        c.find(Locator::Css("#area-form input")).await.is_ok()
    })
    .await;
    // reports are sent after the fact; give them time to arrive
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(
        violations(&app).await,
        0.0,
        "nothing on our pages is blocked"
    );

    // an injected inline script (what an XSS would add) does not run, and is reported
    let ran = c
        .execute(
            "const s = document.createElement('script');
             s.textContent = 'window.injected = true';
             document.body.appendChild(s);
             return window.injected === true;",
            vec![],
        )
        .await
        .expect("inject");
    assert_eq!(ran, Value::Bool(false), "the inline script ran");
    wait_for("the report of the blocked script", || async {
        violations(&app).await >= 1.0
    })
    .await;
}
