//! Small, panic-free helpers for reading and reshaping the members of a Graph record:
//! typed lookups along a path, "present and non-empty" text, and reordering an object's
//! members to a reference order.

use serde_json::{Map, Value};

/// The value at `path` (object members only), if every step exists.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// The string at `path`, if it is a string.
pub(crate) fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path).and_then(Value::as_str)
}

/// The string at `path` if it is a non-empty string: absent, `null`, `""` and non-strings all
/// count as "not there", which is when Azure leaves an optional envelope field out.
pub(crate) fn non_empty(value: &Value, path: &[&str]) -> Option<String> {
    text(value, path)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The record as an object; anything else is treated as an object without members.
pub(crate) fn object(record: &Value) -> Map<String, Value> {
    match record {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    }
}

/// Drops Azure-internal template members (`__UDI_RequiredFields_*`) a producer may carry.
pub(crate) fn drop_internal(map: &mut Map<String, Value>) {
    map.retain(|key, _| !key.starts_with("__UDI_RequiredFields_"));
}

/// Returns `map` with the members named in `order` first, in that order, then every other
/// member in its original order. Members missing from `map` are not added.
pub(crate) fn reorder(map: Map<String, Value>, order: &[&str]) -> Map<String, Value> {
    let mut slots: Vec<Option<Value>> = vec![None; order.len()];
    let mut rest = Map::new();
    for (key, value) in map {
        match order.iter().position(|name| *name == key) {
            Some(index) => {
                if let Some(slot) = slots.get_mut(index) {
                    *slot = Some(value);
                }
            }
            None => {
                rest.insert(key, value);
            }
        }
    }
    let mut out = Map::new();
    for (name, slot) in order.iter().zip(slots) {
        if let Some(value) = slot {
            out.insert((*name).to_owned(), value);
        }
    }
    out.extend(rest);
    out
}

/// Removes `key` keeping the other members' order (serde_json's `remove` may swap).
pub(crate) fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    map.shift_remove(key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;

    use super::*;

    fn keys(map: &Map<String, Value>) -> Vec<&str> {
        map.keys().map(String::as_str).collect()
    }

    #[test]
    fn reorder_puts_known_members_first_and_keeps_the_rest() {
        let map = object(&json!({"z": 1, "b": 2, "extra": 3, "a": null}));
        let out = reorder(map, &["a", "b", "missing"]);
        assert_eq!(keys(&out), ["a", "b", "z", "extra"]);
        assert_eq!(out["a"], Value::Null);
    }

    #[test]
    fn lookups_tolerate_any_shape() {
        let v = json!({"s": {"t": "x", "e": "", "n": 5}});
        assert_eq!(text(&v, &["s", "t"]), Some("x"));
        assert_eq!(non_empty(&v, &["s", "t"]).as_deref(), Some("x"));
        assert_eq!(non_empty(&v, &["s", "e"]), None);
        assert_eq!(non_empty(&v, &["s", "n"]), None);
        assert_eq!(non_empty(&v, &["s", "t", "deeper"]), None);
        assert_eq!(at(&json!([1]), &["a"]), None);
        assert!(object(&json!([1])).is_empty());
    }

    #[test]
    fn take_and_drop_internal_keep_order() {
        let mut map = object(&json!({"a": 1, "__UDI_RequiredFields_x": 0, "b": 2, "c": 3}));
        drop_internal(&mut map);
        assert_eq!(take(&mut map, "a"), Some(json!(1)));
        assert_eq!(keys(&map), ["b", "c"]);
    }
}
