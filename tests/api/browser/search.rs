//! In a real headless Chromium: finding sites: a company's search, shared links, datasheets, radius and drawn areas.

use std::process::Command;

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use super::driver::{browser, click, click_map, result_ids, text_of, type_into, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_company_searches_shares_the_search_and_prints_a_datasheet() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let base = format!("http://{}", app.address);
    let (_driver, c, profile) = browser().await;
    c.goto(&format!("{base}/")).await.expect("open map");
    wait_for("the search form", || async {
        c.find(Locator::Css("input[name=profile][value=logistics]"))
            .await
            .is_ok()
    })
    .await;
    // area-hungry and logistics-dependent, at least 30 daa
    click(&c, "input[name=profile][value=logistics]").await;
    click(&c, "#search-more > summary").await;
    type_into(&c, "input[name=min_daa]", "30").await;
    wait_for("results with min_daa=30 in the URL", || async {
        c.current_url()
            .await
            .is_ok_and(|u| u.as_str().contains("min_daa=30"))
            && !result_ids(&c).await.is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await; // the debounced search settles
    let ids = result_ids(&c).await;
    let url = c.current_url().await.expect("url").to_string();
    assert!(url.contains("profile=logistics"), "{url}");
    let (_, api) = app
        .get_json(
            &format!("/api/search?{}", url.split_once('?').expect("query").1),
            200,
        )
        .await;
    let api_ids: Vec<String> = api["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(
        ids, api_ids,
        "the list shows what the API finds, in its order"
    );
    assert!(ids.len() >= 2, "the seeded sites fit: {ids:?}");
    let counts = text_of(&c, "#results-count").await;
    assert!(counts.contains(&format!("{} treff", ids.len())), "{counts}");
    let parts = text_of(&c, "#results-list li.result .parts").await;
    assert!(
        parts.contains("km til E6-kryss"),
        "score parts are shown: {parts}"
    );

    // hovering an area on the map marks it in the list; a click on the list opens it
    c.execute(
        "document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))",
        vec![json!(format!("path.area-{}", ids[1]))],
    )
    .await
    .expect("hover");
    wait_for("the hovered area marked in the list", || async {
        c.find(Locator::Css(&format!(
            "#results-list li.active[data-id='{}']",
            ids[1]
        )))
        .await
        .is_ok()
    })
    .await;
    let first = format!("#results-list li[data-id='{}'] .result-name", ids[0]);
    let name = text_of(&c, &first).await;
    click(&c, &first).await;
    wait_for("the panel of the clicked result", || async {
        let title = text_of(&c, "#panel h2").await;
        !title.is_empty() && name.contains(&title)
    })
    .await;

    // the shared link in a fresh browser shows the same search and results
    let (_driver2, c2, profile2) = browser().await;
    c2.goto(&url).await.expect("open shared link");
    wait_for("the shared search's results", || async {
        result_ids(&c2).await == ids
    })
    .await;
    let min = c2
        .find(Locator::Css("input[name=min_daa]"))
        .await
        .expect("field")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(min.as_deref(), Some("30"));
    c2.close().await.expect("close second browser");
    let _ = std::fs::remove_dir_all(profile2);

    // the datasheet of the best match prints as one A4 page with its facts
    let link = c
        .find(Locator::Css(&format!(
            "#results-list li[data-id='{}'] a.sheet-link",
            ids[0]
        )))
        .await
        .expect("datasheet link")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    assert!(
        link.contains("min_daa=30"),
        "the datasheet keeps the search: {link}"
    );
    // the plan and its link (the demo areas have none)
    sqlx::query("update area set plan_id = '3405201801', plan_name = 'Reguleringsplan for testfeltet', plan_url = 'https://planinnsyn.example.no/3405201801' where id = $1::uuid")
        .bind(&ids[0])
        .execute(&app.pool)
        .await
        .expect("plan link");
    c.goto(&format!("{base}{link}"))
        .await
        .expect("open datasheet");
    wait_for("the datasheet rendered", || async {
        c.find(Locator::Css("body[data-ready=true]")).await.is_ok()
    })
    .await;
    // the map has context: a legend naming the boundary and the roads, and an overview
    wait_for("the map's legend", || async {
        c.find(Locator::Css("#sheet-legend li[data-kind=municipalities]"))
            .await
            .is_ok()
    })
    .await;
    let legend = text_of(&c, "#sheet-legend").await;
    assert!(
        legend.contains("Kommunegrense") && legend.contains("Tegnforklaring"),
        "{legend}"
    );
    assert!(
        c.find(Locator::Css(".map-overview path")).await.is_ok(),
        "an overview map with the municipalities"
    );
    let pdf = c
        .print(
            fantoccini::wd::PrintConfiguration::builder()
                .size(fantoccini::wd::PrintSize::A4)
                .margins(fantoccini::wd::PrintMargins {
                    top: 0.0,
                    bottom: 0.0,
                    left: 0.0,
                    right: 0.0,
                })
                .background(true)
                .build()
                .expect("print settings"),
        )
        .await
        .expect("print to PDF");
    let file = std::env::temp_dir().join(format!("arealbank-sheet-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, &pdf).expect("write pdf");
    let info = Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Pages:           1"), "one page: {info}");
    assert!(
        info.contains("595") && (info.contains("841") || info.contains("842")),
        "A4: {info}"
    );
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let (_, item) = app
        .get_json(&format!("/ogc/collections/areas/items/{}", ids[0]), 200)
        .await;
    let p = &item["properties"];
    let daa = format!(
        "{:.1} daa",
        p["area_gross_m2"].as_f64().expect("gross") / 1000.0
    )
    .replace('.', ",");
    for expected in [
        p["name"].as_str().expect("name"),
        p["reference"].as_str().expect("reference"),
        daa.as_str(),
        p["substation_name"].as_str().expect("substation"),
        "Kryss på E6",
        "Passer søket",
        "Planstatus",
        "Sist bekreftet",
        "3405201801",
        "Reguleringsplan for testfeltet",
        "Eksempeldata",
        "Kartverket",
        p["contact_email"].as_str().expect("contact"),
    ] {
        assert!(
            text.contains(expected),
            "the PDF holds {expected:?}:\n{text}"
        );
    }
    let href = c
        .find(Locator::LinkText("Reguleringsplan for testfeltet"))
        .await
        .expect("the plan is a link")
        .attr("href")
        .await
        .expect("href");
    assert_eq!(
        href.as_deref(),
        Some("https://planinnsyn.example.no/3405201801")
    );
    let _ = std::fs::remove_file(file);
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn a_search_can_be_limited_to_a_radius_or_a_drawn_area() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let base = format!("http://{}", app.address);
    let (_driver, c, profile) = browser().await;
    c.goto(&format!("{base}/?profile=logistics&min_daa="))
        .await
        .expect("open map");
    wait_for("the search results", || async {
        !result_ids(&c).await.is_empty()
    })
    .await;
    click(&c, "#search-more > summary").await;
    // the list always shows what the API finds for the page's own address
    let same_as_api = |what: &'static str| {
        let c = &c;
        let app = &app;
        async move {
            let mut last = (Vec::new(), Vec::new());
            for _ in 0..50 {
                tokio::time::sleep(Duration::from_millis(300)).await;
                let url = c.current_url().await.expect("url").to_string();
                let Some((_, query)) = url.split_once('?') else {
                    continue;
                };
                let query = query.split('#').next().unwrap_or_default();
                if !query.contains(what) {
                    continue;
                }
                let (_, api) = app.get_json(&format!("/api/search?{query}"), 200).await;
                let want: Vec<String> = api["features"]
                    .as_array()
                    .expect("f")
                    .iter()
                    .map(|f| f["id"].as_str().expect("id").to_string())
                    .collect();
                let got = result_ids(c).await;
                if got == want {
                    return got;
                }
                last = (got, want);
            }
            panic!(
                "{what}: the list {:?} never matched the API {:?}",
                last.0, last.1
            );
        }
    };
    let everywhere = result_ids(&c).await;
    click(&c, "input[name=where][value=near]").await;
    click_map(&c, &[(0.0, 0.0)]).await;
    let near = same_as_api("near=").await;
    assert!(near.len() < everywhere.len(), "a radius narrows: {near:?}");
    let url = c.current_url().await.expect("url").to_string();
    assert!(url.contains("radius_km=2"), "{url}");
    click(&c, "input[name=where][value=polygon]").await;
    click_map(
        &c,
        &[
            (-300.0, -250.0),
            (300.0, -250.0),
            (300.0, 250.0),
            (-300.0, 250.0),
        ],
    )
    .await;
    click(&c, "#polygon-done").await;
    same_as_api("polygon=").await;
    let url = c.current_url().await.expect("url").to_string();
    assert!(!url.contains("near="), "one way to say where: {url}");
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
