//! What the Blob service answered, as a [`SinkError`]: 401/403 → `Unauthorized`;
//! connection failures, timeouts, 408, 429 and 5xx → `Unreachable` (all transient);
//! any other non-2xx → `Rejected`. Messages name the operation, the status and Azure's
//! error code (`x-ms-error-code`, else `<Code>` of the XML body) — never the URL (its query
//! may be a SAS) nor the body's free text.

use reqwest::StatusCode;

use crate::sink::SinkError;

/// At most this much of an error body is read, to find its `<Code>`.
pub(crate) const ERROR_BODY_LIMIT: usize = 16 * 1024;

/// A non-success answer: the status and Azure's error code, if it gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: StatusCode,
    pub(crate) code: Option<String>,
}

impl Refusal {
    /// Whether Azure's error code is `code`.
    pub(crate) fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// The error for operation `what` (e.g. `Append Block to <container>/<blob>`).
    pub(crate) fn into_error(self, what: &str) -> SinkError {
        let detail = match &self.code {
            Some(code) => format!("{what}: HTTP {} {code}", self.status.as_u16()),
            None => format!("{what}: HTTP {}", self.status.as_u16()),
        };
        match self.status.as_u16() {
            401 | 403 => SinkError::Unauthorized(detail),
            408 | 429 | 500..=599 => SinkError::Unreachable(detail),
            _ => SinkError::Rejected(detail),
        }
    }
}

/// Azure's error code from the `x-ms-error-code` header or else the body's `<Code>`, kept
/// only if it looks like one (letters and digits, at most 64), since it is server text.
pub(crate) fn error_code(header: Option<&str>, body: &[u8]) -> Option<String> {
    let from_body = || {
        let text = String::from_utf8_lossy(body);
        let start = text.find("<Code>")? + "<Code>".len();
        let len = text.get(start..)?.find("</Code>")?;
        text.get(start..start + len).map(str::to_owned)
    };
    header
        .map(str::to_owned)
        .or_else(from_body)
        .map(|code| code.trim().to_owned())
        .filter(|code| {
            !code.is_empty() && code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// A request that got no answer: `Unreachable`, with reqwest's reason and its causes but
/// not the URL.
pub(crate) fn transport_error(what: &str, error: reqwest::Error) -> SinkError {
    let timed_out = error.is_timeout();
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    if timed_out && !text.contains("timed out") {
        text.push_str(" (timed out)");
    }
    SinkError::Unreachable(format!("{what}: {text}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    fn refusal(status: u16, code: Option<&str>) -> Refusal {
        Refusal {
            status: StatusCode::from_u16(status).unwrap(),
            code: code.map(str::to_owned),
        }
    }

    #[test]
    fn statuses_map_to_kinds() {
        let what = "Append Block to c/b";
        let err = refusal(403, Some("AuthorizationFailure")).into_error(what);
        assert!(matches!(err, SinkError::Unauthorized(_)));
        assert_eq!(
            err.to_string(),
            "the destination refused the credentials: Append Block to c/b: HTTP 403 AuthorizationFailure"
        );
        assert!(matches!(
            refusal(401, None).into_error(what),
            SinkError::Unauthorized(_)
        ));
        for transient in [408, 429, 500, 503] {
            assert!(matches!(
                refusal(transient, None).into_error(what),
                SinkError::Unreachable(_)
            ));
        }
        for rejected in [400, 404, 409, 412, 413] {
            assert!(matches!(
                refusal(rejected, None).into_error(what),
                SinkError::Rejected(_)
            ));
        }
        assert!(refusal(409, Some("BlobAlreadyExists")).is("BlobAlreadyExists"));
        assert!(!refusal(409, None).is("BlobAlreadyExists"));
    }

    #[test]
    fn codes_come_from_the_header_or_the_body() {
        let body = b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ContainerNotFound</Code><Message>The specified container does not exist.\nRequestId:1</Message></Error>";
        assert_eq!(error_code(None, body).as_deref(), Some("ContainerNotFound"));
        assert_eq!(
            error_code(Some("BlobNotFound"), body).as_deref(),
            Some("BlobNotFound")
        );
        assert_eq!(error_code(None, b"").as_deref(), None);
        assert_eq!(error_code(None, b"<Code>not a code?sig=abc</Code>"), None);
        assert_eq!(error_code(Some(""), b"<Code>X"), None);
    }

    #[tokio::test]
    async fn transport_errors_do_not_show_the_url() {
        // A port nobody listens on: the connection is refused at once.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let url = format!("http://127.0.0.1:{port}/acct/c?comp=appendblock&sig=SECRET%2Bsig");
        let error = reqwest::Client::new().put(&url).send().await.unwrap_err();
        let err = transport_error("Append Block to c/b", error);
        assert!(matches!(err, SinkError::Unreachable(_)));
        let text = err.to_string();
        assert!(
            text.starts_with("cannot reach the destination: Append Block to c/b: "),
            "{text}"
        );
        assert!(!text.contains("SECRET") && !text.contains("sig="), "{text}");
    }
}
