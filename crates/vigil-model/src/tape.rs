//! A flat token list ("tape") of one JSON text: one scan checks the whole grammar and records
//! where each value starts and ends, so that readers can find members without parsing the rest.
//!
//! The scanner checks structure, string escapes, number syntax, and that nothing but whitespace
//! follows the value. Containers know the index just past their last descendant, so a reader
//! skips a whole subtree in O(1). Strings remember whether they hold escapes: those are the
//! only ones whose decoded text differs from their bytes.
//!
//! Outside strings the scanner takes ASCII only, and a string holding any byte above 0x7f is
//! checked to be UTF-8 where it ends, so a text the scan accepts is UTF-8 as a whole: the
//! one-pass validator walks the bytes ([`ByteTape`]) without checking them all again.
//!
//! It gives up (`None`) on anything it is not sure serde_json would read the same way —
//! invalid syntax, control characters in strings, nesting deeper than 100 (serde_json allows
//! 128) — and callers then fall back to serde_json.
//!
//! Used by the one-pass validator ([`crate::validate::one_pass`]) and, through [`Tape`] and
//! [`Node`], by the stores to pull index columns out of canonical records.

use std::borrow::Cow;

use serde_json::Value;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    /// A number; `integer` when it has neither fraction nor exponent.
    Number {
        integer: bool,
    },
    /// A string; the span excludes the quotes.
    String {
        escaped: bool,
    },
    /// An object: its members follow as key, value, key, value, ...
    Object,
    /// An array: its elements follow.
    Array,
}

/// One value (or object key) of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub kind: Kind,
    /// Byte span in the text (strings: inside the quotes).
    pub start: u32,
    pub end: u32,
    /// Index of the first token after this value and everything inside it.
    pub next: u32,
}

impl Token {
    /// The token's span in the text (strings: inside the quotes).
    fn span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The token's whole JSON text (strings: with their quotes).
    fn raw(&self) -> std::ops::Range<usize> {
        match self.kind {
            Kind::String { .. } => self.start as usize - 1..self.end as usize + 1,
            _ => self.span(),
        }
    }
}

/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// serde_json refuses nesting deeper than 128; stay well inside it.
const MAX_DEPTH: usize = 100;

/// Scans `text` (already known to be UTF-8) into tokens, or `None` when unsure.
pub(crate) fn scan(text: &[u8]) -> Option<Vec<Token>> {
    if text.len() >= u32::MAX as usize {
        return None;
    }
    let mut scanner = Scanner {
        text,
        at: 0,
        tokens: Vec::with_capacity(text.len() / 12 + 8),
    };
    scanner.value(0)?;
    scanner.skip_whitespace();
    (scanner.at == text.len()).then_some(scanner.tokens)
}

/// A scanned JSON text.
#[derive(Debug, Clone)]
pub struct Tape<'t> {
    text: &'t str,
    tokens: Vec<Token>,
}

impl<'t> Tape<'t> {
    /// Scans `text`; `None` when it is not JSON (or is beyond what the scanner takes on).
    pub fn scan(text: &'t str) -> Option<Tape<'t>> {
        let tokens = scan(text.as_bytes())?;
        Some(Tape { text, tokens })
    }

    /// The top-level value.
    pub fn root(&self) -> Node<'_, 't> {
        self.node(0)
    }

    /// The value at token index `at`.
    pub(crate) fn node(&self, at: u32) -> Node<'_, 't> {
        Node { tape: self, at }
    }

    pub(crate) fn token(&self, at: u32) -> Option<Token> {
        self.tokens.get(at as usize).copied()
    }

    /// A token's span: a string's text inside its quotes, any other value's whole text.
    pub(crate) fn span(&self, token: Token) -> Option<&'t str> {
        self.text.get(token.span())
    }
}

/// A scanned JSON text kept as bytes, for the one-pass validator. The scan checked it is
/// UTF-8, so spans can be copied out as they are and only the few that are read as text are
/// turned into `str`.
#[derive(Debug)]
pub(crate) struct ByteTape<'t> {
    text: &'t [u8],
    tokens: Vec<Token>,
}

impl<'t> ByteTape<'t> {
    /// Scans `bytes`; `None` when they are not JSON, not UTF-8, or beyond the scanner.
    pub(crate) fn scan(bytes: &'t [u8]) -> Option<ByteTape<'t>> {
        let tokens = scan(bytes)?;
        Some(ByteTape {
            text: bytes,
            tokens,
        })
    }

    pub(crate) fn token(&self, at: u32) -> Option<Token> {
        self.tokens.get(at as usize).copied()
    }

    /// A token's span: a string's bytes inside its quotes, any other value's whole text.
    pub(crate) fn span(&self, token: Token) -> Option<&'t [u8]> {
        self.text.get(token.span())
    }

    /// The value at `at` as JSON text (strings with their quotes).
    pub(crate) fn raw(&self, at: u32) -> Option<&'t [u8]> {
        self.text.get(self.token(at)?.raw())
    }

    /// The decoded text of the string at `at`; `None` for any other value.
    pub(crate) fn string(&self, at: u32) -> Option<Cow<'t, str>> {
        let token = self.token(at)?;
        match token.kind {
            Kind::String { escaped: false } => std::str::from_utf8(self.span(token)?)
                .ok()
                .map(Cow::Borrowed),
            Kind::String { escaped: true } => serde_json::from_slice::<String>(self.raw(at)?)
                .ok()
                .map(Cow::Owned),
            _ => None,
        }
    }
}

/// One value of a [`Tape`].
#[derive(Debug, Clone, Copy)]
pub struct Node<'a, 't> {
    tape: &'a Tape<'t>,
    at: u32,
}

impl<'a, 't> Node<'a, 't> {
    fn token(&self) -> Option<Token> {
        self.tape.token(self.at)
    }

    /// Whether the value is an object.
    pub fn is_object(&self) -> bool {
        self.token().is_some_and(|t| t.kind == Kind::Object)
    }

    /// An object's members as (key as written, value); nothing for any other value. Keys are
    /// not unescaped: a key written with escapes does not equal its plain spelling.
    pub fn members(self) -> impl Iterator<Item = (&'t str, Node<'a, 't>)> {
        let end = match self.token() {
            Some(t) if t.kind == Kind::Object => t.next,
            _ => 0,
        };
        let tape = self.tape;
        let mut key_at = self.at + 1;
        std::iter::from_fn(move || {
            if key_at >= end {
                return None;
            }
            let name = tape.span(tape.token(key_at)?)?;
            let node = tape.node(key_at + 1);
            key_at = tape.token(key_at + 1)?.next;
            Some((name, node))
        })
    }

    /// The value as JSON text (strings with their quotes).
    pub fn raw(&self) -> Option<&'t str> {
        self.tape.text.get(self.token()?.raw())
    }

    /// A string's decoded text; `None` for any other value.
    pub fn as_str(&self) -> Option<Cow<'t, str>> {
        let token = self.token()?;
        match token.kind {
            Kind::String { escaped: false } => self.tape.span(token).map(Cow::Borrowed),
            Kind::String { escaped: true } => serde_json::from_str::<String>(self.raw()?)
                .ok()
                .map(Cow::Owned),
            _ => None,
        }
    }

    /// The value as serde_json reads it.
    pub fn to_value(&self) -> Option<Value> {
        let token = self.token()?;
        match token.kind {
            Kind::Null => Some(Value::Null),
            Kind::Bool => Some(Value::Bool(self.raw()? == "true")),
            Kind::String { .. } => self.as_str().map(|s| Value::String(s.into_owned())),
            _ => serde_json::from_str(self.raw()?).ok(),
        }
    }
}

struct Scanner<'t> {
    text: &'t [u8],
    at: usize,
    tokens: Vec<Token>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    #[inline(always)]
    fn push(&mut self, kind: Kind, start: usize, end: usize) -> usize {
        let index = self.tokens.len();
        self.tokens.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
            next: index as u32 + 1,
        });
        index
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        self.skip_whitespace();
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string(),
            b'n' => self.literal(b"null", Kind::Null),
            b't' => self.literal(b"true", Kind::Bool),
            b'f' => self.literal(b"false", Kind::Bool),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8], kind: Kind) -> Option<()> {
        let end = self.at + word.len();
        if self.text.get(self.at..end)? != word {
            return None;
        }
        self.push(kind, self.at, end);
        self.at = end;
        Some(())
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - from
    }

    fn number(&mut self) -> Option<()> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if self.digits() == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        self.push(Kind::Number { integer }, start, self.at);
        Some(())
    }

    #[inline(always)]
    fn string(&mut self) -> Option<()> {
        self.at += 1; // the opening quote
        let start = self.at;
        let mut escaped = false;
        // Every byte passed, OR-ed together (and some past the end): a high bit set means the
        // string holds non-ASCII bytes, which must then be UTF-8.
        let mut seen = 0u64;
        loop {
            seen |= self.skip_plain();
            let byte = self.peek()?;
            match byte {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
                        b'u' => {
                            let hex = self.text.get(self.at + 1..self.at + 5)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            self.at += 5;
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1f => return None,
                _ => {
                    seen |= u64::from(byte);
                    self.at += 1;
                }
            }
        }
        if seen & HIGH != 0 {
            std::str::from_utf8(self.text.get(start..self.at)?).ok()?;
        }
        self.push(Kind::String { escaped }, start, self.at);
        self.at += 1; // the closing quote
        Some(())
    }

    /// Skips string bytes that need no attention (not `"`, `\\` or a control character),
    /// eight at a time; returns the words it looked at OR-ed together.
    #[inline(always)]
    fn skip_plain(&mut self) -> u64 {
        let mut seen = 0;
        while let Some(chunk) = self.text.get(self.at..self.at + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word);
            seen |= word;
            let special = special_bytes(word);
            if special != 0 {
                self.at += (special.trailing_zeros() / 8) as usize;
                return seen;
            }
            self.at += 8;
        }
        seen
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.container(depth, Kind::Object, b'}')
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.container(depth, Kind::Array, b']')
    }

    /// An object's members or an array's elements, up to `close`.
    fn container(&mut self, depth: usize, kind: Kind, close: u8) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let index = self.push(kind, self.at, self.at);
        self.at += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.at += 1;
        } else {
            loop {
                if kind == Kind::Object {
                    self.key()?;
                }
                self.value(depth)?;
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    byte if byte == close => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.close(index);
        Some(())
    }

    /// A member's key and the colon after it.
    fn key(&mut self) -> Option<()> {
        self.skip_whitespace();
        if self.peek()? != b'"' {
            return None;
        }
        self.string()?;
        self.skip_whitespace();
        if self.peek()? != b':' {
            return None;
        }
        self.at += 1;
        Some(())
    }

    fn close(&mut self, index: usize) {
        let next = self.tokens.len() as u32;
        if let Some(token) = self.tokens.get_mut(index) {
            token.end = self.at as u32;
            token.next = next;
        }
    }
}

/// A word whose lowest set high bit marks the first byte that is `"`, `\\` or below 0x20
/// (bits above that one may be false alarms: borrows only run upwards).
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero_byte = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let control = word.wrapping_sub(0x20 * ONES) & !word & HIGH;
    control | zero_byte(word ^ (b'"' as u64 * ONES)) | zero_byte(word ^ (b'\\' as u64 * ONES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Option<Vec<Kind>> {
        scan(text.as_bytes()).map(|t| t.iter().map(|t| t.kind).collect())
    }

    #[test]
    fn records_structure_and_skips() {
        let tokens = scan(br#" {"a": [1, 2.5, "x\n"], "b": {"c": null}, "d": true} "#).unwrap();
        assert_eq!(tokens.len(), 12);
        assert_eq!(tokens[0].next, 12);
        assert_eq!(tokens[2].kind, Kind::Array);
        assert_eq!(tokens[2].next, 6);
        assert_eq!(tokens[3].kind, Kind::Number { integer: true });
        assert_eq!(tokens[4].kind, Kind::Number { integer: false });
        assert_eq!(tokens[5].kind, Kind::String { escaped: true });
        assert_eq!(tokens[7].next, 10);
    }

    #[test]
    fn refuses_what_json_refuses() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "1e",
            "-",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\u12g4\"",
            "tru",
            "{} x",
            "{\"a\":1,}",
            "[1 2]",
        ] {
            assert!(kinds(bad).is_none(), "{bad:?}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(kinds(&deep).is_none());
    }

    #[test]
    fn finds_the_first_special_byte_of_a_word() {
        for (text, first) in [
            (*b"abcdefgh", None),
            (*b"abc\"efgh", Some(3)),
            (*b"\\bcdefgh", Some(0)),
            (*b"abcdefg\n", Some(7)),
            (*b"\xc3\xa9cd\"f\\h", Some(4)),
            (*b"a\x7f\xffdefgh", None),
        ] {
            let special = special_bytes(u64::from_le_bytes(text));
            let found = (special != 0).then(|| special.trailing_zeros() / 8);
            assert_eq!(found, first, "{text:?}");
        }
        let long = format!("\"{}\\n{}\"", "x".repeat(21), "y".repeat(9));
        let tokens = scan(long.as_bytes()).unwrap();
        assert_eq!(tokens[0].kind, Kind::String { escaped: true });
        assert_eq!(tokens[0].end as usize, long.len() - 1);
    }

    #[test]
    fn checks_utf8_only_where_it_can_occur() {
        // Multi-byte text in short strings (byte by byte) and long ones (eight at a time).
        let long = format!("\"{}é{}\"", "x".repeat(19), "ü".repeat(9));
        for good in [
            "\"é\"",
            "[\"日本\",\"a\"]",
            long.as_str(),
            "{\"ключ\":\"значение\"}",
        ] {
            assert!(kinds(good).is_some(), "{good}");
        }
        let bad: [&[u8]; 6] = [
            b"\"\xff\"",
            b"\"abcdefgh\xc3\"",
            b"[\"ok\",\"\xed\xa0\x80\"]",
            b"\"abcdefghijklmnop\xe2\x82\"",
            b"{\"a\xc0\xaf\":1}",
            b"[1,\xc3\xa9]",
        ];
        for text in bad {
            assert!(scan(text).is_none(), "{text:?}");
            assert!(ByteTape::scan(text).is_none(), "{text:?}");
        }
        let tape = ByteTape::scan("{\"k\":\"caf\\u00e9 é\"}".as_bytes()).unwrap();
        assert_eq!(tape.string(2).as_deref(), Some("café é"));
        assert_eq!(tape.raw(1), Some(&b"\"k\""[..]));
    }

    #[test]
    fn accepts_json_numbers() {
        for good in ["0", "-0", "12", "-3.25", "1e9", "2E-3", "6.02e+23"] {
            assert!(kinds(good).is_some(), "{good}");
        }
    }
}
