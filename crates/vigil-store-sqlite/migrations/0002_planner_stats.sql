-- Fixed planner statistics. Without them SQLite cannot tell that `user_id = ?` narrows a
-- walk far more than `etype = ?`, and may follow the wrong index. The numbers describe the
-- shape of the data, not its size: per tenant, four sign-in event types, about a thousand
-- sign-ins per user and twenty thousand per app, and (time, id) nearly unique.
-- Each row: index, then rows in the table followed by the average rows per distinct prefix.
ANALYZE;
DELETE FROM sqlite_stat1;
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('sign_ins', 'sign_ins_by_type_time', '10000000 1000000 250000 2 1'),
    ('sign_ins', 'sign_ins_by_time', '10000000 1000000 2 1'),
    ('sign_ins', 'sign_ins_by_id', '10000000 1000000 1'),
    ('sign_ins', 'sign_ins_by_user', '10000000 1000000 1000 2 1'),
    ('sign_ins', 'sign_ins_by_app', '10000000 1000000 20000 2 1'),
    ('directory_audits', 'directory_audits_by_time', '1000000 100000 2 1'),
    ('directory_audits', 'directory_audits_by_id', '1000000 100000 1'),
    ('directory_audits', 'directory_audits_by_initiator', '1000000 100000 500 2 1'),
    ('provisioning', 'provisioning_by_time', '1000000 100000 2 1'),
    ('provisioning', 'provisioning_by_id', '1000000 100000 1'),
    ('provisioning', 'provisioning_by_job', '1000000 100000 10000 2 1'),
    ('custom_security_attribute_audits', 'custom_security_attribute_audits_by_time', '100000 10000 2 1'),
    ('custom_security_attribute_audits', 'custom_security_attribute_audits_by_id', '100000 10000 1');
ANALYZE sqlite_schema;
