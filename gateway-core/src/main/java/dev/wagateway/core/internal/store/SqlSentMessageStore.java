package dev.wagateway.core.internal.store;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.store.SentMessageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code sent_messages} table. */
final class SqlSentMessageStore implements SentMessageStore {
  private static final String COLUMNS =
      "message_id, chat, message_type, status, error_code, error_message, created_at, updated_at";

  private final String sessionId;
  private final SqlDatabase db;

  SqlSentMessageStore(String sessionId, SqlDatabase db) {
    this.sessionId = sessionId;
    this.db = db;
  }

  @Override
  public void insert(SentMessage m) {
    Checks.present(m, "sent message");
    if (!sessionId.equals(m.sessionId())) {
      throw new ValidationException("the record belongs to another session");
    }
    db.transaction(
        "record a sent message of session " + sessionId,
        c -> {
          if (Jdbc.queryOne(
                  c,
                  "SELECT 1 FROM sent_messages WHERE session_id = ? AND message_id = ?",
                  rs -> 1,
                  sessionId,
                  m.id())
              .isPresent()) {
            throw new ValidationException("message id already recorded: " + m.id());
          }
          return Jdbc.update(
              c,
              "INSERT INTO sent_messages (session_id, "
                  + COLUMNS
                  + ")"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              sessionId,
              m.id(),
              m.to(),
              m.type(),
              m.status().wireName(),
              Jdbc.text(m.errorCode()),
              Jdbc.text(m.errorMessage()),
              m.createdAt().toEpochMilli(),
              m.updatedAt().toEpochMilli());
        });
  }

  @Override
  public Optional<SentMessage> load(String messageId) {
    Checks.text(messageId, "message id");
    return db.read(
        "load a sent message of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT " + COLUMNS + " FROM sent_messages WHERE session_id = ? AND message_id = ?",
                this::row,
                sessionId,
                messageId));
  }

  @Override
  public Optional<SentMessage> advance(
      String messageId, MessageStatus next, String errorCode, String errorMessage, long atMillis) {
    Checks.text(messageId, "message id");
    Checks.present(next, "status");
    return db.transaction(
        "advance a sent message of session " + sessionId,
        c -> {
          Optional<SentMessage> now =
              Jdbc.queryOne(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM sent_messages WHERE session_id = ? AND message_id = ?",
                  this::row,
                  sessionId,
                  messageId);
          if (now.isEmpty() || !now.get().status().canAdvanceTo(next)) {
            return Optional.<SentMessage>empty();
          }
          SentMessage moved =
              now.get().advancedTo(next, errorCode, errorMessage, Instant.ofEpochMilli(atMillis));
          Jdbc.update(
              c,
              "UPDATE sent_messages SET status = ?, error_code = ?, error_message = ?,"
                  + " updated_at = ? WHERE session_id = ? AND message_id = ?",
              moved.status().wireName(),
              Jdbc.text(moved.errorCode()),
              Jdbc.text(moved.errorMessage()),
              atMillis,
              sessionId,
              messageId);
          return Optional.of(moved);
        });
  }

  @Override
  public void enqueue(SentMessage m, byte[] payload) {
    Checks.present(payload, "payload");
    db.transaction(
        "queue a message of session " + sessionId,
        c -> {
          insert(m);
          long seq =
              Jdbc.queryOne(
                      c,
                      "SELECT COALESCE(MAX(queue_seq), 0) FROM sent_messages WHERE session_id = ?",
                      rs -> rs.getLong(1),
                      sessionId)
                  .orElse(0L);
          return Jdbc.update(
              c,
              "UPDATE sent_messages SET payload = ?, queue_seq = ?"
                  + " WHERE session_id = ? AND message_id = ?",
              payload.clone(),
              seq + 1,
              sessionId,
              m.id());
        });
  }

  @Override
  public List<Queued> queued() {
    return db.read(
        "load the send queue of session " + sessionId,
        c ->
            Jdbc.queryList(
                c,
                "SELECT "
                    + COLUMNS
                    + ", payload FROM sent_messages"
                    + " WHERE session_id = ? AND payload IS NOT NULL ORDER BY queue_seq",
                rs -> new Queued(row(rs), rs.getBytes("payload")),
                sessionId));
  }

  @Override
  public void dequeue(String messageId) {
    Checks.text(messageId, "message id");
    db.transaction(
        "dequeue a message of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "UPDATE sent_messages SET payload = NULL"
                    + " WHERE session_id = ? AND message_id = ?",
                sessionId,
                messageId));
  }

  @Override
  public int deleteOlderThan(long epochMillis) {
    return db.transaction(
        "prune the sent messages of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "DELETE FROM sent_messages WHERE session_id = ? AND created_at < ?",
                sessionId,
                epochMillis));
  }

  private SentMessage row(ResultSet rs) throws SQLException {
    return new SentMessage(
        rs.getString("message_id"),
        sessionId,
        rs.getString("chat"),
        rs.getString("message_type"),
        MessageStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getString("error_code"),
        rs.getString("error_message"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }
}
