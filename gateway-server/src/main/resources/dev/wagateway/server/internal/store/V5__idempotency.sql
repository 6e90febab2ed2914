-- Idempotency-Key records of the message endpoints: per organization, session and key, the hash
-- of the first request and, once it was accepted, its answer (status and body), replayed to a
-- repeated request instead of acting again. A row without an answer is a request in progress.
-- Kept 24 hours.
CREATE TABLE idempotency_keys (
  org_id          TEXT    NOT NULL,
  session_id      TEXT    NOT NULL,
  idem_key        TEXT    NOT NULL,
  request_hash    TEXT    NOT NULL,
  response_status INTEGER,
  response_body   BLOB,
  created_at      BIGINT  NOT NULL,
  PRIMARY KEY (org_id, session_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
