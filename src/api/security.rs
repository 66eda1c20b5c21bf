//! Security headers on every answer: a Content-Security-Policy that allows no inline
//! script (our pages load every script from a file), no framing by other sites, no MIME
//! sniffing, a referrer only to our own origin, and HSTS when the public URL is https.
//! Browsers report what the policy blocked to `POST /api/csp-reports`, counted in the
//! metrics and logged.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use tower_http::set_header::SetResponseHeaderLayer;

use super::{AppState, Settings};

/// Where browsers send CSP violation reports; the route in `meta.rs` names the same path.
const REPORT_PATH: &str = "/api/csp-reports";

/// The origin a URL template's requests go to, for a CSP source list: `{s}` subdomains
/// become a wildcard; `None` when the template is not an absolute http(s) URL.
pub fn template_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.replace("{s}", "*");
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*' | '[' | ']'));
    ok.then(|| format!("{scheme}://{host}"))
}

/// The policy for these settings: the background map's tiles and the place-name
/// service are the only other origins a page talks to.
pub fn content_security_policy(settings: &Settings) -> String {
    let basemap = template_origin(&settings.basemap_url).unwrap_or_default();
    let places = settings
        .place_service_url
        .as_deref()
        .and_then(template_origin)
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: {basemap}; connect-src 'self' {places}; font-src 'self' data:; \
         worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'; report-uri {REPORT_PATH}"
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

/// The header layers, outermost first; a handler's own value of a header is kept.
pub fn layers(settings: &Settings) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            content_security_policy(settings),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::X_FRAME_OPTIONS, "DENY".to_string()),
        (
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin".to_string(),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin".to_string(),
        ),
    ];
    if settings
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
    {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains".to_string(),
        ));
    }
    headers
        .into_iter()
        .filter_map(|(name, value)| {
            let value = HeaderValue::from_str(&value).ok()?;
            Some(SetResponseHeaderLayer::if_not_present(name, value))
        })
        .collect()
}

/// `POST /api/csp-reports`: a browser's report of something the policy blocked.
pub async fn report(State(state): State<AppState>, body: Bytes) -> StatusCode {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_string();
    tracing::warn!(report = %text, "content security policy violation");
    state.metrics.csp_violation();
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_of_templates() {
        assert_eq!(
            template_origin("https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png").as_deref(),
            Some("https://cache.kartverket.no")
        );
        assert_eq!(
            template_origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.openstreetmap.org")
        );
        assert_eq!(
            template_origin("http://127.0.0.1:9/{z}/{x}/{y}.png").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(template_origin("javascript:alert(1)"), None);
        assert_eq!(template_origin("https://evil.example; script-src *"), None);
    }

    #[test]
    fn policy_has_no_inline_script_and_names_the_basemap() {
        let s = Settings {
            basemap_url: "https://cache.kartverket.no/{z}/{y}/{x}.png".into(),
            ..Settings::default()
        };
        let csp = content_security_policy(&s);
        let script = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .expect("a script-src directive");
        assert_eq!(script, "script-src 'self'");
        assert!(
            csp.contains("img-src 'self' data: blob: https://cache.kartverket.no;"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(layers(&s).len() == 5, "no HSTS without an https public URL");
        let https = Settings {
            public_url: Some("https://arealbank.example.no".into()),
            ..s
        };
        assert_eq!(layers(&https).len(), 6);
    }
}
