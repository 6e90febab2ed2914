package dev.wagateway.core.internal.messaging;

import static dev.wagateway.core.internal.messaging.Stanzas.bad;

import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An incoming {@code message} stanza (docs/protocol/messaging.md §2.1), parsed but not decrypted.
 *
 * @param node the stanza as received (acks and receipts copy attributes from it)
 * @param id the message id
 * @param from 1:1: the sender device; groups and broadcasts: the chat
 * @param participant groups and broadcasts: the sender device; else null
 * @param recipient set when our own other device sent the message: the chat partner; else null
 * @param type the {@code type} attribute ({@code text}, {@code media}, …), empty when absent
 * @param timestamp server time, unix seconds (0 when absent)
 * @param pushName the sender's push name, null when absent or {@code "-"}
 * @param category {@code peer} for own-device protocol messages, else null
 * @param offline whether it came from the offline queue
 * @param edit the {@code edit} attribute, null when absent
 * @param senderAlt the alternate identity of the sender ({@code sender_lid}/{@code sender_pn}, or
 *     {@code participant_lid}/{@code participant_pn} in groups), with the sender's device; else
 *     null
 * @param encs the {@code enc} children in stanza order
 * @param unavailableType the {@code unavailable} child's type when there is one, else null
 */
public record InboundMessage(
    BinaryNode node,
    String id,
    Jid from,
    Jid participant,
    Jid recipient,
    String type,
    long timestamp,
    String pushName,
    String category,
    boolean offline,
    String edit,
    Jid senderAlt,
    List<Enc> encs,
    String unavailableType) {

  public InboundMessage {
    Objects.requireNonNull(node, "node");
    encs = List.copyOf(encs);
  }

  /**
   * Parses a {@code message} stanza.
   *
   * @throws WireException {@code bad_stanza} without id or from, a group message without
   *     participant, or an {@code enc} without content
   */
  public static InboundMessage parse(BinaryNode node) throws WireException {
    if (!"message".equals(node.tag())) {
      throw bad("not a message stanza: " + node.tag());
    }
    String id = Stanzas.required(node, "id");
    Jid from = Stanzas.jid(node, "from");
    Jid participant = Stanzas.optionalJid(node, "participant");
    if ((from.isGroup() || from.isBroadcast()) && participant == null) {
      throw bad("group or broadcast message without participant");
    }
    Jid recipient = Stanzas.optionalJid(node, "recipient");
    String notify = node.attr("notify");
    if (notify != null && (notify.isEmpty() || notify.equals("-"))) {
      notify = null;
    }
    Jid sender = participant != null ? participant : from;
    Jid alt =
        participant != null
            ? alternate(node, "participant_lid", "participant_pn", sender)
            : alternate(node, "sender_lid", "sender_pn", sender);
    List<Enc> encs = new ArrayList<>();
    for (BinaryNode e : node.children("enc")) {
      byte[] ciphertext = e.bytes();
      if (ciphertext == null || ciphertext.length == 0) {
        throw bad("enc without ciphertext");
      }
      String encType = Stanzas.required(e, "type");
      int version = (int) Math.min(Stanzas.number(e, "v", 2), Integer.MAX_VALUE);
      int count = (int) Math.min(Stanzas.number(e, "count", 0), Integer.MAX_VALUE);
      encs.add(
          new Enc(
              encType, version, count, e.attr("mediatype"), e.attr("decrypt-fail"), ciphertext));
    }
    BinaryNode unavailable = node.child("unavailable");
    String unavailableType =
        unavailable == null ? null : Objects.requireNonNullElse(unavailable.attr("type"), "");
    return new InboundMessage(
        node,
        id,
        from,
        participant,
        recipient,
        Objects.requireNonNullElse(node.attr("type"), ""),
        Stanzas.number(node, "t", 0),
        notify,
        node.attr("category"),
        node.attr("offline") != null,
        node.attr("edit"),
        alt,
        encs,
        unavailableType);
  }

  private static Jid alternate(BinaryNode node, String lidAttr, String pnAttr, Jid sender)
      throws WireException {
    Jid alt = Stanzas.optionalJid(node, sender.isLid() ? pnAttr : lidAttr);
    if (alt == null || !alt.isUser()) {
      return null;
    }
    return alt.withDevice(sender.device());
  }

  /** The sending device: {@code participant} in groups and broadcasts, else {@code from}. */
  public Jid sender() {
    return participant != null ? participant : from;
  }

  public boolean isGroup() {
    return from.isGroup();
  }

  /**
   * The chat the message belongs to: the group or broadcast list; for a 1:1 message sent by our own
   * other device the {@code recipient}; else the sender's user JID.
   */
  public Jid chat() {
    if (from.isGroup() || from.isBroadcast()) {
      return from;
    }
    if (recipient != null) {
      return recipient.toNonAd();
    }
    return from.toNonAd();
  }

  /** Whether nothing was encrypted for us: an {@code unavailable} child and no {@code enc}. */
  public boolean unavailable() {
    return encs.isEmpty() && unavailableType != null;
  }

  /** The highest {@code count} on the encs (non-zero when this is a resend after a retry). */
  public int resendCount() {
    int max = 0;
    for (Enc e : encs) {
      max = Math.max(max, e.count());
    }
    return max;
  }

  /**
   * One {@code enc} child.
   *
   * @param type {@code pkmsg}, {@code msg}, {@code skmsg} (or another kind we do not decrypt)
   * @param version the {@code v} attribute: 2 = padded {@code Message}, 3 = unpadded
   * @param count the retry {@code count}, 0 when absent
   * @param mediaType the {@code mediatype} attribute, else null
   * @param decryptFail the {@code decrypt-fail} attribute ({@code hide}), else null
   * @param ciphertext the Signal bytes
   */
  public record Enc(
      String type,
      int version,
      int count,
      String mediaType,
      String decryptFail,
      byte[] ciphertext) {
    public Enc {
      Objects.requireNonNull(type, "type");
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Enc e
          && type.equals(e.type)
          && version == e.version
          && count == e.count
          && Objects.equals(mediaType, e.mediaType)
          && Objects.equals(decryptFail, e.decryptFail)
          && Arrays.equals(ciphertext, e.ciphertext);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
      return "Enc[type=" + type + ", v=" + version + ", length=" + ciphertext.length + "]";
    }
  }
}
