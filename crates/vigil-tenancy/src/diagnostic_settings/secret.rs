//! [`Secret`]: a credential inside a diagnostic setting that no read ever shows.
//!
//! A secret serialises as the placeholder `"***"` — always, so any JSON rendering of a
//! setting (API responses, CLI output, the stored body) is redacted by construction. The
//! values themselves travel separately (see `DiagnosticSetting::secret_values`) and are
//! stored encrypted. When a client sends `"***"` back (show → edit → update), the secret is
//! [`Secret::is_kept`]: an update then keeps the stored value of the same field.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What reads show instead of a secret.
pub const REDACTED: &str = "***";

/// A credential. `Debug` and `Serialize` never show the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Option<String>);

impl Secret {
    /// A secret holding `value`.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(Some(value.into()))
    }

    /// The placeholder a client sends to keep the stored value.
    pub fn kept() -> Secret {
        Secret(None)
    }

    /// The value, unless this is the keep-the-stored-value placeholder.
    pub fn expose(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// Whether this is the placeholder `"***"`.
    pub fn is_kept(&self) -> bool {
        self.0.is_none()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(if text == REDACTED {
            Secret::kept()
        } else {
            Secret::new(text)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shown() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(
            serde_json::to_string(&secret).ok().as_deref(),
            Some("\"***\"")
        );
        assert_eq!(secret.expose(), Some("hunter2"));
        let back: Secret = serde_json::from_str("\"***\"").unwrap_or_else(|_| Secret::new("x"));
        assert!(back.is_kept());
    }
}
