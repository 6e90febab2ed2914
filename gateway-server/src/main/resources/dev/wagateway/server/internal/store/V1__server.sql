-- Server-owned tables (orgs, API keys, senders, egress nodes, webhooks, server secrets) in the
-- same SQLite database as the core's session tables.
CREATE TABLE orgs (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  mode TEXT NOT NULL,
  capabilities TEXT NOT NULL,
  secret_hash BLOB NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  expires_at BIGINT
);
CREATE INDEX api_keys_org ON api_keys(org_id);
CREATE TABLE senders (
  id TEXT NOT NULL PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  phone_number TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX senders_org ON senders(org_id);
CREATE TABLE egress_nodes (
  id TEXT NOT NULL PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  sender_id TEXT NOT NULL REFERENCES senders(id),
  label TEXT,
  status TEXT NOT NULL,
  exit_ip TEXT,
  exit_country TEXT,
  net TEXT,
  last_seen_at BIGINT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX egress_nodes_org ON egress_nodes(org_id);
CREATE TABLE webhooks (
  id TEXT NOT NULL PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  url TEXT NOT NULL,
  event_types TEXT NOT NULL,
  session_id TEXT,
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_org ON webhooks(org_id);
CREATE TABLE server_secrets (
  name TEXT NOT NULL PRIMARY KEY,
  value BLOB NOT NULL,
  created_at BIGINT NOT NULL
);
