//! [`FilterError`]: why a `$filter` or `$orderby` was refused, with the character position
//! and the offending token wherever there is one.
//!
//! Positions are 0-based counts of Unicode scalar values (`char`s) from the start of the
//! decoded query option, so they match what a client sees in its own string.

/// Why a `$filter` (or `$orderby`) was refused. Every variant is a client error (HTTP 400);
/// [`FilterError::message`] is the text to send back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// The filter is empty or only whitespace.
    #[error("the filter is empty")]
    Empty,
    /// The filter is longer than [`crate::MAX_FILTER_CHARS`].
    #[error("the filter is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// Length in characters (or a lower bound when the text is huge).
        len: usize,
        /// The cap.
        max: usize,
    },
    /// A character or literal the lexer cannot read (unterminated string, bad number...).
    #[error("{reason} at position {pos}")]
    Lex {
        /// Where.
        pos: usize,
        /// What is wrong, naming the offending text.
        reason: String,
    },
    /// A token the grammar does not allow at this place.
    #[error("unexpected {found} at position {pos}{}", expected_suffix(.expected))]
    Unexpected {
        /// Where.
        pos: usize,
        /// The offending token, quoted (`')'`), or `end of input`.
        found: String,
        /// What would have been accepted, if worth saying.
        expected: Option<String>,
    },
    /// Parentheses, `not` and lambdas nest deeper than [`crate::MAX_DEPTH`].
    #[error("nesting deeper than {max} levels at position {pos}")]
    TooDeep {
        /// Where the limit was crossed.
        pos: usize,
        /// The cap.
        max: usize,
    },
    /// An `in (...)` list longer than [`crate::MAX_IN_LIST`].
    #[error("an 'in' list may hold at most {max} values (position {pos})")]
    ListTooLong {
        /// Where the list starts.
        pos: usize,
        /// The cap.
        max: usize,
    },
    /// A property path that the log does not have on the requested API version.
    #[error("Could not find a property named '{path}' on type '{entity}' at position {pos}")]
    UnknownProperty {
        /// Where the path starts.
        pos: usize,
        /// The path as written.
        path: String,
        /// The OData type searched (`microsoft.graph.signIn`, or the element path of a
        /// complex collection).
        entity: String,
    },
    /// A literal or operator that does not fit the property's type.
    #[error("{reason} at position {pos}")]
    Type {
        /// Where the offending literal, path or function starts.
        pos: usize,
        /// What is wrong, naming the property and the offending token.
        reason: String,
    },
    /// A `$orderby` that does not name the log's time property.
    #[error("only '{property}' can be ordered, optionally followed by asc or desc; got '{text}'")]
    OrderBy {
        /// The option as given.
        text: String,
        /// The one property that can be ordered (`createdDateTime` or `activityDateTime`).
        property: &'static str,
    },
}

fn expected_suffix(expected: &Option<String>) -> String {
    match expected {
        Some(e) => format!(", expected {e}"),
        None => String::new(),
    }
}

impl FilterError {
    /// The client-facing message: `Invalid filter clause: <reason>` (for `$orderby`:
    /// `Invalid orderby clause: <reason>`), e.g.
    /// `Invalid filter clause: unexpected ')' at position 23`.
    pub fn message(&self) -> String {
        match self {
            FilterError::OrderBy { .. } => format!("Invalid orderby clause: {self}"),
            _ => format!("Invalid filter clause: {self}"),
        }
    }

    /// The character position the error points at, if any.
    pub fn position(&self) -> Option<usize> {
        match self {
            FilterError::Empty | FilterError::TooLong { .. } | FilterError::OrderBy { .. } => None,
            FilterError::Lex { pos, .. }
            | FilterError::Unexpected { pos, .. }
            | FilterError::TooDeep { pos, .. }
            | FilterError::ListTooLong { pos, .. }
            | FilterError::UnknownProperty { pos, .. }
            | FilterError::Type { pos, .. } => Some(*pos),
        }
    }

    pub(crate) fn lex(pos: usize, reason: impl Into<String>) -> FilterError {
        FilterError::Lex {
            pos,
            reason: reason.into(),
        }
    }

    pub(crate) fn type_error(pos: usize, reason: impl Into<String>) -> FilterError {
        FilterError::Type {
            pos,
            reason: reason.into(),
        }
    }
}
