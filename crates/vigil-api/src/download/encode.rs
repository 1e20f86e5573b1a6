//! Turning stored records into the bytes of a download: the opening (CSV header row, or the
//! JSON array's `[`), one record at a time, and the closing.
//!
//! Every record is first rendered for the request's version exactly as the list renders it
//! (`vigil_model::render`: the version's property set, evolvable enums unless
//! `Prefer: include-unknown-enum-members`), then cut to the columns. A CSV download starts
//! with a UTF-8 byte order mark: Excel, which the portal's download button hands the file
//! to, reads a CSV without one in the machine's legacy code page and garbles every
//! non-ASCII name; CSV parsers (RFC 4180 readers, Python's `utf-8-sig`, the `csv` crate)
//! skip it.

use serde_json::Value;
use vigil_model::{LogKind, RenderOptions, render};

use super::Format;
use super::columns::{Column, outermost, project};
use super::csv::{Cell, write_row};

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How each record of a download is written.
#[derive(Debug, Clone)]
pub(crate) struct Encoder {
    kind: LogKind,
    render: RenderOptions,
    shape: Shape,
}

#[derive(Debug, Clone)]
enum Shape {
    /// A header row of the column paths, then one row per record.
    Csv(Vec<Column>),
    /// A JSON array of whole records, or of records projected to the columns.
    Json(Option<Vec<Column>>),
}

impl Encoder {
    /// CSV with these columns. `render.select` is ignored (columns do the selecting).
    pub(crate) fn csv(kind: LogKind, render: RenderOptions, columns: Vec<Column>) -> Encoder {
        Encoder {
            kind,
            render: RenderOptions {
                select: None,
                ..render
            },
            shape: Shape::Csv(columns),
        }
    }

    /// A JSON array of records, projected to `columns` when given.
    pub(crate) fn json(
        kind: LogKind,
        render: RenderOptions,
        columns: Option<Vec<Column>>,
    ) -> Encoder {
        Encoder {
            kind,
            render: RenderOptions {
                select: None,
                ..render
            },
            shape: Shape::Json(columns.map(outermost)),
        }
    }

    /// The format written.
    pub(crate) fn format(&self) -> Format {
        match self.shape {
            Shape::Csv(_) => Format::Csv,
            Shape::Json(_) => Format::Json,
        }
    }

    /// Appends what comes before the first record.
    pub(crate) fn open(&self, out: &mut Vec<u8>) {
        match &self.shape {
            Shape::Csv(columns) => {
                out.extend_from_slice(BOM);
                write_row(out, columns.iter().map(|c| Cell::Text(c.path())));
            }
            Shape::Json(_) => out.push(b'['),
        }
    }

    /// Appends the record with this stored body; `index` counts the records before it.
    pub(crate) fn record(&self, out: &mut Vec<u8>, body: &Value, index: u64) {
        let rendered = render(self.kind, body, &self.render);
        match &self.shape {
            Shape::Csv(columns) => {
                write_row(
                    out,
                    columns.iter().map(|c| Cell::Value(c.value_in(&rendered))),
                );
            }
            Shape::Json(columns) => {
                if index > 0 {
                    out.push(b',');
                }
                out.push(b'\n');
                let value = match columns {
                    Some(columns) => project(&rendered, columns),
                    None => rendered,
                };
                // Writing a `Value` into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, &value);
            }
        }
    }

    /// Appends what comes after the last record; `records` is how many were written.
    pub(crate) fn close(&self, out: &mut Vec<u8>, records: u64) {
        match self.shape {
            Shape::Csv(_) => {}
            Shape::Json(_) => {
                if records > 0 {
                    out.push(b'\n');
                }
                out.extend_from_slice(b"]\n");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use serde_json::{Value, json};
    use vigil_model::{ApiVersion, LogKind, RenderOptions};

    use super::Encoder;
    use crate::download::columns::resolve;

    fn encode(encoder: &Encoder, bodies: &[Value]) -> Vec<u8> {
        let mut out = Vec::new();
        encoder.open(&mut out);
        for (i, body) in bodies.iter().enumerate() {
            encoder.record(&mut out, body, u64::try_from(i).unwrap());
        }
        encoder.close(&mut out, u64::try_from(bodies.len()).unwrap());
        out
    }

    #[test]
    fn json_is_an_array_even_when_empty() {
        let options = RenderOptions::new(ApiVersion::Beta);
        let whole = Encoder::json(LogKind::SignIn, options.clone(), None);
        let empty: Value = serde_json::from_slice(&encode(&whole, &[])).unwrap();
        assert_eq!(empty, json!([]));
        let bodies = [
            json!({"id": "a", "status": {"errorCode": 1}}),
            json!({"id": "b"}),
        ];
        let all: Value = serde_json::from_slice(&encode(&whole, &bodies)).unwrap();
        assert_eq!(all, json!(bodies));
        let columns = resolve(LogKind::SignIn, ApiVersion::Beta, "status/errorCode").unwrap();
        let projected = Encoder::json(LogKind::SignIn, options, Some(columns));
        let some: Value = serde_json::from_slice(&encode(&projected, &bodies)).unwrap();
        assert_eq!(some, json!([{"status": {"errorCode": 1}}, {}]));
    }

    #[test]
    fn csv_has_a_bom_a_header_row_and_renders_for_the_version() {
        let columns = resolve(LogKind::SignIn, ApiVersion::V1, "id,status/errorCode").unwrap();
        let encoder = Encoder::csv(LogKind::SignIn, RenderOptions::new(ApiVersion::V1), columns);
        let out = encode(
            &encoder,
            &[
                json!({"id": "a", "status": {"errorCode": 7}}),
                json!({"id": "b"}),
            ],
        );
        assert_eq!(out, b"\xEF\xBB\xBFid,status/errorCode\r\na,7\r\nb,\r\n");
    }
}
