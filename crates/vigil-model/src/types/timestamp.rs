//! [`Timestamp`]: an `Edm.DateTimeOffset` property value, validated and normalised on the way
//! in (see [`crate::datetime::normalize`]) and written back as the normalised string.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::datetime::{DateTimeError, normalize};

/// A validated Graph timestamp: UTC with `Z`, the producer's precision kept when it already
/// was UTC, and the instant as nanoseconds since the Unix epoch.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    nanos: i64,
}

impl Timestamp {
    /// Parses and normalises a wire timestamp.
    pub fn parse(text: &str) -> Result<Timestamp, DateTimeError> {
        let (text, nanos) = normalize(text)?;
        Ok(Timestamp { text, nanos })
    }

    /// The normalised wire form.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Nanoseconds since the Unix epoch.
    pub fn nanos(&self) -> i64 {
        self.nanos
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}
