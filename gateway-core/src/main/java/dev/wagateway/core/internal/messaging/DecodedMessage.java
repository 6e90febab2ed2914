package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.message.MessageContent;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded end-to-end {@code Message} with the envelope facts the session needs besides the
 * content.
 *
 * @param content what the message says; null when it carried only protocol parts (e.g. a bare
 *     sender-key distribution in a group)
 * @param destinationJid for a copy of a message our own phone sent ({@code deviceSentMessage}): the
 *     chat it was sent to; else null
 * @param senderKeyDistribution an embedded sender-key distribution, else null
 * @param messageSecret {@code messageContextInfo.messageSecret} (32 bytes), else null
 * @param viewOnce whether a view-once wrapper was removed
 * @param ephemeral whether an ephemeral (disappearing) wrapper was removed
 */
public record DecodedMessage(
    MessageContent content,
    String destinationJid,
    SenderKeyDistribution senderKeyDistribution,
    byte[] messageSecret,
    boolean viewOnce,
    boolean ephemeral) {

  public DecodedMessage {
    messageSecret = messageSecret == null ? null : messageSecret.clone();
  }

  @Override
  public byte[] messageSecret() {
    return messageSecret == null ? null : messageSecret.clone();
  }

  /** Whether the message came from our own other device (a {@code deviceSentMessage}). */
  public boolean deviceSent() {
    return destinationJid != null;
  }

  /**
   * A sender-key distribution for a group.
   *
   * @param groupId the group JID string the key is for
   * @param axolotlMessage the serialized SenderKeyDistributionMessage (0x33 ‖ protobuf)
   */
  public record SenderKeyDistribution(String groupId, byte[] axolotlMessage) {
    public SenderKeyDistribution {
      Objects.requireNonNull(axolotlMessage, "axolotlMessage");
      axolotlMessage = axolotlMessage.clone();
    }

    @Override
    public byte[] axolotlMessage() {
      return axolotlMessage.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SenderKeyDistribution s
          && Objects.equals(groupId, s.groupId)
          && Arrays.equals(axolotlMessage, s.axolotlMessage);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(groupId) * 31 + Arrays.hashCode(axolotlMessage);
    }

    @Override
    public String toString() {
      return "SenderKeyDistribution[groupId=" + groupId + "]";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodedMessage d
        && Objects.equals(content, d.content)
        && Objects.equals(destinationJid, d.destinationJid)
        && Objects.equals(senderKeyDistribution, d.senderKeyDistribution)
        && Arrays.equals(messageSecret, d.messageSecret)
        && viewOnce == d.viewOnce
        && ephemeral == d.ephemeral;
  }

  @Override
  public int hashCode() {
    return Objects.hash(content, destinationJid, senderKeyDistribution, viewOnce, ephemeral);
  }

  @Override
  public String toString() {
    return "DecodedMessage[content="
        + content
        + ", deviceSent="
        + deviceSent()
        + ", skdm="
        + (senderKeyDistribution != null)
        + ", viewOnce="
        + viewOnce
        + ", ephemeral="
        + ephemeral
        + "]";
  }
}
