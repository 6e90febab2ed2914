-- V1: initial schema (SQLite). Every row of key material is keyed by the session id; blobs are
-- BLOB, timestamps epoch milliseconds, booleans BOOLEAN. The shapes are kept portable: a
-- PostgreSQL migration set mirrors these tables with BYTEA for BLOB.

-- Hosted sessions: owner, operator intent, last reported status, egress choice, linked account.
CREATE TABLE sessions (
  id                TEXT    NOT NULL PRIMARY KEY,
  org_id            TEXT    NOT NULL,
  sender_id         TEXT,
  display_name      TEXT,
  desired_state     TEXT    NOT NULL CHECK (desired_state IN ('STARTED', 'STOPPED')),
  status            TEXT    NOT NULL,
  last_error        TEXT,
  egress_kind       TEXT    CHECK (egress_kind IN ('external', 'android', 'direct')),
  egress_node_id    TEXT,
  egress_country    TEXT,
  phone             TEXT,
  push_name         TEXT,
  jid               TEXT,
  lid               TEXT,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL,
  last_connected_at BIGINT
);

CREATE INDEX sessions_by_org ON sessions (org_id, created_at, id);

-- Which gateway node runs a session, until when. One node in the embedded SQLite case; with a
-- shared PostgreSQL database each node renews the leases of the sessions it hosts.
CREATE TABLE session_leases (
  session_id  TEXT    NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  node_id     TEXT    NOT NULL,
  acquired_at BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL
);

-- The device's own credentials; the account columns stay NULL until pairing succeeds.
CREATE TABLE credentials (
  session_id              TEXT    NOT NULL PRIMARY KEY,
  noise_public            BLOB    NOT NULL,
  noise_private           BLOB    NOT NULL,
  identity_public         BLOB    NOT NULL,
  identity_private        BLOB    NOT NULL,
  registration_id         INTEGER NOT NULL,
  signed_prekey_id        INTEGER NOT NULL,
  signed_prekey_public    BLOB    NOT NULL,
  signed_prekey_private   BLOB    NOT NULL,
  signed_prekey_signature BLOB    NOT NULL,
  adv_secret              BLOB    NOT NULL,
  account_jid             TEXT,
  account_lid             TEXT,
  account_push_name       TEXT,
  account_platform        TEXT,
  account_signed_identity BLOB,
  updated_at              BIGINT  NOT NULL
);

-- Remote identity keys, by Signal address.
CREATE TABLE identities (
  session_id   TEXT    NOT NULL,
  address      TEXT    NOT NULL,
  identity_key BLOB    NOT NULL,
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (session_id, address)
);

-- One-time prekeys (24-bit ids) and whether the server has them.
CREATE TABLE prekeys (
  session_id  TEXT    NOT NULL,
  key_id      INTEGER NOT NULL,
  public_key  BLOB    NOT NULL,
  private_key BLOB    NOT NULL,
  uploaded    BOOLEAN NOT NULL DEFAULT FALSE,
  created_at  BIGINT  NOT NULL,
  PRIMARY KEY (session_id, key_id)
);

-- The highest prekey id ever stored per session, so a consumed key's id is never reused.
CREATE TABLE prekey_counters (
  session_id TEXT    NOT NULL PRIMARY KEY,
  max_id     INTEGER NOT NULL
);

-- Serialized Signal session records, by Signal address.
CREATE TABLE signal_sessions (
  session_id TEXT    NOT NULL,
  address    TEXT    NOT NULL,
  record     BLOB    NOT NULL,
  updated_at BIGINT  NOT NULL,
  PRIMARY KEY (session_id, address)
);

-- Serialized sender-key records, by group and sender address.
CREATE TABLE sender_keys (
  session_id     TEXT    NOT NULL,
  group_id       TEXT    NOT NULL,
  sender_address TEXT    NOT NULL,
  record         BLOB    NOT NULL,
  updated_at     BIGINT  NOT NULL,
  PRIMARY KEY (session_id, group_id, sender_address)
);

-- App-state sync keys shared by the primary phone, by key id.
CREATE TABLE app_state_keys (
  session_id TEXT    NOT NULL,
  key_id     BLOB    NOT NULL,
  key_data   BLOB    NOT NULL,
  updated_at BIGINT  NOT NULL,
  PRIMARY KEY (session_id, key_id)
);
