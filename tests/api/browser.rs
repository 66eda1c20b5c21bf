//! The map in a real headless Chromium (Debian's chromium + chromium-driver).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::spawn_app;

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port()
}

pub(crate) async fn wait_for<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Start chromedriver and a headless Chromium session with a fresh profile.
pub(crate) async fn browser() -> (Driver, fantoccini::Client, std::path::PathBuf) {
    let port = free_port();
    let driver = Driver(
        Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (apt-get install chromium-driver)"),
    );
    let profile = std::env::temp_dir().join(format!("arealbank-chromium-{}", uuid::Uuid::new_v4()));
    let caps = json!({"goog:chromeOptions": {
        "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,900", format!("--user-data-dir={}", profile.display())]
    }});
    let mut client = None;
    for _ in 0..50 {
        let mut b = ClientBuilder::rustls().expect("rustls");
        b.capabilities(caps.as_object().expect("caps").clone());
        match b.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("a WebDriver session with Chromium");
    (driver, c, profile)
}

#[tokio::test]
async fn the_map_draws_areas_and_shows_facts_on_click() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");

    // every published demo area is drawn as an SVG path, plus the list beside the map
    wait_for("17 areas in the list", || async {
        c.find_all(Locator::Css("#list li"))
            .await
            .map(|v| v.len() == 17)
            .unwrap_or(false)
    })
    .await;
    let polygons = c
        .find_all(Locator::Css("path.area-polygon"))
        .await
        .expect("polygons");
    assert_eq!(polygons.len(), 17, "one polygon per published area");
    for hidden in ["login", "transfer", "new-area"] {
        let shown = c
            .find(Locator::Id(hidden))
            .await
            .expect("element")
            .is_displayed()
            .await
            .expect("displayed");
        assert!(!shown, "#{hidden} stays hidden for the public");
    }
    let dots = c
        .find_all(Locator::Css("path.area-point"))
        .await
        .expect("dots");
    assert_eq!(dots.len(), 17, "and a dot for each at region scale");
    let notice = c.find(Locator::Id("demo-notice")).await.expect("notice");
    assert!(
        notice.is_displayed().await.expect("visible"),
        "the demo notice is shown"
    );
    assert!(notice.text().await.expect("text").contains("Eksempeldata"));

    // choose an area in the list: the map zooms to it; then click its polygon on the map
    let item = c
        .find(Locator::XPath(
            "//ul[@id='list']/li[contains(., 'Storhove næringsområde')]",
        ))
        .await
        .expect("list item");
    item.click().await.expect("click list item");
    let panel = c.find(Locator::Id("panel")).await.expect("panel");
    assert!(
        panel
            .text()
            .await
            .expect("text")
            .contains("Storhove næringsområde"),
        "the list opens the panel"
    );
    c.find(Locator::Css("#panel button"))
        .await
        .expect("close button")
        .click()
        .await
        .expect("close panel");
    // the map is centred on the chosen area: click the polygon nearest the map's centre
    let (mx, my, mw, mh) = c
        .find(Locator::Id("map"))
        .await
        .expect("map")
        .rectangle()
        .await
        .expect("map rect");
    let (cx, cy) = (mx + mw / 2.0, my + mh / 2.0);
    let mut nearest = None;
    let mut best = f64::MAX;
    for p in c
        .find_all(Locator::Css("path.area-polygon"))
        .await
        .expect("polygons")
    {
        let (x, y, w, h) = p.rectangle().await.expect("rect");
        let d = (x + w / 2.0 - cx).hypot(y + h / 2.0 - cy);
        if d < best && w * h > 400.0 {
            best = d;
            nearest = Some(p);
        }
    }
    nearest
        .expect("a polygon drawn large enough to click")
        .click()
        .await
        .expect("click polygon");
    wait_for("the fact panel", || async {
        panel.is_displayed().await.unwrap_or(false)
    })
    .await;
    let text = panel.text().await.expect("panel text");
    for expected in [
        "Storhove næringsområde (demo)",
        "Lillehammer (3405)",
        "Ledig næringsareal",
        "Opparbeidet",
        "Delvis tatt i bruk",
        "daa",
        "m²",
        "3 Endelig vedtatt arealplan",
        "35 Detaljregulering",
        "1300 Næringsbebyggelse",
        "Utbygger",
        "Eksempeldata",
    ] {
        assert!(text.contains(expected), "panel shows {expected:?}:\n{text}");
    }
    // the selection is in the URL: opening that link shows the same area
    let link = c.current_url().await.expect("url");
    assert!(
        link.fragment().is_some_and(|f| f.starts_with("area=")),
        "shareable link: {link}"
    );
    c.goto(app.url("/").as_str()).await.expect("reset");
    c.goto(link.as_str()).await.expect("open shared link");
    c.refresh().await.expect("reload on the link");
    wait_for("the shared area's panel", || async {
        match c.find(Locator::Css("#panel h2")).await {
            Ok(h) => h
                .text()
                .await
                .map(|t| t.contains("Storhove næringsområde"))
                .unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    // the English toggle relabels the panel
    c.find(Locator::Id("lang"))
        .await
        .expect("toggle")
        .click()
        .await
        .expect("click toggle");
    let text = c
        .find(Locator::Id("panel"))
        .await
        .expect("panel")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains("Partly taken") && text.contains("Gross area"),
        "English labels:\n{text}"
    );
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn signed_in_users_see_unpublished_areas_and_their_history() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let user = arealbank::domain::user::NewUser::new(
        "kari",
        None,
        "planner",
        &["3405".into()],
        "a long test password",
    )
    .expect("user");
    arealbank::store::users::add(&app.pool, &user)
        .await
        .expect("add user");
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");
    let count = |n: usize| {
        let c = c.clone();
        move || {
            let c = c.clone();
            async move {
                c.find_all(Locator::Css("#list li"))
                    .await
                    .map(|v| v.len() == n)
                    .unwrap_or(false)
            }
        }
    };
    wait_for("17 public areas", count(17)).await;
    c.find(Locator::Id("login-open"))
        .await
        .expect("login button")
        .click()
        .await
        .expect("open login");
    c.find(Locator::Css("#login input[name=username]"))
        .await
        .expect("username")
        .send_keys("kari")
        .await
        .expect("type");
    c.find(Locator::Css("#login input[name=password]"))
        .await
        .expect("password")
        .send_keys("a long test password")
        .await
        .expect("type");
    c.find(Locator::Css("#login button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("sign in");
    wait_for("18 areas once signed in", count(18)).await;
    assert!(c
        .find(Locator::Id("who"))
        .await
        .expect("who")
        .text()
        .await
        .expect("text")
        .contains("kari (planlegger)"));
    c.find(Locator::XPath(
        "//ul[@id='list']/li[contains(., 'ikke publisert')]",
    ))
    .await
    .expect("unpublished item")
    .click()
    .await
    .expect("select");
    wait_for("the history in the panel", || async {
        match c.find(Locator::Css("#panel .history")).await {
            Ok(h) => h
                .text()
                .await
                .map(|t| t.contains("opprettet") && t.contains("seed"))
                .unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    assert!(c
        .find(Locator::Id("panel"))
        .await
        .expect("panel")
        .text()
        .await
        .expect("text")
        .contains("Ikke publisert"));
    c.find(Locator::Id("logout"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("sign out");
    wait_for("17 areas after signing out", count(17)).await;
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

/// Sign in through the sign-in page and wait until the map knows who we are.
async fn sign_in(c: &fantoccini::Client, base: &str, username: &str, password: &str) {
    c.goto(&format!("{base}/login"))
        .await
        .expect("open sign-in page");
    let form = c.find(Locator::Id("login")).await.expect("sign-in form");
    assert!(
        form.is_displayed().await.expect("visible"),
        "/login opens the sign-in form"
    );
    c.find(Locator::Css("#login input[name=username]"))
        .await
        .expect("username")
        .send_keys(username)
        .await
        .expect("type");
    c.find(Locator::Css("#login input[name=password]"))
        .await
        .expect("password")
        .send_keys(password)
        .await
        .expect("type");
    c.find(Locator::Css("#login button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("sign in");
    wait_for("the signed-in name", || async {
        c.find(Locator::Id("who"))
            .await
            .expect("who")
            .text()
            .await
            .is_ok_and(|t| t.contains(username))
    })
    .await;
}

pub(crate) async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn click(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .click()
        .await
        .unwrap_or_else(|_| panic!("click {css}"));
}

/// Replace the text of a form field, once it can be typed into (a popup or panel that
/// is still opening is not interactable yet).
async fn type_into(c: &fantoccini::Client, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let e = loop {
        match c.find(Locator::Css(css)).await {
            Ok(e) if e.clear().await.is_ok() => break e,
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(200)).await,
            _ => panic!("{css} on the page, ready for typing"),
        }
    };
    e.send_keys(text).await.expect("type");
}

/// Select an area from the list by (part of) its name and wait for its panel.
async fn open_area(c: &fantoccini::Client, name: &str) {
    let item = format!("//ul[@id='list']/li[contains(., '{name}')]");
    wait_for(&format!("{name} in the list"), || async {
        c.find(Locator::XPath(&item)).await.is_ok()
    })
    .await;
    c.find(Locator::XPath(&item))
        .await
        .expect("list item")
        .click()
        .await
        .expect("select");
    wait_for(&format!("{name} in the panel"), || async {
        text_of(c, "#panel h2").await.contains(name)
    })
    .await;
}

/// Click the map at these pixel offsets from its centre, one after another.
async fn click_map(c: &fantoccini::Client, points: &[(f64, f64)]) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let map = c.find(Locator::Id("map")).await.expect("map");
    for &(x, y) in points {
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: map.clone(),
                duration: None,
                x,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        c.perform_actions(mouse).await.expect("click the map");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test]
async fn a_planner_draws_saves_and_edits_an_area_and_a_stale_edit_is_refused() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await; // password: "a long test password"
    let base = app.url("");
    let (_driver, c, profile) = browser().await;
    sign_in(&c, &base, "kari", "a long test password").await;
    // go to Lillehammer: a demo area there, then draw next to it
    open_area(&c, "Storhove næringsområde").await;
    click(&c, "#close-panel").await;
    click(&c, "#new-area").await;
    wait_for("the form for a new area", || async {
        c.find(Locator::Id("area-form")).await.is_ok()
    })
    .await;
    let corners = [
        (150.0, 100.0),
        (290.0, 100.0),
        (290.0, 220.0),
        (150.0, 220.0),
    ];
    click_map(&c, &corners).await;
    let live = text_of(&c, "#drawn-area").await;
    assert!(
        live.contains("daa"),
        "the area is shown while drawing: {live:?}"
    );
    click_map(&c, &corners[..1]).await; // closing the ring finishes the polygon
                                        // add a second part with Geoman's polygon tool …
    click(&c, ".leaflet-pm-toolbar .leaflet-pm-icon-polygon").await;
    let part = [
        (170.0, -200.0),
        (230.0, -200.0),
        (230.0, -150.0),
        (170.0, -150.0),
    ];
    click_map(&c, &part).await;
    click_map(&c, &part[..1]).await;
    // … and cut a hole into the first one
    click(&c, ".leaflet-pm-toolbar .leaflet-pm-icon-cut").await;
    let hole = [(200.0, 140.0), (240.0, 140.0), (220.0, 180.0)];
    click_map(&c, &hole).await;
    click_map(&c, &hole[..1]).await;
    let drawn: f64 = c
        .find(Locator::Id("drawn-area"))
        .await
        .expect("output")
        .attr("data-m2")
        .await
        .expect("attr")
        .and_then(|v| v.parse().ok())
        .expect("a measured area");
    assert!(drawn > 1000.0, "a drawn area of {drawn} m²");
    type_into(&c, "#e-reference", "3405-T-001").await;
    type_into(&c, "#e-name", "Testfeltet <b>ved</b> Hove").await;
    c.find(Locator::Id("e-readiness"))
        .await
        .expect("readiness")
        .select_by_value("zoned")
        .await
        .expect("choose readiness");
    // a value the server refuses is shown next to its field, nothing is written
    type_into(&c, "#e-area_available_m2", &format!("{}", drawn * 3.0)).await;
    click(&c, "#save").await;
    wait_for("the server's message beside the field", || async {
        text_of(&c, "#err-area_available_m2")
            .await
            .contains("larger")
    })
    .await;
    assert_eq!(
        app.area_count().await,
        18,
        "nothing written on a refused save"
    );
    type_into(&c, "#e-area_available_m2", "1000").await;
    click(&c, "#save").await;
    wait_for("the saved area in the panel", || async {
        text_of(&c, "#panel h2").await == "Testfeltet <b>ved</b> Hove"
    })
    .await;
    let (id, gross, version): (uuid::Uuid, f64, i32) = sqlx::query_as(
        "select id, area_gross_m2, version from area where reference = '3405-T-001'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("stored");
    assert_eq!(version, 1);
    let (parts, holes): (i32, i32) = sqlx::query_as(
        "select st_numgeometries(geom), (select sum(st_numinteriorrings(d.geom))::int from st_dump(geom) d) from area where id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .expect("shape");
    assert_eq!((parts, holes), (2, 1), "two parts, one with a hole");
    eprintln!(
        "drawn on the map: {drawn} m²; stored by PostGIS: {gross:.1} m²; difference {:.4} %",
        (drawn - gross) / gross * 100.0
    );
    assert!(
        (gross - drawn).abs() / gross < 0.005,
        "the live figure ({drawn} m²) matches what PostGIS stored ({gross} m²)"
    );
    // reload: still there, name shown as text (not markup)
    c.refresh().await.expect("reload");
    open_area(&c, "Testfeltet").await;
    assert!(
        c.find(Locator::Css("#panel h2 b")).await.is_err(),
        "names are escaped"
    );
    // edit it
    click(&c, "#edit-area").await;
    type_into(&c, "#e-name", "Testfeltet nord").await;
    click(&c, "#save").await;
    wait_for("the edited name", || async {
        text_of(&c, "#panel h2").await == "Testfeltet nord"
    })
    .await;

    // a second session opens the same version …
    let (_driver2, c2, profile2) = browser().await;
    sign_in(&c2, &base, "kari", "a long test password").await;
    open_area(&c2, "Testfeltet nord").await;
    click(&c2, "#edit-area").await;
    // … the first saves again …
    click(&c, "#edit-area").await;
    type_into(&c, "#e-name", "Testfeltet sør").await;
    click(&c, "#save").await;
    wait_for("the first session's save", || async {
        text_of(&c, "#panel h2").await == "Testfeltet sør"
    })
    .await;
    // … and the second, now stale, is told to reload instead of overwriting
    type_into(&c2, "#e-description", "endret i en gammel fane").await;
    click(&c2, "#save").await;
    wait_for("the stale-version notice", || async {
        text_of(&c2, "#form-problems")
            .await
            .contains("Last inn på nytt")
    })
    .await;
    let (name, description, version): (String, Option<String>, i32) =
        sqlx::query_as("select name, description, version from area where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(
        (name.as_str(), description, version),
        ("Testfeltet sør", None, 3)
    );
    click(&c2, "#reload-area").await;
    wait_for("the reloaded area", || async {
        text_of(&c2, "#panel h2").await == "Testfeltet sør"
    })
    .await;
    c2.close().await.expect("close browser");

    // the first version, shown on the map, then restored as a new version
    let first = "//ol[@class='history']/li[starts-with(., 'v1 ')]";
    wait_for("the history", || async {
        c.find(Locator::XPath(first)).await.is_ok()
    })
    .await;
    c.find(Locator::XPath(&format!("{first}/button[. = 'Vis']")))
        .await
        .expect("show button")
        .click()
        .await
        .expect("show v1");
    wait_for("the old version's note", || async {
        text_of(&c, "#version-note").await.contains("versjon 1")
    })
    .await;
    c.find(Locator::XPath(&format!(
        "{first}/button[. = 'Gjenopprett']"
    )))
    .await
    .expect("restore button")
    .click()
    .await
    .expect("restore v1");
    c.accept_alert().await.expect("confirm the restore");
    wait_for("the restored name", || async {
        text_of(&c, "#panel h2").await == "Testfeltet <b>ved</b> Hove"
    })
    .await;
    let (name, version): (String, i32) =
        sqlx::query_as("select name, version from area where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!((name.as_str(), version), ("Testfeltet <b>ved</b> Hove", 4));
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
    let _ = std::fs::remove_dir_all(profile2);
}

#[tokio::test]
async fn a_planner_checks_then_imports_a_file_and_finds_the_export_links() {
    use crate::helpers::{collection, feature, polygon, LILLEHAMMER};
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await; // password: "a long test password"
    let (lon, lat) = LILLEHAMMER;
    let file = collection(vec![
        feature(
            "3405-I-001",
            "3405",
            "available",
            polygon(lon + 0.02, lat, 110.0, 6, 0.0),
            json!({"name": "Importert én"}),
        ),
        feature(
            "3405-I-002",
            "3405",
            "candidate",
            polygon(lon + 0.03, lat, 130.0, 8, 0.0),
            json!({"name": "Importert to"}),
        ),
    ]);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("nye-omrader.geojson");
    std::fs::write(&path, file.to_string()).expect("write");

    let (_driver, c, profile) = browser().await;
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    wait_for("18 areas", || async {
        c.find_all(Locator::Css("#list li"))
            .await
            .is_ok_and(|v| v.len() == 18)
    })
    .await;
    click(&c, "#transfer summary").await;
    let gpkg = c
        .find(Locator::Css("#transfer a[data-format=gpkg]"))
        .await
        .expect("link")
        .attr("href")
        .await
        .expect("href");
    assert_eq!(gpkg.as_deref(), Some("/api/areas/export?format=gpkg"));
    c.find(Locator::Id("import-file"))
        .await
        .expect("file input")
        .send_keys(path.to_str().expect("path"))
        .await
        .expect("choose file");
    click(&c, "#import-check").await;
    wait_for("the dry run's result", || async {
        text_of(&c, "#import-result")
            .await
            .contains("2 områder vil bli opprettet")
    })
    .await;
    assert!(text_of(&c, "#import-result")
        .await
        .contains("3405-I-002 Importert to"));
    assert_eq!(app.area_count().await, 18, "a dry run saves nothing");
    click(&c, "#import-run").await;
    wait_for("the imported areas in the list", || async {
        c.find_all(Locator::Css("#list li"))
            .await
            .is_ok_and(|v| v.len() == 20)
    })
    .await;
    assert_eq!(app.area_count().await, 20);
    // a file with mistakes: every problem listed, nothing written
    let mut broken = file.clone();
    broken["features"][0]["properties"]["kind"] = "warehouse".into();
    broken["features"][1]["properties"]["readiness"] = "soon".into();
    std::fs::write(&path, broken.to_string()).expect("write");
    c.find(Locator::Id("import-file"))
        .await
        .expect("file input")
        .send_keys(path.to_str().expect("path"))
        .await
        .expect("choose file");
    click(&c, "#import-check").await;
    wait_for("the problems", || async {
        let t = text_of(&c, "#import-result").await;
        t.contains("2 feil") && t.contains("3405-I-001") && t.contains("readiness")
    })
    .await;
    assert_eq!(app.area_count().await, 20);
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn the_panel_shows_power_distances_conflicts_and_profile_and_layers_can_be_shown() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");
    open_area(&c, "Alternativ A: Fåberg nord").await;
    let panel = text_of(&c, "#panel").await;
    for expected in [
        "Strøm",
        "Nærmeste stasjon",
        "MW",
        "Avstander",
        "Kryss på E6",
        "km",
        "Konflikter",
        "Dyrka mark",
        "%",
        "Lokaliseringsprofil",
    ] {
        assert!(
            panel.contains(expected),
            "{expected:?} in the panel:\n{panel}"
        );
    }
    click(&c, "#layers summary").await;
    wait_for("the layer list", || async {
        text_of(&c, "#layer-list").await.contains("Kryss på E6")
    })
    .await;
    let list = text_of(&c, "#layer-list").await;
    assert!(
        list.contains("CC BY 4.0") && list.contains("Kartverket"),
        "sources shown:\n{list}"
    );
    assert!(
        list.contains("Dyrka mark (AR5) (eksempeldata)"),
        "demo layers marked:\n{list}"
    );
    let paths = || async {
        c.find_all(Locator::Css("#map path"))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    };
    let before = paths().await;
    click(&c, "#layer-list input[value=e6]").await;
    wait_for("the E6 on the map", || async { paths().await > before }).await;
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn a_planner_updates_a_substations_figures_from_its_popup() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    let (_driver, c, profile) = browser().await;
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    click(&c, "#layers summary").await;
    wait_for("the substations in the layer list", || async {
        c.find(Locator::Css("#layer-list input[value=substations]"))
            .await
            .is_ok()
    })
    .await;
    click(&c, "#layer-list input[value=substations]").await;
    wait_for("substations on the map", || async {
        c.find_all(Locator::Css("path.layer-substations"))
            .await
            .is_ok_and(|v| v.len() == 11)
    })
    .await;
    // the marker furthest west, away from the areas
    let markers = c
        .find_all(Locator::Css("path.layer-substations"))
        .await
        .expect("markers");
    let mut west = None;
    for m in markers {
        let (x, _, w, _) = m.rectangle().await.expect("rect");
        if w > 0.0 && west.as_ref().is_none_or(|(wx, _)| x < *wx) {
            west = Some((x, m));
        }
    }
    west.expect("a marker").1.click().await.expect("open popup");
    wait_for("the popup's form", || async {
        c.find(Locator::Css(".substation-form")).await.is_ok()
    })
    .await;
    let title = c
        .find(Locator::Css(".substation-popup > div"))
        .await
        .expect("title")
        .html(true)
        .await
        .expect("html");
    let name = title.split(" (").next().expect("name").trim().to_string();
    type_into(
        &c,
        ".substation-form input[name=free_capacity_mw_min]",
        "0.5",
    )
    .await;
    type_into(&c, ".substation-form input[name=free_capacity_mw_max]", "4").await;
    click(&c, ".substation-form button[type=submit]").await;
    wait_for("the new figures stored", || async {
        sqlx::query_scalar::<_, f64>("select free_capacity_mw_max from substation where name = $1")
            .bind(&name)
            .fetch_one(&app.pool)
            .await
            .is_ok_and(|v| v == 4.0)
    })
    .await;
    let (version, stale): (i32, bool) = sqlx::query_as(
        "select version, as_of < current_date - 365 from substation where name = $1",
    )
    .bind(&name)
    .fetch_one(&app.pool)
    .await
    .expect("row");
    assert_eq!((version, stale), (2, false), "a new version, dated today");
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

/// The ids of the search results in the list, in order.
async fn result_ids(c: &fantoccini::Client) -> Vec<String> {
    let mut ids = Vec::new();
    for li in c
        .find_all(Locator::Css("#results-list li.result:not(.near)"))
        .await
        .unwrap_or_default()
    {
        ids.push(li.attr("data-id").await.ok().flatten().unwrap_or_default());
    }
    ids
}

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
    ]);
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
