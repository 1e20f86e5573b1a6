//! Which sign-in event types a compiled filter can keep, as a mask of `schema::EVENT_TYPES`
//! codes.
//!
//! Every sign-in block records the event types of its records (`etypes`), and the block
//! walks' time indexes carry that column, so a walk that can only keep interactive sign-ins
//! passes over the other blocks without reading a summary. For each node the mask of event
//! types under which some record *may* make it true is derived alongside the mask under which
//! every record *must* (only an event-type test knows that); `Not` swaps the two, as in the
//! summaries' reasoning.

use super::{Node, SlotFilter};
use crate::schema::EVENT_TYPES;

/// Every event type code.
fn all() -> i64 {
    EVENT_TYPES.iter().fold(0, |mask, (_, code)| mask | code)
}

/// (may be true, must be true) as event-type masks.
fn reach(node: &Node) -> (i64, i64) {
    match node {
        Node::EventType(code) => (*code, *code),
        Node::And(children) => children
            .iter()
            .map(reach)
            .fold((all(), all()), |(may, must), (m, n)| (may & m, must & n)),
        Node::Or(children) => children
            .iter()
            .map(reach)
            .fold((0, 0), |(may, must), (m, n)| (may | m, must | n)),
        Node::Not(inner) => {
            let (may, must) = reach(inner);
            (all() & !must, all() & !may)
        }
        _ => (all(), 0),
    }
}

impl SlotFilter {
    /// The event types a record may have and still pass; every code when the filter does not
    /// narrow them.
    pub(crate) fn event_types(&self) -> i64 {
        reach(&self.node).0
    }
}

/// The event types a record may have and pass every one of `filters`, or `None` when they
/// leave every type possible (so a walk need not test it).
pub(crate) fn narrowed(filters: &[SlotFilter]) -> Option<i64> {
    let mask = filters
        .iter()
        .fold(all(), |mask, filter| mask & filter.event_types());
    (mask != all()).then_some(mask)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slot_filter::{Bound, Target};
    use vigil_query::CompareOp;

    fn filter(node: Node) -> SlotFilter {
        SlotFilter { node, exact: true }
    }

    fn other() -> Node {
        Node::Compare {
            target: Target::Column(0),
            op: CompareOp::Eq,
            value: Bound::Int(1),
        }
    }

    #[test]
    fn narrows_only_what_it_can_prove() {
        let interactive = Node::EventType(1);
        assert_eq!(filter(interactive.clone()).event_types(), 1);
        assert_eq!(
            filter(Node::And(vec![interactive.clone(), other()])).event_types(),
            1
        );
        assert_eq!(
            filter(Node::Or(vec![interactive.clone(), Node::EventType(4)])).event_types(),
            5
        );
        // Another leaf in an `Or` may be true under any type.
        assert_eq!(
            filter(Node::Or(vec![interactive.clone(), other()])).event_types(),
            all()
        );
        assert_eq!(
            filter(Node::Not(Box::new(interactive.clone()))).event_types(),
            all() & !1
        );
        // `not(interactive and x)` may hold for an interactive record where x fails.
        assert_eq!(
            filter(Node::Not(Box::new(Node::And(vec![
                interactive.clone(),
                other()
            ]))))
            .event_types(),
            all()
        );
        assert_eq!(
            filter(Node::Not(Box::new(Node::Not(Box::new(
                interactive.clone()
            )))))
            .event_types(),
            1
        );
        assert_eq!(narrowed(&[filter(other())]), None);
        assert_eq!(
            narrowed(&[filter(interactive), filter(Node::EventType(2))]),
            Some(0)
        );
    }
}
