//! Enquiries: anyone sends one about a published area; problems are named by field; the
//! e-mail address is limited per hour (429 with Retry-After); only the area's
//! municipality's planners (and admins) read them and mark them handled.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

async fn send(app: &TestApp, area: &str, body: Value) -> (u16, Option<String>, Value) {
    let res = app
        .http
        .post(app.url(&format!("/api/areas/{area}/enquiries")))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (status, retry, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn companies_enquire_and_the_municipality_reads_and_handles_them() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let ola = app.account("ola", "planner", &["3440"]).await;
    let vera = app.account("vera", "viewer", &[]).await;
    let area: String =
        sqlx::query_scalar("select id::text from area where reference = '3405-N-001'")
            .fetch_one(&app.pool)
            .await
            .expect("area");
    let hidden: String = sqlx::query_scalar(
        "select id::text from area where not published order by reference limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("an unpublished area");
    let good = json!({"name": "Per Lager", "company": "Lager AS", "email": "per@lager.no",
                      "need": "20 daa, 2 MW", "message": "Er området ledig fra 2027?"});

    // problems by field, nothing stored
    let (s, _, p) = send(
        &app,
        &area,
        json!({"name": "", "email": "per", "message": "x", "fax": 1}),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, vec!["fax", "name", "email"], "{p}");
    let (s, _, _) = send(&app, &hidden, good.clone()).await;
    assert_eq!(s, 404, "no enquiries about unpublished areas");
    let (s, _, _) = send(&app, "not-an-id", good.clone()).await;
    assert_eq!(s, 404);
    let count: i64 = sqlx::query_scalar("select count(*) from enquiry")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(count, 0);

    let (s, _, answer) = send(&app, &area, good.clone()).await;
    assert_eq!(s, 201, "{answer}");
    assert!(answer["message"]["nb"]
        .as_str()
        .is_some_and(|m| m.starts_with("Takk!")));
    // the same address may send three an hour; the fourth is refused with when to retry
    for _ in 0..2 {
        assert_eq!(send(&app, &area, good.clone()).await.0, 201);
    }
    let (s, retry, p) = send(&app, &area, good.clone()).await;
    assert_eq!(s, 429, "{p}");
    assert!(retry
        .and_then(|r| r.parse::<u32>().ok())
        .is_some_and(|r| r > 0 && r <= 3600));
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("e-mail address")),
        "{p}"
    );
    let other = json!({"name": "Eva", "email": "eva@bygg.no", "message": "Hei"});
    assert_eq!(
        send(&app, &area, other).await.0,
        201,
        "another address is not held back"
    );

    // who reads them
    let (s, list) = app.get_as(&kari, "/api/enquiries").await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["unhandled"], 4);
    let first = &list["enquiries"][0];
    assert_eq!(first["area_reference"], "3405-N-001");
    assert!(list["enquiries"]
        .as_array()
        .expect("list")
        .iter()
        .any(|e| e["company"] == "Lager AS" && e["need"] == "20 daa, 2 MW"));
    let (_, theirs) = app.get_as(&ola, "/api/enquiries").await;
    assert_eq!(
        theirs["enquiries"],
        json!([]),
        "another municipality sees none"
    );
    assert_eq!(app.get_as(&vera, "/api/enquiries").await.0, 403);
    let anonymous = app
        .http
        .get(app.url("/api/enquiries"))
        .send()
        .await
        .expect("get");
    assert_eq!(anonymous.status().as_u16(), 401);

    // marking handled
    let id = first["id"].as_str().expect("id");
    let path = format!("/api/enquiries/{id}/handled");
    let (s, _) = app
        .post_as(
            &ola,
            &path,
            json!({"handled": true}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(s, 404, "not ola's to handle");
    let (s, p) = app
        .post_as(
            &kari,
            &path,
            json!({"handled": "yes"}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(
        (s, p["issues"][0]["field"].as_str()),
        (422, Some("handled")),
        "{p}"
    );
    let (s, e) = app
        .post_as(
            &kari,
            &path,
            json!({"handled": true}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(s, 200, "{e}");
    assert_eq!(e["handled_by"], "kari");
    let (_, list) = app.get_as(&kari, "/api/enquiries").await;
    assert_eq!(list["unhandled"], 3);
    let (_, e) = app
        .post_as(
            &kari,
            &path,
            json!({"handled": false}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(e["handled_at"], Value::Null);
}
