package dev.wagateway.core.host;

import dev.wagateway.core.internal.pairing.PairingStanzas;
import dev.wagateway.core.wire.BinaryNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the stanzas of a connection by tag, from one table (whatsmeow's node handler map): {@code
 * iq}, {@code success}, {@code failure}, {@code stream:error}, {@code xmlstreamend}, {@code ib},
 * {@code notification}, {@code message}, {@code receipt}, {@code ack}, {@code call}. Unknown tags
 * are logged and dropped, and so are stanzas that lack what their answer needs (an {@code id}, and
 * for messages and receipts a {@code from}): no handler ever sees a stanza it could not
 * acknowledge.
 */
final class NodeDispatcher {
  private static final Logger log = LoggerFactory.getLogger(NodeDispatcher.class);

  /** The attributes a stanza must carry to be answered (its ack, nack or iq result). */
  private static final Map<String, List<String>> ANSWER_NEEDS =
      Map.of(
          "iq", List.of("id"),
          "notification", List.of("id"),
          "message", List.of("id", "from"),
          "receipt", List.of("id", "from"),
          "call", List.of("id", "from"));

  private final Session session;
  private final Calls calls;
  private final Map<String, BiConsumer<Link, BinaryNode>> handlers = new HashMap<>();

  NodeDispatcher(Session session) {
    this.session = session;
    this.calls = new Calls(session);
    handlers.put("iq", this::onIq);
    handlers.put("success", (l, n) -> session.login.onSuccess(l, n));
    handlers.put("failure", (l, n) -> session.drop(l, StreamErrors.fromFailure(n)));
    handlers.put("stream:error", (l, n) -> session.drop(l, StreamErrors.fromStreamError(n)));
    handlers.put("xmlstreamend", (l, n) -> session.drop(l, StreamErrors.streamEnd()));
    handlers.put("ib", this::onIb);
    handlers.put("notification", this::onNotification);
    handlers.put("message", (l, n) -> session.receiver.onMessage(l, n));
    handlers.put("receipt", (l, n) -> session.receiver.onReceipt(l, n));
    handlers.put("ack", (l, n) -> session.receiver.onAck(l, n));
    handlers.put("call", (l, n) -> calls.onCall(l, n));
  }

  void dispatch(Link link, BinaryNode node) {
    BiConsumer<Link, BinaryNode> handler = handlers.get(node.tag());
    if (handler == null) {
      log.debug("no handler for a {} stanza", node.tag());
      return;
    }
    for (String needed : ANSWER_NEEDS.getOrDefault(node.tag(), List.of())) {
      String value = node.attr(needed);
      if (value == null || value.isEmpty()) {
        log.info("dropping a {} stanza without {}", node.tag(), needed);
        return;
      }
    }
    handler.accept(link, node);
  }

  private void onIq(Link l, BinaryNode iq) {
    if (l.iqs.complete(iq)) {
      return;
    }
    if (PairingStanzas.isPairDevice(iq)) {
      session.pairing.onPairDevice(l, iq);
    } else if (PairingStanzas.isPairSuccess(iq)) {
      session.pairing.onPairSuccess(l, iq);
    } else if ("get".equals(iq.attr("type")) && "urn:xmpp:ping".equals(iq.attr("xmlns"))) {
      l.send(Stanzas.result(iq));
    } else {
      log.debug("unhandled iq type={} xmlns={}", iq.attr("type"), iq.attr("xmlns"));
    }
  }

  private void onIb(Link l, BinaryNode ib) {
    if (ib.child("downgrade_webclient") != null) {
      session.drop(
          l,
          new Disconnect(
              Disconnect.Kind.PAIRING_FAILED,
              "downgrade_webclient",
              "pairing_failed: the phone scanned the code without multi-device support"));
    }
  }

  private void onNotification(Link l, BinaryNode n) {
    String type = n.attr("type");
    if ("link_code_companion_reg".equals(type)) {
      l.send(PairingStanzas.primaryHelloAck(n));
      session.pairing.onPrimaryHello(l, n);
      return;
    }
    l.send(Stanzas.ack(n));
    if ("encrypt".equals(type) && n.child("count") != null) {
      session.preKeys.onCountNotification(l, n.child("count"));
    }
  }
}
