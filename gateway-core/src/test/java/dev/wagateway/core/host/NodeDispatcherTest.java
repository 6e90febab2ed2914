package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.wire.BinaryNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every handled tag, malformed in the ways a broken or hostile server could send it, dispatched
 * straight into the handlers of a linked session (not through {@code Session.onNode}'s safety net):
 * no handler lets an unchecked exception out.
 */
class NodeDispatcherTest {
  private static final List<String> TAGS =
      List.of(
          "iq",
          "success",
          "failure",
          "stream:error",
          "xmlstreamend",
          "ib",
          "notification",
          "message",
          "receipt",
          "ack",
          "call");

  private InMemoryGatewayStore store;
  private EventBus events;
  private Session session;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryGatewayStore();
    events = new EventBus(16);
    session = TestSessions.create(store, events, "dispatch-test");
    DeviceCredentials creds = TestSessions.paired("15550001111:7@s.whatsapp.net", "98765@lid");
    store.device(session.id).credentials().save(creds);
    session.creds = creds;
  }

  @AfterEach
  void tearDown() {
    events.close();
    store.close();
  }

  /**
   * Variants of {@code tag}: bare, without id or sender, with unparsable attributes and content.
   */
  private static List<BinaryNode> variants(String tag) {
    byte[] garbage = "\u0000\u00ffnot a stanza".getBytes(StandardCharsets.ISO_8859_1);
    List<BinaryNode> out = new ArrayList<>();
    out.add(BinaryNode.newBuilder(tag).build());
    out.add(BinaryNode.newBuilder(tag).attr("id", "x1").build());
    out.add(BinaryNode.newBuilder(tag).attr("from", "15557770001@s.whatsapp.net").build());
    out.add(BinaryNode.newBuilder(tag).attr("id", "").attr("from", "").build());
    out.add(
        BinaryNode.newBuilder(tag)
            .attr("id", "x2")
            .attr("from", ":::")
            .attr("type", "\u0000")
            .attr("t", "never")
            .attr("participant", "@")
            .attr("xmlns", "urn:xmpp:ping")
            .attr("class", "message")
            .attr("error", "x")
            .attr("code", "nan")
            .bytes(garbage)
            .build());
    for (String child :
        List.of(
            "enc",
            "count",
            "retry",
            "keys",
            "list",
            "pair-device",
            "pair-success",
            "downgrade_webclient",
            "conflict",
            "unavailable",
            "offer",
            "terminate",
            "reject")) {
      out.add(
          BinaryNode.newBuilder(tag)
              .attr("id", "x3")
              .attr("from", "15557770001@s.whatsapp.net")
              .attr("type", "get")
              .child(BinaryNode.newBuilder(child).attr("type", "?").bytes(garbage).build())
              .build());
    }
    return out;
  }

  @Test
  void noHandlerThrowsOnAMalformedStanza() throws Exception {
    List<String> escaped = new ArrayList<>();
    int dispatched =
        session
            .call(
                () -> {
                  Link link = new Link(session, 1);
                  NodeDispatcher dispatcher = new NodeDispatcher(session);
                  int n = 0;
                  for (String tag : TAGS) {
                    for (BinaryNode bad : variants(tag)) {
                      try {
                        dispatcher.dispatch(link, bad);
                      } catch (RuntimeException e) {
                        escaped.add(bad + " -> " + e);
                      }
                      n++;
                    }
                  }
                  link.dispose();
                  return n;
                })
            .get(30, TimeUnit.SECONDS);
    assertEquals(TAGS.size() * 18, dispatched);
    assertEquals(List.of(), escaped, "unchecked exceptions out of the handlers");
  }
}
