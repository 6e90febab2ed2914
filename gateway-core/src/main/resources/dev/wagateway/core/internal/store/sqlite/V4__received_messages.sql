-- Keys of messages a session received (never their content): who sent each one, so a later reply
-- or reaction in a group can name the quoted message's author. Written in the transaction that
-- decrypted the message. Pruned by age.
CREATE TABLE received_messages (
  session_id  TEXT    NOT NULL,
  chat        TEXT    NOT NULL,
  message_id  TEXT    NOT NULL,
  sender      TEXT    NOT NULL,
  from_me     INTEGER NOT NULL,
  received_at BIGINT  NOT NULL,
  PRIMARY KEY (session_id, chat, message_id)
);

CREATE INDEX received_messages_age ON received_messages (session_id, received_at);
