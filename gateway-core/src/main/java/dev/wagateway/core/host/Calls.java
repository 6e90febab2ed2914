package dev.wagateway.core.host;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.event.CallEnded;
import dev.wagateway.core.event.CallReceived;
import dev.wagateway.core.internal.messaging.Acks;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming {@code <call>} stanzas (whatsmeow {@code call.go}): every one is acked in whatsmeow's
 * {@code sendAck} shape (otherwise the server redelivers it from the offline queue on every
 * connect). An {@code offer} becomes {@code call.received}, and is rejected with whatsmeow's {@code
 * <call><reject call-id call-creator count="0"/></call>} when the host's {@code rejectCalls} says
 * so for this session; a {@code terminate} or {@code reject} of a reported call becomes {@code
 * call.ended}, once per call. Runs on the session's executor.
 */
final class Calls {
  private static final Logger log = LoggerFactory.getLogger(Calls.class);

  /** Calls reported and not ended yet, oldest first; bounded so a flood cannot grow it. */
  private static final int MAX_OPEN = 256;

  private final Session session;
  private final Map<String, String> open =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_OPEN;
        }
      };

  Calls(Session session) {
    this.session = session;
  }

  void onCall(Link l, BinaryNode call) {
    try {
      handle(l, call);
    } finally {
      l.send(Acks.ack(call));
    }
  }

  private void handle(Link l, BinaryNode call) {
    List<BinaryNode> children = call.children();
    if (children.size() != 1) {
      log.debug("call stanza with {} children; acked only", children.size());
      return;
    }
    BinaryNode child = children.get(0);
    String callId = child.attr("call-id");
    if (callId == null || callId.isEmpty()) {
      log.debug("call {} without call-id; acked only", child.tag());
      return;
    }
    String creator = child.attr("call-creator");
    String caller = creator != null && !creator.isEmpty() ? creator : call.attr("from");
    switch (child.tag()) {
      case "offer" -> onOffer(l, child, callId, caller);
      case "terminate" -> {
        String reason = child.attr("reason");
        end(callId, caller, reason == null || reason.isEmpty() ? "terminated" : reason);
      }
      case "reject" -> end(callId, caller, "rejected");
      default -> log.debug("call {} stanza; acked only", child.tag());
    }
  }

  private void onOffer(Link l, BinaryNode offer, String callId, String caller) {
    if (open.containsKey(callId)) {
      return; // the same offer again (redelivered): reported already
    }
    boolean reject = session.host.config.rejectCalls().test(session.snapshot());
    boolean rejected = reject && sendReject(l, callId, caller);
    String group = offer.attr("group-jid");
    boolean video = offer.child("video") != null;
    open.put(callId, caller);
    session.publish(
        new CallReceived(
            session.id,
            session.now(),
            callId,
            caller,
            group == null || group.isEmpty() ? null : group,
            video,
            rejected));
    if (rejected) {
      end(callId, caller, "rejected");
    }
  }

  private void end(String callId, String caller, String reason) {
    if (open.remove(callId) == null) {
      return; // not reported (or ended already)
    }
    session.publish(new CallEnded(session.id, session.now(), callId, caller, reason));
  }

  /** whatsmeow {@code RejectCall}: from our user JID to the caller's, both without device. */
  private boolean sendReject(Link l, String callId, String caller) {
    DeviceCredentials creds = session.creds;
    if (creds == null || !creds.paired()) {
      return false;
    }
    Jid own;
    Jid to;
    try {
      own = Jid.parse(creds.account().jid()).toNonAd();
      to = Jid.parse(caller).toNonAd();
    } catch (GatewayException e) {
      log.warn("cannot reject a call: {}", e.getMessage());
      return false;
    }
    String ownUser = own.user();
    BinaryNode reject =
        BinaryNode.newBuilder("call")
            .attr("id", session.messaging.ids().next(ownUser))
            .attr("from", own.toString())
            .attr("to", to.toString())
            .child(
                BinaryNode.newBuilder("reject")
                    .attr("call-id", callId)
                    .attr("call-creator", to.toString())
                    .attr("count", "0")
                    .build())
            .build();
    return l.send(reject);
  }
}
