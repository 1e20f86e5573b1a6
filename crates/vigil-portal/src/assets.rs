//! The embedded assets and the handlers that serve them.
//!
//! Every file is compiled into the binary with `include_bytes!`, so the portal needs
//! nothing from disk or the network at run time. Each response carries an `ETag` (a hash of
//! the content computed at compile time) and `Cache-Control: no-cache`, so browsers
//! revalidate cheaply and never run a stale app after an upgrade.

use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::PortalError;

/// One embedded file.
pub(crate) struct Asset {
    /// Path under `/portal/assets/`.
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    pub etag: &'static str,
}

/// `"` + 16 hex digits + `"`.
const fn etag_of(bytes: &[u8]) -> [u8; 18] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = vigil_model::hash::fnv1a(bytes);
    let mut out = [b'"'; 18];
    let mut i = 0;
    while i < 16 {
        out[1 + i] = HEX[((hash >> (60 - 4 * i)) & 0xf) as usize];
        i += 1;
    }
    out
}

macro_rules! asset {
    ($path:literal, $content_type:expr) => {{
        const BYTES: &[u8] = include_bytes!(concat!("../assets/", $path));
        const ETAG: [u8; 18] = etag_of(BYTES);
        Asset {
            path: $path,
            content_type: $content_type,
            bytes: BYTES,
            etag: match std::str::from_utf8(&ETAG) {
                Ok(s) => s,
                Err(_) => "\"0\"",
            },
        }
    }};
}

const JS: &str = "text/javascript; charset=utf-8";

/// Every asset the app uses.
pub(crate) static ASSETS: &[Asset] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("favicon.svg", "image/svg+xml"),
    asset!("js/main.js", JS),
    asset!("js/api.js", JS),
    asset!("js/auth.js", JS),
    asset!("js/router.js", JS),
    asset!("js/dom.js", JS),
    asset!("js/format.js", JS),
    asset!("js/logs.js", JS),
    asset!("js/filters.js", JS),
    asset!("js/table.js", JS),
    asset!("js/details.js", JS),
    asset!("js/charts.js", JS),
    asset!("js/views/log_view.js", JS),
    asset!("js/views/sign_in_page.js", JS),
    asset!("js/views/home.js", JS),
    asset!("js/views/entity.js", JS),
    asset!("js/views/users.js", JS),
    asset!("js/views/apps.js", JS),
    asset!("js/views/my_sign_ins.js", JS),
    asset!("js/views/correlation.js", JS),
    asset!("js/views/insights.js", JS),
    asset!("js/views/risk.js", JS),
    asset!("js/views/diagnostic_settings.js", JS),
    asset!("vendor/chart.umd.min.js", JS),
    asset!("vendor/chart.js-LICENSE.md", "text/markdown; charset=utf-8"),
];

pub(crate) fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

fn serve(asset: &Asset, headers: &HeaderMap) -> Response {
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == asset.etag));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(Body::from(asset.bytes));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::ETAG, HeaderValue::from_static(asset.etag));
    response
}

/// The app's page for `/` and every `/portal/…` page path.
pub(crate) async fn index(headers: HeaderMap) -> Response {
    match find("index.html") {
        Some(asset) => serve(asset, &headers),
        None => PortalError::Internal("index.html is not embedded".to_owned()).into_response(),
    }
}

/// `GET /portal/assets/{file}`.
pub(crate) async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Response {
    match find(&file) {
        Some(asset) => serve(asset, &headers),
        None => PortalError::NotFound(format!("There is no portal asset named '{file}'."))
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_embedded_once_with_its_own_etag() {
        let mut paths: Vec<_> = ASSETS.iter().map(|a| a.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), ASSETS.len());
        for asset in ASSETS {
            assert!(!asset.bytes.is_empty(), "{}", asset.path);
            assert_eq!(asset.etag.len(), 18);
        }
    }

    #[test]
    fn every_module_the_app_imports_is_embedded() {
        // A module the browser cannot load breaks the whole app: check each relative
        // import of every embedded script resolves to an embedded file.
        for asset in ASSETS.iter().filter(|a| a.path.ends_with(".js")) {
            let Ok(text) = std::str::from_utf8(asset.bytes) else {
                continue;
            };
            let dir = asset.path.rsplit_once('/').map_or("", |(d, _)| d);
            for line in text.lines() {
                let line = line.trim();
                if !(line.starts_with("import ") || line.starts_with("} from ")) {
                    continue;
                }
                let Some(spec) = line.split(['\'', '"']).nth(1) else {
                    continue;
                };
                let resolved = resolve(dir, spec);
                assert!(
                    find(&resolved).is_some(),
                    "{} imports {spec} ({resolved}), which is not embedded",
                    asset.path
                );
            }
        }
    }

    fn resolve(dir: &str, spec: &str) -> String {
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for segment in spec.split('/') {
            match segment {
                "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts.join("/")
    }

    #[test]
    fn the_index_references_only_embedded_assets() {
        let index = std::str::from_utf8(find("index.html").map_or(&[][..], |a| a.bytes))
            .unwrap_or_default();
        for piece in index.split("/portal/assets/").skip(1) {
            let path: String = piece.chars().take_while(|c| *c != '"').collect();
            assert!(find(&path).is_some(), "index.html names {path}");
        }
    }
}
