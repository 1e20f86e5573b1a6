//! Request bodies → the byte ranges of their records: gzip, JSON array, NDJSON, or a Graph
//! list response. Records are not copied: [`Decoded`] keeps the (inflated) body and where each
//! record lies in it.

use std::borrow::Cow;
use std::io::Read;
use std::ops::Range;

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

/// A decoded body: its text (borrowed, or inflated from gzip) and where each record lies in it.
#[derive(Debug, Clone)]
pub struct Decoded<'b> {
    text: Cow<'b, [u8]>,
    ranges: Vec<Range<usize>>,
}

impl Decoded<'_> {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether there are none (never true for what [`decode`] returns).
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Each record's JSON text, in order.
    pub fn records(&self) -> Vec<&[u8]> {
        self.ranges
            .iter()
            .map(|r| self.text.get(r.clone()).unwrap_or_default())
            .collect()
    }
}

/// Decodes a body into records, enforcing `limits`.
pub fn decode<'b>(
    body: &'b [u8],
    encoding: Encoding,
    limits: &IngestLimits,
) -> Result<Decoded<'b>, IngestError> {
    if body.len() > limits.max_body_bytes {
        return Err(IngestError::BodyTooLarge {
            limit: limits.max_body_bytes,
        });
    }
    let text: Cow<'b, [u8]> = if encoding == Encoding::Gzip || body.starts_with(&GZIP_MAGIC) {
        Cow::Owned(inflate(body, limits.max_inflated_bytes)?)
    } else {
        Cow::Borrowed(body)
    };
    let ranges = parse(&text)?;
    if ranges.is_empty() {
        return Err(IngestError::Empty);
    }
    if ranges.len() > limits.max_records {
        return Err(IngestError::TooManyRecords {
            limit: limits.max_records,
            got: ranges.len(),
        });
    }
    Ok(Decoded { text, ranges })
}

/// Where `inner`, a slice of `outer`, lies in it.
fn range_in(outer: &[u8], inner: &[u8]) -> Range<usize> {
    let start = (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize);
    start..start + inner.len()
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

fn parse(body: &[u8]) -> Result<Vec<Range<usize>>, IngestError> {
    let text = strip_bom(body);
    let first = text.iter().find(|b| !b.is_ascii_whitespace()).copied();
    match first {
        None => Err(IngestError::Empty),
        Some(b'[') => serde_json::from_slice::<Vec<&RawValue>>(text)
            .map(|items| {
                items
                    .into_iter()
                    .map(|r| range_in(body, r.get().as_bytes()))
                    .collect()
            })
            .map_err(|e| IngestError::Malformed(format!("body is not a valid JSON array: {e}"))),
        Some(b'{') => parse_objects(body, text),
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
fn parse_objects(body: &[u8], text: &[u8]) -> Result<Vec<Range<usize>>, IngestError> {
    let lines: Vec<&[u8]> = lines(text)
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let first_line_is_a_document = lines
        .first()
        .is_some_and(|l| serde_json::from_slice::<&RawValue>(l).is_ok());
    if lines.len() > 1 && first_line_is_a_document {
        return Ok(lines.into_iter().map(|l| range_in(body, l)).collect());
    }
    // One document: a Graph list response, or a single record.
    if let Ok(Envelope {
        context: Some(_),
        value: Some(values),
    }) = serde_json::from_slice::<Envelope>(text)
    {
        return Ok(values
            .into_iter()
            .map(|r| range_in(body, r.get().as_bytes()))
            .collect());
    }
    match serde_json::from_slice::<&RawValue>(text) {
        Ok(single) => Ok(vec![range_in(body, single.get().as_bytes())]),
        Err(e) if lines.len() > 1 => Err(IngestError::Malformed(format!(
            "body is not valid NDJSON: line 1: {e}"
        ))),
        Err(e) => Err(IngestError::Malformed(format!(
            "body is not valid JSON: {e}"
        ))),
    }
}

/// The lines of `text`, without their `\n`: what `text.split(|b| *b == b'\n')` yields, found
/// with a vectorised search instead of a byte-at-a-time one (a batch body is tens of MB).
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text)
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = text.get(start..end).unwrap_or_default();
            start = end + 1;
            line
        })
}

fn strip_bom(text: &[u8]) -> &[u8] {
    text.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    #[test]
    fn lines_split_like_slice_split() {
        for text in [&b""[..], b"\n", b"a", b"a\n", b"\na\n\nbc\r\n", b"{}\n{}"] {
            let ours: Vec<&[u8]> = super::lines(text).collect();
            let std: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

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
    fn records_are_the_bodys_own_bytes() {
        let l = limits();
        let texts = |body: &[u8], encoding| {
            let decoded = decode(body, encoding, &l).unwrap();
            decoded
                .records()
                .iter()
                .map(|r| String::from_utf8_lossy(r).into_owned())
                .collect::<Vec<_>>()
        };
        let ndjson = b"\xEF\xBB\xBF{\"id\":\"a\"}\r\n{\"id\": \"b\"}\n";
        assert_eq!(
            texts(ndjson, Encoding::Identity),
            ["{\"id\":\"a\"}\r", "{\"id\": \"b\"}"]
        );
        let array = br#" [ {"id":"a"} , {"id":"b"} ] "#;
        assert_eq!(
            texts(array, Encoding::Identity),
            [r#"{"id":"a"}"#, r#"{"id":"b"}"#]
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(br#"{"@odata.context":"c","value":[{"id":"z"}]}"#)
            .unwrap();
        assert_eq!(
            texts(&gz.finish().unwrap(), Encoding::Gzip),
            [r#"{"id":"z"}"#]
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
