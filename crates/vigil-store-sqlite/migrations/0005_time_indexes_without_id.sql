-- The time-ordered indexes lose their trailing `id`.
--
-- Pages are walked in (time, id) order. With `id` in every time-ordered index, each entry
-- carried a 36-character id, which made these indexes about three times larger than their
-- keys need and the writer rewrite that many more pages per commit. SQLite appends the rowid
-- to every index entry anyway, so an entry is now (…, ts, seq), and the few records that
-- share a time are put in `id` order by a sort of just that group ("temp B-tree for last
-- term of ORDER BY" in the plan); the page walk bounds `ts` itself so the index range stays narrow.

DROP INDEX sign_ins_by_type_time;
DROP INDEX sign_ins_by_time;
DROP INDEX sign_ins_by_user;
DROP INDEX sign_ins_by_app;
CREATE INDEX sign_ins_by_type_time ON sign_ins (tenant, etype, ts);
CREATE INDEX sign_ins_by_time ON sign_ins (tenant, ts);
CREATE INDEX sign_ins_by_user ON sign_ins (tenant, user_id, ts);
CREATE INDEX sign_ins_by_app ON sign_ins (tenant, app_id, ts);

DROP INDEX directory_audits_by_time;
DROP INDEX directory_audits_by_initiator;
CREATE INDEX directory_audits_by_time ON directory_audits (tenant, ts);
CREATE INDEX directory_audits_by_initiator ON directory_audits (tenant, init_user_id, ts);

DROP INDEX provisioning_by_time;
DROP INDEX provisioning_by_job;
CREATE INDEX provisioning_by_time ON provisioning (tenant, ts);
CREATE INDEX provisioning_by_job ON provisioning (tenant, job_id, ts);

DROP INDEX custom_security_attribute_audits_by_time;
CREATE INDEX custom_security_attribute_audits_by_time
    ON custom_security_attribute_audits (tenant, ts);

-- Planner statistics as in 0002, without the `id` column.
DELETE FROM sqlite_stat1 WHERE idx IN (
    'sign_ins_by_type_time', 'sign_ins_by_time', 'sign_ins_by_user', 'sign_ins_by_app',
    'directory_audits_by_time', 'directory_audits_by_initiator',
    'provisioning_by_time', 'provisioning_by_job',
    'custom_security_attribute_audits_by_time');
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('sign_ins', 'sign_ins_by_type_time', '10000000 1000000 250000 2'),
    ('sign_ins', 'sign_ins_by_time', '10000000 1000000 2'),
    ('sign_ins', 'sign_ins_by_user', '10000000 1000000 1000 2'),
    ('sign_ins', 'sign_ins_by_app', '10000000 1000000 20000 2'),
    ('directory_audits', 'directory_audits_by_time', '1000000 100000 2'),
    ('directory_audits', 'directory_audits_by_initiator', '1000000 100000 500 2'),
    ('provisioning', 'provisioning_by_time', '1000000 100000 2'),
    ('provisioning', 'provisioning_by_job', '1000000 100000 10000 2'),
    ('custom_security_attribute_audits', 'custom_security_attribute_audits_by_time', '100000 10000 2');
ANALYZE sqlite_schema;
