//! Property tests: whatever arrives in the `Authorization` header, validation answers with an
//! error (never a panic, never a principal), and the parsers of role, permission and license
//! names never panic either.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use vigil_auth::{DirectoryRole, LicenseTier, Permission, Tenants, Validator, bearer_token};

use crate::support::{ISSUER, clock, issuer};

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let clock = clock();
        crate::support::validator(&issuer(&clock), Tenants::Any, &clock)
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{0,60}",
        any::<Vec<u8>>().prop_map(|bytes| URL_SAFE_NO_PAD.encode(bytes)),
    ]
}

fn json_part() -> impl Strategy<Value = String> {
    let alg = prop_oneof![
        Just("none"),
        Just("HS256"),
        Just("RS256"),
        Just("PS256"),
        Just("ES256"),
        Just("RS512"),
    ];
    let kid = prop_oneof![Just(None), "[a-zA-Z0-9_-]{0,44}".prop_map(Some)];
    (alg, kid, any::<i64>(), "[ -~]{0,20}").prop_map(|(alg, kid, number, text)| {
        let value = serde_json::json!({
            "alg": alg, "kid": kid, "iss": ISSUER, "exp": number, "nbf": number,
            "aud": text, "tid": text, "oid": text, "scp": text,
        });
        URL_SAFE_NO_PAD.encode(value.to_string())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_is_refused(token in any::<String>()) {
        let result = runtime().block_on(validator().validate(&token));
        prop_assert!(result.is_err());
        let _ = bearer_token(Some(&token));
    }

    #[test]
    fn arbitrary_three_part_tokens_are_refused(a in segment(), b in segment(), c in segment()) {
        let token = format!("{a}.{b}.{c}");
        prop_assert!(runtime().block_on(validator().validate(&token)).is_err());
    }

    #[test]
    fn well_formed_but_unsigned_tokens_are_refused(
        header in json_part(),
        payload in json_part(),
        signature in segment(),
    ) {
        let token = format!("{header}.{payload}.{signature}");
        prop_assert!(runtime().block_on(validator().validate(&token)).is_err());
    }

    #[test]
    fn name_parsers_never_panic(text in any::<String>()) {
        let _ = text.parse::<DirectoryRole>();
        let _ = text.parse::<Permission>();
        let _ = text.parse::<LicenseTier>();
    }
}
