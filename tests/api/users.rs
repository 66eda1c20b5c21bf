//! `arealbank user …`: accounts with argon2id hashes, through the real binary.

use std::io::Write;
use std::process::{Output, Stdio};

use arealbank::domain::user::verify_password;

use crate::helpers::{spawn_app, TestApp};

fn user_cmd(app: &TestApp, args: &[&str], stdin: &str) -> Output {
    let mut child = app
        .cli()
        .arg("user")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run arealbank user");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write password");
    child.wait_with_output().expect("output")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

async fn hash_of(app: &TestApp, username: &str) -> Option<String> {
    arealbank::store::users::password_hash(&app.pool, username)
        .await
        .expect("lookup")
}

#[tokio::test]
async fn accounts_are_added_listed_disabled_and_given_new_passwords() {
    let app = spawn_app().await;
    let add = user_cmd(
        &app,
        &[
            "add",
            "Kari",
            "--role",
            "planner",
            "--municipality",
            "3405,3440",
            "--name",
            "Kari Planlegger",
        ],
        "first password 123\n",
    );
    assert!(add.status.success(), "{}", text(&add));
    let viewer = user_cmd(
        &app,
        &["add", "ola", "--role", "viewer"],
        "another password 456\n",
    );
    assert!(viewer.status.success(), "{}", text(&viewer));

    let stored = hash_of(&app, "kari")
        .await
        .expect("kari exists, in lowercase");
    assert!(
        stored.starts_with("$argon2id$"),
        "argon2id, not plain text: {stored}"
    );
    assert!(verify_password("first password 123", &stored));

    let list = text(&user_cmd(&app, &["list"], ""));
    assert!(
        list.contains("kari\tplanner\t3405,3440\tactive\tKari Planlegger"),
        "{list}"
    );
    assert!(list.contains("ola\tviewer\t\tactive"), "{list}");
    assert!(!list.contains("argon2"), "hashes are never listed");

    let passwd = user_cmd(&app, &["passwd", "kari"], "second password 789\n");
    assert!(passwd.status.success(), "{}", text(&passwd));
    let changed = hash_of(&app, "kari").await.expect("still there");
    assert!(
        verify_password("second password 789", &changed)
            && !verify_password("first password 123", &changed)
    );

    assert!(user_cmd(&app, &["disable", "kari"], "").status.success());
    assert_eq!(
        hash_of(&app, "kari").await,
        None,
        "a disabled account cannot sign in"
    );
    assert!(text(&user_cmd(&app, &["list"], "")).contains("kari\tplanner\t3405,3440\tdisabled"));
    assert!(user_cmd(&app, &["enable", "kari"], "").status.success());
    assert!(hash_of(&app, "kari").await.is_some());
}

#[tokio::test]
async fn bad_accounts_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    assert!(user_cmd(
        &app,
        &["add", "kari", "--role", "viewer"],
        "first password 123\n"
    )
    .status
    .success());
    for (args, password, expected) in [
        (
            vec!["add", "kari", "--role", "viewer"],
            "some password 123\n",
            "taken",
        ),
        (
            vec!["add", "per", "--role", "planner"],
            "some password 123\n",
            "needs at least one municipality",
        ),
        (
            vec!["add", "per", "--role", "planner", "--municipality", "0301"],
            "some password 123\n",
            "not registered",
        ),
        (
            vec!["add", "per", "--role", "owner"],
            "some password 123\n",
            "unknown role",
        ),
        (
            vec!["add", "per", "--role", "viewer"],
            "short\n",
            "too short",
        ),
        (
            vec!["add", "per'; drop table app_user;--", "--role", "viewer"],
            "some password 123\n",
            "not allowed",
        ),
        (vec!["passwd", "nobody"], "some password 123\n", "no user"),
        (vec!["disable", "nobody"], "", "no user"),
    ] {
        let out = user_cmd(&app, &args, password);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(
            text(&out).contains(expected),
            "{args:?}: expected {expected:?} in {}",
            text(&out)
        );
    }
    let list = text(&user_cmd(&app, &["list"], ""));
    assert_eq!(list.lines().count(), 1, "only kari: {list}");
    assert!(hash_of(&app, "per").await.is_none());
}
