//! The API describes itself: the OpenAPI document lists every route of the router and the
//! router answers every operation of the document (never 405, never "nothing here"), and
//! the HTML documentation (Swagger UI from npm) is linked from the landing page.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::helpers::spawn_app;

/// Route prefixes of the map's files, which are not API operations.
const FILES: &[&str] = &["/static/", "/vendor/"];
/// The landing page's alias with a trailing slash.
const ALIASES: &[&str] = &["/ogc/"];

fn normalise(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}

/// Every `.route("…")` of the router, read from its source.
fn router_paths() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(format!("{dir}/api"))
        .expect("src/api")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    let mut paths = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("source");
        let mut rest = text.as_str();
        while let Some(i) = rest.find(".route(") {
            rest = &rest[i + 7..];
            let lit = rest.trim_start();
            if let Some(body) = lit.strip_prefix('"') {
                let end = body.find('"').expect("closing quote");
                paths.insert(normalise(&body[..end]));
            }
        }
    }
    paths
        .into_iter()
        .filter(|p| !FILES.iter().any(|f| p.starts_with(f)) && !ALIASES.contains(&p.as_str()))
        .collect()
}

#[tokio::test]
async fn the_openapi_document_and_the_router_name_the_same_paths() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, doc) = app.get_json("/ogc/api", 200).await;
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(|p| normalise(p))
        .collect();
    let routed = router_paths();
    assert!(routed.len() > 30, "{routed:?}");
    let undocumented: Vec<&String> = routed.difference(&documented).collect();
    let unrouted: Vec<&String> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from OpenAPI: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "OpenAPI paths with no route: {unrouted:?}"
    );

    // every documented operation is answered by its route: never 405, never a 404 from
    // the router's fallback ("there is nothing at this address")
    let (_, items) = app
        .get_json("/ogc/collections/areas/items?limit=1", 200)
        .await;
    let area = items["features"][0]["id"]
        .as_str()
        .expect("an area")
        .to_string();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        let concrete = path
            .replace("{collectionId}", "municipalities")
            .replace("{featureId}", &area)
            .replace("{id}", &area)
            .replace("{version}", "1")
            .replace("{kind}", "e6")
            .replace("{z}", "0")
            .replace("{x}", "0")
            .replace("{y}", "0.mvt");
        let concrete = if path.starts_with("/tiles/") {
            concrete.replace("municipalities", "areas")
        } else {
            concrete
        };
        for method in ops.as_object().expect("operations").keys() {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let res = app
                .http
                .request(m.clone(), app.url(&concrete))
                .send()
                .await
                .expect("request");
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            assert_ne!(status, 405, "{method} {path}");
            assert!(
                !(status == 404 && body.contains("nothing at this address")),
                "{method} {concrete}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn the_html_documentation_is_linked_and_served_with_its_assets() {
    let app = spawn_app().await;
    let (_, landing) = app.get_json("/ogc", 200).await;
    let doc = landing["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "service-doc")
        .expect("a service-doc link");
    assert_eq!(doc["type"], "text/html");
    let href = doc["href"].as_str().expect("href").to_string();
    let page = app.http.get(&href).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/html"));
    let html = page.text().await.expect("html");
    for asset in [
        "/vendor/swagger-ui/swagger-ui-bundle.js",
        "/vendor/swagger-ui/swagger-ui.css",
        "/static/api-docs.js",
    ] {
        assert!(html.contains(asset), "{asset}");
        let res = app.http.get(app.url(asset)).send().await.expect("asset");
        assert_eq!(res.status(), 200, "{asset}");
        let body: Value = Value::String(res.text().await.unwrap_or_default());
        assert!(
            body.as_str().is_some_and(|b| b.len() > 100),
            "{asset} has content"
        );
    }
    assert!(!html.contains("<script>"), "no inline script");
}
