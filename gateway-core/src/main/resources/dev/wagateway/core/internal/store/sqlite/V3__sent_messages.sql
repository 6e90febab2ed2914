-- Messages a session sent and where they stand (pending, sent, delivered, read, failed), written
-- before the message's Signal encryption so nothing goes out without a record. Pruned by age.
CREATE TABLE sent_messages (
  session_id    TEXT    NOT NULL,
  message_id    TEXT    NOT NULL,
  chat          TEXT    NOT NULL,
  message_type  TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  error_code    TEXT,
  error_message TEXT,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  PRIMARY KEY (session_id, message_id)
);

CREATE INDEX sent_messages_age ON sent_messages (session_id, created_at);
