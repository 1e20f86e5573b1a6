//! Pulling column values out of a serialised record without building a tree of the rest.
//!
//! A record is several kilobytes of JSON, of which the store copies a couple of dozen scalar
//! properties into columns. [`Extractor`] walks the bytes once with serde, descends only into
//! objects on a wanted path, materialises only the wanted leaves, and skips everything else.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

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
    pub(crate) fn extract(&self, json: &[u8]) -> Result<Vec<Option<Value>>, serde_json::Error> {
        let mut out = vec![None; self.slots];
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        NodeSeed {
            node: &self.root,
            out: &mut out,
        }
        .deserialize(&mut deserializer)?;
        Ok(out)
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
    }
}
