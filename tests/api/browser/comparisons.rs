//! In a real headless Chromium: comparison sets: weights, ranking, the report, making and publishing a set.

use std::process::Command;

use fantoccini::Locator;
use serde_json::json;

use super::driver::{browser, click, sign_in, text_of, type_into, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_politician_moves_a_weight_sees_the_ranking_change_and_prints_the_report() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, list) = app.get_json("/api/comparisons", 200).await;
    let id = list["comparisons"][0]["id"]
        .as_str()
        .expect("seeded set")
        .to_string();
    let (_, doc) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;
    let first = |d: &serde_json::Value| d["ranking"][0].as_str().expect("first").to_string();
    // find a weight that, raised to 10, puts another alternative first (asked of the API)
    let mut flip = None;
    for c in doc["criteria"].as_array().expect("criteria") {
        let code = c["code"].as_str().expect("code");
        let (_, tried) = app
            .get_json(&format!("/api/comparisons/{id}?weights={code}:10"), 200)
            .await;
        if first(&tried) != first(&doc) {
            flip = Some((code.to_string(), first(&tried)));
            break;
        }
    }
    let (code, new_first) = flip.expect("some weight changes who is first");
    let name_of = |area: &str| {
        doc["alternatives"]
            .as_array()
            .expect("alts")
            .iter()
            .find(|a| a["area_id"] == area)
            .and_then(|a| a["facts"]["name"].as_str())
            .expect("name")
            .to_string()
    };

    let base = format!("http://{}", app.address);
    let (_driver, c, profile) = browser().await;
    c.goto(&format!("{base}/comparisons/{id}"))
        .await
        .expect("open set");
    wait_for("the comparison table", || async {
        c.find(Locator::Css("body[data-ready=true] #table tbody tr"))
            .await
            .is_ok()
    })
    .await;
    let ranking = text_of(&c, "#ranking li:first-child").await;
    assert!(ranking.contains(&name_of(&first(&doc))), "{ranking}");
    assert!(text_of(&c, "#decision")
        .await
        .contains("sak 73/2025 pkt. 4"));
    // each pair of neighbours both ways, the margin, and the arealregnskap
    let why = text_of(&c, "#why").await;
    assert!(
        why.contains("er bedre på") && why.contains("er svakere på") && why.contains("poeng"),
        "{why}"
    );
    let pair = &doc["pairs"][0];
    let ahead = pair["ahead"].as_str().expect("ahead");
    assert!(
        why.starts_with(&format!("{ahead}: ")) && why.contains(" foran "),
        "{why}"
    );
    let sensitivity = text_of(&c, "#sensitivity").await;
    assert!(sensitivity.contains("poeng foran"), "{sensitivity}");
    let account = text_of(&c, "#land-account").await;
    assert!(
        account.contains("Fulldyrka jord") && account.contains("Hele settet"),
        "{account}"
    );
    c.execute(
        "const s = document.querySelector(`#table input[data-code='${arguments[0]}']`); s.value = 10; s.dispatchEvent(new Event('input'));",
        vec![json!(code)],
    )
    .await
    .expect("move the weight");
    let expected = name_of(&new_first);
    wait_for("the new first place", || async {
        text_of(&c, "#ranking li:first-child")
            .await
            .contains(&expected)
    })
    .await;
    let url = c.current_url().await.expect("url").to_string();
    assert!(
        url.contains(&format!("weights={code}%3A10"))
            || url.contains(&format!("weights={code}:10")),
        "{url}"
    );
    assert!(
        !text_of(&c, "#own-weights").await.is_empty(),
        "says the saved weights are kept"
    );
    let (_, saved) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;
    assert_eq!(
        saved["weights"]["saved"], doc["weights"]["saved"],
        "nothing saved"
    );

    // the report with these weights prints with every alternative, the weights and the decision
    let report = c
        .find(Locator::Id("report-link"))
        .await
        .expect("report link")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    c.goto(&format!("{base}{report}"))
        .await
        .expect("open report");
    wait_for("the report", || async {
        c.find(Locator::Css("body[data-ready=true]")).await.is_ok()
    })
    .await;
    assert!(text_of(&c, "#error").await.is_empty());
    // the report's map: boundary, E6 and railway named in its legend, an overview, and
    // one label per alternative
    wait_for("the report map's legend", || async {
        c.find(Locator::Css("#map-legend li[data-kind=municipalities]"))
            .await
            .is_ok()
    })
    .await;
    for kind in ["e6", "railway"] {
        assert!(
            c.find(Locator::Css(&format!("#map-legend li[data-kind={kind}]")))
                .await
                .is_ok(),
            "{kind} in the legend"
        );
    }
    assert!(c
        .find(Locator::Css("#report-map .map-overview path"))
        .await
        .is_ok());
    let labels = c
        .find_all(Locator::Css("#report-map .alt-label"))
        .await
        .expect("labels");
    assert_eq!(
        labels.len(),
        doc["alternatives"].as_array().map_or(0, Vec::len)
    );
    for l in labels {
        let t = l.text().await.expect("label");
        assert_eq!(
            t.matches(':').count(),
            1,
            "one label, not a doubled one: {t}"
        );
    }
    let pdf = c
        .print(
            fantoccini::wd::PrintConfiguration::builder()
                .size(fantoccini::wd::PrintSize::A4)
                .build()
                .expect("print settings"),
        )
        .await
        .expect("print to PDF");
    let file = std::env::temp_dir().join(format!("arealbank-report-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, &pdf).expect("write pdf");
    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    let mut expected_texts: Vec<String> = doc["alternatives"]
        .as_array()
        .expect("alts")
        .iter()
        .map(|a| a["facts"]["name"].as_str().expect("name").to_string())
        .collect();
    expected_texts.extend([
        "sak 73/2025 pkt. 4".to_string(),
        "Vekter og poeng".to_string(),
        "Metode".to_string(),
        "Datakilder".to_string(),
        "Eksempeldata".to_string(),
        "10,0".to_string(), // the tried weight
        "Lagret vekt".to_string(),
        "Prøvd vekt".to_string(),
        "Arealregnskap".to_string(),
        "er svakere på".to_string(),
    ]);
    // page numbers in the page margin: "1/3" (pdftotext closes up "1 / 3")
    assert!(
        (1..=9).any(|n| text.contains(&format!("1/{n}")) || text.contains(&format!("1 / {n}"))),
        "page numbers: {text}"
    );
    for e in &expected_texts {
        assert!(text.contains(e.as_str()), "the report holds {e:?}:\n{text}");
    }
    let _ = std::fs::remove_file(file);
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn a_planner_makes_a_set_orders_its_alternatives_and_publishes_it() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await; // password: "a long test password"
    let base = format!("http://{}", app.address);
    let (_driver, c, profile) = browser().await;
    sign_in(&c, &base, "kari", "a long test password").await;
    c.find(Locator::Css("#comparisons > summary"))
        .await
        .expect("sets")
        .click()
        .await
        .expect("open");
    wait_for("the new-set button", || async {
        c.find(Locator::Id("new-comparison"))
            .await
            .expect("button")
            .is_displayed()
            .await
            .unwrap_or(false)
    })
    .await;
    click(&c, "#new-comparison").await;
    wait_for("the new set's edit form", || async {
        c.find(Locator::Css(
            "body[data-ready=true] #edit-form select#add-member option[value]:not([value=''])",
        ))
        .await
        .is_ok()
    })
    .await;
    click(&c, "#edit > summary").await;
    type_into(&c, "#edit-form input[name=title]", "Næringsareal nord").await;
    type_into(
        &c,
        "#edit-form input[name=decision_reference]",
        "Formannskapet 12.01.2026, sak 2/2026",
    )
    .await;
    let pick = |reference: &'static str| {
        let c = &c;
        async move {
            c.execute(
                "const s = document.getElementById('add-member'); const o = [...s.options].find((o) => o.textContent.includes(arguments[0])); s.value = o.value; s.dispatchEvent(new Event('change'));",
                vec![json!(reference)],
            )
            .await
            .expect("add an area");
        }
    };
    pick("3405-K-006").await;
    pick("3405-K-007").await;
    pick("3405-N-001").await;
    // the last one up to second place, a note on the first
    click(&c, "#members li:nth-child(3) button:nth-of-type(1)").await;
    type_into(&c, "#members li:nth-child(1) input", "Kommunen eier deler").await;
    c.execute(
        "document.querySelector('#edit-form select[name=visibility]').value = 'public';",
        vec![],
    )
    .await
    .expect("public");
    let url = c.current_url().await.expect("url").to_string();
    click(&c, "#edit-form button[type=submit]").await;
    wait_for("the saved set shown", || async {
        text_of(&c, "#title").await == "Næringsareal nord"
            && c.find_all(Locator::Css("#table thead th.alt"))
                .await
                .map(|v| v.len() == 3)
                .unwrap_or(false)
    })
    .await;
    assert!(text_of(&c, "#edit-note").await.is_empty(), "no error");
    let id = url
        .rsplit('/')
        .next()
        .expect("id")
        .split('?')
        .next()
        .expect("id")
        .to_string();
    let (_, public) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;
    let order: Vec<&str> = public["alternatives"]
        .as_array()
        .expect("alts")
        .iter()
        .map(|a| a["facts"]["reference"].as_str().expect("reference"))
        .collect();
    assert_eq!(order, ["3405-K-006", "3405-N-001", "3405-K-007"]);
    assert_eq!(public["alternatives"][0]["note"], "Kommunen eier deler");
    assert_eq!(
        public["decision_reference"],
        "Formannskapet 12.01.2026, sak 2/2026"
    );
    assert_eq!(public["version"], 2);
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
