//! Tests of `azure_account`: connection strings, account keys, SAS URLs and request URLs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use super::*;

const KEY: &str = "c2VjcmV0LWtleS1ieXRlcw==";
const SIG: &str = "sig=AbC%2Bd%2Fe%3D";

fn shared_key_account(service: &BlobService) -> String {
    match service.auth() {
        BlobAuth::SharedKey(key) => key.account().to_owned(),
        BlobAuth::Sas(_) => panic!("expected a shared key, got {service:?}"),
    }
}

fn sas(service: &BlobService) -> String {
    match service.auth() {
        BlobAuth::Sas(query) => query.clone(),
        BlobAuth::SharedKey(_) => panic!("expected a SAS, got {service:?}"),
    }
}

#[test]
fn account_key_connection_strings() {
    let service = BlobService::from_connection_string(&format!(
        "DefaultEndpointsProtocol=https;AccountName=contosologs;AccountKey={KEY};EndpointSuffix=core.windows.net"
    ))
    .unwrap();
    assert_eq!(
        service.endpoint().as_str(),
        "https://contosologs.blob.core.windows.net/"
    );
    assert_eq!(shared_key_account(&service), "contosologs");

    let sovereign = BlobService::from_connection_string(&format!(
        "accountname=contosologs;ACCOUNTKEY={KEY};endpointsuffix=core.chinacloudapi.cn;"
    ))
    .unwrap();
    assert_eq!(
        sovereign.endpoint().as_str(),
        "https://contosologs.blob.core.chinacloudapi.cn/"
    );

    let plain_http = BlobService::from_connection_string(&format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};BlobEndpoint=http://127.0.0.1:11000/devstoreaccount1;"
    ))
    .unwrap();
    assert_eq!(
        plain_http.endpoint().as_str(),
        "http://127.0.0.1:11000/devstoreaccount1"
    );
    assert_eq!(shared_key_account(&plain_http), "devstoreaccount1");
}

#[test]
fn development_storage() {
    let service = BlobService::from_connection_string("UseDevelopmentStorage=true").unwrap();
    assert_eq!(service.endpoint().as_str(), DEV_ENDPOINT);
    assert_eq!(shared_key_account(&service), DEV_ACCOUNT);
    assert!(BlobService::from_connection_string("UseDevelopmentStorage=false").is_err());
}

#[test]
fn sas_connection_strings_and_urls() {
    let service = BlobService::from_connection_string(&format!(
        "BlobEndpoint=https://contosologs.blob.core.windows.net/;SharedAccessSignature=sv=2021-08-06&ss=b&srt=co&sp=rwac&{SIG}"
    ))
    .unwrap();
    assert_eq!(
        sas(&service),
        format!("sv=2021-08-06&ss=b&srt=co&sp=rwac&{SIG}")
    );

    let from_account = BlobService::from_connection_string(&format!(
        "AccountName=contosologs;SharedAccessSignature=?sv=1&{SIG}"
    ))
    .unwrap();
    assert_eq!(
        from_account.endpoint().host_str(),
        Some("contosologs.blob.core.windows.net")
    );
    assert_eq!(sas(&from_account), format!("sv=1&{SIG}"));

    let url = BlobService::from_sas_url(&format!(
        "http://127.0.0.1:11000/devstoreaccount1?sv=2021-08-06&{SIG}#frag"
    ))
    .unwrap();
    assert_eq!(
        url.endpoint().as_str(),
        "http://127.0.0.1:11000/devstoreaccount1"
    );
    assert_eq!(sas(&url), format!("sv=2021-08-06&{SIG}"));
}

#[test]
fn request_urls() {
    let path_style = BlobService::from_sas_url(&format!(
        "http://127.0.0.1:11000/devstoreaccount1?sv=1&{SIG}"
    ))
    .unwrap();
    assert_eq!(
        path_style
            .url("insights-logs-auditlogs", None, &[("restype", "container")])
            .as_str(),
        format!(
            "http://127.0.0.1:11000/devstoreaccount1/insights-logs-auditlogs?restype=container&sv=1&{SIG}"
        )
    );
    let blob = "tenantId=t/y=2026/m=03/d=01/h=10/m=00/PT1H.json";
    assert_eq!(
        path_style.url("c", Some(blob), &[]).as_str(),
        format!("http://127.0.0.1:11000/devstoreaccount1/c/{blob}?sv=1&{SIG}")
    );

    let keyed = BlobService::from_destination(&AzureBlobDestination {
        connection_string: None,
        account_name: Some("contosologs".to_owned()),
        account_key: Some(Secret::new(KEY)),
        blob_endpoint: None,
        sas_url: None,
    })
    .unwrap();
    assert_eq!(
        keyed
            .url("c", Some(blob), &[("comp", "appendblock")])
            .as_str(),
        format!("https://contosologs.blob.core.windows.net/c/{blob}?comp=appendblock")
    );
    assert_eq!(
        keyed.url("c", None, &[]).as_str(),
        "https://contosologs.blob.core.windows.net/c"
    );
}

#[test]
fn destinations() {
    let with_endpoint = BlobService::from_destination(&AzureBlobDestination {
        connection_string: None,
        account_name: Some("devstoreaccount1".to_owned()),
        account_key: Some(Secret::new(KEY)),
        blob_endpoint: Some("http://127.0.0.1:11000/devstoreaccount1".to_owned()),
        sas_url: None,
    })
    .unwrap();
    assert_eq!(with_endpoint.endpoint().port(), Some(11000));

    let empty = AzureBlobDestination {
        connection_string: None,
        account_name: None,
        account_key: None,
        blob_endpoint: None,
        sas_url: None,
    };
    assert!(matches!(
        BlobService::from_destination(&empty),
        Err(SinkError::Config(_))
    ));
    let kept = AzureBlobDestination {
        connection_string: Some(Secret::kept()),
        ..empty.clone()
    };
    let err = BlobService::from_destination(&kept)
        .unwrap_err()
        .to_string();
    assert!(err.contains("stored connectionString is missing"), "{err}");
    let by_sas = AzureBlobDestination {
        sas_url: Some(Secret::new(format!(
            "https://contosologs.blob.core.windows.net/?sv=1&{SIG}"
        ))),
        ..empty
    };
    assert!(BlobService::from_destination(&by_sas).is_ok());
}

#[test]
fn bad_strings_are_refused_without_quoting_them() {
    for bad in [
        String::new(),
        "garbage".to_owned(),
        format!("AccountKey={KEY}"),
        format!("AccountName=a;AccountKey={KEY};AccountKey={KEY}"),
        "AccountName=contosologs".to_owned(),
        format!("AccountName=contosologs;AccountKey={KEY};DefaultEndpointsProtocol=ftp"),
        format!("AccountName=contosologs;AccountKey={KEY};BlobEndpoint=not a url"),
        format!("AccountName=contosologs;AccountKey={KEY};BlobEndpoint=http://h/?{SIG}"),
        "AccountName=contosologs;AccountKey=not*base64".to_owned(),
        "BlobEndpoint=https://x/;SharedAccessSignature=sv=1&sp=r".to_owned(),
    ] {
        let err = BlobService::from_connection_string(&bad)
            .err()
            .unwrap_or_else(|| panic!("{bad:?} accepted"));
        assert!(matches!(err, SinkError::Config(_)), "{err:?}");
        let text = err.to_string();
        assert!(!text.contains(KEY) && !text.contains("AbC"), "{text}");
    }
    for bad in [
        "ftp://x/?sig=abc".to_owned(),
        "https://x/".to_owned(),
        "https://x/?sv=1&sig=".to_owned(),
        format!("not a url {SIG}"),
    ] {
        let err = BlobService::from_sas_url(&bad)
            .err()
            .unwrap_or_else(|| panic!("{bad:?}"));
        assert!(!err.to_string().contains("AbC"), "{err}");
    }
}

#[test]
fn secrets_cover_the_sas_and_its_signature() {
    let service =
        BlobService::from_sas_url(&format!("https://x.blob.core.windows.net/?sv=1&{SIG}")).unwrap();
    let secrets = service.secrets();
    assert!(secrets.contains(&format!("sv=1&{SIG}")));
    assert!(secrets.contains(&"AbC%2Bd%2Fe%3D".to_owned()));
    assert!(secrets.contains(&"AbC+d/e=".to_owned()));
    let shown = format!("{service:?}");
    assert!(!shown.contains("AbC"), "{shown}");
    let keyed =
        BlobService::from_connection_string(&format!("AccountName=a1b;AccountKey={KEY}")).unwrap();
    assert_eq!(keyed.secrets(), [KEY]);
    assert!(!format!("{keyed:?}").contains(KEY));
}
