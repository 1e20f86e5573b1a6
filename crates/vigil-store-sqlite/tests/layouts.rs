//! The block layout answers exactly as the row layout does: two stores hold the same day
//! of demo data (ingested in batches, so blocks come from many group commits), and
//! every filter below is walked page by page in both directions, counted, summarised, read
//! by id and followed through the change feed in both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use serde_json::Value;
use vigil_model::{ApiVersion, LogKind};
use vigil_store::summary::{Dimension, Interval, SummaryRequest};
use vigil_store::testsuite::{changes, walk};
use vigil_store::{ScopedQuery, SortOrder, Store, TenantId};
use vigil_store_sqlite::{Layout, SqliteStore, StoreOptions};

fn open(dir: &std::path::Path, layout: Layout) -> SqliteStore {
    SqliteStore::open(
        dir,
        StoreOptions {
            durable: false,
            cache_mib: 16,
            scan_budget: 500,
            layout,
        },
    )
    .unwrap()
}

fn text(record: &Value, pointer: &str) -> String {
    record
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no text at {pointer}"))
        .to_owned()
}

fn filters(kind: LogKind, records: &[Value], middle: &str) -> Vec<String> {
    let some = &records[records.len() / 3];
    let id = text(some, "/id");
    let mut all = vec![
        String::new(),
        format!("id eq '{id}'"),
        format!("id eq '{}'", id.to_uppercase()),
    ];
    let time = kind.time_property();
    all.push(format!("{time} ge {middle}"));
    all.push(format!("{time} lt {middle}"));
    match kind {
        LogKind::SignIn => {
            let user = text(some, "/userId");
            let upn = text(some, "/userPrincipalName");
            let app = text(some, "/appId");
            all.extend([
                format!("userId eq '{user}'"),
                format!("userPrincipalName eq '{}'", upn.to_uppercase()),
                format!("startswith(userPrincipalName, '{}')", &upn[..2]),
                format!("appId eq '{app}' and createdDateTime ge {middle}"),
                "status/errorCode ne 0".to_owned(),
                "not(status/errorCode eq 0) and status/errorCode ne 50126".to_owned(),
                "signInEventTypes/any(t: t eq 'nonInteractiveUser')".to_owned(),
                "not(signInEventTypes/any(t: t eq 'interactiveUser'))".to_owned(),
                "riskLevelDuringSignIn ne 'none'".to_owned(),
                "ipAddress eq null".to_owned(),
                "location/city eq 'Seattle' or deviceDetail/browser eq 'Edge'".to_owned(),
                // Decided only by the body: the evaluator's exact check.
                "appliedConditionalAccessPolicies/any(p: p/result eq 'failure')".to_owned(),
                format!("mfaDetail/authMethod ne null or userId eq '{user}'"),
            ]);
        }
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => {
            all.extend([
                "result eq 'success'".to_owned(),
                "not(result eq 'success')".to_owned(),
                "initiatedBy/app/appId eq null".to_owned(),
                "targetResources/any(t: t/type eq 'User')".to_owned(),
                format!("startswith(activityDisplayName, 'A') and {time} ge {middle}"),
            ]);
        }
        LogKind::Provisioning => {
            let job = text(some, "/jobId");
            all.extend([
                format!("jobId eq '{job}'"),
                "provisioningStatusInfo/status eq 'failure'".to_owned(),
                "sourceSystem/displayName eq 'Workday' or targetSystem/displayName eq 'ServiceNow'"
                    .to_owned(),
            ]);
        }
    }
    all
}

fn query(kind: LogKind, filter: &str, order: SortOrder, floor: Option<i64>) -> ScopedQuery {
    ScopedQuery {
        tenant: TenantId::parse(vigil_demo::DEMO_TENANT_ID).unwrap(),
        kind,
        filters: (!filter.is_empty())
            .then(|| vigil_query::parse_and_check(filter, kind, ApiVersion::Beta).unwrap())
            .into_iter()
            .collect(),
        order,
        not_before: floor,
    }
}

fn summaries(kind: LogKind, query: &ScopedQuery) -> Vec<SummaryRequest> {
    let mut dimensions = vec![Some(Dimension::Status)];
    dimensions.extend(Dimension::for_kind(kind).first().copied().map(Some));
    dimensions
        .into_iter()
        .map(|dimension| SummaryRequest {
            query: query.clone(),
            interval: Interval::parse("hour"),
            dimension,
            top: Some(5),
        })
        .collect()
}

#[test]
fn blocks_answer_as_rows_do() {
    let end = time::OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap();
    let data = vigil_demo::generate(&vigil_demo::DemoConfig::new(7, 1, end));
    let tenant = TenantId::parse(vigil_demo::DEMO_TENANT_ID).unwrap();
    let (rows_dir, blocks_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let rows = open(rows_dir.path(), Layout::Rows);
    let blocks = open(blocks_dir.path(), Layout::Blocks);
    for (kind, records) in data.by_kind() {
        for batch in records.chunks(700) {
            let valid: Vec<_> = batch
                .iter()
                .map(|r| vigil_model::validate(kind, r.clone()).unwrap())
                .collect();
            let a = rows.append(&tenant, valid.clone()).unwrap();
            let b = blocks.append(&tenant, valid).unwrap();
            assert_eq!(a, b);
        }
    }
    let middle_time = end - time::Duration::hours(12);
    let middle = vigil_model::datetime::format_datetime(middle_time);
    let floor =
        Some(i64::try_from((end - time::Duration::hours(18)).unix_timestamp_nanos()).unwrap());
    let mut compared = 0;
    for (kind, records) in data.by_kind() {
        assert_eq!(
            rows.high_water_mark(kind).unwrap(),
            blocks.high_water_mark(kind).unwrap(),
            "{kind}: both layouts number every record"
        );
        for (n, filter) in filters(kind, records, &middle).into_iter().enumerate() {
            // Walks decode every body they return: the ascending walk under the retention
            // floor runs for every third filter only.
            let walks = [(SortOrder::Desc, None), (SortOrder::Asc, floor)];
            for (order, floor) in walks.into_iter().take(if n % 3 == 0 { 2 } else { 1 }) {
                let q = query(kind, &filter, order, floor);
                let expected = walk(&rows, &q, 37);
                assert_eq!(
                    walk(&blocks, &q, 37),
                    expected,
                    "{kind} {filter:?} {order:?}"
                );
                assert_eq!(
                    blocks.count(&q).unwrap(),
                    rows.count(&q).unwrap(),
                    "{kind} {filter:?} count"
                );
                compared += expected.len();
            }
            let q = query(kind, &filter, SortOrder::Desc, floor);
            for request in summaries(kind, &q) {
                assert_eq!(
                    blocks.summarize(&request).unwrap(),
                    rows.summarize(&request).unwrap(),
                    "{kind} {filter:?} {:?}",
                    request.dimension
                );
            }
            // The change feed decodes every body it returns: a few filters are enough.
            if n % 8 == 0 {
                let mut from_rows: Vec<String> = changes(&rows, &q, 0, 997)
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                let mut from_blocks: Vec<String> = changes(&blocks, &q, 0, 997)
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                from_rows.sort();
                from_blocks.sort();
                assert_eq!(from_blocks, from_rows, "{kind} {filter:?} changes");
            }
        }
        for record in records.iter().step_by(97) {
            let q = query(kind, "", SortOrder::Desc, floor);
            let id = text(record, "/id");
            let expected = rows.get(&q, &id).unwrap().map(|r| (r.time_nanos, r.body));
            assert_eq!(
                blocks.get(&q, &id).unwrap().map(|r| (r.time_nanos, r.body)),
                expected
            );
        }
    }
    assert!(
        compared > 10_000,
        "the filters should return records: {compared}"
    );
}

/// Records ingested a few at a time fill the newest block instead of leaving a block per
/// commit, and every read still finds them: pages with an event-type filter, counts, `get`,
/// and a change feed read between the appends (so it resumes inside a growing block).
#[test]
fn a_trickle_of_small_batches_fills_blocks() {
    use vigil_store::testsuite::sign_in;

    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), Layout::Blocks);
    let tenant = TenantId::parse(vigil_demo::DEMO_TENANT_ID).unwrap();
    let types = ["interactiveUser", "nonInteractiveUser", "servicePrincipal"];
    let everything = query(LogKind::SignIn, "", SortOrder::Asc, None);
    let mut fed = Vec::new();
    let mut after = 0;
    let mut ids = Vec::new();
    for i in 0..600i64 {
        let id = format!("trickle-{i:04}");
        let event_type = types[usize::try_from(i % 3).unwrap()];
        let record = sign_in(
            &id,
            i,
            &format!("user{}@contoso.com", i % 11),
            event_type,
            0,
        );
        assert_eq!(store.append(&tenant, vec![record]).unwrap().stored, 1);
        ids.push(id);
        if i % 7 == 0 {
            let page = store
                .changes(&vigil_store::ChangeRequest {
                    query: everything.clone(),
                    after_seq: after,
                    size: 1_000,
                })
                .unwrap();
            fed.extend(page.records.into_iter().map(|r| r.id));
            after = page.scanned_to;
        }
    }
    fed.extend(
        changes(&store, &everything, after, 1_000)
            .into_iter()
            .map(|r| r.id),
    );
    assert_eq!(
        fed, ids,
        "the feed returns every record once, in ingest order"
    );
    store.close();
    let conn =
        rusqlite::Connection::open(dir.path().join(vigil_store_sqlite::DATABASE_FILE)).unwrap();
    let blocks: i64 = conn
        .query_row("SELECT COUNT(*) FROM sign_ins_blocks", [], |r| r.get(0))
        .unwrap();
    assert!(blocks <= 3, "600 records in {blocks} blocks");
    let store = open(dir.path(), Layout::Blocks);
    assert_eq!(walk(&store, &everything, 50), ids);
    let interactive = query(
        LogKind::SignIn,
        "signInEventTypes/any(t: t eq 'interactiveUser')",
        SortOrder::Desc,
        None,
    );
    let expected: Vec<String> = ids.iter().step_by(3).rev().cloned().collect();
    assert_eq!(walk(&store, &interactive, 40), expected);
    assert_eq!(store.count(&interactive).unwrap(), 200);
    for id in ids.iter().step_by(37) {
        assert_eq!(
            store.get(&everything, id).unwrap().map(|r| r.id),
            Some(id.clone())
        );
    }
}
