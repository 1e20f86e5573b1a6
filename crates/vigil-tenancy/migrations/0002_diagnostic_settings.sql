-- Vigil control database, schema version 2: diagnostic settings (export configuration).
--
-- Names are unique per tenant, case-insensitively (as ARM resource names). `body` is the
-- setting's JSON with every secret written as "***"; `secrets` is the JSON array of the
-- secret values in `DiagnosticSetting::secret_values` order, sealed with the data
-- directory's key (`control-secrets.key`, see src/secret_box.rs). The limit of five per
-- tenant is enforced by the store inside the inserting transaction.
CREATE TABLE diagnostic_settings (
    tenant_id  TEXT NOT NULL REFERENCES tenants (tenant_id),
    name       TEXT NOT NULL COLLATE NOCASE,
    body       TEXT NOT NULL,
    secrets    BLOB NOT NULL,
    created_ns INTEGER NOT NULL,
    updated_ns INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name)
) STRICT, WITHOUT ROWID;
