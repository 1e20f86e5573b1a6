//! Ingest pipeline: decode (JSON array or NDJSON, optional gzip) with size limits, validate all-or-nothing, append durably.
