//! [`Redactor`]: the last line of defence that keeps secrets out of error messages.
//!
//! Sinks build their messages from operation names, status codes and service error codes,
//! never from URLs or credentials; a `Redactor` holding the destination's secrets (account
//! key, SAS query and signature, S3 secret key) then replaces any of them that still made
//! it into a message — say, inside a library's error text — with `***`.

use std::fmt;

use crate::sink::SinkError;

/// Secrets to scrub from messages. `Debug` shows how many, never which.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// A redactor for `secrets`; empty strings are ignored, longer secrets are replaced
    /// first (a SAS query contains its signature).
    pub(crate) fn new<I, S>(secrets: I) -> Redactor
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .map(Into::into)
            .filter(|s| !s.is_empty())
            .collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor { secrets }
    }

    /// `text` with every secret (and its percent-encoded spelling) replaced by `***`.
    pub(crate) fn clean(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            out = out.replace(secret.as_str(), "***");
            let encoded = encode_component(secret);
            if encoded != *secret {
                out = out.replace(encoded.as_str(), "***");
            }
        }
        out
    }

    /// `error` with its message [`clean`](Redactor::clean)ed.
    pub(crate) fn error(&self, error: SinkError) -> SinkError {
        match error {
            SinkError::Unreachable(m) => SinkError::Unreachable(self.clean(&m)),
            SinkError::Unauthorized(m) => SinkError::Unauthorized(self.clean(&m)),
            SinkError::Rejected(m) => SinkError::Rejected(self.clean(&m)),
            SinkError::Config(m) => SinkError::Config(self.clean(&m)),
        }
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

/// Percent-encodes everything but unreserved characters (how `+`, `/` and `=` of a base64
/// signature look inside a URL).
fn encode_component(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_plain_and_encoded_spellings() {
        let redactor = Redactor::new(["k3y+/abc=", "", "sv=2021&sig=k3y%2B%2Fabc%3D"]);
        assert_eq!(
            redactor.clean("key k3y+/abc= in url ?sv=2021&sig=k3y%2B%2Fabc%3D done"),
            "key *** in url ?*** done"
        );
        assert_eq!(redactor.clean("nothing here"), "nothing here");
        assert_eq!(format!("{redactor:?}"), "Redactor(2 secrets)");
        let err = redactor.error(SinkError::Unauthorized("key k3y+/abc=".to_owned()));
        assert!(
            matches!(&err, SinkError::Unauthorized(m) if m == "key ***"),
            "{err:?}"
        );
    }
}
