package dev.wagateway.core.event;

import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code message.received}: a message was decrypted and decoded. {@code fromMe} is true for a copy
 * of what our own phone or other device sent ({@code deviceSentMessage}); {@code chat} is then the
 * real chat. {@code content} never appears in logs (its {@code toString} leaves text out).
 */
public record MessageReceived(
    String sessionId,
    Instant at,
    MessageKey key,
    String chat,
    String sender,
    String pushName,
    Instant timestamp,
    MessageContent content,
    boolean fromMe)
    implements SessionEvent {
  public MessageReceived {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }
}
