//! Pulling column values out of a serialised record without building a tree of the rest.
//!
//! A record is several kilobytes of JSON, of which the store copies a couple of dozen scalar
//! properties into columns. [`Extractor`] scans the bytes once into a [`Tape`], walks only the
//! objects on a wanted path, materialises only the wanted leaves, and skips everything else.
//! (A serde walk of the same shape takes over for text the tape scanner declines.)

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use vigil_model::tape::{Node as TapeNode, Tape};

/// A trie of wanted paths.
#[derive(Debug, Default)]
pub(crate) struct Extractor {
    root: Node,
    slots: usize,
}

#[derive(Debug, Default)]
struct Node {
    children: Vec<(&'static str, Node)>,
    slot: Option<usize>,
}

impl Extractor {
    /// An extractor for `paths` (`/`-separated); results come back in the same order.
    pub(crate) fn new(paths: &[&'static str]) -> Extractor {
        let mut root = Node::default();
        for (slot, path) in paths.iter().enumerate() {
            let mut node = &mut root;
            for segment in path.split('/') {
                let index = match node.children.iter().position(|(name, _)| *name == segment) {
                    Some(index) => index,
                    None => {
                        node.children.push((segment, Node::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[index].1;
            }
            node.slot = Some(slot);
        }
        Extractor {
            root,
            slots: paths.len(),
        }
    }

    /// The value at each path (`None` when absent).
    ///
    /// Walks a [`Tape`] of the record (one scan, no tree); falls back to serde for the rare
    /// text the tape scanner declines (nesting deeper than it goes).
    pub(crate) fn extract(&self, json: &[u8]) -> Result<Vec<Option<Value>>, serde_json::Error> {
        let mut out = vec![None; self.slots];
        if let Some(tape) = std::str::from_utf8(json).ok().and_then(Tape::scan) {
            self.root.walk(tape.root(), &mut out);
            return Ok(out);
        }
        self.extract_with_serde(json, out)
    }

    fn extract_with_serde(
        &self,
        json: &[u8],
        mut out: Vec<Option<Value>>,
    ) -> Result<Vec<Option<Value>>, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        NodeSeed {
            node: &self.root,
            out: &mut out,
        }
        .deserialize(&mut deserializer)?;
        Ok(out)
    }
}

impl Node {
    /// Fills the slots under this node from `value`: leaves take whatever value is there,
    /// inner nodes descend into objects only.
    fn walk(&self, value: TapeNode<'_, '_>, out: &mut [Option<Value>]) {
        for (key, member) in value.members() {
            let Some((_, child)) = self.children.iter().find(|(name, _)| *name == key) else {
                continue;
            };
            if child.children.is_empty() {
                if let Some(slot) = child.slot.and_then(|s| out.get_mut(s)) {
                    *slot = member.to_value();
                }
            } else if member.is_object() {
                child.walk(member, out);
            }
        }
    }
}

struct NodeSeed<'n, 'o> {
    node: &'n Node,
    out: &'o mut Vec<Option<Value>>,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(found) = map.next_key_seed(KeySeed { node: self.node })? {
            match found.and_then(|i| self.node.children.get(i)) {
                Some((_, child)) if child.children.is_empty() => {
                    let value: Value = map.next_value()?;
                    if let Some(slot) = child.slot.and_then(|s| self.out.get_mut(s)) {
                        *slot = Some(value);
                    }
                }
                Some((_, child)) => map.next_value_seed(NodeSeed {
                    node: child,
                    out: self.out,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    // Anything but an object on a wanted path holds none of the wanted leaves.
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads a key and returns the index of the matching child, without allocating.
struct KeySeed<'n> {
    node: &'n Node,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.node.children.iter().position(|(name, _)| *name == key))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Extractor;

    #[test]
    fn extracts_wanted_paths_only() {
        let e = Extractor::new(&["a", "b/c", "b/d/e", "missing", "list"]);
        let json = serde_json::to_vec(&json!({
            "z": {"a": 1}, "a": "x", "b": {"c": 2, "d": {"e": null, "f": [1]}, "g": "skip"},
            "list": ["p", "q"], "esc\\u0061ped": 1
        }))
        .unwrap();
        let got = e.extract(&json).unwrap();
        assert_eq!(
            got,
            vec![
                Some(json!("x")),
                Some(json!(2)),
                Some(json!(null)),
                None,
                Some(json!(["p", "q"]))
            ]
        );
        assert!(e.extract(b"{\"a\": ").is_err());
        assert_eq!(e.extract(b"[1,2]").unwrap(), vec![None; 5]);
        // Deeper than the tape scanner goes: the serde walk answers.
        let deep = format!("{{\"a\":7,\"z\":{}{}}}", "[".repeat(110), "]".repeat(110));
        assert_eq!(e.extract(deep.as_bytes()).unwrap()[0], Some(json!(7)));
    }

    /// The tape walk and the serde walk agree on every column of real canonical records.
    #[test]
    fn tape_and_serde_walks_agree_on_demo_records() {
        let data = vigil_demo::generate(&vigil_demo::DemoConfig::new(
            9,
            2,
            time::macros::datetime!(2026-11-20 00:00 UTC),
        ));
        let kinds = data.by_kind();
        for (kind, records) in kinds {
            let spec = crate::schema::spec(kind);
            let mut paths: Vec<&'static str> = spec.columns.iter().map(|c| c.path).collect();
            paths.push("signInEventTypes");
            let e = Extractor::new(&paths);
            for record in records.iter().take(3_000) {
                let json = vigil_model::validate(kind, record.clone()).unwrap().json;
                let tape = e.extract(&json).unwrap();
                let serde = e
                    .extract_with_serde(&json, vec![None; paths.len()])
                    .unwrap();
                assert_eq!(tape, serde, "{kind} {}", record["id"]);
                assert!(tape.iter().any(Option::is_some));
            }
        }
    }
}
