//! The WebDriver harness: chromedriver and a headless Chromium session with a fresh
//! profile, and the few steps every browser test takes (sign in, click, type, wait).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn free_port() -> u16 {
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

/// Sign in through the sign-in page and wait until the map knows who we are.
pub(crate) async fn sign_in(c: &fantoccini::Client, base: &str, username: &str, password: &str) {
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

pub(crate) async fn click(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .click()
        .await
        .unwrap_or_else(|_| panic!("click {css}"));
}

/// Replace the text of a form field, once it can be typed into (a popup or panel that
/// is still opening is not interactable yet).
pub(crate) async fn type_into(c: &fantoccini::Client, css: &str, text: &str) {
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
pub(crate) async fn open_area(c: &fantoccini::Client, name: &str) {
    let item = format!("//ul[@id='list']/li[contains(., '{name}')]");
    // the list is re-rendered whenever areas load: find and click in one step, again if
    // the item found was replaced before the click reached it
    wait_for(&format!("{name} in the list, clicked"), || async {
        match c.find(Locator::XPath(&item)).await {
            Ok(li) => li.click().await.is_ok(),
            Err(_) => false,
        }
    })
    .await;
    wait_for(&format!("{name} in the panel"), || async {
        text_of(c, "#panel h2").await.contains(name)
    })
    .await;
}

/// Click the map at these pixel offsets from its centre, one after another.
pub(crate) async fn click_map(c: &fantoccini::Client, points: &[(f64, f64)]) {
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

/// The ids of the search results in the list, in order.
pub(crate) async fn result_ids(c: &fantoccini::Client) -> Vec<String> {
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

/// The demo area 3405-N-001 and the first comparison set, the ids `document_pages` shows.
pub(crate) async fn demo_area_and_set(app: &crate::helpers::TestApp) -> (String, String) {
    let (_, list) = app.get_json("/api/comparisons", 200).await;
    let set = list["comparisons"][0]["id"]
        .as_str()
        .expect("set")
        .to_string();
    let area: String =
        sqlx::query_scalar("select id::text from area where reference = '3405-N-001'")
            .fetch_one(&app.pool)
            .await
            .expect("area");
    (area, set)
}

/// The pages that show one area or one comparison set, each with what marks it ready:
/// (name, path, CSS selector).
pub(crate) fn document_pages(area: &str, set: &str) -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "datasheet",
            format!("/areas/{area}/datasheet"),
            "body[data-ready=true]",
        ),
        (
            "comparison",
            format!("/comparisons/{set}"),
            "body[data-ready=true] #table tbody tr",
        ),
        (
            "report",
            format!("/comparisons/{set}/report"),
            "body[data-ready=true]",
        ),
    ]
}

/// Open `url` and wait until `css` finds something.
pub(crate) async fn open_ready(c: &fantoccini::Client, url: &str, what: &str, css: &str) {
    c.goto(url).await.expect("open");
    wait_for(what, || async { c.find(Locator::Css(css)).await.is_ok() }).await;
}
