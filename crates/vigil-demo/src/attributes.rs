//! Placeholder.
use crate::directory::Tenant;
use serde_json::Value;
pub fn generate(_t: &Tenant, _seed: u64, _start: i64, _end: i64) -> Vec<(i64, Value)> {
    Vec::new()
}
