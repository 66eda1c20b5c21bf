//! Universal design (forskrift om universell utforming av IKT-løsninger: WCAG 2.1 AA): axe-core
//! (from npm, `web/node_modules/axe-core`, injected by the test only) runs in Chromium on
//! every page — map, search, datasheet, comparison, report, sign-in and the editor — and
//! finds no serious or critical violation of the WCAG 2.0/2.1 A and AA rules; and a
//! keyboard alone changes a weight and the ranking.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{key::Key, Locator};
use serde_json::{json, Value};

use super::driver::{
    browser, click, demo_area_and_set, document_pages, open_ready, sign_in, text_of, wait_for,
};
use crate::helpers::spawn_app;

const AXE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/web/node_modules/axe-core/axe.min.js"
));

/// The serious and critical violations axe finds on the page shown, one line each.
async fn violations(c: &fantoccini::Client) -> Vec<String> {
    c.execute(AXE, vec![]).await.expect("inject axe-core");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                                 resultTypes: ['violations'] })
               .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)))
               .catch((e) => done([`axe failed: ${e}`]));",
            vec![],
        )
        .await
        .expect("run axe");
    match found {
        Value::Array(v) => v
            .into_iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect(),
        other => vec![format!("unexpected answer {other}")],
    }
}

#[tokio::test]
async fn every_page_passes_axe_without_serious_or_critical_violations_and_works_by_keyboard() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    let (area, set) = demo_area_and_set(&app).await;
    let (_driver, c, _profile) = browser().await;
    let mut report = Vec::new();
    let mut pages: Vec<(&str, String, &str)> = vec![
        ("map", "/".into(), "#list li"),
        (
            "search",
            "/?profile=logistics&min_daa=20".into(),
            "#results-list li",
        ),
    ];
    pages.extend(document_pages(&area, &set));
    pages.push(("sign-in", "/login".into(), "#login"));
    for (name, path, css) in &pages {
        open_ready(&c, &app.url(path), name, css).await;
        for v in violations(&c).await {
            report.push(format!("{name}: {v}"));
        }
    }
    // the editor: signed in as a planner, the form of a new area open
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    click(&c, "#new-area").await;
    wait_for("the editor's form", || async {
        c.find(Locator::Css("#area-form input")).await.is_ok()
    })
    .await;
    for v in violations(&c).await {
        report.push(format!("editor: {v}"));
    }
    assert!(report.is_empty(), "axe-core found:\n{}", report.join("\n"));

    // keyboard only: focus a weight, press the arrow key a few times; the weight, the URL
    // and the ranking follow, and the focus stays on the slider
    let comparison = app.url(&format!("/comparisons/{set}"));
    open_ready(
        &c,
        &comparison,
        "the table",
        "body[data-ready=true] #table tbody tr",
    )
    .await;
    let (_, doc) = app.get_json(&format!("/api/comparisons/{set}"), 200).await;
    let code = doc["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["code"] == "readiness")
        .map(|c| c["code"].as_str().expect("code").to_string())
        .expect("readiness");
    let before = text_of(&c, "#ranking").await;
    c.execute(
        "document.querySelector(`#table input[data-code='${arguments[0]}']`).focus()",
        vec![json!(code)],
    )
    .await
    .expect("focus");
    for _ in 0..12 {
        // a key press to whatever has the focus (no element handle that a re-render could
        // make stale), as a keyboard user presses it
        let right = char::from(Key::Right);
        c.perform_actions(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: right })
                .then(KeyAction::Up { value: right }),
        )
        .await
        .expect("arrow");
        tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    }
    wait_for("the ranking changed by keyboard", || async {
        text_of(&c, "#ranking").await != before
    })
    .await;
    let focused = c
        .execute("return document.activeElement.dataset.code || null", vec![])
        .await
        .expect("focus");
    assert_eq!(focused, json!(code), "the focus stays on the slider");
    let url = c.current_url().await.expect("url").to_string();
    assert!(url.contains(&code), "{url}");
}
