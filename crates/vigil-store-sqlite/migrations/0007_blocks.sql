-- The block layout (src/blocks.rs): one row per block of up to 256 records of one tenant,
-- kind and (sign-ins) event type, instead of one row per record.
--
-- `first_seq` .. `last_seq` is the block's range of ingest sequence numbers (a purge that
-- drops some of its records keeps the range). `records` counts the records it holds now,
-- `etypes` is the mask of their sign-in event types (0 for other kinds). `summary` is the
-- block in brief (time range, per-column extremes, a Bloom filter), `slots` each record's
-- (seq, id hash), `columns` the column section and `bodies` the compressed bodies: small
-- and often-read parts first, since SQLite reads a row's overflow pages in order.
--
-- The two time indexes serve walks in either direction; the `*_ids` side tables map record
-- ids to sequence numbers as for the row layout. A store uses one layout for its life,
-- named by `meta.layout`.

CREATE TABLE sign_ins_blocks (
    first_seq INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    tenant    INTEGER NOT NULL,
    min_ts    INTEGER NOT NULL,
    max_ts    INTEGER NOT NULL,
    records   INTEGER NOT NULL,
    etypes    INTEGER NOT NULL,
    summary   BLOB NOT NULL,
    slots     BLOB NOT NULL,
    columns   BLOB NOT NULL,
    bodies    BLOB NOT NULL
);
CREATE INDEX sign_ins_blocks_by_newest ON sign_ins_blocks (tenant, max_ts, min_ts);
CREATE INDEX sign_ins_blocks_by_oldest ON sign_ins_blocks (tenant, min_ts, max_ts);

CREATE TABLE directory_audits_blocks (
    first_seq INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    tenant    INTEGER NOT NULL,
    min_ts    INTEGER NOT NULL,
    max_ts    INTEGER NOT NULL,
    records   INTEGER NOT NULL,
    etypes    INTEGER NOT NULL,
    summary   BLOB NOT NULL,
    slots     BLOB NOT NULL,
    columns   BLOB NOT NULL,
    bodies    BLOB NOT NULL
);
CREATE INDEX directory_audits_blocks_by_newest ON directory_audits_blocks (tenant, max_ts, min_ts);
CREATE INDEX directory_audits_blocks_by_oldest ON directory_audits_blocks (tenant, min_ts, max_ts);

CREATE TABLE provisioning_blocks (
    first_seq INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    tenant    INTEGER NOT NULL,
    min_ts    INTEGER NOT NULL,
    max_ts    INTEGER NOT NULL,
    records   INTEGER NOT NULL,
    etypes    INTEGER NOT NULL,
    summary   BLOB NOT NULL,
    slots     BLOB NOT NULL,
    columns   BLOB NOT NULL,
    bodies    BLOB NOT NULL
);
CREATE INDEX provisioning_blocks_by_newest ON provisioning_blocks (tenant, max_ts, min_ts);
CREATE INDEX provisioning_blocks_by_oldest ON provisioning_blocks (tenant, min_ts, max_ts);

CREATE TABLE custom_security_attribute_audits_blocks (
    first_seq INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    tenant    INTEGER NOT NULL,
    min_ts    INTEGER NOT NULL,
    max_ts    INTEGER NOT NULL,
    records   INTEGER NOT NULL,
    etypes    INTEGER NOT NULL,
    summary   BLOB NOT NULL,
    slots     BLOB NOT NULL,
    columns   BLOB NOT NULL,
    bodies    BLOB NOT NULL
);
CREATE INDEX custom_security_attribute_audits_blocks_by_newest ON custom_security_attribute_audits_blocks (tenant, max_ts, min_ts);
CREATE INDEX custom_security_attribute_audits_blocks_by_oldest ON custom_security_attribute_audits_blocks (tenant, min_ts, max_ts);
