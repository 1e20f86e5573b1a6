-- The record-id index moves out of the per-row path (see src/id_index.rs).
--
-- A B-tree keyed by a hash of random ids takes every insert at a random leaf, so each group
-- commit rewrote hundreds of 16 KB pages for it. The `*_ids` tables hold the same
-- (id hash, tenant) → seq entries, but the writer adds them in sorted runs of many commits
-- at once. `id_index_marks` records, per table, the highest `seq` whose entry is in its
-- `*_ids` table; rows above it are found through their `id_hash` column by a short rowid
-- range scan, and are indexed again at start-up after a crash.

DROP INDEX sign_ins_by_id;
DROP INDEX directory_audits_by_id;
DROP INDEX provisioning_by_id;
DROP INDEX custom_security_attribute_audits_by_id;

CREATE TABLE sign_ins_ids (
    id_hash INTEGER NOT NULL,
    tenant  INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (id_hash, tenant, seq)
) WITHOUT ROWID;
CREATE TABLE directory_audits_ids (
    id_hash INTEGER NOT NULL,
    tenant  INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (id_hash, tenant, seq)
) WITHOUT ROWID;
CREATE TABLE provisioning_ids (
    id_hash INTEGER NOT NULL,
    tenant  INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (id_hash, tenant, seq)
) WITHOUT ROWID;
CREATE TABLE custom_security_attribute_audits_ids (
    id_hash INTEGER NOT NULL,
    tenant  INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (id_hash, tenant, seq)
) WITHOUT ROWID;

INSERT INTO sign_ins_ids SELECT id_hash, tenant, seq FROM sign_ins;
INSERT INTO directory_audits_ids SELECT id_hash, tenant, seq FROM directory_audits;
INSERT INTO provisioning_ids SELECT id_hash, tenant, seq FROM provisioning;
INSERT INTO custom_security_attribute_audits_ids
    SELECT id_hash, tenant, seq FROM custom_security_attribute_audits;

CREATE TABLE id_index_marks (
    tbl TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO id_index_marks (tbl, seq) VALUES
    ('sign_ins', (SELECT IFNULL(MAX(seq), 0) FROM sign_ins)),
    ('directory_audits', (SELECT IFNULL(MAX(seq), 0) FROM directory_audits)),
    ('provisioning', (SELECT IFNULL(MAX(seq), 0) FROM provisioning)),
    ('custom_security_attribute_audits',
        (SELECT IFNULL(MAX(seq), 0) FROM custom_security_attribute_audits));

-- Planner statistics: an id hash names one row.
DELETE FROM sqlite_stat1 WHERE idx LIKE '%_by_id';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('sign_ins_ids', 'sqlite_autoindex_sign_ins_ids_1', '10000000 1 1 1'),
    ('directory_audits_ids', 'sqlite_autoindex_directory_audits_ids_1', '1000000 1 1 1'),
    ('provisioning_ids', 'sqlite_autoindex_provisioning_ids_1', '1000000 1 1 1'),
    ('custom_security_attribute_audits_ids', 'sqlite_autoindex_custom_security_attribute_audits_ids_1', '100000 1 1 1');
ANALYZE sqlite_schema;
