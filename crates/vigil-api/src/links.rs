//! Building absolute URLs for `@odata.context` and `@odata.nextLink`.
//!
//! The SDKs follow `@odata.nextLink` verbatim, so it must be absolute and point at this
//! server: the configured public URL, or the scheme and `Host` of the request. The change
//! feed's `@vigil.nextLink` is built the same way.

use axum::http::HeaderMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use vigil_model::{ApiVersion, LogKind};

use crate::feed_options::FeedOptions;
use crate::options::QueryOptions;

/// Characters kept as they are in query values; everything else is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The base URL (`http://host:port`, no trailing slash) for links in a response.
pub fn base_url(configured: Option<&str>, headers: &HeaderMap) -> String {
    if let Some(url) = configured {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `@odata.context` of a collection response.
pub fn collection_context(
    base: &str,
    version: ApiVersion,
    kind: LogKind,
    select: Option<&[String]>,
) -> String {
    let mut context = format!(
        "{base}/{}/$metadata#auditLogs/{}",
        version.segment(),
        kind.collection()
    );
    if let Some(select) = select {
        context.push('(');
        context.push_str(&select.join(","));
        context.push(')');
    }
    context
}

/// `@odata.context` of a single-entity response.
pub fn entity_context(base: &str, version: ApiVersion, kind: LogKind) -> String {
    format!(
        "{base}/{}/$metadata#auditLogs/{}/$entity",
        version.segment(),
        kind.collection()
    )
}

/// `@odata.nextLink`: the same query with a new `$skiptoken`.
pub fn next_link(
    base: &str,
    version: ApiVersion,
    kind: LogKind,
    options: &QueryOptions,
    token: &str,
) -> String {
    let mut url = format!(
        "{base}/{}/auditLogs/{}?",
        version.segment(),
        kind.collection()
    );
    let mut first = true;
    let mut push = |name: &str, value: &str| {
        if !first {
            url.push('&');
        }
        first = false;
        url.push_str(name);
        url.push('=');
        url.extend(utf8_percent_encode(value, QUERY_VALUE));
    };
    if let Some(filter) = &options.filter {
        push("$filter", filter);
    }
    if let Some(orderby) = &options.orderby {
        push("$orderby", orderby);
    }
    if let Some(select) = &options.select {
        push("$select", select);
    }
    if let Some(top) = options.top {
        push("$top", &top.to_string());
    }
    if options.count {
        push("$count", "true");
    }
    push("$skiptoken", token);
    url
}

/// `@vigil.nextLink` of the change feed: the feed of `category` from `cursor`, with the
/// request's page size and format (and its wait, when it asked to wait).
pub fn feed_link(base: &str, category: &str, cursor: &str, options: &FeedOptions) -> String {
    let mut url = format!(
        "{base}/export/v1/feed/{}?cursor={}&limit={}&format={}",
        utf8_percent_encode(category, QUERY_VALUE),
        utf8_percent_encode(cursor, QUERY_VALUE),
        options.limit,
        options.format.as_str(),
    );
    if !options.wait.is_zero() {
        url.push_str(&format!("&wait={}", options.wait.as_secs()));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_link_repeats_limit_format_and_wait() {
        let mut options = FeedOptions {
            limit: 7,
            ..FeedOptions::default()
        };
        assert_eq!(
            feed_link("http://h:1", "SignInLogs", "AbC-_", &options),
            "http://h:1/export/v1/feed/SignInLogs?cursor=AbC-_&limit=7&format=azureMonitor"
        );
        options.wait = std::time::Duration::from_secs(30);
        options.format = crate::feed_options::FeedFormat::Graph;
        let link = feed_link("http://h:1", "AuditLogs", "x", &options);
        assert_eq!(
            link,
            "http://h:1/export/v1/feed/AuditLogs?cursor=x&limit=7&format=graph&wait=30"
        );
        let parsed = FeedOptions::parse(link.split_once('?').map(|(_, q)| q)).unwrap();
        assert_eq!(parsed.cursor.as_deref(), Some("x"));
        assert_eq!(
            (parsed.limit, parsed.wait, parsed.format),
            (7, options.wait, options.format)
        );
    }

    #[test]
    fn next_link_repeats_the_query() {
        let options = QueryOptions {
            filter: Some("startsWith(appDisplayName,'Graph')".into()),
            top: Some(10),
            ..QueryOptions::default()
        };
        let link = next_link(
            "http://127.0.0.1:8080",
            ApiVersion::V1,
            LogKind::SignIn,
            &options,
            "abc_-",
        );
        assert_eq!(
            link,
            "http://127.0.0.1:8080/v1.0/auditLogs/signIns?$filter=startsWith%28appDisplayName%2C%27Graph%27%29&$top=10&$skiptoken=abc_-"
        );
        let parsed = QueryOptions::parse(link.split_once('?').map(|(_, q)| q)).unwrap();
        assert_eq!(parsed.filter, options.filter);
        assert_eq!(parsed.skiptoken.as_deref(), Some("abc_-"));
    }
}
