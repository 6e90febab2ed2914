package dev.wagateway.core.internal.messaging;

import static dev.wagateway.core.internal.messaging.Stanzas.bad;

import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code receipt} for messages we sent (docs/protocol/messaging.md §2.10), or a retry request
 * (§2.7).
 *
 * @param node the stanza as received (for the ack)
 * @param kind what the receipt says
 * @param type the raw {@code type} attribute, empty for a plain delivery receipt
 * @param from the device that sent the receipt, or the group
 * @param participant in groups: the reader's device; else null
 * @param recipient set on receipts about our own other device's messages; else null
 * @param ids the message ids: the {@code id} attribute, then each {@code list/item}
 * @param timestamp unix seconds, 0 when absent
 * @param readers the grouped group form ({@code participants/user}): who, and when; else empty
 * @param retry the retry request when {@code kind} is {@link Kind#RETRY}, else null
 */
public record IncomingReceipt(
    BinaryNode node,
    Kind kind,
    String type,
    Jid from,
    Jid participant,
    Jid recipient,
    List<String> ids,
    long timestamp,
    List<Reader> readers,
    RetryRequest retry) {

  /** The receipt kinds (§2.6). */
  public enum Kind {
    DELIVERED,
    READ,
    READ_SELF,
    PLAYED,
    PLAYED_SELF,
    RETRY,
    SENDER,
    INACTIVE,
    PEER_MSG,
    HIST_SYNC,
    SERVER_ERROR,
    OTHER
  }

  public IncomingReceipt {
    Objects.requireNonNull(node, "node");
    ids = List.copyOf(ids);
    readers = List.copyOf(readers);
  }

  /**
   * Parses a {@code receipt} stanza.
   *
   * @throws WireException {@code bad_stanza} without id or from, or a malformed retry
   */
  public static IncomingReceipt parse(BinaryNode node) throws WireException {
    if (!"receipt".equals(node.tag())) {
      throw bad("not a receipt: " + node.tag());
    }
    String id = Stanzas.required(node, "id");
    Jid from = Stanzas.jid(node, "from");
    String type = Objects.requireNonNullElse(node.attr("type"), "");
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    BinaryNode list = node.child("list");
    if (list != null) {
      for (BinaryNode item : list.children("item")) {
        String itemId = item.attr("id");
        if (itemId != null && !itemId.isEmpty()) {
          ids.add(itemId);
        }
      }
    }
    List<Reader> readers = new ArrayList<>();
    BinaryNode participants = node.child("participants");
    if (participants != null) {
      for (BinaryNode user : participants.children("user")) {
        readers.add(new Reader(Stanzas.jid(user, "jid"), Stanzas.number(user, "t", 0)));
      }
    }
    Kind kind = kind(type);
    RetryRequest retry = kind == Kind.RETRY ? RetryRequest.parse(node) : null;
    return new IncomingReceipt(
        node,
        kind,
        type,
        from,
        Stanzas.optionalJid(node, "participant"),
        Stanzas.optionalJid(node, "recipient"),
        new ArrayList<>(ids),
        Stanzas.number(node, "t", 0),
        readers,
        retry);
  }

  private static Kind kind(String type) {
    return switch (type) {
      case "" -> Kind.DELIVERED;
      case "read" -> Kind.READ;
      case "read-self" -> Kind.READ_SELF;
      case "played" -> Kind.PLAYED;
      case "played-self" -> Kind.PLAYED_SELF;
      case "retry" -> Kind.RETRY;
      case "sender" -> Kind.SENDER;
      case "inactive" -> Kind.INACTIVE;
      case "peer_msg" -> Kind.PEER_MSG;
      case "hist_sync" -> Kind.HIST_SYNC;
      case "server-error" -> Kind.SERVER_ERROR;
      default -> Kind.OTHER;
    };
  }

  /** The device whose receipt this is: {@code participant} in groups, else {@code from}. */
  public Jid sender() {
    return participant != null ? participant : from;
  }

  /** One reader in the grouped group form. */
  public record Reader(Jid jid, long timestamp) {}

  /**
   * A retry receipt: the recipient could not decrypt message {@code id} and asks us to re-encrypt
   * it.
   *
   * @param id the message id
   * @param count which attempt this is (1 first)
   * @param timestamp the {@code t} of the original message
   * @param registrationId the requester's registration id
   * @param bundle the requester's keys when it sent {@code <keys>}: build a fresh session from them
   */
  public record RetryRequest(
      String id, int count, long timestamp, int registrationId, PreKeyBundle bundle) {

    static RetryRequest parse(BinaryNode receipt) throws WireException {
      BinaryNode retry = receipt.child("retry");
      if (retry == null) {
        throw bad("retry receipt without retry child");
      }
      String id = retry.attr("id");
      if (id == null || id.isEmpty()) {
        id = Stanzas.required(receipt, "id");
      }
      long count = Stanzas.number(retry, "count", 1);
      byte[] registration = Stanzas.childContent(receipt, "registration");
      if (registration == null || registration.length != 4) {
        throw bad("retry receipt registration must be 4 bytes");
      }
      PreKeyBundle bundle = null;
      BinaryNode keys = receipt.child("keys");
      if (keys != null) {
        bundle = PreKeyFetch.bundle(keys, registration);
      }
      return new RetryRequest(
          id,
          (int) Math.min(count, Integer.MAX_VALUE),
          Stanzas.number(retry, "t", 0),
          Stanzas.bigEndian(registration),
          bundle);
    }
  }
}
