//! CSV rows as RFC 4180 writes them, with a guard against formula injection.
//!
//! - Rows end with CRLF. A cell is quoted when it holds a comma, a double quote, CR or LF;
//!   inside quotes a double quote is doubled. Nothing else is quoted.
//! - Cell text: a string as it is; a number or boolean as its JSON text; `null` or an absent
//!   value as an empty cell; an object or array as compact JSON.
//! - **Formula injection:** spreadsheets run a cell starting with `=`, `+`, `-` or `@` (and
//!   some a tab or CR) as a formula, and log fields are attacker-controlled (a user agent, a
//!   display name). A string cell starting with one of those six characters gets a leading
//!   `'`, which spreadsheets show as text and hide. Numbers are left alone — a JSON number
//!   cannot hold a formula, and prefixing `-122.12` would turn a coordinate into text — and
//!   JSON cells start with `{` or `[`.

use serde_json::Value;

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Appends one row of cells and its CRLF.
pub(crate) fn write_row<'a>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = Cell<'a>>) {
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        match cell {
            Cell::Text(text) => write_cell(out, text),
            Cell::Value(None | Some(Value::Null)) => {}
            Cell::Value(Some(Value::String(text))) => write_cell(out, text),
            Cell::Value(Some(value @ (Value::Number(_) | Value::Bool(_)))) => {
                out.extend_from_slice(value.to_string().as_bytes());
            }
            Cell::Value(Some(value)) => write_cell(out, &value.to_string()),
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// One cell's content.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    /// Literal text (a header).
    Text(&'a str),
    /// A record's value at a column (`None` when absent).
    Value(Option<&'a Value>),
}

fn write_cell(out: &mut Vec<u8>, text: &str) {
    let guard = text.starts_with(FORMULA_STARTS);
    let quote = text.contains([',', '"', '\r', '\n']);
    if quote {
        out.push(b'"');
    }
    if guard {
        out.push(b'\'');
    }
    if quote {
        for part in text.split_inclusive('"') {
            out.extend_from_slice(part.as_bytes());
            if part.ends_with('"') {
                out.push(b'"');
            }
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{Cell, write_row};

    fn row(values: &[Value]) -> String {
        let mut out = Vec::new();
        write_row(&mut out, values.iter().map(|v| Cell::Value(Some(v))));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn cells_are_quoted_only_when_rfc_4180_needs_it() {
        assert_eq!(
            row(&[
                json!("plain"),
                json!("a,b"),
                json!("say \"hi\""),
                json!("two\nlines"),
                json!("cr\r"),
                json!(""),
            ]),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n"
        );
    }

    #[test]
    fn values_become_text_and_structures_compact_json() {
        assert_eq!(
            row(&[
                json!(50126),
                json!(-122.12),
                json!(true),
                Value::Null,
                json!({"a": 1, "b": "x,y"}),
                json!(["p", "q"]),
            ]),
            "50126,-122.12,true,,\"{\"\"a\"\":1,\"\"b\"\":\"\"x,y\"\"}\",\"[\"\"p\"\",\"\"q\"\"]\"\r\n"
        );
        let mut out = Vec::new();
        write_row(&mut out, [Cell::Value(None), Cell::Text("h")]);
        assert_eq!(out, b",h\r\n");
    }

    #[test]
    fn formula_starts_get_a_leading_quote() {
        assert_eq!(
            row(&[
                json!("=HYPERLINK(\"http://x\")"),
                json!("+1"),
                json!("-2"),
                json!("@SUM(A1)"),
                json!("\tx"),
                json!("\rx"),
                json!("a=b"),
            ]),
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rx\",a=b\r\n"
        );
    }
}
