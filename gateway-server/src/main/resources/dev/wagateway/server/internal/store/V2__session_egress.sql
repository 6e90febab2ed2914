-- The egress the API chose for each session (the proxy URL, with its credentials, stays here,
-- out of the core's session rows), and egress-node fields the tunnel registry keeps.
CREATE TABLE session_egress (
  session_id TEXT NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL,
  node_id TEXT,
  country TEXT,
  proxy_url TEXT,
  updated_at BIGINT NOT NULL
);
ALTER TABLE egress_nodes ADD COLUMN expected_country TEXT;
ALTER TABLE egress_nodes ADD COLUMN device_key TEXT;
