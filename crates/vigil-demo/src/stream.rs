//! Placeholder.
use serde_json::Value;
use time::OffsetDateTime;
/// Stream.
pub struct SignInStream;
impl Iterator for SignInStream {
    type Item = Value;
    fn next(&mut self) -> Option<Value> {
        None
    }
}
/// Stream.
pub fn sign_in_stream(
    _seed: u64,
    _tenant_id: &str,
    _start: OffsetDateTime,
    _step_nanos: i64,
) -> SignInStream {
    SignInStream
}
