package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builders for the {@code message} stanzas we send (docs/protocol/messaging.md §3.5, §4.2, §2.7
 * resend).
 */
public final class OutgoingStanzas {
  private OutgoingStanzas() {}

  /**
   * The {@code enc} attributes that depend on the content: {@code mediatype} (only when {@code
   * withMediaType}: 1:1 sends and the group skmsg) and {@code decrypt-fail="hide"}.
   */
  public static Map<String, String> encAttributes(Message message, boolean withMediaType) {
    Map<String, String> attrs = new LinkedHashMap<>();
    String mediaType = MessageCodec.mediaType(message);
    if (withMediaType && mediaType != null) {
      attrs.put("mediatype", mediaType);
    }
    if (MessageCodec.hideDecryptFailure(message)) {
      attrs.put("decrypt-fail", "hide");
    }
    return attrs;
  }

  /** {@code <enc v="2" type=… [extra…]>ciphertext</enc>}. */
  public static BinaryNode enc(String type, byte[] ciphertext, Map<String, String> extra) {
    BinaryNode.Builder b = BinaryNode.newBuilder("enc").attr("v", "2").attr("type", type);
    extra.forEach(b::attr);
    return b.bytes(ciphertext).build();
  }

  /** {@code <to jid=device><enc …/></to>}. */
  public static BinaryNode to(Jid device, EncryptResult result, Map<String, String> encAttrs) {
    return BinaryNode.newBuilder("to")
        .attr("jid", device)
        .child(enc(result.type(), result.ciphertext(), encAttrs))
        .build();
  }

  /**
   * The 1:1 stanza (§3.5): {@code <message id type to [peer_recipient_pn] [edit]><participants/>
   * [<device-identity/>]</message>}; {@code device-identity} is added iff the fanout holds a pkmsg.
   *
   * @param deviceIdentity our ADVSignedDeviceIdentity bytes
   * @param peerRecipientPn the recipient's phone-number JID when {@code to} is a LID, else null
   */
  public static BinaryNode direct(
      String id,
      Jid to,
      Message message,
      Fanout fanout,
      byte[] deviceIdentity,
      Jid peerRecipientPn) {
    requireId(id);
    if (fanout.participants().isEmpty()) {
      throw new ValidationException("a message needs at least one encrypted device");
    }
    BinaryNode.Builder b =
        BinaryNode.newBuilder("message")
            .attr("id", id)
            .attr("type", MessageCodec.stanzaType(message))
            .attr("to", to.toNonAd());
    if (peerRecipientPn != null) {
      b.attr("peer_recipient_pn", peerRecipientPn.toNonAd());
    }
    String edit = MessageCodec.editAttribute(message);
    if (edit != null) {
      b.attr("edit", edit);
    }
    b.child(BinaryNode.of("participants", Map.of(), fanout.participants()));
    if (fanout.anyPreKey()) {
      b.child(deviceIdentity(deviceIdentity));
    }
    return b.build();
  }

  /**
   * The group stanza (§4.2): {@code <message id type to phash [addressing_mode] [edit]>} with the
   * sender-key carriers in {@code participants} (omitted when nobody needs our key), {@code
   * device-identity} iff any carrier is a pkmsg, and the {@code skmsg}.
   *
   * @param phash the participant hash over every device of the send (§4.4), or null to omit it
   * @param addressingMode {@code lid} or {@code pn}, or null to omit the attribute
   */
  public static BinaryNode group(
      String id,
      Jid group,
      Message message,
      Fanout carriers,
      byte[] skmsg,
      String phash,
      byte[] deviceIdentity,
      String addressingMode) {
    requireId(id);
    Objects.requireNonNull(skmsg, "skmsg");
    BinaryNode.Builder b =
        BinaryNode.newBuilder("message")
            .attr("id", id)
            .attr("type", MessageCodec.stanzaType(message))
            .attr("to", group);
    if (phash != null) {
      b.attr("phash", phash);
    }
    if (addressingMode != null) {
      b.attr("addressing_mode", addressingMode);
    }
    String edit = MessageCodec.editAttribute(message);
    if (edit != null) {
      b.attr("edit", edit);
    }
    if (!carriers.participants().isEmpty()) {
      b.child(BinaryNode.of("participants", Map.of(), carriers.participants()));
    }
    if (carriers.anyPreKey()) {
      b.child(deviceIdentity(deviceIdentity));
    }
    b.child(enc("skmsg", skmsg, encAttributes(message, true)));
    return b.build();
  }

  /**
   * The answer to a retry receipt (§2.7 step 5): the message re-encrypted for the one device that
   * asked, with {@code count} on the enc and no {@code participants} wrapper.
   *
   * @param to the receipt's {@code from}
   * @param participant the receipt's {@code participant} (groups), else null
   * @param recipient the receipt's {@code recipient}, else null
   * @param timestamp the {@code t} the retry receipt named
   */
  public static BinaryNode retryResend(
      String id,
      Jid to,
      Jid participant,
      Jid recipient,
      long timestamp,
      Message message,
      EncryptResult encrypted,
      int count,
      byte[] deviceIdentity) {
    requireId(id);
    BinaryNode.Builder b =
        BinaryNode.newBuilder("message")
            .attr("to", to)
            .attr("id", id)
            .attr("type", MessageCodec.stanzaType(message))
            .attr("t", Long.toString(timestamp));
    if (participant == null && !to.isGroup()) {
      b.attr("device_fanout", "false");
    }
    if (participant != null) {
      b.attr("participant", participant);
    }
    if (recipient != null) {
      b.attr("recipient", recipient);
    }
    String edit = MessageCodec.editAttribute(message);
    if (edit != null) {
      b.attr("edit", edit);
    }
    Map<String, String> encAttrs = new LinkedHashMap<>();
    encAttrs.put("count", Integer.toString(count));
    encAttrs.putAll(encAttributes(message, participant == null));
    b.child(enc(encrypted.type(), encrypted.ciphertext(), encAttrs));
    if (encrypted.preKeyMessage()) {
      b.child(deviceIdentity(deviceIdentity));
    }
    return b.build();
  }

  private static BinaryNode deviceIdentity(byte[] deviceIdentity) {
    if (deviceIdentity == null || deviceIdentity.length == 0) {
      throw new ValidationException("a pkmsg needs our device identity");
    }
    return Stanzas.bytesNode("device-identity", deviceIdentity);
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank()) {
      throw new ValidationException("message id must not be blank");
    }
  }
}
