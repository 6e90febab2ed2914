-- Plaintexts of decrypted messages until they are surely acknowledged (docs/protocol/messaging.md §2.3):
-- a stanza redelivered after a crash is replayed from here. Pruned by age.
CREATE TABLE message_journal (
  session_id  TEXT    NOT NULL,
  entry_key   TEXT    NOT NULL,
  plaintext   BLOB    NOT NULL,
  recorded_at BIGINT  NOT NULL,
  PRIMARY KEY (session_id, entry_key)
);

CREATE INDEX message_journal_age ON message_journal (session_id, recorded_at);
