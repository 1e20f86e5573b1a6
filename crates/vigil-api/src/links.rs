//! Building absolute URLs for `@odata.context` and `@odata.nextLink`.
//!
//! The SDKs follow `@odata.nextLink` verbatim, so it must be absolute and point at this
//! server: the configured public URL, or the scheme and `Host` of the request.

use axum::http::HeaderMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use vigil_model::{ApiVersion, LogKind};

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

#[cfg(test)]
mod tests {
    use super::*;

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
