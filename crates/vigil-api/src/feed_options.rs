//! The change feed's query parameters: `cursor`, `limit` (1–1,000, default 100), `wait`
//! (0–60 seconds, default 0) and `format` (`azureMonitor`, the default, or `graph`).
//!
//! Names and `format` values are matched case-insensitively; a parameter given twice or a
//! value out of range is a 400 naming it; other parameters are ignored, as Graph ignores
//! unknown ones.

use std::time::Duration;

use crate::error::GraphError;

/// Records per page when `limit` is absent.
pub(crate) const DEFAULT_LIMIT: usize = 100;
/// The largest `limit`.
pub(crate) const MAX_LIMIT: usize = 1000;
/// The longest `wait`, in seconds.
pub(crate) const MAX_WAIT_SECONDS: u64 = 60;

/// How records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedFormat {
    /// The Azure Monitor resource-log envelope, as diagnostic settings export it.
    AzureMonitor,
    /// The Graph (beta) record, as `/beta/auditLogs/...` serves it.
    Graph,
}

impl FeedFormat {
    /// The parameter value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FeedFormat::AzureMonitor => "azureMonitor",
            FeedFormat::Graph => "graph",
        }
    }
}

/// The parsed parameters of one feed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedOptions {
    /// The cursor text, as sent.
    pub(crate) cursor: Option<String>,
    /// Records per page.
    pub(crate) limit: usize,
    /// How long to wait for records when there are none yet.
    pub(crate) wait: Duration,
    /// How records are written.
    pub(crate) format: FeedFormat,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            cursor: None,
            limit: DEFAULT_LIMIT,
            wait: Duration::ZERO,
            format: FeedFormat::AzureMonitor,
        }
    }
}

impl FeedOptions {
    /// Parses a raw query string.
    pub(crate) fn parse(raw: Option<&str>) -> Result<FeedOptions, GraphError> {
        let mut options = FeedOptions::default();
        let mut seen = [false; 4];
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let name = key.to_ascii_lowercase();
            let slot = match name.as_str() {
                "cursor" => 0,
                "limit" => 1,
                "wait" => 2,
                "format" => 3,
                _ => continue,
            };
            if std::mem::replace(&mut seen[slot], true) {
                return Err(GraphError::bad_request(format!(
                    "Query parameter '{key}' was specified more than once."
                )));
            }
            match slot {
                0 => options.cursor = Some(value.into_owned()),
                1 => {
                    let limit = integer(&key, &value, 1, MAX_LIMIT as u64)?;
                    options.limit = usize::try_from(limit).unwrap_or(MAX_LIMIT);
                }
                2 => {
                    options.wait = Duration::from_secs(integer(&key, &value, 0, MAX_WAIT_SECONDS)?);
                }
                _ => options.format = format(&key, &value)?,
            }
        }
        Ok(options)
    }
}

fn integer(key: &str, value: &str, min: u64, max: u64) -> Result<u64, GraphError> {
    match value.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(GraphError::bad_request(format!(
            "Invalid value '{value}' for query parameter '{key}': expected an integer from {min} to {max}."
        ))),
    }
}

fn format(key: &str, value: &str) -> Result<FeedFormat, GraphError> {
    [FeedFormat::AzureMonitor, FeedFormat::Graph]
        .into_iter()
        .find(|f| f.as_str().eq_ignore_ascii_case(value.trim()))
        .ok_or_else(|| {
            GraphError::bad_request(format!(
                "Invalid value '{value}' for query parameter '{key}': expected azureMonitor or graph."
            ))
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::*;

    #[test]
    fn defaults_and_explicit_values() {
        assert_eq!(FeedOptions::parse(None).unwrap(), FeedOptions::default());
        let o =
            FeedOptions::parse(Some("cursor=abc_-&LIMIT=1000&wait=60&format=GRAPH&x=1")).unwrap();
        assert_eq!(o.cursor.as_deref(), Some("abc_-"));
        assert_eq!(o.limit, 1000);
        assert_eq!(o.wait, Duration::from_secs(60));
        assert_eq!(o.format, FeedFormat::Graph);
        let o = FeedOptions::parse(Some("limit=1&wait=0&format=azureMonitor")).unwrap();
        assert_eq!(
            (o.limit, o.wait, o.format),
            (1, Duration::ZERO, FeedFormat::AzureMonitor)
        );
    }

    #[test]
    fn out_of_range_malformed_and_repeated_values_are_refused() {
        for query in [
            "limit=0",
            "limit=1001",
            "limit=-1",
            "limit=ten",
            "limit=",
            "wait=61",
            "wait=-1",
            "wait=1.5",
            "format=json",
            "format=",
            "limit=5&limit=5",
            "cursor=a&Cursor=b",
        ] {
            let error = FeedOptions::parse(Some(query)).unwrap_err();
            assert_eq!(
                error.code,
                crate::error::GraphErrorCode::BadRequest,
                "{query}"
            );
        }
        let error = FeedOptions::parse(Some("limit=5000")).unwrap_err();
        assert!(error.message.contains("'limit'"), "{}", error.message);
        assert!(error.message.contains("1 to 1000"), "{}", error.message);
    }
}
