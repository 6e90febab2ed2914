-- Egress nodes are durable server rows: every change stamps updated_at (rows from before this
-- migration take their newest known time). Pairing tokens are never stored; the row keeps only the
-- node's public device key. Proxy assignments of the managed pool are not here: their table
-- (egress_assignments) belongs to gateway-egress's SqliteEgressAssignmentStore, which creates it
-- in this same database with its own version table.
ALTER TABLE egress_nodes ADD COLUMN updated_at BIGINT;
UPDATE egress_nodes
  SET updated_at = MAX(created_at, COALESCE(last_seen_at, 0), COALESCE(revoked_at, 0));
