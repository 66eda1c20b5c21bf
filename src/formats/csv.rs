//! CSV out (RFC 4180, UTF-8, comma-separated, CRLF), one row per area with its geometry as
//! WKT, for spreadsheets and for QGIS's "Delimited Text" layer.

use serde_json::Value;

/// A CSV document with a header row of `columns`, then each row's values in that order.
pub fn write(columns: &[String], rows: &[Vec<Value>]) -> String {
    let mut out = String::new();
    line(&mut out, columns.iter().map(|c| cell_text(c, false)));
    for row in rows {
        line(&mut out, row.iter().map(cell));
    }
    out
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => cell_text(s, true),
        other => cell_text(&other.to_string(), false),
    }
}

/// Quote when needed; text that a spreadsheet would run as a formula (=, +, -, @ first)
/// gets a leading apostrophe so that it stays text (OWASP "CSV injection").
fn cell_text(s: &str, guard: bool) -> String {
    let guarded = if guard && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_and_guards_cells() {
        let doc = write(
            &["name".into(), "n".into(), "wkt".into()],
            &[
                vec![
                    json!("Vingrom, \"nord\""),
                    json!(12.5),
                    json!("MULTIPOLYGON(((1 2,3 4,5 6,1 2)))"),
                ],
                vec![json!("=HYPERLINK(\"x\")"), Value::Null, json!(true)],
            ],
        );
        let lines: Vec<&str> = doc.split("\r\n").collect();
        assert_eq!(lines[0], "name,n,wkt");
        assert_eq!(
            lines[1],
            "\"Vingrom, \"\"nord\"\"\",12.5,\"MULTIPOLYGON(((1 2,3 4,5 6,1 2)))\""
        );
        assert_eq!(lines[2], "\"'=HYPERLINK(\"\"x\"\")\",,true");
    }
}
