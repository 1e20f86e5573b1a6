//! `$filter` text → parse and check for every log kind and API version; every filter that
//! checks is evaluated against sample records and turned into prefilter plans. None of it may
//! panic. The same text is also tried as `$orderby`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_fuzz::sample_records;
use vigil_model::{ApiVersion, LogKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(expr) = vigil_query::parse(text) {
        let _ = expr.to_string();
    }
    for kind in LogKind::ALL {
        let _ = vigil_query::parse_orderby(text, kind);
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            let filter = match vigil_query::parse_and_check(text, kind, version) {
                Ok(filter) => filter,
                Err(err) => {
                    // The client-facing text and the position must be computable too.
                    let _ = err.message();
                    let _ = err.position();
                    let _ = err.to_string();
                    continue;
                }
            };
            assert_eq!(filter.kind(), kind);
            assert_eq!(filter.version(), version);
            for record in sample_records(kind) {
                let _ = filter.matches(record);
            }
            // Every path indexed, none, and an arbitrary half.
            let full = filter.prefilter_plan(&|_| true);
            let none = filter.prefilter_plan(&|_| false);
            let some = filter.prefilter_plan(&|path| path.len() % 2 == 0);
            assert_eq!(
                none.prefilter,
                vigil_query::Prefilter::True,
                "a prefilter with nothing indexed must not restrict"
            );
            let _ = filter.prefilter_is_exact(&full.prefilter);
            let _ = filter.prefilter_is_exact(&some.prefilter);
            let _ = full.prefilter.to_string();
            let _ = some.prefilter.to_string();
            let _ = filter.mentions(kind.time_property());
        }
    }
});
