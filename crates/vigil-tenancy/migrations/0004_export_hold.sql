-- Vigil control database, schema version 4: the export hold limit.
--
-- Retention never purges a record some export destination has not acknowledged. A tenant
-- may bound how long that can hold records back: at most `days` days past a log's retention,
-- after which the purge deletes them anyway (and says so in the tenant's audit log). No row
-- means no bound: undelivered records wait for their destinations forever.
CREATE TABLE export_hold (
    tenant_id  TEXT PRIMARY KEY REFERENCES tenants (tenant_id),
    days       INTEGER NOT NULL CHECK (days BETWEEN 0 AND 36500),
    updated_ns INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
