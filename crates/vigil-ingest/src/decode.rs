//! Request bodies → JSON values: gzip, JSON array, NDJSON, or a Graph list response.

use std::io::Read;

use flate2::read::MultiGzDecoder;
use serde_json::value::RawValue;

use crate::{IngestError, IngestLimits};

/// How the body was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Uncompressed (unless the body starts with the gzip magic bytes).
    Identity,
    /// `Content-Encoding: gzip`.
    Gzip,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decodes a body into records, enforcing `limits`.
pub fn decode(
    body: &[u8],
    encoding: Encoding,
    limits: &IngestLimits,
) -> Result<Vec<Vec<u8>>, IngestError> {
    if body.len() > limits.max_body_bytes {
        return Err(IngestError::BodyTooLarge {
            limit: limits.max_body_bytes,
        });
    }
    let inflated;
    let text: &[u8] = if encoding == Encoding::Gzip || body.starts_with(&GZIP_MAGIC) {
        inflated = inflate(body, limits.max_inflated_bytes)?;
        &inflated
    } else {
        body
    };
    let records = parse(text)?;
    if records.is_empty() {
        return Err(IngestError::Empty);
    }
    if records.len() > limits.max_records {
        return Err(IngestError::TooManyRecords {
            limit: limits.max_records,
            got: records.len(),
        });
    }
    Ok(records)
}

fn inflate(body: &[u8], limit: usize) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(limit));
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    MultiGzDecoder::new(body)
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| IngestError::Malformed(format!("body is not valid gzip: {e}")))?;
    if out.len() > limit {
        return Err(IngestError::InflatedTooLarge { limit });
    }
    Ok(out)
}

fn parse(text: &[u8]) -> Result<Vec<Vec<u8>>, IngestError> {
    let text = strip_bom(text);
    let first = text.iter().find(|b| !b.is_ascii_whitespace()).copied();
    match first {
        None => Err(IngestError::Empty),
        Some(b'[') => serde_json::from_slice::<Vec<&RawValue>>(text)
            .map(|items| {
                items
                    .into_iter()
                    .map(|r| r.get().as_bytes().to_vec())
                    .collect()
            })
            .map_err(|e| IngestError::Malformed(format!("body is not a valid JSON array: {e}"))),
        Some(b'{') => parse_objects(text),
        Some(_) => Err(IngestError::Malformed(
            "body must be a JSON array, NDJSON (one JSON object per line) or a Graph list response"
                .into(),
        )),
    }
}

/// A Graph list response; only `value` matters.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, rename = "@odata.context")]
    context: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<Vec<&'a RawValue>>,
}

/// NDJSON, or one (possibly pretty-printed) object: a Graph list response or a single record.
/// Lines are split, not parsed: each record is parsed once, by validation.
fn parse_objects(text: &[u8]) -> Result<Vec<Vec<u8>>, IngestError> {
    let lines: Vec<&[u8]> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let first_line_is_a_document = lines
        .first()
        .is_some_and(|l| serde_json::from_slice::<&RawValue>(l).is_ok());
    if lines.len() > 1 && first_line_is_a_document {
        return Ok(lines.into_iter().map(<[u8]>::to_vec).collect());
    }
    // One document: a Graph list response, or a single record.
    if let Ok(Envelope {
        context: Some(_),
        value: Some(values),
    }) = serde_json::from_slice::<Envelope>(text)
    {
        return Ok(values
            .into_iter()
            .map(|r| r.get().as_bytes().to_vec())
            .collect());
    }
    match serde_json::from_slice::<&RawValue>(text) {
        Ok(single) => Ok(vec![single.get().as_bytes().to_vec()]),
        Err(e) if lines.len() > 1 => Err(IngestError::Malformed(format!(
            "body is not valid NDJSON: line 1: {e}"
        ))),
        Err(e) => Err(IngestError::Malformed(format!(
            "body is not valid JSON: {e}"
        ))),
    }
}

fn strip_bom(text: &[u8]) -> &[u8] {
    text.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn limits() -> IngestLimits {
        IngestLimits {
            max_body_bytes: 1 << 20,
            max_inflated_bytes: 1 << 20,
            max_records: 10,
        }
    }

    #[test]
    fn array_ndjson_envelope_and_pretty_object() {
        let l = limits();
        assert_eq!(
            decode(br#"[{"id":"a"},{"id":"b"}]"#, Encoding::Identity, &l)
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            decode(
                b"{\"id\":\"a\"}\n\n{\"id\":\"b\"}\n",
                Encoding::Identity,
                &l
            )
            .unwrap()
            .len(),
            2
        );
        let envelope = br#"{"@odata.context":"x","value":[{"id":"a"},{"id":"b"},{"id":"c"}]}"#;
        assert_eq!(decode(envelope, Encoding::Identity, &l).unwrap().len(), 3);
        assert_eq!(
            decode(b"{\n  \"id\": \"a\"\n}\n", Encoding::Identity, &l)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn gzip_with_and_without_header() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(br#"[{"id":"a"}]"#).unwrap();
        let body = gz.finish().unwrap();
        assert_eq!(decode(&body, Encoding::Gzip, &limits()).unwrap().len(), 1);
        assert_eq!(
            decode(&body, Encoding::Identity, &limits()).unwrap().len(),
            1
        );
        assert!(matches!(
            decode(b"plain", Encoding::Gzip, &limits()),
            Err(IngestError::Malformed(_))
        ));
    }

    #[test]
    fn limits_are_enforced() {
        let l = IngestLimits {
            max_body_bytes: 10,
            max_inflated_bytes: 100,
            max_records: 1,
        };
        assert!(matches!(
            decode(&[b' '; 11], Encoding::Identity, &l),
            Err(IngestError::BodyTooLarge { .. })
        ));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 10_000]).unwrap();
        let bomb = gz.finish().unwrap();
        let l = IngestLimits {
            max_body_bytes: 1 << 20,
            max_inflated_bytes: 100,
            max_records: 1,
        };
        assert!(matches!(
            decode(&bomb, Encoding::Gzip, &l),
            Err(IngestError::InflatedTooLarge { .. })
        ));
        let l = IngestLimits {
            max_body_bytes: 1 << 20,
            max_inflated_bytes: 1 << 20,
            max_records: 1,
        };
        assert!(matches!(
            decode(br#"[{},{}]"#, Encoding::Identity, &l),
            Err(IngestError::TooManyRecords { .. })
        ));
    }

    #[test]
    fn malformed_bodies_are_errors() {
        let l = limits();
        assert!(matches!(
            decode(b"", Encoding::Identity, &l),
            Err(IngestError::Empty)
        ));
        assert!(matches!(
            decode(b"[]", Encoding::Identity, &l),
            Err(IngestError::Empty)
        ));
        assert!(matches!(
            decode(b"[{\"id\":", Encoding::Identity, &l),
            Err(IngestError::Malformed(_))
        ));
        // A broken NDJSON line is a broken record, reported by validation with its index.
        assert_eq!(
            decode(b"{\"a\":1}\n{oops", Encoding::Identity, &l)
                .unwrap()
                .len(),
            2
        );
        assert!(matches!(
            decode(b"{oops\n{\"a\":1}", Encoding::Identity, &l),
            Err(IngestError::Malformed(_))
        ));
        assert!(matches!(
            decode(b"42", Encoding::Identity, &l),
            Err(IngestError::Malformed(_))
        ));
    }
}
