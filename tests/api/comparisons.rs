//! Comparison sets through HTTP: the seeded set's scores recomputed by hand from the
//! values the API shows, weights tried without saving, and who may see and change a set.

use serde_json::{json, Value};

use crate::helpers::spawn_app;

/// Min–max per criterion (direction stated), weighted mean on 0–100: written here from
/// the README's description, independently of src/domain/comparison.rs.
fn by_hand(doc: &Value) -> Vec<f64> {
    let alts = doc["alternatives"].as_array().expect("alternatives").len();
    let criteria = doc["criteria"].as_array().expect("criteria");
    let total_weight: f64 = criteria
        .iter()
        .map(|c| c["weight"].as_f64().expect("w"))
        .sum();
    let mut totals = vec![0.0; alts];
    for c in criteria {
        let values: Vec<Option<f64>> = c["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(Value::as_f64)
            .collect();
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let up = c["direction"] == "higher_is_better";
        for (a, v) in values.iter().enumerate() {
            let n = match v {
                None => 0.0,
                Some(_) if hi - lo < 1e-12 => 1.0,
                Some(v) if up => (v - lo) / (hi - lo),
                Some(v) => (hi - v) / (hi - lo),
            };
            totals[a] += 100.0 * c["weight"].as_f64().expect("w") * n / total_weight;
        }
    }
    totals
}

fn scores(doc: &Value) -> Vec<f64> {
    doc["alternatives"]
        .as_array()
        .expect("alternatives")
        .iter()
        .map(|a| a["score"].as_f64().expect("score"))
        .collect()
}

fn ranks(doc: &Value) -> Vec<u64> {
    doc["alternatives"]
        .as_array()
        .expect("alternatives")
        .iter()
        .map(|a| a["rank"].as_u64().expect("rank"))
        .collect()
}

async fn seeded_set(app: &crate::helpers::TestApp) -> String {
    let (_, list) = app.get_json("/api/comparisons", 200).await;
    let sets = list["comparisons"].as_array().expect("sets");
    assert_eq!(sets.len(), 1, "the seeds hold one public set: {list}");
    sets[0]["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn the_seeded_set_scores_as_computed_by_hand_and_weights_can_be_tried() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let id = seeded_set(&app).await;
    let (headers, doc) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;
    assert_eq!(headers["etag"], "\"1\"");
    assert!(doc["decision_reference"]
        .as_str()
        .expect("reference")
        .contains("sak 73/2025 pkt. 4"));
    assert_eq!(doc["demo"], json!(true));
    let names: Vec<&str> = doc["alternatives"]
        .as_array()
        .expect("alts")
        .iter()
        .map(|a| a["facts"]["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 4);
    assert!(names[0].starts_with("Fåberg nord") && names[3].starts_with("Rudsbygd øst"));
    let want = by_hand(&doc);
    for (got, want) in scores(&doc).iter().zip(&want) {
        assert!((got - want).abs() < 0.06, "{got} vs {want} by hand");
    }
    // contributions add up to the score; best and worst marks match the values
    for a in doc["alternatives"].as_array().expect("alts") {
        let sum: f64 = a["contributions"]
            .as_object()
            .expect("c")
            .values()
            .map(|v| v.as_f64().expect("n"))
            .sum();
        assert!((sum - a["score"].as_f64().expect("s")).abs() < 0.5);
    }
    let ranked = ranks(&doc);
    let mut sorted = want.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let first = want.iter().position(|s| *s == sorted[0]).expect("a first");
    assert_eq!(ranked[first], 1);
    assert!(doc["sensitivity"]["text"]["nb"].as_str().is_some());

    // other weights: tried, not saved
    let (_, tried) = app
        .get_json(
            &format!("/api/comparisons/{id}?weights=size:10,e6_junction:0"),
            200,
        )
        .await;
    assert_eq!(tried["weights"]["overridden"], json!(true));
    assert_eq!(tried["weights"]["used"]["size"], json!(10.0));
    for (got, want) in scores(&tried).iter().zip(&by_hand(&tried)) {
        assert!((got - want).abs() < 0.06);
    }
    let (_, again) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;
    assert_eq!(again["weights"]["saved"], doc["weights"]["saved"]);
    assert_eq!(scores(&again), scores(&doc));

    // weights that add up to nothing, and unknown criteria, are explained
    let zero: Vec<String> = doc["criteria"]
        .as_array()
        .expect("c")
        .iter()
        .map(|c| format!("{}:0", c["code"].as_str().expect("code")))
        .collect();
    for bad in [zero.join(","), "beauty:2".into(), "size:-1".into()] {
        let (h, p) = app
            .get_json(&format!("/api/comparisons/{id}?weights={bad}"), 400)
            .await;
        assert_eq!(h["content-type"], "application/problem+json");
        assert_eq!(p["invalid-params"][0]["parameter"], "weights", "{p}");
    }
    let (_, p) = app
        .get_json(
            &format!("/api/comparisons/{id}?weights={}", zero.join(",")),
            400,
        )
        .await;
    assert!(p["detail"].as_str().expect("d").contains("add up to zero"));

    // the table as CSV: a row per criterion, then score and rank
    let csv = app
        .http
        .get(app.url(&format!("/api/comparisons/{id}?f=csv")))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("body");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert!(lines[0].starts_with("criterion,unit,direction,weight,A: Fåberg nord"));
    assert_eq!(
        lines.len(),
        1 + doc["criteria"].as_array().expect("c").len() + 2
    );
}

async fn send(
    app: &crate::helpers::TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: &Value,
) -> (u16, Value, Option<String>) {
    let mut req = app.http.request(method, app.url(path)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(v) = if_match {
        req = req.header("If-Match", v);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body, etag)
}

async fn status_of(app: &crate::helpers::TestApp, path: &str, token: Option<&str>) -> u16 {
    let mut req = app.http.get(app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("get").status().as_u16()
}

#[tokio::test]
async fn drafts_never_leak_and_only_the_municipalitys_planners_change_a_set() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let ola = app.account("ola", "planner", &["3440"]).await;
    let vera = app.account("vera", "viewer", &[]).await;
    let ada = app.account("ada", "admin", &[]).await;
    let ids: Vec<(String, uuid::Uuid)> = sqlx::query_as(
        "select reference, id from area where reference in ('3405-N-001', '3405-N-002', '3405-N-010') order by reference",
    )
    .fetch_all(&app.pool)
    .await
    .expect("areas");
    let (published_a, published_b, unpublished) = (ids[0].1, ids[1].1, ids[2].1);
    let mut set = json!({"municipality": "3405", "title": "Utkast: <b>nye</b> arealer'; drop table area;--",
        "decision_reference": "Formannskapet 2026", "visibility": "draft",
        "members": [{"area_id": published_a, "note": "først"}, {"area_id": published_b}, {"area_id": unpublished}]});

    let (s, _, _) = send(
        &app,
        reqwest::Method::POST,
        "/api/comparisons",
        None,
        None,
        &set,
    )
    .await;
    assert_eq!(s, 401, "anonymous");
    let (s, _, _) = send(
        &app,
        reqwest::Method::POST,
        "/api/comparisons",
        Some(&vera),
        None,
        &set,
    )
    .await;
    assert_eq!(s, 403, "viewers change nothing");
    let (s, _, _) = send(
        &app,
        reqwest::Method::POST,
        "/api/comparisons",
        Some(&ola),
        None,
        &set,
    )
    .await;
    assert_eq!(s, 403, "another municipality's planner");
    let (s, doc, etag) = send(
        &app,
        reqwest::Method::POST,
        "/api/comparisons",
        Some(&kari),
        None,
        &set,
    )
    .await;
    assert_eq!(s, 201, "{doc}");
    assert_eq!(etag.as_deref(), Some("\"1\""));
    assert_eq!(doc["title"], set["title"], "stored verbatim");
    let id = doc["id"].as_str().expect("id").to_string();
    let path = format!("/api/comparisons/{id}");

    // a draft: only its planners and admins know it exists
    for (who, token, want) in [
        ("anonymous", None, 404),
        ("viewer", Some(vera.as_str()), 404),
        ("planner elsewhere", Some(ola.as_str()), 404),
        ("planner", Some(kari.as_str()), 200),
        ("admin", Some(ada.as_str()), 200),
    ] {
        assert_eq!(status_of(&app, &path, token).await, want, "{who}");
        assert_eq!(
            status_of(&app, &format!("/comparisons/{id}"), token).await,
            want,
            "{who}: page"
        );
        assert_eq!(
            status_of(&app, &format!("/comparisons/{id}/report"), token).await,
            want,
            "{who}: report"
        );
        let list = app
            .http
            .get(app.url("/api/comparisons"))
            .bearer_auth(token.unwrap_or("none"))
            .send()
            .await
            .expect("list");
        if token.is_some() {
            let body: Value = list.json().await.expect("json");
            assert_eq!(body.to_string().contains(&id), want == 200, "{who}: list");
        } else {
            assert_eq!(list.status(), 401, "a wrong token is refused, not ignored");
        }
    }
    let (_, anonymous_list) = app.get_json("/api/comparisons", 200).await;
    assert!(!anonymous_list.to_string().contains(&id));

    // for viewers: they see all three, the public still nothing
    set["visibility"] = json!("viewers");
    let (s, doc, etag) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&kari),
        Some("\"1\""),
        &set,
    )
    .await;
    assert_eq!((s, etag.as_deref()), (200, Some("\"2\"")), "{doc}");
    let viewer_doc: Value = app
        .http
        .get(app.url(&path))
        .bearer_auth(&vera)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(viewer_doc["alternatives"].as_array().expect("a").len(), 3);
    assert_eq!(status_of(&app, &path, None).await, 404);

    // public: only with published members; refused as a whole otherwise
    set["visibility"] = json!("public");
    let (s, problem, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&kari),
        Some("\"2\""),
        &set,
    )
    .await;
    assert_eq!(s, 422, "{problem}");
    assert_eq!(problem["issues"][0]["field"], "members[2]");
    let (s, _, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&kari),
        Some("\"1\""),
        &set,
    )
    .await;
    assert_eq!(s, 412, "a stale version");
    let (s, _, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&ola),
        Some("\"2\""),
        &set,
    )
    .await;
    assert_eq!(s, 403, "readable, but not theirs to change");
    let (s, _, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&vera),
        Some("\"2\""),
        &set,
    )
    .await;
    assert_eq!(s, 403);
    let (s, _, _) = send(&app, reqwest::Method::PUT, &path, Some(&kari), None, &set).await;
    assert_eq!(s, 428, "If-Match is required");
    set["members"] =
        json!([{"area_id": published_b, "note": "nå først"}, {"area_id": published_a}]);
    let (s, doc, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&ada),
        Some("\"2\""),
        &set,
    )
    .await;
    assert_eq!(s, 200, "{doc}");
    let (_, public) = app.get_json(&path, 200).await;
    assert_eq!(
        public["alternatives"][0]["area_id"],
        json!(published_b),
        "order kept"
    );
    assert_eq!(public["alternatives"][0]["note"], json!("nå først"));

    // three planners' tabs save at once from the same version: exactly one wins
    let (_, current, _) = send(
        &app,
        reqwest::Method::GET,
        &path,
        Some(&kari),
        None,
        &json!(null),
    )
    .await;
    let version = format!("\"{}\"", current["version"]);
    let bodies: Vec<Value> = (0..3)
        .map(|i| {
            let mut body = set.clone();
            body["title"] = json!(format!("Samtidig {i}"));
            body
        })
        .collect();
    let put = |i: usize| {
        send(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&kari),
            Some(&version),
            &bodies[i],
        )
    };
    let (a, b, c) = tokio::join!(put(0), put(1), put(2));
    let mut statuses = [a.0, b.0, c.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412, 412]);

    // a member unpublished later disappears for the public, not for viewers
    sqlx::query("update area set published = false where id = $1")
        .bind(published_a)
        .execute(&app.pool)
        .await
        .expect("unpublish");
    let (_, public) = app.get_json(&path, 200).await;
    assert_eq!(public["alternatives"].as_array().expect("a").len(), 1);
    assert_eq!(public["hidden_members"], json!(1));
    assert!(!public.to_string().contains(&published_a.to_string()));

    // bad sets are explained, nothing is written
    let before: i64 = sqlx::query_scalar("select count(*) from comparison")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    for (body, field) in [
        (
            json!({"municipality": "3405", "title": "x", "members": [{"area_id": uuid::Uuid::new_v4()}]}),
            "members[0]",
        ),
        (
            json!({"municipality": "3405", "title": "", "members": []}),
            "title",
        ),
        (
            json!({"municipality": "3405", "title": "x", "weights": {"size": "much"}}),
            "weights",
        ),
        (
            json!({"municipality": "3405", "title": "x", "secret": true}),
            "document",
        ),
    ] {
        let (s, p, _) = send(
            &app,
            reqwest::Method::POST,
            "/api/comparisons",
            Some(&kari),
            None,
            &body,
        )
        .await;
        assert_eq!(s, 422, "{body}");
        assert_eq!(p["issues"][0]["field"], field, "{p}");
    }
    let after: i64 = sqlx::query_scalar("select count(*) from comparison")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(before, after);
}

#[tokio::test]
async fn public_sets_are_ogc_collections_of_their_visible_members_in_order() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let id = seeded_set(&app).await;
    let (_, set) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;
    let want: Vec<String> = set["alternatives"]
        .as_array()
        .expect("alternatives")
        .iter()
        .map(|m| m["area_id"].as_str().expect("area id").to_string())
        .collect();
    assert!(want.len() >= 3, "{set}");
    let (_, all) = app.get_json("/ogc/collections", 200).await;
    let listed = all["collections"].to_string();
    assert!(
        listed.contains(&format!("comparison-{id}")),
        "the public set is a collection"
    );
    // read page by page (limit 2) through next links
    let mut got = Vec::new();
    let mut next = Some(format!("/ogc/collections/comparison-{id}/items?limit=2"));
    while let Some(path) = next {
        let (_, page) = app.get_json(&path, 200).await;
        assert_eq!(page["numberMatched"], want.len());
        for f in page["features"].as_array().expect("features") {
            assert_eq!(f["properties"]["comparison_position"], got.len() + 1);
            assert!(
                f["properties"]["name"].is_string()
                    && f["properties"].get("comparison_note").is_some()
            );
            got.push(f["id"].as_str().expect("id").to_string());
        }
        next = page["links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| {
                let u = reqwest::Url::parse(l["href"].as_str().expect("href")).expect("url");
                format!("{}?{}", u.path(), u.query().unwrap_or(""))
            });
    }
    assert_eq!(got, want, "the set's members in the set's order");

    // a member unpublished later drops out; a draft set is no collection at all
    sqlx::query("update area set published = false where id = $1::uuid")
        .bind(&want[0])
        .execute(&app.pool)
        .await
        .expect("unpublish");
    let (_, page) = app
        .get_json(&format!("/ogc/collections/comparison-{id}/items"), 200)
        .await;
    assert_eq!(page["numberMatched"], want.len() - 1);
    sqlx::query("update comparison set visibility = 'draft' where id = $1::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .expect("draft");
    app.get_json(&format!("/ogc/collections/comparison-{id}/items"), 404)
        .await;
    app.get_json(&format!("/ogc/collections/comparison-{id}"), 404)
        .await;
    let (_, all) = app.get_json("/ogc/collections", 200).await;
    assert!(!all["collections"].to_string().contains(&id));
}
