//! The `vigil` binary.
fn main() {}
