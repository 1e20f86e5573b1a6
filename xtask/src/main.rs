//! Repository automation; the tidy checks live in `tests/tidy.rs`.
fn main() {}
