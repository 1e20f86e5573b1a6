-- Vigil control database, schema version 3: export delivery cursors.
--
-- One row per (tenant, diagnostic setting, destination, log kind): the highest ingest
-- sequence of that kind's table the destination has acknowledged. `destination` is
-- `Destination::key` (a fingerprint of the destination without its secrets), so editing
-- other destinations of a setting, or rotating a secret, keeps the position. Rows go with
-- their setting. `caught_up_ns` is the last time the destination had everything that
-- existed (lag in seconds is measured from it); `error` never holds a secret.
CREATE TABLE delivery_cursors (
    tenant_id    TEXT NOT NULL REFERENCES tenants (tenant_id),
    setting      TEXT NOT NULL COLLATE NOCASE,
    destination  TEXT NOT NULL,
    kind         INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    delivered    INTEGER NOT NULL DEFAULT 0,
    created_ns   INTEGER NOT NULL,
    delivered_ns INTEGER,
    caught_up_ns INTEGER,
    error        TEXT,
    error_ns     INTEGER,
    PRIMARY KEY (tenant_id, setting, destination, kind)
) STRICT, WITHOUT ROWID;
