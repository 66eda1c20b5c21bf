//! In a real headless Chromium (whose browser language is English): the map's Norwegian UI
//! gets the server's messages in bokmål, and in English after switching language.

use fantoccini::Locator;

use super::driver::{browser, click, text_of, type_into, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_failed_sign_in_reads_in_the_uis_language() {
    let app = spawn_app().await;
    app.account("kari", "planner", &["3405"]).await;
    let (_driver, c, _profile) = browser().await;
    c.goto(&app.url("/login")).await.expect("sign-in page");
    wait_for("the sign-in form", || async {
        c.find(Locator::Css("#login input[name=username]"))
            .await
            .is_ok()
    })
    .await;
    type_into(&c, "#login input[name=username]", "kari").await;
    type_into(&c, "#login input[name=password]", "not the password at all").await;
    click(&c, "#login button[type=submit]").await;
    wait_for("the sign-in error", || async {
        !text_of(&c, "#login-error").await.is_empty()
    })
    .await;
    let error = text_of(&c, "#login-error").await;
    assert!(error.contains("feil brukernavn eller passord"), "{error}");
    assert!(!error.contains("wrong username"), "{error}");
    // in English after switching
    click(&c, "#lang").await;
    c.find(Locator::Css("#login button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("again");
    wait_for("the English error", || async {
        text_of(&c, "#login-error")
            .await
            .contains("wrong username or password")
    })
    .await;
}
