//! `GET /feed.atom`: an Atom feed (RFC 4287) of the published areas that fit a search,
//! newest change first, so that brokers and companies can subscribe to a search.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use super::links::BaseUrl;
use super::params::search::parse_search;
use super::problem::Problem;
use super::search::{pairs_of, url_with};
use super::AppState;
use crate::domain::search::{Search, MAX_LIMIT};
use crate::service::search::run;

/// Entries in the feed at most (the most recently changed).
pub const FEED_ENTRIES: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/feed.atom", get(feed))
}

async fn feed(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let mut s = parse_search(&pairs_of(raw)).map_err(Problem::bad_parameters)?;
    // every match takes part: the feed orders by change, not by the search's sort
    s.limit = MAX_LIMIT;
    let found = run(&state.pool, &s).await?;
    let mut entries: Vec<Value> = found.collection(&found.ranked.matches, &s);
    let changed = |f: &Value| {
        f["properties"]["updated_at"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    entries.sort_by_key(|f| std::cmp::Reverse(changed(f)));
    entries.truncate(FEED_ENTRIES);
    let body = document(&base, &s, &entries);
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

fn document(base: &str, s: &Search, entries: &[Value]) -> String {
    let self_url = url_with(&format!("{base}/feed.atom"), s, &[]);
    let map_url = url_with(&format!("{base}/"), s, &[]);
    let updated = entries
        .first()
        .and_then(|f| f["properties"]["updated_at"].as_str())
        .map(rfc3339)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut out = String::with_capacity(2048 + entries.len() * 1024);
    out.push_str(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    out.push('\n');
    out.push_str(r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nb">"#);
    out.push('\n');
    tag(&mut out, "id", &self_url);
    tag(
        &mut out,
        "title",
        &format!(
            "arealbank – næringsareal som passer søket ({})",
            s.profile.title_nb
        ),
    );
    tag(
        &mut out,
        "subtitle",
        "Nye og endrede publiserte næringsarealer i Lillehammer-regionen som oppfyller søket. \
         New and changed published business-land areas that meet the search.",
    );
    tag(&mut out, "updated", &updated);
    out.push_str("<author><name>arealbank</name></author>\n");
    out.push_str(r#"<generator uri="https://github.com/arealbank">arealbank</generator>"#);
    out.push('\n');
    link(&mut out, "self", "application/atom+xml", &self_url);
    link(&mut out, "alternate", "text/html", &map_url);
    for f in entries {
        entry(&mut out, base, s, f);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, base: &str, s: &Search, f: &Value) {
    let p = &f["properties"];
    let id = f["id"].as_str().unwrap_or_default();
    let str_of = |k: &str| p[k].as_str().unwrap_or_default();
    let updated = rfc3339(str_of("updated_at"));
    let added = str_of("first_added");
    let new = updated.starts_with(added);
    out.push_str("<entry>\n");
    tag(out, "id", &format!("urn:uuid:{id}"));
    let demo = if p["demo"] == Value::Bool(true) {
        " (eksempeldata)"
    } else {
        ""
    };
    tag(out, "title", &format!("{}{demo}", str_of("name")));
    tag(out, "updated", &updated);
    if !added.is_empty() {
        tag(out, "published", &format!("{added}T00:00:00Z"));
    }
    link(
        out,
        "alternate",
        "text/html",
        &url_with(&format!("{base}/areas/{id}/datasheet"), s, &[]),
    );
    link(
        out,
        "related",
        "application/geo+json",
        &format!("{base}/ogc/collections/areas/items/{id}"),
    );
    out.push_str(&format!(
        "<category term=\"{}\" label=\"{}\"/>\n",
        escape(str_of("kind")),
        escape(str_of("municipality"))
    ));
    let search = &p["search"];
    let daa = p["area_available_m2"]
        .as_f64()
        .or(p["area_gross_m2"].as_f64())
        .map(|m2| format!("{:.1} daa", m2 / 1000.0).replace('.', ","))
        .unwrap_or_default();
    let parts: Vec<&str> = search["parts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["text"]["nb"].as_str())
        .collect();
    let summary = format!(
        "{} · {} · kommune {} · {daa} · passer {} av 100 ({}): {}",
        if new { "Nytt område" } else { "Endret" },
        str_of("readiness"),
        str_of("municipality"),
        search["score"].as_f64().map_or(0.0, f64::round),
        s.profile.title_nb,
        parts.join("; ")
    );
    tag(out, "summary", &summary);
    out.push_str("</entry>\n");
}

fn tag(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
}

fn link(out: &mut String, rel: &str, kind: &str, href: &str) {
    out.push_str(&format!(
        "<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        escape(href)
    ));
}

/// `2026-11-27T01:02:03.456+00:00` → `2026-11-27T01:02:03Z` (Atom needs RFC 3339).
fn rfc3339(ts: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(ts)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// Escape text for XML, dropping characters XML 1.0 does not allow at all.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("<b>\"Tom & Jerry's\"</b>\u{1}"),
            "&lt;b&gt;&quot;Tom &amp; Jerry&apos;s&quot;&lt;/b&gt;"
        );
        assert_eq!(
            rfc3339("2026-11-27T01:02:03.456+01:00"),
            "2026-11-27T00:02:03Z"
        );
    }
}
