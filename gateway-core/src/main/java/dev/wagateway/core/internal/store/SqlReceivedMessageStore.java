package dev.wagateway.core.internal.store;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.store.ReceivedMessageStore;
import java.time.Instant;
import java.util.Optional;

/** The {@code received_messages} table. */
final class SqlReceivedMessageStore implements ReceivedMessageStore {
  private final String sessionId;
  private final SqlDatabase db;

  SqlReceivedMessageStore(String sessionId, SqlDatabase db) {
    this.sessionId = sessionId;
    this.db = db;
  }

  @Override
  public void record(ReceivedMessage m) {
    Checks.present(m, "received message");
    if (!sessionId.equals(m.sessionId())) {
      throw new ValidationException("the record belongs to another session");
    }
    db.transaction(
        "record a received message of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO received_messages"
                    + " (session_id, chat, message_id, sender, from_me, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, chat, message_id)"
                    + " DO UPDATE SET sender = excluded.sender, from_me = excluded.from_me,"
                    + " received_at = excluded.received_at",
                sessionId,
                m.chat(),
                m.id(),
                m.sender(),
                m.fromMe() ? 1 : 0,
                m.receivedAt().toEpochMilli()));
  }

  @Override
  public Optional<ReceivedMessage> load(String chat, String messageId) {
    Checks.text(chat, "chat");
    Checks.text(messageId, "message id");
    return db.read(
        "load a received message of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT sender, from_me, received_at FROM received_messages"
                    + " WHERE session_id = ? AND chat = ? AND message_id = ?",
                rs ->
                    new ReceivedMessage(
                        sessionId,
                        chat,
                        messageId,
                        rs.getString("sender"),
                        rs.getInt("from_me") != 0,
                        Instant.ofEpochMilli(rs.getLong("received_at"))),
                sessionId,
                chat,
                messageId));
  }

  @Override
  public int deleteOlderThan(long epochMillis) {
    return db.transaction(
        "prune the received messages of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "DELETE FROM received_messages WHERE session_id = ? AND received_at < ?",
                sessionId,
                epochMillis));
  }
}
