package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Builders for the receipts we send (docs/protocol/messaging.md §2.6, §2.7). */
public final class Receipts {
  /** whatsmeow stops asking after this many retries of one message (§2.7). */
  public static final int MAX_RETRY_COUNT = 5;

  private Receipts() {}

  /**
   * The {@code type} of the delivery receipt for a successfully decrypted message (§2.6): {@code
   * sender} for a copy from our own other device, {@code peer_msg} for a peer (own-device protocol)
   * message, {@code inactive} while we are not marked online, else null (a plain delivery).
   *
   * @param fromOwnAccount whether the sender is our own account (any of our devices)
   */
  public static String deliveryType(
      InboundMessage message, boolean fromOwnAccount, boolean online) {
    if ("peer".equals(message.category())) {
      return "peer_msg";
    }
    if (message.recipient() != null || fromOwnAccount) {
      return "sender";
    }
    return online ? null : "inactive";
  }

  /**
   * {@code <receipt id to [participant] [recipient] [type]/>} acknowledging delivery of {@code
   * message}; {@code type} null means a plain delivery receipt.
   */
  public static BinaryNode delivery(InboundMessage message, String type) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("receipt")
            .attr("id", message.id())
            .attr("to", message.node().attr("from"));
    copy(message.node(), b, "participant");
    copy(message.node(), b, "recipient");
    if (type != null) {
      b.attr("type", type);
    }
    return b.build();
  }

  /**
   * A read (or {@code read-self}, {@code played}) receipt for {@code ids} in {@code chat}. In
   * groups {@code sender} is the author of the messages (no device); null in 1:1 chats.
   */
  public static BinaryNode read(
      Jid chat, Jid sender, List<String> ids, long unixSeconds, String type) {
    Objects.requireNonNull(chat, "chat");
    if (ids == null || ids.isEmpty()) {
      throw new ValidationException("a read receipt needs at least one message id");
    }
    if (!List.of("read", "read-self", "played", "played-self").contains(type)) {
      throw new ValidationException("not a read receipt type: " + type);
    }
    BinaryNode.Builder b =
        BinaryNode.newBuilder("receipt")
            .attr("id", ids.get(0))
            .attr("to", chat.toNonAd())
            .attr("type", type)
            .attr("t", Long.toString(unixSeconds));
    if (sender != null) {
      b.attr("participant", sender.toNonAd());
    }
    if (ids.size() > 1) {
      BinaryNode.Builder list = BinaryNode.newBuilder("list");
      for (String id : ids.subList(1, ids.size())) {
        list.child(BinaryNode.newBuilder("item").attr("id", id).build());
      }
      b.child(list.build());
    }
    return b.build();
  }

  /**
   * Whether a retry receipt must carry {@code <keys>}: from the second attempt on, or when forced
   * (a group skmsg failed for want of the sender key).
   */
  public static boolean keysRequired(int count, boolean forced) {
    return forced || count >= 2;
  }

  /**
   * The retry count to send for {@code message} when we already sent {@code previousRetries} retry
   * receipts for its id: one more, but past the {@code count} of a resend we received.
   */
  public static int nextRetryCount(InboundMessage message, int previousRetries) {
    return Math.max(previousRetries, message.resendCount()) + 1;
  }

  /**
   * A retry receipt asking the sender to re-encrypt {@code message} (§2.7).
   *
   * @param count 1 for the first retry
   * @param registrationId our registration id
   * @param keys our fresh prekey bundle, required when {@link #keysRequired} says so; else null
   */
  public static BinaryNode retry(
      InboundMessage message, int count, int registrationId, RetryKeys keys) {
    if (count < 1) {
      throw new ValidationException("retry count starts at 1");
    }
    BinaryNode.Builder b =
        BinaryNode.newBuilder("receipt")
            .attr("id", message.id())
            .attr("to", message.node().attr("from"))
            .attr("type", "retry");
    copy(message.node(), b, "participant");
    copy(message.node(), b, "recipient");
    if ("peer".equals(message.category())) {
      b.attr("category", "peer");
    }
    b.child(
        BinaryNode.newBuilder("retry")
            .attr("count", Integer.toString(count))
            .attr("id", message.id())
            .attr("t", Long.toString(message.timestamp()))
            .attr("v", "1")
            .build());
    b.child(Stanzas.bytesNode("registration", Stanzas.bigEndian(registrationId, 4)));
    if (keys != null) {
      b.child(keys.node());
    }
    return b.build();
  }

  private static void copy(BinaryNode from, BinaryNode.Builder to, String attr) {
    String v = from.attr(attr);
    if (v != null) {
      to.attr(attr, v);
    }
  }

  /**
   * Our keys for a retry receipt: identity, a fresh one-time prekey (generated and stored before
   * the receipt is sent), the signed prekey and our ADVSignedDeviceIdentity.
   */
  public record RetryKeys(
      byte[] identityKey,
      int preKeyId,
      byte[] preKey,
      int signedPreKeyId,
      byte[] signedPreKey,
      byte[] signedPreKeySignature,
      byte[] deviceIdentity) {
    public RetryKeys {
      identityKey = raw(identityKey, "identity key");
      preKey = raw(preKey, "prekey");
      signedPreKey = raw(signedPreKey, "signed prekey");
      if (signedPreKeySignature == null || signedPreKeySignature.length != 64) {
        throw new ValidationException("signed prekey signature must be 64 bytes");
      }
      signedPreKeySignature = signedPreKeySignature.clone();
      Objects.requireNonNull(deviceIdentity, "deviceIdentity");
      deviceIdentity = deviceIdentity.clone();
      if (preKeyId < 0 || preKeyId > 0xFFFFFF || signedPreKeyId < 0 || signedPreKeyId > 0xFFFFFF) {
        throw new ValidationException("prekey ids are 3 bytes");
      }
    }

    private static byte[] raw(byte[] key, String what) {
      if (key != null && key.length == 33 && key[0] == 0x05) {
        return Arrays.copyOfRange(key, 1, 33);
      }
      if (key == null || key.length != 32) {
        throw new ValidationException(what + " must be 32 bytes");
      }
      return key.clone();
    }

    BinaryNode node() {
      return BinaryNode.newBuilder("keys")
          .child(Stanzas.bytesNode("type", new byte[] {0x05}))
          .child(Stanzas.bytesNode("identity", identityKey))
          .child(
              BinaryNode.newBuilder("key")
                  .child(Stanzas.bytesNode("id", Stanzas.bigEndian(preKeyId, 3)))
                  .child(Stanzas.bytesNode("value", preKey))
                  .build())
          .child(
              BinaryNode.newBuilder("skey")
                  .child(Stanzas.bytesNode("id", Stanzas.bigEndian(signedPreKeyId, 3)))
                  .child(Stanzas.bytesNode("value", signedPreKey))
                  .child(Stanzas.bytesNode("signature", signedPreKeySignature))
                  .build())
          .child(Stanzas.bytesNode("device-identity", deviceIdentity))
          .build();
    }

    @Override
    public String toString() {
      return "RetryKeys[preKeyId=" + preKeyId + ", signedPreKeyId=" + signedPreKeyId + "]";
    }
  }
}
