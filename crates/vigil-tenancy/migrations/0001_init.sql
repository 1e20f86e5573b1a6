-- Vigil control database, schema version 1.
--
-- Times are nanoseconds since the Unix epoch (UTC). Tenant ids are canonical lower-case
-- GUIDs. Log kinds are `LogKind::code` values (1 signIns, 2 directoryAudits,
-- 3 provisioning, 4 customSecurityAttributeAudits); codes are never reused.

CREATE TABLE tenants (
    tenant_id    TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    license      TEXT NOT NULL CHECK (license IN ('free', 'p1', 'p2')),
    created_ns   INTEGER NOT NULL
) STRICT;

-- One row per (tenant, log) whose retention differs from the license default.
-- No upper bound beyond a hundred-year sanity cap: longer-than-Entra retention is a feature.
CREATE TABLE retention_overrides (
    tenant_id  TEXT NOT NULL REFERENCES tenants (tenant_id),
    log_kind   INTEGER NOT NULL CHECK (log_kind BETWEEN 1 AND 4),
    days       INTEGER NOT NULL CHECK (days BETWEEN 1 AND 36500),
    updated_ns INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, log_kind)
) STRICT, WITHOUT ROWID;

-- Only a SHA-256 of each key is kept (see src/ingest_key.rs for why a fast hash is right).
-- last_used_ns is refreshed at most once a minute per key.
CREATE TABLE ingest_keys (
    key_id       TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (tenant_id),
    name         TEXT NOT NULL,
    secret_hash  BLOB NOT NULL CHECK (length(secret_hash) = 32),
    created_ns   INTEGER NOT NULL,
    revoked_ns   INTEGER,
    last_used_ns INTEGER
) STRICT;

CREATE INDEX ingest_keys_by_tenant ON ingest_keys (tenant_id, created_ns);

-- Who read the logs. `seq` (the rowid) breaks ties between equal times. No foreign key:
-- the request path records reads without a lookup.
CREATE TABLE read_audit (
    seq            INTEGER PRIMARY KEY,
    tenant_id      TEXT NOT NULL,
    time_ns        INTEGER NOT NULL,
    caller_oid     TEXT NOT NULL,
    caller_upn     TEXT,
    app_id         TEXT,
    method         TEXT NOT NULL,
    path_and_query TEXT NOT NULL,
    log_kind       INTEGER,
    status         INTEGER NOT NULL,
    result_count   INTEGER NOT NULL,
    request_id     TEXT NOT NULL
) STRICT;

CREATE INDEX read_audit_by_time ON read_audit (tenant_id, time_ns, seq);
CREATE INDEX read_audit_by_caller ON read_audit (tenant_id, caller_oid, time_ns, seq);
