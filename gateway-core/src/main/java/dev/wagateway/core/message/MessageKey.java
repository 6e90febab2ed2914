package dev.wagateway.core.message;

import dev.wagateway.core.GatewayException.ValidationException;

/**
 * Identifies one message in a chat, as messages refer to each other (reactions, revokes, edits,
 * quotes).
 *
 * @param remoteJid the chat: the other user for a 1:1 chat, the group for a group
 * @param fromMe whether the message was sent by this account
 * @param id the message id
 * @param participant in groups, the sender of the message when it is not us; null otherwise
 */
public record MessageKey(String remoteJid, boolean fromMe, String id, String participant) {
  public MessageKey {
    if (remoteJid == null || remoteJid.isBlank()) {
      throw new ValidationException("message key needs the chat JID");
    }
    if (id == null || id.isBlank()) {
      throw new ValidationException("message key needs the message id");
    }
    if (participant != null && participant.isBlank()) {
      participant = null;
    }
  }

  /** A key without participant (1:1 chats, or our own message in a group). */
  public static MessageKey of(String remoteJid, boolean fromMe, String id) {
    return new MessageKey(remoteJid, fromMe, id, null);
  }
}
