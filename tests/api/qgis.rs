//! QGIS's editing sequence as its OAPIF provider sends it (QGIS ≥ 3.32,
//! `src/providers/wfs/oapif/`): OPTIONS to learn what may be done, POST, GET of the new
//! item, PATCH of attributes and of the geometry (merge patch), GET + PUT of the whole
//! feature as read (computed attributes included), DELETE — never an `If-Match`.
//! Replayed with a planner's token as Bearer and as Basic, for a CRS84 layer and an
//! EPSG:25832 layer (`Content-Crs`); then as a viewer and anonymously (refused).

use arealbank::spatial::{Crs, Transformer};
use base64::Engine;
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, TestApp, LILLEHAMMER};

const ITEMS: &str = "/ogc/collections/areas/items";

#[derive(Clone, Copy, Debug)]
enum Auth<'a> {
    Bearer(&'a str),
    Basic(&'a str, &'a str),
    Anonymous,
}

/// One layer of a QGIS project: its credentials and CRS.
struct Layer<'a> {
    app: &'a TestApp,
    auth: Auth<'a>,
    crs: Crs,
}

impl Layer<'_> {
    fn request(&self, method: Method, url: &str) -> RequestBuilder {
        let url = if url.starts_with("http") {
            url.to_string()
        } else {
            self.app.url(url)
        };
        let req = self.app.http.request(method, url);
        match self.auth {
            Auth::Bearer(t) => req.bearer_auth(t),
            Auth::Basic(user, token) => req.header(
                "authorization",
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{token}"))
                ),
            ),
            Auth::Anonymous => req,
        }
    }

    /// A GeoJSON body and its Content-Crs, as QGIS writes a feature of this layer.
    fn with_geometry(
        &self,
        req: RequestBuilder,
        content_type: &str,
        body: &Value,
    ) -> RequestBuilder {
        let req = req
            .header("content-type", content_type)
            .body(body.to_string());
        match self.crs {
            Crs::Crs84 => req,
            c => req.header("content-crs", format!("<{}>", c.uri())),
        }
    }

    /// Reads use `crs` from the collection's list when the layer is not in CRS84.
    fn read_url(&self, url: &str) -> String {
        match self.crs {
            Crs::Crs84 => url.to_string(),
            c => format!("{url}?crs={}", c.uri()),
        }
    }

    /// The outline around (lon, lat) in this layer's CRS.
    fn outline(&self, at: (f64, f64), r_m: f64) -> Value {
        let rings = polygon(at.0, at.1, r_m, 10, 0.3);
        if self.crs == Crs::Crs84 {
            return json!({"type": "Polygon", "coordinates": rings});
        }
        let t = Transformer::new(Crs::Crs84, self.crs).expect("transform");
        let moved: Vec<Vec<[f64; 2]>> = rings
            .iter()
            .map(|r| {
                r.iter()
                    .map(|p| {
                        let (x, y) = t.point(p[0], p[1]).expect("point");
                        [x, y]
                    })
                    .collect()
            })
            .collect();
        json!({"type": "Polygon", "coordinates": moved})
    }
}

fn allow(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(',')
        .map(|m| m.trim().to_string())
        .collect()
}

async fn history(app: &TestApp, id: &str) -> Vec<(i32, String, String)> {
    sqlx::query_as(
        "select version, action, changed_by_name from area_history where area_id = $1::uuid order by id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .expect("history")
}

/// The whole sequence; returns the id of the area it created and ended.
async fn edit_sequence(layer: &Layer<'_>, reference: &str) -> String {
    let app = layer.app;
    // discovery: POST in Allow offers editing
    let res = layer
        .request(Method::OPTIONS, ITEMS)
        .send()
        .await
        .expect("options");
    assert!(res.status().is_success(), "OPTIONS items: {}", res.status());
    let methods = allow(&res);
    assert!(methods.contains(&"POST".to_string()), "{methods:?}");
    assert_eq!(res.headers()["cache-control"], "private, no-store");

    // create (new areas start unpublished)
    let mut created = feature(
        reference,
        "3405",
        "available",
        vec![],
        json!({"published": false}),
    );
    created["geometry"] = layer.outline(LILLEHAMMER, 150.0);
    let res = layer
        .with_geometry(
            layer.request(Method::POST, ITEMS),
            "application/geo+json",
            &created,
        )
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let (_, id) = location
        .rsplit_once("/items/")
        .expect("Location has /items/{id}");
    let id = id.to_string();

    // QGIS GETs the new item at once: the planner sees it although it is unpublished
    let res = layer
        .request(Method::GET, &layer.read_url(&location))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200, "GET the new item");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let read: Value = res.json().await.expect("feature");
    assert_eq!(read["properties"]["published"], false);
    assert_eq!(read["properties"]["reference"], reference);

    // the item's OPTIONS: PUT, PATCH and DELETE
    let res = layer
        .request(Method::OPTIONS, &location)
        .send()
        .await
        .expect("options item");
    assert!(res.status().is_success());
    let methods = allow(&res);
    for m in ["PUT", "PATCH", "DELETE"] {
        assert!(methods.contains(&m.to_string()), "{m} in {methods:?}");
    }

    // PATCH attributes, no If-Match
    let res = layer
        .request(Method::PATCH, &location)
        .header("content-type", "application/merge-patch+json")
        .body(
            json!({"properties": {"name": "Endret i QGIS", "price_nok_per_m2_min": 450}})
                .to_string(),
        )
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), 200, "{:?}", res.text().await);

    // PATCH the geometry (a bigger outline)
    let geometry = json!({"geometry": layer.outline(LILLEHAMMER, 220.0)});
    let res = layer
        .with_geometry(
            layer.request(Method::PATCH, &location),
            "application/merge-patch+json",
            &geometry,
        )
        .send()
        .await
        .expect("patch geometry");
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let (gross,): (f64,) = sqlx::query_as("select area_gross_m2 from area where id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .expect("area");
    assert!(gross > 80_000.0, "the outline grew: {gross}");

    // GET + PUT the whole feature as read, computed attributes and all
    let read: Value = layer
        .request(Method::GET, &layer.read_url(&location))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("feature");
    for computed in ["area_gross_m2", "updated_at", "version"] {
        assert!(
            !read["properties"][computed].is_null(),
            "{computed} was read"
        );
    }
    let mut whole = json!({"type": "Feature", "id": read["id"], "geometry": read["geometry"], "properties": read["properties"]});
    whole["properties"]["description"] = "Skrevet tilbake av QGIS".into();
    let res = layer
        .with_geometry(
            layer.request(Method::PUT, &location),
            "application/geo+json",
            &whole,
        )
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let (name, description, price, gross_after): (String, String, f64, f64) = sqlx::query_as(
        "select name, description, price_nok_per_m2_min::float8, area_gross_m2 from area where id = $1::uuid",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .expect("area");
    assert_eq!(
        (name.as_str(), description.as_str(), price),
        ("Endret i QGIS", "Skrevet tilbake av QGIS", 450.0)
    );
    assert!(
        (gross_after - gross).abs() / gross < 1e-4,
        "the outline read back and sent again is the same: {gross} → {gross_after}"
    );

    // DELETE ends the area; it leaves the planner's layer
    let res = layer
        .request(Method::DELETE, &location)
        .send()
        .await
        .expect("delete");
    assert!(res.status().is_success(), "DELETE: {}", res.status());
    let res = layer
        .request(Method::GET, &location)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 404, "an ended area leaves the layer");
    id
}

#[tokio::test]
async fn qgis_edits_with_a_token_as_bearer_and_as_basic_in_crs84_and_utm() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let cases = [
        (Auth::Bearer(&token), Crs::Crs84, "3405-Q-001"),
        (Auth::Bearer(&token), Crs::Epsg25832, "3405-Q-002"),
        (Auth::Basic("kari", &token), Crs::Crs84, "3405-Q-003"),
        (Auth::Basic("kari", &token), Crs::Epsg25832, "3405-Q-004"),
    ];
    for (auth, crs, reference) in cases {
        let layer = Layer {
            app: &app,
            auth,
            crs,
        };
        let id = edit_sequence(&layer, reference).await;
        let steps = history(&app, &id).await;
        let actions: Vec<&str> = steps.iter().map(|(_, a, _)| a.as_str()).collect();
        assert_eq!(
            actions,
            ["create", "update", "update", "update", "end"],
            "{auth:?} {crs:?}: every change is in the history"
        );
        // each entry names the version it replaced and who made the change
        let versions: Vec<i32> = steps.iter().map(|(v, _, _)| *v).collect();
        assert_eq!(versions, [1, 2, 3, 4, 5], "{auth:?} {crs:?}");
        assert!(steps.iter().all(|(_, _, by)| by == "kari"));
    }
}

#[tokio::test]
async fn viewers_and_anonymous_clients_are_offered_reading_only_and_change_nothing() {
    let app = spawn_app().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let viewer = app.account("ola", "viewer", &[]).await;
    let planner = Layer {
        app: &app,
        auth: Auth::Bearer(&kari),
        crs: Crs::Crs84,
    };
    let mut area = feature(
        "3405-Q-010",
        "3405",
        "available",
        vec![],
        json!({"published": false}),
    );
    area["geometry"] = planner.outline(LILLEHAMMER, 150.0);
    let res = planner
        .with_geometry(
            planner.request(Method::POST, ITEMS),
            "application/geo+json",
            &area,
        )
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let before =
        sqlx::query_scalar::<_, i32>("select version from area where reference = '3405-Q-010'")
            .fetch_one(&app.pool)
            .await
            .expect("version");

    for (auth, refused) in [
        (Auth::Bearer(&viewer), 403),
        (Auth::Basic("ola", &viewer), 403),
        (Auth::Anonymous, 401),
    ] {
        let layer = Layer {
            app: &app,
            auth,
            crs: Crs::Crs84,
        };
        for url in [ITEMS, location.as_str()] {
            let res = layer
                .request(Method::OPTIONS, url)
                .send()
                .await
                .expect("options");
            assert!(
                res.status().is_success(),
                "{auth:?} OPTIONS {url}: {}",
                res.status()
            );
            assert_eq!(allow(&res), ["GET", "HEAD", "OPTIONS"], "{auth:?} {url}");
        }
        // the viewer reads the unpublished area; the public does not see it
        let res = layer
            .request(Method::GET, &location)
            .send()
            .await
            .expect("get");
        let expected = if matches!(auth, Auth::Anonymous) {
            404
        } else {
            200
        };
        assert_eq!(res.status(), expected, "{auth:?} GET unpublished");
        if expected == 200 {
            let read: Value = res.json().await.expect("feature");
            assert!(
                read["properties"].get("owner_name").is_none(),
                "viewers get no private fields"
            );
        }
        let mut other = area.clone();
        other["properties"]["reference"] = "3405-Q-011".into();
        let writes = [
            layer.with_geometry(
                layer.request(Method::POST, ITEMS),
                "application/geo+json",
                &other,
            ),
            layer
                .request(Method::PATCH, &location)
                .header("content-type", "application/merge-patch+json")
                .body(json!({"properties": {"name": "Ikke lov"}}).to_string()),
            layer.with_geometry(
                layer.request(Method::PUT, &location),
                "application/geo+json",
                &area,
            ),
            layer.request(Method::DELETE, &location),
        ];
        for req in writes {
            let res = req.send().await.expect("write");
            assert_eq!(res.status(), refused, "{auth:?}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            if refused == 401 {
                let challenges: Vec<&str> = res
                    .headers()
                    .get_all("www-authenticate")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                assert!(
                    challenges.iter().any(|c| c.starts_with("Basic")),
                    "{challenges:?}"
                );
                assert!(
                    challenges.iter().any(|c| c.starts_with("Bearer")),
                    "{challenges:?}"
                );
            }
        }
    }
    let after =
        sqlx::query_scalar::<_, i32>("select version from area where reference = '3405-Q-010'")
            .fetch_one(&app.pool)
            .await
            .expect("version");
    assert_eq!(before, after, "nothing changed");
    assert_eq!(app.area_count().await, 1);
}

#[tokio::test]
async fn basic_needs_the_accounts_token_never_its_password() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let basic = |user: &str, secret: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"))
        )
    };
    for (header, why) in [
        (
            basic("kari", "a long test password"),
            "the account password is not accepted",
        ),
        (basic("ola", &token), "someone else's user name"),
        ("Basic not-base64!".to_string(), "garbage"),
        ("Digest username=kari".to_string(), "an unknown scheme"),
    ] {
        let res = app
            .http
            .request(Method::OPTIONS, app.url(ITEMS))
            .header("authorization", header)
            .send()
            .await
            .expect("options");
        assert_eq!(res.status(), 401, "{why}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert!(res.headers().contains_key("www-authenticate"), "{why}");
    }
    let res = app
        .http
        .get(app.url(ITEMS))
        .header("authorization", basic("KARI", &token))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200, "the user name is matched without case");
    assert_eq!(res.headers()["vary"], "Authorization, Cookie");
}

#[tokio::test]
async fn an_unknown_property_is_refused_by_name_and_if_match_still_protects() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let layer = Layer {
        app: &app,
        auth: Auth::Bearer(&token),
        crs: Crs::Crs84,
    };
    let mut area = feature(
        "3405-Q-020",
        "3405",
        "available",
        vec![],
        json!({"published": false}),
    );
    area["geometry"] = layer.outline(LILLEHAMMER, 150.0);
    let mut typo = area.clone();
    typo["properties"]["price_nok_per_m2"] = 450.into();
    let res = layer
        .with_geometry(
            layer.request(Method::POST, ITEMS),
            "application/geo+json",
            &typo,
        )
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("problem");
    assert_eq!(problem["issues"][0]["field"], "price_nok_per_m2");
    assert_eq!(problem["issues"][0]["type"], "unknown_property");
    assert!(problem["issues"][0]["accepted"]
        .as_str()
        .unwrap_or_default()
        .contains("price_nok_per_m2_m"));
    assert_eq!(app.area_count().await, 0, "nothing stored");

    let res = layer
        .with_geometry(
            layer.request(Method::POST, ITEMS),
            "application/geo+json",
            &area,
        )
        .send()
        .await
        .expect("post");
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    for (patch, field) in [
        (
            json!({"properties": {"price_nok_per_m2": 450}}),
            "price_nok_per_m2",
        ),
        (json!({"properties": {"navn": "x"}}), "navn"),
    ] {
        let res = layer
            .request(Method::PATCH, &location)
            .header("content-type", "application/merge-patch+json")
            .body(patch.to_string())
            .send()
            .await
            .expect("patch");
        assert_eq!(res.status(), 422);
        let problem: Value = res.json().await.expect("problem");
        assert_eq!(problem["issues"][0]["field"], field);
    }
    // a stale If-Match is still refused, and a garbage one is a problem, not a bare 400
    let res = layer
        .request(Method::PATCH, &location)
        .header("content-type", "application/merge-patch+json")
        .header("if-match", "\"7\"")
        .body(json!({"properties": {"name": "x"}}).to_string())
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), 412);
    let res = layer
        .request(Method::PATCH, &location)
        .header("content-type", "application/merge-patch+json")
        .header("if-match", "garbage, \"1")
        .body(json!({"properties": {"name": "x"}}).to_string())
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let (version,): (i32,) =
        sqlx::query_as("select version from area where reference = '3405-Q-020'")
            .fetch_one(&app.pool)
            .await
            .expect("version");
    assert_eq!(version, 1, "refused changes changed nothing");
}
