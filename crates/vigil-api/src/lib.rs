//! Graph-compatible HTTP API (axum): /v1.0 and /beta auditLogs endpoints, ingest endpoint, Graph error envelope.
