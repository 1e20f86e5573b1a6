//! [`CheckedFilter`]: a `$filter` whose every path is resolved against the field catalogue
//! and whose every literal has the type of the property it is compared with.
//!
//! Only the checker ([`crate::check`]) builds one, so holding a `CheckedFilter` proves the
//! filter was valid for its log kind and API version. The tree inside is private: callers
//! evaluate it ([`CheckedFilter::matches`]), derive an index prefilter from it
//! ([`CheckedFilter::prefilter`]) or ask what it mentions ([`CheckedFilter::mentions`]).

use vigil_model::{ApiVersion, LogKind};

use crate::ast::{CompareOp, Func, Quantifier};

/// A type-checked filter for one log kind and API version.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedFilter {
    pub(crate) kind: LogKind,
    pub(crate) version: ApiVersion,
    pub(crate) root: Node,
}

impl CheckedFilter {
    /// The log kind the filter was checked against.
    pub fn kind(&self) -> LogKind {
        self.kind
    }

    /// The API version the filter was checked against.
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    /// Whether the filter refers to `path` anywhere: as a compared property, a lambda's
    /// collection, or an element property inside a lambda (`targetResources/id`). A path also
    /// matches properties below it (`status` is mentioned by `status/errorCode`). Names
    /// compare ignoring ASCII case.
    pub fn mentions(&self, path: &str) -> bool {
        let mut found = false;
        self.root.visit_paths(&mut |p| {
            let below = p
                .get(..path.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(path))
                && p.get(path.len()..)
                    .is_some_and(|tail| tail.starts_with('/'));
            found |= below || p.eq_ignore_ascii_case(path);
        });
        found
    }
}

/// A checked boolean expression. `And`/`Or` are flattened (no child is of the same kind).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// `target op value`; `value` is [`Value::Null`] only with `eq`/`ne`.
    Compare {
        target: Target,
        op: CompareOp,
        value: Value,
    },
    /// `target in (values)`; never holds `Null`.
    In {
        target: Target,
        values: Vec<Value>,
    },
    /// A string function; `arg` is lower-cased when the target compares case-insensitively.
    Text {
        func: Func,
        target: Target,
        arg: String,
    },
    /// `collection/any(...)` or `collection/all(...)`; inside `body`, the element is lambda
    /// variable `level` (the number of lambdas enclosing this one).
    Lambda {
        quantifier: Quantifier,
        collection: Location,
        level: usize,
        body: Option<Box<Node>>,
    },
}

/// Where a value lives: the record root or a lambda element, then object keys.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Location {
    pub(crate) scope: Scope,
    /// JSON keys from the scope, in the catalogue's (wire) spelling. Empty for a lambda
    /// variable that is itself the value (an element of a string collection).
    pub(crate) keys: Vec<&'static str>,
    /// The full catalogue path from the record root (`targetResources/id`), for prefilters
    /// and [`CheckedFilter::mentions`].
    pub(crate) path: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Root,
    /// The element bound by the lambda at this nesting level (0 = outermost).
    Var(usize),
}

/// A scalar value's location and how to compare it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Target {
    pub(crate) loc: Location,
    pub(crate) ty: Scalar,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scalar {
    /// A string; `ci`: compare lower-cased (Unicode `to_lowercase`).
    Str {
        ci: bool,
    },
    /// An enum: equality ignores case, order is the members' schema order.
    Enum(&'static [&'static str]),
    Int,
    Double,
    Bool,
    DateTime,
}

impl Scalar {
    /// Whether string values of this type are compared lower-cased.
    pub(crate) fn case_insensitive(self) -> bool {
        match self {
            Scalar::Str { ci } => ci,
            Scalar::Enum(_) => true,
            _ => false,
        }
    }
}

/// A typed literal. `Str` is already lower-cased when its target compares case-insensitively.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Nanoseconds since the Unix epoch.
    DateTime(i64),
    Null,
}

impl Node {
    /// Calls `f` with the full path of every property the node refers to.
    pub(crate) fn visit_paths(&self, f: &mut dyn FnMut(&str)) {
        match self {
            Node::And(children) | Node::Or(children) => {
                for child in children {
                    child.visit_paths(f);
                }
            }
            Node::Not(inner) => inner.visit_paths(f),
            Node::Compare { target, .. } | Node::In { target, .. } | Node::Text { target, .. } => {
                f(&target.loc.path);
            }
            Node::Lambda {
                collection, body, ..
            } => {
                f(&collection.path);
                if let Some(body) = body {
                    body.visit_paths(f);
                }
            }
        }
    }
}
