package dev.wagateway.egress.tunnel;

import static dev.wagateway.egress.tunnel.TunnelHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.agent.EnrolmentPayload;
import dev.wagateway.egress.agent.internal.tunnel.Frame;
import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.tunnel.EgressNode.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a hand-driven agent: deadlines, protocol errors, replacement, open failures.
 */
class TunnelProtocolIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private TunnelHarness h;

  @AfterEach
  void stop() throws IOException {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void noHelloInTimeClosesWith4008() throws Exception {
    h = new TunnelHarness(b -> b.handshakeTimeout(Duration.ofMillis(300)));
    NodeRegistration r = h.register("phone");
    try (RawAgent raw = RawAgent.enrol(r.enrolment())) {
      Frame challenge = raw.frames.poll(10, TimeUnit.SECONDS);
      assertNotNull(challenge);
      assertEquals(Frame.CHALLENGE, challenge.type());
      Json.Obj c = challenge.jsonPayload();
      assertEquals(32, java.util.Base64.getUrlDecoder().decode(c.string("nonce")).length);
      Frame goAway = raw.next(Frame.GOAWAY);
      assertEquals("handshake_timeout", goAway.jsonPayload().string("error"));
      assertEquals(Integer.valueOf(4008), raw.closeCode.poll(10, TimeUnit.SECONDS));
      assertEquals(Status.PENDING, h.node(r.node().id()).status());
    }
  }

  @Test
  void textMessagesAndBadSignaturesAreRefused() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    try (RawAgent raw = RawAgent.enrol(r.enrolment())) {
      raw.frames.poll(10, TimeUnit.SECONDS);
      raw.ws.send("hello as text");
      assertEquals(Integer.valueOf(4007), raw.closeCode.poll(10, TimeUnit.SECONDS));
    }
    try (RawAgent raw = RawAgent.enrol(r.enrolment())) {
      Frame challenge = raw.frames.poll(10, TimeUnit.SECONDS);
      assertNotNull(challenge);
      // Signed over another nonce: the signature does not verify.
      raw.send(
          Frame.json(
              Frame.HELLO,
              0,
              new Json.Obj()
                  .put("v", 1L)
                  .put("auth", "pairing")
                  .put("token", r.enrolment().token())
                  .put(
                      "publicKey",
                      dev.wagateway.egress.agent.internal.tunnel.NodeKeys.b64(
                          raw.keys.getPublic().getEncoded()))
                  .put(
                      "signature",
                      dev.wagateway.egress.agent.internal.tunnel.NodeKeys.sign(
                          raw.keys.getPrivate(), new byte[32], r.enrolment().token()))));
      assertEquals("token_invalid", raw.next(Frame.GOAWAY).jsonPayload().string("error"));
      assertEquals(Integer.valueOf(4001), raw.closeCode.poll(10, TimeUnit.SECONDS));
    }
    assertNull(h.node(r.node().id()).deviceKey(), "no key registered by a failed HELLO");
  }

  @Test
  void anEnrolledNodeCantReenrolButReconnectsWithItsKeyAndReplacesTheOldTunnel() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    try (RawAgent first = RawAgent.enrol(r.enrolment())) {
      assertEquals("WELCOME", first.handshake());
      try (RawAgent thief = RawAgent.enrol(r.enrolment())) {
        assertEquals("GOAWAY", thief.handshake(), "the token can't enrol a second key");
      }
      try (RawAgent second = RawAgent.withKeys(r.enrolment(), first.keys)) {
        assertEquals("WELCOME", second.reconnect(id));
        assertEquals("replaced", first.next(Frame.GOAWAY).jsonPayload().string("error"));
        assertEquals(Integer.valueOf(4005), first.closeCode.poll(10, TimeUnit.SECONDS));
        assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));
        Thread.sleep(200);
        assertEquals(
            Status.ONLINE, h.node(id).status(), "the replaced tunnel's end keeps it online");
      }
    }
  }

  @Test
  void openFailureAndOpenTimeoutSurfaceAsEgressUnavailable() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    try (RawAgent raw = RawAgent.enrol(r.enrolment())) {
      assertEquals("WELCOME", raw.handshake());
      assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));
      AndroidEgress egress = h.registry.egress(id);

      CompletableFuture<Exception> refused = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  egress.connect("g.whatsapp.net", 443, Duration.ofSeconds(5)).close();
                  refused.complete(null);
                } catch (Exception e) {
                  refused.complete(e);
                }
              });
      t.start();
      Frame open = raw.next(Frame.OPEN);
      assertEquals(1, open.streamId());
      Json.Obj o = open.jsonPayload();
      assertEquals("g.whatsapp.net", o.string("host"));
      assertEquals(443, o.integer("port"));
      assertEquals(5000, o.integer("timeoutMs"));
      raw.send(
          Frame.json(
              Frame.OPEN_FAIL,
              1,
              new Json.Obj().put("reason", "dns_failed").put("message", "no address")));
      Exception e = refused.get(10, TimeUnit.SECONDS);
      assertTrue(e instanceof EgressUnavailableIOException, String.valueOf(e));
      assertEquals(
          "egress node " + id + " could not reach g.whatsapp.net:443: dns_failed (no address)",
          e.getMessage());

      EgressUnavailableIOException timeout =
          assertThrows(
              EgressUnavailableIOException.class,
              () -> egress.connect("g.whatsapp.net", 443, Duration.ofMillis(300)));
      assertEquals(
          "egress node " + id + " did not open g.whatsapp.net:443 within 300 ms",
          timeout.getMessage());
      Frame cancel = raw.next(Frame.RESET);
      assertEquals(2, cancel.streamId());
      assertEquals(0x01, cancel.payload()[0]);
      // A late OPEN_OK for the cancelled stream is ignored, the tunnel stays up.
      raw.send(Frame.json(Frame.OPEN_OK, 2, new Json.Obj().put("remoteIp", "127.0.0.1")));
      Thread.sleep(200);
      assertEquals(Status.ONLINE, h.node(id).status());
    }
  }

  @Test
  void reissueResetsAnEnrolledNodeForReenrolment() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    try (RawAgent first = RawAgent.enrol(r.enrolment())) {
      assertEquals("WELCOME", first.handshake());
      assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));
      EnrolmentPayload fresh = h.registry.reissue(id, Duration.ofMinutes(5));
      assertEquals("token_invalid", first.next(Frame.GOAWAY).jsonPayload().string("error"));
      assertEquals(Status.PENDING, h.node(id).status());
      assertNull(h.node(id).deviceKey());
      try (RawAgent second = RawAgent.enrol(fresh)) {
        assertEquals("WELCOME", second.handshake());
        assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));
      }
    }
  }
}
