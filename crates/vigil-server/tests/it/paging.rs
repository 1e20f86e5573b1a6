//! Keyset paging: complete, duplicate-free walks, also while new records arrive.

use std::collections::HashSet;

use proptest::prelude::*;

use crate::harness::{TENANT, TestServer, at_minute, sign_in};

fn ids(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn walk_during_concurrent_ingest_has_no_gaps_or_duplicates() {
    let server = TestServer::start().await;
    // Many records share a timestamp so the id tie-break matters.
    let initial: Vec<_> = (0..300)
        .map(|i| {
            sign_in(
                &format!("init-{i:04}"),
                &at_minute(i / 3),
                "p@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    let (status, _) = server.ingest(TENANT, "signIns", &initial).await;
    assert_eq!(status, 200);

    let (_, _, mut page) = server.get("/v1.0/auditLogs/signIns?$top=17").await;
    let mut seen = Vec::new();
    let mut round = 0;
    loop {
        seen.extend(ids(page["value"].as_array().unwrap()));
        // Between pages, more records arrive: newer ones, and late ones inside the walked range.
        let late: Vec<_> = (0..5)
            .map(|j| {
                sign_in(
                    &format!("late-{round}-{j}"),
                    &at_minute(j * 20),
                    "p@contoso.com",
                    "interactiveUser",
                    0,
                )
            })
            .chain((0..5).map(|j| {
                sign_in(
                    &format!("new-{round}-{j}"),
                    &at_minute(10_000 + round * 5 + j),
                    "p@contoso.com",
                    "interactiveUser",
                    0,
                )
            }))
            .collect();
        let (status, _) = server.ingest(TENANT, "signIns", &late).await;
        assert_eq!(status, 200);
        round += 1;
        match page["@odata.nextLink"].as_str() {
            Some(next) => page = server.get_url(next).await,
            None => break,
        }
    }
    let unique: HashSet<_> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    for record in &initial {
        assert!(
            unique.contains(record["id"].as_str().unwrap()),
            "nothing that existed is skipped"
        );
    }
    assert_eq!(
        seen.len(),
        initial.len(),
        "records ingested after the walk began are not part of it"
    );
    server.stop().await;
}

#[tokio::test]
async fn ascending_and_descending_walks_are_mirror_images() {
    let server = TestServer::start().await;
    let batch: Vec<_> = (0..120)
        .map(|i| {
            sign_in(
                &format!("o-{i:03}"),
                &at_minute(i % 40),
                "q@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    server.ingest(TENANT, "signIns", &batch).await;
    let desc = ids(&server.walk("/beta/auditLogs/signIns?$top=11").await);
    let mut asc = ids(&server
        .walk("/beta/auditLogs/signIns?$top=13&$orderby=createdDateTime%20asc")
        .await);
    asc.reverse();
    assert_eq!(desc.len(), 120);
    assert_eq!(desc, asc);
    server.stop().await;
}

fn paging_case() -> impl Strategy<Value = (Vec<(u8, u8)>, usize)> {
    (prop::collection::vec((0u8..20, 0u8..4), 1..80), 1usize..15)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// For random timestamps (with many ties), event types and page sizes, walking all
    /// pages returns exactly the matching records, in (time desc, id desc) order.
    #[test]
    fn paging_returns_exactly_the_matching_records_in_order((specs, top) in paging_case()) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let server = TestServer::start().await;
            let types = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"];
            let records: Vec<_> = specs
                .iter()
                .enumerate()
                .map(|(i, (minute, t))| sign_in(&format!("r{i:03}"), &at_minute(i64::from(*minute)), "z@contoso.com", types[usize::from(*t)], 0))
                .collect();
            server.ingest(TENANT, "signIns", &records).await;
            let mut expected: Vec<(String, String)> = records
                .iter()
                .filter(|r| r["signInEventTypes"][0] == "nonInteractiveUser")
                .map(|r| (r["createdDateTime"].as_str().unwrap().to_owned(), r["id"].as_str().unwrap().to_owned()))
                .collect();
            expected.sort();
            expected.reverse();
            let filter = "signInEventTypes/any(t:%20t%20eq%20'nonInteractiveUser')";
            let walked = server.walk(&format!("/beta/auditLogs/signIns?$filter={filter}&$top={top}")).await;
            let got: Vec<(String, String)> = walked
                .iter()
                .map(|r| (r["createdDateTime"].as_str().unwrap().to_owned(), r["id"].as_str().unwrap().to_owned()))
                .collect();
            assert_eq!(got, expected);
            server.stop().await;
        });
    }
}
