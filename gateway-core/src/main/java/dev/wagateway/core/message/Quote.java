package dev.wagateway.core.message;

import dev.wagateway.core.GatewayException.ValidationException;

/**
 * The message a reply quotes.
 *
 * @param stanzaId id of the quoted message
 * @param participant sender of the quoted message (a user JID); may be null for our own messages in
 *     some clients
 * @param remoteJid the chat of the quoted message when it differs from the reply's; usually null
 * @param quoted the quoted content as the replying client copied it; null when absent
 */
public record Quote(String stanzaId, String participant, String remoteJid, MessageContent quoted) {
  public Quote {
    if (stanzaId == null || stanzaId.isBlank()) {
      throw new ValidationException("a quote needs the quoted message id");
    }
  }
}
