-- The sign-in block time indexes carry each block's event-type mask.
--
-- A v1.0 sign-in read keeps only interactive sign-ins, and every block holds one event type.
-- Without `etypes` in the index, a walk had to read each block's summary to learn that it
-- held only non-interactive sign-ins; with it, the walk's `WHERE (etypes & mask) != 0`
-- passes over those blocks inside the index. The other logs have no event types.

DROP INDEX sign_ins_blocks_by_newest;
DROP INDEX sign_ins_blocks_by_oldest;
CREATE INDEX sign_ins_blocks_by_newest ON sign_ins_blocks (tenant, max_ts, min_ts, etypes);
CREATE INDEX sign_ins_blocks_by_oldest ON sign_ins_blocks (tenant, min_ts, max_ts, etypes);
