-- Vigil embedded store, schema version 1.
--
-- One table per log kind. `seq` is the ingest sequence (rowid, increasing in commit order).
-- `ts` is the event time in nanoseconds since the Unix epoch, `id_hash` a 64-bit FNV-1a
-- hash of the record id (collisions are resolved by comparing `id`). `body` is the canonical
-- Graph JSON, zstd-compressed. The other columns copy the properties that filters touch
-- most; string columns of case-insensitive logs hold lower-cased values.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE tenants (
    tenant_key INTEGER PRIMARY KEY,
    tenant_id  TEXT NOT NULL UNIQUE
);

CREATE TABLE sign_ins (
    seq            INTEGER PRIMARY KEY,
    tenant         INTEGER NOT NULL,
    ts             INTEGER NOT NULL,
    id             TEXT NOT NULL,
    id_hash        INTEGER NOT NULL,
    etype          INTEGER NOT NULL,
    user_id        TEXT,
    upn            TEXT,
    user_name      TEXT,
    app_id         TEXT,
    app_name       TEXT,
    ip             TEXT,
    error_code     INTEGER,
    ca_status      TEXT,
    client_app     TEXT,
    correlation_id TEXT,
    resource_id    TEXT,
    resource_name  TEXT,
    is_interactive INTEGER,
    city           TEXT,
    country        TEXT,
    risk_state     TEXT,
    risk_level     TEXT,
    auth_req       TEXT,
    sp_id          TEXT,
    os             TEXT,
    browser        TEXT,
    body           BLOB NOT NULL
);
CREATE INDEX sign_ins_by_type_time ON sign_ins (tenant, etype, ts, id);
CREATE INDEX sign_ins_by_time ON sign_ins (tenant, ts, id);
CREATE INDEX sign_ins_by_id ON sign_ins (tenant, id_hash);
CREATE INDEX sign_ins_by_user ON sign_ins (tenant, user_id, ts, id);
CREATE INDEX sign_ins_by_app ON sign_ins (tenant, app_id, ts, id);

CREATE TABLE directory_audits (
    seq            INTEGER PRIMARY KEY,
    tenant         INTEGER NOT NULL,
    ts             INTEGER NOT NULL,
    id             TEXT NOT NULL,
    id_hash        INTEGER NOT NULL,
    category       TEXT,
    activity       TEXT,
    result         TEXT,
    correlation_id TEXT,
    logged_by      TEXT,
    operation_type TEXT,
    init_user_id   TEXT,
    init_upn       TEXT,
    init_app_id    TEXT,
    body           BLOB NOT NULL
);
CREATE INDEX directory_audits_by_time ON directory_audits (tenant, ts, id);
CREATE INDEX directory_audits_by_id ON directory_audits (tenant, id_hash);
CREATE INDEX directory_audits_by_initiator ON directory_audits (tenant, init_user_id, ts, id);

CREATE TABLE provisioning (
    seq            INTEGER PRIMARY KEY,
    tenant         INTEGER NOT NULL,
    ts             INTEGER NOT NULL,
    id             TEXT NOT NULL,
    id_hash        INTEGER NOT NULL,
    job_id         TEXT,
    cycle_id       TEXT,
    change_id      TEXT,
    action         TEXT,
    status         TEXT,
    source_system  TEXT,
    target_system  TEXT,
    source_id      TEXT,
    target_id      TEXT,
    initiated_by   TEXT,
    sp_id          TEXT,
    body           BLOB NOT NULL
);
CREATE INDEX provisioning_by_time ON provisioning (tenant, ts, id);
CREATE INDEX provisioning_by_id ON provisioning (tenant, id_hash);
CREATE INDEX provisioning_by_job ON provisioning (tenant, job_id, ts, id);

CREATE TABLE custom_security_attribute_audits (
    seq            INTEGER PRIMARY KEY,
    tenant         INTEGER NOT NULL,
    ts             INTEGER NOT NULL,
    id             TEXT NOT NULL,
    id_hash        INTEGER NOT NULL,
    category       TEXT,
    activity       TEXT,
    result         TEXT,
    correlation_id TEXT,
    logged_by      TEXT,
    operation_type TEXT,
    init_user_id   TEXT,
    init_upn       TEXT,
    init_app_id    TEXT,
    body           BLOB NOT NULL
);
CREATE INDEX custom_security_attribute_audits_by_time ON custom_security_attribute_audits (tenant, ts, id);
CREATE INDEX custom_security_attribute_audits_by_id ON custom_security_attribute_audits (tenant, id_hash);
