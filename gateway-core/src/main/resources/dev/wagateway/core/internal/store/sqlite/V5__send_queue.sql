-- The send queue (docs/architecture.md, Send path): a message accepted for sending keeps its
-- encoded content here until it was handed to the network, so an accepted send survives a
-- restart. NULL once sent or failed; queue_seq keeps the order sends were accepted in.
ALTER TABLE sent_messages ADD COLUMN payload BLOB;
ALTER TABLE sent_messages ADD COLUMN queue_seq INTEGER;

CREATE INDEX sent_messages_queue ON sent_messages (session_id, queue_seq);
