//! The national arealformål lists (migration 0020): complete, with their official labels,
//! and every code in them accepted on an area.

use serde_json::json;

use crate::helpers::{feature, polygon, spawn_app, LILLEHAMMER};

#[tokio::test]
async fn the_national_land_use_lists_are_complete_and_accepted() {
    let app = spawn_app().await;
    let (_, config) = app.get_json("/api/config", 200).await;
    let land_use = &config["codes"]["land_use"];
    let kp = land_use["kp"].as_object().expect("kp list");
    let rp = land_use["rp"].as_object().expect("rp list");
    assert_eq!((kp.len(), rp.len()), (66, 224), "the whole national lists");
    assert_eq!(kp["1300"]["nb"], "Næringsbebyggelse", "the official label");
    assert_eq!(
        kp["5100"]["nb"],
        "LNFR-areal for nødvendige tiltak for landbruk og reindrift og gårdstilknyttet \
         næringsvirksomhet basert på gårdens ressursgrunnlag"
    );
    assert_eq!(
        rp["1300"]["en"], "Business buildings",
        "English kept where there was one"
    );

    // a purpose only the national list has (kp 6400 Akvakultur) is stored; one outside it is not
    let token = app.account("kari", "planner", &["3405"]).await;
    let post = |reference: &str, code: i64| {
        let body = feature(
            reference,
            "3405",
            "candidate",
            polygon(LILLEHAMMER.0, LILLEHAMMER.1, 120.0, 8, 0.2),
            json!({"land_use_list": "kp", "land_use_code": code, "land_use_status": 2}),
        );
        app.http
            .post(app.url("/ogc/collections/areas/items"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let res = post("3405-L-001", 6400).await.expect("post");
    assert_eq!(res.status().as_u16(), 201);
    let res = post("3405-L-002", 6401).await.expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let problem: serde_json::Value = res.json().await.expect("problem");
    assert_eq!(problem["issues"][0]["field"], "land_use_code", "{problem}");
}
