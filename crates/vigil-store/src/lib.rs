//! Storage traits (append batch, scoped page query, get by id), page-token format, and the shared backend conformance suite.
