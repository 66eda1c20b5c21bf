//! Zoning from the plan register: the same plans in three spellings (SOSI GML with
//! Norwegian letters, GeoJSON with dotted names, a GeoPackage in ASCII made by ogr2ogr)
//! give the same zoning, which matches a brute-force overlay in geo; plans in force only,
//! the newest of a level over older ones, a reguleringsplan over the master plan.

use std::io::ErrorKind;
use std::net::TcpListener;

use geo::{Area, BooleanOps, MultiPolygon, Polygon};
use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, TestApp};

/// A rectangle in EPSG:25832.
fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

fn multi(ring: &[[f64; 2]]) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        ring.iter().map(|c| (c[0], c[1])).collect(),
        vec![],
    )])
}

/// A plan of the test: level, identity, type, status, in-force date, outline, and its
/// purposes (code, arealbruksstatus, outline).
struct TestPlan {
    level: &'static str,
    ident: &'static str,
    plan_type: i32,
    status: i32,
    in_force: &'static str,
    name: &'static str,
    outline: Vec<[f64; 2]>,
    purposes: Vec<(i32, Option<i32>, Vec<[f64; 2]>)>,
}

/// Plans around the area's bounding box: a master plan (1300 framtidig west, 5100 east), a
/// zoning plan in force over the south 30 % (1340 and 2011), an older one under it (5111,
/// covered by the newer), and a proposal over the north (1150, not in force).
fn plans(b: (f64, f64, f64, f64)) -> Vec<TestPlan> {
    let (x0, y0, x1, y1) = b;
    let (w, h, m) = (x1 - x0, y1 - y0, 50.0);
    let (xs, xr, ys) = (x0 + 0.6 * w, x0 + 0.45 * w, y0 + 0.3 * h);
    vec![
        TestPlan {
            level: "kp",
            ident: "2011001",
            plan_type: 20,
            status: 3,
            in_force: "2011-06-01",
            name: "Kommuneplanens arealdel (test)",
            outline: rect(x0 - m, y0 - m, x1 + m, y1 + m),
            purposes: vec![
                (1300, Some(2), rect(x0 - m, y0 - m, xs, y1 + m)),
                (5100, Some(1), rect(xs, y0 - m, x1 + m, y1 + m)),
            ],
        },
        TestPlan {
            level: "rp",
            ident: "2019004",
            plan_type: 35,
            status: 3,
            in_force: "2019-09-12",
            name: "Detaljregulering for testfeltet",
            outline: rect(x0 - m, y0 - m, x1 + m, ys),
            purposes: vec![
                (1340, None, rect(x0 - m, y0 - m, xr, ys)),
                (2011, None, rect(xr, y0 - m, x1 + m, ys)),
            ],
        },
        TestPlan {
            level: "rp",
            ident: "2005002",
            plan_type: 30,
            status: 3,
            in_force: "2005-03-01",
            name: "Eldre reguleringsplan (test)",
            outline: rect(x0 - m, y0 - m, x1 + m, y0 + 0.2 * h),
            purposes: vec![(5111, None, rect(x0 - m, y0 - m, x1 + m, y0 + 0.2 * h))],
        },
        TestPlan {
            level: "rp",
            ident: "2024010",
            plan_type: 35,
            status: 2,
            in_force: "",
            name: "Planforslag (test)",
            outline: rect(x0 - m, y0 + 0.7 * h, x1 + m, y1 + m),
            purposes: vec![(1150, None, rect(x0 - m, y0 + 0.7 * h, x1 + m, y1 + m))],
        },
    ]
}

fn link(p: &TestPlan) -> String {
    format!("https://www.arealplaner.no/3405/arealplaner/{}", p.ident)
}

fn pos_list(ring: &[[f64; 2]]) -> String {
    ring.iter()
        .map(|c| format!("{} {}", c[0], c[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// SOSI Plan 4.5 GML, Norwegian letters, nested identity; its schema on `schema_port`.
fn gml(plans: &[TestPlan], schema_port: u16) -> String {
    let surface = |ring: &[[f64; 2]]| {
        format!(
            r#"<app:område><gml:Polygon srsName="urn:ogc:def:crs:EPSG::25832"><gml:exterior><gml:LinearRing><gml:posList>{}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></app:område>"#,
            pos_list(ring)
        )
    };
    let id = |p: &TestPlan| {
        format!(
            "<app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3405</app:kommunenummer><app:planidentifikasjon>{}</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId>",
            p.ident
        )
    };
    let mut out = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="http://skjema.geonorge.no/SOSI/produktspesifikasjon/Plan/4.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://skjema.geonorge.no/SOSI/produktspesifikasjon/Plan/4.5 http://127.0.0.1:{schema_port}/plan-4.5.xsd">
"#
    );
    for p in plans {
        let (area, purpose) = if p.level == "kp" {
            ("KpOmråde", "KpArealformålOmråde")
        } else {
            ("RpOmråde", "RpArealformålOmråde")
        };
        let in_force = if p.in_force.is_empty() {
            String::new()
        } else {
            format!(
                "<app:ikrafttredelsesdato>{}</app:ikrafttredelsesdato>",
                p.in_force
            )
        };
        out.push_str(&format!(
            "<gml:featureMember><app:{area}>{}{}<app:plantype>{}</app:plantype><app:planstatus>{}</app:planstatus><app:plannavn>{}</app:plannavn>{in_force}<app:link>{}</app:link></app:{area}></gml:featureMember>\n",
            surface(&p.outline), id(p), p.plan_type, p.status, p.name, link(p)
        ));
        for (code, status, ring) in &p.purposes {
            let status = status
                .map(|s| format!("<app:arealbruksstatus>{s}</app:arealbruksstatus>"))
                .unwrap_or_default();
            out.push_str(&format!(
                "<gml:featureMember><app:{purpose}>{}{}<app:arealformål>{code}</app:arealformål>{status}<app:vertikalnivå>2</app:vertikalnivå></app:{purpose}></gml:featureMember>\n",
                surface(ring), id(p)
            ));
        }
    }
    out.push_str("</gml:FeatureCollection>\n");
    out
}

/// GeoJSON layers (one FeatureCollection each) with `names` for the layers and attributes.
fn geojson_layers(plans: &[TestPlan], names: &Spelling) -> Vec<(String, Value)> {
    let geometry = |ring: &[[f64; 2]]| json!({"type": "Polygon", "coordinates": [ring]});
    let mut layers: Vec<(String, Vec<Value>)> = names
        .layers
        .iter()
        .map(|l| (l.to_string(), Vec::new()))
        .collect();
    for p in plans {
        let k = if p.level == "kp" { 0 } else { 2 };
        let mut props = json!({});
        props[names.municipality] = json!("3405");
        props[names.ident] = json!(p.ident);
        let mut plan = props.clone();
        plan["plantype"] = json!(p.plan_type);
        plan["planstatus"] = json!(p.status);
        plan["plannavn"] = json!(p.name);
        plan["link"] = json!(link(p));
        if !p.in_force.is_empty() {
            plan["ikrafttredelsesdato"] = json!(p.in_force);
        }
        layers[k]
            .1
            .push(json!({"type": "Feature", "properties": plan, "geometry": geometry(&p.outline)}));
        for (code, status, ring) in &p.purposes {
            let mut f = props.clone();
            f[names.code] = json!(code);
            if let Some(s) = status {
                f[names.status] = json!(s);
            }
            f[names.level] = json!(2);
            layers[k + 1]
                .1
                .push(json!({"type": "Feature", "properties": f, "geometry": geometry(ring)}));
        }
    }
    let crs = json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}});
    layers
        .into_iter()
        .map(|(name, features)| {
            let fc = json!({"type": "FeatureCollection", "name": name, "crs": crs, "features": features});
            (name, fc)
        })
        .collect()
}

/// How a channel spells the layers (KpOmråde, KpArealformålOmråde, RpOmråde,
/// RpArealformålOmråde) and the attributes.
struct Spelling {
    layers: [&'static str; 4],
    municipality: &'static str,
    ident: &'static str,
    code: &'static str,
    status: &'static str,
    level: &'static str,
}

const DOTTED: Spelling = Spelling {
    layers: [
        "KpOmråde",
        "KpArealformålOmråde",
        "RpOmråde",
        "RpArealformålOmråde",
    ],
    municipality: "arealplanId.kommunenummer",
    ident: "arealplanId.planidentifikasjon",
    code: "arealformål",
    status: "arealbruksstatus",
    level: "vertikalnivå",
};

const ASCII: Spelling = Spelling {
    layers: [
        "kp_omrade",
        "kp_arealformal_omrade",
        "rp_omrade",
        "rp_arealformal_omrade",
    ],
    municipality: "kommunenummer",
    ident: "planidentifikasjon",
    code: "arealformal",
    status: "arealbruksstatus",
    level: "vertikalniva",
};

async fn import_plan(app: &TestApp, token: &str, query: &str, body: Vec<u8>) -> (u16, Value) {
    app.post_as(token, &format!("/api/plans/import?{query}"), body)
        .await
}

async fn zoning(app: &TestApp, reference: &str) -> Value {
    app.public_properties(reference).await
}

/// The expected share of each (list, code, status) by brute force in geo.
fn brute_force(
    area: &MultiPolygon<f64>,
    plans: &[TestPlan],
) -> Vec<(String, i64, Option<i64>, f64)> {
    let total = area.unsigned_area();
    let in_force: Vec<&TestPlan> = plans.iter().filter(|p| p.status == 3).collect();
    let mut out = Vec::new();
    for p in &in_force {
        // what covers it: newer plans of its level, and for the master plan every zoning plan
        let mut cover = MultiPolygon::<f64>(vec![]);
        for o in &in_force {
            if (o.level == p.level && o.in_force > p.in_force)
                || (p.level == "kp" && o.level == "rp")
            {
                cover = cover.union(&multi(&o.outline));
            }
        }
        for (code, status, ring) in &p.purposes {
            let piece = area.intersection(&multi(ring)).difference(&cover);
            let m2 = piece.unsigned_area();
            if m2 >= 0.5 {
                out.push((
                    p.level.to_string(),
                    i64::from(*code),
                    status.map(i64::from),
                    m2 / total,
                ));
            }
        }
    }
    out.sort_by(|a, b| b.3.total_cmp(&a.3));
    out
}

#[tokio::test]
async fn zoning_comes_from_the_plan_register_in_any_spelling_and_matches_a_brute_force() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ada = app.account("ada", "admin", &[]).await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    app.insert(&json!({"type": "FeatureCollection", "features": [feature(
        "3405-P-001", "3405", "available", polygon(10.3000, 61.0500, 180.0, 10, 0.3),
        json!({"land_use_list": "kp", "land_use_code": 1300, "land_use_status": 2}))]}))
        .await;
    let before = zoning(&app, "3405-P-001").await;
    assert_eq!(
        before["zoning_parts"],
        Value::Null,
        "no plan data loaded yet: {before}"
    );
    let outline: String =
        sqlx::query_scalar("select st_asgeojson(geom, 6) from area where reference = '3405-P-001'")
            .fetch_one(&app.pool)
            .await
            .expect("outline");
    let outline: geo::Geometry<f64> = outline
        .parse::<geojson::Geometry>()
        .expect("geojson")
        .value
        .try_into()
        .expect("geo");
    let geo::Geometry::MultiPolygon(area) = outline else {
        panic!("a multipolygon")
    };
    let b = geo::BoundingRect::bounding_rect(&area).expect("bbox");
    let plans = plans((b.min().x, b.min().y, b.max().x, b.max().y));
    let expected = brute_force(&area, &plans);
    assert_eq!(
        expected.len(),
        4,
        "the area lies under two KP and two RP purposes: {expected:?}"
    );

    // 1. SOSI GML through the command line; its remote schema is never fetched
    let schema = TcpListener::bind("127.0.0.1:0").expect("listener");
    schema.set_nonblocking(true).expect("nonblocking");
    let port = schema.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let gml_path = dir.path().join("plan-3405.gml");
    std::fs::write(&gml_path, gml(&plans, port)).expect("write");
    let dry = app
        .cli()
        .args(["plan", "import", "--dry-run"])
        .arg(&gml_path)
        .output()
        .expect("cli");
    let stdout = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(
        dry.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(stdout.contains("dry run: nothing was written"), "{stdout}");
    assert!(
        stdout.contains("3405-P-001 Testområde 3405-P-001: zoning_parts no plan → "),
        "{stdout}"
    );
    assert_eq!(
        zoning(&app, "3405-P-001").await["zoning_parts"],
        Value::Null,
        "the dry run wrote nothing"
    );
    let out = app
        .cli()
        .args(["plan", "import"])
        .arg(&gml_path)
        .output()
        .expect("cli");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        schema.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(ErrorKind::WouldBlock),
        "the schema named in the GML was not fetched"
    );
    let from_gml = zoning(&app, "3405-P-001").await;
    let parts = from_gml["zoning_parts"].as_array().expect("parts").clone();
    let got: Vec<(String, i64, Option<i64>, f64)> = parts
        .iter()
        .map(|p| {
            (
                p["list"].as_str().expect("list").to_string(),
                p["code"].as_i64().expect("code"),
                p["status"].as_i64(),
                p["share"].as_f64().expect("share"),
            )
        })
        .collect();
    assert_eq!(got.len(), expected.len(), "{got:?} vs {expected:?}");
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(
            (&g.0, g.1, g.2),
            (&e.0, e.1, e.2),
            "{got:?} vs {expected:?}"
        );
        assert!((g.3 - e.3).abs() < 0.0006, "{g:?} vs {e:?}");
    }
    // the dominant purpose, its plan and link; it agrees with what was entered
    assert_eq!(from_gml["zoning_list"], parts[0]["list"]);
    assert_eq!(from_gml["zoning_code"], parts[0]["code"]);
    assert_eq!(from_gml["zoning_share"], parts[0]["share"]);
    let kp = parts.iter().find(|p| p["code"] == 1300).expect("1300");
    assert_eq!(kp["label_nb"], "Næringsbebyggelse");
    assert_eq!(kp["plan_id"], "34052011001");
    assert_eq!(kp["plan_name"], "Kommuneplanens arealdel (test)");
    assert_eq!(kp["plan_date"], "2011-06-01");
    assert_eq!(
        kp["plan_url"],
        "https://www.arealplaner.no/3405/arealplaner/2011001"
    );
    let rp = parts.iter().find(|p| p["code"] == 1340).expect("1340");
    assert_eq!(
        (rp["list"].as_str(), rp["plan_id"].as_str()),
        (Some("rp"), Some("34052019004"))
    );
    assert!(
        parts.iter().all(|p| p["code"] != 5111 && p["code"] != 1150),
        "older and proposed plans do not govern: {parts:?}"
    );
    assert_eq!(
        from_gml["zoning_as_of"],
        chrono::Local::now().date_naive().to_string()
    );
    let covered = from_gml["zoning_covered_share"].as_f64().expect("covered");
    assert!((covered - 1.0).abs() < 0.001, "{covered}");
    let disagrees = from_gml["zoning_disagrees"].clone();
    let dominant_is_entered = parts[0]["list"] == "kp" && parts[0]["code"] == 1300;
    assert_eq!(disagrees, json!(!dominant_is_entered));

    // 2. the same plans as GeoJSON with dotted names, over the API; only admins load them
    let layers: Vec<Value> = geojson_layers(&plans, &DOTTED)
        .into_iter()
        .map(|(_, fc)| fc)
        .collect();
    let body = serde_json::to_vec(&layers).expect("json");
    let (status, _) = import_plan(&app, &kari, "crs=EPSG:25832", body.clone()).await;
    assert_eq!(status, 403);
    let (status, report) = import_plan(&app, &ada, "crs=EPSG:25832", body).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["plans"].as_u64(), report["purposes"].as_u64()),
        (Some(4), Some(6)),
        "{report}"
    );
    assert_eq!(
        report["areas"],
        json!([]),
        "the same plans change no area: {report}"
    );
    assert_eq!(
        zoning(&app, "3405-P-001").await["zoning_parts"],
        from_gml["zoning_parts"]
    );

    // 3. ASCII names in a GeoPackage made by ogr2ogr (as the README shows for FGDB/SOSI),
    // with one purpose below ground that is not used
    let gpkg = dir.path().join("plan.gpkg");
    let mut ascii = geojson_layers(&plans, &ASCII);
    let below = json!({"type": "Feature", "properties": {"kommunenummer": "3405", "planidentifikasjon": "2019004",
        "arealformal": 2011, "vertikalniva": 1}, "geometry": {"type": "Polygon", "coordinates": [plans[0].outline.clone()]}});
    ascii[3].1["features"]
        .as_array_mut()
        .expect("features")
        .push(below);
    for (i, (name, fc)) in ascii.iter().enumerate() {
        let src = dir.path().join(format!("{name}.geojson"));
        std::fs::write(&src, fc.to_string()).expect("write");
        let mut cmd = std::process::Command::new("ogr2ogr");
        cmd.args(["-f", "GPKG"]);
        if i > 0 {
            cmd.args(["-update", "-append"]);
        }
        let out = cmd
            .arg(&gpkg)
            .arg(&src)
            .args(["-nln", name])
            .output()
            .expect("ogr2ogr (apt-get install gdal-bin)");
        assert!(
            out.status.success(),
            "ogr2ogr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // first a different plan state, so that the GeoPackage has something to change back
    let (status, _) = import_plan(
        &app,
        &ada,
        "crs=EPSG:25832",
        serde_json::to_vec(
            &geojson_layers(&plans[..1], &DOTTED)
                .into_iter()
                .map(|(_, fc)| fc)
                .collect::<Vec<_>>(),
        )
        .expect("json"),
    )
    .await;
    assert_eq!(status, 200);
    let only_kp = zoning(&app, "3405-P-001").await;
    assert!(only_kp["zoning_parts"]
        .as_array()
        .expect("parts")
        .iter()
        .all(|p| p["list"] == "kp"));
    let out = app
        .cli()
        .args(["plan", "import"])
        .arg(&gpkg)
        .output()
        .expect("cli");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 above or below ground not used"),
        "{stdout}"
    );
    assert!(
        stdout.contains("zoning_share 0.6"),
        "the report says what changed: {stdout}"
    );
    assert_eq!(
        zoning(&app, "3405-P-001").await["zoning_parts"],
        from_gml["zoning_parts"]
    );

    // entered by hand and the plan register disagree: flagged
    sqlx::query("update area set land_use_list = 'kp', land_use_code = 5100, land_use_status = 1 where reference = '3405-P-001'")
        .execute(&app.pool)
        .await
        .expect("update");
    let changed = zoning(&app, "3405-P-001").await;
    assert_eq!(
        changed["zoning_disagrees"],
        json!(!(parts[0]["list"] == "kp" && parts[0]["code"] == 5100))
    );

    // plan geometry is not published: no layer, no collection
    let (_, layers) = app.get_json("/api/layers", 200).await;
    assert!(!layers.to_string().contains("plan_purpose"));
    let (_, collections) = app.get_json("/ogc/collections", 200).await;
    assert!(collections["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .all(|c| !c["id"].as_str().unwrap_or("").contains("plan")));
}

#[tokio::test]
async fn broken_plan_data_is_refused_by_feature_and_field() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ada = app.account("ada", "admin", &[]).await;
    let b = (580_000.0, 6_780_000.0, 580_300.0, 6_780_200.0);
    let mut plans = plans(b);
    plans[0].purposes[0].0 = 9999; // no such arealformål
    plans[1].status = 42; // no such planstatus
    let mut layers: Vec<Value> = geojson_layers(&plans, &DOTTED)
        .into_iter()
        .map(|(_, fc)| fc)
        .collect();
    // a purpose whose plan is not in the file
    let orphan = json!({"type": "Feature", "properties": {"arealplanId.kommunenummer": "3405",
        "arealplanId.planidentifikasjon": "1999999", "arealformål": 1300},
        "geometry": {"type": "Polygon", "coordinates": [rect(580_000.0, 6_780_000.0, 580_010.0, 6_780_010.0)]}});
    layers[3]["features"]
        .as_array_mut()
        .expect("features")
        .push(orphan);
    let (status, p) = import_plan(
        &app,
        &ada,
        "crs=EPSG:25832",
        serde_json::to_vec(&layers).expect("json"),
    )
    .await;
    assert_eq!(status, 422, "{p}");
    let fields: Vec<(String, String)> = p["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            (
                i["field"].as_str().unwrap_or("").to_string(),
                i["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        fields.contains(&("arealformål".into(), "9999".into())),
        "{p}"
    );
    assert!(fields.contains(&("planstatus".into(), "42".into())), "{p}");
    assert!(
        fields.contains(&("planidentifikasjon".into(), "3405 1999999".into())),
        "{p}"
    );
    assert!(
        p["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .all(|i| i["feature"].is_number()),
        "{p}"
    );
    // GML with a DOCTYPE (an external entity) is refused
    let xml = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2">&e;</gml:FeatureCollection>"#;
    let (status, p) = import_plan(&app, &ada, "", xml.as_bytes().to_vec()).await;
    assert_eq!(status, 422, "{p}");
    assert!(
        p["issues"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("DOCTYPE"),
        "{p}"
    );
    let n: i64 = sqlx::query_scalar("select count(*) from plan")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(n, 0, "nothing stored");
}
