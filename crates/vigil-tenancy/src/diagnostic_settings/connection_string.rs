//! Parsing Azure connection strings: Event Hubs (`Endpoint=sb://<ns>.servicebus.windows.net/;
//! SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=<hub>]`) and Blob storage
//! (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…`, or
//! `BlobEndpoint=…;SharedAccessSignature=…`, or `UseDevelopmentStorage=true`).
//!
//! Both are `;`-separated `key=value` pairs; keys compare case-insensitively (as Azure's
//! SDKs do), a value runs to the end of its pair (keys end in `=` padding), and pairs Vigil
//! does not use are ignored. Errors never quote the string: it holds a key.

use base64::Engine as _;

/// The Kafka endpoint port of Event Hubs.
pub const EVENT_HUBS_KAFKA_PORT: u16 = 9093;

/// What Vigil needs from an Event Hubs connection string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventHubConnection {
    /// The namespace host, e.g. `contoso.servicebus.windows.net`.
    pub host: String,
    /// `EntityPath`: the hub, when the string is scoped to one.
    pub entity_path: Option<String>,
}

impl EventHubConnection {
    /// The Kafka bootstrap server: `<host>:9093`.
    pub fn bootstrap_server(&self) -> String {
        format!("{}:{EVENT_HUBS_KAFKA_PORT}", self.host)
    }
}

fn pairs(text: &str) -> Result<Vec<(String, &str)>, String> {
    let mut out = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return Err("every part must be key=value".to_owned());
        };
        let key = key.trim().to_ascii_lowercase();
        if out.iter().any(|(k, _)| *k == key) {
            return Err(format!("{} appears twice", key));
        }
        out.push((key, value.trim()));
    }
    Ok(out)
}

fn find<'a>(pairs: &[(String, &'a str)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| *v)
}

/// Parses an Event Hubs (namespace- or hub-level) connection string.
pub fn parse_event_hub(text: &str) -> Result<EventHubConnection, String> {
    let pairs = pairs(text)?;
    let endpoint = find(&pairs, "endpoint").ok_or("Endpoint=sb://<namespace>/ is missing")?;
    let url = url::Url::parse(endpoint).map_err(|e| format!("Endpoint is not a URL: {e}"))?;
    if url.scheme() != "sb" {
        return Err("Endpoint must start with sb://".to_owned());
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or("Endpoint has no host")?
        .to_ascii_lowercase();
    let has_key =
        find(&pairs, "sharedaccesskeyname").is_some() && find(&pairs, "sharedaccesskey").is_some();
    if !has_key && find(&pairs, "sharedaccesssignature").is_none() {
        return Err(
            "needs SharedAccessKeyName and SharedAccessKey, or SharedAccessSignature".to_owned(),
        );
    }
    let entity_path = find(&pairs, "entitypath").map(str::to_owned);
    if let Some(hub) = &entity_path {
        check_hub_name(hub).map_err(|e| format!("EntityPath: {e}"))?;
    }
    Ok(EventHubConnection { host, entity_path })
}

/// An event hub name (= Kafka topic): 1 to 256 letters, digits, `.`, `_`, `-`.
pub fn check_hub_name(name: &str) -> Result<(), String> {
    let ok = (1..=256).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err("must be 1 to 256 letters, digits, '.', '_' or '-'".to_owned())
    }
}

/// Checks a Blob storage connection string.
pub fn check_blob(text: &str) -> Result<(), String> {
    let pairs = pairs(text)?;
    if find(&pairs, "usedevelopmentstorage").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Ok(());
    }
    if let Some(sas) = find(&pairs, "sharedaccesssignature") {
        let endpoint =
            find(&pairs, "blobendpoint").ok_or("SharedAccessSignature needs a BlobEndpoint")?;
        check_http_url(endpoint).map_err(|e| format!("BlobEndpoint: {e}"))?;
        if !sas.contains("sig=") {
            return Err("SharedAccessSignature has no sig=".to_owned());
        }
        return Ok(());
    }
    let account = find(&pairs, "accountname").ok_or("AccountName is missing")?;
    check_account_name(account).map_err(|e| format!("AccountName: {e}"))?;
    let key = find(&pairs, "accountkey").ok_or("AccountKey is missing")?;
    check_account_key(key).map_err(|e| format!("AccountKey: {e}"))?;
    if let Some(endpoint) = find(&pairs, "blobendpoint") {
        check_http_url(endpoint).map_err(|e| format!("BlobEndpoint: {e}"))?;
    }
    Ok(())
}

/// A storage account name: 3 to 24 lower-case letters and digits.
pub fn check_account_name(name: &str) -> Result<(), String> {
    if (3..=24).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err("must be 3 to 24 lower-case letters and digits".to_owned())
    }
}

/// A storage account key: non-empty standard base64.
pub fn check_account_key(key: &str) -> Result<(), String> {
    match base64::engine::general_purpose::STANDARD.decode(key) {
        Ok(bytes) if !bytes.is_empty() => Ok(()),
        _ => Err("must be base64".to_owned()),
    }
}

/// An absolute `http` or `https` URL with a host.
pub fn check_http_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL".to_owned());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("has no host".to_owned());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUB: &str = "Endpoint=sb://contoso-logs.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0a2V5PQ==";

    #[test]
    fn event_hub_namespace_string() {
        let parsed = parse_event_hub(HUB).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.host, "contoso-logs.servicebus.windows.net");
        assert_eq!(
            parsed.bootstrap_server(),
            "contoso-logs.servicebus.windows.net:9093"
        );
        assert_eq!(parsed.entity_path, None);
    }

    #[test]
    fn event_hub_hub_string_and_case_insensitive_keys() {
        let text = "endpoint=sb://ns.servicebus.windows.net/;sharedaccesskeyname=send;sharedaccesskey=abc=;EntityPath=entra-logs;";
        let parsed = parse_event_hub(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.entity_path.as_deref(), Some("entra-logs"));
        assert!(
            parse_event_hub(
                "Endpoint=sb://ns/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y"
            )
            .is_ok()
        );
    }

    #[test]
    fn event_hub_rejections_do_not_quote_the_key() {
        for bad in [
            "",
            "garbage",
            "SharedAccessKeyName=a;SharedAccessKey=b",
            "Endpoint=https://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=bad hub",
            "Endpoint=sb://a/;Endpoint=sb://b/;SharedAccessKeyName=a;SharedAccessKey=b",
        ] {
            let err = parse_event_hub(bad).err().unwrap_or_default();
            assert!(!err.is_empty(), "{bad:?} accepted");
            assert!(!err.contains("SharedAccessKey=b"), "{err}");
        }
    }

    #[test]
    fn blob_strings() {
        assert!(check_blob("DefaultEndpointsProtocol=https;AccountName=contosologs;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net").is_ok());
        assert!(check_blob("UseDevelopmentStorage=true").is_ok());
        assert!(
            check_blob(
                "BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=1&sig=abc"
            )
            .is_ok()
        );
        assert!(check_blob("AccountName=Bad_Name;AccountKey=c2VjcmV0").is_err());
        assert!(check_blob("AccountName=contoso;AccountKey=not base64!").is_err());
        assert!(check_blob("SharedAccessSignature=sv=1&sig=abc").is_err());
        assert!(check_blob("AccountName=contoso").is_err());
    }
}
