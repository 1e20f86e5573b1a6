//! Writing JSON objects member by member into a byte buffer: compact (`{"a":1,"b":2}`) for
//! `properties`, or in Azure's envelope layout (`{ "a": 1, "b": 2}`, see [`crate::layout`]).
//! Values come as borrowed stored bytes (copied verbatim), text, numbers or small trees.

use serde::Serialize;
use serde_json::value::RawValue;

/// Separators of one object layout.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Style {
    open: &'static [u8],
    colon: &'static [u8],
    comma: &'static [u8],
}

/// `{"a":1,"b":2}`.
pub(crate) const COMPACT: Style = Style {
    open: b"{",
    colon: b":",
    comma: b",",
};

/// `{ "a": 1, "b": 2}`: Azure's envelope.
pub(crate) const ENVELOPE: Style = Style {
    open: b"{ ",
    colon: b": ",
    comma: b", ",
};

/// An object being written into `out`; [`ObjectWriter::close`] ends it.
pub(crate) struct ObjectWriter<'o> {
    out: &'o mut Vec<u8>,
    style: Style,
    members: usize,
}

impl<'o> ObjectWriter<'o> {
    /// Starts an object at the end of `out`.
    pub(crate) fn open(out: &'o mut Vec<u8>, style: Style) -> ObjectWriter<'o> {
        ObjectWriter {
            out,
            style,
            members: 0,
        }
    }

    fn name(&mut self, key: &str) {
        let separator = if self.members == 0 {
            self.style.open
        } else {
            self.style.comma
        };
        self.out.extend_from_slice(separator);
        write_json(self.out, key);
        self.out.extend_from_slice(self.style.colon);
        self.members += 1;
    }

    /// A member whose value is already JSON.
    pub(crate) fn raw(&mut self, key: &str, value: &RawValue) {
        self.name(key);
        self.out.extend_from_slice(value.get().as_bytes());
    }

    /// A member with any serialisable value (text, numbers, small trees).
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.name(key);
        write_json(self.out, value);
    }

    /// A member whose value the caller writes into the returned buffer (one JSON value).
    pub(crate) fn nested(&mut self, key: &str) -> &mut Vec<u8> {
        self.name(key);
        self.out
    }

    /// Ends the object (`{}` when it has no members).
    pub(crate) fn close(self) {
        if self.members == 0 {
            self.out.extend_from_slice(b"{}");
        } else {
            self.out.push(b'}');
        }
    }
}

/// Appends `value` as compact JSON. Serialising text, numbers or a tree into memory cannot
/// fail; should it ever, `null` is written so the output stays valid JSON.
pub(crate) fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let start = out.len();
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    #[test]
    fn both_layouts() {
        let raw = RawValue::from_string("[1,{\"b\":null}]".to_owned()).unwrap();
        for (style, expected) in [
            (COMPACT, r#"{"a":[1,{"b":null}],"q\"":"x","n":4}"#),
            (ENVELOPE, r#"{ "a": [1,{"b":null}], "q\"": "x", "n": 4}"#),
        ] {
            let mut out = Vec::new();
            let mut object = ObjectWriter::open(&mut out, style);
            object.raw("a", &raw);
            object.value("q\"", "x");
            object.value("n", &4);
            object.close();
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
        let mut out = Vec::new();
        ObjectWriter::open(&mut out, ENVELOPE).close();
        assert_eq!(out, b"{}");
    }
}
