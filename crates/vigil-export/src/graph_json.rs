//! A stored Graph record read once, without building a tree: its top-level members in order,
//! each value kept as the borrowed bytes it was stored as (`&RawValue`). Exporting a record
//! copies most members verbatim into `properties`; only the few the envelope reads, or that
//! Azure spells differently, are parsed further, and only those.
//!
//! Reading never fails: bytes that are not a JSON object read as an object without members,
//! which is what the envelope code treats as "every source field missing".

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// One member: its name and its value's bytes.
pub(crate) type Member<'a> = (Cow<'a, str>, &'a RawValue);

/// A record's top-level members, in the order they were stored.
#[derive(Debug, Default)]
pub struct GraphJson<'a> {
    members: Vec<Member<'a>>,
    len: usize,
}

impl<'a> GraphJson<'a> {
    /// Reads `bytes` (a serialised Graph record). Members are kept as written, duplicates
    /// included (a stored record never has any: it was serialised from typed fields); lookups
    /// find the first.
    pub fn parse(bytes: &'a [u8]) -> GraphJson<'a> {
        // Checking UTF-8 once up front lets the parser skip re-checking every string and
        // every raw value it hands out, which a byte-slice parse must do.
        match std::str::from_utf8(bytes) {
            Ok(text) => GraphJson::parse_str(text),
            Err(_) => GraphJson::default(),
        }
    }

    /// [`GraphJson::parse`] for text already known to be UTF-8 (a nested raw value).
    fn parse_str(text: &'a str) -> GraphJson<'a> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let members = deserializer
            .deserialize_map(MembersVisitor)
            .ok()
            .filter(|_| deserializer.end().is_ok())
            .unwrap_or_default();
        GraphJson {
            members,
            len: text.len(),
        }
    }

    /// The size of the serialised record: what a copy of it will roughly take.
    pub(crate) fn len_hint(&self) -> usize {
        self.len
    }

    /// The members in order.
    pub(crate) fn members(&self) -> &[Member<'a>] {
        &self.members
    }

    /// The value of member `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.members
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| *value)
    }

    /// The value at `path`: the first step is a member of the record, every further step a
    /// member of the object before it.
    pub(crate) fn at(&self, path: &[&str]) -> Option<&'a RawValue> {
        let (first, rest) = path.split_first()?;
        let mut value = self.get(first)?;
        for key in rest {
            value = member_of(value, key)?;
        }
        Some(value)
    }

    /// The string at `path` if it is a non-empty string: absent, `null`, `""` and
    /// non-strings all count as "not there", which is when Azure leaves an optional envelope
    /// field out.
    pub(crate) fn non_empty(&self, path: &[&str]) -> Option<String> {
        self.at(path).and_then(string).filter(|s| !s.is_empty())
    }

    /// The value at `path` as a tree (for the few small members that are reshaped).
    pub(crate) fn value(&self, path: &[&str]) -> Option<Value> {
        self.at(path).and_then(tree)
    }
}

/// Member `key` of the object `value`, if it is one.
fn member_of<'a>(value: &'a RawValue, key: &str) -> Option<&'a RawValue> {
    if !value.get().starts_with('{') {
        return None;
    }
    GraphJson::parse_str(value.get()).get(key)
}

/// `value` as a string, if it is one.
pub(crate) fn string(value: &RawValue) -> Option<String> {
    if !value.get().starts_with('"') {
        return None;
    }
    serde_json::from_str(value.get()).ok()
}

/// `value` as a tree.
pub(crate) fn tree(value: &RawValue) -> Option<Value> {
    serde_json::from_str(value.get()).ok()
}

/// Whether `value` is `null` or the empty string.
pub(crate) fn is_blank(value: &RawValue) -> bool {
    matches!(value.get(), "null" | "\"\"")
}

/// Whether `value` is `null`.
pub(crate) fn is_null(value: &RawValue) -> bool {
    value.get() == "null"
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Vec<Member<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members: Vec<Member<'de>> = Vec::with_capacity(map.size_hint().unwrap_or(64));
        while let Some(Key(name)) = map.next_key::<Key<'de>>()? {
            let value: &'de RawValue = map.next_value()?;
            members.push((name, value));
        }
        Ok(members)
    }
}

/// A member name, borrowed from the input unless it holds escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    fn names<'a>(json: &'a GraphJson<'a>) -> Vec<&'a str> {
        json.members().iter().map(|(k, _)| k.as_ref()).collect()
    }

    #[test]
    fn members_keep_order_and_bytes() {
        let bytes = br#"{"b":1,"a\"x":{"c":[1, 2]},"d":"t\u00e9"}"#;
        let json = GraphJson::parse(bytes);
        assert_eq!(names(&json), ["b", "a\"x", "d"]);
        assert_eq!(json.get("a\"x").unwrap().get(), r#"{"c":[1, 2]}"#);
        assert_eq!(json.non_empty(&["d"]).as_deref(), Some("té"));
    }

    #[test]
    fn duplicates_are_kept_and_lookups_find_the_first() {
        let json = GraphJson::parse(br#"{"a":1,"b":2,"a":3}"#);
        assert_eq!(names(&json), ["a", "b", "a"]);
        assert_eq!(json.get("a").unwrap().get(), "1");
    }

    #[test]
    fn paths_and_blanks() {
        let json = GraphJson::parse(br#"{"s":{"t":"x","e":"","n":5,"z":null}}"#);
        assert_eq!(json.non_empty(&["s", "t"]).as_deref(), Some("x"));
        assert_eq!(json.non_empty(&["s", "e"]), None);
        assert_eq!(json.non_empty(&["s", "n"]), None);
        assert_eq!(json.non_empty(&["s", "t", "deeper"]), None);
        assert!(is_blank(json.at(&["s", "e"]).unwrap()));
        assert!(is_null(json.at(&["s", "z"]).unwrap()));
        assert_eq!(json.value(&["s", "n"]), Some(Value::from(5)));
    }

    #[test]
    fn anything_but_an_object_has_no_members() {
        for odd in [
            &b"[1]"[..],
            b"null",
            b"5",
            b"{\"a\":",
            b"{} x",
            b"",
            b"{\"\xff\":1}",
        ] {
            assert!(GraphJson::parse(odd).members().is_empty(), "{odd:?}");
        }
    }
}
