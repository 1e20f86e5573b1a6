//! Azure Storage Shared Key authorization for the Blob service (version 2009-09-19 and
//! later), as Microsoft's "Authorize with Shared Key" documents it:
//!
//! ```text
//! Authorization: SharedKey <account>:base64(HMAC-SHA256(base64decode(key), StringToSign))
//!
//! StringToSign = VERB \n Content-Encoding \n Content-Language \n Content-Length \n
//!                Content-MD5 \n Content-Type \n Date \n If-Modified-Since \n If-Match \n
//!                If-None-Match \n If-Unmodified-Since \n Range \n
//!                CanonicalizedHeaders CanonicalizedResource
//! ```
//!
//! - a standard header that is absent is an empty line; `Content-Length` is empty when it is
//!   zero (version 2015-02-21 and later); `Date` stays empty because `x-ms-date` is sent;
//! - CanonicalizedHeaders: every `x-ms-` header, name lower-cased, sorted by name,
//!   `name:value\n` (the headers Vigil sends sort the same ordinally and by Azure's
//!   collation);
//! - CanonicalizedResource: `/<account><URL path as sent>` (for a path-style endpoint such as
//!   Azurite's `http://host/devstoreaccount1` the account appears twice), then for every
//!   query parameter, sorted by lower-cased name, `\nname:value` with the decoded values of
//!   a repeated name sorted and joined by `,`.
//!
//! The unit tests check the string and the signature against what the official Python SDK
//! (azure-storage-blob 12.31.1, `SharedKeyCredentialPolicy`) computes for the same requests.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;
use time::macros::format_description;
use url::Url;

use crate::sink::SinkError;

/// The standard headers of the string to sign, in order.
const SIGNED_HEADERS: [&str; 11] = [
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
];

/// An account name with its decoded key. `Debug` never shows the key.
#[derive(Clone)]
pub(crate) struct SharedKey {
    account: String,
    key: Vec<u8>,
}

impl SharedKey {
    /// `key_base64` is the account key as the portal shows it. The error does not quote it.
    pub(crate) fn new(account: &str, key_base64: &str) -> Result<SharedKey, SinkError> {
        if account.is_empty() {
            return Err(SinkError::Config("the account name is empty".to_owned()));
        }
        match STANDARD.decode(key_base64.trim()) {
            Ok(key) if !key.is_empty() => Ok(SharedKey {
                account: account.to_owned(),
                key,
            }),
            _ => Err(SinkError::Config(
                "the account key is not base64".to_owned(),
            )),
        }
    }

    /// The account name.
    pub(crate) fn account(&self) -> &str {
        &self.account
    }

    /// The key in base64, as configured (for the redactor, never for a message).
    pub(crate) fn key_base64(&self) -> String {
        STANDARD.encode(&self.key)
    }

    /// The `Authorization` header for a request to `url` with `headers` (every header that
    /// will be sent, including `x-ms-date` and `Content-Length`; names in any case).
    pub(crate) fn authorization(
        &self,
        method: &str,
        url: &Url,
        headers: &[(&str, &str)],
    ) -> String {
        let string = string_to_sign(&self.account, method, url, headers);
        format!("SharedKey {}:{}", self.account, self.signature(&string))
    }

    fn signature(&self, string_to_sign: &str) -> String {
        // HMAC takes keys of any length, so this cannot fail; an empty signature would
        // only be refused by the service.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(string_to_sign.as_bytes());
        STANDARD.encode(mac.finalize().into_bytes())
    }
}

impl fmt::Debug for SharedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SharedKey({}, key: ***)", self.account)
    }
}

/// The string Shared Key signs for a Blob service request.
pub(crate) fn string_to_sign(
    account: &str,
    method: &str,
    url: &Url,
    headers: &[(&str, &str)],
) -> String {
    let lookup = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.trim())
    };
    let mut out = String::with_capacity(256);
    out.push_str(&method.to_ascii_uppercase());
    out.push('\n');
    for name in SIGNED_HEADERS {
        let value = lookup(name);
        if !(name == "content-length" && value == "0") {
            out.push_str(value);
        }
        out.push('\n');
    }
    let mut ms_headers: Vec<(String, &str)> = headers
        .iter()
        .filter(|(n, _)| n.to_ascii_lowercase().starts_with("x-ms-"))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim()))
        .collect();
    ms_headers.sort();
    for (name, value) in ms_headers {
        out.push_str(&name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('/');
    out.push_str(account);
    out.push_str(url.path());
    let mut query: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in url.query_pairs() {
        query
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(value.into_owned());
    }
    for (name, mut values) in query {
        values.sort();
        out.push('\n');
        out.push_str(&name);
        out.push(':');
        out.push_str(&values.join(","));
    }
    out
}

/// `x-ms-date`: RFC 1123 in GMT, e.g. `Sun, 01 Mar 2026 10:00:00 GMT`.
pub(crate) fn http_date(at: OffsetDateTime) -> String {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use time::macros::datetime;

    use super::*;

    /// The emulator's well-known account key (public, in Microsoft's Azurite docs).
    const DEV_KEY: &str =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    const DATE: &str = "Sun, 01 Mar 2026 10:00:00 GMT";
    const BLOB: &str = "http://127.0.0.1:10000/devstoreaccount1/insights-logs-signinlogs/tenantId=11111111-1111-1111-1111-111111111111/y=2026/m=03/d=01/h=10/m=00/PT1H.json";

    fn key() -> SharedKey {
        SharedKey::new("devstoreaccount1", DEV_KEY).unwrap()
    }

    /// Vectors computed with azure-storage-blob 12.31.1's `SharedKeyCredentialPolicy` for
    /// the same method, URL and headers.
    #[test]
    fn matches_the_python_sdk() {
        let create_container = Url::parse(
            "http://127.0.0.1:10000/devstoreaccount1/insights-logs-signinlogs?restype=container",
        )
        .unwrap();
        let headers = [
            ("x-ms-date", DATE),
            ("x-ms-version", "2021-08-06"),
            ("Content-Length", "0"),
        ];
        assert_eq!(
            string_to_sign("devstoreaccount1", "PUT", &create_container, &headers),
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 01 Mar 2026 10:00:00 GMT\nx-ms-version:2021-08-06\n/devstoreaccount1/devstoreaccount1/insights-logs-signinlogs\nrestype:container"
        );
        assert_eq!(
            key().authorization("PUT", &create_container, &headers),
            "SharedKey devstoreaccount1:CVw/ZV7sKUNqe+xXs2YHkMy6pWLCfbkdoJFllwJqJcM="
        );

        let create_blob = Url::parse(BLOB).unwrap();
        let headers = [
            ("x-ms-version", "2021-08-06"),
            ("x-ms-blob-type", "AppendBlob"),
            ("If-None-Match", "*"),
            ("content-length", "0"),
            ("x-ms-date", DATE),
        ];
        assert_eq!(
            string_to_sign("devstoreaccount1", "PUT", &create_blob, &headers),
            format!(
                "PUT\n\n\n\n\n\n\n\n\n*\n\n\nx-ms-blob-type:AppendBlob\nx-ms-date:{DATE}\nx-ms-version:2021-08-06\n/devstoreaccount1{}",
                create_blob.path()
            )
        );
        assert_eq!(
            key().authorization("PUT", &create_blob, &headers),
            "SharedKey devstoreaccount1:m78tLSlUAiTc1HtNffHOCVtLQ+XkNTEA6h0nKUMTqpM="
        );

        let append = Url::parse(&format!("{BLOB}?comp=appendblock")).unwrap();
        let headers = [
            ("x-ms-date", DATE),
            ("x-ms-version", "2021-08-06"),
            ("Content-Length", "26"),
        ];
        assert_eq!(
            key().authorization("PUT", &append, &headers),
            "SharedKey devstoreaccount1:9dSkflBoAHk05OIzHAHl1PR5xXdwe+fctOXcaL4qT+I="
        );

        let virtual_host = Url::parse(
            "https://contosologs.blob.core.windows.net/insights-logs-auditlogs?restype=container",
        )
        .unwrap();
        let headers = [
            ("x-ms-date", DATE),
            ("x-ms-version", "2021-08-06"),
            ("Content-Length", "0"),
        ];
        assert_eq!(
            key().authorization("PUT", &virtual_host, &headers),
            "SharedKey devstoreaccount1:3CsgT26U4nKf3TJX0aQQbeJNzgC1FLzDjLouycLLTDU="
        );
    }

    #[test]
    fn query_parameters_are_lower_cased_sorted_decoded_and_joined() {
        let url = Url::parse("https://a.blob.core.windows.net/c?Restype=container&comp=list&include=snapshots&include=metadata&prefix=tenantId%3Dx%2F").unwrap();
        let string = string_to_sign("a", "get", &url, &[]);
        assert!(
            string.ends_with(
                "/a/c\ncomp:list\ninclude:metadata,snapshots\nprefix:tenantId=x/\nrestype:container"
            ),
            "{string}"
        );
        assert!(string.starts_with("GET\n"));
    }

    #[test]
    fn keys_are_checked_and_never_shown() {
        assert!(matches!(
            SharedKey::new("acct", "not base64!"),
            Err(SinkError::Config(_))
        ));
        assert!(SharedKey::new("acct", "").is_err());
        assert!(SharedKey::new("", DEV_KEY).is_err());
        let err = SharedKey::new("acct", "c2VjcmV0!").unwrap_err().to_string();
        assert!(!err.contains("c2VjcmV0"), "{err}");
        let shown = format!("{:?}", key());
        assert!(
            !shown.contains("Eby8") && shown.contains("devstoreaccount1"),
            "{shown}"
        );
        assert_eq!(key().account(), "devstoreaccount1");
    }

    #[test]
    fn dates_are_rfc_1123_gmt() {
        assert_eq!(http_date(datetime!(2026-03-01 10:00:00 UTC)), DATE);
        assert_eq!(
            http_date(datetime!(2026-01-05 01:02:03.9 +02:00)),
            "Sun, 04 Jan 2026 23:02:03 GMT"
        );
    }
}
