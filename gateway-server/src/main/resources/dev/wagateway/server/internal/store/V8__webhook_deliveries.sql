-- Webhook delivery (docs/webhooks.md). The event log (server_events) is the outbox: per webhook,
-- scanned_through is the newest event id already turned into delivery rows. A delivery row is one
-- event for one webhook, with its own copy of the payload so pruning the log never loses it; its
-- lane is the event's session ('' for events without one) and seq keeps the event order within a
-- lane. webhook_lanes holds one row per (webhook, lane) that still has pending deliveries, with the
-- time its head may next be attempted, so the dispatcher finds due work without scanning
-- deliveries. Every attempt is kept in webhook_attempts. A manual retry bumps generation, so an
-- attempt under way when it came does not overwrite it.
ALTER TABLE webhooks ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
ALTER TABLE webhooks ADD COLUMN state_reason TEXT;
ALTER TABLE webhooks ADD COLUMN previous_secret TEXT;
ALTER TABLE webhooks ADD COLUMN previous_secret_until BIGINT;
ALTER TABLE webhooks ADD COLUMN scanned_through BIGINT;
-- webhooks registered before this migration deliver from now on, not the stored history
UPDATE webhooks SET scanned_through = (SELECT COALESCE(MAX(id), 0) FROM server_events);
CREATE TABLE webhook_deliveries (
  seq             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id              TEXT    NOT NULL UNIQUE,
  webhook_id      TEXT    NOT NULL,
  lane            TEXT    NOT NULL,
  event_id        BIGINT,
  type            TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER,
  last_latency_ms BIGINT,
  last_error      TEXT,
  last_attempt_at BIGINT,
  next_attempt_at BIGINT,
  horizon_at      BIGINT  NOT NULL,
  created_at      BIGINT  NOT NULL,
  finished_at     BIGINT,
  generation      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries(webhook_id, lane, status, seq);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries(webhook_id, status, seq);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries(finished_at);
CREATE TABLE webhook_lanes (
  webhook_id      TEXT    NOT NULL,
  lane            TEXT    NOT NULL,
  next_attempt_at BIGINT  NOT NULL,
  PRIMARY KEY (webhook_id, lane)
);
CREATE INDEX webhook_lanes_due ON webhook_lanes(webhook_id, next_attempt_at);
CREATE TABLE webhook_attempts (
  delivery_seq INTEGER NOT NULL,
  attempt      INTEGER NOT NULL,
  at           BIGINT  NOT NULL,
  status_code  INTEGER,
  latency_ms   BIGINT  NOT NULL,
  error        TEXT,
  PRIMARY KEY (delivery_seq, attempt)
);
