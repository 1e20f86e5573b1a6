//! Outgoing records of every category from the demo generator, for a fresh tenant.

use std::sync::OnceLock;

use vigil_delivery::Outgoing;
use vigil_demo::{DemoConfig, DemoData, generate};
use vigil_export::{Category, EnvelopeOptions, GraphJson, export_record};
use vigil_model::validate;
use vigil_store::TenantId;

fn demo() -> &'static DemoData {
    static DATA: OnceLock<DemoData> = OnceLock::new();
    DATA.get_or_init(|| {
        generate(&DemoConfig::new(
            5,
            1,
            time::macros::datetime!(2026-03-08 00:00 UTC),
        ))
    })
}

/// A tenant no other test run has used.
pub fn fresh_tenant() -> TenantId {
    TenantId::parse(&uuid::Uuid::new_v4().to_string()).unwrap()
}

/// Every demo record as it would leave Vigil for `tenant`, in a stable order, with
/// made-up ingest sequences per kind.
pub fn outgoing(tenant: &TenantId) -> Vec<Outgoing> {
    let data = demo();
    let mut out = Vec::new();
    for (kind, raws) in data.by_kind() {
        for (seq, raw) in raws.iter().enumerate() {
            let stored = validate(kind, raw.clone()).unwrap().json;
            let json = GraphJson::parse(&stored);
            let category = Category::of_json(kind, &json).unwrap();
            out.push(Outgoing {
                category,
                tenant: tenant.clone(),
                seq: seq as u64 + 1,
                record: export_record(
                    category,
                    tenant.as_str(),
                    &json,
                    &EnvelopeOptions::default(),
                ),
            });
        }
    }
    out
}
