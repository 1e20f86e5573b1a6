//! Shared fixtures for the fuzz targets: one real record per log kind (the vigil-model test
//! fixtures), validated once and kept as canonical JSON trees, plus the fixed page-token key.

use std::sync::OnceLock;

use serde_json::Value;
use vigil_model::LogKind;
use vigil_store::{PageToken, TokenKey};

/// The fixture file for `kind`: a record, or a saved Graph page whose first record is used.
fn fixture(kind: LogKind) -> &'static str {
    match kind {
        LogKind::SignIn => {
            include_str!("../../crates/vigil-model/tests/fixtures/signin_beta_rich.json")
        }
        LogKind::DirectoryAudit => include_str!(
            "../../crates/vigil-model/tests/fixtures/directory_audit_v1_doc_example.json"
        ),
        LogKind::Provisioning => {
            include_str!("../../crates/vigil-model/tests/fixtures/provisioning_failure.json")
        }
        LogKind::CustomSecurityAttributeAudit => include_str!(
            "../../crates/vigil-model/tests/fixtures/custom_security_attribute_audit.json"
        ),
    }
}

/// Records a checked filter of `kind` is evaluated against: the canonical (validated) form of
/// the fixture, the raw fixture, and a few degenerate documents (`{}`, `null`, an array).
pub fn sample_records(kind: LogKind) -> &'static [Value] {
    static SAMPLES: OnceLock<Vec<Vec<Value>>> = OnceLock::new();
    let all = SAMPLES.get_or_init(|| {
        LogKind::ALL
            .iter()
            .map(|&k| {
                let mut raw: Value = serde_json::from_str(fixture(k)).unwrap_or(Value::Null);
                if let Some(first) = raw.get_mut("value").and_then(|v| v.get_mut(0)) {
                    raw = first.take();
                }
                let validated = vigil_model::validate(k, raw.clone())
                    .unwrap_or_else(|e| panic!("fixture for {k} does not validate: {e}"));
                vec![
                    validated.body(),
                    raw,
                    Value::Object(Default::default()),
                    Value::Null,
                    Value::Array(vec![Value::Null]),
                ]
            })
            .collect()
    });
    let index = LogKind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
    &all[index]
}

/// The key the `page_token` target signs and verifies with.
pub const TOKEN_KEY: TokenKey = TokenKey([0x5a; 32]);

/// A different key: nothing signed with [`TOKEN_KEY`] may verify under it.
pub const OTHER_KEY: TokenKey = TokenKey([0xa5; 32]);

/// The query fingerprint the `page_token` target's tokens are bound to.
pub fn token_fingerprint() -> [u8; 16] {
    PageToken::fingerprint(&["fuzz-tenant", "signIns", "v1.0", "", "desc"])
}

/// Another query's fingerprint.
pub fn other_fingerprint() -> [u8; 16] {
    PageToken::fingerprint(&["other-tenant", "signIns", "v1.0", "", "desc"])
}

/// The seed corpora must stay meaningful: valid tokens, filters and batches, so the fuzzer
/// starts deep inside each parser. Run with `cargo test --manifest-path fuzz/Cargo.toml`.
#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use vigil_model::ApiVersion;

    fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(target);
        let mut out: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("seed-")
            })
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
        out.sort();
        assert!(!out.is_empty(), "no seeds in {}", dir.display());
        out
    }

    #[test]
    fn valid_token_seeds_decode() {
        for (path, bytes) in seeds("page_token") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = String::from_utf8(bytes).unwrap();
            let decoded = PageToken::decode(&text, &TOKEN_KEY, &token_fingerprint());
            assert_eq!(
                decoded.is_ok(),
                name.starts_with("seed-valid"),
                "{name}: {decoded:?}"
            );
        }
    }

    #[test]
    fn filter_seeds_check_for_some_kind() {
        for (path, bytes) in seeds("filter_parser") {
            let text = String::from_utf8(bytes).unwrap();
            let ok = LogKind::ALL.iter().any(|&kind| {
                vigil_query::parse_and_check(&text, kind, ApiVersion::Beta).is_ok()
                    || vigil_query::parse_orderby(&text, kind).is_ok()
            });
            assert!(ok, "{} checks for no kind", path.display());
        }
    }

    #[test]
    fn ingest_seeds_decode_and_validate() {
        let limits = vigil_ingest::IngestLimits::default();
        for (path, bytes) in seeds("ingest_decode") {
            let decoded =
                vigil_ingest::decode(&bytes, vigil_ingest::Encoding::Identity, &limits).unwrap();
            let ok = LogKind::ALL
                .iter()
                .any(|&kind| vigil_ingest::validate_batch(kind, decoded.records()).is_ok());
            assert!(ok, "{} validates for no kind", path.display());
        }
    }

    #[test]
    fn samples_validate() {
        for kind in LogKind::ALL {
            assert_eq!(sample_records(kind).len(), 5);
        }
    }
}
