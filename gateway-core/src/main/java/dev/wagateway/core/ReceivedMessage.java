package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.time.Instant;
import java.util.Objects;

/**
 * The key of a message a session received, kept (without its content) for 30 days so that a later
 * reply or reaction can name the message's author: in a group WhatsApp needs the quoted message's
 * sender as {@code participant}.
 *
 * @param sessionId the session that received it
 * @param chat the chat JID: the group, or the other user of a 1:1 chat (without device)
 * @param id the WhatsApp message id
 * @param sender who sent it (user JID without device): the group participant, the other user, or
 *     our own account for a message sent from another of our devices
 * @param fromMe whether it came from one of our own devices (the phone or another linked device)
 * @param receivedAt when this session decrypted it
 */
public record ReceivedMessage(
    String sessionId, String chat, String id, String sender, boolean fromMe, Instant receivedAt) {
  public ReceivedMessage {
    if (sessionId == null || sessionId.isBlank()) {
      throw new ValidationException("a received message needs its session id");
    }
    if (chat == null || chat.isBlank()) {
      throw new ValidationException("a received message needs its chat");
    }
    if (id == null || id.isBlank()) {
      throw new ValidationException("a received message needs its id");
    }
    if (sender == null || sender.isBlank()) {
      throw new ValidationException("a received message needs its sender");
    }
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
