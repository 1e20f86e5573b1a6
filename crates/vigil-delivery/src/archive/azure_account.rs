//! Where an Azure Blob destination writes and how it signs in: [`BlobService`] — the blob
//! endpoint and either a Shared Key or a SAS query — from the three forms of
//! [`AzureBlobDestination`]:
//!
//! - a connection string: `;`-separated `key=value` pairs, keys case-insensitive, a value
//!   running to the end of its pair (so base64 `=` padding survives), unknown keys ignored.
//!   `UseDevelopmentStorage=true` is the emulator (`http://127.0.0.1:10000/devstoreaccount1`
//!   and its well-known key); otherwise `AccountName` + `AccountKey` or
//!   `SharedAccessSignature`, with `BlobEndpoint`, or else
//!   `<DefaultEndpointsProtocol, https>://<AccountName>.blob.<EndpointSuffix, core.windows.net>`;
//! - `accountName` + `accountKey` (+ `blobEndpoint`, default
//!   `https://<account>.blob.core.windows.net`);
//! - `sasUrl`: the blob service URL with an account SAS query (`srt` with container and
//!   object, `sp` with create, add and write), e.g. `https://contosologs.blob.core.windows.net/?sv=…&sig=…`
//!   or an emulator's `http://127.0.0.1:10000/devstoreaccount1?sv=…`. A container SAS
//!   cannot work: every category has its own container.
//!
//! No error message quotes a connection string, key or SAS.

use std::fmt;

use url::Url;
use vigil_tenancy::Secret;
use vigil_tenancy::diagnostic_settings::AzureBlobDestination;

use super::shared_key::SharedKey;
use crate::sink::SinkError;

/// The emulator's account (Azurite, and the legacy storage emulator).
pub(crate) const DEV_ACCOUNT: &str = "devstoreaccount1";
/// The emulator's well-known account key (published in Microsoft's Azurite docs).
const DEV_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
/// The emulator's blob endpoint for `UseDevelopmentStorage=true`.
const DEV_ENDPOINT: &str = "http://127.0.0.1:10000/devstoreaccount1";

/// How requests are authorised.
#[derive(Clone)]
pub(crate) enum BlobAuth {
    /// Shared Key: an `Authorization` header per request.
    SharedKey(SharedKey),
    /// A SAS: this query (no leading `?`) appended verbatim to every request.
    Sas(String),
}

/// A blob endpoint and its credentials. `Debug` shows the endpoint, never a secret.
#[derive(Clone)]
pub(crate) struct BlobService {
    endpoint: Url,
    auth: BlobAuth,
}

impl fmt::Debug for BlobService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            BlobAuth::SharedKey(key) => format!("shared key of {}", key.account()),
            BlobAuth::Sas(_) => "SAS".to_owned(),
        };
        write!(f, "BlobService({}, {auth})", self.endpoint)
    }
}

impl BlobService {
    /// The service of a configured destination.
    pub(crate) fn from_destination(
        destination: &AzureBlobDestination,
    ) -> Result<BlobService, SinkError> {
        if let Some(text) = &destination.connection_string {
            return BlobService::from_connection_string(exposed(text, "connectionString")?);
        }
        if let Some(url) = &destination.sas_url {
            return BlobService::from_sas_url(exposed(url, "sasUrl")?);
        }
        match (&destination.account_name, &destination.account_key) {
            (Some(account), Some(key)) => {
                let key = SharedKey::new(account, exposed(key, "accountKey")?)?;
                let endpoint = match &destination.blob_endpoint {
                    Some(endpoint) => endpoint.clone(),
                    None => format!("https://{account}.blob.core.windows.net"),
                };
                Ok(BlobService {
                    endpoint: parse_endpoint(&endpoint, "blobEndpoint")?,
                    auth: BlobAuth::SharedKey(key),
                })
            }
            _ => Err(SinkError::Config(
                "give a connectionString, an accountName with accountKey, or a sasUrl".to_owned(),
            )),
        }
    }

    /// Parses a storage connection string.
    pub(crate) fn from_connection_string(text: &str) -> Result<BlobService, SinkError> {
        let pairs = pairs(text)?;
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, v)| *v)
        };
        if get("usedevelopmentstorage").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            return Ok(BlobService {
                endpoint: parse_endpoint(DEV_ENDPOINT, "the emulator endpoint")?,
                auth: BlobAuth::SharedKey(SharedKey::new(DEV_ACCOUNT, DEV_KEY)?),
            });
        }
        let account = get("accountname");
        let endpoint = match (get("blobendpoint"), account) {
            (Some(endpoint), _) => endpoint.to_owned(),
            (None, Some(account)) => {
                let protocol = get("defaultendpointsprotocol").unwrap_or("https");
                if !matches!(protocol, "http" | "https") {
                    return Err(config("DefaultEndpointsProtocol must be http or https"));
                }
                let suffix = get("endpointsuffix").unwrap_or("core.windows.net");
                format!("{protocol}://{account}.blob.{suffix}")
            }
            (None, None) => {
                return Err(config(
                    "the connection string names no AccountName or BlobEndpoint",
                ));
            }
        };
        let endpoint = parse_endpoint(&endpoint, "BlobEndpoint")?;
        let auth = match (get("accountkey"), get("sharedaccesssignature")) {
            (Some(key), _) => {
                let account = account.ok_or_else(|| config("AccountKey needs an AccountName"))?;
                BlobAuth::SharedKey(SharedKey::new(account, key)?)
            }
            (None, Some(sas)) => BlobAuth::Sas(sas_query(sas)?),
            (None, None) => {
                return Err(config(
                    "the connection string has neither AccountKey nor SharedAccessSignature",
                ));
            }
        };
        Ok(BlobService { endpoint, auth })
    }

    /// Parses a blob service URL carrying a SAS query.
    pub(crate) fn from_sas_url(text: &str) -> Result<BlobService, SinkError> {
        let mut url = Url::parse(text).map_err(|_| config("sasUrl is not an http or https URL"))?;
        let query = url
            .query()
            .ok_or_else(|| config("sasUrl has no SAS query"))
            .and_then(sas_query)?;
        url.set_query(None);
        url.set_fragment(None);
        Ok(BlobService {
            endpoint: parse_endpoint(url.as_str(), "sasUrl")?,
            auth: BlobAuth::Sas(query),
        })
    }

    /// The credentials.
    pub(crate) fn auth(&self) -> &BlobAuth {
        &self.auth
    }

    /// The endpoint, without query.
    #[cfg(test)]
    pub(crate) fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The URL of `container` (and `blob`, whose `/`s stay path separators) with the
    /// operation's query `params`, then the SAS query if there is one.
    pub(crate) fn url(&self, container: &str, blob: Option<&str>, params: &[(&str, &str)]) -> Url {
        let mut url = self.endpoint.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().push(container);
            if let Some(blob) = blob {
                segments.extend(blob.split('/'));
            }
        }
        let mut query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        if let BlobAuth::Sas(sas) = &self.auth {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(sas);
        }
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        url
    }

    /// What must never appear in a message: the account key, or the SAS query and its
    /// signature (as written and decoded).
    pub(crate) fn secrets(&self) -> Vec<String> {
        match &self.auth {
            BlobAuth::SharedKey(key) => vec![key.key_base64()],
            BlobAuth::Sas(query) => {
                let mut out = vec![query.clone()];
                for part in query.split('&') {
                    if let Some(raw) = part.strip_prefix("sig=") {
                        out.push(raw.to_owned());
                        let decoded: String = url::form_urlencoded::parse(part.as_bytes())
                            .map(|(_, v)| v.into_owned())
                            .collect();
                        out.push(decoded);
                    }
                }
                out
            }
        }
    }
}

fn config(reason: &str) -> SinkError {
    SinkError::Config(reason.to_owned())
}

fn exposed<'a>(secret: &'a Secret, field: &str) -> Result<&'a str, SinkError> {
    secret
        .expose()
        .ok_or_else(|| SinkError::Config(format!("the stored {field} is missing")))
}

/// `;`-separated `key=value` pairs, keys lower-cased; a repeated key is an error.
fn pairs(text: &str) -> Result<Vec<(String, &str)>, SinkError> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| config("every part of the connection string must be key=value"))?;
        let key = key.trim().to_ascii_lowercase();
        if out.iter().any(|(k, _)| *k == key) {
            return Err(SinkError::Config(format!(
                "{key} appears twice in the connection string"
            )));
        }
        out.push((key, value.trim()));
    }
    Ok(out)
}

/// A SAS query without its leading `?`; it must hold a signature.
fn sas_query(text: &str) -> Result<String, SinkError> {
    let query = text.trim().trim_start_matches('?');
    if query
        .split('&')
        .any(|p| p.starts_with("sig=") && p.len() > 4)
    {
        Ok(query.to_owned())
    } else {
        Err(config("the SAS has no sig= parameter"))
    }
}

/// An absolute http(s) URL with a host and no query; the message names `what`, not the URL.
fn parse_endpoint(text: &str, what: &str) -> Result<Url, SinkError> {
    let url = Url::parse(text)
        .map_err(|_| SinkError::Config(format!("{what} is not an http or https URL")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(SinkError::Config(format!(
            "{what} must be an http or https URL with a host"
        )));
    }
    if url.query().is_some() {
        return Err(SinkError::Config(format!(
            "{what} must not have a query (give a SAS as sasUrl or SharedAccessSignature)"
        )));
    }
    Ok(url)
}

#[cfg(test)]
#[path = "azure_account_tests.rs"]
mod tests;
