//! Reshaping a record's members as Azure exports them: Azure-internal template members
//! dropped, known members put in a reference order, everything else kept after them in its
//! stored order. Values stay borrowed stored bytes.

use serde_json::value::RawValue;

use crate::graph_json::{GraphJson, Member};

/// Whether `key` is an Azure-internal template member (`__UDI_RequiredFields_*`) a producer
/// may carry; such members are never exported.
pub(crate) fn is_internal(key: &str) -> bool {
    key.starts_with("__UDI_RequiredFields_")
}

/// A reference order and the position of each of its names.
pub(crate) struct Order {
    names: &'static [&'static str],
    /// (name, position) sorted by name, for a binary search: a handful of short string
    /// comparisons per member, cheaper than hashing it.
    sorted: Vec<(&'static str, usize)>,
}

impl Order {
    /// The order `names` (first occurrence wins should a name repeat).
    pub(crate) fn new(names: &'static [&'static str]) -> Order {
        let mut sorted: Vec<(&'static str, usize)> = Vec::with_capacity(names.len());
        for (position, name) in names.iter().enumerate() {
            if let Err(at) = sorted.binary_search_by(|(known, _)| known.cmp(name)) {
                sorted.insert(at, (name, position));
            }
        }
        Order { names, sorted }
    }

    /// The position of `name`, if the order names it.
    fn position(&self, name: &str) -> Option<usize> {
        self.sorted
            .binary_search_by(|(known, _)| (*known).cmp(name))
            .ok()
            .and_then(|at| self.sorted.get(at))
            .map(|(_, position)| *position)
    }

    /// The names, in order.
    pub(crate) fn names(&self) -> &'static [&'static str] {
        self.names
    }
}

/// A record's members sorted into the slots of an [`Order`] plus the rest.
pub(crate) struct Ordered<'j, 'a> {
    /// The value of each name of the order, if the record has it.
    pub(crate) slots: Vec<Option<&'a RawValue>>,
    /// Members the order does not name, in stored order.
    pub(crate) rest: Vec<&'j Member<'a>>,
}

/// Sorts `record`'s members into `order`, leaving out internal members and those `keep`
/// rejects.
pub(crate) fn ordered<'j, 'a>(
    record: &'j GraphJson<'a>,
    order: &Order,
    keep: impl Fn(&str, &RawValue) -> bool,
) -> Ordered<'j, 'a> {
    let mut slots = vec![None; order.names.len()];
    let mut rest = Vec::new();
    for member in record.members() {
        let (key, value) = member;
        if is_internal(key) || !keep(key, value) {
            continue;
        }
        match order.position(key) {
            Some(position) => {
                if let Some(slot) = slots.get_mut(position) {
                    *slot = Some(*value);
                }
            }
            None => rest.push(member),
        }
    }
    Ordered { slots, rest }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    #[test]
    fn known_members_go_to_their_slots_and_the_rest_keeps_its_order() {
        let record =
            GraphJson::parse(br#"{"z":1,"b":2,"__UDI_RequiredFields_x":0,"extra":3,"a":null}"#);
        let order = Order::new(&["a", "b", "missing"]);
        let out = ordered(&record, &order, |key, _| key != "extra");
        let slots: Vec<Option<&str>> = out.slots.iter().map(|s| s.map(RawValue::get)).collect();
        assert_eq!(slots, [Some("null"), Some("2"), None]);
        let rest: Vec<&str> = out.rest.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(rest, ["z"]);
    }
}
