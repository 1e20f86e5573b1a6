-- Sign-ins get an index on `userPrincipalName`.
--
-- Filtering the sign-in log by a user's UPN is among the most common questions ("what did
-- ann@contoso.com do?"), and Graph clients send it as `userPrincipalName eq '…'` or
-- `startswith(userPrincipalName, '…')`. Without an index the page walk followed the time index
-- and read the `upn` of every row until it had a page: about 300 rows per match on demo data,
-- 19–26 ms for a first page over a million sign-ins, and over 100 ms on a cold cache.
-- The column holds lower-cased values, as every case-insensitive column does.

CREATE INDEX sign_ins_by_upn ON sign_ins (tenant, upn, ts);

-- Planner statistics in the shape of 0002/0005: about a thousand sign-ins per UPN.
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('sign_ins', 'sign_ins_by_upn', '10000000 1000000 1000 2');
ANALYZE sqlite_schema;
