package dev.wagateway.core.internal.messaging;

import static dev.wagateway.core.internal.messaging.Stanzas.bad;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.util.Objects;

/**
 * Acks we send for received stanzas (docs/protocol/messaging.md §2.9) and the server's ack for ours
 * (§3.7).
 */
public final class Acks {
  /** Nack codes (§2.9). */
  public static final int PARSING_ERROR = 487;

  public static final int UNRECOGNIZED_STANZA = 488;
  public static final int UNRECOGNIZED_STANZA_CLASS = 489;
  public static final int UNRECOGNIZED_STANZA_TYPE = 490;
  public static final int INVALID_PROTOBUF = 491;
  public static final int MISSING_MESSAGE_SECRET = 495;
  public static final int SIGNAL_ERROR_OLD_COUNTER = 496;
  public static final int UNHANDLED_ERROR = 500;

  private Acks() {}

  /**
   * {@code <ack class=<tag> id to=<from> [participant] [recipient] [type]/>} for a received {@code
   * receipt}, {@code notification}, {@code call} or unanswered {@code message}. The {@code type} is
   * copied except for messages.
   */
  public static BinaryNode ack(BinaryNode received) {
    return build(received, 0);
  }

  /** The same ack carrying {@code error=<code>} (a nack). */
  public static BinaryNode nack(BinaryNode received, int errorCode) {
    if (errorCode <= 0) {
      throw new ValidationException("nack needs an error code");
    }
    return build(received, errorCode);
  }

  private static BinaryNode build(BinaryNode received, int errorCode) {
    Objects.requireNonNull(received, "received");
    String id = received.attr("id");
    String from = received.attr("from");
    if (id == null || from == null) {
      throw new ValidationException("cannot ack a stanza without id and from");
    }
    BinaryNode.Builder b =
        BinaryNode.newBuilder("ack").attr("class", received.tag()).attr("id", id).attr("to", from);
    String participant = received.attr("participant");
    if (participant != null) {
      b.attr("participant", participant);
    }
    String recipient = received.attr("recipient");
    if (recipient != null) {
      b.attr("recipient", recipient);
    }
    String type = received.attr("type");
    if (type != null && !"message".equals(received.tag())) {
      b.attr("type", type);
    }
    if (errorCode > 0) {
      b.attr("error", Integer.toString(errorCode));
    }
    return b.build();
  }

  /**
   * The server's ack for a message we sent.
   *
   * @param id our message id
   * @param from the chat JID the server names
   * @param timestamp the authoritative server time, unix seconds (0 when absent)
   * @param phash the participant hash the server computed, else null (compare with ours, §3.7)
   * @param error the error code, 0 for success (463: privacy token missing; 479: rejected)
   * @param serverId the {@code server_id} attribute, else null
   */
  public record ServerAck(
      String id, Jid from, long timestamp, String phash, int error, String serverId) {

    /** Whether the server refused the message. */
    public boolean failed() {
      return error != 0;
    }

    /**
     * Parses {@code <ack class="message" id t [phash] [error] [server_id]/>}.
     *
     * @throws WireException {@code bad_stanza} for another class or a missing id
     */
    public static ServerAck parse(BinaryNode ack) throws WireException {
      if (!"ack".equals(ack.tag()) || !"message".equals(ack.attr("class"))) {
        throw bad("not a message ack");
      }
      String id = Stanzas.required(ack, "id");
      long error = Stanzas.number(ack, "error", 0);
      return new ServerAck(
          id,
          Stanzas.optionalJid(ack, "from"),
          Stanzas.number(ack, "t", 0),
          ack.attr("phash"),
          (int) Math.min(error, Integer.MAX_VALUE),
          ack.attr("server_id"));
    }

    /** Whether the server's phash differs from ours: our device list was stale (§3.7). */
    public boolean phashMismatch(String ours) {
      return phash != null && ours != null && !phash.equals(ours);
    }
  }

  /** Whether {@code node} is the server's ack for one of our messages. */
  public static boolean isMessageAck(BinaryNode node) {
    return "ack".equals(node.tag()) && "message".equals(node.attr("class"));
  }
}
