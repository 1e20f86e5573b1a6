//! OData `$filter` and `$orderby` for Vigil's Graph-compatible activity logs: parsing,
//! checking against the field catalogue, evaluation over canonical JSON records, and index
//! prefilters for stores. No I/O.
//!
//! The pipeline is typed end to end: text → [`ast::Expr`] ([`parse`]) → [`CheckedFilter`]
//! ([`check`], against `vigil_model::catalogue` for one [`LogKind`] and [`ApiVersion`]) →
//! [`CheckedFilter::matches`] on a record, or [`CheckedFilter::prefilter`] for an index.
//! Only the checker builds a `CheckedFilter`, so holding one proves the filter is valid.
//!
//! Principal items:
//! - [`parse_and_check`]: the one call the API needs for `$filter`.
//! - [`CheckedFilter`], with [`matches`](CheckedFilter::matches),
//!   [`prefilter`](CheckedFilter::prefilter) / [`prefilter_plan`](CheckedFilter::prefilter_plan)
//!   / [`prefilter_is_exact`](CheckedFilter::prefilter_is_exact),
//!   [`mentions`](CheckedFilter::mentions).
//! - [`Prefilter`], [`Literal`], [`PrefilterPlan`], [`CompareOp`]: what a store renders.
//! - [`parse_orderby`] → [`SortOrder`].
//! - [`FilterError`]: every refusal, with position and offending token;
//!   [`FilterError::message`] is the client text (`Invalid filter clause: ...`).
//!
//! The grammar is in [`parser`]'s documentation, the evaluation semantics in `eval.rs`
//! (missing values fail every comparison but `eq null`/`ne null`; case rules per log kind),
//! the prefilter rules in `prefilter.rs`.

pub mod ast;
mod check;
mod error;
mod eval;
mod filter;
mod lexer;
mod orderby;
pub mod parser;
mod prefilter;

#[cfg(test)]
mod tests;

use vigil_model::{ApiVersion, LogKind};

pub use ast::CompareOp;
pub use check::check;
pub use error::FilterError;
pub use filter::CheckedFilter;
pub use orderby::{SortOrder, parse_orderby};
pub use parser::{MAX_DEPTH, MAX_FILTER_CHARS, MAX_IN_LIST, parse};
pub use prefilter::{Literal, Prefilter, PrefilterPlan};

/// Parses `$filter` text and checks it for `kind` on `version`.
pub fn parse_and_check(
    text: &str,
    kind: LogKind,
    version: ApiVersion,
) -> Result<CheckedFilter, FilterError> {
    check(&parse(text)?, kind, version)
}
