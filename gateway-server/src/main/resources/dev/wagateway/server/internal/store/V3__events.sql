-- The persisted event log behind the SSE stream's Last-Event-ID resume: one row per published
-- event, bounded by count per organization and by age; ids are handed out in memory from a
-- reserved range so they keep increasing across restarts, even after a crash.
CREATE TABLE server_events (
  id INTEGER NOT NULL PRIMARY KEY,
  org_id TEXT NOT NULL,
  session_id TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX server_events_org ON server_events(org_id, id);
CREATE INDEX server_events_created ON server_events(created_at);
-- Per organization, the newest id whose event is no longer held (pruned, or never written).
CREATE TABLE server_event_marks (
  org_id TEXT NOT NULL PRIMARY KEY,
  missing_through BIGINT NOT NULL
);
-- The ids handed out never go above reserved_through; a restart starts after it.
CREATE TABLE server_event_ids (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  reserved_through BIGINT NOT NULL
);
