//! Reading an uploaded XML file safely: UTF-8 text, no DTD (a document type declaration,
//! and with it every entity, internal or external, is refused), a bound on the nodes, and
//! nothing fetched (roxmltree resolves no references). Plan GML and NeTEx read through here.

use roxmltree::{Document, ParsingOptions};

/// The file's text without its byte-order mark, or why it is not text.
pub fn text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes)
        .map(|t| t.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("the file is not UTF-8 text: {e}"))
}

/// The parsed document, or the reason it is refused in words.
pub fn parse(text: &str) -> Result<Document<'_>, String> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 50_000_000,
    };
    Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => "the file has a document type declaration (DOCTYPE); \
             entities are not read, so the file is refused"
            .to_string(),
        e => format!("the XML cannot be read: {e}"),
    })
}
