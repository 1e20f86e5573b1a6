//! OData system query options as Graph accepts them on the activity-log lists.
//!
//! Names are matched case-insensitively and with or without the `$` prefix (Graph's beta
//! examples send `top=10`). Unknown `$` options and `$skip`/`$search`/`$expand` are refused
//! with a 400; other unknown parameters are ignored, as Graph does. `$format` is Vigil's: it
//! turns a list request into a download ([`crate::download`]), which checks its value.

use crate::error::GraphError;

/// The raw options of one request, before they are checked against a log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// `$filter` text.
    pub filter: Option<String>,
    /// `$top`.
    pub top: Option<usize>,
    /// `$skiptoken`.
    pub skiptoken: Option<String>,
    /// `$orderby` text.
    pub orderby: Option<String>,
    /// `$select` text.
    pub select: Option<String>,
    /// `$count=true`.
    pub count: bool,
    /// `$format` text (`csv` or `json` asks for a download).
    pub format: Option<String>,
}

impl QueryOptions {
    /// Parses a raw query string.
    pub fn parse(raw: Option<&str>) -> Result<QueryOptions, GraphError> {
        let mut options = QueryOptions::default();
        let Some(raw) = raw else { return Ok(options) };
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            if key.is_empty() {
                continue;
            }
            let has_dollar = key.starts_with('$');
            let name = key.trim_start_matches('$').to_ascii_lowercase();
            let value = value.into_owned();
            match name.as_str() {
                "filter" => set(&mut options.filter, value, &key)?,
                "orderby" => set(&mut options.orderby, value, &key)?,
                "select" => set(&mut options.select, value, &key)?,
                "skiptoken" => set(&mut options.skiptoken, value, &key)?,
                "format" => set(&mut options.format, value, &key)?,
                "top" => {
                    let top = value.trim().parse::<usize>().map_err(|_| {
                        GraphError::bad_request(format!("Invalid value '{value}' for query option '$top': expected a positive integer."))
                    })?;
                    if options.top.replace(top).is_some() {
                        return Err(duplicate(&key));
                    }
                }
                "count" => {
                    options.count = match value.trim().to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(GraphError::bad_request(format!(
                                "Invalid value '{value}' for query option '$count': expected true or false."
                            )));
                        }
                    }
                }
                "skip" | "search" | "expand" | "apply" | "compute" | "levels" | "index"
                | "schemaversion"
                    if has_dollar =>
                {
                    return Err(GraphError::bad_request(format!(
                        "Query option '${name}' is not supported on this resource."
                    )));
                }
                _ if has_dollar => {
                    return Err(GraphError::bad_request(format!(
                        "Query option '{key}' is not supported."
                    )));
                }
                _ => {}
            }
        }
        Ok(options)
    }
}

fn set(slot: &mut Option<String>, value: String, key: &str) -> Result<(), GraphError> {
    if slot.replace(value).is_some() {
        return Err(duplicate(key));
    }
    Ok(())
}

fn duplicate(key: &str) -> GraphError {
    GraphError::bad_request(format!(
        "Query option '{key}' was specified more than once."
    ))
}

#[cfg(test)]
mod tests {
    use super::QueryOptions;

    #[test]
    fn parses_graph_style_queries() {
        let o = QueryOptions::parse(Some("&$filter=startsWith(appDisplayName,'Graph')&$top=10"))
            .unwrap();
        assert_eq!(
            o.filter.as_deref(),
            Some("startsWith(appDisplayName,'Graph')")
        );
        assert_eq!(o.top, Some(10));
        let o = QueryOptions::parse(Some(
            "$filter=a+eq+1&top=5&$orderBy=createdDateTime+DESC&$count=true",
        ))
        .unwrap();
        assert_eq!(o.filter.as_deref(), Some("a eq 1"));
        assert_eq!(o.top, Some(5));
        assert_eq!(o.orderby.as_deref(), Some("createdDateTime DESC"));
        assert!(o.count);
        let o = QueryOptions::parse(Some("%24filter=x%20eq%201&%24skiptoken=abc&foo=bar")).unwrap();
        assert_eq!(o.filter.as_deref(), Some("x eq 1"));
        assert_eq!(o.skiptoken.as_deref(), Some("abc"));
        let o = QueryOptions::parse(Some("$Format=CSV&$select=status/errorCode")).unwrap();
        assert_eq!(o.format.as_deref(), Some("CSV"), "checked by the download");
        assert_eq!(o.select.as_deref(), Some("status/errorCode"));
    }

    #[test]
    fn refuses_bad_options() {
        assert!(QueryOptions::parse(Some("$top=abc")).is_err());
        assert!(QueryOptions::parse(Some("$top=-1")).is_err());
        assert!(QueryOptions::parse(Some("$skip=10")).is_err());
        assert!(QueryOptions::parse(Some("$bogus=1")).is_err());
        assert!(QueryOptions::parse(Some("$top=1&$top=2")).is_err());
        assert!(QueryOptions::parse(Some("$count=maybe")).is_err());
        assert!(QueryOptions::parse(Some("$format=csv&format=json")).is_err());
    }
}
