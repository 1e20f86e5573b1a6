//! Unit tests, by concern: Microsoft's documented filters, evaluation, errors, prefilters,
//! `$orderby`, and property tests (never panics, print/parse round trip, prefilter soundness).
//! All run against the real field catalogue in `vigil_model`.

mod documented;
mod errors;
mod eval;
mod orderby;
mod prefilter;
mod props;

use vigil_model::{ApiVersion, LogKind};

use crate::{CheckedFilter, FilterError, parse_and_check};

/// Parses and checks, failing the test with the client message on error.
fn ok(text: &str, kind: LogKind, version: ApiVersion) -> CheckedFilter {
    match parse_and_check(text, kind, version) {
        Ok(f) => f,
        Err(e) => panic!("{text:?} on {kind}/{version:?} refused: {}", e.message()),
    }
}

/// Parses and checks, returning the error (failing the test if it was accepted).
fn err(text: &str, kind: LogKind, version: ApiVersion) -> FilterError {
    match parse_and_check(text, kind, version) {
        Ok(f) => panic!("{text:?} on {kind}/{version:?} was accepted: {f:?}"),
        Err(e) => e,
    }
}

fn beta_sign_in(text: &str) -> CheckedFilter {
    ok(text, LogKind::SignIn, ApiVersion::Beta)
}
