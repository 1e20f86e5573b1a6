//! The export path the delivery workers take: a stored record's bytes straight to Azure's
//! bytes ([`export_record`]). It must write exactly what the tree API
//! ([`azure_monitor_record`] + [`record_bytes`]) describes, file each record under the blob
//! of its event time, and pick the category [`Category::of`] picks.

use serde_json::Value;
use vigil_export::{
    Category, EnvelopeOptions, GraphJson, azure_monitor_record, blob_line, export_record,
    record_blob_path, record_bytes,
};
use vigil_model::LogKind;

use crate::common::demo_stored;

const TENANT: &str = vigil_demo::DEMO_TENANT_ID;

fn check(kind: LogKind, records: &[Value]) -> usize {
    let options = EnvelopeOptions::default();
    for record in records {
        let stored = serde_json::to_vec(record).unwrap();
        let json = GraphJson::parse(&stored);
        let category = Category::of_json(kind, &json);
        assert_eq!(category, Category::of(kind, record), "{}", record["id"]);
        let category = category.unwrap();
        let exported = export_record(category, TENANT, &json, &options);
        let tree = azure_monitor_record(category, TENANT, record);
        assert_eq!(
            String::from_utf8_lossy(exported.as_bytes()),
            String::from_utf8_lossy(&record_bytes(&tree)),
        );
        assert_eq!(exported.blob_path(TENANT), record_blob_path(&tree));
        let mut line = exported.as_bytes().to_vec();
        line.extend_from_slice(b"\r\n");
        assert_eq!(line, blob_line(&tree));
    }
    records.len()
}

#[test]
fn stored_bytes_export_as_the_tree_api_describes() {
    let stored = demo_stored();
    let checked = check(LogKind::SignIn, &stored.sign_ins)
        + check(LogKind::DirectoryAudit, &stored.directory_audits)
        + check(LogKind::Provisioning, &stored.provisioning)
        + check(
            LogKind::CustomSecurityAttributeAudit,
            &stored.custom_security_attribute_audits,
        );
    assert!(checked > 1000, "{checked}");
}

#[test]
fn the_tree_api_round_trips_through_the_stored_bytes() {
    // Every demo record's properties hold the stored members, values unchanged except the
    // documented timestamp spellings: compare one sign-in member by member.
    let record = &demo_stored().sign_ins[0];
    let stored = serde_json::to_vec(record).unwrap();
    let exported = export_record(
        Category::of(LogKind::SignIn, record).unwrap(),
        TENANT,
        &GraphJson::parse(&stored),
        &EnvelopeOptions::default(),
    );
    let out: Value = serde_json::from_slice(exported.as_bytes()).unwrap();
    for (key, value) in record.as_object().unwrap() {
        if key != "createdDateTime" && key != "authenticationDetails" {
            assert_eq!(&out["properties"][key], value, "{key}");
        }
    }
}
